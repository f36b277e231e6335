// SPDX-License-Identifier: Apache-2.0
#include "cli/forecast_format.h"

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>

namespace tandem::cli {

namespace {

namespace fc = tandem::forecast;

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

nlohmann::json accuracy_json(const fc::Accuracy& a) {
  return {{"mae", a.mae}, {"rmse", a.rmse}, {"wape", a.wape}, {"mase", a.mase}, {"bias", a.bias}};
}

}  // namespace

Table forecast_accuracy_table(const std::vector<app::QueueBacktest>& bt) {
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

Table forecast_interval_table(const fc::ForecastTable& table) {
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
Table forecast_daily_table(const fc::ForecastTable& table) {
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

nlohmann::json forecast_json(const fc::ForecastTable& table) {
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

nlohmann::json backtest_json(const std::vector<app::QueueBacktest>& bt) {
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

std::string forecast_number(double v, int decimals) { return num(v, decimals); }

}  // namespace tandem::cli
