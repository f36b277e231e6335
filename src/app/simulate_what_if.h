// SPDX-License-Identifier: Apache-2.0
// The what-ifs of a simulation (app/simulate.h: volume_scale, staff_change): the history's
// arrivals scaled per queue and people added to or removed from agent groups, so that a
// planner need not copy and edit the history or the scenario. Pure.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "model/scenario.h"
#include "model/status.h"
#include "staffing/staff_plan.h"

namespace tandem::app {

// Multiplies the rows' volumes: a queue named gets its factor, every other queue the factor
// of "all" (if given). InvalidArgument, naming `--volume-scale` and the rule: an unknown queue,
// a name given twice, a factor not in [0, 100].
Status scale_volumes(const Scenario& scenario,
                     const std::vector<std::pair<std::string, double>>& scales,
                     std::vector<IntervalVolume>& rows);

// The scenario with each named human agent group's people changed by its delta.
// InvalidArgument, naming `--staff` and the rule: an unknown group (robots included), a group
// given twice, a group left with fewer than 0 people.
Result<Scenario> change_staff(const Scenario& scenario,
                              const std::vector<std::pair<std::string, int>>& changes);

}  // namespace tandem::app
