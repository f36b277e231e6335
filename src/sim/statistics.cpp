// SPDX-License-Identifier: Apache-2.0
#include "sim/statistics.h"

#include <algorithm>

#include <cmath>
#include <limits>
#include <vector>

namespace tandem::sim {

double student_t_975(int df) {
  static constexpr double kTable[31] = {0,     12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                                        2.306, 2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                                        2.120, 2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                                        2.064, 2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return std::numeric_limits<double>::quiet_NaN();
  if (df <= 30) return kTable[df];
  // Cornish-Fisher expansion of t around the normal quantile z.
  const double z = 1.959963984540054;
  const double n = df;
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z;
  return z + (z3 + z) / (4 * n) + (5 * z5 + 16 * z3 + 3 * z) / (96 * n * n) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * n * n * n);
}

Estimate ratio_estimate(std::span<const double> x, std::span<const double> y) {
  Estimate e;
  const std::size_t n = x.size() < y.size() ? x.size() : y.size();
  e.replications = static_cast<int>(n);
  if (n == 0) {
    e.mean = e.low = e.high = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  if (my == 0.0) {
    e.mean = e.low = e.high = std::numeric_limits<double>::quiet_NaN();
    return e;
  }
  const double r = mx / my;
  e.mean = e.low = e.high = r;
  if (n < 2) return e;
  double sxx = 0, syy = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const double dx = x[i] - mx, dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  const double d = static_cast<double>(n - 1);
  // Delta method: Var(X/Y) ~ (Var X - 2 R Cov XY + R^2 Var Y) / mean(Y)^2.
  double var = (sxx / d - 2 * r * sxy / d + r * r * syy / d) / (my * my);
  if (var < 0) var = 0;
  const double half =
      student_t_975(static_cast<int>(n - 1)) * std::sqrt(var / static_cast<double>(n));
  e.low = r - half;
  e.high = r + half;
  // The ratio of non-negative totals cannot be negative, and a share (each numerator within
  // its denominator: SL, abandonment, occupancy) cannot exceed 1: keep the interval there.
  bool non_negative = true, share = true;
  for (std::size_t i = 0; i < n; ++i) {
    non_negative = non_negative && x[i] >= 0 && y[i] > 0;
    share = share && x[i] <= y[i];
  }
  if (non_negative) e.low = std::max(e.low, 0.0);
  if (non_negative && share) e.high = std::min(e.high, 1.0);
  return e;
}

Estimate mean_estimate(std::span<const double> values) {
  std::vector<double> ones(values.size(), 1.0);
  return ratio_estimate(values, ones);
}

}  // namespace tandem::sim
