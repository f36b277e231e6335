// SPDX-License-Identifier: Apache-2.0
// Regression on daily totals with Eigen: weighted least squares (weights halve every
// kHalfLifeDays of age, so the level follows recent data) with a small ridge penalty:
//   total(day) = sum_w beta_w [weekday = w] + beta_t * weeks_since_start
//                + beta_e [last 3 days of the month] + beta_s [first 3 days of the month]
// Intraday: a recency-weighted profile per weekday, shrunk towards the all-weekday mean
// profile (borrowing strength between similar weekdays).
#include <Eigen/Dense>
#include <chrono>
#include <cmath>

#include "forecast/methods.h"

namespace tandem::forecast {

namespace {
constexpr double kHalfLifeDays = 21.0;
constexpr double kRidge = 1e-9;      // relative to the total weight: keeps unseen weekdays at 0
constexpr double kTrendRidge = 0.5;  // extra penalty on the trend (extrapolation is risky)
constexpr int kFeatures = 10;
constexpr double kProfileDecay = 0.85;
constexpr double kProfilePrior = 0.0;
}  // namespace

std::vector<double> regression_features(std::int32_t day, std::int32_t day0, bool month_effects) {
  namespace chr = std::chrono;
  std::vector<double> x(kFeatures, 0.0);
  x[static_cast<std::size_t>(weekday_of_day(day))] = 1.0;
  x[7] = (day - day0) / 7.0;
  const chr::year_month_day ymd{chr::sys_days{chr::days{day}}};
  const auto last = chr::year_month_day_last{ymd.year(), chr::month_day_last{ymd.month()}};
  const int dom = static_cast<int>(unsigned(ymd.day()));
  const int last_dom = static_cast<int>(unsigned(last.day()));
  if (month_effects) {
    x[8] = (last_dom - dom < 3) ? 1.0 : 0.0;
    x[9] = dom <= 3 ? 1.0 : 0.0;
  }
  return x;
}

Status Regression::fit(std::span<const SeriesPoint> history, int slots_per_day) {
  if (Status s = check_one_season(history); !s.is_ok()) return s;
  // Month-end and start-of-month effects belong to back-office work (daily series).
  month_effects_ = slots_per_day == 1;
  const auto days = detail::split_days(history);
  day0_ = days.front().day;
  const std::int32_t last = days.back().day;
  Eigen::MatrixXd xtwx = Eigen::MatrixXd::Zero(kFeatures, kFeatures);
  Eigen::VectorXd xtwy = Eigen::VectorXd::Zero(kFeatures);
  double total_weight = 0.0;
  for (const auto& d : days) {
    const double w = std::exp2(-(last - d.day) / kHalfLifeDays);
    const auto f = regression_features(d.day, day0_, month_effects_);
    const Eigen::Map<const Eigen::VectorXd> x(f.data(), kFeatures);
    xtwx.noalias() += w * x * x.transpose();
    xtwy.noalias() += w * d.total * x;
    total_weight += w;
  }
  // The ridge pulls the trend and calendar effects towards 0, weekdays towards 0 only
  // when never seen (a tiny penalty).
  for (int i = 0; i < kFeatures; ++i) xtwx(i, i) += kRidge * total_weight;
  // Penalise the trend in units of (weekly volume change)^2 relative to the mean day.
  xtwx(7, 7) += kTrendRidge * total_weight;
  const Eigen::VectorXd beta = xtwx.ldlt().solve(xtwy);
  beta_.assign(beta.data(), beta.data() + kFeatures);
  profile_ = detail::intraday_profile(history, days, slots_per_day, kProfileDecay);
  detail::shrink_profile(profile_, kProfilePrior);
  return Status::ok();
}

std::vector<double> Regression::predict(std::span<const IntervalKey> targets) const {
  std::vector<double> out;
  out.reserve(targets.size());
  std::int32_t cached_day = -1;
  double total = 0.0;
  for (const auto& k : targets) {
    if (k.day != cached_day) {
      const auto f = regression_features(k.day, day0_, month_effects_);
      total = 0.0;
      for (int i = 0; i < kFeatures; ++i)
        total += beta_[static_cast<std::size_t>(i)] * f[static_cast<std::size_t>(i)];
      cached_day = k.day;
    }
    out.push_back(std::max(0.0, total * profile_.at(k.weekday, k.slot)));
  }
  return out;
}

}  // namespace tandem::forecast
