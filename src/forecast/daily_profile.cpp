// SPDX-License-Identifier: Apache-2.0
// The classic WFM method: forecast each day's total, then spread it over the day with the
// weekday's intraday profile.
//   daily totals: level l and weekday factors s[w] (Holt-Winters without trend):
//     l <- a * y / s[w] + (1 - a) * l ;  s[w] <- g * y / l + (1 - g) * s[w]
//   a and g are chosen on a grid by the one-step squared error over the history.
//   forecast(day, slot) = l * s[weekday] * share(weekday, slot)
#include <limits>

#include "forecast/methods.h"

namespace tandem::forecast {

namespace {

struct DailyFit {
  double level = 0.0;
  std::array<double, 7> season{};
  double sse = 0.0;
};

DailyFit run_daily(const std::vector<detail::DayBlock>& days, double a, double g) {
  DailyFit f;
  // Initialise from the first 7 calendar days.
  std::array<double, 7> first{};
  std::array<int, 7> count{};
  double sum = 0.0;
  int n = 0;
  for (const auto& d : days) {
    if (d.day - days.front().day >= 7) break;
    first[d.weekday] += d.total;
    ++count[d.weekday];
    sum += d.total;
    ++n;
  }
  f.level = n > 0 ? sum / n : 0.0;
  for (int w = 0; w < 7; ++w)
    f.season[w] = (count[w] > 0 && f.level > 0.0) ? first[w] / count[w] / f.level : 1.0;
  for (const auto& d : days) {
    const double s = f.season[d.weekday] > 1e-9 ? f.season[d.weekday] : 1e-9;
    const double e = d.total - f.level * s;
    if (d.day - days.front().day >= 7) f.sse += e * e;
    f.level = a * d.total / s + (1.0 - a) * f.level;
    if (f.level > 1e-9) f.season[d.weekday] = g * d.total / f.level + (1.0 - g) * s;
  }
  return f;
}

}  // namespace

Status DailyProfile::fit(std::span<const SeriesPoint> history, int slots_per_day) {
  if (Status s = check_one_season(history); !s.is_ok()) return s;
  const auto days = detail::split_days(history);
  DailyFit best;
  best.sse = std::numeric_limits<double>::infinity();
  for (double a : {0.02, 0.05, 0.1, 0.2, 0.3, 0.5}) {
    for (double g : {0.02, 0.05, 0.1, 0.2, 0.3}) {
      DailyFit f = run_daily(days, a, g);
      if (f.sse < best.sse) best = f;
    }
  }
  level_ = best.level;
  season_ = best.season;
  profile_ = detail::intraday_profile(history, days, slots_per_day, 0.8);
  return Status::ok();
}

std::vector<double> DailyProfile::predict(std::span<const IntervalKey> targets) const {
  std::vector<double> out;
  out.reserve(targets.size());
  for (const auto& k : targets) {
    const double total = level_ * season_[k.weekday];
    out.push_back(std::max(0.0, total * profile_.at(k.weekday, k.slot)));
  }
  return out;
}

}  // namespace tandem::forecast
