// SPDX-License-Identifier: Apache-2.0
// app::summarise: the head counts `tandem validate` prints.
#include "app/summary.h"

#include <gtest/gtest.h>

namespace tandem {
namespace {

const std::string kSource = TANDEM_SOURCE_DIR;

struct Expected {
  const char* file;
  int people, robots, blended;
};

TEST(ScenarioSummary, CountsPeopleRobotsAndBlended) {
  // The numbers of tests/cli/golden/validate_*.out.
  for (const Expected& e :
       {Expected{"northbank.yaml", 152, 4, 34}, Expected{"claimsco.yaml", 50, 2, 18},
        Expected{"bpi2012.yaml", 26, 0, 0}}) {
    SCOPED_TRACE(e.file);
    ScenarioLoad load = load_scenario(kSource + "/scenarios/" + e.file);
    ASSERT_TRUE(load.ok()) << to_string(load.problems);
    const app::ScenarioSummary s = app::summarise(*load.scenario);
    EXPECT_EQ(s.people, e.people);
    EXPECT_EQ(s.robots, e.robots);
    EXPECT_EQ(s.blended, e.blended);
    EXPECT_EQ(s.by_skill.size(), load.scenario->skills.size());
  }
}

TEST(ScenarioSummary, BlendedNeedsPhonesAndProcessWork) {
  ScenarioLoad load = load_scenario(kSource + "/tests/model/data/minimal.yaml");
  ASSERT_TRUE(load.ok()) << to_string(load.problems);
  const Scenario& s = *load.scenario;
  // ann holds phones (calls, real time) and admin (forms, a process step): blended; the robot
  // never is.
  EXPECT_TRUE(app::is_blended(s, *s.find_agent("ann")));
  EXPECT_FALSE(app::is_blended(s, *s.find_agent("bot")));
  EXPECT_TRUE(app::is_back_office_queue(s, "forms"));
  EXPECT_FALSE(app::is_back_office_queue(s, "calls"));
  const app::ScenarioSummary sum = app::summarise(s);
  EXPECT_EQ(sum.people, 1);
  EXPECT_EQ(sum.robots, 1);
  EXPECT_EQ(sum.blended, 1);
  ASSERT_EQ(sum.by_skill.size(), 2u);
  EXPECT_EQ(sum.by_skill[1].skill, "admin");
  EXPECT_EQ(sum.by_skill[1].people, 1);
  EXPECT_EQ(sum.by_skill[1].robots, 1);
}

}  // namespace
}  // namespace tandem
