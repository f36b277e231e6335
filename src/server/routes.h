// SPDX-License-Identifier: Apache-2.0
// The one table of the API's routes: the dispatcher matches requests against it and the
// OpenAPI document is generated from it (openapi.cpp), so the two cannot drift.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "server/auth.h"

namespace tandem::server {

enum class RouteId : unsigned char {
  kPostEvents,
  kGetItem,
  kListItems,
  kJourney,
  kListQueues,
  kGetQueue,
  kListAgents,
  kGetAgent,
  kPostAgentState,
  kAcceptOffer,
  kRejectOffer,
  kStream,
  kReport,
  kOpenApi,
  kHealthz,
  kReadyz,
  kMetrics,
  // Planning and scenario (planning_api.cpp).
  kPostSimulation,
  kGetSimulation,
  kPostPlan,
  kGetPublishedPlan,
  kGetPlan,
  kPublishPlan,
  kGetScenario,
  kPutScenario,
};

struct ParamDoc {
  const char* name;
  const char* in;    // "path", "query" or "header"
  const char* type;  // "string", "integer" or "boolean"
  bool required;
  const char* description;
};

struct RouteDef {
  RouteId id;
  const char* method;  // "GET", "POST" or "PUT"
  // Segments; "{name}" matches one segment, "{name...}" one or more (joined by "/").
  const char* path;
  RoleSet roles;  // who may call it; 0 = public (no token)
  const char* summary;
  const char* access;  // the role rules beyond `roles`, for people
  std::vector<ParamDoc> params;
  const char* request_schema;   // components/schemas name, or nullptr
  const char* response_schema;  // components/schemas name, or nullptr (text)
  const char* response_type;    // "application/json", "text/event-stream", "text/plain"
  std::vector<int> errors;      // statuses besides the success one
  int ok_status = 200;          // the success status (201 created, 202 accepted)
  // The request body's media type; "application/yaml" also takes text/plain.
  const char* request_type = "application/json";

  // "GET /api/v1/items/{id}": the route's name in metrics.
  std::string name() const;
  // The path in OpenAPI form ("{name...}" becomes "{name}").
  std::string openapi_path() const;
};

const std::vector<RouteDef>& routes();

struct RouteMatch {
  const RouteDef* route = nullptr;            // set when path and method match
  std::map<std::string, std::string> params;  // path parameters, percent-decoded
  std::vector<std::string> allowed;           // the path matched, the method did not: 405
};
// `path` without the query string, not yet percent-decoded.
RouteMatch match_route(std::string_view method, std::string_view path);

// Percent-decoding ("+" stays "+" in paths; query values: plus_is_space). False when malformed.
bool percent_decode(std::string_view in, std::string& out, bool plus_is_space = false);

}  // namespace tandem::server
