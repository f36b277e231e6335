// SPDX-License-Identifier: Apache-2.0
// `auto`: forecast combination chosen by an inner rolling-origin backtest on the TRAINING
// history only (the last kInnerOrigins weeks before the forecast origin). Every non-empty
// subset of the candidates is scored by the mean MASE of its plain mean over the inner
// folds; the best subset (ties: the larger one) is refitted on the whole history.
#include <cmath>
#include <limits>

#include "forecast/accuracy.h"
#include "forecast/backtest.h"
#include "forecast/methods.h"

namespace tandem::forecast {

namespace {
constexpr std::string_view kCandidates[] = {"daily_profile", "double_seasonal", "regression"};
constexpr int kCandidateCount = 3;
constexpr int kInnerOrigins = 4;
}  // namespace

Status AutoCombination::fit(std::span<const SeriesPoint> history, int slots_per_day) {
  if (Status s = check_one_season(history); !s.is_ok()) return s;
  const auto folds = weekly_folds(history, kInnerOrigins, 7);
  // forecasts[c][f] of candidate c on fold f
  std::vector<std::vector<std::vector<double>>> forecasts(kCandidateCount);
  std::vector<std::vector<double>> actuals;
  std::vector<double> scales;
  for (const Fold& fold : folds) {
    const auto train = history.first(fold.origin);
    const auto test = history.subspan(fold.origin, fold.end - fold.origin);
    const auto keys = keys_of(test);
    actuals.push_back(volumes_of(test));
    scales.push_back(one_day_naive_mae(train));
    for (int c = 0; c < kCandidateCount; ++c) {
      auto m = make_method(kCandidates[c]);
      if (!m->fit(train, slots_per_day).is_ok()) return Status::internal("inner fit failed");
      forecasts[static_cast<std::size_t>(c)].push_back(m->predict(keys));
    }
  }
  unsigned best_mask = (1u << kCandidateCount) - 1;
  if (!folds.empty()) {
    double best_score = std::numeric_limits<double>::infinity();
    for (unsigned mask = 1; mask < (1u << kCandidateCount); ++mask) {
      double score = 0.0;
      for (std::size_t f = 0; f < folds.size(); ++f) {
        std::vector<double> combined(actuals[f].size(), 0.0);
        int members = 0;
        for (int c = 0; c < kCandidateCount; ++c) {
          if (!(mask & (1u << c))) continue;
          ++members;
          const auto& fc = forecasts[static_cast<std::size_t>(c)][f];
          for (std::size_t i = 0; i < combined.size(); ++i) combined[i] += fc[i];
        }
        for (double& v : combined) v /= members;
        score += accuracy(actuals[f], combined, scales[f]).mase;
      }
      const bool larger = std::popcount(mask) > std::popcount(best_mask);
      if (score < best_score - 1e-12 || (std::abs(score - best_score) <= 1e-12 && larger)) {
        best_score = score;
        best_mask = mask;
      }
    }
  }
  members_.clear();
  for (int c = 0; c < kCandidateCount; ++c) {
    if (!(best_mask & (1u << c))) continue;
    auto m = make_method(kCandidates[c]);
    if (Status s = m->fit(history, slots_per_day); !s.is_ok()) return s;
    members_.push_back(std::move(m));
  }
  return Status::ok();
}

std::vector<double> AutoCombination::predict(std::span<const IntervalKey> targets) const {
  std::vector<double> out(targets.size(), 0.0);
  for (const auto& m : members_) {
    const auto f = m->predict(targets);
    for (std::size_t i = 0; i < out.size(); ++i) out[i] += f[i] / double(members_.size());
  }
  return out;
}

std::vector<std::string_view> AutoCombination::chosen() const {
  std::vector<std::string_view> names;
  for (const auto& m : members_) names.push_back(m->name());
  return names;
}

}  // namespace tandem::forecast
