// SPDX-License-Identifier: Apache-2.0
// Siloed operation (a policy with blending off): the front office works its contact queues
// (real-time and deferrable, e.g. email), the back office its process steps; neither takes the
// other's work, whatever skills its people hold.
#include <gtest/gtest.h>

#include "fixtures.h"

namespace tandem::engine::testing {
namespace {

Policy siloed_policy() {
  Policy p = base_policy();
  p.blending = false;
  p.offer_timeout_seconds = 0;  // direct assignment keeps the assertions short
  return p;
}

// Teams: "front" (front office) and "back" (back office), explicit.
Scenario siloed_scenario() {
  Scenario s = base_scenario();
  Team front;
  front.id = "front";
  front.office = Office::kFrontOffice;
  Team back;
  back.id = "back";
  back.office = Office::kBackOffice;
  s.teams = {front, back};
  return s;
}

TEST(EngineSiloed, FrontOfficeAgentWorksEmailAsWellAsContacts) {
  Scenario s = siloed_scenario();
  // A digital agent: chat/voice (billing) and the email queue (also billing); kyc too, but kyc
  // is back-office process work.
  s.agents.push_back(make_agent("digital", {"billing", "kyc"}, "front"));
  Driver d(s, siloed_policy());
  d.ok(AgentLoggedIn{at(0s), "digital"});
  EXPECT_EQ(d.engine().agent("digital")->mode, AgentMode::kPhones);
  // A back-office process step waits: the front office never takes it.
  auto out = d.ok(WorkItemCreated{at(1s), "m1", "kyc-only", "", "", {}, {}, {}});
  EXPECT_TRUE(only<AssignWork>(out).empty());
  // An email arrives: the front-office agent takes it although it is on the phones.
  out = d.ok(WorkItemCreated{at(2s), "e1", "", "email", "", {}, {}, {}});
  auto assigned = only<AssignWork>(out);
  ASSERT_EQ(assigned.size(), 1u);
  EXPECT_EQ(assigned[0].agent, "digital");
  EXPECT_EQ(assigned[0].work, task_ref("e1/email"));
  d.ok(StepDone{at(900s), "e1/email", "digital"});
  EXPECT_EQ(d.engine().item("m1")->place, Place::kQueued);
}

TEST(EngineSiloed, FrontOfficeAgentTakesTheCallBeforeTheEmail) {
  Scenario s = siloed_scenario();
  s.agents.push_back(make_agent("digital", {"billing"}, "front"));
  Driver d(s, siloed_policy());
  d.ok(WorkItemCreated{at(0s), "e1", "", "email", "", {}, {}, {}});
  d.ok(ContactArrived{at(0s), "c1", "voice", ""});
  auto out = d.ok(AgentLoggedIn{at(1s), "digital"});
  auto assigned = only<AssignWork>(out);
  ASSERT_EQ(assigned.size(), 1u);
  EXPECT_EQ(assigned[0].work, contact_ref("c1"));
  out = d.ok(ContactEnded{at(100s), "c1", "digital", 0s});
  assigned = only<AssignWork>(out);
  ASSERT_EQ(assigned.size(), 1u);
  EXPECT_EQ(assigned[0].work, task_ref("e1/email"));
}

TEST(EngineSiloed, BackOfficeAgentWorksProcessStepsNeverContacts) {
  Scenario s = siloed_scenario();
  // A complaints handler: holds billing (voice, chat, email, callback) and kyc (process work).
  s.agents.push_back(make_agent("handler", {"billing", "kyc"}, "back"));
  Driver d(s, siloed_policy());
  d.ok(AgentLoggedIn{at(0s), "handler"});
  EXPECT_EQ(d.engine().agent("handler")->mode, AgentMode::kBackOffice);
  auto out = d.ok(ContactArrived{at(1s), "c1", "voice", ""});
  EXPECT_TRUE(only<AssignWork>(out).empty());
  out = d.ok(WorkItemCreated{at(2s), "e1", "", "email", "", {}, {}, {}});
  EXPECT_TRUE(only<AssignWork>(out).empty());
  EXPECT_EQ(d.engine().contact("c1")->place, Place::kQueued);
  out = d.ok(WorkItemCreated{at(3s), "m1", "kyc-only", "", "", {}, {}, {}});
  auto assigned = only<AssignWork>(out);
  ASSERT_EQ(assigned.size(), 1u);
  EXPECT_EQ(assigned[0].agent, "handler");
  EXPECT_EQ(assigned[0].work, task_ref("m1/check"));
  // Done with it, the contact and the email still wait for the front office.
  out = d.ok(StepDone{at(700s), "m1/check", "handler"});
  EXPECT_TRUE(only<AssignWork>(out).empty());
  EXPECT_EQ(d.engine().item("e1")->place, Place::kQueued);
}

TEST(EngineSiloed, OfficeDerivedFromTheTeamsSkillsWhenUnset) {
  Scenario s = base_scenario();
  Team ops;
  ops.id = "ops";  // most of its people hold back-office (process) skills: back office
  Team cc;
  cc.id = "cc";  // nobody holds a process skill: front office
  s.teams = {ops, cc};
  s.agents.push_back(make_agent("ops1", {"billing", "kyc"}, "ops"));
  s.agents.push_back(make_agent("ops2", {"underwriting"}, "ops"));
  s.agents.push_back(make_agent("cc1", {"billing"}, "cc"));
  Driver d(s, siloed_policy());
  for (const char* a : {"ops1", "ops2", "cc1"}) d.ok(AgentLoggedIn{at(0s), a});
  EXPECT_EQ(d.engine().agent("ops1")->mode, AgentMode::kBackOffice);
  EXPECT_EQ(d.engine().agent("cc1")->mode, AgentMode::kPhones);
  auto out = d.ok(WorkItemCreated{at(1s), "e1", "", "email", "", {}, {}, {}});
  auto assigned = only<AssignWork>(out);
  ASSERT_EQ(assigned.size(), 1u);
  EXPECT_EQ(assigned[0].agent, "cc1");
}

TEST(EngineSiloed, BlendingOnIsUnchanged) {
  Scenario s = siloed_scenario();
  s.agents.push_back(make_agent("handler", {"billing", "kyc"}, "back"));
  Policy p = siloed_policy();
  p.blending = true;
  Driver d(s, p);
  d.ok(AgentLoggedIn{at(0s), "handler"});
  // Blending keeps a blended agent on the phones for the queue's need: it takes the call.
  auto out = d.ok(ContactArrived{at(1s), "c1", "voice", ""});
  auto assigned = only<AssignWork>(out);
  ASSERT_EQ(assigned.size(), 1u);
  EXPECT_EQ(assigned[0].work, contact_ref("c1"));
}

}  // namespace
}  // namespace tandem::engine::testing
