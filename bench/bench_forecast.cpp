// SPDX-License-Identifier: Apache-2.0
// bench_forecast: accuracy and speed of every forecasting method on real call-centre data
// (docs/benchmarks.md, section "forecast").
//  * fpp2 calls (5-minute, weekdays 07:00-21:05, N = 27,716): origins after N - 4*845, ...,
//    N - 845 values; fit on everything before, forecast the next 845 intervals.
//  * Anonymous Bank, February 1999 (30-minute, agent demand): 2 weekly origins.
// Each iteration fits and forecasts ONE origin (single thread); the counters MASE and
// WAPE_pct are the means over all origins, computed once outside the timed loop.
#include <benchmark/benchmark.h>

#include <cmath>
#include <string>

#include "forecast/backtest.h"
#include "forecast/method.h"
#include "io/interval_history_csv.h"

namespace {

using namespace tandem::forecast;

const QueueSeries& fpp2() {
  static const QueueSeries s = [] {
    auto h = tandem::io::read_history(std::string(TANDEM_SHARED_DATA_DIR) +
                                      "/calls-fpp2/calls_5min.csv");
    if (!h.is_ok()) throw std::runtime_error(h.status().message());
    return h->queues[0];
  }();
  return s;
}

const QueueSeries& bank1999() {
  static const QueueSeries s = [] {
    auto h = tandem::io::read_history(std::string(TANDEM_SHARED_DATA_DIR) +
                                      "/anonymous-bank-1999/feb1999_30min_intervals.csv");
    if (!h.is_ok()) throw std::runtime_error(h.status().message());
    return h->queues[0];
  }();
  return s;
}

void run(benchmark::State& state, const QueueSeries& series, const std::vector<Fold>& folds,
         std::string_view method) {
  std::size_t k = 0;
  for (auto _ : state) {
    const Fold& fold = folds[k++ % folds.size()];
    const std::span<const SeriesPoint> train(series.points.data(), fold.origin);
    const std::span<const SeriesPoint> test(series.points.data() + fold.origin,
                                            fold.end - fold.origin);
    auto m = make_method(method);
    if (!m->fit(train, series.slots_per_day()).is_ok()) {
      state.SkipWithError("fit failed");
      return;
    }
    auto f = m->predict(keys_of(test));
    benchmark::DoNotOptimize(f.data());
  }
  const std::string_view names[] = {method};
  auto r = backtest(series, names, folds);
  if (!r.is_ok()) {
    state.SkipWithError(r.status().message().c_str());
    return;
  }
  state.counters["MASE"] = (*r)[0].mean_interval.mase;
  state.counters["WAPE_pct"] = 100.0 * (*r)[0].mean_interval.wape;
  state.counters["daily_MASE"] = (*r)[0].mean_daily.mase;
  state.counters["origins"] = double(folds.size());
}

void BM_Fpp2(benchmark::State& state, std::string_view method) {
  run(state, fpp2(), index_folds(fpp2().points.size(), 4, 845), method);
}

void BM_Bank1999(benchmark::State& state, std::string_view method) {
  run(state, bank1999(), weekly_folds(bank1999().points, 2, 7), method);
}

// The reference baseline: the series as one sequence, y[t - 845] (weekly lag in open
// intervals, ignoring that a holiday shifts the weekdays).
void BM_Fpp2_SequenceLag845Naive(benchmark::State& state) {
  const auto& s = fpp2();
  const auto folds = index_folds(s.points.size(), 4, 845);
  for (auto _ : state) benchmark::DoNotOptimize(s.points[0].volume);
  double mase = 0.0, wape = 0.0;
  for (const auto& fold : folds) {
    std::vector<double> y, f;
    for (std::size_t i = fold.origin; i < fold.end; ++i) {
      y.push_back(s.points[i].volume);
      f.push_back(s.points[fold.origin - 845 + (i - fold.origin) % 845].volume);
    }
    // Scale: in-sample one-day naive on the training part (lag 169 = previous open day).
    const auto a = accuracy(y, f, one_day_naive_mae({s.points.data(), fold.origin}));
    mase += a.mase / double(folds.size());
    wape += 100.0 * a.wape / double(folds.size());
  }
  state.counters["MASE"] = mase;
  state.counters["WAPE_pct"] = wape;
}

}  // namespace

BENCHMARK(BM_Fpp2_SequenceLag845Naive);
BENCHMARK_CAPTURE(BM_Fpp2, seasonal_naive, "seasonal_naive")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Fpp2, daily_profile, "daily_profile")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Fpp2, double_seasonal, "double_seasonal")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Fpp2, regression, "regression")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Fpp2, auto, "auto") -> Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Bank1999, seasonal_naive, "seasonal_naive")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Bank1999, daily_profile, "daily_profile")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Bank1999, double_seasonal, "double_seasonal")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Bank1999, regression, "regression")->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Bank1999, auto, "auto") -> Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
