// SPDX-License-Identifier: Apache-2.0
// The Planning service of `tandem serve` (planning.h): simulations and week plans of the
// scenario the server runs, as jobs on one worker thread (server/jobs.h); published plans and
// scenario versions in the store. The running engine is not touched: a published plan is
// stored for clients, a new scenario version is used from the next start (docs/server.md).
#pragma once

#include <filesystem>
#include <memory>

#include "model/scenario.h"
#include "server/jobs.h"
#include "server/planning.h"
#include "store/store.h"

namespace tandem::server {

struct StorePlanningOptions {
  JobRunnerOptions jobs;
  int simulation_threads = 1;  // replications in parallel (the machine also serves HTTP)
};

class StorePlanning final : public Planning {
 public:
  // `scenario` is the one the server runs, stored as `active` (version 0: not stored).
  // PUT texts are validated with their relative paths resolved against `base_dir` (the
  // served scenario file's folder). The store must outlive this.
  StorePlanning(store::Store& store, Scenario scenario, ScenarioText active,
                std::filesystem::path base_dir, StorePlanningOptions options = {});
  // Cancels queued jobs and stops the running one (through its stop token) before returning.
  ~StorePlanning() override;

  Result<JobView> start_simulation(const SimulationSpec& spec) override;
  Result<JobView> start_plan(const PlanSpec& spec) override;
  std::optional<JobView> job(const std::string& kind, const std::string& id) override;
  Result<nlohmann::json> publish_plan(const std::string& id, const std::string& author) override;
  Result<nlohmann::json> published_plan(LocalDays week) override;
  Result<nlohmann::json> scenario() override;
  Result<std::int64_t> put_scenario(const std::string& text, const std::string& author) override;

  // Cancels the queued jobs and stops the running one; later starts are Unavailable.
  void shutdown() { jobs_.shutdown(); }
  // Waits (bounded) until a job has finished: for tests and shutdown reports.
  std::optional<JobView> wait(const std::string& id, std::chrono::milliseconds timeout) {
    return jobs_.wait(id, timeout);
  }

 private:
  store::Store& store_;
  const std::shared_ptr<const Scenario> scenario_;  // shared with the running jobs
  const ScenarioText active_;
  const std::filesystem::path base_dir_;
  const StorePlanningOptions options_;
  JobRunner jobs_;  // last: its worker stops before the state above goes
};

}  // namespace tandem::server
