// SPDX-License-Identifier: Apache-2.0
// One small test per KPI: a hand-built stream of engine events and actions, and the exact
// value the definition (docs/mi.md) gives.
#include "analytics/kpi_recorder.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "analytics/kpis.h"

namespace tandem::analytics {
namespace {

using engine::WorkKind;
using engine::WorkRef;

const Instant kOrigin = Instant(Seconds(1'700'000'000));
Instant at(double seconds) { return kOrigin + Seconds(static_cast<long long>(seconds)); }

KpiSettings settings() {
  KpiSettings s;
  s.origin = kOrigin;
  s.queues.push_back({"voice", true, 20.0, 0.0, 5.0});
  s.queues.push_back({"email", false, 20.0, 0.0, 0.0});
  s.agents.push_back({"ann", 30.0});
  s.agents.push_back({"robot-1", 6.0});
  return s;
}

WorkRef contact(const std::string& id) { return {WorkKind::kContact, id, 0}; }
WorkRef task(const std::string& id) { return {WorkKind::kTask, id, 0}; }

void arrive(KpiRecorder& r, const std::string& id, double t) {
  r.on_event(engine::ContactArrived{at(t), id, "voice", ""}, t);
}
void assign(KpiRecorder& r, const std::string& agent, const WorkRef& work, double t) {
  r.on_action(engine::AssignWork{at(t), agent, work, "", "voice", Seconds(0)}, t);
}

const FrontOfficeSums& voice(const KpiReport& report) {
  EXPECT_EQ(report.queues.size(), 1u);  // email is not reported
  return report.queues.at(0).total;
}

const KpiValue* find(const std::vector<KpiValue>& values, const std::string& scope,
                     const std::string& kpi, int interval = -1) {
  for (const KpiValue& v : values) {
    if (v.scope == scope && v.kpi == kpi && v.interval == interval) return &v;
  }
  return nullptr;
}

TEST(KpiRecorder, ServiceLevelCountsAContactAnsweredAtExactlyTheTarget) {
  KpiRecorder r(settings());
  r.on_event(engine::AgentLoggedIn{at(0), "ann"}, 0);
  arrive(r, "c1", 10);
  arrive(r, "c2", 10);
  assign(r, "ann", contact("c1"), 30);  // waited 20 s: the target itself
  assign(r, "ann", contact("c1"), 31);  // a duplicate assignment counts once
  r.on_event(engine::OfferAccepted{at(30), "ann", contact("c2")}, 30.5);  // 20.5 s
  const KpiReport report = r.report(100);
  EXPECT_EQ(voice(report).answered, 2);
  EXPECT_EQ(voice(report).answered_in_target, 1);
  const auto values = kpi_values(report);
  const KpiValue* sl = find(values, "voice", "service_level");
  ASSERT_NE(sl, nullptr);
  EXPECT_EQ(sl->numerator, 1);
  EXPECT_EQ(sl->denominator, 2);
  // By the interval the contacts arrived in (0: [0, 900) s).
  const KpiValue* sl0 = find(values, "voice", "service_level", 0);
  ASSERT_NE(sl0, nullptr);
  EXPECT_EQ(sl0->numerator, 1);
  EXPECT_EQ(sl0->denominator, 2);
}

TEST(KpiRecorder, AbandonmentCountsEveryAbandonAndSeparatesShortOnes) {
  KpiRecorder r(settings());  // short abandons: a wait under 5 s
  r.on_event(engine::AgentLoggedIn{at(0), "ann"}, 0);
  for (const char* id : {"c1", "c2", "c3", "c4"}) arrive(r, id, 100);
  r.on_event(engine::ContactAbandoned{at(103), "c1"}, 103);  // 3 s: short
  r.on_event(engine::ContactAbandoned{at(105), "c2"}, 105);  // exactly 5 s: not short
  assign(r, "ann", contact("c3"), 110);
  r.on_event(engine::ContactAbandoned{at(120), "c3"}, 120);  // answered already: not an abandon
  r.on_event(engine::ContactAbandoned{at(160), "c4"}, 160);
  const KpiReport report = r.report(200);
  const FrontOfficeSums& v = voice(report);
  EXPECT_EQ(v.offered, 4);
  EXPECT_EQ(v.abandoned, 3);
  EXPECT_EQ(v.short_abandoned, 1);
  const std::vector<KpiValue> rate_values = kpi_values(r.report(200));
  const KpiValue* rate = find(rate_values, "voice", "abandon_rate");
  ASSERT_NE(rate, nullptr);
  EXPECT_EQ(rate->numerator / rate->denominator, 0.75);
}

TEST(KpiRecorder, AsaIsTheTotalWaitOfAnsweredContactsOverAnswered) {
  KpiRecorder r(settings());
  r.on_event(engine::AgentLoggedIn{at(0), "ann"}, 0);
  arrive(r, "c1", 0);
  arrive(r, "c2", 0);
  arrive(r, "c3", 0);
  assign(r, "ann", contact("c1"), 10);
  r.on_event(engine::ContactAbandoned{at(50), "c3"}, 50);  // its wait is not in the ASA
  // c1 goes back to the queue (the agent left) and is answered again: two answers.
  r.on_action(
      engine::WithdrawWork{at(15), "ann", contact("c1"), engine::WithdrawReason::kAgentUnavailable},
      15);
  assign(r, "ann", contact("c2"), 30);
  r.on_event(engine::ContactEnded{at(60), "c2", "ann", std::nullopt}, 60);
  assign(r, "ann", contact("c1"), 70);
  const std::vector<KpiValue> asa_values = kpi_values(r.report(100));
  const KpiValue* asa = find(asa_values, "voice", "asa_seconds");
  ASSERT_NE(asa, nullptr);
  EXPECT_EQ(asa->numerator, 10.0 + 30.0 + 70.0);
  EXPECT_EQ(asa->denominator, 3);
}

TEST(KpiRecorder, OccupancyIsBusyTimeWithAfterContactWorkOverStaffedTime) {
  KpiSettings s = settings();
  s.queues[0].after_contact_seconds = 60;
  KpiRecorder r(s);
  // The overloads without a time use the events' own (whole seconds since the origin).
  r.on_event(engine::AgentLoggedIn{at(0), "ann"});
  r.on_event(engine::ContactArrived{at(100), "c1", "voice", ""});
  const std::vector<engine::Action> actions = {
      engine::AssignWork{at(100), "ann", contact("c1"), "", "voice", Seconds(0)}};
  r.on_actions(actions);
  r.on_event(engine::ContactEnded{at(400), "c1", "ann", std::nullopt});  // + 60 s ACW
  r.on_event(engine::AgentStateChanged{at(500), "ann", engine::AgentState::kBreak});
  r.on_event(engine::AgentStateChanged{at(600), "ann", engine::AgentState::kAvailable});
  // A task held across the end of the measured window counts up to the report's end.
  r.on_action(engine::AssignWork{at(700), "ann", task("i1/check"), "i1", "email", Seconds(0)}, 700);
  r.on_event(engine::AgentLoggedOut{at(1000), "ann"});
  const KpiReport report = r.report(1000);
  const WorkforceSums& w = report.workforce;
  EXPECT_EQ(w.busy_seconds, 300 + 60 + 300);
  EXPECT_EQ(w.staffed_seconds, 900);  // 1000 s logged in less the 100 s break
  const std::vector<KpiValue> occupancy_values = kpi_values(r.report(1000));
  const KpiValue* occupancy = find(occupancy_values, "workforce", "occupancy");
  ASSERT_NE(occupancy, nullptr);
  EXPECT_EQ(occupancy->numerator, 660);
  EXPECT_EQ(occupancy->denominator, 900);
}

ItemReceipt receipt(const std::string& item, double received, double due = 1e18) {
  ItemReceipt r;
  r.item = item;
  r.scope = "claims";
  r.received = received;
  r.due = due;
  return r;
}

TEST(KpiRecorder, BacklogIsTheOpenItemsAtEachIntervalBoundary) {
  KpiRecorder r(settings());  // intervals of 900 s
  r.on_item_received(receipt("i1", 100), 100);
  r.on_item_received(receipt("i2", 900), 900);  // fed before the boundary at 900 s: counted
  r.on_interval_end(900);
  r.on_item_closed("i1", true, 1000);
  r.on_interval_end(1800);
  r.on_item_received(receipt("i3", 1800), 1800);  // after it
  const KpiReport report = r.report(2000);
  ASSERT_EQ(report.backlog.size(), 2u);
  EXPECT_EQ(report.backlog[0].interval, 0);
  EXPECT_EQ(report.backlog[0].open, 2);
  EXPECT_EQ(report.backlog[1].interval, 1);
  EXPECT_EQ(report.backlog[1].open, 1);
  const auto values = kpi_values(report);
  const KpiValue* end = find(values, "claims", "backlog_end");
  ASSERT_NE(end, nullptr);
  EXPECT_EQ(end->numerator, 2);
  ASSERT_NE(find(values, "claims", "backlog", 1), nullptr);
  EXPECT_EQ(find(values, "claims", "backlog", 1)->numerator, 1);
}

TEST(KpiRecorder, CompletedWithinSlaCountsACompletionAtTheDeadline) {
  KpiRecorder r(settings());
  r.on_item_received(receipt("on-time", 0, 3600), 0);
  r.on_item_received(receipt("late", 0, 3600), 0);
  r.on_item_received(receipt("overdue", 0, 3600), 0);
  r.on_item_received(receipt("not-due-yet", 0, 90000), 0);
  r.on_item_closed("on-time", true, 3600);  // at the deadline itself
  r.on_item_closed("late", true, 3601);
  const std::vector<KpiValue> in_sla_values = kpi_values(r.report(7200));
  const KpiValue* in_sla = find(in_sla_values, "claims", "completed_within_sla");
  ASSERT_NE(in_sla, nullptr);
  EXPECT_EQ(in_sla->numerator, 1);
  EXPECT_EQ(in_sla->denominator, 3);  // 2 completed + 1 open past due at the end
}

TEST(KpiRecorder, ThroughputTimeRunsFromReceiptToCompletion) {
  KpiRecorder r(settings());
  ItemReceipt letter = receipt("letter", -600);  // received 10 minutes before it arrived
  letter.logged_completion = 6600;
  r.on_item_received(letter, 0);
  r.on_item_received(receipt("i2", 0), 0);
  r.on_item_received(receipt("cancelled", 0), 0);
  r.on_item_closed("letter", true, 3000);
  r.on_item_closed("i2", true, 1800);
  r.on_event(engine::ItemCancelled{at(100), "cancelled", "duplicate"}, 100);
  const KpiReport report = r.report(4000);
  ASSERT_EQ(report.scopes.size(), 1u);
  EXPECT_EQ(report.scopes[0].total.received, 3);
  EXPECT_EQ(report.scopes[0].total.completed, 2);
  EXPECT_EQ(report.scopes[0].open, 0);
  const auto values = kpi_values(report);
  const KpiValue* tp = find(values, "claims", "throughput_hours");
  ASSERT_NE(tp, nullptr);
  EXPECT_EQ(tp->numerator, 1.5);  // (3600 + 1800) s
  EXPECT_EQ(tp->denominator, 2);
  const KpiValue* logged = find(values, "claims", "log_throughput_hours");
  ASSERT_NE(logged, nullptr);
  EXPECT_EQ(logged->numerator, 2.0);  // 7200 s in the log
  EXPECT_EQ(logged->denominator, 1);
}

TEST(KpiRecorder, EtaAccuracyComparesThePredictionWithTheCompletion) {
  KpiRecorder r(settings());
  ItemReceipt item = receipt("i1", 0);
  item.eta = 1000;
  r.on_item_received(item, 0);
  r.on_item_received(receipt("no-eta", 0), 0);
  EXPECT_TRUE(r.tracks_eta("i1"));
  EXPECT_FALSE(r.tracks_eta("no-eta"));
  r.on_eta_update("i1", 1100);
  r.on_item_closed("i1", true, 1200);  // 200 s late: not met, within 25 % of the 1000 s lead
  r.on_item_closed("no-eta", true, 1200);
  const KpiReport report = r.report(2000);
  const EtaSums& eta = report.scopes.at(0).eta;
  EXPECT_EQ(eta.items, 1);
  EXPECT_EQ(eta.error, 200);
  EXPECT_EQ(eta.abs_error, 200);
  EXPECT_EQ(eta.met, 0);
  EXPECT_EQ(eta.within, 1);
  EXPECT_EQ(eta.updates, 1);
  EXPECT_EQ(eta.update_abs_error, 100);
}

TEST(KpiRecorder, StaffHoursAndCostIncludeARobot) {
  KpiSettings s = settings();
  s.measure_until = 10 * 3600.0;  // time past the measured window is not counted
  KpiRecorder r(s);
  r.on_event(engine::AgentLoggedIn{at(0), "ann"}, 0);
  r.on_event(engine::AgentLoggedOut{at(7200), "ann"}, 7200);    // 2 h at 30 / h
  r.on_event(engine::AgentLoggedIn{at(0), "robot-1"}, 0);       // still on at the end
  r.on_event(engine::AgentLoggedIn{at(0), "someone-else"}, 0);  // not in the settings
  const auto values = kpi_values(r.report(12 * 3600.0));        // robot: 10 h at 6 / h
  const KpiValue* hours = find(values, "workforce", "staff_hours");
  const KpiValue* cost = find(values, "workforce", "cost");
  ASSERT_NE(hours, nullptr);
  ASSERT_NE(cost, nullptr);
  EXPECT_EQ(hours->numerator, 12);
  EXPECT_EQ(cost->numerator, 60 + 60);
}

TEST(KpiRecorder, AWarmUpLeavesEarlyArrivalsUncounted) {
  KpiSettings s = settings();
  s.measure_from = 1000;
  KpiRecorder r(s);
  r.on_event(engine::AgentLoggedIn{at(0), "ann"}, 0);
  arrive(r, "early", 500);
  arrive(r, "late", 1500);
  assign(r, "ann", contact("early"), 1600);
  r.on_item_received(receipt("i1", 500), 500);
  r.on_interval_end(900);  // inside the warm-up: no backlog recorded
  const KpiReport report = r.report(1800);
  EXPECT_EQ(voice(report).offered, 1);
  EXPECT_EQ(voice(report).answered, 0);
  EXPECT_EQ(report.scopes.at(0).total.received, 0);
  EXPECT_EQ(report.scopes.at(0).open, 1);  // still part of the backlog
  EXPECT_TRUE(report.backlog.empty());
  EXPECT_EQ(report.workforce.staffed_seconds, 800);  // from the warm-up's end
}

}  // namespace
}  // namespace tandem::analytics
