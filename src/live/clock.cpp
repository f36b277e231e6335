// SPDX-License-Identifier: Apache-2.0
#include "live/clock.h"

#include <cmath>

namespace tandem::live {
namespace {

class SystemClock final : public Clock {
 public:
  Instant now() const override {
    return std::chrono::floor<Seconds>(std::chrono::system_clock::now());
  }
  std::chrono::steady_clock::time_point real_time_at(Instant instant) const override {
    // Measured against the steady clock now, so a wall-clock step does not stall a wait.
    const auto delta = instant - std::chrono::system_clock::now();
    return std::chrono::steady_clock::now() +
           std::chrono::duration_cast<std::chrono::steady_clock::duration>(delta);
  }
  double speed() const override { return 1.0; }
};

class AcceleratedClock final : public Clock {
 public:
  AcceleratedClock(Instant start, double speed)
      : start_(start), speed_(speed), origin_(std::chrono::steady_clock::now()) {}

  Instant now() const override {
    const std::chrono::duration<double> real = std::chrono::steady_clock::now() - origin_;
    return start_ + Seconds(static_cast<std::int64_t>(std::floor(real.count() * speed_)));
  }
  std::chrono::steady_clock::time_point real_time_at(Instant instant) const override {
    const double simulated = static_cast<double>((instant - start_).count());
    return origin_ + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                         std::chrono::duration<double>(simulated / speed_));
  }
  double speed() const override { return speed_; }

 private:
  Instant start_;
  double speed_;
  std::chrono::steady_clock::time_point origin_;
};

}  // namespace

std::unique_ptr<Clock> system_clock() { return std::make_unique<SystemClock>(); }

std::unique_ptr<Clock> accelerated_clock(Instant start, double speed) {
  return std::make_unique<AcceleratedClock>(start, speed > 0 ? speed : 1.0);
}

}  // namespace tandem::live
