// SPDX-License-Identifier: Apache-2.0
// Erlang B and Erlang C: the classic formulas of a queue with Poisson arrivals, exponential
// handle times and N identical agents (M/M/N/N and M/M/N). docs/staffing.md defines every
// metric. Erlang A (abandonment) lives in staffing/erlang_a.h.
//
// Units: rates in contacts per second, times in seconds, offered load in Erlangs
// (arrival rate x mean handle time). All functions are pure, allocation-free and thread-safe.
// Numerically stable for offered loads up to 10,000 Erlangs and 20,000 agents or more: no
// factorials or powers are formed (Erlang B is summed in its 1/B form with term-wise
// underflow/overflow guards), so results are finite and within [0, 1] where they are
// probabilities. Cost: O(sqrt(load)) operations per evaluation near the staffing point.
#pragma once

#include "model/status.h"

namespace tandem::staffing {

// Erlang B blocking probability B(N, A) of an M/M/N/N loss system with offered load A >= 0
// Erlangs and N >= 0 servers. B(0, A) = 1; B(N, 0) = 0 for N >= 1. Bad input (negative or
// NaN load, negative agents) returns NaN; callers validate with validate_load().
double erlang_b(double offered_load, int agents);

// Erlang C probability of waiting P(W > 0) for load A and N agents; 1 when N <= A (the queue
// is unstable and every contact waits).
double erlang_c_wait_probability(double offered_load, int agents);

// All Erlang C metrics of one queue and interval.
struct ErlangCMetrics {
  int agents = 0;
  double offered_load = 0;   // Erlangs (lambda * AHT)
  double p_wait = 1;         // P(W > 0)
  double service_level = 0;  // P(W <= target_seconds), share of all contacts
  double asa_seconds = 0;    // E[W], mean wait over all contacts (infinite when N <= A)
  double occupancy = 1;      // A / N, capped at 1
};

// Evaluates Erlang C. Preconditions (checked by validate_load; violated -> NaN fields):
// arrivals_per_second >= 0, aht_seconds > 0, agents >= 0, target_seconds >= 0.
ErlangCMetrics erlang_c(double arrivals_per_second, double aht_seconds, int agents,
                        double target_seconds);

// Erlang C service level: share of contacts answered within target_seconds.
// 0 when N <= A; 1 when there are no arrivals. NaN on bad input.
double erlang_c_service_level(double arrivals_per_second, double aht_seconds, int agents,
                              double target_seconds);

// Minimal agents with erlang_c_service_level(...) >= target_sl; InvalidArgument on bad input
// (rate < 0 or NaN, aht <= 0, target_sl outside (0, 1], target_seconds < 0). Zero arrivals
// need zero agents. Cost O(sqrt(A)): starts at the offered load and walks up with the
// Erlang B recursion.
Result<int> erlang_c_agents_for_service_level(double arrivals_per_second, double aht_seconds,
                                              double target_sl, double target_seconds);

// Minimal servers N with erlang_b(offered_load, N) <= max_blocking (trunks, or agents of a
// queue without waiting room). InvalidArgument for a bad load or max_blocking outside (0, 1].
Result<int> erlang_b_agents_for_blocking(double offered_load, double max_blocking);

// Checks an arrival rate (finite, >= 0) and a mean handle time (finite, > 0); the message
// names the argument and the rule.
Status validate_load(double arrivals_per_second, double aht_seconds);

}  // namespace tandem::staffing
