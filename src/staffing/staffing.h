// SPDX-License-Identifier: Apache-2.0
// Inverse staffing: the fewest agents that meet every target of a queue in one interval
// (service level at T, max ASA, max abandonment, max occupancy), for Erlang C (no abandonment)
// or Erlang A (patience given), with chat concurrency, then shrinkage -> scheduled heads.
// docs/staffing.md defines the metrics and the concurrency model.
//
// Units: rates per second, times in seconds, shares in [0, 1]. Pure and thread-safe.
// Errors: InvalidArgument naming the argument and the rule broken (bad numbers, targets that
// no number of agents up to kMaxServers can meet, an abandonment target without patience).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "model/status.h"

namespace tandem::staffing {

// Upper bound of every search (servers = agents x concurrency).
inline constexpr int kMaxServers = 1'000'000;

enum class QueueModel { kErlangC, kErlangA };
const char* to_string(QueueModel model);

// The work offered to one queue in one interval.
struct QueueLoad {
  double arrivals_per_second = 0;
  double aht_seconds = 0;  // mean handle time of one contact handled alone (talk + wrap)
  std::optional<double> patience_seconds;  // mean patience: set -> Erlang A, else Erlang C
  // Chat: an agent handles up to `concurrency` sessions at once; each session then takes
  // aht x (1 + concurrency_slowdown x (concurrency - 1)). An agent = `concurrency` servers.
  int concurrency = 1;
  double concurrency_slowdown = 0;
};

// The targets; at least one must be set. Erlang A: service level over all arrivals (abandons
// before T are misses) unless service_level_over_answered; ASA = mean wait of answered.
struct StaffingTargets {
  std::optional<double> service_level;  // (0, 1]
  double target_seconds = 20;           // T of the service level, >= 0
  bool service_level_over_answered = false;
  std::optional<double> max_asa_seconds;  // > 0
  std::optional<double> max_abandon;      // (0, 1], Erlang A only
  std::optional<double> max_occupancy;    // (0, 1]
};

// Metrics of one queue with a given number of agents (both Erlang models fill every field;
// Erlang C has p_abandon = 0 and the two SL and two ASA variants equal).
struct QueueMetrics {
  QueueModel model = QueueModel::kErlangC;
  int agents = 0;
  int servers = 0;          // agents x concurrency
  double offered_load = 0;  // Erlangs of sessions (lambda x session AHT)
  double p_wait = 0;
  double p_abandon = 0;
  double service_level = 0;           // over all arrivals
  double service_level_answered = 0;  // over answered contacts
  double asa_seconds = 0;             // answered contacts
  double asa_all_seconds = 0;         // all arrivals (Lq / lambda)
  double occupancy = 0;               // busy share of the servers
};

Status validate(const QueueLoad& load);
Status validate(const StaffingTargets& targets, const QueueLoad& load);

// Metrics of `load` with `agents` agents at service-level threshold target_seconds.
Result<QueueMetrics> evaluate(const QueueLoad& load, int agents, double target_seconds);

// The minimal agents meeting every target, with the metrics at that staffing.
// Zero arrivals -> 0 agents. Cost: O(sqrt(load)) for Erlang C (one Erlang B sum, then the
// Erlang B recursion upwards); a handful of Erlang A evaluations (galloping + bisection from
// the Erlang C answer).
Result<QueueMetrics> required_agents(const QueueLoad& load, const StaffingTargets& targets);

// Heads to schedule so that `agents` remain after shrinkage (breaks, training, absence):
// ceil(agents / (1 - shrinkage)); shrinkage in [0, 1).
Result<int> scheduled_agents(int agents, double shrinkage);

}  // namespace tandem::staffing
