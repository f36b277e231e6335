// SPDX-License-Identifier: Apache-2.0
#include "forecast/method.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "forecast/method_util.h"
#include "forecast/methods.h"

namespace tandem::forecast {

namespace {
constexpr std::array<std::string_view, 5> kNames = {"seasonal_naive", "daily_profile",
                                                    "double_seasonal", "regression", "auto"};
}  // namespace

std::span<const std::string_view> method_names() { return kNames; }

std::unique_ptr<ForecastMethod> make_method(std::string_view name) {
  if (name == "seasonal_naive") return std::make_unique<SeasonalNaive>();
  if (name == "daily_profile") return std::make_unique<DailyProfile>();
  if (name == "double_seasonal") return std::make_unique<DoubleSeasonal>();
  if (name == "regression") return std::make_unique<Regression>();
  if (name == "auto") return std::make_unique<AutoCombination>();
  return nullptr;
}

Status check_one_season(std::span<const SeriesPoint> history) {
  if (history.empty()) return Status::invalid_argument("history is empty");
  const int span_days = history.back().key.day - history.front().key.day + 1;
  if (span_days < 7)
    return Status::invalid_argument(
        fmt::format("history spans {} day(s); at least one season (7 days) is needed", span_days));
  return Status::ok();
}

namespace detail {

std::vector<DayBlock> split_days(std::span<const SeriesPoint> history) {
  std::vector<DayBlock> days;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const auto& k = history[i].key;
    if (days.empty() || days.back().day != k.day) {
      days.push_back({k.day, k.weekday, 0.0, i, i});
    }
    days.back().total += history[i].volume;
    days.back().end = i + 1;
  }
  return days;
}

double IntradayProfile::at(int weekday, int slot) const {
  if (slot < 0 || slot >= slots) return 0.0;
  return share[static_cast<std::size_t>(weekday * slots + slot)];
}

IntradayProfile intraday_profile(std::span<const SeriesPoint> history,
                                 const std::vector<DayBlock>& days, int slots, double decay) {
  IntradayProfile p;
  p.slots = slots;
  p.share.assign(static_cast<std::size_t>(7 * slots), 0.0);
  p.weight.assign(p.share.size(), 0.0);
  if (days.empty()) return p;
  const std::int32_t last_day = days.back().day;
  std::array<double, 7> day_weight{};
  for (const auto& d : days) {
    if (d.total <= 0.0) continue;
    const double age_weeks = (last_day - d.day) / 7.0;
    const double w = std::pow(decay, age_weeks);
    day_weight[d.weekday] += w;
    p.seen[d.weekday] = true;
    for (std::size_t i = d.begin; i < d.end; ++i) {
      const auto& pt = history[i];
      if (pt.key.slot >= slots) continue;
      const auto idx = static_cast<std::size_t>(d.weekday * slots + pt.key.slot);
      p.share[idx] += w * pt.volume / d.total;
      p.weight[idx] += w;
    }
  }
  // Shares are averaged over all days of the weekday (a slot absent on a day counts as 0).
  for (int wd = 0; wd < 7; ++wd) {
    if (day_weight[wd] <= 0.0) continue;
    for (int s = 0; s < slots; ++s)
      p.share[static_cast<std::size_t>(wd * slots + s)] /= day_weight[wd];
  }
  return p;
}

void shrink_profile(IntradayProfile& p, double prior) {
  if (prior <= 0.0) return;
  const int slots = p.slots;
  std::vector<double> mean(static_cast<std::size_t>(slots), 0.0);
  int seen = 0;
  for (int wd = 0; wd < 7; ++wd) {
    if (!p.seen[wd]) continue;
    ++seen;
    for (int s = 0; s < slots; ++s) mean[s] += p.share[static_cast<std::size_t>(wd * slots + s)];
  }
  if (seen == 0) return;
  for (double& m : mean) m /= seen;
  for (int wd = 0; wd < 7; ++wd) {
    if (!p.seen[wd]) continue;
    double before = 0.0, after = 0.0;
    std::vector<double> shrunk(static_cast<std::size_t>(slots));
    for (int s = 0; s < slots; ++s) {
      const auto idx = static_cast<std::size_t>(wd * slots + s);
      before += p.share[idx];
      const double n = p.weight[idx];
      // Only slots open on this weekday borrow strength; closed slots stay closed.
      shrunk[s] = n > 0.0 ? (n * p.share[idx] + prior * mean[s]) / (n + prior) : 0.0;
      after += shrunk[s];
    }
    const double scale = after > 0.0 ? before / after : 0.0;
    for (int s = 0; s < slots; ++s)
      p.share[static_cast<std::size_t>(wd * slots + s)] = shrunk[s] * scale;
  }
}

}  // namespace detail
}  // namespace tandem::forecast
