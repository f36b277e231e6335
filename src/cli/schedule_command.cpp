// SPDX-License-Identifier: Apache-2.0
// `tandem schedule SCENARIO`: forecast -> staffing requirement -> blended shift schedule with
// COIN-OR CBC, verified and explained (docs/scheduling.md). Ctrl-C stops the search and keeps
// the best schedule found so far. The use case is app::schedule_week; this file parses and
// formats.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <iostream>
#include <nlohmann/json.hpp>

#include "app/plan.h"
#include "cli/commands.h"
#include "cli/demo_stages.h"
#include "cli/output.h"
#include "cli/schedule_format.h"
#include "model/scenario.h"

namespace tandem::cli {

namespace {

namespace sch = tandem::schedule;

std::atomic<bool> g_stop{false};
void on_schedule_sigint(int) { g_stop.store(true); }

struct ScheduleArgs {
  std::string scenario;
  int weeks = 1;
  double time_limit = 60.0;
  double gap = 0.01;
  int seed = 1;
  std::string start;
  bool compare_siloed = false;
  std::string ics_dir;
  bool intervals = false;  // per-interval coverage and expected SL instead of the shift list
  OutputFormat format = OutputFormat::kTable;
};

std::string num(double v, int decimals = 2) { return fmt::format("{:.{}f}", v, decimals); }

// The request of the use case; its solves stop on Ctrl-C and show progress on a terminal.
app::ScheduleRequest schedule_request(const ScheduleArgs& a, bool progress) {
  app::ScheduleRequest r;
  r.weeks = a.weeks;
  r.compare_siloed = a.compare_siloed;
  r.solve.time_limit_seconds = a.time_limit;
  r.solve.relative_gap = a.gap;
  r.solve.seed = a.seed;
  r.solve.stop = &g_stop;
  if (progress) {
    r.solve.on_progress = [](const sch::SolveProgress& p) {
      std::cerr << fmt::format(
                       "\r  cover MIP: incumbent {:>12} bound {:>12.1f} gap {:>7} "
                       "elapsed {:6.1f} s   ",
                       std::isfinite(p.incumbent) ? num(p.incumbent, 1) : "-", p.bound,
                       std::isfinite(p.gap) ? num(100 * p.gap, 2) + "%" : "-", p.elapsed_seconds)
                << std::flush;
    };
    r.on_solve_done = [] { std::cerr << '\n'; };
  }
  return r;
}

// Runs the use case with Ctrl-C keeping the best schedule.
template <typename... Args>
Result<app::ScheduleWeek> schedule_with_sigint(Args&&... args) {
  g_stop.store(false);
  auto previous = std::signal(SIGINT, on_schedule_sigint);
  auto week = app::schedule_week(std::forward<Args>(args)...);
  std::signal(SIGINT, previous);
  return week;
}

int exit_for_outcome(const sch::ScheduleResult& r) {
  if (r.outcome == sch::ScheduleOutcome::kFailed) {
    std::cerr << "tandem schedule: the verifier rejected the schedule (" << r.violations.size()
              << " violation(s)); this is a bug, not a result\n";
    return 3;
  }
  return 0;
}

void print_comparison(const sch::ScheduleResult& blended, const sch::ScheduleResult& siloed,
                      std::ostream& out) {
  Table cmp({"operation", "cost", "unmet agent-h", "BO late hour-h", "objective", "outcome"});
  for (const auto& [name, r] : {std::pair{"blended", &blended}, std::pair{"siloed", &siloed}})
    cmp.add_row({name, num(r->cost, 0), num(r->unmet_agent_hours, 1),
                 num(r->back_office_late_hour_hours, 1), num(r->objective, 0),
                 sch::to_string(r->outcome)});
  cmp.print(out);
  out << fmt::format(
      "Blending saves {:.0f} (objective: cost + penalties for unmet cover and "
      "late work)\n",
      siloed.objective - blended.objective);
}

void print_week(const ScheduleArgs& a, const app::ScheduleWeek& w, std::ostream& out) {
  const sch::ScheduleProblem& p = w.problem;
  const sch::ScheduleResult& r = w.blended;
  if (a.format == OutputFormat::kJson) {
    nlohmann::json j = schedule_json(p, r);
    if (w.siloed) {
      const sch::ScheduleResult& s = *w.siloed;
      j["siloed"] = {{"outcome", sch::to_string(s.outcome)},
                     {"objective", s.objective},
                     {"cost", s.cost},
                     {"unmet_agent_hours", s.unmet_agent_hours},
                     {"back_office_late_hour_hours", s.back_office_late_hour_hours},
                     {"bound", s.mip_bound}};
      j["blending_saving"] = s.objective - r.objective;
    }
    out << j.dump(2) << '\n';
  } else if (a.format == OutputFormat::kCsv) {
    (a.intervals ? schedule_interval_table(p, r) : schedule_activity_table(p, r)).print_csv(out);
  } else {
    print_schedule_summary(p, r, out, 20);
    out << '\n';
    // --intervals replaces the shift table
    (a.intervals ? schedule_interval_table(p, r) : schedule_shift_table(p, r)).print(out);
    if (w.siloed) {
      out << '\n';
      print_comparison(r, *w.siloed, out);
    }
  }
}

int run_schedule(const ScheduleArgs& a, std::ostream& out) {
  ScenarioLoad load = load_scenario(a.scenario);
  if (!load.ok()) {
    std::cerr << to_string(load.problems);
    std::cerr << load.problems.size() << " problem(s) in " << a.scenario << '\n';
    return 1;
  }
  app::ScheduleRequest request = schedule_request(a, isatty(STDERR_FILENO) != 0);
  if (!a.start.empty()) {
    auto day = parse_local_date(a.start);
    if (!day) {
      std::cerr << "tandem schedule: --start: '" << a.start << "' is not YYYY-MM-DD\n";
      return 1;
    }
    request.start = *day;
  }
  auto week = schedule_with_sigint(*load.scenario, request);
  if (!week.is_ok()) {
    std::cerr << "tandem schedule: " << week.status().message() << '\n';
    return exit_code_for(week.status().code());
  }
  if (!week->siloed_status.is_ok()) {
    std::cerr << "tandem schedule: " << week->siloed_status.message() << '\n';
    return exit_code_for(week->siloed_status.code());
  }
  if (!a.ics_dir.empty() &&
      !write_agent_calendars(*load.scenario, week->problem, week->blended, a.ics_dir))
    return 1;
  print_week(a, *week, out);
  if (week->siloed && week->siloed->outcome == sch::ScheduleOutcome::kFailed)
    return exit_for_outcome(*week->siloed);
  return exit_for_outcome(week->blended);
}

}  // namespace

void add_schedule_command(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<ScheduleArgs>();
  auto* cmd = app.add_subcommand(
      "schedule",
      "blended shift schedule (COIN-OR CBC), verified, with unmet requirement explained");
  cmd->add_option("scenario", args->scenario, "scenario file")->required();
  add_table_option(cmd, OptionGroup::kSchedule, "weeks", args->weeks)->check(CLI::Range(1, 4));
  add_table_option(cmd, OptionGroup::kSchedule, "time_limit_seconds", args->time_limit)
      ->check(CLI::PositiveNumber);
  add_table_option(cmd, OptionGroup::kSchedule, "relative_gap", args->gap)
      ->check(CLI::Range(0.0, 0.99));
  add_table_option(cmd, OptionGroup::kSchedule, "seed", args->seed);
  cmd->add_option("--start", args->start,
                  "first day YYYY-MM-DD (default: the Monday after the history)");
  cmd->add_flag("--compare-siloed", args->compare_siloed,
                "also schedule a siloed operation and report the difference");
  cmd->add_option("--ics-dir", args->ics_dir, "write one iCalendar file per agent into DIR");
  cmd->add_flag("--intervals", args->intervals,
                "per interval and group: required, scheduled and expected service level "
                "(instead of the shift list; with --csv instead of the activity rows)");
  add_format_flags(cmd, args->format);
  cmd->callback([&ctx, args] { ctx.exit_code = run_schedule(*args, std::cout); });
}

int demo_stage_schedule(const Scenario& scenario, std::ostream& out) {
  out << "== 4. Schedule: blended vs siloed ==\n";
  auto forecast = app::forecast_horizon(scenario, 7);
  if (!forecast.is_ok()) {
    out << "  no demand to schedule: " << forecast.status().message() << '\n';
    return 0;
  }
  ScheduleArgs a;
  a.time_limit = 20;
  a.gap = 0.02;
  a.compare_siloed = true;
  auto week = schedule_with_sigint(scenario, app::schedule_demand(scenario, *forecast),
                                   schedule_request(a, isatty(STDERR_FILENO) != 0));
  if (!week.is_ok()) {
    std::cerr << "tandem demo: schedule: " << week.status().message() << '\n';
    return exit_code_for(week.status().code());
  }
  print_schedule_summary(week->problem, week->blended, out, 5);
  if (const auto& s = week->siloed)  // a failed siloed solve is left out of the demo
    out << fmt::format(
        "  siloed: cost {:.0f}, unmet {:.1f} agent-h, late {:.1f} hour-h, objective "
        "{:.0f} -> blending saves {:.0f}\n",
        s->cost, s->unmet_agent_hours, s->back_office_late_hour_hours, s->objective,
        s->objective - week->blended.objective);
  return exit_for_outcome(week->blended);
}

}  // namespace tandem::cli
