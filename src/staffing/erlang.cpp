// SPDX-License-Identifier: Apache-2.0
#include "staffing/erlang.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "staffing/erlang_detail.h"

namespace tandem::staffing {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();
// 1/B beyond this means B < 1e-290: reported as 0 (a probability far below any use).
constexpr double kInverseBlockingCap = 1e290;
// A term of the 1/B sum below this share of the sum ends the summation (terms only shrink).
constexpr double kSumTolerance = 1e-18;

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

}  // namespace

// 1/B(N, A) - 1 = sum_{j=1..N} t_j with t_j = t_{j-1} (N-j+1)/A, t_0 = 1. The terms grow while
// (N-j+1) > A and then fall faster than geometrically, so the sum stops once a term is
// negligible: O(sqrt(A)) terms near N = A, O(1) terms far from it. Four terms per step keep
// the dependent multiply chain short (one multiply per four terms).
double detail::inverse_blocking_minus_one(double offered_load, int agents) {
  const double inv_a = 1.0 / offered_load;
  double term = 1.0;
  double sum = 0.0;
  int k = agents;  // the next factor is k / A
  while (k >= 4) {
    const double f1 = k * inv_a;
    const double f2 = f1 * ((k - 1) * inv_a);
    const double f3 = f2 * ((k - 2) * inv_a);
    const double f4 = f3 * ((k - 3) * inv_a);
    const double t1 = term * f1;
    const double t2 = term * f2;
    const double t3 = term * f3;
    const double t4 = term * f4;
    sum += (t1 + t2) + (t3 + t4);
    term = t4;
    k -= 4;
    if (sum > kInverseBlockingCap) return kInf;
    if (k < offered_load && term < kSumTolerance * (1.0 + sum)) return sum;
  }
  while (k > 0) {
    term *= k * inv_a;
    sum += term;
    --k;
  }
  return sum > kInverseBlockingCap ? kInf : sum;
}

double erlang_b(double offered_load, int agents) {
  if (!(offered_load >= 0) || agents < 0 || std::isinf(offered_load)) return kNaN;
  if (agents == 0) return 1.0;
  if (offered_load == 0) return 0.0;
  const double r = detail::inverse_blocking_minus_one(offered_load, agents);
  return std::isinf(r) ? 0.0 : 1.0 / (1.0 + r);
}

double erlang_c_wait_probability(double offered_load, int agents) {
  if (!(offered_load >= 0) || agents < 0 || std::isinf(offered_load)) return kNaN;
  if (offered_load == 0) return agents == 0 ? 1.0 : 0.0;
  if (agents <= offered_load) return 1.0;
  const double b = erlang_b(offered_load, agents);
  const double n = agents;
  return n * b / (n - offered_load * (1.0 - b));
}

ErlangCMetrics erlang_c(double arrivals_per_second, double aht_seconds, int agents,
                        double target_seconds) {
  ErlangCMetrics m;
  m.agents = agents;
  if (!validate_load(arrivals_per_second, aht_seconds).is_ok() || agents < 0 ||
      !(target_seconds >= 0)) {
    m.offered_load = m.p_wait = m.service_level = m.asa_seconds = m.occupancy = kNaN;
    return m;
  }
  const double a = arrivals_per_second * aht_seconds;
  m.offered_load = a;
  if (a == 0) {
    m.p_wait = 0;
    m.service_level = 1;
    m.asa_seconds = 0;
    m.occupancy = 0;
    return m;
  }
  if (agents <= a) {
    m.p_wait = 1;
    m.service_level = 0;
    m.asa_seconds = kInf;
    m.occupancy = 1;
    return m;
  }
  const double excess = agents - a;  // > 0
  m.p_wait = erlang_c_wait_probability(a, agents);
  m.service_level = 1.0 - m.p_wait * std::exp(-excess * target_seconds / aht_seconds);
  m.asa_seconds = m.p_wait * aht_seconds / excess;
  m.occupancy = a / agents;
  return m;
}

double erlang_c_service_level(double arrivals_per_second, double aht_seconds, int agents,
                              double target_seconds) {
  if (!validate_load(arrivals_per_second, aht_seconds).is_ok() || agents < 0 ||
      !(target_seconds >= 0)) {
    return kNaN;
  }
  const double a = arrivals_per_second * aht_seconds;
  if (a == 0) return 1.0;
  if (agents <= a) return 0.0;
  const double c = erlang_c_wait_probability(a, agents);
  return 1.0 - c * std::exp(-(agents - a) * target_seconds / aht_seconds);
}

Result<int> erlang_c_agents_for_service_level(double arrivals_per_second, double aht_seconds,
                                              double target_sl, double target_seconds) {
  if (Status s = validate_load(arrivals_per_second, aht_seconds); !s.is_ok()) return s;
  if (!(target_sl > 0 && target_sl <= 1)) {
    return Status::invalid_argument("target service level " + number(target_sl) +
                                    " must be in (0, 1]");
  }
  if (!(target_seconds >= 0) || std::isinf(target_seconds)) {
    return Status::invalid_argument("target seconds " + number(target_seconds) +
                                    " must be finite and >= 0");
  }
  const double a = arrivals_per_second * aht_seconds;
  if (a == 0) return 0;
  if (a > 1e7) {
    return Status::invalid_argument("offered load " + number(a) +
                                    " Erlangs is above the supported 10,000,000");
  }
  // Walk up from the first stable N with the Erlang B recursion B(n) = A B(n-1)/(n + A B(n-1)).
  int n = static_cast<int>(std::floor(a)) + 1;
  double b = erlang_b(a, n);
  // SL(n) >= target  <=>  C(n) <= (1 - target) e^{(n - A) T / AHT}: the bound grows by a
  // constant factor per agent, so each step is a few multiplications and one division.
  const double growth = std::exp(target_seconds / aht_seconds);
  double allowed_wait = (1.0 - target_sl) * std::exp((n - a) * target_seconds / aht_seconds);
  const int first = n;
  const int limit = n + 1000 + static_cast<int>(60 * std::sqrt(a));
  double ratio = 0, previous_ratio = 2;  // C / allowed at n and at n - 1
  for (; n <= limit; ++n) {
    if (n > first) {
      b = a * b / (n + a * b);
      allowed_wait *= growth;
    }
    const double c = n * b / (n - a * (1.0 - b));
    previous_ratio = ratio;
    ratio = c / allowed_wait;
    if (c <= allowed_wait) break;
  }
  if (n > limit) {
    return Status::internal("Erlang C staffing did not converge for load " + number(a));
  }
  // The public evaluation sums B afresh and may differ in the last bits from the recursion:
  // on a near tie, make the answer exactly "minimal N with erlang_c_service_level(N) >= target".
  constexpr double kTie = 1e-9;
  if (ratio > 1 - kTie) {
    while (erlang_c_service_level(arrivals_per_second, aht_seconds, n, target_seconds) <
           target_sl) {
      ++n;
    }
  }
  if (n > first && previous_ratio < 1 + kTie) {
    while (n - 1 > a && erlang_c_service_level(arrivals_per_second, aht_seconds, n - 1,
                                               target_seconds) >= target_sl) {
      --n;
    }
  }
  return n;
}

Result<int> erlang_b_agents_for_blocking(double offered_load, double max_blocking) {
  if (!(offered_load >= 0) || offered_load > 1e7) {
    return Status::invalid_argument("offered load " + number(offered_load) +
                                    " Erlangs must be in [0, 10,000,000]");
  }
  if (!(max_blocking > 0 && max_blocking <= 1)) {
    return Status::invalid_argument("max blocking " + number(max_blocking) + " must be in (0, 1]");
  }
  if (offered_load == 0 || max_blocking == 1) return 0;
  // B(0) = 1; the recursion B(n) = A B(n-1) / (n + A B(n-1)) is stable and B falls with n.
  double b = 1.0;
  int n = 0;
  while (b > max_blocking) {
    ++n;
    b = offered_load * b / (n + offered_load * b);
  }
  return n;
}

Status validate_load(double arrivals_per_second, double aht_seconds) {
  if (!(arrivals_per_second >= 0) || std::isinf(arrivals_per_second)) {
    return Status::invalid_argument("arrival rate " + number(arrivals_per_second) +
                                    " per second must be finite and >= 0");
  }
  if (!(aht_seconds > 0) || std::isinf(aht_seconds)) {
    return Status::invalid_argument("handle time " + number(aht_seconds) +
                                    " seconds must be finite and > 0");
  }
  return Status::ok();
}

}  // namespace tandem::staffing
