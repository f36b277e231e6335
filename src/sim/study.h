// SPDX-License-Identifier: Apache-2.0
// Policy comparison: does a run meet the scenario's SLAs?
//
// SLA checks read the scenario's SLAs against the estimated KPIs (means): a real-time queue
// meets its SLA when service_level >= answered_percent, abandon_rate <= max_abandon_percent
// and asa_seconds <= max_asa_seconds (when set); a back-office process or work type when
// completed_within_sla >= completed_percent. A KPI without an estimate (nothing answered or
// completed) is not met when work arrived (its value is NaN), and not checked when nothing
// arrived. Pure functions; thread safety as run_replications.
#pragma once

#include <string>
#include <vector>

#include "model/scenario.h"
#include "sim/replications.h"

namespace tandem::sim {

struct SlaCheck {
  std::string scope;  // queue, process or work type
  std::string sla;    // Sla id
  std::string kpi;
  double target = 0.0;
  bool at_most = false;  // true: the KPI must stay at or below the target
  Estimate value;
  bool met = false;
};

std::vector<SlaCheck> check_slas(const Scenario& scenario, const std::vector<KpiEstimate>& kpis);
bool all_met(const std::vector<SlaCheck>& checks);

// Staff to target per agent group: sim/staff_search.h.

}  // namespace tandem::sim
