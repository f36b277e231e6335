// SPDX-License-Identifier: Apache-2.0
// Formatting of a schedule (`tandem schedule`, the demo's schedule stage): text summary,
// per-interval table, shift tables, JSON, and the agents' iCalendar files.
#pragma once

#include <nlohmann/json_fwd.hpp>
#include <ostream>
#include <string>

#include "cli/output.h"
#include "model/scenario.h"
#include "schedule/scenario_problem.h"
#include "schedule/schedule.h"

namespace tandem::cli {

// Headline, totals per group and the worst `max_unmet` unmet requirements.
void print_schedule_summary(const schedule::ScheduleProblem& p, const schedule::ScheduleResult& r,
                            std::ostream& out, size_t max_unmet);
// One row per front-office group and interval with contacts or requirement.
Table schedule_interval_table(const schedule::ScheduleProblem& p,
                              const schedule::ScheduleResult& r);
// One row per shift (text) and one per activity (CSV).
Table schedule_shift_table(const schedule::ScheduleProblem& p, const schedule::ScheduleResult& r);
Table schedule_activity_table(const schedule::ScheduleProblem& p,
                              const schedule::ScheduleResult& r);
// io::schedule_json with the expected service level of each group (app::cover_totals).
nlohmann::json schedule_json(const schedule::ScheduleProblem& p, const schedule::ScheduleResult& r);
// Writes DIR/<agent>.ics per agent; false (after printing why to stderr) on an error.
bool write_agent_calendars(const Scenario& scenario, const schedule::ScheduleProblem& p,
                           const schedule::ScheduleResult& r, const std::string& dir);

}  // namespace tandem::cli
