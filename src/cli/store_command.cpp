// SPDX-License-Identifier: Apache-2.0
// `tandem store init|migrate|status|verify|export`: the store's administration
// (docs/store.md). Every verb takes --db URL (sqlite:PATH or postgresql://...; TANDEM_DB when
// not given). `verify` replays the whole log through the live host's replay (src/live) with
// the engine options `tandem serve` would use (server::live_engine_setup).
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/output.h"
#include "io/event_codec.h"
#include "live/host.h"
#include "model/calendar.h"
#include "server/platform.h"
#include "store/export.h"
#include "store/store.h"

namespace tandem::cli {

namespace {

struct StoreArgs {
  std::string db;
  OutputFormat format = OutputFormat::kTable;
  // export
  std::string what = "events";
  std::string export_format = "jsonl";
  std::string from;
  std::string to;
  std::string out;
  // verify: the engine options as `tandem serve` had them
  std::string scenario;
  bool simulate = false;
  std::string start;
  std::uint64_t seed = 1;
};

int fail(const Status& s) {
  std::cerr << "tandem store: " << s.message() << '\n';
  return exit_code_for(s.code());
}

void add_db_option(CLI::App* cmd, StoreArgs& a) {
  cmd->add_option("--db", a.db, "the store: sqlite:PATH or postgresql://user@host:port/database")
      ->envname("TANDEM_DB")
      ->required();
}

Result<store::StoreStatus> open_and_describe(const std::string& db,
                                             std::unique_ptr<store::Store>& out) {
  auto opened = store::open_store(db);
  if (!opened.is_ok()) return opened.status();
  out = std::move(opened).value();
  return out->status();
}

int run_init(const StoreArgs& a, bool migrate) {
  std::unique_ptr<store::Store> st;
  auto status = open_and_describe(a.db, st);
  if (!status.is_ok()) return fail(status.status());
  const int before = status->schema_version_at_open;
  if (before == 0) {
    std::cout << fmt::format("created a {} store at {} (schema version {})\n", status->backend,
                             status->location, status->schema_version);
  } else if (before < status->schema_version) {
    std::cout << fmt::format("migrated the {} store at {} from schema version {} to {}\n",
                             status->backend, status->location, before, status->schema_version);
  } else {
    std::cout << fmt::format("the {} store at {} is at schema version {}: nothing to {}\n",
                             status->backend, status->location, status->schema_version,
                             migrate ? "migrate" : "initialise");
  }
  return 0;
}

int run_status(const StoreArgs& a) {
  std::unique_ptr<store::Store> st;
  auto status = open_and_describe(a.db, st);
  if (!status.is_ok()) return fail(status.status());
  const store::StoreStatus& s = *status;
  if (a.format == OutputFormat::kJson) {
    nlohmann::ordered_json j;
    j["backend"] = s.backend;
    j["location"] = s.location;
    j["schema_version"] = s.schema_version;
    j["last_seq"] = s.last_seq;
    j["events"] = s.events;
    j["actions"] = s.actions;
    j["bytes"] = s.bytes;
    if (s.snapshot_seq) {
      j["last_snapshot"] = {{"seq", *s.snapshot_seq},
                            {"time", io::format_rfc3339(*s.snapshot_time)}};
    } else {
      j["last_snapshot"] = nullptr;
    }
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  const std::string snapshot = s.snapshot_seq ? fmt::format("seq {} at {}", *s.snapshot_seq,
                                                            io::format_rfc3339(*s.snapshot_time))
                                              : std::string("none");
  std::cout << fmt::format(
      "backend         {}\nlocation        {}\nschema version  {}\nlast seq        {}\n"
      "events          {}\nactions         {}\nbytes           {}\nlast snapshot   {}\n",
      s.backend, s.location, s.schema_version, s.last_seq, s.events, s.actions, s.bytes, snapshot);
  return 0;
}

// --from/--to as instants; the message names the option.
Result<std::optional<Instant>> parse_bound(const std::string& text, const char* option) {
  if (text.empty()) return std::optional<Instant>();
  auto t = io::parse_rfc3339(text);
  if (!t.is_ok()) {
    return Status::invalid_argument(fmt::format("{}: {}", option, t.status().message()));
  }
  return std::optional<Instant>(*t);
}

int run_export(const StoreArgs& a) {
  store::ExportOptions o;
  o.what = a.what == "actions" ? store::ExportWhat::kActions : store::ExportWhat::kEvents;
  o.format = a.export_format == "csv" ? store::ExportFormat::kCsv : store::ExportFormat::kJsonLines;
  auto from = parse_bound(a.from, "--from");
  if (!from.is_ok()) return fail(from.status());
  auto to = parse_bound(a.to, "--to");
  if (!to.is_ok()) return fail(to.status());
  o.from = *from;
  o.to = *to;
  if (o.from && o.to && *o.to < *o.from) {
    return fail(Status::invalid_argument(
        fmt::format("--to ({}) must not be before --from ({})", a.to, a.from)));
  }
  auto opened = store::open_store(a.db);
  if (!opened.is_ok()) return fail(opened.status());
  std::ofstream file;
  if (!a.out.empty()) {
    file.open(a.out, std::ios::binary | std::ios::trunc);
    if (!file) {
      return fail(Status::unavailable(fmt::format("--out: cannot write '{}'", a.out)));
    }
  }
  std::ostream& out = a.out.empty() ? std::cout : file;
  auto n = store::export_records(**opened, o, out);
  if (!n.is_ok()) return fail(n.status());
  if (!a.out.empty()) std::cerr << fmt::format("exported {} {} to {}\n", *n, a.what, a.out);
  return 0;
}

// Exit 0: the log replays; 1: an event does not (the message names it); else the store or
// the scenario could not be read.
int run_verify(const StoreArgs& a) {
  server::PlatformOptions p;
  p.scenario = a.scenario;
  p.db = a.db;
  p.simulate = a.simulate;
  p.seed = a.seed;
  if (!a.start.empty()) {
    const std::optional<LocalDays> day = parse_local_date(a.start);
    if (!day) {
      return fail(Status::invalid_argument(
          fmt::format("--start: expected a date YYYY-MM-DD (got '{}')", a.start)));
    }
    p.start_day = *day;
  }
  Result<Scenario> scenario = read_scenario(a.scenario);
  if (!scenario.is_ok()) return fail(scenario.status());
  const Policy policy = server::live_policy(*scenario);
  auto opened = store::open_store(a.db);
  if (!opened.is_ok()) return fail(opened.status());
  Result<server::LiveEngineSetup> setup = server::live_engine_setup(**opened, *scenario, policy, p);
  if (!setup.is_ok()) return fail(setup.status());
  Result<live::VerifyReport> report = live::verify_log(**opened, *scenario, policy, setup->engine);
  if (!report.is_ok()) {
    std::cerr << "tandem store: " << report.status().message() << '\n';
    if (report.status().code() == StatusCode::kInternal) {
      std::cerr << "(the engine must start as it did for the log: a log written by `tandem "
                   "serve --simulate` replays only with --simulate and the same --start and "
                   "--seed)\n";
    }
    return report.status().code() == StatusCode::kInternal ? 1
                                                           : exit_code_for(report.status().code());
  }
  std::cout << fmt::format("the log replays: {} events, {} actions, in {:.2f} s\n", report->events,
                           report->actions, report->seconds);
  return 0;
}

}  // namespace

void add_store_command(CLI::App& app, CommandContext& ctx) {
  auto* store = app.add_subcommand("store", "create, migrate, inspect and export the store");
  store->require_subcommand(1);
  auto args = std::make_shared<StoreArgs>();

  auto* init = store->add_subcommand("init", "create the store (or check it) at its schema");
  add_db_option(init, *args);
  init->callback([&ctx, args] { ctx.exit_code = run_init(*args, false); });

  auto* migrate = store->add_subcommand("migrate", "apply the schema's pending migrations");
  add_db_option(migrate, *args);
  migrate->callback([&ctx, args] { ctx.exit_code = run_init(*args, true); });

  auto* status = store->add_subcommand(
      "status", "backend, location, schema version, sequence, counts, size, last snapshot");
  add_db_option(status, *args);
  add_format_flags(status, args->format, /*with_csv=*/false);
  status->callback([&ctx, args] { ctx.exit_code = run_status(*args); });

  auto* exp = store->add_subcommand("export", "events or actions as JSON lines or CSV");
  add_db_option(exp, *args);
  exp->add_option("--what", args->what, "events or actions")
      ->check(CLI::IsMember({"events", "actions"}));
  exp->add_option("--format", args->export_format, "jsonl or csv")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  exp->add_option("--from", args->from, "only records at or after this RFC 3339 time");
  exp->add_option("--to", args->to, "only records before this RFC 3339 time");
  exp->add_option("--out", args->out, "write to this file instead of standard output");
  exp->callback([&ctx, args] { ctx.exit_code = run_export(*args); });

  auto* verify = store->add_subcommand(
      "verify", "replay the whole log and compare every stored outcome and action");
  add_db_option(verify, *args);
  verify->add_option("scenario", args->scenario, "the scenario the log was written for (YAML)")
      ->required();
  verify->add_flag("--simulate", args->simulate,
                   "the log was written by `tandem serve --simulate` (same --start and --seed)");
  verify->add_option("--start", args->start, "with --simulate: the simulated day, YYYY-MM-DD");
  verify->add_option("--seed", args->seed, "with --simulate: the seed of the simulated day")
      ->capture_default_str();
  verify->callback([&ctx, args] { ctx.exit_code = run_verify(*args); });
}

}  // namespace tandem::cli
