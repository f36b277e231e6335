// SPDX-License-Identifier: Apache-2.0
#include "app/simulate.h"

#include <fmt/format.h>

#include <algorithm>

#include "app/simulate_what_if.h"
#include "io/event_log_csv.h"
#include "io/interval_history_csv.h"
#include "io/replay_csv.h"
#include "io/schedule_json.h"
#include "model/options.h"
#include "sim/event_log.h"
#include "sim/scenario_model.h"
#include "sim/schedule_roster.h"

namespace tandem::app {

namespace {

// The policies of the request, by id; the default policy when the scenario defines none.
Result<std::vector<Policy>> requested_policies(const Scenario& scenario,
                                               const std::vector<std::string>& names) {
  Policy fallback;
  fallback.id = "default";
  std::vector<Policy> policies;
  for (const std::string& name : names) {
    const Policy* p = scenario.find_policy(name);
    if (p == nullptr && name == "default" && scenario.policies.empty()) p = &fallback;
    if (p == nullptr) {
      std::string known;
      for (const Policy& q : scenario.policies) known += (known.empty() ? "" : ", ") + q.id;
      return Status::invalid_argument(fmt::format("unknown policy '{}' (the scenario defines: {})",
                                                  name, known.empty() ? "none" : known));
    }
    policies.push_back(*p);
  }
  if (policies.empty())
    policies.push_back(scenario.policies.empty() ? fallback : scenario.policies.front());
  return policies;
}

// The arrivals and roster a run starts from, read once for every policy.
struct Inputs {
  std::vector<IntervalVolume> history;
  std::vector<sim::ReplayedContact> replay;
  std::optional<sim::EventLogReplay> event_log;  // back-office work from a process log
  std::optional<sim::PublishedSchedule> schedule;
};

Result<Inputs> read_inputs(const Scenario& scenario, const SimulateRequest& request) {
  Inputs in;
  auto arrivals = io::read_scenario_arrivals(scenario);
  if (!arrivals.is_ok()) return arrivals.status();
  in.history = std::move(arrivals).value();
  const std::string replay = request.replay.string();
  if (!replay.empty() && io::is_event_log_header(io::first_line_of(replay))) {
    auto r = io::read_event_log(replay);
    Status st = r.is_ok() ? sim::check_event_log(*r, scenario, replay) : r.status();
    if (!st.is_ok()) return st;
    in.event_log = std::move(r).value();
  } else if (!replay.empty()) {
    auto r = io::read_replay_file(replay);
    if (!r.is_ok()) return r.status();
    in.replay = std::move(r).value();
  }
  if (!request.schedule.empty()) {
    auto r = io::read_schedule_file(request.schedule.string());
    if (!r.is_ok()) return r.status();
    in.schedule = std::move(r).value();
  }
  if (in.history.empty() && in.replay.empty() && !in.event_log)
    return Status::invalid_argument(
        "the scenario names no arrival history (history.contacts / history.work_items) and no "
        "--replay file was given: nothing arrives");
  return in;
}

}  // namespace

Result<SimulateResult> simulate(const Scenario& given, const SimulateRequest& request) {
  // The what-if staff first: everything below (the search, the SLA checks) sees its people.
  auto what_if = change_staff(given, request.staff_change);
  if (!what_if.is_ok()) return what_if.status();
  const Scenario& scenario = *what_if;
  if (request.replications < 1)
    return Status::invalid_argument(
        fmt::format("replications must be at least 1 (got {})", request.replications));
  if (request.days < 1)
    return Status::invalid_argument(fmt::format("days must be at least 1 (got {})", request.days));
  // The options the simulator does not check itself, against the options table.
  for (const auto& [name, value] :
       {std::pair{"shrinkage", request.shrinkage}, std::pair{"threads", double(request.threads)},
        std::pair{"days", double(request.days)},
        std::pair{"replications", double(request.replications)},
        std::pair{"max_simulations", double(request.max_simulations)},
        std::pair{"max_staff_factor", request.max_staff_factor}}) {
    const OptionRecord& o = option(OptionGroup::kSimulation, name);
    if (!in_bounds(o, value))
      return Status::invalid_argument(fmt::format("{} {}", name, bounds_rule(o, value)));
  }
  auto policies = requested_policies(scenario, request.policies);
  if (!policies.is_ok()) return policies.status();
  auto inputs = read_inputs(scenario, request);
  if (!inputs.is_ok()) return inputs.status();
  if (!request.volume_scale.empty() && (!inputs->replay.empty() || inputs->event_log))
    return Status::invalid_argument(
        "--volume-scale scales the history's arrivals, not a --replay file's real ones: "
        "give one or the other");
  if (Status st = scale_volumes(scenario, request.volume_scale, inputs->history); !st.is_ok())
    return st;
  const Inputs& in = *inputs;
  auto progress = [&](const std::string& label, int done, int total) {
    if (request.on_progress) request.on_progress(label, done, total);
  };

  SimulateResult result;
  for (const sim::AgentGroupStaff& g : sim::agent_groups(scenario))
    result.people[g.group] = g.today;
  std::size_t replayed_cases = 0, replayed_steps = 0;  // event-log replay
  for (const Policy& policy : *policies) {
    auto build_for = [&](const Scenario& staffed, double scale) -> Result<sim::SimModel> {
      sim::ScenarioModelOptions options;
      options.days = request.days;
      options.staff_scale = scale;
      options.shrinkage = request.shrinkage;
      if (in.schedule) options.first_day = in.schedule->first_day;
      if (in.event_log && !in.schedule) options.first_day = in.event_log->first_day;
      auto m = sim::scenario_model(staffed, policy, in.history, options);
      if (!m.is_ok()) return m.status();
      if (in.schedule) {
        // Staff to target changes the people: the schedule follows (added people work the
        // shifts of their group's scheduled people); otherwise it is used as it is.
        auto roster =
            sim::roster_from_schedule(staffed,
                                      request.staff_to_target || !request.staff_change.empty()
                                          ? sim::schedule_for_staff(*in.schedule, staffed)
                                          : *in.schedule,
                                      in.schedule->first_day, request.days, m->start);
        if (!roster.is_ok()) return roster.status();
        m->agents = std::move(roster).value();
      }
      if (!in.replay.empty()) {
        // Replayed queues take the place of their random arrivals.
        std::erase_if(m->contacts, [&](const sim::ContactSource& c) {
          return std::any_of(in.replay.begin(), in.replay.end(),
                             [&](const sim::ReplayedContact& r) { return r.queue == c.queue; });
        });
        m->replayed_contacts = in.replay;
        std::erase_if(m->replayed_contacts,
                      [&](const sim::ReplayedContact& r) { return r.time >= m->horizon; });
      }
      if (in.event_log) {
        auto cases = sim::add_replayed_cases(*m, *in.event_log);
        if (!cases.is_ok()) return cases.status();
        replayed_cases = *cases;
        replayed_steps = 0;
        for (const sim::ReplayedItem& item : m->replayed_items)
          replayed_steps += item.step_handle_seconds.size();
      }
      if (result.expected_arrivals.empty()) {
        for (const sim::ContactSource& c : m->contacts)
          result.expected_arrivals[c.queue] += c.arrivals.total();
        for (const sim::ItemSource& i : m->items)
          result.expected_arrivals[i.process.empty() ? i.work_type : i.process] +=
              i.arrivals.total();
        for (const sim::BatchArrival& b : m->batches)
          result.expected_arrivals[b.process.empty() ? b.work_type : b.process] += b.count;
      }
      return m;
    };
    sim::RunOptions options;
    options.replications = request.replications;
    options.seed = request.seed;
    options.threads = request.threads;
    options.stop = request.stop;
    options.on_progress = [&](int done, int total) { progress(policy.id, done, total); };
    progress(policy.id, 0, request.replications);
    PolicyOutcome outcome;
    outcome.policy = policy.id;
    if (request.staff_to_target) {
      sim::StaffSearchOptions search;
      search.run = options;  // the search runs them without their progress callback
      search.max_factor = request.max_staff_factor;
      search.max_evaluations = request.max_simulations;
      search.not_required = request.not_required;
      search.on_progress = [&](const sim::StaffSearchProgress& p) {
        progress(policy.id + " " + p.phase, p.evaluation, p.max_evaluations);
      };
      // From a schedule, the search starts from the people it names.
      const Scenario start =
          in.schedule ? sim::scheduled_people_only(scenario, *in.schedule) : scenario;
      auto t = sim::search_staff(
          start, [&](const Scenario& staffed) { return build_for(staffed, 1.0); },
          sim::engine_router_factory(), search);
      if (!t.is_ok()) return t.status();
      outcome.run = std::move(t->run);
      outcome.search = std::move(t).value();
    } else {
      auto m = build_for(scenario, request.staff_scale);
      if (!m.is_ok()) return m.status();
      auto run = sim::run_replications(*m, sim::engine_router_factory(), options);
      if (!run.is_ok()) return run.status();
      outcome.run = std::move(run).value();
    }
    outcome.checks = sim::check_slas(scenario, outcome.run.estimates);
    for (const auto& r : outcome.run.replications) {
      if (r.rejected > 0) {
        result.warnings.push_back(
            fmt::format("policy {}: the engine rejected {} event(s) in replication {}; first: {}",
                        policy.id, r.rejected, r.index, r.first_rejection));
        if (request.on_warning) request.on_warning(result.warnings.back());
        break;
      }
    }
    result.outcomes.push_back(std::move(outcome));
    if (request.stop.stop_requested()) break;
  }
  result.interrupted = request.stop.stop_requested();
  if (in.event_log) {
    const Process* process = sim::case_process(*in.event_log, scenario);
    result.event_log = ReplaySummary{request.replay.string(), process != nullptr ? process->id : "",
                                     replayed_cases, replayed_steps};
  }
  return result;
}

}  // namespace tandem::app
