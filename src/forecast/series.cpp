// SPDX-License-Identifier: Apache-2.0
#include "forecast/series.h"

#include <chrono>

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
