// SPDX-License-Identifier: Apache-2.0
#include "sim/kpi_settings.h"

namespace tandem::sim {

analytics::KpiSettings kpi_settings_of(const SimModel& m) {
  const Scenario& s = *m.scenario;
  analytics::KpiSettings k = analytics::kpi_settings(s, m.start);
  k.agents.clear();
  for (const AgentPlan& plan : m.agents) {
    k.agents.push_back({plan.agent, s.find_agent(plan.agent)->cost_per_hour});
  }
  for (analytics::QueueKpiSettings& q : k.queues) {
    q.reported = false;
    for (const ContactSource& c : m.contacts) q.reported = q.reported || c.queue == q.id;
    for (const ReplayedContact& c : m.replayed_contacts) q.reported = q.reported || c.queue == q.id;
  }
  k.measure_from = m.warmup;
  k.measure_until = m.horizon;
  k.interval_seconds = m.interval_seconds;
  k.period_seconds = m.period_seconds;
  return k;
}

}  // namespace tandem::sim
