// SPDX-License-Identifier: Apache-2.0
#include "schedule/curtois_instance.h"

#include <fmt/format.h>

#include <set>
#include <utility>

namespace tandem::schedule::curtois {

int Instance::shift_index(const std::string& id) const {
  for (size_t s = 0; s < shifts.size(); ++s)
    if (shifts[s].id == id) return static_cast<int>(s);
  return -1;
}

int Instance::employee_index(const std::string& id) const {
  for (size_t e = 0; e < employees.size(); ++e)
    if (employees[e].id == id) return static_cast<int>(e);
  return -1;
}

Status validate_instance(const Instance& in) {
  auto bad = [&](const std::string& msg) {
    return Status::invalid_argument(
        fmt::format("{}: {}", in.name.empty() ? "instance" : in.name, msg));
  };
  const int n_shifts = static_cast<int>(in.shifts.size());
  const int n_employees = static_cast<int>(in.employees.size());
  if (in.days < 1) return bad(fmt::format("horizon of {} days: must be at least 1", in.days));
  if (in.shifts.empty()) return bad("no shift type");
  std::set<std::string> ids;
  for (const ShiftType& s : in.shifts) {
    if (s.id.empty()) return bad("a shift type has an empty id");
    if (!ids.insert(s.id).second) return bad(fmt::format("shift type '{}' is defined twice", s.id));
    if (s.minutes <= 0)
      return bad(fmt::format("shift type '{}': length {} min must be positive", s.id, s.minutes));
    for (int f : s.forbidden_next)
      if (f < 0 || f >= n_shifts)
        return bad(
            fmt::format("shift type '{}': forbidden successor index {} out of range", s.id, f));
  }
  ids.clear();
  for (const Employee& e : in.employees) {
    if (e.id.empty()) return bad("an employee has an empty id");
    if (!ids.insert(e.id).second) return bad(fmt::format("employee '{}' is defined twice", e.id));
    if (static_cast<int>(e.max_shifts.size()) != n_shifts)
      return bad(fmt::format("employee '{}': {} maximum shift counts for {} shift types", e.id,
                             e.max_shifts.size(), n_shifts));
    for (int s = 0; s < n_shifts; ++s)
      if (e.max_shifts[s] < 0)
        return bad(fmt::format("employee '{}': maximum of shift type '{}' is negative", e.id,
                               in.shifts[s].id));
    const std::pair<const char*, int> limits[] = {
        {"MaxTotalMinutes", e.max_total_minutes},
        {"MinTotalMinutes", e.min_total_minutes},
        {"MaxConsecutiveShifts", e.max_consecutive_shifts},
        {"MinConsecutiveShifts", e.min_consecutive_shifts},
        {"MinConsecutiveDaysOff", e.min_consecutive_days_off},
        {"MaxWeekends", e.max_weekends}};
    for (const auto& [name, value] : limits)
      if (value < 0) return bad(fmt::format("employee '{}': {} {} is negative", e.id, name, value));
    if (e.min_total_minutes > e.max_total_minutes)
      return bad(fmt::format("employee '{}': MinTotalMinutes {} is above MaxTotalMinutes {}", e.id,
                             e.min_total_minutes, e.max_total_minutes));
    for (int d : e.days_off)
      if (d < 0 || d >= in.days)
        return bad(fmt::format("employee '{}': day off {} outside the horizon 0..{}", e.id, d,
                               in.days - 1));
  }
  auto check_request = [&](const ShiftRequest& r, const char* kind) -> Status {
    if (r.employee < 0 || r.employee >= n_employees)
      return bad(fmt::format("{} request: employee index {} out of range", kind, r.employee));
    if (r.day < 0 || r.day >= in.days)
      return bad(fmt::format("{} request of '{}': day {} outside the horizon 0..{}", kind,
                             in.employees[r.employee].id, r.day, in.days - 1));
    if (r.shift < 0 || r.shift >= n_shifts)
      return bad(fmt::format("{} request of '{}': shift index {} out of range", kind,
                             in.employees[r.employee].id, r.shift));
    if (r.weight < 0)
      return bad(fmt::format("{} request of '{}' on day {}: weight {} is negative", kind,
                             in.employees[r.employee].id, r.day, r.weight));
    return Status::ok();
  };
  for (const ShiftRequest& r : in.on_requests)
    if (Status s = check_request(r, "shift-on"); !s.is_ok()) return s;
  for (const ShiftRequest& r : in.off_requests)
    if (Status s = check_request(r, "shift-off"); !s.is_ok()) return s;
  std::set<std::pair<int, int>> seen;
  for (const CoverRequirement& c : in.cover) {
    if (c.day < 0 || c.day >= in.days)
      return bad(fmt::format("cover: day {} outside the horizon 0..{}", c.day, in.days - 1));
    if (c.shift < 0 || c.shift >= n_shifts)
      return bad(fmt::format("cover on day {}: shift index {} out of range", c.day, c.shift));
    if (c.requirement < 0 || c.under_weight < 0 || c.over_weight < 0)
      return bad(fmt::format("cover on day {} shift '{}': requirement and weights must be >= 0",
                             c.day, in.shifts[c.shift].id));
    if (!seen.insert({c.day, c.shift}).second)
      return bad(
          fmt::format("cover on day {} shift '{}' is given twice", c.day, in.shifts[c.shift].id));
  }
  return Status::ok();
}

}  // namespace tandem::schedule::curtois
