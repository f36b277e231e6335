// SPDX-License-Identifier: Apache-2.0
// Builds a simulation model of a whole scenario: arrival rates from interval history (the
// mean volume per weekday and time of day: a seasonal-average forecast), the agents' shifts
// from a simple staffing table (below), robots logged in around the clock.
//
// The simple staffing table (a stand-in until the schedule module publishes rosters): each
// human works one of the shift templates that fit their contract's availability and their
// site's opening hours (round robin over the agents of a team, start times spread over the
// template's start grid), on the template's weekdays up to the contract's days per week
// (rotated), not on site holidays, with each break in the middle of its window (staggered).
// `staff_scale` keeps ceil(scale x n) of the humans of each agent group (staff to target).
//
// Units: the model's times are seconds since `start` (local midnight of `first_day` at the
// first site). Pure: no I/O (the history is read by the caller, e.g. with
// io::read_scenario_arrivals).
#pragma once

#include <vector>

#include "model/interval_history.h"
#include "model/scenario.h"
#include "model/status.h"
#include "sim/model.h"

namespace tandem::sim {

struct ScenarioModelOptions {
  LocalDays first_day{};  // a local date; default: the Monday after the history ends
  int days = 7;
  double staff_scale = 1.0;  // (0, 2]
  double shrinkage = 0.0;
};

// Volumes of real-time queues become contact sources; of deferrable queues that start a
// process (its first step's work type), item sources of the process; of other deferrable
// queues, single-task item sources. InvalidArgument names an unknown queue in the history.
Result<SimModel> scenario_model(const Scenario& scenario, const Policy& policy,
                                const std::vector<IntervalVolume>& history,
                                const ScenarioModelOptions& options);

// The agent group an agent id belongs to: agents expanded from a scenario's `agent_groups`
// entry are named <group>-<number> ("cc-voice-007" -> "cc-voice"); any other id is its own
// group.
std::string agent_group_of(const std::string& agent_id);

// The staffing table alone (see above), for `days` days from `first_day`.
Result<std::vector<AgentPlan>> simple_roster(const Scenario& scenario, LocalDays first_day,
                                             int days, Instant start, double staff_scale);

}  // namespace tandem::sim
