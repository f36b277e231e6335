// Every shift the templates allow over the horizon, and agents grouped into classes of equal
// skills (the cover MIP counts shifts per class, never per person).
#include <algorithm>
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

std::vector<AgentClass> classify_agents(const ScheduleProblem& p) {
  std::map<std::pair<std::vector<int>, std::vector<int>>, int> index;
  std::vector<AgentClass> classes;
  for (int a = 0; a < static_cast<int>(p.agents.size()); ++a) {
    AgentSkills s = skills_of(p, p.agents[a]);
    if (s.groups.empty() && s.work_types.empty()) continue;  // siloed away from all skills
    auto key = std::make_pair(s.groups, s.work_types);
    auto it = index.find(key);
    if (it == index.end()) {
      it = index.emplace(key, static_cast<int>(classes.size())).first;
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

}  // namespace tandem::schedule::detail
