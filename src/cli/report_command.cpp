// SPDX-License-Identifier: Apache-2.0
// `tandem report KIND`: management information over a window of an operation's event log
// (docs/mi.md): queues, backlog, agents, teams, cost, leaderboard; of a simulated day
// (--simulate SCENARIO) or of a store's log (--db URL with the scenario it ran). The use case
// is app/report; this file parses and formats.
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <memory>

#include "app/report.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "io/event_codec.h"
#include "model/calendar.h"
#include "server/platform.h"
#include "store/store.h"

namespace tandem::cli {

namespace {

struct ReportArgs {
  std::string kind;
  std::string simulate;  // scenario file
  std::string db;
  std::string scenario;  // with --db
  std::uint64_t seed = 1;
  bool simulated = false;  // --db: written by `tandem serve --simulate`
  std::string start;       // its simulated day
  app::ReportRequest request;
  double interval_minutes = 15;
  OutputFormat format = OutputFormat::kTable;
};

std::string cell_text(const app::ReportCell& cell) {
  if (const auto* text = std::get_if<std::string>(&cell)) return *text;
  if (const auto* number = std::get_if<double>(&cell)) {
    if (std::floor(*number) == *number && std::fabs(*number) < 1e15) {
      return fmt::format("{}", static_cast<long long>(*number));
    }
    return fmt::format("{:.4g}", *number);
  }
  return "-";
}

std::string csv_text(const app::ReportCell& cell) {
  if (std::holds_alternative<std::monostate>(cell)) return "";
  if (const auto* number = std::get_if<double>(&cell)) return fmt::format("{}", *number);
  return std::get<std::string>(cell);
}

// The store's log with the engine options `tandem serve` wrote it with (as `tandem store
// verify` finds them).
Result<app::Report> report_of_store(const ReportArgs& a, const Scenario& scenario) {
  server::PlatformOptions p;
  p.scenario = a.scenario;
  p.db = a.db;
  p.simulate = a.simulated;
  p.seed = a.seed;
  if (!a.start.empty()) {
    const std::optional<LocalDays> day = parse_local_date(a.start);
    if (!day) {
      return Status::invalid_argument(
          fmt::format("--start: expected a date YYYY-MM-DD (got '{}')", a.start));
    }
    p.start_day = *day;
  }
  Result<std::unique_ptr<store::Store>> store = store::open_store(a.db);
  if (!store.is_ok()) return store.status();
  const Policy policy = server::live_policy(scenario);
  Result<server::LiveEngineSetup> setup = server::live_engine_setup(**store, scenario, policy, p);
  if (!setup.is_ok()) return setup.status();
  return app::report_store(**store, scenario, policy, setup->engine, a.request);
}

int run_report(ReportArgs& a) {
  Result<app::ReportKind> kind = app::parse_report_kind(a.kind);
  if (!kind.is_ok()) {
    std::cerr << "tandem report: " << kind.status().message() << '\n';
    return 2;
  }
  a.request.kind = *kind;
  a.request.interval_seconds = a.interval_minutes * 60;
  if (a.simulate.empty() == a.db.empty()) {
    std::cerr << "tandem report: give one of --simulate SCENARIO and --db URL\n";
    return 2;
  }
  const std::string scenario_file = a.simulate.empty() ? a.scenario : a.simulate;
  if (scenario_file.empty()) {
    std::cerr << "tandem report: --db needs --scenario FILE (the scenario the log ran)\n";
    return 2;
  }
  ScenarioLoad load = load_scenario(scenario_file);
  if (!load.ok()) {
    std::cerr << to_string(load.problems);
    std::cerr << load.problems.size() << " problem(s) in " << scenario_file << '\n';
    return 1;
  }
  Result<app::Report> report = a.simulate.empty()
                                   ? report_of_store(a, *load.scenario)
                                   : app::report_simulated_day(*load.scenario, a.request, a.seed);
  if (!report.is_ok()) {
    std::cerr << "tandem report: " << report.status().message() << '\n';
    return exit_code_for(report.status().code());
  }
  if (a.format == OutputFormat::kJson) {
    std::cout << app::report_json(*report).dump(2) << '\n';
    return 0;
  }
  Table table(report->columns);
  for (const std::vector<app::ReportCell>& row : report->rows) {
    std::vector<std::string> cells;
    for (const app::ReportCell& c : row) {
      cells.push_back(a.format == OutputFormat::kCsv ? csv_text(c) : cell_text(c));
    }
    table.add_row(std::move(cells));
  }
  if (a.format == OutputFormat::kCsv) {
    table.print_csv(std::cout);
    return 0;
  }
  std::cout << fmt::format("{} from {} to {}\n", app::to_string(report->kind),
                           io::format_rfc3339(report->from), io::format_rfc3339(report->to));
  table.print(std::cout);
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand(
      "report",
      "management information from the event log: queues, backlog, agents, teams, "
      "cost, leaderboard (docs/mi.md)");
  cmd->add_option("kind", args->kind, std::string("the report: ") + app::kReportKinds)->required();
  cmd->add_option("--simulate", args->simulate,
                  "simulate the scenario's next day through the live host and report on its log");
  cmd->add_option("--db", args->db, "report on this store's log (sqlite:PATH or postgresql://...)");
  cmd->add_option("--scenario", args->scenario, "with --db: the scenario the log ran");
  cmd->add_option("--seed", args->seed, "with --simulate or --simulated: the simulation's seed")
      ->capture_default_str();
  cmd->add_flag(
      "--simulated", args->simulated,
      "with --db: the log was written by `tandem serve --simulate` (same --start, --seed)");
  cmd->add_option("--start", args->start, "with --simulated: the simulated day, YYYY-MM-DD");
  cmd->add_option("--from", args->request.from,
                  "window start: RFC 3339 or HH:MM on the log's first day (default: its midnight)");
  cmd->add_option("--to", args->request.to, "window end (default: 24 h after --from)");
  cmd->add_option("--queue", args->request.queue,
                  "queues, backlog, cost: only this queue or back-office scope");
  cmd->add_option("--team", args->request.team, "agents, teams, leaderboard: only this team");
  cmd->add_option("--agent", args->request.agent,
                  "agents, leaderboard: only this agent (with --team: beside the team's total)");
  cmd->add_flag("--intervals", args->request.by_interval, "queues, backlog: one row per interval");
  cmd->add_option("--interval-minutes", args->interval_minutes, "the intervals' length")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 1440.0));
  cmd->add_option("--short-abandon", args->request.short_abandon_seconds,
                  "an abandon after a shorter wait (seconds) is counted as short")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--min-volume", args->request.min_volume,
                  "leaderboard: handled units an agent needs to be ranked")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  add_format_flags(cmd, args->format);
  cmd->callback([&ctx, args] { ctx.exit_code = run_report(*args); });
}

}  // namespace tandem::cli
