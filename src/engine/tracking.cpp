// SPDX-License-Identifier: Apache-2.0
// Read-only queries: item and contact state, history, customer journey, ETA (eta.cpp), explain,
// agent and queue views, statistics.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/state.h"

namespace tandem::engine {

namespace detail {

std::vector<HistoryEntry> EngineState::expand_history(const std::string& item_id, Idx process,
                                                      Idx work_type,
                                                      const std::vector<HistoryRec>& recs) const {
  std::vector<HistoryEntry> out;
  out.reserve(recs.size());
  for (const HistoryRec& rec : recs) {
    HistoryEntry e;
    e.time = to_instant(history_origin + rec.time);
    e.kind = rec.kind;
    if (rec.task_flags & 0x80) {
      e.task =
          item_id + "/" +
          (rec.step == kSingleStep ? queues[work_type].id : processes[process].steps[rec.step].id);
      if (rec.task_flags & kTaskQualityCheck) e.task += "~qc";
      if (rec.task_flags & kTaskException) e.task += "!exc";
    }
    if (rec.agent != kNone) e.agent = agents[rec.agent].id;
    out.push_back(std::move(e));
  }
  return out;
}

namespace {

int rank(Place p) {
  switch (p) {
    case Place::kAssigned:
      return 5;
    case Place::kOffered:
      return 4;
    case Place::kQueued:
      return 3;
    case Place::kPaused:
      return 2;
    case Place::kPending:
      return 1;
    default:
      return 0;
  }
}

}  // namespace

Explanation EngineState::explain_contact(Idx c) const {
  const ContactRec& rec = contacts[c];
  Explanation e;
  if (rec.place != Place::kQueued) {
    e.text = fmt::format("contact '{}' is {}", rec.id, to_string(rec.place));
    return e;
  }
  const QueueInfo& queue = queues[rec.queue];
  const std::string& skill = skill_ids[queue.skill];
  e.skilled_logged_in = logged_in_with_skill[queue.skill];
  e.skilled_idle =
      static_cast<int>(pools_phones[queue.skill].size() + pools_office[queue.skill].size());
  e.ahead_in_queue = static_cast<int>(queue.human.order_of_key(rec.key));
  if (e.skilled_logged_in == 0) {
    e.reason = WaitReason::kNoSkilledAgentLoggedIn;
    e.text = fmt::format("no agent with skill '{}' is logged in", skill);
  } else if (pick_agent_for_contact(c) == kNone) {
    e.reason = WaitReason::kAllSkilledAgentsBusy;
    e.text = fmt::format("all {} agents with skill '{}' are busy; {} contacts are ahead",
                         e.skilled_logged_in, skill, e.ahead_in_queue);
  } else {
    e.reason = WaitReason::kHigherPriorityWork;
    e.text = fmt::format("{} contacts are ahead in queue '{}'", e.ahead_in_queue, queue.id);
  }
  return e;
}

Explanation EngineState::explain_task(Idx t) const {
  const TaskRec& task = tasks[t];
  Explanation e;
  const std::string id = task_id(t);
  switch (task.place) {
    case Place::kPending:
      e.reason = WaitReason::kPendingCustomer;
      e.text = fmt::format("task '{}' waits for the customer", id);
      return e;
    case Place::kPaused:
      e.reason = WaitReason::kPaused;
      e.text = fmt::format("task '{}' is paused", id);
      return e;
    case Place::kQueued:
      break;
    default:
      e.text = fmt::format("task '{}' is {} (agent '{}')", id, to_string(task.place),
                           task.agent == kNone ? std::string() : agents[task.agent].id);
      return e;
  }
  const QueueInfo& queue = queues[task.queue];
  const std::string& skill = skill_ids[queue.skill];
  const bool robot = task.flags & kTaskRobotOnly;
  const QueueSet& set = robot ? queue.robot : queue.human;
  e.ahead_in_queue = static_cast<int>(set.order_of_key(task.key));
  e.skilled_logged_in = logged_in_with_skill[queue.skill];
  const Pool& office = robot ? pools_robot[queue.skill] : task_pool(task.queue);
  e.skilled_idle = static_cast<int>(office.size());
  if (e.skilled_logged_in == 0) {
    e.reason = WaitReason::kNoSkilledAgentLoggedIn;
    e.text = fmt::format("no {} with skill '{}' is logged in", robot ? "robot" : "agent", skill);
    return e;
  }
  bool room = false;
  bool fits = false;
  int looked = 0;
  for (auto it = office.begin(); it != office.end() && looked < options.chunk_lookahead;
       ++it, ++looked) {
    const AgentRec& a = agents[it->agent];
    if (a.used + cost_for(a, task.queue) > kCapacityUnits) break;
    room = true;
    if (task_fits(a, t)) fits = true;
  }
  if (room && !fits) {
    e.reason = WaitReason::kChunkTooSmall;
    e.text = fmt::format(
        "the {} free agents with skill '{}' have too little time before their next activity",
        e.skilled_idle, skill);
  } else if (room) {
    e.reason = WaitReason::kHigherPriorityWork;
    e.text = fmt::format("{} tasks are ahead in queue '{}'", e.ahead_in_queue, queue.id);
  } else if (!robot && policy.blending && held_task_pool(task.queue) == nullptr &&
             !pools_phones[queue.skill].empty()) {
    e.reason = WaitReason::kAgentsHeldForPhones;
    e.text = fmt::format("{} idle agents with skill '{}' are held on the phones by blending",
                         pools_phones[queue.skill].size(), skill);
  } else {
    e.reason = WaitReason::kAllSkilledAgentsBusy;
    e.text = fmt::format("all {} {}s with skill '{}' are busy; {} tasks are ahead",
                         e.skilled_logged_in, robot ? "robot" : "agent", skill, e.ahead_in_queue);
  }
  return e;
}

}  // namespace detail

using detail::Idx;
using detail::kNone;

std::optional<ItemView> Engine::item(const std::string& item_id) const {
  const State& s = *state_;
  const Idx i = s.find_item(item_id);
  if (i == kNone) return std::nullopt;
  const detail::ItemRec& item = s.items[i];
  ItemView v;
  v.id = item.id;
  v.customer = item.customer == kNone ? std::string() : s.customers[item.customer].id;
  v.process = item.process == kNone ? std::string() : s.processes[item.process].id;
  v.priority = item.priority;
  v.received = detail::to_instant(item.received);
  v.due = detail::to_instant(item.due);
  v.stage = item.stage;
  v.stage_count = item.process == kNone
                      ? 1
                      : static_cast<int>(s.processes[item.process].stage_first_steps.size());
  v.place = item.place;
  int best = -1;
  for (Idx t : item.open_tasks) {
    const detail::TaskRec& task = s.tasks[t];
    TaskView tv;
    tv.id = s.task_id(t);
    tv.step = task.step == detail::kSingleStep ? std::string()
                                               : s.processes[item.process].steps[task.step].id;
    tv.queue = s.queues[task.queue].id;
    tv.place = task.place;
    tv.agent = task.agent == kNone ? std::string() : s.agents[task.agent].id;
    tv.progress = Seconds{task.progress};
    tv.is_exception = task.flags & detail::kTaskException;
    tv.is_quality_check = task.flags & detail::kTaskQualityCheck;
    if (item.place != Place::kPending && detail::rank(task.place) > best) {
      best = detail::rank(task.place);
      v.place = task.place;
    }
    v.open_tasks.push_back(std::move(tv));
  }
  return v;
}

std::optional<ContactView> Engine::contact(const std::string& contact_id) const {
  const State& s = *state_;
  const Idx c = s.find_contact(contact_id);
  if (c == kNone) return std::nullopt;
  const detail::ContactRec& rec = s.contacts[c];
  return ContactView{rec.id,
                     s.queues[rec.queue].id,
                     rec.customer == kNone ? std::string() : s.customers[rec.customer].id,
                     rec.place,
                     rec.agent == kNone ? std::string() : s.agents[rec.agent].id,
                     detail::to_instant(rec.arrived)};
}

Result<std::vector<HistoryEntry>> Engine::history(const std::string& item_id) const {
  const State& s = *state_;
  const Idx i = s.find_item(item_id);
  if (i == kNone) return Status::not_found("unknown item '" + item_id + "'");
  const detail::ItemRec& item = s.items[i];
  return s.expand_history(item.id, item.process, item.work_type, s.history_of(item));
}

std::vector<ClosedItem> Engine::drain_closed_items() {
  State& s = *state_;
  std::vector<ClosedItem> out;
  out.reserve(s.archive.size());
  for (const detail::ClosedItemRec& rec : s.archive) {
    ClosedItem c;
    c.id = rec.id;
    c.customer = rec.customer == kNone ? std::string() : s.customers[rec.customer].id;
    c.process = rec.process == kNone ? std::string() : s.processes[rec.process].id;
    c.work_type = rec.work_type == kNone ? std::string() : s.queues[rec.work_type].id;
    c.place = rec.place;
    c.received = detail::to_instant(rec.received);
    c.closed = detail::to_instant(rec.closed);
    c.history = s.expand_history(rec.id, rec.process, rec.work_type, rec.history);
    out.push_back(std::move(c));
  }
  s.archive.clear();
  return out;
}

std::vector<JourneyEntry> Engine::journey(const std::string& customer_id) const {
  const State& s = *state_;
  const Idx c = s.customer_index.find(
      customer_id, [&s](Idx k) -> const std::string& { return s.customers[k].id; });
  if (c == kNone) return {};
  std::vector<JourneyEntry> out;
  for (const detail::JourneyRec& rec : s.customers[c].journey) {
    out.push_back(JourneyEntry{detail::to_instant(rec.time), rec.kind, rec.ref, rec.detail});
  }
  return out;
}

Result<Eta> Engine::eta(const std::string& item_id) const {
  const State& s = *state_;
  const Idx i = s.find_item(item_id);
  if (i == kNone) return Status::not_found("unknown item '" + item_id + "'");
  if (s.items[i].place == Place::kDone || s.items[i].place == Place::kCancelled) {
    return Status::conflict("item '" + item_id + "' is closed");
  }
  return s.eta_of(i);
}

Result<Explanation> Engine::explain(const WorkRef& work) const {
  const State& s = *state_;
  if (work.kind == WorkKind::kContact) {
    const Idx c = s.find_contact(work.id);
    if (c == kNone) return Status::not_found("unknown open contact '" + work.id + "'");
    return s.explain_contact(c);
  }
  const Idx t = s.find_task(work.id);
  if (t == kNone) return Status::not_found("unknown open task '" + work.id + "'");
  return s.explain_task(t);
}

Result<Explanation> Engine::explain_item(const std::string& item_id) const {
  const State& s = *state_;
  const Idx i = s.find_item(item_id);
  if (i == kNone) return Status::not_found("unknown item '" + item_id + "'");
  const detail::ItemRec& item = s.items[i];
  if (item.open_tasks.empty()) {
    Explanation e;
    e.text = fmt::format("item '{}' is {}", item.id, to_string(item.place));
    return e;
  }
  // The first waiting task explains the item; otherwise the first task.
  for (Idx t : item.open_tasks) {
    if (s.tasks[t].place == Place::kQueued || s.tasks[t].place == Place::kPending ||
        s.tasks[t].place == Place::kPaused) {
      return s.explain_task(t);
    }
  }
  return s.explain_task(item.open_tasks.front());
}

std::optional<AgentView> Engine::agent(const std::string& agent_id) const {
  const State& s = *state_;
  const Idx a = s.find_agent(agent_id);
  if (a == kNone) return std::nullopt;
  const detail::AgentRec& rec = s.agents[a];
  AgentView v;
  v.id = rec.id;
  v.logged_in = rec.logged_in;
  v.state = rec.state;
  v.mode = rec.mode;
  v.activity = rec.activity;
  if (rec.activity_until < detail::kNever)
    v.activity_until = detail::to_instant(rec.activity_until);
  v.load = static_cast<double>(rec.used) / detail::kCapacityUnits;
  for (const detail::WorkHandle& w : rec.works) {
    const Place p = w.kind == WorkKind::kContact ? s.contacts[w.idx].place : s.tasks[w.idx].place;
    (p == Place::kOffered ? v.offered : v.assigned).push_back(s.work_ref(w));
  }
  v.idle_since = detail::to_instant(rec.idle_since);
  return v;
}

std::optional<QueueView> Engine::queue(const std::string& queue_id) const {
  const State& s = *state_;
  auto it = s.queue_index.find(queue_id);
  if (it == s.queue_index.end()) return std::nullopt;
  const detail::QueueInfo& q = s.queues[it->second];
  QueueView v;
  v.id = q.id;
  v.real_time = q.real_time;
  v.waiting = static_cast<int>(q.human.size() + q.robot.size());
  if (q.real_time && !q.human.empty()) {
    v.oldest_waiting_since = detail::to_instant(s.contacts[q.human.begin()->work].arrived);
  } else if (!q.real_time) {
    std::optional<detail::Time> oldest;
    for (const detail::QueueSet* set : {&q.human, &q.robot}) {
      if (set->empty()) continue;
      // the oldest of the queue is not its head (ordered by slack): report the head's receipt
      const detail::Time t = s.items[s.tasks[set->begin()->work].item].received;
      oldest = oldest ? std::min(*oldest, t) : t;
    }
    if (oldest) v.oldest_waiting_since = detail::to_instant(*oldest);
  }
  v.smoothed_arrivals_per_hour = q.smoothed_rate * 3600.0;
  v.phone_need = q.target;
  v.phone_agents = q.phone_count;
  return v;
}

EngineStats Engine::stats() const {
  const State& s = *state_;
  EngineStats st = s.stats;
  st.open_contacts = s.contact_index.size();
  st.open_items = s.open_items;
  st.open_tasks = s.open_tasks;
  st.logged_in_agents = s.logged_in_agents;
  st.history_entries = s.history_entries;
  st.history_bytes = s.history_entries * sizeof(detail::HistoryRec);
  st.state_bytes =
      s.items.size() * sizeof(detail::ItemRec) + s.tasks.capacity() * sizeof(detail::TaskRec) +
      s.contacts.capacity() * sizeof(detail::ContactRec) + s.item_index.memory_bytes() +
      s.contact_index.memory_bytes() + s.open_tasks * sizeof(detail::QueueKey);
  return st;
}

const char* to_string(Place place) {
  switch (place) {
    case Place::kQueued:
      return "queued";
    case Place::kOffered:
      return "offered";
    case Place::kAssigned:
      return "assigned";
    case Place::kPaused:
      return "paused";
    case Place::kPending:
      return "pending";
    case Place::kDone:
      return "done";
    case Place::kCancelled:
      return "cancelled";
  }
  return "?";
}

const char* to_string(HistoryKind kind) {
  switch (kind) {
    case HistoryKind::kReceived:
      return "received";
    case HistoryKind::kQueued:
      return "queued";
    case HistoryKind::kOffered:
      return "offered";
    case HistoryKind::kOfferRejected:
      return "offer_rejected";
    case HistoryKind::kOfferExpired:
      return "offer_expired";
    case HistoryKind::kAssigned:
      return "assigned";
    case HistoryKind::kStarted:
      return "started";
    case HistoryKind::kPaused:
      return "paused";
    case HistoryKind::kResumed:
      return "resumed";
    case HistoryKind::kStepDone:
      return "step_done";
    case HistoryKind::kStepFailed:
      return "step_failed";
    case HistoryKind::kExceptionRouted:
      return "exception_routed";
    case HistoryKind::kQualityCheck:
      return "quality_check";
    case HistoryKind::kPendingCustomer:
      return "pending_customer";
    case HistoryKind::kCustomerResponded:
      return "customer_responded";
    case HistoryKind::kPriorityChanged:
      return "priority_changed";
    case HistoryKind::kFollowUpCreated:
      return "follow_up_created";
    case HistoryKind::kDone:
      return "done";
    case HistoryKind::kCancelled:
      return "cancelled";
  }
  return "?";
}

const char* to_string(JourneyKind kind) {
  switch (kind) {
    case JourneyKind::kContactArrived:
      return "contact_arrived";
    case JourneyKind::kContactAnswered:
      return "contact_answered";
    case JourneyKind::kContactAbandoned:
      return "contact_abandoned";
    case JourneyKind::kContactEnded:
      return "contact_ended";
    case JourneyKind::kItemReceived:
      return "item_received";
    case JourneyKind::kItemPending:
      return "item_pending";
    case JourneyKind::kItemDone:
      return "item_done";
    case JourneyKind::kItemCancelled:
      return "item_cancelled";
    case JourneyKind::kSelfService:
      return "self_service";
  }
  return "?";
}

const char* to_string(WaitReason reason) {
  switch (reason) {
    case WaitReason::kNotWaiting:
      return "not_waiting";
    case WaitReason::kNoSkilledAgentLoggedIn:
      return "no_skilled_agent_logged_in";
    case WaitReason::kAllSkilledAgentsBusy:
      return "all_skilled_agents_busy";
    case WaitReason::kChunkTooSmall:
      return "chunk_too_small";
    case WaitReason::kAgentsHeldForPhones:
      return "agents_held_for_phones";
    case WaitReason::kHigherPriorityWork:
      return "higher_priority_work";
    case WaitReason::kPendingCustomer:
      return "pending_customer";
    case WaitReason::kPaused:
      return "paused";
  }
  return "?";
}

const char* to_string(AgentMode mode) {
  return mode == AgentMode::kPhones ? "phones" : "back_office";
}

}  // namespace tandem::engine
