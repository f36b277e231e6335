// SPDX-License-Identifier: Apache-2.0
// Reference models with known answers, built in code: the M/M/c queue (with or without
// exponential patience) of the ContactCenters examples MMC and MMCAb, used by the validation
// tests and the benchmark. One site (Etc/UTC, always open), one skill, one voice queue,
// `agents` identical agents logged in for the whole run.
#pragma once

#include <optional>

#include "model/scenario.h"
#include "sim/model.h"

namespace tandem::sim {

struct MmcParameters {
  double arrivals_per_minute = 4.2;
  double service_rate_per_minute = 0.5;  // exponential handle time of mean 1/mu
  int agents = 12;
  double target_seconds = 20.0;                 // the SLA's acceptable wait
  std::optional<double> patience_mean_seconds;  // exponential patience (MMCAb: 60)
  double hours = 8.0;                           // one replication = one day of this length
};

// The scenario (queue "voice", agents "a1".."aN").
Scenario mmc_scenario(const MmcParameters& p);
// The model of one day starting empty: arrivals for `hours`, then the queue drains. Policy:
// assignment without offers (offer_timeout_seconds = 0), no blending.
SimModel mmc_model(const Scenario& scenario, const MmcParameters& p);

}  // namespace tandem::sim
