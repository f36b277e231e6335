// The cover MIP, solved with COIN-OR CBC through its CbcMain0/CbcMain1 driver (cuts and
// heuristics on), one thread, a fixed seed, a time limit and a relative gap.
//
// Its size does not grow with the number of agents: shifts are counted per agent class
// (agents with equal skills), never per person.
//
// Variables (class c, shift kind k, interval t, group g, work type j, break rule r, position p)
//   x[c,k]     integer  shifts of kind k worked by agents of class c
//   y[c,k,r,p] >= 0     of those, how many take break r at position p
//   a[c,g,t]   >= 0     agents of class c on the phones of group g during t
//   w[c,j,t]   >= 0     agents of class c on back-office work j during t
//   u[g,t]     >= 0     front-office requirement left unmet (agents)
//   D[j,t]     in [0, available_j(t)]  cumulative back-office hours done by the end of t
//   v[j,t]     >= 0     back-office hours late at the end of t
//   s[c,w]     >= 0     contract-minimum minutes the class cannot reach in week w
// Constraints
//   (1) capacity:  sum_g a[c,g,t] + sum_j w[c,j,t] <= on-duty(x, y)[c,t]
//   (2) breaks:    sum_p y[c,k,r,p] = x[c,k]
//   (3) cover:     sum_c a[c,g,t] + u[g,t] >= required_g(t)
//   (4) back office: D[j,t] = D[j,t-1] + h * sum_c w[c,j,t];  D[j,t] + v[j,t] >= due_j(t)
//   (5) heads per day: sum_{k on day d} x[c,k] <= agents of c available on day d
//   (6) contract hours per week: minimum (soft, s) <= sum paid_k x[c,k] <= maximum
//   (7) days per week: sum_{k in week w} x[c,k] <= sum_agents min(max days, days available)
// Objective: cost of paid hours + unmet and lateness penalties (+ 10 x cost for s).
#include <CbcEventHandler.hpp>
#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <CoinMessageHandler.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <string>

#include "schedule/internal.h"

namespace tandem::schedule::detail {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

class LpBuilder {
 public:
  int add_column(double cost, double lower, double upper, bool integer) {
    cost_.push_back(cost);
    col_lower_.push_back(lower);
    col_upper_.push_back(upper);
    integer_.push_back(integer);
    return static_cast<int>(cost_.size()) - 1;
  }
  int add_row(double lower, double upper) {
    row_lower_.push_back(lower);
    row_upper_.push_back(upper);
    return static_cast<int>(row_lower_.size()) - 1;
  }
  void add(int row, int col, double value) {
    rows_.push_back(row);
    cols_.push_back(col);
    values_.push_back(value);
  }
  int columns() const { return static_cast<int>(cost_.size()); }
  int rows() const { return static_cast<int>(row_lower_.size()); }

  void load(OsiClpSolverInterface& solver) const {
    CoinPackedMatrix matrix(true, rows_.data(), cols_.data(), values_.data(),
                            static_cast<CoinBigIndex>(values_.size()));
    matrix.setDimensions(rows(), columns());
    std::vector<double> cl(col_lower_), cu(col_upper_), rl(row_lower_), ru(row_upper_);
    for (double& v : cu)
      if (std::isinf(v)) v = solver.getInfinity();
    for (double& v : rl)
      if (std::isinf(v)) v = -solver.getInfinity();
    for (double& v : ru)
      if (std::isinf(v)) v = solver.getInfinity();
    solver.loadProblem(matrix, cl.data(), cu.data(), cost_.data(), rl.data(), ru.data());
    for (int i = 0; i < columns(); ++i)
      if (integer_[i]) solver.setInteger(i);
  }

 private:
  std::vector<double> cost_, col_lower_, col_upper_, row_lower_, row_upper_;
  std::vector<bool> integer_;
  std::vector<int> rows_, cols_;
  std::vector<double> values_;
};

// Reports progress and stops the search when the caller's flag is set.
class ProgressHandler : public CbcEventHandler {
 public:
  ProgressHandler(const SolveOptions* options, bool* interrupted)
      : options_(options), interrupted_(interrupted) {}
  CbcEventHandler* clone() const override { return new ProgressHandler(*this); }
  CbcAction event(CbcEvent which) override {
    if (options_->stop != nullptr && options_->stop->load()) {
      *interrupted_ = true;
      return stop;
    }
    if (options_->on_progress && (which == solution || which == heuristicSolution ||
                                  (which == node && (++nodes_ % 50) == 0))) {
      SolveProgress p;
      p.incumbent = model_->getSolutionCount() > 0 ? model_->getObjValue() : kInf;
      p.bound = model_->getBestPossibleObjValue();
      p.gap = std::isfinite(p.incumbent) && std::abs(p.incumbent) > 1e-9
                  ? (p.incumbent - p.bound) / std::abs(p.incumbent)
                  : kInf;
      p.elapsed_seconds = model_->getCurrentSeconds();
      options_->on_progress(p);
    }
    return noAction;
  }

 private:
  const SolveOptions* options_;
  bool* interrupted_;
  long nodes_ = 0;
};

}  // namespace

Result<CoverPlan> solve_cover(const ScheduleProblem& p, const SolveOptions& options) {
  CoverPlan plan;
  plan.classes = classify_agents(p);
  plan.kinds = enumerate_shift_kinds(p);
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
      cover_row[g][t] = lp.add_row(req, kInf);
      const int u = lp.add_column(p.weights.unmet_front_office_per_agent_hour * h, 0, kInf, false);
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
        const int v = lp.add_column(p.weights.late_back_office_per_hour_hour * h, 0, kInf, false);
        const int r = lp.add_row(w.due_hours[t], kInf);
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
          const int a = lp.add_column(0.0, 0, kInf, false);
          lp.add(cover_row[g][t], a, 1.0);
          cols.push_back(a);
        }
      for (int j : cls.skills.work_types)
        if (p.back_office[j].available_hours[t] > 1e-9) {
          const int w = lp.add_column(0.0, 0, kInf, false);
          lp.add(balance_row[j][t], w, -h);
          cols.push_back(w);
        }
      if (cols.empty()) continue;
      cap_row[c][t] = lp.add_row(-kInf, 0.0);
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
          const int y = lp.add_column(0.0, 0, kInf, false);
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
      const int row = lp.add_row(-kInf, day_heads[d]);
      for (int k = 0; k < nk; ++k)
        if (x_col[c][k] >= 0 && plan.kinds[k].day == d) lp.add(row, x_col[c][k], 1.0);
    }
    // (6), (7) per week.
    for (int wk = 0; wk < weeks; ++wk) {
      double min_minutes = 0, max_minutes = 0, max_days = 0;
      const int days_in_week = std::min(7, p.days - 7 * wk);
      const double share = days_in_week / 7.0;
      for (size_t i = 0; i < cls.agents.size(); ++i) {
        const Contract& con = p.agents[cls.agents[i]].contract;
        int days_avail = 0;
        for (int d = 7 * wk; d < 7 * wk + days_in_week; ++d) days_avail += avail_day[i][d];
        min_minutes += con.min_hours_per_week * 60.0 * share;
        max_minutes += con.max_hours_per_week * 60.0;
        max_days += std::min(con.max_days_per_week, days_avail);
      }
      const int hours_row = lp.add_row(-kInf, max_minutes);
      const int days_row = lp.add_row(-kInf, max_days);
      const int min_row = lp.add_row(min_minutes, kInf);
      const int slack =
          lp.add_column(10.0 * std::max(1.0, cls.cost_per_hour) / 60.0, 0, kInf, false);
      lp.add(min_row, slack, 1.0);
      for (int k = 0; k < nk; ++k)
        if (x_col[c][k] >= 0 && plan.kinds[k].day / 7 == wk) {
          lp.add(hours_row, x_col[c][k], plan.kinds[k].paid_minutes);
          lp.add(min_row, x_col[c][k], plan.kinds[k].paid_minutes);
          lp.add(days_row, x_col[c][k], 1.0);
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
  model.messageHandler()->setLogLevel(0);
  model.setLogLevel(0);
  bool interrupted = false;
  ProgressHandler handler(&options, &interrupted);
  model.passInEventHandler(&handler);

  CbcSolverUsefulData data;
  data.noPrinting_ = true;
  data.useSignalHandler_ = false;
  CbcMain0(model, data);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  const std::string seconds = std::to_string(std::max(0.1, options.time_limit_seconds));
  const std::string gap = std::to_string(std::max(0.0, options.relative_gap));
  const std::string seed = std::to_string(options.seed);
  const std::string threads =
      std::to_string(std::max(1, options.threads) == 1 ? 0 : options.threads);
  const char* argv[] = {
      "tandem-schedule", "-log",           "0",          "-slog",         "0",
      "-timeMode",       "elapsed",        "-sec",       seconds.c_str(), "-ratio",
      gap.c_str(),       "-randomCbcSeed", seed.c_str(), "-randomSeed",   seed.c_str(),
      "-threads",        threads.c_str(),  "-solve",     "-quit"};
  std::vector<const char*> args(std::begin(argv), std::end(argv) - 2);
  const std::string nodes = std::to_string(options.max_nodes);
  if (options.max_nodes > 0) {
    args.push_back("-maxNodes");
    args.push_back(nodes.c_str());
  }
  args.push_back("-solve");
  args.push_back("-quit");
  CbcMain1(
      static_cast<int>(args.size()), args.data(), model, [](CbcModel*, int) { return 0; }, data);

  plan.seconds = model.getCurrentSeconds();
  const double* cbc_solution = model.getSolutionCount() > 0 ? model.bestSolution() : nullptr;
  const double cbc_objective = cbc_solution != nullptr ? model.getObjValue() : kInf;
  // A second candidate, kept when CBC has no incumbent or a worse one (large models at a short
  // time limit): the LP relaxation rounded (counts rounded, floored where rounding breaks a
  // row), the continuous rest re-solved as an LP.
  std::vector<double> fallback;
  double fallback_objective = kInf;
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
    plan.objective = kInf;  // no incumbent: the repair stage builds the schedule greedily
  }
  if (!std::isfinite(plan.bound) || plan.bound > plan.objective)
    plan.bound = std::min(plan.bound, plan.objective);
  plan.gap = std::isfinite(plan.objective) && std::abs(plan.objective) > 1e-9
                 ? std::max(0.0, (plan.objective - plan.bound) / std::abs(plan.objective))
                 : 0.0;
  return plan;
}

}  // namespace tandem::schedule::detail
