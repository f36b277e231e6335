// SPDX-License-Identifier: Apache-2.0
// Scenario loading: the demo scenarios, a minimal one read field by field, and every invalid
// file in data/invalid/ with the exact problems it must report (its "# expect:" lines).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "model/scenario.h"

namespace tandem {
namespace {

namespace fs = std::filesystem;

const fs::path kSource = TANDEM_SOURCE_DIR;
const fs::path kData = kSource / "tests/model/data";

Scenario load_ok(const fs::path& file) {
  ScenarioLoad load = load_scenario(file);
  EXPECT_TRUE(load.ok()) << to_string(load.problems);
  if (!load.ok()) return Scenario{};
  return *load.scenario;
}

TEST(Scenario, NorthbankDemoLoadsWithItsShape) {
  const Scenario s = load_ok(kSource / "scenarios/northbank.yaml");
  EXPECT_EQ(s.name, "Northbank");
  EXPECT_EQ(s.interval.minutes, 15);
  int people = 0, robots = 0;
  for (const auto& a : s.agents) (a.is_robot() ? robots : people)++;
  EXPECT_EQ(people, 152);
  EXPECT_EQ(robots, 4);
  ASSERT_NE(s.find_queue("voice-general"), nullptr);
  const Sla* voice = s.find_sla(s.find_queue("voice-general")->sla);
  ASSERT_NE(voice, nullptr);
  EXPECT_EQ(voice->kind, SlaKind::kFrontOffice);
  EXPECT_DOUBLE_EQ(voice->answered_percent, 80);
  EXPECT_DOUBLE_EQ(voice->answer_within_seconds, 20);
  const Process* mortgage = s.find_process("mortgage-application");
  ASSERT_NE(mortgage, nullptr);
  ASSERT_EQ(mortgage->stages.size(), 3u);
  EXPECT_TRUE(mortgage->stages[1].is_parallel());
  EXPECT_TRUE(mortgage->stages[0].branches[0][0].robot_eligible);
  const Sla* five_days = s.find_sla(mortgage->sla);
  ASSERT_NE(five_days, nullptr);
  EXPECT_EQ(five_days->deadline.unit, DeadlineUnit::kBusinessDays);
  EXPECT_DOUBLE_EQ(five_days->deadline.amount, 5);
  ASSERT_TRUE(s.history.contacts.has_value());
  EXPECT_TRUE(fs::exists(*s.history.contacts));
  EXPECT_EQ(s.rules.size(), 3u);
  EXPECT_NE(s.find_policy("siloed"), nullptr);
  EXPECT_FALSE(s.find_policy("siloed")->blending);
  // The contact centre's chat concurrency comes from the team, the channel's otherwise.
  const Team* cc = s.find_team("contact-centre");
  ASSERT_NE(cc, nullptr);
  EXPECT_EQ(s.concurrency_for(*cc, *s.find_channel("chat")), 3);
  EXPECT_EQ(s.concurrency_for(*s.find_team("mortgage-ops"), *s.find_channel("voice")), 1);
}

TEST(Scenario, SecondScenarioShowsTheFormatIsGeneral) {
  const fs::path file = kSource / "scenarios/claimsco.yaml";
  const Scenario s = load_ok(file);
  EXPECT_FALSE(s.queues.empty());
  EXPECT_FALSE(s.processes.empty());
  ASSERT_FALSE(s.sites.empty());
  EXPECT_NE(s.sites.front().time_zone, "Europe/London");
}

TEST(Scenario, MinimalScenarioIsReadFieldByField) {
  const Scenario s = load_ok(kData / "minimal.yaml");
  ASSERT_EQ(s.sites.size(), 1u);
  const Site& hq = s.sites[0];
  EXPECT_EQ(hq.time_zone, "Europe/London");
  ASSERT_EQ(hq.holidays.size(), 1u);
  EXPECT_EQ(hq.opening_hours.days[0].size(), 1u);  // Monday
  EXPECT_EQ(hq.opening_hours.days[0][0].open, TimeOfDay(9 * 60));
  EXPECT_EQ(hq.opening_hours.days[0][0].close, TimeOfDay(17 * 60));
  EXPECT_TRUE(hq.opening_hours.days[5].empty());  // Saturday closed

  const Agent* ann = s.find_agent("ann");
  ASSERT_NE(ann, nullptr);
  EXPECT_EQ(ann->kind, AgentKind::kHuman);
  EXPECT_EQ(ann->proficiency("admin"), 1.3);
  EXPECT_EQ(ann->proficiency("phones"), 1.0);
  EXPECT_FALSE(ann->proficiency("nothing").has_value());
  const Agent* bot = s.find_agent("bot");
  ASSERT_NE(bot, nullptr);
  EXPECT_TRUE(bot->is_robot());
  EXPECT_EQ(bot->concurrency, 3);
  EXPECT_DOUBLE_EQ(bot->failure_rate, 0.1);

  const Queue* calls = s.find_queue("calls");
  ASSERT_NE(calls, nullptr);
  EXPECT_EQ(calls->handle_time.kind, DistributionKind::kExponential);  // the default
  EXPECT_DOUBLE_EQ(calls->handle_time.mean(), 180);
  const Queue* forms = s.find_queue("forms");
  EXPECT_EQ(forms->handle_time.kind, DistributionKind::kLognormal);
  EXPECT_DOUBLE_EQ(forms->handle_time.mean(), 600);

  const Process* form = s.find_process("form");
  ASSERT_NE(form, nullptr);
  ASSERT_EQ(form->stages.size(), 2u);
  ASSERT_EQ(form->stages[1].branches.size(), 2u);
  EXPECT_EQ(form->stages[1].branches[1].size(), 2u);  // a branch of two steps in sequence
  std::vector<std::string> order;
  for (const auto* step : form->steps()) order.push_back(step->id);
  EXPECT_EQ(order, (std::vector<std::string>{"check", "a", "b1", "b2"}));
  // A step without its own handle time takes its work type's.
  EXPECT_DOUBLE_EQ(form->steps()[0]->handle_time.mean(), 600);

  ASSERT_EQ(s.policies.size(), 1u);  // the documented default policy
  EXPECT_EQ(s.policies[0].id, "default");
  const Contract* ft = s.find_contract("ft");
  EXPECT_DOUBLE_EQ(ft->min_hours_per_week, 30);
  EXPECT_DOUBLE_EQ(ft->min_rest_hours, 11);  // default
}

TEST(Scenario, AgentGroupsExpandToNamedAgents) {
  const std::string yaml = R"(
name: Groups
skills: [{id: s}]
sites: [{id: x, time_zone: UTC, opening_hours: {daily: "00:00-24:00"}}]
teams: [{id: t, site: x}]
channels: [{id: voice, mode: real_time}]
slas: [{id: f, kind: front_office, answered_percent: 80, within_seconds: 20}]
queues: [{id: q, channel: voice, skill: s, sla: f, site: x, handle_time: {mean_seconds: 60}}]
contracts: [{id: c, hours_per_week: {min: 0, max: 40}}]
agent_groups: [{id: team-a, count: 12, team: t, skills: {s: 1}, contract: c, cost_per_hour: 18}]
)";
  ScenarioLoad load = load_scenario_text(yaml, "groups.yaml", ".");
  ASSERT_TRUE(load.ok()) << to_string(load.problems);
  ASSERT_EQ(load.scenario->agents.size(), 12u);
  EXPECT_EQ(load.scenario->agents.front().id, "team-a-001");
  EXPECT_EQ(load.scenario->agents.back().id, "team-a-012");
  EXPECT_DOUBLE_EQ(load.scenario->agents[5].cost_per_hour, 18);
}

TEST(Scenario, MissingFileIsReportedNotThrown) {
  ScenarioLoad load = load_scenario(kData / "does-not-exist.yaml");
  EXPECT_FALSE(load.ok());
  ASSERT_EQ(load.problems.size(), 1u);
  EXPECT_NE(load.problems[0].rule.find("cannot read"), std::string::npos);
  Result<Scenario> r = read_scenario(kData / "does-not-exist.yaml");
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(exit_code_for(r.status().code()), 1);
}

// ---- every invalid file reports exactly the problems written at its end ----

std::vector<std::string> expected_problems(const fs::path& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  const std::string tag = "# expect: ";
  for (std::string line; std::getline(in, line);)
    if (line.rfind(tag, 0) == 0) out.push_back(line.substr(tag.size()));
  return out;
}

class InvalidScenario : public testing::TestWithParam<std::string> {};

TEST_P(InvalidScenario, ReportsEveryProblemWithLineFieldAndRule) {
  const fs::path file = kData / "invalid" / GetParam();
  ScenarioLoad load = load_scenario(file);
  EXPECT_FALSE(load.ok());
  EXPECT_FALSE(load.scenario.has_value()) << "nothing is loaded from a file with problems";
  std::vector<std::string> got;
  for (const auto& d : load.problems) {
    EXPECT_EQ(d.location.file, file.string());
    std::string text = to_string(d);
    got.push_back(text.substr(file.string().size() + 1));  // drop "file:"
  }
  const auto want = expected_problems(file);
  ASSERT_FALSE(want.empty()) << "the file states what it expects";
  EXPECT_EQ(got, want);
}

std::vector<std::string> invalid_files() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(kData / "invalid"))
    if (e.path().extension() == ".yaml") names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

INSTANTIATE_TEST_SUITE_P(AllFiles, InvalidScenario, testing::ValuesIn(invalid_files()),
                         [](const testing::TestParamInfo<std::string>& info) {
                           std::string name = info.param.substr(0, info.param.size() - 5);
                           for (char& c : name)
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           return name;
                         });

TEST(InvalidScenarioFiles, AtLeastTwentyCases) { EXPECT_GE(invalid_files().size(), 20u); }

TEST(Model, ExitCodesAndIntervalGrid) {
  EXPECT_EQ(exit_code_for(StatusCode::kOk), 0);
  EXPECT_EQ(exit_code_for(StatusCode::kInvalidArgument), 1);
  EXPECT_EQ(exit_code_for(StatusCode::kNotFound), 1);
  EXPECT_EQ(exit_code_for(StatusCode::kInternal), 3);
  for (int m : {5, 15, 30, 60}) EXPECT_TRUE(IntervalGrid::is_valid_length(m));
  for (int m : {0, 10, 20, 45, 90}) EXPECT_FALSE(IntervalGrid::is_valid_length(m));
  EXPECT_EQ(IntervalGrid{15}.intervals_per_day(), 96);
}

}  // namespace
}  // namespace tandem
