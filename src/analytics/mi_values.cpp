// SPDX-License-Identifier: Apache-2.0
// The KPIs of an MiReport, one definition each (docs/mi.md), and the ranking of people.
#include <algorithm>
#include <map>

#include "analytics/mi.h"

namespace tandem::analytics {

namespace {

constexpr double kHour = 3600.0;

void add_front(std::vector<KpiValue>& out, const std::string& q, int k, const FrontOfficeMi& m) {
  const FrontOfficeSums& s = m.kpi;
  out.push_back({q, "offered", k, s.offered, 1});
  out.push_back({q, "answered", k, s.answered, 1});
  out.push_back({q, "abandoned", k, s.abandoned, 1});
  out.push_back({q, "short_abandoned", k, s.short_abandoned, 1});
  out.push_back({q, "service_level", k, s.answered_in_target, s.answered});
  out.push_back({q, "abandon_rate", k, s.abandoned, s.offered});
  out.push_back({q, "asa_seconds", k, s.wait_seconds, s.answered});
  out.push_back({q, "aht_seconds", k, m.handle_seconds, m.handled});
  out.push_back({q, "occupancy", k, m.busy_seconds, m.skilled_seconds});
  out.push_back({q, "transfers", k, m.requeued, 1});
}

void add_back(std::vector<KpiValue>& out, const std::string& s, int k, const BackOfficeMi& m,
              double overdue) {
  out.push_back({s, "received", k, m.received, 1});
  out.push_back({s, "completed", k, m.completed, 1});
  out.push_back({s, "completed_within_sla", k, m.completed_on_time, m.completed + overdue});
  out.push_back({s, "throughput_hours", k, m.throughput_seconds / kHour, m.completed});
  out.push_back({s, "work_hours", k, m.work_seconds / kHour, m.completed});
  out.push_back({s, "queue_wait_hours", k,
                 (m.throughput_seconds - m.work_seconds - m.customer_wait_seconds) / kHour,
                 m.completed});
  out.push_back({s, "customer_wait_hours", k, m.customer_wait_seconds / kHour, m.completed});
  out.push_back({s, "backlog", k, m.open_end, 1});
  out.push_back({s, "wip", k, m.in_work_end, 1});
  out.push_back({s, "escalations", k, m.escalations, 1});
}

void add_people(std::vector<KpiValue>& out, const std::string& who, const AgentMi& a) {
  out.push_back({who, "staffed_hours", -1, a.staffed_seconds / kHour, 1});
  out.push_back({who, "productive_hours", -1, a.productive_seconds / kHour, 1});
  out.push_back({who, "handled", -1, a.handled, 1});
  out.push_back({who, "handled_per_productive_hour", -1, a.handled, a.productive_seconds / kHour});
  out.push_back({who, "efficiency", -1, a.standard_seconds, a.productive_seconds});
  out.push_back({who, "occupancy", -1, a.busy_seconds, a.productive_seconds});
  out.push_back({who, "utilisation", -1, a.busy_seconds, a.staffed_seconds});
  out.push_back(
      {who, "phones_share", -1, a.phones_seconds, a.phones_seconds + a.back_office_seconds});
  out.push_back({who, "phones_hours", -1, a.phones_seconds / kHour, 1});
  out.push_back({who, "back_office_hours", -1, a.back_office_seconds / kHour, 1});
  out.push_back({who, "cost", -1, a.cost, 1});
}

void add_cost(std::vector<KpiValue>& out, const WorkCostMi& c) {
  const std::string s = "cost:" + c.scope;
  out.push_back({s, "units", -1, c.units, 1});
  out.push_back({s, "work_hours", -1, c.work_seconds / kHour, 1});
  out.push_back({s, "unit_cost", -1, c.loaded_cost, c.units});
  out.push_back({s, "direct_unit_cost", -1, c.direct_cost, c.units});
}

}  // namespace

AgentMi sum_agents(const std::vector<const AgentMi*>& agents, const std::string& name) {
  AgentMi t;
  t.agent = name;
  for (const AgentMi* a : agents) {
    t.staffed_seconds += a->staffed_seconds;
    t.productive_seconds += a->productive_seconds;
    t.busy_seconds += a->busy_seconds;
    t.phones_seconds += a->phones_seconds;
    t.back_office_seconds += a->back_office_seconds;
    t.handled += a->handled;
    t.standard_seconds += a->standard_seconds;
    t.cost += a->cost;
  }
  return t;
}

std::vector<KpiValue> mi_values(const MiReport& r) {
  std::vector<KpiValue> out;
  for (const QueueMi& q : r.queues) {
    add_front(out, q.queue, -1, q.total);
    for (std::size_t k = 0; k < q.by_interval.size(); ++k) {
      add_front(out, q.queue, static_cast<int>(k), q.by_interval[k]);
    }
  }
  for (const ScopeMi& s : r.scopes) {
    add_back(out, s.scope, -1, s.total, s.overdue);
    out.push_back({s.scope, "overdue", -1, s.overdue, 1});
    for (std::size_t b = 0; b < kAgeingBuckets.size(); ++b) {
      out.push_back({s.scope, std::string("ageing_") + kAgeingBuckets[b], -1, s.ageing[b], 1});
    }
    for (std::size_t k = 0; k < s.by_interval.size(); ++k) {
      add_back(out, s.scope, static_cast<int>(k), s.by_interval[k], 0);
    }
  }
  std::map<std::string, std::vector<const AgentMi*>> teams, sites;
  for (const AgentMi& a : r.agents) {
    add_people(out, a.agent, a);
    teams[a.team].push_back(&a);
    sites[a.site].push_back(&a);
  }
  for (const auto& [team, members] : teams) {
    add_people(out, "team:" + team, sum_agents(members, team));
  }
  for (const auto& [site, members] : sites) {
    add_people(out, "site:" + site, sum_agents(members, site));
  }
  for (const WorkCostMi& c : r.queue_costs) add_cost(out, c);
  for (const WorkCostMi& c : r.scope_costs) add_cost(out, c);
  out.push_back({"cost", "unallocated", -1, r.unallocated_cost, 1});
  return out;
}

std::vector<Ranked> leaderboard(const MiReport& report, const std::string& team,
                                double min_volume) {
  std::vector<Ranked> out;
  for (const AgentMi& a : report.agents) {
    if (a.robot || a.team != team) continue;
    Ranked r;
    r.agent = &a;
    r.efficiency = a.productive_seconds > 0 ? a.standard_seconds / a.productive_seconds : 0;
    r.per_hour = a.productive_seconds > 0 ? a.handled / (a.productive_seconds / kHour) : 0;
    out.push_back(r);
  }
  // Ranked first, by efficiency then volume; ties keep the scenario's order.
  std::stable_sort(out.begin(), out.end(), [&](const Ranked& x, const Ranked& y) {
    const bool rx = x.agent->handled >= min_volume, ry = y.agent->handled >= min_volume;
    if (rx != ry) return rx;
    if (x.efficiency != y.efficiency) return x.efficiency > y.efficiency;
    return x.agent->handled > y.agent->handled;
  });
  int rank = 0;
  for (Ranked& r : out) {
    if (r.agent->handled >= min_volume) r.rank = ++rank;
  }
  return out;
}

}  // namespace tandem::analytics
