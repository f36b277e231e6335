// SPDX-License-Identifier: Apache-2.0
// Erlang A: the M/M/N+M queue (Poisson arrivals, exponential handle times, N agents, and
// exponential customer patience, so waiting customers abandon). Stable for every N >= 0,
// including N below the offered load. docs/staffing.md defines each metric.
//
// Method: the birth-death chain of the number in system. With x = N mu / theta and
// y = lambda / theta the state weights are P(n+j)/P(n) = y^j / ((x+1)...(x+j)) and
// P(k<n)/P(n) = 1/B(N, A) - 1 (Erlang B). A customer who finds j others waiting is served
// with probability x / (x+j+1); the share served within T has the closed form
// x/(x+1) [F(x+1, y) - e^{y(1-e^{-s}) - s(x+1)} F(x+1, y e^{-s})], s = T theta, where
// F(x, y) = sum_j y^j/((x+1)...(x+j)) is the Kummer series behind the Garnett-Mandelbaum-Reiman
// and Mandelbaum-Zeltyn formulas (F(x, y) = x e^y y^-x gamma(x, y)). Every sum is taken
// around its largest term in scaled form, so there is no overflow, underflow to NaN or
// cancellation for loads up to 10,000 Erlangs and beyond, and cost is O(sqrt(x + y)).
//
// Units: rates per second, times in seconds. Pure and thread-safe.
#pragma once

namespace tandem::staffing {

struct ErlangAMetrics {
  int agents = 0;
  double offered_load = 0;            // Erlangs (lambda * AHT)
  double p_wait = 0;                  // P(an arrival finds all agents busy) (PASTA)
  double p_abandon = 0;               // share of arrivals that abandon
  double service_level = 0;           // P(answered within T), over ALL arrivals (default)
  double service_level_answered = 0;  // P(wait <= T | answered)
  double asa_seconds = 0;             // mean wait of answered contacts (infinite when N = 0)
  double asa_all_seconds = 0;         // mean time in queue over all arrivals = Lq / lambda
  double occupancy = 0;               // lambda (1 - p_abandon) AHT / N (0 when N = 0)
};

// Evaluates Erlang A. Preconditions: arrivals_per_second >= 0, aht_seconds > 0,
// patience_seconds > 0 (all finite), agents >= 0, target_seconds finite >= 0; otherwise the
// metrics are NaN. `want_answered_asa = false` skips asa_seconds (left NaN) to save ~20% of
// the work (the staffing search does this when no ASA target is set).
ErlangAMetrics erlang_a(double arrivals_per_second, double aht_seconds, double patience_seconds,
                        int agents, double target_seconds, bool want_answered_asa = true);

}  // namespace tandem::staffing
