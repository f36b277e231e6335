// SPDX-License-Identifier: Apache-2.0
#include "forecast/forecaster.h"

#include <gtest/gtest.h>

#include "synthetic.h"

namespace tandem::forecast {
namespace {

using testing::make_series;
using testing::monday_2026_06_01;
using testing::pattern;

LocalDays local_day(std::int32_t day) { return LocalDays{std::chrono::days{day}}; }

TEST(Forecaster, ForecastsOnlyTheOpenIntervalsLearntFromHistory) {
  const QueueSeries s = make_series(4, [](int, const IntervalKey& k) { return pattern(k); });
  ForecastOptions o;
  o.method = "seasonal_naive";
  o.horizon_days = 7;
  auto f = forecast_queue(s, o);
  ASSERT_TRUE(f.is_ok()) << f.status().message();
  // Mon-Thu 08:00-18:00 (40 intervals), Fri 08:00-14:00 (24), closed at the weekend.
  ASSERT_EQ(f->intervals.size(), 4u * 40 + 24);
  EXPECT_EQ(f->intervals.front().key.day, monday_2026_06_01() + 28);
  EXPECT_EQ(f->intervals.front().key.slot, 32);
  for (const auto& i : f->intervals) {
    EXPECT_LT(i.key.weekday, 5);
    EXPECT_DOUBLE_EQ(i.volume, pattern(i.key));
  }
  EXPECT_EQ(f->intervals.back().key.slot, 55);  // Friday 13:45
}

TEST(Forecaster, HolidaysFromTheCalendarAreClosedAndIgnoredInHistory) {
  // Wednesday of week 4 was a holiday with 20% of normal volume.
  const std::int32_t holiday = monday_2026_06_01() + 21 + 2;
  QueueSeries s = make_series(4, [&](int d, const IntervalKey& k) {
    return pattern(k) * (monday_2026_06_01() + d == holiday ? 0.2 : 1.0);
  });
  ForecastOptions o;
  o.method = "seasonal_naive";
  o.horizon_days = 7;
  // Without the calendar, the naive method copies the holiday.
  auto plain = forecast_queue(s, o);
  ASSERT_TRUE(plain.is_ok());
  const auto& wed = plain->intervals[2 * 40 + 10];
  EXPECT_EQ(wed.key.weekday, 2);
  EXPECT_DOUBLE_EQ(wed.volume, 0.2 * pattern(wed.key));
  // With it: the holiday is ignored, next week's Thursday is a holiday (closed) and Friday a
  // special day at half volume.
  o.special_days = {{local_day(holiday), "Summer holiday", true, 1.0},
                    {local_day(holiday + 8), "Founders' day", true, 1.0},
                    {local_day(holiday + 9), "half day", false, 0.5}};
  auto f = forecast_queue(s, o);
  ASSERT_TRUE(f.is_ok());
  ASSERT_EQ(f->intervals.size(), 3u * 40 + 24);
  for (const auto& i : f->intervals) {
    EXPECT_NE(i.key.day, holiday + 8);
    const double factor = i.key.day == holiday + 9 ? 0.5 : 1.0;
    EXPECT_DOUBLE_EQ(i.volume, factor * pattern(i.key));
  }
}

TEST(Forecaster, ForecastsHandleTimeAndOrderedBounds) {
  const QueueSeries s = make_series(
      6, [](int d, const IntervalKey& k) { return pattern(k) + ((d * 13 + k.slot * 7) % 9); },
      /*with_aht=*/true);
  ForecastOptions o;
  o.horizon_days = 7;
  auto f = forecast_queue(s, o);
  ASSERT_TRUE(f.is_ok()) << f.status().message();
  EXPECT_EQ(f->method.rfind("auto(", 0), 0u);
  for (const auto& i : f->intervals) {
    ASSERT_TRUE(i.aht_seconds.has_value());
    // The history's AHT is 200 + 2 * slot on every weekday.
    EXPECT_NEAR(*i.aht_seconds, 200.0 + 2.0 * i.key.slot, 0.1);
    ASSERT_EQ(i.lower.size(), 2u);
    EXPECT_LE(i.lower[1], i.lower[0]);
    EXPECT_LE(i.lower[0], i.volume + 1e-9);
    EXPECT_GE(i.upper[0], i.volume - 1e-9);
    EXPECT_GE(i.upper[1], i.upper[0]);
    EXPECT_GE(i.lower[1], 0.0);
  }
}

TEST(Forecaster, RejectsBadOptionsAndShortHistory) {
  const QueueSeries s = make_series(3, [](int, const IntervalKey& k) { return pattern(k); });
  ForecastOptions o;
  o.horizon_days = 0;
  EXPECT_NE(forecast_queue(s, o).status().message().find("horizon must be at least 1 day"),
            std::string::npos);
  o.horizon_days = 7;
  o.method = "crystal_ball";
  EXPECT_NE(forecast_queue(s, o).status().message().find("unknown method 'crystal_ball'"),
            std::string::npos);
  o.method = "auto";
  const QueueSeries short_history =
      make_series(1, [](int, const IntervalKey& k) { return pattern(k); });
  const auto r = forecast_queue(short_history, o);
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("queue voice: history spans 5 day(s)"), std::string::npos);
}

}  // namespace
}  // namespace tandem::forecast
