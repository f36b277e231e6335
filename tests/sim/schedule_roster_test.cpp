// SPDX-License-Identifier: Apache-2.0
// A published schedule as the roster (sim/schedule_roster.h, read by io/schedule_json.h): agents
// log in for their scheduled shifts only and are not offered contacts on a break.
#include "sim/schedule_roster.h"

#include <gtest/gtest.h>

#include "io/schedule_json.h"
#include "sim/reference_models.h"
#include "sim/replications.h"

namespace tandem::sim {
namespace {

using std::chrono::days;

const LocalDays kMonday{std::chrono::year{2026} / 1 / 5};  // mmc_model's start (UTC)

// a1 works Monday 08:00-12:00 with a break 09:00-10:00; a2 works Tuesday only.
PublishedSchedule two_agent_schedule() {
  PublishedSchedule p;
  p.first_day = kMonday;
  p.days = 7;
  p.agents.push_back(
      {"a1", {ScheduledShift{kMonday, 8 * 60, 12 * 60, {{9 * 60, 10 * 60, false}}}}});
  p.agents.push_back({"a2", {ScheduledShift{kMonday + days(1), 8 * 60, 16 * 60, {}}}});
  return p;
}

// Contacts (patience 1 minute on average) arrive only in [from_hour, from_hour + 0.5) on
// Monday; returns the number answered over 4 replications.
double answered_when_arriving_at(double from_hour) {
  MmcParameters p;
  p.agents = 2;
  p.patience_mean_seconds = 60.0;
  p.hours = 24.0;
  const Scenario s = mmc_scenario(p);
  SimModel m = mmc_model(s, p);
  m.drain = false;
  m.interval_seconds = 1800.0;
  m.contacts.front().arrivals.interval_seconds = 1800.0;
  m.contacts.front().arrivals.rate_per_second.assign(48, 0.0);
  m.contacts.front().arrivals.rate_per_second[static_cast<std::size_t>(from_hour * 2)] = 2.0 / 60.0;
  auto roster = roster_from_schedule(s, two_agent_schedule(), kMonday, 1, m.start);
  EXPECT_TRUE(roster.is_ok()) << roster.status().message();
  m.agents = std::move(roster).value();
  RunOptions o;
  o.replications = 4;
  o.seed = 3;
  o.threads = 2;
  auto r = run_replications(m, engine_router_factory(), o);
  EXPECT_TRUE(r.is_ok()) << r.status().message();
  const KpiEstimate* offered = find_kpi(r->estimates, "voice", "offered");
  EXPECT_NE(offered, nullptr);
  EXPECT_GT(offered->estimate.mean, 30.0);  // about 60 contacts in half an hour
  return find_kpi(r->estimates, "voice", "answered")->estimate.mean;
}

TEST(ScheduleRoster, AgentsAreOfferedContactsOnlyOnShiftAndOffBreak) {
  EXPECT_GT(answered_when_arriving_at(8.0), 10.0);  // a1 on shift, available
  EXPECT_EQ(answered_when_arriving_at(9.0), 0.0);   // a1 on break, a2 off: nobody answers
  EXPECT_EQ(answered_when_arriving_at(13.0), 0.0);  // a1's shift is over, a2 off
}

TEST(ScheduleRoster, ShiftsAndBreaksBecomeSecondsFromTheStart) {
  MmcParameters p;
  const Scenario s = mmc_scenario(p);  // agents a1..a12, one UTC site
  const Instant start = mmc_model(s, p).start;
  auto roster = roster_from_schedule(s, two_agent_schedule(), kMonday, 2, start);
  ASSERT_TRUE(roster.is_ok()) << roster.status().message();
  ASSERT_EQ(roster->size(), 2u);  // no robot; a3..a12 never log in
  const AgentPlan& a1 = (*roster)[0];
  ASSERT_EQ(a1.shifts.size(), 1u);
  EXPECT_DOUBLE_EQ(a1.shifts[0].login, 8 * 3600.0);
  EXPECT_DOUBLE_EQ(a1.shifts[0].logout, 12 * 3600.0);
  ASSERT_EQ(a1.shifts[0].breaks.size(), 1u);
  EXPECT_DOUBLE_EQ(a1.shifts[0].breaks[0].start, 9 * 3600.0);
  EXPECT_DOUBLE_EQ((*roster)[1].shifts.at(0).login, 86400.0 + 8 * 3600.0);
}

TEST(ScheduleRoster, UnknownAgentsAndDaysOutsideTheScheduleAreErrors) {
  MmcParameters p;
  const Scenario s = mmc_scenario(p);
  const Instant start = mmc_model(s, p).start;
  PublishedSchedule bad = two_agent_schedule();
  bad.agents.push_back({"nobody", {}});
  auto unknown = roster_from_schedule(s, bad, kMonday, 1, start);
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_NE(unknown.status().message().find("unknown agent 'nobody'"), std::string::npos);
  auto late = roster_from_schedule(s, two_agent_schedule(), kMonday + days(3), 7, start);
  ASSERT_FALSE(late.is_ok());
  EXPECT_NE(late.status().message().find("covers 2026-01-05 to 2026-01-11"), std::string::npos)
      << late.status().message();
}

// Staff to target from a schedule: the search starts from the scheduled people; people it
// removes lose their shifts, people it adds work those of the group's scheduled people in turn.
TEST(ScheduleRoster, TheScheduleFollowsTheStaffOfTheSearch) {
  MmcParameters p;
  Scenario s = mmc_scenario(p);
  s.agents.resize(4);
  s.agents[0].id = "desk-001";
  s.agents[1].id = "desk-002";
  s.agents[2].id = "desk-003";  // not scheduled: never logs in
  s.agents[3].id = "solo";      // its own group
  PublishedSchedule schedule;
  schedule.first_day = kMonday;
  schedule.days = 7;
  const ScheduledShift early{kMonday, 8 * 60, 12 * 60, {}}, late{kMonday, 12 * 60, 16 * 60, {}};
  schedule.agents = {{"desk-001", {early}}, {"desk-002", {late}}, {"solo", {early}}};
  const Scenario today = scheduled_people_only(s, schedule);
  ASSERT_EQ(today.agents.size(), 3u);
  EXPECT_EQ(today.find_agent("desk-003"), nullptr);

  Scenario grown = today;  // the search added two desk people (clones) and removed solo
  grown.agents.erase(grown.agents.begin() + 2);
  grown.agents.push_back(grown.agents[0]);
  grown.agents.back().id = "desk-004";
  grown.agents.push_back(grown.agents[0]);
  grown.agents.back().id = "desk-005";
  const PublishedSchedule adapted = schedule_for_staff(schedule, grown);
  ASSERT_EQ(adapted.agents.size(), 4u);
  EXPECT_EQ(adapted.agents[0].agent, "desk-001");
  EXPECT_EQ(adapted.agents[1].agent, "desk-002");
  EXPECT_EQ(adapted.agents[2].agent, "desk-004");
  EXPECT_EQ(adapted.agents[2].shifts.at(0).start_minute, 8 * 60);  // desk-001's shift
  EXPECT_EQ(adapted.agents[3].agent, "desk-005");
  EXPECT_EQ(adapted.agents[3].shifts.at(0).start_minute, 12 * 60);  // desk-002's shift
  const Instant start = mmc_model(s, p).start;
  auto roster = roster_from_schedule(grown, adapted, kMonday, 1, start);
  ASSERT_TRUE(roster.is_ok()) << roster.status().message();
  EXPECT_EQ(roster->size(), 4u);
}

TEST(ScheduleFile, ReadsTheScheduleCommandJson) {
  std::string required = "0";
  for (int i = 1; i < 2 * 96; ++i) required += ",0";  // two days of 15-minute intervals
  const std::string text = R"({
    "start_date": "2026-11-02", "interval_minutes": 15,
    "coverage": {"voice": {"required": [)" +
                           required + R"(]}},
    "agents": [
      {"id": "a1", "name": "A", "shifts": [
        {"date": "2026-11-02", "template": "late", "start": "16:00", "end": "01:00",
         "paid_hours": 8.5, "activities": [
           {"kind": "phones", "target": "voice", "start": "16:00", "end": "23:50"},
           {"kind": "break", "target": "b", "start": "23:50", "end": "00:20"},
           {"kind": "back_office", "target": "email", "start": "00:20", "end": "01:00"}]}]},
      {"id": "a2", "name": "B", "shifts": []}]})";
  auto r = io::parse_schedule_json(text, "s.json");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->first_day, LocalDays{std::chrono::year{2026} / 11 / 2});
  EXPECT_EQ(r->days, 2);
  ASSERT_EQ(r->agents.size(), 2u);
  const ScheduledShift& sh = r->agents[0].shifts.at(0);
  EXPECT_EQ(sh.start_minute, 16 * 60);
  EXPECT_EQ(sh.end_minute, 25 * 60);
  ASSERT_EQ(sh.breaks.size(), 1u);
  EXPECT_EQ(sh.breaks[0].start_minute, 23 * 60 + 50);
  EXPECT_EQ(sh.breaks[0].end_minute, 24 * 60 + 20);

  auto bad = io::parse_schedule_json(
      R"({"start_date": "2026-11-02", "agents": [{"id": "a1", "shifts": [{"date": "2026-11-02",
          "start": "8:00", "end": "12:00"}]}]})",
      "s.json");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().message().find("s.json: $.agents[0].shifts[0].start"), std::string::npos)
      << bad.status().message();
}

}  // namespace
}  // namespace tandem::sim
