// SPDX-License-Identifier: Apache-2.0
#include "server/planning_json.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "model/calendar.h"
#include "server/planning.h"

namespace tandem::server {
namespace {

using nlohmann::json;
namespace sch = tandem::schedule;

// NaN (a share of nothing) is null in JSON.
json number(double v) { return std::isfinite(v) ? json(v) : json(); }

json estimate_json(const sim::Estimate& e) {
  return {{"mean", number(e.mean)}, {"low", number(e.low)}, {"high", number(e.high)}};
}

json policy_json(const app::PolicyOutcome& o) {
  json p;
  p["policy"] = o.policy;
  p["replications"] = o.run.replications.size();
  p["interrupted"] = o.run.interrupted;
  // The totals of the run (per-interval KPIs are left out: `tandem simulate --json` has them).
  json kpis = json::object();
  for (const sim::KpiEstimate& k : o.run.estimates) {
    if (k.interval >= 0) continue;
    kpis[k.scope][k.kpi] = estimate_json(k.estimate);
  }
  const json none = {{"mean", nullptr}, {"low", nullptr}, {"high", nullptr}};
  auto workforce = [&](const char* kpi) {
    return kpis.contains("workforce") && kpis["workforce"].contains(kpi) ? kpis["workforce"][kpi]
                                                                         : none;
  };
  p["staff_hours"] = workforce("staff_hours");
  p["cost"] = workforce("cost");
  p["occupancy"] = workforce("occupancy");
  p["kpis"] = std::move(kpis);
  json slas = json::array();
  for (const sim::SlaCheck& c : o.checks) {
    json row = estimate_json(c.value);
    row["scope"] = c.scope;
    row["sla"] = c.sla;
    row["kpi"] = c.kpi;
    row["target"] = c.target;
    row["at_most"] = c.at_most;
    row["met"] = c.met;
    slas.push_back(std::move(row));
  }
  p["sla"] = std::move(slas);
  return p;
}

LocalSeconds at_minute(const sch::ScheduleProblem& p, int minute) {
  return LocalSeconds{p.start_date} + std::chrono::minutes{minute};
}

json schedule_json(const sch::ScheduleProblem& p, const sch::ScheduleResult& r) {
  json j;
  j["outcome"] = sch::to_string(r.outcome);
  j["objective"] = r.objective;
  j["cost"] = r.cost;
  j["penalty"] = r.penalty;
  j["bound"] = r.mip_bound;
  j["gap"] = r.gap_to_bound;
  j["unmet_agent_hours"] = r.unmet_agent_hours;
  j["back_office_late_hour_hours"] = r.back_office_late_hour_hours;
  j["start_date"] = format_local_date(p.start_date);
  j["days"] = p.days;
  j["interval_minutes"] = p.interval_minutes;
  json agents = json::array();
  for (std::size_t a = 0; a < p.agents.size(); ++a) {
    json shifts = json::array();
    for (const sch::AgentShift& s : r.shifts) {
      if (s.agent != static_cast<int>(a)) continue;
      json acts = json::array();
      for (const auto& act : s.activities)
        acts.push_back({{"kind", sch::to_string(act.kind)},
                        {"target", act.target},
                        {"start", format_local_minute(at_minute(p, act.start_minute))},
                        {"end", format_local_minute(at_minute(p, act.end_minute))}});
      shifts.push_back({{"date", format_local_date(p.start_date + std::chrono::days{s.day})},
                        {"template", s.template_id},
                        {"start", format_local_minute(at_minute(p, s.start_minute))},
                        {"end", format_local_minute(at_minute(p, s.end_minute))},
                        {"paid_hours", s.paid_minutes / 60.0},
                        {"activities", std::move(acts)}});
    }
    agents.push_back({{"id", p.agents[a].id}, {"name", p.agents[a].name}, {"shifts", shifts}});
  }
  j["agents"] = std::move(agents);
  json coverage = json::array();
  for (std::size_t g = 0; g < p.front_office.size(); ++g) {
    json sl = json::array();
    for (double v : r.expected_service_level[g]) sl.push_back(number(v));
    coverage.push_back({{"group", p.front_office[g].id},
                        {"required", p.front_office[g].required_agents},
                        {"scheduled", r.coverage[g]},
                        {"expected_service_level", std::move(sl)}});
  }
  j["coverage"] = std::move(coverage);
  json unmet = json::array();
  for (const auto& u : r.unmet)
    unmet.push_back(
        {{"group", u.group},
         {"from", format_local_minute(at_minute(p, u.first_interval * p.interval_minutes))},
         {"to", format_local_minute(at_minute(p, u.end_interval * p.interval_minutes))},
         {"max_short_agents", u.max_short_agents},
         {"short_agent_hours", u.short_agent_hours},
         {"reason", u.reason}});
  j["unmet"] = std::move(unmet);
  j["explanations"] = r.explanations;
  return j;
}

json staffing_json(const staffing::StaffPlan& plan) {
  json front = json::array();
  for (const staffing::FrontOfficePlan& q : plan.front_office) {
    json intervals = json::array();
    for (const staffing::FrontOfficeInterval& i : q.intervals)
      intervals.push_back({{"start", format_local_minute(i.start)},
                           {"volume", i.volume},
                           {"aht_seconds", i.aht_seconds},
                           {"required_agents", i.metrics.agents},
                           {"scheduled_agents", i.scheduled_agents},
                           {"service_level", number(i.metrics.service_level)},
                           {"occupancy", number(i.metrics.occupancy)}});
    front.push_back({{"queue", q.queue}, {"site", q.site}, {"intervals", std::move(intervals)}});
  }
  json back = json::array();
  for (const staffing::BackOfficePlan& q : plan.back_office) {
    json intervals = json::array();
    for (const staffing::BackOfficeInterval& i : q.intervals) {
      if (i.volume <= 0 && i.arriving_hours <= 0 && i.due_hours <= 0) continue;
      intervals.push_back({{"start", format_local_minute(i.start)},
                           {"volume", i.volume},
                           {"aht_seconds", i.aht_seconds},
                           {"arriving_hours", i.arriving_hours},
                           {"due_hours", i.due_hours}});
    }
    back.push_back({{"queue", q.queue},
                    {"site", q.site},
                    {"min_level_agents", q.min_level_agents},
                    {"scheduled_level_agents", q.scheduled_level_agents},
                    {"unavoidably_late_hours", q.unavoidably_late_hours},
                    {"beyond_horizon_hours", q.beyond_horizon_hours},
                    {"intervals", std::move(intervals)}});
  }
  return {{"interval_minutes", plan.interval_minutes},
          {"first_day", format_local_date(plan.first_day)},
          {"last_day", format_local_date(plan.last_day)},
          {"front_office", std::move(front)},
          {"back_office", std::move(back)},
          {"notes", plan.notes}};
}

json forecast_json(const app::HorizonForecast& forecast) {
  std::map<std::string, json> by_queue;
  std::vector<std::string> order;
  for (const IntervalVolume& row : app::staffing_rows(forecast)) {
    auto [it, added] = by_queue.try_emplace(row.queue, json::array());
    if (added) order.push_back(row.queue);
    it->second.push_back({{"start", format_local_minute(row.interval_start)},
                          {"volume", row.volume},
                          {"aht_seconds", row.aht_seconds ? json(*row.aht_seconds) : json()}});
  }
  json queues = json::array();
  for (const std::string& q : order)
    queues.push_back({{"queue", q}, {"intervals", std::move(by_queue[q])}});
  return {{"first_day", format_local_date(forecast.first_day)},
          {"days", forecast.days},
          {"queues", std::move(queues)}};
}

json totals_json(const app::PlanWeek& plan) {
  json front = json::array();
  for (const app::QueueStaffTotals& t : app::front_office_totals(plan.staffing))
    front.push_back({{"queue", t.queue},
                     {"volume", t.volume},
                     {"work_hours", t.work_hours},
                     {"peak_agents", t.peak_agents},
                     {"peak_at", t.peak_at ? json(format_local_minute(*t.peak_at)) : json()},
                     {"agent_hours", t.agent_hours},
                     {"scheduled_hours", t.scheduled_hours}});
  json cover = json::array();
  const app::ScheduleWeek& week = plan.schedule;
  for (const app::GroupCoverTotals& g : app::cover_totals(week.problem, week.blended))
    cover.push_back({{"group", g.group},
                     {"required_agent_hours", g.required_agent_hours},
                     {"scheduled_agent_hours", g.scheduled_agent_hours},
                     {"unmet_agent_hours", g.unmet_agent_hours},
                     {"expected_service_level", number(g.expected_service_level)}});
  return {{"front_office", std::move(front)},
          {"cover", std::move(cover)},
          {"rostered_people", app::rostered_people(week.problem, week.blended)},
          {"shifts", week.blended.shifts.size()}};
}

}  // namespace

std::string format_local_minute(LocalSeconds t) {
  const LocalDays day = std::chrono::floor<std::chrono::days>(t);
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(t - day).count();
  return fmt::format("{}T{:02}:{:02}", format_local_date(day), minutes / 60, minutes % 60);
}

json simulation_result_json(const Scenario& scenario, const SimulationSpec& spec,
                            const app::SimulateResult& result) {
  json j;
  j["scenario"] = scenario.name;
  j["days"] = spec.days;
  j["replications"] = spec.replications;
  j["seed"] = spec.seed;
  j["staff_scale"] = spec.staff_scale;
  j["shrinkage"] = spec.shrinkage;
  j["interrupted"] = result.interrupted;
  j["warnings"] = result.warnings;
  json policies = json::array();
  for (const app::PolicyOutcome& o : result.outcomes) policies.push_back(policy_json(o));
  j["policies"] = std::move(policies);
  return j;
}

json plan_result_json(const Scenario& scenario, const app::PlanWeek& plan) {
  json j;
  j["scenario"] = scenario.name;
  j["week"] = format_local_date(plan.forecast.first_day);
  j["days"] = plan.forecast.days;
  j["forecast"] = forecast_json(plan.forecast);
  j["staffing"] = staffing_json(plan.staffing);
  j["schedule"] = schedule_json(plan.schedule.problem, plan.schedule.blended);
  j["totals"] = totals_json(plan);
  return j;
}

}  // namespace tandem::server
