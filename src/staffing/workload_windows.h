// SPDX-License-Identifier: Apache-2.0
// Back-office workload windows: how much deferrable work (agent-hours) must be done, and can
// be done, by the end of each interval so that every item meets its deadline. These windows
// are what the scheduler and the blending engine fill: any cumulative work curve that stays
// between must_cumulative and can_cumulative meets every deadline. docs/staffing.md has a
// worked example in words.
//
// The core works on a plain interval grid (open time per interval, arrivals per interval,
// deadline interval indices); workload_grid.h builds that grid from a BusinessCalendar and an
// SLA deadline. Work is fluid (agent-hours, divisible between agents and intervals), work
// arriving in an interval may be done in that interval, and a deadline index is the last
// interval in which the work may be done. Every item is planned to meet its deadline (100%).
// Pure and thread-safe. Cost O(I^2) for I intervals (a week of 15-minute intervals: ~0.5 ms).
#pragma once

#include <vector>

#include "model/status.h"

namespace tandem::staffing {

struct WorkloadInterval {
  double open_hours = 0;      // workable (open) time in the interval, hours; 0 when closed
  double arriving_hours = 0;  // work arriving in the interval, agent-hours
  // The last interval in which this interval's arrivals may be done (>= the interval's own
  // index; >= the number of intervals when the deadline is after the horizon).
  int deadline_interval = 0;
};

// Work waiting at the start of interval 0. deadline_interval < 0: already overdue.
struct BacklogWork {
  double hours = 0;
  int deadline_interval = 0;
};

struct WorkloadWindowInput {
  std::vector<WorkloadInterval> intervals;
  std::vector<BacklogWork> backlog;
};

struct WorkloadWindows {
  // (a) agent-hours that must be done by the end of each interval (work due by then).
  std::vector<double> must_cumulative;
  // (b) agent-hours that can be done by the end of each interval (backlog + arrived).
  std::vector<double> can_cumulative;
  // Work falling due in each interval (the increments of must_cumulative).
  std::vector<double> due_hours;
  // (d) agent-hours worked in each interval when all work is done as late as its deadline
  // allows without ever exceeding the level capacity (c) per open hour.
  std::vector<double> latest_hours;
  // (c) the minimum constant capacity, in agents (agent-hours per open hour), that meets every
  // deadline: max over windows [s, e] of (work arriving at or after s and due by e) / (open
  // hours in [s, e]). The window that sets it is [binding_from, binding_to] (-1 if no work).
  double min_level_agents = 0;
  int binding_from = -1;
  int binding_to = -1;
  // Work that cannot meet its deadline whatever the capacity (no open time between arrival
  // and deadline, or overdue backlog): planned as due in the first open interval after it
  // arrives. Work due after the horizon counts in (b) but not in (a), (c) or (d).
  double unavoidably_late_hours = 0;
  double beyond_horizon_hours = 0;
};

// InvalidArgument for negative, infinite or NaN hours, or a deadline before its arrival
// interval.
Result<WorkloadWindows> compute_workload_windows(const WorkloadWindowInput& input);

}  // namespace tandem::staffing
