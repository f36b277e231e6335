// SPDX-License-Identifier: Apache-2.0
// Volumes per queue per interval: what an interval-history (or forecast) CSV holds once read
// (io/interval_history_csv.h), and what forecasting and staffing consume. Plain value types.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/time.h"

namespace tandem {

// One OPEN interval of one queue (an absent interval is closed).
struct IntervalVolume {
  std::string queue;
  LocalSeconds interval_start{};      // local wall-clock time of the queue's site
  double volume = 0;                  // contacts or work items arriving in the interval
  std::optional<double> aht_seconds;  // empty: unknown (use the queue's handle time)
  friend bool operator==(const IntervalVolume&, const IntervalVolume&) = default;
};

// The rows of one history file, in file order, all on one grid: every start is a whole
// number of grains after midnight, and no queue has the same interval twice.
struct IntervalHistory {
  int grain_minutes = 15;  // divides a day; 1440 for a daily history (dates only)
  std::vector<IntervalVolume> rows;
  friend bool operator==(const IntervalHistory&, const IntervalHistory&) = default;
};

}  // namespace tandem
