// SPDX-License-Identifier: Apache-2.0
// From rostered shifts to activities: breaks placed where cover is most plentiful, then, per
// interval, agents on duty split between phone groups (a small max-flow, phone-only agents
// first so blended agents stay free) and back-office work (earliest deadline first).
#include <algorithm>
#include <cmath>
#include <deque>
#include <map>

#include "schedule/internal.h"

namespace tandem::schedule::detail {

namespace {

bool has(const std::vector<int>& v, int x) { return std::find(v.begin(), v.end(), x) != v.end(); }

// Sends up to `demand[g]` units from signature supplies to groups; flow[s][g] is kept between
// calls so a second phase with more supplies extends the first.
void augment(const std::vector<std::vector<int>>& sig_groups, const std::vector<int>& supply,
             const std::vector<int>& demand, const std::vector<bool>& allowed,
             std::vector<std::vector<int>>& flow) {
  const int ns = static_cast<int>(sig_groups.size());
  const int ng = static_cast<int>(demand.size());
  std::vector<int> used(ns, 0), filled(ng, 0);
  for (int s = 0; s < ns; ++s)
    for (int g = 0; g < ng; ++g) {
      used[s] += flow[s][g];
      filled[g] += flow[s][g];
    }
  while (true) {
    // BFS over nodes: sigs 0..ns-1, groups ns..ns+ng-1. Start from sigs with spare supply.
    std::vector<int> parent(ns + ng, -2);
    std::deque<int> queue;
    for (int s = 0; s < ns; ++s)
      if (allowed[s] && used[s] < supply[s]) {
        parent[s] = -1;
        queue.push_back(s);
      }
    int end = -1;
    while (!queue.empty() && end < 0) {
      const int v = queue.front();
      queue.pop_front();
      if (v < ns) {
        for (int g : sig_groups[v])
          if (parent[ns + g] == -2) {
            parent[ns + g] = v;
            if (filled[g] < demand[g]) {
              end = ns + g;
              break;
            }
            queue.push_back(ns + g);
          }
      } else {
        const int g = v - ns;
        for (int s = 0; s < ns; ++s)
          if (parent[s] == -2 && flow[s][g] > 0) {  // reroute a unit of s away from g
            parent[s] = v;
            queue.push_back(s);
          }
      }
    }
    if (end < 0) return;
    ++filled[end - ns];
    int v = end;
    while (parent[v] != -1) {
      const int u = parent[v];
      if (u < ns)
        ++flow[u][v - ns];  // forward sig -> group
      else
        --flow[v][u - ns];  // backward: sig v leaves group u
      v = u;
    }
    ++used[v];
  }
}

}  // namespace

ScheduleResult build_schedule(const ScheduleProblem& p, const CoverPlan& plan,
                              std::vector<Placed> placed) {
  ScheduleResult r;
  const int n = p.interval_count();
  const int iv = p.interval_minutes;
  const double h = iv / 60.0;
  const size_t ng = p.front_office.size();
  const size_t nw = p.back_office.size();
  std::vector<AgentSkills> skills(p.agents.size());
  for (size_t a = 0; a < p.agents.size(); ++a) skills[a] = skills_of(p, p.agents[a]);

  // 1. Breaks: per shift, per rule, the position where the agent's groups have most slack.
  // supply[g][t]: agents on duty who may serve g; supply_any[t]: agents on duty who may serve
  // some group, against required_any[t], the whole front-office requirement (a blended agent
  // counts in every group of theirs, but is on one phone at a time).
  std::vector<std::vector<double>> supply(ng, std::vector<double>(n, 0.0));
  std::vector<double> supply_any(n, 0.0), required_any(n, 0.0);
  for (size_t g = 0; g < ng; ++g)
    for (int t = 0; t < n; ++t) required_any[t] += p.front_office[g].required_agents[t];
  std::vector<double> bo_breaks(n, 0.0);
  for (const Placed& s : placed) {
    const ShiftKind& k = plan.kinds[s.kind];
    for (int t = k.start_minute / iv; t < std::min(n, k.end_minute() / iv); ++t) {
      for (int g : skills[s.agent].groups) supply[g][t] += 1.0;
      if (!skills[s.agent].groups.empty()) supply_any[t] += 1.0;
    }
  }
  std::vector<int> order(placed.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return plan.kinds[placed[a].kind].start_minute < plan.kinds[placed[b].kind].start_minute;
  });
  for (int idx : order) {
    Placed& s = placed[idx];
    const ShiftKind& k = plan.kinds[s.kind];
    const ShiftTemplate& tmpl = p.shift_templates[k.template_index];
    const auto& groups = skills[s.agent].groups;
    for (size_t rule = 0; rule < k.break_starts.size(); ++rule) {
      const int dur = tmpl.breaks[rule].duration_minutes;
      const auto& starts = k.break_starts[rule];
      int best = -1;
      double best_score = -1e18;
      for (size_t q = 0; q < starts.size(); ++q) {
        const int b = starts[q];
        bool clash = false;
        for (size_t o = 0; o < rule; ++o) {
          const int ob = s.break_start[o];
          const int od = tmpl.breaks[o].duration_minutes;
          if (ob >= 0 && b < ob + od && ob < b + dur) clash = true;
        }
        if (clash) continue;
        double worst = 1e18;
        for (int t = b / iv; t < std::min(n, (b + dur) / iv); ++t) {
          double slack;
          if (groups.empty()) {
            slack = -bo_breaks[t];
          } else {
            slack = 1e18;
            for (int g : groups)
              slack = std::min(slack, supply[g][t] - p.front_office[g].required_agents[t]);
          }
          worst = std::min(worst, slack);
        }
        // Prefer the middle of the window on ties.
        const double mid = (starts.size() - 1) / 2.0;
        const double score = worst - 1e-3 * std::abs(static_cast<double>(q) - mid);
        if (score > best_score) {
          best_score = score;
          best = b;
        }
      }
      if (best < 0) best = starts.front();  // no clash-free spot: the verifier reports it
      s.break_start[rule] = best;
      for (int t = best / iv; t < std::min(n, (best + dur) / iv); ++t) {
        for (int g : groups) supply[g][t] -= 1.0;
        if (groups.empty()) bo_breaks[t] += 1.0;
        if (!groups.empty()) supply_any[t] -= 1.0;
      }
    }
  }

  // 1b. Local search: move a break to another position of its window when that lowers the
  // shortage (requirement above supply) of the agent's groups; breaks of one shift never
  // overlap.
  auto shortage_of = [&](const std::vector<int>& groups, int from, int to) {
    double total = 0;
    for (int t = std::max(0, from); t < std::min(n, to); ++t) {
      total += std::max(0.0, required_any[t] - supply_any[t]);
      for (int g : groups)
        total += std::max(0.0, p.front_office[g].required_agents[t] - supply[g][t]);
    }
    return total;
  };
  auto shift_supply = [&](const std::vector<int>& groups, int from, int to, double by) {
    for (int t = std::max(0, from); t < std::min(n, to); ++t) {
      for (int g : groups) supply[g][t] += by;
      supply_any[t] += by;
    }
  };
  for (int pass = 0; pass < 4; ++pass) {
    bool moved = false;
    for (int idx : order) {
      Placed& s = placed[idx];
      const auto& groups = skills[s.agent].groups;
      if (groups.empty()) continue;
      const ShiftKind& k = plan.kinds[s.kind];
      const ShiftTemplate& tmpl = p.shift_templates[k.template_index];
      for (size_t rule = 0; rule < k.break_starts.size(); ++rule) {
        const int dur = tmpl.breaks[rule].duration_minutes;
        const int cur = s.break_start[rule];
        const int c0 = cur / iv, c1 = (cur + dur) / iv;
        int best = -1;
        double best_delta = -1e-9;
        for (int b : k.break_starts[rule]) {
          if (b == cur) continue;
          bool clash = false;
          for (size_t o = 0; o < s.break_start.size(); ++o) {
            const int ob = s.break_start[o];
            const int od = tmpl.breaks[o].duration_minutes;
            if (o != rule && ob >= 0 && b < ob + od && ob < b + dur) clash = true;
          }
          if (clash) continue;
          const int b0 = b / iv, b1 = (b + dur) / iv;
          const int lo = std::min(c0, b0), hi = std::max(c1, b1);
          const double before = shortage_of(groups, lo, hi);
          shift_supply(groups, c0, c1, 1.0);
          shift_supply(groups, b0, b1, -1.0);
          const double delta = shortage_of(groups, lo, hi) - before;
          shift_supply(groups, b0, b1, 1.0);
          shift_supply(groups, c0, c1, -1.0);
          if (delta < best_delta) {
            best_delta = delta;
            best = b;
          }
        }
        if (best < 0) continue;
        shift_supply(groups, c0, c1, 1.0);
        shift_supply(groups, best / iv, (best + dur) / iv, -1.0);
        s.break_start[rule] = best;
        moved = true;
      }
    }
    if (!moved) break;
  }

  // 2. Per interval: who is on duty, and on what.
  // state[i][t - first]: -1 before assignment; break = -2; phones g = g; back office j = ng + j.
  std::vector<std::vector<int>> state(placed.size());
  std::vector<std::vector<int>> on_duty(n);
  for (size_t i = 0; i < placed.size(); ++i) {
    const ShiftKind& k = plan.kinds[placed[i].kind];
    const ShiftTemplate& tmpl = p.shift_templates[k.template_index];
    const int first = k.start_minute / iv;
    state[i].assign(static_cast<size_t>(k.length_minutes / iv), -1);
    for (size_t rule = 0; rule < k.break_starts.size(); ++rule) {
      const int b = placed[i].break_start[rule];
      for (int t = b / iv; t < (b + tmpl.breaks[rule].duration_minutes) / iv; ++t)
        state[i][t - first] = -2;
    }
    for (int t = first; t < first + static_cast<int>(state[i].size()); ++t)
      if (t < n && state[i][t - first] != -2) on_duty[t].push_back(static_cast<int>(i));
  }
  r.coverage.assign(ng, std::vector<double>(n, 0.0));
  r.back_office_done.assign(nw, std::vector<double>(n, 0.0));
  std::vector<double> done(nw, 0.0);
  std::map<std::pair<std::vector<int>, std::vector<int>>, int> sig_index;
  // The first interval at or after t where work of type j is due beyond what is done.
  auto next_due_of = [&](size_t j, int t) {
    for (int u = t; u < n; ++u)
      if (p.back_office[j].due_hours[u] > done[j] + 1e-9) return u;
    return n;
  };
  for (int t = 0; t < n; ++t) {
    // Signatures of agents on duty.
    std::vector<std::vector<int>> sig_groups;
    std::vector<std::vector<int>> sig_members;
    std::vector<bool> phone_only;
    sig_index.clear();
    for (int i : on_duty[t]) {
      const AgentSkills& sk = skills[placed[i].agent];
      auto key = std::make_pair(sk.groups, sk.work_types);
      auto it = sig_index.find(key);
      if (it == sig_index.end()) {
        it = sig_index.emplace(key, static_cast<int>(sig_groups.size())).first;
        sig_groups.push_back(sk.groups);
        sig_members.emplace_back();
        phone_only.push_back(sk.work_types.empty());
      }
      sig_members[it->second].push_back(i);
    }
    const int ns = static_cast<int>(sig_groups.size());
    std::vector<int> sup(ns), demand(ng);
    for (int s = 0; s < ns; ++s) sup[s] = static_cast<int>(sig_members[s].size());
    for (size_t g = 0; g < ng; ++g)
      demand[g] = static_cast<int>(std::ceil(p.front_office[g].required_agents[t] - 1e-9));
    std::vector<std::vector<int>> flow(ns, std::vector<int>(ng, 0));
    // Phone-only agents first, then blended agents whose back-office work is least urgent
    // (latest next deadline among their work types) first.
    augment(sig_groups, sup, demand, phone_only, flow);
    std::vector<int> sig_due(ns, n);
    for (const auto& [key, s] : sig_index) {
      int due = n + 1;
      for (int j : key.second) due = std::min(due, next_due_of(static_cast<size_t>(j), t));
      sig_due[s] = due;
    }
    std::vector<int> by_slack(ns);
    for (int s = 0; s < ns; ++s) by_slack[s] = s;
    std::stable_sort(by_slack.begin(), by_slack.end(),
                     [&](int a, int b) { return sig_due[a] > sig_due[b]; });
    std::vector<bool> allowed = phone_only;
    for (int s : by_slack) {
      if (allowed[s]) continue;
      allowed[s] = true;
      augment(sig_groups, sup, demand, allowed, flow);
    }
    // Agents: keep the previous interval's activity when the flow allows (fewer switches).
    std::vector<int> free_agents;
    for (int s = 0; s < ns; ++s) {
      auto& members = sig_members[s];
      std::vector<int> rest;
      for (int i : members) {
        const ShiftKind& k = plan.kinds[placed[i].kind];
        const int off = t - k.start_minute / iv;
        const int prev = off > 0 ? state[i][off - 1] : -1;
        if (prev >= 0 && prev < static_cast<int>(ng) && flow[s][prev] > 0) {
          --flow[s][prev];
          state[i][off] = prev;
        } else {
          rest.push_back(i);
        }
      }
      for (int i : rest) {
        const ShiftKind& k = plan.kinds[placed[i].kind];
        const int off = t - k.start_minute / iv;
        bool assigned = false;
        for (size_t g = 0; g < ng && !assigned; ++g)
          if (flow[s][g] > 0) {
            --flow[s][g];
            state[i][off] = static_cast<int>(g);
            assigned = true;
          }
        if (!assigned) free_agents.push_back(i);
      }
    }
    // Back office, earliest deadline first; phone-only agents left over stay on the phones.
    auto next_due = [&](size_t j) { return next_due_of(j, t); };
    std::sort(free_agents.begin(), free_agents.end());
    for (int i : free_agents) {
      const AgentSkills& sk = skills[placed[i].agent];
      const ShiftKind& k = plan.kinds[placed[i].kind];
      const int off = t - k.start_minute / iv;
      int best = -1, best_due = n + 1;
      for (int j : sk.work_types) {
        const double backlog = p.back_office[j].available_hours[t] - done[j];
        if (backlog <= 1e-9) continue;
        const int due = next_due(static_cast<size_t>(j));
        if (due < best_due) {
          best_due = due;
          best = j;
        }
      }
      if (best >= 0) {
        done[best] += std::min(h, p.back_office[best].available_hours[t] - done[best]);
        state[i][off] = static_cast<int>(ng) + best;
      } else if (!sk.groups.empty()) {
        const int prev = off > 0 ? state[i][off - 1] : -1;
        state[i][off] = (prev >= 0 && prev < static_cast<int>(ng) && has(sk.groups, prev))
                            ? prev
                            : sk.groups.front();
      } else {
        state[i][off] = static_cast<int>(ng) + sk.work_types.front();  // no work waiting
      }
    }
    for (int i : on_duty[t]) {
      const ShiftKind& k = plan.kinds[placed[i].kind];
      const int v = state[i][t - k.start_minute / iv];
      if (v >= 0 && v < static_cast<int>(ng)) r.coverage[v][t] += 1.0;
    }
    for (size_t j = 0; j < nw; ++j) r.back_office_done[j][t] = done[j];
  }

  // 3. Activities, cost and penalties.
  for (size_t i = 0; i < placed.size(); ++i) {
    const Placed& s = placed[i];
    const ShiftKind& k = plan.kinds[s.kind];
    const ShiftTemplate& tmpl = p.shift_templates[k.template_index];
    const AgentSkills& sk = skills[s.agent];
    AgentShift shift;
    shift.agent = s.agent;
    shift.template_id = tmpl.id;
    shift.day = k.day;
    shift.start_minute = k.start_minute;
    shift.end_minute = k.end_minute();
    shift.paid_minutes = k.paid_minutes;
    const int first = k.start_minute / iv;
    for (size_t off = 0; off < state[i].size(); ++off) {
      Activity act;
      act.start_minute = (first + static_cast<int>(off)) * iv;
      act.end_minute = act.start_minute + iv;
      int v = state[i][off];
      if (v == -2) {
        size_t rule = 0;
        for (size_t q = 0; q < s.break_start.size(); ++q)
          if (s.break_start[q] <= act.start_minute &&
              act.start_minute < s.break_start[q] + tmpl.breaks[q].duration_minutes)
            rule = q;
        act.kind = tmpl.breaks[rule].is_lunch ? ActivityKind::kLunch : ActivityKind::kBreak;
        act.target = tmpl.breaks[rule].id;
      } else {
        if (v == -1)  // beyond the horizon: the agent's first skill
          v = sk.groups.empty() ? static_cast<int>(ng) + sk.work_types.front() : sk.groups.front();
        if (v < static_cast<int>(ng)) {
          act.kind = ActivityKind::kPhones;
          act.target = p.front_office[v].id;
        } else {
          act.kind = ActivityKind::kBackOffice;
          act.target = p.back_office[v - ng].work_type;
        }
      }
      if (!shift.activities.empty() && shift.activities.back().kind == act.kind &&
          shift.activities.back().target == act.target &&
          shift.activities.back().end_minute == act.start_minute)
        shift.activities.back().end_minute = act.end_minute;
      else
        shift.activities.push_back(act);
    }
    r.cost += p.agents[s.agent].cost_per_hour * k.paid_minutes / 60.0;
    const ScheduleAgent& a = p.agents[s.agent];
    if (has(a.days_off_requested, k.day)) r.penalty += p.weights.day_off_worked;
    if (!a.preferred_templates.empty() &&
        std::find(a.preferred_templates.begin(), a.preferred_templates.end(), tmpl.id) ==
            a.preferred_templates.end())
      r.penalty += p.weights.non_preferred_shift;
    r.shifts.push_back(std::move(shift));
  }
  std::stable_sort(r.shifts.begin(), r.shifts.end(), [](const AgentShift& a, const AgentShift& b) {
    if (a.agent != b.agent) return a.agent < b.agent;
    return a.start_minute < b.start_minute;
  });
  for (size_t g = 0; g < ng; ++g)
    for (int t = 0; t < n; ++t)
      r.unmet_agent_hours +=
          std::max(0.0, p.front_office[g].required_agents[t] - r.coverage[g][t]) * h;
  for (size_t j = 0; j < nw; ++j)
    for (int t = 0; t < n; ++t)
      r.back_office_late_hour_hours +=
          std::max(0.0, p.back_office[j].due_hours[t] - r.back_office_done[j][t]) * h;
  r.penalty += r.unmet_agent_hours * p.weights.unmet_front_office_per_agent_hour +
               r.back_office_late_hour_hours * p.weights.late_back_office_per_hour_hour;
  r.objective = r.cost + r.penalty;
  return r;
}

}  // namespace tandem::schedule::detail
