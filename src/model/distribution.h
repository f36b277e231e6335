// SPDX-License-Identifier: Apache-2.0
// A handle-time (or wait-time) distribution as described in a scenario. Sampling lives with
// the random streams of the simulator; this is only the description and its mean.
#pragma once

#include <string>
#include <vector>

namespace tandem {

enum class DistributionKind { kFixed, kExponential, kLognormal, kGamma, kEmpirical };

struct Distribution {
  DistributionKind kind = DistributionKind::kFixed;
  double mean_seconds = 0.0;
  double cv = 0.0;                      // coefficient of variation (lognormal, gamma)
  std::vector<double> samples_seconds;  // empirical

  double mean() const { return mean_seconds; }
  static Distribution fixed(double seconds) { return {DistributionKind::kFixed, seconds, 0.0, {}}; }
  static Distribution exponential(double mean) {
    return {DistributionKind::kExponential, mean, 1.0, {}};
  }
};

const char* to_string(DistributionKind kind);

}  // namespace tandem
