// SPDX-License-Identifier: Apache-2.0
#include "schedule/scenario_problem.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "staffing/staffing.h"
#include "staffing/workload_grid.h"
#include "staffing/workload_windows.h"

namespace tandem::schedule {

namespace {

bool is_real_time(const Scenario& s, const Queue& q) {
  const Channel* ch = s.find_channel(q.channel);
  return ch != nullptr && ch->mode == ChannelMode::kRealTime;
}

const QueueDemand* find_demand(const ScenarioDemand& d, const std::string& queue) {
  for (const auto& q : d.queues)
    if (q.queue == queue) return &q;
  return nullptr;
}

}  // namespace

Result<ScheduleProblem> problem_from_scenario(const Scenario& s, const ScenarioDemand& demand,
                                              bool blending) {
  ScheduleProblem p;
  p.start_date = demand.start_date;
  p.days = demand.days;
  p.interval_minutes = s.interval.minutes;
  p.blending = blending;
  p.shift_templates = s.shift_templates;
  if (p.days < 1 || p.days > 28)
    return Status::invalid_argument(fmt::format("horizon: {} days (must be 1..28)", p.days));
  const int n = p.interval_count();
  const int iv = p.interval_minutes;
  for (const auto& q : demand.queues)
    if (static_cast<int>(q.volume.size()) != n || static_cast<int>(q.aht_seconds.size()) != n)
      return Status::invalid_argument(
          fmt::format("demand of queue '{}': {} values for a horizon of {} intervals", q.queue,
                      q.volume.size(), n));

  for (const Queue& q : s.queues) {
    const QueueDemand* d = find_demand(demand, q.id);
    const Sla* sla = s.find_sla(q.sla);
    if (is_real_time(s, q)) {
      FrontOfficeGroup g;
      g.id = q.id;
      g.required_agents.assign(n, 0.0);
      g.load.assign(n, staffing::QueueLoad{});
      g.service_level_seconds = sla != nullptr ? sla->answer_within_seconds : 20.0;
      const Channel* ch = s.find_channel(q.channel);
      for (int t = 0; d != nullptr && t < n; ++t) {
        if (d->volume[t] <= 0) continue;
        staffing::QueueLoad load;
        load.arrivals_per_second = d->volume[t] / (iv * 60.0);
        load.aht_seconds = (d->aht_seconds[t] > 0 ? d->aht_seconds[t] : q.handle_time.mean()) +
                           q.after_contact_seconds;
        load.patience_seconds = q.patience_mean_seconds;
        load.concurrency = ch != nullptr ? std::max(1, ch->concurrency) : 1;
        staffing::StaffingTargets targets;
        if (sla != nullptr) {
          targets.service_level = sla->answered_percent / 100.0;
          targets.target_seconds = sla->answer_within_seconds;
          targets.max_asa_seconds = sla->max_asa_seconds;
          if (q.patience_mean_seconds && sla->max_abandon_percent)
            targets.max_abandon = *sla->max_abandon_percent / 100.0;
        } else {
          targets.service_level = 0.8;
        }
        Result<staffing::QueueMetrics> m = staffing::required_agents(load, targets);
        if (!m.is_ok())
          return Status::invalid_argument(
              fmt::format("queue '{}', interval {}: {}", q.id, t, m.status().message()));
        g.required_agents[t] = m->agents;
        g.load[t] = load;
      }
      p.front_office.push_back(std::move(g));
      continue;
    }
    // Deferrable: a back-office window, by the staffing module's definition
    // (staffing/workload_windows.h): can-be-done-from = work arrived, must-be-done-by = work
    // whose SLA deadline (measured from the start of its arrival interval) has passed; work due
    // after the horizon is not due within it. No backlog: the horizon starts empty.
    BackOfficeWindow w;
    w.work_type = q.id;
    Result<BusinessCalendar> cal = s.calendar_of_site(q.site);
    if (!cal.is_ok()) return cal.status();
    std::vector<double> arriving(n, 0.0);
    for (int t = 0; d != nullptr && t < n; ++t)
      if (d->volume[t] > 0)
        arriving[t] = d->volume[t] *
                      (d->aht_seconds[t] > 0 ? d->aht_seconds[t] : q.handle_time.mean()) / 3600.0;
    staffing::WorkloadGridSpec spec;
    spec.start = cal->to_instant(LocalSeconds{p.start_date});
    spec.interval_minutes = iv;
    if (sla == nullptr || sla->deadline.amount <= 0)
      spec.deadline = Deadline{DeadlineUnit::kHours, 24.0};
    else
      spec.deadline = sla->deadline;
    Result<staffing::WorkloadWindowInput> grid =
        staffing::build_workload_grid(*cal, spec, arriving);
    if (!grid.is_ok())
      return Status::invalid_argument(
          fmt::format("queue '{}': workload windows: {}", q.id, grid.status().message()));
    Result<staffing::WorkloadWindows> windows = staffing::compute_workload_windows(*grid);
    if (!windows.is_ok())
      return Status::invalid_argument(
          fmt::format("queue '{}': workload windows: {}", q.id, windows.status().message()));
    w.available_hours = windows->can_cumulative;
    w.due_hours.resize(n);
    for (int t = 0; t < n; ++t)
      w.due_hours[t] = std::min(windows->must_cumulative[t], w.available_hours[t]);
    p.back_office.push_back(std::move(w));
  }

  for (const Agent& a : s.agents) {
    if (a.is_robot()) continue;
    ScheduleAgent sa;
    sa.id = a.id;
    sa.name = a.name;
    sa.cost_per_hour = a.cost_per_hour;
    const Contract* c = s.find_contract(a.contract);
    if (c != nullptr) sa.contract = *c;
    const Team* team = s.find_team(a.team);
    bool home_fo = false;
    for (const Queue& q : s.queues) {
      if (!a.proficiency(q.skill)) continue;
      if (is_real_time(s, q)) {
        sa.front_office_groups.push_back(q.id);
        if (team != nullptr && team->site == q.site) home_fo = true;
      } else {
        sa.back_office_work_types.push_back(q.id);
      }
    }
    sa.home_front_office = home_fo || sa.back_office_work_types.empty();
    for (const LocalDays day : a.preferences.days_off_requested) {
      const auto idx = (day - p.start_date).count();
      if (idx >= 0 && idx < p.days) sa.days_off_requested.push_back(static_cast<int>(idx));
    }
    sa.preferred_templates = a.preferences.preferred_shifts;
    p.agents.push_back(std::move(sa));
  }
  return p;
}

}  // namespace tandem::schedule
