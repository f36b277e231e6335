// SPDX-License-Identifier: Apache-2.0
// One replication of a simulation: the discrete-event loop that plays the world around the
// router (customers, agents, robots, the clock) and measures the KPIs (sim/results.h) with
// the recorder a live host uses (analytics/kpi_recorder.h), fed the run's events and actions.
//
// The world turns its random (or replayed) arrivals, shifts and breaks into engine events;
// it carries out the router's actions: an offer is accepted at once, assigned work ends after
// its handle time (standard seconds minus progress, times the agent's proficiency), a
// contact still waiting when its patience runs out abandons, a paused or withdrawn task stops.
// Time: the simulator's clock is in seconds (double) since model.start; the engine sees
// Instant start + floor(t) (whole seconds), which keeps the order of events, while KPIs use
// the exact simulated times.
//
// Determinism: a replication depends only on (model, router, seed, index): each source of
// randomness has its own stream (sim/random.h), so replications of two policies with the same
// seed and index see the same customers and handle times (common random numbers).
// Thread safety: simulate_replication() may run concurrently on different threads with the
// same model (read-only).
#pragma once

#include <cstdint>
#include <stop_token>

#include "model/status.h"
#include "sim/model.h"
#include "sim/results.h"
#include "sim/router.h"

namespace tandem::sim {

// Checks the model against its scenario: every queue, process and agent named exists, real-
// time sources name real-time queues, rates and times are finite and >= 0, the horizon is
// positive. The message names the entry and the rule broken (InvalidArgument).
Status validate_model(const SimModel& model);

// The seed of replication `index` of a run seeded with `seed`.
std::uint64_t replication_seed(std::uint64_t seed, int index);

// Runs one replication. A stop request ends it early (ReplicationResult::complete = false,
// with the KPIs of what was simulated). Fails if the model is invalid or the router cannot be
// built for the scenario.
Result<ReplicationResult> simulate_replication(const SimModel& model, const RouterFactory& router,
                                               std::uint64_t seed, int index,
                                               std::stop_token stop = {});

}  // namespace tandem::sim
