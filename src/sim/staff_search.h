// SPDX-License-Identifier: Apache-2.0
// Multi-skill staffing by simulation ("staff to target" per agent group): the number of people
// per agent group that meets every SLA of the scenario at least cost, for one policy. Erlang
// formulas do not hold when queues share agents, so every candidate staffing is simulated
// (with the same seed: common random numbers, so two staffings see the same customers).
//
// Agent groups are the scenario's `agent_groups` entries, recognised by their agents' ids
// (<group>-<number>, sim::agent_group_of); robots are not searched (kept as they are). A
// staffing removes a group's last agents or clones its last agent under new numbers, so it
// may go above today's count.
//
// The search (docs/simulation.md, "Multi-skill staffing by simulation"):
//  1. Feasible point: from today's staff, while an SLA is missed, every group that serves a
//     missed SLA (holds the skill of its queue, or of a step of its process) grows by
//     `growth_step` x today's size (at least 1), up to `max_factor` x today's size. When every
//     SLA still missed has all its serving groups at the bound, the target is unreachable.
//  2. Removal: groups from the most expensive per hour down; each sheds agents (1, 2, 4 ...
//     then bisection) as long as every SLA stays met.
//  3. Substitution: an agent of an expensive group is swapped for one of a cheaper group that
//     shares a skill, while every SLA stays met and the measured cost falls; then one more
//     removal pass.
// "Met" is judged on the replications' mean of each KPI (sim/study.h, check_slas); the
// intervals are reported, not used. Pure and deterministic given the options' seed (the
// number of threads does not change the result); a stop request ends the search keeping the
// cheapest staffing found that meets every SLA.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "model/status.h"
#include "sim/model.h"
#include "sim/replications.h"
#include "sim/router.h"
#include "sim/study.h"

namespace tandem::sim {

struct AgentGroupStaff {
  std::string group;           // agent group id ("cc-voice")
  int today = 0;               // people of the group in the scenario
  int staff = 0;               // people in the staffing
  double cost_per_hour = 0.0;  // of the group's first agent
  std::vector<std::string> skills;
};

// The human agent groups of a scenario, in order of first appearance, staff = today.
std::vector<AgentGroupStaff> agent_groups(const Scenario& scenario);

// People per group: group id -> count (groups not named keep today's count).
using Staffing = std::map<std::string, int>;

// A copy of `scenario` with `staffing[g]` people in group g: its last agents removed, or its
// last agent cloned as <group>-<next number> (same team, skills, contract, cost). Robots and
// agents of groups not named are kept. InvalidArgument: an unknown group or a negative count.
Result<Scenario> scenario_with_staff(const Scenario& scenario, const Staffing& staffing);

// Builds the simulation model of a staffed scenario (e.g. scenario_model with its roster).
// The model points to `staffed`, which outlives the runs of the model.
using ModelOfStaff = std::function<Result<SimModel>(const Scenario& staffed)>;

struct StaffSearchProgress {
  int evaluation = 0;       // simulations done so far
  int max_evaluations = 0;  // the budget
  std::string phase;        // "feasible", "remove", "substitute"
  bool met = false;         // a staffing meeting every SLA has been found
  double best_cost = 0.0;   // its mean cost (currency units), when met
};

struct StaffSearchOptions {
  RunOptions run;             // replications, seed (common to every evaluation), threads, stop
  double max_factor = 3.0;    // a group never exceeds ceil(max_factor x max(today, 1))
  double growth_step = 0.25;  // share of today's size added per growth step (at least 1)
  int max_evaluations = 150;  // simulations (each of run.replications replications)
  // SLA checks of these scopes (queue / process ids) are reported but not required (a
  // what-if: "every SLA but email").
  std::vector<std::string> not_required;
  // Called after each evaluation (from the calling thread).
  std::function<void(const StaffSearchProgress&)> on_progress;
};

enum class StaffSearchOutcome {
  kMet,              // the search finished: a local optimum meeting every SLA
  kUnreachable,      // some SLA is missed even with its serving groups at the bound
  kInterrupted,      // stopped by the caller; the best staffing found so far (if any)
  kEvaluationLimit,  // the budget ran out; the best staffing found so far (if any)
};
const char* to_string(StaffSearchOutcome outcome);

struct StaffSearchResult {
  StaffSearchOutcome outcome = StaffSearchOutcome::kMet;
  bool met = false;                         // the staffing below meets every SLA
  std::vector<AgentGroupStaff> groups;      // the staffing found (or the last tried, if none met)
  std::shared_ptr<const Scenario> staffed;  // the scenario with that staffing
  RunResult run;                            // its simulation
  std::vector<SlaCheck> checks;             // every SLA, required or not
  Estimate staff_hours;                     // workforce KPIs of that run (robots included)
  Estimate cost;
  int evaluations = 0;
  std::string explanation;  // why unreachable / interrupted, in words
};

// InvalidArgument: no human agent group, a bad option (max_factor < 1, growth_step <= 0,
// max_evaluations < 1); errors of the model or the run are passed on.
Result<StaffSearchResult> search_staff(const Scenario& scenario, const ModelOfStaff& model,
                                       const RouterFactory& router,
                                       const StaffSearchOptions& options);

}  // namespace tandem::sim
