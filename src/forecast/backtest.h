// SPDX-License-Identifier: Apache-2.0
// Rolling-origin backtests: for each origin, fit on everything before it and forecast the
// intervals that follow. The training part is COPIED out of the series before fit() is
// called and the method receives only the keys (never the values) of the test intervals, so
// no method can read a value at or after its origin.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "forecast/accuracy.h"
#include "forecast/series.h"
#include "model/status.h"

namespace tandem::forecast {

// One origin: fit on points [0, origin), forecast and score points [origin, end).
struct Fold {
  std::size_t origin = 0;
  std::size_t end = 0;
};

// `count` origins a week apart, the last one `horizon_days` local dates before the end of the
// series; each forecasts `horizon_days` local dates. Origins at or before the first week of
// history are left out (a fold needs one season of training).
std::vector<Fold> weekly_folds(std::span<const SeriesPoint> points, int count, int horizon_days);
// Origins after N - count*step, ..., N - step points, each forecasting `step` points
// (the benchmark split of docs/benchmarks.md).
std::vector<Fold> index_folds(std::size_t size, int count, std::size_t step);

struct FoldResult {
  Fold fold;
  Accuracy interval;  // per interval
  Accuracy daily;     // on daily totals (MASE scaled by the one-day naive of daily totals)
  std::vector<double> actual;
  std::vector<double> forecast;
};

struct MethodBacktest {
  std::string method;
  std::vector<FoldResult> folds;
  Accuracy mean_interval;  // mean over folds of each measure
  Accuracy mean_daily;
};

// Backtests each named method on `series` over `folds`. Fails with InvalidArgument for an
// unknown method name or a fold whose training part is shorter than one season.
Result<std::vector<MethodBacktest>> backtest(const QueueSeries& series,
                                             std::span<const std::string_view> methods,
                                             std::span<const Fold> folds);

// The mean of each measure over `items` (count = total count).
Accuracy mean_accuracy(std::span<const Accuracy> items);

}  // namespace tandem::forecast
