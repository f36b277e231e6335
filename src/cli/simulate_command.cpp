// SPDX-License-Identifier: Apache-2.0
// `tandem simulate SCENARIO`: discrete-event simulation of the scenario through the engine,
// replications in parallel, one or several policies on common random numbers, optional
// replay of real arrivals and staff-to-target search (docs/simulation.md). The use case is
// app::simulate; this file parses and formats.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "app/simulate.h"
#include "cli/commands.h"
#include "cli/demo_stages.h"
#include "cli/output.h"
#include "cli/simulate_format.h"
#include "model/scenario.h"

namespace tandem::cli {

namespace {

struct SimulateArgs {
  std::string scenario;
  int days = 7;
  int replications = 4;
  std::uint64_t seed = 1;
  std::vector<std::string> policies;
  std::string replay;
  std::string schedule;  // a `tandem schedule --json` file: the roster
  double shrinkage = 0.0;
  double staff_scale = 1.0;
  std::vector<std::string> volume_scale;  // QUEUE=FACTOR or all=FACTOR
  std::vector<std::string> staff;         // GROUP=+N or GROUP=-N
  bool staff_to_target = false;
  double max_staff_factor = 3.0;
  int max_simulations = 150;
  std::vector<std::string> not_required;  // staff to target: SLAs of these scopes not required
  bool intervals = false;
  int threads = 0;
  OutputFormat format = OutputFormat::kTable;
};

volatile std::sig_atomic_t g_interrupted = 0;
void simulate_on_sigint(int) { g_interrupted = 1; }

class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  void update(const std::string& label, int done, int total) {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    const int width = 30;
    const int filled = total > 0 ? done * width / total : width;
    std::cerr << fmt::format("\r{:<24} [{}{}] {}/{}", label.substr(0, 24), std::string(filled, '#'),
                             std::string(width - filled, '.'), done, total)
              << std::flush;
  }
  void finish() {
    if (enabled_) std::cerr << "\r" << std::string(70, ' ') << "\r" << std::flush;
  }

 private:
  bool enabled_;
  std::mutex mutex_;
};

// NAME=VALUE -> {NAME, VALUE}; nullopt when there is no '=' or either side is empty.
std::optional<std::pair<std::string, std::string>> split_assignment(const std::string& text) {
  const auto eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) return std::nullopt;
  return std::pair{text.substr(0, eq), text.substr(eq + 1)};
}

// Parses --volume-scale and --staff into the request (the use case checks names and ranges);
// an error message naming the flag and the form it expects.
std::string parse_what_ifs(const SimulateArgs& args, app::SimulateRequest& r) {
  for (const std::string& text : args.volume_scale) {
    auto kv = split_assignment(text);
    double factor = 0;
    size_t used = 0;
    bool number = false;
    if (kv) {
      try {
        factor = std::stod(kv->second, &used);
        number = used == kv->second.size();
      } catch (const std::exception&) {
      }
    }
    if (!kv || !number)
      return fmt::format(
          "--volume-scale: expected QUEUE=FACTOR or all=FACTOR (e.g. voice-general=1.1), got "
          "'{}'",
          text);
    r.volume_scale.push_back({kv->first, factor});
  }
  for (const std::string& text : args.staff) {
    auto kv = split_assignment(text);
    int delta = 0;
    size_t used = 0;
    bool number = false;
    if (kv && (kv->second[0] == '+' || kv->second[0] == '-')) {
      try {
        delta = std::stoi(kv->second, &used);
        number = used == kv->second.size();
      } catch (const std::exception&) {
      }
    }
    if (!kv || !number)
      return fmt::format(
          "--staff: expected GROUP=+N or GROUP=-N (people added or removed, e.g. cc-voice=+5), "
          "got '{}'",
          text);
    r.staff_change.push_back({kv->first, delta});
  }
  return "";
}

app::SimulateRequest simulate_request(const SimulateArgs& args) {
  app::SimulateRequest r;
  r.days = args.days;
  r.replications = args.replications;
  r.seed = args.seed;
  r.policies = args.policies;
  r.replay = args.replay;
  r.schedule = args.schedule;
  r.shrinkage = args.shrinkage;
  r.staff_scale = args.staff_scale;
  r.staff_to_target = args.staff_to_target;
  r.max_staff_factor = args.max_staff_factor;
  r.max_simulations = args.max_simulations;
  r.not_required = args.not_required;
  r.threads = args.threads;
  return r;
}

SimulationView simulation_view(const SimulateArgs& args) {
  return {args.days, args.seed, args.replications, args.intervals, args.format};
}

// Runs the simulation described by `args`; prints results to `out`, errors to `err`.
int run_simulate(const SimulateArgs& args, const Scenario& scenario, std::ostream& out,
                 std::ostream& err, std::stop_token stop, bool progress_bar) {
  for (const std::string& error :
       {table_option_error(OptionGroup::kSimulation, "replications", args.replications),
        table_option_error(OptionGroup::kSimulation, "days", args.days)}) {
    if (!error.empty()) {
      err << "tandem simulate: " << error << '\n';
      return 1;
    }
  }
  app::SimulateRequest request = simulate_request(args);
  if (std::string error = parse_what_ifs(args, request); !error.empty()) {
    err << "tandem simulate: " << error << '\n';
    return 1;
  }
  Progress progress(progress_bar);
  request.stop = stop;
  request.on_progress = [&](const std::string& label, int done, int total) {
    progress.update(label, done, total);
  };
  request.on_warning = [&](const std::string& w) {
    err << "tandem simulate: warning: " << w << '\n';
  };
  auto result = app::simulate(scenario, request);
  progress.finish();
  if (!result.is_ok()) {
    err << "tandem simulate: " << result.status().message() << '\n';
    return 1;
  }
  if (result->interrupted) err << "tandem simulate: interrupted; reporting what was simulated\n";
  print_simulation(simulation_view(args), scenario, *result, out);
  return 0;
}

}  // namespace

void add_simulate_command(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<SimulateArgs>();
  auto* cmd = app.add_subcommand(
      "simulate", "simulate the scenario through the engine: KPIs with 95% intervals per policy");
  cmd->add_option("scenario", args->scenario, "scenario file")->required();
  add_table_option(cmd, OptionGroup::kSimulation, "days", args->days);
  add_table_option(cmd, OptionGroup::kSimulation, "replications", args->replications);
  add_table_option(cmd, OptionGroup::kSimulation, "seed", args->seed);
  cmd->add_option("--policy", args->policies,
                  "policy id (repeat to compare on common random numbers; default: the first)");
  cmd->add_option("--replay", args->replay,
                  "replay real contacts (Tandem replay CSV or the Anonymous Bank call log) or "
                  "back-office cases from an event log (BPI 2012 CSV, gzip or plain: each case one "
                  "work item, its steps and waits from the log)");
  cmd->add_option("--schedule", args->schedule,
                  "agents follow this schedule (`tandem schedule --json` output), not the "
                  "simple staffing table");
  add_table_option(cmd, OptionGroup::kSimulation, "shrinkage", args->shrinkage);
  add_table_option(cmd, OptionGroup::kSimulation, "staff_scale", args->staff_scale);
  cmd->add_option("--volume-scale", args->volume_scale,
                  "what-if: QUEUE=FACTOR multiplies the history's arrivals of a queue or "
                  "back-office work type (all=FACTOR: every other queue); repeat")
      ->allow_extra_args(false);
  cmd->add_option("--staff", args->staff,
                  "what-if: GROUP=+N adds N people to an agent group, GROUP=-N removes N; "
                  "repeat")
      ->allow_extra_args(false);
  cmd->add_flag("--staff-to-target", args->staff_to_target,
                "search the staff per agent group meeting every SLA at least cost, per policy");
  add_table_option(cmd, OptionGroup::kSimulation, "max_staff_factor", args->max_staff_factor);
  add_table_option(cmd, OptionGroup::kSimulation, "max_simulations", args->max_simulations);
  cmd->add_option("--not-required", args->not_required,
                  "staff to target: the SLA of this queue or process is reported, not required "
                  "(repeat; a what-if)");
  cmd->add_flag("--intervals", args->intervals, "include per-interval KPIs in the table");
  add_table_option(cmd, OptionGroup::kSimulation, "threads", args->threads);
  add_format_flags(cmd, args->format);
  cmd->callback([&ctx, args] {
    ScenarioLoad load = load_scenario(args->scenario);
    if (!load.ok()) {
      std::cerr << to_string(load.problems);
      std::cerr << load.problems.size() << " problem(s) in " << args->scenario << '\n';
      ctx.exit_code = 1;
      return;
    }
    g_interrupted = 0;
    auto previous = std::signal(SIGINT, simulate_on_sigint);
    std::stop_source stop;
    std::jthread watcher([&stop](std::stop_token done) {
      while (!done.stop_requested()) {
        if (g_interrupted) {
          stop.request_stop();
          return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
    ctx.exit_code = run_simulate(*args, *load.scenario, std::cout, std::cerr, stop.get_token(),
                                 isatty(STDERR_FILENO) != 0);
    watcher.request_stop();
    watcher.join();
    std::signal(SIGINT, previous);
  });
}

}  // namespace tandem::cli
