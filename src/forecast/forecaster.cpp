// SPDX-License-Identifier: Apache-2.0
#include "forecast/forecaster.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "forecast/method.h"
#include "forecast/methods.h"

namespace tandem::forecast {

namespace {

constexpr int kOpeningLookbackDates = 4;  // dates of a weekday used to learn its open slots
constexpr double kAhtDecay = 0.8;         // weight per week of age
constexpr double kAhtPrior = 20.0;        // contacts' worth of the all-weekday slot mean
constexpr double kAhtSlotPrior = 1.0;     // contacts' worth of the overall mean in a slot's

std::int32_t day_number(LocalDays d) {
  return static_cast<std::int32_t>(d.time_since_epoch().count());
}

const SpecialDay* find_special(const std::vector<SpecialDay>& days, std::int32_t day) {
  for (const auto& s : days)
    if (day_number(s.date) == day) return &s;
  return nullptr;
}

// Standard normal quantile (Acklam's rational approximation, |error| < 1.2e-9).
double normal_quantile(double p) {
  static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
  static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
  const double lo = 0.02425;
  if (p < lo) {
    const double q = std::sqrt(-2 * std::log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - lo) return -normal_quantile(1 - p);
  const double q = p - 0.5, r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

double empirical_quantile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0.0;
  const double pos = p * double(sorted.size() - 1);
  const auto i = static_cast<std::size_t>(std::floor(pos));
  const std::size_t j = std::min(i + 1, sorted.size() - 1);
  return sorted[i] + (pos - double(i)) * (sorted[j] - sorted[i]);
}

// AHT per (weekday, slot): volume x recency weighted mean, shrunk to the slot's mean over
// all weekdays, then to the overall mean. Empty when the history has no AHT.
struct AhtModel {
  int slots = 0;
  std::vector<double> by_key;  // 7 * slots, NaN-free when `known`
  bool known = false;
  double at(const IntervalKey& k) const {
    return by_key[static_cast<std::size_t>(k.weekday * slots + k.slot)];
  }
};

AhtModel fit_aht(const QueueSeries& s) {
  AhtModel m;
  m.slots = s.slots_per_day();
  const auto n = static_cast<std::size_t>(7 * m.slots);
  std::vector<double> sum(n, 0.0), weight(n, 0.0), slot_sum(m.slots, 0.0), slot_w(m.slots, 0.0);
  double all_sum = 0.0, all_w = 0.0;
  if (s.points.empty()) return m;
  const std::int32_t last = s.points.back().key.day;
  for (const auto& p : s.points) {
    if (!p.aht_seconds || p.volume <= 0.0 || p.key.slot >= m.slots) continue;
    const double w = p.volume * std::pow(kAhtDecay, (last - p.key.day) / 7.0);
    const auto i = static_cast<std::size_t>(p.key.weekday * m.slots + p.key.slot);
    sum[i] += w * *p.aht_seconds;
    weight[i] += w;
    slot_sum[p.key.slot] += w * *p.aht_seconds;
    slot_w[p.key.slot] += w;
    all_sum += w * *p.aht_seconds;
    all_w += w;
  }
  if (all_w <= 0.0) return m;
  m.known = true;
  const double all_mean = all_sum / all_w;
  m.by_key.assign(n, all_mean);
  for (int slot = 0; slot < m.slots; ++slot) {
    const double slot_mean =
        (slot_sum[slot] + kAhtSlotPrior * all_mean) / (slot_w[slot] + kAhtSlotPrior);
    for (int wd = 0; wd < 7; ++wd) {
      const auto i = static_cast<std::size_t>(wd * m.slots + slot);
      m.by_key[i] = (sum[i] + kAhtPrior * slot_mean) / (weight[i] + kAhtPrior);
    }
  }
  return m;
}

// Standardised residual quantiles per bound, from a backtest of `method` on the history.
std::vector<std::pair<double, double>> residual_quantiles(const QueueSeries& s,
                                                          const ForecastOptions& o) {
  std::vector<double> z;
  const auto folds = weekly_folds(s.points, o.bound_origins, 7);
  if (!folds.empty()) {
    const std::string_view names[] = {o.method};
    auto bt = backtest(s, names, folds);
    if (bt.is_ok()) {
      for (const auto& f : (*bt)[0].folds)
        for (std::size_t i = 0; i < f.actual.size(); ++i)
          z.push_back((f.actual[i] - f.forecast[i]) / std::sqrt(std::max(f.forecast[i], 1.0)));
    }
  }
  std::sort(z.begin(), z.end());
  std::vector<std::pair<double, double>> q;
  for (double level : o.levels) {
    const double lo = (1.0 - level) / 2.0, hi = (1.0 + level) / 2.0;
    if (z.size() >= 50)
      q.emplace_back(empirical_quantile(z, lo), empirical_quantile(z, hi));
    else
      q.emplace_back(normal_quantile(lo), normal_quantile(hi));  // Poisson-like fallback
  }
  return q;
}

}  // namespace

const QueueForecast* ForecastTable::find(const std::string& queue) const {
  for (const auto& q : queues)
    if (q.queue == queue) return &q;
  return nullptr;
}

QueueSeries adjust_for_special_days(const QueueSeries& series,
                                    const std::vector<SpecialDay>& days) {
  if (days.empty()) return series;
  QueueSeries out{series.queue, series.grain_minutes, {}};
  out.points.reserve(series.points.size());
  for (const auto& p : series.points) {
    const SpecialDay* s = find_special(days, p.key.day);
    if (s == nullptr) {
      out.points.push_back(p);
    } else if (!s->closed && s->multiplier > 0.0) {
      SeriesPoint q = p;
      q.volume /= s->multiplier;
      out.points.push_back(q);
    }
  }
  return out;
}

std::vector<IntervalKey> open_intervals(const QueueSeries& series, LocalDays first_day,
                                        int horizon_days, const std::vector<SpecialDay>& days) {
  const int slots = series.slots_per_day();
  // Open count per (weekday, slot) over the last kOpeningLookbackDates dates of each weekday.
  std::vector<int> open(static_cast<std::size_t>(7 * slots), 0);
  std::array<int, 7> dates_seen{};
  std::int32_t current = -1;
  for (auto it = series.points.rbegin(); it != series.points.rend(); ++it) {
    const auto& k = it->key;
    if (k.day != current) {
      current = k.day;
      ++dates_seen[k.weekday];
    }
    if (dates_seen[k.weekday] > kOpeningLookbackDates || k.slot >= slots) continue;
    ++open[static_cast<std::size_t>(k.weekday * slots + k.slot)];
  }
  std::vector<IntervalKey> keys;
  const std::int32_t first = day_number(first_day);
  for (std::int32_t day = first; day < first + horizon_days; ++day) {
    const SpecialDay* s = find_special(days, day);
    if (s != nullptr && s->closed) continue;
    const int wd = weekday_of_day(day);
    const int seen = std::min(dates_seen[wd], kOpeningLookbackDates);
    if (seen == 0) continue;
    for (int slot = 0; slot < slots; ++slot) {
      if (2 * open[static_cast<std::size_t>(wd * slots + slot)] >= seen && seen > 0 &&
          open[static_cast<std::size_t>(wd * slots + slot)] > 0)
        keys.push_back({day, static_cast<std::int16_t>(slot), static_cast<std::int8_t>(wd)});
    }
  }
  return keys;
}

Result<QueueForecast> forecast_queue(const QueueSeries& series, const ForecastOptions& options) {
  if (options.horizon_days < 1)
    return Status::invalid_argument(
        fmt::format("horizon must be at least 1 day (got {})", options.horizon_days));
  auto method = make_method(options.method);
  if (!method) return Status::invalid_argument(fmt::format("unknown method '{}'", options.method));
  for (double level : options.levels)
    if (!(level > 0.0 && level < 1.0))
      return Status::invalid_argument(fmt::format("bound level {} is not in (0, 1)", level));
  const QueueSeries adjusted = adjust_for_special_days(series, options.special_days);
  if (Status s = method->fit(adjusted.points, adjusted.slots_per_day()); !s.is_ok())
    return Status::invalid_argument(fmt::format("queue {}: {}", series.queue, s.message()));
  const LocalDays first_day = options.first_day
                                  ? *options.first_day
                                  : LocalDays{std::chrono::days{series.points.back().key.day + 1}};
  const auto keys = open_intervals(adjusted, first_day, options.horizon_days, options.special_days);
  const auto volumes = method->predict(keys);
  const auto aht = fit_aht(adjusted);
  const auto quantiles = residual_quantiles(adjusted, options);

  QueueForecast out;
  out.queue = series.queue;
  out.grain_minutes = series.grain_minutes;
  out.method = options.method;
  if (const auto* a = dynamic_cast<const AutoCombination*>(method.get())) {
    std::string names;
    for (auto n : a->chosen()) {
      if (!names.empty()) names += '+';
      names.append(n);
    }
    out.method = "auto(" + names + ")";
  }
  out.intervals.reserve(keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) {
    IntervalForecast f;
    f.key = keys[i];
    f.start = start_of(keys[i], series.grain_minutes);
    const SpecialDay* s = find_special(options.special_days, keys[i].day);
    const double factor = s != nullptr ? s->multiplier : 1.0;
    f.volume = volumes[i] * factor;
    if (aht.known) f.aht_seconds = aht.at(keys[i]);
    const double spread = std::sqrt(std::max(volumes[i], 1.0));
    for (const auto& [lo, hi] : quantiles) {
      f.lower.push_back(std::max(0.0, (volumes[i] + lo * spread) * factor));
      f.upper.push_back(std::max(0.0, (volumes[i] + hi * spread) * factor));
    }
    out.intervals.push_back(std::move(f));
  }
  return out;
}

Result<ForecastTable> forecast_history(const History& history, const ForecastOptions& options) {
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
    auto f = forecast_queue(q, o);
    if (!f.is_ok()) return f.status();
    table.queues.push_back(std::move(*f));
  }
  return table;
}

Result<std::vector<MethodBacktest>> backtest_queue(const QueueSeries& series,
                                                   std::span<const std::string_view> methods,
                                                   int origins, int horizon_days,
                                                   const std::vector<SpecialDay>& days) {
  if (horizon_days < 1)
    return Status::invalid_argument(
        fmt::format("horizon must be at least 1 day (got {})", horizon_days));
  const QueueSeries adjusted = adjust_for_special_days(series, days);
  const auto folds = weekly_folds(adjusted.points, origins, horizon_days);
  if (folds.empty())
    return Status::invalid_argument(
        fmt::format("queue {}: history too short for a backtest (one week of training + {} day(s))",
                    series.queue, horizon_days));
  return backtest(adjusted, methods, folds);
}

}  // namespace tandem::forecast
