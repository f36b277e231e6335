// SPDX-License-Identifier: Apache-2.0
// Back-office workload windows: hand-built grids with known answers, then the business
// calendar (weekends, a holiday, a month-end peak).
#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "model/calendar.h"
#include "staffing/workload_grid.h"
#include "staffing/workload_windows.h"

namespace tandem::staffing {
namespace {

namespace chr = std::chrono;

WorkloadWindowInput grid(std::vector<double> open, std::vector<double> arriving,
                         std::vector<int> deadline) {
  WorkloadWindowInput in;
  for (size_t i = 0; i < open.size(); ++i)
    in.intervals.push_back({open[i], arriving[i], deadline[i]});
  return in;
}

void expect_vector_near(const std::vector<double>& actual, const std::vector<double>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-9) << i;
}

TEST(WorkloadWindows, TwoBatchesOnAnAlwaysOpenGrid) {
  // 2 h arrive in interval 0 due by the end of interval 1; 1 h in interval 2 due by 3.
  const auto w = *compute_workload_windows(grid({1, 1, 1, 1}, {2, 0, 1, 0}, {1, 1, 3, 3}));
  expect_vector_near(w.must_cumulative, {0, 2, 2, 3});
  expect_vector_near(w.can_cumulative, {2, 2, 3, 3});
  expect_vector_near(w.due_hours, {0, 2, 0, 1});
  EXPECT_NEAR(w.min_level_agents, 1.0, 1e-12);  // window [0, 1]: 2 h in 2 open hours
  EXPECT_EQ(w.binding_from, 0);
  EXPECT_EQ(w.binding_to, 1);
  expect_vector_near(w.latest_hours, {1, 1, 0, 1});
}

TEST(WorkloadWindows, ClosedIntervalsGiveNoCapacity) {
  const auto w = *compute_workload_windows(grid({1, 0, 1}, {2, 0, 0}, {2, 1, 2}));
  EXPECT_NEAR(w.min_level_agents, 1.0, 1e-12);
  expect_vector_near(w.latest_hours, {1, 0, 1});
  EXPECT_EQ(w.unavoidably_late_hours, 0);
}

TEST(WorkloadWindows, WorkDueWhileClosedIsUnavoidablyLate) {
  // 1 h arrives in closed interval 1 and is due in it: planned for interval 2, reported late.
  const auto w = *compute_workload_windows(grid({1, 0, 1}, {0, 1, 0}, {0, 1, 2}));
  EXPECT_NEAR(w.unavoidably_late_hours, 1.0, 1e-12);
  expect_vector_near(w.due_hours, {0, 0, 1});
  EXPECT_NEAR(w.min_level_agents, 1.0, 1e-12);
}

TEST(WorkloadWindows, BacklogOverdueAndBeyondTheHorizon) {
  WorkloadWindowInput in = grid({0.5, 0.5, 0.5, 0.5}, {0, 0, 0, 1}, {0, 1, 2, 9});
  in.backlog = {{1.0, -1}, {2.0, 3}};
  const auto w = *compute_workload_windows(in);
  EXPECT_NEAR(w.unavoidably_late_hours, 1.0, 1e-12);  // overdue: due in the first open interval
  EXPECT_NEAR(w.beyond_horizon_hours, 1.0, 1e-12);
  expect_vector_near(w.must_cumulative, {1, 1, 1, 3});
  expect_vector_near(w.can_cumulative, {3, 3, 3, 4});
  // window [0, 0]: 1 h in 0.5 open hours -> 2 agents.
  EXPECT_NEAR(w.min_level_agents, 2.0, 1e-12);
  double latest = 0;
  for (double h : w.latest_hours) latest += h;
  EXPECT_NEAR(latest, 3.0, 1e-9);  // everything due in the horizon, nothing beyond it
}

TEST(WorkloadWindows, LatestScheduleNeverPassesTheWindows) {
  // A ragged week-like pattern: the as-late-as-allowed curve stays between must and can.
  std::vector<double> open, arriving;
  std::vector<int> due;
  for (int i = 0; i < 96; ++i) {
    const bool is_open = (i % 24) >= 8 && (i % 24) < 18;
    open.push_back(is_open ? 1 : 0);
    arriving.push_back(is_open ? 1.0 + (i % 5) : 0.5);
    due.push_back(std::min(i + 30, 120));
  }
  const auto w = *compute_workload_windows(grid(open, arriving, due));
  double done = 0;
  for (size_t i = 0; i < open.size(); ++i) {
    done += w.latest_hours[i];
    EXPECT_GE(done, w.must_cumulative[i] - 1e-9) << i;
    EXPECT_LE(done, w.can_cumulative[i] + 1e-9) << i;
    EXPECT_LE(w.latest_hours[i], w.min_level_agents * open[i] + 1e-9) << i;
  }
}

TEST(WorkloadWindows, RejectsBadInput) {
  const auto negative = compute_workload_windows(grid({1}, {-1}, {0}));
  ASSERT_FALSE(negative.is_ok());
  EXPECT_EQ(negative.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(negative.status().message(),
            "interval 0: open and arriving hours must be finite and >= 0");
  const auto due_before = compute_workload_windows(grid({1, 1}, {0, 1}, {0, 0}));
  ASSERT_FALSE(due_before.is_ok());
  EXPECT_EQ(due_before.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(due_before.status().message(),
            "interval 1: deadline interval 0 is before the arrival interval");
}

TEST(WorkloadWindows, NothingOpenInTheHorizon) {
  const auto w = *compute_workload_windows(grid({0, 0}, {1, 0}, {1, 1}));
  EXPECT_NEAR(w.unavoidably_late_hours, 1.0, 1e-12);
  EXPECT_NEAR(w.beyond_horizon_hours, 1.0, 1e-12);
  EXPECT_EQ(w.min_level_agents, 0.0);
  EXPECT_EQ(w.must_cumulative.back(), 0.0);
}

// ---- with the business calendar -------------------------------------------------------

BusinessCalendar office(std::vector<LocalDays> holidays) {
  WeeklyHours hours;
  for (int d = 0; d < 5; ++d) hours.days[d] = {{TimeOfDay(9 * 60), TimeOfDay(17 * 60)}};
  return *BusinessCalendar::create("Europe/London", hours, std::move(holidays));
}

LocalDays date(int y, unsigned m, unsigned d) {
  return LocalDays(chr::year_month_day(chr::year(y), chr::month(m), chr::day(d)));
}

// Hourly grid index of a local date and hour, from the grid's first local midnight.
int at(LocalDays first, LocalDays day, int hour) {
  return static_cast<int>((day - first).count()) * 24 + hour;
}

TEST(WorkloadCalendar, NextBusinessDaySkipsAHoliday) {
  const BusinessCalendar cal = office({date(2026, 12, 25)});
  const LocalDays monday = date(2026, 12, 21);
  WorkloadGridSpec spec{cal.to_instant(LocalSeconds(monday)), 60,
                        Deadline{DeadlineUnit::kBusinessDays, 1}};
  std::vector<double> arriving(14 * 24, 0.0);
  arriving[at(monday, date(2026, 12, 24), 10)] = 8.0;  // Thursday 10:00
  const WorkloadWindowInput in = *build_workload_grid(cal, spec, arriving);
  // Friday 25th is a holiday: due at Monday 28th 17:00, the interval 16:00-17:00.
  EXPECT_EQ(in.intervals[at(monday, date(2026, 12, 24), 10)].deadline_interval,
            at(monday, date(2026, 12, 28), 16));
  EXPECT_EQ(in.intervals[at(monday, date(2026, 12, 25), 10)].open_hours, 0.0);
  const auto w = *compute_workload_windows(in);
  // Thursday 10:00-17:00 (7 h) + Monday 09:00-17:00 (8 h) = 15 open hours for 8 h of work.
  EXPECT_NEAR(w.min_level_agents, 8.0 / 15.0, 1e-12);
  EXPECT_NEAR(w.must_cumulative[at(monday, date(2026, 12, 28), 15)], 0.0, 1e-12);
  EXPECT_NEAR(w.must_cumulative[at(monday, date(2026, 12, 28), 16)], 8.0, 1e-12);
  EXPECT_NEAR(w.can_cumulative[at(monday, date(2026, 12, 24), 10)], 8.0, 1e-12);
  EXPECT_NEAR(w.can_cumulative[at(monday, date(2026, 12, 24), 9)], 0.0, 1e-12);
}

TEST(WorkloadCalendar, BusinessHoursCrossTheWeekend) {
  const BusinessCalendar cal = office({});
  const LocalDays monday = date(2026, 11, 2);
  WorkloadGridSpec spec{cal.to_instant(LocalSeconds(monday)), 60,
                        Deadline{DeadlineUnit::kBusinessHours, 8}};
  std::vector<double> arriving(14 * 24, 0.0);
  arriving[at(monday, date(2026, 11, 6), 15)] = 2.0;  // Friday 15:00
  const WorkloadWindowInput in = *build_workload_grid(cal, spec, arriving);
  // Friday 15-17 (2 h) + Monday 09-15 (6 h): due Monday 15:00, last interval 14:00-15:00.
  EXPECT_EQ(in.intervals[at(monday, date(2026, 11, 6), 15)].deadline_interval,
            at(monday, date(2026, 11, 9), 14));
  const auto w = *compute_workload_windows(in);
  EXPECT_NEAR(w.min_level_agents, 2.0 / 8.0, 1e-12);
}

TEST(WorkloadCalendar, MonthEndPeakSetsTheLevel) {
  // Two weeks from Monday 26 October 2026; 8 h arrive at 09:00 each weekday, 40 h more on
  // Friday 30 October (month end). Deadline: 2 business days.
  const BusinessCalendar cal = office({});
  const LocalDays monday = date(2026, 10, 26);
  WorkloadGridSpec spec{cal.to_instant(LocalSeconds(monday)), 60,
                        Deadline{DeadlineUnit::kBusinessDays, 2}};
  std::vector<double> arriving(14 * 24, 0.0);
  for (int d = 0; d < 14; ++d) {
    if (d % 7 < 5) arriving[d * 24 + 9] = 8.0;
  }
  arriving[at(monday, date(2026, 10, 30), 9)] += 40.0;
  const auto w = *compute_workload_windows(*build_workload_grid(cal, spec, arriving));
  // Binding window: Friday 30 Oct 09:00 .. Tuesday 3 Nov 17:00 holds Friday's 48 h and
  // 24 open hours -> 2 agents.
  EXPECT_NEAR(w.min_level_agents, 2.0, 1e-12);
  EXPECT_EQ(w.binding_from, at(monday, date(2026, 10, 30), 9));
  EXPECT_EQ(w.binding_to, at(monday, date(2026, 11, 3), 16));
  // Work arriving in the second week's Thursday and Friday is due after the horizon.
  EXPECT_NEAR(w.beyond_horizon_hours, 16.0, 1e-12);
  EXPECT_NEAR(w.can_cumulative.back(), 10 * 8.0 + 40.0, 1e-9);
  EXPECT_NEAR(w.must_cumulative.back(), 8 * 8.0 + 40.0, 1e-9);
}

}  // namespace
}  // namespace tandem::staffing
