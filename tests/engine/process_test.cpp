// SPDX-License-Identifier: Apache-2.0
// Processes (parallel branches, quality checks), robots, decision rules, tracking, ETA, explain.
#include <gtest/gtest.h>

#include "engine/rules.h"
#include "fixtures.h"

namespace tandem::engine::testing {
namespace {

Policy direct() {
  Policy p = base_policy();
  p.offer_timeout_seconds = 0;
  return p;
}

TEST(EngineProcess, ParallelBranchesJoinBeforeTheNextStage) {
  Scenario s = base_scenario();
  s.agents = {make_agent("d", {"doc"}), make_agent("k", {"kyc"}),
              make_agent("u", {"underwriting"})};
  Driver d(s, direct());
  for (const char* a : {"d", "k", "u"}) d.ok(AgentLoggedIn{at(0s), a});
  auto out = d.ok(WorkItemCreated{at(1s), "m1", "mortgage", "", "cust", std::nullopt, std::nullopt,
                                  std::nullopt});
  ASSERT_EQ(only<AssignWork>(out).size(), 1u);
  EXPECT_EQ(only<AssignWork>(out)[0].work.id, "m1/docs");
  out = d.ok(StepDone{at(100s), "m1/docs", "d"});
  auto assigned = only<AssignWork>(out);
  ASSERT_EQ(assigned.size(), 2u);  // both branches at once, to different people
  EXPECT_EQ(d.engine().item("m1")->stage, 1);
  EXPECT_EQ(d.engine().item("m1")->open_tasks.size(), 2u);
  out = d.ok(StepDone{at(700s), "m1/kyc-check", "k"});
  EXPECT_TRUE(only<AssignWork>(out).empty());  // the join waits for underwriting
  EXPECT_EQ(d.engine().item("m1")->stage, 1);
  out = d.ok(StepDone{at(1300s), "m1/underwrite", "u"});
  ASSERT_EQ(only<AssignWork>(out).size(), 1u);
  EXPECT_EQ(only<AssignWork>(out)[0].work.id, "m1/offer");
  EXPECT_EQ(only<AssignWork>(out)[0].agent, "u");
  d.ok(StepDone{at(1900s), "m1/offer", "u"});
  EXPECT_EQ(d.engine().item("m1")->place, Place::kDone);
  auto notes = only<NotifyCustomer>(d.all());
  ASSERT_GE(notes.size(), 2u);
  EXPECT_EQ(notes.front().status, CustomerStatus::kReceived);
  EXPECT_TRUE(notes.front().eta.has_value());
  EXPECT_EQ(notes.back().status, CustomerStatus::kDone);
  // History: who did what, when.
  auto h = d.engine().history("m1");
  ASSERT_TRUE(h.is_ok());
  int done = 0;
  for (const auto& e : *h) {
    if (e.kind == HistoryKind::kStepDone) {
      ++done;
      EXPECT_FALSE(e.agent.empty());
    }
  }
  EXPECT_EQ(done, 4);
  EXPECT_EQ(h->front().kind, HistoryKind::kReceived);
  EXPECT_EQ(h->back().kind, HistoryKind::kDone);
  EXPECT_EQ(h->back().time, at(1900s));
}

TEST(EngineProcess, QualityChecksAreSampledDeterministicallyAtTheRate) {
  Scenario s = base_scenario();
  s.processes[1].stages[0].branches[0][0].quality_check_rate = 0.3;
  s.agents = {make_agent("k", {"kyc"})};
  auto count_checks = [&](std::uint64_t seed) {
    EngineOptions o;
    o.seed = seed;
    Driver d(s, direct(), o);
    d.ok(AgentLoggedIn{at(0s), "k"});
    int checks = 0;
    for (int i = 0; i < 400; ++i) {
      const std::string id = "i" + std::to_string(i);
      d.ok(WorkItemCreated{at(Seconds{i * 10}), id, "kyc-only", "", "", std::nullopt, std::nullopt,
                           std::nullopt});
      d.ok(StepDone{at(Seconds{i * 10 + 1}), id + "/check", "k"});
      if (d.engine().item(id)->place != Place::kDone) {
        ++checks;
        EXPECT_TRUE(d.engine().item(id)->open_tasks[0].is_quality_check);
        d.ok(StepDone{at(Seconds{i * 10 + 2}), id + "/check~qc", "k"});
      }
      EXPECT_EQ(d.engine().item(id)->place, Place::kDone);
    }
    return checks;
  };
  const int a = count_checks(7);
  EXPECT_EQ(a, count_checks(7));  // deterministic
  EXPECT_NEAR(a / 400.0, 0.3, 0.07);
}

TEST(EngineProcess, RobotFailureBecomesExceptionForAPerson) {
  Scenario s = base_scenario();
  Agent robot = make_agent("bot", {"doc"}, "", AgentKind::kRobot);
  robot.concurrency = 2;
  s.agents = {robot, make_agent("d", {"doc"})};
  Driver d(s, base_policy());
  d.ok(AgentLoggedIn{at(0s), "bot"});
  d.ok(AgentLoggedIn{at(0s), "d"});
  auto out = d.ok(
      WorkItemCreated{at(1s), "m1", "mortgage", "", "", std::nullopt, std::nullopt, std::nullopt});
  auto assigned = only<AssignWork>(out);  // robots are assigned, not offered
  ASSERT_EQ(assigned.size(), 1u);
  EXPECT_EQ(assigned[0].agent, "bot");
  d.ok(WorkItemCreated{at(2s), "m2", "mortgage", "", "", std::nullopt, std::nullopt, std::nullopt});
  d.ok(WorkItemCreated{at(3s), "m3", "mortgage", "", "", std::nullopt, std::nullopt, std::nullopt});
  EXPECT_EQ(d.engine().item("m3")->open_tasks[0].place, Place::kQueued);  // concurrency 2
  auto ex = d.engine().explain_item("m3");
  EXPECT_EQ(ex->reason, WaitReason::kAllSkilledAgentsBusy) << ex->text;
  out = d.ok(StepFailed{at(30s), "m1/docs", "bot", "unreadable scan"});
  auto routed = only<RouteException>(out);
  ASSERT_EQ(routed.size(), 1u);
  EXPECT_EQ(routed[0].task, "m1/docs!exc");
  EXPECT_EQ(routed[0].skill, "doc");
  auto offers = only<OfferWork>(out);
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].agent, "d");  // a person, not the robot
  EXPECT_EQ(offers[0].work.id, "m1/docs!exc");
  EXPECT_EQ(only<AssignWork>(out).size(), 1u);  // the robot takes m3 meanwhile
  d.ok(OfferAccepted{at(31s), "d", task_ref("m1/docs!exc")});
  d.ok(StepDone{at(200s), "m1/docs!exc", "d"});
  EXPECT_EQ(d.engine().item("m1")->stage, 1);
}

TEST(EngineProcess, RobotExceptionRoutedBySkillRule) {
  Scenario s = base_scenario();
  Agent robot = make_agent("bot", {"doc"}, "", AgentKind::kRobot);
  s.agents = {robot, make_agent("k", {"kyc"})};
  s.rules.push_back(DecisionRuleSource{
      "exc-to-kyc", "when robot.exception then route skill kyc", {"scenario.yaml", 40, 5}});
  Driver d(s, direct());
  d.ok(AgentLoggedIn{at(0s), "bot"});
  d.ok(AgentLoggedIn{at(0s), "k"});
  d.ok(WorkItemCreated{at(1s), "m1", "mortgage", "", "", std::nullopt, std::nullopt, std::nullopt});
  auto out = d.ok(StepFailed{at(30s), "m1/docs", "bot", "timeout"});
  ASSERT_EQ(only<RouteException>(out).size(), 1u);
  EXPECT_EQ(only<RouteException>(out)[0].skill, "kyc");
  ASSERT_EQ(only<AssignWork>(out).size(), 1u);
  EXPECT_EQ(only<AssignWork>(out)[0].agent, "k");
}

TEST(EngineProcess, RobotFailuresByRateAreDeterministic) {
  Scenario s = base_scenario();
  Agent robot = make_agent("bot", {"doc"}, "", AgentKind::kRobot);
  robot.failure_rate = 0.25;
  s.agents = {robot, make_agent("d", {"doc"})};
  EngineOptions o;
  o.robot_failures_by_rate = true;
  // The items whose robot step failed, in one run with the given seed.
  auto failed_items = [&](std::uint64_t seed) {
    o.seed = seed;
    Driver d(s, direct(), o);
    d.ok(AgentLoggedIn{at(0s), "bot"});
    std::vector<std::string> failed;
    for (int i = 0; i < 200; ++i) {
      const std::string id = "m" + std::to_string(i);
      d.ok(WorkItemCreated{at(Seconds{i}), id, "mortgage", "", "", std::nullopt, std::nullopt,
                           std::nullopt});
      auto out = d.ok(StepDone{at(Seconds{i}), id + "/docs", "bot"});
      if (!only<RouteException>(out).empty()) failed.push_back(id);
    }
    return failed;
  };
  const std::vector<std::string> first = failed_items(7);
  EXPECT_NEAR(first.size() / 200.0, 0.25, 0.08);
  EXPECT_EQ(failed_items(7), first);  // the same seed fails the same items
  EXPECT_NE(failed_items(8), first);  // another seed, other items
}

TEST(EngineRules, PendingForTwoBusinessDaysCreatesCallBack) {
  Scenario s = base_scenario();
  Site site;
  site.id = "london";
  site.time_zone = "Europe/London";
  for (int d = 0; d < 5; ++d)
    site.opening_hours.days[d] = {{TimeOfDay{9 * 60}, TimeOfDay{17 * 60}}};
  s.sites = {site};
  for (auto& q : s.queues) q.site = "london";
  s.rules.push_back(
      DecisionRuleSource{"chase",
                         "when item.pending_customer for 2 business_days then create_task callback",
                         {"scenario.yaml", 12, 3}});
  s.agents = {make_agent("k", {"kyc"})};
  Driver d(s, direct());
  d.ok(AgentLoggedIn{at(0s), "k"});
  // Monday 2026-03-02 10:00 UTC (= London time in March, before the clock change).
  d.ok(WorkItemCreated{at(2h), "i1", "kyc-only", "", "cust", std::nullopt, std::nullopt,
                       std::nullopt});
  d.ok(StepStarted{at(2h), "i1/check", "k"});
  d.ok(WorkPaused{at(2h + 60s), "i1/check", "k"});
  d.ok(PendingCustomer{at(2h + 60s), "i1"});
  // Day 0 = Monday; the 2nd business day after it is Wednesday, closing at 17:00.
  const Instant fire = Instant{std::chrono::sys_days{std::chrono::year{2026} / 3 / 4}} + 17h;
  auto out = d.ok(ClockTick{fire - 1s});
  EXPECT_TRUE(only<CreateFollowUp>(out).empty());
  out = d.ok(ClockTick{fire});
  auto follow = only<CreateFollowUp>(out);
  ASSERT_EQ(follow.size(), 1u);
  EXPECT_EQ(follow[0].from_item, "i1");
  EXPECT_EQ(follow[0].work_type, "callback");
  EXPECT_EQ(follow[0].customer, "cust");
  EXPECT_EQ(follow[0].rule, "chase");
  ASSERT_TRUE(d.engine().item(follow[0].item).has_value());
  // A customer who answers in time stops the rule.
  d.ok(AgentLoggedOut{fire, "k"});
  d.ok(WorkItemCreated{fire, "i2", "kyc-only", "", "cust", std::nullopt, std::nullopt,
                       std::nullopt});
  d.ok(PendingCustomer{fire, "i2"});
  d.ok(CustomerResponded{fire + 1h, "i2"});
  out = d.ok(ClockTick{fire + 24h * 7});
  EXPECT_TRUE(only<CreateFollowUp>(out).empty());
}

TEST(EngineRules, SlackBelowThresholdRaisesPriority) {
  Scenario s = base_scenario();
  s.rules.push_back(DecisionRuleSource{"hurry", "when item.slack < 4h then priority +1", {}});
  Driver d(s, direct());
  // kyc-only: 600 s of work, due in 10 h: slack drops below 4 h at 6 h - 600 s.
  d.ok(WorkItemCreated{at(0s), "i1", "kyc-only", "", "", std::nullopt, at(10h), std::nullopt});
  auto out = d.ok(ClockTick{at(6h - 600s)});  // slack exactly 4 h
  EXPECT_TRUE(only<PriorityChanged>(out).empty());
  out = d.ok(ClockTick{at(6h - 599s)});
  ASSERT_EQ(only<PriorityChanged>(out).size(), 1u);
  EXPECT_EQ(d.engine().item("i1")->priority, 2);
}

TEST(EngineRules, SelfServiceAbandonedHalfWayCreatesCallBack) {
  Scenario s = base_scenario();
  s.rules.push_back(DecisionRuleSource{
      "abandoned-form",
      "when self_service.abandoned and self_service.progress >= 50% then create_task callback",
      {}});
  Driver d(s, direct());
  auto out = d.ok(SelfServiceProgress{at(0s), "cust", "app-1", "web", 1, 5, false, true});
  EXPECT_TRUE(only<CreateFollowUp>(out).empty());
  out = d.ok(SelfServiceProgress{at(10s), "cust", "app-2", "web", 3, 5, false, true});
  ASSERT_EQ(only<CreateFollowUp>(out).size(), 1u);
  auto j = d.engine().journey("cust");
  ASSERT_EQ(j.size(), 3u);
  EXPECT_EQ(j[0].kind, JourneyKind::kSelfService);
  EXPECT_EQ(j[1].detail, "web: step 3 of 5 (abandoned)");
  EXPECT_EQ(j[2].kind, JourneyKind::kItemReceived);
}

TEST(EngineRules, ParseErrorsNameFileLineAndColumn) {
  Scenario s = base_scenario();
  std::vector<DecisionRuleSource> sources = {
      {"ok", "when item.slack < 4h then priority +1", {"s.yaml", 10, 7}},
      {"bad-unit", "when item.pending_customer for 2 fortnights then escalate", {"s.yaml", 11, 7}},
      {"bad-queue", "when item.pending_customer\n  then create_task nowhere", {"s.yaml", 12, 7}},
      {"route", "when item.created then route skill kyc", {"s.yaml", 14, 7}},
  };
  std::vector<Rule> rules;
  auto problems = parse_rules(sources, s, rules);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(rules.size(), 1u);
  EXPECT_EQ(problems[0].location.line, 11);
  EXPECT_EQ(problems[0].location.column, 7 + 33);
  EXPECT_NE(problems[0].rule.find("fortnights"), std::string::npos);
  EXPECT_EQ(problems[1].location.line, 13);
  EXPECT_EQ(problems[1].location.column, 20);
  EXPECT_NE(problems[1].rule.find("unknown queue 'nowhere'"), std::string::npos);
  EXPECT_NE(problems[2].rule.find("robot.exception"), std::string::npos);
  s.rules = sources;
  auto engine = Engine::create(s, base_policy());
  ASSERT_FALSE(engine.is_ok());
  EXPECT_NE(engine.status().message().find("s.yaml:11:40"), std::string::npos)
      << engine.status().message();
}

TEST(EngineTracking, RetiredItemsLeaveTheLiveStateAndWaitInTheArchive) {
  Scenario s = base_scenario();
  s.agents.push_back(make_agent("k1", {"kyc"}));
  s.rules.push_back({"late", "when item.created for 2h then escalate", {}});
  Policy p = base_policy();
  p.offer_timeout_seconds = 0;
  EngineOptions options;
  options.retire_closed_items = true;
  Driver d(s, p, options);
  d.ok(AgentLoggedIn{at(0s), "k1"});
  d.ok(WorkItemCreated{at(1s), "a", "kyc-only", "", "cust", {}, {}, {}});
  d.ok(StepDone{at(600s), "a/check", "k1"});
  // Closed: gone from the live state, waiting in the archive with its history.
  EXPECT_FALSE(d.engine().item("a").has_value());
  EXPECT_EQ(d.engine().history("a").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(d.send(PendingCustomer{at(601s), "a"}).code(), StatusCode::kNotFound);
  // The next item reuses the slot; the first item's rule timer (due at 2h) must not fire for it.
  d.ok(WorkItemCreated{at(3600s), "b", "kyc-only", "", "", {}, {}, {}});
  auto closed = d.engine().drain_closed_items();
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].id, "a");
  EXPECT_EQ(closed[0].customer, "cust");
  EXPECT_EQ(closed[0].process, "kyc-only");
  EXPECT_EQ(closed[0].place, Place::kDone);
  EXPECT_EQ(closed[0].closed, at(600s));
  ASSERT_GE(closed[0].history.size(), 4u);
  EXPECT_EQ(closed[0].history.front().kind, HistoryKind::kReceived);
  EXPECT_EQ(closed[0].history.back().kind, HistoryKind::kDone);
  EXPECT_TRUE(d.engine().drain_closed_items().empty());
  auto out = d.ok(ClockTick{at(2h + 1s)});
  EXPECT_TRUE(only<Escalate>(out).empty());  // "a"'s timer died with it; "b"'s is due at 3h
  out = d.ok(ClockTick{at(3h + 3600s)});
  auto escalations = only<Escalate>(out);
  ASSERT_EQ(escalations.size(), 1u);
  EXPECT_EQ(escalations[0].item, "b");
  EXPECT_EQ(d.engine().stats().open_items, 1u);
}

TEST(EngineTracking, EtaOrderFollowsQueueOrder) {
  Scenario s = base_scenario();
  s.agents = {make_agent("k1", {"kyc"}), make_agent("k2", {"kyc"})};
  Driver d(s, direct());
  d.ok(AgentLoggedIn{at(0s), "k1"});
  d.ok(AgentLoggedIn{at(0s), "k2"});
  for (int i = 0; i < 10; ++i) {
    d.ok(WorkItemCreated{at(Seconds{i}), "i" + std::to_string(i), "kyc-only", "", "", std::nullopt,
                         at(Seconds{3600 * (20 - i)}), std::nullopt});
  }
  // i0, i1 went to the agents; the queue is ordered by slack: i9 (due soonest) first.
  std::vector<std::pair<Instant, int>> etas;
  for (int i = 9; i >= 2; --i) {
    auto e = d.engine().eta("i" + std::to_string(i));
    ASSERT_TRUE(e.is_ok());
    etas.emplace_back(e->completion, e->position);
    EXPECT_EQ(e->position, 9 - i);
    EXPECT_DOUBLE_EQ(e->capacity_agents, 2.0);
  }
  for (std::size_t k = 1; k < etas.size(); ++k) EXPECT_LE(etas[k - 1].first, etas[k].first);
  EXPECT_EQ(etas[0].first, at(9s) + 600s);         // first in queue: no wait, its own work
  EXPECT_EQ(etas[2].first, at(9s) + 600s + 600s);  // 2 ahead / 2 agents: one handle time
  auto assigned = d.engine().eta("i0");
  EXPECT_EQ(assigned->completion, at(9s) + 600s - 9s);
  EXPECT_FALSE(d.engine().eta("nope").is_ok());
}

TEST(EngineTracking, ExplainWhyWaiting) {
  Scenario s = base_scenario();
  s.agents = {make_agent("b", {"billing"})};
  Policy p = direct();
  p.hysteresis_agents = 5;                    // keep the blended agent on the phones
  p.phones_take_deferrable_contacts = false;  // and off email while there
  Driver d(s, p);
  d.ok(WorkItemCreated{at(0s), "e1", "", "email", "", std::nullopt, std::nullopt, std::nullopt});
  EXPECT_EQ(d.engine().explain_item("e1")->reason, WaitReason::kNoSkilledAgentLoggedIn);
  d.ok(AgentLoggedIn{at(1s), "b"});
  auto ex = d.engine().explain_item("e1");
  EXPECT_EQ(ex->reason, WaitReason::kAgentsHeldForPhones) << ex->text;
  d.ok(WorkItemCreated{at(2s), "k1", "kyc-only", "", "", std::nullopt, std::nullopt, std::nullopt});
  d.ok(PendingCustomer{at(3s), "k1"});
  EXPECT_EQ(d.engine().explain_item("k1")->reason, WaitReason::kPendingCustomer);
}

TEST(EngineTracking, JourneyAcrossContactsAndItems) {
  Scenario s = base_scenario();
  s.agents = {make_agent("v", {"billing"}), make_agent("k", {"kyc"})};
  Driver d(s, base_policy());
  d.ok(AgentLoggedIn{at(0s), "v"});
  d.ok(AgentLoggedIn{at(0s), "k"});
  d.ok(SelfServiceProgress{at(1s), "ann", "app-9", "web", 5, 5, true, false});
  d.ok(WorkItemCreated{at(2s), "app-9", "kyc-only", "", "ann", std::nullopt, std::nullopt,
                       std::nullopt});
  d.ok(OfferAccepted{at(3s), "k", task_ref("app-9/check")});
  d.ok(ContactArrived{at(100s), "call-1", "voice", "ann"});
  d.ok(OfferAccepted{at(101s), "v", contact_ref("call-1")});
  d.ok(ContactEnded{at(200s), "call-1", "v", 0s});
  d.ok(StepDone{at(800s), "app-9/check", "k"});
  auto j = d.engine().journey("ann");
  std::vector<JourneyKind> kinds;
  for (const auto& e : j) kinds.push_back(e.kind);
  EXPECT_EQ(kinds,
            (std::vector<JourneyKind>{JourneyKind::kSelfService, JourneyKind::kItemReceived,
                                      JourneyKind::kContactArrived, JourneyKind::kContactAnswered,
                                      JourneyKind::kContactEnded, JourneyKind::kItemDone}));
  for (std::size_t k = 1; k < j.size(); ++k) EXPECT_LE(j[k - 1].time, j[k].time);
  EXPECT_TRUE(d.engine().journey("nobody").empty());
}

}  // namespace
}  // namespace tandem::engine::testing
