// SPDX-License-Identifier: Apache-2.0
#include "server/routes.h"

namespace tandem::server {
namespace {

constexpr RoleSet kAdmin = role_bit(Role::kAdmin);
constexpr RoleSet kPlanner = role_bit(Role::kPlanner);
constexpr RoleSet kSupervisor = role_bit(Role::kSupervisor);
constexpr RoleSet kAgent = role_bit(Role::kAgent);
constexpr RoleSet kIntegration = role_bit(Role::kIntegration);
constexpr RoleSet kReaders = kAdmin | kPlanner | kSupervisor;

// The planning and scenario routes (docs/api.md "Planning", "Scenario").
void add_planning_routes(std::vector<RouteDef>& r) {
  const RoleSet planners = kAdmin | kPlanner;
  RouteDef post_sim{RouteId::kPostSimulation,
                    "POST",
                    "/api/v1/simulations",
                    planners,
                    "Start a what-if simulation of the served scenario (a background job)",
                    "admin, planner",
                    {},
                    "SimulationRequest",
                    "JobAccepted",
                    "application/json",
                    {400, 401, 403, 413, 415, 429, 503}};
  post_sim.ok_status = 202;
  r.push_back(post_sim);
  r.push_back({RouteId::kGetSimulation,
               "GET",
               "/api/v1/simulations/{id}",
               planners,
               "A simulation job: status, progress and, once done, the result per policy",
               "admin, planner",
               {{"id", "path", "string", true, "job id (simulation-<n>)"}},
               nullptr,
               "SimulationJob",
               "application/json",
               {400, 401, 403, 404, 429}});
  RouteDef post_plan{RouteId::kPostPlan,
                     "POST",
                     "/api/v1/plans",
                     planners,
                     "Plan weeks of the served scenario: forecast, staffing, schedule (a job)",
                     "admin, planner",
                     {},
                     "PlanRequest",
                     "JobAccepted",
                     "application/json",
                     {400, 401, 403, 413, 415, 429, 503}};
  post_plan.ok_status = 202;
  r.push_back(post_plan);
  // Before /plans/{id}: the first matching route wins.
  r.push_back({RouteId::kGetPublishedPlan,
               "GET",
               "/api/v1/plans/published",
               planners | kSupervisor,
               "The plan last published for a week",
               "admin, planner, supervisor",
               {{"week", "query", "string", true, "the week's Monday, YYYY-MM-DD"}},
               nullptr,
               "PublishedPlan",
               "application/json",
               {400, 401, 403, 404, 429, 503}});
  r.push_back({RouteId::kGetPlan,
               "GET",
               "/api/v1/plans/{id}",
               planners,
               "A plan job: status, progress and, once done, forecast, staffing, schedule, totals",
               "admin, planner",
               {{"id", "path", "string", true, "job id (plan-<n>)"}},
               nullptr,
               "PlanJob",
               "application/json",
               {400, 401, 403, 404, 429}});
  r.push_back({RouteId::kPublishPlan,
               "POST",
               "/api/v1/plans/{id}/publish",
               planners,
               "Publish a finished plan as the plan of its week (stored; not fed to the engine)",
               "admin, planner",
               {{"id", "path", "string", true, "job id (plan-<n>)"}},
               nullptr,
               "PublishResult",
               "application/json",
               {400, 401, 403, 404, 409, 413, 415, 429, 503}});
  r.push_back({RouteId::kGetScenario,
               "GET",
               "/api/v1/scenario",
               planners | kSupervisor,
               "The scenario the server runs: version, YAML text, summary; the latest stored",
               "admin, planner, supervisor",
               {},
               nullptr,
               "ScenarioView",
               "application/json",
               {400, 401, 403, 429, 503}});
  RouteDef put_scenario{RouteId::kPutScenario,
                        "PUT",
                        "/api/v1/scenario",
                        planners,
                        "Store a new scenario version (validated completely; effective at the "
                        "next start of tandem serve)",
                        "admin, planner",
                        {},
                        "ScenarioYaml",
                        "ScenarioVersion",
                        "application/json",
                        {400, 401, 403, 413, 415, 422, 429, 503}};
  put_scenario.ok_status = 201;
  put_scenario.request_type = "application/yaml";
  r.push_back(put_scenario);
}

std::vector<RouteDef> make_routes() {
  std::vector<RouteDef> r;
  r.push_back({RouteId::kPostEvents,
               "POST",
               "/api/v1/events",
               kAdmin | kIntegration,
               "Post one event or a batch of events",
               "admin, integration",
               {{"Idempotency-Key", "header", "string", false,
                 "idempotency key of a single event (a body's \"idempotency_key\" wins)"}},
               "EventBatch",
               "SubmitResponse",
               "application/json",
               {400, 401, 403, 413, 415, 429, 503}});
  r.push_back({RouteId::kGetItem,
               "GET",
               "/api/v1/items/{id}",
               kReaders | kAgent,
               "A work item: place, step, tasks, holders, priority, due, ETA, history",
               "admin, planner, supervisor, agent",
               {{"id", "path", "string", true, "work item id"}},
               nullptr,
               "Item",
               "application/json",
               {401, 403, 404, 429}});
  r.push_back({RouteId::kListItems,
               "GET",
               "/api/v1/items",
               kReaders | kAgent,
               "Work items by customer, queue, place or overdue, a page at a time",
               "admin, planner, supervisor, agent",
               {{"customer", "query", "string", false, "customer id"},
                {"queue", "query", "string", false, "queue id"},
                {"place", "query", "string", false, "where the item is (queued, assigned, ...)"},
                {"overdue", "query", "boolean", false, "true: past due only; false: not overdue"},
                {"limit", "query", "integer", false, "page size, 1..1000 (default 50)"},
                {"cursor", "query", "string", false, "the previous page's next_cursor"}},
               nullptr,
               "ItemPage",
               "application/json",
               {400, 401, 403, 429}});
  r.push_back({RouteId::kJourney,
               "GET",
               "/api/v1/customers/{id}/journey",
               kReaders | kAgent,
               "A customer's contacts, work items and self-service steps in time order",
               "admin, planner, supervisor, agent",
               {{"id", "path", "string", true, "customer id"}},
               nullptr,
               "Journey",
               "application/json",
               {401, 403, 404, 429}});
  r.push_back({RouteId::kListQueues,
               "GET",
               "/api/v1/queues",
               kReaders,
               "Real-time statistics of every queue",
               "admin, planner, supervisor",
               {},
               nullptr,
               "QueueList",
               "application/json",
               {401, 403, 429}});
  r.push_back({RouteId::kGetQueue,
               "GET",
               "/api/v1/queues/{id}",
               kReaders,
               "Real-time statistics of one queue",
               "admin, planner, supervisor",
               {{"id", "path", "string", true, "queue id"}},
               nullptr,
               "Queue",
               "application/json",
               {401, 403, 404, 429}});
  r.push_back({RouteId::kListAgents,
               "GET",
               "/api/v1/agents",
               kReaders,
               "Agents: state, current work, skills, blending status",
               "admin, planner; supervisor: the agents of their team only",
               {},
               nullptr,
               "AgentList",
               "application/json",
               {401, 403, 429}});
  r.push_back({RouteId::kGetAgent,
               "GET",
               "/api/v1/agents/{id}",
               kReaders | kAgent,
               "One agent",
               "admin, planner; supervisor: their team's; agent: themselves",
               {{"id", "path", "string", true, "agent id"}},
               nullptr,
               "Agent",
               "application/json",
               {401, 403, 404, 429}});
  r.push_back({RouteId::kPostAgentState,
               "POST",
               "/api/v1/agents/{id}/state",
               kAdmin | kSupervisor | kAgent,
               "Change an agent's state (an AgentStateChanged event)",
               "admin; supervisor: their team's agents; agent: themselves",
               {{"id", "path", "string", true, "agent id"}},
               "AgentStateRequest",
               "SubmitResult",
               "application/json",
               {400, 401, 403, 409, 413, 415, 429, 503}});
  r.push_back({RouteId::kAcceptOffer,
               "POST",
               "/api/v1/offers/{id...}/accept",
               kAdmin | kSupervisor | kAgent,
               "Accept an offer (an OfferAccepted event)",
               "admin; supervisor: offers to their team's agents; agent: their own offers",
               {{"id", "path", "string", true, "offer id: <agent>~<contact|task>~<work id>"}},
               nullptr,
               "SubmitResult",
               "application/json",
               {400, 401, 403, 409, 413, 415, 429, 503}});
  r.push_back({RouteId::kRejectOffer,
               "POST",
               "/api/v1/offers/{id...}/reject",
               kAdmin | kSupervisor | kAgent,
               "Reject an offer (an OfferRejected event)",
               "admin; supervisor: offers to their team's agents; agent: their own offers",
               {{"id", "path", "string", true, "offer id: <agent>~<contact|task>~<work id>"}},
               nullptr,
               "SubmitResult",
               "application/json",
               {400, 401, 403, 409, 413, 415, 429, 503}});
  r.push_back({RouteId::kStream,
               "GET",
               "/api/v1/stream",
               kAdmin | kIntegration | kPlanner | kSupervisor | kAgent,
               "Server-sent events of actions and state changes (id = log sequence)",
               "admin, integration, planner, supervisor; agent: their own records only",
               {{"agent", "query", "string", false, "only records about this agent"},
                {"queue", "query", "string", false, "only records about this queue"},
                {"item", "query", "string", false, "only records about this work item"},
                {"after", "query", "integer", false, "resume after this sequence"},
                {"access_token", "query", "string", false,
                 "the token, for clients that cannot send Authorization (EventSource); "
                 "taken on this route only"},
                {"Last-Event-ID", "header", "integer", false,
                 "resume after this sequence (wins over ?after=)"}},
               nullptr,
               nullptr,
               "text/event-stream",
               {400, 401, 403, 429, 503}});
  r.push_back({RouteId::kOpenApi,
               "GET",
               "/api/openapi.json",
               0,
               "This document",
               "public",
               {},
               nullptr,
               "OpenApiDocument",
               "application/json",
               {}});
  r.push_back({RouteId::kHealthz,
               "GET",
               "/healthz",
               0,
               "Liveness: the server answers",
               "public",
               {},
               nullptr,
               "Health",
               "application/json",
               {}});
  r.push_back({RouteId::kReadyz,
               "GET",
               "/readyz",
               0,
               "Readiness: recovery done and intake open",
               "public",
               {},
               nullptr,
               "Health",
               "application/json",
               {503}});
  r.push_back(
      {RouteId::kReport,
       "GET",
       "/api/v1/reports/{kind}",
       kReaders | kAgent,
       "Management information over a window of the event log (docs/mi.md)",
       "admin, planner; supervisor: agents, teams and leaderboard of their team only; "
       "agent: the agents report only, their own figures beside their team's",
       {{"kind", "path", "string", true, "queues, backlog, agents, teams, cost or leaderboard"},
        {"from", "query", "string", false,
         "window start: RFC 3339 or HH:MM on the current day (default: its midnight)"},
        {"to", "query", "string", false, "window end (default: 24 h after from)"},
        {"group_by", "query", "string", false,
         "total (default) or interval (queues, backlog: one row per interval)"},
        {"queue", "query", "string", false, "queues, backlog, cost: one queue or scope"},
        {"team", "query", "string", false, "agents, teams, leaderboard: one team"},
        {"agent", "query", "string", false,
         "agents, leaderboard: one agent (agents: beside the team's total)"}},
       nullptr,
       "Report",
       "application/json",
       {400, 401, 403, 429, 503}});
  r.push_back({RouteId::kMetrics,
               "GET",
               "/metrics",
               0,
               "Prometheus metrics",
               "public",
               {},
               nullptr,
               nullptr,
               "text/plain",
               {}});
  add_planning_routes(r);
  return r;
}

std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  if (!path.empty() && path[0] == '/') i = 1;
  while (i <= path.size()) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.push_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Matches `segments` against the pattern; fills `params`.
bool match_pattern(const RouteDef& route, const std::vector<std::string_view>& segments,
                   std::map<std::string, std::string>& params) {
  std::vector<std::string_view> pattern = split_path(route.path);
  std::size_t si = 0;
  for (std::size_t pi = 0; pi < pattern.size(); ++pi) {
    std::string_view p = pattern[pi];
    const bool is_param = p.size() > 2 && p.front() == '{' && p.back() == '}';
    if (is_param && p.ends_with("...}")) {
      const std::size_t rest = pattern.size() - pi - 1;
      if (segments.size() < si + 1 + rest) return false;
      const std::size_t take = segments.size() - si - rest;
      std::string joined;
      for (std::size_t k = 0; k < take; ++k) {
        if (segments[si + k].empty()) return false;
        if (k) joined += '/';
        joined += segments[si + k];
      }
      std::string decoded;
      if (!percent_decode(joined, decoded)) return false;
      params[std::string(p.substr(1, p.size() - 5))] = decoded;
      si += take;
      continue;
    }
    if (si >= segments.size()) return false;
    if (is_param) {
      std::string decoded;
      if (segments[si].empty() || !percent_decode(segments[si], decoded)) return false;
      params[std::string(p.substr(1, p.size() - 2))] = decoded;
    } else if (segments[si] != p) {
      return false;
    }
    ++si;
  }
  return si == segments.size();
}

}  // namespace

std::string RouteDef::name() const { return std::string(method) + " " + openapi_path(); }

std::string RouteDef::openapi_path() const {
  std::string p = path;
  for (std::size_t at; (at = p.find("...}")) != std::string::npos;) p.erase(at, 3);
  return p;
}

const std::vector<RouteDef>& routes() {
  static const std::vector<RouteDef> table = make_routes();
  return table;
}

bool percent_decode(std::string_view in, std::string& out, bool plus_is_space) {
  out.clear();
  out.reserve(in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return true;
}

RouteMatch match_route(std::string_view method, std::string_view path) {
  RouteMatch m;
  const std::vector<std::string_view> segments = split_path(path);
  for (const RouteDef& route : routes()) {
    std::map<std::string, std::string> params;
    if (!match_pattern(route, segments, params)) continue;
    if (method == route.method) {
      if (!m.route) {
        m.route = &route;
        m.params = std::move(params);
      }
    } else {
      m.allowed.emplace_back(route.method);
    }
  }
  if (m.route) m.allowed.clear();
  return m;
}

}  // namespace tandem::server
