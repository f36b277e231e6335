// SPDX-License-Identifier: Apache-2.0
// Process-aware workload: the work people must do at every step of every back-office process,
// from the arrivals of the processes. A history or a forecast only counts the items received,
// i.e. the work arriving at each process's first step; this flows that volume through the
// process (docs/staffing.md, "Process flow"):
//   - stages in order, the branches of a parallel stage side by side, the next stage starting
//     when the last branch is done (the join: the max of the branches' completion times);
//   - each step lagging by its queue time (an option, default 0: worked as soon as it is
//     ready, the windows then give it the slack up to its deadline) plus its mean handle time,
//     a sampled quality check before the next step, and the customer waits of the step's
//     `waits` (probability x duration; exponential durations spread over the intervals, other
//     kinds at their mean);
//   - a robot-eligible step whose skill a robot holds is done by robots (as the engine routes
//     it): people get only the robots' exceptions (the robots' failure rate, weighted by their
//     concurrency) at the step's work type, with the step's handle time;
//   - quality checks: the step's rate of its completions (robots' too), at the check's work
//     type with that work type's handle time.
// Which rows are used: the rows of a work type that starts a process are that process's
// arrivals. A work type that only appears later in processes and has rows of its own keeps
// them unchanged (a measured count of the work that reached it, rework and work from outside
// the process included, beats the model), and nothing is flowed into it; a note says so.
// Work types in no process pass through unchanged.
//
// Time is local wall-clock time on the scenario's interval grid. The horizon is one period of
// a steady state (as in the workload windows): work flowing past its end comes back at its
// start, so a step's work over the horizon is exactly its arrivals x its share, whatever the
// lags. Pure.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "model/time.h"
#include "staffing/staff_plan.h"

namespace tandem::staffing {

struct ProcessFlowOptions {
  LocalDays first_day{};  // the horizon: `days` whole local days from first_day
  int days = 7;
  double queue_minutes = 0;  // planned time each step's work waits in its queue
};

// What the flow did at one step (for notes, docs and tests).
struct FlowStep {
  std::string process;
  std::string step;
  std::string work_type;
  double arrivals = 0;        // items reaching the step over the horizon
  double people_share = 1;    // of the arrivals, done by people (1 - robots + exceptions)
  double robot_share = 0;     // of the arrivals, done by robots
  double handle_seconds = 0;  // the people's mean handle time (handle + after-contact)
  double quality_checks = 0;  // checks sampled over the horizon
  double mean_lag_hours = 0;  // mean time from the process's arrival to this step's arrival
  bool measured = false;      // the work type kept its own rows (nothing flowed into it)
};

struct ProcessFlow {
  std::vector<IntervalVolume> rows;  // every input row of other work types, then the flowed
  // The work types whose rows the flow made (its rows replace theirs), in scenario order.
  std::vector<std::string> work_types;
  std::vector<FlowStep> steps;  // processes in scenario order, steps in stage order
  std::vector<std::string> notes;
};

// `arrivals`: per queue and interval, as a forecast or a history gives them. Rows off the
// scenario's grid or outside the horizon of process work types are skipped with a note.
ProcessFlow flow_through_processes(const Scenario& scenario,
                                   std::span<const IntervalVolume> arrivals,
                                   const ProcessFlowOptions& options);

}  // namespace tandem::staffing
