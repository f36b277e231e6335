// SPDX-License-Identifier: Apache-2.0
// The stages of `tandem demo`, in the order they run on the bundled scenario. Each verb that
// becomes a demo stage declares its stage here and defines it in its <verb>_command.cpp.
// A stage prints its part of the demo and returns an exit code (0 = continue).
#pragma once

#include <ostream>

#include "model/scenario.h"

namespace tandem::cli {

// 1. The scenario's summary (validate).
int demo_stage_summary(const Scenario& scenario, std::ostream& out);

// 2. Next week's forecast per queue with its backtest accuracy (forecast_command.cpp).
int demo_stage_forecast(const Scenario& scenario, std::ostream& out);

// 3. Agents required per queue and interval next week, and the back-office workload windows
// (staff_command.cpp).
int demo_stage_staffing(const Scenario& scenario, std::ostream& out);

// The blended schedule of next week and the siloed comparison (schedule_command.cpp); runs
// after the staffing stage.
int demo_stage_schedule(const Scenario& scenario, std::ostream& out);

// Last stage: blended vs siloed simulated through the engine (simulate_command.cpp).
int demo_stage_simulation(const Scenario& scenario, std::ostream& out);

}  // namespace tandem::cli
