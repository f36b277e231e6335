// The staffing plan of a small scenario, and the forecast/history CSV edge.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "model/scenario.h"
#include "staffing/interval_volume_csv.h"
#include "staffing/staff_plan.h"

namespace tandem::staffing {
namespace {

namespace chr = std::chrono;

TEST(IntervalVolumeCsv, ReadsForecastAndHistoryLayouts) {
  const auto forecast = parse_interval_volumes_csv(
      "queue,interval_start,volume,aht_seconds,lower\n"
      "voice,2026-11-02T08:15,12,300,9\n"
      "voice,2026-11-02 08:30,0,,\n",
      "f.csv");
  ASSERT_TRUE(forecast.is_ok()) << forecast.status().message();
  ASSERT_EQ(forecast->size(), 2u);
  EXPECT_EQ((*forecast)[0].queue, "voice");
  EXPECT_EQ((*forecast)[0].volume, 12);
  EXPECT_EQ(*(*forecast)[0].aht_seconds, 300);
  EXPECT_FALSE((*forecast)[1].aht_seconds.has_value());
  EXPECT_EQ((*forecast)[1].interval_start - (*forecast)[0].interval_start, chr::minutes(15));
  const auto history = parse_interval_volumes_csv(
      "interval_start,queue,volume,aht_seconds\n2026-11-02T08:00,email,3,\n", "h.csv");
  ASSERT_TRUE(history.is_ok());
  EXPECT_EQ((*history)[0].queue, "email");
}

TEST(IntervalVolumeCsv, ErrorsNameFileAndLine) {
  auto message = [](const std::string& text) {
    auto r = parse_interval_volumes_csv(text, "f.csv");
    EXPECT_FALSE(r.is_ok());
    return r.status().message();
  };
  EXPECT_NE(message("a,b\n").find("f.csv:1"), std::string::npos);
  EXPECT_NE(message("queue,interval_start,volume\nv,2026-13-02T08:00,1\n").find("f.csv:2"),
            std::string::npos);
  EXPECT_NE(message("queue,interval_start,volume\nv,2026-11-02T08:00,-1\n").find("volume"),
            std::string::npos);
  EXPECT_NE(message("queue,interval_start,volume,aht_seconds\nv,2026-11-02T08:00,1,0\n")
                .find("aht_seconds"),
            std::string::npos);
  EXPECT_NE(message("queue,interval_start,volume\nv,2026-11-02T08:00,nan\n").find("volume"),
            std::string::npos);
}

TEST(NextWeekFromHistory, TakesTheLastCompleteWeek) {
  std::vector<IntervalVolume> rows;
  auto add = [&](const std::string& when, double v) {
    rows.push_back({"q", *parse_local_minute(when), v, std::nullopt});
  };
  add("2026-10-19T09:00", 1);  // Monday of an earlier week
  add("2026-10-26T09:00", 2);  // Monday, last complete week (reaches Saturday 31st)
  add("2026-10-30T09:00", 3);  // Friday
  add("2026-10-31T09:00", 6);  // Saturday
  add("2026-11-02T09:00", 4);  // Monday of an incomplete week (ends Friday)
  add("2026-11-06T09:00", 5);
  const auto next = *next_week_from_history(rows);
  ASSERT_EQ(next.size(), 3u);
  EXPECT_EQ(next[0].interval_start, *parse_local_minute("2026-11-02T09:00"));
  EXPECT_EQ(next[0].volume, 2);
  EXPECT_EQ(next[1].interval_start, *parse_local_minute("2026-11-06T09:00"));
}

}  // namespace
}  // namespace tandem::staffing
