// SPDX-License-Identifier: Apache-2.0
// What the planning routes need from the platform (docs/api.md "Planning", "Scenario"):
// what-if simulations and week plans run as background jobs, published plans, and the
// scenario's versions. planning_api.cpp checks the requests and formats the answers;
// StorePlanning (store_planning.h) implements this over the store and the scenario that
// `tandem serve` loaded. Every method may be called from any HTTP thread at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/status.h"
#include "model/time.h"
#include "server/jobs.h"

namespace tandem::server {

// POST /api/v1/simulations, already checked against the bounds.
struct SimulationSpec {
  int days = 1;
  int replications = 2;
  std::uint64_t seed = 1;
  std::vector<std::string> policies;  // empty: the scenario's first
  double staff_scale = 1.0;
  double shrinkage = 0.0;
};

// POST /api/v1/plans, already checked against the bounds.
struct PlanSpec {
  std::optional<LocalDays> start;  // the first day; default: the Monday after the history
  int weeks = 1;
  double time_limit_seconds = 30;
};

// A stored scenario version.
struct ScenarioText {
  std::int64_t version = 0;
  std::string text;
  std::string author;
  Instant created{};
};

class Planning {
 public:
  virtual ~Planning() = default;

  // The job started; Unavailable when too many jobs wait. InvalidArgument for an unknown
  // policy (field "policies[i]").
  virtual Result<JobView> start_simulation(const SimulationSpec& spec) = 0;
  virtual Result<JobView> start_plan(const PlanSpec& spec) = 0;
  // A job of this kind ("simulation" or "plan"); nullopt when unknown.
  virtual std::optional<JobView> job(const std::string& kind, const std::string& id) = 0;

  // Stores a finished plan job as the published plan of its week: {"week", "plan_id",
  // "published"}. NotFound for an unknown job, Conflict while it is not done.
  virtual Result<nlohmann::json> publish_plan(const std::string& id, const std::string& author) = 0;
  // The plan last published for the week starting on `week` (its Monday): {"week", "plan_id",
  // "published", "author", "plan"}. NotFound when none.
  virtual Result<nlohmann::json> published_plan(LocalDays week) = 0;

  // The latest stored version (the one `tandem serve` stored at its start unless a newer one
  // was put since) with its summary: {"version", "text", "author", "created", "summary",
  // "active"}.
  virtual Result<nlohmann::json> scenario() = 0;
  // Validates `text` completely with the scenario loader; InvalidArgument with every problem
  // as a diagnostic (nothing stored), else the new version.
  virtual Result<std::int64_t> put_scenario(const std::string& text, const std::string& author) = 0;
};

}  // namespace tandem::server
