// SPDX-License-Identifier: Apache-2.0
// Seasonal naive: the volume of the same weekday and interval the last time it was open.
#include <cmath>
#include <limits>

#include "forecast/methods.h"

namespace tandem::forecast {

Status SeasonalNaive::fit(std::span<const SeriesPoint> history, int slots_per_day) {
  if (Status s = check_one_season(history); !s.is_ok()) return s;
  slots_ = slots_per_day;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  last_.assign(static_cast<std::size_t>(7 * slots_), nan);
  last_any_weekday_.assign(static_cast<std::size_t>(slots_), nan);
  for (const auto& p : history) {
    if (p.key.slot >= slots_) continue;
    last_[static_cast<std::size_t>(p.key.weekday * slots_ + p.key.slot)] = p.volume;
    last_any_weekday_[static_cast<std::size_t>(p.key.slot)] = p.volume;
  }
  return Status::ok();
}

std::vector<double> SeasonalNaive::predict(std::span<const IntervalKey> targets) const {
  std::vector<double> out;
  out.reserve(targets.size());
  for (const auto& k : targets) {
    double v = 0.0;
    if (k.slot < slots_) {
      v = last_[static_cast<std::size_t>(k.weekday * slots_ + k.slot)];
      if (std::isnan(v)) v = last_any_weekday_[static_cast<std::size_t>(k.slot)];
      if (std::isnan(v)) v = 0.0;
    }
    out.push_back(v);
  }
  return out;
}

}  // namespace tandem::forecast
