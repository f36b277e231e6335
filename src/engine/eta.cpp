// SPDX-License-Identifier: Apache-2.0
// ETA: the predicted completion of an open work item (docs/engine.md, "ETA").
//
// Every duration below is business time (the open hours of the queue's / item's calendar, or
// plain seconds without one): agents work while the site is open, so a queue's throughput is
// measured per open second and the item's remaining time is laid on its calendar at the end.
#include <algorithm>
#include <cmath>

#include "engine/state.h"

namespace tandem::engine::detail {

// ---------------------------------------------------------------- StartLog

void StartLog::note(std::int64_t now, double share, double gap_open_seconds, bool waiting) {
  if (backlogged_ && gap_open_seconds <= kMaxGapOpenSeconds) {
    starts_ += share;
    open_seconds_ += gap_open_seconds;
  }
  last_start_ = now;
  backlogged_ = waiting;
  if (count_ > 0 && now - at(count_ - 1).time < kMarkSeconds) return;
  const Mark m{now, starts_, open_seconds_};
  if (count_ == kMarks) {
    marks_[first_] = m;  // the oldest goes
    first_ = (first_ + 1) % kMarks;
  } else {
    marks_[(first_ + count_) % kMarks] = m;
    ++count_;
  }
}

StartLog::Mark StartLog::since(std::int64_t time) const {
  // the last mark with time <= `time` (binary search over the ring in time order)
  std::size_t lo = 0, hi = count_;
  while (lo < hi) {
    const std::size_t mid = (lo + hi) / 2;
    if (at(mid).time <= time) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return at(lo == 0 ? 0 : lo - 1);
}

namespace {

// The throughput is read over the checkpoints of (about) the last day: long enough to average
// the day's pattern (agents on the phones at the peaks), short enough to follow a change of
// staffing from one day to the next.
constexpr std::int64_t kRateWindowSeconds = 24 * 3600;
// It is trusted from 10 starts over half an open hour; before that, the capacity estimate.
constexpr double kMinRateStarts = 10.0;
constexpr double kMinRateOpenSeconds = 1800.0;
// A queue's load (inflow / service rate) is taken as at most this.
constexpr double kMaxLoad = 4.0;

// Share of the week a calendar is open (for waits counted in calendar time).
double open_share(const BusinessCalendar& calendar) {
  double minutes = 0.0;
  for (const auto& day : calendar.hours().days) {
    for (const OpeningWindow& w : day) minutes += static_cast<double>((w.close - w.open).count());
  }
  return std::clamp(minutes / (7.0 * 24.0 * 60.0), 0.0, 1.0);
}

}  // namespace

// ---------------------------------------------------------------- throughput

double EngineState::open_seconds_since(const StartLog& log, Idx q) const {
  if (!log.backlogged()) return 0.0;
  const QueueInfo& queue = queues[q];
  auto gap = static_cast<double>(now - log.last_start());
  // a long gap may span closed hours: only then a calendar look-up
  if (gap > static_cast<double>(StartLog::kMarkSeconds) && queue.calendar != kNone) {
    gap = static_cast<double>(calendars[queue.calendar]
                                  .open_time_between(to_instant(log.last_start()), to_instant(now))
                                  .count());
  }
  return gap;
}

void EngineState::note_task_created(Idx q) {
  StartLog& log = queues[q].arrivals;
  log.note(now, 1.0, open_seconds_since(log, q), /*waiting=*/true);
}

void EngineState::note_task_start(Idx t) {
  const TaskRec& task = tasks[t];
  QueueInfo& queue = queues[task.queue];
  const bool robot = task.flags & kTaskRobotOnly;
  StartLog& log = robot ? queue.robot_starts : queue.human_starts;
  const double gap = open_seconds_since(log, task.queue);
  // A resumed task (paused earlier, progress kept) counts for the share of its work left.
  const double remaining = remaining_work_seconds(t);
  const double mean = remaining + static_cast<double>(task.progress);
  const double share = mean > 0.0 ? remaining / mean : 1.0;
  log.note(now, share, gap, !(robot ? queue.robot : queue.human).empty());
}

// The observed service rate while backlogged (counted starts per counted open second between
// the checkpoint about a day before the newest and the newest) when trusted, else the capacity
// (CapacityPlanned, else the skilled agents logged in, at least one) at the queue's AHT.
double EngineState::observed_rate(const StartLog& log) const {
  if (log.empty()) return 0.0;
  const StartLog::Mark last = log.newest();
  const StartLog::Mark first = log.since(last.time - kRateWindowSeconds);
  const double starts = last.starts - first.starts;
  const double open = last.open_seconds - first.open_seconds;
  return starts >= kMinRateStarts && open >= kMinRateOpenSeconds ? starts / open : 0.0;
}

double EngineState::load_of(Idx q, bool robot) const {
  const QueueInfo& queue = queues[q];
  const double service = observed_rate(robot ? queue.robot_starts : queue.human_starts);
  const double inflow = observed_rate(queue.arrivals);
  if (service <= 0.0 || inflow <= 0.0) return 1.0;
  return std::min(inflow / service, kMaxLoad);
}

double EngineState::expected_wait_seconds(Idx q, bool robot, double ahead,
                                          double* capacity_agents) const {
  const QueueInfo& queue = queues[q];
  const double rate = observed_rate(robot ? queue.robot_starts : queue.human_starts);
  if (rate > 0.0) {
    if (capacity_agents != nullptr) *capacity_agents = rate * queue.aht_seconds;
    return ahead / rate;
  }
  double capacity = queue.planned_capacity >= 0.0
                        ? queue.planned_capacity
                        : static_cast<double>(logged_in_with_skill[queue.skill]);
  capacity = std::max(1.0, capacity);
  if (capacity_agents != nullptr) *capacity_agents = capacity;
  return ahead * queue.aht_seconds / capacity;
}

// ---------------------------------------------------------------- ETA

namespace {

// What lies ahead of an item at the end of a step: `ahead` tasks (waiting in `same_queue`, or
// upstream when kNone), and `pending` business seconds of expected customer waits of the
// steps passed (the items ahead waiting for their customers come back ahead of it).
struct Upstream {
  double ahead = 0.0;
  double pending = 0.0;
  Idx same_queue = kNone;
};

// The steps of a process still to come for an item, walked as a tandem of queues: a step
// starts when the item has finished the previous one and its queue has served the tasks ahead
// of it (those already in that queue with a smaller key, and those ahead of it upstream, which
// reach the queue first).
struct Walk {
  const EngineState& s;
  const ItemRec& item;
  const ProcessInfo* process;  // the item's (not null when walked)
  double pending_share;  // open share of the item's calendar (pending waits are calendar time)

  // From step `k` to the end of its branch, the item free to start it at `t` with `up` ahead
  // of it. Returns the end of the branch; `up` becomes what is ahead after its last step.
  double branch(std::uint16_t k, double t, Upstream& up) const {
    for (; k != kSingleStep; k = process->steps[k].next) {
      const StepInfo& step = process->steps[k];
      const QueueInfo& queue = s.queues[step.queue];
      const QueueSet& set = step.robot_only ? queue.robot : queue.human;
      const double remaining = step.branch_rest_seconds + process->work_after_stage[step.stage];
      const QueueKey key{-item.priority, item.due - static_cast<Time>(std::llround(remaining)),
                         item.received, 0};
      double n = static_cast<double>(set.order_of_key(key));
      if (step.queue != up.same_queue) n += up.ahead;
      // the quality checks of the tasks ahead, when made in the same queue, come first too
      const double checks = step.qc_queue == step.queue ? step.qc_rate : 0.0;
      double served =
          s.expected_wait_seconds(step.queue, step.robot_only, n * (1.0 + checks), nullptr);
      // Items ahead now waiting for their customers come back ahead of it: as many as flow
      // into the queue in the expected customer wait, served at its rate (the queue's load,
      // inflow / service rate, times that wait).
      if (n > 0.0 && up.pending > 0.0) {
        served += s.load_of(step.queue, step.robot_only) * up.pending;
      }
      t = std::max(t, served);
      t += step.mean_seconds + step.qc_rate * s.queues[step.qc_queue].aht_seconds +
           step.pending_seconds * pending_share;
      up.ahead = n;
      up.pending += step.pending_seconds * pending_share;
      up.same_queue = step.queue;
    }
    return t;
  }
};

// Steps after `k` in its process (its branch, later stages) that use the same queue: the
// tasks ahead of an item there will come back to that queue before it does (so will their
// quality checks made there: counted by the caller for `k`, here for the later steps).
double later_visits(const ProcessInfo& process, std::uint16_t k) {
  const Idx q = process.steps[k].queue;
  double visits = 0.0;
  for (std::uint16_t s = process.steps[k].next; s != kSingleStep; s = process.steps[s].next) {
    if (process.steps[s].queue == q)
      visits += 1.0 + process.steps[s].qc_rate * (process.steps[s].qc_queue == q);
  }
  for (std::size_t st = process.steps[k].stage + 1u; st < process.stage_first_steps.size(); ++st) {
    double most = 0.0;
    for (std::uint16_t first : process.stage_first_steps[st]) {
      double v = 0.0;
      for (std::uint16_t s = first; s != kSingleStep; s = process.steps[s].next) {
        if (process.steps[s].queue == q)
          v += 1.0 + process.steps[s].qc_rate * (process.steps[s].qc_queue == q);
      }
      most = std::max(most, v);
    }
    visits += most;
  }
  return visits;
}

}  // namespace

Eta EngineState::eta_of(Idx i) const {
  const ItemRec& item = items[i];
  const Idx cal = calendar_of_item(item);
  Eta eta;
  eta.position = 0;
  const ProcessInfo* process = item.process != kNone ? &processes[item.process] : nullptr;
  const Walk walk{*this, item, process, cal != kNone ? open_share(calendars[cal]) : 1.0};
  double stage_end = 0.0;  // business seconds from now until the current stage is done
  Upstream out;            // what is ahead of the item at the end of the current stage
  double first_wait = -1.0;
  for (Idx t : item.open_tasks) {
    const TaskRec& task = tasks[t];
    const QueueInfo& queue = queues[task.queue];
    double work = remaining_work_seconds(t);
    double wait = 0.0;
    double ahead = 0.0;
    if (task.place == Place::kAssigned || task.place == Place::kOffered) {
      const float prof = std::max(0.1f, proficiency_of(agents[task.agent], queue.skill));
      work *= prof;
      if (task.place == Place::kAssigned)
        work = std::max(0.0, work - static_cast<double>(now - task.since));
    } else if (task.place == Place::kQueued) {
      const bool robot = task.flags & kTaskRobotOnly;
      const QueueSet& set = robot ? queue.robot : queue.human;
      ahead = static_cast<double>(set.order_of_key(task.key));
      // The tasks ahead that come back to this queue later in their process are served again
      // before this one's next visit: count them once per visit.
      double visits = 1.0;
      if (task.step != kSingleStep && !(task.flags & kTaskQualityCheck)) {
        const StepInfo& step = process->steps[task.step];
        visits +=
            later_visits(*process, task.step) + (step.qc_queue == task.queue ? step.qc_rate : 0.0);
      }
      double capacity = 0.0;
      wait = expected_wait_seconds(task.queue, robot, ahead * visits, &capacity);
      if (first_wait < 0.0 || wait < first_wait) {
        first_wait = wait;
        eta.position = static_cast<int>(ahead);
        eta.capacity_agents = capacity;
      }
    }
    double end = wait + work;
    double rest = 0.0;  // standard work of the rest of its branch
    if (task.step != kSingleStep) {
      const StepInfo& step = process->steps[task.step];
      rest = step.branch_rest_seconds - step.mean_seconds;
      Upstream up{ahead, 0.0, task.queue};
      if (!(task.flags & kTaskQualityCheck)) {
        up.pending = step.pending_seconds * walk.pending_share;
        end += up.pending;
      }
      end = walk.branch(step.next, end, up);
      ahead = up.ahead;
      out.pending = std::max(out.pending, up.pending);
    }
    stage_end = std::max(stage_end, end);
    out.ahead = std::max(out.ahead, ahead);
    eta.remaining_work += Seconds{static_cast<Time>(std::llround(work + rest))};
  }
  if (process != nullptr) {
    // The stages after this one start when its slowest branch is done.
    for (std::size_t st = item.stage + 1u; st < process->stage_first_steps.size(); ++st) {
      double end = stage_end;
      Upstream next;
      for (std::uint16_t first : process->stage_first_steps[st]) {
        Upstream up{out.ahead, out.pending, kNone};
        end = std::max(end, walk.branch(first, stage_end, up));
        next.ahead = std::max(next.ahead, up.ahead);
        next.pending = std::max(next.pending, up.pending);
      }
      stage_end = end;
      out = next;
    }
    eta.remaining_work +=
        Seconds{static_cast<Time>(std::llround(process->work_after_stage[item.stage]))};
  }
  eta.queue_wait = Seconds{static_cast<Time>(std::llround(std::max(0.0, first_wait)))};
  const Seconds span{static_cast<Time>(std::llround(stage_end))};
  Time completion = now + span.count();
  if (cal != kNone) {
    auto r = calendars[cal].add_business_time(to_instant(now), span);
    if (r.is_ok()) completion = to_time(*r);
  }
  eta.completion = to_instant(completion);
  eta.within_due = completion <= item.due;
  return eta;
}

}  // namespace tandem::engine::detail
