// SPDX-License-Identifier: Apache-2.0
// Rules that relate several entities of a scenario, checked on the Scenario value, so a
// scenario is held to them however it arrived (YAML through load_scenario, which calls this
// and adds the file, line and column; JSON through the API). Pure.
//
// Rules: a real-time queue needs a front_office SLA, a deferrable queue a back_office or
// end_to_end SLA; a process step needs a deferrable work type. A reference to an entity the
// scenario does not define is skipped here (the loader reports it where it is read).
#pragma once

#include <vector>

#include "model/diagnostic.h"
#include "model/scenario.h"

namespace tandem {

// Every problem found, in the order of the value (queues, then processes' steps). Each has no
// location; `field` is the path in the value: "queues[2].sla",
// "processes[0].stages[1].branches[0][0].work_type".
std::vector<Diagnostic> check_scenario(const Scenario& scenario);

// The value paths check_scenario names, in the same order as the value: queues[i].sla for
// every queue, then processes[p].stages[s].branches[b][k].work_type for every step in stage
// and branch order (the loader maps them back to where it read each field).
std::string queue_sla_path(std::size_t queue);
std::string step_work_type_path(std::size_t process, std::size_t stage, std::size_t branch,
                                std::size_t step);

}  // namespace tandem
