// SPDX-License-Identifier: Apache-2.0
// Forecast accuracy measures (Hyndman & Koehler 2006). Pure functions.
//   MAE  = mean |y - f|            RMSE = sqrt(mean (y - f)^2)
//   WAPE = sum |y - f| / sum y     (a fraction: 0.1 = 10%; NaN when sum y = 0)
//   bias = mean (f - y)            (volume per interval; > 0 = over-forecast)
//   MASE = MAE / scale, scale = the in-sample MAE of the one-day seasonal naive on the
//          training history (same interval of the previous open day).
#pragma once

#include <cstddef>
#include <span>

#include "forecast/series.h"

namespace tandem::forecast {

struct Accuracy {
  std::size_t count = 0;
  double mae = 0.0;
  double rmse = 0.0;
  double wape = 0.0;
  double mase = 0.0;
  double bias = 0.0;
};

// Scale of MASE: mean |y_t - y_same slot, previous open day| over the history (pairs whose
// slot is open on both days). NaN when no pair exists.
double one_day_naive_mae(std::span<const SeriesPoint> history);

// Accuracy of `forecast` against `actual` (same length; InvalidArgument-free: a length
// mismatch is a bug and throws std::invalid_argument).
Accuracy accuracy(std::span<const double> actual, std::span<const double> forecast,
                  double mase_scale);

}  // namespace tandem::forecast
