// SPDX-License-Identifier: Apache-2.0
// The model of a whole scenario (arrivals from history, the simple staffing table) and the
// readers of replay files.
#include "sim/scenario_model.h"

#include <gtest/gtest.h>

#include "common/shared_data.h"

#include <cmath>
#include <set>

#include "io/interval_history_csv.h"
#include "sim/simulator.h"

namespace tandem::sim {
namespace {

const std::string kNorthbank = std::string(TANDEM_SOURCE_DIR) + "/scenarios/northbank.yaml";

TEST(ScenarioModel, NorthbankArrivalsFollowTheHistoryAndAgentsWorkInsideOpeningHours) {
  auto scenario = read_scenario(kNorthbank);
  ASSERT_TRUE(scenario.is_ok()) << scenario.status().message();
  ASSERT_TRUE(scenario->history.contacts && scenario->history.work_items);
  auto arrivals = io::read_scenario_arrivals(*scenario);
  ASSERT_TRUE(arrivals.is_ok()) << arrivals.status().message();
  const std::vector<IntervalVolume>& history = *arrivals;
  ScenarioModelOptions options;
  options.days = 7;
  auto m = scenario_model(*scenario, scenario->policies.front(), history, options);
  ASSERT_TRUE(m.is_ok()) << m.status().message();
  EXPECT_TRUE(validate_model(*m).is_ok());
  // Voice-general: the mean weekly volume of the history.
  double history_total = 0;
  std::set<std::string> dates;
  for (const auto& v : history) {
    if (v.queue != "voice-general") continue;
    history_total += v.volume;
  }
  double weeks = 0;
  {
    auto first = history.front().interval_start, last = history.front().interval_start;
    for (const auto& v : history) {
      first = std::min(first, v.interval_start);
      last = std::max(last, v.interval_start);
    }
    weeks = std::chrono::duration<double>(last - first).count() / (7 * 86400.0);
  }
  const ContactSource* voice = nullptr;
  for (const auto& c : m->contacts) {
    if (c.queue == "voice-general") voice = &c;
  }
  ASSERT_NE(voice, nullptr);
  EXPECT_NEAR(voice->arrivals.total(), history_total / weeks, 0.05 * history_total / weeks);
  // Back-office queues that start a process become item sources of that process.
  std::set<std::string> processes;
  for (const auto& i : m->items) processes.insert(i.process.empty() ? i.work_type : i.process);
  EXPECT_TRUE(processes.count("mortgage-application"));
  EXPECT_TRUE(processes.count("email"));
  // Every human with a plan works inside [07:30, 20:30] local (UK: UTC or UTC+1), robots all week.
  int humans_working = 0;
  for (const AgentPlan& plan : m->agents) {
    const Agent* a = scenario->find_agent(plan.agent);
    ASSERT_NE(a, nullptr);
    if (a->is_robot()) {
      ASSERT_EQ(plan.shifts.size(), 1u);
      EXPECT_EQ(plan.shifts[0].logout, 7 * 86400.0);
      continue;
    }
    if (!plan.shifts.empty()) ++humans_working;
    EXPECT_LE(static_cast<int>(plan.shifts.size()), 5) << plan.agent;
    for (const Shift& s : plan.shifts) {
      const double login_h = std::fmod(s.login, 86400.0) / 3600.0;
      const double logout_h = std::fmod(s.logout, 86400.0) / 3600.0;
      EXPECT_GE(login_h, 7.5 - 1) << plan.agent;
      EXPECT_LE(logout_h, 20.5) << plan.agent;
      for (const Break& b : s.breaks) {
        EXPECT_GT(b.start, s.login);
        EXPECT_LT(b.end, s.logout);
      }
    }
  }
  EXPECT_GE(humans_working, 140);
  // Staff scale keeps a share of each group.
  options.staff_scale = 0.5;
  auto half = scenario_model(*scenario, scenario->policies.front(), history, options);
  ASSERT_TRUE(half.is_ok());
  EXPECT_LT(half->agents.size(), m->agents.size() * 6 / 10);
}

TEST(ScenarioModel, HistoryWithAnUnknownQueueIsInvalid) {
  auto scenario = read_scenario(kNorthbank);
  ASSERT_TRUE(scenario.is_ok());
  IntervalVolume v;
  v.queue = "no-such-queue";
  v.volume = 3;
  auto m = scenario_model(*scenario, scenario->policies.front(), {v}, {});
  ASSERT_FALSE(m.is_ok());
  EXPECT_NE(m.status().message().find("unknown queue 'no-such-queue'"), std::string::npos);
}

}  // namespace
}  // namespace tandem::sim
