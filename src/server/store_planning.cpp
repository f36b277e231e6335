// SPDX-License-Identifier: Apache-2.0
#include "server/store_planning.h"

#include <atomic>
#include <cmath>
#include <nlohmann/json.hpp>

#include "app/plan.h"
#include "app/simulate.h"
#include "app/summary.h"
#include "io/event_codec.h"
#include "model/calendar.h"
#include "server/planning_json.h"

namespace tandem::server {
namespace {

using nlohmann::json;

Instant wall_now() { return std::chrono::floor<Seconds>(std::chrono::system_clock::now()); }

json summary_json(const Scenario& scenario) {
  const app::ScenarioSummary s = app::summarise(scenario);
  json skills = json::array();
  for (const app::SkillHeadcount& k : s.by_skill)
    skills.push_back({{"skill", k.skill}, {"people", k.people}, {"robots", k.robots}});
  return {{"people", s.people},
          {"robots", s.robots},
          {"blended", s.blended},
          {"by_skill", std::move(skills)}};
}

}  // namespace

StorePlanning::StorePlanning(store::Store& store, Scenario scenario, ScenarioText active,
                             std::filesystem::path base_dir, StorePlanningOptions options)
    : store_(store),
      scenario_(std::make_shared<const Scenario>(std::move(scenario))),
      active_(std::move(active)),
      base_dir_(std::move(base_dir)),
      options_(options),
      jobs_(options.jobs) {}

StorePlanning::~StorePlanning() { jobs_.shutdown(); }

Result<JobView> StorePlanning::start_simulation(const SimulationSpec& spec) {
  for (std::size_t i = 0; i < spec.policies.size(); ++i) {
    const std::string& id = spec.policies[i];
    if (!scenario_->find_policy(id) && !(scenario_->policies.empty() && id == "default")) {
      const std::string field = "policies[" + std::to_string(i) + "]";
      return Status::invalid_argument(field + ": unknown policy " + id,
                                      {Diagnostic{{}, field, "unknown policy " + id}});
    }
  }
  std::shared_ptr<const Scenario> scenario = scenario_;
  const int threads = options_.simulation_threads;
  return jobs_.submit("simulation", [scenario, spec, threads](const JobContext& job) {
    app::SimulateRequest r;
    r.days = spec.days;
    r.replications = spec.replications;
    r.seed = spec.seed;
    r.policies = spec.policies;
    r.staff_scale = spec.staff_scale;
    r.shrinkage = spec.shrinkage;
    r.threads = threads;
    r.stop = job.stop();
    r.on_progress = [&job](const std::string& label, int done, int total) {
      job.progress(done, total, label);
    };
    Result<app::SimulateResult> result = app::simulate(*scenario, r);
    if (!result.is_ok()) return Result<std::string>(result.status());
    if (result->interrupted)
      return Result<std::string>(Status::unavailable("stopped: the server is stopping"));
    return Result<std::string>(simulation_result_json(*scenario, spec, *result).dump());
  });
}

Result<JobView> StorePlanning::start_plan(const PlanSpec& spec) {
  std::shared_ptr<const Scenario> scenario = scenario_;
  return jobs_.submit("plan", [scenario, spec](const JobContext& job) {
    std::atomic<bool> stop{false};
    std::stop_callback on_stop(job.stop(), [&stop] { stop = true; });
    const auto limit = static_cast<std::int64_t>(std::ceil(spec.time_limit_seconds));
    job.progress(0, limit, "forecast and staffing");
    app::PlanWeekRequest r;
    r.schedule.weeks = spec.weeks;
    r.schedule.start = spec.start;
    r.schedule.solve.time_limit_seconds = spec.time_limit_seconds;
    r.schedule.solve.stop = &stop;
    r.schedule.solve.on_progress = [&job, limit](const schedule::SolveProgress& p) {
      job.progress(std::min(limit, static_cast<std::int64_t>(p.elapsed_seconds)), limit,
                   "schedule");
    };
    Result<app::PlanWeek> plan = app::plan_week(*scenario, r);
    if (!plan.is_ok()) return Result<std::string>(plan.status());
    if (stop) return Result<std::string>(Status::unavailable("stopped: the server is stopping"));
    job.progress(limit, limit, "done");
    return Result<std::string>(plan_result_json(*scenario, *plan).dump());
  });
}

std::optional<JobView> StorePlanning::job(const std::string& kind, const std::string& id) {
  std::optional<JobView> view = jobs_.get(id);
  if (!view || view->kind != kind) return std::nullopt;
  return view;
}

Result<json> StorePlanning::publish_plan(const std::string& id, const std::string& author) {
  std::optional<JobView> view = job("plan", id);
  if (!view) return Status::not_found("no plan job " + id);
  if (view->status != JobStatus::kDone)
    return Status::conflict("plan " + id + " is " + to_string(view->status) +
                            ": only a done plan can be published");
  json plan = json::parse(view->result);
  store::Plan record;
  record.week = plan["week"].get<std::string>();
  record.kind = "schedule";
  record.published = wall_now();
  record.author = author;
  record.json = json{{"job", id}, {"plan", std::move(plan)}}.dump();
  Result<std::int64_t> stored = store_.put_plan(record);
  if (!stored.is_ok()) return stored.status();
  return json{
      {"week", record.week}, {"job", id}, {"published", io::format_rfc3339(record.published)}};
}

Result<json> StorePlanning::published_plan(LocalDays week) {
  const std::string day = format_local_date(week);
  Result<std::optional<store::Plan>> plan = store_.latest_plan(day, "schedule");
  if (!plan.is_ok()) return plan.status();
  if (!plan->has_value()) return Status::not_found("no plan published for the week of " + day);
  json stored = json::parse((*plan)->json);
  return json{{"week", (*plan)->week},
              {"job", stored["job"]},
              {"published", io::format_rfc3339((*plan)->published)},
              {"author", (*plan)->author},
              {"plan", std::move(stored["plan"])}};
}

Result<json> StorePlanning::scenario() {
  Result<std::optional<store::ScenarioVersion>> latest = store_.latest_scenario();
  if (!latest.is_ok()) return latest.status();
  const std::int64_t newest = latest->has_value() ? (*latest)->version : active_.version;
  return json{{"version", active_.version},
              {"name", scenario_->name},
              {"text", active_.text},
              {"author", active_.author},
              {"created", io::format_rfc3339(active_.created)},
              {"summary", summary_json(*scenario_)},
              {"latest_version", newest}};
}

Result<std::int64_t> StorePlanning::put_scenario(const std::string& text,
                                                 const std::string& author) {
  ScenarioLoad load = load_scenario_text(text, "scenario", base_dir_);
  if (!load.ok()) {
    std::vector<Diagnostic> problems = load.problems;
    if (problems.empty()) problems.push_back(Diagnostic{{}, "body", "not a scenario"});
    return Status::invalid_argument(to_string(problems), std::move(problems));
  }
  store::ScenarioVersion v;
  v.text = text;
  v.created = wall_now();
  v.author = author;
  return store_.put_scenario(v);
}

}  // namespace tandem::server
