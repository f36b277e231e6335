// SPDX-License-Identifier: Apache-2.0
// Why a requirement stays unmet: the first rule, in this order, that binds at the interval.
//   1. no shift template has a shift on duty then (start times, lengths, weekdays)
//   2. no agent holds the skill group
//   3. fewer agents holding it are available (availability) than required
//   4. agents holding it are on duty but on breaks or on other groups' phones
//   5. every available agent holding it is at a contract limit (hours, days, rest, consecutive)
//   6. otherwise the optimiser chose to leave it (cost above the unmet penalty, or time limit)
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "schedule/internal.h"

namespace tandem::schedule::detail {

namespace {

bool has(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

std::string reason_at(const ScheduleProblem& p, const CoverPlan& plan,
                      const std::vector<Placed>& placed, int g, int t, double required) {
  const int minute = t * p.interval_minutes;
  const std::string& group = p.front_office[g].id;
  std::vector<int> kinds_on;
  for (int k = 0; k < static_cast<int>(plan.kinds.size()); ++k)
    if (plan.kinds[k].start_minute <= minute && minute < plan.kinds[k].end_minute())
      kinds_on.push_back(k);
  if (kinds_on.empty()) {
    bool later = false;
    for (const auto& k : plan.kinds)
      if (k.day == minute / 1440 && k.start_minute > minute) later = true;
    return later ? "no shift template starts early enough"
                 : "no shift template covers this time (start times, lengths, weekdays)";
  }
  std::vector<int> holders;
  for (int a = 0; a < static_cast<int>(p.agents.size()); ++a)
    if (has(skills_of(p, p.agents[a]).groups, g)) holders.push_back(a);
  if (holders.empty())
    return fmt::format("no agent holds skill group {}{}", group,
                       p.blending ? "" : " on the front-office side (siloed)");
  int available = 0, on_duty = 0;
  for (int a : holders) {
    bool can = false;
    for (int k : kinds_on)
      can = can ||
            is_available(p, p.agents[a], plan.kinds[k].start_minute, plan.kinds[k].end_minute());
    available += can;
    for (const Placed& s : placed)
      if (s.agent == a && plan.kinds[s.kind].start_minute <= minute &&
          minute < plan.kinds[s.kind].end_minute())
        ++on_duty;
  }
  if (available < required - 1e-9)
    return fmt::format("only {} agent(s) with skill group {} are available at this time", available,
                       group);
  if (on_duty >= required - 1e-9)
    return fmt::format(
        "{} agent(s) with skill group {} are on duty, but on breaks (break rules) or "
        "on other groups' phones",
        on_duty, group);
  for (int a : holders)
    for (int k : kinds_on)
      if (can_take(p, plan, placed, a, k))
        return fmt::format(
            "left unmet by the optimiser: another shift costs more than the unmet "
            "penalty ({:.0f} per agent-hour) or the time limit was reached",
            p.weights.unmet_front_office_per_agent_hour);
  return fmt::format(
      "every available agent with skill group {} is at a contract limit (hours or "
      "days per week, rest, consecutive days)",
      group);
}

}  // namespace

std::vector<UnmetRequirement> explain_unmet(const ScheduleProblem& p, const CoverPlan& plan,
                                            const std::vector<Placed>& placed,
                                            const ScheduleResult& result) {
  std::vector<UnmetRequirement> out;
  const int n = p.interval_count();
  const int per_day = p.intervals_per_day();
  const double h = p.interval_minutes / 60.0;
  for (int g = 0; g < static_cast<int>(p.front_office.size()); ++g) {
    int t = 0;
    while (t < n) {
      auto short_at = [&](int u) {
        return p.front_office[g].required_agents[u] - result.coverage[g][u];
      };
      if (short_at(t) <= 1e-9) {
        ++t;
        continue;
      }
      UnmetRequirement u;
      u.group = p.front_office[g].id;
      u.first_interval = t;
      int worst = t;
      while (t < n && short_at(t) > 1e-9 && (t == u.first_interval || t % per_day != 0)) {
        u.short_agent_hours += short_at(t) * h;
        if (short_at(t) > short_at(worst)) worst = t;
        ++t;
      }
      u.end_interval = t;
      u.max_short_agents = short_at(worst);
      u.reason = reason_at(p, plan, placed, g, worst, p.front_office[g].required_agents[worst]);
      out.push_back(std::move(u));
    }
  }
  return out;
}

}  // namespace tandem::schedule::detail
