// SPDX-License-Identifier: Apache-2.0
// app::forecast_history and app::backtest_history: what `tandem forecast` prints
// (tests/cli/golden/forecast_northbank.out, forecast_claimsco_backtest.out).
#include "app/forecast.h"

#include <gtest/gtest.h>

#include "io/interval_history_csv.h"

namespace tandem {
namespace {

const std::string kSource = TANDEM_SOURCE_DIR;

struct Loaded {
  Scenario scenario;
  forecast::History history;
};

Loaded load(const std::string& name) {
  ScenarioLoad load = load_scenario(kSource + "/scenarios/" + name);
  EXPECT_TRUE(load.ok()) << to_string(load.problems);
  auto history = io::read_scenario_history(*load.scenario);
  EXPECT_TRUE(history.is_ok()) << history.status().message();
  return {*load.scenario, *history};
}

TEST(ForecastHistory, NorthbankMethodsAndIntervals) {
  const Loaded in = load("northbank.yaml");
  auto table = app::forecast_history(in.history, &in.scenario, {});
  ASSERT_TRUE(table.is_ok()) << table.status().message();
  ASSERT_EQ(table->queues.size(), 7u);
  EXPECT_EQ(table->queues[0].queue, "chat");
  EXPECT_EQ(table->queues[0].method, "auto(regression)");
  EXPECT_EQ(table->queues[0].intervals.size(), 272u);
  EXPECT_EQ(table->queues[3].method, "auto(double_seasonal+regression)");
  EXPECT_EQ(table->queues[4].queue, "account-maintenance");
  EXPECT_EQ(table->queues[4].intervals.size(), 200u);
  // The first day is the day after the history: Saturday 31 October 2026.
  double first_day_chat = 0;
  for (const auto& f : table->queues[0].intervals)
    if (f.start < LocalSeconds{*parse_local_date("2026-11-01")}) first_day_chat += f.volume;
  EXPECT_NEAR(first_day_chat, 662, 0.5);
}

TEST(ForecastHistory, RejectsAnUnknownMethodAndAnEmptyHorizon) {
  const Loaded in = load("claimsco.yaml");
  auto method = app::forecast_history(in.history, &in.scenario, {"nope", 7});
  ASSERT_FALSE(method.is_ok());
  EXPECT_EQ(method.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(method.status().message(), "method 'nope' is unknown");
  auto horizon = app::forecast_history(in.history, &in.scenario, {"auto", 0});
  ASSERT_FALSE(horizon.is_ok());
  EXPECT_EQ(horizon.status().message(), "horizon_days must be at least 1 (got 0)");
}

TEST(BacktestHistory, ClaimscoAgainstTheSeasonalNaiveBenchmark) {
  const Loaded in = load("claimsco.yaml");
  const auto methods = app::backtest_methods("double_seasonal");
  ASSERT_EQ(methods.size(), 2u);
  EXPECT_EQ(methods[0], "seasonal_naive");
  const auto bt = app::backtest_history(in.history, &in.scenario, methods, 4, 3);
  ASSERT_EQ(bt.size(), 4u);
  EXPECT_EQ(bt[3].queue, "claim-registration");
  EXPECT_EQ(bt[0].queue, "email-claims");
  ASSERT_TRUE(bt[0].status.is_ok()) << bt[0].status.message();
  ASSERT_EQ(bt[0].methods.size(), 2u);
  EXPECT_EQ(bt[0].methods[1].folds.size(), 4u);
  EXPECT_NEAR(bt[0].methods[0].mean_interval.mae, 4.17, 0.005);
  EXPECT_NEAR(100 * bt[0].methods[1].mean_interval.wape, 25.65, 0.005);
  EXPECT_NEAR(bt[2].methods[1].mean_interval.mase, 0.587, 0.0005);
}

}  // namespace
}  // namespace tandem
