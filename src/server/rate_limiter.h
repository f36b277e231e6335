// SPDX-License-Identifier: Apache-2.0
// Per-token request rate limits: one token bucket per token id (docs/server.md, "Limits").
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace tandem::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // `per_second` <= 0: no limit. `burst`: the bucket's size (at least 1).
  RateLimiter(double per_second, double burst);

  // Takes one request from `key`'s bucket. 0: allowed; otherwise the whole seconds after
  // which one request will be allowed again (the Retry-After header).
  int take(const std::string& key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point last;
  };
  double per_second_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace tandem::server
