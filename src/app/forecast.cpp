// SPDX-License-Identifier: Apache-2.0
#include "app/forecast.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "forecast/method.h"
#include "forecast/scenario_forecast.h"

namespace tandem::app {

namespace fc = tandem::forecast;

namespace {

std::vector<fc::SpecialDay> special_days(const Scenario* scenario, const std::string& queue) {
  return scenario ? fc::special_days_of_queue(*scenario, queue) : std::vector<fc::SpecialDay>{};
}

}  // namespace

Result<fc::ForecastTable> forecast_history(const fc::History& history, const Scenario* scenario,
                                           const ForecastRequest& request) {
  if (request.horizon_days < 1)
    return Status::invalid_argument(
        fmt::format("horizon_days must be at least 1 (got {})", request.horizon_days));
  if (request.horizon_days > 366)  // the work and the table grow with it
    return Status::invalid_argument(
        fmt::format("horizon_days must be at most 366 (got {})", request.horizon_days));
  if (!fc::make_method(request.method))
    return Status::invalid_argument(fmt::format("method '{}' is unknown", request.method));
  fc::ForecastOptions o;
  o.method = request.method;
  o.horizon_days = request.horizon_days;
  std::int32_t last = std::numeric_limits<std::int32_t>::min();
  for (const auto& q : history.queues) last = std::max(last, q.points.back().key.day);
  o.first_day = LocalDays{std::chrono::days{last + 1}};
  fc::ForecastTable table;
  table.levels = o.levels;
  for (const auto& q : history.queues) {
    fc::ForecastOptions per_queue = o;
    per_queue.special_days = special_days(scenario, q.queue);
    auto f = fc::forecast_queue(q, per_queue);
    if (!f.is_ok()) return f.status();
    table.queues.push_back(std::move(*f));
  }
  return table;
}

std::vector<std::string_view> backtest_methods(const std::string& method) {
  const auto known = fc::method_names();
  if (method == "auto") return {known.begin(), known.end()};
  std::vector<std::string_view> names = {"seasonal_naive"};
  if (method == "seasonal_naive") return names;
  // The table's own name (static), so the views outlive `method`; an unknown name is kept
  // (as a view of `method`) for the backtest to reject.
  const auto it = std::find(known.begin(), known.end(), method);
  names.push_back(it != known.end() ? *it : std::string_view(method));
  return names;
}

std::vector<QueueBacktest> backtest_history(const fc::History& history, const Scenario* scenario,
                                            std::span<const std::string_view> methods, int origins,
                                            int horizon_days) {
  std::vector<QueueBacktest> out;
  for (const auto& q : history.queues) {
    auto r = fc::backtest_queue(q, methods, origins, horizon_days, special_days(scenario, q.queue));
    if (r.is_ok())
      out.push_back({q.queue, Status::ok(), std::move(*r)});
    else
      out.push_back({q.queue, r.status(), {}});
  }
  return out;
}

}  // namespace tandem::app
