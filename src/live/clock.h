// SPDX-License-Identifier: Apache-2.0
// The live platform's only wall clock (DESIGN.md §6): the host asks it what time it is and
// waits on it for the engine's next timer. An accelerated clock runs a simulated day faster
// than real time (speed 60: one simulated hour per real minute) for demos and tests.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

#include "model/time.h"

namespace tandem::live {

class Clock {
 public:
  virtual ~Clock() = default;
  // Whole seconds, as the engine counts them.
  virtual Instant now() const = 0;
  // The real time point at which now() reaches `instant` (for condition-variable waits).
  virtual std::chrono::steady_clock::time_point real_time_at(Instant instant) const = 0;
  // The clock's speed: simulated seconds per real second (1 for the system clock).
  virtual double speed() const = 0;
};

// The system's UTC clock.
std::unique_ptr<Clock> system_clock();

// A clock that reads `start` now and advances `speed` times faster than real time.
std::unique_ptr<Clock> accelerated_clock(Instant start, double speed);

// Waits on `cv` until the clock reaches `instant` or `pred()` holds. Returns pred().
template <typename Predicate>
bool wait_until(const Clock& clock, std::condition_variable& cv, std::unique_lock<std::mutex>& lock,
                Instant instant, Predicate pred) {
  return cv.wait_until(lock, clock.real_time_at(instant), pred);
}

}  // namespace tandem::live
