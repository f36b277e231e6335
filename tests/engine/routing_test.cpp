// SPDX-License-Identifier: Apache-2.0
// Front-office routing, offers, capacity, back-office push and re-allocation.
#include <gtest/gtest.h>

#include "fixtures.h"

namespace tandem::engine::testing {
namespace {

TEST(EngineRouting, ContactOfferedToSkilledAgentAcceptedAndEnded) {
  Scenario s = base_scenario();
  s.agents.push_back(make_agent("kyc1", {"kyc"}));
  s.agents.push_back(make_agent("bill1", {"billing"}));
  Driver d(s, base_policy());
  d.ok(AgentLoggedIn{at(0s), "kyc1"});
  d.ok(AgentLoggedIn{at(0s), "bill1"});
  auto out = d.ok(ContactArrived{at(10s), "c1", "voice", "cust1"});
  auto offers = only<OfferWork>(out);
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].agent, "bill1");
  EXPECT_EQ(offers[0].work, contact_ref("c1"));
  EXPECT_EQ(offers[0].expires, at(25s));
  d.ok(OfferAccepted{at(12s), "bill1", contact_ref("c1")});
  EXPECT_EQ(d.engine().contact("c1")->place, Place::kAssigned);
  EXPECT_DOUBLE_EQ(d.engine().agent("bill1")->load, 1.0);
  d.ok(ContactEnded{at(300s), "c1", "bill1", 30s});
  EXPECT_DOUBLE_EQ(d.engine().agent("bill1")->load, 1.0);  // after-contact work
  EXPECT_EQ(d.engine().next_due(), at(330s));
  d.ok(ClockTick{at(330s)});
  EXPECT_DOUBLE_EQ(d.engine().agent("bill1")->load, 0.0);
  EXPECT_FALSE(d.engine().contact("c1").has_value());
}

// The reference case: A cap 5, 3 busy, idle 5 min; B cap 4, 3 busy, 3 min; C cap 5,
// 3 busy, 7 min; D cap 3, 0 busy, 2 min -> offer order D, C, A, B.
TEST(EngineRouting, ReferenceLongestIdleByLoadRatioOffersDCAB) {
  Scenario s = base_scenario();
  s.teams.push_back(Team{"cap5", "cap5", "", {{"chat", 5}}});
  s.teams.push_back(Team{"cap4", "cap4", "", {{"chat", 4}}});
  s.teams.push_back(Team{"cap3", "cap3", "", {{"chat", 3}}});
  s.agents.push_back(make_agent("A", {"billing"}, "cap5"));
  s.agents.push_back(make_agent("B", {"billing"}, "cap4"));
  s.agents.push_back(make_agent("C", {"billing"}, "cap5"));
  s.agents.push_back(make_agent("D", {"billing"}, "cap3"));
  Policy policy = base_policy();
  policy.offer_timeout_seconds = 0;  // direct assignment, to build the busy state simply
  policy.hysteresis_agents = 10;     // all four stay on the phones (none released to email)
  Driver d(s, policy);
  const Instant T = at(3600s);
  int n = 0;
  auto chats = [&](Instant when, int count) {
    for (int i = 0; i < count; ++i)
      d.ok(ContactArrived{when, "x" + std::to_string(n++), "chat", ""});
  };
  d.ok(AgentLoggedIn{T - 7min, "C"});
  chats(T - 7min, 3);
  d.ok(AgentLoggedIn{T - 5min, "A"});
  chats(T - 5min, 3);
  d.ok(AgentLoggedIn{T - 3min, "B"});
  chats(T - 3min, 3);
  d.ok(AgentLoggedIn{T - 2min, "D"});
  EXPECT_DOUBLE_EQ(d.engine().agent("A")->load, 0.6);
  EXPECT_DOUBLE_EQ(d.engine().agent("B")->load, 0.75);
  EXPECT_DOUBLE_EQ(d.engine().agent("C")->load, 0.6);
  EXPECT_EQ(d.engine().agent("A")->idle_since, T - 5min);
  EXPECT_EQ(d.engine().agent("C")->idle_since, T - 7min);
  // The same state with offers (accepted at once), then one chat at T offered in turn, each
  // agent rejecting it (and going not ready).
  Policy offers = policy;
  offers.offer_timeout_seconds = 15;
  Driver e(s, offers);
  n = 0;
  auto chats2 = [&](Instant when, int count) {
    for (int i = 0; i < count; ++i) {
      const std::string id = "x" + std::to_string(n++);
      auto out = e.ok(ContactArrived{when, id, "chat", ""});
      auto o = only<OfferWork>(out);
      ASSERT_EQ(o.size(), 1u);
      e.ok(OfferAccepted{when, o[0].agent, o[0].work});
    }
  };
  e.ok(AgentLoggedIn{T - 7min, "C"});
  chats2(T - 7min, 3);
  e.ok(AgentLoggedIn{T - 5min, "A"});
  chats2(T - 5min, 3);
  e.ok(AgentLoggedIn{T - 3min, "B"});
  chats2(T - 3min, 3);
  e.ok(AgentLoggedIn{T - 2min, "D"});
  std::vector<std::string> order;
  auto out = e.ok(ContactArrived{T, "probe", "chat", ""});
  for (int k = 0; k < 4; ++k) {
    auto o = only<OfferWork>(out);
    ASSERT_EQ(o.size(), 1u) << "offer " << k;
    order.push_back(o[0].agent);
    out = e.ok(OfferRejected{T, o[0].agent, contact_ref("probe")});
  }
  EXPECT_EQ(order, (std::vector<std::string>{"D", "C", "A", "B"}));
  EXPECT_EQ(e.engine().contact("probe")->place, Place::kQueued);
  EXPECT_EQ(e.engine().agent("D")->state, AgentState::kNotReady);
}

TEST(EngineRouting, QueuePriorityThenServiceLevelRisk) {
  Scenario s = base_scenario();
  s.queues.push_back(make_queue("voice2", "voice", "billing", 2, "fo", 300));
  s.agents.push_back(make_agent("a", {"billing"}));
  Policy p = base_policy();
  p.offer_timeout_seconds = 0;
  Driver d(s, p);
  d.ok(AgentLoggedIn{at(0s), "a"});
  d.ok(ContactArrived{at(1s), "busy", "voice", ""});  // occupies the agent
  d.ok(ContactArrived{at(2s), "chat1", "chat", ""});  // priority 1
  d.ok(ContactArrived{at(3s), "v2", "voice2", ""});   // priority 2, waits from 3s
  d.ok(ContactArrived{at(5s), "v1", "voice", ""});    // priority 2, waits from 5s
  auto out = d.ok(ContactEnded{at(60s), "busy", "a", 0s});
  auto assigned = only<AssignWork>(out);
  ASSERT_EQ(assigned.size(), 1u);
  EXPECT_EQ(assigned[0].work.id, "v2");  // same priority, longest wait / target
  out = d.ok(ContactEnded{at(120s), "v2", "a", 0s});
  EXPECT_EQ(only<AssignWork>(out)[0].work.id, "v1");  // priority 2 before the chat
  out = d.ok(ContactEnded{at(180s), "v1", "a", 0s});
  EXPECT_EQ(only<AssignWork>(out)[0].work.id, "chat1");
}

TEST(EngineRouting, BestProficiencySelection) {
  Scenario s = base_scenario();
  Agent slow = make_agent("slow", {"billing"});
  slow.skills[0].proficiency = 1.3;
  Agent fast = make_agent("fast", {"billing"});
  fast.skills[0].proficiency = 0.9;
  s.agents = {slow, fast};
  Policy p = base_policy();
  p.agent_selection = AgentSelection::kBestProficiency;
  Driver d(s, p);
  d.ok(AgentLoggedIn{at(0s), "slow"});  // idle longer, but slower
  d.ok(AgentLoggedIn{at(1s), "fast"});
  auto out = d.ok(ContactArrived{at(5s), "c", "voice", ""});
  EXPECT_EQ(only<OfferWork>(out)[0].agent, "fast");
  Driver e(s, base_policy());  // longest idle
  e.ok(AgentLoggedIn{at(0s), "slow"});
  e.ok(AgentLoggedIn{at(1s), "fast"});
  out = e.ok(ContactArrived{at(5s), "c", "voice", ""});
  EXPECT_EQ(only<OfferWork>(out)[0].agent, "slow");
}

TEST(EngineRouting, OfferTimeoutWithdrawsAndSetsNotReady) {
  Scenario s = base_scenario();
  s.agents = {make_agent("a", {"billing"}), make_agent("b", {"billing"})};
  Driver d(s, base_policy());
  d.ok(AgentLoggedIn{at(0s), "a"});
  d.ok(AgentLoggedIn{at(1s), "b"});
  auto out = d.ok(ContactArrived{at(10s), "c", "voice", ""});
  ASSERT_EQ(only<OfferWork>(out)[0].agent, "a");
  out = d.ok(ClockTick{at(25s)});
  auto withdrawn = only<WithdrawWork>(out);
  ASSERT_EQ(withdrawn.size(), 1u);
  EXPECT_EQ(withdrawn[0].reason, WithdrawReason::kOfferExpired);
  EXPECT_EQ(only<SetNotReady>(out).size(), 1u);
  auto offers = only<OfferWork>(out);
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].agent, "b");
  // The late accept of the expired offer is rejected and changes nothing.
  std::vector<Action> none;
  Status st = d.engine().handle(OfferAccepted{at(26s), "a", contact_ref("c")}, none);
  EXPECT_EQ(st.code(), StatusCode::kConflict);
  EXPECT_EQ(d.engine().contact("c")->agent, "b");
}

TEST(EngineRouting, MultiChannelCapacityIsShared) {
  Scenario s = base_scenario();
  s.agents = {make_agent("a", {"billing"})};
  Policy p = base_policy();
  p.offer_timeout_seconds = 0;
  Driver d(s, p);
  d.ok(AgentLoggedIn{at(0s), "a"});
  d.ok(ContactArrived{at(1s), "ch1", "chat", ""});
  d.ok(ContactArrived{at(2s), "ch2", "chat", ""});
  EXPECT_NEAR(d.engine().agent("a")->load, 2.0 / 3.0, 1e-9);
  auto out = d.ok(ContactArrived{at(3s), "v", "voice", ""});  // a call needs the whole agent
  EXPECT_TRUE(only<AssignWork>(out).empty());
  out = d.ok(ContactArrived{at(4s), "ch3", "chat", ""});
  EXPECT_EQ(only<AssignWork>(out).size(), 1u);
  out = d.ok(ContactArrived{at(5s), "ch4", "chat", ""});
  EXPECT_TRUE(only<AssignWork>(out).empty());
  EXPECT_DOUBLE_EQ(d.engine().agent("a")->load, 1.0);
  auto ex = d.engine().explain(contact_ref("v"));
  ASSERT_TRUE(ex.is_ok());
  EXPECT_EQ(ex->reason, WaitReason::kAllSkilledAgentsBusy);
}

TEST(EngineRouting, BackOfficePushByPriorityThenSlackThenAge) {
  Scenario s = base_scenario();
  s.agents = {make_agent("k", {"kyc"})};
  Policy p = base_policy();
  p.offer_timeout_seconds = 0;
  Driver d(s, p);
  d.ok(WorkItemCreated{at(0s), "late", "", "kyc", "", std::nullopt, at(48h), std::nullopt});
  d.ok(WorkItemCreated{at(1s), "soon", "", "kyc", "", std::nullopt, at(2h), std::nullopt});
  d.ok(WorkItemCreated{at(2s), "urgent", "", "kyc", "", 5, at(100h), std::nullopt});
  d.ok(WorkItemCreated{at(3s), "soon2", "", "kyc", "", std::nullopt, at(2h), at(-100s)});
  auto out = d.ok(AgentLoggedIn{at(10s), "k"});
  auto got = only<AssignWork>(out);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].item, "urgent");  // priority first
  out = d.ok(StepDone{at(20s), "urgent/kyc", "k"});
  EXPECT_EQ(only<AssignWork>(out)[0].item, "soon2");  // equal slack: older receipt first
  out = d.ok(StepDone{at(30s), "soon2/kyc", "k"});
  EXPECT_EQ(only<AssignWork>(out)[0].item, "soon");
  out = d.ok(StepDone{at(40s), "soon/kyc", "k"});
  EXPECT_EQ(only<AssignWork>(out)[0].item, "late");
}

TEST(EngineRouting, UsableChunkOfTimeGatesNonPausableTasks) {
  Scenario s = base_scenario();
  s.agents = {make_agent("b", {"billing"})};  // phones + email + callback skills
  Policy p = base_policy();
  p.offer_timeout_seconds = 0;
  p.min_usable_chunk_minutes = 10;
  Driver d(s, p);
  d.ok(AgentLoggedIn{at(0s), "b"});
  d.ok(ScheduleActivityStarted{at(0s), "b", ScheduledActivity::kBackOffice, at(5min)});
  // email: 15 min, not pausable: does not fit 5 minutes.
  auto out = d.ok(
      WorkItemCreated{at(1s), "e1", "", "email", "", std::nullopt, std::nullopt, std::nullopt});
  EXPECT_TRUE(only<AssignWork>(out).empty());
  auto ex = d.engine().explain_item("e1");
  ASSERT_TRUE(ex.is_ok());
  EXPECT_EQ(ex->reason, WaitReason::kChunkTooSmall) << ex->text;
  // A longer chunk: it fits.
  out = d.ok(ScheduleActivityStarted{at(2s), "b", ScheduledActivity::kBackOffice, at(2h)});
  ASSERT_EQ(only<AssignWork>(out).size(), 1u);
  EXPECT_EQ(only<AssignWork>(out)[0].item, "e1");
}

TEST(EngineRouting, PausableTaskPushedWhenChunkAboveMinimum) {
  Scenario s = base_scenario();
  s.queues.push_back(make_queue("research", "back_office", "billing", 1, "bo", 3600));
  s.agents = {make_agent("b", {"billing"})};
  Policy p = base_policy();
  p.offer_timeout_seconds = 0;
  p.min_usable_chunk_minutes = 10;
  Driver d(s, p);
  d.ok(AgentLoggedIn{at(0s), "b"});
  d.ok(ScheduleActivityStarted{at(0s), "b", ScheduledActivity::kBackOffice, at(5min)});
  auto out = d.ok(
      WorkItemCreated{at(1s), "r", "", "research", "", std::nullopt, std::nullopt, std::nullopt});
  EXPECT_TRUE(only<AssignWork>(out).empty());  // 5 minutes: below the minimum chunk
  // 11 minutes: an hour of pausable work is pushed (it will be paused if need be).
  out = d.ok(ScheduleActivityStarted{at(2s), "b", ScheduledActivity::kBackOffice, at(11min)});
  ASSERT_EQ(only<AssignWork>(out).size(), 1u);
  EXPECT_EQ(only<AssignWork>(out)[0].item, "r");
}

TEST(EngineRouting, LogoutReturnsWorkWithProgressKept) {
  Scenario s = base_scenario();
  s.agents = {make_agent("k", {"kyc"}), make_agent("v", {"billing"})};
  Driver d(s, base_policy());
  d.ok(AgentLoggedIn{at(0s), "k"});
  d.ok(AgentLoggedIn{at(0s), "v"});
  d.ok(WorkItemCreated{at(0s), "i1", "kyc-only", "", "", std::nullopt, std::nullopt, std::nullopt});
  d.ok(OfferAccepted{at(5s), "k", task_ref("i1/check")});
  d.ok(ContactArrived{at(6s), "c1", "voice", ""});
  d.ok(OfferAccepted{at(7s), "v", contact_ref("c1")});
  auto out = d.ok(AgentLoggedOut{at(305s), "k"});
  auto paused = only<PauseTask>(out);
  ASSERT_EQ(paused.size(), 1u);
  EXPECT_EQ(paused[0].progress, 300s);
  EXPECT_EQ(d.engine().item("i1")->open_tasks[0].place, Place::kQueued);
  EXPECT_EQ(d.engine().item("i1")->open_tasks[0].progress, 300s);
  out = d.ok(AgentLoggedIn{at(400s), "k"});
  auto offers = only<OfferWork>(out);
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].progress, 300s);
  d.ok(OfferAccepted{at(401s), "k", task_ref("i1/check")});
  // A phone agent going on break keeps the call, gets nothing new; logging out requeues it.
  d.ok(AgentStateChanged{at(410s), "v", AgentState::kBreak});
  EXPECT_EQ(d.engine().contact("c1")->place, Place::kAssigned);
  out = d.ok(AgentLoggedOut{at(420s), "v"});
  EXPECT_EQ(only<WithdrawWork>(out).size(), 1u);
  EXPECT_EQ(d.engine().contact("c1")->place, Place::kQueued);
}

TEST(EngineRouting, FrontOfficeAgentCompletesTaskDuringContact) {
  Scenario s = base_scenario();
  s.agents = {make_agent("v", {"billing"})};
  Policy p = base_policy();
  p.offer_timeout_seconds = 0;
  Driver d(s, p);
  d.ok(AgentLoggedIn{at(0s), "v"});
  d.ok(ContactArrived{at(1s), "c1", "voice", "cust"});
  d.ok(WorkItemCreated{at(2s), "cb1", "", "callback", "cust", std::nullopt, std::nullopt,
                       std::nullopt});
  EXPECT_EQ(d.engine().item("cb1")->place, Place::kQueued);
  d.ok(StepStarted{at(3s), "cb1/callback", "v"});
  EXPECT_EQ(d.engine().item("cb1")->place, Place::kAssigned);
  d.ok(StepDone{at(60s), "cb1/callback", "v"});
  EXPECT_EQ(d.engine().item("cb1")->place, Place::kDone);
  EXPECT_DOUBLE_EQ(d.engine().agent("v")->load, 1.0);  // still on the call
}

}  // namespace
}  // namespace tandem::engine::testing
