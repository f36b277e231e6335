// SPDX-License-Identifier: Apache-2.0
// bench_staffing: speed of the Erlang evaluators and of inverse staffing (docs/benchmarks.md,
// section "staffing"). Single thread.
//  * BM_ErlangCServiceLevel/A: erlang_c_service_level at N = A + 10% around A Erlangs;
//    counter evaluations_per_second.
//  * BM_ErlangCAgentsForServiceLevel/A: the engine's minimal-agents call (80/20).
//  * BM_ErlangAEvaluation/A: erlang_a (all metrics) at the same points.
//  * BM_StaffWeekErlangC/A and BM_StaffWeekErlangA/A: required_agents for 672 intervals x 100
//    queues whose loads vary between 0.5 A and 1.5 A (80% in 20 s; Erlang A adds 5% max
//    abandonment, patience 180 s); counter ms_per_week_x100_queues.
//  * BM_WorkloadWindowsWeek: the windows of one week of 15-minute intervals.
#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

#include "staffing/erlang.h"
#include "staffing/erlang_a.h"
#include "staffing/staffing.h"
#include "staffing/workload_windows.h"

namespace {

namespace st = tandem::staffing;

constexpr double kAht = 300;
constexpr int kIntervals = 672;
constexpr int kQueues = 100;

// Deterministic loads spread over [0.5, 1.5] x the mean.
std::vector<double> loads(double mean, int count) {
  std::vector<double> out(count);
  for (int i = 0; i < count; ++i) {
    const double phase = std::fmod(i * 0.6180339887498949, 1.0);
    out[i] = mean * (0.5 + phase);
  }
  return out;
}

void BM_ErlangCServiceLevel(benchmark::State& state) {
  const double a = static_cast<double>(state.range(0));
  const std::vector<double> load = loads(a, 64);
  std::vector<int> agents(load.size());
  for (size_t i = 0; i < load.size(); ++i) agents[i] = static_cast<int>(load[i] * 1.1) + 1;
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(st::erlang_c_service_level(load[i] / kAht, kAht, agents[i], 20));
    i = (i + 1) & 63;
  }
  state.counters["evaluations_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ErlangCServiceLevel)->Arg(100)->Arg(1000)->Arg(10000);

// The engine's call: minimal agents for 80% in 20 s (thin wrapper of erlang.h).
void BM_ErlangCAgentsForServiceLevel(benchmark::State& state) {
  const std::vector<double> load = loads(static_cast<double>(state.range(0)), 64);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(st::erlang_c_agents_for_service_level(load[i] / kAht, kAht, 0.8, 20));
    i = (i + 1) & 63;
  }
  state.counters["evaluations_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ErlangCAgentsForServiceLevel)->Arg(100)->Arg(1000)->Arg(10000);

void BM_ErlangAEvaluation(benchmark::State& state) {
  const double a = static_cast<double>(state.range(0));
  const std::vector<double> load = loads(a, 64);
  std::vector<int> agents(load.size());
  for (size_t i = 0; i < load.size(); ++i) agents[i] = static_cast<int>(load[i] * 1.1) + 1;
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(st::erlang_a(load[i] / kAht, kAht, 180, agents[i], 20));
    i = (i + 1) & 63;
  }
  state.counters["evaluations_per_second"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ErlangAEvaluation)->Arg(100)->Arg(1000)->Arg(10000);

void staff_week(benchmark::State& state, bool abandonment) {
  const std::vector<double> load = loads(static_cast<double>(state.range(0)), kIntervals * kQueues);
  st::StaffingTargets targets;
  targets.service_level = 0.8;
  targets.target_seconds = 20;
  if (abandonment) targets.max_abandon = 0.05;
  long long agents = 0;
  for (auto _ : state) {
    for (double a : load) {
      st::QueueLoad q;
      q.arrivals_per_second = a / kAht;
      q.aht_seconds = kAht;
      if (abandonment) q.patience_seconds = 180;
      agents += st::required_agents(q, targets)->agents;
    }
  }
  benchmark::DoNotOptimize(agents);
  // Seconds per iteration (one week x 100 queues), shown in milliseconds.
  state.counters["ms_per_week_x100_queues"] =
      benchmark::Counter(static_cast<double>(state.iterations()) / 1000.0,
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
  state.counters["mean_agents"] =
      static_cast<double>(agents) / static_cast<double>(state.iterations() * load.size());
}

void BM_StaffWeekErlangC(benchmark::State& state) { staff_week(state, false); }
BENCHMARK(BM_StaffWeekErlangC)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_StaffWeekErlangA(benchmark::State& state) { staff_week(state, true); }
BENCHMARK(BM_StaffWeekErlangA)->Arg(100)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);

void BM_WorkloadWindowsWeek(benchmark::State& state) {
  st::WorkloadWindowInput in;
  for (int i = 0; i < kIntervals; ++i) {
    const int minute = (i % 96) * 15;
    const bool open = i / 96 < 5 && minute >= 480 && minute < 1080;
    in.intervals.push_back(
        {open ? 0.25 : 0.0, open ? 2.0 + (i % 7) : 0.0, std::min(i + 96, kIntervals + 40)});
  }
  for (auto _ : state) benchmark::DoNotOptimize(st::compute_workload_windows(in));
}
BENCHMARK(BM_WorkloadWindowsWeek)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
