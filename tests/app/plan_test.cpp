// SPDX-License-Identifier: Apache-2.0
// Plan a week (app/plan.h): forecast -> staffing -> schedule, with the totals `tandem staff`
// and `tandem schedule` print.
#include "app/plan.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace tandem {
namespace {

namespace fs = std::filesystem;
const std::string kSource = TANDEM_SOURCE_DIR;

Scenario load(const fs::path& file) {
  ScenarioLoad load = load_scenario(file);
  EXPECT_TRUE(load.ok()) << to_string(load.problems);
  return *load.scenario;
}

TEST(PlanStaffing, NorthbankTotalsAreWhatTheCliPrints) {
  const Scenario s = load(kSource + "/scenarios/northbank.yaml");
  auto plan = app::plan_staffing(s, app::StaffRequest{});
  ASSERT_TRUE(plan.is_ok()) << plan.status().message();
  EXPECT_EQ(format_local_date(plan->first_day), "2026-11-02");
  EXPECT_EQ(format_local_date(plan->last_day), "2026-11-08");
  // tests/cli/golden/staff_northbank.out, the summary table (rounded as printed).
  const auto totals = app::front_office_totals(*plan);
  ASSERT_EQ(totals.size(), 3u);
  EXPECT_EQ(totals[0].queue, "voice-general");
  EXPECT_NEAR(totals[0].volume, 16374, 0.5);
  EXPECT_NEAR(totals[0].work_hours, 1351.1, 0.05);
  EXPECT_EQ(totals[0].peak_agents, 47);
  ASSERT_TRUE(totals[0].peak_at.has_value());
  EXPECT_EQ(*totals[0].peak_at, LocalSeconds{LocalDays{plan->first_day}} + std::chrono::hours{9} +
                                    std::chrono::minutes{45});
  EXPECT_NEAR(totals[0].agent_hours, 1548.2, 0.05);
  EXPECT_DOUBLE_EQ(totals[0].scheduled_hours, 2243.75);  // printed 2243.8
  EXPECT_EQ(totals[2].queue, "chat");
  EXPECT_EQ(totals[2].peak_agents, 12);
  EXPECT_DOUBLE_EQ(totals[2].agent_hours, 469.75);  // printed 469.8
  // Every step of every process has its windows (tests/app/process_flow_test.cpp).
  ASSERT_EQ(plan->back_office.size(), 7u);
  EXPECT_EQ(plan->back_office[0].queue, "email");
  EXPECT_NEAR(plan->back_office[0].min_level_agents, 6.23, 0.005);
  EXPECT_EQ(plan->back_office[0].scheduled_level_agents, 9);
  EXPECT_EQ(plan->back_office[2].queue, "underwriting");
  EXPECT_EQ(plan->back_office[2].scheduled_level_agents, 27);
  // Robots do account maintenance; people the 12% exceptions.
  EXPECT_EQ(plan->back_office[5].queue, "account-maintenance");
  EXPECT_EQ(plan->back_office[5].scheduled_level_agents, 3);
}

TEST(PlanStaffing, OnlyTheQueuesAskedFor) {
  const Scenario s = load(kSource + "/scenarios/northbank.yaml");
  app::StaffRequest r;
  r.queues = {"chat", "email"};
  r.options.shrinkage = 0.25;
  auto plan = app::plan_staffing(s, r);
  ASSERT_TRUE(plan.is_ok()) << plan.status().message();
  ASSERT_EQ(plan->front_office.size(), 1u);
  EXPECT_EQ(plan->front_office[0].queue, "chat");
  ASSERT_EQ(plan->back_office.size(), 1u);
  EXPECT_EQ(plan->back_office[0].queue, "email");
}

TEST(PlanStaffing, RejectsBadRequestsNamingTheField) {
  const Scenario s = load(kSource + "/scenarios/claimsco.yaml");
  app::StaffRequest r;
  r.queues = {"nope"};
  auto unknown = app::plan_staffing(s, r);
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.status().message(), "queues: unknown queue nope");
  r.queues.clear();
  r.options.shrinkage = 1.5;
  auto shrinkage = app::plan_staffing(s, r);
  ASSERT_FALSE(shrinkage.is_ok());
  EXPECT_EQ(shrinkage.status().message(), "shrinkage must be in [0, 1) (got 1.5)");
}

TEST(ScheduleWeek, ClaimscoReportsTheTemplateOffTheGrid) {
  // As tests/cli/golden/schedule_claimsco.out: the problem cannot be built.
  const Scenario s = load(kSource + "/scenarios/claimsco.yaml");
  auto week = app::schedule_week(s, app::ScheduleRequest{});
  ASSERT_FALSE(week.is_ok());
  EXPECT_EQ(week.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(week.status().message(),
            "shift template 'saturday': start times must lie on the 30-minute interval grid");
}

TEST(ScheduleDemand, SpreadsTheForecastOverTheScenarioGrid) {
  const Scenario s = load(kSource + "/scenarios/northbank.yaml");
  auto forecast = app::forecast_horizon(s, 7);
  ASSERT_TRUE(forecast.is_ok()) << forecast.status().message();
  EXPECT_EQ(format_local_date(forecast->first_day), "2026-11-02");
  const auto demand = app::schedule_demand(s, *forecast);
  EXPECT_EQ(demand.days, 7);
  double forecast_volume = 0, demand_volume = 0;
  for (const auto& q : forecast->table.queues)
    if (q.queue == "voice-general")
      for (const auto& f : q.intervals) forecast_volume += f.volume;
  for (const auto& q : demand.queues) {
    EXPECT_EQ(q.volume.size(), 7u * 96u);
    if (q.queue == "voice-general")
      for (double v : q.volume) demand_volume += v;
  }
  EXPECT_NEAR(forecast_volume, 16374, 0.5);
  EXPECT_NEAR(demand_volume, forecast_volume, 1e-6);
}

// A small operation with four weeks of flat history: 8 calls and 2 forms per quarter hour,
// Monday to Friday 09:00-17:00; three people and a robot.
fs::path write_small_operation() {
  const fs::path dir = fs::temp_directory_path() / "tandem-app-plan-test";
  fs::create_directories(dir);
  std::ofstream csv(dir / "history.csv");
  csv << "interval_start,queue,volume,aht_seconds\n";
  const LocalDays monday = *parse_local_date("2026-09-07");
  for (int d = 0; d < 28; ++d) {
    if (d % 7 >= 5) continue;
    const std::string day = format_local_date(monday + std::chrono::days{d});
    for (int m = 9 * 60; m < 17 * 60; m += 15) {
      csv << fmt::format("{}T{:02}:{:02},calls,8,180\n", day, m / 60, m % 60);
      csv << fmt::format("{}T{:02}:{:02},forms,2,600\n", day, m / 60, m % 60);
    }
  }
  std::ifstream in(kSource + "/tests/model/data/minimal.yaml");
  std::stringstream yaml;
  yaml << in.rdbuf();
  std::string text = yaml.str();
  text.replace(text.find("agents:"), std::string::npos,
               "agents:\n"
               "  - {id: ann, team: team, skills: {phones: 1.0, admin: 1.3}, contract: ft, "
               "cost_per_hour: 20}\n"
               "  - {id: bea, team: team, skills: {phones: 1.0}, contract: ft, cost_per_hour: 20}\n"
               "  - {id: cat, team: team, skills: {phones: 1.0, admin: 1.0}, contract: ft, "
               "cost_per_hour: 20}\n"
               "  - {id: bot, kind: robot, team: team, skills: {admin: 1}, concurrency: 3, "
               "failure_rate: 0.1}\n"
               "shift_templates:\n"
               "  - id: day\n"
               "    start: {earliest: \"09:00\", latest: \"09:00\"}\n"
               "    lengths_hours: [8]\n"
               "    weekdays: [mon, tue, wed, thu, fri]\n"
               "history:\n"
               "  contacts: history.csv\n");
  std::ofstream(dir / "small.yaml") << text;
  return dir / "small.yaml";
}

TEST(PlanWeek, ForecastStaffingAndScheduleOnOneForecast) {
  const Scenario s = load(write_small_operation());
  app::PlanWeekRequest r;
  r.schedule.solve.time_limit_seconds = 20;
  r.schedule.solve.max_nodes = 200;
  r.schedule.compare_siloed = true;
  auto plan = app::plan_week(s, r);
  ASSERT_TRUE(plan.is_ok()) << plan.status().message();
  // The week after the history (which ends on Friday 2 October).
  EXPECT_EQ(format_local_date(plan->forecast.first_day), "2026-10-05");
  EXPECT_EQ(plan->staffing.first_day, plan->forecast.first_day);
  const auto staff = app::front_office_totals(plan->staffing);
  ASSERT_EQ(staff.size(), 1u);
  EXPECT_EQ(staff[0].queue, "calls");
  // 8 calls x 32 quarter hours x 5 days, 180 s each: 1280 calls, 64 work hours.
  EXPECT_NEAR(staff[0].volume, 1280, 1);
  EXPECT_NEAR(staff[0].work_hours, 64, 0.1);
  // What `tandem staff --summary` and `tandem schedule --compare-siloed` print for this
  // scenario: 4 agents at the peak (Erlang C), 160 agent-hours, 240 scheduled with shrinkage.
  EXPECT_EQ(staff[0].peak_agents, 4);
  EXPECT_DOUBLE_EQ(staff[0].agent_hours, 160.0);
  EXPECT_DOUBLE_EQ(staff[0].scheduled_hours, 240.0);
  // The form process has four steps of forms (none robot-eligible): four times the arrivals'
  // work flows through it (staffing/process_flow.h), 4 x 1.33 agents.
  ASSERT_EQ(plan->staffing.back_office.size(), 1u);
  EXPECT_NEAR(plan->staffing.back_office[0].min_level_agents, 5.33, 0.005);
  EXPECT_EQ(plan->staffing.back_office[0].scheduled_level_agents, 8);
  const app::ScheduleWeek& week = plan->schedule;
  EXPECT_EQ(week.problem.days, 7);
  EXPECT_NE(week.blended.outcome, schedule::ScheduleOutcome::kFailed);
  // Three people, five weekdays: 15 shifts; one agent short all day (40 agent-hours unmet).
  EXPECT_EQ(app::rostered_people(week.problem, week.blended), 3);
  EXPECT_EQ(week.blended.shifts.size(), 15u);
  EXPECT_NEAR(week.blended.cost, 2400, 0.5);
  EXPECT_NEAR(week.blended.objective, 10400, 0.5);
  const auto cover = app::cover_totals(week.problem, week.blended);
  ASSERT_EQ(cover.size(), 1u);
  EXPECT_NEAR(cover[0].required_agent_hours, 160.0, 1e-9);
  EXPECT_NEAR(cover[0].scheduled_agent_hours, 120.0, 1e-9);
  EXPECT_NEAR(cover[0].unmet_agent_hours, 40.0, 1e-9);
  EXPECT_NEAR(cover[0].unmet_agent_hours, week.blended.unmet_agent_hours, 1e-6);
  EXPECT_NEAR(cover[0].expected_service_level, 0.766, 0.0005);
  ASSERT_TRUE(week.siloed.has_value()) << week.siloed_status.message();
  EXPECT_TRUE(week.siloed_status.is_ok());
  EXPECT_NEAR(week.siloed->objective, 10400, 0.5);
}

}  // namespace
}  // namespace tandem
