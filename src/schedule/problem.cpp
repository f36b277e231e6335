// SPDX-License-Identifier: Apache-2.0
#include "schedule/problem.h"

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "model/calendar.h"
#include "schedule/internal.h"

namespace tandem::schedule {

int ScheduleProblem::weekday_of(int day) const {
  return iso_weekday_index(start_date + std::chrono::days{day});
}

namespace {

Status check_curve(const std::vector<double>& curve, int n, const std::string& what,
                   bool cumulative) {
  if (static_cast<int>(curve.size()) != n)
    return Status::invalid_argument(
        fmt::format("{}: {} values given, the horizon has {} intervals", what, curve.size(), n));
  for (int i = 0; i < n; ++i) {
    if (!(curve[i] >= 0.0))
      return Status::invalid_argument(
          fmt::format("{}: interval {} is {} (must be >= 0)", what, i, curve[i]));
    if (cumulative && i > 0 && curve[i] + 1e-9 < curve[i - 1])
      return Status::invalid_argument(
          fmt::format("{}: cumulative curve decreases at interval {}", what, i));
  }
  return Status::ok();
}

Status check_template(const ScheduleProblem& p, const ShiftTemplate& t) {
  const int iv = p.interval_minutes;
  auto bad = [&](const std::string& rule) {
    return Status::invalid_argument(fmt::format("shift template '{}': {}", t.id, rule));
  };
  if (t.earliest_start.count() < 0 || t.latest_start.count() >= 1440 ||
      t.latest_start < t.earliest_start)
    return bad("latest_start must be at or after earliest_start, within the day");
  if (t.start_step_minutes <= 0 || t.start_step_minutes % iv != 0 ||
      t.earliest_start.count() % iv != 0)
    return bad(fmt::format("start times must lie on the {}-minute interval grid", iv));
  if (t.lengths_minutes.empty()) return bad("no shift length given");
  for (int w : t.weekdays)
    if (w < 0 || w > 6) return bad(fmt::format("weekday {} is not 0..6", w));
  for (int len : t.lengths_minutes) {
    if (len <= 0 || len % iv != 0 || len > 16 * 60)
      return bad(
          fmt::format("length {} min is not a positive multiple of the {}-minute interval "
                      "up to 16 h",
                      len, iv));
    for (const BreakRule& b : t.breaks) {
      if (b.duration_minutes <= 0 || b.duration_minutes % iv != 0)
        return bad(
            fmt::format("break '{}': duration {} min is not a multiple of the {}-minute "
                        "interval",
                        b.id, b.duration_minutes, iv));
      const int first = (b.earliest_after_start_minutes + iv - 1) / iv * iv;
      const int last = std::min(b.latest_after_start_minutes, len - b.duration_minutes);
      if (first > last)
        return bad(
            fmt::format("break '{}' ({} min between {} and {} min after the start) fits "
                        "nowhere in a {}-minute shift",
                        b.id, b.duration_minutes, b.earliest_after_start_minutes,
                        b.latest_after_start_minutes, len));
    }
    int total_breaks = 0;
    for (const BreakRule& b : t.breaks) total_breaks += b.duration_minutes;
    if (total_breaks >= len)
      return bad(fmt::format("breaks take {} min of a {}-minute shift", total_breaks, len));
  }
  return Status::ok();
}

}  // namespace

Status validate_problem(const ScheduleProblem& p) {
  if (!IntervalGrid::is_valid_length(p.interval_minutes))
    return Status::invalid_argument(
        fmt::format("interval: {} minutes (must be 5, 15, 30 or 60)", p.interval_minutes));
  if (p.days < 1 || p.days > 28)
    return Status::invalid_argument(fmt::format("horizon: {} days (must be 1..28)", p.days));
  const int n = p.interval_count();
  std::set<std::string> groups, types, templates;
  for (const auto& g : p.front_office) {
    if (!groups.insert(g.id).second)
      return Status::invalid_argument(fmt::format("front-office group '{}' given twice", g.id));
    if (Status s = check_curve(g.required_agents, n, "requirement of group '" + g.id + "'", false);
        !s.is_ok())
      return s;
    if (!g.load.empty() && static_cast<int>(g.load.size()) != n)
      return Status::invalid_argument(
          fmt::format("load of group '{}': {} values given, the horizon has {} intervals", g.id,
                      g.load.size(), n));
    for (size_t t = 0; t < g.load.size(); ++t)
      if (g.load[t].arrivals_per_second > 0)
        if (Status s = staffing::validate(g.load[t]); !s.is_ok())
          return Status::invalid_argument(
              fmt::format("load of group '{}', interval {}: {}", g.id, t, s.message()));
    if (!(g.service_level_seconds >= 0) || std::isinf(g.service_level_seconds))
      return Status::invalid_argument(
          fmt::format("group '{}': service level threshold {} s must be finite and >= 0", g.id,
                      g.service_level_seconds));
  }
  for (const auto& w : p.back_office) {
    if (!types.insert(w.work_type).second)
      return Status::invalid_argument(
          fmt::format("back-office work type '{}' given twice", w.work_type));
    const std::string what = "back-office window of '" + w.work_type + "'";
    if (Status s = check_curve(w.available_hours, n, what + " (available)", true); !s.is_ok())
      return s;
    if (Status s = check_curve(w.due_hours, n, what + " (due)", true); !s.is_ok()) return s;
    for (int i = 0; i < n; ++i)
      if (w.due_hours[i] > w.available_hours[i] + 1e-6)
        return Status::invalid_argument(fmt::format(
            "{}: at interval {} more work is due ({:.2f} h) than has arrived ({:.2f} h)", what, i,
            w.due_hours[i], w.available_hours[i]));
  }
  if (p.shift_templates.empty())
    return Status::invalid_argument("no shift template: no shift can be built");
  for (const auto& t : p.shift_templates) {
    if (!templates.insert(t.id).second)
      return Status::invalid_argument(fmt::format("shift template '{}' given twice", t.id));
    if (Status s = check_template(p, t); !s.is_ok()) return s;
  }
  std::set<std::string> agent_ids;
  for (const auto& a : p.agents) {
    auto bad = [&](const std::string& rule) {
      return Status::invalid_argument(fmt::format("agent '{}': {}", a.id, rule));
    };
    if (!agent_ids.insert(a.id).second) return bad("id given twice");
    if (a.front_office_groups.empty() && a.back_office_work_types.empty())
      return bad("has no skill the schedule can use (no front-office group, no work type)");
    for (const auto& g : a.front_office_groups)
      if (!groups.count(g)) return bad(fmt::format("unknown front-office group '{}'", g));
    for (const auto& w : a.back_office_work_types)
      if (!types.count(w)) return bad(fmt::format("unknown back-office work type '{}'", w));
    for (const auto& t : a.preferred_templates)
      if (!templates.count(t)) return bad(fmt::format("unknown preferred shift template '{}'", t));
    const Contract& c = a.contract;
    if (c.min_hours_per_week < 0 || c.max_hours_per_week < c.min_hours_per_week)
      return bad(fmt::format("contract '{}': min_hours_per_week {} is above max_hours_per_week {}",
                             c.id, c.min_hours_per_week, c.max_hours_per_week));
    if (c.max_days_per_week < 0 || c.max_days_per_week > 7)
      return bad(fmt::format("contract '{}': max_days_per_week {} is not 0..7", c.id,
                             c.max_days_per_week));
    if (c.max_consecutive_days < 1)
      return bad(fmt::format("contract '{}': max_consecutive_days must be >= 1", c.id));
    if (c.min_rest_hours < 0 || c.min_rest_hours > 48)
      return bad(
          fmt::format("contract '{}': min_rest_hours {} is not 0..48", c.id, c.min_rest_hours));
    if (a.cost_per_hour < 0) return bad("cost_per_hour is negative");
    for (int d : a.days_off_requested)
      if (d < 0 || d >= p.days) return bad(fmt::format("day off {} outside the horizon", d));
  }
  return Status::ok();
}

namespace detail {

int find_group(const ScheduleProblem& p, const std::string& id) {
  for (size_t i = 0; i < p.front_office.size(); ++i)
    if (p.front_office[i].id == id) return static_cast<int>(i);
  return -1;
}
int find_work_type(const ScheduleProblem& p, const std::string& id) {
  for (size_t i = 0; i < p.back_office.size(); ++i)
    if (p.back_office[i].work_type == id) return static_cast<int>(i);
  return -1;
}
int find_template(const ScheduleProblem& p, const std::string& id) {
  for (size_t i = 0; i < p.shift_templates.size(); ++i)
    if (p.shift_templates[i].id == id) return static_cast<int>(i);
  return -1;
}

AgentSkills skills_of(const ScheduleProblem& p, const ScheduleAgent& a) {
  AgentSkills s;
  const bool fo = p.blending || a.home_front_office;
  const bool bo = p.blending || !a.home_front_office;
  if (fo)
    for (const auto& g : a.front_office_groups) s.groups.push_back(find_group(p, g));
  if (bo)
    for (const auto& w : a.back_office_work_types) s.work_types.push_back(find_work_type(p, w));
  std::sort(s.groups.begin(), s.groups.end());
  s.groups.erase(std::unique(s.groups.begin(), s.groups.end()), s.groups.end());
  std::sort(s.work_types.begin(), s.work_types.end());
  s.work_types.erase(std::unique(s.work_types.begin(), s.work_types.end()), s.work_types.end());
  return s;
}

bool is_available(const ScheduleProblem& p, const ScheduleAgent& a, int start, int end) {
  if (!a.contract.availability) return true;
  const WeeklyHours& hours = *a.contract.availability;
  // Walk day by day; each day's piece must lie inside one window (windows touching at
  // midnight join across days).
  int t = start;
  while (t < end) {
    const int day = t / 1440;
    const int day_start = day * 1440;
    const int piece_end = std::min(end, day_start + 1440);
    const auto& windows = hours.days[static_cast<size_t>(p.weekday_of(day))];
    bool inside = false;
    for (const auto& w : windows)
      if (w.open.count() <= t - day_start && piece_end - day_start <= w.close.count()) {
        inside = true;
        break;
      }
    if (!inside) return false;
    t = piece_end;
  }
  return true;
}

}  // namespace detail
}  // namespace tandem::schedule
