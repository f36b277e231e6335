// SPDX-License-Identifier: Apache-2.0
#include "forecast/scenario_forecast.h"

#include <algorithm>
#include <limits>

namespace tandem::forecast {

std::vector<SpecialDay> special_days_of_queue(const Scenario& scenario, const std::string& queue) {
  std::vector<SpecialDay> out;
  const Queue* q = scenario.find_queue(queue);
  if (q == nullptr) return out;
  const Site* site = scenario.find_site(q->site);
  if (site == nullptr) return out;
  for (const auto& day : site->holidays) out.push_back({day, "holiday", true, 1.0});
  return out;
}

Result<ForecastTable> forecast_scenario(const Scenario& scenario, const History& history,
                                        const ForecastOptions& options) {
  ForecastTable table;
  table.levels = options.levels;
  ForecastOptions o = options;
  if (!o.first_day) {
    std::int32_t last = std::numeric_limits<std::int32_t>::min();
    for (const auto& q : history.queues)
      if (!q.points.empty()) last = std::max(last, q.points.back().key.day);
    if (last == std::numeric_limits<std::int32_t>::min())
      return Status::invalid_argument("the history has no intervals");
    o.first_day = LocalDays{std::chrono::days{last + 1}};
  }
  for (const auto& q : history.queues) {
    ForecastOptions per_queue = o;
    for (auto& s : special_days_of_queue(scenario, q.queue)) per_queue.special_days.push_back(s);
    auto f = forecast_queue(q, per_queue);
    if (!f.is_ok()) return f.status();
    table.queues.push_back(std::move(*f));
  }
  return table;
}

LocalDays next_monday_after(const History& history) {
  std::int32_t last = 0;
  for (const auto& q : history.queues)
    if (!q.points.empty()) last = std::max(last, q.points.back().key.day);
  LocalDays day = LocalDays{std::chrono::days{last + 1}};
  while (iso_weekday_index(day) != 0) day += std::chrono::days{1};
  return day;
}

}  // namespace tandem::forecast
