// Policy comparison and staff to target: the questions the simulator answers for managers.
//
// SLA checks read the scenario's SLAs against the estimated KPIs (means): a real-time queue
// meets its SLA when service_level >= answered_percent, abandon_rate <= max_abandon_percent
// and asa_seconds <= max_asa_seconds (when set); a back-office process or work type when
// completed_within_sla >= completed_percent. Pure functions; thread safety as run_replications.
#pragma once

#include <functional>
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

// Builds the model of one staffing level (e.g. scenario_model with a staff_scale).
using ModelAtScale = std::function<Result<SimModel>(double scale)>;

struct StaffToTarget {
  double scale = 1.0;  // smallest scale found that meets every SLA (or the largest tried)
  bool met = false;
  RunResult run;  // the run at that scale
  std::vector<SlaCheck> checks;
  int evaluations = 0;
};

// Bisection on the staff scale in [low, high] to a resolution of `step` (SLA attainment grows
// with staff; each evaluation uses the same seed: common random numbers).
Result<StaffToTarget> staff_to_target(const Scenario& scenario, const ModelAtScale& model,
                                      const RouterFactory& router, const RunOptions& options,
                                      double low = 0.5, double high = 1.0, double step = 0.05);

}  // namespace tandem::sim
