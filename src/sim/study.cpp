#include "sim/study.h"

#include <cmath>

namespace tandem::sim {

namespace {
void add_check(std::vector<SlaCheck>& out, const std::vector<KpiEstimate>& kpis,
               const std::string& scope, const Sla& sla, const char* kpi, double target,
               bool at_most) {
  const KpiEstimate* e = find_kpi(kpis, scope, kpi);
  if (e == nullptr || std::isnan(e->estimate.mean)) return;
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

Result<StaffToTarget> staff_to_target(const Scenario& scenario, const ModelAtScale& model,
                                      const RouterFactory& router, const RunOptions& options,
                                      double low, double high, double step) {
  StaffToTarget best;
  auto evaluate = [&](double scale) -> Result<StaffToTarget> {
    auto m = model(scale);
    if (!m.is_ok()) return m.status();
    auto run = run_replications(*m, router, options);
    if (!run.is_ok()) return run.status();
    StaffToTarget t;
    t.scale = scale;
    t.checks = check_slas(scenario, run->estimates);
    t.met = all_met(t.checks);
    t.run = std::move(run).value();
    return t;
  };
  auto top = evaluate(high);
  if (!top.is_ok()) return top.status();
  int evaluations = 1;
  best = std::move(top).value();
  if (!best.met) {
    best.evaluations = evaluations;
    return best;  // even full staff misses an SLA: reported, not an error
  }
  double lo = low, hi = high;  // hi meets; lo is not known to
  while (hi - lo > step + 1e-9 && !options.stop.stop_requested()) {
    const double mid = std::round((lo + hi) / 2 / (step / 2)) * (step / 2);
    auto r = evaluate(mid);
    if (!r.is_ok()) return r.status();
    ++evaluations;
    if (r->met) {
      hi = mid;
      best = std::move(r).value();
    } else {
      lo = mid;
    }
  }
  best.evaluations = evaluations;
  return best;
}

}  // namespace tandem::sim
