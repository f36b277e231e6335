// SPDX-License-Identifier: Apache-2.0
// `tandem forecast`: interval volume and handle-time forecasts per queue, with bounds and
// (--backtest) rolling-origin accuracy per method (docs/forecasting.md). The use case is
// app::forecast_history / app::backtest_history; this file parses and formats.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "app/forecast.h"
#include "cli/commands.h"
#include "cli/demo_stages.h"
#include "cli/forecast_format.h"
#include "cli/output.h"
#include "forecast/forecaster.h"
#include "forecast/method.h"
#include "forecast/scenario_forecast.h"
#include "io/interval_history_csv.h"
#include "model/scenario.h"

namespace tandem::cli {

namespace {

namespace fc = tandem::forecast;

struct ForecastArgs {
  std::string scenario;
  std::string history;
  int horizon_days = 7;
  std::string method = "auto";
  bool backtest = false;
  int origins = 4;
  OutputFormat format = OutputFormat::kTable;
};

std::string num(double v, int decimals = 2) { return forecast_number(v, decimals); }

struct Input {
  fc::History history;
  std::optional<Scenario> scenario;
};

// Loads the scenario (if any) and the history (--history wins over the scenario's).
Result<Input> load_input(const ForecastArgs& a) {
  Input in;
  if (!a.scenario.empty()) {
    ScenarioLoad load = load_scenario(a.scenario);
    if (!load.ok())
      return Status::invalid_argument(to_string(load.problems) + fmt::format("{} problem(s) in {}",
                                                                             load.problems.size(),
                                                                             a.scenario));
    in.scenario = std::move(*load.scenario);
  }
  if (!a.history.empty()) {
    auto h = io::read_history(a.history);
    if (!h.is_ok()) return h.status();
    in.history = std::move(*h);
  } else if (in.scenario) {
    auto h = io::read_scenario_history(*in.scenario);
    if (!h.is_ok()) return h.status();
    in.history = std::move(*h);
  } else {
    return Status::invalid_argument("give a scenario file or --history FILE");
  }
  return in;
}

int run(const ForecastArgs& a, std::ostream& out) {
  auto fail = [](const Status& s) {
    std::cerr << "tandem forecast: " << s.message() << '\n';
    return exit_code_for(s.code());
  };
  // Upper caps: the work grows with them (a year ahead, ten years of weekly origins).
  if (a.horizon_days < 1 || a.horizon_days > 366)
    return fail(Status::invalid_argument(
        fmt::format("--horizon-days must be in [1, 366] (got {})", a.horizon_days)));
  if (!fc::make_method(a.method)) {
    std::string names;
    for (auto n : fc::method_names()) names += (names.empty() ? "" : ", ") + std::string(n);
    return fail(Status::invalid_argument(
        fmt::format("--method '{}' is unknown (one of: {})", a.method, names)));
  }
  if (a.origins < 1 || a.origins > 520)
    return fail(
        Status::invalid_argument(fmt::format("--origins must be in [1, 520] (got {})", a.origins)));
  auto in = load_input(a);
  if (!in.is_ok()) return fail(in.status());
  auto table = app::forecast_history(in->history, in->scenario ? &*in->scenario : nullptr,
                                     {a.method, a.horizon_days});
  if (!table.is_ok()) return fail(table.status());
  std::optional<std::vector<app::QueueBacktest>> bt;
  if (a.backtest) {
    bt = app::backtest_history(in->history, in->scenario ? &*in->scenario : nullptr,
                               app::backtest_methods(a.method), a.origins, a.horizon_days);
    for (const app::QueueBacktest& q : *bt)
      if (!q.status.is_ok()) return fail(q.status);
  }
  switch (a.format) {
    case OutputFormat::kCsv:
      if (bt)
        forecast_accuracy_table(*bt).print_csv(out);
      else
        forecast_interval_table(*table).print_csv(out);
      break;
    case OutputFormat::kJson: {
      nlohmann::json j = {{"forecast", forecast_json(*table)}};
      if (bt) j["backtest"] = backtest_json(*bt);
      out << j.dump(2) << '\n';
      break;
    }
    case OutputFormat::kTable:
      for (const auto& q : table->queues)
        out << fmt::format("{}: method {}, {} open intervals of {} min\n", q.queue, q.method,
                           q.intervals.size(), q.grain_minutes);
      out << "\nDaily totals\n";
      forecast_daily_table(*table).print(out);
      out << "\nIntervals\n";
      forecast_interval_table(*table).print(out);
      if (bt) {
        out << fmt::format("\nBacktest: {} weekly origin(s), horizon {} day(s)\n", a.origins,
                           a.horizon_days);
        forecast_accuracy_table(*bt).print(out);
      }
      break;
  }
  return 0;
}

}  // namespace

int demo_stage_forecast(const Scenario& scenario, std::ostream& out) {
  out << "== 2. Forecast ==\n";
  auto history = io::read_scenario_history(scenario);
  if (!history.is_ok()) {
    out << "  no history to forecast from: " << history.status().message() << '\n';
    return 0;
  }
  const fc::History& h = *history;
  auto table = app::forecast_history(h, &scenario, app::ForecastRequest{});
  if (!table.is_ok()) {
    std::cerr << "tandem demo: forecast: " << table.status().message() << '\n';
    return exit_code_for(table.status().code());
  }
  const int origins = 2;
  const std::string_view names[] = {"seasonal_naive", "auto"};
  const std::vector<app::QueueBacktest> backtests =
      app::backtest_history(h, &scenario, names, origins, 7);
  Table acc({"queue", "method", "next-week volume", "backtest WAPE %", "MASE", "naive WAPE %",
             "naive MASE"});
  for (std::size_t i = 0; i < h.queues.size(); ++i) {
    const auto& q = h.queues[i];
    const auto& f = table->queues[i];
    double volume = 0.0;
    for (const auto& iv : f.intervals) volume += iv.volume;
    const app::QueueBacktest& r = backtests[i];
    std::vector<std::string> row = {q.queue, f.method, num(volume, 0)};
    if (r.status.is_ok()) {
      const auto& naive = r.methods[0].mean_interval;
      const auto& best = r.methods[1].mean_interval;
      row.insert(row.end(), {num(100 * best.wape, 1), num(best.mase, 3), num(100 * naive.wape, 1),
                             num(naive.mase, 3)});
    }
    acc.add_row(std::move(row));
  }
  out << "Next 7 days per queue (auto method; accuracy from 2 weekly backtest origins)\n";
  acc.print(out);
  return 0;
}

void add_forecast_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand(
      "forecast",
      "forecast interval volumes and handle times per queue (with --backtest: accuracy)");
  auto a = std::make_shared<ForecastArgs>();
  cmd->add_option("scenario", a->scenario, "scenario YAML file (its history and holidays)");
  cmd->add_option("--history", a->history,
                  "history CSV (interval_start,queue,volume[,aht_seconds])");
  cmd->add_option("--horizon-days", a->horizon_days, "days to forecast")->capture_default_str();
  cmd->add_option("--method", a->method,
                  "seasonal_naive | daily_profile | double_seasonal | regression | auto")
      ->capture_default_str();
  cmd->add_flag("--backtest", a->backtest, "also report rolling-origin accuracy per method");
  cmd->add_option("--origins", a->origins, "backtest origins (one a week)")->capture_default_str();
  add_format_flags(cmd, a->format);
  cmd->callback([&ctx, a] { ctx.exit_code = run(*a, std::cout); });
}

}  // namespace tandem::cli
