// SPDX-License-Identifier: Apache-2.0
// The bundled demo scenario's history (scenarios/northbank) through forecast_scenario().
#include "forecast/scenario_forecast.h"

#include <gtest/gtest.h>

#include <chrono>

#include "io/interval_history_csv.h"

namespace tandem::forecast {
namespace {

TEST(ScenarioForecast, NorthbankForecastStaysInsideOpeningHoursAndSkipsHolidays) {
  auto scenario = read_scenario(std::string(TANDEM_SOURCE_DIR) + "/scenarios/northbank.yaml");
  ASSERT_TRUE(scenario.is_ok()) << scenario.status().message();
  ForecastOptions o;
  o.method = "daily_profile";
  o.horizon_days = 14;
  using namespace std::chrono;
  o.first_day = LocalDays{local_days{year{2026} / December / 21}};  // Christmas fortnight
  auto history = io::read_scenario_history(*scenario);
  ASSERT_TRUE(history.is_ok()) << history.status().message();
  auto table = forecast_scenario(*scenario, *history, o);
  ASSERT_TRUE(table.is_ok()) << table.status().message();
  ASSERT_EQ(table->queues.size(), history->queues.size());
  const auto christmas =
      static_cast<std::int32_t>(local_days{year{2026} / December / 25}.time_since_epoch().count());
  for (const auto& q : table->queues) {
    const Queue* queue = scenario->find_queue(q.queue);
    ASSERT_NE(queue, nullptr) << q.queue;
    const Site* site = scenario->find_site(queue->site);
    ASSERT_NE(site, nullptr);
    ASSERT_FALSE(q.intervals.empty()) << q.queue;
    for (const auto& i : q.intervals) {
      EXPECT_NE(i.key.day, christmas) << q.queue << ": Christmas Day is a site holiday";
      EXPECT_NE(i.key.day, christmas + 3) << q.queue << ": Boxing Day (substitute)";
      const int minute = i.key.slot * q.grain_minutes;
      bool inside = false;
      for (const auto& w : site->opening_hours.days[static_cast<std::size_t>(i.key.weekday)])
        inside |= minute >= w.open.count() && minute + q.grain_minutes <= w.close.count();
      EXPECT_TRUE(inside) << q.queue << " forecast outside the site's opening hours";
      EXPECT_GE(i.volume, 0.0);
    }
  }
}

// A history without an interval (e.g. one that arrived through the API) has no last day to
// forecast from: an error, not a forecast dated five million years before 1970.
TEST(ScenarioForecast, AnEmptyHistoryIsAnErrorUnlessTheFirstDayIsGiven) {
  const Scenario scenario;
  History empty;
  empty.queues.push_back(QueueSeries{"voice", 15, {}});
  auto table = forecast_scenario(scenario, empty, ForecastOptions{});
  ASSERT_FALSE(table.is_ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(table.status().message(), "the history has no intervals");
  EXPECT_FALSE(forecast_scenario(scenario, History{}, ForecastOptions{}).is_ok());
}

}  // namespace
}  // namespace tandem::forecast
