// SPDX-License-Identifier: Apache-2.0
// The one interval-history CSV reader (io/interval_history_csv.h): layouts, grains, the
// problems it reports, and the values forecasting (forecast::history_of) and staffing use.
#include "io/interval_history_csv.h"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <sstream>

#include "model/calendar.h"

namespace tandem::io {
namespace {

using forecast::history_of;
using forecast::QueueSeries;
using ::testing::HasSubstr;

Result<IntervalHistory> parse(const std::string& text) {
  std::istringstream in(text);
  return parse_interval_history_csv(in, "h.csv");
}

// The message of a file the reader rejects.
std::string problem(const std::string& text) {
  auto h = parse(text);
  EXPECT_FALSE(h.is_ok());
  EXPECT_EQ(h.status().code(), StatusCode::kInvalidArgument);
  return h.status().message();
}

LocalSeconds at(const std::string& when) {
  return LocalSeconds{*parse_local_date(when.substr(0, 10))} + *parse_time_of_day(when.substr(11));
}

TEST(IntervalHistoryCsv, ReadsTheStandardLayoutWithSeveralQueues) {
  auto h = parse(
      "interval_start,queue,volume,aht_seconds\n"
      "2026-06-01T08:15,voice,12,240.5\n"
      "2026-06-01T08:00,voice,10,\n"
      "2026-06-01T08:00,email,3,600\n");
  ASSERT_TRUE(h.is_ok()) << h.status().message();
  EXPECT_EQ(h->grain_minutes, 15);
  // The rows in file order: what staffing and the simulator consume.
  ASSERT_EQ(h->rows.size(), 3u);
  EXPECT_EQ(h->rows[0], (IntervalVolume{"voice", at("2026-06-01T08:15"), 12, 240.5}));
  EXPECT_EQ(h->rows[1], (IntervalVolume{"voice", at("2026-06-01T08:00"), 10, std::nullopt}));
  // The forecast series: per queue in order of first appearance, sorted by time.
  const forecast::History series = history_of(*h);
  EXPECT_EQ(series.grain_minutes, 15);
  ASSERT_EQ(series.queues.size(), 2u);
  EXPECT_EQ(series.queues[0].queue, "voice");
  const QueueSeries* voice = series.find("voice");
  ASSERT_NE(voice, nullptr);
  ASSERT_EQ(voice->points.size(), 2u);
  // slot = minute of day / 15; 2026-06-01 is a Monday.
  EXPECT_EQ(voice->points[0].key.slot, 32);
  EXPECT_EQ(voice->points[0].key.weekday, 0);
  EXPECT_DOUBLE_EQ(voice->points[0].volume, 10);
  EXPECT_FALSE(voice->points[0].aht_seconds.has_value());
  EXPECT_DOUBLE_EQ(*voice->points[1].aht_seconds, 240.5);
}

TEST(IntervalHistoryCsv, ReadsAForecastFileWithQuotedCellsAndASpaceBeforeTheTime) {
  auto f = parse(
      "queue,interval_start,volume,aht_seconds,lower\n"
      "\"voice\",2026-11-02T08:15,12,300,9\n"
      "voice,2026-11-02 08:30:00,0,,\n");
  ASSERT_TRUE(f.is_ok()) << f.status().message();
  ASSERT_EQ(f->rows.size(), 2u);
  EXPECT_EQ(f->rows[0].queue, "voice");
  EXPECT_EQ(f->rows[0].volume, 12);
  EXPECT_EQ(*f->rows[0].aht_seconds, 300);
  EXPECT_FALSE(f->rows[1].aht_seconds.has_value());
  EXPECT_EQ(f->rows[1].interval_start - f->rows[0].interval_start, std::chrono::minutes(15));
}

TEST(IntervalHistoryCsv, GrainIsTheCoarsestFittingEveryStart) {
  auto h = parse("interval_start,queue,volume\n2026-06-01T08:00,q,1\n2026-06-01T09:30,q,1\n");
  ASSERT_TRUE(h.is_ok());
  EXPECT_EQ(h->grain_minutes, 30);
  auto hourly = parse("interval_start,queue,volume\n2026-06-01T08:00,q,1\n2026-06-01T10:00,q,1\n");
  ASSERT_TRUE(hourly.is_ok());
  EXPECT_EQ(hourly->grain_minutes, 60);
  auto daily = parse("interval_start,queue,volume\n2026-06-01,claims,40\n2026-06-02,claims,41\n");
  ASSERT_TRUE(daily.is_ok());
  EXPECT_EQ(daily->grain_minutes, 1440);
  EXPECT_EQ(history_of(*daily).queues[0].slots_per_day(), 1);
}

// Any interval length from 5 to 60 minutes that divides a day, not only 5, 15, 30 and 60.
TEST(IntervalHistoryCsv, AcceptsEveryGrainThatDividesADay) {
  for (const int grain : {5, 6, 8, 9, 10, 12, 15, 16, 18, 20, 24, 30, 32, 36, 40, 45, 48, 60}) {
    std::string csv = "interval_start,queue,volume\n";
    for (int k = 0; k < 1440 / grain; ++k) {
      const int minute = k * grain;
      csv += fmt::format("2026-06-01T{:02}:{:02},q,{}\n", minute / 60, minute % 60, k);
    }
    auto h = parse(csv);
    ASSERT_TRUE(h.is_ok()) << grain << ": " << h.status().message();
    EXPECT_EQ(h->grain_minutes, grain);
    const forecast::History series = history_of(*h);
    ASSERT_EQ(series.queues[0].points.size(), static_cast<std::size_t>(1440 / grain));
    EXPECT_EQ(series.queues[0].points.back().key.slot, 1440 / grain - 1);
  }
}

TEST(IntervalHistoryCsv, NamesTheRowWhereTheGridBreaks) {
  // 08:00 and 08:06 fit a 6-minute grid; 08:07 fits no grid of 5 minutes or more.
  EXPECT_EQ(problem("interval_start,queue,volume\n"
                    "2026-06-01T08:00,v,1\n2026-06-01T08:06,v,1\n\n2026-06-01T08:07,v,1\n"),
            "h.csv:5: interval start is not on a grid of 5 to 60 minutes that divides a day\n"
            "1 problem(s) in history file h.csv");
  EXPECT_THAT(problem("interval_start,queue,volume\n2026-06-01T08:07,v,1\n"),
              HasSubstr("h.csv:2: interval start is not on a grid of 5 to 60 minutes"));
  // Seconds other than :00 are no interval start.
  EXPECT_THAT(problem("interval_start,queue,volume\n2026-06-01T08:00:30,v,1\n"),
              HasSubstr("h.csv:2: interval start '2026-06-01T08:00:30' is not an ISO 8601"));
}

TEST(IntervalHistoryCsv, RecognisesTheFpp2AndBank1999Layouts) {
  auto fpp2 = parse(
      "date,weekday,interval,start,calls\n2003-03-03,Monday,1,07:00,111\n"
      "2003-03-03,Monday,2,07:05,113\n");
  ASSERT_TRUE(fpp2.is_ok()) << fpp2.status().message();
  EXPECT_EQ(fpp2->grain_minutes, 5);
  EXPECT_EQ(fpp2->rows[0].queue, "calls");
  EXPECT_DOUBLE_EQ(history_of(*fpp2).queues[0].points[1].volume, 113);
  auto bank = parse(
      "date,weekday,interval_start,calls_entering_vru,calls_queued,served_by_agent,"
      "abandoned_from_queue,mean_ser_time_s,mean_q_time_served_s\n"
      "1999-02-05,Friday,07:30,21,6,20,1,280.6,10.3\n"
      "1999-02-05,Friday,08:00,2,0,0,0,,\n");
  ASSERT_TRUE(bank.is_ok()) << bank.status().message();
  EXPECT_EQ(bank->grain_minutes, 30);
  EXPECT_DOUBLE_EQ(bank->rows[0].volume, 21);  // served + abandoned
  EXPECT_DOUBLE_EQ(*bank->rows[0].aht_seconds, 280.6);
  EXPECT_FALSE(bank->rows[1].aht_seconds.has_value());
}

TEST(IntervalHistoryCsv, ReportsEveryBadRowWithItsLineNumber) {
  const std::string m = problem(
      "interval_start,queue,volume\n"
      "2026-06-01T08:00,voice,10\n"
      "2026-13-01T08:00,voice,10\n"
      "2026-06-01T08:15,voice,-4\n"
      "2026-06-01T08:30,voice,ten\n"
      "2026-06-01T08:45,voice\n");
  EXPECT_THAT(m, HasSubstr("h.csv:3: interval start '2026-13-01T08:00' is not an ISO 8601"));
  EXPECT_THAT(m, HasSubstr("h.csv:4: volume -4 is negative"));
  EXPECT_THAT(m, HasSubstr("h.csv:5: volume 'ten' is not a number"));
  EXPECT_THAT(m, HasSubstr("h.csv:6: 2 field(s), the header has 3"));
  EXPECT_THAT(m, HasSubstr("4 problem(s)"));
  EXPECT_THAT(problem("interval_start,queue,volume,aht_seconds\n2026-06-01T08:00,v,1,-3\n"),
              HasSubstr("h.csv:2: aht_seconds -3 is negative"));
  EXPECT_THAT(problem("interval_start,queue,volume\n2026-06-01T08:00,v,nan\n"),
              HasSubstr("h.csv:2: volume 'nan' is not a number"));
  EXPECT_THAT(problem("interval_start,queue,volume\n2026-06-01T08:00,,1\n"),
              HasSubstr("h.csv:2: queue is empty"));
}

TEST(IntervalHistoryCsv, RejectsDuplicatesMixedGrainsAndUnknownHeaders) {
  EXPECT_THAT(problem("interval_start,queue,volume\n2026-06-01T08:00,v,1\n2026-06-01T08:00,v,2\n"),
              HasSubstr("h.csv:3: queue v: duplicate interval (also on line 2)"));
  EXPECT_THAT(problem("interval_start,queue,volume\n2026-06-01,v,1\n2026-06-02T08:00,v,2\n"),
              HasSubstr("h.csv:3: a time of day in a daily history (dates only)"));
  EXPECT_THAT(problem("when,what\n1,2\n"), HasSubstr("h.csv:1: unrecognised header"));
  EXPECT_EQ(problem(""), "h.csv: the history file is empty");
  EXPECT_EQ(problem("interval_start,queue,volume\n\n"), "h.csv: the history file has no data rows");
  EXPECT_EQ(read_interval_history_csv("/nonexistent/h.csv").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(read_history("/nonexistent/h.csv").status().message(),
            "cannot open history file /nonexistent/h.csv");
}

TEST(IntervalHistoryCsv, ReportsTwentyProblemsAndCountsTheRest) {
  std::string csv = "interval_start,queue,volume\n";
  for (int k = 0; k < 25; ++k) csv += "2026-06-01T08:00,v,x\n";
  const std::string m = problem(csv);
  EXPECT_THAT(m, HasSubstr("h.csv:21: volume 'x' is not a number\n... and 5 more problem(s)\n"
                           "25 problem(s) in history file h.csv"));
  EXPECT_THAT(m, ::testing::Not(HasSubstr("h.csv:22:")));
}

TEST(ScenarioHistory, NorthbankFilesAsArrivalsAndAsForecastSeries) {
  auto scenario = read_scenario(std::string(TANDEM_SOURCE_DIR) + "/scenarios/northbank.yaml");
  ASSERT_TRUE(scenario.is_ok()) << scenario.status().message();
  auto files = read_scenario_history_files(*scenario);
  ASSERT_TRUE(files.is_ok()) << files.status().message();
  ASSERT_EQ(files->size(), 2u);  // contacts, then work items
  auto arrivals = read_scenario_arrivals(*scenario);
  ASSERT_TRUE(arrivals.is_ok());
  EXPECT_EQ(arrivals->size(), (*files)[0].rows.size() + (*files)[1].rows.size());
  EXPECT_EQ(arrivals->front(), (*files)[0].rows.front());
  auto series = read_scenario_history(*scenario);
  ASSERT_TRUE(series.is_ok());
  std::size_t points = 0;
  for (const auto& q : series->queues) points += q.points.size();
  EXPECT_EQ(points, arrivals->size());  // no duplicate was dropped
  EXPECT_EQ(series->grain_minutes, (*files)[0].grain_minutes);

  Scenario none = *scenario;
  none.history = {};
  EXPECT_TRUE(read_scenario_arrivals(none)->empty());
  EXPECT_THAT(read_scenario_history(none).status().message(),
              HasSubstr(": the scenario names no history file"));
}

}  // namespace
}  // namespace tandem::io
