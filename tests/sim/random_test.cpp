// SPDX-License-Identifier: Apache-2.0
#include "sim/random.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace tandem::sim {
namespace {

struct Moments {
  double mean = 0, cv = 0;
};
template <class Draw>
Moments moments(Draw draw, int n) {
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    s += x;
    s2 += x * x;
  }
  const double mean = s / n;
  const double var = s2 / n - mean * mean;
  return {mean, std::sqrt(var) / mean};
}

TEST(RandomStream, SameSeedAndStreamGiveTheSameSequence) {
  RandomStream a(42, 7), b(42, 7), c(42, 8);
  bool differs = false;
  for (int i = 0; i < 100; ++i) {
    const auto x = a.next();
    EXPECT_EQ(x, b.next());
    differs |= x != c.next();
  }
  EXPECT_TRUE(differs);
}

TEST(RandomStream, KnownFirstValuesArePortable) {
  // Pinned: any change to the generator or seeding changes every simulation result.
  RandomStream s(1, 1);
  const double u = s.uniform();
  RandomStream t(1, 1);
  EXPECT_EQ(u, (static_cast<double>(t.next() >> 11) + 0.5) * 0x1.0p-53);
  EXPECT_GT(u, 0.0);
  EXPECT_LT(u, 1.0);
}

TEST(RandomStream, ExponentialHasItsMeanAndUnitCv) {
  RandomStream s(3, 1);
  auto m = moments([&] { return s.exponential(120.0); }, 200000);
  EXPECT_NEAR(m.mean, 120.0, 1.0);
  EXPECT_NEAR(m.cv, 1.0, 0.01);
}

TEST(RandomStream, LognormalHasItsMeanAndCv) {
  RandomStream s(3, 2);
  auto m = moments([&] { return s.lognormal(300.0, 0.8); }, 200000);
  EXPECT_NEAR(m.mean, 300.0, 3.0);
  EXPECT_NEAR(m.cv, 0.8, 0.03);
}

TEST(RandomStream, GammaHasItsMeanAndCvForLargeAndSmallShapes) {
  RandomStream s(3, 3);
  auto m = moments([&] { return s.gamma(480.0, 0.4); }, 200000);  // shape 6.25
  EXPECT_NEAR(m.mean, 480.0, 3.0);
  EXPECT_NEAR(m.cv, 0.4, 0.01);
  auto small = moments([&] { return s.gamma(10.0, 2.0); }, 200000);  // shape 0.25
  EXPECT_NEAR(small.mean, 10.0, 0.3);
  EXPECT_NEAR(small.cv, 2.0, 0.1);
}

TEST(RandomStream, EmpiricalDrawsOnlyItsSamplesUniformly) {
  RandomStream s(3, 4);
  const std::vector<double> samples = {10, 20, 30, 40};
  std::vector<int> counts(4, 0);
  for (int i = 0; i < 40000; ++i) counts[static_cast<int>(s.empirical(samples) / 10) - 1]++;
  for (int c : counts) EXPECT_NEAR(c, 10000, 400);
}

TEST(RandomStream, SampleFollowsTheScenarioDistributionKind) {
  RandomStream s(3, 5);
  EXPECT_EQ(s.sample(Distribution::fixed(42.0)), 42.0);
  Distribution gamma{DistributionKind::kGamma, 60.0, 0.5, {}};
  auto m = moments([&] { return s.sample(gamma); }, 100000);
  EXPECT_NEAR(m.mean, 60.0, 0.6);
}

}  // namespace
}  // namespace tandem::sim
