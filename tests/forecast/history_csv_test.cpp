// SPDX-License-Identifier: Apache-2.0
#include "forecast/history_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace tandem::forecast {
namespace {

using ::testing::HasSubstr;

Result<History> parse(const std::string& text) {
  std::istringstream in(text);
  return parse_history_csv(in, "h.csv");
}

TEST(HistoryCsv, ReadsTheStandardLayoutWithSeveralQueues) {
  auto h = parse(
      "interval_start,queue,volume,aht_seconds\n"
      "2026-06-01T08:15,voice,12,240.5\n"
      "2026-06-01T08:00,voice,10,\n"
      "2026-06-01T08:00,email,3,600\n");
  ASSERT_TRUE(h.is_ok()) << h.status().message();
  EXPECT_EQ(h->grain_minutes, 15);
  ASSERT_EQ(h->queues.size(), 2u);
  const QueueSeries* voice = h->find("voice");
  ASSERT_NE(voice, nullptr);
  ASSERT_EQ(voice->points.size(), 2u);
  // Sorted by time; slot = minute of day / 15; 2026-06-01 is a Monday.
  EXPECT_EQ(voice->points[0].key.slot, 32);
  EXPECT_EQ(voice->points[0].key.weekday, 0);
  EXPECT_DOUBLE_EQ(voice->points[0].volume, 10);
  EXPECT_FALSE(voice->points[0].aht_seconds.has_value());
  EXPECT_DOUBLE_EQ(*voice->points[1].aht_seconds, 240.5);
}

TEST(HistoryCsv, GrainIsTheCoarsestFittingEveryStart) {
  auto h = parse("interval_start,queue,volume\n2026-06-01T08:00,q,1\n2026-06-01T09:30,q,1\n");
  ASSERT_TRUE(h.is_ok());
  EXPECT_EQ(h->grain_minutes, 30);
  auto daily = parse("interval_start,queue,volume\n2026-06-01,claims,40\n2026-06-02,claims,41\n");
  ASSERT_TRUE(daily.is_ok());
  EXPECT_EQ(daily->grain_minutes, 1440);
  EXPECT_EQ(daily->queues[0].slots_per_day(), 1);
}

TEST(HistoryCsv, RecognisesTheFpp2AndBank1999Layouts) {
  auto fpp2 = parse(
      "date,weekday,interval,start,calls\n2003-03-03,Monday,1,07:00,111\n"
      "2003-03-03,Monday,2,07:05,113\n");
  ASSERT_TRUE(fpp2.is_ok()) << fpp2.status().message();
  EXPECT_EQ(fpp2->grain_minutes, 5);
  EXPECT_EQ(fpp2->queues[0].queue, "calls");
  EXPECT_DOUBLE_EQ(fpp2->queues[0].points[1].volume, 113);
  auto bank = parse(
      "date,weekday,interval_start,calls_entering_vru,calls_queued,served_by_agent,"
      "abandoned_from_queue,mean_ser_time_s,mean_q_time_served_s\n"
      "1999-02-05,Friday,07:30,21,6,20,1,280.6,10.3\n"
      "1999-02-05,Friday,08:00,2,0,0,0,,\n");
  ASSERT_TRUE(bank.is_ok()) << bank.status().message();
  EXPECT_EQ(bank->grain_minutes, 30);
  EXPECT_DOUBLE_EQ(bank->queues[0].points[0].volume, 21);  // served + abandoned
  EXPECT_DOUBLE_EQ(*bank->queues[0].points[0].aht_seconds, 280.6);
  EXPECT_FALSE(bank->queues[0].points[1].aht_seconds.has_value());
}

TEST(HistoryCsv, ReportsEveryBadRowWithItsLineNumber) {
  auto h = parse(
      "interval_start,queue,volume\n"
      "2026-06-01T08:00,voice,10\n"
      "2026-13-01T08:00,voice,10\n"
      "2026-06-01T08:15,voice,-4\n"
      "2026-06-01T08:30,voice,ten\n"
      "2026-06-01T08:45,voice\n");
  ASSERT_FALSE(h.is_ok());
  EXPECT_EQ(h.status().code(), StatusCode::kInvalidArgument);
  const std::string& m = h.status().message();
  EXPECT_THAT(m, HasSubstr("h.csv:3: interval start '2026-13-01T08:00' is not an ISO 8601"));
  EXPECT_THAT(m, HasSubstr("h.csv:4: volume -4 is negative"));
  EXPECT_THAT(m, HasSubstr("h.csv:5: volume 'ten' is not a number"));
  EXPECT_THAT(m, HasSubstr("h.csv:6: 2 field(s), the header has 3"));
  EXPECT_THAT(m, HasSubstr("4 problem(s)"));
}

TEST(HistoryCsv, RejectsDuplicatesOffGridStartsAndUnknownHeaders) {
  auto dup = parse("interval_start,queue,volume\n2026-06-01T08:00,v,1\n2026-06-01T08:00,v,2\n");
  ASSERT_FALSE(dup.is_ok());
  EXPECT_THAT(dup.status().message(),
              HasSubstr("h.csv:3: queue v: duplicate interval (also on line 2)"));
  auto off = parse("interval_start,queue,volume\n2026-06-01T08:07,v,1\n");
  ASSERT_FALSE(off.is_ok());
  EXPECT_THAT(off.status().message(), HasSubstr("h.csv:2: interval start is not on a 5, 15"));
  auto header = parse("when,what\n1,2\n");
  ASSERT_FALSE(header.is_ok());
  EXPECT_THAT(header.status().message(), HasSubstr("h.csv:1: unrecognised header"));
  EXPECT_FALSE(parse("").is_ok());
  EXPECT_EQ(read_history_csv("/nonexistent/h.csv").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace tandem::forecast
