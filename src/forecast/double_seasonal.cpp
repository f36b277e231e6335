// SPDX-License-Identifier: Apache-2.0
// Taylor (2003) double-seasonal Holt-Winters, multiplicative, with AR(1) error correction,
// on the series of open intervals. Seasonal indices are keyed by slot (daily cycle) and by
// (weekday, slot) (weekly cycle), so closed periods and missing days do not shift them:
//   m_t   = l * d[slot] * w[weekday, slot]              (the smoothed one-step mean)
//   yhat  = m_t + phi * e_{t-1}                          e_t = y_t - m_t
//   l <- a * y / (d w) + (1 - a) * l
//   d[slot] <- b * y / (l w) + (1 - b) * d[slot]
//   w[weekday, slot] <- c * y / (l d) + (1 - c) * w[weekday, slot]
// The constants (a, b, c, phi) minimise the one-step squared error (Nelder-Mead) over the
// last kWindowWeeks weeks; k steps ahead the correction is phi^k * e_last.
#include <algorithm>
#include <cmath>

#include "forecast/methods.h"

namespace tandem::forecast {

namespace {

constexpr int kWindowWeeks = 10;
constexpr int kInitWeeks = 3;
constexpr int kMaxEvaluations = 90;

struct Params {
  double a, b, c, phi;
};

// Runs the recursions over `pts` from `init`; returns the sum of squared one-step errors.
double run(std::span<const SeriesPoint> pts, int slots, const Params& p,
           DoubleSeasonal::State& st) {
  double sse = 0.0;
  double prev_e = 0.0;
  for (const auto& pt : pts) {
    const int s = pt.key.slot;
    if (s >= slots) continue;
    double& d = st.daily[static_cast<std::size_t>(s)];
    double& w = st.weekly[static_cast<std::size_t>(pt.key.weekday * slots + s)];
    const double m = st.level * d * w;
    const double y = pt.volume;
    const double yhat = m + p.phi * prev_e;
    sse += (y - yhat) * (y - yhat);
    prev_e = y - m;
    const double dw = std::max(d * w, 1e-6);
    const double level = p.a * y / dw + (1.0 - p.a) * st.level;
    st.level = std::max(level, 1e-6);
    d = p.b * y / std::max(st.level * w, 1e-6) + (1.0 - p.b) * d;
    w = p.c * y / std::max(st.level * d, 1e-6) + (1.0 - p.c) * w;
    st.last_key = pt.key;
  }
  st.last_error = prev_e;
  return sse;
}

DoubleSeasonal::State initial_state(std::span<const SeriesPoint> pts, int slots) {
  DoubleSeasonal::State st;
  st.daily.assign(static_cast<std::size_t>(slots), 1.0);
  st.weekly.assign(static_cast<std::size_t>(7 * slots), 0.0);
  std::vector<int> count(st.weekly.size(), 0);
  double sum = 0.0;
  std::size_t n = 0;
  const std::int32_t first = pts.front().key.day;
  for (const auto& pt : pts) {
    if (pt.key.day - first >= 7 * kInitWeeks) break;
    if (pt.key.slot >= slots) continue;
    const auto idx = static_cast<std::size_t>(pt.key.weekday * slots + pt.key.slot);
    st.weekly[idx] += pt.volume;
    ++count[idx];
    sum += pt.volume;
    ++n;
  }
  st.level = n > 0 ? std::max(sum / double(n), 1e-6) : 1.0;
  for (std::size_t i = 0; i < st.weekly.size(); ++i)
    st.weekly[i] = count[i] > 0 ? st.weekly[i] / count[i] / st.level : 1.0;
  return st;
}

}  // namespace

Status DoubleSeasonal::fit(std::span<const SeriesPoint> history, int slots_per_day) {
  if (Status s = check_one_season(history); !s.is_ok()) return s;
  slots_ = slots_per_day;
  // Keep the last kWindowWeeks weeks (whole days).
  const std::int32_t from_day = history.back().key.day - 7 * kWindowWeeks + 1;
  auto first = std::lower_bound(history.begin(), history.end(), from_day,
                                [](const SeriesPoint& p, std::int32_t d) { return p.key.day < d; });
  const auto window = history.subspan(static_cast<std::size_t>(first - history.begin()));
  const State init = initial_state(window, slots_);
  auto objective = [&](const std::vector<double>& x) {
    State st = init;
    // Smoothing constants live in [0, 0.5]; phi in [0, 1).
    return run(window, slots_, {0.5 * x[0], 0.5 * x[1], 0.5 * x[2], 0.99 * x[3]}, st);
  };
  const auto x = detail::minimise_unit_cube(objective, {0.05, 0.1, 0.1, 0.5}, kMaxEvaluations);
  const Params best{0.5 * x[0], 0.5 * x[1], 0.5 * x[2], 0.99 * x[3]};
  state_ = init;
  run(window, slots_, best, state_);
  phi_ = best.phi;
  return Status::ok();
}

std::vector<double> DoubleSeasonal::predict(std::span<const IntervalKey> targets) const {
  std::vector<double> out;
  out.reserve(targets.size());
  double correction = state_.last_error;
  for (const auto& k : targets) {
    correction *= phi_;
    double v = 0.0;
    if (k.slot < slots_) {
      v = state_.level * state_.daily[static_cast<std::size_t>(k.slot)] *
              state_.weekly[static_cast<std::size_t>(k.weekday * slots_ + k.slot)] +
          correction;
    }
    out.push_back(std::max(0.0, v));
  }
  return out;
}

}  // namespace tandem::forecast
