// SPDX-License-Identifier: Apache-2.0
// The concrete forecasting methods (see forecast/method.h for the contract and
// docs/forecasting.md for the formulas). Create them through make_method().
#pragma once

#include <array>
#include <memory>
#include <vector>

#include "forecast/method.h"
#include "forecast/method_util.h"

namespace tandem::forecast {

// Same weekday and slot, the last time it was observed.
class SeasonalNaive final : public ForecastMethod {
 public:
  std::string_view name() const override { return "seasonal_naive"; }
  Status fit(std::span<const SeriesPoint> history, int slots_per_day) override;
  std::vector<double> predict(std::span<const IntervalKey> targets) const override;

 private:
  int slots_ = 0;
  std::vector<double> last_;              // 7 * slots; NaN = never seen
  std::vector<double> last_any_weekday_;  // per slot
};

// Daily totals by Holt-Winters (level + multiplicative weekday seasonality, smoothing
// constants chosen by one-step error on the history) x recency-weighted intraday profile.
class DailyProfile final : public ForecastMethod {
 public:
  std::string_view name() const override { return "daily_profile"; }
  Status fit(std::span<const SeriesPoint> history, int slots_per_day) override;
  std::vector<double> predict(std::span<const IntervalKey> targets) const override;

 private:
  double level_ = 0.0;
  std::array<double, 7> season_{};
  detail::IntradayProfile profile_;
};

// Taylor (2003) double-seasonal Holt-Winters, multiplicative, with AR(1) error correction.
class DoubleSeasonal final : public ForecastMethod {
 public:
  std::string_view name() const override { return "double_seasonal"; }
  Status fit(std::span<const SeriesPoint> history, int slots_per_day) override;
  std::vector<double> predict(std::span<const IntervalKey> targets) const override;

  struct State {
    double level = 0.0;
    std::vector<double> daily;   // per slot
    std::vector<double> weekly;  // per weekday * slots + slot
    double last_error = 0.0;
    IntervalKey last_key;
  };

 private:
  int slots_ = 0;
  double phi_ = 0.0;
  State state_;
};

// Weighted least squares on daily totals x pooled intraday profile.
class Regression final : public ForecastMethod {
 public:
  std::string_view name() const override { return "regression"; }
  Status fit(std::span<const SeriesPoint> history, int slots_per_day) override;
  std::vector<double> predict(std::span<const IntervalKey> targets) const override;

 private:
  std::vector<double> beta_;
  std::int32_t day0_ = 0;
  bool month_effects_ = false;
  detail::IntradayProfile profile_;
};

// The mean of the best subset of {daily_profile, double_seasonal, regression}, chosen by an
// inner rolling-origin backtest (4 weekly origins) on the training history only.
class AutoCombination final : public ForecastMethod {
 public:
  std::string_view name() const override { return "auto"; }
  Status fit(std::span<const SeriesPoint> history, int slots_per_day) override;
  std::vector<double> predict(std::span<const IntervalKey> targets) const override;
  // The methods combined by the last fit (names).
  std::vector<std::string_view> chosen() const;

 private:
  std::vector<std::unique_ptr<ForecastMethod>> members_;
};

// Daily-total features of the regression (exposed for tests): 7 weekday indicators, weeks
// since day0, and (when month_effects) last-3-days-of-month and first-3-days indicators.
std::vector<double> regression_features(std::int32_t day, std::int32_t day0, bool month_effects);

}  // namespace tandem::forecast
