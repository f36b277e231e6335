// SPDX-License-Identifier: Apache-2.0
// What one replication measures and what replications add up to.
//
// Every KPI is a ratio numerator / denominator per replication (a count has denominator 1),
// so that the estimate over replications is a ratio of means with a delta-method interval
// (sim/statistics.h). The definitions are analytics::KpiRecorder's (docs/mi.md); KPIs
// (scope = a queue or process id, or "workforce"):
//   real-time queue: offered, answered, abandoned (counts); service_level = answered within
//     the SLA's target / answered (the ContactCenters definition); abandon_rate = abandoned /
//     offered; asa_seconds = total wait of answered contacts / answered.
//   back office (process or work type): received, completed (counts); completed_within_sla =
//     completed by the due time / (completed + open items already past due at the end);
//     throughput_hours = time from receipt to
//     completion / completed; backlog_end = items open at the end. ETA accuracy of completed
//     items (the router's prediction at receipt vs the simulated completion, hours):
//     eta_error_hours = mean |actual - predicted|; eta_bias_hours = mean (actual - predicted);
//     eta_met = share done by the prediction; eta_within_25pct = share with |error| <= 25 % of
//     the predicted lead time; eta_update_error_hours = mean |error| of the re-predictions
//     made after each step done.
//   workforce: occupancy = busy time / staffed time (busy: holding work or in after-contact
//     work; staffed: logged in and not on a break); staff_hours; cost (staffed hours x
//     cost_per_hour, robots included); rejected_events (events the router refused).
// Per-interval KPIs (interval >= 0: the interval of the period, e.g. of the day, the contact
// or item arrived in; backlog at the end of the interval) use the same names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/statistics.h"

namespace tandem::sim {

struct KpiSample {
  std::string scope;
  std::string kpi;
  int interval = -1;  // -1: the whole run
  double numerator = 0.0;
  double denominator = 1.0;
};

struct ReplicationResult {
  int index = 0;
  bool complete = true;  // false: interrupted (Ctrl-C) before the end
  double simulated_seconds = 0.0;
  std::vector<KpiSample> kpis;  // same order in every replication of one model
  std::uint64_t events = 0;     // events handed to the router
  std::uint64_t ticks = 0;      // of which ClockTicks (at the router's next_due)
  std::uint64_t offers = 0;     // of which OfferAccepted
  std::uint64_t contacts = 0;   // contacts arrived
  std::uint64_t items = 0;      // work items received
  std::uint64_t rejected = 0;   // events the router rejected
  std::string first_rejection;  // message of the first rejected event, if any
  std::string router;
};

struct KpiEstimate {
  std::string scope;
  std::string kpi;
  int interval = -1;
  Estimate estimate;
};

// Aggregates replications KPI by KPI (first-appearance order; deterministic).
std::vector<KpiEstimate> aggregate(const std::vector<ReplicationResult>& replications);
// Finds one estimate; nullptr when absent.
const KpiEstimate* find_kpi(const std::vector<KpiEstimate>& estimates, const std::string& scope,
                            const std::string& kpi, int interval = -1);

}  // namespace tandem::sim
