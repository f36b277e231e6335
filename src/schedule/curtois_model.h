// SPDX-License-Identifier: Apache-2.0
// The Curtois benchmark as a person x day x shift-type MIP, solved with COIN-OR CBC 2.10
// (CbcMain0/CbcMain1 driver: default cuts and heuristics), one thread by default, a fixed seed,
// a time limit and a relative gap, after a heuristic start (one-employee sub-MIPs, then large
// neighbourhood search over three employees at a time) that gets a share of the time. Every
// hard rule of the benchmark is a constraint; the objective is the benchmark's
// (curtois_instance.h). The better of the two rosters is returned with CBC's bound. The model
// and its numbered constraints: curtois_model.cpp and docs/scheduling.md ("Curtois benchmark").
//
// The roster returned is re-checked by check_roster (curtois_checker.h); `evaluation` holds the
// checker's answer, and a roster the checker rejects comes back as kFailed, never as a success.
//
// Determinism: same instance, options and seed give the same roster when the search ends on
// the gap or the node limit and the heuristic stalls before its deadline; a stop on the
// wall-clock time limit depends on the machine.
// Thread safety: no shared state; solve several instances at once freely.
#pragma once

#include <atomic>
#include <functional>

#include "model/status.h"
#include "schedule/curtois_checker.h"
#include "schedule/curtois_instance.h"

namespace tandem::schedule::curtois {

struct SolveOptions {
  double time_limit_seconds = 60.0;  // wall clock, always set
  double relative_gap = 0.0;         // stop once (incumbent - bound) / incumbent <= gap
  int seed = 1;
  int threads = 1;    // CBC threads; 1 keeps the search deterministic
  int max_nodes = 0;  // branch-and-bound node limit, 0 = none (a machine-independent stop)
  // Share of the time limit for the heuristic start (construction + large neighbourhood search
  // with one- to three-employee sub-MIPs); it also stops after 2 x employees (at least 20)
  // moves without a gain. 0 = CBC alone on the whole MIP.
  double heuristic_share = 0.5;
  // Set by the caller (e.g. a SIGINT handler) to stop early keeping the best roster.
  const std::atomic<bool>* stop = nullptr;
  // Called from the solving thread on a new incumbent and every few nodes.
  std::function<void(double incumbent, double bound, double elapsed_seconds)> on_progress;
};

enum class Outcome {
  kOptimal,      // proven optimal (within relative_gap)
  kFeasible,     // a checked roster, search stopped on the time or node limit
  kInterrupted,  // stopped by the caller; the best checked roster so far
  kNoRoster,     // no roster found within the limits (the bound still holds)
  kInfeasible,   // the hard rules admit no roster (proven)
  kFailed,       // the checker rejected the MIP's roster (a bug): never a success
};
const char* to_string(Outcome outcome);

struct Solution {
  Outcome outcome = Outcome::kNoRoster;
  Roster roster;          // empty unless a roster was found
  Evaluation evaluation;  // the checker's verdict and objective for `roster`
  double objective = 0;   // the MIP's objective (equals evaluation.objective when checked)
  double bound = 0;       // CBC's best lower bound on the optimum, rounded up (integer costs)
  double gap = 0;         // (objective - bound) / objective, 0 when proven optimal
  double seconds = 0;     // wall-clock time of the search
  int columns = 0;
  int rows = 0;
  long long nodes = 0;
};

// Validates the instance (InvalidArgument naming the rule), builds and solves the MIP.
Result<Solution> solve(const Instance& instance, const SolveOptions& options);

}  // namespace tandem::schedule::curtois
