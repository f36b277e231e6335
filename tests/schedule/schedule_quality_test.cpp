// SPDX-License-Identifier: Apache-2.0
// What makes the scheduler's plans rosterable and its outputs complete: the cover model's
// aggregated contract rows (a plan whose shifts named agents can take within their contract
// minimums), the rostering model, the expected service level per interval (staffing module)
// and the back-office windows taken from the staffing module's definition.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "model/scenario.h"
#include "schedule/scenario_problem.h"
#include "schedule/schedule.h"
#include "schedule/verifier.h"
#include "staffing/staffing.h"
#include "staffing/workload_grid.h"
#include "staffing/workload_windows.h"

namespace tandem::schedule {
namespace {

using std::chrono::minutes;

const LocalDays kMonday = LocalDays{std::chrono::year{2026} / std::chrono::January / 5};

ShiftTemplate daily_template(const std::string& id, int earliest_h, int latest_h, int length_h) {
  ShiftTemplate t;
  t.id = id;
  t.name = id;
  t.earliest_start = minutes{earliest_h * 60};
  t.latest_start = minutes{latest_h * 60};
  t.start_step_minutes = 240;
  t.lengths_minutes = {length_h * 60};
  return t;
}

// One week from kMonday on a 60-minute grid; the front-office group "voice" needs
// need(day, hour) agents.
template <class Need>
ScheduleProblem voice_week(Need need, std::vector<ShiftTemplate> templates) {
  ScheduleProblem p;
  p.start_date = kMonday;
  p.days = 7;
  p.interval_minutes = 60;
  std::vector<double> req(p.interval_count(), 0.0);
  for (int d = 0; d < 7; ++d)
    for (int h = 0; h < 24; ++h) req[d * 24 + h] = need(d, h);
  p.front_office.push_back({"voice", req, {}, 20.0});
  p.shift_templates = std::move(templates);
  return p;
}

// `count` agents of the group "voice" named prefix0, prefix1, ... (40 h at most, 11 h rest).
void add_voice_agents(ScheduleProblem& p, int count, const std::string& prefix,
                      const std::string& contract, double min_hours, int max_days,
                      int max_consecutive, double cost_per_hour) {
  for (int i = 0; i < count; ++i) {
    ScheduleAgent a;
    a.id = prefix + std::to_string(i);
    a.name = a.id;
    a.front_office_groups = {"voice"};
    a.contract.id = contract;
    a.contract.min_hours_per_week = min_hours;
    a.contract.max_days_per_week = max_days;
    a.contract.max_consecutive_days = max_consecutive;
    a.cost_per_hour = cost_per_hour;
    p.agents.push_back(a);
  }
}

// Two agents, each at least 20 h in at most 3 days; one agent needed 08-16 Monday to Friday;
// shifts of 8 h (08:00) or 4 h (08:00 or 12:00), 10 per hour.
// Five 8-hour shifts cover everything with 40 paid hours, the sum of the minimums, but no two
// agents can share them (3 + 2 shifts: the second agent has 16 h). The optimum is also 40 h:
// four 8-hour shifts and Friday split into 08-12 and 12-16, so each agent has 8 + 8 + 4 = 20 h.
// Counting shifts and hours per class alone cannot tell these plans apart (both cost 400); the
// reach row (an agent on d days is paid at most 8d hours) prices the first one's missing 4 h.
ScheduleProblem minimum_hours_problem() {
  ScheduleProblem p =
      voice_week([](int d, int h) { return d < 5 && h >= 8 && h < 16 ? 1.0 : 0.0; },
                 {daily_template("long", 8, 8, 8), daily_template("short", 8, 12, 4)});
  add_voice_agents(p, 2, "a", "twenty", 20, 3, 5, 10);
  p.weights.unmet_front_office_per_agent_hour = 1000;
  return p;
}

SolveOptions small_options() {
  SolveOptions o;
  o.time_limit_seconds = 20;
  o.relative_gap = 0;
  o.max_nodes = 500;
  return o;
}

TEST(ScheduleQuality, CoverPlanRespectsEveryAgentsContractMinimum) {
  const ScheduleProblem p = minimum_hours_problem();
  Result<ScheduleResult> r = solve_schedule(p, small_options());
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->outcome, ScheduleOutcome::kOptimal);
  EXPECT_NEAR(r->objective, 400.0, 1e-6);
  EXPECT_NEAR(r->mip_objective, 400.0, 1e-6);  // rostering kept the plan: nothing added
  EXPECT_NEAR(r->mip_bound, 400.0, 1e-6);
  EXPECT_NEAR(r->unmet_agent_hours, 0.0, 1e-9);
  EXPECT_TRUE(r->violations.empty());
  EXPECT_TRUE(r->explanations.empty());
  double hours[2] = {0, 0};
  for (const AgentShift& s : r->shifts) hours[s.agent] += s.paid_minutes / 60.0;
  EXPECT_NEAR(hours[0], 20.0, 1e-9);
  EXPECT_NEAR(hours[1], 20.0, 1e-9);
  EXPECT_TRUE(verify_schedule(p, *r).empty());
}

// Two full-timers (35-40 h, at most 5 days); every weekday needs two agents 08-14 and one
// 14-16; shifts of 8 h or 6 h from 08:00. One 8-hour and one 6-hour shift a day cover it with
// 70 paid hours, the sum of the minimums, but no split reaches 35 h each: 5 shifts of 8 or 6 h
// pay 30 + 2 x (eights) hours, never 35, so one agent gets 34 h. Rows counting hours, days,
// reach and short shifts per class accept that plan (bound 700); the weekly patterns see that
// an agent on 5 days is paid 34 or 36 h, so the plan has six 8-hour shifts: 720, the optimum.
TEST(ScheduleQuality, WeeklyPatternsMakeThePlanSplitExactly) {
  ScheduleProblem p = voice_week(
      [](int d, int h) { return d < 5 && h >= 8 && h < 16 ? (h < 14 ? 2.0 : 1.0) : 0.0; },
      {daily_template("eight", 8, 8, 8), daily_template("six", 8, 8, 6)});
  add_voice_agents(p, 2, "f", "full-time", 35, 5, 5, 10);
  p.weights.unmet_front_office_per_agent_hour = 1000;
  Result<ScheduleResult> r = solve_schedule(p, small_options());
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_NEAR(r->mip_bound, 720.0, 1e-6);
  EXPECT_NEAR(r->mip_objective, 720.0, 1e-6);
  EXPECT_NEAR(r->objective, 720.0, 1e-6);  // rostered as planned: nothing lengthened or added
  EXPECT_NEAR(r->unmet_agent_hours, 0.0, 1e-9);
  EXPECT_TRUE(r->violations.empty());
  double hours[2] = {0, 0};
  for (const AgentShift& s : r->shifts) hours[s.agent] += s.paid_minutes / 60.0;
  EXPECT_NEAR(hours[0], 36.0, 1e-9);
  EXPECT_NEAR(hours[1], 36.0, 1e-9);
}

// Full-time agents (35-40 h, 5 days, 8-hour or 4-hour shifts) with a flat requirement: every
// agent must work 5 days, so the plan is rostered as planned and the schedule's objective equals
// the cover MIP's.
TEST(ScheduleQuality, RosteringModelKeepsThePlansCost) {
  ScheduleProblem p = voice_week(
      [](int d, int h) {
        if (d >= 6 || h < 8 || h >= 20) return 0.0;
        return (h < 12 || h >= 16) ? 4.0 : 3.0;
      },
      {daily_template("long", 8, 12, 8), daily_template("short", 8, 16, 4)});
  add_voice_agents(p, 8, "ft", "", 35, 5, 6, 20);
  Result<ScheduleResult> r = solve_schedule(p, small_options());
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_TRUE(r->violations.empty()) << r->violations.front().message;
  EXPECT_NEAR(r->objective, r->mip_objective, 1e-6);
  for (size_t a = 0; a < p.agents.size(); ++a) {
    double hours = 0;
    for (const AgentShift& s : r->shifts)
      if (s.agent == static_cast<int>(a)) hours += s.paid_minutes / 60.0;
    EXPECT_GE(hours, 35.0 - 1e-9) << p.agents[a].id;
  }
}

TEST(ScheduleServiceLevel, EqualsTheStaffingModulesErlangValue) {
  ScheduleProblem p = minimum_hours_problem();
  staffing::QueueLoad load;
  load.arrivals_per_second = 40.0 / 3600.0;  // 40 calls an hour
  load.aht_seconds = 180;                    // 2 Erlangs
  p.front_office[0].load.assign(p.interval_count(), staffing::QueueLoad{});
  p.front_office[0].load[10] = load;  // Monday 10:00
  load.patience_seconds = 120;        // Erlang A
  p.front_office[0].load[11] = load;
  std::vector<std::vector<double>> coverage(1, std::vector<double>(p.interval_count(), 0.0));
  coverage[0][10] = 3;
  coverage[0][11] = 4;
  const auto sl = expected_service_levels(p, coverage);
  ASSERT_EQ(sl.size(), 1u);
  const double c3 = staffing::evaluate(p.front_office[0].load[10], 3, 20.0)->service_level;
  const double a4 = staffing::evaluate(p.front_office[0].load[11], 4, 20.0)->service_level;
  EXPECT_DOUBLE_EQ(sl[0][10], c3);
  EXPECT_DOUBLE_EQ(sl[0][11], a4);
  EXPECT_GT(c3, 0.5);  // 3 agents for 2 Erlangs answer most calls within 20 s
  EXPECT_LT(c3, 1.0);
  EXPECT_TRUE(std::isnan(sl[0][9]));  // no contacts offered

  // In a solved schedule: the value for the agents it puts on the phones.
  Result<ScheduleResult> r = solve_schedule(p, small_options());
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_EQ(r->expected_service_level.size(), 1u);
  const int on_phones = static_cast<int>(r->coverage[0][10]);
  EXPECT_EQ(on_phones, 1);
  EXPECT_DOUBLE_EQ(r->expected_service_level[0][10],
                   staffing::evaluate(p.front_office[0].load[10], on_phones, 20.0)->service_level);
}

// The scenario's back-office windows are the staffing module's (one definition in the code
// base): work arriving Monday 10:00 on a next-business-day queue may be done from then and is
// due by Tuesday's close of business.
TEST(ScheduleScenario, BackOfficeWindowsAreTheStaffingModules) {
  ScenarioLoad load = load_scenario(std::string(TANDEM_SOURCE_DIR) + "/scenarios/northbank.yaml");
  ASSERT_TRUE(load.ok());
  const Scenario& s = *load.scenario;
  ScenarioDemand demand;
  demand.start_date = LocalDays{std::chrono::year{2026} / std::chrono::November / 2};  // Monday
  demand.days = 7;
  const int iv = s.interval.minutes;
  const int n = demand.days * 1440 / iv;
  QueueDemand q{"account-maintenance", std::vector<double>(n, 0.0), std::vector<double>(n, 0.0)};
  const int arrival = 10 * 60 / iv;  // Monday 10:00
  q.volume[arrival] = 10;            // 10 items x 6 min = 1 agent-hour
  demand.queues.push_back(q);
  Result<ScheduleProblem> p = problem_from_scenario(s, demand, true);
  ASSERT_TRUE(p.is_ok()) << p.status().message();
  const BackOfficeWindow* w = nullptr;
  for (const auto& b : p->back_office)
    if (b.work_type == "account-maintenance") w = &b;
  ASSERT_NE(w, nullptr);
  EXPECT_NEAR(w->available_hours[arrival - 1], 0.0, 1e-12);
  EXPECT_NEAR(w->available_hours[arrival], 1.0, 1e-9);
  const int per_day = 1440 / iv;
  EXPECT_NEAR(w->due_hours[2 * per_day - 1 - 8 * 60 / iv], 0.0, 1e-12);  // Tuesday 16:00
  EXPECT_NEAR(w->due_hours[2 * per_day - 1], 1.0, 1e-9);                 // Tuesday midnight

  Result<BusinessCalendar> cal = s.calendar_of_site("sheffield");
  ASSERT_TRUE(cal.is_ok());
  staffing::WorkloadGridSpec spec;
  spec.start = cal->to_instant(LocalSeconds{demand.start_date});
  spec.interval_minutes = iv;
  spec.deadline = s.find_sla("next-business-day")->deadline;
  std::vector<double> arriving(n, 0.0);
  arriving[arrival] = 1.0;
  auto grid = staffing::build_workload_grid(*cal, spec, arriving);
  ASSERT_TRUE(grid.is_ok());
  auto windows = staffing::compute_workload_windows(*grid);
  ASSERT_TRUE(windows.is_ok());
  for (int t = 0; t < n; ++t) {
    ASSERT_NEAR(w->available_hours[t], windows->can_cumulative[t], 1e-9) << t;
    ASSERT_NEAR(w->due_hours[t], windows->must_cumulative[t], 1e-9) << t;
  }
}

}  // namespace
}  // namespace tandem::schedule
