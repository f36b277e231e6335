// SPDX-License-Identifier: Apache-2.0
// The Curtois benchmark support: parser (real files and small broken inputs), the independent
// checker (one hand-broken roster per hard rule, a hand-counted objective), the MIP against
// brute force on tiny instances (Instance1 solved to its known optimum: curtois_instance1_test.cpp,
// label "slow").
#include <gtest/gtest.h>

#include "common/shared_data.h"

#include <functional>
#include <limits>
#include <random>
#include <string>

#include "schedule/curtois_checker.h"
#include "schedule/curtois_model.h"
#include "schedule/curtois_parser.h"

namespace tandem::schedule::curtois {
namespace {

const std::string kDataDir = std::string(TANDEM_SHARED_DATA_DIR) + "/curtois/";

// A small valid file; tests break one line of it.
const char* const kTiny = R"(# tiny
SECTION_HORIZON
7

SECTION_SHIFTS
# ShiftID, Length in mins, Shifts which cannot follow this shift | separated
E,480,
L,480,E

SECTION_STAFF
A,E=7|L=7,2400,960,3,2,2,1
B,E=7|L=2,2400,960,3,1,1,0

SECTION_DAYS_OFF
A,0
B

SECTION_SHIFT_ON_REQUESTS
A,2,E,2

SECTION_SHIFT_OFF_REQUESTS
B,4,L,3

SECTION_COVER
0,E,1,100,1
1,L,1,100,1
)";

std::string replace_line(std::string text, const std::string& from, const std::string& to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  return text.replace(pos, from.size(), to);
}

std::string parse_error(const std::string& text) {
  auto r = parse_instance(text, "tiny.txt");
  EXPECT_FALSE(r.is_ok());
  return r.is_ok() ? std::string() : r.status().message();
}

TEST(CurtoisParser, ReadsInstance1) {
  TANDEM_REQUIRE_SHARED_DATA("curtois/Instance1.txt");
  auto r = read_instance(kDataDir + "Instance1.txt");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  const Instance& in = *r;
  EXPECT_EQ(in.name, "Instance1");
  EXPECT_EQ(in.days, 14);
  ASSERT_EQ(in.shifts.size(), 1u);
  EXPECT_EQ(in.shifts[0].id, "D");
  EXPECT_EQ(in.shifts[0].minutes, 480);
  ASSERT_EQ(in.employees.size(), 8u);
  const Employee& a = in.employees[0];
  EXPECT_EQ(a.max_shifts, std::vector<int>{14});
  EXPECT_EQ(a.max_total_minutes, 4320);
  EXPECT_EQ(a.min_total_minutes, 3360);
  EXPECT_EQ(a.max_consecutive_shifts, 5);
  EXPECT_EQ(a.min_consecutive_shifts, 2);
  EXPECT_EQ(a.min_consecutive_days_off, 2);
  EXPECT_EQ(a.max_weekends, 1);
  EXPECT_EQ(a.days_off, std::vector<int>{0});
  EXPECT_EQ(in.on_requests.size(), 21u);
  EXPECT_EQ(in.off_requests.size(), 5u);
  ASSERT_EQ(in.cover.size(), 14u);
  EXPECT_EQ(in.cover[1].requirement, 7);
  EXPECT_EQ(in.cover[1].under_weight, 100);
  EXPECT_EQ(in.cover[1].over_weight, 1);
}

TEST(CurtoisParser, ReadsSuccessionsAndMultipleDaysOff) {
  TANDEM_REQUIRE_SHARED_DATA("curtois/Instance14.txt");
  auto r = read_instance(kDataDir + "Instance3.txt");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  const int e = r->shift_index("E"), d = r->shift_index("D"), l = r->shift_index("L");
  EXPECT_TRUE(r->shifts[e].forbidden_next.empty());
  EXPECT_EQ(r->shifts[d].forbidden_next, std::vector<int>{e});
  EXPECT_EQ(r->shifts[l].forbidden_next, (std::vector<int>{e, d}));
  EXPECT_EQ(r->employees[r->employee_index("D")].max_shifts, (std::vector<int>{14, 0, 5}));
  auto r14 = read_instance(kDataDir + "Instance14.txt");
  ASSERT_TRUE(r14.is_ok()) << r14.status().message();
  size_t most = 0;
  for (const auto& emp : r14->employees) most = std::max(most, emp.days_off.size());
  EXPECT_EQ(most, 4u);  // the longest DAYS_OFF line of Instance14 lists 4 days
}

TEST(CurtoisParser, ReadsEveryBenchmarkFile) {
  TANDEM_REQUIRE_SHARED_DATA("curtois/best_known.csv");
  auto best = read_best_known(kDataDir + "best_known.csv");
  ASSERT_TRUE(best.is_ok()) << best.status().message();
  ASSERT_EQ(best->size(), 24u);
  EXPECT_EQ((*best)[0].instance, "Instance1");
  EXPECT_EQ((*best)[0].solution, 607);
  EXPECT_TRUE((*best)[0].proven_optimal);
  EXPECT_FALSE((*best)[23].proven_optimal);  // Instance24: 40438 .. 40439
  for (int i = 1; i <= 8; ++i) {             // the small ones (the rest are large files)
    auto r = read_instance(kDataDir + "Instance" + std::to_string(i) + ".txt");
    ASSERT_TRUE(r.is_ok()) << r.status().message();
  }
}

TEST(CurtoisParser, TinyFileParses) {
  auto r = parse_instance(kTiny, "tiny.txt");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->name, "tiny");
  EXPECT_TRUE(r->employees[1].days_off.empty());
  EXPECT_EQ(r->employees[1].max_shifts, (std::vector<int>{7, 2}));
}

TEST(CurtoisParser, BrokenFilesNameFileLineAndRule) {
  EXPECT_EQ(parse_error(replace_line(kTiny, "SECTION_HORIZON\n7\n", "")),
            "tiny.txt: SECTION_HORIZON is missing");
  EXPECT_EQ(parse_error(replace_line(kTiny, "A,E=7|L=7,2400,960,3,2,2,1", "A,E=7|L=7,2400,960")),
            "tiny.txt:11: SECTION_STAFF: expected 8 comma-separated fields (ID, MaxShifts, "
            "MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts, MinConsecutiveShifts, "
            "MinConsecutiveDaysOff, MaxWeekends), got 4");
  EXPECT_EQ(parse_error(replace_line(kTiny, "L,480,E", "L,480,X")),
            "tiny.txt:8: SECTION_SHIFTS: unknown shift type 'X'");
  EXPECT_EQ(parse_error(replace_line(kTiny, "E,480,", "E,eight hours,")),
            "tiny.txt:7: SECTION_SHIFTS: length in minutes 'eight hours' is not an integer");
  EXPECT_EQ(parse_error(replace_line(kTiny, "1,L,1,100,1", "7,L,1,100,1")),
            "tiny.txt:26: SECTION_COVER: day 7 is outside the horizon 0..6");
  EXPECT_EQ(parse_error(replace_line(kTiny, "1,L,1,100,1", "0,E,2,100,1")),
            "tiny.txt:26: SECTION_COVER: cover of day 0 shift 'E' already given on line 25");
  EXPECT_EQ(parse_error(replace_line(kTiny, "A,2,E,2", "Z,2,E,2")),
            "tiny.txt:19: SECTION_SHIFT_ON_REQUESTS: unknown employee 'Z'");
  EXPECT_EQ(parse_error(replace_line(kTiny, "B,4,L,3", "B,4,L,-3")),
            "tiny.txt:22: SECTION_SHIFT_OFF_REQUESTS: weight -3 is below 0");
  EXPECT_EQ(parse_error(replace_line(kTiny, "# tiny", "7")),
            "tiny.txt:1: (before any section): data outside a section");
  EXPECT_EQ(parse_error(replace_line(kTiny, "SECTION_COVER", "SECTION_CUVER")),
            "tiny.txt:24: SECTION_CUVER: unknown section");
  EXPECT_EQ(parse_error(replace_line(kTiny, "2400,960,3,2,2,1", "900,960,3,2,2,1")),
            "tiny.txt:11: SECTION_STAFF: MinTotalMinutes 960 is above MaxTotalMinutes 900");
  EXPECT_EQ(parse_error(replace_line(kTiny, "B,E=7|L=2", "B,E=7")),
            "tiny.txt:12: SECTION_STAFF: MaxShifts gives no maximum for shift type 'L'");
  EXPECT_EQ(parse_error(replace_line(kTiny, "B,E=7|L=2", "B,E=7|L:2")),
            "tiny.txt:12: SECTION_STAFF: MaxShifts entry 'L:2' is not ShiftID=max");
  EXPECT_EQ(parse_error(replace_line(kTiny, "A,0\n", "A,0\nA,9\n")),
            "tiny.txt:16: SECTION_DAYS_OFF: day 9 is outside the horizon 0..6");
  EXPECT_EQ(parse_error(replace_line(kTiny, "SECTION_HORIZON\n7", "SECTION_HORIZON\n0")),
            "tiny.txt:3: SECTION_HORIZON: horizon length 0 is below 1");
  // CR LF line ends (as in the benchmark files) give the same instance.
  std::string crlf;
  for (char c : std::string(kTiny)) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  EXPECT_TRUE(parse_instance(crlf, "tiny.txt").is_ok());
}

TEST(CurtoisParser, MissingFileIsNotFound) {
  auto r = read_instance(kDataDir + "NoSuchInstance.txt");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

// ---- checker ----

Instance tiny() {
  auto r = parse_instance(kTiny, "tiny.txt");
  EXPECT_TRUE(r.is_ok());
  return *r;
}

constexpr int E = 0, L = 1, O = kOff;

std::vector<std::string> rules_of(const Evaluation& ev) {
  std::vector<std::string> out;
  for (const auto& v : ev.violations) out.push_back(v.rule);
  return out;
}

TEST(CurtoisChecker, CountsTheObjectiveByHand) {
  const Instance in = tiny();
  // A: off, L L, off off, E E (1,920 min, one weekend); B: off, L, off off, L, off off.
  const Roster r{{{O, L, L, O, O, E, E}, {O, L, O, O, L, O, O}}};
  const Evaluation ev = check_roster(in, r);
  ASSERT_TRUE(ev.feasible()) << ev.violations.front().message;
  EXPECT_EQ(ev.on_request_penalty, 2);     // A wanted E on day 2 and works L
  EXPECT_EQ(ev.off_request_penalty, 3);    // B did not want L on day 4 and works it
  EXPECT_EQ(ev.under_cover_penalty, 100);  // day 0 E: 1 wanted, nobody
  EXPECT_EQ(ev.over_cover_penalty, 1);     // day 1 L: 1 wanted, A and B
  EXPECT_EQ(ev.objective, 106);
}

TEST(CurtoisChecker, CatchesEachHardRule) {
  const Instance in = tiny();
  auto broken = [&](std::vector<int> a, std::vector<int> b) {
    return rules_of(check_roster(in, Roster{{std::move(a), std::move(b)}}));
  };
  using V = std::vector<std::string>;
  const std::vector<int> b_ok = {E, E, O, O, O, O, O};
  EXPECT_EQ(broken({E, E, E, O, O, O, O}, b_ok), V{"day_off"});
  EXPECT_EQ(broken({O, L, E, O, O, O, O}, b_ok), V{"forbidden_succession"});
  EXPECT_EQ(broken({O, E, E, O, O, O, O}, {L, L, L, O, O, O, O}), V{"max_shifts"});
  EXPECT_EQ(broken({O, E, E, O, O, O, O}, {E, O, O, O, O, O, O}), V{"min_total_minutes"});
  EXPECT_EQ(broken({O, E, E, O, O, E, E}, {E, E, E, O, E, E, E}),
            (V{"max_total_minutes", "max_weekends"}));
  EXPECT_EQ(broken({O, E, E, E, E, O, O}, b_ok), V{"max_consecutive_shifts"});
  EXPECT_EQ(broken({O, E, E, O, O, E, O}, b_ok), V{"min_consecutive_shifts"});
  EXPECT_EQ(broken({O, E, E, O, E, E, O}, b_ok), V{"min_consecutive_days_off"});
  // Short runs touching the horizon's ends are allowed (day 0 off, day 6 alone)...
  EXPECT_EQ(broken({O, E, E, O, O, O, E}, b_ok), V{});
  // ... but long ones are not.
  EXPECT_EQ(broken({O, O, O, E, E, E, E}, b_ok), V{"max_consecutive_shifts"});
  EXPECT_EQ(broken({O, E, E}, b_ok), V{"shape"});
  EXPECT_EQ(broken({O, E, E, O, O, O, 2}, b_ok), V{"shape"});
}

// ---- the MIP against brute force ----

// Every roster of `in` (each employee: any shift or off each day), the best feasible objective
// by the checker; infinity when none is feasible.
long long brute_force_optimum(const Instance& in) {
  const int S = static_cast<int>(in.shifts.size());
  // Rows feasible for each employee alone (the checker on a one-employee instance).
  std::vector<std::vector<std::vector<int>>> rows(in.employees.size());
  for (size_t e = 0; e < in.employees.size(); ++e) {
    Instance one;
    one.days = in.days;
    one.shifts = in.shifts;
    one.employees = {in.employees[e]};
    std::vector<int> row(in.days, kOff);
    std::function<void(int)> walk = [&](int d) {
      if (d == in.days) {
        if (check_roster(one, Roster{{row}}).feasible()) rows[e].push_back(row);
        return;
      }
      for (int s = kOff; s < S; ++s) {
        row[d] = s;
        walk(d + 1);
      }
    };
    walk(0);
  }
  // The objective counted here, independently of the checker: requests per row, then cover.
  auto request_penalty = [&](size_t e, const std::vector<int>& row) {
    long long p = 0;
    for (const ShiftRequest& q : in.on_requests)
      if (q.employee == static_cast<int>(e) && row[q.day] != q.shift) p += q.weight;
    for (const ShiftRequest& q : in.off_requests)
      if (q.employee == static_cast<int>(e) && row[q.day] == q.shift) p += q.weight;
    return p;
  };
  std::vector<std::vector<long long>> penalty(in.employees.size());
  for (size_t e = 0; e < rows.size(); ++e)
    for (const auto& row : rows[e]) penalty[e].push_back(request_penalty(e, row));
  long long best = std::numeric_limits<long long>::max();
  std::vector<size_t> pick(in.employees.size(), 0);
  std::function<void(size_t, long long)> combine = [&](size_t e, long long so_far) {
    if (e == in.employees.size()) {
      long long total = so_far;
      for (const CoverRequirement& c : in.cover) {
        int have = 0;
        for (size_t k = 0; k < pick.size(); ++k) have += rows[k][pick[k]][c.day] == c.shift;
        total += have < c.requirement ? (c.requirement - have) * c.under_weight
                                      : (have - c.requirement) * c.over_weight;
      }
      best = std::min(best, total);
      return;
    }
    for (pick[e] = 0; pick[e] < rows[e].size(); ++pick[e])
      combine(e + 1, so_far + penalty[e][pick[e]]);
  };
  combine(0, 0);
  return best;
}

Instance random_tiny(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Instance in;
  in.name = "random";
  in.days = 7;
  in.shifts = {{"E", 420, {}}, {"N", 600, {0}}};  // an early may not follow a night
  for (const char* id : {"A", "B"}) {
    Employee e;
    e.id = id;
    e.max_shifts = {pick(2, 7), pick(0, 3)};
    e.min_total_minutes = 420 * pick(1, 3);
    e.max_total_minutes = e.min_total_minutes + 600 * pick(0, 2);
    e.max_consecutive_shifts = pick(2, 4);
    e.min_consecutive_shifts = pick(1, 3);
    e.min_consecutive_days_off = pick(1, 3);
    e.max_weekends = pick(0, 1);
    if (pick(0, 1)) e.days_off = {pick(0, 6)};
    in.employees.push_back(e);
  }
  for (int k = 0; k < 3; ++k) {
    in.on_requests.push_back({pick(0, 1), pick(0, 6), pick(0, 1), pick(1, 3)});
    in.off_requests.push_back({pick(0, 1), pick(0, 6), pick(0, 1), pick(1, 3)});
  }
  for (int d = 0; d < 7; ++d)
    for (int s = 0; s < 2; ++s)
      if (pick(0, 2) > 0) in.cover.push_back({d, s, pick(0, 2), pick(1, 100), pick(0, 2)});
  return in;
}

SolveOptions mip_only() {
  SolveOptions o;
  o.heuristic_share = 0;  // the MIP alone: these tests check the model's constraints
  return o;
}

TEST(CurtoisModel, MatchesBruteForceOnTinyInstances) {
  {
    const Instance in = tiny();
    const long long optimum = brute_force_optimum(in);
    auto sol = solve(in, mip_only());
    ASSERT_TRUE(sol.is_ok()) << sol.status().message();
    EXPECT_EQ(sol->outcome, Outcome::kOptimal);
    EXPECT_EQ(sol->evaluation.objective, optimum);
    EXPECT_DOUBLE_EQ(sol->bound, static_cast<double>(optimum));
  }
  std::mt19937 rng(7);
  int feasible = 0, infeasible = 0;  // (infeasible draws must be proven so)
  for (int trial = 0; trial < 4; ++trial) {
    const Instance in = random_tiny(rng);
    ASSERT_TRUE(validate_instance(in).is_ok()) << validate_instance(in).message();
    const long long optimum = brute_force_optimum(in);
    auto sol = solve(in, mip_only());
    ASSERT_TRUE(sol.is_ok()) << sol.status().message();
    if (optimum == std::numeric_limits<long long>::max()) {
      ++infeasible;
      EXPECT_EQ(sol->outcome, Outcome::kInfeasible) << "trial " << trial;
      continue;
    }
    ++feasible;
    ASSERT_EQ(sol->outcome, Outcome::kOptimal) << "trial " << trial;
    EXPECT_TRUE(sol->evaluation.feasible());
    EXPECT_EQ(sol->evaluation.objective, optimum) << "trial " << trial;
  }
  EXPECT_EQ(feasible + infeasible, 4);
}

TEST(CurtoisModel, ProvesInfeasibility) {
  Instance in = tiny();
  in.employees[0].min_total_minutes = 4 * 480;  // A: at least 4 shifts,
  in.employees[0].max_weekends = 0;             // none on the weekend, day 0 off,
  in.employees[0].max_consecutive_shifts = 2;   // runs of at most 2 days, 2 days off between
  EXPECT_EQ(brute_force_optimum(in), std::numeric_limits<long long>::max());
  auto sol = solve(in, mip_only());
  ASSERT_TRUE(sol.is_ok()) << sol.status().message();
  EXPECT_EQ(sol->outcome, Outcome::kInfeasible);
  EXPECT_TRUE(sol->roster.shift.empty());
}

TEST(CurtoisModel, HeuristicStartKeepsTheOptimum) {
  const Instance in = tiny();
  SolveOptions options;
  options.time_limit_seconds = 4;  // half for the heuristic (or until its moves stall)
  auto sol = solve(in, options);
  ASSERT_TRUE(sol.is_ok()) << sol.status().message();
  EXPECT_EQ(sol->outcome, Outcome::kOptimal);
  EXPECT_TRUE(sol->evaluation.feasible());
  EXPECT_EQ(sol->evaluation.objective, brute_force_optimum(in));
}

TEST(CurtoisModel, InvalidInstanceIsAnError) {
  Instance in = tiny();
  in.employees[0].max_shifts.pop_back();
  auto sol = solve(in, SolveOptions{});
  ASSERT_FALSE(sol.is_ok());
  EXPECT_EQ(sol.status().message(), "tiny: employee 'A': 1 maximum shift counts for 2 shift types");
}

}  // namespace
}  // namespace tandem::schedule::curtois
