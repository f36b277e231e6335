// SPDX-License-Identifier: Apache-2.0
// Seeded random streams for the simulator. Each source of randomness (the arrivals of one
// queue, the handle time of one task, the absences of one agent) draws from its own stream,
// named by (seed, stream id), so a change in one place does not reshuffle the others and two
// policies simulated with the same seed see the same customers (common random numbers).
//
// The generator is xoshiro256** seeded through splitmix64; every transform to a distribution
// is written here (the std:: distributions differ between standard libraries), so a run is
// reproducible bit for bit on any platform. Not thread-safe: one stream per thread.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>

#include "model/distribution.h"

namespace tandem::sim {

// Mixes any number of 64-bit words into one (splitmix64 finaliser chained): stream ids.
std::uint64_t mix_ids(std::initializer_list<std::uint64_t> words);

class RandomStream {
 public:
  RandomStream(std::uint64_t seed, std::uint64_t stream_id);

  // Next raw 64 random bits.
  std::uint64_t next();
  // Uniform on the open interval (0, 1): never exactly 0 or 1 (safe for logs).
  double uniform();
  // Standard normal (Marsaglia polar method; the spare value is kept).
  double normal();
  // Exponential with the given mean (> 0).
  double exponential(double mean);
  // Lognormal with the given mean and coefficient of variation (cv > 0).
  double lognormal(double mean, double cv);
  // Gamma with the given mean and coefficient of variation (shape = 1/cv^2), by
  // Marsaglia and Tsang (2000); shapes below 1 use the boost u^(1/shape).
  double gamma(double mean, double cv);
  // One of the samples, uniformly (an empirical distribution); 0 when empty.
  double empirical(std::span<const double> samples);
  // True with probability p.
  bool bernoulli(double p);

  // A draw from a scenario distribution, in the distribution's unit (seconds).
  double sample(const Distribution& distribution);

 private:
  std::uint64_t s_[4];
  double spare_normal_ = 0.0;
  bool has_spare_ = false;
};

}  // namespace tandem::sim
