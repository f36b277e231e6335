// SPDX-License-Identifier: Apache-2.0
// Engine::create (its compilation is compile.cpp, its checks validate.cpp), the event loop
// (clock, timers, settling) and the event handlers.
// Every handler validates the event completely before it changes anything.
#include "engine/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/internal/compile.h"
#include "engine/state.h"

namespace tandem::engine {

namespace detail {

namespace {

// A rejection keeps its code (NotFound: an unknown id; Conflict: an event out of order for the
// state; InvalidArgument: a bad value), so that a driver or an API can tell them apart.
Status reject(StatusCode code, const char* event, const std::string& message) {
  if (code == StatusCode::kOk) code = StatusCode::kInternal;  // a rejection is never ok
  return Status::from_code(code, fmt::format("{}: {}", event, message));
}

Status unknown(const char* event, const char* what, const std::string& id) {
  return reject(StatusCode::kNotFound, event, fmt::format("unknown {} '{}'", what, id));
}

bool is_work_activity(ScheduledActivity a) {
  return a == ScheduledActivity::kPhones || a == ScheduledActivity::kBackOffice ||
         a == ScheduledActivity::kBlended;
}

}  // namespace

// ---------------------------------------------------------------- look-ups

Idx EngineState::find_agent(std::string_view id) const {
  return agent_index.find(id, [this](Idx a) -> const std::string& { return agents[a].id; });
}

Idx EngineState::find_item(std::string_view id) const {
  return item_index.find(id, [this](Idx i) -> const std::string& { return items[i].id; });
}

Idx EngineState::find_contact(std::string_view id) const {
  return contact_index.find(id, [this](Idx c) -> const std::string& { return contacts[c].id; });
}

void EngineState::unindex_contact(Idx c) {
  contact_index.erase(contacts[c].id,
                      [this](Idx k) -> const std::string& { return contacts[k].id; });
}

namespace {

// A task id is "<item>/<step or queue>" with "~qc" (quality check) or "!exc" (exception) after
// it: removes the suffix and returns its flag.
std::uint8_t take_task_suffix(std::string_view& id) {
  if (id.ends_with("~qc")) {
    id.remove_suffix(3);
    return kTaskQualityCheck;
  }
  if (id.ends_with("!exc")) {
    id.remove_suffix(4);
    return kTaskException;
  }
  return 0;
}

}  // namespace

Idx EngineState::find_task(const std::string& id) const {
  std::string_view rest(id);
  const std::uint8_t flags = take_task_suffix(rest);
  const auto slash = rest.rfind('/');
  if (slash == std::string_view::npos) return kNone;
  const Idx item = find_item(rest.substr(0, slash));
  if (item == kNone) return kNone;
  const std::string_view label = rest.substr(slash + 1);
  const ItemRec& it = items[item];
  for (Idx t : it.open_tasks) {
    const TaskRec& task = tasks[t];
    if ((task.flags & (kTaskQualityCheck | kTaskException)) != flags) continue;
    const std::string& step_label = task.step == kSingleStep
                                        ? queues[it.work_type].id
                                        : processes[it.process].steps[task.step].id;
    if (step_label == label) return t;
  }
  return kNone;
}

// Whether find_task(id) would name task t: `id` is parsed exactly as find_task parses it.
bool EngineState::task_id_is(Idx t, std::string_view id) const {
  const std::uint8_t flags = take_task_suffix(id);
  const TaskRec& task = tasks[t];
  if ((task.flags & (kTaskQualityCheck | kTaskException)) != flags) return false;
  const auto slash = id.rfind('/');
  if (slash == std::string_view::npos) return false;
  const ItemRec& item = items[task.item];
  const std::string& label = task.step == kSingleStep ? queues[item.work_type].id
                                                      : processes[item.process].steps[task.step].id;
  return id.substr(0, slash) == item.id && id.substr(slash + 1) == label;
}

Idx EngineState::find_task(const std::string& id, std::uint64_t handle) const {
  if (handle != 0 && handle <= tasks.size()) {
    const auto t = static_cast<Idx>(handle - 1);
    if (tasks[t].live && task_id_is(t, id)) return t;
  }
  return find_task(id);
}

Idx EngineState::customer_of(const std::string& id) {
  if (id.empty()) return kNone;
  const Idx found =
      customer_index.find(id, [this](Idx c) -> const std::string& { return customers[c].id; });
  if (found != kNone) return found;
  const auto c = static_cast<Idx>(customers.size());
  customers.push_back(CustomerRec{id, {}});
  customer_index.insert(id, c);
  return c;
}

std::string EngineState::task_id(Idx t) const {
  std::string id;
  write_work_id(WorkHandle{WorkKind::kTask, t}, id);
  return id;
}

std::string EngineState::work_id(WorkHandle w) const {
  return w.kind == WorkKind::kContact ? contacts[w.idx].id : task_id(w.idx);
}

void EngineState::write_work_id(WorkHandle w, std::string& out) const {
  if (w.kind == WorkKind::kContact) {
    out = contacts[w.idx].id;
    return;
  }
  const TaskRec& task = tasks[w.idx];
  const ItemRec& item = items[task.item];
  const std::string& label = task.step == kSingleStep ? queues[item.work_type].id
                                                      : processes[item.process].steps[task.step].id;
  out.clear();
  out.reserve(item.id.size() + 1 + label.size() + 4);
  out += item.id;
  out += '/';
  out += label;
  if (task.flags & kTaskQualityCheck) out += "~qc";
  if (task.flags & kTaskException) out += "!exc";
}

WorkRef EngineState::work_ref(WorkHandle w) const {
  return WorkRef{w.kind, work_id(w), handle_number(w)};
}

// ---------------------------------------------------------------- clock, timers, settling

void EngineState::add_timer(Time due, TimerKind kind, WorkKind work_kind, Idx target,
                            std::uint32_t gen, std::uint32_t extra, std::uint32_t incarnation) {
  // Fixed-delay kinds (offer timeout, service-level threshold, wrap-up) go to FIFO lanes.
  const bool lane_ok = kind == TimerKind::kOfferExpiry || kind == TimerKind::kServiceLevelCheck ||
                       kind == TimerKind::kAfterWorkEnd;
  timers.push(Timer{due, timer_seq++, kind, work_kind, target, gen, extra, incarnation}, now,
              lane_ok);
}

void EngineState::mark_agent(Idx a) {
  if (std::find(dirty_agents.begin(), dirty_agents.end(), a) == dirty_agents.end()) {
    dirty_agents.push_back(a);
  }
}
void EngineState::mark_queue(Idx q) {
  if (std::find(dirty_queues.begin(), dirty_queues.end(), q) == dirty_queues.end()) {
    dirty_queues.push_back(q);
  }
}
void EngineState::mark_blending(Idx q) {
  if (!queues[q].real_time) return;
  if (std::find(dirty_blending.begin(), dirty_blending.end(), q) == dirty_blending.end()) {
    dirty_blending.push_back(q);
  }
}

// Re-evaluates blending for the real-time queues the event touched first, then dispatches freed
// agents (each takes the best work for it), then queues with new work. Blending goes first so
// that an agent it recalls to the phones is not offered back-office work it would lose at once
// (an offer withdrawn in the instant it was made). Dispatching never marks blending, so blending
// is evaluated once per settle and this always terminates.
void EngineState::settle() {
  if (!dirty_blending.empty()) {
    scratch_blending.clear();
    scratch_blending.swap(dirty_blending);
    for (Idx q : scratch_blending) evaluate_blending(q);
  }
  while (!dirty_agents.empty() || !dirty_queues.empty()) {
    scratch_queues.clear();
    scratch_queues.swap(dirty_queues);
    for (Idx q : scratch_queues) dispatch_queue(q);
    scratch_agents.clear();
    scratch_agents.swap(dirty_agents);
    for (Idx a : scratch_agents) dispatch_agent(a);
  }
  dirty_blending.clear();
}

bool EngineState::timer_live(const Timer& timer) const {
  switch (timer.kind) {
    case TimerKind::kOfferExpiry:
      return timer.gen == (timer.work_kind == WorkKind::kContact ? contacts[timer.target].gen
                                                                 : tasks[timer.target].gen);
    case TimerKind::kAfterWorkEnd: {
      const ContactRec& c = contacts[timer.target];
      return c.live && c.gen == timer.gen && c.after_work;
    }
    case TimerKind::kServiceLevelCheck: {
      const ContactRec& c = contacts[timer.target];
      return c.live && c.gen == timer.gen && c.place == Place::kQueued;
    }
    case TimerKind::kIntervalBoundary:
      return true;
    case TimerKind::kRule: {
      const ItemRec& item = items[timer.target];
      if (item.retired || item.incarnation != timer.incarnation) return false;
      if (item.place == Place::kDone || item.place == Place::kCancelled) return false;
      if (rules[timer.extra].trigger == RuleTrigger::kItemPendingCustomer) {
        return item.place == Place::kPending && item.gen == timer.gen;
      }
      return true;
    }
  }
  return true;
}

void EngineState::drop_dead_timers() const {
  while (!timers.empty() && !timer_live(timers.top())) timers.pop();
}

// Fires the timers due at or before t, all the timers of one instant before one settle (so that
// what they free and what they mark for blending is decided together).
void EngineState::advance_clock(Time t) {
  while (!timers.empty() && timers.top().due <= t) {
    const Time due = timers.top().due;
    now = std::max(now, due);
    while (!timers.empty() && timers.top().due == due) {
      const Timer timer = timers.top();
      timers.pop();
      if (timer_live(timer)) fire_timer(timer);
    }
    settle();
  }
  now = t;
}

// Only for a live timer (advance_clock checks timer_live just before).
void EngineState::fire_timer(const Timer& timer) {
  switch (timer.kind) {
    case TimerKind::kOfferExpiry: {
      const WorkHandle w{timer.work_kind, timer.target};
      const Idx agent = w.kind == WorkKind::kContact ? contacts[w.idx].agent : tasks[w.idx].agent;
      out->push_back(WithdrawWork{to_instant(now), agents[agent].id, work_ref(w),
                                  WithdrawReason::kOfferExpired});
      (void)offer_declined(agents[agent].id, work_ref(w), /*expired=*/true, "OfferExpiry");
      return;
    }
    case TimerKind::kAfterWorkEnd: {
      ContactRec& c = contacts[timer.target];
      const Idx agent = c.agent;
      take_back(agent, WorkHandle{WorkKind::kContact, timer.target});
      c.place = Place::kDone;
      c.live = false;
      unindex_contact(timer.target);
      free_contacts.push_back(timer.target);
      mark_agent(agent);
      return;
    }
    case TimerKind::kServiceLevelCheck:
      mark_blending(contacts[timer.target].queue);
      return;
    case TimerKind::kIntervalBoundary:
      roll_intervals(timer.due);
      for (Idx q : rt_queue_list) mark_blending(q);
      add_timer(interval_start + interval_seconds, TimerKind::kIntervalBoundary, WorkKind::kContact,
                kNone, 0);
      return;
    case TimerKind::kRule:
      rules_on_timer(timer.extra, timer.target);
      return;
  }
}

Status EngineState::dispatch_event(const Event& event) {
  return std::visit([this](const auto& e) { return on(e); }, event);
}

// ---------------------------------------------------------------- contacts

Status EngineState::on(const ContactArrived& e) {
  static constexpr const char* kEv = "ContactArrived";
  if (e.contact.empty()) return reject(StatusCode::kInvalidArgument, kEv, "empty contact id");
  if (find_contact(e.contact) != kNone) {
    return reject(StatusCode::kConflict, kEv, "contact '" + e.contact + "' already exists");
  }
  auto q = queue_index.find(e.queue);
  if (q == queue_index.end()) return unknown(kEv, "queue", e.queue);
  if (!queues[q->second].real_time) {
    return reject(StatusCode::kInvalidArgument, kEv,
                  "queue '" + e.queue + "' is deferrable: send WorkItemCreated with work_type");
  }
  Idx c;
  if (!free_contacts.empty()) {
    c = free_contacts.back();
    free_contacts.pop_back();
  } else {
    c = static_cast<Idx>(contacts.size());
    contacts.emplace_back();
  }
  ContactRec& rec = contacts[c];
  const std::uint32_t gen = rec.gen + 1;
  rec = ContactRec{};
  rec.id = e.contact;
  rec.queue = q->second;
  rec.customer = customer_of(e.customer);
  rec.live = true;
  rec.gen = gen;
  rec.arrived = now;
  rec.since = now;
  contact_index.insert(e.contact, c);
  QueueInfo& queue = queues[q->second];
  ++queue.interval_count;
  if (rec.customer != kNone) {
    journey(rec.customer, JourneyKind::kContactArrived, e.contact, queue.id);
  }
  enqueue_contact(c);
  add_timer(now + static_cast<Time>(std::ceil(queue.sl_seconds)), TimerKind::kServiceLevelCheck,
            WorkKind::kContact, c, rec.gen);
  mark_queue(q->second);
  mark_blending(q->second);
  return Status::ok();
}

Status EngineState::on(const ContactAbandoned& e) {
  static constexpr const char* kEv = "ContactAbandoned";
  const Idx c = find_contact(e.contact);
  if (c == kNone) return unknown(kEv, "contact", e.contact);
  ContactRec& rec = contacts[c];
  if (rec.place == Place::kAssigned) {
    return reject(StatusCode::kConflict, kEv,
                  "contact '" + e.contact + "' is already answered by agent '" +
                      agents[rec.agent].id + "' (send ContactEnded)");
  }
  if (rec.place == Place::kOffered) {
    const Idx agent = rec.agent;
    out->push_back(WithdrawWork{to_instant(now), agents[agent].id,
                                WorkRef{WorkKind::kContact, rec.id}, WithdrawReason::kAbandoned});
    take_back(agent, WorkHandle{WorkKind::kContact, c});
    mark_agent(agent);
  } else {
    dequeue_contact(c);
  }
  if (rec.customer != kNone) {
    journey(rec.customer, JourneyKind::kContactAbandoned, rec.id, queues[rec.queue].id);
  }
  rules_on_contact_abandoned(c);
  rec.place = Place::kCancelled;
  rec.live = false;
  ++rec.gen;
  unindex_contact(c);
  free_contacts.push_back(c);
  mark_blending(rec.queue);
  return Status::ok();
}

Status EngineState::on(const ContactEnded& e) {
  static constexpr const char* kEv = "ContactEnded";
  const Idx c = find_contact(e.contact);
  if (c == kNone) return unknown(kEv, "contact", e.contact);
  const Idx agent = find_agent(e.agent);
  if (agent == kNone) return unknown(kEv, "agent", e.agent);
  ContactRec& rec = contacts[c];
  if (rec.place != Place::kAssigned || rec.agent != agent) {
    return reject(StatusCode::kConflict, kEv,
                  "contact '" + e.contact + "' is not assigned to agent '" + e.agent + "'");
  }
  if (rec.after_work) {
    return reject(StatusCode::kConflict, kEv, "contact '" + e.contact + "' has already ended");
  }
  if (e.after_contact_work && e.after_contact_work->count() < 0) {
    return reject(StatusCode::kInvalidArgument, kEv, "negative after_contact_work");
  }
  const Time acw = e.after_contact_work
                       ? e.after_contact_work->count()
                       : static_cast<Time>(std::llround(queues[rec.queue].acw_seconds));
  if (rec.customer != kNone) {
    journey(rec.customer, JourneyKind::kContactEnded, rec.id, agents[agent].id);
  }
  if (acw > 0) {
    rec.after_work = true;
    ++rec.gen;
    add_timer(now + acw, TimerKind::kAfterWorkEnd, WorkKind::kContact, c, rec.gen);
    return Status::ok();
  }
  take_back(agent, WorkHandle{WorkKind::kContact, c});
  rec.place = Place::kDone;
  rec.live = false;
  unindex_contact(c);
  free_contacts.push_back(c);
  mark_agent(agent);
  return Status::ok();
}

// ---------------------------------------------------------------- work items

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

// ---------------------------------------------------------------- agents

Status EngineState::on(const AgentLoggedIn& e) {
  static constexpr const char* kEv = "AgentLoggedIn";
  const Idx agent = find_agent(e.agent);
  if (agent == kNone) return unknown(kEv, "agent", e.agent);
  AgentRec& a = agents[agent];
  if (a.logged_in) {
    return reject(StatusCode::kConflict, kEv, "agent '" + e.agent + "' is already logged in");
  }
  a.logged_in = true;
  ++logged_in_agents;
  a.state = AgentState::kAvailable;
  a.used = 0;
  a.idle_since = now;
  a.mode = natural_mode(a);
  a.mode_since = -kNever;
  reindex_agent(agent);
  for (Idx q : a.rt_queues) mark_blending(q);
  mark_agent(agent);
  return Status::ok();
}

Status EngineState::on(const AgentLoggedOut& e) {
  static constexpr const char* kEv = "AgentLoggedOut";
  const Idx agent = find_agent(e.agent);
  if (agent == kNone) return unknown(kEv, "agent", e.agent);
  AgentRec& a = agents[agent];
  if (!a.logged_in)
    return reject(StatusCode::kConflict, kEv, "agent '" + e.agent + "' is not logged in");
  release_agent_work(agent, /*logging_out=*/true);
  a.logged_in = false;
  --logged_in_agents;
  a.state = AgentState::kAvailable;
  reindex_agent(agent);
  for (Idx q : a.rt_queues) mark_blending(q);
  return Status::ok();
}

Status EngineState::on(const AgentStateChanged& e) {
  static constexpr const char* kEv = "AgentStateChanged";
  const Idx agent = find_agent(e.agent);
  if (agent == kNone) return unknown(kEv, "agent", e.agent);
  AgentRec& a = agents[agent];
  if (!a.logged_in)
    return reject(StatusCode::kConflict, kEv, "agent '" + e.agent + "' is not logged in");
  if (a.state == e.state) return Status::ok();
  const bool was_available = a.state == AgentState::kAvailable;
  a.state = e.state;
  if (was_available) {
    reindex_agent(agent);
    release_agent_work(agent, /*logging_out=*/false);
  } else if (e.state == AgentState::kAvailable) {
    a.idle_since = now;
    reindex_agent(agent);
    mark_agent(agent);
  }
  for (Idx q : a.rt_queues) mark_blending(q);
  return Status::ok();
}

Status EngineState::on(const ScheduleActivityStarted& e) {
  static constexpr const char* kEv = "ScheduleActivityStarted";
  const Idx agent = find_agent(e.agent);
  if (agent == kNone) return unknown(kEv, "agent", e.agent);
  if (e.until < e.time) {
    return reject(StatusCode::kInvalidArgument, kEv,
                  "agent '" + e.agent + "': the activity ends before it starts");
  }
  AgentRec& a = agents[agent];
  a.activity = e.activity;
  a.activity_until = to_time(e.until);
  if (a.logged_in) {
    a.mode = natural_mode(a);
    if (!is_work_activity(e.activity)) {
      // Nothing new is offered; offers are withdrawn, work in progress continues.
      const std::vector<WorkHandle> works = a.works;
      for (const WorkHandle& w : works) {
        const Place place =
            w.kind == WorkKind::kContact ? contacts[w.idx].place : tasks[w.idx].place;
        if (place != Place::kOffered) continue;
        out->push_back(
            WithdrawWork{to_instant(now), a.id, work_ref(w), WithdrawReason::kAgentUnavailable});
        take_back(agent, w);
        if (w.kind == WorkKind::kContact) {
          enqueue_contact(w.idx);
          mark_queue(contacts[w.idx].queue);
        } else {
          requeue_task(w.idx);
        }
      }
    }
    reindex_agent(agent);
    mark_agent(agent);
    for (Idx q : a.rt_queues) mark_blending(q);
  }
  return Status::ok();
}

// ---------------------------------------------------------------- offers

Status EngineState::on(const OfferAccepted& e) {
  static constexpr const char* kEv = "OfferAccepted";
  const Idx agent = find_agent(e.agent);
  if (agent == kNone) return unknown(kEv, "agent", e.agent);
  if (e.work.kind == WorkKind::kContact) {
    const Idx c = find_contact(e.work.id);
    if (c == kNone) return unknown(kEv, "contact", e.work.id);
    ContactRec& rec = contacts[c];
    if (rec.place != Place::kOffered || rec.agent != agent) {
      return reject(StatusCode::kConflict, kEv,
                    "contact '" + e.work.id + "' is not offered to agent '" + e.agent + "'");
    }
    rec.place = Place::kAssigned;
    rec.since = now;
    ++rec.gen;
    if (rec.customer != kNone) {
      journey(rec.customer, JourneyKind::kContactAnswered, rec.id, agents[agent].id);
    }
    return Status::ok();
  }
  const Idx t = find_task(e.work.id, e.work.handle);
  if (t == kNone) return unknown(kEv, "open task", e.work.id);
  TaskRec& task = tasks[t];
  if (task.place != Place::kOffered || task.agent != agent) {
    return reject(StatusCode::kConflict, kEv,
                  "task '" + e.work.id + "' is not offered to agent '" + e.agent + "'");
  }
  task.place = Place::kAssigned;
  task.since = now;
  ++task.gen;
  history(task.item, HistoryKind::kAssigned, agent, t);
  return Status::ok();
}

Status EngineState::offer_declined(const std::string& agent_id, const WorkRef& work, bool expired,
                                   const char* kEv) {
  const Idx agent = find_agent(agent_id);
  if (agent == kNone) return unknown(kEv, "agent", agent_id);
  WorkHandle w{work.kind, kNone};
  if (work.kind == WorkKind::kContact) {
    w.idx = find_contact(work.id);
    if (w.idx == kNone) return unknown(kEv, "contact", work.id);
    const ContactRec& rec = contacts[w.idx];
    if (rec.place != Place::kOffered || rec.agent != agent) {
      return reject(StatusCode::kConflict, kEv,
                    "contact '" + work.id + "' is not offered to agent '" + agent_id + "'");
    }
  } else {
    w.idx = find_task(work.id, work.handle);
    if (w.idx == kNone) return unknown(kEv, "open task", work.id);
    const TaskRec& task = tasks[w.idx];
    if (task.place != Place::kOffered || task.agent != agent) {
      return reject(StatusCode::kConflict, kEv,
                    "task '" + work.id + "' is not offered to agent '" + agent_id + "'");
    }
  }
  take_back(agent, w);
  if (w.kind == WorkKind::kContact) {
    enqueue_contact(w.idx);
    mark_queue(contacts[w.idx].queue);
  } else {
    history(tasks[w.idx].item, expired ? HistoryKind::kOfferExpired : HistoryKind::kOfferRejected,
            agent, w.idx);
    requeue_task(w.idx);
  }
  AgentRec& a = agents[agent];
  if (policy.not_ready_on_reject && a.state == AgentState::kAvailable) {
    a.state = AgentState::kNotReady;
    out->push_back(
        SetNotReady{to_instant(now), a.id, expired ? "offer expired" : "offer rejected"});
    reindex_agent(agent);
    release_agent_work(agent, /*logging_out=*/false);
    for (Idx q : a.rt_queues) mark_blending(q);
  } else {
    // Not offered the same work again at once: the queue goes to the next agent first.
    skip_agent = agent;
    skip_work = w;
    settle();
    skip_agent = kNone;
    skip_work = WorkHandle{};
    mark_agent(agent);
  }
  return Status::ok();
}

Status EngineState::on(const OfferRejected& e) {
  return offer_declined(e.agent, e.work, false, "OfferRejected");
}

Status EngineState::on(const OfferTimedOut& e) {
  return offer_declined(e.agent, e.work, true, "OfferTimedOut");
}

// ---------------------------------------------------------------- planning and time

Status EngineState::on(const ForecastUpdated& e) {
  static constexpr const char* kEv = "ForecastUpdated";
  auto q = queue_index.find(e.queue);
  if (q == queue_index.end()) return unknown(kEv, "queue", e.queue);
  if (!queues[q->second].real_time) {
    return reject(StatusCode::kInvalidArgument, kEv, "queue '" + e.queue + "' is not real-time");
  }
  if (e.interval_length.count() <= 0 || !(e.volume >= 0.0) || !std::isfinite(e.volume) ||
      !(e.aht_seconds >= 0.0) || !std::isfinite(e.aht_seconds)) {
    return reject(StatusCode::kInvalidArgument, kEv,
                  "queue '" + e.queue + "': interval_length > 0, volume >= 0 and aht >= 0 needed");
  }
  auto& forecast = queues[q->second].forecast;
  forecast[to_time(e.interval_start)] =
      ForecastInterval{e.interval_length.count(), e.volume, e.aht_seconds};
  // Intervals already over are never read again (blending reads now and the intervals ahead).
  while (forecast.size() > 1 && forecast.begin()->first + forecast.begin()->second.length <= now) {
    forecast.erase(forecast.begin());
  }
  mark_blending(q->second);
  return Status::ok();
}

Status EngineState::on(const CapacityPlanned& e) {
  static constexpr const char* kEv = "CapacityPlanned";
  auto q = queue_index.find(e.queue);
  if (q == queue_index.end()) return unknown(kEv, "queue", e.queue);
  if (!(e.agents >= 0.0) || !std::isfinite(e.agents)) {
    return reject(StatusCode::kInvalidArgument, kEv, "agents must be finite and >= 0");
  }
  queues[q->second].planned_capacity = e.agents;
  return Status::ok();
}

Status EngineState::on(const ClockTick&) {
  for (Idx q : rt_queue_list) mark_blending(q);
  return Status::ok();
}

}  // namespace detail

// ---------------------------------------------------------------- Engine

Result<Engine> Engine::create(const Scenario& scenario, const Policy& policy,
                              EngineOptions options) {
  auto state = std::make_unique<State>();
  detail::Problems problems;
  detail::compile_configuration(scenario, policy, options, *state, problems);
  if (!problems.empty()) return detail::scenario_cannot_drive_engine(problems);
  return Engine(std::move(state));
}

Engine::Engine(std::unique_ptr<State> state) : state_(std::move(state)) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

Status Engine::handle(const Event& event, std::vector<Action>& out) {
  State& s = *state_;
  ++s.stats.events;
  const detail::Time t = detail::to_time(time_of(event));
  if (t < s.now) {
    ++s.stats.rejected;
    return Status::invalid_argument(fmt::format(
        "{}: time goes backwards ({} is before the engine's clock {})", name_of(event), t, s.now));
  }
  const std::size_t before = out.size();
  s.out = &out;
  s.advance_clock(t);
  Status status = s.dispatch_event(event);
  if (status.is_ok()) {
    s.settle();
  } else {
    ++s.stats.rejected;
    s.dirty_agents.clear();
    s.dirty_queues.clear();
    s.dirty_blending.clear();
  }
  s.out = nullptr;
  s.stats.actions += out.size() - before;
  return status;
}

Instant Engine::now() const { return detail::to_instant(state_->now); }

std::optional<Instant> Engine::next_due() const {
  state_->drop_dead_timers();
  if (state_->timers.empty()) return std::nullopt;
  return detail::to_instant(std::max(state_->timers.top().due, state_->now));
}

Status Engine::check_invariants() const { return state_->check(); }

}  // namespace tandem::engine
