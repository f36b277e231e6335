// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine (not part of its API): the state of Engine and the helpers that
// change it, defined across engine.cpp (the clock, timers and settling), lookups.cpp (ids),
// contact_events.cpp, work_item_events.cpp, agent_events.cpp (one handler per event),
// routing.cpp (pools, offers, dispatch), work_items.cpp (processes), blending.cpp, tracking.cpp
// (history, journey, ETA, explain), rules_apply.cpp, snapshot*.cpp and invariants.cpp; the
// configuration is filled by compile.cpp (internal/compile.h).
//
// The state is composed of one part per concern, each in its own header under internal/:
// the configuration (config.h, fixed after create), timers (timer_state.h), routing
// (routing_state.h), blending (blending_state.h), work items (work_item_state.h) and tracking
// (tracking_state.h). The parts are bases, so a helper names a field directly; a helper that
// needs only one part is that part's member.
//
// Everything is indexed by dense integer ids given at construction (agents, skills, queues,
// channels, processes) or at creation events (contacts, items, tasks, customers: slot vectors
// with free lists). String ids are mapped once at the edge of handle(). Ordered containers
// only: output never depends on hash order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/engine.h"
#include "engine/internal/basics.h"
#include "engine/internal/blending_state.h"
#include "engine/internal/config.h"
#include "engine/internal/routing_state.h"
#include "engine/internal/timer_state.h"
#include "engine/internal/tracking_state.h"
#include "engine/internal/work_item_state.h"
#include "engine/rules.h"

namespace tandem::engine::detail {

class ByteWriter;  // internal/byte_io.h

// The state of one engine (Engine::State is this type).
struct EngineState : EngineConfig,
                     TimerState,
                     RoutingState,
                     BlendingState,
                     WorkItemState,
                     TrackingState {
  std::vector<Action>* out = nullptr;  // the current handle() call's output
  EngineStats stats;

  // ---- engine.cpp: events ----
  Status dispatch_event(const Event& event);
  void advance_clock(Time t);
  void fire_timer(const Timer& timer);
  bool timer_live(const Timer& timer) const;  // false: firing it would do nothing
  void drop_dead_timers() const;
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
  void mark_blending(Idx queue);
  void settle();
  Status offer_declined(const std::string& agent, const WorkRef& work, bool expired,
                        const char* event);

  // look-ups (kNone when unknown; find_agent, find_item, find_contact are the parts')
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
