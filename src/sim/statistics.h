// SPDX-License-Identifier: Apache-2.0
// Statistics over independent replications: each KPI of a replication is a ratio
// numerator / denominator (a count has denominator 1). Over n replications a KPI's estimate
// is the ratio of the means, sum(X)/sum(Y), with a 95% confidence interval from the delta
// method and Student's t with n - 1 degrees of freedom (the "function of means" intervals of
// the ContactCenters library, so Tandem's and its intervals are comparable). With every
// denominator equal to 1 this is the ordinary Student t interval of the mean.
// Pure functions; thread-safe.
#pragma once

#include <span>
#include <string>

namespace tandem::sim {

// Two-sided 95% quantile of Student's t with `df` degrees of freedom (df >= 1);
// exact table to 30, then a Cornish-Fisher expansion (error < 1e-4).
double student_t_975(int df);

struct Estimate {
  double mean = 0.0;
  double low = 0.0;  // 95% interval
  double high = 0.0;
  int replications = 0;
  bool overlaps(double other_low, double other_high) const {
    return low <= other_high && other_low <= high;
  }
};

// The estimate of sum(numerators)/sum(denominators) over replications (equal sizes).
// Replications whose denominator is 0 count (as 0/0) in the sums. Fewer than two
// replications: the interval is the point itself. A zero denominator mean gives NaN.
Estimate ratio_estimate(std::span<const double> numerators, std::span<const double> denominators);
// The Student t estimate of a mean.
Estimate mean_estimate(std::span<const double> values);

}  // namespace tandem::sim
