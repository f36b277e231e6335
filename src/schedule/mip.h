// SPDX-License-Identifier: Apache-2.0
// Internal: a sparse MIP builder and the COIN-OR CBC driver call shared by the cover model and
// the rostering model (not part of the module's API). CbcMain0/CbcMain1 apply CBC's default
// cuts and heuristics; every run is silent, single-threaded unless asked, seeded and bounded
// by a wall-clock time limit (and optionally a node limit).
#pragma once

#include <CbcEventHandler.hpp>
#include <CbcModel.hpp>
#include <CbcSolver.hpp>
#include <CoinMessageHandler.hpp>
#include <CoinPackedMatrix.hpp>
#include <OsiClpSolverInterface.hpp>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace tandem::schedule::detail {

inline constexpr double kInfinity = std::numeric_limits<double>::infinity();
// A minute below a contract minimum costs this many times the agent's cost of a paid minute
// (both models): high enough that the models use it only when the minimum is out of reach.
inline constexpr double kMinimumShortfallFactor = 10.0;

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
    for (double& v : cl)
      if (std::isinf(v)) v = -solver.getInfinity();
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

struct CbcRunOptions {
  double seconds = 10.0;  // wall clock
  double relative_gap = 0.01;
  int seed = 1;
  int threads = 1;
  int max_nodes = 0;  // 0 = no node limit
};

// Stops the search when the caller's flag is set (noting it in *interrupted) and calls
// report(model) on each new incumbent and every `every` nodes (either model's progress).
class StopAndReport : public CbcEventHandler {
 public:
  StopAndReport(const std::atomic<bool>* stop, bool* interrupted, long every,
                std::function<void(const CbcModel&)> report)
      : stop_(stop), interrupted_(interrupted), every_(every), report_(std::move(report)) {}
  CbcEventHandler* clone() const override { return new StopAndReport(*this); }
  CbcAction event(CbcEvent which) override {
    if (stop_ != nullptr && stop_->load()) {
      *interrupted_ = true;
      return stop;
    }
    if (report_ && (which == solution || which == heuristicSolution ||
                    (which == node && (++nodes_ % every_) == 0))) {
      report_(*model_);
    }
    return noAction;
  }

 private:
  const std::atomic<bool>* stop_;
  bool* interrupted_;
  long every_;
  std::function<void(const CbcModel&)> report_;
  long nodes_ = 0;
};

// CBC settings from a solve's options (the scheduler's or the Curtois model's SolveOptions:
// relative_gap, seed, threads, max_nodes) and a wall-clock limit.
template <class Options>
CbcRunOptions cbc_run_options(const Options& o, double seconds) {
  CbcRunOptions run;
  run.seconds = seconds;
  run.relative_gap = o.relative_gap;
  run.seed = o.seed;
  run.threads = o.threads;
  run.max_nodes = o.max_nodes;
  return run;
}

// Runs CBC's standard driver on `model` (its solver already loaded), silently.
inline void run_cbc(CbcModel& model, const CbcRunOptions& o) {
  model.messageHandler()->setLogLevel(0);
  model.setLogLevel(0);
  CbcSolverUsefulData data;
  data.noPrinting_ = true;
  data.useSignalHandler_ = false;
  CbcMain0(model, data);
  model.setLogLevel(0);
  model.messageHandler()->setLogLevel(0);
  const std::string seconds = std::to_string(std::max(0.1, o.seconds));
  const std::string gap = std::to_string(std::max(0.0, o.relative_gap));
  const std::string seed = std::to_string(o.seed);
  const std::string threads = std::to_string(std::max(1, o.threads) == 1 ? 0 : o.threads);
  const std::string nodes = std::to_string(o.max_nodes);
  std::vector<const char*> args = {
      "tandem-schedule", "-log",           "0",          "-slog",         "0",
      "-timeMode",       "elapsed",        "-sec",       seconds.c_str(), "-ratio",
      gap.c_str(),       "-randomCbcSeed", seed.c_str(), "-randomSeed",   seed.c_str(),
      "-threads",        threads.c_str()};
  if (o.max_nodes > 0) {
    args.push_back("-maxNodes");
    args.push_back(nodes.c_str());
  }
  args.push_back("-solve");
  args.push_back("-quit");
  CbcMain1(
      static_cast<int>(args.size()), args.data(), model, [](CbcModel*, int) { return 0; }, data);
}

}  // namespace tandem::schedule::detail
