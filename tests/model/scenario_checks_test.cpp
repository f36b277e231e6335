// SPDX-License-Identifier: Apache-2.0
// The rules across entities on the Scenario value (model/scenario_checks.h): a scenario that
// did not come from YAML (e.g. JSON through the API) gets the same rules, with value paths.
#include "model/scenario_checks.h"

#include <gtest/gtest.h>

namespace tandem {
namespace {

Scenario northbank() {
  auto s = read_scenario(std::string(TANDEM_SOURCE_DIR) + "/scenarios/northbank.yaml");
  EXPECT_TRUE(s.is_ok()) << s.status().message();
  return s.is_ok() ? *s : Scenario{};
}

std::size_t index_of_queue(const Scenario& s, ChannelMode mode) {
  for (std::size_t i = 0; i < s.queues.size(); ++i)
    if (s.find_channel(s.queues[i].channel)->mode == mode) return i;
  ADD_FAILURE() << "no such queue";
  return 0;
}

const Sla* sla_of_kind(const Scenario& s, SlaKind kind) {
  for (const Sla& sla : s.slas)
    if (sla.kind == kind) return &sla;
  ADD_FAILURE() << "no such SLA";
  return nullptr;
}

TEST(ScenarioChecks, AValidScenarioHasNoProblem) {
  EXPECT_TRUE(check_scenario(northbank()).empty());
}

TEST(ScenarioChecks, QueueSlasMustFitTheChannelMode) {
  Scenario s = northbank();
  const std::size_t voice = index_of_queue(s, ChannelMode::kRealTime);
  const std::size_t email = index_of_queue(s, ChannelMode::kDeferrable);
  const Sla* back = sla_of_kind(s, SlaKind::kBackOffice);
  const Sla* front = sla_of_kind(s, SlaKind::kFrontOffice);
  s.queues[voice].sla = back->id;
  s.queues[email].sla = front->id;
  const auto problems = check_scenario(s);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].field, queue_sla_path(std::min(voice, email)));
  const Diagnostic& v = voice < email ? problems[0] : problems[1];
  const Diagnostic& e = voice < email ? problems[1] : problems[0];
  EXPECT_EQ(v.field, "queues[" + std::to_string(voice) + "].sla");
  EXPECT_EQ(v.rule,
            "a real-time queue needs a front_office SLA; '" + back->id + "' is back_office");
  EXPECT_EQ(e.rule, "a deferrable queue needs a back_office or end_to_end SLA; '" + front->id +
                        "' is front_office");
  EXPECT_TRUE(v.location.file.empty());  // a value has no file; the YAML loader adds it
}

TEST(ScenarioChecks, AProcessStepNeedsADeferrableWorkType) {
  Scenario s = northbank();
  ASSERT_FALSE(s.processes.empty());
  ASSERT_FALSE(s.processes[0].stages.empty());
  const Queue& voice = s.queues[index_of_queue(s, ChannelMode::kRealTime)];
  s.processes[0].stages[0].branches[0][0].work_type = voice.id;
  const auto problems = check_scenario(s);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].field, "processes[0].stages[0].branches[0][0].work_type");
  EXPECT_EQ(problems[0].rule, "a process step needs a deferrable work type; queue '" + voice.id +
                                  "' is on real-time channel '" + voice.channel + "'");
}

}  // namespace
}  // namespace tandem
