// SPDX-License-Identifier: Apache-2.0
// Synthetic interval series with known structure for the forecast tests.
#pragma once

#include <chrono>
#include <cmath>
#include <functional>

#include "forecast/series.h"

namespace tandem::forecast::testing {

// 2026-06-01 is a Monday.
inline std::int32_t monday_2026_06_01() {
  using namespace std::chrono;
  return static_cast<std::int32_t>(sys_days{year{2026} / June / 1}.time_since_epoch().count());
}

// A 15-minute series over `weeks` weeks from Monday 2026-06-01, open Mon-Fri 08:00-18:00
// (slots 32..71) and Friday only until 14:00; value(day_index, key) gives the volume.
inline QueueSeries make_series(int weeks,
                               const std::function<double(int, const IntervalKey&)>& value,
                               bool with_aht = false) {
  QueueSeries s{"voice", 15, {}};
  const std::int32_t first = monday_2026_06_01();
  for (int d = 0; d < 7 * weeks; ++d) {
    const std::int32_t day = first + d;
    const int wd = weekday_of_day(day);
    if (wd >= 5) continue;
    const int last_slot = wd == 4 ? 56 : 72;
    for (int slot = 32; slot < last_slot; ++slot) {
      SeriesPoint p;
      p.key = {day, static_cast<std::int16_t>(slot), static_cast<std::int8_t>(wd)};
      p.volume = value(d, p.key);
      if (with_aht) p.aht_seconds = 200.0 + 2.0 * slot;
      s.points.push_back(p);
    }
  }
  return s;
}

// A pure weekly pattern: a daily curve that differs per weekday.
inline double pattern(const IntervalKey& k) {
  return 20.0 + 10.0 * (1 + k.weekday % 3) * std::sin(3.14159265 * (k.slot - 32) / 40.0) +
         (k.slot % 4);
}

}  // namespace tandem::forecast::testing
