// `tandem forecast`: interval volume and handle-time forecasts per queue, with bounds and
// (--backtest) rolling-origin accuracy per method (docs/forecasting.md).
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "cli/commands.h"
#include "cli/demo_stages.h"
#include "cli/output.h"
#include "forecast/forecaster.h"
#include "forecast/history_csv.h"
#include "forecast/method.h"
#include "forecast/scenario_forecast.h"
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

std::string format_start(LocalSeconds t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{day};
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(t - day).count();
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()), minutes / 60, minutes % 60);
}

std::string format_day(std::int32_t day) {
  return format_start(LocalSeconds{std::chrono::days{day}}).substr(0, 10);
}

const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::string percent_name(double p) { return fmt::format("{:g}", 100.0 * p); }

std::vector<std::string> bound_columns(const std::vector<double>& levels) {
  std::vector<std::string> cols;
  for (double l : levels) {
    cols.push_back("volume_p" + percent_name((1.0 - l) / 2.0));
    cols.push_back("volume_p" + percent_name((1.0 + l) / 2.0));
  }
  return cols;
}

std::string num(double v, int decimals = 2) { return fmt::format("{:.{}f}", v, decimals); }

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
    auto h = fc::read_history_csv(a.history);
    if (!h.is_ok()) return h.status();
    in.history = std::move(*h);
  } else if (in.scenario) {
    auto h = fc::read_scenario_history(*in.scenario);
    if (!h.is_ok()) return h.status();
    in.history = std::move(*h);
  } else {
    return Status::invalid_argument("give a scenario file or --history FILE");
  }
  return in;
}

std::vector<fc::SpecialDay> special_days(const Input& in, const std::string& queue) {
  return in.scenario ? fc::special_days_of_queue(*in.scenario, queue)
                     : std::vector<fc::SpecialDay>{};
}

Result<fc::ForecastTable> run_forecast(const Input& in, const ForecastArgs& a) {
  fc::ForecastOptions o;
  o.method = a.method;
  o.horizon_days = a.horizon_days;
  std::int32_t last = std::numeric_limits<std::int32_t>::min();
  for (const auto& q : in.history.queues) last = std::max(last, q.points.back().key.day);
  o.first_day = LocalDays{std::chrono::days{last + 1}};
  fc::ForecastTable table;
  table.levels = o.levels;
  for (const auto& q : in.history.queues) {
    fc::ForecastOptions per_queue = o;
    per_queue.special_days = special_days(in, q.queue);
    auto f = fc::forecast_queue(q, per_queue);
    if (!f.is_ok()) return f.status();
    table.queues.push_back(std::move(*f));
  }
  return table;
}

struct QueueBacktest {
  std::string queue;
  std::vector<fc::MethodBacktest> methods;
};

Result<std::vector<QueueBacktest>> run_backtest(const Input& in, const ForecastArgs& a) {
  std::vector<std::string_view> names;
  if (a.method == "auto") {
    names.assign(fc::method_names().begin(), fc::method_names().end());
  } else {
    names = {"seasonal_naive"};
    if (a.method != "seasonal_naive") names.push_back(a.method);
  }
  std::vector<QueueBacktest> out;
  for (const auto& q : in.history.queues) {
    auto r = fc::backtest_queue(q, names, a.origins, a.horizon_days, special_days(in, q.queue));
    if (!r.is_ok()) return r.status();
    out.push_back({q.queue, std::move(*r)});
  }
  return out;
}

Table accuracy_table(const std::vector<QueueBacktest>& bt) {
  Table t({"queue", "method", "origins", "MAE", "RMSE", "WAPE %", "MASE", "bias", "daily WAPE %",
           "daily MASE"});
  for (const auto& q : bt)
    for (const auto& m : q.methods)
      t.add_row({q.queue, m.method, std::to_string(m.folds.size()), num(m.mean_interval.mae),
                 num(m.mean_interval.rmse), num(100 * m.mean_interval.wape),
                 num(m.mean_interval.mase, 3), num(m.mean_interval.bias),
                 num(100 * m.mean_daily.wape), num(m.mean_daily.mase, 3)});
  return t;
}

Table interval_table(const fc::ForecastTable& table) {
  std::vector<std::string> header = {"queue", "interval_start", "volume", "aht_seconds"};
  for (auto& c : bound_columns(table.levels)) header.push_back(c);
  Table t(header);
  for (const auto& q : table.queues)
    for (const auto& i : q.intervals) {
      // A daily series (back-office arrivals per day) shows dates only.
      const std::string start =
          q.grain_minutes == 1440 ? format_start(i.start).substr(0, 10) : format_start(i.start);
      std::vector<std::string> row = {q.queue, start, num(i.volume),
                                      i.aht_seconds ? num(*i.aht_seconds, 1) : ""};
      for (std::size_t l = 0; l < table.levels.size(); ++l) {
        row.push_back(num(i.lower[l]));
        row.push_back(num(i.upper[l]));
      }
      t.add_row(std::move(row));
    }
  return t;
}

// Per queue and day: open intervals, volume, volume-weighted AHT, first and last interval.
Table daily_table(const fc::ForecastTable& table) {
  Table t({"queue", "day", "open", "intervals", "volume", "AHT s"});
  for (const auto& q : table.queues) {
    std::map<std::int32_t, std::vector<const fc::IntervalForecast*>> days;
    for (const auto& i : q.intervals) days[i.key.day].push_back(&i);
    for (const auto& [day, items] : days) {
      double volume = 0.0, work = 0.0, weight = 0.0;
      for (const auto* i : items) {
        volume += i->volume;
        if (i->aht_seconds) {
          work += i->volume * *i->aht_seconds;
          weight += i->volume;
        }
      }
      // Daily series (grain 1440) are open all day.
      const int from = items.front()->key.slot * q.grain_minutes;
      const int to = (items.back()->key.slot + 1) * q.grain_minutes;
      const std::string open =
          fmt::format("{:02}:{:02}-{:02}:{:02}", from / 60, from % 60, to / 60, to % 60);
      t.add_row({q.queue, std::string(kWeekdays[fc::weekday_of_day(day)]) + " " + format_day(day),
                 open, std::to_string(items.size()), num(volume, 0),
                 weight > 0 ? num(work / weight, 0) : ""});
    }
  }
  return t;
}

nlohmann::json to_json(const fc::ForecastTable& table) {
  nlohmann::json j = {{"levels", table.levels}, {"queues", nlohmann::json::array()}};
  const auto cols = bound_columns(table.levels);
  for (const auto& q : table.queues) {
    nlohmann::json intervals = nlohmann::json::array();
    for (const auto& i : q.intervals) {
      nlohmann::json row = {{"interval_start", format_start(i.start)}, {"volume", i.volume}};
      row["aht_seconds"] = i.aht_seconds ? nlohmann::json(*i.aht_seconds) : nlohmann::json(nullptr);
      for (std::size_t l = 0; l < table.levels.size(); ++l) {
        row[cols[2 * l]] = i.lower[l];
        row[cols[2 * l + 1]] = i.upper[l];
      }
      intervals.push_back(row);
    }
    j["queues"].push_back({{"queue", q.queue},
                           {"method", q.method},
                           {"interval_minutes", q.grain_minutes},
                           {"intervals", intervals}});
  }
  return j;
}

nlohmann::json accuracy_json(const fc::Accuracy& a) {
  return {{"mae", a.mae}, {"rmse", a.rmse}, {"wape", a.wape}, {"mase", a.mase}, {"bias", a.bias}};
}

nlohmann::json to_json(const std::vector<QueueBacktest>& bt) {
  nlohmann::json j = nlohmann::json::array();
  for (const auto& q : bt)
    for (const auto& m : q.methods)
      j.push_back({{"queue", q.queue},
                   {"method", m.method},
                   {"origins", m.folds.size()},
                   {"interval", accuracy_json(m.mean_interval)},
                   {"daily", accuracy_json(m.mean_daily)}});
  return j;
}

int run(const ForecastArgs& a, std::ostream& out) {
  auto fail = [](const Status& s) {
    std::cerr << "tandem forecast: " << s.message() << '\n';
    return exit_code_for(s.code());
  };
  if (a.horizon_days < 1)
    return fail(Status::invalid_argument(
        fmt::format("--horizon-days must be at least 1 (got {})", a.horizon_days)));
  if (!fc::make_method(a.method)) {
    std::string names;
    for (auto n : fc::method_names()) names += (names.empty() ? "" : ", ") + std::string(n);
    return fail(Status::invalid_argument(
        fmt::format("--method '{}' is unknown (one of: {})", a.method, names)));
  }
  if (a.origins < 1)
    return fail(
        Status::invalid_argument(fmt::format("--origins must be at least 1 (got {})", a.origins)));
  auto in = load_input(a);
  if (!in.is_ok()) return fail(in.status());
  auto table = run_forecast(*in, a);
  if (!table.is_ok()) return fail(table.status());
  std::optional<std::vector<QueueBacktest>> bt;
  if (a.backtest) {
    auto r = run_backtest(*in, a);
    if (!r.is_ok()) return fail(r.status());
    bt = std::move(*r);
  }
  switch (a.format) {
    case OutputFormat::kCsv:
      if (bt)
        accuracy_table(*bt).print_csv(out);
      else
        interval_table(*table).print_csv(out);
      break;
    case OutputFormat::kJson: {
      nlohmann::json j = {{"forecast", to_json(*table)}};
      if (bt) j["backtest"] = to_json(*bt);
      out << j.dump(2) << '\n';
      break;
    }
    case OutputFormat::kTable:
      for (const auto& q : table->queues)
        out << fmt::format("{}: method {}, {} open intervals of {} min\n", q.queue, q.method,
                           q.intervals.size(), q.grain_minutes);
      out << "\nDaily totals\n";
      daily_table(*table).print(out);
      out << "\nIntervals\n";
      interval_table(*table).print(out);
      if (bt) {
        out << fmt::format("\nBacktest: {} weekly origin(s), horizon {} day(s)\n", a.origins,
                           a.horizon_days);
        accuracy_table(*bt).print(out);
      }
      break;
  }
  return 0;
}

}  // namespace

int demo_stage_forecast(const Scenario& scenario, std::ostream& out) {
  out << "== 2. Forecast ==\n";
  auto history = fc::read_scenario_history(scenario);
  if (!history.is_ok()) {
    out << "  no history to forecast from: " << history.status().message() << '\n';
    return 0;
  }
  Input in{std::move(*history), scenario};
  ForecastArgs a;
  auto table = run_forecast(in, a);
  if (!table.is_ok()) {
    std::cerr << "tandem demo: forecast: " << table.status().message() << '\n';
    return exit_code_for(table.status().code());
  }
  a.origins = 2;
  const std::string_view names[] = {"seasonal_naive", "auto"};
  Table acc({"queue", "method", "next-week volume", "backtest WAPE %", "MASE", "naive WAPE %",
             "naive MASE"});
  for (std::size_t i = 0; i < in.history.queues.size(); ++i) {
    const auto& q = in.history.queues[i];
    const auto& f = table->queues[i];
    double volume = 0.0;
    for (const auto& iv : f.intervals) volume += iv.volume;
    auto r = fc::backtest_queue(q, names, a.origins, 7, special_days(in, q.queue));
    std::vector<std::string> row = {q.queue, f.method, num(volume, 0)};
    if (r.is_ok()) {
      const auto& naive = (*r)[0].mean_interval;
      const auto& best = (*r)[1].mean_interval;
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
