// SPDX-License-Identifier: Apache-2.0
// The staffing plan of a small scenario.
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>
#include <string>

#include "io/interval_history_csv.h"
#include "model/calendar.h"
#include "model/scenario.h"
#include "staffing/erlang.h"
#include "staffing/staff_plan.h"

namespace tandem::staffing {
namespace {

namespace chr = std::chrono;

// Local time "YYYY-MM-DDTHH:MM".
LocalSeconds at(const std::string& when) {
  return LocalSeconds{*parse_local_date(when.substr(0, 10))} + *parse_time_of_day(when.substr(11));
}

// Forecast rows as the CSV reader gives them (tests/io has the reader's own tests).
std::vector<IntervalVolume> rows_of(const std::string& csv) {
  std::istringstream in(csv);
  auto h = io::parse_interval_history_csv(in, "f.csv");
  EXPECT_TRUE(h.is_ok()) << h.status().message();
  return h.is_ok() ? h->rows : std::vector<IntervalVolume>{};
}

TEST(NextWeekFromHistory, TakesTheLastCompleteWeek) {
  std::vector<IntervalVolume> rows;
  auto add = [&](const std::string& when, double v) {
    rows.push_back({"q", at(when), v, std::nullopt});
  };
  add("2026-10-19T09:00", 1);  // Monday of an earlier week
  add("2026-10-26T09:00", 2);  // Monday, last complete week (reaches Saturday 31st)
  add("2026-10-30T09:00", 3);  // Friday
  add("2026-10-31T09:00", 6);  // Saturday
  add("2026-11-02T09:00", 4);  // Monday of an incomplete week (ends Friday)
  add("2026-11-06T09:00", 5);
  const auto next = *next_week_from_history(rows);
  ASSERT_EQ(next.size(), 3u);
  // Moved to the week after the last row: Monday 9 November.
  EXPECT_EQ(next[0].interval_start, at("2026-11-09T09:00"));
  EXPECT_EQ(next[0].volume, 2);
  EXPECT_EQ(next[1].interval_start, at("2026-11-13T09:00"));
  EXPECT_EQ(next[2].interval_start, at("2026-11-14T09:00"));
}

Scenario small_scenario() {
  ScenarioLoad load =
      load_scenario(std::string(TANDEM_SOURCE_DIR) + "/tests/staffing/data/small.yaml");
  EXPECT_TRUE(load.ok()) << to_string(load.problems);
  return *load.scenario;
}

TEST(PlanStaffing, FrontOfficeQueuesUseTheirModelAndTargets) {
  const Scenario s = small_scenario();
  const auto rows = rows_of(
      "queue,interval_start,volume,aht_seconds\n"
      "voice-a,2026-11-02T09:00,100,\n"
      "voice-c,2026-11-02T09:00,100,180\n"
      "chat,2026-11-02T10:00,12,\n"
      "ghost,2026-11-02T10:00,12,\n");
  const StaffPlan plan = *plan_staffing(s, rows, StaffOptions{});
  ASSERT_EQ(plan.front_office.size(), 3u);
  const FrontOfficePlan& a = plan.front_office[0];
  EXPECT_EQ(a.queue, "voice-a");
  EXPECT_EQ(a.model, QueueModel::kErlangA);
  ASSERT_EQ(a.intervals.size(), 1u);
  EXPECT_EQ(a.intervals[0].aht_seconds, 180);  // handle time + after-contact work
  QueueLoad load;
  load.arrivals_per_second = 100.0 / 3600;
  load.aht_seconds = 180;
  load.patience_seconds = 300;
  StaffingTargets t;
  t.service_level = 0.8;
  t.target_seconds = 20;
  t.max_abandon = 0.05;
  EXPECT_EQ(a.intervals[0].metrics.agents, required_agents(load, t)->agents);
  EXPECT_EQ(a.intervals[0].scheduled_agents,
            *scheduled_agents(a.intervals[0].metrics.agents, 0.30));
  const FrontOfficePlan& c = plan.front_office[1];
  EXPECT_EQ(c.model, QueueModel::kErlangC);
  EXPECT_EQ(c.intervals[0].metrics.agents,
            *erlang_c_agents_for_service_level(100.0 / 3600, 180, 0.8, 20));
  const FrontOfficePlan& chat = plan.front_office[2];
  EXPECT_EQ(chat.concurrency, 2);
  EXPECT_EQ(chat.intervals[0].metrics.servers, 2 * chat.intervals[0].metrics.agents);
  // voice-c has no patience: its abandonment target is dropped with a note; ghost is skipped.
  ASSERT_EQ(plan.notes.size(), 2u);
  EXPECT_EQ(plan.first_day,
            LocalDays(chr::year_month_day(chr::year(2026), chr::month(11), chr::day(2))));
}

TEST(PlanStaffing, BackOfficeWindowsFollowTheCalendarAndWrapTheWeek) {
  const Scenario s = small_scenario();
  const auto rows = rows_of(
      "queue,interval_start,volume,aht_seconds\n"
      "admin,2026-11-02T09:00,8,1800\n"  // Monday: 4 h due Tuesday 17:00
      "admin,2026-11-03T10:00,4,\n"      // Tuesday: 4 h due Thursday 17:00 (Wednesday closed)
      "admin,2026-11-06T16:00,1,\n");    // Friday: 1 h due next Monday, wraps to this Monday
  const StaffPlan plan = *plan_staffing(s, rows, StaffOptions{});
  ASSERT_EQ(plan.back_office.size(), 1u);
  const BackOfficePlan& bo = plan.back_office[0];
  ASSERT_EQ(bo.intervals.size(), 7u * 24u);
  EXPECT_NEAR(bo.intervals[0].can_cumulative, 1.0, 1e-12);  // the wrapped backlog
  EXPECT_NEAR(bo.intervals[16].due_hours, 1.0, 1e-12);      // Monday 16:00-17:00
  EXPECT_NEAR(bo.intervals[24 + 16].must_cumulative, 5.0, 1e-12);
  EXPECT_NEAR(bo.intervals[3 * 24 + 16].must_cumulative, 9.0, 1e-12);
  EXPECT_EQ(bo.intervals[2 * 24 + 10].open_hours, 0.0);  // the holiday
  // Monday to Thursday without Wednesday: 9 h in 24 open hours.
  EXPECT_NEAR(bo.min_level_agents, 9.0 / 24.0, 1e-12);
  EXPECT_EQ(bo.scheduled_level_agents, 1);
  EXPECT_NEAR(bo.beyond_horizon_hours, 1.0, 1e-12);
}

TEST(PlanStaffing, RejectsAHandleTimeThatIsNotPositive) {
  const auto rows =
      rows_of("queue,interval_start,volume,aht_seconds\nvoice-c,2026-11-02T09:00,1,0\n");
  const auto plan = plan_staffing(small_scenario(), rows, StaffOptions{});
  ASSERT_FALSE(plan.is_ok());
  EXPECT_EQ(plan.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(plan.status().message(), "forecast row of queue voice-c: aht_seconds 0 must be > 0");
}

TEST(PlanStaffing, RejectsRowsOffTheGrid) {
  const Scenario s = small_scenario();
  const auto rows = rows_of("queue,interval_start,volume\nvoice-c,2026-11-02T09:15,10\n");
  const auto off_grid = plan_staffing(s, rows, StaffOptions{});
  ASSERT_FALSE(off_grid.is_ok());
  EXPECT_EQ(off_grid.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(off_grid.status().message(),
            "forecast row of queue voice-c: interval start is not on the 60-minute grid");
  StaffOptions bad;
  bad.shrinkage = 1.0;
  const auto shrinkage = plan_staffing(s, rows, bad);
  ASSERT_FALSE(shrinkage.is_ok());
  EXPECT_EQ(shrinkage.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(shrinkage.status().message(), "shrinkage must be in [0, 1)");
}

}  // namespace
}  // namespace tandem::staffing
