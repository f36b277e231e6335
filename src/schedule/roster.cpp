// Rostering: the cover plan's shift counts become shifts of named agents. Greedy in time order
// with a scored choice (requested days off, preferred templates, contract-minimum deficit,
// fairness of hours and days, cost), then local repair: shifts added for contract minimums and
// for front-office requirement left unmet.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "schedule/internal.h"

namespace tandem::schedule::detail {

namespace {

// The shifts of one agent (kind indices), for the contract checks.
struct AgentLoad {
  std::vector<int> kinds;
};

bool fits(const ScheduleProblem& p, const CoverPlan& plan, const AgentLoad& load, int agent,
          int k) {
  const ScheduleAgent& a = p.agents[agent];
  const ShiftKind& kind = plan.kinds[k];
  const Contract& c = a.contract;
  if (!is_available(p, a, kind.start_minute, kind.end_minute())) return false;
  const int rest = static_cast<int>(std::lround(c.min_rest_hours * 60.0));
  const int week = kind.day / 7;
  int week_minutes = kind.paid_minutes, week_days = 1;
  std::vector<bool> worked(static_cast<size_t>(p.days), false);
  worked[kind.day] = true;
  for (int e : load.kinds) {
    const ShiftKind& o = plan.kinds[e];
    if (o.day == kind.day) return false;  // one shift a day
    const int gap =
        std::max(kind.start_minute - o.end_minute(), o.start_minute - kind.end_minute());
    if (gap < rest) return false;  // overlap or rest
    if (o.day / 7 == week) {
      week_minutes += o.paid_minutes;
      ++week_days;
    }
    worked[o.day] = true;
  }
  if (week_minutes > std::lround(c.max_hours_per_week * 60.0)) return false;
  if (week_days > c.max_days_per_week) return false;
  int run = 1;
  for (int d = kind.day - 1; d >= 0 && worked[d]; --d) ++run;
  for (int d = kind.day + 1; d < p.days && worked[d]; ++d) ++run;
  return run <= c.max_consecutive_days;
}

bool has(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// After taking `k`, can the agent still reach the week's contract minimum with the days left
// (each at most the longest paid shift)? Short shifts must not use up the days.
bool minimum_still_reachable(const ScheduleProblem& p, const CoverPlan& plan, const AgentLoad& load,
                             int agent, int k) {
  const Contract& c = p.agents[agent].contract;
  const int week = plan.kinds[k].day / 7;
  int minutes = plan.kinds[k].paid_minutes, days = 1, longest = 0;
  for (int e : load.kinds)
    if (plan.kinds[e].day / 7 == week) {
      minutes += plan.kinds[e].paid_minutes;
      ++days;
    }
  for (const auto& kind : plan.kinds) longest = std::max(longest, kind.paid_minutes);
  const double share = std::min(7, p.days - 7 * week) / 7.0;
  const double missing = c.min_hours_per_week * 60.0 * share - minutes;
  return missing <= 1e-9 || missing <= static_cast<double>(c.max_days_per_week - days) * longest;
}

bool covers(const AgentSkills& big, const AgentSkills& small) {
  for (int g : small.groups)
    if (!has(big.groups, g)) return false;
  for (int j : small.work_types)
    if (!has(big.work_types, j)) return false;
  return true;
}

int week_minutes_of(const CoverPlan& plan, const AgentLoad& load, int week) {
  int m = 0;
  for (int e : load.kinds)
    if (plan.kinds[e].day / 7 == week) m += plan.kinds[e].paid_minutes;
  return m;
}

double soft_penalty(const ScheduleProblem& p, const CoverPlan& plan, int agent, int k) {
  const ScheduleAgent& a = p.agents[agent];
  const ShiftKind& kind = plan.kinds[k];
  double s = 0;
  if (has(a.days_off_requested, kind.day)) s += p.weights.day_off_worked;
  if (!a.preferred_templates.empty() &&
      std::find(a.preferred_templates.begin(), a.preferred_templates.end(),
                p.shift_templates[kind.template_index].id) == a.preferred_templates.end())
    s += p.weights.non_preferred_shift;
  return s;
}

std::vector<AgentLoad> loads_of(const ScheduleProblem& p, const std::vector<Placed>& placed) {
  std::vector<AgentLoad> loads(p.agents.size());
  for (const Placed& s : placed) loads[s.agent].kinds.push_back(s.kind);
  return loads;
}

Placed make_placed(const CoverPlan& plan, int agent, int kind) {
  Placed s;
  s.agent = agent;
  s.kind = kind;
  s.break_start.assign(plan.kinds[kind].break_starts.size(), -1);
  return s;
}

}  // namespace

bool can_take(const ScheduleProblem& p, const CoverPlan& plan, const std::vector<Placed>& placed,
              int agent, int kind) {
  AgentLoad load;
  for (const Placed& s : placed)
    if (s.agent == agent) load.kinds.push_back(s.kind);
  return fits(p, plan, load, agent, kind);
}

std::vector<Placed> roster(const ScheduleProblem& p, const CoverPlan& plan,
                           std::vector<std::string>& explanations) {
  struct Instance {
    int cls, kind;
  };
  std::vector<Instance> todo;
  for (size_t c = 0; c < plan.classes.size(); ++c)
    for (size_t k = 0; k < plan.kinds.size(); ++k)
      for (int i = 0; i < plan.count[c][k]; ++i)
        todo.push_back({static_cast<int>(c), static_cast<int>(k)});
  std::stable_sort(todo.begin(), todo.end(), [&](const Instance& a, const Instance& b) {
    const ShiftKind& ka = plan.kinds[a.kind];
    const ShiftKind& kb = plan.kinds[b.kind];
    if (ka.day != kb.day) return ka.day < kb.day;
    // Within a day: the class with the fewest agents first (scarce skills), then start.
    const size_t na = plan.classes[a.cls].agents.size(), nb = plan.classes[b.cls].agents.size();
    if (na != nb) return na < nb;
    return ka.start_minute < kb.start_minute;
  });

  std::vector<AgentLoad> loads(p.agents.size());
  std::vector<Placed> placed;
  std::vector<int> dropped_by_day(static_cast<size_t>(p.days), 0);
  auto score = [&](int agent, int k) {
    const ScheduleAgent& a = p.agents[agent];
    const ShiftKind& kind = plan.kinds[k];
    const int week = kind.day / 7;
    const double max_min = std::max(1.0, a.contract.max_hours_per_week * 60.0);
    const double done = week_minutes_of(plan, loads[agent], week);
    const double deficit = std::max(0.0, a.contract.min_hours_per_week * 60.0 - done);
    int days = 0;
    for (int e : loads[agent].kinds) days += plan.kinds[e].day / 7 == week;
    // The run of consecutive days worked up to yesterday: long runs rest first.
    int run = 0;
    for (int d = kind.day - 1; d >= 0; --d) {
      bool worked = false;
      for (int e : loads[agent].kinds) worked = worked || plan.kinds[e].day == d;
      if (!worked) break;
      ++run;
    }
    // Days this week still open to the agent compared with the days left in the week.
    const int days_left = 7 - kind.day % 7;
    const int budget = a.contract.max_days_per_week - days;
    return soft_penalty(p, plan, agent, k) - 20.0 * deficit / max_min + 10.0 * done / max_min +
           10.0 * days / std::max(1, a.contract.max_days_per_week) +
           10.0 * run / std::max(1, a.contract.max_consecutive_days) -
           5.0 * std::min(1.0, static_cast<double>(budget) / days_left) +
           0.01 * a.cost_per_hour * kind.paid_minutes / 60.0;
  };
  for (const Instance& inst : todo) {
    int best = -1;
    double best_score = std::numeric_limits<double>::infinity();
    auto consider = [&](const std::vector<int>& agents) {
      for (int a : agents) {
        // A contract minimum is a hard rule: short shifts must not use up an agent's days.
        if (!fits(p, plan, loads[a], a, inst.kind) ||
            !minimum_still_reachable(p, plan, loads[a], a, inst.kind))
          continue;
        const double s = score(a, inst.kind);
        if (s < best_score) {
          best_score = s;
          best = a;
        }
      }
    };
    consider(plan.classes[inst.cls].agents);
    if (best < 0)  // agents with more skills can stand in
      for (size_t c = 0; c < plan.classes.size(); ++c)
        if (static_cast<int>(c) != inst.cls &&
            covers(plan.classes[c].skills, plan.classes[inst.cls].skills))
          consider(plan.classes[c].agents);
    if (best < 0) {
      ++dropped_by_day[plan.kinds[inst.kind].day];
      continue;
    }
    loads[best].kinds.push_back(inst.kind);
    placed.push_back(make_placed(plan, best, inst.kind));
  }
  for (int d = 0; d < p.days; ++d)
    if (dropped_by_day[d] > 0)
      explanations.push_back(fmt::format(
          "day {}: {} planned shift(s) found no agent free within the contract rules (rest, "
          "days and hours per week, consecutive days, availability); repair tried to replace "
          "them",
          d + 1, dropped_by_day[d]));
  return placed;
}

void repair(const ScheduleProblem& p, const CoverPlan& plan, std::vector<Placed>& placed,
            std::vector<std::string>& explanations) {
  const int n = p.interval_count();
  const int iv = p.interval_minutes;
  const double h = iv / 60.0;
  const int weeks = (p.days + 6) / 7;
  std::vector<AgentLoad> loads = loads_of(p, placed);

  // Front-office deficit per group and interval, from headcount on duty (breaks ignored:
  // an estimate good enough to choose where an extra shift helps most).
  const size_t ng = p.front_office.size();
  std::vector<std::vector<double>> deficit(ng, std::vector<double>(n, 0.0));
  for (size_t g = 0; g < ng; ++g)
    for (int t = 0; t < n; ++t) deficit[g][t] = p.front_office[g].required_agents[t];
  std::vector<AgentSkills> skills(p.agents.size());
  for (size_t a = 0; a < p.agents.size(); ++a) skills[a] = skills_of(p, p.agents[a]);
  // sign +1: the shift covers the group most short; -1: it leaves the group least short.
  auto apply = [&](int agent, int k, double sign = 1.0) {
    const ShiftKind& kind = plan.kinds[k];
    for (int t = kind.start_minute / iv; t < std::min(n, kind.end_minute() / iv); ++t) {
      int best = -1;
      for (int g : skills[agent].groups)
        if (best < 0 || sign * deficit[g][t] > sign * deficit[best][t]) best = g;
      if (best >= 0) deficit[best][t] -= sign;
    }
  };
  for (const Placed& s : placed) apply(s.agent, s.kind);
  auto gain = [&](int agent, int k) {
    const ShiftKind& kind = plan.kinds[k];
    double covered = 0;
    for (int t = kind.start_minute / iv; t < std::min(n, kind.end_minute() / iv); ++t) {
      double best = 0;
      for (int g : skills[agent].groups) best = std::max(best, std::min(1.0, deficit[g][t]));
      covered += best;
    }
    return covered * h * p.weights.unmet_front_office_per_agent_hour -
           p.agents[agent].cost_per_hour * kind.paid_minutes / 60.0 -
           soft_penalty(p, plan, agent, k);
  };
  auto add = [&](int agent, int k) {
    loads[agent].kinds.push_back(k);
    placed.push_back(make_placed(plan, agent, k));
    apply(agent, k);
  };

  // (a) contract minimums: add the most useful shifts until each week's minimum is reached.
  for (int a = 0; a < static_cast<int>(p.agents.size()); ++a) {
    const ScheduleAgent& agent = p.agents[a];
    if (skills[a].groups.empty() && skills[a].work_types.empty()) continue;
    for (int wk = 0; wk < weeks; ++wk) {
      const int days_in_week = std::min(7, p.days - 7 * wk);
      const double min_minutes = agent.contract.min_hours_per_week * 60.0 * days_in_week / 7.0;
      while (week_minutes_of(plan, loads[a], wk) + 1e-9 < min_minutes) {
        int best = -1;
        double best_gain = -std::numeric_limits<double>::infinity();
        for (int k = 0; k < static_cast<int>(plan.kinds.size()); ++k) {
          if (plan.kinds[k].day / 7 != wk || !fits(p, plan, loads[a], a, k)) continue;
          // Hours towards the minimum first (short shifts would use up the days), then value.
          const double missing = min_minutes - week_minutes_of(plan, loads[a], wk);
          const double g = gain(a, k) + 1e4 * std::min<double>(plan.kinds[k].paid_minutes, missing);
          if (g > best_gain) {
            best_gain = g;
            best = k;
          }
        }
        if (best < 0) {
          explanations.push_back(fmt::format(
              "agent {} cannot reach {:.1f} contract hours in week {} ({:.1f} h rostered): no "
              "further shift fits the availability, rest, days-per-week and hours rules",
              agent.id, min_minutes / 60.0, wk + 1, week_minutes_of(plan, loads[a], wk) / 60.0));
          break;
        }
        add(a, best);
      }
    }
  }

  // (b) unmet cover: add the shift with the largest positive gain, repeatedly.
  for (int round = 0; round < 4 * static_cast<int>(p.agents.size()) + 10; ++round) {
    int best_agent = -1, best_kind = -1;
    double best_gain = 1e-6;
    // Only shifts covering the most short interval are candidates (keeps this cheap).
    int worst_g = -1, worst_t = -1;
    for (size_t g = 0; g < ng; ++g)
      for (int t = 0; t < n; ++t)
        if (deficit[g][t] > 0.5 && (worst_g < 0 || deficit[g][t] > deficit[worst_g][worst_t])) {
          worst_g = static_cast<int>(g);
          worst_t = t;
        }
    if (worst_g < 0) break;
    const int minute = worst_t * iv;
    for (int k = 0; k < static_cast<int>(plan.kinds.size()); ++k) {
      const ShiftKind& kind = plan.kinds[k];
      if (kind.start_minute > minute || kind.end_minute() <= minute) continue;
      for (int a = 0; a < static_cast<int>(p.agents.size()); ++a) {
        if (!has(skills[a].groups, worst_g) || !fits(p, plan, loads[a], a, k) ||
            !minimum_still_reachable(p, plan, loads[a], a, k))
          continue;
        const double g = gain(a, k);
        if (g > best_gain) {
          best_gain = g;
          best_agent = a;
          best_kind = k;
        }
      }
    }
    if (best_agent >= 0) {
      add(best_agent, best_kind);
      continue;
    }
    // No agent can take one more shift: move one of an agent's shifts here when the cover it
    // gains is worth more than the cover it leaves (contract limits bind, not headcount).
    int move_index = -1;
    double best_move = 1e-6;
    for (int a = 0; a < static_cast<int>(p.agents.size()); ++a) {
      if (!has(skills[a].groups, worst_g)) continue;
      for (size_t i = 0; i < placed.size(); ++i) {
        if (placed[i].agent != a) continue;
        const int old_kind = placed[i].kind;
        AgentLoad without;
        without.kinds = loads[a].kinds;
        without.kinds.erase(std::find(without.kinds.begin(), without.kinds.end(), old_kind));
        apply(a, old_kind, -1.0);
        const double kept = gain(a, old_kind);  // net value of keeping the old shift
        const int old_week = plan.kinds[old_kind].day / 7;
        const double old_min = p.agents[a].contract.min_hours_per_week * 60.0 *
                               std::min(7, p.days - 7 * old_week) / 7.0;
        for (int k = 0; k < static_cast<int>(plan.kinds.size()); ++k) {
          const ShiftKind& kind = plan.kinds[k];
          if (k == old_kind || kind.start_minute > minute || kind.end_minute() <= minute) continue;
          if (!fits(p, plan, without, a, k)) continue;
          // Keep the contract minimum of the week the shift leaves.
          const int after = week_minutes_of(plan, without, old_week) +
                            (kind.day / 7 == old_week ? kind.paid_minutes : 0);
          if (after + 1e-9 < old_min && week_minutes_of(plan, loads[a], old_week) + 1e-9 >= old_min)
            continue;
          const double value = gain(a, k) - kept;
          if (value > best_move) {
            best_move = value;
            best_agent = a;
            best_kind = k;
            move_index = static_cast<int>(i);
          }
        }
        apply(a, old_kind, 1.0);
      }
    }
    if (move_index < 0) {
      // Nothing helps here; mark it so the next round looks elsewhere.
      deficit[worst_g][worst_t] = std::min(deficit[worst_g][worst_t], 0.5);
      continue;
    }
    const int old_kind = placed[move_index].kind;
    apply(best_agent, old_kind, -1.0);
    auto& kinds = loads[best_agent].kinds;
    kinds.erase(std::find(kinds.begin(), kinds.end(), old_kind));
    placed.erase(placed.begin() + move_index);
    add(best_agent, best_kind);
  }
  std::stable_sort(placed.begin(), placed.end(), [&](const Placed& a, const Placed& b) {
    if (a.agent != b.agent) return a.agent < b.agent;
    return plan.kinds[a.kind].start_minute < plan.kinds[b.kind].start_minute;
  });
}

}  // namespace tandem::schedule::detail
