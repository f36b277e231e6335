// SPDX-License-Identifier: Apache-2.0
// Forecast a history: volume and handle time with bounds per queue and interval, and
// rolling-origin backtests comparing methods (docs/forecasting.md).
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "forecast/backtest.h"
#include "forecast/forecaster.h"
#include "forecast/series.h"
#include "model/scenario.h"

namespace tandem::app {

struct ForecastRequest {
  std::string method = "auto";  // a forecast::method_names() entry
  int horizon_days = 7;         // >= 1
};

// Every queue of the history forecast from the day after the history ends. With a scenario,
// each queue's site holidays are closed special days. InvalidArgument for an unknown method
// or a horizon below 1; errors of the forecast.
Result<forecast::ForecastTable> forecast_history(const forecast::History& history,
                                                 const Scenario* scenario,
                                                 const ForecastRequest& request);

// The methods a backtest of `method` compares: every method for "auto", else the seasonal
// naive benchmark and the method. The views are of the method table's names (static) for
// every known method.
std::vector<std::string_view> backtest_methods(const std::string& method);

struct QueueBacktest {
  std::string queue;
  Status status;  // why this queue's backtest failed (its methods are then empty)
  std::vector<forecast::MethodBacktest> methods;
};

// A rolling-origin backtest per queue of the history (`origins` weekly origins).
std::vector<QueueBacktest> backtest_history(const forecast::History& history,
                                            const Scenario* scenario,
                                            std::span<const std::string_view> methods, int origins,
                                            int horizon_days);

}  // namespace tandem::app
