// SPDX-License-Identifier: Apache-2.0
// Independent replications of one model, run in parallel, and their statistics.
//
// Replication i uses replication_seed(seed, i), whatever thread runs it, so results do not
// depend on the number of threads; results are returned in index order. Ctrl-C (a stop
// request) ends the run early: finished replications are kept, and when none finished the
// interrupted ones are reported (flagged incomplete) so that what was simulated is not lost.
// Thread safety: the model and the router factory are shared read-only by the workers; the
// progress callback is called under a lock (one call at a time), from worker threads.
#pragma once

#include <cstdint>
#include <functional>
#include <stop_token>
#include <vector>

#include "model/status.h"
#include "sim/model.h"
#include "sim/results.h"
#include "sim/router.h"

namespace tandem::sim {

struct RunOptions {
  int replications = 10;  // >= 1
  std::uint64_t seed = 1;
  int threads = 0;  // 0: std::thread::hardware_concurrency()
  std::stop_token stop;
  // Called after each replication: (finished, requested).
  std::function<void(int, int)> on_progress;
};

struct RunResult {
  std::vector<ReplicationResult> replications;  // index order
  int requested = 0;
  bool interrupted = false;
  std::vector<KpiEstimate> estimates;  // aggregate(replications)
  std::uint64_t events = 0;            // router events over all replications
  std::uint64_t contacts = 0;
};

// InvalidArgument for zero or negative replications or an invalid model; the router's error
// when it cannot be built.
Result<RunResult> run_replications(const SimModel& model, const RouterFactory& router,
                                   const RunOptions& options);

}  // namespace tandem::sim
