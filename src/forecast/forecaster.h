// SPDX-License-Identifier: Apache-2.0
// Forecasting a history forward: per queue and per OPEN interval, volume and average handle
// time (AHT) with prediction-interval bounds. This is the entry point the staffing stage and
// `tandem forecast` call (docs/forecasting.md).
//
//  * Open intervals of the horizon are learnt from the history: a (weekday, interval) is open
//    when it was open on at least half of the last 4 dates of that weekday in the history.
//    Special days marked closed (site holidays) are not forecast at all.
//  * Special days with a multiplier: history on those dates is divided by it before fitting
//    (so an odd day does not distort the pattern), forecasts on those dates multiplied by it.
//  * Volume: the chosen method (forecast/method.h), fitted on the whole history.
//  * AHT: per (weekday, interval) a volume- and recency-weighted mean of the history's AHT,
//    shrunk towards the all-weekday mean of the interval; absent when the history has none.
//  * Bounds: quantiles of standardised residuals (y - f) / sqrt(max(f, 1)) of the same
//    method in a rolling-origin backtest on the history (last `bound_origins` weeks); the
//    normal approximation when the history is too short for one. Never below 0.
// Pure: no I/O, no clock; deterministic. Errors: InvalidArgument for a horizon < 1 day, an
// unknown method, or a queue whose history spans less than one week.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "forecast/backtest.h"
#include "forecast/series.h"
#include "model/status.h"
#include "model/time.h"

namespace tandem::forecast {

struct SpecialDay {
  LocalDays date;
  std::string name;
  bool closed = false;      // a holiday: nothing is forecast, history ignored
  double multiplier = 1.0;  // otherwise: volume factor of the day vs a normal one
};

struct ForecastOptions {
  std::string method = "auto";
  int horizon_days = 7;                // local dates forecast, >= 1
  std::optional<LocalDays> first_day;  // default: the day after the last history date
  std::vector<SpecialDay> special_days;
  std::vector<double> levels = {0.8, 0.95};  // central coverage of each bound pair
  int bound_origins = 2;                     // backtest origins behind the bounds
};

struct IntervalForecast {
  LocalSeconds start;  // local time of the interval's start
  IntervalKey key;
  double volume = 0.0;                // expected contacts / items in the interval
  std::optional<double> aht_seconds;  // expected mean handle time
  std::vector<double> lower;          // per level: volume quantile (1 - level) / 2
  std::vector<double> upper;          // per level: volume quantile (1 + level) / 2
};

struct QueueForecast {
  std::string queue;
  std::string method;  // what produced it, e.g. "auto(daily_profile+regression)"
  int grain_minutes = 15;
  std::vector<IntervalForecast> intervals;  // time order, open intervals only
};

struct ForecastTable {
  std::vector<double> levels;
  std::vector<QueueForecast> queues;
  const QueueForecast* find(const std::string& queue) const;
};

Result<QueueForecast> forecast_queue(const QueueSeries& series, const ForecastOptions& options);
Result<ForecastTable> forecast_history(const History& history, const ForecastOptions& options);

// Applies special days to a history for fitting: drops closed days, divides by multipliers.
QueueSeries adjust_for_special_days(const QueueSeries& series, const std::vector<SpecialDay>& days);

// The open intervals of the horizon [first_day, first_day + horizon_days), learnt from the
// history as described above; closed special days excluded.
std::vector<IntervalKey> open_intervals(const QueueSeries& series, LocalDays first_day,
                                        int horizon_days, const std::vector<SpecialDay>& days);

// Backtest report for `tandem forecast --backtest`: every method in `methods` on weekly folds.
Result<std::vector<MethodBacktest>> backtest_queue(const QueueSeries& series,
                                                   std::span<const std::string_view> methods,
                                                   int origins, int horizon_days,
                                                   const std::vector<SpecialDay>& days);

}  // namespace tandem::forecast
