// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine (not part of its API): the state of Engine and the helpers that
// change it, defined across engine.cpp (events), routing.cpp (pools, offers, dispatch),
// work_items.cpp (processes), blending.cpp, tracking.cpp (history, journey, ETA, explain),
// rules_apply.cpp, snapshot.cpp and invariants.cpp; the configuration is filled by compile.cpp
// (internal/compile.h).
//
// Everything is indexed by dense integer ids given at construction (agents, skills, queues,
// channels, processes) or at creation events (contacts, items, tasks, customers: slot vectors
// with free lists). String ids are mapped once at the edge of handle(). Ordered containers
// only: output never depends on hash order.
#pragma once

#include <compare>
#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <queue>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/block_set.h"
#include "engine/engine.h"
#include "engine/eta.h"
#include "engine/history_log.h"
#include "engine/id_index.h"
#include "engine/rules.h"
#include "engine/timer_queue.h"
#include "model/calendar.h"
#include "staffing/staffing.h"

namespace tandem::engine::detail {

class ByteWriter;  // internal/byte_io.h

using Idx = std::uint32_t;
inline constexpr Idx kNone = std::numeric_limits<Idx>::max();
using Time = std::int64_t;  // seconds since the epoch (UTC)
inline constexpr Time kNever = std::numeric_limits<Time>::max() / 4;
// An agent's capacity in units: a channel with concurrency c costs kCapacityUnits / c per item
// (exact for c = 1..16, the least common multiple of 1..16 divides 720720 * ...; larger c round
// down, which never lets an agent exceed its capacity).
inline constexpr std::int32_t kCapacityUnits = 720720;
inline constexpr std::uint16_t kSingleStep = 0xffff;

inline Time to_time(Instant t) { return t.time_since_epoch().count(); }
inline Instant to_instant(Time t) { return Instant{Seconds{t}}; }

// Order in a queue: higher priority first, then the smaller `slack_ref` (a task's deadline minus
// its remaining work, a contact's arrival), then the older `age_ref`, then creation order.
struct QueueKey {
  std::int32_t neg_priority = 0;
  Time slack_ref = 0;
  Time age_ref = 0;
  Idx work = kNone;
  auto operator<=>(const QueueKey&) const = default;
};
using QueueSet = BlockSet<QueueKey>;

// Order of the agents in a skill pool: least loaded first, then (best proficiency first when the
// policy says so), then longest idle, then agent index.
struct PoolKey {
  std::int32_t used = 0;
  float proficiency = 0.0f;  // 0 unless AgentSelection::kBestProficiency
  Time idle_since = 0;
  Idx agent = kNone;
  auto operator<=>(const PoolKey&) const = default;
};
using Pool = std::set<PoolKey>;

// Order of the blended agents in a real-time queue's blending sets (see blending.cpp). On the
// phones (release order): rank 0 idle, 1 busy; then longest on the phones (`since` = when the
// agent's mode last changed). Released (recall order): rank 0 idle, 1 holding only work a recall
// pauses or withdraws, 2 holding other work; then longest released.
struct BlendKey {
  std::int32_t rank = 0;
  Time since = 0;
  Idx agent = kNone;
  auto operator<=>(const BlendKey&) const = default;
};
using BlendSet = std::set<BlendKey>;

struct ForecastInterval {
  Time length = 900;
  double volume = 0.0;
  double aht_seconds = 0.0;
};

struct QueueInfo {
  std::string id;
  Idx skill = kNone;
  Idx channel = kNone;
  bool real_time = false;
  bool pausable = false;
  bool synthetic = false;  // an exception queue made for a "route skill" rule
  // Back-office work (a process step's or quality check's work type, or an exception queue);
  // the other deferrable queues (email, call-backs) are front-office contact queues.
  bool back_office = false;
  int priority = 1;
  double aht_seconds = 300.0;
  double acw_seconds = 0.0;
  double sl_target = 0.8;  // share answered within sl_seconds
  double sl_seconds = 20.0;
  // What blending asks the staffing module for (real-time queues): every target of the queue's
  // SLA (service level, ASA, abandonment when the patience is known: Erlang A), and the
  // channel's concurrency (a chat agent is `concurrency` servers).
  staffing::StaffingTargets staffing_targets;
  std::optional<double> patience_seconds;
  int concurrency = 1;
  Idx calendar = kNone;
  std::optional<Deadline> deadline;
  // live
  QueueSet human;                  // waiting contacts (real-time) or tasks for people
  QueueSet robot;                  // waiting robot-only tasks
  double planned_capacity = -1.0;  // CapacityPlanned; < 0: unset
  // Observed throughput (deferrable queues): tasks handed to people / to robots (eta.h).
  StartLog human_starts, robot_starts;
  StartLog arrivals;  // tasks created in it (eta.cpp: its inflow rate)
  // blending (real-time queues)
  double smoothed_rate = 0.0;  // arrivals per second
  std::int64_t interval_count = 0;
  int target = 0;       // agents blending keeps on the phones for this queue
  int phone_count = 0;  // available agents on the phones holding the skill
  // The same agents as blending counts them: one holding k real-time queues counts 1/k in each
  // (in units of 1/kPhoneShare), so an agent shared by two lines is not counted twice.
  std::int64_t phone_share = 0;
  Time forecast_rise_at = kNever;
  std::map<Time, ForecastInterval> forecast;
  BlendSet phone_blended;   // blended agents on the phones holding this skill (release order)
  BlendSet office_blended;  // blended agents released holding this skill (recall order)
  // The deferrable queues some blended agent holds together with this real-time queue (sorted),
  // and per entry the blended agents on the phones holding both: release picks from the entries
  // whose queue has the most urgent waiting work first.
  std::vector<Idx> blend_office_queues;
  std::vector<BlendSet> phone_blended_by_office;
  // Agents needed, memoised per (rate bucket of 0.1 %, AHT in seconds): see blending.cpp.
  mutable std::map<std::pair<std::int64_t, std::int64_t>, int> erlang_memo;
  // The last question and answer (most evaluations ask again with the same rate and AHT).
  mutable double last_need_rate = -1.0;  // at the queue's own AHT
  mutable int last_need = 0;
};

struct StepInfo {
  std::string id;
  Idx queue = kNone;
  double mean_seconds = 0.0;
  bool robot_only = false;  // robot-eligible and some robot holds the skill
  double qc_rate = 0.0;
  Idx qc_queue = kNone;
  std::uint16_t stage = 0;
  std::uint16_t branch = 0;
  std::uint16_t next = kSingleStep;  // next step of the branch
  double branch_rest_seconds = 0.0;  // this step and the rest of its branch
  double pending_seconds = 0.0;      // expected wait for the customer after it (probability x mean)
};

struct ProcessInfo {
  std::string id;
  std::vector<StepInfo> steps;  // stage order, branches in order
  std::vector<std::vector<std::uint16_t>> stage_first_steps;
  std::vector<double> work_after_stage;  // work of the stages after stage s (longest branches)
  std::optional<Deadline> deadline;
  Idx calendar = kNone;
};

struct WorkHandle {
  WorkKind kind = WorkKind::kContact;
  Idx idx = kNone;
  friend bool operator==(const WorkHandle&, const WorkHandle&) = default;
};

// The number a WorkRef carries for a task (its index + 1; 0 for a contact): find_task's hint.
inline std::uint64_t handle_number(WorkHandle w) {
  return w.kind == WorkKind::kTask ? std::uint64_t{w.idx} + 1 : 0;
}

inline constexpr std::int64_t kPhoneShare = 2520;  // divisible by 1, 2, ..., 10

struct AgentRec {
  std::string id;
  Idx team = kNone;
  bool robot = false;
  double failure_rate = 0.0;
  std::vector<std::pair<Idx, float>> skills;  // (skill, proficiency), sorted by skill
  std::vector<Idx> rt_queues;                 // real-time queues of its skills
  std::vector<Idx> office_queues;             // deferrable queues of its skills
  std::vector<std::int32_t> cost;             // capacity units per channel
  bool blended_capable = false;
  bool back_office_team = false;  // its team's office (Team::office, or derived)
  // live
  bool logged_in = false;
  AgentState state = AgentState::kAvailable;
  ScheduledActivity activity = ScheduledActivity::kBlended;
  Time activity_until = kNever;
  AgentMode mode = AgentMode::kPhones;
  Time mode_since = 0;
  std::int32_t used = 0;
  Time idle_since = 0;
  std::vector<WorkHandle> works;  // offered and assigned
  // where the agent is indexed (so that it can be removed exactly)
  bool in_pools = false;
  std::vector<Pool::node_type> spare_nodes;  // pool nodes kept while out of the pools (no malloc)
  PoolKey pool_key;
  AgentMode pool_mode = AgentMode::kPhones;
  bool in_blend_sets = false;
  std::vector<BlendSet::node_type> spare_blend_nodes;
  BlendKey blend_key;
  AgentMode blend_mode = AgentMode::kPhones;
  bool counted_on_phones = false;
  std::int64_t phone_share = 0;  // kPhoneShare / number of real-time queues held (set at create)
  bool counted_logged_in = false;
};

struct ContactRec {
  std::string id;
  Idx queue = kNone;
  Idx customer = kNone;
  Idx agent = kNone;
  Place place = Place::kQueued;
  bool live = false;
  bool after_work = false;  // assigned, in after-contact work
  std::uint32_t gen = 0;
  std::int32_t cost = 0;
  Time arrived = 0;
  Time since = 0;
  QueueKey key;
};

enum TaskFlag : std::uint8_t {
  kTaskQualityCheck = 1,
  kTaskException = 2,
  kTaskRobotOnly = 4,
  kTaskDuringContact = 8,
};

struct TaskRec {
  Idx item = kNone;
  Idx queue = kNone;
  Idx agent = kNone;
  std::uint16_t step = kSingleStep;
  Place place = Place::kQueued;
  std::uint8_t flags = 0;
  bool live = false;
  std::int32_t progress = 0;  // standard seconds done
  std::int32_t cost = 0;
  std::uint32_t gen = 0;
  Time since = 0;  // entered its place (work clock start when assigned)
  QueueKey key;
};

// One compact history line (16 bytes): in the shared log (EngineState::history_log), linked to
// the item's previous line; in an archived item's vector (prev unused).
struct HistoryRec {
  std::int32_t time = 0;  // seconds since EngineState::history_origin (68 years of range)
  Idx agent = kNone;
  Idx prev = kNone;  // the item's previous line in the log (kNone: its first)
  std::uint16_t step = kSingleStep;
  HistoryKind kind = HistoryKind::kReceived;
  std::uint8_t task_flags = 0;
};
static_assert(sizeof(HistoryRec) == 16);

struct ItemRec {
  std::string id;
  Idx customer = kNone;
  Idx process = kNone;
  Idx work_type = kNone;  // single-task items
  std::int32_t priority = 1;
  Time received = 0;
  Time due = 0;
  Time pending_since = 0;
  std::uint32_t gen = 0;          // changes when pending starts/ends (rule timers)
  std::uint32_t incarnation = 0;  // changes when the slot is reused (retired items)
  bool retired = false;           // a free slot (EngineOptions::retire_closed_items)
  std::uint16_t stage = 0;
  std::uint16_t branches_left = 0;
  Place place = Place::kQueued;  // kDone / kCancelled when closed; kPending when pending
  bool follow_up = false;        // created by a rule: fires no create_task rules (no chains)
  std::vector<Idx> open_tasks;
  Idx history_last = kNone;  // its last line in EngineState::history_log
};

// A retired item's record, waiting in the archive until Engine::drain_closed_items().
struct ClosedItemRec {
  std::string id;
  Idx customer = kNone;
  Idx process = kNone;
  Idx work_type = kNone;
  Place place = Place::kDone;
  Time received = 0;
  Time closed = 0;
  std::vector<HistoryRec> history;
};

struct JourneyRec {
  Time time = 0;
  JourneyKind kind = JourneyKind::kContactArrived;
  std::string ref;
  std::string detail;
};

struct CustomerRec {
  std::string id;
  std::vector<JourneyRec> journey;
};

// Values are stored (snapshots, the event log, the API) and never reused: a new enumerator
// takes the next free value.
enum class TimerKind : std::uint8_t {
  kOfferExpiry = 0,
  kAfterWorkEnd = 1,
  kServiceLevelCheck = 2,
  kIntervalBoundary = 3,
  kRule = 4,
};

struct Timer {
  Time due = 0;
  std::uint64_t seq = 0;
  TimerKind kind = TimerKind::kOfferExpiry;
  WorkKind work_kind = WorkKind::kContact;
  Idx target = kNone;
  std::uint32_t gen = 0;
  std::uint32_t extra = 0;
  std::uint32_t incarnation = 0;  // rule timers: the item slot's incarnation
  bool operator>(const Timer& o) const { return due != o.due ? due > o.due : seq > o.seq; }
};

// The state of one engine (Engine::State is this type).
struct EngineState {
  // ---- configuration (fixed after create) ----
  Policy policy;
  EngineOptions options;
  std::vector<std::string> skill_ids;
  std::vector<std::string> channel_ids;
  std::vector<bool> channel_real_time;
  std::vector<bool> channel_pausable;
  std::vector<std::string> team_ids;
  std::vector<BusinessCalendar> calendars;
  Idx default_calendar = kNone;
  std::vector<QueueInfo> queues;
  std::vector<Idx> rt_queue_list;
  std::vector<ProcessInfo> processes;
  std::vector<AgentRec> agents;
  std::vector<Rule> rules;
  std::unordered_map<std::string, Idx, IdHash> skill_index, queue_index, process_index;
  IdIndex agent_index;                          // ids in agents[i].id
  std::map<Idx, Idx> exception_queue_of_skill;  // synthetic queues for "route skill" rules
  Time interval_seconds = 900;
  // A hash of everything above (and of the sites' calendars): a snapshot records it, and
  // restore() refuses a snapshot whose engine was built from another configuration.
  std::uint64_t config_hash = 0;

  // ---- live state ----
  Time now = 0;
  std::uint64_t timer_seq = 0;
  // Timers are deleted lazily: a dead one (its offer accepted, its contact answered, its item
  // closed) is dropped when it reaches the top (also by the const next_due(), hence mutable).
  mutable TimerQueue<Timer> timers;
  std::vector<Pool> pools_phones, pools_office, pools_robot;  // per skill
  std::vector<int> logged_in_with_skill;                      // per skill
  std::vector<ContactRec> contacts;
  std::vector<Idx> free_contacts;
  IdIndex contact_index;  // live contacts; ids in contacts[c].id
  std::vector<TaskRec> tasks;
  std::vector<Idx> free_tasks;
  std::deque<ItemRec> items;           // a deque: no big moves while it grows
  std::vector<Idx> free_items;         // retired slots for reuse
  std::vector<ClosedItemRec> archive;  // retired items not yet drained
  IdIndex item_index;                  // ids in items[i].id
  std::vector<CustomerRec> customers;
  IdIndex customer_index;  // ids in customers[c].id
  Time interval_start = 0;
  std::vector<Action>* out = nullptr;  // the current handle() call's output
  EngineStats stats;
  std::size_t open_items = 0;
  std::size_t open_tasks = 0;
  std::size_t logged_in_agents = 0;
  std::size_t history_entries = 0;
  HistoryLog<HistoryRec> history_log;  // every live item's history lines
  Time history_origin = 0;             // HistoryRec::time is relative to it (options.start)
  std::size_t history_dead = 0;        // lines of retired items still in the log
  // work to dispatch at the end of the event (in this order: agents, queues, blending)
  std::vector<Idx> dirty_agents, dirty_queues, dirty_blending;
  std::vector<Idx> scratch_agents, scratch_queues, scratch_blending;  // no allocation per event
  std::vector<Idx> blend_candidates;
  std::vector<std::pair<QueueKey, Idx>> blend_urgent;  // (head key, entry) of waiting work
  // set during an offer rejection so that the rejecting agent is not offered the same work again
  WorkHandle skip_work;
  Idx skip_agent = kNone;

  // ---- engine.cpp: events ----
  Status dispatch_event(const Event& event);
  void advance_clock(Time t);
  void fire_timer(const Timer& timer);
  bool timer_live(const Timer& timer) const;  // false: firing it would do nothing
  void drop_dead_timers() const;
  void add_timer(Time due, TimerKind kind, WorkKind work_kind, Idx target, std::uint32_t gen,
                 std::uint32_t extra = 0, std::uint32_t incarnation = 0);
  Status on(const ContactArrived& e);
  Status on(const ContactAbandoned& e);
  Status on(const ContactEnded& e);
  Status on(const WorkItemCreated& e);
  Status on(const StepStarted& e);
  Status on(const StepDone& e);
  Status on(const StepFailed& e);
  Status on(const WorkPaused& e);
  Status on(const WorkResumed& e);
  Status on(const PendingCustomer& e);
  Status on(const CustomerResponded& e);
  Status on(const ItemCancelled& e);
  Status on(const SelfServiceProgress& e);
  Status on(const AgentLoggedIn& e);
  Status on(const AgentLoggedOut& e);
  Status on(const AgentStateChanged& e);
  Status on(const ScheduleActivityStarted& e);
  Status on(const OfferAccepted& e);
  Status on(const OfferRejected& e);
  Status on(const OfferTimedOut& e);
  Status on(const ForecastUpdated& e);
  Status on(const CapacityPlanned& e);
  Status on(const ClockTick& e);
  void mark_agent(Idx agent);
  void mark_queue(Idx queue);
  void mark_blending(Idx queue);
  void settle();
  Status offer_declined(const std::string& agent, const WorkRef& work, bool expired,
                        const char* event);

  // look-ups (nullptr / kNone when unknown)
  Idx find_agent(std::string_view id) const;
  Idx find_item(std::string_view id) const;
  Idx find_contact(std::string_view id) const;
  void unindex_contact(Idx contact);
  Idx find_task(const std::string& id) const;  // "<item>/<step>[~qc|!exc]" among open tasks
  // The same answer, trying the handle (WorkRef::handle) first: a live task named `id`.
  Idx find_task(const std::string& id, std::uint64_t handle) const;
  bool task_id_is(Idx task, std::string_view id) const;  // task_id(task) == id, no allocation
  // For events about a task in an agent's hands: finds both and checks the task is assigned
  // to that agent; the rejection names the event `ev`, the ids and the rule broken.
  Status find_assigned_task(const char* ev, const std::string& task_id, std::uint64_t handle,
                            const std::string& agent_id, Idx& task, Idx& agent) const;
  Idx customer_of(const std::string& id);  // creates on first use; kNone for ""
  std::string task_id(Idx task) const;
  std::string work_id(WorkHandle w) const;
  void write_work_id(WorkHandle w, std::string& out) const;  // work_id(w) into `out` (reused)
  WorkRef work_ref(WorkHandle w) const;

  // ---- routing.cpp: agents, pools, offers ----
  bool agent_available(const AgentRec& a) const;
  bool agent_takes_work(const AgentRec& a) const;
  void reindex_agent(Idx agent);  // pools, blending sets and counters from the agent's state
  void unindex_agent(Idx agent);
  std::int32_t cost_for(const AgentRec& a, Idx queue) const;
  float proficiency_of(const AgentRec& a, Idx skill) const;
  Time usable_chunk_end(const AgentRec& a) const;
  bool task_fits(const AgentRec& a, Idx task) const;
  double remaining_work_seconds(Idx task) const;
  void enqueue_contact(Idx contact);
  void dequeue_contact(Idx contact);
  void enqueue_task(Idx task);
  void dequeue_task(Idx task);
  QueueKey task_key(Idx task) const;
  void give(Idx agent, WorkHandle work);       // offer or assign
  void take_back(Idx agent, WorkHandle work);  // remove from the agent, free its capacity
  void dispatch_agent(Idx agent);
  void dispatch_queue(Idx queue);
  Idx pick_agent_for_contact(Idx contact) const;
  Idx pick_agent_for_task(Idx task) const;
  // The pool of people a queue's tasks are offered from: the back-office agents; with blending
  // off, the front-office agents (on the phones) for front-office queues.
  const Pool& task_pool(Idx queue) const;
  // Agents held on the phones who may take this queue's tasks too (email under blending), or null.
  const Pool* held_task_pool(Idx queue) const;
  WorkHandle pick_work_for_agent(Idx agent) const;
  void release_agent_work(Idx agent, bool logging_out);

  // ---- work_items.cpp: processes ----
  Idx new_task(Idx item, Idx queue, std::uint16_t step, std::uint8_t flags);
  void free_task(Idx task);
  void start_stage(Idx item, std::uint16_t stage);
  void complete_task(Idx task);
  void fail_task(Idx task, const std::string& reason);
  void close_item(Idx item, Place final_place);
  void retire_item(Idx item);  // moves a closed item to the archive and frees its slot
  void requeue_task(Idx task);
  // Takes a task from the agent's hands back to its queue, keeping its progress (at the
  // agent's proficiency) and telling the driver to pause it for `reason`.
  void pause_held_task(Idx agent, WorkHandle task, PauseReason reason);
  void history(Idx item, HistoryKind kind, Idx agent = kNone, Idx task = kNone);
  std::vector<HistoryRec> history_of(const ItemRec& item) const;  // its lines, oldest first
  void compact_history();  // drops retired items' lines from the log
  void journey(Idx customer, JourneyKind kind, std::string ref, std::string detail);
  Time deadline_from(Time received, const std::optional<Deadline>& deadline, Idx calendar) const;
  Time add_duration(Time from, const RuleDuration& d, Idx calendar) const;
  Idx calendar_of_item(const ItemRec& item) const;
  Idx queue_of_item(const ItemRec& item) const;  // queue of its first open task
  Idx create_item(const std::string& id, Idx customer, Idx process, Idx work_type,
                  std::optional<int> priority, std::optional<Time> due, Time received);
  void notify_customer(Idx item, CustomerStatus status);
  void set_priority(Idx item, int priority);
  std::uint64_t hash_of(const std::string& text, std::uint64_t salt) const;

  // ---- blending.cpp ----
  void roll_intervals(Time t);
  void evaluate_blending(Idx queue);
  int erlang_need(Idx queue, double rate_per_second, double aht) const;
  double effective_rate(const QueueInfo& q) const;
  void recall(Idx agent, Idx queue);
  void release(Idx agent);
  // Releases up to `count` agents of `set` (release order) from the phones of real-time queue
  // `queue`, skipping agents recalled less than one interval ago and agents another real-time
  // queue of theirs still needs; returns how many were released.
  int release_from(const BlendSet& set, int count);
  std::int32_t recall_rank(const AgentRec& a) const;
  AgentMode natural_mode(const AgentRec& a) const;

  // ---- rules_apply.cpp ----
  void rules_on_item(RuleTrigger trigger, Idx item);
  void rules_on_timer(Idx rule, Idx item);
  Idx exception_queue_for(Idx task);
  void rules_on_self_service(const SelfServiceProgress& e, Idx customer);
  void rules_on_contact_abandoned(Idx contact);
  bool item_conditions_hold(const Rule& rule, Idx item) const;
  void apply_item_action(const Rule& rule, Idx rule_index, Idx item);
  void create_follow_up(const Rule& rule, const std::string& from, Idx customer);
  void arm_slack_timers(Idx item);

  // ---- tracking.cpp (and eta.cpp: eta_of) ----
  Eta eta_of(Idx item) const;
  // ETA helpers (eta.cpp): task `task` handed to an agent or robot (its queue's throughput,
  // O(1)), and the expected wait (business seconds) until `ahead` tasks of a queue's people
  // (or robots) are served: observed throughput, else capacity (capacity_agents: the agents
  // it amounts to).
  void note_task_start(Idx task);
  void note_task_created(Idx queue);                                // O(1), as note_task_start
  double open_seconds_since(const StartLog& log, Idx queue) const;  // its last start (backlogged)
  double observed_rate(const StartLog& log) const;  // per open second over ~a day; 0: untrusted
  double load_of(Idx queue, bool robot) const;      // inflow / service rate (1 when unknown)
  double expected_wait_seconds(Idx queue, bool robot, double ahead, double* capacity_agents) const;
  Explanation explain_task(Idx task) const;
  Explanation explain_contact(Idx contact) const;
  std::vector<HistoryEntry> expand_history(const std::string& item_id, Idx process, Idx work_type,
                                           const std::vector<HistoryRec>& history) const;

  // ---- snapshot.cpp ----
  std::uint64_t compute_config_hash(const Scenario& scenario) const;
  void save(ByteWriter& w) const;         // the payload of Engine::snapshot()
  Status load(std::string_view payload);  // into a state fresh from create()

  // ---- invariants.cpp ----
  Status check() const;
};

}  // namespace tandem::engine::detail

namespace tandem::engine {
struct Engine::State : detail::EngineState {};
}  // namespace tandem::engine
