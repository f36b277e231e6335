#include "schedule/scenario_problem.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "staffing/staffing.h"

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

// Interval index (0-based) by whose end `deadline` falls, or -1 when beyond the horizon.
int due_interval(const BusinessCalendar& cal, LocalDays start, int iv, int n, Instant deadline) {
  const LocalSeconds local = cal.to_local(deadline);
  const auto minutes =
      std::chrono::duration_cast<std::chrono::minutes>(local - LocalSeconds{start}).count();
  const long idx = (minutes + iv - 1) / iv - 1;
  return idx >= n ? -1 : static_cast<int>(std::max(0L, idx));
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
      }
      p.front_office.push_back(std::move(g));
      continue;
    }
    // Deferrable: a back-office window.
    BackOfficeWindow w;
    w.work_type = q.id;
    w.available_hours.assign(n, 0.0);
    w.due_hours.assign(n, 0.0);
    std::vector<double> due_at(n, 0.0);
    Result<BusinessCalendar> cal = s.calendar_of_site(q.site);
    if (!cal.is_ok()) return cal.status();
    double cum = 0;
    for (int t = 0; t < n; ++t) {
      double hours = 0;
      if (d != nullptr && d->volume[t] > 0)
        hours = d->volume[t] * (d->aht_seconds[t] > 0 ? d->aht_seconds[t] : q.handle_time.mean()) /
                3600.0;
      cum += hours;
      w.available_hours[t] = cum;
      if (hours <= 0) continue;
      const Instant received =
          cal->to_instant(LocalSeconds{p.start_date} + std::chrono::minutes{(t + 1) * iv});
      Result<Instant> deadline = received;
      if (sla == nullptr || sla->deadline.amount <= 0) {
        deadline = received + std::chrono::hours{24};
      } else if (sla->deadline.unit == DeadlineUnit::kHours) {
        deadline = received + std::chrono::seconds{
                                  static_cast<long>(std::lround(sla->deadline.amount * 3600.0))};
      } else if (sla->deadline.unit == DeadlineUnit::kBusinessHours) {
        deadline = cal->add_business_time(
            received, Seconds{static_cast<long>(std::lround(sla->deadline.amount * 3600.0))});
      } else {
        deadline = cal->add_business_days(received, static_cast<int>(sla->deadline.amount));
      }
      if (!deadline.is_ok()) return deadline.status();
      const int due = due_interval(*cal, p.start_date, iv, n, *deadline);
      if (due >= 0) due_at[std::max(due, t)] += hours;
    }
    cum = 0;
    for (int t = 0; t < n; ++t) {
      cum += due_at[t];
      w.due_hours[t] = std::min(cum, w.available_hours[t]);
    }
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
