// SPDX-License-Identifier: Apache-2.0
// Work items and their processes: tasks per step, parallel branches joined before the next
// stage, quality-check sampling, exceptions, completion; history and journey records.
#include <algorithm>
#include <cmath>

#include "engine/state.h"

namespace tandem::engine::detail {

namespace {

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

std::uint64_t EngineState::hash_of(const std::string& text, std::uint64_t salt) const {
  std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return splitmix64(h ^ splitmix64(options.seed ^ salt));
}

void EngineState::history(Idx item, HistoryKind kind, Idx agent, Idx task) {
  if (!options.track_history) return;
  HistoryRec rec;
  rec.time = static_cast<std::int32_t>(now - history_origin);
  rec.kind = kind;
  rec.agent = agent;
  if (task != kNone) {
    rec.step = tasks[task].step;
    rec.task_flags = static_cast<std::uint8_t>(
        (tasks[task].flags & (kTaskQualityCheck | kTaskException)) | 0x80);  // 0x80: has task
  }
  ItemRec& it = items[item];
  rec.prev = it.history_last;
  it.history_last = history_log.append(rec);
  ++history_entries;
}

std::vector<HistoryRec> EngineState::history_of(const ItemRec& item) const {
  std::vector<HistoryRec> lines;
  for (Idx e = item.history_last; e != kNone; e = history_log[e].prev) {
    lines.push_back(history_log[e]);
  }
  std::reverse(lines.begin(), lines.end());
  return lines;
}

// Rebuilds the log with the lines of the items still in the state (each item's lines stay in
// order and linked). Called when retired items' lines are most of the log: amortised O(1) per
// line.
void EngineState::compact_history() {
  HistoryLog<HistoryRec> kept;
  for (ItemRec& item : items) {
    if (item.history_last == kNone) continue;
    Idx prev = kNone;
    for (HistoryRec line : history_of(item)) {
      line.prev = prev;
      prev = kept.append(line);
    }
    item.history_last = prev;
  }
  history_log.swap(kept);
  history_dead = 0;
}

void EngineState::journey(Idx customer, JourneyKind kind, std::string ref, std::string detail) {
  if (customer == kNone) return;
  customers[customer].journey.push_back(JourneyRec{now, kind, std::move(ref), std::move(detail)});
}

Time EngineState::add_duration(Time from, const RuleDuration& d, Idx calendar) const {
  switch (d.unit) {
    case DurationUnit::kSeconds:
      return from + static_cast<Time>(std::llround(d.amount));
    case DurationUnit::kBusinessHours:
      if (calendar != kNone) {
        auto r = calendars[calendar].add_business_time(
            to_instant(from), Seconds{static_cast<Time>(std::llround(d.amount * 3600.0))});
        if (r.is_ok()) return to_time(*r);
      }
      return from + static_cast<Time>(std::llround(d.amount * 3600.0));
    case DurationUnit::kBusinessDays:
      if (calendar != kNone) {
        auto r = calendars[calendar].add_business_days(to_instant(from),
                                                       static_cast<int>(std::llround(d.amount)));
        if (r.is_ok()) return std::max(from, to_time(*r));
      }
      return from + static_cast<Time>(std::llround(d.amount * 86400.0));
  }
  return from;
}

Time EngineState::deadline_from(Time received, const std::optional<Deadline>& deadline,
                                Idx calendar) const {
  if (!deadline) return received + 365 * 86400;  // no SLA: a year
  switch (deadline->unit) {
    case DeadlineUnit::kHours:
      return add_duration(received, RuleDuration{deadline->amount * 3600.0, DurationUnit::kSeconds},
                          calendar);
    case DeadlineUnit::kBusinessHours:
      return add_duration(received, RuleDuration{deadline->amount, DurationUnit::kBusinessHours},
                          calendar);
    case DeadlineUnit::kBusinessDays:
      return add_duration(received, RuleDuration{deadline->amount, DurationUnit::kBusinessDays},
                          calendar);
  }
  return received;
}

Idx EngineState::calendar_of_item(const ItemRec& item) const {
  if (item.process != kNone) return processes[item.process].calendar;
  return queues[item.work_type].calendar;
}

Idx EngineState::queue_of_item(const ItemRec& item) const {
  if (!item.open_tasks.empty()) return tasks[item.open_tasks.front()].queue;
  if (item.process != kNone) {
    return processes[item.process].steps[processes[item.process].stage_first_steps[0][0]].queue;
  }
  return item.work_type;
}

Idx EngineState::new_task(Idx item, Idx queue, std::uint16_t step, std::uint8_t flags) {
  Idx t;
  if (!free_tasks.empty()) {
    t = free_tasks.back();
    free_tasks.pop_back();
  } else {
    t = static_cast<Idx>(tasks.size());
    tasks.emplace_back();
  }
  TaskRec& task = tasks[t];
  const std::uint32_t gen = task.gen + 1;
  task = TaskRec{};
  task.item = item;
  task.queue = queue;
  task.step = step;
  task.flags = flags;
  task.live = true;
  task.gen = gen;
  task.since = now;
  note_task_created(queue);
  ++open_tasks;
  return t;
}

void EngineState::free_task(Idx t) {
  TaskRec& task = tasks[t];
  task.live = false;
  task.place = Place::kDone;
  ++task.gen;
  free_tasks.push_back(t);
  --open_tasks;
}

// Puts a task (new, paused, offered back or recalled) in its queue, or keeps it waiting with
// its item when the item is pending the customer.
void EngineState::requeue_task(Idx t) {
  TaskRec& task = tasks[t];
  if (items[task.item].place == Place::kPending) {
    task.place = Place::kPending;
    task.agent = kNone;
    task.since = now;
    ++task.gen;
    return;
  }
  enqueue_task(t);
  mark_queue(task.queue);
}

Idx EngineState::create_item(const std::string& id, Idx customer, Idx process, Idx work_type,
                             std::optional<int> priority, std::optional<Time> due, Time received) {
  Idx i;
  if (!free_items.empty()) {  // a retired slot: a new incarnation (stale rule timers die)
    i = free_items.back();
    free_items.pop_back();
    const std::uint32_t incarnation = items[i].incarnation + 1;
    items[i] = ItemRec{};
    items[i].incarnation = incarnation;
  } else {
    i = static_cast<Idx>(items.size());
    items.emplace_back();
  }
  ItemRec& item = items[i];
  item.id = id;
  item.customer = customer;
  item.process = process;
  item.work_type = work_type;
  item.received = received;
  const Idx first_queue = queue_of_item(item);
  item.priority = priority ? *priority : queues[first_queue].priority;
  const std::optional<Deadline>& deadline = process != kNone && processes[process].deadline
                                                ? processes[process].deadline
                                                : queues[first_queue].deadline;
  item.due = due ? *due : deadline_from(received, deadline, calendar_of_item(item));
  item_index.insert(id, i);
  ++open_items;
  history(i, HistoryKind::kReceived);
  if (customer != kNone) {
    journey(customer, JourneyKind::kItemReceived, id,
            process != kNone ? processes[process].id : queues[work_type].id);
  }
  if (process != kNone) {
    start_stage(i, 0);
  } else {
    const Idx t = new_task(i, work_type, kSingleStep, 0);
    items[i].open_tasks.push_back(t);
    items[i].branches_left = 1;
    requeue_task(t);
    history(i, HistoryKind::kQueued, kNone, t);
  }
  notify_customer(i, CustomerStatus::kReceived);
  arm_slack_timers(i);
  return i;
}

void EngineState::start_stage(Idx i, std::uint16_t stage) {
  const ProcessInfo& p = processes[items[i].process];
  items[i].stage = stage;
  items[i].branches_left = static_cast<std::uint16_t>(p.stage_first_steps[stage].size());
  for (std::uint16_t first : p.stage_first_steps[stage]) {
    const StepInfo& step = p.steps[first];
    const Idx t = new_task(i, step.queue, first, step.robot_only ? kTaskRobotOnly : 0);
    items[i].open_tasks.push_back(t);
    requeue_task(t);
    history(i, HistoryKind::kQueued, kNone, t);
  }
}

void EngineState::complete_task(Idx t) {
  const TaskRec task = tasks[t];  // a copy: new_task() may grow `tasks`
  const Idx i = task.item;
  const Idx agent = task.agent;
  history(i, HistoryKind::kStepDone, agent, t);
  if (agent != kNone) {
    take_back(agent, WorkHandle{WorkKind::kTask, t});
    mark_agent(agent);
  }
  ItemRec& item = items[i];
  Idx next = kNone;
  if (item.process != kNone) {
    const ProcessInfo& p = processes[item.process];
    const StepInfo& step = p.steps[task.step];
    const bool is_check = task.flags & kTaskQualityCheck;
    if (!is_check && step.qc_rate > 0.0) {
      const double u =
          static_cast<double>(hash_of(item.id + "/" + step.id, 0x7163ULL) >> 11) * 0x1.0p-53;
      if (u < step.qc_rate) {
        next = new_task(i, step.qc_queue, task.step, kTaskQualityCheck);
        history(i, HistoryKind::kQualityCheck, kNone, next);
      }
    }
    if (next == kNone && step.next != kSingleStep) {
      const StepInfo& following = p.steps[step.next];
      next = new_task(i, following.queue, step.next, following.robot_only ? kTaskRobotOnly : 0);
    }
  }
  if (next != kNone) {
    *std::find(item.open_tasks.begin(), item.open_tasks.end(), t) = next;
    free_task(t);
    requeue_task(next);
    history(i, HistoryKind::kQueued, kNone, next);
    return;
  }
  item.open_tasks.erase(std::find(item.open_tasks.begin(), item.open_tasks.end(), t));
  free_task(t);
  if (--item.branches_left > 0) return;  // parallel branches still open: join later
  if (item.process != kNone && item.stage + 1u < processes[item.process].stage_first_steps.size()) {
    start_stage(i, static_cast<std::uint16_t>(item.stage + 1));
    return;
  }
  close_item(i, Place::kDone);
}

void EngineState::fail_task(Idx t, const std::string& reason) {
  const TaskRec task = tasks[t];  // a copy: new_task() may grow `tasks`
  const Idx i = task.item;
  const Idx agent = task.agent;
  const bool by_robot = agent != kNone && agents[agent].robot;
  history(i, HistoryKind::kStepFailed, agent, t);
  if (agent != kNone) {
    take_back(agent, WorkHandle{WorkKind::kTask, t});
    mark_agent(agent);
  }
  const Idx queue = by_robot ? exception_queue_for(t) : task.queue;
  const Idx exc = new_task(i, queue, task.step, kTaskException);
  tasks[exc].progress = 0;
  ItemRec& item = items[i];
  *std::find(item.open_tasks.begin(), item.open_tasks.end(), t) = exc;
  const std::string failed = task_id(t);
  free_task(t);
  requeue_task(exc);
  history(i, HistoryKind::kExceptionRouted, kNone, exc);
  out->push_back(RouteException{to_instant(now), task_id(exc), failed,
                                skill_ids[queues[queue].skill], reason});
}

void EngineState::close_item(Idx i, Place final_place) {
  ItemRec& item = items[i];
  item.place = final_place;
  ++item.gen;
  --open_items;
  history(i, final_place == Place::kDone ? HistoryKind::kDone : HistoryKind::kCancelled);
  if (item.customer != kNone) {
    journey(item.customer,
            final_place == Place::kDone ? JourneyKind::kItemDone : JourneyKind::kItemCancelled,
            item.id, "");
  }
  if (final_place == Place::kDone) {
    notify_customer(i, CustomerStatus::kDone);
    rules_on_item(RuleTrigger::kItemDone, i);
  }
  if (options.retire_closed_items) retire_item(i);
}

void EngineState::retire_item(Idx i) {
  ItemRec& item = items[i];
  item_index.erase(item.id, [this](Idx k) -> const std::string& { return items[k].id; });
  std::vector<HistoryRec> lines = history_of(item);
  history_dead += lines.size();
  archive.push_back(ClosedItemRec{std::move(item.id), item.customer, item.process, item.work_type,
                                  item.place, item.received, now, std::move(lines)});
  const std::uint32_t incarnation = item.incarnation;
  item = ItemRec{};
  item.incarnation = incarnation;
  item.retired = true;
  item.place = archive.back().place;
  free_items.push_back(i);
  if (history_dead >= (std::size_t{1} << 16) && 2 * history_dead > history_log.size()) {
    compact_history();
  }
}

void EngineState::notify_customer(Idx i, CustomerStatus status) {
  const ItemRec& item = items[i];
  if (item.customer == kNone) return;
  std::optional<Instant> eta;
  if (status == CustomerStatus::kReceived || status == CustomerStatus::kInProgress) {
    eta = eta_of(i).completion;
  }
  out->push_back(
      NotifyCustomer{to_instant(now), customers[item.customer].id, item.id, status, eta});
}

void EngineState::set_priority(Idx i, int priority) {
  ItemRec& item = items[i];
  if (item.priority == priority) return;
  item.priority = priority;
  for (Idx t : item.open_tasks) {
    if (tasks[t].place != Place::kQueued) continue;
    dequeue_task(t);
    enqueue_task(t);
    mark_queue(tasks[t].queue);
  }
  history(i, HistoryKind::kPriorityChanged);
}

}  // namespace tandem::engine::detail
