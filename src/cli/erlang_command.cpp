// SPDX-License-Identifier: Apache-2.0
// `tandem erlang b|c|a`: the staffing calculator. Evaluate a given number of agents
// (--agents) or solve for the fewest agents meeting the targets (docs/staffing.md).
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "cli/commands.h"
#include "cli/output.h"
#include "staffing/erlang.h"
#include "staffing/staffing.h"

namespace tandem::cli {

namespace {

namespace st = tandem::staffing;

struct ErlangArgs {
  double volume = NAN;
  int interval_minutes = 15;
  double aht_seconds = NAN;
  double target_seconds = 20;
  std::optional<int> agents;
  std::optional<double> target_sl;
  std::optional<double> max_asa_seconds;
  std::optional<double> max_abandon;
  std::optional<double> max_occupancy;
  std::optional<double> max_blocking;
  std::optional<double> shrinkage;
  std::optional<double> patience_seconds;
  bool sl_over_answered = false;
  int concurrency = 1;
  double concurrency_slowdown = 0;
  OutputFormat format = OutputFormat::kTable;
};

// Checks the arguments; the message names the option and the rule.
Status check_args(const ErlangArgs& a, char model) {
  auto bad = [](const std::string& option, const std::string& rule, double got) {
    return Status::invalid_argument(fmt::format("{} {} (got {})", option, rule, got));
  };
  if (!(a.volume >= 0) || std::isinf(a.volume)) return bad("--volume", "must be >= 0", a.volume);
  if (a.interval_minutes < 1 || a.interval_minutes > 1440) {
    return bad("--interval-minutes", "must be in 1..1440", a.interval_minutes);
  }
  if (!(a.aht_seconds > 0) || std::isinf(a.aht_seconds)) {
    return bad("--aht-seconds", "must be > 0", a.aht_seconds);
  }
  if (!(a.target_seconds >= 0) || std::isinf(a.target_seconds)) {
    return bad("--target-seconds", "must be >= 0", a.target_seconds);
  }
  if (a.agents && *a.agents < 0) return bad("--agents", "must be >= 0", *a.agents);
  auto share = [&](const std::optional<double>& v, const std::string& option) -> Status {
    if (v && !(*v > 0 && *v <= 1)) return bad(option, "must be in (0, 1]", *v);
    return Status::ok();
  };
  // A service level of exactly 1 is only the limit of infinitely many agents (P(wait) > 0
  // for any finite staff): the search would stop where the rounding reaches 1, not at an answer.
  if (a.target_sl && !(*a.target_sl > 0 && *a.target_sl < 1))
    return bad("--target-sl", "must be in (0, 1): 1 needs infinitely many agents", *a.target_sl);
  for (const auto& [v, option] :
       {std::pair{a.max_abandon, "--max-abandon"}, std::pair{a.max_occupancy, "--max-occupancy"},
        std::pair{a.max_blocking, "--max-blocking"}}) {
    if (Status s = share(v, option); !s.is_ok()) return s;
  }
  if (a.max_asa_seconds && (!(*a.max_asa_seconds > 0) || std::isinf(*a.max_asa_seconds))) {
    return bad("--max-asa-seconds", "must be > 0", *a.max_asa_seconds);
  }
  if (a.shrinkage && !(*a.shrinkage >= 0 && *a.shrinkage < 1)) {
    return bad("--shrinkage", "must be in [0, 1)", *a.shrinkage);
  }
  if (model == 'a') {
    if (!a.patience_seconds) {
      return Status::invalid_argument("--patience-seconds is required for Erlang A");
    }
    if (!(*a.patience_seconds > 0) || std::isinf(*a.patience_seconds)) {
      return bad("--patience-seconds", "must be > 0", *a.patience_seconds);
    }
  }
  if (model != 'a' && a.max_abandon) {
    return Status::invalid_argument(
        "--max-abandon needs abandonment: use `tandem erlang a --patience-seconds ...`");
  }
  if (a.concurrency < 1 || a.concurrency > 100) {
    return bad("--concurrency", "must be in 1..100", a.concurrency);
  }
  if (!(a.concurrency_slowdown >= 0 && a.concurrency_slowdown <= 10)) {
    return bad("--concurrency-slowdown", "must be in [0, 10]", a.concurrency_slowdown);
  }
  if (model == 'b') {
    if (!a.agents && !a.max_blocking) {
      return Status::invalid_argument("give --agents (evaluate) or --max-blocking (solve)");
    }
  } else if (!a.agents && !a.target_sl && !a.max_asa_seconds && !a.max_abandon &&
             !a.max_occupancy) {
    return Status::invalid_argument(
        "give --agents (evaluate) or at least one target (--target-sl, --max-asa-seconds, "
        "--max-abandon, --max-occupancy) to solve");
  }
  return Status::ok();
}

std::string fixed(double v, int decimals) {
  if (std::isinf(v)) return "inf";
  return fmt::format("{:.{}f}", v, decimals);
}

int fail(const Status& s) {
  std::cerr << "tandem erlang: " << s.message() << '\n';
  return exit_code_for(s.code());
}

int run_erlang_b(const ErlangArgs& a) {
  if (Status s = check_args(a, 'b'); !s.is_ok()) return fail(s);
  const double load = a.volume / (a.interval_minutes * 60.0) * a.aht_seconds;
  int agents = 0;
  if (a.agents) {
    agents = *a.agents;
  } else {
    Result<int> n = st::erlang_b_agents_for_blocking(load, *a.max_blocking);
    if (!n.is_ok()) return fail(n.status());
    agents = *n;
  }
  const double blocking = st::erlang_b(load, agents);
  nlohmann::json j = {
      {"model", "erlang_b"}, {"offered_load", load}, {"agents", agents}, {"blocking", blocking}};
  if (a.shrinkage) j["scheduled_agents"] = *st::scheduled_agents(agents, *a.shrinkage);
  if (a.format == OutputFormat::kJson) {
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  Table t({"metric", "value"});
  t.add_row({"offered load (Erlangs)", fixed(load, 3)});
  t.add_row({"agents (servers)", std::to_string(agents)});
  t.add_row({"blocking probability", fixed(blocking, 6)});
  if (a.shrinkage) t.add_row({"scheduled agents", std::to_string(int(j["scheduled_agents"]))});
  if (a.format == OutputFormat::kCsv) {
    t.print_csv(std::cout);
  } else {
    t.print(std::cout);
  }
  return 0;
}

int run_erlang_queue(const ErlangArgs& a, char model) {
  if (Status s = check_args(a, model); !s.is_ok()) return fail(s);
  st::QueueLoad load;
  load.arrivals_per_second = a.volume / (a.interval_minutes * 60.0);
  load.aht_seconds = a.aht_seconds;
  if (model == 'a') load.patience_seconds = a.patience_seconds;
  load.concurrency = a.concurrency;
  load.concurrency_slowdown = a.concurrency_slowdown;
  Result<st::QueueMetrics> m = Status::internal("not computed");
  if (a.agents) {
    m = st::evaluate(load, *a.agents, a.target_seconds);
  } else {
    st::StaffingTargets t;
    t.service_level = a.target_sl;
    t.target_seconds = a.target_seconds;
    t.service_level_over_answered = a.sl_over_answered;
    t.max_asa_seconds = a.max_asa_seconds;
    t.max_abandon = a.max_abandon;
    t.max_occupancy = a.max_occupancy;
    m = st::required_agents(load, t);
  }
  if (!m.is_ok()) return fail(m.status());
  nlohmann::json j = {{"model", st::to_string(m->model)},
                      {"offered_load", m->offered_load},
                      {"agents", m->agents},
                      {"servers", m->servers},
                      {"service_level", m->service_level},
                      {"target_seconds", a.target_seconds},
                      {"p_wait", m->p_wait},
                      {"asa_seconds", std::isinf(m->asa_seconds) ? nlohmann::json(nullptr)
                                                                 : nlohmann::json(m->asa_seconds)},
                      {"occupancy", m->occupancy}};
  if (model == 'a') {
    j["p_abandon"] = m->p_abandon;
    j["service_level_answered"] = m->service_level_answered;
    j["asa_all_seconds"] = m->asa_all_seconds;
  }
  if (a.shrinkage) j["scheduled_agents"] = *st::scheduled_agents(m->agents, *a.shrinkage);
  if (a.format == OutputFormat::kJson) {
    std::cout << j.dump(2) << '\n';
    return 0;
  }
  Table t({"metric", "value"});
  t.add_row({"model", st::to_string(m->model)});
  t.add_row({"offered load (Erlangs)", fixed(m->offered_load, 3)});
  t.add_row({"agents", std::to_string(m->agents)});
  if (a.concurrency > 1) t.add_row({"servers (sessions)", std::to_string(m->servers)});
  if (a.shrinkage) t.add_row({"scheduled agents", std::to_string(int(j["scheduled_agents"]))});
  t.add_row({fmt::format("service level ({:g} s)", a.target_seconds), fixed(m->service_level, 4)});
  if (model == 'a') {
    t.add_row({"service level, answered only", fixed(m->service_level_answered, 4)});
  }
  t.add_row({"P(wait)", fixed(m->p_wait, 4)});
  t.add_row({"ASA (s)", fixed(m->asa_seconds, 2)});
  if (model == 'a') {
    t.add_row({"ASA over all arrivals (s)", fixed(m->asa_all_seconds, 2)});
    t.add_row({"P(abandon)", fixed(m->p_abandon, 4)});
  }
  t.add_row({"occupancy", fixed(m->occupancy, 4)});
  if (a.format == OutputFormat::kCsv) {
    t.print_csv(std::cout);
  } else {
    t.print(std::cout);
  }
  return 0;
}

void add_common_options(CLI::App* cmd, ErlangArgs& a) {
  cmd->add_option("--volume", a.volume, "contacts arriving in the interval")->required();
  cmd->add_option("--interval-minutes", a.interval_minutes, "interval length")
      ->capture_default_str();
  cmd->add_option("--aht-seconds", a.aht_seconds, "mean handle time (talk + wrap)")->required();
  cmd->add_option("--agents", a.agents, "evaluate this many agents");
  cmd->add_option("--shrinkage", a.shrinkage, "share of paid time not available, [0, 1)");
  add_format_flags(cmd, a.format);
}

void add_queue_options(CLI::App* cmd, ErlangArgs& a) {
  cmd->add_option("--target-seconds", a.target_seconds, "service level threshold T")
      ->capture_default_str();
  cmd->add_option("--target-sl", a.target_sl, "target service level, (0, 1)");
  cmd->add_option("--max-asa-seconds", a.max_asa_seconds, "max ASA of answered contacts");
  cmd->add_option("--max-occupancy", a.max_occupancy, "max occupancy, (0, 1]");
  cmd->add_option("--concurrency", a.concurrency, "sessions per agent (chat)")
      ->capture_default_str();
  cmd->add_option("--concurrency-slowdown", a.concurrency_slowdown,
                  "handle time growth per extra concurrent session")
      ->capture_default_str();
}

}  // namespace

void add_erlang_command(CLI::App& app, CommandContext& ctx) {
  auto* erlang = app.add_subcommand("erlang", "Erlang B/C/A staffing calculator");
  erlang->require_subcommand(1);
  auto args_b = std::make_shared<ErlangArgs>();
  auto* b = erlang->add_subcommand("b", "Erlang B: blocking with no waiting room");
  add_common_options(b, *args_b);
  b->add_option("--max-blocking", args_b->max_blocking, "solve: max blocking probability");
  b->callback([&ctx, args_b] { ctx.exit_code = run_erlang_b(*args_b); });

  auto args_c = std::make_shared<ErlangArgs>();
  auto* c = erlang->add_subcommand("c", "Erlang C: M/M/N, callers wait forever");
  add_common_options(c, *args_c);
  add_queue_options(c, *args_c);
  c->add_option("--max-abandon", args_c->max_abandon, "(Erlang A only)");
  c->callback([&ctx, args_c] { ctx.exit_code = run_erlang_queue(*args_c, 'c'); });

  auto args_a = std::make_shared<ErlangArgs>();
  auto* a = erlang->add_subcommand("a", "Erlang A: M/M/N+M, callers abandon");
  add_common_options(a, *args_a);
  add_queue_options(a, *args_a);
  a->add_option("--patience-seconds", args_a->patience_seconds, "mean patience")->required();
  a->add_option("--max-abandon", args_a->max_abandon, "max share of arrivals abandoning");
  a->add_flag("--sl-over-answered", args_a->sl_over_answered,
              "service level over answered contacts (default: over all arrivals)");
  a->callback([&ctx, args_a] { ctx.exit_code = run_erlang_queue(*args_a, 'a'); });
}

}  // namespace tandem::cli
