// SPDX-License-Identifier: Apache-2.0
// The planning and scenario routes (docs/api.md "Planning", "Scenario"): api.cpp has
// authenticated the caller and checked the role; this checks the parameters and bodies, calls
// the Planning service and formats its answers.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "server/api.h"
#include "server/auth.h"
#include "server/routes.h"

namespace tandem::server {

class Planning;

struct PlanningCall {
  const RouteDef& route;
  const std::map<std::string, std::string>& params;  // path parameters
  std::string_view raw_query;
  const ApiRequest& request;
  const Principal& who;
  int json_depth = 32;
};

// Answers through `reply` exactly once. `planning` null: 503 (the server runs no planning).
void handle_planning(const PlanningCall& call, Planning* planning,
                     const std::function<void(ApiResponse)>& reply);

// Job bounds the routes enforce (docs/api.md).
inline constexpr int kMaxSimulationDays = 28;
inline constexpr int kMaxReplications = 20;
inline constexpr std::size_t kMaxPolicies = 8;
inline constexpr int kMaxPlanWeeks = 4;
inline constexpr double kMinPlanSeconds = 1;
inline constexpr double kMaxPlanSeconds = 300;

}  // namespace tandem::server
