// SPDX-License-Identifier: Apache-2.0
// The scheduler: validate -> cover MIP (COIN-OR CBC) -> rostering to named agents -> break
// placement -> phones/back-office assignment per interval -> local repair -> independent
// verification (schedule/verifier.h) -> explanation of what stays unmet.
//
// Deterministic for a given problem, options and seed when the MIP finishes within its time
// limit (CBC runs on one thread with a fixed seed). Thread safety: solve_schedule() shares no
// state; run several at once on different problems freely.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <vector>

#include "model/status.h"
#include "schedule/problem.h"

namespace tandem::schedule {

enum class ActivityKind { kPhones, kBackOffice, kBreak, kLunch };
const char* to_string(ActivityKind kind);

// One block of an agent's shift, in horizon minutes [start_minute, end_minute).
struct Activity {
  ActivityKind kind = ActivityKind::kPhones;
  std::string target;  // FrontOfficeGroup id (phones), work type (back office), rule id (breaks)
  int start_minute = 0;
  int end_minute = 0;
};

struct AgentShift {
  int agent = 0;  // index into ScheduleProblem::agents
  std::string template_id;
  int day = 0;  // horizon day the shift starts on
  int start_minute = 0;
  int end_minute = 0;
  int paid_minutes = 0;              // length minus unpaid breaks
  std::vector<Activity> activities;  // in time order, tiling [start_minute, end_minute)
};

// A run of intervals of one front-office group left short, and the rule that binds.
struct UnmetRequirement {
  std::string group;
  int first_interval = 0;  // [first_interval, end_interval)
  int end_interval = 0;
  double max_short_agents = 0.0;
  double short_agent_hours = 0.0;
  std::string reason;  // e.g. "no shift template covers this time"
};

// What the optimiser found (HiGHS-style: separate from whether the call worked).
enum class ScheduleOutcome {
  kOptimal,      // all requirements met, cover MIP proven optimal (within the gap)
  kFeasible,     // all requirements met, stopped at the time limit
  kPartial,      // verified schedule, but requirement unmet or contract minimum not reachable
  kInterrupted,  // stopped by the caller; the best verified schedule found so far
  kFailed,       // the verifier rejected the schedule (a bug): never a success
};
const char* to_string(ScheduleOutcome outcome);

struct Violation {
  std::string rule;  // e.g. "min_rest", "max_hours_per_week"
  std::string message;
};

struct ScheduleResult {
  ScheduleOutcome outcome = ScheduleOutcome::kFailed;
  std::vector<AgentShift> shifts;  // sorted by agent, then start
  // The cover MIP (costs in the problem's cost units): incumbent, best bound, relative gap.
  double mip_objective = 0.0;
  double mip_bound = 0.0;
  double mip_gap = 0.0;
  bool mip_proven_optimal = false;
  double mip_seconds = 0.0;
  int mip_columns = 0;
  int mip_rows = 0;
  // The final schedule: cost of paid hours, penalties, and objective = cost + penalties.
  double cost = 0.0;
  double penalty = 0.0;
  double objective = 0.0;
  double gap_to_bound = 0.0;  // (objective - mip_bound) / objective
  double unmet_agent_hours = 0.0;
  double back_office_late_hour_hours = 0.0;
  // Per group / work type and interval.
  std::vector<std::vector<double>> coverage;          // agents on phones [group][interval]
  std::vector<std::vector<double>> back_office_done;  // cumulative hours [work type][interval]
  // Expected service level [group][interval] in [0, 1]: the share of contacts answered within
  // the group's threshold with the agents the schedule puts on its phones (staffing::evaluate,
  // Erlang A when the load has a patience); NaN where the group has no load or none is offered.
  std::vector<std::vector<double>> expected_service_level;
  std::vector<UnmetRequirement> unmet;
  std::vector<std::string> explanations;  // contract minimums not reached, shifts not rostered
  std::vector<Violation> violations;      // from the verifier; empty unless kFailed/kPartial
};

struct SolveProgress {
  double incumbent = 0.0;  // best objective of the cover MIP so far (inf if none)
  double bound = 0.0;
  double gap = 0.0;
  double elapsed_seconds = 0.0;
};

struct SolveOptions {
  // Wall clock for both models (always set): the cover MIP gets 60% of it, the rostering model
  // runs until 85% of it (at least 10%); repair and verification follow.
  double time_limit_seconds = 30.0;
  double relative_gap = 0.01;  // stop once (incumbent - bound) / incumbent <= gap
  int seed = 1;
  // Branch-and-bound node limit of each MIP (0 = none): unlike the time limit, stopping on it
  // gives the same schedule on every machine.
  int max_nodes = 0;
  int threads = 1;          // 1 keeps the solve deterministic
  int break_positions = 5;  // break start positions per rule offered to the cover MIP
  // Set by the caller (e.g. a SIGINT handler) to stop early keeping the best schedule.
  const std::atomic<bool>* stop = nullptr;
  // Called from the solving thread now and then (new incumbent, every few nodes).
  std::function<void(const SolveProgress&)> on_progress;
};

// Validates (InvalidArgument naming the entity and rule), then schedules. A schedule that
// fails verification comes back with outcome kFailed and its violations, never as a success.
Result<ScheduleResult> solve_schedule(const ScheduleProblem& problem, const SolveOptions& options);

// Expected service level per group and interval of `coverage` (agents on the phones per
// [group][interval], as ScheduleResult::coverage) against the groups' offered load: see
// ScheduleResult::expected_service_level. Pure.
std::vector<std::vector<double>> expected_service_levels(
    const ScheduleProblem& problem, const std::vector<std::vector<double>>& coverage);

// Human label of a horizon minute, e.g. "Tue 08:00" (day index from the problem's start date).
std::string minute_label(const ScheduleProblem& problem, int minute);

}  // namespace tandem::schedule
