// SPDX-License-Identifier: Apache-2.0
// What one simulation run simulates: the operation (a Scenario and one Policy, handed to the
// router, normally the production engine), the arrivals (random per interval, batches, or
// replayed), the agents' shifts and breaks, and the statistics settings.
//
// Units: every time in this file is in simulated SECONDS since the start of the run
// (`start`, an Instant). Rates are per second. Ownership: the model holds a pointer to the
// scenario, which must outlive every run that uses the model.
#pragma once

#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "model/planning.h"
#include "model/scenario.h"
#include "model/time.h"

namespace tandem::sim {

// A non-homogeneous Poisson process: a constant rate in each interval of `interval_seconds`
// from the start of the run; past the last interval the rate is 0.
struct ArrivalProfile {
  double interval_seconds = 900.0;
  std::vector<double> rate_per_second;
  double rate_at(double t) const;
  double total() const;  // expected arrivals over the profile
};

// Random contacts of one real-time queue (Poisson arrivals; handle time and patience drawn
// from the queue's scenario distributions).
struct ContactSource {
  std::string queue;  // Queue id (real-time channel)
  ArrivalProfile arrivals;
};

// Random back-office work items: of a process, or single tasks of a deferrable work type.
struct ItemSource {
  std::string process;  // exactly one of process / work_type
  std::string work_type;
  ArrivalProfile arrivals;
};

// A batch of items received at once (the morning post, a month-end peak).
struct BatchArrival {
  double time = 0.0;
  std::string process;  // exactly one of process / work_type
  std::string work_type;
  int count = 0;
};

// A replayed contact (real data): its arrival, queue, handle time and patience.
struct ReplayedContact {
  double time = 0.0;
  std::string queue;
  double handle_seconds = 0.0;
  double patience_seconds = std::numeric_limits<double>::infinity();  // inf: never abandons
};

// A replayed work item: it arrives (the engine receives it) at `time`; handle times of its
// steps come from the scenario's distributions unless `handle_seconds` (> 0) is given for every
// task, or `step_handle_seconds` for each step of its process.
struct ReplayedItem {
  double time = 0.0;
  std::string process;
  std::string work_type;
  double handle_seconds = 0.0;
  std::string customer;  // e.g. the case of an event log (the engine's journeys); may be empty
  // A case replayed from an event log (sim/event_log.h) sets these (empty / NaN: not given):
  // received earlier than `time` (its due time and throughput count from it; <= time)
  double received = std::numeric_limits<double>::quiet_NaN();
  // per step of `process`, in order (not counting quality checks or exceptions)
  std::vector<double> step_handle_seconds{};
  // before step k (k >= 1), the item waits this long for the customer (PendingCustomer) after
  // step k-1 is done; entry 0 is not used
  std::vector<double> wait_before_step{};
  // when the log completed the item (seconds since the start): KPI log_throughput_hours
  double logged_completion = std::numeric_limits<double>::quiet_NaN();
  std::string scope{};  // KPIs are reported under this name (default: the process or work type)
};

struct Break {
  double start = 0.0;
  double end = 0.0;
  bool lunch = false;
};

// One working period of an agent. An agent still busy at `logout` (or at a break) finishes
// the work in hand first.
struct Shift {
  double login = 0.0;
  double logout = 0.0;
  std::vector<Break> breaks;  // sorted, inside [login, logout)
};

struct AgentPlan {
  std::string agent;          // Agent id of the scenario
  std::vector<Shift> shifts;  // sorted, not overlapping
};

struct SimModel {
  const Scenario* scenario = nullptr;  // not owned, unless it is `owned_scenario`
  // A scenario derived for this model (event-log replay adds a process per case variant):
  // kept alive with the model (copies share it); `scenario` points to it.
  std::shared_ptr<const Scenario> owned_scenario;
  Policy policy;
  Instant start{};
  // Arrivals stop at `horizon` (seconds). With `drain`, the run then continues until every
  // contact has left (the "days starting empty" of ContactCenters); otherwise it stops there
  // and open work counts as backlog.
  double horizon = 8 * 3600.0;
  bool drain = false;
  // Statistics ignore contacts and items that arrive before `warmup` (steady-state studies);
  // time-based KPIs (occupancy, staff hours) count from it.
  double warmup = 0.0;
  // Per-interval KPIs: the grain, folded onto a period (one day = 86,400 s by default).
  double interval_seconds = 900.0;
  double period_seconds = 86400.0;
  std::vector<ContactSource> contacts;
  std::vector<ItemSource> items;
  std::vector<BatchArrival> batches;
  std::vector<ReplayedContact> replayed_contacts;
  std::vector<ReplayedItem> replayed_items;
  std::vector<AgentPlan> agents;  // agents of the scenario not listed never log in
  // Probability that a shift is lost to absence (sick leave...), drawn per agent and shift.
  double shrinkage = 0.0;
  // Robots fail with their scenario failure_rate (the engine draws it).
  bool robot_failures = true;
};

}  // namespace tandem::sim
