// SPDX-License-Identifier: Apache-2.0
#include "live/live_source.h"

#include <gtest/gtest.h>

#include "io/interval_history_csv.h"
#include "live/memory_store.h"
#include "sim/router.h"
#include "sim/scenario_model.h"
#include "sim/simulator.h"

namespace tandem::live {
namespace {

// Northbank's first simulated morning (arrivals until 10:00), as the simulator builds it.
struct Morning {
  Scenario scenario;
  Policy policy;
  sim::SimModel model;
};

Morning northbank_morning() {
  Morning m;
  Result<Scenario> s = read_scenario(TANDEM_SOURCE_DIR "/scenarios/northbank.yaml");
  EXPECT_TRUE(s.is_ok()) << s.status().message();
  m.scenario = std::move(s).value();
  m.policy = m.scenario.policies.front();
  auto arrivals = io::read_scenario_arrivals(m.scenario);
  EXPECT_TRUE(arrivals.is_ok()) << arrivals.status().message();
  const std::vector<IntervalVolume> history =
      arrivals.is_ok() ? *arrivals : std::vector<IntervalVolume>{};
  sim::ScenarioModelOptions options;
  options.days = 1;
  Result<sim::SimModel> model = sim::scenario_model(m.scenario, m.policy, history, options);
  EXPECT_TRUE(model.is_ok()) << model.status().message();
  m.model = std::move(model).value();
  m.model.scenario = &m.scenario;
  m.model.horizon = 10 * 3600.0;  // from midnight: the morning until 10:00
  return m;
}

TEST(LiveSource, AMorningRunLiveThroughTheHostMeasuresWhatTheSimulatorMeasures) {
  Morning m = northbank_morning();
  constexpr std::uint64_t kSeed = 5;
  Result<sim::ReplicationResult> direct =
      sim::simulate_replication(m.model, sim::engine_router_factory(), kSeed, 0);
  ASSERT_TRUE(direct.is_ok()) << direct.status().message();
  ASSERT_GT(direct->contacts, 100u);

  live_test::MemoryStore store;
  // Fast enough that the test does not wait: a simulated second is a real microsecond.
  auto clock = accelerated_clock(m.model.start, 1e6);
  HostOptions o;
  o.engine = live_engine_options(m.model, kSeed);
  o.self_tick = false;
  Result<std::unique_ptr<Host>> host = Host::open(store, *clock, m.scenario, m.policy, o);
  ASSERT_TRUE(host.is_ok()) << host.status().message();
  Result<std::unique_ptr<LiveSource>> source = LiveSource::start(**host, *clock, m.model, kSeed);
  ASSERT_TRUE(source.is_ok()) << source.status().message();
  Result<sim::ReplicationResult> live = (*source)->wait();
  ASSERT_TRUE(live.is_ok()) << live.status().message();
  EXPECT_EQ(live->events, direct->events);
  EXPECT_EQ(live->contacts, direct->contacts);
  EXPECT_EQ(live->items, direct->items);
  EXPECT_EQ(live->rejected, direct->rejected);
  ASSERT_EQ(live->kpis.size(), direct->kpis.size());
  for (std::size_t i = 0; i < live->kpis.size(); ++i) {
    EXPECT_EQ(live->kpis[i].numerator, direct->kpis[i].numerator) << live->kpis[i].kpi;
    EXPECT_EQ(live->kpis[i].denominator, direct->kpis[i].denominator) << live->kpis[i].kpi;
  }
  (*host)->stop();
  EXPECT_EQ(store.events().size(), live->events);
  // Every event came with its idempotency key: a restarted source is answered from the log.
  EXPECT_EQ(store.events().front().idempotency_key, "sim-5-0");

  Result<std::unique_ptr<Host>> again = Host::open(store, *clock, m.scenario, m.policy, o);
  ASSERT_TRUE(again.is_ok());
  Result<std::unique_ptr<LiveSource>> restarted =
      LiveSource::start(**again, *clock, m.model, kSeed);
  Result<sim::ReplicationResult> replayed = (*restarted)->wait();
  ASSERT_TRUE(replayed.is_ok());
  EXPECT_EQ((*restarted)->status().duplicates, live->events);
  EXPECT_EQ(store.events().size(), live->events);  // nothing applied twice
  ASSERT_EQ(replayed->kpis.size(), live->kpis.size());
  for (std::size_t i = 0; i < live->kpis.size(); ++i) {
    EXPECT_EQ(replayed->kpis[i].numerator, live->kpis[i].numerator) << live->kpis[i].kpi;
  }
}

}  // namespace
}  // namespace tandem::live
