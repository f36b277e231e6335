// SPDX-License-Identifier: Apache-2.0
#include "sim/scenario_model.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace tandem::sim {

namespace {

using std::chrono::days;
using std::chrono::minutes;

bool window_fits(const std::vector<OpeningWindow>& windows, int from, int to, int slack) {
  for (const OpeningWindow& w : windows) {
    if (from >= w.open.count() - slack && to <= w.close.count() + slack) return true;
  }
  return false;
}

struct Combo {
  const ShiftTemplate* tmpl = nullptr;
  int start = 0;   // minutes after local midnight
  int length = 0;  // minutes
  std::vector<int> weekdays;
};

// Every (template, start, length) an agent may work, interleaved across templates.
std::vector<Combo> feasible_combos(const Scenario& s, const Agent& agent, const Site& site) {
  const Contract* contract = s.find_contract(agent.contract);
  std::vector<std::vector<Combo>> per_template;
  for (const ShiftTemplate& t : s.shift_templates) {
    std::vector<int> weekdays;
    for (int w = 0; w < 7; ++w) {
      const bool in_template = t.weekdays.empty() || std::find(t.weekdays.begin(), t.weekdays.end(),
                                                               w) != t.weekdays.end();
      if (!in_template || site.opening_hours.days[w].empty()) continue;
      if (contract != nullptr && contract->availability &&
          contract->availability->days[w].empty()) {
        continue;
      }
      weekdays.push_back(w);
    }
    if (weekdays.empty()) continue;
    std::vector<Combo> combos;
    const int step = std::max(1, t.start_step_minutes);
    for (int start = static_cast<int>(t.earliest_start.count()); start <= t.latest_start.count();
         start += step) {
      for (int length : t.lengths_minutes) {
        bool ok = true;
        for (int w : weekdays) {
          ok = ok && window_fits(site.opening_hours.days[w], start, start + length, 30);
          if (contract != nullptr && contract->availability) {
            ok = ok && window_fits(contract->availability->days[w], start, start + length, 0);
          }
        }
        if (ok) combos.push_back({&t, start, length, weekdays});
      }
    }
    if (!combos.empty()) per_template.push_back(std::move(combos));
  }
  std::vector<Combo> out;
  for (std::size_t k = 0;; ++k) {
    bool any = false;
    for (const auto& list : per_template) {
      if (k < list.size()) {
        out.push_back(list[k]);
        any = true;
      }
    }
    if (!any) break;
  }
  return out;
}

}  // namespace

std::string agent_group_of(const std::string& id) {
  const auto dash = id.rfind('-');
  if (dash == std::string::npos || dash + 1 == id.size()) return id;
  for (std::size_t i = dash + 1; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9') return id;
  }
  return id.substr(0, dash);
}

Result<std::vector<AgentPlan>> simple_roster(const Scenario& s, LocalDays first_day, int n_days,
                                             Instant start, double staff_scale) {
  if (n_days < 1) return Status::invalid_argument("roster: days must be >= 1");
  if (!(staff_scale > 0 && staff_scale <= 2)) {
    return Status::invalid_argument("roster: staff scale must be in (0, 2]");
  }
  std::map<std::string, int> group_size, group_seen;
  for (const Agent& a : s.agents) group_size[agent_group_of(a.id)]++;
  std::vector<AgentPlan> plans;
  std::map<std::string, BusinessCalendar> calendars;
  const double horizon = n_days * 86400.0;
  for (const Agent& a : s.agents) {
    const std::string group = agent_group_of(a.id);
    const int index = group_seen[group]++;
    if (a.is_robot()) {
      plans.push_back({a.id, {Shift{0.0, horizon, {}}}});
      continue;
    }
    const int keep = static_cast<int>(std::ceil(staff_scale * group_size[group] - 1e-9));
    if (index >= keep) continue;
    const Team* team = s.find_team(a.team);
    const Site* site = team != nullptr ? s.find_site(team->site) : nullptr;
    if (site == nullptr)
      return Status::invalid_argument("roster: agent '" + a.id + "' has no site");
    auto cal_it = calendars.find(site->id);
    if (cal_it == calendars.end()) {
      auto cal = s.calendar_of_site(site->id);
      if (!cal.is_ok()) return cal.status();
      cal_it = calendars.emplace(site->id, std::move(cal).value()).first;
    }
    const BusinessCalendar& cal = cal_it->second;
    const std::vector<Combo> combos = feasible_combos(s, a, *site);
    if (combos.empty()) continue;  // no template fits: never scheduled
    const Combo& combo = combos[static_cast<std::size_t>(index) % combos.size()];
    const Contract* contract = s.find_contract(a.contract);
    const int max_days = contract != nullptr ? contract->max_days_per_week : 5;
    std::set<int> workdays;
    for (std::size_t k = 0; k < combo.weekdays.size() && static_cast<int>(k) < max_days; ++k) {
      workdays.insert(
          combo.weekdays[(k + static_cast<std::size_t>(index)) % combo.weekdays.size()]);
    }
    AgentPlan plan{a.id, {}};
    for (int d = 0; d < n_days; ++d) {
      const LocalDays day = first_day + days(d);
      if (!workdays.count(iso_weekday_index(day)) || !cal.is_business_day(day)) continue;
      const LocalSeconds local_start = LocalSeconds(day) + minutes(combo.start);
      Shift shift;
      shift.login = static_cast<double>((cal.to_instant(local_start) - start).count());
      shift.logout = shift.login + combo.length * 60.0;
      for (const BreakRule& b : combo.tmpl->breaks) {
        int offset = (b.earliest_after_start_minutes + b.latest_after_start_minutes) / 2 +
                     (index % 3 - 1) * 15;
        offset = std::clamp(offset, b.earliest_after_start_minutes, b.latest_after_start_minutes);
        if (offset + b.duration_minutes >= combo.length) continue;
        shift.breaks.push_back({shift.login + offset * 60.0,
                                shift.login + (offset + b.duration_minutes) * 60.0, b.is_lunch});
      }
      std::sort(shift.breaks.begin(), shift.breaks.end(),
                [](const Break& x, const Break& y) { return x.start < y.start; });
      if (shift.login >= 0) plan.shifts.push_back(std::move(shift));
    }
    plans.push_back(std::move(plan));
  }
  return plans;
}

Result<SimModel> scenario_model(const Scenario& s, const Policy& policy,
                                const std::vector<IntervalVolume>& history,
                                const ScenarioModelOptions& options) {
  if (options.days < 1) return Status::invalid_argument("days must be at least 1");
  if (s.sites.empty()) return Status::invalid_argument("scenario has no site");
  const double grid = s.interval.minutes * 60.0;
  // Mean volume per (queue, weekday, slot of the day) over the history's dates.
  std::map<std::string, std::map<std::pair<int, int>, double>> sums;
  std::optional<LocalDays> first_date, last_date;
  for (const IntervalVolume& v : history) {
    const Queue* q = s.find_queue(v.queue);
    if (q == nullptr) {
      return Status::invalid_argument("history: unknown queue '" + v.queue + "'");
    }
    const LocalDays day = std::chrono::floor<days>(v.interval_start);
    const auto minute = std::chrono::duration_cast<minutes>(v.interval_start - day).count();
    sums[v.queue][{iso_weekday_index(day), static_cast<int>(minute / s.interval.minutes)}] +=
        v.volume;
    if (!first_date || day < *first_date) first_date = day;
    if (!last_date || day > *last_date) last_date = day;
  }
  std::array<int, 7> weekday_count{};
  if (first_date) {
    for (LocalDays d = *first_date; d <= *last_date; d += days(1))
      weekday_count[iso_weekday_index(d)]++;
  }
  LocalDays first_day = options.first_day;
  if (first_day == LocalDays{} && last_date) {
    first_day = *last_date + days(1);
    while (iso_weekday_index(first_day) != 0) first_day += days(1);
  }

  SimModel m;
  m.scenario = &s;
  m.policy = policy;
  auto first_cal = s.calendar_of_site(s.sites.front().id);
  if (!first_cal.is_ok()) return first_cal.status();
  m.start = first_cal->to_instant(LocalSeconds(first_day));
  m.horizon = options.days * 86400.0;
  m.interval_seconds = grid;
  m.shrinkage = options.shrinkage;
  const auto n_intervals = static_cast<std::size_t>(std::ceil(m.horizon / grid));

  // Which process a deferrable queue starts.
  std::map<std::string, std::string> starts_process;
  for (const Process& p : s.processes) {
    auto steps = p.steps();
    if (!steps.empty()) starts_process.emplace(steps.front()->work_type, p.id);
  }
  for (const auto& [queue_id, by_slot] : sums) {
    const Queue* q = s.find_queue(queue_id);
    const Channel* ch = s.find_channel(q->channel);
    auto cal = s.calendar_of_site(q->site);
    if (!cal.is_ok()) return cal.status();
    ArrivalProfile profile;
    profile.interval_seconds = grid;
    profile.rate_per_second.assign(n_intervals, 0.0);
    for (int d = 0; d < options.days; ++d) {
      const LocalDays day = first_day + days(d);
      if (cal->is_holiday(day)) continue;
      const int w = iso_weekday_index(day);
      if (weekday_count[w] == 0) continue;
      for (const auto& [key, sum] : by_slot) {
        if (key.first != w) continue;
        const LocalSeconds local = LocalSeconds(day) + minutes(key.second * s.interval.minutes);
        const double t = static_cast<double>((cal->to_instant(local) - m.start).count());
        const auto k = static_cast<std::size_t>(t / grid);
        if (t < 0 || k >= n_intervals) continue;
        profile.rate_per_second[k] += sum / weekday_count[w] / grid;
      }
    }
    if (ch != nullptr && ch->mode == ChannelMode::kRealTime) {
      m.contacts.push_back({queue_id, std::move(profile)});
    } else if (auto p = starts_process.find(queue_id); p != starts_process.end()) {
      m.items.push_back({p->second, "", std::move(profile)});
    } else {
      m.items.push_back({"", queue_id, std::move(profile)});
    }
  }
  auto roster = simple_roster(s, first_day, options.days, m.start, options.staff_scale);
  if (!roster.is_ok()) return roster.status();
  m.agents = std::move(roster).value();
  return m;
}

}  // namespace tandem::sim
