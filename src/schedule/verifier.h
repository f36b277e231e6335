// SPDX-License-Identifier: Apache-2.0
// The independent checker: re-verifies every hard rule of a schedule from the problem alone
// (it shares no code with the optimiser beyond the input types):
//   template      shift start on the template's grid/window/weekday, length one of its lengths
//   breaks        each break rule of the template exactly once, inside its window, no overlap
//   activities    activities tile the shift on the interval grid
//   skills        phones only on the agent's groups, back office only on their work types;
//                 siloed problems: only the agent's home side
//   availability  the whole shift inside the agent's availability
//   one_shift_a_day / overlap / min_rest
//   max_hours_per_week, min_hours_per_week, max_days_per_week, max_consecutive_days
//   back_office_arrival  work done never exceeds the work arrived (can-be-done-from)
//   reported      coverage, unmet hours, cost and back-office work reported match a recount
// Pure; thread safe.
#pragma once

#include <vector>

#include "schedule/problem.h"
#include "schedule/schedule.h"

namespace tandem::schedule {

std::vector<Violation> verify_schedule(const ScheduleProblem& problem,
                                       const ScheduleResult& result);

}  // namespace tandem::schedule
