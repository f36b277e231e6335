// SPDX-License-Identifier: Apache-2.0
// A small hand-computed event log (docs/mi.md): one morning of a voice queue, a back-office
// claim process, two people and a robot, whose every MI figure is asserted exactly. The
// numbers in the comments are worked out by hand from the stream below.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analytics/mi.h"

namespace tandem::analytics {
namespace {

using engine::WorkKind;
using engine::WorkRef;

const Instant kOrigin = Instant(Seconds(1'700'000'000));
Instant at(double s) { return kOrigin + Seconds(static_cast<long long>(s)); }

MiSettings settings() {
  MiSettings s;
  s.kpi.origin = kOrigin;
  s.kpi.measure_until = 3600;
  s.kpi.interval_seconds = 1800;
  s.kpi.period_seconds = 3600;
  s.kpi.queues.push_back({"voice", true, 20.0, 10.0, 5.0});
  s.kpi.queues.push_back({"claims", false, 20.0, 0.0, 0.0});
  s.kpi.agents = {{"ann", 30.0}, {"bob", 20.0}, {"bot", 6.0}};
  s.agents = {{"ann", "A", "S", false, {"voice", "claims"}},
              {"bob", "A", "S", false, {"claims"}},
              {"bot", "R", "S", true, {"claims"}}};
  s.standard_seconds = {{"voice", 300.0}, {"claims", 600.0}};
  return s;
}

WorkRef contact(const std::string& id) { return {WorkKind::kContact, id, 0}; }
WorkRef task(const std::string& id) { return {WorkKind::kTask, id, 0}; }

struct Log {
  MiRecorder r{settings()};
  void event(const engine::Event& e) { r.on_event(e, r.seconds(engine::time_of(e))); }
  void action(const engine::Action& a) { r.on_action(a, r.seconds(engine::time_of(a))); }
  void assign(double t, const std::string& agent, const WorkRef& w, const std::string& item,
              const std::string& queue) {
    action(engine::AssignWork{at(t), agent, w, item, queue, Seconds(0)});
  }
  void receive(double t, const std::string& item, double due) {
    r.on_item_received({item, "claim", t, t + due}, t);
  }
};

MiReport morning() {
  Log l;
  for (const char* a : {"ann", "bob", "bot"}) l.event(engine::AgentLoggedIn{at(0), a});
  l.event(engine::ContactArrived{at(100), "c1", "voice", ""});
  l.assign(110, "ann", contact("c1"), "", "voice");  // waited 10 s
  l.event(engine::ContactArrived{at(200), "c2", "voice", ""});
  l.event(engine::ContactAbandoned{at(202), "c2"});  // after 2 s: short
  l.event(engine::ContactArrived{at(300), "c3", "voice", ""});
  l.event(engine::ContactAbandoned{at(350), "c3"});                   // after 50 s
  l.event(engine::ContactEnded{at(400), "c1", "ann", std::nullopt});  // 290 s + 10 s ACW
  l.receive(500, "i1", 3000);
  l.assign(600, "bob", task("i1/s1"), "i1", "claims");
  l.event(engine::StepDone{at(900), "i1/s1", "bob"});
  l.event(engine::PendingCustomer{at(1000), "i1"});
  l.event(engine::CustomerResponded{at(1500), "i1"});
  l.assign(1600, "bot", task("i1/s2"), "i1", "claims");
  l.event(engine::StepDone{at(1700), "i1/s2", "bot"});
  l.r.on_item_closed("i1", true, 1700);
  l.r.on_interval_end(1800);
  l.event(engine::AgentStateChanged{at(1900), "ann", engine::AgentState::kBreak});
  l.receive(2000, "i2", 1000);  // due at 3000: overdue at the end
  l.event(engine::AgentStateChanged{at(2100), "ann", engine::AgentState::kAvailable});
  l.event(engine::ContactArrived{at(2200), "c4", "voice", ""});
  l.assign(2230, "ann", contact("c4"), "", "voice");  // waited 30 s: late
  l.event(engine::ContactEnded{at(2500), "c4", "ann", Seconds(0)});
  l.receive(2500, "i3", 10000);
  l.action(engine::Escalate{at(2600), "i3", "rule", "vip"});
  l.event(engine::AgentLoggedOut{at(3000), "bob"});
  l.event(engine::ContactArrived{at(3000), "c5", "voice", ""});
  l.assign(3005, "ann", contact("c5"), "", "voice");
  l.action(engine::WithdrawWork{at(3100), "ann", contact("c5"),
                                engine::WithdrawReason::kAgentUnavailable});  // a transfer
  l.r.on_interval_end(3600);
  return l.r.report(3600);
}

TEST(MiRecorder, FrontOfficePerQueueAndInterval) {
  const MiReport r = morning();
  ASSERT_EQ(r.queues.size(), 1u);
  const QueueMi& v = r.queues[0];
  EXPECT_EQ(v.queue, "voice");
  EXPECT_EQ(v.total.kpi.offered, 5);
  EXPECT_EQ(v.total.kpi.answered, 3);            // c1, c4, c5
  EXPECT_EQ(v.total.kpi.answered_in_target, 2);  // c1 (10 s), c5 (5 s)
  EXPECT_EQ(v.total.kpi.abandoned, 2);
  EXPECT_EQ(v.total.kpi.short_abandoned, 1);
  EXPECT_EQ(v.total.kpi.wait_seconds, 45);
  EXPECT_EQ(v.total.handled, 2);
  EXPECT_EQ(v.total.handle_seconds, 570);  // 300 + 270
  EXPECT_EQ(v.total.requeued, 1);
  EXPECT_EQ(v.total.busy_seconds, 665);
  EXPECT_EQ(v.total.skilled_seconds, 3400);  // ann, less her break
  ASSERT_EQ(v.by_interval.size(), 2u);
  const FrontOfficeMi& i0 = v.by_interval[0];
  EXPECT_EQ(i0.kpi.offered, 3);
  EXPECT_EQ(i0.kpi.answered, 1);
  EXPECT_EQ(i0.kpi.abandoned, 2);
  EXPECT_EQ(i0.handle_seconds, 300);
  EXPECT_EQ(i0.busy_seconds, 300);
  EXPECT_EQ(i0.skilled_seconds, 1800);
  const FrontOfficeMi& i1 = v.by_interval[1];
  EXPECT_EQ(i1.kpi.offered, 2);
  EXPECT_EQ(i1.kpi.answered_in_target, 1);
  EXPECT_EQ(i1.kpi.wait_seconds, 35);
  EXPECT_EQ(i1.requeued, 1);
  EXPECT_EQ(i1.busy_seconds, 365);
  EXPECT_EQ(i1.skilled_seconds, 1600);

  const std::vector<KpiValue> values = mi_values(r);
  auto ratio = [&](const std::string& scope, const std::string& kpi, int k = -1) {
    for (const KpiValue& x : values) {
      if (x.scope == scope && x.kpi == kpi && x.interval == k) return x.numerator / x.denominator;
    }
    ADD_FAILURE() << scope << " " << kpi << " missing";
    return -1.0;
  };
  EXPECT_DOUBLE_EQ(ratio("voice", "service_level"), 2.0 / 3);
  EXPECT_DOUBLE_EQ(ratio("voice", "abandon_rate"), 0.4);
  EXPECT_DOUBLE_EQ(ratio("voice", "asa_seconds"), 15);
  EXPECT_DOUBLE_EQ(ratio("voice", "aht_seconds"), 285);
  EXPECT_DOUBLE_EQ(ratio("voice", "occupancy", 0), 300.0 / 1800);
  EXPECT_DOUBLE_EQ(ratio("voice", "short_abandoned"), 1);
  EXPECT_DOUBLE_EQ(ratio("voice", "transfers"), 1);
}

TEST(MiRecorder, BackOfficeThroughputSplitAgeingAndBacklog) {
  const MiReport r = morning();
  ASSERT_EQ(r.scopes.size(), 1u);
  const ScopeMi& c = r.scopes[0];
  EXPECT_EQ(c.scope, "claim");
  EXPECT_EQ(c.total.received, 3);
  EXPECT_EQ(c.total.completed, 1);
  EXPECT_EQ(c.total.completed_on_time, 1);
  EXPECT_EQ(c.overdue, 1);                        // i2
  EXPECT_EQ(c.total.throughput_seconds, 1200);    // 500 -> 1700
  EXPECT_EQ(c.total.work_seconds, 400);           // 300 (bob) + 100 (bot)
  EXPECT_EQ(c.total.customer_wait_seconds, 500);  // 1000 -> 1500
  EXPECT_EQ(c.total.escalations, 1);
  EXPECT_EQ(c.total.open_end, 2);
  EXPECT_EQ(c.total.in_work_end, 0);
  EXPECT_EQ(c.ageing, (std::array<double, 4>{1, 0, 0, 1}));  // i3 at 11 % of its SLA; i2 late
  ASSERT_EQ(c.by_interval.size(), 2u);
  EXPECT_EQ(c.by_interval[0].received, 1);
  EXPECT_EQ(c.by_interval[0].completed, 1);
  EXPECT_EQ(c.by_interval[0].open_end, 0);
  EXPECT_EQ(c.by_interval[1].received, 2);
  EXPECT_EQ(c.by_interval[1].open_end, 2);
  EXPECT_EQ(c.by_interval[1].escalations, 1);
  const std::vector<KpiValue> values = mi_values(r);
  for (const KpiValue& x : values) {
    if (x.scope != "claim" || x.interval != -1) continue;
    if (x.kpi == "completed_within_sla") {
      EXPECT_DOUBLE_EQ(x.numerator / x.denominator, 0.5);
    }
    if (x.kpi == "queue_wait_hours") {
      EXPECT_DOUBLE_EQ(x.numerator * 3600 / x.denominator, 300);
    }
  }
}

TEST(MiRecorder, PeopleCostAndTopPerformers) {
  const MiReport r = morning();
  ASSERT_EQ(r.agents.size(), 3u);
  const AgentMi& ann = r.agents[0];
  EXPECT_EQ(ann.staffed_seconds, 3400);
  EXPECT_EQ(ann.productive_seconds, 3400);
  EXPECT_EQ(ann.busy_seconds, 665);
  EXPECT_EQ(ann.phones_seconds, 665);
  EXPECT_EQ(ann.back_office_seconds, 0);
  EXPECT_EQ(ann.handled, 2);
  EXPECT_EQ(ann.standard_seconds, 600);
  EXPECT_DOUBLE_EQ(ann.cost, 3400.0 / 3600 * 30);
  const AgentMi& bob = r.agents[1];
  EXPECT_EQ(bob.staffed_seconds, 3000);
  EXPECT_EQ(bob.busy_seconds, 300);
  EXPECT_EQ(bob.back_office_seconds, 300);
  EXPECT_EQ(bob.handled, 1);
  EXPECT_DOUBLE_EQ(bob.cost, 3000.0 / 3600 * 20);
  const AgentMi& bot = r.agents[2];
  EXPECT_TRUE(bot.robot);
  EXPECT_EQ(bot.staffed_seconds, 3600);
  EXPECT_EQ(bot.back_office_seconds, 100);
  EXPECT_DOUBLE_EQ(bot.cost, 6);

  ASSERT_EQ(r.queue_costs.size(), 2u);
  EXPECT_EQ(r.queue_costs[0].scope, "voice");
  EXPECT_EQ(r.queue_costs[0].units, 2);
  EXPECT_DOUBLE_EQ(r.queue_costs[0].loaded_cost, ann.cost);  // ann worked on voice only
  EXPECT_DOUBLE_EQ(r.queue_costs[0].direct_cost, 665.0 / 3600 * 30);
  EXPECT_EQ(r.queue_costs[1].scope, "claims");
  EXPECT_EQ(r.queue_costs[1].units, 2);  // two steps done
  EXPECT_DOUBLE_EQ(r.queue_costs[1].loaded_cost, bob.cost + bot.cost);
  EXPECT_DOUBLE_EQ(r.queue_costs[1].direct_cost, 300.0 / 3600 * 20 + 100.0 / 3600 * 6);
  ASSERT_EQ(r.scope_costs.size(), 1u);
  EXPECT_EQ(r.scope_costs[0].units, 1);  // one claim completed
  EXPECT_DOUBLE_EQ(r.scope_costs[0].loaded_cost, bob.cost + bot.cost);
  EXPECT_EQ(r.unallocated_cost, 0);

  const AgentMi team = sum_agents({&r.agents[0], &r.agents[1]}, "A");
  EXPECT_DOUBLE_EQ(team.standard_seconds / team.productive_seconds, 1200.0 / 6400);
  // Bob is more efficient (600 / 3000 against 600 / 3400) but under the minimum volume of 2.
  std::vector<Ranked> board = leaderboard(r, "A", 2);
  ASSERT_EQ(board.size(), 2u);
  EXPECT_EQ(board[0].agent->agent, "ann");
  EXPECT_EQ(board[0].rank, 1);
  EXPECT_EQ(board[1].agent->agent, "bob");
  EXPECT_EQ(board[1].rank, 0);
  board = leaderboard(r, "A", 1);
  EXPECT_EQ(board[0].agent->agent, "bob");
  EXPECT_DOUBLE_EQ(board[0].efficiency, 0.2);
  EXPECT_DOUBLE_EQ(board[0].per_hour, 1.2);
  EXPECT_EQ(board[1].rank, 2);
  EXPECT_TRUE(leaderboard(r, "R", 0).empty());  // robots are not ranked
}

}  // namespace
}  // namespace tandem::analytics
