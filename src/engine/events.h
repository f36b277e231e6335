// SPDX-License-Identifier: Apache-2.0
// The events the engine consumes: everything that happens in the live operation (or in the
// simulator), each stamped with the Instant at which it happened. The engine reads no clock:
// an event's `time` IS the engine's time.
//
// Who sends what (the "driver" is the live adapter in the server, or the simulator):
//   - contacts: ContactArrived, ContactAbandoned, ContactEnded;
//   - back-office work items: WorkItemCreated, StepStarted, StepDone, StepFailed, WorkPaused,
//     WorkResumed, PendingCustomer, CustomerResponded, ItemCancelled;
//   - customers: SelfServiceProgress (online forms, chatbot sessions: journey only + rules);
//   - agents (people and robots): AgentLoggedIn, AgentLoggedOut, AgentStateChanged,
//     ScheduleActivityStarted;
//   - offers: OfferAccepted, OfferRejected, OfferTimedOut (the engine also expires offers by
//     itself after Policy::offer_timeout_seconds, see engine.h);
//   - planning: ForecastUpdated, CapacityPlanned;
//   - time: ClockTick (fires the engine's timers; send one at Engine::next_due()).
//
// Ids are the scenario's ids (agents, queues, processes) or the driver's own ids (contacts,
// work items, customers: any non-empty string, unique per kind). Tasks (one step of a work
// item, allocated to one person or robot) are named by the engine in its actions, see
// WorkRef. All types are plain values: copy them freely.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "model/time.h"

namespace tandem::engine {

// A unit of work that can be offered to an agent: a contact (id = the driver's contact id) or
// a task (id = the engine's task id, given in the OfferWork/AssignWork action; it has the form
// "<item id>/<step id>" with a suffix for quality checks ("~qc") and exceptions ("!exc")).
//
// Task handles (optional, for speed): the engine's actions also carry `handle`, a number naming
// the task's record. A driver that passes it back (copying the WorkRef into OfferAccepted, or
// the handle into StepDone & co.) saves the engine the id look-up; the id is still checked
// against the record, and a stale or wrong handle falls back to the id, so the outcome is always
// the one the id alone gives. 0 = no handle. Not part of equality.
// Values are stored (snapshots, the event log, the API) and never reused: a new enumerator
// takes the next free value.
enum class WorkKind : unsigned char { kContact = 0, kTask = 1 };
struct WorkRef {
  WorkKind kind = WorkKind::kContact;
  std::string id;
  std::uint64_t handle = 0;
  friend bool operator==(const WorkRef& a, const WorkRef& b) {
    return a.kind == b.kind && a.id == b.id;
  }
};

// ---- contacts (real-time queues: voice, chat) ----

// A customer contact starts waiting in a real-time queue. Deferrable work (email, back office)
// arrives as WorkItemCreated instead; a ContactArrived on a deferrable queue is rejected.
struct ContactArrived {
  Instant time;
  std::string contact;   // new, unique contact id
  std::string queue;     // Queue id (real-time channel)
  std::string customer;  // customer id for the journey; may be empty (anonymous)
};

// The customer hung up / left the chat before being answered (queued or offered).
struct ContactAbandoned {
  Instant time;
  std::string contact;
};

// The conversation ended. The agent's capacity stays held for after-contact work (unset: the
// queue's after_contact_seconds), then is freed by the engine's own timer.
struct ContactEnded {
  Instant time;
  std::string contact;
  std::string agent;  // must be the agent the contact is assigned to
  std::optional<Seconds> after_contact_work;
};

// ---- work items (back office, and deferrable single tasks such as email) ----

// A work item is received. Exactly one of `process` (it follows the process's stages) and
// `work_type` (a single task in that deferrable queue) is set.
struct WorkItemCreated {
  Instant time;
  std::string item;  // new, unique work-item id
  std::string process;
  std::string work_type;
  std::string customer;             // may be empty
  std::optional<int> priority;      // default: the first step's queue priority
  std::optional<Instant> due;       // default: from the SLA (process's, else queue's) and calendar
  std::optional<Instant> received;  // default: `time` (e.g. a letter received earlier)
};

// The assigned agent starts working on a task (tracking only: waits vs. work). The task must
// be assigned to this agent. Optional: accept alone also starts the work clock.
struct StepStarted {
  Instant time;
  std::string task;
  std::string agent;
  std::uint64_t handle = 0;  // optional: WorkRef::handle of the task
};

// The agent (or robot) completed the task; the item moves on in its process.
struct StepDone {
  Instant time;
  std::string task;
  std::string agent;
  std::uint64_t handle =
      0;  // optional: WorkRef::handle of the task  // must be the agent the task is assigned to
};

// A robot (or a person) could not complete the task: for a robot, the task becomes an
// exception task for a person holding the step's skill (or the skill a rule routes it to).
struct StepFailed {
  Instant time;
  std::string task;
  std::string agent;
  std::string reason;
  std::uint64_t handle = 0;  // optional: WorkRef::handle of the task
};

// The agent puts an assigned task aside (progress kept). It waits, paused, until WorkResumed
// puts it back in its queue.
struct WorkPaused {
  Instant time;
  std::string task;
  std::string agent;
  std::uint64_t handle = 0;  // optional: WorkRef::handle of the task
};

// A paused task goes back to its queue (progress kept) and is allocated again.
struct WorkResumed {
  Instant time;
  std::string task;
};

// The item now waits for the customer (documents, an answer). Its queued or offered tasks are
// withdrawn and wait with it. Rejected (Conflict) while one of its tasks is assigned.
struct PendingCustomer {
  Instant time;
  std::string item;
};

// The customer answered: the item's waiting tasks go back to their queues.
struct CustomerResponded {
  Instant time;
  std::string item;
};

// The item is withdrawn (customer cancelled, duplicate): all its tasks leave the system; an
// agent holding one gets a WithdrawWork action.
struct ItemCancelled {
  Instant time;
  std::string item;
  std::string reason;
};

// ---- customers ----

// Progress of a customer in self service: an online application left at step 3 of 5, a
// chatbot session. Shown in the journey; decision rules may react (e.g. abandoned half-way).
struct SelfServiceProgress {
  Instant time;
  std::string customer;
  std::string session;  // e.g. "online-application-123"
  std::string channel;  // free text, e.g. "web", "chatbot"
  int step = 0;         // steps completed so far
  int of_steps = 0;     // total steps (0 = unknown)
  bool completed = false;
  bool abandoned = false;
};

// ---- agents ----

// A person or robot of the scenario starts working (state: available). Robots log in too.
struct AgentLoggedIn {
  Instant time;
  std::string agent;
};

// The agent stops working. Offers are withdrawn; pausable tasks go back to their queues with
// progress kept; contacts and non-pausable tasks go back to the front of their queues.
struct AgentLoggedOut {
  Instant time;
  std::string agent;
};

// Values are stored (snapshots, the event log, the API) and never reused: a new enumerator
// takes the next free value.
enum class AgentState : unsigned char {
  kAvailable = 0,  // ready for work
  kNotReady = 1,   // logged in, temporarily not taking work
  kBreak = 2,
  kLunch = 3,
  kMeeting = 4,
  kTraining = 5,
};

// The agent changes availability. Leaving kAvailable: offers are withdrawn and pausable tasks
// return to their queues (progress kept); contacts and non-pausable tasks in progress stay with
// the agent until they end, but nothing new is offered.
struct AgentStateChanged {
  Instant time;
  std::string agent;
  AgentState state = AgentState::kAvailable;
};

// Values are stored (snapshots, the event log, the API) and never reused: a new enumerator
// takes the next free value.
enum class ScheduledActivity : unsigned char {
  kPhones = 0,      // front-office work only (never released to the back office)
  kBackOffice = 1,  // back-office work only
  kBlended = 2,     // the engine's blending control decides (default when no activity is known)
  kBreak = 3,
  kLunch = 4,
  kMeeting = 5,
  kTraining = 6,
  kOffline = 7,
};

// The agent's schedule says a new activity starts now and lasts until `until` (the start of the
// next one). Used for the usable chunk of time (a task is pushed only if it fits before
// `until`, or can be paused) and for which work the agent gets. Does not log anyone in or out
// and does not change AgentState: the driver sends AgentStateChanged for breaks itself.
struct ScheduleActivityStarted {
  Instant time;
  std::string agent;
  ScheduledActivity activity = ScheduledActivity::kBlended;
  Instant until;
};

// ---- offers ----

struct OfferAccepted {
  Instant time;
  std::string agent;
  WorkRef work;
};

// Rejected: the work goes back to its queue; with Policy::not_ready_on_reject the agent
// becomes kNotReady (a SetNotReady action says so).
struct OfferRejected {
  Instant time;
  std::string agent;
  WorkRef work;
};

// The driver's own timeout of an offer: same effect as OfferRejected.
struct OfferTimedOut {
  Instant time;
  std::string agent;
  WorkRef work;
};

// ---- planning ----

// The forecast of a real-time queue for one interval (blending uses the larger of the live
// smoothed rate and the forecast; the usable chunk ends when the forecast need rises).
struct ForecastUpdated {
  Instant time;
  std::string queue;
  Instant interval_start;
  Seconds interval_length{900};
  double volume = 0.0;       // contacts in the interval
  double aht_seconds = 0.0;  // 0 = the queue's mean handle time
};

// The plan's capacity for a deferrable work type (agents, may be fractional), used by the ETA.
// Unset: the number of logged-in agents holding the queue's skill.
struct CapacityPlanned {
  Instant time;
  std::string queue;
  double agents = 0.0;
};

// ---- time ----

// Time passes: fires every timer due at or before `time` (offer expiry, end of after-contact
// work, rule timers, interval boundaries) and re-evaluates blending.
struct ClockTick {
  Instant time;
};

using Event =
    std::variant<ContactArrived, ContactAbandoned, ContactEnded, WorkItemCreated, StepStarted,
                 StepDone, StepFailed, WorkPaused, WorkResumed, PendingCustomer, CustomerResponded,
                 ItemCancelled, SelfServiceProgress, AgentLoggedIn, AgentLoggedOut,
                 AgentStateChanged, ScheduleActivityStarted, OfferAccepted, OfferRejected,
                 OfferTimedOut, ForecastUpdated, CapacityPlanned, ClockTick>;

// The time of any event.
Instant time_of(const Event& event);
// The event's type name, e.g. "ContactArrived".
const char* name_of(const Event& event);
const char* to_string(AgentState state);
const char* to_string(ScheduledActivity activity);
const char* to_string(WorkKind kind);

}  // namespace tandem::engine
