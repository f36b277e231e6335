// SPDX-License-Identifier: Apache-2.0
// The store: Tandem's persistence behind one interface, with two backends (docs/store.md).
//   sqlite:PATH            the embedded default: one file, WAL, synchronous=FULL
//   postgresql://...       PostgreSQL 15 (libpq), for shared and larger deployments
//
// Contract
//   - What is kept: scenario versions, the append-only event log (monotonic sequence from 1,
//     the event's time, its wire type, its payload in the versioned JSON codec of io/, an
//     optional idempotency key, applied or rejected with the reason), the actions each event
//     caused (by the event's sequence and their order), engine snapshots, published plans,
//     tokens of the server's users, and interval roll-ups of the KPIs.
//   - Durability: append() returns only once the records are durable (SQLite: committed in
//     WAL with synchronous=FULL; PostgreSQL: committed). One call is one transaction (group
//     commit: the live host batches many events into one call). A failed call changed nothing.
//   - Schema: migrations are applied by open_store(); a store whose schema is newer than this
//     build's kSchemaVersion is refused with a message naming both versions.
//   - Threads: every method may be called from any thread (the store serialises internally);
//     reads do not wait for a long write to finish where the backend allows it.
//   - Errors: Status codes from model/status.h. Unavailable: the disk is full, an I/O error,
//     the connection was lost (retrying may work); Conflict: a duplicate idempotency key;
//     InvalidArgument: a bad URL or record; Internal: a corrupt store.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "model/status.h"
#include "model/time.h"

namespace tandem::store {

inline constexpr int kSchemaVersion = 1;

enum class EventOutcome : unsigned char { kApplied = 0, kRejected = 1 };

struct EventRecord {
  std::int64_t seq = 0;         // assigned by append(); 0 on input
  Instant time{};               // the event's own time
  std::string type;             // wire name, e.g. "work_item_created"
  std::string payload;          // io::encode_event_json
  std::string idempotency_key;  // empty: none (a non-empty key is unique in the log)
  EventOutcome outcome = EventOutcome::kApplied;
  std::string reason;  // the engine's message when rejected
  Instant received{};  // wall-clock time the host took it in
};

struct ActionRecord {
  std::int64_t event_seq = 0;  // the event whose handling produced it
  int index = 0;               // its order among that event's actions (0-based)
  Instant time{};
  std::string type;     // wire name, e.g. "offer_work"
  std::string payload;  // io::encode_action_json
};

struct Snapshot {
  std::int64_t seq = 0;  // the last event included
  Instant time{};        // the engine's clock at that event
  int format = 0;        // the engine's snapshot format version
  std::string bytes;
};

struct ScenarioVersion {
  std::int64_t version = 0;  // assigned by put_scenario(): 1, 2, ...
  std::string text;          // the scenario document as given (YAML or JSON)
  Instant created{};
  std::string author;
};

struct Plan {
  std::int64_t id = 0;  // assigned by put_plan()
  std::string week;     // ISO date of the week's Monday, "2026-11-02"
  std::string kind;     // "forecast", "staffing" or "schedule"
  std::string json;
  Instant published{};
  std::string author;
};

struct TokenRecord {
  std::string id;     // public, short, shown in `tandem token list`
  std::string hash;   // a hash of the secret (the secret itself is never stored)
  std::string role;   // admin, planner, supervisor, agent, integration
  std::string team;   // for supervisors
  std::string agent;  // for agents
  std::string label;
  Instant created{};
  bool revoked = false;
};

struct Rollup {
  std::string scope;  // queue, process or "workforce"
  std::string kpi;
  Instant interval_start{};
  double numerator = 0;
  double denominator = 0;
};

struct StoreStatus {
  std::string backend;   // "sqlite" or "postgresql"
  std::string location;  // the file, or the database (never a password)
  int schema_version = 0;
  std::int64_t last_seq = 0;
  std::int64_t events = 0;
  std::int64_t actions = 0;
  std::int64_t bytes = 0;  // on disk (SQLite: file + WAL; PostgreSQL: the store's tables)
  std::optional<std::int64_t> snapshot_seq;
  std::optional<Instant> snapshot_time;
  // The schema version this store object found when it opened the store, before migrating
  // (0: it created the store): `tandem store init|migrate` report it.
  int schema_version_at_open = 0;
};

struct AppendResult {
  std::int64_t first_seq = 0;  // sequences given to the events, first..last
  std::int64_t last_seq = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Appends events (their seq is assigned in order, after the last) and actions (whose
  // event_seq refer to these events by their position: the host passes the seq it expects,
  // last_seq() + 1 + i) in one durable transaction. Nothing is kept if it fails.
  virtual Result<AppendResult> append(std::span<const EventRecord> events,
                                      std::span<const ActionRecord> actions) = 0;
  // 0 when the log is empty.
  virtual Result<std::int64_t> last_seq() = 0;
  // Events with seq > after, in order, at most `limit`.
  virtual Result<std::vector<EventRecord>> read_events(std::int64_t after, std::size_t limit) = 0;
  // Actions of the events after < seq <= through, in (event_seq, index) order.
  virtual Result<std::vector<ActionRecord>> read_actions(std::int64_t after,
                                                         std::int64_t through) = 0;
  // The event with this idempotency key, if any.
  virtual Result<std::optional<EventRecord>> find_event(std::string_view idempotency_key) = 0;

  virtual Status put_snapshot(const Snapshot& snapshot) = 0;
  virtual Result<std::optional<Snapshot>> latest_snapshot() = 0;

  virtual Result<std::int64_t> put_scenario(const ScenarioVersion& scenario) = 0;
  virtual Result<std::optional<ScenarioVersion>> latest_scenario() = 0;

  virtual Result<std::int64_t> put_plan(const Plan& plan) = 0;
  virtual Result<std::optional<Plan>> latest_plan(std::string_view week, std::string_view kind) = 0;

  virtual Status put_token(const TokenRecord& token) = 0;
  virtual Result<std::optional<TokenRecord>> find_token_by_hash(std::string_view hash) = 0;
  virtual Result<std::vector<TokenRecord>> tokens() = 0;
  virtual Status revoke_token(std::string_view id) = 0;  // NotFound when unknown

  virtual Status put_rollups(std::span<const Rollup> rollups) = 0;  // upsert by key
  virtual Result<std::vector<Rollup>> read_rollups(Instant from, Instant to) = 0;

  virtual Result<StoreStatus> status() = 0;
};

// Fault injection for tests (docs/store.md): every file write/sync (SQLite, through a VFS)
// and every round trip to the server (PostgreSQL) asks the environment first.
struct StoreEnv {
  enum class Fault : unsigned char { kNone, kDiskFull, kIoError, kConnectionLost };
  // Called before each write or round trip; a fault makes that operation fail as the real
  // one would. Empty: no faults (production).
  std::function<Fault()> fault;
};

// "sqlite:PATH" (created if missing) or "postgresql://..." / "postgres://...". Applies the
// migrations. InvalidArgument for a bad URL; Unavailable when it cannot be opened; Conflict
// when the store's schema is newer than kSchemaVersion.
Result<std::unique_ptr<Store>> open_store(std::string_view url, StoreEnv env = {});

// Calls `visit` for every event after `after`, in order, reading in pages.
Status for_each_event(Store& store, std::int64_t after,
                      const std::function<Status(const EventRecord&)>& visit);

}  // namespace tandem::store
