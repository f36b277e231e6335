// SPDX-License-Identifier: Apache-2.0
#include "sim/study.h"

#include <cmath>
#include <limits>

namespace tandem::sim {

namespace {
void add_check(std::vector<SlaCheck>& out, const std::vector<KpiEstimate>& kpis,
               const std::string& scope, const Sla& sla, const char* kpi, double target,
               bool at_most) {
  const KpiEstimate* e = find_kpi(kpis, scope, kpi);
  if (e == nullptr || std::isnan(e->estimate.mean)) {
    // No estimate: nothing answered / completed. Not met when work arrived (a starved queue
    // must not pass), not checked when nothing arrived.
    const KpiEstimate* offered = find_kpi(kpis, scope, "offered");
    if (offered == nullptr) offered = find_kpi(kpis, scope, "received");
    if (offered != nullptr && offered->estimate.mean > 0) {
      Estimate none;
      none.mean = none.low = none.high = std::numeric_limits<double>::quiet_NaN();
      out.push_back({scope, sla.id, kpi, target, at_most, none, false});
    }
    return;
  }
  const double v = e->estimate.mean;
  out.push_back({scope, sla.id, kpi, target, at_most, e->estimate,
                 at_most ? v <= target + 1e-12 : v >= target - 1e-12});
}
}  // namespace

std::vector<SlaCheck> check_slas(const Scenario& s, const std::vector<KpiEstimate>& kpis) {
  std::vector<SlaCheck> out;
  for (const Queue& q : s.queues) {
    const Sla* sla = s.find_sla(q.sla);
    if (sla == nullptr) continue;
    if (find_kpi(kpis, q.id, "service_level") != nullptr) {
      add_check(out, kpis, q.id, *sla, "service_level", sla->answered_percent / 100.0, false);
      if (sla->max_abandon_percent) {
        add_check(out, kpis, q.id, *sla, "abandon_rate", *sla->max_abandon_percent / 100.0, true);
      }
      if (sla->max_asa_seconds)
        add_check(out, kpis, q.id, *sla, "asa_seconds", *sla->max_asa_seconds, true);
    } else if (find_kpi(kpis, q.id, "completed_within_sla") != nullptr) {
      add_check(out, kpis, q.id, *sla, "completed_within_sla", sla->completed_percent / 100.0,
                false);
    }
  }
  for (const Process& p : s.processes) {
    const Sla* sla = s.find_sla(p.sla);
    if (sla != nullptr) {
      add_check(out, kpis, p.id, *sla, "completed_within_sla", sla->completed_percent / 100.0,
                false);
    }
  }
  return out;
}

bool all_met(const std::vector<SlaCheck>& checks) {
  for (const SlaCheck& c : checks) {
    if (!c.met) return false;
  }
  return true;
}

}  // namespace tandem::sim
