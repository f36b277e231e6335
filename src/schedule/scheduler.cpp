// SPDX-License-Identifier: Apache-2.0
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "model/calendar.h"
#include "schedule/internal.h"
#include "schedule/schedule.h"
#include "schedule/verifier.h"

namespace tandem::schedule {

namespace {
// Shares of the time limit: the cover MIP runs up to kCoverShare of it, the rostering model
// until kRosterEnd (at least a tenth of it), leaving the rest to repair and verification.
constexpr double kCoverShare = 0.5;
constexpr double kRosterEnd = 0.75;
}  // namespace

const char* to_string(ActivityKind kind) {
  switch (kind) {
    case ActivityKind::kPhones:
      return "phones";
    case ActivityKind::kBackOffice:
      return "back_office";
    case ActivityKind::kBreak:
      return "break";
    case ActivityKind::kLunch:
      return "lunch";
  }
  return "?";
}

const char* to_string(ScheduleOutcome outcome) {
  switch (outcome) {
    case ScheduleOutcome::kOptimal:
      return "optimal";
    case ScheduleOutcome::kFeasible:
      return "feasible";
    case ScheduleOutcome::kPartial:
      return "partial";
    case ScheduleOutcome::kInterrupted:
      return "interrupted";
    case ScheduleOutcome::kFailed:
      return "failed";
  }
  return "?";
}

std::string minute_label(const ScheduleProblem& problem, int minute) {
  static const char* const kDays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  const int day = minute / 1440;
  const int tod = minute % 1440;
  return fmt::format("{} {:02d}:{:02d}", kDays[problem.weekday_of(day)], tod / 60, tod % 60);
}

Result<ScheduleResult> solve_schedule(const ScheduleProblem& problem, const SolveOptions& options) {
  if (Status s = validate_problem(problem); !s.is_ok()) return s;
  if (!(options.time_limit_seconds > 0))
    return Status::invalid_argument("time limit must be positive (seconds)");
  if (!(options.relative_gap >= 0 && options.relative_gap < 1))
    return Status::invalid_argument("gap must be in [0, 1)");

  // The time limit covers both models (and what the cover MIP leaves unused goes to rostering).
  SolveOptions cover_options = options;
  cover_options.time_limit_seconds = kCoverShare * options.time_limit_seconds;
  Result<detail::CoverPlan> plan = detail::solve_cover(problem, cover_options);
  if (!plan.is_ok()) return plan.status();
  const double roster_seconds = std::max(0.1 * options.time_limit_seconds,
                                         kRosterEnd * options.time_limit_seconds - plan->seconds);
  std::vector<std::string> explanations;
  std::vector<detail::Placed> placed =
      detail::roster(problem, *plan, options, roster_seconds, explanations);
  detail::repair(problem, *plan, placed, explanations);
  ScheduleResult result = detail::build_schedule(problem, *plan, placed);
  result.mip_objective = plan->objective;
  result.mip_bound = plan->bound;
  result.mip_gap = plan->gap;
  result.mip_proven_optimal = plan->proven_optimal;
  result.mip_seconds = plan->seconds;
  result.mip_columns = plan->columns;
  result.mip_rows = plan->rows;
  result.gap_to_bound = std::abs(result.objective) > 1e-9
                            ? (result.objective - result.mip_bound) / std::abs(result.objective)
                            : 0.0;
  result.expected_service_level = expected_service_levels(problem, result.coverage);
  result.unmet = detail::explain_unmet(problem, *plan, placed, result);
  result.explanations = std::move(explanations);
  result.violations = verify_schedule(problem, result);

  bool only_unreachable_minimums = true;
  for (const Violation& v : result.violations)
    if (v.rule != "min_hours_per_week") only_unreachable_minimums = false;
  if (!result.violations.empty() && !only_unreachable_minimums) {
    result.outcome = ScheduleOutcome::kFailed;
  } else if (plan->interrupted) {
    result.outcome = ScheduleOutcome::kInterrupted;
  } else if (!result.violations.empty() || !result.unmet.empty() ||
             result.back_office_late_hour_hours > 1e-6) {
    result.outcome = ScheduleOutcome::kPartial;
  } else {
    result.outcome = plan->proven_optimal || plan->gap <= options.relative_gap + 1e-9
                         ? ScheduleOutcome::kOptimal
                         : ScheduleOutcome::kFeasible;
  }
  return result;
}

}  // namespace tandem::schedule
