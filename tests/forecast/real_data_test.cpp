// SPDX-License-Identifier: Apache-2.0
// Reference numbers on real data (../shared/data/calls-fpp2, the benchmark split's last
// origin; docs/benchmarks.md has all four).
#include <gtest/gtest.h>

#include "common/shared_data.h"

#include "forecast/backtest.h"
#include "io/interval_history_csv.h"

namespace tandem::forecast {
namespace {

TEST(RealData, Fpp2CallsParseAsWeekdaysOf169Intervals) {
  TANDEM_REQUIRE_SHARED_DATA("calls-fpp2/calls_5min.csv");
  auto h = io::read_history(std::string(TANDEM_SHARED_DATA_DIR) + "/calls-fpp2/calls_5min.csv");
  ASSERT_TRUE(h.is_ok()) << h.status().message();
  ASSERT_EQ(h->queues.size(), 1u);
  const auto& s = h->queues[0];
  EXPECT_EQ(h->grain_minutes, 5);
  EXPECT_EQ(s.points.size(), 27716u);
  EXPECT_EQ(s.points.front().key.slot, 7 * 12);  // 07:00
  EXPECT_EQ(s.points[168].key.slot, 21 * 12);    // 21:00, the 169th interval
  for (const auto& p : s.points) ASSERT_LT(p.key.weekday, 5);
}

TEST(RealData, AutoBeatsTheSeasonalNaiveOnTheLastFpp2Week) {
  TANDEM_REQUIRE_SHARED_DATA("calls-fpp2/calls_5min.csv");
  auto h = io::read_history(std::string(TANDEM_SHARED_DATA_DIR) + "/calls-fpp2/calls_5min.csv");
  ASSERT_TRUE(h.is_ok());
  const auto& s = h->queues[0];
  const auto folds = index_folds(s.points.size(), 1, 845);
  const std::string_view methods[] = {"seasonal_naive", "auto"};
  auto r = backtest(s, methods, folds);
  ASSERT_TRUE(r.is_ok());
  const double naive = (*r)[0].mean_interval.mase;
  const double automatic = (*r)[1].mean_interval.mase;
  EXPECT_NEAR(naive, 0.966, 0.005);  // measured; same weekday, last week it was open
  EXPECT_LT(automatic, 0.78);
  EXPECT_LT((*r)[1].mean_interval.wape, 0.10);
}

TEST(RealData, Bank1999ParsesAgentDemandPer30Minutes) {
  TANDEM_REQUIRE_SHARED_DATA("anonymous-bank-1999/feb1999_30min_intervals.csv");
  auto h = io::read_history(std::string(TANDEM_SHARED_DATA_DIR) +
                            "/anonymous-bank-1999/feb1999_30min_intervals.csv");
  ASSERT_TRUE(h.is_ok()) << h.status().message();
  EXPECT_EQ(h->grain_minutes, 30);
  EXPECT_EQ(h->queues[0].points.size(), 980u);
  double total = 0.0;
  for (const auto& p : h->queues[0].points) total += p.volume;
  EXPECT_GT(total, 20000.0);
}

}  // namespace
}  // namespace tandem::forecast
