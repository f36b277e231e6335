// SPDX-License-Identifier: Apache-2.0
// The SQLite backend: one file in WAL mode with synchronous=FULL, one writer connection and
// one reader connection (so reads never wait for a write), prepared statements kept for the
// connection's life, one transaction per append. Checkpoints (copying the WAL into the database
// file) are ours, not SQLite's automatic ones that run inside the committing call: a background
// thread with a third connection runs them, so they add nothing to an append's latency and a
// failing checkpoint can never make a committed append look failed (it is retried later).
#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "store/internal/backends.h"
#include "store/internal/fault_vfs.h"
#include "store/internal/migrations.h"

namespace tandem::store::detail {

namespace {

// Checkpoint the WAL into the database once it holds this many pages (4 MiB at 4 KiB pages).
constexpr int kCheckpointPages = 1000;

Status sqlite_status(sqlite3* db, int rc, std::string_view what) {
  const char* detail = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  std::string msg = fmt::format("sqlite store: {}: {}", what, detail);
  switch (rc & 0xff) {
    case SQLITE_FULL:
      return Status::unavailable(msg + " (the disk is full)");
    case SQLITE_IOERR:
      return Status::unavailable(msg + " (I/O error)");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::unavailable(msg + " (the database is locked by another writer)");
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_NOMEM:
      return Status::unavailable(msg);
    case SQLITE_CONSTRAINT:
      return Status::conflict(msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::internal(msg + " (the file is not a healthy SQLite database)");
    default:
      return Status::internal(msg);
  }
}

std::string column_text(sqlite3_stmt* s, int i) {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, i));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, i))) : std::string();
}
std::string column_blob(sqlite3_stmt* s, int i) {
  const auto* p = static_cast<const char*>(sqlite3_column_blob(s, i));
  return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(s, i))) : std::string();
}
void bind_text(sqlite3_stmt* s, int i, std::string_view v) {
  (void)sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
}
// An empty idempotency key is NULL: only real keys take part in the unique index.
void bind_key(sqlite3_stmt* s, int i, std::string_view v) {
  if (v.empty()) {
    (void)sqlite3_bind_null(s, i);
  } else {
    bind_text(s, i, v);
  }
}

// One connection with its statements; `mu` guards both.
struct Connection {
  sqlite3* db = nullptr;
  std::mutex mu;
  std::unordered_map<const char*, sqlite3_stmt*> statements;

  ~Connection() {
    for (auto& [sql, stmt] : statements) sqlite3_finalize(stmt);
    if (db != nullptr) sqlite3_close_v2(db);
  }

  // The statement of `sql` (a string literal: its address is the key), reset and unbound.
  Result<sqlite3_stmt*> prepare(const char* sql) {
    if (auto it = statements.find(sql); it != statements.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return sqlite_status(db, rc, "prepare");
    statements.emplace(sql, stmt);
    return stmt;
  }

  // Runs a statement that returns no rows.
  Status run(const char* sql, std::string_view what) {
    auto stmt = prepare(sql);
    if (!stmt.is_ok()) return stmt.status();
    const int rc = sqlite3_step(*stmt);
    sqlite3_reset(*stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return sqlite_status(db, rc, what);
    return Status::ok();
  }

  // Ends a failed transaction; SQLite may already have rolled it back itself.
  void rollback() {
    if (sqlite3_get_autocommit(db) == 0)
      (void)sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
  }
};

// Resets a statement when the scope ends, whatever path leaves it.
class Use {
 public:
  explicit Use(sqlite3_stmt* s) : s_(s) {}
  ~Use() {
    sqlite3_reset(s_);
    sqlite3_clear_bindings(s_);
  }
  Use(const Use&) = delete;
  Use& operator=(const Use&) = delete;

 private:
  sqlite3_stmt* s_;
};

constexpr const char* kBegin = "BEGIN IMMEDIATE";
constexpr const char* kBeginRead = "BEGIN";
constexpr const char* kCommit = "COMMIT";
constexpr const char* kLastSeq = "SELECT coalesce(max(seq), 0) FROM events";
constexpr const char* kInsertEvent =
    "INSERT INTO events (seq, time, type, payload, idempotency_key, outcome, reason, received) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kInsertAction =
    "INSERT INTO actions (event_seq, idx, time, type, payload) VALUES (?1, ?2, ?3, ?4, ?5)";
constexpr const char* kReadEvents =
    "SELECT seq, time, type, payload, coalesce(idempotency_key, ''), outcome, reason, received "
    "FROM events WHERE seq > ?1 ORDER BY seq LIMIT ?2";
constexpr const char* kReadActions =
    "SELECT event_seq, idx, time, type, payload FROM actions "
    "WHERE event_seq > ?1 AND event_seq <= ?2 ORDER BY event_seq, idx";
constexpr const char* kFindEvent =
    "SELECT seq, time, type, payload, coalesce(idempotency_key, ''), outcome, reason, received "
    "FROM events WHERE idempotency_key = ?1";
constexpr const char* kPutSnapshot =
    "INSERT OR REPLACE INTO snapshots (seq, time, format, bytes) VALUES (?1, ?2, ?3, ?4)";
constexpr const char* kLatestSnapshot =
    "SELECT seq, time, format, bytes FROM snapshots ORDER BY seq DESC LIMIT 1";
constexpr const char* kSnapshotHead = "SELECT seq, time FROM snapshots ORDER BY seq DESC LIMIT 1";
constexpr const char* kPutScenario =
    "INSERT INTO scenario_versions (version, text, created, author) "
    "SELECT coalesce(max(version), 0) + 1, ?1, ?2, ?3 FROM scenario_versions RETURNING version";
constexpr const char* kLatestScenario =
    "SELECT version, text, created, author FROM scenario_versions ORDER BY version DESC LIMIT 1";
constexpr const char* kPutPlan =
    "INSERT INTO plans (week, kind, json, published, author) VALUES (?1, ?2, ?3, ?4, ?5) "
    "RETURNING id";
constexpr const char* kLatestPlan =
    "SELECT id, week, kind, json, published, author FROM plans WHERE week = ?1 AND kind = ?2 "
    "ORDER BY id DESC LIMIT 1";
constexpr const char* kPutToken =
    "INSERT INTO tokens (id, hash, role, team, agent, label, created, revoked) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr const char* kTokenByHash =
    "SELECT id, hash, role, team, agent, label, created, revoked FROM tokens WHERE hash = ?1";
constexpr const char* kTokens =
    "SELECT id, hash, role, team, agent, label, created, revoked FROM tokens "
    "ORDER BY created, id";
constexpr const char* kRevokeToken = "UPDATE tokens SET revoked = 1 WHERE id = ?1";
constexpr const char* kPutRollup =
    "INSERT INTO rollups (scope, kpi, interval_start, numerator, denominator) "
    "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (interval_start, scope, kpi) DO UPDATE SET "
    "numerator = excluded.numerator, denominator = excluded.denominator";
constexpr const char* kReadRollups =
    "SELECT scope, kpi, interval_start, numerator, denominator FROM rollups "
    "WHERE interval_start >= ?1 AND interval_start < ?2 ORDER BY interval_start, scope, kpi";
constexpr const char* kSchemaVersionSql = "SELECT coalesce(max(version), 0) FROM schema_version";
constexpr const char* kCountEvents = "SELECT count(*) FROM events";
constexpr const char* kCountActions = "SELECT count(*) FROM actions";

EventRecord read_event_row(sqlite3_stmt* s) {
  EventRecord e;
  e.seq = sqlite3_column_int64(s, 0);
  e.time = from_epoch(sqlite3_column_int64(s, 1));
  e.type = column_text(s, 2);
  e.payload = column_text(s, 3);
  e.idempotency_key = column_text(s, 4);
  e.outcome = sqlite3_column_int(s, 5) == 1 ? EventOutcome::kRejected : EventOutcome::kApplied;
  e.reason = column_text(s, 6);
  e.received = from_epoch(sqlite3_column_int64(s, 7));
  return e;
}

TokenRecord read_token_row(sqlite3_stmt* s) {
  TokenRecord t;
  t.id = column_text(s, 0);
  t.hash = column_text(s, 1);
  t.role = column_text(s, 2);
  t.team = column_text(s, 3);
  t.agent = column_text(s, 4);
  t.label = column_text(s, 5);
  t.created = from_epoch(sqlite3_column_int64(s, 6));
  t.revoked = sqlite3_column_int(s, 7) != 0;
  return t;
}

// Runs a one-row, one-integer query.
Result<std::int64_t> query_int(Connection& c, const char* sql, std::string_view what) {
  auto stmt = c.prepare(sql);
  if (!stmt.is_ok()) return stmt.status();
  Use use(*stmt);
  const int rc = sqlite3_step(*stmt);
  if (rc != SQLITE_ROW) return sqlite_status(c.db, rc, what);
  return sqlite3_column_int64(*stmt, 0);
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::string path, std::unique_ptr<FaultVfs> vfs)
      : path_(std::move(path)), vfs_(std::move(vfs)) {}
  ~SqliteStore() override {
    if (checkpointer_thread_.joinable()) {
      {
        std::lock_guard lock(checkpoint_mu_);
        stop_ = true;
      }
      checkpoint_cv_.notify_one();
      checkpointer_thread_.join();
    }
    // Connections close before the VFS they were opened through.
    checkpointer_.reset();
    reader_.reset();
    writer_.reset();
  }

  Status open() {
    writer_ = std::make_unique<Connection>();
    reader_ = std::make_unique<Connection>();
    const char* vfs = vfs_ ? vfs_->name().c_str() : nullptr;
    int rc = sqlite3_open_v2(path_.c_str(), &writer_->db,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, vfs);
    if (rc != SQLITE_OK)
      return sqlite_status(writer_->db, rc, fmt::format("cannot open '{}'", path_));
    sqlite3_extended_result_codes(writer_->db, 1);
    sqlite3_busy_timeout(writer_->db, 5000);
    if (Status s = exec(*writer_,
                        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; "
                        "PRAGMA journal_size_limit=67108864; PRAGMA foreign_keys=OFF",
                        "configure");
        !s.is_ok()) {
      return s;
    }
    if (Status s = check_wal(); !s.is_ok()) return s;
    // Our own checkpoints (see the file comment): the hook only counts the WAL's pages.
    sqlite3_wal_hook(
        writer_->db,
        [](void* self, sqlite3*, const char*, int pages) {
          static_cast<SqliteStore*>(self)->wal_pages_ = pages;
          return SQLITE_OK;
        },
        this);
    if (Status s = migrate(); !s.is_ok()) return s;
    rc = sqlite3_open_v2(path_.c_str(), &reader_->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                         vfs);
    if (rc != SQLITE_OK)
      return sqlite_status(reader_->db, rc, fmt::format("cannot open '{}'", path_));
    sqlite3_extended_result_codes(reader_->db, 1);
    sqlite3_busy_timeout(reader_->db, 5000);
    checkpointer_ = std::make_unique<Connection>();
    rc = sqlite3_open_v2(path_.c_str(), &checkpointer_->db,
                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, vfs);
    if (rc != SQLITE_OK) {
      return sqlite_status(checkpointer_->db, rc, fmt::format("cannot open '{}'", path_));
    }
    // A connection that has read nothing does not know the file is in WAL mode, and its
    // checkpoints are silent no-ops (the WAL grew without bound): one read opens the WAL.
    if (Status s = exec(*checkpointer_, "PRAGMA schema_version", "open the WAL to checkpoint");
        !s.is_ok()) {
      return s;
    }
    checkpointer_thread_ = std::thread([this] { run_checkpoints(); });
    return Status::ok();
  }

  Result<AppendResult> append(std::span<const EventRecord> events,
                              std::span<const ActionRecord> actions) override {
    if (Status s = check_events(events); !s.is_ok()) return s;
    std::lock_guard lock(writer_->mu);
    Connection& c = *writer_;
    c.rollback();  // a transaction a failed call could not end
    if (events.empty() && actions.empty()) {
      auto last = query_int(c, kLastSeq, "read the last sequence");
      if (!last.is_ok()) return last.status();
      return AppendResult{*last + 1, *last};
    }
    if (Status s = c.run(kBegin, "begin the append"); !s.is_ok()) return s;
    auto result = append_in_transaction(c, events, actions);
    if (!result.is_ok()) {
      c.rollback();
      return result;
    }
    if (Status s = c.run(kCommit, "commit the append"); !s.is_ok()) {
      c.rollback();
      return s;
    }
    maybe_checkpoint();
    return result;
  }

  Result<std::int64_t> last_seq() override {
    std::lock_guard lock(reader_->mu);
    return query_int(*reader_, kLastSeq, "read the last sequence");
  }

  Result<std::vector<EventRecord>> read_events(std::int64_t after, std::size_t limit) override {
    std::lock_guard lock(reader_->mu);
    Connection& c = *reader_;
    auto stmt = c.prepare(kReadEvents);
    if (!stmt.is_ok()) return stmt.status();
    Use use(*stmt);
    sqlite3_bind_int64(*stmt, 1, after);
    sqlite3_bind_int64(*stmt, 2,
                       limit > static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max())
                           ? std::numeric_limits<std::int64_t>::max()
                           : static_cast<std::int64_t>(limit));
    std::vector<EventRecord> out;
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) out.push_back(read_event_row(*stmt));
    if (rc != SQLITE_DONE) return sqlite_status(c.db, rc, "read events");
    return out;
  }

  Result<std::vector<ActionRecord>> read_actions(std::int64_t after,
                                                 std::int64_t through) override {
    std::lock_guard lock(reader_->mu);
    Connection& c = *reader_;
    auto stmt = c.prepare(kReadActions);
    if (!stmt.is_ok()) return stmt.status();
    Use use(*stmt);
    sqlite3_bind_int64(*stmt, 1, after);
    sqlite3_bind_int64(*stmt, 2, through);
    std::vector<ActionRecord> out;
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
      ActionRecord a;
      a.event_seq = sqlite3_column_int64(*stmt, 0);
      a.index = sqlite3_column_int(*stmt, 1);
      a.time = from_epoch(sqlite3_column_int64(*stmt, 2));
      a.type = column_text(*stmt, 3);
      a.payload = column_text(*stmt, 4);
      out.push_back(std::move(a));
    }
    if (rc != SQLITE_DONE) return sqlite_status(c.db, rc, "read actions");
    return out;
  }

  Result<std::optional<EventRecord>> find_event(std::string_view idempotency_key) override {
    if (idempotency_key.empty()) return std::optional<EventRecord>();
    std::lock_guard lock(reader_->mu);
    Connection& c = *reader_;
    auto stmt = c.prepare(kFindEvent);
    if (!stmt.is_ok()) return stmt.status();
    Use use(*stmt);
    bind_text(*stmt, 1, idempotency_key);
    const int rc = sqlite3_step(*stmt);
    if (rc == SQLITE_DONE) return std::optional<EventRecord>();
    if (rc != SQLITE_ROW) return sqlite_status(c.db, rc, "find an event by idempotency key");
    return std::optional<EventRecord>(read_event_row(*stmt));
  }

  Status put_snapshot(const Snapshot& snapshot) override {
    if (Status s = check_snapshot(snapshot); !s.is_ok()) return s;
    return write_one(kPutSnapshot, "store a snapshot", [&](sqlite3_stmt* s) {
      sqlite3_bind_int64(s, 1, snapshot.seq);
      sqlite3_bind_int64(s, 2, to_epoch(snapshot.time));
      sqlite3_bind_int(s, 3, snapshot.format);
      (void)sqlite3_bind_blob64(s, 4, snapshot.bytes.data(), snapshot.bytes.size(), SQLITE_STATIC);
    });
  }

  Result<std::optional<Snapshot>> latest_snapshot() override {
    return read_optional<Snapshot>(
        kLatestSnapshot, "read the latest snapshot", [](sqlite3_stmt*) {},
        [](sqlite3_stmt* s) {
          Snapshot snap;
          snap.seq = sqlite3_column_int64(s, 0);
          snap.time = from_epoch(sqlite3_column_int64(s, 1));
          snap.format = sqlite3_column_int(s, 2);
          snap.bytes = column_blob(s, 3);
          return snap;
        });
  }

  Result<std::int64_t> put_scenario(const ScenarioVersion& scenario) override {
    return write_returning(kPutScenario, "store a scenario version", [&](sqlite3_stmt* s) {
      bind_text(s, 1, scenario.text);
      sqlite3_bind_int64(s, 2, to_epoch(scenario.created));
      bind_text(s, 3, scenario.author);
    });
  }

  Result<std::optional<ScenarioVersion>> latest_scenario() override {
    return read_optional<ScenarioVersion>(
        kLatestScenario, "read the latest scenario", [](sqlite3_stmt*) {},
        [](sqlite3_stmt* s) {
          ScenarioVersion v;
          v.version = sqlite3_column_int64(s, 0);
          v.text = column_text(s, 1);
          v.created = from_epoch(sqlite3_column_int64(s, 2));
          v.author = column_text(s, 3);
          return v;
        });
  }

  Result<std::int64_t> put_plan(const Plan& plan) override {
    if (Status s = check_plan(plan); !s.is_ok()) return s;
    return write_returning(kPutPlan, "store a plan", [&](sqlite3_stmt* s) {
      bind_text(s, 1, plan.week);
      bind_text(s, 2, plan.kind);
      bind_text(s, 3, plan.json);
      sqlite3_bind_int64(s, 4, to_epoch(plan.published));
      bind_text(s, 5, plan.author);
    });
  }

  Result<std::optional<Plan>> latest_plan(std::string_view week, std::string_view kind) override {
    return read_optional<Plan>(
        kLatestPlan, "read the latest plan",
        [&](sqlite3_stmt* s) {
          bind_text(s, 1, week);
          bind_text(s, 2, kind);
        },
        [](sqlite3_stmt* s) {
          Plan p;
          p.id = sqlite3_column_int64(s, 0);
          p.week = column_text(s, 1);
          p.kind = column_text(s, 2);
          p.json = column_text(s, 3);
          p.published = from_epoch(sqlite3_column_int64(s, 4));
          p.author = column_text(s, 5);
          return p;
        });
  }

  Status put_token(const TokenRecord& token) override {
    if (Status s = check_token(token); !s.is_ok()) return s;
    Status s = write_one(kPutToken, "store a token", [&](sqlite3_stmt* st) {
      bind_text(st, 1, token.id);
      bind_text(st, 2, token.hash);
      bind_text(st, 3, token.role);
      bind_text(st, 4, token.team);
      bind_text(st, 5, token.agent);
      bind_text(st, 6, token.label);
      sqlite3_bind_int64(st, 7, to_epoch(token.created));
      sqlite3_bind_int(st, 8, token.revoked ? 1 : 0);
    });
    if (s.code() == StatusCode::kConflict) {
      return Status::conflict(
          fmt::format("token '{}': a token with this id or hash already exists", token.id));
    }
    return s;
  }

  Result<std::optional<TokenRecord>> find_token_by_hash(std::string_view hash) override {
    return read_optional<TokenRecord>(
        kTokenByHash, "find a token", [&](sqlite3_stmt* s) { bind_text(s, 1, hash); },
        read_token_row);
  }

  Result<std::vector<TokenRecord>> tokens() override {
    std::lock_guard lock(reader_->mu);
    Connection& c = *reader_;
    auto stmt = c.prepare(kTokens);
    if (!stmt.is_ok()) return stmt.status();
    Use use(*stmt);
    std::vector<TokenRecord> out;
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) out.push_back(read_token_row(*stmt));
    if (rc != SQLITE_DONE) return sqlite_status(c.db, rc, "list tokens");
    return out;
  }

  Status revoke_token(std::string_view id) override {
    std::lock_guard lock(writer_->mu);
    Connection& c = *writer_;
    c.rollback();
    auto stmt = c.prepare(kRevokeToken);
    if (!stmt.is_ok()) return stmt.status();
    Use use(*stmt);
    bind_text(*stmt, 1, id);
    const int rc = sqlite3_step(*stmt);
    if (rc != SQLITE_DONE) return sqlite_status(c.db, rc, "revoke a token");
    if (sqlite3_changes(c.db) == 0) return Status::not_found(fmt::format("no token '{}'", id));
    return Status::ok();
  }

  Status put_rollups(std::span<const Rollup> rollups) override {
    if (Status s = check_rollups(rollups); !s.is_ok()) return s;
    if (rollups.empty()) return Status::ok();
    std::lock_guard lock(writer_->mu);
    Connection& c = *writer_;
    c.rollback();
    if (Status s = c.run(kBegin, "begin storing roll-ups"); !s.is_ok()) return s;
    auto stmt = c.prepare(kPutRollup);
    if (!stmt.is_ok()) {
      c.rollback();
      return stmt.status();
    }
    for (const Rollup& r : rollups) {
      Use use(*stmt);
      bind_text(*stmt, 1, r.scope);
      bind_text(*stmt, 2, r.kpi);
      sqlite3_bind_int64(*stmt, 3, to_epoch(r.interval_start));
      sqlite3_bind_double(*stmt, 4, r.numerator);
      sqlite3_bind_double(*stmt, 5, r.denominator);
      if (int rc = sqlite3_step(*stmt); rc != SQLITE_DONE) {
        Status s = sqlite_status(c.db, rc, "store roll-ups");
        c.rollback();
        return s;
      }
    }
    if (Status s = c.run(kCommit, "commit roll-ups"); !s.is_ok()) {
      c.rollback();
      return s;
    }
    maybe_checkpoint();
    return Status::ok();
  }

  Result<std::vector<Rollup>> read_rollups(Instant from, Instant to) override {
    std::lock_guard lock(reader_->mu);
    Connection& c = *reader_;
    auto stmt = c.prepare(kReadRollups);
    if (!stmt.is_ok()) return stmt.status();
    Use use(*stmt);
    sqlite3_bind_int64(*stmt, 1, to_epoch(from));
    sqlite3_bind_int64(*stmt, 2, to_epoch(to));
    std::vector<Rollup> out;
    int rc;
    while ((rc = sqlite3_step(*stmt)) == SQLITE_ROW) {
      Rollup r;
      r.scope = column_text(*stmt, 0);
      r.kpi = column_text(*stmt, 1);
      r.interval_start = from_epoch(sqlite3_column_int64(*stmt, 2));
      r.numerator = sqlite3_column_double(*stmt, 3);
      r.denominator = sqlite3_column_double(*stmt, 4);
      out.push_back(std::move(r));
    }
    if (rc != SQLITE_DONE) return sqlite_status(c.db, rc, "read roll-ups");
    return out;
  }

  Result<StoreStatus> status() override {
    std::lock_guard lock(reader_->mu);
    Connection& c = *reader_;
    StoreStatus st;
    st.backend = "sqlite";
    st.location = path_;
    st.schema_version_at_open = version_at_open_;
    // One read transaction: the figures describe one moment of the log.
    if (Status s = c.run(kBeginRead, "begin reading the status"); !s.is_ok()) return s;
    auto fail = [&](const Status& s) {
      c.rollback();
      return s;
    };
    auto version = query_int(c, kSchemaVersionSql, "read the schema version");
    if (!version.is_ok()) return fail(version.status());
    st.schema_version = static_cast<int>(*version);
    auto last = query_int(c, kLastSeq, "read the last sequence");
    if (!last.is_ok()) return fail(last.status());
    st.last_seq = *last;
    auto events = query_int(c, kCountEvents, "count events");
    if (!events.is_ok()) return fail(events.status());
    st.events = *events;
    auto actions = query_int(c, kCountActions, "count actions");
    if (!actions.is_ok()) return fail(actions.status());
    st.actions = *actions;
    {
      auto stmt = c.prepare(kSnapshotHead);
      if (!stmt.is_ok()) return fail(stmt.status());
      Use use(*stmt);
      const int rc = sqlite3_step(*stmt);
      if (rc == SQLITE_ROW) {
        st.snapshot_seq = sqlite3_column_int64(*stmt, 0);
        st.snapshot_time = from_epoch(sqlite3_column_int64(*stmt, 1));
      } else if (rc != SQLITE_DONE) {
        return fail(sqlite_status(c.db, rc, "read the latest snapshot"));
      }
    }
    c.rollback();
    std::error_code ec;
    for (const char* suffix : {"", "-wal"}) {
      const auto size = std::filesystem::file_size(path_ + suffix, ec);
      if (!ec) st.bytes += static_cast<std::int64_t>(size);
    }
    return st;
  }

 private:
  Status exec(Connection& c, const char* sql, std::string_view what) {
    char* error = nullptr;
    const int rc = sqlite3_exec(c.db, sql, nullptr, nullptr, &error);
    sqlite3_free(error);
    if (rc != SQLITE_OK) return sqlite_status(c.db, rc, what);
    return Status::ok();
  }

  // journal_mode=WAL is silently refused on some file systems: then say so.
  Status check_wal() {
    auto stmt = writer_->prepare("PRAGMA journal_mode");
    if (!stmt.is_ok()) return stmt.status();
    Use use(*stmt);
    if (sqlite3_step(*stmt) != SQLITE_ROW || column_text(*stmt, 0) != "wal") {
      return Status::unavailable(
          fmt::format("sqlite store: '{}' cannot use write-ahead logging (WAL)", path_));
    }
    return Status::ok();
  }

  Status migrate() {
    Connection& c = *writer_;
    if (Status s = c.run(kBegin, "begin the migration"); !s.is_ok()) return s;
    auto fail = [&](Status s) {
      c.rollback();
      return s;
    };
    if (Status s = exec(c,
                        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
                        "applied INTEGER NOT NULL)",
                        "create schema_version");
        !s.is_ok()) {
      return fail(s);
    }
    auto current = query_int(c, kSchemaVersionSql, "read the schema version");
    if (!current.is_ok()) return fail(current.status());
    version_at_open_ = static_cast<int>(*current);
    if (*current > kSchemaVersion) {
      return fail(Status::conflict(fmt::format(
          "{}: {}", path_, newer_schema_message(static_cast<int>(*current), kSchemaVersion))));
    }
    const auto migrations = sqlite_migrations();
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    for (std::int64_t v = *current + 1; v <= kSchemaVersion; ++v) {
      const std::string script(migrations[static_cast<std::size_t>(v - 1)]);
      if (Status s = exec(c, script.c_str(), fmt::format("migration {}", v)); !s.is_ok()) {
        return fail(s);
      }
      const std::string mark =
          fmt::format("INSERT INTO schema_version (version, applied) VALUES ({}, {})", v, now);
      if (Status s = exec(c, mark.c_str(), "record the schema version"); !s.is_ok()) {
        return fail(s);
      }
    }
    if (Status s = c.run(kCommit, "commit the migration"); !s.is_ok()) return fail(s);
    return Status::ok();
  }

  Result<AppendResult> append_in_transaction(Connection& c, std::span<const EventRecord> events,
                                             std::span<const ActionRecord> actions) {
    auto last = query_int(c, kLastSeq, "read the last sequence");
    if (!last.is_ok()) return last.status();
    const AppendResult result{*last + 1, *last + static_cast<std::int64_t>(events.size())};
    if (Status s = check_actions(actions, result.first_seq, result.last_seq); !s.is_ok()) {
      return s;
    }
    auto insert_event = c.prepare(kInsertEvent);
    if (!insert_event.is_ok()) return insert_event.status();
    std::int64_t seq = result.first_seq;
    for (std::size_t i = 0; i < events.size(); ++i, ++seq) {
      const EventRecord& e = events[i];
      sqlite3_stmt* s = *insert_event;
      Use use(s);
      sqlite3_bind_int64(s, 1, seq);
      sqlite3_bind_int64(s, 2, to_epoch(e.time));
      bind_text(s, 3, e.type);
      bind_text(s, 4, e.payload);
      bind_key(s, 5, e.idempotency_key);
      sqlite3_bind_int(s, 6, static_cast<int>(e.outcome));
      bind_text(s, 7, e.reason);
      sqlite3_bind_int64(s, 8, to_epoch(e.received));
      if (int rc = sqlite3_step(s); rc != SQLITE_DONE) {
        if ((rc & 0xff) == SQLITE_CONSTRAINT) {
          return Status::conflict(fmt::format(
              "events[{}].idempotency_key: '{}' is already in the log", i, e.idempotency_key));
        }
        return sqlite_status(c.db, rc, "append events");
      }
    }
    auto insert_action = c.prepare(kInsertAction);
    if (!insert_action.is_ok()) return insert_action.status();
    for (std::size_t i = 0; i < actions.size(); ++i) {
      const ActionRecord& a = actions[i];
      sqlite3_stmt* s = *insert_action;
      Use use(s);
      sqlite3_bind_int64(s, 1, a.event_seq);
      sqlite3_bind_int(s, 2, a.index);
      sqlite3_bind_int64(s, 3, to_epoch(a.time));
      bind_text(s, 4, a.type);
      bind_text(s, 5, a.payload);
      if (int rc = sqlite3_step(s); rc != SQLITE_DONE) {
        if ((rc & 0xff) == SQLITE_CONSTRAINT) {
          return Status::invalid_argument(
              fmt::format("actions[{}]: event {} already has an action with index {}", i,
                          a.event_seq, a.index));
        }
        return sqlite_status(c.db, rc, "append actions");
      }
    }
    return result;
  }

  // After an acknowledged commit: wakes the checkpointer when the WAL has grown. A checkpoint
  // that fails is tried again after a later commit.
  void maybe_checkpoint() {
    if (wal_pages_ < kCheckpointPages) return;
    {
      std::lock_guard lock(checkpoint_mu_);
      checkpoint_wanted_ = true;
    }
    checkpoint_cv_.notify_one();
  }

  // The checkpointer thread. PASSIVE: it copies what no reader still needs and never blocks
  // the writer; the writer starts the WAL over once everything is copied.
  void run_checkpoints() {
    std::unique_lock lock(checkpoint_mu_);
    for (;;) {
      checkpoint_cv_.wait(lock, [this] { return stop_ || checkpoint_wanted_; });
      if (stop_) return;
      checkpoint_wanted_ = false;
      lock.unlock();
      int log = 0;
      int done = 0;
      (void)sqlite3_wal_checkpoint_v2(checkpointer_->db, nullptr, SQLITE_CHECKPOINT_PASSIVE, &log,
                                      &done);
      lock.lock();
    }
  }

  template <class Bind>
  Status write_one(const char* sql, std::string_view what, Bind bind) {
    std::lock_guard lock(writer_->mu);
    Connection& c = *writer_;
    c.rollback();
    auto stmt = c.prepare(sql);
    if (!stmt.is_ok()) return stmt.status();
    Use use(*stmt);
    bind(*stmt);
    if (int rc = sqlite3_step(*stmt); rc != SQLITE_DONE) return sqlite_status(c.db, rc, what);
    maybe_checkpoint();
    return Status::ok();
  }

  template <class Bind>
  Result<std::int64_t> write_returning(const char* sql, std::string_view what, Bind bind) {
    std::lock_guard lock(writer_->mu);
    Connection& c = *writer_;
    c.rollback();
    auto stmt = c.prepare(sql);
    if (!stmt.is_ok()) return stmt.status();
    Use use(*stmt);
    bind(*stmt);
    int rc = sqlite3_step(*stmt);
    if (rc != SQLITE_ROW) return sqlite_status(c.db, rc, what);
    const std::int64_t id = sqlite3_column_int64(*stmt, 0);
    // The statement commits when it is stepped to its end.
    rc = sqlite3_step(*stmt);
    if (rc != SQLITE_DONE) return sqlite_status(c.db, rc, what);
    maybe_checkpoint();
    return id;
  }

  template <class T, class Bind, class Read>
  Result<std::optional<T>> read_optional(const char* sql, std::string_view what, Bind bind,
                                         Read read) {
    std::lock_guard lock(reader_->mu);
    Connection& c = *reader_;
    auto stmt = c.prepare(sql);
    if (!stmt.is_ok()) return stmt.status();
    Use use(*stmt);
    bind(*stmt);
    const int rc = sqlite3_step(*stmt);
    if (rc == SQLITE_DONE) return std::optional<T>();
    if (rc != SQLITE_ROW) return sqlite_status(c.db, rc, what);
    return std::optional<T>(read(*stmt));
  }

  std::string path_;
  std::unique_ptr<FaultVfs> vfs_;
  std::unique_ptr<Connection> writer_;
  std::unique_ptr<Connection> reader_;
  std::unique_ptr<Connection> checkpointer_;  // used by checkpointer_thread_ only
  std::thread checkpointer_thread_;
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_wanted_ = false;  // under checkpoint_mu_
  bool stop_ = false;               // under checkpoint_mu_
  int wal_pages_ = 0;               // written by the WAL hook, under writer_->mu
  int version_at_open_ = 0;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path, StoreEnv env) {
  std::unique_ptr<FaultVfs> vfs;
  if (env.fault) vfs = std::make_unique<FaultVfs>(std::move(env));
  auto store = std::make_unique<SqliteStore>(path, std::move(vfs));
  if (Status s = store->open(); !s.is_ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace tandem::store::detail
