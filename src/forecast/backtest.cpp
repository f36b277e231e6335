// SPDX-License-Identifier: Apache-2.0
#include "forecast/backtest.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "forecast/method.h"
#include "forecast/method_util.h"

namespace tandem::forecast {

std::vector<Fold> weekly_folds(std::span<const SeriesPoint> points, int count, int horizon_days) {
  std::vector<Fold> folds;
  if (points.empty() || count <= 0 || horizon_days <= 0) return folds;
  const std::int32_t first_day = points.front().key.day;
  const std::int32_t end_day = points.back().key.day + 1;
  auto index_of_day = [&](std::int32_t day) {
    return static_cast<std::size_t>(
        std::lower_bound(points.begin(), points.end(), day,
                         [](const SeriesPoint& p, std::int32_t d) { return p.key.day < d; }) -
        points.begin());
  };
  for (int k = count; k >= 1; --k) {
    const std::int32_t origin_day = end_day - horizon_days - 7 * (k - 1);
    if (origin_day - first_day < 7) continue;
    const Fold f{index_of_day(origin_day), index_of_day(origin_day + horizon_days)};
    if (f.end > f.origin) folds.push_back(f);
  }
  return folds;
}

std::vector<Fold> index_folds(std::size_t size, int count, std::size_t step) {
  std::vector<Fold> folds;
  for (int k = count; k >= 1; --k) {
    const std::size_t back = static_cast<std::size_t>(k) * step;
    if (back >= size) continue;
    folds.push_back({size - back, std::min(size, size - back + step)});
  }
  return folds;
}

Accuracy mean_accuracy(std::span<const Accuracy> items) {
  Accuracy m;
  if (items.empty()) return m;
  for (const auto& a : items) {
    m.count += a.count;
    m.mae += a.mae;
    m.rmse += a.rmse;
    m.wape += a.wape;
    m.mase += a.mase;
    m.bias += a.bias;
  }
  const double n = double(items.size());
  m.mae /= n;
  m.rmse /= n;
  m.wape /= n;
  m.mase /= n;
  m.bias /= n;
  return m;
}

namespace {

// Daily totals of a training history as a series with one "slot" per day, so the one-day
// naive scale of daily totals comes from the same function.
std::vector<SeriesPoint> daily_series(std::span<const SeriesPoint> pts) {
  std::vector<SeriesPoint> out;
  for (const auto& d : detail::split_days(pts)) {
    SeriesPoint p;
    p.key = pts[d.begin].key;
    p.key.slot = 0;
    p.volume = d.total;
    out.push_back(p);
  }
  // One slot per day: the "previous open day" is the previous element.
  for (std::size_t i = 0; i < out.size(); ++i) out[i].key.day = static_cast<std::int32_t>(i);
  return out;
}

Accuracy daily_accuracy(std::span<const SeriesPoint> train, std::span<const IntervalKey> keys,
                        std::span<const double> actual, std::span<const double> forecast) {
  std::map<std::int32_t, std::pair<double, double>> by_day;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    auto& [y, f] = by_day[keys[i].day];
    y += actual[i];
    f += forecast[i];
  }
  std::vector<double> ys, fs;
  for (const auto& [day, yf] : by_day) {
    ys.push_back(yf.first);
    fs.push_back(yf.second);
  }
  return accuracy(ys, fs, one_day_naive_mae(daily_series(train)));
}

}  // namespace

Result<std::vector<MethodBacktest>> backtest(const QueueSeries& series,
                                             std::span<const std::string_view> methods,
                                             std::span<const Fold> folds) {
  std::vector<MethodBacktest> out;
  for (std::string_view name : methods) {
    MethodBacktest mb;
    mb.method = std::string(name);
    std::vector<Accuracy> per_interval, per_day;
    for (const Fold& fold : folds) {
      if (fold.origin > series.points.size() || fold.end > series.points.size() ||
          fold.end <= fold.origin)
        return Status::invalid_argument(
            fmt::format("backtest fold [{}, {}) is outside the series", fold.origin, fold.end));
      // The copy is the no-look-ahead guarantee: the method only ever sees this vector.
      const std::vector<SeriesPoint> train(series.points.begin(),
                                           series.points.begin() + static_cast<long>(fold.origin));
      const std::span<const SeriesPoint> test(series.points.data() + fold.origin,
                                              fold.end - fold.origin);
      auto method = make_method(name);
      if (!method) return Status::invalid_argument(fmt::format("unknown method '{}'", name));
      if (Status s = method->fit(train, series.slots_per_day()); !s.is_ok())
        return Status::invalid_argument(
            fmt::format("queue {}: method {}: {}", series.queue, name, s.message()));
      const auto keys = keys_of(test);
      FoldResult fr;
      fr.fold = fold;
      fr.actual = volumes_of(test);
      fr.forecast = method->predict(keys);
      fr.interval = accuracy(fr.actual, fr.forecast, one_day_naive_mae(train));
      fr.daily = daily_accuracy(train, keys, fr.actual, fr.forecast);
      per_interval.push_back(fr.interval);
      per_day.push_back(fr.daily);
      mb.folds.push_back(std::move(fr));
    }
    mb.mean_interval = mean_accuracy(per_interval);
    mb.mean_daily = mean_accuracy(per_day);
    out.push_back(std::move(mb));
  }
  return out;
}

}  // namespace tandem::forecast
