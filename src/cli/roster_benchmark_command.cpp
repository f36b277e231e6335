// SPDX-License-Identifier: Apache-2.0
// `tandem roster-benchmark FILE...`: Curtois & Qu's employee shift scheduling benchmark
// (../shared/data/curtois) solved with the person x day x shift MIP of
// schedule/curtois_model.h, each roster re-checked by the independent checker, compared with
// the best known value (best_known.csv beside the instance, or --best-known). Ctrl-C stops the
// current search and keeps its best roster; the remaining files are skipped.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/commands.h"
#include "cli/output.h"
#include "schedule/curtois_model.h"
#include "schedule/curtois_parser.h"

namespace tandem::cli {

namespace {

namespace cur = tandem::schedule::curtois;

std::atomic<bool> g_roster_stop{false};
void on_roster_sigint(int) { g_roster_stop.store(true); }

struct RosterBenchmarkArgs {
  std::vector<std::string> files;
  double time_limit = 60.0;
  double gap = 0.0;
  int seed = 1;
  int threads = 1;
  std::string best_known;  // default: best_known.csv beside each instance
  bool show_roster = false;
  OutputFormat format = OutputFormat::kTable;
};

struct Run {
  std::string file;
  cur::Instance instance;
  cur::Solution solution;
  std::optional<cur::BestKnown> best;
};

std::optional<cur::BestKnown> best_known_for(const RosterBenchmarkArgs& a, const std::string& file,
                                             const std::string& name, std::string& warning) {
  const std::string path =
      !a.best_known.empty()
          ? a.best_known
          : (std::filesystem::path(file).parent_path() / "best_known.csv").string();
  if (a.best_known.empty() && !std::filesystem::exists(path)) return std::nullopt;
  auto table = cur::read_best_known(path);
  if (!table.is_ok()) {
    warning = table.status().message();
    return std::nullopt;
  }
  for (const auto& b : *table)
    if (b.instance == name) return b;
  return std::nullopt;
}

std::string number(double v) {
  if (!std::isfinite(v)) return "-";
  return fmt::format("{:.0f}", v);
}

std::string percent(double v) { return std::isfinite(v) ? fmt::format("{:.2f}%", 100 * v) : "-"; }

bool has_roster(const Run& r) { return !r.solution.roster.shift.empty(); }

double gap_to_best(const Run& r) {
  if (!has_roster(r) || !r.best || r.best->solution == 0) return NAN;
  return (r.solution.objective - r.best->solution) / r.best->solution;
}

std::string check_label(const Run& r) {
  if (!has_roster(r)) return "-";
  return r.solution.evaluation.feasible()
             ? "ok"
             : fmt::format("FAILED ({})", r.solution.evaluation.violations.size());
}

nlohmann::json run_json(const Run& r) {
  const cur::Instance& in = r.instance;
  const cur::Solution& s = r.solution;
  nlohmann::json j;
  j["instance"] = in.name;
  j["file"] = r.file;
  j["staff"] = in.employees.size();
  j["days"] = in.days;
  j["shift_types"] = in.shifts.size();
  j["outcome"] = cur::to_string(s.outcome);
  j["objective"] = has_roster(r) ? nlohmann::json(s.objective) : nlohmann::json(nullptr);
  j["bound"] = std::isfinite(s.bound) ? nlohmann::json(s.bound) : nlohmann::json(nullptr);
  j["gap"] = has_roster(r) ? nlohmann::json(s.gap) : nlohmann::json(nullptr);
  j["best_known"] = r.best ? nlohmann::json(r.best->solution) : nlohmann::json(nullptr);
  j["best_known_proven_optimal"] = r.best ? r.best->proven_optimal : false;
  const double g = gap_to_best(r);
  j["gap_to_best_known"] = std::isfinite(g) ? nlohmann::json(g) : nlohmann::json(nullptr);
  j["seconds"] = s.seconds;
  j["mip"] = {{"columns", s.columns}, {"rows", s.rows}, {"nodes", s.nodes}};
  if (has_roster(r)) {
    const cur::Evaluation& ev = s.evaluation;
    nlohmann::json violations = nlohmann::json::array();
    for (const auto& v : ev.violations)
      violations.push_back({{"rule", v.rule}, {"message", v.message}});
    j["check"] = {{"feasible", ev.feasible()},
                  {"objective", ev.objective},
                  {"on_request_penalty", ev.on_request_penalty},
                  {"off_request_penalty", ev.off_request_penalty},
                  {"under_cover_penalty", ev.under_cover_penalty},
                  {"over_cover_penalty", ev.over_cover_penalty},
                  {"violations", violations}};
    nlohmann::json roster = nlohmann::json::object();
    for (size_t e = 0; e < in.employees.size(); ++e) {
      nlohmann::json days = nlohmann::json::array();
      for (int shift : s.roster.shift[e])
        days.push_back(shift == cur::kOff ? std::string() : in.shifts[shift].id);
      roster[in.employees[e].id] = days;
    }
    j["roster"] = roster;
  }
  return j;
}

void print_roster(const Run& r, std::ostream& out) {
  const cur::Instance& in = r.instance;
  std::vector<std::string> header = {"employee"};
  for (int d = 0; d < in.days; ++d) header.push_back(std::to_string(d));
  Table t(header);
  for (size_t e = 0; e < in.employees.size(); ++e) {
    std::vector<std::string> row = {in.employees[e].id};
    for (int shift : r.solution.roster.shift[e])
      row.push_back(shift == cur::kOff ? "." : in.shifts[shift].id);
    t.add_row(row);
  }
  out << '\n' << in.name << " roster ('.' = off; day 0 is a Monday):\n";
  t.print(out);
}

Result<Run> solve_file(const RosterBenchmarkArgs& a, const std::string& file, bool progress) {
  auto instance = cur::read_instance(file);
  if (!instance.is_ok()) return instance.status();
  Run run;
  run.file = file;
  run.instance = std::move(*instance);
  std::string warning;
  run.best = best_known_for(a, file, run.instance.name, warning);
  if (!warning.empty()) std::cerr << "tandem roster-benchmark: warning: " << warning << '\n';

  cur::SolveOptions options;
  options.time_limit_seconds = a.time_limit;
  options.relative_gap = a.gap;
  options.seed = a.seed;
  options.threads = a.threads;
  options.stop = &g_roster_stop;
  if (progress) {
    const std::string name = run.instance.name;
    options.on_progress = [name](double incumbent, double bound, double elapsed) {
      std::cerr << fmt::format("\r{}: incumbent {}  bound {:.1f}  {:.0f} s   ", name,
                               std::isfinite(incumbent) ? fmt::format("{:.0f}", incumbent) : "-",
                               bound, elapsed)
                << std::flush;
    };
  }
  auto solution = cur::solve(run.instance, options);
  if (progress) std::cerr << '\n';
  if (!solution.is_ok()) return Status::invalid_argument(file + ": " + solution.status().message());
  run.solution = std::move(*solution);
  return run;
}

int run_roster_benchmark(const RosterBenchmarkArgs& a, std::ostream& out) {
  const bool progress = isatty(STDERR_FILENO) != 0;
  g_roster_stop.store(false);
  auto previous = std::signal(SIGINT, on_roster_sigint);
  std::vector<Run> runs;
  int exit_code = 0;
  for (const std::string& file : a.files) {
    if (g_roster_stop.load()) break;
    auto run = solve_file(a, file, progress);
    if (!run.is_ok()) {
      std::cerr << "tandem roster-benchmark: " << run.status().message() << '\n';
      exit_code = exit_code_for(run.status().code());
      break;
    }
    runs.push_back(std::move(*run));
  }
  std::signal(SIGINT, previous);

  if (a.format == OutputFormat::kJson) {
    nlohmann::json list = nlohmann::json::array();
    for (const Run& r : runs) list.push_back(run_json(r));
    out << nlohmann::json{{"instances", list},
                          {"time_limit_seconds", a.time_limit},
                          {"gap", a.gap},
                          {"seed", a.seed},
                          {"threads", a.threads}}
               .dump(2)
        << '\n';
  } else if (!runs.empty()) {
    Table t({"instance", "staff", "days", "shift types", "outcome", "objective", "bound",
             "best known", "gap to best", "gap to bound", "time s", "check"});
    for (const Run& r : runs) {
      const cur::Solution& s = r.solution;
      t.add_row({r.instance.name, std::to_string(r.instance.employees.size()),
                 std::to_string(r.instance.days), std::to_string(r.instance.shifts.size()),
                 cur::to_string(s.outcome), has_roster(r) ? number(s.objective) : "-",
                 number(s.bound), r.best ? std::to_string(r.best->solution) : "-",
                 percent(gap_to_best(r)), has_roster(r) ? percent(s.gap) : "-",
                 fmt::format("{:.1f}", s.seconds), check_label(r)});
    }
    t.print(out);
    for (const Run& r : runs) {
      for (const auto& v : r.solution.evaluation.violations)
        out << r.instance.name << ": " << v.rule << ": " << v.message << '\n';
      if (a.show_roster && has_roster(r)) print_roster(r, out);
    }
  }
  for (const Run& r : runs)
    if (r.solution.outcome == cur::Outcome::kFailed) {
      std::cerr << "tandem roster-benchmark: " << r.instance.name
                << ": the checker rejected the roster; this is a bug, not a result\n";
      return 3;
    }
  return exit_code;
}

}  // namespace

void add_roster_benchmark_command(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<RosterBenchmarkArgs>();
  auto* cmd = app.add_subcommand(
      "roster-benchmark",
      "solve Curtois benchmark instances (COIN-OR CBC), check them, compare with best known");
  cmd->add_option("files", args->files,
                  "instance files (e.g. ../shared/data/curtois/Instance1.txt)")
      ->required();
  cmd->add_option("--time-limit", args->time_limit, "seconds per instance (wall clock)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--gap", args->gap, "relative MIP gap to stop at (0.01 = 1%)")
      ->check(CLI::Range(0.0, 0.99))
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "random seed of the solver")->capture_default_str();
  cmd->add_option("--threads", args->threads, "CBC threads (1 = deterministic)")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--best-known", args->best_known,
                  "best-known CSV (default: best_known.csv beside the instance)");
  cmd->add_flag("--roster", args->show_roster, "print each roster as a grid");
  add_format_flags(cmd, args->format, false);
  cmd->callback([&ctx, args] { ctx.exit_code = run_roster_benchmark(*args, std::cout); });
}

}  // namespace tandem::cli
