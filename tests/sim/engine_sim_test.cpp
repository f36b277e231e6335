// SPDX-License-Identifier: Apache-2.0
// The simulator driving the production engine (engine::Engine): the M/M/c reference runs
// give the same answers through the engine as through the stand-in router, and the demo
// scenario runs end to end with every policy on common random numbers.
#include <gtest/gtest.h>

#include <iostream>

#include "io/interval_history_csv.h"
#include "sim/fifo_router.h"
#include "sim/reference_models.h"
#include "sim/replications.h"
#include "sim/scenario_model.h"
#include "sim/simulator.h"
#include "staffing/erlang.h"

namespace tandem::sim {
namespace {

TEST(EngineSimulation, MmcThroughTheEngineMatchesContactCenters) {
  MmcParameters p;
  const Scenario s = mmc_scenario(p);
  RunOptions options;
  options.replications = 15;
  options.seed = 2026;
  options.threads = 2;
  auto r = run_replications(mmc_model(s, p), engine_router_factory(), options);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->replications[0].rejected, 0u) << r->replications[0].first_rejection;
  const Estimate sl = find_kpi(r->estimates, "voice", "service_level")->estimate;
  const Estimate occ = find_kpi(r->estimates, "workforce", "occupancy")->estimate;
  std::cout << "engine MMC: SL " << sl.mean << " (" << sl.low << ", " << sl.high << ")\n";
  // ContactCenters: SL 0.902 (0.900, 0.904), occupancy 0.695 (0.694, 0.697).
  EXPECT_TRUE(sl.overlaps(0.900, 0.904)) << sl.low << ", " << sl.high;
  EXPECT_TRUE(occ.overlaps(0.694, 0.697)) << occ.low << ", " << occ.high;
}

TEST(EngineSimulation, EngineAndStandInSeeTheSameCustomers) {
  MmcParameters p;
  p.hours = 1;
  const Scenario s = mmc_scenario(p);
  auto a = simulate_replication(mmc_model(s, p), engine_router_factory(), 3, 0);
  auto b = simulate_replication(mmc_model(s, p), fifo_router_factory(), 3, 0);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_EQ(a->contacts, b->contacts);
  // A ClockTick only at an engine timer (here one service-level check per contact and one
  // interval boundary per interval): superseded ticks must not start extra chains of ticks
  // (they once made about 15 ticks per call).
  EXPECT_LE(a->ticks, 2 * a->contacts + 8) << a->ticks << " ticks for " << a->contacts;
  // FIFO + longest idle on one skill: the engine's answers equal the stand-in's.
  auto ea = aggregate({*a}), eb = aggregate({*b});
  EXPECT_NEAR(find_kpi(ea, "voice", "asa_seconds")->estimate.mean,
              find_kpi(eb, "voice", "asa_seconds")->estimate.mean, 1.0);
}

}  // namespace
}  // namespace tandem::sim

namespace tandem::sim {
namespace {

TEST(EngineSimulation, NorthbankMorningRunsEveryPolicyOnTheSameCustomers) {
  auto scenario = read_scenario(std::string(TANDEM_SOURCE_DIR) + "/scenarios/northbank.yaml");
  ASSERT_TRUE(scenario.is_ok()) << scenario.status().message();
  auto arrivals = io::read_scenario_arrivals(*scenario);
  ASSERT_TRUE(arrivals.is_ok());
  const std::vector<IntervalVolume>& history = *arrivals;
  std::uint64_t contacts = 0;
  for (const char* name : {"blended", "siloed"}) {
    auto m = scenario_model(*scenario, *scenario->find_policy(name), history, {});
    ASSERT_TRUE(m.is_ok()) << m.status().message();
    m->horizon = 11 * 3600.0;  // Monday until 11:00: three busy hours
    auto r = simulate_replication(*m, engine_router_factory(), 2026, 0);
    ASSERT_TRUE(r.is_ok()) << r.status().message();
    EXPECT_GT(r->contacts, 500u);
    EXPECT_GT(r->items, 50u);
    if (contacts == 0) contacts = r->contacts;
    EXPECT_EQ(r->contacts, contacts) << name;  // common random numbers
    // Offers withdrawn in the same instant as they were made may make an accept late: a few.
    EXPECT_LE(r->rejected, 5u) << r->first_rejection;
    auto e = aggregate({*r});
    EXPECT_GT(find_kpi(e, "voice-general", "answered")->estimate.mean, 0);
    const double occ = find_kpi(e, "workforce", "occupancy")->estimate.mean;
    EXPECT_GT(occ, 0.2);
    EXPECT_LE(occ, 1.0);
  }
}

}  // namespace
}  // namespace tandem::sim
