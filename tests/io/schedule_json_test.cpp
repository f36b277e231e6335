// SPDX-License-Identifier: Apache-2.0
// The schedule JSON round trip: what schedule_json writes, parse_schedule_json reads back as
// the roster published_schedule says (tests/sim/schedule_roster_test.cpp uses the roster).
#include "io/schedule_json.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "model/calendar.h"

namespace tandem::io {
namespace {

namespace sch = tandem::schedule;

sch::Activity act(sch::ActivityKind kind, int from, int to, std::string target = "") {
  return {kind, std::move(target), from, to};
}

// A week at 60-minute intervals: one front-office group, two agents (the second without a
// shift), a day shift with a lunch and a night shift whose break falls after midnight.
struct Week {
  sch::ScheduleProblem problem;
  sch::ScheduleResult result;
};

Week small_week() {
  Week w;
  sch::ScheduleProblem& p = w.problem;
  p.start_date = *parse_local_date("2026-11-02");
  p.days = 7;
  p.interval_minutes = 60;
  sch::FrontOfficeGroup g;
  g.id = "voice";
  g.required_agents.assign(p.interval_count(), 1.0);
  p.front_office.push_back(g);
  p.agents.push_back(sch::ScheduleAgent{});
  p.agents.back().id = "a1";
  p.agents.back().name = "Ann";
  p.agents.push_back(sch::ScheduleAgent{});
  p.agents.back().id = "a2";
  p.agents.back().name = "Bo";
  sch::ScheduleResult& r = w.result;
  r.outcome = sch::ScheduleOutcome::kOptimal;
  const int tue = 1440;
  sch::AgentShift day{0, "day", 1, tue + 8 * 60, tue + 16 * 60, 450, {}};
  day.activities = {act(sch::ActivityKind::kPhones, tue + 480, tue + 720, "voice"),
                    act(sch::ActivityKind::kLunch, tue + 720, tue + 750, "lunch"),
                    act(sch::ActivityKind::kPhones, tue + 750, tue + 960, "voice")};
  const int sat = 5 * 1440;
  sch::AgentShift night{0, "night", 5, sat + 22 * 60, sat + 30 * 60, 465, {}};
  night.activities = {act(sch::ActivityKind::kPhones, sat + 1320, sat + 1500, "voice"),
                      act(sch::ActivityKind::kBreak, sat + 1500, sat + 1515, "break"),
                      act(sch::ActivityKind::kPhones, sat + 1515, sat + 1800, "voice")};
  r.shifts = {day, night};
  r.coverage.assign(1, std::vector<double>(p.interval_count(), 0.0));
  r.expected_service_level.assign(1, std::vector<double>(p.interval_count(), NAN));
  r.expected_service_level[0][32] = 0.8;
  return w;
}

TEST(ScheduleJson, WhatIsWrittenReadsBackAsThePublishedSchedule) {
  const Week w = small_week();
  const double overall[] = {0.8};
  const std::string text = schedule_json(w.problem, w.result, overall).dump(2);
  auto read = parse_schedule_json(text, "s.json");
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  const sim::PublishedSchedule expected = published_schedule(w.problem, w.result);
  EXPECT_EQ(*read, expected);
  // The value itself: minutes from the midnight of each shift's date, past 1440 overnight.
  ASSERT_EQ(expected.agents.size(), 2u);
  EXPECT_EQ(expected.days, 7);
  EXPECT_EQ(expected.first_day, w.problem.start_date);
  const auto& shifts = expected.agents[0].shifts;
  ASSERT_EQ(shifts.size(), 2u);
  EXPECT_EQ(shifts[0].date, *parse_local_date("2026-11-03"));
  EXPECT_EQ(shifts[0].start_minute, 480);
  EXPECT_EQ(shifts[0].end_minute, 960);
  EXPECT_EQ(shifts[0].breaks, (std::vector<sim::ScheduledBreak>{{720, 750, true}}));
  EXPECT_EQ(shifts[1].end_minute, 1800);
  EXPECT_EQ(shifts[1].breaks, (std::vector<sim::ScheduledBreak>{{1500, 1515, false}}));
  EXPECT_TRUE(expected.agents[1].shifts.empty());
  // And the document once more from what was read: the same text.
  EXPECT_EQ(schedule_json(w.problem, w.result, overall).dump(2), text);
}

TEST(ScheduleJson, WritesNullWhereNoServiceLevelIsExpected) {
  const Week w = small_week();
  const double overall[] = {NAN};
  const nlohmann::json j = schedule_json(w.problem, w.result, overall);
  EXPECT_TRUE(j["coverage"]["voice"]["expected_service_level_overall"].is_null());
  EXPECT_TRUE(j["coverage"]["voice"]["expected_service_level"][0].is_null());
  EXPECT_DOUBLE_EQ(j["coverage"]["voice"]["expected_service_level"][32].get<double>(), 0.8);
  EXPECT_EQ(j["agents"][0]["shifts"][1]["end"], "06:00");
  EXPECT_EQ(j["agents"][0]["shifts"][1]["date"], "2026-11-07");
}

TEST(ScheduleJson, ErrorsNameTheFileAndTheJsonPath) {
  EXPECT_THAT(parse_schedule_json("{", "s.json").status().message(),
              ::testing::HasSubstr("s.json: not JSON"));
  EXPECT_EQ(parse_schedule_json(R"({"start_date": "2026-11-02", "agents": [{"id": "a",
                                   "shifts": [{"date": "2026-11-02", "start": "8h",
                                   "end": "16:00"}]}]})",
                                "s.json")
                .status()
                .message(),
            "s.json: $.agents[0].shifts[0].start: '8h' is not a time (HH:MM)");
  EXPECT_EQ(read_schedule_file("/nonexistent/s.json").status().message(),
            "cannot read schedule file /nonexistent/s.json");
}

}  // namespace
}  // namespace tandem::io
