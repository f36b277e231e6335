// SPDX-License-Identifier: Apache-2.0
// The two backends behind open_store(), and the record checks both apply so that a bad record
// gets the same message from either. Internal to the store.
#pragma once

#include <memory>
#include <span>
#include <string>

#include "store/store.h"

namespace tandem::store::detail {

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, StoreEnv env);
// `conninfo`: a libpq connection URI, as given to open_store().
Result<std::unique_ptr<Store>> open_postgres_store(const std::string& conninfo, StoreEnv env);

// InvalidArgument naming the record and field ("events[3].type: must not be empty").
Status check_events(std::span<const EventRecord> events);
// Every action's event_seq must be one of the events being appended, first..last.
Status check_actions(std::span<const ActionRecord> actions, std::int64_t first, std::int64_t last);
Status check_snapshot(const Snapshot& snapshot);
Status check_plan(const Plan& plan);
Status check_token(const TokenRecord& token);
Status check_rollups(std::span<const Rollup> rollups);

// Seconds since the Unix epoch, the stored form of every time (docs/store.md).
inline std::int64_t to_epoch(Instant t) { return t.time_since_epoch().count(); }
inline Instant from_epoch(std::int64_t s) { return Instant{Seconds{s}}; }

}  // namespace tandem::store::detail
