// SPDX-License-Identifier: Apache-2.0
// The schema's migrations, one per version, for each backend (docs/store.md, "Schema").
// Migration v takes a store at version v-1 to v; a new store runs them all, in order.
// Internal to the store.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace tandem::store::detail {

// SQL of migrations 1..kSchemaVersion (element v-1 is migration v); each is one script of
// statements separated by ';', run in one transaction with the schema_version row it adds.
std::span<const std::string_view> sqlite_migrations();
std::span<const std::string_view> postgres_migrations();

// The refusal of a store written by a newer build.
std::string newer_schema_message(int store_version, int build_version);

}  // namespace tandem::store::detail
