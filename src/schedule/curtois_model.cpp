// SPDX-License-Identifier: Apache-2.0
// The Curtois benchmark MIP (person x day x shift type), solved with COIN-OR CBC.
//
// Notation: employee e, day d (0..H-1), shift type s, weekend i (days 7i+5, 7i+6);
// w[e,d] = Σ_s x[e,d,s] (1 when e works on day d; an expression, not a column).
// Variables
//   x[e,d,s] binary   e works shift s on day d (no column on days off or when max_shifts = 0)
//   k[e,i]   in [0,1] e works weekend i (k >= each weekend day's w, so integral at optimum)
//   u[d,s]   >= 0     people missing on the cover of (d,s); o[d,s] >= 0 people in excess
// Constraints (numbered as in docs/scheduling.md)
//   (1) one shift a day           Σ_s x[e,d,s] <= 1
//   (2) forbidden successions     x[e,d,s] + Σ_{t in F(s)} x[e,d+1,t] <= 1
//   (3) max shifts per type       Σ_d x[e,d,s] <= max_shifts[e][s]
//   (4) total minutes             min_total <= Σ_{d,s} len_s x[e,d,s] <= max_total
//   (5) max consecutive shifts C  Σ_{j=d}^{d+C} w[e,j] <= C          (every window of C+1 days)
//   (6) min consecutive shifts K  a run of work starting on day a >= 1 lasts K days or to
//       the horizon's end, one ending on day f <= H-2 began K-1 days earlier or at day 0:
//       w[a] - w[a-1] <= w[a+j] (a+j <= H-1),  w[f] - w[f+1] <= w[f-j] (f-j >= 0),  0 < j < K
//   (7) min consecutive days off K'  the same for days off (1 - w), 0 < j < K':
//       w[a-1] - w[a] + w[a+j] <= 1,  w[f+1] - w[f] + w[f-j] <= 1
//   (8) max weekends W            k[e,i] >= w[e,7i+5], k[e,i] >= w[e,7i+6], Σ_i k[e,i] <= W
//   (9) cover                     Σ_e x[e,d,s] + u[d,s] - o[d,s] = requirement(d,s)
// Objective: Σ on-request weights × (1 - x) + Σ off-request weights × x
//            + Σ (under weight × u + over weight × o).
// The constant part (Σ on-request weights) is added after the solve.
#include <CbcEventHandler.hpp>
#include <CbcModel.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "schedule/curtois_model.h"
#include "schedule/mip.h"

namespace tandem::schedule::curtois {

const char* to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOptimal:
      return "optimal";
    case Outcome::kFeasible:
      return "feasible";
    case Outcome::kInterrupted:
      return "interrupted";
    case Outcome::kNoRoster:
      return "no_roster";
    case Outcome::kInfeasible:
      return "infeasible";
    case Outcome::kFailed:
      return "failed";
  }
  return "?";
}

namespace {

using detail::kInfinity;

struct Model {
  detail::LpBuilder mip;
  std::vector<std::vector<std::vector<int>>> x;  // [e][d][s] column or -1
  double offset = 0;                             // constant part of the objective
};

// The whole model, or (the heuristic's subproblem) the model of the employees with
// free[e] = true while the others keep their shifts: fixed[d][s] of them work s on day d, so
// the cover rows ask for requirement - fixed (the penalty of the total stays exact).
Model build(const Instance& in, const std::vector<bool>* free = nullptr,
            const std::vector<std::vector<int>>* fixed = nullptr) {
  Model m;
  const int E = static_cast<int>(in.employees.size());
  const int H = in.days;
  const int S = static_cast<int>(in.shifts.size());
  detail::LpBuilder& mip = m.mip;

  std::vector<std::vector<std::vector<double>>> cost(
      E, std::vector<std::vector<double>>(H, std::vector<double>(S, 0.0)));
  for (const ShiftRequest& r : in.on_requests) {
    m.offset += r.weight;
    cost[r.employee][r.day][r.shift] -= r.weight;
  }
  for (const ShiftRequest& r : in.off_requests) cost[r.employee][r.day][r.shift] += r.weight;

  m.x.assign(E, std::vector<std::vector<int>>(H, std::vector<int>(S, -1)));
  auto skip = [&](int e) { return free != nullptr && !(*free)[e]; };
  for (int e = 0; e < E; ++e) {
    if (skip(e)) continue;
    const Employee& emp = in.employees[e];
    std::vector<bool> off(H, false);
    for (int d : emp.days_off) off[d] = true;
    for (int d = 0; d < H; ++d)
      for (int s = 0; s < S; ++s)
        if (!off[d] && emp.max_shifts[s] > 0 && in.shifts[s].minutes <= emp.max_total_minutes)
          m.x[e][d][s] = mip.add_column(cost[e][d][s], 0, 1, true);
  }
  // Adds w[e,d] × coef to a row.
  auto add_w = [&](int row, int e, int d, double coef) {
    for (int s = 0; s < S; ++s)
      if (m.x[e][d][s] >= 0) mip.add(row, m.x[e][d][s], coef);
  };
  auto works_ever = [&](int e, int d) {
    for (int s = 0; s < S; ++s)
      if (m.x[e][d][s] >= 0) return true;
    return false;
  };

  for (int e = 0; e < E; ++e) {
    if (skip(e)) continue;
    const Employee& emp = in.employees[e];
    // (1) one shift a day.
    for (int d = 0; d < H; ++d)
      if (works_ever(e, d)) add_w(mip.add_row(-kInfinity, 1), e, d, 1.0);
    // (2) forbidden successions.
    for (int d = 0; d + 1 < H; ++d)
      for (int s = 0; s < S; ++s) {
        if (m.x[e][d][s] < 0) continue;
        std::vector<int> next;
        for (int t : in.shifts[s].forbidden_next)
          if (m.x[e][d + 1][t] >= 0) next.push_back(m.x[e][d + 1][t]);
        if (next.empty()) continue;
        const int row = mip.add_row(-kInfinity, 1);
        mip.add(row, m.x[e][d][s], 1.0);
        for (int col : next) mip.add(row, col, 1.0);
      }
    // (3) max shifts per type.
    for (int s = 0; s < S; ++s) {
      if (emp.max_shifts[s] <= 0 || emp.max_shifts[s] >= H) continue;
      const int row = mip.add_row(-kInfinity, emp.max_shifts[s]);
      for (int d = 0; d < H; ++d)
        if (m.x[e][d][s] >= 0) mip.add(row, m.x[e][d][s], 1.0);
    }
    // (4) total minutes.
    {
      const int row = mip.add_row(emp.min_total_minutes, emp.max_total_minutes);
      for (int d = 0; d < H; ++d)
        for (int s = 0; s < S; ++s)
          if (m.x[e][d][s] >= 0) mip.add(row, m.x[e][d][s], in.shifts[s].minutes);
    }
    // (5) max consecutive shifts.
    const int C = emp.max_consecutive_shifts;
    for (int d = 0; d + C < H; ++d) {
      const int row = mip.add_row(-kInfinity, C);
      for (int j = d; j <= d + C; ++j) add_w(row, e, j, 1.0);
    }
    // (6) min consecutive shifts K: a run of work starting on day a >= 1 (w[a-1] = 0,
    // w[a] = 1) goes on for K days or up to the horizon's end, and symmetrically a run ending on
    // day f <= H-2 began K-1 days earlier or at day 0. These 3-term rows imply the pattern rows
    // "no run of l < K working days between two days off" and give a tighter LP.
    const int K = emp.min_consecutive_shifts;
    for (int a = 1; a < H; ++a)
      for (int j = 1; j < K && a + j < H; ++j) {  // w[a] - w[a-1] - w[a+j] <= 0
        if (!works_ever(e, a)) continue;
        const int row = mip.add_row(-kInfinity, 0);
        add_w(row, e, a, 1.0);
        add_w(row, e, a - 1, -1.0);
        add_w(row, e, a + j, -1.0);
      }
    for (int f = 0; f + 1 < H; ++f)
      for (int j = 1; j < K && f - j >= 0; ++j) {  // w[f] - w[f+1] - w[f-j] <= 0
        if (!works_ever(e, f)) continue;
        const int row = mip.add_row(-kInfinity, 0);
        add_w(row, e, f, 1.0);
        add_w(row, e, f + 1, -1.0);
        add_w(row, e, f - j, -1.0);
      }
    // (7) min consecutive days off K': the same for runs of days off (1 - w).
    const int K_off = emp.min_consecutive_days_off;
    for (int a = 1; a < H; ++a)
      for (int j = 1; j < K_off && a + j < H; ++j) {  // w[a-1] - w[a] + w[a+j] <= 1
        if (!works_ever(e, a - 1) || !works_ever(e, a + j)) continue;
        const int row = mip.add_row(-kInfinity, 1);
        add_w(row, e, a - 1, 1.0);
        add_w(row, e, a, -1.0);
        add_w(row, e, a + j, 1.0);
      }
    for (int f = 0; f + 1 < H; ++f)
      for (int j = 1; j < K_off && f - j >= 0; ++j) {  // w[f+1] - w[f] + w[f-j] <= 1
        if (!works_ever(e, f + 1) || !works_ever(e, f - j)) continue;
        const int row = mip.add_row(-kInfinity, 1);
        add_w(row, e, f + 1, 1.0);
        add_w(row, e, f, -1.0);
        add_w(row, e, f - j, 1.0);
      }
    // (8) max weekends.
    const int weekends = (H + 1) / 7;  // weekends with at least their Saturday in the horizon
    if (emp.max_weekends < weekends) {
      const int limit = mip.add_row(-kInfinity, emp.max_weekends);
      for (int i = 0; i < weekends; ++i) {
        const int k = mip.add_column(0.0, 0, 1, false);
        mip.add(limit, k, 1.0);
        for (int d : {7 * i + 5, 7 * i + 6}) {
          if (d >= H || !works_ever(e, d)) continue;
          const int row = mip.add_row(0, kInfinity);  // k - w >= 0
          mip.add(row, k, 1.0);
          add_w(row, e, d, -1.0);
        }
      }
    }
  }
  // (9) cover.
  for (const CoverRequirement& c : in.cover) {
    const double wanted = c.requirement - (fixed != nullptr ? (*fixed)[c.day][c.shift] : 0);
    const int row = mip.add_row(wanted, wanted);
    for (int e = 0; e < E; ++e)
      if (m.x[e][c.day][c.shift] >= 0) mip.add(row, m.x[e][c.day][c.shift], 1.0);
    mip.add(row, mip.add_column(c.under_weight, 0, kInfinity, false), 1.0);
    mip.add(row, mip.add_column(c.over_weight, 0, kInfinity, false), -1.0);
  }
  return m;
}

// One CBC run through the CbcMain0/CbcMain1 driver (default presolve, cuts and heuristics).
struct CbcRun {
  std::vector<double> x;  // best solution found (empty if none)
  double objective = kInfinity;
  double bound = -kInfinity;
  bool optimal = false;
  bool infeasible = false;
  double seconds = 0;
  long long nodes = 0;
};

CbcRun run_cbc(const detail::LpBuilder& mip, const SolveOptions& options, double seconds_limit,
               CbcEventHandler* handler) {
  OsiClpSolverInterface solver;
  solver.messageHandler()->setLogLevel(0);
  solver.setHintParam(OsiDoReducePrint, true, OsiHintTry);
  mip.load(solver);
  CbcModel model(solver);
  if (handler != nullptr) model.passInEventHandler(handler);
  detail::run_cbc(model, detail::cbc_run_options(options, seconds_limit));
  CbcRun run;
  run.seconds = model.getCurrentSeconds();
  run.nodes = model.getNodeCount();
  run.bound = model.getBestPossibleObjValue();
  run.optimal = model.isProvenOptimal();
  // Only a search that ran to its end proves infeasibility (CBC 2.10 also flags a root stopped
  // by the time limit as "proven infeasible").
  run.infeasible = model.isProvenInfeasible() && model.status() == 0 &&
                   !model.isSecondsLimitReached() && !model.isNodeLimitReached();
  if (model.getSolutionCount() > 0 && model.bestSolution() != nullptr) {
    run.x.assign(model.bestSolution(), model.bestSolution() + mip.columns());
    run.objective = model.getObjValue();
  }
  return run;
}

Roster roster_of(const Instance& in, const Model& m, const std::vector<double>& x) {
  Roster r;
  r.shift.assign(in.employees.size(), std::vector<int>(in.days, kOff));
  for (size_t e = 0; e < in.employees.size(); ++e)
    for (int d = 0; d < in.days; ++d)
      for (size_t s = 0; s < in.shifts.size(); ++s) {
        const int col = m.x[e][d][s];
        if (col >= 0 && x[col] > 0.5) r.shift[e][d] = static_cast<int>(s);
      }
  return r;
}

// The heuristic start. The hard rules bind each employee alone (only the cover, which is
// soft, couples them), so: (a) construction: employee by employee, the best row given the rows
// already placed (a one-employee MIP with the cover rows, exact); (b) large neighbourhood
// search: repeatedly free a few employees (drawn with the seed), re-solve their MIP with the
// others fixed, keep the result unless it is worse; the objective never increases. Stops at
// the deadline (wall clock; the construction always finishes) or when moves stop gaining. Returns
// an empty roster when some employee has no feasible row.
Roster heuristic_roster(const Instance& in, const SolveOptions& options, double seconds) {
  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  const int E = static_cast<int>(in.employees.size());
  const int H = in.days;
  const int S = static_cast<int>(in.shifts.size());
  Roster r;
  r.shift.assign(E, std::vector<int>(H, kOff));
  std::vector<std::vector<int>> count(H, std::vector<int>(S, 0));
  SolveOptions sub = options;
  sub.relative_gap = 0;
  sub.max_nodes = 0;
  sub.stop = nullptr;
  sub.on_progress = nullptr;
  // Re-solves the employees in `free` with everyone else fixed; true when it found a row each.
  auto resolve = [&](const std::vector<bool>& free, double limit) {
    for (int e = 0; e < E; ++e)
      if (free[e])
        for (int d = 0; d < H; ++d)
          if (r.shift[e][d] != kOff) --count[d][r.shift[e][d]];
    const Model m = build(in, &free, &count);
    const CbcRun run = run_cbc(m.mip, sub, limit, nullptr);
    if (!run.x.empty()) {
      const Roster part = roster_of(in, m, run.x);
      for (int e = 0; e < E; ++e)
        if (free[e]) r.shift[e] = part.shift[e];
    }
    for (int e = 0; e < E; ++e)
      if (free[e])
        for (int d = 0; d < H; ++d)
          if (r.shift[e][d] != kOff) ++count[d][r.shift[e][d]];
    return !run.x.empty();
  };
  for (int e = 0; e < E; ++e) {
    std::vector<bool> free(E, false);
    free[e] = true;
    // Finished even past the deadline: a roster needs every employee.
    if (!resolve(free, std::max(1.0, seconds / 4))) return Roster{};
  }
  std::mt19937 rng(static_cast<unsigned>(options.seed));
  const int k = std::min(E, 3);
  long long current = check_roster(in, r).objective;
  // Stops after max(20, 2E) moves in a row without a gain, at the deadline, or on request.
  for (int stall = 0; stall < std::max(20, 2 * E) && elapsed() < seconds &&
                      !(options.stop != nullptr && options.stop->load());) {
    std::vector<bool> free(E, false);
    for (int picked = 0; picked < k;) {
      const int e = std::uniform_int_distribution<int>(0, E - 1)(rng);
      if (!free[e]) free[e] = true, ++picked;
    }
    const Roster before = r;
    const std::vector<std::vector<int>> count_before = count;
    resolve(free, std::max(0.5, std::min(5.0, seconds - elapsed())));
    const Evaluation ev = check_roster(in, r);
    if (!ev.feasible() || ev.objective > current) {  // a sub-MIP stopped early: undo
      r = before;
      count = count_before;
    } else {
      stall = ev.objective < current ? 0 : stall + 1;
      current = ev.objective;
      continue;
    }
    ++stall;
  }
  return r;
}

}  // namespace

Result<Solution> solve(const Instance& in, const SolveOptions& options) {
  if (Status s = validate_instance(in); !s.is_ok()) return s;
  const auto started = std::chrono::steady_clock::now();
  Model m = build(in);
  Solution out;
  out.columns = m.mip.columns();
  out.rows = m.mip.rows();

  // CBC alone often finds no roster at all on the 4-week instances within a minute: the
  // heuristic gets a share of the time (half by default), CBC (for its bound, and a better
  // roster if it finds one) the rest.
  const Roster start =
      options.heuristic_share > 0
          ? heuristic_roster(in, options, options.heuristic_share * options.time_limit_seconds)
          : Roster{};
  const bool have_start = !start.shift.empty() && check_roster(in, start).feasible();
  const double used =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  bool interrupted = false;
  std::function<void(const CbcModel&)> report;
  if (options.on_progress) {
    report = [&options, offset = m.offset](const CbcModel& cbc) {
      const double incumbent = cbc.getSolutionCount() > 0 ? cbc.getObjValue() + offset : kInfinity;
      options.on_progress(incumbent, cbc.getBestPossibleObjValue() + offset,
                          cbc.getCurrentSeconds());
    };
  }
  detail::StopAndReport handler(options.stop, &interrupted, 100, std::move(report));
  const CbcRun run =
      run_cbc(m.mip, options, std::max(0.1, options.time_limit_seconds - used), &handler);
  out.seconds = used + run.seconds;
  out.nodes = run.nodes;
  interrupted = interrupted || (options.stop != nullptr && options.stop->load());
  // All costs are integers: the optimum is an integer, so the bound rounds up.
  const double raw_bound = run.bound + m.offset;
  out.bound = std::isfinite(raw_bound) ? std::ceil(raw_bound - 1e-6) : raw_bound;

  bool from_cbc = !run.x.empty();
  if (!from_cbc && !have_start) {
    out.outcome = interrupted      ? Outcome::kInterrupted
                  : run.infeasible ? Outcome::kInfeasible
                                   : Outcome::kNoRoster;
    return out;
  }
  out.roster = from_cbc ? roster_of(in, m, run.x) : start;
  out.evaluation = check_roster(in, out.roster);
  // The checker's count is the objective reported; the MIP's value must agree with it.
  const bool agrees = !from_cbc || std::abs(static_cast<double>(out.evaluation.objective) -
                                            (run.objective + m.offset)) < 1e-3;
  if (from_cbc && have_start && out.evaluation.feasible() && agrees) {
    const Evaluation start_eval = check_roster(in, start);
    if (start_eval.objective < out.evaluation.objective) {  // the heuristic's roster is better
      out.roster = start;
      out.evaluation = start_eval;
      from_cbc = false;
    }
  }
  out.objective = static_cast<double>(out.evaluation.objective);
  if (out.bound > out.objective) out.bound = out.objective;
  out.gap = std::abs(out.objective) > 1e-9
                ? std::max(0.0, (out.objective - out.bound) / std::abs(out.objective))
                : 0.0;
  if (!out.evaluation.feasible() || !agrees) {
    out.outcome = Outcome::kFailed;
  } else if (interrupted) {
    out.outcome = Outcome::kInterrupted;
  } else if ((from_cbc && run.optimal) || out.gap <= options.relative_gap + 1e-12) {
    out.outcome = Outcome::kOptimal;
  } else {
    out.outcome = Outcome::kFeasible;
  }
  return out;
}

}  // namespace tandem::schedule::curtois
