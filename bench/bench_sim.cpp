// SPDX-License-Identifier: Apache-2.0
// bench_sim: the simulator with the engine in the loop (docs/benchmarks.md, section "sim").
//   BM_MmcThousandDaysEngine   ContactCenters MMC, 1,000 days (~2 million calls), one core
//   BM_MmcThousandDaysStandIn  the same through the FIFO stand-in router (the DES core alone)
//   BM_NorthbankYear/D         D days of the demo scenario (365: a year), 2 replications on
//                              2 cores (the 28-day variant keeps a quick run under a minute)
// Counters: events_per_second (events handed to the router), calls_per_second.
#include <benchmark/benchmark.h>

#include "io/interval_history_csv.h"
#include "sim/fifo_router.h"
#include "sim/reference_models.h"
#include "sim/replications.h"
#include "sim/scenario_model.h"

namespace {

using namespace tandem;

void run_mmc(benchmark::State& state, const sim::RouterFactory& router) {
  sim::MmcParameters p;
  const Scenario s = sim::mmc_scenario(p);
  const sim::SimModel m = sim::mmc_model(s, p);
  sim::RunOptions options;
  options.replications = static_cast<int>(state.range(0));  // days
  options.threads = 1;
  std::uint64_t events = 0, calls = 0;
  for (auto _ : state) {
    auto r = sim::run_replications(m, router, options);
    if (!r.is_ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    events += r->events;
    calls += r->contacts;
  }
  state.counters["events_per_second"] =
      benchmark::Counter(double(events), benchmark::Counter::kIsRate);
  state.counters["calls_per_second"] =
      benchmark::Counter(double(calls), benchmark::Counter::kIsRate);
}

void BM_MmcThousandDaysEngine(benchmark::State& state) {
  run_mmc(state, sim::engine_router_factory());
}
void BM_MmcThousandDaysStandIn(benchmark::State& state) {
  run_mmc(state, sim::fifo_router_factory());
}

void BM_NorthbankYear(benchmark::State& state) {
  auto scenario = read_scenario(std::string(TANDEM_SOURCE_DIR) + "/scenarios/northbank.yaml");
  if (!scenario.is_ok()) {
    state.SkipWithError(scenario.status().message().c_str());
    return;
  }
  auto arrivals = io::read_scenario_arrivals(*scenario);
  if (!arrivals.is_ok()) {
    state.SkipWithError(arrivals.status().message().c_str());
    return;
  }
  const std::vector<IntervalVolume>& history = *arrivals;
  sim::ScenarioModelOptions options;
  options.days = static_cast<int>(state.range(0));
  auto model = sim::scenario_model(*scenario, *scenario->find_policy("blended"), history, options);
  if (!model.is_ok()) {
    state.SkipWithError(model.status().message().c_str());
    return;
  }
  sim::RunOptions run;
  run.replications = 2;
  run.threads = 2;
  std::uint64_t events = 0, calls = 0;
  for (auto _ : state) {
    auto r = sim::run_replications(*model, sim::engine_router_factory(), run);
    if (!r.is_ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    events += r->events;
    calls += r->contacts;
  }
  state.counters["events_per_second"] =
      benchmark::Counter(double(events), benchmark::Counter::kIsRate);
  state.counters["calls_per_second"] =
      benchmark::Counter(double(calls), benchmark::Counter::kIsRate);
}

// Arg: days (replications of one 8-hour day); 1000 is the run, 50 a short one to
// profile (valgrind --tool=callgrind ... --benchmark_filter='Mmc.*/50'). One thread: timed in
// CPU seconds (the counters too), which a machine shared with other jobs does not inflate as
// much as wall time.
BENCHMARK(BM_MmcThousandDaysEngine)->Arg(1000)->Arg(50)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_MmcThousandDaysStandIn)->Arg(1000)->Arg(50)->Iterations(1)->Unit(benchmark::kSecond);
BENCHMARK(BM_NorthbankYear)
    ->Arg(28)
    ->Arg(365)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
