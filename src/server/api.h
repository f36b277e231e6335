// SPDX-License-Identifier: Apache-2.0
// The API's routes on plain request/response values (no HTTP library here): authentication,
// roles, rate limits, parameters and bodies checked, the Backend called, its answer
// formatted. server.cpp reads and writes the bytes; this file decides what they say.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "server/auth.h"
#include "server/metrics.h"
#include "server/rate_limiter.h"

namespace tandem::server {

class Backend;
class Planning;

struct ApiRequest {
  std::string method;
  std::string target;  // path and query, as sent
  std::string authorization;
  std::string last_event_id;
  std::string idempotency_key;
  std::string content_type;
  std::string body;
};

// GET /api/v1/stream answers this instead of a body: server.cpp subscribes and streams.
struct StreamStart {
  std::string agent, queue, item;  // the filter
  std::int64_t after = 0;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones (Allow, Retry-After)
  std::optional<StreamStart> stream;
  std::string route = "other";  // the route's name, for metrics
};

struct ErrorDetail {
  std::string field;
  std::string rule;
};
// {"error": {"code", "message", "details": [{"field", "rule"}]}}
ApiResponse error_response(int status, const std::string& code, const std::string& message,
                           const std::vector<ErrorDetail>& details = {});

struct ApiOptions {
  std::size_t batch_limit = 1000;
  int json_depth = 32;
  std::string web_root;          // static files (index.html fallback); empty: none
  Planning* planning = nullptr;  // the planning routes' service; null: they answer 503
};

class Api {
 public:
  // The references must outlive the Api.
  Api(ApiOptions options, Backend& backend, TokenStore& tokens, RateLimiter& limiter,
      ServerMetrics& metrics);

  // Calls `respond` exactly once: inline for most routes, from a backend thread for those
  // that submit events.
  void handle(const ApiRequest& request, std::function<void(ApiResponse)> respond);

 private:
  ApiOptions options_;
  Backend& backend_;
  TokenStore& tokens_;
  RateLimiter& limiter_;
  ServerMetrics& metrics_;
};

}  // namespace tandem::server
