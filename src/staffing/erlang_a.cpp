// SPDX-License-Identifier: Apache-2.0
#include "staffing/erlang_a.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "staffing/erlang.h"
#include "staffing/erlang_detail.h"

namespace tandem::staffing {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
// A term below this share of the running sum ends a series (terms only shrink from there).
constexpr double kSeriesTolerance = 1e-16;

}  // namespace

double detail::digamma(double v) {
  double result = 0;
  while (v < 12) {
    result -= 1.0 / v;
    v += 1.0;
  }
  const double f = 1.0 / (v * v);
  return result + std::log(v) - 0.5 / v -
         f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
}

// Sums outward from the largest term j* (ratios w_{j+1}/w_j = y/(x+j+1) fall with j), so
// only the O(sqrt(x + y)) terms that matter are visited and the scaled terms never overflow.
detail::StateWeightSums detail::state_weight_sums(double x, double y, bool want_served_wait) {
  StateWeightSums out;
  if (y <= 0) {
    out.all = 1;
    out.served_wait = want_served_wait ? x / (x + 1) * (1.0 / (x + 1)) : 0;
    return out;
  }
  const double peak_real = std::floor(y - x);
  const long peak = peak_real > 0 ? static_cast<long>(peak_real) : 0;
  if (peak > 0) {
    const long double lx = x;
    out.log_scale = peak * std::log(static_cast<long double>(y)) -
                    (std::lgamma(lx + peak + 1) - std::lgamma(lx + 1));
  }
  double h_peak = 0;
  if (want_served_wait) {
    h_peak = peak == 0 ? 1.0 / (x + 1) : digamma(x + peak + 2) - digamma(x + 1);
  }
  double all = 0, from_one = 0, queue = 0, served_wait = 0;
  // Forward: j = peak, peak + 1, ... One division per term: inv = 1 / (x + j + 1).
  {
    double w = 1.0;
    double h = h_peak;
    double inv = 1.0 / (x + static_cast<double>(peak) + 1);
    for (long j = peak;; ++j) {
      all += w;
      if (j >= 1) from_one += w;
      queue += static_cast<double>(j) * w;
      if (want_served_wait) served_wait += w * (x * inv) * h;
      w *= y * inv;
      if (w < kSeriesTolerance * all) break;
      inv = 1.0 / (x + static_cast<double>(j) + 2);
      h += inv;
    }
  }
  // Backward: j = peak - 1, ..., 0: w_{j-1} = w_j (x + j) / y.
  {
    const double inv_y = 1.0 / y;
    double w = 1.0;
    double h = h_peak;
    double inv_above = 1.0 / (x + static_cast<double>(peak) + 1);  // 1 / (x + j + 1)
    for (long j = peak; j > 0; --j) {
      w *= (x + static_cast<double>(j)) * inv_y;
      h -= inv_above;  // H_{j-1} = H_j - 1/(x + j + 1)
      const long k = j - 1;
      const double inv = 1.0 / (x + static_cast<double>(k) + 1);
      all += w;
      if (k >= 1) from_one += w;
      queue += static_cast<double>(k) * w;
      if (want_served_wait) served_wait += w * (x * inv) * h;
      inv_above = inv;
      if (w < kSeriesTolerance * all) break;
    }
  }
  out.all = all;
  out.from_one = from_one;
  out.queue_length = queue;
  out.served_wait = served_wait;
  return out;
}

ErlangAMetrics erlang_a(double arrivals_per_second, double aht_seconds, double patience_seconds,
                        int agents, double target_seconds, bool want_answered_asa) {
  ErlangAMetrics m;
  m.agents = agents;
  if (!validate_load(arrivals_per_second, aht_seconds).is_ok() || !(patience_seconds > 0) ||
      std::isinf(patience_seconds) || agents < 0 || !(target_seconds >= 0) ||
      std::isinf(target_seconds)) {
    m.offered_load = m.p_wait = m.p_abandon = m.service_level = m.service_level_answered =
        m.asa_seconds = m.asa_all_seconds = m.occupancy = kNaN;
    return m;
  }
  const double a = arrivals_per_second * aht_seconds;
  m.offered_load = a;
  if (a == 0) {
    m.service_level = m.service_level_answered = 1;
    return m;  // no arrivals: nobody waits
  }
  if (agents == 0) {  // everyone waits and abandons
    m.p_wait = m.p_abandon = 1;
    m.service_level = m.service_level_answered = 0;
    m.asa_seconds = kInf;  // nobody is ever answered
    m.asa_all_seconds = patience_seconds;
    return m;
  }
  const double n = agents;
  const double r = detail::inverse_blocking_minus_one(a, agents);  // P(k < N) / P(N)
  if (std::isinf(r)) {  // so many agents that nobody waits (to double precision)
    m.service_level = m.service_level_answered = 1;
    m.asa_seconds = 0;
    m.occupancy = a / n;
    return m;
  }
  const double x = n * patience_seconds / aht_seconds;      // N mu / theta
  const double y = arrivals_per_second * patience_seconds;  // lambda / theta
  const detail::StateWeightSums w = detail::state_weight_sums(x, y, want_answered_asa);
  // All quantities below are in units of P(N) * exp(log_scale).
  const double r_scaled = r * static_cast<double>(std::exp(-w.log_scale));
  const double total = r_scaled + w.all;
  const double served_after_wait = x / y * w.from_one;
  const double s = target_seconds / patience_seconds;
  // Served, but after waiting longer than T (all of served_after_wait when T = 0).
  const detail::StateWeightSums late = detail::state_weight_sums(x + 1, y * std::exp(-s), false);
  const long double lx = x;
  const long double ly = y;
  const long double ls = s;
  const long double log_late = std::log(lx / (lx + 1)) + ly * (-std::expm1(-ls)) - ls * (lx + 1) +
                               (late.log_scale - w.log_scale) + std::log(late.all);
  const double served_late = std::min(served_after_wait, static_cast<double>(std::exp(log_late)));
  const double served_in_time = std::max(0.0, served_after_wait - served_late);
  const double answered = r_scaled + served_after_wait;
  m.p_wait = w.all / total;
  m.p_abandon = std::clamp(w.queue_length / y / total, 0.0, 1.0);
  m.service_level = std::clamp((r_scaled + served_in_time) / total, 0.0, 1.0);
  m.service_level_answered = std::clamp((r_scaled + served_in_time) / answered, 0.0, 1.0);
  m.asa_all_seconds = m.p_abandon * patience_seconds;
  m.asa_seconds = want_answered_asa ? w.served_wait * patience_seconds / answered : kNaN;
  m.occupancy = a * (1.0 - m.p_abandon) / n;
  return m;
}

}  // namespace tandem::staffing
