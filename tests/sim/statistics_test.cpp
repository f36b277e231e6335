// SPDX-License-Identifier: Apache-2.0
#include "sim/statistics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/event_calendar.h"
#include "sim/results.h"

namespace tandem::sim {
namespace {

TEST(Statistics, StudentQuantilesMatchTables) {
  EXPECT_DOUBLE_EQ(student_t_975(1), 12.706);
  EXPECT_DOUBLE_EQ(student_t_975(10), 2.228);
  EXPECT_NEAR(student_t_975(40), 2.0211, 1e-3);
  EXPECT_NEAR(student_t_975(120), 1.9799, 1e-3);
  EXPECT_NEAR(student_t_975(999), 1.9623, 1e-3);
}

TEST(Statistics, MeanEstimateIsTheStudentInterval) {
  const std::vector<double> x = {1, 2, 3, 4, 5};
  Estimate e = mean_estimate(x);
  EXPECT_DOUBLE_EQ(e.mean, 3.0);
  // s = sqrt(2.5), half width = 2.776 * s / sqrt(5)
  EXPECT_NEAR(e.high - e.mean, 2.776 * std::sqrt(2.5) / std::sqrt(5.0), 1e-12);
  EXPECT_NEAR(e.mean - e.low, e.high - e.mean, 1e-12);
}

TEST(Statistics, RatioEstimateIsTheRatioOfSums) {
  const std::vector<double> num = {9, 18, 27}, den = {10, 20, 30};
  Estimate e = ratio_estimate(num, den);
  EXPECT_DOUBLE_EQ(e.mean, 0.9);
  EXPECT_NEAR(e.low, 0.9, 1e-12);  // a constant ratio has no spread
  EXPECT_NEAR(e.high, 0.9, 1e-12);
}

TEST(Statistics, AggregateKeepsKpisApartByScopeAndInterval) {
  ReplicationResult a, b;
  a.kpis = {{"q", "service_level", -1, 8, 10}, {"q", "service_level", 0, 1, 2}};
  b.kpis = {{"q", "service_level", -1, 9, 10}, {"q", "service_level", 0, 2, 2}};
  auto est = aggregate({a, b});
  ASSERT_EQ(est.size(), 2u);
  EXPECT_DOUBLE_EQ(find_kpi(est, "q", "service_level")->estimate.mean, 0.85);
  EXPECT_DOUBLE_EQ(find_kpi(est, "q", "service_level", 0)->estimate.mean, 0.75);
  EXPECT_EQ(find_kpi(est, "q", "asa_seconds"), nullptr);
}

}  // namespace
}  // namespace tandem::sim
