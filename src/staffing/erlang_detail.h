// SPDX-License-Identifier: Apache-2.0
// Internal building blocks shared by the Erlang B/C/A evaluators and the inverse staffing
// search. Not part of the module's public API; tests may use them.
#pragma once

namespace tandem::staffing::detail {

// 1/B(N, A) - 1 = sum_{j=1..N} N! / ((N-j)! A^j), summed without cancellation (so B close to
// 1 stays accurate). +infinity when the sum exceeds 1e290 (B below 1e-290). Requires A > 0,
// N >= 0.
double inverse_blocking_minus_one(double offered_load, int agents);

// Sums of the Erlang A state weights w_j = y^j / ((x+1)(x+2)...(x+j)), j >= 0 (w_0 = 1), for
// x >= 0, y >= 0. w_j = P(n + j in system) / P(n in system) with x = N mu / theta and
// y = lambda / theta. The sums are scaled: each field is its true value times
// exp(-log_scale), where log_scale = log of the largest term (>= 0), so nothing overflows.
struct StateWeightSums {
  long double log_scale = 0;  // long double: scales of two sums are compared exactly
  double all = 0;             // sum_j w_j                  (S, the Mandelbaum-Zeltyn A(x,y))
  double from_one = 0;        // sum_{j>=1} w_j             (S - 1 without cancellation)
  double queue_length = 0;    // sum_j j w_j                (E[queue] / P(n))
  double served_wait = 0;     // sum_j w_j x/(x+j+1) H_j,  H_j = sum_{i=0..j} 1/(x+i+1)
};
StateWeightSums state_weight_sums(double x, double y, bool want_served_wait);

// Digamma function psi(v) for v > 0 (recurrence to v >= 12, then the asymptotic series).
double digamma(double v);

}  // namespace tandem::staffing::detail
