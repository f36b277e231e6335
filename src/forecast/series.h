// SPDX-License-Identifier: Apache-2.0
// Interval time series of one queue: the history that forecasts learn from.
//
// A series holds only OPEN intervals, in time order: an interval that is absent is closed
// (night, weekend, holiday), which is not the same as an interval with zero demand. Every
// point carries its local date, ISO weekday and slot of the day, so methods key their seasonal
// patterns by (weekday, slot) and never by a fixed lag: a missing holiday does not shift the
// weekly pattern.
//
// Units: volume = contacts (or work items) arriving in the interval; aht_seconds = mean
// handle time of the interval's contacts in seconds (absent when unknown or when no contact
// was handled). Plain value types; no invariants beyond those stated on each field.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/interval_history.h"
#include "model/time.h"

namespace tandem::forecast {

// Where an interval sits in the calendar. `day` counts local dates since 1970-01-01.
struct IntervalKey {
  std::int32_t day = 0;
  std::int16_t slot = 0;    // interval of the day: minute-of-day / grain
  std::int8_t weekday = 0;  // ISO index, 0 = Monday ... 6 = Sunday
  friend bool operator==(const IntervalKey&, const IntervalKey&) = default;
  friend auto operator<=>(const IntervalKey& a, const IntervalKey& b) {
    if (a.day != b.day) return a.day <=> b.day;
    return a.slot <=> b.slot;
  }
};

// The key of the interval that starts at local time `start` on a grid of `grain_minutes`.
IntervalKey key_of(LocalSeconds start, int grain_minutes);
// The local start time of a key on a grid of `grain_minutes`.
LocalSeconds start_of(IntervalKey key, int grain_minutes);
// ISO weekday index (0 = Monday) of a day count since 1970-01-01.
int weekday_of_day(std::int32_t day);

// One observed open interval.
struct SeriesPoint {
  IntervalKey key;
  double volume = 0.0;
  std::optional<double> aht_seconds;
};

// The history of one queue at one grain, open intervals in strictly increasing time order.
struct QueueSeries {
  std::string queue;
  int grain_minutes = 15;
  std::vector<SeriesPoint> points;

  int slots_per_day() const { return 1440 / grain_minutes; }
};

// Every queue of one history file (all at the same grain).
struct History {
  int grain_minutes = 15;
  std::vector<QueueSeries> queues;
  const QueueSeries* find(const std::string& queue) const;
};

// The series of a history read from file (io/interval_history_csv.h): one per queue in order
// of first appearance, points in time order. A second row of a queue at the same interval
// (which the reader rejects) is dropped. Several files (a scenario's contacts and work items)
// merge into one History with the grain of the first; each series keeps its own.
History history_of(const IntervalHistory& history);
History history_of(std::span<const IntervalHistory> histories);

// Volumes only, in the same order (what the volume methods learn from).
std::vector<double> volumes_of(std::span<const SeriesPoint> points);
std::vector<IntervalKey> keys_of(std::span<const SeriesPoint> points);

}  // namespace tandem::forecast
