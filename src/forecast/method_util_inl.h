// SPDX-License-Identifier: Apache-2.0
// Template definitions for method_util.h (internal).
#pragma once

#include <algorithm>
#include <numeric>
#include <vector>

namespace tandem::forecast::detail {

template <class F>
std::vector<double> minimise_unit_cube(F&& f, std::vector<double> start, int max_evaluations) {
  const std::size_t n = start.size();
  auto clamp = [](std::vector<double> x) {
    for (double& v : x) v = std::clamp(v, 0.0, 1.0);
    return x;
  };
  std::vector<std::vector<double>> simplex(n + 1, clamp(start));
  for (std::size_t i = 0; i < n; ++i) {
    simplex[i + 1][i] += simplex[i + 1][i] < 0.5 ? 0.15 : -0.15;
  }
  std::vector<double> value(n + 1);
  int evaluations = 0;
  auto eval = [&](const std::vector<double>& x) {
    ++evaluations;
    return f(x);
  };
  for (std::size_t i = 0; i <= n; ++i) value[i] = eval(simplex[i]);
  std::vector<std::size_t> order(n + 1);
  while (evaluations < max_evaluations) {
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return value[a] < value[b]; });
    const std::size_t best = order[0], worst = order[n], second = order[n - 1];
    std::vector<double> centroid(n, 0.0);
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t i = 0; i < n; ++i) centroid[i] += simplex[order[k]][i] / double(n);
    auto along = [&](double t) {
      std::vector<double> x(n);
      for (std::size_t i = 0; i < n; ++i)
        x[i] = centroid[i] + t * (simplex[worst][i] - centroid[i]);
      return clamp(x);
    };
    auto reflected = along(-1.0);
    const double fr = eval(reflected);
    if (fr < value[best]) {
      auto expanded = along(-2.0);
      const double fe = eval(expanded);
      if (fe < fr) {
        simplex[worst] = expanded;
        value[worst] = fe;
      } else {
        simplex[worst] = reflected;
        value[worst] = fr;
      }
    } else if (fr < value[second]) {
      simplex[worst] = reflected;
      value[worst] = fr;
    } else {
      auto contracted = along(0.5);
      const double fc = eval(contracted);
      if (fc < value[worst]) {
        simplex[worst] = contracted;
        value[worst] = fc;
      } else {
        for (std::size_t k = 1; k <= n; ++k) {
          auto& x = simplex[order[k]];
          for (std::size_t i = 0; i < n; ++i)
            x[i] = simplex[best][i] + 0.5 * (x[i] - simplex[best][i]);
          value[order[k]] = eval(x);
        }
      }
    }
  }
  const auto it = std::min_element(value.begin(), value.end());
  return simplex[static_cast<std::size_t>(it - value.begin())];
}

}  // namespace tandem::forecast::detail
