// SPDX-License-Identifier: Apache-2.0
// The cover MIP, solved with COIN-OR CBC through its CbcMain0/CbcMain1 driver (cuts and
// heuristics on), one thread, a fixed seed, a time limit and a relative gap.
//
// Its size does not grow with the number of agents: shifts are counted per agent class, never
// per person. A class is a set of interchangeable agents: equal skills, contract limits and
// availability (schedule/internal.h), so its contract rows below hold per agent in sum.
//
// Variables (class c, shift kind k, interval t, group g, work type j, break rule r, position p,
// week w, days d)
//   x[c,k]     integer  shifts of kind k worked by agents of class c
//   y[c,k,r,p] >= 0     of those, how many take break r at position p
//   a[c,g,t]   >= 0     agents of class c on the phones of group g during t
//   w[c,j,t]   >= 0     agents of class c on back-office work j during t
//   u[g,t]     >= 0     front-office requirement left unmet (agents)
//   D[j,t]     in [0, available_j(t)]  cumulative back-office hours done by the end of t
//   v[j,t]     >= 0     back-office hours late at the end of t
//   n[c,w,d]   >= 0     agents of class c working exactly d days in week w (1 <= d <= Dmax)
//   s[c,w]     >= 0     contract-minimum minutes the class's agents miss in week w
// Constraints (N agents in the class, each with minimum M and maximum X paid minutes a week,
// Dmax = min(max days, days available); L = the longest paid shift the class can work)
//   (1) capacity:  sum_g a[c,g,t] + sum_j w[c,j,t] <= on-duty(x, y)[c,t]
//   (2) breaks:    sum_p y[c,k,r,p] = x[c,k]
//   (3) cover:     sum_c a[c,g,t] + u[g,t] >= required_g(t)
//   (4) back office: D[j,t] = D[j,t-1] + h * sum_c w[c,j,t];  D[j,t] + v[j,t] >= due_j(t)
//   (5) heads per day: sum_{k on day d} x[c,k] <= agents of c available on day d
//   (6) days: sum_{k in week w} x[c,k] = sum_d d n[c,w,d];  sum_d n[c,w,d] <= N
//   (7) hours: sum paid_k x[c,k] + s >= M N;  sum paid_k x[c,k] <= sum_d min(X, d L) n[c,w,d]
//   (8) reach: s + sum_d min(M, d L) n[c,w,d] >= M N. An agent working d days is paid at most
//       d L, so misses at least M - d L; one not working misses M. This is what makes the plan
//       rosterable: with M = 35 h, L = 8 h and 5 days a full-timer must work all 5 days, and a
//       plan with fewer shifts than 5 per agent pays for the minutes it leaves short.
//   (9) short shifts: a shift with L - paid above half of B = Dmax L - M (but at most B) uses
//       more than half of an agent's room for short shifts, so each agent takes at most one:
//       sum_{such k} x[c,k] <= sum_d n[c,w,d] + s / (2 delta - B), delta the smallest such
//       L - paid (two of them leave the agent at least 2 delta - B below the minimum).
//   (10) patterns (instead of (6)-(9) when a class-week has at most kMaxPatterns): n[c,w,p] >= 0
//       agents on weekly pattern p (shifts per distinct paid length, on distinct days offering
//       them, within Dmax days and X minutes; the empty pattern too): sum_p n = N; per paid
//       length l, sum_{k paid l} x[c,k] = sum_p count_p(l) n[p]; s >= sum_p max(0, M - paid_p)
//       n[p].
// Every row holds for every roster of named agents (n and s continuous), so the LP bound stays
// a lower bound of the schedule's objective plus its minimum shortfall priced as below.
// Objective: cost of paid hours + unmet and lateness penalties (+ 10 x cost for s).
#include <CbcEventHandler.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "schedule/internal.h"
#include "schedule/mip.h"

namespace tandem::schedule::detail {

namespace {

// A weekly pattern of one agent: how many shifts of each paid length (index into the class's
// distinct paid lengths) they work in a week.
struct Pattern {
  std::vector<int> count;  // [length]
  int minutes = 0;
};

// Can the pattern's shifts fall on distinct days, each on a day that offers its length?
// days_of[l]: bit mask of the week's days offering paid length l.
bool fits_days(const std::vector<int>& lengths_left, const std::vector<int>& days_of, int used,
               size_t l) {
  while (l < lengths_left.size() && lengths_left[l] == 0) ++l;
  if (l == lengths_left.size()) return true;
  std::vector<int> rest = lengths_left;
  --rest[l];
  for (int d = 0; d < 7; ++d)
    if ((days_of[l] >> d & 1) != 0 && (used >> d & 1) == 0 &&
        fits_days(rest, days_of, used | (1 << d), l))
      return true;
  return false;
}

// Every pattern of at most max_days shifts and at most max_minutes paid (the empty one too);
// empty when there would be more than kMaxPatterns (the caller then uses aggregate rows).
constexpr size_t kMaxPatterns = 4000;
std::vector<Pattern> enumerate_patterns(const std::vector<int>& lengths,
                                        const std::vector<int>& days_of, int max_days,
                                        double max_minutes) {
  std::vector<Pattern> out;
  Pattern cur;
  cur.count.assign(lengths.size(), 0);
  bool too_many = false;
  auto walk = [&](auto&& self, size_t l, int shifts) -> void {
    if (too_many) return;
    if (l == lengths.size()) {
      if (fits_days(cur.count, days_of, 0, 0)) out.push_back(cur);
      too_many = out.size() > kMaxPatterns;
      return;
    }
    for (int c = 0; shifts + c <= max_days; ++c) {
      if (cur.minutes + c * lengths[l] > max_minutes + 1e-9) break;
      cur.count[l] = c;
      cur.minutes += c * lengths[l];
      self(self, l + 1, shifts + c);
      cur.minutes -= c * lengths[l];
    }
    cur.count[l] = 0;
  };
  walk(walk, 0, 0);
  if (too_many) out.clear();
  return out;
}

}  // namespace

Result<CoverPlan> solve_cover(const ScheduleProblem& p, const SolveOptions& options) {
  CoverPlan plan;
  plan.kinds = enumerate_shift_kinds(p);
  plan.classes = classify_agents(p, plan.kinds);
  const int n = p.interval_count();
  const int iv = p.interval_minutes;
  const double h = iv / 60.0;
  const int nc = static_cast<int>(plan.classes.size());
  const int nk = static_cast<int>(plan.kinds.size());
  const int weeks = (p.days + 6) / 7;
  plan.count.assign(nc, std::vector<int>(nk, 0));

  LpBuilder lp;
  // Per class: columns of x (or -1), capacity rows per interval (or -1).
  std::vector<std::vector<int>> x_col(nc, std::vector<int>(nk, -1));
  std::vector<std::vector<int>> cap_row(nc, std::vector<int>(n, -1));

  // (3) cover rows and u columns.
  std::vector<std::vector<int>> cover_row(p.front_office.size(), std::vector<int>(n, -1));
  for (size_t g = 0; g < p.front_office.size(); ++g)
    for (int t = 0; t < n; ++t) {
      const double req = p.front_office[g].required_agents[t];
      if (req <= 1e-9) continue;
      cover_row[g][t] = lp.add_row(req, kInfinity);
      const int u =
          lp.add_column(p.weights.unmet_front_office_per_agent_hour * h, 0, kInfinity, false);
      lp.add(cover_row[g][t], u, 1.0);
    }
  // (4) back office: balance rows, D and v columns.
  std::vector<std::vector<int>> balance_row(p.back_office.size(), std::vector<int>(n, -1));
  for (size_t j = 0; j < p.back_office.size(); ++j) {
    const BackOfficeWindow& w = p.back_office[j];
    int prev_d = -1;
    for (int t = 0; t < n; ++t) {
      const int d = lp.add_column(0.0, 0.0, w.available_hours[t], false);
      balance_row[j][t] = lp.add_row(0.0, 0.0);
      lp.add(balance_row[j][t], d, 1.0);
      if (prev_d >= 0) lp.add(balance_row[j][t], prev_d, -1.0);
      if (w.due_hours[t] > 1e-9) {
        const int v =
            lp.add_column(p.weights.late_back_office_per_hour_hour * h, 0, kInfinity, false);
        const int r = lp.add_row(w.due_hours[t], kInfinity);
        lp.add(r, d, 1.0);
        lp.add(r, v, 1.0);
      }
      prev_d = d;
    }
  }
  for (int c = 0; c < nc; ++c) {
    const AgentClass& cls = plan.classes[c];
    // (1) capacity rows with a and w columns.
    for (int t = 0; t < n; ++t) {
      std::vector<int> cols;
      for (int g : cls.skills.groups)
        if (cover_row[g][t] >= 0) {
          const int a = lp.add_column(0.0, 0, kInfinity, false);
          lp.add(cover_row[g][t], a, 1.0);
          cols.push_back(a);
        }
      for (int j : cls.skills.work_types)
        if (p.back_office[j].available_hours[t] > 1e-9) {
          const int w = lp.add_column(0.0, 0, kInfinity, false);
          lp.add(balance_row[j][t], w, -h);
          cols.push_back(w);
        }
      if (cols.empty()) continue;
      cap_row[c][t] = lp.add_row(-kInfinity, 0.0);
      for (int col : cols) lp.add(cap_row[c][t], col, 1.0);
    }
    // Heads available per kind and per day.
    std::vector<int> day_heads(p.days, 0);
    std::vector<std::vector<bool>> avail_day(cls.agents.size(), std::vector<bool>(p.days, false));
    std::vector<int> kind_heads(nk, 0);
    for (int k = 0; k < nk; ++k) {
      const ShiftKind& kind = plan.kinds[k];
      for (size_t i = 0; i < cls.agents.size(); ++i)
        if (is_available(p, p.agents[cls.agents[i]], kind.start_minute, kind.end_minute())) {
          ++kind_heads[k];
          avail_day[i][kind.day] = true;
        }
    }
    for (size_t i = 0; i < cls.agents.size(); ++i)
      for (int d = 0; d < p.days; ++d)
        if (avail_day[i][d]) ++day_heads[d];
    // x and y columns.
    for (int k = 0; k < nk; ++k) {
      if (kind_heads[k] == 0) continue;
      const ShiftKind& kind = plan.kinds[k];
      const int x =
          lp.add_column(cls.cost_per_hour * kind.paid_minutes / 60.0, 0, kind_heads[k], true);
      x_col[c][k] = x;
      const int first = kind.start_minute / iv;
      const int last = std::min(n, kind.end_minute() / iv);
      for (int t = first; t < last; ++t)
        if (cap_row[c][t] >= 0) lp.add(cap_row[c][t], x, -1.0);
      const ShiftTemplate& tmpl = p.shift_templates[kind.template_index];
      for (size_t r = 0; r < kind.break_starts.size(); ++r) {
        const auto& starts = kind.break_starts[r];
        const int link = lp.add_row(0.0, 0.0);  // (2)
        lp.add(link, x, -1.0);
        const int positions =
            std::max(1, std::min<int>(options.break_positions, static_cast<int>(starts.size())));
        for (int q = 0; q < positions; ++q) {
          const size_t idx = positions == 1 ? starts.size() / 2
                                            : static_cast<size_t>(q) * (starts.size() - 1) /
                                                  static_cast<size_t>(positions - 1);
          const int y = lp.add_column(0.0, 0, kInfinity, false);
          lp.add(link, y, 1.0);
          const int b0 = starts[idx] / iv;
          const int b1 = std::min(n, (starts[idx] + tmpl.breaks[r].duration_minutes) / iv);
          for (int t = b0; t < b1; ++t)
            if (cap_row[c][t] >= 0) lp.add(cap_row[c][t], y, 1.0);
        }
      }
    }
    // (5) heads per day.
    for (int d = 0; d < p.days; ++d) {
      const int row = lp.add_row(-kInfinity, day_heads[d]);
      for (int k = 0; k < nk; ++k)
        if (x_col[c][k] >= 0 && plan.kinds[k].day == d) lp.add(row, x_col[c][k], 1.0);
    }
    // (6)-(9) per week. The agents of a class share contract limits and availability, so
    // n[d] counts the class's agents working exactly d days that week.
    const Contract& con = p.agents[cls.agents.front()].contract;
    const double heads = static_cast<double>(cls.agents.size());
    for (int wk = 0; wk < weeks; ++wk) {
      const int days_in_week = std::min(7, p.days - 7 * wk);
      const double min_minutes = con.min_hours_per_week * 60.0 * days_in_week / 7.0;
      const double max_minutes = con.max_hours_per_week * 60.0;
      int longest = 0;  // L: the longest paid shift the class can work this week
      for (int k = 0; k < nk; ++k)
        if (x_col[c][k] >= 0 && plan.kinds[k].day / 7 == wk)
          longest = std::max(longest, plan.kinds[k].paid_minutes);
      int days_avail = 0;
      for (int d = 7 * wk; d < 7 * wk + days_in_week; ++d) days_avail += avail_day[0][d];
      const int max_days = std::min(con.max_days_per_week, days_avail);
      if (longest == 0) continue;
      // (10) weekly patterns, when few enough: the class's agents split into patterns (counts
      // of shifts per paid length that fit the days, the maximum days and hours); the shifts
      // of each length are the patterns' and the minimum shortfall is theirs. Tighter than
      // (6)-(9), which it implies: every roster of named agents is such a split.
      std::vector<int> lengths;
      for (int k = 0; k < nk; ++k)
        if (x_col[c][k] >= 0 && plan.kinds[k].day / 7 == wk &&
            std::find(lengths.begin(), lengths.end(), plan.kinds[k].paid_minutes) == lengths.end())
          lengths.push_back(plan.kinds[k].paid_minutes);
      std::sort(lengths.begin(), lengths.end());
      std::vector<int> days_of(lengths.size(), 0);
      for (int k = 0; k < nk; ++k)
        if (x_col[c][k] >= 0 && plan.kinds[k].day / 7 == wk) {
          const auto l =
              std::lower_bound(lengths.begin(), lengths.end(), plan.kinds[k].paid_minutes) -
              lengths.begin();
          days_of[l] |= 1 << (plan.kinds[k].day % 7);
        }
      const std::vector<Pattern> patterns =
          enumerate_patterns(lengths, days_of, max_days, max_minutes);
      if (!patterns.empty()) {
        const int slack = lp.add_column(
            kMinimumShortfallFactor * std::max(1.0, cls.cost_per_hour) / 60.0, 0, kInfinity, false);
        const int heads_row = lp.add_row(heads, heads);    // the empty pattern idles
        const int short_row = lp.add_row(0.0, kInfinity);  // s >= sum_p shortfall_p n[p]
        lp.add(short_row, slack, 1.0);
        std::vector<int> length_row(lengths.size());
        for (size_t l = 0; l < lengths.size(); ++l) length_row[l] = lp.add_row(0.0, 0.0);
        for (int k = 0; k < nk; ++k)
          if (x_col[c][k] >= 0 && plan.kinds[k].day / 7 == wk) {
            const auto l =
                std::lower_bound(lengths.begin(), lengths.end(), plan.kinds[k].paid_minutes) -
                lengths.begin();
            lp.add(length_row[l], x_col[c][k], 1.0);
          }
        for (const Pattern& pat : patterns) {
          const int np = lp.add_column(0.0, 0.0, heads, false);
          lp.add(heads_row, np, 1.0);
          const double shortfall = std::max(0.0, min_minutes - pat.minutes);
          if (shortfall > 1e-9) lp.add(short_row, np, -shortfall);
          for (size_t l = 0; l < lengths.size(); ++l)
            if (pat.count[l] > 0) lp.add(length_row[l], np, -pat.count[l]);
        }
        continue;
      }
      const int days_row = lp.add_row(0.0, 0.0);  // (7) sum x = sum_d d n[d]
      const int heads_row = lp.add_row(-kInfinity, heads);
      const int hours_row =
          lp.add_row(-kInfinity, 0.0);  // (6) sum paid x <= sum_d min(max, dL) n[d]
      const int min_row = lp.add_row(min_minutes * heads, kInfinity);  // (6) sum paid x + s >= M N
      // (8) s + sum_d min(M, d L) n[d] >= M N: an agent working d days is paid at most d L.
      const int reach_row = lp.add_row(min_minutes * heads, kInfinity);
      const double budget = max_days * static_cast<double>(longest) - min_minutes;
      // (9) shifts whose shortness (L - paid) exceeds half the largest budget: one per agent.
      int smallest_big = std::numeric_limits<int>::max();
      for (int k = 0; k < nk; ++k)
        if (x_col[c][k] >= 0 && plan.kinds[k].day / 7 == wk) {
          const int shortness = longest - plan.kinds[k].paid_minutes;
          if (2.0 * shortness > budget && shortness <= budget)
            smallest_big = std::min(smallest_big, shortness);
        }
      const int big_row = smallest_big < std::numeric_limits<int>::max() && budget > 0
                              ? lp.add_row(-kInfinity, 0.0)
                              : -1;
      const int slack = lp.add_column(
          kMinimumShortfallFactor * std::max(1.0, cls.cost_per_hour) / 60.0, 0, kInfinity, false);
      lp.add(min_row, slack, 1.0);
      lp.add(reach_row, slack, 1.0);
      if (big_row >= 0) lp.add(big_row, slack, -1.0 / (2.0 * smallest_big - budget));
      for (int d = 1; d <= max_days; ++d) {
        const int nd = lp.add_column(0.0, 0.0, heads, false);
        lp.add(days_row, nd, -d);
        lp.add(heads_row, nd, 1.0);
        lp.add(hours_row, nd, -std::min(max_minutes, d * static_cast<double>(longest)));
        lp.add(reach_row, nd, std::min(min_minutes, d * static_cast<double>(longest)));
        if (big_row >= 0) lp.add(big_row, nd, -1.0);
      }
      for (int k = 0; k < nk; ++k)
        if (x_col[c][k] >= 0 && plan.kinds[k].day / 7 == wk) {
          const int shortness = longest - plan.kinds[k].paid_minutes;
          lp.add(days_row, x_col[c][k], 1.0);
          lp.add(hours_row, x_col[c][k], plan.kinds[k].paid_minutes);
          lp.add(min_row, x_col[c][k], plan.kinds[k].paid_minutes);
          if (big_row >= 0 && 2.0 * shortness > budget && shortness <= budget)
            lp.add(big_row, x_col[c][k], 1.0);
        }
    }
  }
  plan.columns = lp.columns();
  plan.rows = lp.rows();

  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(0);
  solver.setHintParam(OsiDoReducePrint, true, OsiHintTry);
  lp.load(solver);
  CbcModel model(solver);
  bool interrupted = false;
  std::function<void(const CbcModel&)> report;
  if (options.on_progress) {
    report = [&options](const CbcModel& m) {
      SolveProgress p;
      p.incumbent = m.getSolutionCount() > 0 ? m.getObjValue() : kInfinity;
      p.bound = m.getBestPossibleObjValue();
      p.gap = std::isfinite(p.incumbent) && std::abs(p.incumbent) > 1e-9
                  ? (p.incumbent - p.bound) / std::abs(p.incumbent)
                  : kInfinity;
      p.elapsed_seconds = m.getCurrentSeconds();
      options.on_progress(p);
    };
  }
  StopAndReport handler(options.stop, &interrupted, 50, std::move(report));
  model.passInEventHandler(&handler);

  run_cbc(model, cbc_run_options(options, options.time_limit_seconds));

  plan.seconds = model.getCurrentSeconds();
  const double* cbc_solution = model.getSolutionCount() > 0 ? model.bestSolution() : nullptr;
  const double cbc_objective = cbc_solution != nullptr ? model.getObjValue() : kInfinity;
  // A second candidate, kept when CBC has no incumbent or a worse one (large models at a short
  // time limit): the LP relaxation rounded (counts rounded, floored where rounding breaks a
  // row), the continuous rest re-solved as an LP.
  std::vector<double> fallback;
  double fallback_objective = kInfinity;
  plan.bound = model.getBestPossibleObjValue();
  if (cbc_solution == nullptr || !model.isProvenOptimal()) {
    OsiClpSolverInterface relaxed;
    relaxed.messageHandler()->setLogLevel(0);
    lp.load(relaxed);
    for (int i = 0; i < relaxed.getNumCols(); ++i) relaxed.setContinuous(i);
    relaxed.initialSolve();
    if (relaxed.isProvenOptimal()) {
      const double cbc_bound = model.getBestPossibleObjValue();
      plan.bound = std::isfinite(cbc_bound) ? std::max(cbc_bound, relaxed.getObjValue())
                                            : relaxed.getObjValue();
      const std::vector<double> lp_x(relaxed.getColSolution(),
                                     relaxed.getColSolution() + relaxed.getNumCols());
      // Systematic rounding per class and day (kinds in start order): a shift is emitted each
      // time the running LP sum passes k + 0.5, so daily totals are the LP's, rounded, and the
      // shifts sit where the LP put them (thin LP values do not all round to zero).
      for (bool floor_only : {false, true}) {
        for (int c = 0; c < nc; ++c) {
          std::vector<std::vector<int>> by_day(p.days);
          for (int k = 0; k < nk; ++k)
            if (x_col[c][k] >= 0) by_day[plan.kinds[k].day].push_back(k);
          for (auto& ks : by_day) {
            std::stable_sort(ks.begin(), ks.end(), [&](int a, int b) {
              return plan.kinds[a].start_minute < plan.kinds[b].start_minute;
            });
            double running = 0;
            int emitted = 0;
            for (int k : ks) {
              const int col = x_col[c][k];
              double v;
              if (floor_only) {
                v = std::floor(lp_x[col] + 1e-6);
              } else {
                running += lp_x[col];
                const int total = static_cast<int>(std::floor(running + 0.5 + 1e-9));
                v = std::min<double>(total - emitted, relaxed.getColUpper()[col]);
                emitted += static_cast<int>(v);
              }
              relaxed.setColBounds(col, v, v);
            }
          }
        }
        relaxed.resolve();
        if (relaxed.isProvenOptimal() && relaxed.getObjValue() < cbc_objective - 1e-6) {
          fallback.assign(relaxed.getColSolution(),
                          relaxed.getColSolution() + relaxed.getNumCols());
          fallback_objective = relaxed.getObjValue();
          break;
        }
      }
    }
  }
  plan.interrupted = interrupted || (options.stop != nullptr && options.stop->load());
  const bool use_fallback = !fallback.empty();
  const double* sol = use_fallback ? fallback.data() : cbc_solution;
  if (sol != nullptr) {
    plan.objective = use_fallback ? fallback_objective : cbc_objective;
    plan.proven_optimal = !use_fallback && model.isProvenOptimal();
    for (int c = 0; c < nc; ++c)
      for (int k = 0; k < nk; ++k)
        if (x_col[c][k] >= 0)
          plan.count[c][k] = static_cast<int>(std::lround(std::max(0.0, sol[x_col[c][k]])));
  } else {
    plan.objective = kInfinity;  // no incumbent: the repair stage builds the schedule greedily
  }
  if (!std::isfinite(plan.bound) || plan.bound > plan.objective)
    plan.bound = std::min(plan.bound, plan.objective);
  plan.gap = std::isfinite(plan.objective) && std::abs(plan.objective) > 1e-9
                 ? std::max(0.0, (plan.objective - plan.bound) / std::abs(plan.objective))
                 : 0.0;
  return plan;
}

}  // namespace tandem::schedule::detail
