// SPDX-License-Identifier: Apache-2.0
#include "forecast/backtest.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "forecast/method.h"
#include "synthetic.h"

namespace tandem::forecast {
namespace {

using testing::make_series;
using testing::pattern;

QueueSeries noisy_series(int weeks) {
  return make_series(weeks, [](int d, const IntervalKey& k) {
    return pattern(k) * (1.0 + 0.01 * d) + ((d * 31 + k.slot * 17) % 7);
  });
}

TEST(Backtest, WeeklyFoldsStartOnDatesAWeekApart) {
  const QueueSeries s = noisy_series(6);
  const auto folds = weekly_folds(s.points, 3, 7);
  ASSERT_EQ(folds.size(), 3u);
  for (std::size_t i = 0; i < folds.size(); ++i) {
    EXPECT_EQ(s.points[folds[i].origin].key.weekday, 0);      // Mondays
    EXPECT_EQ(folds[i].end - folds[i].origin, 4u * 40 + 24);  // one open week
    if (i > 0) {
      EXPECT_EQ(folds[i].origin, folds[i - 1].end);
    }
  }
  EXPECT_EQ(folds.back().end, s.points.size());
  // Too little history for early origins: they are left out.
  EXPECT_EQ(weekly_folds(s.points, 10, 7).size(), 4u);
  const auto idx = index_folds(100, 4, 10);
  ASSERT_EQ(idx.size(), 4u);
  EXPECT_EQ(idx[0].origin, 60u);
  EXPECT_EQ(idx[3].end, 100u);
}

// No look-ahead: poisoning every value at or after a fold's origin (with NaN) must not change
// a single forecast of that fold, for every method (including auto's inner backtest).
TEST(Backtest, NoMethodReadsAValueAtOrAfterItsOrigin) {
  const QueueSeries s = noisy_series(7);
  const auto folds = weekly_folds(s.points, 2, 7);
  ASSERT_EQ(folds.size(), 2u);
  for (const Fold& fold : folds) {
    QueueSeries poisoned = s;
    for (std::size_t i = fold.origin; i < poisoned.points.size(); ++i)
      poisoned.points[i].volume = std::numeric_limits<double>::quiet_NaN();
    const Fold one[] = {fold};
    auto clean = backtest(s, method_names(), one);
    auto dirty = backtest(poisoned, method_names(), one);
    ASSERT_TRUE(clean.is_ok() && dirty.is_ok());
    for (std::size_t m = 0; m < clean->size(); ++m) {
      const auto& a = (*clean)[m].folds[0].forecast;
      const auto& b = (*dirty)[m].folds[0].forecast;
      ASSERT_EQ(a.size(), b.size());
      for (std::size_t i = 0; i < a.size(); ++i)
        ASSERT_EQ(a[i], b[i]) << (*clean)[m].method << " read the future (value " << i << ")";
    }
  }
}

TEST(Backtest, ScoresEveryMethodAndFold) {
  const QueueSeries s = noisy_series(6);
  const auto folds = weekly_folds(s.points, 2, 7);
  auto r = backtest(s, method_names(), folds);
  ASSERT_TRUE(r.is_ok());
  ASSERT_EQ(r->size(), method_names().size());
  for (const auto& m : *r) {
    ASSERT_EQ(m.folds.size(), 2u);
    for (const auto& f : m.folds) {
      EXPECT_EQ(f.interval.count, f.fold.end - f.fold.origin);
      EXPECT_EQ(f.daily.count, 5u);
      EXPECT_GT(f.interval.mase, 0.0);
    }
    EXPECT_DOUBLE_EQ(m.mean_interval.mase,
                     (m.folds[0].interval.mase + m.folds[1].interval.mase) / 2);
  }
  const std::string_view bad[] = {"crystal_ball"};
  EXPECT_EQ(backtest(s, bad, folds).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace tandem::forecast
