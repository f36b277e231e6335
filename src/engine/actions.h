// SPDX-License-Identifier: Apache-2.0
// The actions the engine emits: instructions to the live operation (or the simulator) and
// notices of its own decisions. Every action carries the time of the event that caused it.
//
// What the driver must do with each (a simulator plays the agent/customer side):
//   OfferWork        show the work to the agent; answer with OfferAccepted / OfferRejected
//                    (or nothing: the engine expires the offer at `expires` itself).
//   AssignWork       the work is the agent's now (robots, Policy::offer_timeout_seconds == 0,
//                    or a pull by StepStarted): no answer expected; report StepDone / StepFailed
//                    (tasks) or ContactEnded (contacts) when the work is finished.
//   WithdrawWork     the offer or assignment no longer stands (abandoned, cancelled, expired,
//                    agent logged out or left kAvailable): drop it, send nothing back.
//   PauseTask        the engine paused the agent's task (recall to the phones or the agent
//                    became unavailable): progress is kept and the task is back in its queue.
//   RecallToPhones / ReleaseToBackOffice
//                    blending moved the agent; informational (the engine already routes
//                    accordingly). A recalled agent with a non-pausable task finishes it first.
//   SetNotReady      the engine put the agent in AgentState::kNotReady (offer rejected or
//                    expired with Policy::not_ready_on_reject); the driver sends
//                    AgentStateChanged{kAvailable} when the agent is ready again.
//   CreateFollowUp   the engine created a new work item (a decision rule): it is in the engine
//                    already (as if WorkItemCreated had been sent); informational.
//   RouteException   a failed task became an exception task for a person (informational; the
//                    exception task itself is offered by a later OfferWork).
//   NotifyCustomer   tell the customer the status and the expected completion.
//   Escalate         a decision rule asks a supervisor to look at the item.
//   PriorityChanged  a decision rule changed an item's priority (informational).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "engine/events.h"
#include "model/time.h"

namespace tandem::engine {

struct OfferWork {
  Instant time;
  std::string agent;
  WorkRef work;
  std::string item;   // the work item of a task; empty for a contact
  std::string queue;  // Queue id the work comes from
  Instant expires;    // the engine withdraws the offer then unless accepted
  // Work already done on this task before (paused earlier), in standard seconds; the remaining
  // handle time is the step's handle time minus this (times the agent's proficiency).
  Seconds progress{0};
};

struct AssignWork {
  Instant time;
  std::string agent;
  WorkRef work;
  std::string item;
  std::string queue;
  Seconds progress{0};
};

// Values are stored (snapshots, the event log, the API) and never reused: a new enumerator
// takes the next free value.
enum class WithdrawReason : unsigned char {
  kOfferExpired = 0,
  kAbandoned = 1,
  kCancelled = 2,
  kAgentUnavailable = 3,
  kPendingCustomer = 4,
};

struct WithdrawWork {
  Instant time;
  std::string agent;
  WorkRef work;
  WithdrawReason reason = WithdrawReason::kOfferExpired;
};

// Values are stored (snapshots, the event log, the API) and never reused: a new enumerator
// takes the next free value.
enum class PauseReason : unsigned char { kRecallToPhones = 0, kAgentUnavailable = 1 };

struct PauseTask {
  Instant time;
  std::string agent;
  std::string task;
  Seconds progress{0};  // standard seconds of work done so far (kept)
  PauseReason reason = PauseReason::kRecallToPhones;
};

struct RecallToPhones {
  Instant time;
  std::string agent;
  std::string queue;  // the real-time queue whose need triggered the recall
};

struct ReleaseToBackOffice {
  Instant time;
  std::string agent;
};

struct SetNotReady {
  Instant time;
  std::string agent;
  std::string reason;
};

struct CreateFollowUp {
  Instant time;
  std::string item;       // the new work item's id ("<source item>+<rule id>")
  std::string from_item;  // the item (or self-service session) that triggered it
  std::string customer;
  std::string work_type;  // Queue id of its single task
  std::string rule;       // DecisionRuleSource id
};

struct RouteException {
  Instant time;
  std::string task;         // the exception task's id
  std::string failed_task;  // the task that failed
  std::string skill;        // who may take it
  std::string reason;
};

// Values are stored (snapshots, the event log, the API) and never reused: a new enumerator
// takes the next free value.
enum class CustomerStatus : unsigned char {
  kReceived = 0,
  kInProgress = 1,
  kPendingCustomer = 2,
  kDone = 3
};

struct NotifyCustomer {
  Instant time;
  std::string customer;
  std::string item;
  CustomerStatus status = CustomerStatus::kReceived;
  std::optional<Instant> eta;
};

struct Escalate {
  Instant time;
  std::string item;
  std::string rule;
  std::string reason;
};

struct PriorityChanged {
  Instant time;
  std::string item;
  int priority = 0;
  std::string rule;
};

using Action = std::variant<OfferWork, AssignWork, WithdrawWork, PauseTask, RecallToPhones,
                            ReleaseToBackOffice, SetNotReady, CreateFollowUp, RouteException,
                            NotifyCustomer, Escalate, PriorityChanged>;

Instant time_of(const Action& action);
// The action's type name, e.g. "OfferWork".
const char* name_of(const Action& action);
// One line, e.g. "OfferWork agent=a1 work=contact:c7 queue=voice expires=...", for logs/tests.
std::string to_string(const Action& action);
const char* to_string(WithdrawReason reason);
const char* to_string(PauseReason reason);
const char* to_string(CustomerStatus status);

}  // namespace tandem::engine
