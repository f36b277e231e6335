// `tandem schedule SCENARIO`: forecast -> staffing requirement -> blended shift schedule with
// COIN-OR CBC, verified and explained (docs/scheduling.md). Ctrl-C stops the search and keeps
// the best schedule found so far.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/demo_stages.h"
#include "cli/output.h"
#include "forecast/scenario_forecast.h"
#include "model/scenario.h"
#include "schedule/ics.h"
#include "schedule/scenario_problem.h"
#include "schedule/schedule.h"

namespace tandem::cli {

namespace {

namespace sch = tandem::schedule;
namespace fc = tandem::forecast;

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

std::string date_of(const sch::ScheduleProblem& p, int day) {
  return format_local_date(p.start_date + std::chrono::days{day});
}

std::string hhmm(int minute) {
  return fmt::format("{:02d}:{:02d}", (minute % 1440) / 60, minute % 60);
}

// The demand of the horizon: the forecast of the scenario's history, from the Monday after it.
Result<sch::ScenarioDemand> forecast_demand(const Scenario& scenario, int weeks,
                                            const std::string& start) {
  fc::ForecastOptions options;
  options.horizon_days = 7 * weeks;
  auto history = fc::read_scenario_history(scenario);  // read once: the start and the forecast
  if (!history.is_ok()) return history.status();
  if (!start.empty()) {
    auto day = parse_local_date(start);
    if (!day) return Status::invalid_argument("--start: '" + start + "' is not YYYY-MM-DD");
    options.first_day = *day;
  } else {
    options.first_day = fc::next_monday_after(*history);
  }
  auto table = fc::forecast_scenario(scenario, *history, options);
  if (!table.is_ok()) return table.status();
  sch::ScenarioDemand demand;
  demand.start_date = *options.first_day;
  demand.days = 7 * weeks;
  const int iv = scenario.interval.minutes;
  const int n = demand.days * 1440 / iv;
  for (const auto& q : table->queues) {
    sch::QueueDemand d;
    d.queue = q.queue;
    d.volume.assign(n, 0.0);
    d.aht_seconds.assign(n, 0.0);
    for (const auto& f : q.intervals) {
      const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(
                               f.start - LocalSeconds{demand.start_date})
                               .count();
      // Forecasts at a coarser grain than the scenario's are spread over its intervals.
      const int parts = std::max(1, q.grain_minutes / iv);
      for (int k = 0; k < parts; ++k) {
        const long t = minutes / iv + k;
        if (t < 0 || t >= n) continue;
        d.volume[t] += f.volume / parts;
        d.aht_seconds[t] = f.aht_seconds.value_or(0.0);
      }
    }
    demand.queues.push_back(std::move(d));
  }
  return demand;
}

sch::SolveOptions solve_options(const ScheduleArgs& a, bool progress) {
  sch::SolveOptions o;
  o.time_limit_seconds = a.time_limit;
  o.relative_gap = a.gap;
  o.seed = a.seed;
  o.stop = &g_stop;
  if (progress)
    o.on_progress = [](const sch::SolveProgress& p) {
      std::cerr << fmt::format(
                       "\r  cover MIP: incumbent {:>12} bound {:>12.1f} gap {:>7} "
                       "elapsed {:6.1f} s   ",
                       std::isfinite(p.incumbent) ? num(p.incumbent, 1) : "-", p.bound,
                       std::isfinite(p.gap) ? num(100 * p.gap, 2) + "%" : "-", p.elapsed_seconds)
                << std::flush;
    };
  return o;
}

// Solves with Ctrl-C keeping the best schedule.
Result<sch::ScheduleResult> run_solve(const sch::ScheduleProblem& problem, const ScheduleArgs& a,
                                      bool progress) {
  g_stop.store(false);
  auto previous = std::signal(SIGINT, on_schedule_sigint);
  auto result = sch::solve_schedule(problem, solve_options(a, progress));
  std::signal(SIGINT, previous);
  if (progress) std::cerr << '\n';
  return result;
}

// Expected SL of a group over the horizon, weighted by the contacts offered (NaN if none).
double mean_service_level(const sch::ScheduleProblem& p, const sch::ScheduleResult& r, size_t g) {
  double offered = 0, answered = 0;
  const auto& load = p.front_office[g].load;
  for (size_t t = 0; t < load.size() && t < r.expected_service_level[g].size(); ++t) {
    const double sl = r.expected_service_level[g][t];
    if (!std::isfinite(sl)) continue;
    offered += load[t].arrivals_per_second;
    answered += load[t].arrivals_per_second * sl;
  }
  return offered > 0 ? answered / offered : std::numeric_limits<double>::quiet_NaN();
}

std::string percent_or_dash(double share) {
  return std::isfinite(share) ? num(100 * share, 1) + "%" : "-";
}

// One row per front-office group and interval with contacts or requirement.
Table interval_table(const sch::ScheduleProblem& p, const sch::ScheduleResult& r) {
  Table t({"group", "date", "start", "end", "required", "scheduled", "expected_sl"});
  for (size_t g = 0; g < p.front_office.size(); ++g)
    for (int i = 0; i < p.interval_count(); ++i) {
      const double req = p.front_office[g].required_agents[i];
      const double sl = r.expected_service_level[g][i];
      if (req <= 0 && r.coverage[g][i] <= 0 && !std::isfinite(sl)) continue;
      const int minute = i * p.interval_minutes;
      t.add_row({p.front_office[g].id, date_of(p, minute / 1440), hhmm(minute),
                 hhmm(minute + p.interval_minutes), num(req, 0), num(r.coverage[g][i], 0),
                 std::isfinite(sl) ? num(sl, 4) : ""});
    }
  return t;
}

nlohmann::json result_json(const sch::ScheduleProblem& p, const sch::ScheduleResult& r) {
  nlohmann::json j;
  j["outcome"] = sch::to_string(r.outcome);
  j["objective"] = r.objective;
  j["bound"] = r.mip_bound;
  j["gap"] = r.gap_to_bound;
  j["mip"] = {{"objective", r.mip_objective},
              {"bound", r.mip_bound},
              {"gap", r.mip_gap},
              {"proven_optimal", r.mip_proven_optimal},
              {"seconds", r.mip_seconds},
              {"columns", r.mip_columns},
              {"rows", r.mip_rows}};
  j["cost"] = r.cost;
  j["penalty"] = r.penalty;
  j["unmet_agent_hours"] = r.unmet_agent_hours;
  j["back_office_late_hour_hours"] = r.back_office_late_hour_hours;
  j["start_date"] = date_of(p, 0);
  j["interval_minutes"] = p.interval_minutes;
  nlohmann::json unmet = nlohmann::json::array();
  for (const auto& u : r.unmet)
    unmet.push_back({{"group", u.group},
                     {"from", sch::minute_label(p, u.first_interval * p.interval_minutes)},
                     {"to", sch::minute_label(p, u.end_interval * p.interval_minutes)},
                     {"first_interval", u.first_interval},
                     {"end_interval", u.end_interval},
                     {"max_short_agents", u.max_short_agents},
                     {"short_agent_hours", u.short_agent_hours},
                     {"reason", u.reason}});
  j["unmet"] = unmet;
  j["explanations"] = r.explanations;
  nlohmann::json violations = nlohmann::json::array();
  for (const auto& v : r.violations)
    violations.push_back({{"rule", v.rule}, {"message", v.message}});
  j["violations"] = violations;
  nlohmann::json agents = nlohmann::json::array();
  for (size_t a = 0; a < p.agents.size(); ++a) {
    nlohmann::json shifts = nlohmann::json::array();
    for (const auto& s : r.shifts) {
      if (s.agent != static_cast<int>(a)) continue;
      nlohmann::json acts = nlohmann::json::array();
      for (const auto& act : s.activities)
        acts.push_back({{"kind", sch::to_string(act.kind)},
                        {"target", act.target},
                        {"start", hhmm(act.start_minute)},
                        {"end", hhmm(act.end_minute)}});
      shifts.push_back({{"date", date_of(p, s.day)},
                        {"template", s.template_id},
                        {"start", hhmm(s.start_minute)},
                        {"end", hhmm(s.end_minute)},
                        {"paid_hours", s.paid_minutes / 60.0},
                        {"activities", acts}});
    }
    agents.push_back({{"id", p.agents[a].id}, {"name", p.agents[a].name}, {"shifts", shifts}});
  }
  j["agents"] = agents;
  nlohmann::json coverage = nlohmann::json::object();
  for (size_t g = 0; g < p.front_office.size(); ++g) {
    nlohmann::json sl = nlohmann::json::array();  // null where no contact is offered
    for (double v : r.expected_service_level[g])
      sl.push_back(std::isfinite(v) ? nlohmann::json(v) : nlohmann::json());
    const double mean = mean_service_level(p, r, g);
    coverage[p.front_office[g].id] = {
        {"required", p.front_office[g].required_agents},
        {"scheduled", r.coverage[g]},
        {"expected_service_level", sl},
        {"expected_service_level_overall",
         std::isfinite(mean) ? nlohmann::json(mean) : nlohmann::json()}};
  }
  j["coverage"] = coverage;
  nlohmann::json bo = nlohmann::json::object();
  for (size_t w = 0; w < p.back_office.size(); ++w)
    bo[p.back_office[w].work_type] = {{"available_hours", p.back_office[w].available_hours},
                                      {"due_hours", p.back_office[w].due_hours},
                                      {"done_hours", r.back_office_done[w]}};
  j["back_office"] = bo;
  return j;
}

void print_summary(const sch::ScheduleProblem& p, const sch::ScheduleResult& r, std::ostream& out,
                   size_t max_unmet) {
  int people = 0;
  for (size_t a = 0; a < p.agents.size(); ++a)
    for (const auto& s : r.shifts)
      if (s.agent == static_cast<int>(a)) {
        ++people;
        break;
      }
  out << fmt::format("Schedule {} .. {} ({} days, {} agents, {} rostered, {} shifts): {}\n",
                     date_of(p, 0), date_of(p, p.days - 1), p.days, p.agents.size(), people,
                     r.shifts.size(), sch::to_string(r.outcome));
  out << fmt::format(
      "  objective {:.0f} = cost {:.0f} + penalties {:.0f}; cover-MIP bound {:.0f} "
      "(gap {:.2f}%; MIP {:.0f}, gap {:.2f}%, {:.1f} s, {} columns)\n",
      r.objective, r.cost, r.penalty, r.mip_bound, 100 * r.gap_to_bound, r.mip_objective,
      100 * r.mip_gap, r.mip_seconds, r.mip_columns);
  out << fmt::format(
      "  front office unmet {:.1f} agent-hours; back office late {:.1f} "
      "hour-hours\n",
      r.unmet_agent_hours, r.back_office_late_hour_hours);
  Table groups({"group", "required agent-h", "scheduled agent-h", "unmet agent-h", "expected SL"});
  const double h = p.interval_minutes / 60.0;
  for (size_t g = 0; g < p.front_office.size(); ++g) {
    double req = 0, cov = 0, unmet = 0;
    for (int t = 0; t < p.interval_count(); ++t) {
      req += p.front_office[g].required_agents[t] * h;
      cov += r.coverage[g][t] * h;
      unmet += std::max(0.0, p.front_office[g].required_agents[t] - r.coverage[g][t]) * h;
    }
    groups.add_row({p.front_office[g].id, num(req, 1), num(cov, 1), num(unmet, 1),
                    percent_or_dash(mean_service_level(p, r, g))});
  }
  for (size_t w = 0; w < p.back_office.size(); ++w) {
    const auto& win = p.back_office[w];
    groups.add_row({win.work_type + " (back office)", num(win.due_hours.back(), 1) + " due",
                    num(r.back_office_done[w].back(), 1) + " done",
                    num(win.available_hours.back(), 1) + " arrived", ""});
  }
  groups.print(out);
  if (!r.unmet.empty()) {
    out << "Unmet requirement (worst first):\n";
    std::vector<const sch::UnmetRequirement*> order;
    for (const auto& u : r.unmet) order.push_back(&u);
    std::stable_sort(order.begin(), order.end(),
                     [](auto* a, auto* b) { return a->short_agent_hours > b->short_agent_hours; });
    for (size_t i = 0; i < order.size() && i < max_unmet; ++i) {
      const auto& u = *order[i];
      out << fmt::format("  {}-{} {} short by {:g}: {}\n",
                         sch::minute_label(p, u.first_interval * p.interval_minutes),
                         hhmm(u.end_interval * p.interval_minutes), u.group, u.max_short_agents,
                         u.reason);
    }
    if (order.size() > max_unmet) out << fmt::format("  ... {} more\n", order.size() - max_unmet);
  }
  for (const auto& e : r.explanations) out << "  note: " << e << '\n';
  for (const auto& v : r.violations) out << "  VIOLATION " << v.rule << ": " << v.message << '\n';
}

std::string activity_summary(const sch::AgentShift& s) {
  std::string out;
  for (const auto& a : s.activities) {
    if (!out.empty()) out += ", ";
    out +=
        fmt::format("{}-{} {}", hhmm(a.start_minute), hhmm(a.end_minute),
                    a.kind == sch::ActivityKind::kPhones || a.kind == sch::ActivityKind::kBackOffice
                        ? a.target
                        : sch::to_string(a.kind));
  }
  return out;
}

int write_ics(const Scenario& scenario, const sch::ScheduleProblem& p, const sch::ScheduleResult& r,
              const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << "tandem schedule: --ics-dir " << dir << ": " << ec.message() << '\n';
    return 1;
  }
  const std::string zone = scenario.sites.empty() ? "UTC" : scenario.sites.front().time_zone;
  for (size_t a = 0; a < p.agents.size(); ++a) {
    const std::filesystem::path file = std::filesystem::path(dir) / (p.agents[a].id + ".ics");
    std::ofstream f(file, std::ios::binary);
    f << sch::agent_ics(p, r, static_cast<int>(a), zone);
    if (!f) {
      std::cerr << "tandem schedule: cannot write " << file.string() << '\n';
      return 1;
    }
  }
  return 0;
}

int exit_for_outcome(const sch::ScheduleResult& r) {
  if (r.outcome == sch::ScheduleOutcome::kFailed) {
    std::cerr << "tandem schedule: the verifier rejected the schedule (" << r.violations.size()
              << " violation(s)); this is a bug, not a result\n";
    return 3;
  }
  return 0;
}

int run_schedule(const ScheduleArgs& a, std::ostream& out) {
  ScenarioLoad load = load_scenario(a.scenario);
  if (!load.ok()) {
    std::cerr << to_string(load.problems);
    std::cerr << load.problems.size() << " problem(s) in " << a.scenario << '\n';
    return 1;
  }
  const Scenario& scenario = *load.scenario;
  auto demand = forecast_demand(scenario, a.weeks, a.start);
  if (!demand.is_ok()) {
    std::cerr << "tandem schedule: " << demand.status().message() << '\n';
    return exit_code_for(demand.status().code());
  }
  auto problem = sch::problem_from_scenario(scenario, *demand, true);
  if (!problem.is_ok()) {
    std::cerr << "tandem schedule: " << problem.status().message() << '\n';
    return exit_code_for(problem.status().code());
  }
  const bool progress = isatty(STDERR_FILENO) != 0;
  auto result = run_solve(*problem, a, progress);
  if (!result.is_ok()) {
    std::cerr << "tandem schedule: " << result.status().message() << '\n';
    return exit_code_for(result.status().code());
  }
  std::optional<sch::ScheduleProblem> siloed_problem;
  std::optional<sch::ScheduleResult> siloed;
  if (a.compare_siloed && !g_stop.load()) {
    siloed_problem = *problem;
    siloed_problem->blending = false;
    auto s = run_solve(*siloed_problem, a, progress);
    if (!s.is_ok()) {
      std::cerr << "tandem schedule: siloed: " << s.status().message() << '\n';
      return exit_code_for(s.status().code());
    }
    siloed = std::move(*s);
  }
  if (!a.ics_dir.empty())
    if (int code = write_ics(scenario, *problem, *result, a.ics_dir); code != 0) return code;

  if (a.format == OutputFormat::kJson) {
    nlohmann::json j = result_json(*problem, *result);
    if (siloed) {
      j["siloed"] = {{"outcome", sch::to_string(siloed->outcome)},
                     {"objective", siloed->objective},
                     {"cost", siloed->cost},
                     {"unmet_agent_hours", siloed->unmet_agent_hours},
                     {"back_office_late_hour_hours", siloed->back_office_late_hour_hours},
                     {"bound", siloed->mip_bound}};
      j["blending_saving"] = siloed->objective - result->objective;
    }
    out << j.dump(2) << '\n';
  } else if (a.format == OutputFormat::kCsv && a.intervals) {
    interval_table(*problem, *result).print_csv(out);
  } else if (a.format == OutputFormat::kCsv) {
    Table t({"agent", "date", "shift_start", "shift_end", "template", "activity", "target", "start",
             "end"});
    for (const auto& s : result->shifts)
      for (const auto& act : s.activities)
        t.add_row({problem->agents[s.agent].id, date_of(*problem, s.day), hhmm(s.start_minute),
                   hhmm(s.end_minute), s.template_id, sch::to_string(act.kind), act.target,
                   hhmm(act.start_minute), hhmm(act.end_minute)});
    t.print_csv(out);
  } else {
    print_summary(*problem, *result, out, 20);
    if (a.intervals) {
      out << '\n';
      interval_table(*problem, *result).print(out);
    }
    if (!a.intervals) {  // --intervals replaces the shift table
      Table t({"agent", "date", "shift", "template", "paid h", "activities"});
      for (const auto& s : result->shifts)
        t.add_row({problem->agents[s.agent].id, date_of(*problem, s.day),
                   hhmm(s.start_minute) + "-" + hhmm(s.end_minute), s.template_id,
                   num(s.paid_minutes / 60.0, 2), activity_summary(s)});
      out << '\n';
      t.print(out);
    }
    if (siloed) {
      out << '\n';
      Table cmp({"operation", "cost", "unmet agent-h", "BO late hour-h", "objective", "outcome"});
      cmp.add_row({"blended", num(result->cost, 0), num(result->unmet_agent_hours, 1),
                   num(result->back_office_late_hour_hours, 1), num(result->objective, 0),
                   sch::to_string(result->outcome)});
      cmp.add_row({"siloed", num(siloed->cost, 0), num(siloed->unmet_agent_hours, 1),
                   num(siloed->back_office_late_hour_hours, 1), num(siloed->objective, 0),
                   sch::to_string(siloed->outcome)});
      cmp.print(out);
      out << fmt::format(
          "Blending saves {:.0f} (objective: cost + penalties for unmet cover and "
          "late work)\n",
          siloed->objective - result->objective);
    }
  }
  if (siloed && siloed->outcome == sch::ScheduleOutcome::kFailed) return exit_for_outcome(*siloed);
  return exit_for_outcome(*result);
}

}  // namespace

void add_schedule_command(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<ScheduleArgs>();
  auto* cmd = app.add_subcommand(
      "schedule",
      "blended shift schedule (COIN-OR CBC), verified, with unmet requirement explained");
  cmd->add_option("scenario", args->scenario, "scenario file")->required();
  cmd->add_option("--weeks", args->weeks, "horizon in weeks")
      ->check(CLI::Range(1, 4))
      ->capture_default_str();
  cmd->add_option("--time-limit", args->time_limit,
                  "seconds for the cover MIP (60%) and the rostering model")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--gap", args->gap, "relative MIP gap to stop at (0.01 = 1%)")
      ->check(CLI::Range(0.0, 0.99))
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "random seed of the solver")->capture_default_str();
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
  auto demand = forecast_demand(scenario, 1, "");
  if (!demand.is_ok()) {
    out << "  no demand to schedule: " << demand.status().message() << '\n';
    return 0;
  }
  auto problem = sch::problem_from_scenario(scenario, *demand, true);
  if (!problem.is_ok()) {
    std::cerr << "tandem demo: schedule: " << problem.status().message() << '\n';
    return exit_code_for(problem.status().code());
  }
  ScheduleArgs a;
  a.time_limit = 20;
  a.gap = 0.02;
  const bool progress = isatty(STDERR_FILENO) != 0;
  auto blended = run_solve(*problem, a, progress);
  if (!blended.is_ok()) {
    std::cerr << "tandem demo: schedule: " << blended.status().message() << '\n';
    return exit_code_for(blended.status().code());
  }
  print_summary(*problem, *blended, out, 5);
  sch::ScheduleProblem siloed_problem = *problem;
  siloed_problem.blending = false;
  auto siloed = run_solve(siloed_problem, a, progress);
  if (siloed.is_ok())
    out << fmt::format(
        "  siloed: cost {:.0f}, unmet {:.1f} agent-h, late {:.1f} hour-h, objective "
        "{:.0f} -> blending saves {:.0f}\n",
        siloed->cost, siloed->unmet_agent_hours, siloed->back_office_late_hour_hours,
        siloed->objective, siloed->objective - blended->objective);
  return exit_for_outcome(*blended);
}

}  // namespace tandem::cli
