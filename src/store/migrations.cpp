// SPDX-License-Identifier: Apache-2.0
// Schema version 1 of both backends. The columns mean the same on both (docs/store.md):
// times are integer seconds since the Unix epoch (UTC), payloads the versioned JSON codec of
// io/, an empty idempotency key is stored as NULL so that only real keys are unique.
#include "store/internal/migrations.h"

#include <fmt/format.h>

#include <array>
#include <string>

#include "store/store.h"

namespace tandem::store::detail {

namespace {

constexpr std::string_view kSqliteV1 = R"sql(
CREATE TABLE scenario_versions (
  version INTEGER PRIMARY KEY,
  text TEXT NOT NULL,
  created INTEGER NOT NULL,
  author TEXT NOT NULL
);
CREATE TABLE events (
  seq INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  idempotency_key TEXT,
  outcome INTEGER NOT NULL,
  reason TEXT NOT NULL,
  received INTEGER NOT NULL
);
CREATE UNIQUE INDEX events_idempotency_key ON events (idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE TABLE actions (
  event_seq INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  time INTEGER NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY (event_seq, idx)
) WITHOUT ROWID;
CREATE TABLE snapshots (
  seq INTEGER PRIMARY KEY,
  time INTEGER NOT NULL,
  format INTEGER NOT NULL,
  bytes BLOB NOT NULL
);
CREATE TABLE plans (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  week TEXT NOT NULL,
  kind TEXT NOT NULL,
  json TEXT NOT NULL,
  published INTEGER NOT NULL,
  author TEXT NOT NULL
);
CREATE INDEX plans_week_kind ON plans (week, kind, id);
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  team TEXT NOT NULL,
  agent TEXT NOT NULL,
  label TEXT NOT NULL,
  created INTEGER NOT NULL,
  revoked INTEGER NOT NULL
);
CREATE TABLE rollups (
  scope TEXT NOT NULL,
  kpi TEXT NOT NULL,
  interval_start INTEGER NOT NULL,
  numerator REAL NOT NULL,
  denominator REAL NOT NULL,
  PRIMARY KEY (interval_start, scope, kpi)
) WITHOUT ROWID;
)sql";

constexpr std::string_view kPostgresV1 = R"sql(
CREATE TABLE scenario_versions (
  version BIGINT PRIMARY KEY,
  text TEXT NOT NULL,
  created BIGINT NOT NULL,
  author TEXT NOT NULL
);
CREATE TABLE events (
  seq BIGINT PRIMARY KEY,
  time BIGINT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  idempotency_key TEXT,
  outcome SMALLINT NOT NULL,
  reason TEXT NOT NULL,
  received BIGINT NOT NULL
);
CREATE UNIQUE INDEX events_idempotency_key ON events (idempotency_key)
  WHERE idempotency_key IS NOT NULL;
CREATE TABLE actions (
  event_seq BIGINT NOT NULL,
  idx INTEGER NOT NULL,
  time BIGINT NOT NULL,
  type TEXT NOT NULL,
  payload TEXT NOT NULL,
  PRIMARY KEY (event_seq, idx)
);
CREATE TABLE snapshots (
  seq BIGINT PRIMARY KEY,
  time BIGINT NOT NULL,
  format INTEGER NOT NULL,
  bytes BYTEA NOT NULL
);
CREATE TABLE plans (
  id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  week TEXT NOT NULL,
  kind TEXT NOT NULL,
  json TEXT NOT NULL,
  published BIGINT NOT NULL,
  author TEXT NOT NULL
);
CREATE INDEX plans_week_kind ON plans (week, kind, id);
CREATE TABLE tokens (
  id TEXT PRIMARY KEY,
  hash TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL,
  team TEXT NOT NULL,
  agent TEXT NOT NULL,
  label TEXT NOT NULL,
  created BIGINT NOT NULL,
  revoked BOOLEAN NOT NULL
);
CREATE TABLE rollups (
  scope TEXT NOT NULL,
  kpi TEXT NOT NULL,
  interval_start BIGINT NOT NULL,
  numerator DOUBLE PRECISION NOT NULL,
  denominator DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (interval_start, scope, kpi)
);
)sql";

constexpr std::array<std::string_view, kSchemaVersion> kSqlite = {kSqliteV1};
constexpr std::array<std::string_view, kSchemaVersion> kPostgres = {kPostgresV1};

}  // namespace

std::span<const std::string_view> sqlite_migrations() { return kSqlite; }
std::span<const std::string_view> postgres_migrations() { return kPostgres; }

std::string newer_schema_message(int store_version, int build_version) {
  return fmt::format(
      "the store's schema is version {}, newer than this build's version {}: use a newer "
      "tandem (a store is never migrated down)",
      store_version, build_version);
}

}  // namespace tandem::store::detail
