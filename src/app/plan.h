// SPDX-License-Identifier: Apache-2.0
// Plan a week: history -> forecast -> staffing requirement -> blended shift schedule
// (docs/staffing.md, docs/scheduling.md). Each step is a function of its own, so a client can
// stop after the forecast or the staffing; plan_week runs them all on one forecast.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "forecast/forecaster.h"
#include "model/interval_history.h"
#include "model/scenario.h"
#include "schedule/scenario_problem.h"
#include "schedule/schedule.h"
#include "staffing/process_flow.h"
#include "staffing/staff_plan.h"

namespace tandem::app {

// The forecast a planning horizon starts from.
struct HorizonForecast {
  LocalDays first_day{};
  int days = 0;
  forecast::ForecastTable table;
};

// `days` days of the scenario's history forecast (the `auto` method) from `first_day`, by
// default the Monday after the history. Errors: the history cannot be read or forecast.
Result<HorizonForecast> forecast_horizon(const Scenario& scenario, int days,
                                         std::optional<LocalDays> first_day = std::nullopt);

// The forecast as staffing rows (queue, interval start, volume, AHT): the arrivals, before
// they flow through the processes.
std::vector<IntervalVolume> staffing_rows(const HorizonForecast& forecast);

// The forecast's arrivals flowed through the scenario's processes over the forecast's horizon
// (staffing/process_flow.h): the work of every step of every process; other queues' rows as
// they are.
staffing::ProcessFlow process_workload(const Scenario& scenario, const HorizonForecast& forecast);

// The forecast on the scenario's interval grid as the scheduler's demand (forecasts at a
// coarser grain are spread evenly over the scenario's intervals), the work types of processes
// as process_workload gives them.
schedule::ScenarioDemand schedule_demand(const Scenario& scenario, const HorizonForecast& forecast);

struct StaffRequest {
  // A staffing forecast CSV (queue,interval_start,volume,aht_seconds); empty: the forecast of
  // the week after the scenario's history.
  std::filesystem::path forecast_file;
  std::vector<std::string> queues;  // only these queues (empty: every queue)
  staffing::StaffOptions options;
};

// Agents required per front-office queue and interval, and the back-office workload windows.
// The rows (a forecast: arrivals) first flow through the processes over whole ISO weeks
// (staffing/process_flow.h), so every step of every process gets its windows; the flow's notes
// join the plan's. InvalidArgument naming the field for an unknown queue, a shrinkage outside [0,
// 1) or a max occupancy outside (0, 1]; errors of the forecast file or the forecast.
Result<staffing::StaffPlan> plan_staffing(const Scenario& scenario, const StaffRequest& request);
// The same from forecast rows already made (request.forecast_file is not read).
Result<staffing::StaffPlan> plan_staffing(const Scenario& scenario,
                                          std::vector<IntervalVolume> rows,
                                          const StaffRequest& request);

// The scheduler's options with the options table's defaults (model/options.h): the use case
// gives the solve 60 s, the scheduler library's own default is 30 s.
schedule::SolveOptions default_solve_options();

struct ScheduleRequest {
  int weeks = 1;                                           // horizon, [1, 4]
  std::optional<LocalDays> start;                          // default: the Monday after the history
  schedule::SolveOptions solve = default_solve_options();  // time limit, gap, seed, stop, progress
  bool compare_siloed = false;          // also schedule a siloed operation (not after a stop)
  std::function<void()> on_solve_done;  // after each solve (e.g. to end a progress line)
};

struct ScheduleWeek {
  schedule::ScheduleProblem problem;
  schedule::ScheduleResult blended;
  // With compare_siloed: the siloed schedule, or why it failed (siloed_status; its message
  // starts with "siloed: ").
  std::optional<schedule::ScheduleResult> siloed;
  Status siloed_status;
};

// Schedules the demand: the blended operation, then (compare_siloed) the siloed one.
// Errors: the problem cannot be built or the blended solve fails.
Result<ScheduleWeek> schedule_week(const Scenario& scenario, const schedule::ScenarioDemand& demand,
                                   const ScheduleRequest& request);
// Forecast (weeks x 7 days from request.start) then schedule_week.
Result<ScheduleWeek> schedule_week(const Scenario& scenario, const ScheduleRequest& request);

struct PlanWeekRequest {
  staffing::StaffOptions staffing;
  ScheduleRequest schedule;
};

struct PlanWeek {
  HorizonForecast forecast;
  staffing::StaffPlan staffing;
  ScheduleWeek schedule;
};

// The whole loop on one forecast: forecast -> staffing -> schedule.
Result<PlanWeek> plan_week(const Scenario& scenario, const PlanWeekRequest& request);

// Totals of a plan, as `tandem staff --summary` and `tandem schedule` print them.
struct QueueStaffTotals {
  std::string queue;
  double volume = 0;
  double work_hours = 0;
  int peak_agents = 0;
  std::optional<LocalSeconds> peak_at;  // first interval at the peak
  double agent_hours = 0;
  double scheduled_hours = 0;
};
std::vector<QueueStaffTotals> front_office_totals(const staffing::StaffPlan& plan);

struct GroupCoverTotals {
  std::string group;
  double required_agent_hours = 0;
  double scheduled_agent_hours = 0;
  double unmet_agent_hours = 0;
  double expected_service_level = 0;  // weighted by contacts offered; NaN when none
};
std::vector<GroupCoverTotals> cover_totals(const schedule::ScheduleProblem& problem,
                                           const schedule::ScheduleResult& result);
// Agents with at least one shift.
int rostered_people(const schedule::ScheduleProblem& problem,
                    const schedule::ScheduleResult& result);

}  // namespace tandem::app
