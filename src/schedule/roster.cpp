// SPDX-License-Identifier: Apache-2.0
// Rostering: the cover plan's shift counts become shifts of named agents. First the rostering
// model (roster_model.cpp: an assignment MIP per chunk of a class), then, for what it left,
// greedy in time order with a scored choice (requested days off, preferred templates,
// contract-minimum deficit, fairness of hours and days, cost), ejection moves (a shift nobody
// can take goes to an agent who hands one of theirs on) and moves/swaps towards contract
// minimums; then local repair: shifts lengthened or added for contract minimums and added for
// front-office requirement left unmet.
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

// The agent's load without one shift of kind `k` (which it holds).
AgentLoad without_kind(const AgentLoad& load, int k) {
  AgentLoad l = load;
  l.kinds.erase(std::find(l.kinds.begin(), l.kinds.end(), k));
  return l;
}

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

// Local search towards every agent's contract minimum without adding shifts: a shift moves
// from one agent to another, or two agents swap shifts, whenever that lowers
//   1000 x (shortfall no free day can make up) + shortfall
// summed over agents and weeks (shortfall = minimum - paid minutes, when positive; a free day
// makes up at most the longest paid shift) and every hard rule still holds.
// `placed_class[i]`: the class shift i was planned for (the receiver must hold its skills).
void balance_minimums(const ScheduleProblem& p, const CoverPlan& plan, std::vector<Placed>& placed,
                      const std::vector<int>& placed_class) {
  const int weeks = (p.days + 6) / 7;
  const int na = static_cast<int>(p.agents.size());
  std::vector<AgentLoad> loads = loads_of(p, placed);
  std::vector<std::vector<int>> shifts_of(na);
  for (size_t i = 0; i < placed.size(); ++i)
    shifts_of[placed[i].agent].push_back(static_cast<int>(i));
  std::vector<AgentSkills> skills(na);
  for (int a = 0; a < na; ++a) skills[a] = skills_of(p, p.agents[a]);
  int longest = 0;
  for (const auto& kind : plan.kinds) longest = std::max(longest, kind.paid_minutes);
  // The week's minutes and days of a load.
  auto week_of = [&](const AgentLoad& l, int wk) {
    std::pair<int, int> md{0, 0};
    for (int e : l.kinds)
      if (plan.kinds[e].day / 7 == wk) {
        md.first += plan.kinds[e].paid_minutes;
        ++md.second;
      }
    return md;
  };
  auto potential = [&](int a, int wk, const AgentLoad& l) {
    const Contract& c = p.agents[a].contract;
    const auto [minutes, days] = week_of(l, wk);
    const double shortfall =
        std::max(0.0, c.min_hours_per_week * 60.0 * std::min(7, p.days - 7 * wk) / 7.0 - minutes);
    if (shortfall <= 1e-9) return 0.0;
    const double spare = std::max(0, c.max_days_per_week - days) * static_cast<double>(longest);
    return 1000.0 * std::max(0.0, shortfall - spare) + shortfall;
  };
  for (int wk = 0; wk < weeks; ++wk) {
    std::vector<double> pot(na);
    for (int a = 0; a < na; ++a) pot[a] = potential(a, wk, loads[a]);
    // Passes over the agents below their minimum; each takes at most one move per pass.
    for (int pass = 0; pass < 10; ++pass) {
      bool any = false;
      for (int a = 0; a < na; ++a) {
        if (pot[a] <= 0) continue;
        bool improved = false;
        for (int b = 0; b < na && !improved; ++b) {
          if (b == a) continue;
          for (size_t q = 0; q < shifts_of[b].size() && !improved; ++q) {
            const int i = shifts_of[b][q];
            const int e = placed[i].kind;
            if (plan.kinds[e].day / 7 != wk ||
                !covers(skills[a], plan.classes[placed_class[i]].skills))
              continue;
            const AgentLoad b_without = without_kind(loads[b], e);
            // Move e from b to a.
            if (fits(p, plan, loads[a], a, e)) {
              AgentLoad a_with = loads[a];
              a_with.kinds.push_back(e);
              const double pa = potential(a, wk, a_with), pb = potential(b, wk, b_without);
              if (pa + pb < pot[a] + pot[b] - 1e-6) {
                loads[a] = std::move(a_with);
                loads[b] = b_without;
                pot[a] = pa;
                pot[b] = pb;
                placed[i].agent = a;
                shifts_of[b].erase(shifts_of[b].begin() + static_cast<long>(q));
                shifts_of[a].push_back(i);
                improved = true;
                break;
              }
            }
            // Swap e (b's) with one of a's shifts in the same week.
            for (size_t r = 0; r < shifts_of[a].size(); ++r) {
              const int j = shifts_of[a][r];
              const int f = placed[j].kind;
              if (plan.kinds[f].day / 7 != wk ||
                  plan.kinds[f].paid_minutes >= plan.kinds[e].paid_minutes ||
                  !covers(skills[b], plan.classes[placed_class[j]].skills))
                continue;
              AgentLoad a_swapped = without_kind(loads[a], f);
              if (!fits(p, plan, a_swapped, a, e)) continue;
              AgentLoad b_swapped = b_without;
              if (!fits(p, plan, b_swapped, b, f)) continue;
              a_swapped.kinds.push_back(e);
              b_swapped.kinds.push_back(f);
              const double pa = potential(a, wk, a_swapped), pb = potential(b, wk, b_swapped);
              if (pa + pb >= pot[a] + pot[b] - 1e-6) continue;
              loads[a] = std::move(a_swapped);
              loads[b] = std::move(b_swapped);
              pot[a] = pa;
              pot[b] = pb;
              placed[i].agent = a;
              placed[j].agent = b;
              shifts_of[b][q] = j;
              shifts_of[a][r] = i;
              improved = true;
              break;
            }
          }
        }
        any = any || improved;
      }
      if (!any) break;
    }
  }
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
                           const SolveOptions& options, double seconds,
                           std::vector<std::string>& explanations) {
  struct Instance {
    int cls, kind;
  };
  std::vector<int> placed_class;
  std::vector<std::vector<int>> leftover = plan.count;
  std::vector<Placed> placed;
  if (seconds > 0) placed = roster_by_model(p, plan, options, seconds, placed_class, leftover);
  std::vector<Instance> todo;
  for (size_t c = 0; c < plan.classes.size(); ++c)
    for (size_t k = 0; k < plan.kinds.size(); ++k)
      for (int i = 0; i < leftover[c][k]; ++i)
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

  std::vector<AgentLoad> loads = loads_of(p, placed);
  std::vector<Instance> dropped;
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
      dropped.push_back(inst);
      continue;
    }
    loads[best].kinds.push_back(inst.kind);
    placed.push_back(make_placed(plan, best, inst.kind));
    placed_class.push_back(inst.cls);
  }
  // Ejection: a shift no agent could take goes to agent A when A hands one of their shifts to
  // an agent B who can take it (both within every hard rule and keeping minimums reachable).
  auto eligible = [&](int cls) {
    std::vector<int> agents = plan.classes[cls].agents;
    for (size_t c = 0; c < plan.classes.size(); ++c)
      if (static_cast<int>(c) != cls && covers(plan.classes[c].skills, plan.classes[cls].skills))
        agents.insert(agents.end(), plan.classes[c].agents.begin(), plan.classes[c].agents.end());
    return agents;
  };
  auto takes = [&](const AgentLoad& load, int agent, int k) {
    return fits(p, plan, load, agent, k) && minimum_still_reachable(p, plan, load, agent, k);
  };
  std::vector<std::vector<int>> shifts_of(p.agents.size());
  for (size_t i = 0; i < placed.size(); ++i)
    shifts_of[placed[i].agent].push_back(static_cast<int>(i));
  for (const Instance& inst : dropped) {
    bool done = false;
    for (int a : eligible(inst.cls)) {
      for (size_t q = 0; q < shifts_of[a].size() && !done; ++q) {
        const int i = shifts_of[a][q];
        const int e = placed[i].kind;
        AgentLoad without = without_kind(loads[a], e);
        if (!takes(without, a, inst.kind)) continue;
        for (int b : eligible(placed_class[i])) {
          if (b == a || !takes(loads[b], b, e)) continue;
          without.kinds.push_back(inst.kind);
          loads[a] = std::move(without);
          loads[b].kinds.push_back(e);
          placed[i].agent = b;
          shifts_of[a].erase(shifts_of[a].begin() + static_cast<long>(q));
          shifts_of[b].push_back(i);
          shifts_of[a].push_back(static_cast<int>(placed.size()));
          placed.push_back(make_placed(plan, a, inst.kind));
          placed_class.push_back(inst.cls);
          done = true;
          break;
        }
      }
      if (done) break;
    }
    if (!done) ++dropped_by_day[plan.kinds[inst.kind].day];
  }
  balance_minimums(p, plan, placed, placed_class);
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
        // Or lengthen one of the agent's shifts: a kind the same day with more paid time that
        // contains the old shift's hours (so no cover the plan placed there is lost).
        int longer_of = -1;
        const double missing = min_minutes - week_minutes_of(plan, loads[a], wk);
        for (size_t i = 0; i < placed.size(); ++i) {
          if (placed[i].agent != a) continue;
          const int e = placed[i].kind;
          const ShiftKind& old_kind = plan.kinds[e];
          if (old_kind.day / 7 != wk) continue;
          const AgentLoad without = without_kind(loads[a], e);
          for (int k = 0; k < static_cast<int>(plan.kinds.size()); ++k) {
            const ShiftKind& kind = plan.kinds[k];
            if (kind.day != old_kind.day || kind.paid_minutes <= old_kind.paid_minutes ||
                kind.start_minute > old_kind.start_minute ||
                kind.end_minute() < old_kind.end_minute() || !fits(p, plan, without, a, k))
              continue;
            const double g =
                gain(a, k) - gain(a, e) +
                1e4 * std::min<double>(kind.paid_minutes - old_kind.paid_minutes, missing);
            if (g > best_gain) {
              best_gain = g;
              best = k;
              longer_of = static_cast<int>(i);
            }
          }
        }
        if (best < 0) {
          explanations.push_back(fmt::format(
              "agent {} cannot reach {:.1f} contract hours in week {} ({:.1f} h rostered): no "
              "further or longer shift fits the availability, rest, days-per-week and hours "
              "rules",
              agent.id, min_minutes / 60.0, wk + 1, week_minutes_of(plan, loads[a], wk) / 60.0));
          break;
        }
        if (longer_of >= 0) {
          const int e = placed[longer_of].kind;
          apply(a, e, -1.0);
          auto& kinds = loads[a].kinds;
          kinds.erase(std::find(kinds.begin(), kinds.end(), e));
          placed.erase(placed.begin() + longer_of);
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
        const AgentLoad without = without_kind(loads[a], old_kind);
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
