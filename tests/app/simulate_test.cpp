// SPDX-License-Identifier: Apache-2.0
// app::simulate on the Northbank scenario: the numbers `tandem simulate` prints
// (tests/cli/golden/simulate_northbank_json.out), and its errors.
#include "app/simulate.h"

#include <gtest/gtest.h>

#include "sim/results.h"

namespace tandem {
namespace {

const std::string kSource = TANDEM_SOURCE_DIR;

Scenario northbank() {
  ScenarioLoad load = load_scenario(kSource + "/scenarios/northbank.yaml");
  EXPECT_TRUE(load.ok()) << to_string(load.problems);
  return *load.scenario;
}

TEST(Simulate, PoliciesOnCommonRandomNumbers) {
  const Scenario s = northbank();
  app::SimulateRequest r;
  r.days = 1;
  r.replications = 2;
  r.policies = {"blended", "siloed"};
  auto result = app::simulate(s, r);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  ASSERT_EQ(result->outcomes.size(), 2u);
  EXPECT_FALSE(result->interrupted);
  EXPECT_TRUE(result->warnings.empty());
  const app::PolicyOutcome& blended = result->outcomes[0];
  const app::PolicyOutcome& siloed = result->outcomes[1];
  EXPECT_EQ(blended.policy, "blended");
  EXPECT_EQ(siloed.policy, "siloed");
  EXPECT_EQ(blended.run.replications.size(), 2u);
  const auto* offered_b = sim::find_kpi(blended.run.estimates, "voice-general", "offered");
  const auto* offered_s = sim::find_kpi(siloed.run.estimates, "voice-general", "offered");
  ASSERT_NE(offered_b, nullptr);
  ASSERT_NE(offered_s, nullptr);
  // Common random numbers: the same contacts arrive under both policies.
  EXPECT_DOUBLE_EQ(offered_b->estimate.mean, 3208.5);
  EXPECT_DOUBLE_EQ(offered_s->estimate.mean, 3208.5);
  const auto* sl_b = sim::find_kpi(blended.run.estimates, "voice-general", "service_level");
  const auto* sl_s = sim::find_kpi(siloed.run.estimates, "voice-general", "service_level");
  ASSERT_NE(sl_b, nullptr);
  ASSERT_NE(sl_s, nullptr);
  EXPECT_NEAR(sl_b->estimate.mean, 0.93934, 1e-5);
  EXPECT_NEAR(sl_s->estimate.mean, 0.70629, 1e-5);
  // The voice SLA (80% in 20 s) is met blended and missed siloed.
  ASSERT_FALSE(blended.checks.empty());
  EXPECT_EQ(blended.checks[0].sla, "voice-80-20");
  EXPECT_TRUE(blended.checks[0].met);
  EXPECT_FALSE(siloed.checks[0].met);
}

TEST(Simulate, DefaultPolicyIsTheScenariosFirst) {
  const Scenario s = northbank();
  app::SimulateRequest r;
  r.days = 1;
  r.replications = 1;
  int progress_calls = 0;
  r.on_progress = [&](const std::string& label, int, int total) {
    ++progress_calls;
    EXPECT_EQ(label, s.policies.front().id);
    EXPECT_EQ(total, 1);
  };
  auto result = app::simulate(s, r);
  ASSERT_TRUE(result.is_ok()) << result.status().message();
  ASSERT_EQ(result->outcomes.size(), 1u);
  EXPECT_EQ(result->outcomes[0].policy, s.policies.front().id);
  EXPECT_GE(progress_calls, 2);  // the start and each replication
}

TEST(Simulate, RejectsBadRequestsNamingTheRule) {
  const Scenario s = northbank();
  app::SimulateRequest r;
  r.policies = {"nope"};
  auto unknown = app::simulate(s, r);
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_EQ(unknown.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.status().message(),
            "unknown policy 'nope' (the scenario defines: blended, siloed, blended-cautious)");
  r.policies = {};
  r.days = 0;
  auto zero = app::simulate(s, r);
  ASSERT_FALSE(zero.is_ok());
  EXPECT_EQ(zero.status().message(), "days must be at least 1 (got 0)");
  r.days = 1;
  r.shrinkage = 1.5;
  auto shrinkage = app::simulate(s, r);
  ASSERT_FALSE(shrinkage.is_ok());
  EXPECT_EQ(shrinkage.status().message(), "shrinkage must be in [0, 1], not 1.5");
  r.shrinkage = 0;
  r.schedule = kSource + "/tests/cli/data/no-such-schedule.json";
  auto missing = app::simulate(s, r);
  ASSERT_FALSE(missing.is_ok());
  EXPECT_NE(missing.status().message().find("cannot read schedule file"), std::string::npos);
}

}  // namespace
}  // namespace tandem
