// SPDX-License-Identifier: Apache-2.0
// The real-time engine: a deterministic state machine, events in -> actions out
// (docs/engine.md). It routes contacts, pushes back-office tasks, blends the two workforces,
// lets robots take robot-eligible steps, applies the scenario's decision rules, tracks every
// work item and customer journey, and predicts completion times.
//
// Contract
//   - Who calls what: one driver (the live adapter or the simulator) owns an Engine, feeds it
//     events in time order with handle(), and carries out the actions it appends (actions.h
//     says what each asks for). Queries (item, history, journey, eta, explain, agent, queue)
//     may be called between events; they never change state.
//   - Time: the engine reads no clock. handle(e) first advances the engine's clock to
//     time_of(e), firing every internal timer due at or before it in (due time, creation)
//     order: offer expiry, end of after-contact work, rule timers ("for 2 business_days"),
//     interval boundaries of the arrival-rate smoothing. The driver should send a ClockTick at
//     next_due() so timers fire on time; events at equal times are handled in the order given.
//   - Rejection: an event that breaks a rule (unknown id, duplicate id, time going backwards,
//     a completion by an agent the work is not assigned to, an event out of order for the
//     item's state) returns a non-ok Status naming the event, the id and the rule broken.
//     A rejected event changes nothing: the state is exactly what a ClockTick at its time
//     would give (an event with a time before now() is rejected before even that), and `out`
//     only holds the actions of the timers that fired. Never a crash.
//   - Determinism: the same configuration and the same event sequence give the same actions
//     in the same order and the same query answers. No I/O, no wall clock, no globals, no
//     iteration over unordered containers that affects output. Random choices (quality-check
//     sampling, robot failures by rate) come from EngineOptions::seed.
//   - Cost: each event is O(k log n) for the skills k of the agents and queues it touches
//     (no decision scans all items or all agents); see docs/engine.md for each operation.
//   - Ownership and threads: the Engine copies what it needs from the Scenario (no reference
//     is kept). Not thread-safe: one thread at a time (queries included). Movable, not copyable.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/actions.h"
#include "engine/events.h"
#include "model/planning.h"
#include "model/scenario.h"
#include "model/status.h"
#include "model/time.h"

namespace tandem::engine {

// The version of the bytes Engine::snapshot() writes (docs/engine.md "Snapshots"). Raised on
// every change of the layout; restore() reads this version only.
inline constexpr int kSnapshotFormat = 1;

struct EngineOptions {
  // The engine's clock before the first event (events before it are rejected).
  Instant start{};
  // Seed of the engine's only randomness: quality-check sampling (a hash of seed, item and
  // step: deterministic and independent of event order) and robot failures by rate.
  std::uint64_t seed = 1;
  // true: a robot's StepDone turns into a failure with the robot's Agent::failure_rate (hash
  // of seed and task). false: robots fail only when a StepFailed event says so.
  bool robot_failures_by_rate = false;
  // Keep each item's history (tracking). false saves memory in very large simulations.
  bool track_history = true;
  // Retire closed items: when an item is done or cancelled its live state is freed at once
  // (its id is forgotten: item(), history(), eta() answer NotFound, events about it are
  // rejected as unknown) and a compact record with its history waits in an archive until the
  // driver calls Engine::drain_closed_items(). false: closed items stay queryable forever.
  bool retire_closed_items = false;
  // How many queued tasks a back-office push looks at per queue to find one that fits the
  // agent's usable chunk of time (bounded look-ahead keeps the push O(k log n)).
  int chunk_lookahead = 8;
};

// Where one item (or task) is. Every task is in exactly one place; an item's place is its
// most advanced task's (assigned > offered > queued > paused > pending) or kDone/kCancelled.
// Values are stored (snapshots, the event log, the API) and never reused: a new enumerator
// takes the next free value.
enum class Place : unsigned char {
  kQueued = 0,
  kOffered = 1,
  kAssigned = 2,
  kPaused = 3,
  kPending = 4,  // waiting on the customer
  kDone = 5,
  kCancelled = 6,
};

struct TaskView {
  std::string id;
  std::string step;   // ProcessStep id ("" for a single-task item)
  std::string queue;  // Queue id
  Place place = Place::kQueued;
  std::string agent;  // when offered or assigned
  Seconds progress{0};
  bool is_exception = false;
  bool is_quality_check = false;
};

struct ItemView {
  std::string id;
  std::string customer;
  std::string process;  // empty for a single-task item
  Place place = Place::kQueued;
  int priority = 0;
  Instant received;
  Instant due;
  int stage = 0;  // current process stage (0-based)
  int stage_count = 1;
  std::vector<TaskView> open_tasks;  // tasks not done yet in the current stage
};

struct ContactView {
  std::string id;
  std::string queue;
  std::string customer;
  Place place = Place::kQueued;
  std::string agent;
  Instant arrived;
};

// Values are stored (snapshots, the event log, the API) and never reused: a new enumerator
// takes the next free value.
enum class HistoryKind : unsigned char {
  kReceived = 0,
  kQueued = 1,
  kOffered = 2,
  kOfferRejected = 3,
  kOfferExpired = 4,
  kAssigned = 5,
  kStarted = 6,
  kPaused = 7,
  kResumed = 8,
  kStepDone = 9,
  kStepFailed = 10,
  kExceptionRouted = 11,
  kQualityCheck = 12,
  kPendingCustomer = 13,
  kCustomerResponded = 14,
  kPriorityChanged = 15,
  kFollowUpCreated = 16,
  kDone = 17,
  kCancelled = 18,
};

// One line of an item's history (stored compactly, expanded here).
struct HistoryEntry {
  Instant time;
  HistoryKind kind = HistoryKind::kReceived;
  std::string task;   // empty for item-level entries
  std::string agent;  // empty when no agent is involved
};

// Values are stored (snapshots, the event log, the API) and never reused: a new enumerator
// takes the next free value.
enum class JourneyKind : unsigned char {
  kContactArrived = 0,
  kContactAnswered = 1,
  kContactAbandoned = 2,
  kContactEnded = 3,
  kItemReceived = 4,
  kItemPending = 5,
  kItemDone = 6,
  kItemCancelled = 7,
  kSelfService = 8,
};

// One step of a customer's journey across contacts, work items and self service.
struct JourneyEntry {
  Instant time;
  JourneyKind kind = JourneyKind::kContactArrived;
  std::string ref;     // contact id, item id or self-service session
  std::string detail;  // queue, process, "step 3 of 5 (abandoned)", ...
};

// The predicted completion of an open item.
struct Eta {
  Instant completion;
  Seconds queue_wait{0};         // until its current task(s) start
  Seconds remaining_work{0};     // standard handle time of the rest of its process
  int position = 0;              // 0-based place of its (first) task in its queue's order
  double capacity_agents = 0.0;  // capacity used for its queue
  bool within_due = true;        // completion <= due
};

// Values are stored (snapshots, the event log, the API) and never reused: a new enumerator
// takes the next free value.
enum class WaitReason : unsigned char {
  kNotWaiting = 0,  // offered, assigned or done
  kNoSkilledAgentLoggedIn = 1,
  kAllSkilledAgentsBusy = 2,
  kChunkTooSmall = 3,        // idle skilled agents have too little time before their next activity
  kAgentsHeldForPhones = 4,  // idle skilled agents are held on the phones by blending
  kHigherPriorityWork = 5,   // skilled agents are free but take work ahead of it first
  kPendingCustomer = 6,
  kPaused = 7,
};

struct Explanation {
  WaitReason reason = WaitReason::kNotWaiting;
  std::string text;  // one sentence for people, e.g. "all 4 agents with skill 'kyc' are busy"
  int skilled_logged_in = 0;
  int skilled_idle = 0;
  int ahead_in_queue = 0;
};

// Values are stored (snapshots, the event log, the API) and never reused: a new enumerator
// takes the next free value.
enum class AgentMode : unsigned char { kPhones = 0, kBackOffice = 1 };

struct AgentView {
  std::string id;
  bool logged_in = false;
  AgentState state = AgentState::kAvailable;
  AgentMode mode = AgentMode::kPhones;  // blending's decision (fixed for single-office agents)
  ScheduledActivity activity = ScheduledActivity::kBlended;
  std::optional<Instant> activity_until;
  double load = 0.0;  // share of capacity used, 0..1 (offered + assigned + after-contact work)
  std::vector<WorkRef> offered;
  std::vector<WorkRef> assigned;
  Instant idle_since;  // last time the agent's load changed
};

struct QueueView {
  std::string id;
  bool real_time = false;
  int waiting = 0;  // queued contacts or tasks
  std::optional<Instant> oldest_waiting_since;
  double smoothed_arrivals_per_hour = 0.0;  // real-time queues
  int phone_need = 0;    // agents blending keeps for this queue (Erlang + margin), real-time
  int phone_agents = 0;  // agents currently on the phones holding its skill
};

struct EngineStats {
  std::uint64_t events = 0;
  std::uint64_t rejected = 0;
  std::uint64_t actions = 0;
  std::size_t open_contacts = 0;
  std::size_t open_items = 0;
  std::size_t open_tasks = 0;
  std::size_t logged_in_agents = 0;
  std::size_t history_entries = 0;
  std::size_t history_bytes = 0;  // memory of the compact history
  std::size_t state_bytes = 0;    // estimated memory of the live state excluding history
};

// A closed item taken out of the live state (EngineOptions::retire_closed_items), with its
// history (empty when EngineOptions::track_history is off).
struct ClosedItem {
  std::string id;
  std::string customer;
  std::string process;         // empty for a single-task item
  std::string work_type;       // the queue of a single-task item, else empty
  Place place = Place::kDone;  // kDone or kCancelled
  Instant received;
  Instant closed;
  std::vector<HistoryEntry> history;
};

class Engine {
 public:
  // Builds an engine for a scenario with one policy. Fails (InvalidArgument) when the scenario
  // is inconsistent for the engine (unknown skill/queue/channel/site references, a site with
  // an unknown time zone) or a decision rule does not parse (file:line:column of the rule).
  static Result<Engine> create(const Scenario& scenario, const Policy& policy,
                               EngineOptions options = {});

  // The engine's whole mutable state as bytes (a header with a magic, kSnapshotFormat, a hash
  // of the configuration, the payload's length and checksum; then little-endian fixed-width
  // fields): what a live host stores so that it can restart without replaying its events.
  // Call it between events. O(size of the state). Deterministic: the same state gives the same
  // bytes, and restore() then snapshot() gives the bytes back.
  Result<std::string> snapshot() const;
  // Builds the configuration from the scenario, policy and options as create() does, then
  // loads a snapshot's state: the engine answers every query and handles every later event
  // exactly as the engine that took the snapshot. InvalidArgument for bytes that are not a
  // snapshot, of another format version, truncated, corrupt (checksum), or taken with another
  // configuration (scenario, policy or options other than `start`); Internal when the decoded
  // state breaks an invariant. Never a crash.
  static Result<Engine> restore(const Scenario& scenario, const Policy& policy,
                                EngineOptions options, std::string_view bytes);

  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;
  ~Engine();

  // Handles one event and APPENDS the resulting actions to `out` (never clears it). See the
  // contract above for time, rejection and determinism.
  Status handle(const Event& event, std::vector<Action>& out);

  // The engine's clock: the time of the last event handled (or options.start).
  Instant now() const;
  // The earliest pending internal timer, if any: send a ClockTick at that time.
  std::optional<Instant> next_due() const;

  // ---- queries (read-only) ----
  std::optional<ItemView> item(const std::string& item_id) const;
  std::optional<ContactView> contact(const std::string& contact_id) const;
  // The item's history in time order; NotFound for an unknown item.
  Result<std::vector<HistoryEntry>> history(const std::string& item_id) const;
  // A customer's contacts, items and self-service steps in time order (empty if unknown).
  std::vector<JourneyEntry> journey(const std::string& customer_id) const;
  // The predicted completion of an open item; NotFound (unknown) or Conflict (done).
  Result<Eta> eta(const std::string& item_id) const;
  // Why a contact or task (or an item's first open task) is not assigned now.
  Result<Explanation> explain(const WorkRef& work) const;
  Result<Explanation> explain_item(const std::string& item_id) const;
  std::optional<AgentView> agent(const std::string& agent_id) const;
  std::optional<QueueView> queue(const std::string& queue_id) const;
  EngineStats stats() const;

  // The items retired since the last call, in closing order (and forgets them). Empty unless
  // EngineOptions::retire_closed_items; call it now and then, or the archive keeps growing.
  std::vector<ClosedItem> drain_closed_items();

  // Checks every invariant of the state (O(size of the state): for tests and debug builds):
  // no agent over capacity; no work offered/assigned twice; skills match; every task and
  // contact in exactly one place; queue orders respected; parallel branches joined before the
  // next stage. Internal (with the broken invariant) on failure.
  Status check_invariants() const;

 private:
  struct State;
  explicit Engine(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

const char* to_string(Place place);
const char* to_string(HistoryKind kind);
const char* to_string(JourneyKind kind);
const char* to_string(WaitReason reason);
const char* to_string(AgentMode mode);

}  // namespace tandem::engine
