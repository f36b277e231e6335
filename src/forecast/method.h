// SPDX-License-Identifier: Apache-2.0
// Forecasting methods for interval volumes, each a small class behind one interface.
//
//   seasonal_naive  same weekday and interval, last week it was open (the baseline)
//   daily_profile   the classic WFM method: daily totals by Holt-Winters with weekday
//                   seasonality x a recency-weighted intraday profile per weekday
//   double_seasonal Taylor (2003) double-seasonal Holt-Winters (daily and weekly cycles,
//                   multiplicative) with AR(1) error correction, on the open-interval series
//   regression      weighted least squares (Eigen) on daily totals: weekday effects, trend,
//                   month-end and start-of-month effects, recency weights; x a pooled,
//                   shrunk intraday profile
//   auto            an inner rolling-origin backtest on the training data picks the mean of the
//                   best subset of the methods above (a forecast combination)
//
// Contract: fit() reads only the history it is given (the caller cuts it at the forecast
// origin) and fails with InvalidArgument when it spans less than one week (one season).
// predict() returns one volume (>= 0) per target key, in the targets' order; targets lie
// after the history. Special days and closed days are handled by the caller
// (forecast/forecaster.h). A method object is not thread-safe; use one per thread.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "forecast/series.h"
#include "model/status.h"

namespace tandem::forecast {

class ForecastMethod {
 public:
  virtual ~ForecastMethod() = default;
  virtual std::string_view name() const = 0;
  // Learns from `history` (open intervals, time order) on a day of `slots_per_day` slots.
  virtual Status fit(std::span<const SeriesPoint> history, int slots_per_day) = 0;
  // Volumes for `targets`; only valid after a successful fit().
  virtual std::vector<double> predict(std::span<const IntervalKey> targets) const = 0;
};

// The names accepted by make_method(), "auto" last.
std::span<const std::string_view> method_names();
// A new, unfitted method; nullptr for an unknown name.
std::unique_ptr<ForecastMethod> make_method(std::string_view name);

// InvalidArgument unless `history` spans at least 7 local dates (one weekly season).
Status check_one_season(std::span<const SeriesPoint> history);

}  // namespace tandem::forecast
