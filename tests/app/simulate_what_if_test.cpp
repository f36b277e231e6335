// SPDX-License-Identifier: Apache-2.0
// The what-ifs of app::simulate (volume_scale, staff_change: `tandem simulate --volume-scale`
// and `--staff`) on Northbank: the arrivals and people simulated, and the errors.
#include <gtest/gtest.h>

#include <cmath>

#include "app/simulate.h"
#include "sim/results.h"

namespace tandem {
namespace {

const std::string kSource = TANDEM_SOURCE_DIR;

Scenario northbank() {
  ScenarioLoad load = load_scenario(kSource + "/scenarios/northbank.yaml");
  EXPECT_TRUE(load.ok()) << to_string(load.problems);
  return *load.scenario;
}

app::SimulateRequest one_day() {
  app::SimulateRequest r;
  r.days = 1;
  r.replications = 2;
  r.threads = 1;
  return r;
}

TEST(SimulateWhatIf, VolumeScaleAndStaffChange) {
  const Scenario s = northbank();
  auto base = app::simulate(s, one_day());
  ASSERT_TRUE(base.is_ok()) << base.status().message();
  app::SimulateRequest r = one_day();
  r.volume_scale = {{"voice-general", 1.1}, {"all", 0.5}};
  r.staff_change = {{"cc-voice", +5}, {"underwriter", -2}};
  auto what_if = app::simulate(s, r);
  ASSERT_TRUE(what_if.is_ok()) << what_if.status().message();

  // Expected arrivals: voice-general x 1.1, every other queue and process x 0.5.
  ASSERT_GT(base->expected_arrivals.at("voice-general"), 1000);
  EXPECT_NEAR(what_if->expected_arrivals.at("voice-general"),
              1.1 * base->expected_arrivals.at("voice-general"), 1e-6);
  EXPECT_NEAR(what_if->expected_arrivals.at("chat"), 0.5 * base->expected_arrivals.at("chat"),
              1e-6);
  ASSERT_GT(base->expected_arrivals.at("mortgage-application"), 10);
  EXPECT_NEAR(what_if->expected_arrivals.at("mortgage-application"),
              0.5 * base->expected_arrivals.at("mortgage-application"), 1e-6);
  // Offered contacts follow (Poisson: 1.1 within a few percent on ~3,200 calls).
  const auto* offered_base =
      sim::find_kpi(base->outcomes[0].run.estimates, "voice-general", "offered");
  const auto* offered =
      sim::find_kpi(what_if->outcomes[0].run.estimates, "voice-general", "offered");
  ASSERT_NE(offered_base, nullptr);
  ASSERT_NE(offered, nullptr);
  EXPECT_NEAR(offered->estimate.mean / offered_base->estimate.mean, 1.1, 0.04);

  // People: cc-voice 46 + 5, underwriter 10 - 2, the others as they are.
  EXPECT_EQ(base->people.at("cc-voice"), 46);
  EXPECT_EQ(what_if->people.at("cc-voice"), 51);
  EXPECT_EQ(what_if->people.at("underwriter"), 8);
  EXPECT_EQ(what_if->people.at("cc-digital"), base->people.at("cc-digital"));
  const auto* hours_base =
      sim::find_kpi(base->outcomes[0].run.estimates, "workforce", "staff_hours");
  const auto* hours = sim::find_kpi(what_if->outcomes[0].run.estimates, "workforce", "staff_hours");
  ASSERT_NE(hours_base, nullptr);
  ASSERT_NE(hours, nullptr);
  EXPECT_GT(hours->estimate.mean, hours_base->estimate.mean);
}

TEST(SimulateWhatIf, BadNamesAndValuesNameTheFlagAndTheRule) {
  const Scenario s = northbank();
  auto message = [&](app::SimulateRequest r) {
    auto result = app::simulate(s, r);
    EXPECT_FALSE(result.is_ok());
    return result.is_ok() ? std::string() : result.status().message();
  };
  app::SimulateRequest r = one_day();
  r.volume_scale = {{"nope", 1.1}};
  EXPECT_NE(message(r).find("--volume-scale nope=1.1: unknown queue 'nope'"), std::string::npos);
  r.volume_scale = {{"chat", -1}};
  EXPECT_NE(message(r).find("the factor must be in [0, 100]"), std::string::npos);
  r.volume_scale = {{"chat", 1.1}, {"chat", 1.2}};
  EXPECT_NE(message(r).find("chat is given twice"), std::string::npos);
  r.volume_scale = {{"chat", NAN}};
  EXPECT_NE(message(r).find("the factor must be in [0, 100]"), std::string::npos);
  r = one_day();
  r.staff_change = {{"robot", +1}};
  EXPECT_NE(message(r).find("--staff robot=+1: unknown agent group 'robot'"), std::string::npos);
  r.staff_change = {{"underwriter", -11}};
  EXPECT_NE(message(r).find("the group has 10 people"), std::string::npos);
  r = one_day();
  r.volume_scale = {{"all", 1.1}};
  r.replay = kSource + "/tests/cli/data/northbank-replay.csv";
  EXPECT_NE(message(r).find("not a --replay file's"), std::string::npos);
}

}  // namespace
}  // namespace tandem
