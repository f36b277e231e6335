// SPDX-License-Identifier: Apache-2.0
// The independent checker: reads only the instance and the roster, walks each employee's days
// and runs of days, and recomputes the benchmark objective by counting.
#include "schedule/curtois_checker.h"

#include <fmt/format.h>

#include <algorithm>

namespace tandem::schedule::curtois {

namespace {

void check_employee(const Instance& in, int e, const std::vector<int>& days,
                    std::vector<RuleViolation>& out) {
  const Employee& emp = in.employees[e];
  auto fail = [&](const char* rule, const std::string& msg) {
    out.push_back({rule, fmt::format("employee '{}': {}", emp.id, msg)});
  };
  const int n = in.days;
  for (int d : emp.days_off)
    if (days[d] != kOff)
      fail("day_off",
           fmt::format("works shift '{}' on day {}, a day off", in.shifts[days[d]].id, d));
  for (int d = 0; d + 1 < n; ++d) {
    if (days[d] == kOff || days[d + 1] == kOff) continue;
    const auto& forbidden = in.shifts[days[d]].forbidden_next;
    if (std::find(forbidden.begin(), forbidden.end(), days[d + 1]) != forbidden.end())
      fail("forbidden_succession",
           fmt::format("shift '{}' on day {} is followed by '{}' on day {}", in.shifts[days[d]].id,
                       d, in.shifts[days[d + 1]].id, d + 1));
  }
  std::vector<int> count(in.shifts.size(), 0);
  long long minutes = 0;
  for (int d = 0; d < n; ++d)
    if (days[d] != kOff) {
      ++count[days[d]];
      minutes += in.shifts[days[d]].minutes;
    }
  for (size_t s = 0; s < in.shifts.size(); ++s)
    if (count[s] > emp.max_shifts[s])
      fail("max_shifts", fmt::format("{} shifts of type '{}' (maximum {})", count[s],
                                     in.shifts[s].id, emp.max_shifts[s]));
  if (minutes > emp.max_total_minutes)
    fail("max_total_minutes",
         fmt::format("{} minutes worked (MaxTotalMinutes {})", minutes, emp.max_total_minutes));
  if (minutes < emp.min_total_minutes)
    fail("min_total_minutes",
         fmt::format("{} minutes worked (MinTotalMinutes {})", minutes, emp.min_total_minutes));
  // Runs of working days and of days off, [first, last].
  for (int first = 0; first < n;) {
    const bool working = days[first] != kOff;
    int last = first;
    while (last + 1 < n && (days[last + 1] != kOff) == working) ++last;
    const int length = last - first + 1;
    const bool inside = first > 0 && last < n - 1;  // does not touch the horizon's ends
    if (working && length > emp.max_consecutive_shifts)
      fail("max_consecutive_shifts",
           fmt::format("works {} consecutive days, days {}..{} (MaxConsecutiveShifts {})", length,
                       first, last, emp.max_consecutive_shifts));
    if (working && inside && length < emp.min_consecutive_shifts)
      fail("min_consecutive_shifts",
           fmt::format("works only {} consecutive days, days {}..{} (MinConsecutiveShifts {})",
                       length, first, last, emp.min_consecutive_shifts));
    if (!working && inside && length < emp.min_consecutive_days_off)
      fail("min_consecutive_days_off",
           fmt::format("only {} consecutive days off, days {}..{} (MinConsecutiveDaysOff {})",
                       length, first, last, emp.min_consecutive_days_off));
    first = last + 1;
  }
  int weekends = 0;
  for (int saturday = 5; saturday < n; saturday += 7)
    if (days[saturday] != kOff || (saturday + 1 < n && days[saturday + 1] != kOff)) ++weekends;
  if (weekends > emp.max_weekends)
    fail("max_weekends",
         fmt::format("works {} weekends (MaxWeekends {})", weekends, emp.max_weekends));
}

}  // namespace

Evaluation check_roster(const Instance& in, const Roster& roster) {
  Evaluation ev;
  const int n_shifts = static_cast<int>(in.shifts.size());
  if (roster.shift.size() != in.employees.size()) {
    ev.violations.push_back({"shape", fmt::format("roster has {} rows for {} employees",
                                                  roster.shift.size(), in.employees.size())});
    return ev;
  }
  for (size_t e = 0; e < roster.shift.size(); ++e) {
    const auto& row = roster.shift[e];
    bool ok = static_cast<int>(row.size()) == in.days;
    for (int s : row) ok = ok && s >= kOff && s < n_shifts;
    if (!ok) {
      ev.violations.push_back(
          {"shape", fmt::format("employee '{}': roster row needs {} days with shift indexes "
                                "in [-1, {})",
                                in.employees[e].id, in.days, n_shifts)});
      return ev;
    }
  }
  for (size_t e = 0; e < in.employees.size(); ++e)
    check_employee(in, static_cast<int>(e), roster.shift[e], ev.violations);

  for (const ShiftRequest& r : in.on_requests)
    if (roster.shift[r.employee][r.day] != r.shift) ev.on_request_penalty += r.weight;
  for (const ShiftRequest& r : in.off_requests)
    if (roster.shift[r.employee][r.day] == r.shift) ev.off_request_penalty += r.weight;
  std::vector<std::vector<int>> working(in.days, std::vector<int>(in.shifts.size(), 0));
  for (const auto& row : roster.shift)
    for (int d = 0; d < in.days; ++d)
      if (row[d] != kOff) ++working[d][row[d]];
  for (const CoverRequirement& c : in.cover) {
    const int have = working[c.day][c.shift];
    if (have < c.requirement)
      ev.under_cover_penalty += static_cast<long long>(c.requirement - have) * c.under_weight;
    else
      ev.over_cover_penalty += static_cast<long long>(have - c.requirement) * c.over_weight;
  }
  ev.objective = ev.on_request_penalty + ev.off_request_penalty + ev.under_cover_penalty +
                 ev.over_cover_penalty;
  return ev;
}

}  // namespace tandem::schedule::curtois
