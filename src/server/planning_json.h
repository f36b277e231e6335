// SPDX-License-Identifier: Apache-2.0
// The JSON bodies of the planning routes' results (docs/api.md "Planning"): a simulation's
// KPIs and SLA checks per policy, and a planned week's forecast, staffing requirement,
// schedule and totals. The shapes are the OpenAPI schemas SimulationResult and PlanResult.
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "app/plan.h"
#include "app/simulate.h"
#include "model/scenario.h"

namespace tandem::server {

struct SimulationSpec;

nlohmann::json simulation_result_json(const Scenario& scenario, const SimulationSpec& spec,
                                      const app::SimulateResult& result);

nlohmann::json plan_result_json(const Scenario& scenario, const app::PlanWeek& plan);

// "2026-11-02T09:15": a local time on the scenario's calendar (no offset: the sites' zone).
std::string format_local_minute(LocalSeconds t);

}  // namespace tandem::server
