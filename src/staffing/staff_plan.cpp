// SPDX-License-Identifier: Apache-2.0
#include "staffing/staff_plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

#include "staffing/workload_grid.h"

namespace tandem::staffing {
namespace {

namespace chr = std::chrono;

LocalDays day_of(LocalSeconds t) { return chr::floor<chr::days>(t); }

LocalDays monday_of(LocalDays d) { return d - chr::days(iso_weekday_index(d)); }

double default_aht(const Queue& q) { return q.handle_time.mean() + q.after_contact_seconds; }

StaffingTargets targets_of(const Sla& sla, const Queue& q, const StaffOptions& options,
                           std::vector<std::string>& notes) {
  StaffingTargets t;
  t.service_level = std::clamp(sla.answered_percent / 100.0, 1e-9, 1.0);
  t.target_seconds = sla.answer_within_seconds;
  if (sla.max_asa_seconds) t.max_asa_seconds = *sla.max_asa_seconds;
  if (sla.max_abandon_percent) {
    if (q.patience_mean_seconds) {
      t.max_abandon = std::clamp(*sla.max_abandon_percent / 100.0, 1e-9, 1.0);
    } else {
      notes.push_back("queue " + q.id + ": max abandonment ignored (no patience: Erlang C)");
    }
  }
  t.max_occupancy = options.max_occupancy;
  return t;
}

}  // namespace

Result<StaffPlan> plan_staffing(const Scenario& scenario, std::span<const IntervalVolume> forecast,
                                const StaffOptions& options) {
  if (!(options.shrinkage >= 0 && options.shrinkage < 1)) {
    return Status::invalid_argument("shrinkage must be in [0, 1)");
  }
  StaffPlan plan;
  plan.interval_minutes = scenario.interval.minutes;
  const chr::minutes length(scenario.interval.minutes);
  if (forecast.empty()) return Status::invalid_argument("the forecast has no rows");

  // Group rows by queue, check the grid and duplicates.
  std::map<std::string, std::map<LocalSeconds, const IntervalVolume*>> by_queue;
  std::map<std::string, int> unknown;
  LocalDays first = day_of(forecast.front().interval_start), last = first;
  for (const IntervalVolume& row : forecast) {
    if (scenario.find_queue(row.queue) == nullptr) {
      ++unknown[row.queue];
      continue;
    }
    if (row.aht_seconds && !(*row.aht_seconds > 0)) {
      return Status::invalid_argument(fmt::format(
          "forecast row of queue {}: aht_seconds {} must be > 0", row.queue, *row.aht_seconds));
    }
    const auto since_midnight = row.interval_start - LocalSeconds(day_of(row.interval_start));
    if (since_midnight % length != Seconds(0)) {
      return Status::invalid_argument("forecast row of queue " + row.queue +
                                      ": interval start is not on the " +
                                      std::to_string(scenario.interval.minutes) + "-minute grid");
    }
    if (!by_queue[row.queue].emplace(row.interval_start, &row).second) {
      return Status::invalid_argument("forecast has two rows for queue " + row.queue +
                                      " at the same interval");
    }
    first = std::min(first, day_of(row.interval_start));
    last = std::max(last, day_of(row.interval_start));
  }
  for (const auto& [queue, rows] : unknown) {
    plan.notes.push_back("skipped " + std::to_string(rows) + " row(s) of unknown queue " + queue);
  }
  // The horizon is whole ISO weeks: the back-office windows treat it as one period of a
  // steady state (work due after it comes back as the backlog at its start).
  first = monday_of(first);
  last = monday_of(last) + chr::days(6);
  plan.first_day = first;
  plan.last_day = last;

  for (const Queue& q : scenario.queues) {
    auto rows_it = by_queue.find(q.id);
    if (rows_it == by_queue.end()) continue;
    const Channel* channel = scenario.find_channel(q.channel);
    const Sla* sla = scenario.find_sla(q.sla);
    if (channel == nullptr || sla == nullptr) {
      return Status::invalid_argument("queue " + q.id + ": unknown channel or SLA");
    }
    if (channel->mode == ChannelMode::kRealTime) {
      FrontOfficePlan fo;
      fo.queue = q.id;
      fo.site = q.site;
      fo.targets = targets_of(*sla, q, options, plan.notes);
      fo.concurrency = std::max(1, channel->concurrency);
      fo.model = q.patience_mean_seconds ? QueueModel::kErlangA : QueueModel::kErlangC;
      for (const auto& [start, row] : rows_it->second) {
        FrontOfficeInterval iv;
        iv.start = start;
        iv.volume = row->volume;
        iv.aht_seconds = row->aht_seconds.value_or(default_aht(q));
        QueueLoad load;
        load.arrivals_per_second = row->volume / (scenario.interval.minutes * 60.0);
        load.aht_seconds = iv.aht_seconds;
        load.patience_seconds = q.patience_mean_seconds;
        load.concurrency = fo.concurrency;
        load.concurrency_slowdown = options.concurrency_slowdown;
        Result<QueueMetrics> m = required_agents(load, fo.targets);
        if (!m.is_ok()) {
          return Status::invalid_argument("queue " + q.id + ": " + m.status().message());
        }
        iv.metrics = *m;
        iv.scheduled_agents = *scheduled_agents(m->agents, options.shrinkage);
        fo.intervals.push_back(iv);
      }
      plan.front_office.push_back(std::move(fo));
      continue;
    }
    // Back office: windows over whole local days of the horizon.
    Result<BusinessCalendar> calendar = scenario.calendar_of_site(q.site);
    if (!calendar.is_ok())
      return Status::invalid_argument("queue " + q.id + ": " + calendar.status().message());
    BackOfficePlan bo;
    bo.queue = q.id;
    bo.site = q.site;
    bo.deadline = sla->deadline;
    const int per_day = scenario.interval.intervals_per_day();
    const int days = static_cast<int>((last - first).count()) + 1;
    const int count = days * per_day;
    const Instant grid_start = calendar->to_instant(LocalSeconds(first));
    std::vector<double> arriving(count, 0.0);
    bo.intervals.resize(count);
    for (int i = 0; i < count; ++i) {
      bo.intervals[i].start = calendar->to_local(grid_start + i * length);
      bo.intervals[i].aht_seconds = default_aht(q);
    }
    for (const auto& [start, row] : rows_it->second) {
      const Instant at = calendar->to_instant(start);
      const long long index = (at - grid_start) / chr::duration_cast<Seconds>(length);
      if (index < 0 || index >= count) continue;  // a DST fold at the horizon's edge
      BackOfficeInterval& iv = bo.intervals[index];
      iv.volume += row->volume;
      iv.aht_seconds = row->aht_seconds.value_or(default_aht(q));
      arriving[index] += row->volume * iv.aht_seconds / 3600.0;
    }
    WorkloadGridSpec spec;
    spec.start = grid_start;
    spec.interval_minutes = scenario.interval.minutes;
    spec.deadline = sla->deadline;
    Result<WorkloadWindowInput> grid = build_workload_grid(*calendar, spec, arriving);
    if (!grid.is_ok()) {
      return Status::invalid_argument("queue " + q.id + ": " + grid.status().message());
    }
    // Steady state: the same work arrived in the periods before, so whatever of it is due at
    // or after the start of this period waits as backlog at its start.
    for (int i = 0; i < count; ++i) {
      const WorkloadInterval& in = grid->intervals[i];
      if (in.arriving_hours <= 0) continue;
      for (long long d = static_cast<long long>(in.deadline_interval) - count; d >= 0; d -= count) {
        grid->backlog.push_back({in.arriving_hours, static_cast<int>(d)});
      }
    }
    Result<WorkloadWindows> windows = compute_workload_windows(*grid);
    if (!windows.is_ok()) {
      return Status::invalid_argument("queue " + q.id + ": " + windows.status().message());
    }
    for (int i = 0; i < count; ++i) {
      BackOfficeInterval& iv = bo.intervals[i];
      iv.open_hours = grid->intervals[i].open_hours;
      iv.arriving_hours = arriving[i];
      iv.due_hours = windows->due_hours[i];
      iv.must_cumulative = windows->must_cumulative[i];
      iv.can_cumulative = windows->can_cumulative[i];
      iv.latest_hours = windows->latest_hours[i];
    }
    bo.min_level_agents = windows->min_level_agents;
    bo.scheduled_level_agents =
        static_cast<int>(std::ceil(windows->min_level_agents / (1.0 - options.shrinkage) - 1e-9));
    bo.unavoidably_late_hours = windows->unavoidably_late_hours;
    bo.beyond_horizon_hours = windows->beyond_horizon_hours;
    plan.back_office.push_back(std::move(bo));
  }
  return plan;
}

Result<std::vector<IntervalVolume>> next_week_from_history(
    std::span<const IntervalVolume> history) {
  if (history.empty()) return Status::invalid_argument("the history has no rows");
  LocalDays last = day_of(history.front().interval_start);
  for (const IntervalVolume& row : history) last = std::max(last, day_of(row.interval_start));
  // The week of the last row is complete when the rows reach its Saturday (Sundays are often
  // closed and have no rows); otherwise take the week before.
  LocalDays week = monday_of(last);
  if (iso_weekday_index(last) < 5) week -= chr::days(7);
  const LocalDays week_end = week + chr::days(7);
  // Next week: the week after the last row (so an incomplete last week is skipped).
  const chr::days shift = monday_of(last) + chr::days(7) - week;
  std::vector<IntervalVolume> next;
  for (const IntervalVolume& row : history) {
    const LocalDays d = day_of(row.interval_start);
    if (d < week || d >= week_end) continue;
    IntervalVolume moved = row;
    moved.interval_start += shift;
    next.push_back(std::move(moved));
  }
  if (next.empty()) return Status::invalid_argument("the history holds no complete week");
  return next;
}

}  // namespace tandem::staffing
