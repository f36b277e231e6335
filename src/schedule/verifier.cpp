// SPDX-License-Identifier: Apache-2.0
// The independent checker. It reads only the problem and the reported schedule; it does not
// call the optimiser's helpers (its own availability and template checks are written here).
#include "schedule/verifier.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "model/calendar.h"

namespace tandem::schedule {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

bool inside_availability(const ScheduleProblem& p, const Contract& c, int start, int end) {
  if (!c.availability) return true;
  for (int t = start; t < end;) {
    const int day = t / 1440;
    const int piece_end = std::min(end, (day + 1) * 1440);
    const int weekday = iso_weekday_index(p.start_date + std::chrono::days{day});
    bool ok = false;
    for (const auto& w : c.availability->days[static_cast<size_t>(weekday)])
      ok = ok || (w.open.count() <= t - day * 1440 && piece_end - day * 1440 <= w.close.count());
    if (!ok) return false;
    t = piece_end;
  }
  return true;
}

}  // namespace

std::vector<Violation> verify_schedule(const ScheduleProblem& p, const ScheduleResult& r) {
  std::vector<Violation> out;
  auto fail = [&](const char* rule, std::string msg) { out.push_back({rule, std::move(msg)}); };
  const int iv = p.interval_minutes;
  const int n = p.interval_count();
  const double h = iv / 60.0;
  std::vector<std::vector<double>> coverage(p.front_office.size(), std::vector<double>(n, 0.0));
  std::vector<std::vector<double>> bo_done(p.back_office.size(), std::vector<double>(n, 0.0));
  std::map<int, std::vector<const AgentShift*>> by_agent;
  double cost = 0;

  for (const AgentShift& s : r.shifts) {
    if (s.agent < 0 || s.agent >= static_cast<int>(p.agents.size())) {
      fail("agent", fmt::format("shift for unknown agent index {}", s.agent));
      continue;
    }
    const ScheduleAgent& a = p.agents[s.agent];
    const std::string who = fmt::format("agent {} day {} {:02d}:{:02d}", a.id, s.day + 1,
                                        (s.start_minute % 1440) / 60, s.start_minute % 60);
    by_agent[s.agent].push_back(&s);
    // template
    const ShiftTemplate* tmpl = nullptr;
    for (const auto& t : p.shift_templates)
      if (t.id == s.template_id) tmpl = &t;
    if (tmpl == nullptr) {
      fail("template", who + ": unknown shift template '" + s.template_id + "'");
      continue;
    }
    const int day_start = s.day * 1440;
    const int tod = s.start_minute - day_start;
    const int len = s.end_minute - s.start_minute;
    const int weekday = iso_weekday_index(p.start_date + std::chrono::days{s.day});
    if (s.day < 0 || s.day >= p.days || tod < tmpl->earliest_start.count() ||
        tod > tmpl->latest_start.count() ||
        (tod - tmpl->earliest_start.count()) % tmpl->start_step_minutes != 0)
      fail("template", who + ": start is not on template '" + tmpl->id + "' start grid");
    if (!tmpl->weekdays.empty() &&
        std::find(tmpl->weekdays.begin(), tmpl->weekdays.end(), weekday) == tmpl->weekdays.end())
      fail("template", who + ": template '" + tmpl->id + "' is not allowed on this weekday");
    if (std::find(tmpl->lengths_minutes.begin(), tmpl->lengths_minutes.end(), len) ==
        tmpl->lengths_minutes.end())
      fail("template",
           fmt::format("{}: length {} min is not one of template '{}'", who, len, tmpl->id));
    // activities tile the shift on the grid
    int cursor = s.start_minute;
    int paid = len;
    std::map<std::string, int> break_count;
    for (const Activity& act : s.activities) {
      if (act.start_minute != cursor || act.end_minute <= act.start_minute ||
          act.start_minute % iv != 0 || act.end_minute % iv != 0)
        fail("activities", who + ": activities do not tile the shift on the interval grid");
      cursor = act.end_minute;
      if (act.kind == ActivityKind::kBreak || act.kind == ActivityKind::kLunch) {
        const BreakRule* rule = nullptr;
        for (const auto& b : tmpl->breaks)
          if (b.id == act.target) rule = &b;
        if (rule == nullptr) {
          fail("breaks", who + ": break '" + act.target + "' is not a rule of the template");
          continue;
        }
        ++break_count[rule->id];
        const int off = act.start_minute - s.start_minute;
        if (act.end_minute - act.start_minute != rule->duration_minutes ||
            off < rule->earliest_after_start_minutes || off > rule->latest_after_start_minutes)
          fail("breaks", fmt::format("{}: break '{}' at +{} min for {} min is outside its window "
                                     "(+{}..+{}, {} min)",
                                     who, rule->id, off, act.end_minute - act.start_minute,
                                     rule->earliest_after_start_minutes,
                                     rule->latest_after_start_minutes, rule->duration_minutes));
        if (!rule->paid) paid -= act.end_minute - act.start_minute;
        continue;
      }
      const int t0 = act.start_minute / iv, t1 = std::min(n, act.end_minute / iv);
      if (act.kind == ActivityKind::kPhones) {
        if (!contains(a.front_office_groups, act.target) || (!p.blending && !a.home_front_office))
          fail("skills", who + ": on the phones of '" + act.target + "' without that skill");
        for (size_t g = 0; g < p.front_office.size(); ++g)
          if (p.front_office[g].id == act.target)
            for (int t = t0; t < t1; ++t) coverage[g][t] += 1.0;
      } else {
        if (!contains(a.back_office_work_types, act.target) || (!p.blending && a.home_front_office))
          fail("skills", who + ": on back-office work '" + act.target + "' without that skill");
        for (size_t j = 0; j < p.back_office.size(); ++j)
          if (p.back_office[j].work_type == act.target)
            for (int t = t0; t < t1; ++t) bo_done[j][t] += h;
      }
    }
    if (cursor != s.end_minute)
      fail("activities", who + ": activities do not reach the end of the shift");
    for (const auto& b : tmpl->breaks)
      if (break_count[b.id] != 1)
        fail("breaks", fmt::format("{}: break '{}' taken {} times (must be once)", who, b.id,
                                   break_count[b.id]));
    if (paid != s.paid_minutes)
      fail("reported",
           fmt::format("{}: paid minutes {} reported, {} counted", who, s.paid_minutes, paid));
    if (!inside_availability(p, a.contract, s.start_minute, s.end_minute))
      fail("availability", who + ": shift outside the agent's availability");
    cost += a.cost_per_hour * paid / 60.0;
  }

  // Per-agent contract rules.
  for (auto& [agent, shifts] : by_agent) {
    const ScheduleAgent& a = p.agents[agent];
    const Contract& c = a.contract;
    std::sort(shifts.begin(), shifts.end(), [](const AgentShift* x, const AgentShift* y) {
      return x->start_minute < y->start_minute;
    });
    const int rest = static_cast<int>(std::lround(c.min_rest_hours * 60.0));
    for (size_t i = 1; i < shifts.size(); ++i) {
      if (shifts[i]->day == shifts[i - 1]->day)
        fail("one_shift_a_day",
             fmt::format("agent {}: two shifts on day {}", a.id, shifts[i]->day + 1));
      const int gap = shifts[i]->start_minute - shifts[i - 1]->end_minute;
      if (gap < 0)
        fail("overlap",
             fmt::format("agent {}: shifts overlap on day {}", a.id, shifts[i]->day + 1));
      else if (gap < rest)
        fail("min_rest", fmt::format("agent {}: {:.1f} h rest before day {} (contract '{}' needs "
                                     "{:.1f} h)",
                                     a.id, gap / 60.0, shifts[i]->day + 1, c.id, rest / 60.0));
    }
  }
  const int weeks = (p.days + 6) / 7;
  for (int agent = 0; agent < static_cast<int>(p.agents.size()); ++agent) {
    const ScheduleAgent& a = p.agents[agent];
    const Contract& c = a.contract;
    std::vector<bool> worked(static_cast<size_t>(p.days), false);
    std::vector<int> minutes(weeks, 0), days(weeks, 0);
    for (const AgentShift* s : by_agent[agent]) {
      if (s->day < 0 || s->day >= p.days) continue;
      worked[s->day] = true;
      minutes[s->day / 7] += s->paid_minutes;
      ++days[s->day / 7];
    }
    for (int w = 0; w < weeks; ++w) {
      const double share = std::min(7, p.days - 7 * w) / 7.0;
      if (minutes[w] > std::lround(c.max_hours_per_week * 60.0))
        fail("max_hours_per_week", fmt::format("agent {}: {:.2f} h in week {} (max {:.2f})", a.id,
                                               minutes[w] / 60.0, w + 1, c.max_hours_per_week));
      if (minutes[w] + 1e-6 < c.min_hours_per_week * 60.0 * share)
        fail("min_hours_per_week",
             fmt::format("agent {}: {:.2f} h in week {} (min {:.2f})", a.id, minutes[w] / 60.0,
                         w + 1, c.min_hours_per_week * share));
      if (days[w] > c.max_days_per_week)
        fail("max_days_per_week", fmt::format("agent {}: {} days in week {} (max {})", a.id,
                                              days[w], w + 1, c.max_days_per_week));
    }
    int run = 0;
    for (int d = 0; d < p.days; ++d) {
      run = worked[d] ? run + 1 : 0;
      if (run == c.max_consecutive_days + 1)
        fail("max_consecutive_days", fmt::format("agent {}: {} consecutive days up to day {} (max "
                                                 "{})",
                                                 a.id, run, d + 1, c.max_consecutive_days));
    }
  }

  // Back office: never more work done than has arrived; reported numbers match a recount.
  double late = 0;
  for (size_t j = 0; j < p.back_office.size(); ++j) {
    double cum = 0;
    for (int t = 0; t < n; ++t) {
      cum += bo_done[j][t];
      const double done_reported =
          j < r.back_office_done.size() && t < static_cast<int>(r.back_office_done[j].size())
              ? r.back_office_done[j][t]
              : -1;
      if (done_reported > cum + 1e-6 ||
          done_reported > p.back_office[j].available_hours[t] + 1e-6) {
        fail("back_office_arrival",
             fmt::format("work type {}: {:.2f} h reported done by interval {}, {:.2f} h of agent "
                         "time on it and {:.2f} h arrived",
                         p.back_office[j].work_type, done_reported, t, cum,
                         p.back_office[j].available_hours[t]));
        break;
      }
      late += std::max(0.0, p.back_office[j].due_hours[t] - std::max(0.0, done_reported)) * h;
    }
  }
  double unmet = 0;
  for (size_t g = 0; g < p.front_office.size(); ++g)
    for (int t = 0; t < n; ++t) {
      if (g >= r.coverage.size() || std::abs(r.coverage[g][t] - coverage[g][t]) > 1e-6) {
        fail("reported", fmt::format("group {}: coverage at interval {} reported differently from "
                                     "the recount {}",
                                     p.front_office[g].id, t, coverage[g][t]));
        g = p.front_office.size() - 1;
        break;
      }
      unmet += std::max(0.0, p.front_office[g].required_agents[t] - coverage[g][t]) * h;
    }
  if (std::abs(unmet - r.unmet_agent_hours) > 1e-6)
    fail("reported", fmt::format("unmet {:.3f} agent-hours reported, {:.3f} recounted",
                                 r.unmet_agent_hours, unmet));
  if (std::abs(late - r.back_office_late_hour_hours) > 1e-6)
    fail("reported", fmt::format("back-office lateness {:.3f} reported, {:.3f} recounted",
                                 r.back_office_late_hour_hours, late));
  if (std::abs(cost - r.cost) > 1e-6 * std::max(1.0, cost))
    fail("reported", fmt::format("cost {:.2f} reported, {:.2f} recounted", r.cost, cost));
  return out;
}

}  // namespace tandem::schedule
