// SPDX-License-Identifier: Apache-2.0
// The server's own Prometheus metrics: requests by route and status, latency by route, open
// streams. GET /metrics appends Backend::metrics() after them.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace tandem::server {

class ServerMetrics {
 public:
  // `route`: the route's name in the table ("GET /api/v1/items/{id}"), or "other".
  void record(const std::string& route, int status, double seconds);
  void stream_opened() { open_streams_.fetch_add(1); }
  void stream_closed() { open_streams_.fetch_sub(1); }
  std::int64_t open_streams() const { return open_streams_.load(); }
  std::string text() const;

  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.002, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,  0.5,   1.0,  2.5};

 private:
  struct Latency {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Latency> latency_;
  std::atomic<std::int64_t> open_streams_{0};
};

}  // namespace tandem::server
