// SPDX-License-Identifier: Apache-2.0
// The KPIs of an operation, one definition each (docs/mi.md), as the sums they are made of:
// every KPI is a ratio numerator / denominator (a count has denominator 1), so that sums over
// intervals, queues or simulation replications stay exact and a rate is never averaged.
//
// Units: times in SECONDS (double) on the recorder's clock (KpiSettings::origin); costs in the
// scenario's currency; counts of contacts and items.
#pragma once

#include <limits>
#include <string>
#include <vector>

#include "model/time.h"

namespace tandem {
struct Scenario;
}

namespace tandem::analytics {

// What the definitions need from the scenario (SLA targets, after-contact work, costs) and the
// window they measure.
struct QueueKpiSettings {
  std::string id;
  // Its front-office KPIs are reported (a real-time queue that gets contacts).
  bool reported = true;
  double answer_within_seconds = 20.0;  // the SLA's target answer time
  double after_contact_seconds = 0.0;   // busy time added after each contact
  // An abandon after a wait shorter than this is also counted as short (0: none are).
  double short_abandon_seconds = 0.0;
};

struct AgentKpiSettings {
  std::string id;
  double cost_per_hour = 0.0;  // robots too (cost per robot hour)
};

struct KpiSettings {
  Instant origin{};  // time 0 of the recorder's clock
  // Contacts and items arriving before `measure_from` are not counted (a warm-up); busy and
  // staffed time count only inside [measure_from, measure_until].
  double measure_from = 0.0;
  double measure_until = std::numeric_limits<double>::infinity();
  // Per-interval KPIs: the grain, folded onto a period (one day by default).
  double interval_seconds = 900.0;
  double period_seconds = 86400.0;
  std::vector<QueueKpiSettings> queues;  // every queue work can come from
  std::vector<AgentKpiSettings> agents;  // in this order for the end-of-run sums
};

// The settings of a scenario: every queue (reported when real-time; the target of its SLA,
// 20 s without one) and every agent, in the scenario's order.
KpiSettings kpi_settings(const Scenario& scenario, Instant origin);

// Front office, per real-time queue (whole run or the interval a contact ARRIVED in).
struct FrontOfficeSums {
  double offered = 0;             // contacts arrived
  double answered = 0;            // contacts whose service started (again after a re-queue)
  double answered_in_target = 0;  // of which after a wait <= the SLA's target
  double abandoned = 0;           // left before being answered
  double short_abandoned = 0;     // of which after a wait < short_abandon_seconds
  double wait_seconds = 0;        // total wait of the answered contacts
};

// Back office, per scope (a process or a work type).
struct BackOfficeSums {
  double received = 0;
  double completed = 0;
  double completed_on_time = 0;          // completed by the due time
  double throughput_seconds = 0;         // receipt to completion, summed over completed items
  double logged = 0;                     // completed items with a completion given from outside
  double logged_throughput_seconds = 0;  // (a replayed log's own throughput)
};

// ETA accuracy of completed items: the prediction at receipt (error = actual completion -
// predicted) and the re-predictions made after each step done ("updates").
struct EtaSums {
  double items = 0, abs_error = 0, error = 0, met = 0, within = 0;
  double updates = 0, update_abs_error = 0;
};

struct QueueKpis {
  std::string queue;
  FrontOfficeSums total;
  std::vector<FrontOfficeSums> by_interval;
};

struct ScopeKpis {
  std::string scope;
  BackOfficeSums total;
  double open = 0;     // backlog at the end
  double overdue = 0;  // of which already past due at the end (misses of the SLA)
  EtaSums eta;
  std::vector<EtaSums> eta_by_interval;  // by the interval the item was received in
};

// The backlog of one scope at the end of one interval.
struct BacklogAtInterval {
  int scope = 0;  // index in KpiReport::scopes
  int interval = 0;
  double open = 0;
};

struct WorkforceSums {
  double busy_seconds = 0;     // holding work or in after-contact work
  double staffed_seconds = 0;  // logged in and not on a break
  double cost = 0;             // staffed hours x cost per hour
};

struct KpiReport {
  std::vector<QueueKpis> queues;           // reported queues, in settings order
  std::vector<ScopeKpis> scopes;           // in the order their first item arrived
  std::vector<BacklogAtInterval> backlog;  // in time order, scopes in order
  WorkforceSums workforce;
};

// One KPI as a ratio (interval -1: the whole run).
struct KpiValue {
  std::string scope;
  std::string kpi;
  int interval = -1;
  double numerator = 0.0;
  double denominator = 1.0;
};

// Every KPI of a report by name (docs/mi.md), queues first, then scopes, backlog and workforce.
std::vector<KpiValue> kpi_values(const KpiReport& report);

}  // namespace tandem::analytics
