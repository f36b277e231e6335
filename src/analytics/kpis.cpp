// SPDX-License-Identifier: Apache-2.0
#include "analytics/kpis.h"

#include "model/scenario.h"

namespace tandem::analytics {

KpiSettings kpi_settings(const Scenario& scenario, Instant origin) {
  KpiSettings s;
  s.origin = origin;
  for (const Queue& q : scenario.queues) {
    QueueKpiSettings qs;
    qs.id = q.id;
    const Channel* channel = scenario.find_channel(q.channel);
    qs.reported = channel != nullptr && channel->mode == ChannelMode::kRealTime;
    const Sla* sla = scenario.find_sla(q.sla);
    if (sla != nullptr) qs.answer_within_seconds = sla->answer_within_seconds;
    qs.after_contact_seconds = q.after_contact_seconds;
    s.queues.push_back(std::move(qs));
  }
  for (const Agent& a : scenario.agents) s.agents.push_back({a.id, a.cost_per_hour});
  return s;
}

namespace {

void add_eta(std::vector<KpiValue>& out, const std::string& scope, int k, const EtaSums& st) {
  out.push_back({scope, "eta_error_hours", k, st.abs_error / 3600.0, st.items});
  out.push_back({scope, "eta_bias_hours", k, st.error / 3600.0, st.items});
  out.push_back({scope, "eta_met", k, st.met, st.items});
  out.push_back({scope, "eta_within_25pct", k, st.within, st.items});
  out.push_back({scope, "eta_update_error_hours", k, st.update_abs_error / 3600.0, st.updates});
}

}  // namespace

std::vector<KpiValue> kpi_values(const KpiReport& r) {
  std::vector<KpiValue> out;
  for (const QueueKpis& q : r.queues) {
    const FrontOfficeSums& st = q.total;
    out.push_back({q.queue, "offered", -1, st.offered, 1});
    out.push_back({q.queue, "answered", -1, st.answered, 1});
    out.push_back({q.queue, "abandoned", -1, st.abandoned, 1});
    out.push_back({q.queue, "service_level", -1, st.answered_in_target, st.answered});
    out.push_back({q.queue, "abandon_rate", -1, st.abandoned, st.offered});
    out.push_back({q.queue, "asa_seconds", -1, st.wait_seconds, st.answered});
    for (std::size_t k = 0; k < q.by_interval.size(); ++k) {
      const FrontOfficeSums& si = q.by_interval[k];
      const int ki = static_cast<int>(k);
      out.push_back({q.queue, "offered", ki, si.offered, 1});
      out.push_back({q.queue, "service_level", ki, si.answered_in_target, si.answered});
      out.push_back({q.queue, "abandon_rate", ki, si.abandoned, si.offered});
      out.push_back({q.queue, "asa_seconds", ki, si.wait_seconds, si.answered});
    }
  }
  for (const ScopeKpis& s : r.scopes) {
    const BackOfficeSums& st = s.total;
    out.push_back({s.scope, "received", -1, st.received, 1});
    out.push_back({s.scope, "completed", -1, st.completed, 1});
    out.push_back(
        {s.scope, "completed_within_sla", -1, st.completed_on_time, st.completed + s.overdue});
    out.push_back({s.scope, "throughput_hours", -1, st.throughput_seconds / 3600.0, st.completed});
    if (st.logged > 0) {
      out.push_back(
          {s.scope, "log_throughput_hours", -1, st.logged_throughput_seconds / 3600.0, st.logged});
    }
    out.push_back({s.scope, "backlog_end", -1, s.open, 1});
    add_eta(out, s.scope, -1, s.eta);
    for (std::size_t k = 0; k < s.eta_by_interval.size(); ++k) {
      if (s.eta_by_interval[k].items > 0)
        add_eta(out, s.scope, static_cast<int>(k), s.eta_by_interval[k]);
    }
  }
  for (const BacklogAtInterval& b : r.backlog) {
    out.push_back({r.scopes[b.scope].scope, "backlog", b.interval, b.open, 1});
  }
  const WorkforceSums& w = r.workforce;
  out.push_back({"workforce", "occupancy", -1, w.busy_seconds, w.staffed_seconds});
  out.push_back({"workforce", "staff_hours", -1, w.staffed_seconds / 3600.0, 1});
  out.push_back({"workforce", "cost", -1, w.cost, 1});
  return out;
}

}  // namespace tandem::analytics
