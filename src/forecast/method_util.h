// SPDX-License-Identifier: Apache-2.0
// Internal helpers shared by the method implementations (not part of the module's API).
#pragma once

#include <array>
#include <cmath>
#include <span>
#include <vector>

#include "forecast/series.h"

namespace tandem::forecast::detail {

// The open intervals of one local date: points [begin, end) of the history.
struct DayBlock {
  std::int32_t day = 0;
  int weekday = 0;
  double total = 0.0;
  std::size_t begin = 0;
  std::size_t end = 0;
};

std::vector<DayBlock> split_days(std::span<const SeriesPoint> history);

// Intraday shares per (weekday, slot): recency-weighted mean of each day's share of its
// total (weight `decay` per week of age), for the weekdays seen. Index weekday * slots + slot.
struct IntradayProfile {
  int slots = 0;
  std::vector<double> share;   // 7 * slots
  std::vector<double> weight;  // 7 * slots: total weight behind each share
  std::array<bool, 7> seen{};
  double at(int weekday, int slot) const;
};
IntradayProfile intraday_profile(std::span<const SeriesPoint> history,
                                 const std::vector<DayBlock>& days, int slots, double decay);

// Shrinks each weekday's shares towards the all-weekday mean share of the same slot with a
// prior weight `prior` (in days), then renormalises each weekday to sum to its own total.
void shrink_profile(IntradayProfile& profile, double prior);

// Nelder-Mead minimisation of f over the unit cube [0,1]^n from `start` (coordinates are
// clamped); at most `max_evaluations` calls. Returns the best point found.
template <class F>
std::vector<double> minimise_unit_cube(F&& f, std::vector<double> start, int max_evaluations);

}  // namespace tandem::forecast::detail

#include "forecast/method_util_inl.h"
