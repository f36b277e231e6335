// SPDX-License-Identifier: Apache-2.0
// Formatting of forecasts and backtests (`tandem forecast`, the demo's forecast stage).
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "app/forecast.h"
#include "cli/output.h"

namespace tandem::cli {

// Per queue and method: the mean interval and daily accuracy of the backtest.
Table forecast_accuracy_table(const std::vector<app::QueueBacktest>& backtest);
// Per queue and interval: volume, AHT and the bounds of each level.
Table forecast_interval_table(const forecast::ForecastTable& table);
// Per queue and day: open hours, intervals, volume and volume-weighted AHT.
Table forecast_daily_table(const forecast::ForecastTable& table);
nlohmann::json forecast_json(const forecast::ForecastTable& table);
nlohmann::json backtest_json(const std::vector<app::QueueBacktest>& backtest);
// A number with `decimals` decimals, as the forecast tables print it.
std::string forecast_number(double v, int decimals = 2);

}  // namespace tandem::cli
