// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "forecast/method.h"
#include "forecast/methods.h"
#include "synthetic.h"

namespace tandem::forecast {
namespace {

using testing::make_series;
using testing::pattern;

// The keys of the week after the series (same opening hours).
std::vector<IntervalKey> next_week(const QueueSeries& s) {
  const std::int32_t first = s.points.back().key.day + 3;  // the Monday after the last Friday
  std::vector<IntervalKey> keys;
  for (const auto& p : s.points)
    if (p.key.day >= first - 7 * 1 - 0 && p.key.day < first) {
      IntervalKey k = p.key;
      k.day += 7;
      keys.push_back(k);
    }
  return keys;
}

class EveryMethod : public ::testing::TestWithParam<std::string_view> {};

TEST_P(EveryMethod, RecoversAPureSeasonalPatternExactly) {
  const QueueSeries s = make_series(6, [](int, const IntervalKey& k) { return pattern(k); });
  auto m = make_method(GetParam());
  ASSERT_NE(m, nullptr);
  ASSERT_TRUE(m->fit(s.points, s.slots_per_day()).is_ok());
  const auto keys = next_week(s);
  ASSERT_EQ(keys.size(), 4u * 40 + 24);
  const auto f = m->predict(keys);
  for (std::size_t i = 0; i < keys.size(); ++i)
    ASSERT_NEAR(f[i], pattern(keys[i]), 1e-6) << GetParam() << " at " << i;
}

TEST_P(EveryMethod, FailsOnLessThanOneSeason) {
  QueueSeries s = make_series(1, [](int, const IntervalKey& k) { return pattern(k); });
  // Monday..Friday of one week span 5 dates: less than a weekly season.
  auto m = make_method(GetParam());
  const Status st = m->fit(s.points, s.slots_per_day());
  EXPECT_EQ(st.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(st.message().find("at least one season"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Methods, EveryMethod, ::testing::ValuesIn(method_names()),
                         [](const auto& info) { return std::string(info.param); });

TEST(Methods, AdaptiveMethodsFollowALevelShift) {
  // 8 weeks at level 1, then 4 weeks at level 1.5; forecasts should be near 1.5x (the
  // regression's trend overshoots a little: it reads the shift as growth).
  const QueueSeries s = make_series(
      12, [](int d, const IntervalKey& k) { return pattern(k) * (d < 56 ? 1.0 : 1.5); });
  const auto keys = next_week(s);
  double truth = 0.0;
  for (const auto& k : keys) truth += 1.5 * pattern(k);
  for (std::string_view name :
       {"seasonal_naive", "daily_profile", "double_seasonal", "regression", "auto"}) {
    auto m = make_method(name);
    ASSERT_TRUE(m->fit(s.points, s.slots_per_day()).is_ok());
    double total = 0.0;
    for (double v : m->predict(keys)) total += v;
    EXPECT_NEAR(total / truth, 1.0, 0.07) << name;
  }
}

TEST(Methods, RegressionLearnsMonthEndPeaksOfDailyBackOfficeWork) {
  // Daily arrivals (one slot per day, Mon-Fri): 100 + 60 in the last 3 days of the month.
  QueueSeries s{"claims", 1440, {}};
  const std::int32_t first = testing::monday_2026_06_01();
  auto volume = [](std::int32_t day) {
    const auto x = regression_features(day, 0, true);
    return 100.0 + 60.0 * x[8];
  };
  for (std::int32_t day = first; day < first + 7 * 17; ++day) {
    const int wd = weekday_of_day(day);
    if (wd >= 5) continue;
    s.points.push_back({{day, 0, static_cast<std::int8_t>(wd)}, volume(day), {}});
  }
  Regression r;
  ASSERT_TRUE(r.fit(s.points, 1).is_ok());
  // The next month end after the history (history ends late September 2026).
  std::vector<IntervalKey> keys;
  for (std::int32_t day = first + 7 * 17; day < first + 7 * 17 + 35; ++day) {
    const int wd = weekday_of_day(day);
    if (wd < 5) keys.push_back({day, 0, static_cast<std::int8_t>(wd)});
  }
  const auto f = r.predict(keys);
  for (std::size_t i = 0; i < keys.size(); ++i)
    EXPECT_NEAR(f[i], volume(keys[i].day), 3.0) << "day " << i;
}

TEST(Methods, AutoChoosesAmongTheCandidatesOnTrainingDataOnly) {
  const QueueSeries s = make_series(8, [](int d, const IntervalKey& k) {
    return pattern(k) + ((d * 7 + k.slot * 13) % 5);  // deterministic noise
  });
  AutoCombination a;
  ASSERT_TRUE(a.fit(s.points, s.slots_per_day()).is_ok());
  const auto chosen = a.chosen();
  ASSERT_FALSE(chosen.empty());
  for (auto n : chosen)
    EXPECT_TRUE(n == "daily_profile" || n == "double_seasonal" || n == "regression") << n;
}

}  // namespace
}  // namespace tandem::forecast
