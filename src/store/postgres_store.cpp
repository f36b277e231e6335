// SPDX-License-Identifier: Apache-2.0
// The PostgreSQL backend through plain libpq: a writer and a reader connection (reads never
// queue behind a long append), appends as one transaction of COPY streams, and the fault
// hook asked before every round trip. A lost connection is reported as Unavailable and
// opened again by the next call.
#include <endian.h>
#include <fmt/format.h>
#include <libpq-fe.h>

#include <charconv>
#include <chrono>
#include <cstring>
#include <limits>
#include <mutex>
#include <vector>

#include "store/internal/backends.h"
#include "store/internal/migrations.h"

namespace tandem::store::detail {

namespace {

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultDeleter>;

std::int64_t to_int(const char* text) {
  std::int64_t v = 0;
  if (text != nullptr) std::from_chars(text, text + std::strlen(text), v);
  return v;
}
double to_double(const char* text) { return text ? std::strtod(text, nullptr) : 0.0; }
std::string text_at(const PGresult* r, int row, int col) {
  return std::string(PQgetvalue(r, row, col), static_cast<std::size_t>(PQgetlength(r, row, col)));
}
std::int64_t int_at(const PGresult* r, int row, int col) { return to_int(PQgetvalue(r, row, col)); }

// The status of a failed command, by SQLSTATE class.
Status pg_status(PGconn* conn, const PGresult* r, std::string_view what) {
  const char* state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  std::string detail = r ? PQresultErrorMessage(r) : "";
  if (detail.empty() && conn) detail = PQerrorMessage(conn);
  while (!detail.empty() && (detail.back() == '\n' || detail.back() == ' ')) detail.pop_back();
  std::string msg = fmt::format("postgresql store: {}: {}", what, detail);
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK || state == nullptr) {
    return Status::unavailable(msg);
  }
  const std::string_view s(state);
  if (s == "23505") return Status::conflict(msg);
  const std::string_view cls = s.substr(0, 2);
  if (cls == "08" || cls == "53" || cls == "57" || cls == "58" || cls == "40" || cls == "55") {
    return Status::unavailable(msg);
  }
  if (cls == "22" || cls == "23") return Status::invalid_argument(msg);
  return Status::internal(msg);
}

// COPY text format: backslash, tab, newline and carriage return escaped (docs/store.md).
void copy_field(std::string& out, std::string_view v) {
  for (char ch : v) {
    switch (ch) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += ch;
    }
  }
}
void copy_int(std::string& out, std::int64_t v) {
  char buf[24];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  (void)ec;
  out.append(buf, end);
}

// One libpq connection; `mu` guards it. Every round trip goes through here so that the
// fault hook sees it first.
class Connection {
 public:
  Connection(std::string conninfo, const StoreEnv* env)
      : conninfo_(std::move(conninfo)), env_(env) {}
  ~Connection() { drop(); }

  std::mutex mu;

  // Opens the connection if it is not open (the first call, or after a loss).
  Status connect() {
    if (conn_ != nullptr && PQstatus(conn_) == CONNECTION_OK) return Status::ok();
    drop();
    if (Status s = fault("connect"); !s.is_ok()) return s;
    conn_ = PQconnectdb(conninfo_.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string detail = PQerrorMessage(conn_);
      while (!detail.empty() && detail.back() == '\n') detail.pop_back();
      drop();
      return Status::unavailable(fmt::format("postgresql store: cannot connect: {}", detail));
    }
    // "relation already exists, skipping" and the like are not for the user's terminal.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
    return Status::ok();
  }

  PGconn* raw() const { return conn_; }

  // A command (several may be separated by ';': the last one's result comes back).
  Result<PgResult> exec(const char* sql, std::string_view what) {
    if (Status s = fault(what); !s.is_ok()) return s;
    PgResult r(PQexec(conn_, sql));
    return check(std::move(r), what);
  }

  // A command with text parameters (NULL where `params[i]` is nullopt); `binary` asks for
  // binary results.
  Result<PgResult> exec(const char* sql, const std::vector<std::optional<std::string>>& params,
                        std::string_view what, bool binary_results = false,
                        const std::string* binary_param = nullptr) {
    if (Status s = fault(what); !s.is_ok()) return s;
    std::vector<const char*> values;
    std::vector<int> lengths;
    std::vector<int> formats;
    for (const auto& p : params) {
      values.push_back(p ? p->c_str() : nullptr);
      lengths.push_back(p ? static_cast<int>(p->size()) : 0);
      formats.push_back(0);
    }
    if (binary_param != nullptr) {
      values.push_back(binary_param->data());
      lengths.push_back(static_cast<int>(binary_param->size()));
      formats.push_back(1);
    }
    PgResult r(PQexecParams(conn_, sql, static_cast<int>(values.size()), nullptr, values.data(),
                            lengths.data(), formats.data(), binary_results ? 1 : 0));
    return check(std::move(r), what);
  }

  // COPY ... FROM STDIN with `data` (rows in COPY text format): two round trips.
  Result<PgResult> copy_in(const char* copy_sql, const std::string& data, std::string_view what) {
    if (Status s = fault(what); !s.is_ok()) return s;
    PgResult start(PQexec(conn_, copy_sql));
    if (PQresultStatus(start.get()) != PGRES_COPY_IN) return check(std::move(start), what);
    if (Status s = fault(what); !s.is_ok()) return s;
    const bool sent = PQputCopyData(conn_, data.data(), static_cast<int>(data.size())) == 1 &&
                      PQputCopyEnd(conn_, nullptr) == 1;
    PgResult end(PQgetResult(conn_));
    // Drain: a COPY leaves one more (null) result.
    while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
    if (!sent && PQresultStatus(end.get()) == PGRES_COMMAND_OK) {
      return pg_status(conn_, nullptr, what);
    }
    return check(std::move(end), what);
  }

  // Ends a failed transaction. No fault is asked: a real server rolls back on any failure,
  // and a connection that cannot even roll back is dropped (which rolls back too).
  void rollback() {
    if (conn_ == nullptr) return;
    if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
    PgResult r(PQexec(conn_, "ROLLBACK"));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) drop();
  }

  void drop() {
    if (conn_ != nullptr) PQfinish(conn_);
    conn_ = nullptr;
  }

 private:
  Status fault(std::string_view what) {
    if (!env_->fault) return Status::ok();
    switch (env_->fault()) {
      case StoreEnv::Fault::kNone:
        return Status::ok();
      case StoreEnv::Fault::kConnectionLost:
        drop();  // the server rolls back whatever was open
        return Status::unavailable(
            fmt::format("postgresql store: {}: the connection to the server was lost", what));
      case StoreEnv::Fault::kDiskFull:
        rollback();
        return Status::unavailable(fmt::format(
            "postgresql store: {}: could not extend file: No space left on device", what));
      case StoreEnv::Fault::kIoError:
        rollback();
        return Status::unavailable(
            fmt::format("postgresql store: {}: could not write to file: Input/output error", what));
    }
    return Status::ok();
  }

  Result<PgResult> check(PgResult r, std::string_view what) {
    const ExecStatusType st = PQresultStatus(r.get());
    if (r && (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)) return r;
    const char* constraint = r ? PQresultErrorField(r.get(), PG_DIAG_CONSTRAINT_NAME) : nullptr;
    last_constraint_ = constraint ? constraint : "";
    Status s = pg_status(conn_, r.get(), what);
    if (conn_ != nullptr && PQstatus(conn_) != CONNECTION_OK) drop();
    return s;
  }

  std::string conninfo_;
  const StoreEnv* env_;
  PGconn* conn_ = nullptr;
  std::string last_constraint_;

 public:
  // The constraint the last failed command broke ("events_pkey"), or empty.
  const std::string& last_constraint() const { return last_constraint_; }
  // Whether '...' literals take backslashes as they are (PostgreSQL's default since 9.1).
  bool standard_strings() const {
    const char* v = conn_ ? PQparameterStatus(conn_, "standard_conforming_strings") : nullptr;
    return v != nullptr && std::string_view(v) == "on";
  }
};

std::string str(std::int64_t v) { return std::to_string(v); }

EventRecord event_at(const PGresult* r, int row) {
  EventRecord e;
  e.seq = int_at(r, row, 0);
  e.time = from_epoch(int_at(r, row, 1));
  e.type = text_at(r, row, 2);
  e.payload = text_at(r, row, 3);
  e.idempotency_key = text_at(r, row, 4);
  e.outcome = int_at(r, row, 5) == 1 ? EventOutcome::kRejected : EventOutcome::kApplied;
  e.reason = text_at(r, row, 6);
  e.received = from_epoch(int_at(r, row, 7));
  return e;
}

TokenRecord token_at(const PGresult* r, int row) {
  TokenRecord t;
  t.id = text_at(r, row, 0);
  t.hash = text_at(r, row, 1);
  t.role = text_at(r, row, 2);
  t.team = text_at(r, row, 3);
  t.agent = text_at(r, row, 4);
  t.label = text_at(r, row, 5);
  t.created = from_epoch(int_at(r, row, 6));
  t.revoked = std::string_view(PQgetvalue(r, row, 7)) == "t";
  return t;
}

constexpr const char* kEventColumns =
    "seq, time, type, payload, coalesce(idempotency_key, ''), outcome, reason, received";
constexpr const char* kTokenColumns = "id, hash, role, team, agent, label, created, revoked";

class PostgresStore final : public Store {
 public:
  PostgresStore(std::string conninfo, StoreEnv env)
      : env_(std::move(env)), writer_(conninfo, &env_), reader_(conninfo, &env_) {}

  Status open() {
    std::lock_guard lock(writer_.mu);
    if (Status s = writer_.connect(); !s.is_ok()) return s;
    return migrate();
  }

  Result<AppendResult> append(std::span<const EventRecord> events,
                              std::span<const ActionRecord> actions) override {
    if (Status s = check_events(events); !s.is_ok()) return s;
    std::lock_guard lock(writer_.mu);
    // Sequences are the cached last one + 1, 2, ...: if another process appended meanwhile,
    // its first event took our first sequence, the primary key refuses ours, and we read the
    // last sequence again and retry once. So no lock and no extra round trip per append.
    for (int attempt = 0;; ++attempt) {
      if (Status s = writer_.connect(); !s.is_ok()) {
        cached_last_.reset();
        return s;
      }
      if (!cached_last_) {
        auto last =
            writer_.exec("SELECT coalesce(max(seq), 0) FROM events", "read the last sequence");
        if (!last.is_ok()) return last.status();
        cached_last_ = int_at(last->get(), 0, 0);
      }
      const AppendResult result{*cached_last_ + 1,
                                *cached_last_ + static_cast<std::int64_t>(events.size())};
      if (Status s = check_actions(actions, result.first_seq, result.last_seq); !s.is_ok()) {
        return s;
      }
      if (events.empty()) return result;
      Status s = events.size() <= kOneTripEvents && writer_.standard_strings()
                     ? append_in_one_trip(events, actions, result.first_seq)
                     : append_by_copy(events, actions, result.first_seq);
      if (s.is_ok()) {
        cached_last_ = result.last_seq;
        return result;
      }
      writer_.rollback();
      cached_last_.reset();
      if (attempt == 0 && s.code() == StatusCode::kConflict &&
          writer_.last_constraint() == "events_pkey") {
        continue;
      }
      return s;
    }
  }

  Result<std::int64_t> last_seq() override {
    return read_int("SELECT coalesce(max(seq), 0) FROM events", "read the last sequence");
  }

  Result<std::vector<EventRecord>> read_events(std::int64_t after, std::size_t limit) override {
    const std::int64_t n =
        limit > static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max())
            ? std::numeric_limits<std::int64_t>::max()
            : static_cast<std::int64_t>(limit);
    const std::string sql =
        fmt::format("SELECT {} FROM events WHERE seq > $1 ORDER BY seq LIMIT $2", kEventColumns);
    auto r = read(sql.c_str(), {str(after), str(n)}, "read events");
    if (!r.is_ok()) return r.status();
    std::vector<EventRecord> out;
    out.reserve(static_cast<std::size_t>(PQntuples(r->get())));
    for (int i = 0; i < PQntuples(r->get()); ++i) out.push_back(event_at(r->get(), i));
    return out;
  }

  Result<std::vector<ActionRecord>> read_actions(std::int64_t after,
                                                 std::int64_t through) override {
    auto r = read(
        "SELECT event_seq, idx, time, type, payload FROM actions "
        "WHERE event_seq > $1 AND event_seq <= $2 ORDER BY event_seq, idx",
        {str(after), str(through)}, "read actions");
    if (!r.is_ok()) return r.status();
    std::vector<ActionRecord> out;
    const PGresult* res = r->get();
    out.reserve(static_cast<std::size_t>(PQntuples(res)));
    for (int i = 0; i < PQntuples(res); ++i) {
      ActionRecord a;
      a.event_seq = int_at(res, i, 0);
      a.index = static_cast<int>(int_at(res, i, 1));
      a.time = from_epoch(int_at(res, i, 2));
      a.type = text_at(res, i, 3);
      a.payload = text_at(res, i, 4);
      out.push_back(std::move(a));
    }
    return out;
  }

  Result<std::optional<EventRecord>> find_event(std::string_view idempotency_key) override {
    if (idempotency_key.empty()) return std::optional<EventRecord>();
    const std::string sql =
        fmt::format("SELECT {} FROM events WHERE idempotency_key = $1", kEventColumns);
    auto r = read(sql.c_str(), {std::string(idempotency_key)}, "find an event");
    if (!r.is_ok()) return r.status();
    if (PQntuples(r->get()) == 0) return std::optional<EventRecord>();
    return std::optional<EventRecord>(event_at(r->get(), 0));
  }

  Status put_snapshot(const Snapshot& snapshot) override {
    if (Status s = check_snapshot(snapshot); !s.is_ok()) return s;
    auto r = write(
        "INSERT INTO snapshots (seq, time, format, bytes) VALUES ($1, $2, $3, $4) "
        "ON CONFLICT (seq) DO UPDATE SET time = excluded.time, format = excluded.format, "
        "bytes = excluded.bytes",
        {str(snapshot.seq), str(to_epoch(snapshot.time)), str(snapshot.format)}, "store a snapshot",
        &snapshot.bytes);
    return r.status();
  }

  Result<std::optional<Snapshot>> latest_snapshot() override {
    // Binary results: the bytes come back as they are, integers in network order.
    std::lock_guard lock(reader_.mu);
    if (Status s = reader_.connect(); !s.is_ok()) return s;
    auto r =
        reader_.exec("SELECT seq, time, format, bytes FROM snapshots ORDER BY seq DESC LIMIT 1", {},
                     "read the latest snapshot", /*binary_results=*/true);
    if (!r.is_ok()) return r.status();
    const PGresult* res = r->get();
    if (PQntuples(res) == 0) return std::optional<Snapshot>();
    auto be64 = [&](int col) {
      std::uint64_t v = 0;
      std::memcpy(&v, PQgetvalue(res, 0, col), sizeof v);
      return static_cast<std::int64_t>(be64toh(v));
    };
    std::uint32_t format = 0;
    std::memcpy(&format, PQgetvalue(res, 0, 2), sizeof format);
    Snapshot snap;
    snap.seq = be64(0);
    snap.time = from_epoch(be64(1));
    snap.format = static_cast<int>(be32toh(format));
    snap.bytes = text_at(res, 0, 3);
    return std::optional<Snapshot>(std::move(snap));
  }

  Result<std::int64_t> put_scenario(const ScenarioVersion& scenario) override {
    auto r = write(
        "INSERT INTO scenario_versions (version, text, created, author) "
        "SELECT coalesce(max(version), 0) + 1, $1, $2, $3 FROM scenario_versions "
        "RETURNING version",
        {scenario.text, str(to_epoch(scenario.created)), scenario.author},
        "store a scenario version");
    if (!r.is_ok()) return r.status();
    return int_at(r->get(), 0, 0);
  }

  Result<std::optional<ScenarioVersion>> latest_scenario() override {
    auto r = read(
        "SELECT version, text, created, author FROM scenario_versions "
        "ORDER BY version DESC LIMIT 1",
        {}, "read the latest scenario");
    if (!r.is_ok()) return r.status();
    if (PQntuples(r->get()) == 0) return std::optional<ScenarioVersion>();
    ScenarioVersion v;
    v.version = int_at(r->get(), 0, 0);
    v.text = text_at(r->get(), 0, 1);
    v.created = from_epoch(int_at(r->get(), 0, 2));
    v.author = text_at(r->get(), 0, 3);
    return std::optional<ScenarioVersion>(std::move(v));
  }

  Result<std::int64_t> put_plan(const Plan& plan) override {
    if (Status s = check_plan(plan); !s.is_ok()) return s;
    auto r = write(
        "INSERT INTO plans (week, kind, json, published, author) VALUES ($1, $2, $3, $4, $5) "
        "RETURNING id",
        {plan.week, plan.kind, plan.json, str(to_epoch(plan.published)), plan.author},
        "store a plan");
    if (!r.is_ok()) return r.status();
    return int_at(r->get(), 0, 0);
  }

  Result<std::optional<Plan>> latest_plan(std::string_view week, std::string_view kind) override {
    auto r = read(
        "SELECT id, week, kind, json, published, author FROM plans "
        "WHERE week = $1 AND kind = $2 ORDER BY id DESC LIMIT 1",
        {std::string(week), std::string(kind)}, "read the latest plan");
    if (!r.is_ok()) return r.status();
    if (PQntuples(r->get()) == 0) return std::optional<Plan>();
    const PGresult* res = r->get();
    Plan p;
    p.id = int_at(res, 0, 0);
    p.week = text_at(res, 0, 1);
    p.kind = text_at(res, 0, 2);
    p.json = text_at(res, 0, 3);
    p.published = from_epoch(int_at(res, 0, 4));
    p.author = text_at(res, 0, 5);
    return std::optional<Plan>(std::move(p));
  }

  Status put_token(const TokenRecord& token) override {
    if (Status s = check_token(token); !s.is_ok()) return s;
    auto r = write(
        "INSERT INTO tokens (id, hash, role, team, agent, label, created, revoked) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        {token.id, token.hash, token.role, token.team, token.agent, token.label,
         str(to_epoch(token.created)), std::string(token.revoked ? "true" : "false")},
        "store a token");
    if (r.status().code() == StatusCode::kConflict) {
      return Status::conflict(
          fmt::format("token '{}': a token with this id or hash already exists", token.id));
    }
    return r.status();
  }

  Result<std::optional<TokenRecord>> find_token_by_hash(std::string_view hash) override {
    const std::string sql = fmt::format("SELECT {} FROM tokens WHERE hash = $1", kTokenColumns);
    auto r = read(sql.c_str(), {std::string(hash)}, "find a token");
    if (!r.is_ok()) return r.status();
    if (PQntuples(r->get()) == 0) return std::optional<TokenRecord>();
    return std::optional<TokenRecord>(token_at(r->get(), 0));
  }

  Result<std::vector<TokenRecord>> tokens() override {
    const std::string sql =
        fmt::format("SELECT {} FROM tokens ORDER BY created, id", kTokenColumns);
    auto r = read(sql.c_str(), {}, "list tokens");
    if (!r.is_ok()) return r.status();
    std::vector<TokenRecord> out;
    for (int i = 0; i < PQntuples(r->get()); ++i) out.push_back(token_at(r->get(), i));
    return out;
  }

  Status revoke_token(std::string_view id) override {
    auto r = write("UPDATE tokens SET revoked = true WHERE id = $1", {std::string(id)},
                   "revoke a token");
    if (!r.is_ok()) return r.status();
    if (std::string_view(PQcmdTuples(r->get())) == "0") {
      return Status::not_found(fmt::format("no token '{}'", id));
    }
    return Status::ok();
  }

  Status put_rollups(std::span<const Rollup> rollups) override {
    if (Status s = check_rollups(rollups); !s.is_ok()) return s;
    if (rollups.empty()) return Status::ok();
    std::lock_guard lock(writer_.mu);
    if (Status s = writer_.connect(); !s.is_ok()) return s;
    auto fail = [&](const Status& s) {
      writer_.rollback();
      return s;
    };
    if (auto r = writer_.exec("BEGIN", "begin storing roll-ups"); !r.is_ok())
      return fail(r.status());
    for (const Rollup& x : rollups) {
      auto r = writer_.exec(
          "INSERT INTO rollups (scope, kpi, interval_start, numerator, denominator) "
          "VALUES ($1, $2, $3, $4, $5) ON CONFLICT (interval_start, scope, kpi) DO UPDATE SET "
          "numerator = excluded.numerator, denominator = excluded.denominator",
          {x.scope, x.kpi, str(to_epoch(x.interval_start)), fmt::format("{}", x.numerator),
           fmt::format("{}", x.denominator)},
          "store roll-ups");
      if (!r.is_ok()) return fail(r.status());
    }
    if (auto r = writer_.exec("COMMIT", "commit roll-ups"); !r.is_ok()) return fail(r.status());
    return Status::ok();
  }

  Result<std::vector<Rollup>> read_rollups(Instant from, Instant to) override {
    auto r = read(
        "SELECT scope, kpi, interval_start, numerator, denominator FROM rollups "
        "WHERE interval_start >= $1 AND interval_start < $2 ORDER BY interval_start, scope, kpi",
        {str(to_epoch(from)), str(to_epoch(to))}, "read roll-ups");
    if (!r.is_ok()) return r.status();
    std::vector<Rollup> out;
    const PGresult* res = r->get();
    for (int i = 0; i < PQntuples(res); ++i) {
      Rollup x;
      x.scope = text_at(res, i, 0);
      x.kpi = text_at(res, i, 1);
      x.interval_start = from_epoch(int_at(res, i, 2));
      x.numerator = to_double(PQgetvalue(res, i, 3));
      x.denominator = to_double(PQgetvalue(res, i, 4));
      out.push_back(std::move(x));
    }
    return out;
  }

  Result<StoreStatus> status() override {
    // One statement: the figures describe one moment.
    auto r = read(
        "SELECT (SELECT coalesce(max(version), 0) FROM schema_version), "
        "(SELECT coalesce(max(seq), 0) FROM events), (SELECT count(*) FROM events), "
        "(SELECT count(*) FROM actions), "
        "(SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
        " JOIN pg_namespace n ON n.oid = c.relnamespace "
        " WHERE n.nspname = current_schema() AND c.relkind = 'r'), "
        "(SELECT seq FROM snapshots ORDER BY seq DESC LIMIT 1), "
        "(SELECT time FROM snapshots ORDER BY seq DESC LIMIT 1), "
        "current_database(), current_schema()",
        {}, "read the status");
    if (!r.is_ok()) return r.status();
    const PGresult* res = r->get();
    StoreStatus st;
    st.backend = "postgresql";
    st.schema_version_at_open = version_at_open_;
    {
      std::lock_guard lock(reader_.mu);
      PGconn* c = reader_.raw();
      st.location = fmt::format("database {} on {}:{} as {}", text_at(res, 0, 7),
                                c ? PQhost(c) : "?", c ? PQport(c) : "?", c ? PQuser(c) : "?");
    }
    const std::string schema = text_at(res, 0, 8);
    if (schema != "public") st.location += fmt::format(", schema {}", schema);
    st.schema_version = static_cast<int>(int_at(res, 0, 0));
    st.last_seq = int_at(res, 0, 1);
    st.events = int_at(res, 0, 2);
    st.actions = int_at(res, 0, 3);
    st.bytes = int_at(res, 0, 4);
    if (!PQgetisnull(res, 0, 5)) {
      st.snapshot_seq = int_at(res, 0, 5);
      st.snapshot_time = from_epoch(int_at(res, 0, 6));
    }
    return st;
  }

 private:
  Status migrate() {
    auto fail = [&](const Status& s) {
      writer_.rollback();
      return s;
    };
    // The lock keeps two processes opening one new store from migrating it twice.
    auto current = writer_.exec(
        "BEGIN; SELECT pg_advisory_xact_lock(7261, hashtext(coalesce(current_schema(), ''))); "
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
        "applied BIGINT NOT NULL); "
        "SELECT coalesce(max(version), 0) FROM schema_version",
        "read the schema version");
    if (!current.is_ok()) return fail(current.status());
    const std::int64_t version = int_at(current->get(), 0, 0);
    version_at_open_ = static_cast<int>(version);
    if (version > kSchemaVersion) {
      return fail(Status::conflict(
          fmt::format("postgresql store: {}",
                      newer_schema_message(static_cast<int>(version), kSchemaVersion))));
    }
    const auto migrations = postgres_migrations();
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    for (std::int64_t v = version + 1; v <= kSchemaVersion; ++v) {
      const std::string script =
          fmt::format("{}; INSERT INTO schema_version (version, applied) VALUES ({}, {})",
                      migrations[static_cast<std::size_t>(v - 1)], v, now);
      if (auto r = writer_.exec(script.c_str(), fmt::format("migration {}", v)); !r.is_ok()) {
        return fail(r.status());
      }
    }
    if (auto r = writer_.exec("COMMIT", "commit the migration"); !r.is_ok()) {
      return fail(r.status());
    }
    return Status::ok();
  }

  // Up to this many events go as one multi-row INSERT script (BEGIN ... COMMIT in a single
  // round trip); more as COPY streams (cheaper to parse, four more round trips).
  static constexpr std::size_t kOneTripEvents = 64;

  static void literal(std::string& out, std::string_view v) {
    out += '\'';
    for (char ch : v) {
      if (ch == '\'') out += '\'';
      out += ch;
    }
    out += '\'';
  }

  Status append_in_one_trip(std::span<const EventRecord> events,
                            std::span<const ActionRecord> actions, std::int64_t first_seq) {
    std::string sql =
        "BEGIN; INSERT INTO events (seq, time, type, payload, idempotency_key, outcome, reason, "
        "received) VALUES ";
    std::int64_t seq = first_seq;
    for (std::size_t i = 0; i < events.size(); ++i) {
      const EventRecord& e = events[i];
      if (i > 0) sql += ',';
      sql += '(';
      copy_int(sql, seq++);
      sql += ',';
      copy_int(sql, to_epoch(e.time));
      sql += ',';
      literal(sql, e.type);
      sql += ',';
      literal(sql, e.payload);
      sql += ',';
      if (e.idempotency_key.empty()) {
        sql += "NULL";
      } else {
        literal(sql, e.idempotency_key);
      }
      sql += ',';
      copy_int(sql, static_cast<int>(e.outcome));
      sql += ',';
      literal(sql, e.reason);
      sql += ',';
      copy_int(sql, to_epoch(e.received));
      sql += ')';
    }
    if (!actions.empty()) {
      sql += "; INSERT INTO actions (event_seq, idx, time, type, payload) VALUES ";
      for (std::size_t i = 0; i < actions.size(); ++i) {
        const ActionRecord& a = actions[i];
        if (i > 0) sql += ',';
        sql += '(';
        copy_int(sql, a.event_seq);
        sql += ',';
        copy_int(sql, a.index);
        sql += ',';
        copy_int(sql, to_epoch(a.time));
        sql += ',';
        literal(sql, a.type);
        sql += ',';
        literal(sql, a.payload);
        sql += ')';
      }
    }
    sql += "; COMMIT";
    auto r = writer_.exec(sql.c_str(), "append");
    if (!r.is_ok()) return classify(r.status(), events);
    return Status::ok();
  }

  Status append_by_copy(std::span<const EventRecord> events, std::span<const ActionRecord> actions,
                        std::int64_t first_seq) {
    if (auto r = writer_.exec("BEGIN", "begin the append"); !r.is_ok()) return r.status();
    std::string rows;
    rows.reserve(events.size() * 256);
    std::int64_t seq = first_seq;
    for (const EventRecord& e : events) {
      copy_int(rows, seq++);
      rows += '\t';
      copy_int(rows, to_epoch(e.time));
      rows += '\t';
      copy_field(rows, e.type);
      rows += '\t';
      copy_field(rows, e.payload);
      rows += '\t';
      if (e.idempotency_key.empty()) {
        rows += "\\N";
      } else {
        copy_field(rows, e.idempotency_key);
      }
      rows += '\t';
      copy_int(rows, static_cast<int>(e.outcome));
      rows += '\t';
      copy_field(rows, e.reason);
      rows += '\t';
      copy_int(rows, to_epoch(e.received));
      rows += '\n';
    }
    auto r = writer_.copy_in(
        "COPY events (seq, time, type, payload, idempotency_key, outcome, reason, received) "
        "FROM STDIN",
        rows, "append events");
    if (!r.is_ok()) return classify(r.status(), events);
    if (!actions.empty()) {
      rows.clear();
      for (const ActionRecord& a : actions) {
        copy_int(rows, a.event_seq);
        rows += '\t';
        copy_int(rows, a.index);
        rows += '\t';
        copy_int(rows, to_epoch(a.time));
        rows += '\t';
        copy_field(rows, a.type);
        rows += '\t';
        copy_field(rows, a.payload);
        rows += '\n';
      }
      auto ra = writer_.copy_in("COPY actions (event_seq, idx, time, type, payload) FROM STDIN",
                                rows, "append actions");
      if (!ra.is_ok()) return classify(ra.status(), events);
    }
    if (auto c = writer_.exec("COMMIT", "commit the append"); !c.is_ok()) return c.status();
    return Status::ok();
  }

  // Names the broken rule: a duplicate idempotency key (Conflict), two actions with one index
  // (InvalidArgument); a sequence taken by another writer stays a Conflict on events_pkey.
  Status classify(const Status& s, std::span<const EventRecord> events) {
    if (s.code() != StatusCode::kConflict) return s;
    if (writer_.last_constraint() == "actions_pkey") {
      return Status::invalid_argument(
          fmt::format("actions: an event has two actions with one index ({})", s.message()));
    }
    return duplicate_key_message(s, events);
  }

  // A unique violation of COPY names the key in its detail; the message names the event.
  static Status duplicate_key_message(const Status& s, std::span<const EventRecord> events) {
    if (s.code() != StatusCode::kConflict) return s;
    for (std::size_t i = 0; i < events.size(); ++i) {
      const std::string& key = events[i].idempotency_key;
      if (!key.empty() && s.message().find("=(" + key + ")") != std::string::npos) {
        return Status::conflict(
            fmt::format("events[{}].idempotency_key: '{}' is already in the log", i, key));
      }
    }
    return s;
  }

  Result<PgResult> read(const char* sql, const std::vector<std::optional<std::string>>& params,
                        std::string_view what) {
    std::lock_guard lock(reader_.mu);
    if (Status s = reader_.connect(); !s.is_ok()) return s;
    return reader_.exec(sql, params, what);
  }

  Result<std::int64_t> read_int(const char* sql, std::string_view what) {
    auto r = read(sql, {}, what);
    if (!r.is_ok()) return r.status();
    return int_at(r->get(), 0, 0);
  }

  // One statement (its own transaction) on the writer.
  Result<PgResult> write(const char* sql, const std::vector<std::optional<std::string>>& params,
                         std::string_view what, const std::string* binary_param = nullptr) {
    std::lock_guard lock(writer_.mu);
    if (Status s = writer_.connect(); !s.is_ok()) return s;
    return writer_.exec(sql, params, what, false, binary_param);
  }

  StoreEnv env_;  // before the connections, which keep a pointer to it
  Connection writer_;
  Connection reader_;
  int version_at_open_ = 0;
  std::optional<std::int64_t> cached_last_;  // the log's last sequence, under writer_.mu
};

}  // namespace

Result<std::unique_ptr<Store>> open_postgres_store(const std::string& conninfo, StoreEnv env) {
  auto store = std::make_unique<PostgresStore>(conninfo, std::move(env));
  if (Status s = store->open(); !s.is_ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace tandem::store::detail
