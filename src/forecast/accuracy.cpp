// SPDX-License-Identifier: Apache-2.0
#include "forecast/accuracy.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

namespace tandem::forecast {

double one_day_naive_mae(std::span<const SeriesPoint> history) {
  // Values of the previous open day by slot, refreshed at each new day.
  std::vector<double> prev, cur;
  std::vector<char> prev_open, cur_open;
  std::int32_t day = std::numeric_limits<std::int32_t>::min();
  bool have_prev = false;
  double sum = 0.0;
  std::size_t n = 0;
  for (const auto& p : history) {
    const auto slot = static_cast<std::size_t>(p.key.slot);
    if (p.key.day != day) {
      if (day != std::numeric_limits<std::int32_t>::min()) {
        prev.swap(cur);
        prev_open.swap(cur_open);
        have_prev = true;
      }
      cur.assign(prev.size(), 0.0);
      cur_open.assign(prev_open.size(), 0);
      day = p.key.day;
    }
    if (slot >= cur.size()) {
      cur.resize(slot + 1, 0.0);
      cur_open.resize(slot + 1, 0);
    }
    cur[slot] = p.volume;
    cur_open[slot] = 1;
    if (have_prev && slot < prev.size() && prev_open[slot]) {
      sum += std::abs(p.volume - prev[slot]);
      ++n;
    }
  }
  return n > 0 ? sum / double(n) : std::numeric_limits<double>::quiet_NaN();
}

Accuracy accuracy(std::span<const double> actual, std::span<const double> forecast,
                  double mase_scale) {
  if (actual.size() != forecast.size())
    throw std::invalid_argument("accuracy: actual and forecast differ in length");
  Accuracy a;
  a.count = actual.size();
  if (a.count == 0) return a;
  double abs_sum = 0.0, sq_sum = 0.0, y_sum = 0.0, err_sum = 0.0;
  for (std::size_t i = 0; i < actual.size(); ++i) {
    const double e = forecast[i] - actual[i];
    abs_sum += std::abs(e);
    sq_sum += e * e;
    y_sum += actual[i];
    err_sum += e;
  }
  const double n = double(a.count);
  a.mae = abs_sum / n;
  a.rmse = std::sqrt(sq_sum / n);
  a.wape = y_sum != 0.0 ? abs_sum / y_sum : std::numeric_limits<double>::quiet_NaN();
  a.bias = err_sum / n;
  a.mase = a.mae / mase_scale;
  return a;
}

}  // namespace tandem::forecast
