// SPDX-License-Identifier: Apache-2.0
#include "forecast/accuracy.h"

#include <gtest/gtest.h>

#include <cmath>

namespace tandem::forecast {
namespace {

TEST(Accuracy, MatchesHandComputedValues) {
  const std::vector<double> y = {10, 20, 30, 40};
  const std::vector<double> f = {12, 18, 33, 40};
  // errors f - y: +2, -2, +3, 0
  const Accuracy a = accuracy(y, f, 2.0);
  EXPECT_EQ(a.count, 4u);
  EXPECT_DOUBLE_EQ(a.mae, 7.0 / 4.0);
  EXPECT_DOUBLE_EQ(a.rmse, std::sqrt(17.0 / 4.0));
  EXPECT_DOUBLE_EQ(a.wape, 7.0 / 100.0);
  EXPECT_DOUBLE_EQ(a.bias, 3.0 / 4.0);
  EXPECT_DOUBLE_EQ(a.mase, 7.0 / 4.0 / 2.0);
}

TEST(Accuracy, WapeIsNanWithoutVolume) {
  const std::vector<double> y = {0, 0};
  const std::vector<double> f = {1, 0};
  EXPECT_TRUE(std::isnan(accuracy(y, f, 1.0).wape));
}

TEST(Accuracy, LengthMismatchIsABug) {
  const std::vector<double> y = {1};
  const std::vector<double> f = {1, 2};
  EXPECT_THROW(accuracy(y, f, 1.0), std::invalid_argument);
}

TEST(Accuracy, OneDayNaiveScaleUsesThePreviousOpenDaySameSlot) {
  // Day 0: slots 0,1 = 10, 20. Day 1 closed. Day 2: slots 0,1,2 = 13, 16, 50.
  // Day 3: slot 2 only = 40 (slot 2 open on day 2: |40-50| = 10).
  std::vector<SeriesPoint> h = {
      {{0, 0, 3}, 10, {}}, {{0, 1, 3}, 20, {}}, {{2, 0, 5}, 13, {}},
      {{2, 1, 5}, 16, {}}, {{2, 2, 5}, 50, {}}, {{3, 2, 6}, 40, {}},
  };
  // Pairs: (13 vs 10) = 3, (16 vs 20) = 4, (40 vs 50) = 10; slot 2 of day 2 has no pair.
  EXPECT_DOUBLE_EQ(one_day_naive_mae(h), (3.0 + 4.0 + 10.0) / 3.0);
}

}  // namespace
}  // namespace tandem::forecast
