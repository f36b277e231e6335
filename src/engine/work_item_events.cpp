// SPDX-License-Identifier: Apache-2.0
// The handlers of the work-item events (created, steps started, done, failed, paused,
// resumed, pending the customer, cancelled, self-service progress). Every handler validates the
// event completely before it changes anything.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/internal/rejections.h"
#include "engine/state.h"

namespace tandem::engine::detail {

Status EngineState::on(const WorkItemCreated& e) {
  static constexpr const char* kEv = "WorkItemCreated";
  if (e.item.empty()) return reject(StatusCode::kInvalidArgument, kEv, "empty item id");
  if (e.item.find('/') != std::string::npos) {
    return reject(StatusCode::kInvalidArgument, kEv, "item id '" + e.item + "' contains '/'");
  }
  if (find_item(e.item) != kNone) {
    return reject(StatusCode::kConflict, kEv, "item '" + e.item + "' already exists");
  }
  if (e.process.empty() == e.work_type.empty()) {
    return reject(StatusCode::kInvalidArgument, kEv,
                  "item '" + e.item + "': set exactly one of process and work_type");
  }
  Idx process = kNone;
  Idx work_type = kNone;
  if (!e.process.empty()) {
    auto p = process_index.find(e.process);
    if (p == process_index.end()) return unknown(kEv, "process", e.process);
    process = p->second;
  } else {
    auto q = queue_index.find(e.work_type);
    if (q == queue_index.end()) return unknown(kEv, "work type", e.work_type);
    if (queues[q->second].real_time) {
      return reject(StatusCode::kInvalidArgument, kEv,
                    "work type '" + e.work_type + "' is a real-time queue (send ContactArrived)");
    }
    work_type = q->second;
  }
  if (e.received && to_time(*e.received) > now) {
    return reject(StatusCode::kInvalidArgument, kEv,
                  "item '" + e.item + "' received in the future");
  }
  const Time received = e.received ? to_time(*e.received) : now;
  std::optional<Time> due;
  if (e.due) due = to_time(*e.due);
  const Idx item =
      create_item(e.item, customer_of(e.customer), process, work_type, e.priority, due, received);
  rules_on_item(RuleTrigger::kItemCreated, item);
  return Status::ok();
}

Status EngineState::on(const StepStarted& e) {
  static constexpr const char* kEv = "StepStarted";
  const Idx t = find_task(e.task, e.handle);
  if (t == kNone) return unknown(kEv, "open task", e.task);
  const Idx agent = find_agent(e.agent);
  if (agent == kNone) return unknown(kEv, "agent", e.agent);
  TaskRec& task = tasks[t];
  AgentRec& a = agents[agent];
  if (task.place == Place::kAssigned) {
    if (task.agent != agent) {
      return reject(StatusCode::kConflict, kEv,
                    "task '" + e.task + "' is assigned to agent '" + agents[task.agent].id + "'");
    }
    history(task.item, HistoryKind::kStarted, agent, t);
    return Status::ok();
  }
  if (task.place == Place::kOffered && task.agent == agent) {
    return reject(StatusCode::kConflict, kEv,
                  "task '" + e.task + "' is offered to agent '" + e.agent + "': accept it first");
  }
  if (task.place != Place::kQueued) {
    return reject(
        StatusCode::kConflict, kEv,
        fmt::format("task '{}' is {} and cannot be started", e.task, to_string(task.place)));
  }
  // A pull: the agent takes a queued task itself.
  if (!a.logged_in || a.state != AgentState::kAvailable) {
    return reject(StatusCode::kConflict, kEv, "agent '" + e.agent + "' is not available");
  }
  if (proficiency_of(a, queues[task.queue].skill) <= 0.0f) {
    return reject(StatusCode::kConflict, kEv,
                  "agent '" + e.agent + "' does not hold skill '" +
                      skill_ids[queues[task.queue].skill] + "' of task '" + e.task + "'");
  }
  if (a.robot != ((task.flags & kTaskRobotOnly) != 0)) {
    return reject(StatusCode::kConflict, kEv,
                  "task '" + e.task + (a.robot ? "' is not for robots" : "' is for robots only"));
  }
  const std::int32_t cost = cost_for(a, task.queue);
  bool during_contact = false;
  if (a.used + cost > kCapacityUnits) {
    for (const WorkHandle& w : a.works) {
      if (w.kind == WorkKind::kContact && contacts[w.idx].place == Place::kAssigned) {
        during_contact = true;
      }
    }
    if (!during_contact) {
      return reject(StatusCode::kConflict, kEv,
                    "agent '" + e.agent + "' has no free capacity for task '" + e.task + "'");
    }
  }
  dequeue_task(t);
  note_task_start(t);
  task.agent = agent;
  task.place = Place::kAssigned;
  task.since = now;
  ++task.gen;
  if (during_contact) task.flags |= kTaskDuringContact;
  task.cost = during_contact ? 0 : cost;
  a.used += task.cost;
  a.idle_since = now;
  a.works.push_back(WorkHandle{WorkKind::kTask, t});
  reindex_agent(agent);
  history(task.item, HistoryKind::kAssigned, agent, t);
  history(task.item, HistoryKind::kStarted, agent, t);
  return Status::ok();
}

namespace {
const char* place_text(Place p) { return to_string(p); }
}  // namespace

Status EngineState::find_assigned_task(const char* ev, const std::string& task_id,
                                       std::uint64_t handle, const std::string& agent_id, Idx& task,
                                       Idx& agent) const {
  task = find_task(task_id, handle);
  if (task == kNone) return unknown(ev, "open task", task_id);
  agent = find_agent(agent_id);
  if (agent == kNone) return unknown(ev, "agent", agent_id);
  const TaskRec& rec = tasks[task];
  if (rec.place != Place::kAssigned || rec.agent != agent) {
    return reject(StatusCode::kConflict, ev,
                  fmt::format("task '{}' is not assigned to agent '{}' (it is {})", task_id,
                              agent_id, place_text(rec.place)));
  }
  return Status::ok();
}

Status EngineState::on(const StepDone& e) {
  static constexpr const char* kEv = "StepDone";
  Idx t = kNone, agent = kNone;
  if (Status s = find_assigned_task(kEv, e.task, e.handle, e.agent, t, agent); !s.is_ok()) return s;
  const AgentRec& a = agents[agent];
  if (a.robot && options.robot_failures_by_rate && a.failure_rate > 0.0) {
    const double u = static_cast<double>(hash_of(e.task, 0x726f626f74ULL) >> 11) * 0x1.0p-53;
    if (u < a.failure_rate) {
      fail_task(t, "robot failure (failure rate)");
      return Status::ok();
    }
  }
  complete_task(t);
  return Status::ok();
}

Status EngineState::on(const StepFailed& e) {
  static constexpr const char* kEv = "StepFailed";
  Idx t = kNone, agent = kNone;
  if (Status s = find_assigned_task(kEv, e.task, e.handle, e.agent, t, agent); !s.is_ok()) return s;
  fail_task(t, e.reason.empty() ? std::string("failed") : e.reason);
  return Status::ok();
}

Status EngineState::on(const WorkPaused& e) {
  static constexpr const char* kEv = "WorkPaused";
  Idx t = kNone, agent = kNone;
  if (Status s = find_assigned_task(kEv, e.task, e.handle, e.agent, t, agent); !s.is_ok()) return s;
  TaskRec& task = tasks[t];
  if (!queues[task.queue].pausable) {
    return reject(StatusCode::kConflict, kEv,
                  "task '" + e.task + "' is on a channel that cannot be paused");
  }
  const float prof = proficiency_of(agents[agent], queues[task.queue].skill);
  task.progress += static_cast<std::int32_t>((now - task.since) / std::max(0.1f, prof));
  take_back(agent, WorkHandle{WorkKind::kTask, t});
  task.place = Place::kPaused;
  task.since = now;
  history(task.item, HistoryKind::kPaused, agent, t);
  mark_agent(agent);
  return Status::ok();
}

Status EngineState::on(const WorkResumed& e) {
  static constexpr const char* kEv = "WorkResumed";
  const Idx t = find_task(e.task);
  if (t == kNone) return unknown(kEv, "open task", e.task);
  if (tasks[t].place != Place::kPaused) {
    return reject(StatusCode::kConflict, kEv, "task '" + e.task + "' is not paused");
  }
  history(tasks[t].item, HistoryKind::kResumed, kNone, t);
  requeue_task(t);
  return Status::ok();
}

Status EngineState::on(const PendingCustomer& e) {
  static constexpr const char* kEv = "PendingCustomer";
  const Idx i = find_item(e.item);
  if (i == kNone) return unknown(kEv, "item", e.item);
  ItemRec& item = items[i];
  if (item.place == Place::kDone || item.place == Place::kCancelled) {
    return reject(StatusCode::kConflict, kEv, "item '" + e.item + "' is closed");
  }
  if (item.place == Place::kPending) {
    return reject(StatusCode::kConflict, kEv, "item '" + e.item + "' is already pending");
  }
  for (Idx t : item.open_tasks) {
    if (tasks[t].place == Place::kAssigned) {
      return reject(StatusCode::kConflict, kEv,
                    "item '" + e.item + "' has task '" + task_id(t) + "' in progress with agent '" +
                        agents[tasks[t].agent].id + "' (complete or pause it first)");
    }
  }
  for (Idx t : item.open_tasks) {
    TaskRec& task = tasks[t];
    if (task.place == Place::kQueued) {
      dequeue_task(t);
    } else if (task.place == Place::kOffered) {
      const Idx agent = task.agent;
      out->push_back(WithdrawWork{to_instant(now), agents[agent].id,
                                  WorkRef{WorkKind::kTask, task_id(t)},
                                  WithdrawReason::kPendingCustomer});
      take_back(agent, WorkHandle{WorkKind::kTask, t});
      mark_agent(agent);
    }
    task.place = Place::kPending;
    task.since = now;
    ++task.gen;
  }
  item.place = Place::kPending;
  item.pending_since = now;
  ++item.gen;
  history(i, HistoryKind::kPendingCustomer);
  if (item.customer != kNone) journey(item.customer, JourneyKind::kItemPending, item.id, "");
  notify_customer(i, CustomerStatus::kPendingCustomer);
  rules_on_item(RuleTrigger::kItemPendingCustomer, i);
  return Status::ok();
}

Status EngineState::on(const CustomerResponded& e) {
  static constexpr const char* kEv = "CustomerResponded";
  const Idx i = find_item(e.item);
  if (i == kNone) return unknown(kEv, "item", e.item);
  ItemRec& item = items[i];
  if (item.place != Place::kPending) {
    return reject(StatusCode::kConflict, kEv, "item '" + e.item + "' is not pending the customer");
  }
  item.place = Place::kQueued;
  ++item.gen;
  history(i, HistoryKind::kCustomerResponded);
  const std::vector<Idx> open = item.open_tasks;
  for (Idx t : open) requeue_task(t);
  notify_customer(i, CustomerStatus::kInProgress);
  return Status::ok();
}

Status EngineState::on(const ItemCancelled& e) {
  static constexpr const char* kEv = "ItemCancelled";
  const Idx i = find_item(e.item);
  if (i == kNone) return unknown(kEv, "item", e.item);
  ItemRec& item = items[i];
  if (item.place == Place::kDone || item.place == Place::kCancelled) {
    return reject(StatusCode::kConflict, kEv, "item '" + e.item + "' is already closed");
  }
  const std::vector<Idx> open = item.open_tasks;
  for (Idx t : open) {
    TaskRec& task = tasks[t];
    if (task.place == Place::kQueued) {
      dequeue_task(t);
    } else if (task.place == Place::kOffered || task.place == Place::kAssigned) {
      const Idx agent = task.agent;
      out->push_back(WithdrawWork{to_instant(now), agents[agent].id,
                                  WorkRef{WorkKind::kTask, task_id(t)},
                                  WithdrawReason::kCancelled});
      take_back(agent, WorkHandle{WorkKind::kTask, t});
      mark_agent(agent);
    }
    free_task(t);
  }
  item.open_tasks.clear();
  close_item(i, Place::kCancelled);
  return Status::ok();
}

Status EngineState::on(const SelfServiceProgress& e) {
  static constexpr const char* kEv = "SelfServiceProgress";
  if (e.customer.empty()) return reject(StatusCode::kInvalidArgument, kEv, "empty customer id");
  if (e.session.empty()) return reject(StatusCode::kInvalidArgument, kEv, "empty session id");
  if (e.step < 0 || e.of_steps < 0 || (e.of_steps > 0 && e.step > e.of_steps)) {
    return reject(
        StatusCode::kInvalidArgument, kEv,
        fmt::format("session '{}': step {} of {} is out of range", e.session, e.step, e.of_steps));
  }
  const Idx customer = customer_of(e.customer);
  std::string detail = e.channel.empty() ? std::string() : e.channel + ": ";
  detail += e.of_steps > 0 ? fmt::format("step {} of {}", e.step, e.of_steps)
                           : fmt::format("step {}", e.step);
  if (e.completed) detail += " (completed)";
  if (e.abandoned) detail += " (abandoned)";
  journey(customer, JourneyKind::kSelfService, e.session, detail);
  if (e.abandoned) rules_on_self_service(e, customer);
  return Status::ok();
}

}  // namespace tandem::engine::detail
