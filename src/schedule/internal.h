// SPDX-License-Identifier: Apache-2.0
// Internals shared by the scheduler's stages (not part of the module's API).
#pragma once

#include <atomic>
#include <string>
#include <vector>

#include "schedule/problem.h"
#include "schedule/schedule.h"

namespace tandem::schedule::detail {

// One possible shift: a template started at one minute with one length. Breaks: for each
// break rule of the template, every start minute (interval grid) inside its window.
struct ShiftKind {
  int template_index = 0;
  int day = 0;
  int start_minute = 0;  // horizon minutes
  int length_minutes = 0;
  int paid_minutes = 0;
  std::vector<std::vector<int>> break_starts;  // [rule][k] absolute start minutes
  int end_minute() const { return start_minute + length_minutes; }
};

std::vector<ShiftKind> enumerate_shift_kinds(const ScheduleProblem& problem);

// True when [start, end) (horizon minutes) lies inside the agent's availability.
bool is_available(const ScheduleProblem& problem, const ScheduleAgent& agent, int start, int end);

// The groups and work types (indices) an agent may serve, honouring siloed mode.
struct AgentSkills {
  std::vector<int> groups;
  std::vector<int> work_types;
};
AgentSkills skills_of(const ScheduleProblem& problem, const ScheduleAgent& agent);

int find_group(const ScheduleProblem& problem, const std::string& id);
int find_work_type(const ScheduleProblem& problem, const std::string& id);
int find_template(const ScheduleProblem& problem, const std::string& id);

// Output of the cover MIP: how many shifts of each kind each agent class works.
struct AgentClass {
  AgentSkills skills;
  std::vector<int> agents;  // indices into problem.agents
  double cost_per_hour = 0.0;
};
struct CoverPlan {
  std::vector<AgentClass> classes;
  std::vector<ShiftKind> kinds;
  std::vector<std::vector<int>> count;  // [class][kind]
  double objective = 0.0, bound = 0.0, gap = 0.0, seconds = 0.0;
  bool proven_optimal = false;
  bool interrupted = false;
  int columns = 0, rows = 0;
};
// Agents with equal skills, contract limits and available shift kinds form a class (and equal
// cost per hour while that gives at most kMaxCostClasses classes; else the class's mean cost).
inline constexpr size_t kMaxCostClasses = 48;
std::vector<AgentClass> classify_agents(const ScheduleProblem& problem,
                                        const std::vector<ShiftKind>& kinds);
Result<CoverPlan> solve_cover(const ScheduleProblem& problem, const SolveOptions& options);

// A shift of an agent while rostering: the kind and the chosen break starts.
struct Placed {
  int agent = 0;
  int kind = 0;                  // index into CoverPlan::kinds
  std::vector<int> break_start;  // [rule] absolute minute, -1 = not yet placed
};

// Rostering model (roster_model.cpp): per class, an assignment MIP per chunk of agents within
// `seconds` in all. placed_class[i] = the class shift i was planned for; leftover[c][k] = the
// planned shifts the model did not assign.
std::vector<Placed> roster_by_model(const ScheduleProblem& problem, const CoverPlan& plan,
                                    const SolveOptions& options, double seconds,
                                    std::vector<int>& placed_class,
                                    std::vector<std::vector<int>>& leftover);

// Rostering: assign the plan's shifts to named agents (contracts, availability, preferences,
// fairness): the rostering model first (`seconds`; 0 = greedy only), then greedy for what it
// left, ejection moves and shift swaps towards contract minimums; `explanations` receives
// shifts that no agent could take.
std::vector<Placed> roster(const ScheduleProblem& problem, const CoverPlan& plan,
                           const SolveOptions& options, double seconds,
                           std::vector<std::string>& explanations);

// Builds the final schedule from placed shifts: breaks, phones/back office per interval,
// coverage, back-office work, cost and penalties.
ScheduleResult build_schedule(const ScheduleProblem& problem, const CoverPlan& plan,
                              std::vector<Placed> placed);

// Local repair: adds shifts that lower the objective (unmet cover, contract minimums).
void repair(const ScheduleProblem& problem, const CoverPlan& plan, std::vector<Placed>& placed,
            std::vector<std::string>& explanations);

// Can `agent` take one more shift of `kind` next to the shifts in `placed` (hard rules)?
bool can_take(const ScheduleProblem& problem, const CoverPlan& plan,
              const std::vector<Placed>& placed, int agent, int kind);

// The unmet runs and the rule that binds each one.
std::vector<UnmetRequirement> explain_unmet(const ScheduleProblem& problem, const CoverPlan& plan,
                                            const std::vector<Placed>& placed,
                                            const ScheduleResult& result);

}  // namespace tandem::schedule::detail
