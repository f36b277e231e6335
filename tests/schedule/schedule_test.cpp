// SPDX-License-Identifier: Apache-2.0
// The scheduler on tiny synthetic problems: known optima (brute force), every hard rule kept by
// the optimiser and caught by the verifier on a hand-broken schedule, unmet requirement with
// its binding rule, bad input, blending, determinism.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>

#include "schedule/schedule.h"
#include "schedule/verifier.h"

namespace tandem::schedule {
namespace {

using std::chrono::January;
using std::chrono::minutes;

// Monday 5 January 2026.
const LocalDays kMonday = LocalDays{std::chrono::year{2026} / January / 5};

Contract open_contract(double min_h = 0, double max_h = 40) {
  Contract c;
  c.id = "standard";
  c.min_hours_per_week = min_h;
  c.max_hours_per_week = max_h;
  c.max_days_per_week = 5;
  c.max_consecutive_days = 5;
  c.min_rest_hours = 11;
  return c;
}

ScheduleAgent agent(const std::string& id, std::vector<std::string> groups,
                    std::vector<std::string> work = {}, double cost = 10.0) {
  ScheduleAgent a;
  a.id = id;
  a.name = id;
  a.front_office_groups = std::move(groups);
  a.back_office_work_types = std::move(work);
  a.home_front_office = !a.front_office_groups.empty();
  a.contract = open_contract();
  a.cost_per_hour = cost;
  return a;
}

ShiftTemplate shift_template(const std::string& id, int earliest_h, int latest_h,
                             std::vector<int> lengths_min, int step = 60) {
  ShiftTemplate t;
  t.id = id;
  t.name = id;
  t.earliest_start = minutes{earliest_h * 60};
  t.latest_start = minutes{latest_h * 60};
  t.start_step_minutes = step;
  t.lengths_minutes = std::move(lengths_min);
  return t;
}

// One day, hourly intervals, one group.
ScheduleProblem hourly_problem(const std::vector<double>& required_by_hour, int agents) {
  ScheduleProblem p;
  p.start_date = kMonday;
  p.days = 1;
  p.interval_minutes = 60;
  p.front_office.push_back({"voice", required_by_hour, {}, 20.0});
  for (int i = 0; i < agents; ++i) p.agents.push_back(agent("a" + std::to_string(i), {"voice"}));
  p.shift_templates.push_back(shift_template("day", 8, 12, {180, 240}));
  p.weights.unmet_front_office_per_agent_hour = 25.0;
  return p;
}

SolveOptions fast_options() {
  SolveOptions o;
  o.time_limit_seconds = 10;
  o.relative_gap = 0.0;
  return o;
}

ScheduleResult solve_ok(const ScheduleProblem& p, SolveOptions o = fast_options()) {
  Result<ScheduleResult> r = solve_schedule(p, o);
  EXPECT_TRUE(r.is_ok()) << r.status().message();
  return r.is_ok() ? *r : ScheduleResult{};
}

// The optimum of hourly_problem by enumerating every count (0..2) of every shift (enough when
// no requirement exceeds 2).
double brute_force_optimum(const ScheduleProblem& p) {
  struct Kind {
    int start, len;
  };
  std::vector<Kind> kinds;
  for (int s = 8; s <= 12; ++s)
    for (int len : {3, 4}) kinds.push_back({s, len});
  const auto& req = p.front_office[0].required_agents;
  double best = std::numeric_limits<double>::infinity();
  std::vector<int> count(kinds.size(), 0);
  std::function<void(size_t)> rec = [&](size_t i) {
    if (i == kinds.size()) {
      std::vector<double> cov(24, 0.0);
      double cost = 0;
      for (size_t k = 0; k < kinds.size(); ++k) {
        cost += count[k] * kinds[k].len * 10.0;
        for (int t = kinds[k].start; t < kinds[k].start + kinds[k].len; ++t) cov[t] += count[k];
      }
      for (int t = 0; t < 24; ++t)
        cost += std::max(0.0, req[t] - cov[t]) * p.weights.unmet_front_office_per_agent_hour;
      best = std::min(best, cost);
      return;
    }
    for (int c = 0; c <= 2; ++c) {
      count[i] = c;
      rec(i + 1);
    }
  };
  rec(0);
  return best;
}

TEST(ScheduleOptimum, MatchesBruteForceOnHourlyCovering) {
  std::mt19937 rng(7);
  for (int instance = 0; instance < 3; ++instance) {
    std::vector<double> req(24, 0.0);
    for (int t = 8; t < 16; ++t) req[t] = static_cast<double>(rng() % 3);
    ScheduleProblem p = hourly_problem(req, 12);
    ScheduleResult r = solve_ok(p);
    const double expected = brute_force_optimum(p);
    EXPECT_NEAR(r.objective, expected, 1e-6) << "instance " << instance;
    EXPECT_NEAR(r.mip_bound, expected, 1e-6);
    EXPECT_TRUE(r.violations.empty());
  }
}

TEST(ScheduleOptimum, FullCoverIsOptimalAndCheapest) {
  // 2 agents 08-16 exactly: two 4 h shifts back to back for each position = 4 shifts, 160.
  std::vector<double> req(24, 0.0);
  for (int t = 8; t < 16; ++t) req[t] = 2;
  ScheduleProblem p = hourly_problem(req, 6);
  p.weights.unmet_front_office_per_agent_hour = 1000;
  ScheduleResult r = solve_ok(p);
  EXPECT_EQ(r.outcome, ScheduleOutcome::kOptimal);
  EXPECT_NEAR(r.cost, 160.0, 1e-9);
  EXPECT_NEAR(r.unmet_agent_hours, 0.0, 1e-9);
  EXPECT_TRUE(r.unmet.empty());
}

// A richer problem: 7 days, 15-minute intervals, two phone groups and one back-office work
// type, breaks and lunch, contracts with rest, days and hours limits, availability and
// requested days off.
ScheduleProblem rich_problem() {
  ScheduleProblem p;
  p.start_date = kMonday;
  p.days = 4;
  p.interval_minutes = 15;
  const int n = p.interval_count();
  std::vector<double> voice(n, 0.0), chat(n, 0.0);
  for (int d = 0; d < p.days; ++d)
    for (int i = 8 * 4; i < 20 * 4; ++i) {
      const int t = d * 96 + i;
      voice[t] = (i >= 10 * 4 && i < 12 * 4) ? 4 : 2;
      chat[t] = (i >= 14 * 4 && i < 16 * 4) ? 2 : 1;
    }
  p.front_office.push_back({"voice", voice, {}, 20.0});
  p.front_office.push_back({"chat", chat, {}, 20.0});
  BackOfficeWindow bo;
  bo.work_type = "claims";
  bo.available_hours.assign(n, 0.0);
  bo.due_hours.assign(n, 0.0);
  for (int t = 0; t < n; ++t) {
    const int day = t / 96;
    bo.available_hours[t] = 10.0 * (day + 1);  // 10 h of work arrives each midnight
    bo.due_hours[t] = (t % 96 >= 20 * 4) ? 10.0 * (day + 1) : 10.0 * day;  // due by 20:00
  }
  p.back_office.push_back(bo);
  ShiftTemplate early = shift_template("early", 7, 9, {480}, 30);
  ShiftTemplate late = shift_template("late", 11, 12, {480, 540}, 30);
  BreakRule coffee{"coffee", false, 15, 90, 180, true};
  BreakRule lunch{"lunch", true, 30, 210, 300, false};
  early.breaks = {coffee, lunch};
  late.breaks = {coffee, lunch};
  p.shift_templates = {early, late};
  for (int i = 0; i < 6; ++i) p.agents.push_back(agent("v" + std::to_string(i), {"voice"}));
  for (int i = 6; i < 8; ++i)
    p.agents.push_back(agent("v" + std::to_string(i), {"voice"}, {}, 12.0));
  for (int i = 0; i < 4; ++i)
    p.agents.push_back(agent("b" + std::to_string(i), {"voice", "chat"}, {"claims"}));
  for (int i = 0; i < 3; ++i) p.agents.push_back(agent("c" + std::to_string(i), {}, {"claims"}));
  // Contract variety.
  p.agents[0].contract.max_days_per_week = 3;
  p.agents[1].contract.max_consecutive_days = 2;
  p.agents[2].contract.min_rest_hours = 16;
  p.agents[3].contract.max_hours_per_week = 20;
  p.agents[4].days_off_requested = {0, 1};
  p.agents[5].preferred_templates = {"late"};
  WeeklyHours afternoons;
  for (auto& day : afternoons.days) day.push_back({minutes{11 * 60}, minutes{24 * 60}});
  p.agents[6].contract.availability = afternoons;
  p.agents[7].contract.min_hours_per_week = 24;
  return p;
}

// A node limit, not the time limit, ends these solves: the same schedule on every machine.
SolveOptions rich_options() {
  SolveOptions o;
  o.time_limit_seconds = 60;
  o.relative_gap = 0.02;
  o.max_nodes = 100;
  return o;
}

const ScheduleResult& rich_result() {
  static const ScheduleResult result = [] {
    return *solve_schedule(rich_problem(), rich_options());
  }();
  return result;
}

TEST(ScheduleRules, RichScheduleVerifiesClean) {
  const ScheduleResult& r = rich_result();
  EXPECT_TRUE(r.violations.empty())
      << r.violations.front().rule << ": " << r.violations.front().message;
  EXPECT_NE(r.outcome, ScheduleOutcome::kFailed);
  EXPECT_FALSE(r.shifts.empty());
  // Independent recheck by the public verifier, too.
  EXPECT_TRUE(verify_schedule(rich_problem(), r).empty());
}

bool has_rule(const std::vector<Violation>& v, const std::string& rule) {
  return std::any_of(v.begin(), v.end(), [&](const Violation& x) { return x.rule == rule; });
}

TEST(ScheduleRules, AvailabilityKeptAndCaught) {
  const ScheduleResult& r = rich_result();
  for (const auto& s : r.shifts)
    if (s.agent == 6) {
      EXPECT_GE(s.start_minute % 1440, 11 * 60);
    }
  // Pretend agent v6 (available from 11:00) worked one of the schedule's morning shifts.
  ScheduleResult broken = r;
  const auto morning = std::find_if(r.shifts.begin(), r.shifts.end(), [](const AgentShift& s) {
    return s.agent != 6 && s.start_minute % 1440 < 11 * 60;
  });
  ASSERT_NE(morning, r.shifts.end());
  broken.shifts.erase(
      std::remove_if(broken.shifts.begin(), broken.shifts.end(),
                     [&](const AgentShift& s) { return s.agent == 6 && s.day == morning->day; }),
      broken.shifts.end());
  broken.shifts.push_back(*morning);
  broken.shifts.back().agent = 6;
  EXPECT_TRUE(has_rule(verify_schedule(rich_problem(), broken), "availability"));
}

TEST(ScheduleRules, MaxDaysPerWeekKeptAndCaught) {
  const ScheduleResult& r = rich_result();
  int days = 0;
  for (const auto& s : r.shifts) days += s.agent == 0;
  EXPECT_LE(days, 3);
  // The same schedule under a contract allowing one day fewer than agent v1 works.
  ScheduleProblem p = rich_problem();
  int v1_days = 0;
  for (const auto& s : r.shifts) v1_days += s.agent == 1;
  ASSERT_GE(v1_days, 1);
  p.agents[1].contract.max_days_per_week = v1_days - 1;
  EXPECT_TRUE(has_rule(verify_schedule(p, r), "max_days_per_week"));
}

TEST(ScheduleRules, MaxConsecutiveDaysKeptAndCaught) {
  ScheduleProblem p = rich_problem();
  const ScheduleResult& r = rich_result();
  std::vector<bool> worked(7, false);
  for (const auto& s : r.shifts)
    if (s.agent == 1) worked[s.day] = true;
  int run = 0, longest = 0;
  for (bool w : worked) longest = std::max(longest, run = w ? run + 1 : 0);
  EXPECT_LE(longest, 2);
  p.agents[0].contract.max_consecutive_days = 1;
  // Agent 0 works at least two days; if two are adjacent the verifier must object.
  std::vector<int> days;
  for (const auto& s : r.shifts)
    if (s.agent == 0) days.push_back(s.day);
  bool adjacent = false;
  for (size_t i = 1; i < days.size(); ++i) adjacent = adjacent || days[i] == days[i - 1] + 1;
  EXPECT_EQ(has_rule(verify_schedule(p, r), "max_consecutive_days"), adjacent);
}

TEST(ScheduleRules, MinRestKeptAndCaught) {
  const ScheduleResult& r = rich_result();
  const AgentShift* prev = nullptr;
  for (const auto& s : r.shifts) {
    if (s.agent != 2) continue;
    if (prev) {
      EXPECT_GE(s.start_minute - prev->end_minute, 16 * 60);
    }
    prev = &s;
  }
  ScheduleProblem p = rich_problem();
  p.agents[0].contract.min_rest_hours = 23.5;  // 8-hour shifts on consecutive days break this
  std::vector<int> days;
  for (const auto& s : r.shifts)
    if (s.agent == 0) days.push_back(s.day);
  bool adjacent = false;
  for (size_t i = 1; i < days.size(); ++i) adjacent = adjacent || days[i] == days[i - 1] + 1;
  EXPECT_EQ(has_rule(verify_schedule(p, r), "min_rest"), adjacent);
}

TEST(ScheduleRules, MaxHoursKeptAndCaught) {
  const ScheduleResult& r = rich_result();
  int minutes_worked = 0;
  for (const auto& s : r.shifts)
    if (s.agent == 3) minutes_worked += s.paid_minutes;
  EXPECT_LE(minutes_worked, 20 * 60);
  ScheduleProblem p = rich_problem();
  p.agents[0].contract.max_hours_per_week = 1;
  EXPECT_TRUE(has_rule(verify_schedule(p, r), "max_hours_per_week"));
}

TEST(ScheduleRules, MinHoursKeptAndCaught) {
  const ScheduleResult& r = rich_result();
  int minutes_worked = 0;
  for (const auto& s : r.shifts)
    if (s.agent == 7) minutes_worked += s.paid_minutes;
  EXPECT_GE(minutes_worked, 24 * 60 * 4 / 7);  // a 4-day horizon: 4/7 of the weekly minimum
  ScheduleProblem p = rich_problem();
  int worked8 = 0;
  for (const auto& s : r.shifts) worked8 += s.agent == 8 ? s.paid_minutes : 0;
  p.agents[8].contract.min_hours_per_week = (worked8 / 60.0 + 1.0) * 7.0 / 4.0;
  p.agents[8].contract.max_hours_per_week = 60;
  EXPECT_TRUE(has_rule(verify_schedule(p, r), "min_hours_per_week"));
}

TEST(ScheduleRules, SkillsKeptAndCaught) {
  const ScheduleResult& r = rich_result();
  for (const auto& s : r.shifts)
    for (const auto& a : s.activities) {
      if (a.kind == ActivityKind::kPhones) {
        EXPECT_LT(s.agent, 12);
      }  // c*: claims only
      if (a.kind == ActivityKind::kBackOffice) {
        EXPECT_GE(s.agent, 8);
      }  // v*: phones only
    }
  ScheduleResult broken = r;
  for (auto& s : broken.shifts)
    if (s.agent < 8) {  // a phone-only agent on back-office work
      s.activities.front().kind = ActivityKind::kBackOffice;
      s.activities.front().target = "claims";
      break;
    }
  EXPECT_TRUE(has_rule(verify_schedule(rich_problem(), broken), "skills"));
}

TEST(ScheduleRules, BreaksPlacedOnceInWindowAndCaught) {
  const ScheduleResult& r = rich_result();
  for (const auto& s : r.shifts) {
    int coffee = 0, lunch = 0;
    for (const auto& a : s.activities) {
      if (a.kind == ActivityKind::kBreak) {
        ++coffee;
        EXPECT_GE(a.start_minute - s.start_minute, 90);
        EXPECT_LE(a.start_minute - s.start_minute, 180);
      }
      if (a.kind == ActivityKind::kLunch) {
        ++lunch;
        EXPECT_EQ(a.end_minute - a.start_minute, 30);
      }
    }
    EXPECT_EQ(coffee, 1);
    EXPECT_EQ(lunch, 1);
    EXPECT_EQ(s.paid_minutes, s.end_minute - s.start_minute - 30);  // lunch unpaid
  }
  ScheduleResult broken = r;
  for (auto& a : broken.shifts.front().activities)
    if (a.kind == ActivityKind::kBreak) a.kind = ActivityKind::kPhones, a.target = "voice";
  EXPECT_TRUE(has_rule(verify_schedule(rich_problem(), broken), "breaks"));
}

TEST(ScheduleRules, TemplateGridAndOneShiftADayCaught) {
  ScheduleResult broken = rich_result();
  AgentShift& s = broken.shifts.front();
  for (auto& a : s.activities) a.start_minute += 15, a.end_minute += 15;
  s.start_minute += 15;
  s.end_minute += 15;
  EXPECT_TRUE(has_rule(verify_schedule(rich_problem(), broken), "template"));
  ScheduleResult twice = rich_result();
  twice.shifts.push_back(twice.shifts.front());
  const auto v = verify_schedule(rich_problem(), twice);
  EXPECT_TRUE(has_rule(v, "one_shift_a_day"));
  EXPECT_TRUE(has_rule(v, "reported"));  // the coverage no longer matches what was reported
}

TEST(ScheduleRules, BackOfficeNeverAheadOfArrivals) {
  const ScheduleResult& r = rich_result();
  const ScheduleProblem p = rich_problem();
  for (int t = 0; t < p.interval_count(); ++t)
    EXPECT_LE(r.back_office_done[0][t], p.back_office[0].available_hours[t] + 1e-9);
  ScheduleResult broken = r;
  broken.back_office_done[0][0] = 5.0;  // claims done before any agent worked on it
  EXPECT_TRUE(has_rule(verify_schedule(p, broken), "back_office_arrival"));
}

TEST(ScheduleBlending, BackOfficeDoneInPhoneValleysByBlendedAgents) {
  const ScheduleResult& r = rich_result();
  EXPECT_NEAR(r.back_office_late_hour_hours, 0.0, 1e-9);
  EXPECT_NEAR(r.unmet_agent_hours, 0.0, 1e-9);
  double blended_bo_minutes = 0;
  for (const auto& s : r.shifts)
    if (s.agent >= 8 && s.agent < 12)
      for (const auto& a : s.activities)
        if (a.kind == ActivityKind::kBackOffice)
          blended_bo_minutes += a.end_minute - a.start_minute;
  EXPECT_GT(blended_bo_minutes, 0.0);
}

TEST(ScheduleBlending, SiloedNeverCheaperAtEqualCoverage) {
  ScheduleProblem p = rich_problem();
  p.blending = false;
  SolveOptions o = rich_options();
  o.max_nodes = 10;  // the siloed MIP closes its gap slowly; a few nodes show the point
  const ScheduleResult siloed = solve_ok(p, o);
  EXPECT_TRUE(siloed.violations.empty());
  for (const auto& s : siloed.shifts)
    for (const auto& a : s.activities)
      if (s.agent >= 8 && s.agent < 12) {
        EXPECT_NE(a.kind, ActivityKind::kBackOffice);
      }
  EXPECT_GE(siloed.objective, rich_result().objective - 1e-6);
}

TEST(ScheduleUnmet, NoTemplateEarlyEnoughIsExplained) {
  std::vector<double> req(24, 0.0);
  req[6] = 2;  // 06:00, before any shift may start
  for (int t = 8; t < 12; ++t) req[t] = 1;
  ScheduleProblem p = hourly_problem(req, 5);
  ScheduleResult r = solve_ok(p);
  EXPECT_EQ(r.outcome, ScheduleOutcome::kPartial);
  ASSERT_EQ(r.unmet.size(), 1u);
  EXPECT_EQ(r.unmet[0].group, "voice");
  EXPECT_EQ(r.unmet[0].first_interval, 6);
  EXPECT_EQ(r.unmet[0].end_interval, 7);
  EXPECT_NEAR(r.unmet[0].max_short_agents, 2.0, 1e-9);
  EXPECT_NE(r.unmet[0].reason.find("starts early enough"), std::string::npos) << r.unmet[0].reason;
}

TEST(ScheduleUnmet, TooFewAgentsIsExplained) {
  std::vector<double> req(24, 0.0);
  for (int t = 8; t < 12; ++t) req[t] = 3;
  ScheduleProblem p = hourly_problem(req, 2);
  p.weights.unmet_front_office_per_agent_hour = 1000;
  ScheduleResult r = solve_ok(p);
  EXPECT_EQ(r.outcome, ScheduleOutcome::kPartial);
  ASSERT_EQ(r.unmet.size(), 1u);
  EXPECT_EQ(r.unmet[0].first_interval, 8);
  EXPECT_EQ(r.unmet[0].end_interval, 12);
  EXPECT_NEAR(r.unmet[0].short_agent_hours, 4.0, 1e-9);
  EXPECT_NE(r.unmet[0].reason.find("only 2 agent(s)"), std::string::npos) << r.unmet[0].reason;
  EXPECT_TRUE(r.violations.empty());
}

TEST(ScheduleUnmet, UnreachableContractMinimumIsExplainedNotSuccess) {
  std::vector<double> req(24, 0.0);
  for (int t = 8; t < 12; ++t) req[t] = 1;
  ScheduleProblem p = hourly_problem(req, 1);
  p.agents[0].contract.min_hours_per_week = 30;  // one day of at most 4 h
  ScheduleResult r = solve_ok(p);
  EXPECT_EQ(r.outcome, ScheduleOutcome::kPartial);
  ASSERT_FALSE(r.explanations.empty());
  EXPECT_NE(r.explanations.back().find("agent a0 cannot reach"), std::string::npos);
  EXPECT_TRUE(has_rule(r.violations, "min_hours_per_week"));
}

TEST(ScheduleInput, ContractMinAboveMaxIsRejected) {
  ScheduleProblem p = hourly_problem(std::vector<double>(24, 0.0), 1);
  p.agents[0].contract.min_hours_per_week = 50;
  Result<ScheduleResult> r = solve_schedule(p, fast_options());
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("agent 'a0'"), std::string::npos);
  EXPECT_NE(r.status().message().find("min_hours_per_week"), std::string::npos);
}

TEST(ScheduleInput, AgentWithoutSkillIsRejected) {
  ScheduleProblem p = hourly_problem(std::vector<double>(24, 0.0), 1);
  p.agents[0].front_office_groups.clear();
  Result<ScheduleResult> r = solve_schedule(p, fast_options());
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("no skill"), std::string::npos);
}

TEST(ScheduleInput, ShiftRuleNoShiftCanSatisfyIsRejected) {
  ScheduleProblem p = hourly_problem(std::vector<double>(24, 0.0), 1);
  p.shift_templates[0].breaks.push_back({"lunch", true, 60, 300, 360, false});  // after 4 h
  Result<ScheduleResult> r = solve_schedule(p, fast_options());
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("shift template 'day'"), std::string::npos);
  EXPECT_NE(r.status().message().find("fits nowhere"), std::string::npos);
}

TEST(ScheduleDeterminism, SameSeedSameSchedule) {
  const ScheduleResult a = *solve_schedule(rich_problem(), rich_options());
  const ScheduleResult& b = rich_result();
  ASSERT_EQ(a.shifts.size(), b.shifts.size());
  for (size_t i = 0; i < a.shifts.size(); ++i) {
    EXPECT_EQ(a.shifts[i].agent, b.shifts[i].agent);
    EXPECT_EQ(a.shifts[i].start_minute, b.shifts[i].start_minute);
    ASSERT_EQ(a.shifts[i].activities.size(), b.shifts[i].activities.size());
    for (size_t j = 0; j < a.shifts[i].activities.size(); ++j) {
      EXPECT_EQ(a.shifts[i].activities[j].target, b.shifts[i].activities[j].target);
      EXPECT_EQ(a.shifts[i].activities[j].start_minute, b.shifts[i].activities[j].start_minute);
    }
  }
  EXPECT_DOUBLE_EQ(a.objective, b.objective);
}

TEST(ScheduleStop, StopFlagKeepsAVerifiedSchedule) {
  std::atomic<bool> stop{true};
  SolveOptions o = fast_options();
  o.stop = &stop;
  Result<ScheduleResult> r = solve_schedule(rich_problem(), o);
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(r->outcome, ScheduleOutcome::kInterrupted);
  EXPECT_TRUE(r->violations.empty());
}

}  // namespace
}  // namespace tandem::schedule
