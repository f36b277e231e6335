// SPDX-License-Identifier: Apache-2.0
#include "sim/random.h"

#include <cmath>

namespace tandem::sim {

namespace {
std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
}  // namespace

std::uint64_t mix_ids(std::initializer_list<std::uint64_t> words) {
  std::uint64_t h = 0x6a09e667f3bcc909ULL;
  for (std::uint64_t w : words) {
    std::uint64_t state = h ^ w;
    h = splitmix64(state);
  }
  return h;
}

RandomStream::RandomStream(std::uint64_t seed, std::uint64_t stream_id) {
  std::uint64_t state = mix_ids({seed, stream_id});
  for (auto& word : s_) word = splitmix64(state);
}

std::uint64_t RandomStream::next() {
  const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = rotl(s_[3], 45);
  return result;
}

double RandomStream::uniform() {
  // 53 random bits, shifted by half a step: (0, 1) exclusive.
  return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53;
}

double RandomStream::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_normal_;
  }
  double u, v, s;
  do {
    u = 2.0 * uniform() - 1.0;
    v = 2.0 * uniform() - 1.0;
    s = u * u + v * v;
  } while (s >= 1.0 || s == 0.0);
  const double factor = std::sqrt(-2.0 * std::log(s) / s);
  spare_normal_ = v * factor;
  has_spare_ = true;
  return u * factor;
}

double RandomStream::exponential(double mean) { return -mean * std::log(uniform()); }

double RandomStream::lognormal(double mean, double cv) {
  if (cv <= 0.0) return mean;
  const double sigma2 = std::log1p(cv * cv);
  const double mu = std::log(mean) - 0.5 * sigma2;
  return std::exp(mu + std::sqrt(sigma2) * normal());
}

double RandomStream::gamma(double mean, double cv) {
  if (cv <= 0.0) return mean;
  const double shape = 1.0 / (cv * cv);
  const double scale = mean / shape;
  double boost = 1.0;
  double a = shape;
  if (a < 1.0) {
    boost = std::pow(uniform(), 1.0 / a);
    a += 1.0;
  }
  const double d = a - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x, v;
    do {
      x = normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = uniform();
    if (u < 1.0 - 0.0331 * x * x * x * x ||
        std::log(u) < 0.5 * x * x + d * (1.0 - v + std::log(v))) {
      return d * v * scale * boost;
    }
  }
}

double RandomStream::empirical(std::span<const double> samples) {
  if (samples.empty()) return 0.0;
  const auto index = static_cast<std::size_t>(uniform() * static_cast<double>(samples.size()));
  return samples[index < samples.size() ? index : samples.size() - 1];
}

bool RandomStream::bernoulli(double p) { return p > 0.0 && uniform() < p; }

double RandomStream::sample(const Distribution& d) {
  switch (d.kind) {
    case DistributionKind::kFixed:
      return d.mean_seconds;
    case DistributionKind::kExponential:
      return exponential(d.mean_seconds);
    case DistributionKind::kLognormal:
      return lognormal(d.mean_seconds, d.cv);
    case DistributionKind::kGamma:
      return gamma(d.mean_seconds, d.cv);
    case DistributionKind::kEmpirical:
      return empirical(d.samples_seconds);
  }
  return d.mean_seconds;
}

}  // namespace tandem::sim
