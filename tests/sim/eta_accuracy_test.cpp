// SPDX-License-Identifier: Apache-2.0
// ETA accuracy (predicted vs actual completion, docs/simulation.md): the simulator asks the
// engine for each item's ETA at receipt and at each step done, and compares it with the
// simulated completion.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "sim/reference_models.h"
#include "sim/simulator.h"

namespace tandem::sim {
namespace {

// One agent, one back-office work type with a fixed handle time of 10 minutes, three items
// received at once at t = 0, before the agent logs in (also at t = 0): when predicted, the
// three wait in the queue at positions 0, 1, 2, and the engine's ETA (position x AHT /
// capacity + own work, docs/engine.md) is exact: 600, 1,200 and 1,800 s.
Scenario three_claims_scenario() {
  MmcParameters p;
  p.agents = 1;
  Scenario s = mmc_scenario(p);
  s.channels.push_back(Channel{"back_office", "Back office", ChannelMode::kDeferrable, 1, false});
  s.skills.push_back(Skill{"claims", "Claims"});
  Sla sla;
  sla.id = "claims-sla";
  sla.name = "Claims in a day";
  sla.kind = SlaKind::kBackOffice;
  sla.deadline = {DeadlineUnit::kHours, 24};
  s.slas.push_back(sla);
  Queue q;
  q.id = "claims";
  q.name = "Claims";
  q.channel = "back_office";
  q.skill = "claims";
  q.sla = "claims-sla";
  q.site = "site";
  q.handle_time = Distribution::fixed(600);
  s.queues.push_back(q);
  s.agents[0].skills = {{"claims", 1.0}};
  return s;
}

SimModel three_claims_model(const Scenario& s) {
  MmcParameters p;
  SimModel m = mmc_model(s, p);
  m.contacts.clear();
  m.drain = false;
  m.horizon = 3600;
  m.batches.push_back(BatchArrival{0.0, "", "claims", 3});
  return m;
}

double kpi_mean(const std::vector<KpiEstimate>& e, const char* name, int interval = -1) {
  const KpiEstimate* k = find_kpi(e, "claims", name, interval);
  EXPECT_NE(k, nullptr) << name;
  return k != nullptr ? k->estimate.mean : std::numeric_limits<double>::quiet_NaN();
}

TEST(EtaAccuracy, ExactWhenHandleTimesAreTheAverage) {
  const Scenario s = three_claims_scenario();
  auto r = simulate_replication(three_claims_model(s), engine_router_factory(), 1, 0);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_EQ(r->rejected, 0u) << r->first_rejection;
  const auto e = aggregate({*r});
  EXPECT_DOUBLE_EQ(kpi_mean(e, "completed"), 3);
  EXPECT_NEAR(kpi_mean(e, "throughput_hours"), (600.0 + 1200 + 1800) / 3 / 3600, 1e-9);
  EXPECT_NEAR(kpi_mean(e, "eta_error_hours"), 0.0, 1e-6);
  EXPECT_NEAR(kpi_mean(e, "eta_bias_hours"), 0.0, 1e-6);
  EXPECT_DOUBLE_EQ(kpi_mean(e, "eta_met"), 1.0);
  EXPECT_DOUBLE_EQ(kpi_mean(e, "eta_within_25pct"), 1.0);
  // Single-task items have no step after which to ask again: no update samples (0/0).
  EXPECT_TRUE(std::isnan(kpi_mean(e, "eta_update_error_hours")));
}

// The same three items replayed one second after the agent logged in, with a real handle time
// of 20 minutes: the engine plans with the queue's 10-minute average and, for a queued item,
// position x AHT / capacity (the work in the agent's hands is not counted). ETAs 601, 601 and
// 1,201 s; completions 1,201, 2,401 and 3,601 s: late by 600, 1,800 and 2,400 s.
TEST(EtaAccuracy, LateWhenWorkTakesLongerThanTheAverage) {
  const Scenario s = three_claims_scenario();
  SimModel m = three_claims_model(s);
  m.batches.clear();
  m.horizon = 7200;
  for (int i = 0; i < 3; ++i) m.replayed_items.push_back({1.0, "", "claims", 1200.0, ""});
  auto r = simulate_replication(m, engine_router_factory(), 1, 0);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_EQ(r->rejected, 0u) << r->first_rejection;
  const auto e = aggregate({*r});
  EXPECT_DOUBLE_EQ(kpi_mean(e, "completed"), 3);
  EXPECT_NEAR(kpi_mean(e, "eta_error_hours"), (600.0 + 1800 + 2400) / 3 / 3600, 1e-6);
  EXPECT_NEAR(kpi_mean(e, "eta_bias_hours"), (600.0 + 1800 + 2400) / 3 / 3600, 1e-6);
  EXPECT_DOUBLE_EQ(kpi_mean(e, "eta_met"), 0.0);
  EXPECT_DOUBLE_EQ(kpi_mean(e, "eta_within_25pct"), 0.0);
  // Per interval of receipt (all three arrived in the first hour): the same numbers.
  EXPECT_NEAR(kpi_mean(e, "eta_error_hours", 0), kpi_mean(e, "eta_error_hours"), 1e-12);
  EXPECT_DOUBLE_EQ(kpi_mean(e, "eta_met", 0), 0.0);
}

TEST(EtaAccuracy, ItemsReceivedBeforeTheWarmUpAreNotMeasured) {
  const Scenario s = three_claims_scenario();
  SimModel m = three_claims_model(s);
  m.warmup = 1;
  auto w = simulate_replication(m, engine_router_factory(), 1, 0);
  ASSERT_TRUE(w.is_ok());
  const auto e = aggregate({*w});
  const KpiEstimate* k = find_kpi(e, "claims", "eta_met");
  ASSERT_NE(k, nullptr);
  EXPECT_TRUE(std::isnan(k->estimate.mean));
}

}  // namespace
}  // namespace tandem::sim
