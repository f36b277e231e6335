// SPDX-License-Identifier: Apache-2.0
// Every shift the templates allow over the horizon, and agents grouped into classes of equal
// skills, contract limits and availability (the cover MIP counts shifts per class, never per
// person).
#include <algorithm>
#include <compare>
#include <map>

#include "schedule/internal.h"

namespace tandem::schedule::detail {

std::vector<ShiftKind> enumerate_shift_kinds(const ScheduleProblem& p) {
  std::vector<ShiftKind> kinds;
  const int iv = p.interval_minutes;
  for (int ti = 0; ti < static_cast<int>(p.shift_templates.size()); ++ti) {
    const ShiftTemplate& t = p.shift_templates[ti];
    for (int day = 0; day < p.days; ++day) {
      if (!t.weekdays.empty() &&
          std::find(t.weekdays.begin(), t.weekdays.end(), p.weekday_of(day)) == t.weekdays.end())
        continue;
      for (int s = static_cast<int>(t.earliest_start.count()); s <= t.latest_start.count();
           s += t.start_step_minutes) {
        for (int len : t.lengths_minutes) {
          ShiftKind k;
          k.template_index = ti;
          k.day = day;
          k.start_minute = day * 1440 + s;
          k.length_minutes = len;
          k.paid_minutes = len;
          for (const BreakRule& b : t.breaks) {
            if (!b.paid) k.paid_minutes -= b.duration_minutes;
            std::vector<int> starts;
            const int first = (b.earliest_after_start_minutes + iv - 1) / iv * iv;
            const int last = std::min(b.latest_after_start_minutes, len - b.duration_minutes);
            for (int o = first; o <= last; o += iv) starts.push_back(k.start_minute + o);
            k.break_starts.push_back(std::move(starts));
          }
          kinds.push_back(std::move(k));
        }
      }
    }
  }
  return kinds;
}

namespace {

// What makes two agents interchangeable for the cover model: skills, contract limits, the
// shift kinds their availability allows and (optionally) the cost per hour.
struct ClassKey {
  std::vector<int> groups, work_types;
  std::vector<double> limits;  // min/max hours, max days, max consecutive days, rest
  std::vector<bool> kinds;     // shift kinds inside the availability
  double cost = 0.0;
  auto operator<=>(const ClassKey&) const = default;
};

std::vector<AgentClass> group_agents(const ScheduleProblem& p, const std::vector<ShiftKind>& kinds,
                                     bool by_cost) {
  std::map<ClassKey, int> index;
  std::vector<AgentClass> classes;
  for (int a = 0; a < static_cast<int>(p.agents.size()); ++a) {
    const ScheduleAgent& agent = p.agents[a];
    AgentSkills s = skills_of(p, agent);
    if (s.groups.empty() && s.work_types.empty()) continue;  // siloed away from all skills
    ClassKey key{s.groups, s.work_types, {}, {}, by_cost ? agent.cost_per_hour : 0.0};
    const Contract& c = agent.contract;
    key.limits = {c.min_hours_per_week, c.max_hours_per_week,
                  static_cast<double>(c.max_days_per_week),
                  static_cast<double>(c.max_consecutive_days), c.min_rest_hours};
    key.kinds.reserve(kinds.size());
    for (const ShiftKind& k : kinds)
      key.kinds.push_back(is_available(p, agent, k.start_minute, k.end_minute()));
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(std::move(key), static_cast<int>(classes.size())).first;
      classes.push_back(AgentClass{std::move(s), {}, 0.0});
    }
    classes[it->second].agents.push_back(a);
  }
  for (AgentClass& c : classes) {
    double total = 0;
    for (int a : c.agents) total += p.agents[a].cost_per_hour;
    c.cost_per_hour = total / static_cast<double>(c.agents.size());
  }
  return classes;
}

}  // namespace

std::vector<AgentClass> classify_agents(const ScheduleProblem& p,
                                        const std::vector<ShiftKind>& kinds) {
  // Costs split classes only while that keeps the model small (a few distinct rates).
  std::vector<AgentClass> classes = group_agents(p, kinds, true);
  if (classes.size() > kMaxCostClasses) classes = group_agents(p, kinds, false);
  return classes;
}

}  // namespace tandem::schedule::detail
