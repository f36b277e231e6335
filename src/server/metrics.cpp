// SPDX-License-Identifier: Apache-2.0
#include "server/metrics.h"

#include <cstdio>

namespace tandem::server {
namespace {

std::string label_value(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

}  // namespace

void ServerMetrics::record(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  Latency& l = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++l.buckets[i];
  ++l.count;
  l.sum += seconds;
}

std::string ServerMetrics::text() const {
  std::string out;
  out += "# HELP tandem_http_requests_total HTTP requests answered, by route and status.\n";
  out += "# TYPE tandem_http_requests_total counter\n";
  std::lock_guard lock(mutex_);
  for (const auto& [key, n] : requests_) {
    out += "tandem_http_requests_total{route=\"" + label_value(key.first) + "\",status=\"" +
           std::to_string(key.second) + "\"} " + std::to_string(n) + "\n";
  }
  out += "# HELP tandem_http_request_duration_seconds Time from a request read to its answer.\n";
  out += "# TYPE tandem_http_request_duration_seconds histogram\n";
  for (const auto& [route, l] : latency_) {
    const std::string r = "route=\"" + label_value(route) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i) {
      out += "tandem_http_request_duration_seconds_bucket{" + r + ",le=\"" + number(kBuckets[i]) +
             "\"} " + std::to_string(l.buckets[i]) + "\n";
    }
    out += "tandem_http_request_duration_seconds_bucket{" + r + ",le=\"+Inf\"} " +
           std::to_string(l.count) + "\n";
    out += "tandem_http_request_duration_seconds_sum{" + r + "} " + number(l.sum) + "\n";
    out +=
        "tandem_http_request_duration_seconds_count{" + r + "} " + std::to_string(l.count) + "\n";
  }
  out += "# HELP tandem_http_open_streams Server-sent event streams open now.\n";
  out += "# TYPE tandem_http_open_streams gauge\n";
  out += "tandem_http_open_streams " + std::to_string(open_streams_.load()) + "\n";
  return out;
}

}  // namespace tandem::server
