// SPDX-License-Identifier: Apache-2.0
#include "forecast/series.h"

#include <algorithm>
#include <chrono>
#include <map>

namespace tandem::forecast {

namespace chr = std::chrono;

IntervalKey key_of(LocalSeconds start, int grain_minutes) {
  const LocalDays day = chr::floor<chr::days>(start);
  const auto minute = chr::duration_cast<chr::minutes>(start - day).count();
  IntervalKey key;
  key.day = static_cast<std::int32_t>(day.time_since_epoch().count());
  key.slot = static_cast<std::int16_t>(minute / grain_minutes);
  key.weekday = static_cast<std::int8_t>(weekday_of_day(key.day));
  return key;
}

LocalSeconds start_of(IntervalKey key, int grain_minutes) {
  return LocalSeconds{chr::days{key.day}} + chr::minutes{key.slot * grain_minutes};
}

int weekday_of_day(std::int32_t day) {
  // 1970-01-01 was a Thursday (ISO index 3).
  const int w = (day + 3) % 7;
  return w < 0 ? w + 7 : w;
}

const QueueSeries* History::find(const std::string& queue) const {
  for (const auto& q : queues)
    if (q.queue == queue) return &q;
  return nullptr;
}

History history_of(const IntervalHistory& history) {
  History out;
  out.grain_minutes = history.grain_minutes;
  std::map<std::string, std::size_t> index;
  std::vector<std::vector<const IntervalVolume*>> grouped;
  for (const auto& r : history.rows) {
    auto [it, fresh] = index.emplace(r.queue, grouped.size());
    if (fresh) {
      grouped.emplace_back();
      out.queues.push_back(QueueSeries{r.queue, history.grain_minutes, {}});
    }
    grouped[it->second].push_back(&r);
  }
  for (std::size_t q = 0; q < grouped.size(); ++q) {
    auto& rows = grouped[q];
    std::stable_sort(rows.begin(), rows.end(),
                     [](const IntervalVolume* a, const IntervalVolume* b) {
                       return a->interval_start < b->interval_start;
                     });
    auto& series = out.queues[q];
    series.points.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (i > 0 && rows[i]->interval_start == rows[i - 1]->interval_start) continue;
      series.points.push_back({key_of(rows[i]->interval_start, history.grain_minutes),
                               rows[i]->volume, rows[i]->aht_seconds});
    }
  }
  return out;
}

History history_of(std::span<const IntervalHistory> histories) {
  History merged;
  for (std::size_t i = 0; i < histories.size(); ++i) {
    History h = history_of(histories[i]);
    if (i == 0) merged.grain_minutes = h.grain_minutes;
    for (auto& q : h.queues) merged.queues.push_back(std::move(q));
  }
  return merged;
}

std::vector<double> volumes_of(std::span<const SeriesPoint> points) {
  std::vector<double> out;
  out.reserve(points.size());
  for (const auto& p : points) out.push_back(p.volume);
  return out;
}

std::vector<IntervalKey> keys_of(std::span<const SeriesPoint> points) {
  std::vector<IntervalKey> out;
  out.reserve(points.size());
  for (const auto& p : points) out.push_back(p.key);
  return out;
}

}  // namespace tandem::forecast
