// SPDX-License-Identifier: Apache-2.0
#include "server/api.h"

#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "io/event_codec.h"
#include "server/backend.h"
#include "server/offer_id.h"
#include "server/openapi.h"
#include "server/planning_api.h"
#include "server/routes.h"

namespace tandem::server {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxDetails = 100;
constexpr std::size_t kMaxIdempotencyKey = 200;
constexpr std::size_t kMaxItemLimit = 1000;

const char* code_for_http(int status) {
  switch (status) {
    case 400:
      return "invalid_argument";
    case 401:
      return "unauthenticated";
    case 403:
      return "forbidden";
    case 404:
      return "not_found";
    case 405:
      return "method_not_allowed";
    case 408:
      return "request_timeout";
    case 409:
      return "conflict";
    case 413:
      return "payload_too_large";
    case 415:
      return "unsupported_media_type";
    case 429:
      return "rate_limited";
    case 503:
      return "unavailable";
    default:
      return "internal";
  }
}

// "events[3].time: not an RFC 3339 time" -> {"events[3].time", "not an RFC 3339 time"}: the
// codecs name the field before ": ". A message without a field path gives no detail.
std::vector<ErrorDetail> details_of(const Status& status) {
  std::vector<ErrorDetail> out;
  for (const Diagnostic& d : status.diagnostics()) out.push_back({d.field, d.rule});
  if (!out.empty()) return out;
  const std::string& m = status.message();
  const std::size_t colon = m.find(": ");
  if (colon != std::string::npos && colon > 0 && m.find(' ') > colon) {
    out.push_back({m.substr(0, colon), m.substr(colon + 2)});
  }
  return out;
}

ApiResponse status_response(const Status& status) {
  const int http = http_status_for(status.code());
  return error_response(http, to_string(status.code()), status.message(), details_of(status));
}

ApiResponse json_response(const json& body, int status = 200) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

ApiResponse invalid(const std::string& field, const std::string& rule) {
  return error_response(400, "invalid_argument", field + ": " + rule, {{field, rule}});
}

// ---- query strings ----

struct Query {
  std::map<std::string, std::string> values;
  std::optional<ApiResponse> error;
};

Query parse_query(std::string_view raw, std::initializer_list<const char*> allowed) {
  Query q;
  std::size_t i = 0;
  while (i < raw.size()) {
    std::size_t amp = raw.find('&', i);
    if (amp == std::string_view::npos) amp = raw.size();
    std::string_view pair = raw.substr(i, amp - i);
    i = amp + 1;
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    std::string key, value;
    if (!percent_decode(pair.substr(0, eq), key, true) ||
        (eq != std::string_view::npos && !percent_decode(pair.substr(eq + 1), value, true))) {
      q.error = invalid("query", "malformed percent-encoding");
      return q;
    }
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) {
      std::string list;
      for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      q.error = invalid(key, "unknown parameter" + (list.empty() ? std::string(" (none taken)")
                                                                 : " (taken: " + list + ")"));
      return q;
    }
    if (!q.values.emplace(key, value).second) {
      q.error = invalid(key, "given more than once");
      return q;
    }
  }
  return q;
}

std::optional<std::int64_t> parse_int(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// ---- JSON bodies ----

struct Body {
  json value;
  std::optional<ApiResponse> error;
};

Body parse_body(const ApiRequest& request, int depth_limit, bool allow_empty) {
  Body b;
  if (!request.content_type.empty() && request.content_type.rfind("application/json", 0) != 0) {
    b.error =
        error_response(415, "unsupported_media_type", "body: Content-Type must be application/json",
                       {{"Content-Type", "must be application/json"}});
    return b;
  }
  if (request.body.empty()) {
    if (allow_empty) {
      b.value = json::object();
    } else {
      b.error = invalid("body", "a JSON body is required");
    }
    return b;
  }
  if (io::json_nesting_depth(request.body, depth_limit) > depth_limit) {
    b.error = invalid("body", "JSON nested deeper than " + std::to_string(depth_limit) + " levels");
    return b;
  }
  try {
    b.value = json::parse(request.body);
  } catch (const json::parse_error& e) {
    b.error = invalid("body", "not valid JSON (at byte " + std::to_string(e.byte) + ")");
  } catch (const std::exception& e) {
    b.error = invalid("body", std::string("not valid JSON: ") + e.what());
  }
  return b;
}

json submit_result_json(const SubmitResult& r) {
  json j = {{"seq", r.seq}, {"status", r.status}};
  if (!r.reason.empty()) j["reason"] = r.reason;
  return j;
}

bool may_see_agent(Backend& backend, const Principal& who, const std::string& agent) {
  switch (who.role) {
    case Role::kAdmin:
    case Role::kPlanner:
      return true;
    case Role::kSupervisor:
      return !who.team.empty() && backend.team_of(agent) == who.team;
    case Role::kAgent:
      return who.agent == agent;
    case Role::kIntegration:
      return false;
  }
  return false;
}

ApiResponse forbidden(const Principal& who, const std::string& what) {
  return error_response(403, "forbidden",
                        std::string("role ") + to_string(who.role) + " may not " + what);
}

// Filters a list body ({"agents": [...]} or [...]) to the entries whose "id" passes.
void filter_agents(json& body, const std::function<bool(const std::string&)>& keep) {
  json* list = body.is_array() ? &body : nullptr;
  if (!list && body.is_object() && body.contains("agents") && body["agents"].is_array())
    list = &body["agents"];
  if (!list) return;
  json kept = json::array();
  for (json& entry : *list) {
    if (entry.is_object() && entry.contains("id") && entry["id"].is_string() &&
        keep(entry["id"].get<std::string>()))
      kept.push_back(std::move(entry));
  }
  *list = std::move(kept);
}

std::string content_type_of(const std::filesystem::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript";
  if (ext == ".css") return "text/css";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

// A single-event answer (state change, offer answer): rejected is 409 with the engine's reason.
void answer_single(Backend& backend, engine::Event event, std::string route,
                   std::function<void(ApiResponse)> respond) {
  std::vector<Submission> subs;
  subs.push_back(Submission{std::move(event), {}});
  backend.submit(std::move(subs), [respond = std::move(respond),
                                   route = std::move(route)](Result<std::vector<SubmitResult>> r) {
    ApiResponse out;
    if (!r.is_ok()) {
      out = status_response(r.status());
    } else if (r->size() != 1) {
      out = error_response(
          500, "internal",
          "the backend answered " + std::to_string(r->size()) + " results for one event");
    } else if ((*r)[0].status == "rejected") {
      out = error_response(409, "conflict", (*r)[0].reason);
    } else {
      out = json_response(submit_result_json((*r)[0]));
    }
    out.route = route;
    respond(std::move(out));
  });
}

}  // namespace

ApiResponse error_response(int status, const std::string& code, const std::string& message,
                           const std::vector<ErrorDetail>& details) {
  json d = json::array();
  for (const ErrorDetail& e : details) d.push_back({{"field", e.field}, {"rule", e.rule}});
  ApiResponse r = json_response({{"error",
                                  {{"code", code.empty() ? code_for_http(status) : code},
                                   {"message", message},
                                   {"details", std::move(d)}}}},
                                status);
  return r;
}

Api::Api(ApiOptions options, Backend& backend, TokenStore& tokens, RateLimiter& limiter,
         ServerMetrics& metrics)
    : options_(std::move(options)),
      backend_(backend),
      tokens_(tokens),
      limiter_(limiter),
      metrics_(metrics) {}

void Api::handle(const ApiRequest& request, std::function<void(ApiResponse)> respond) {
  const std::size_t qmark = request.target.find('?');
  const std::string_view path = std::string_view(request.target).substr(0, qmark);
  const std::string_view raw_query = qmark == std::string::npos
                                         ? std::string_view()
                                         : std::string_view(request.target).substr(qmark + 1);

  RouteMatch m = match_route(request.method, path);
  if (!m.route) {
    if (!m.allowed.empty()) {
      std::string allow;
      for (const std::string& a : m.allowed) allow += (allow.empty() ? "" : ", ") + a;
      ApiResponse r =
          error_response(405, "method_not_allowed",
                         request.method + " is not allowed here (allowed: " + allow + ")");
      r.headers.emplace_back("Allow", allow);
      return respond(std::move(r));
    }
    // Static files of the dashboard, outside the API's paths.
    if (!options_.web_root.empty() && request.method == "GET" && !path.starts_with("/api/")) {
      namespace fs = std::filesystem;
      std::string decoded;
      if (percent_decode(path, decoded) && decoded.find("..") == std::string::npos) {
        fs::path root(options_.web_root);
        fs::path file = root / fs::path(decoded).relative_path();
        std::error_code ec;
        if (decoded == "/" || !fs::is_regular_file(file, ec)) file = root / "index.html";
        std::ifstream in(file, std::ios::binary);
        if (in) {
          std::ostringstream s;
          s << in.rdbuf();
          ApiResponse r;
          r.content_type = content_type_of(file);
          r.body = s.str();
          r.route = "static";
          return respond(std::move(r));
        }
      }
    }
    return respond(error_response(404, "not_found", "no route " + std::string(path)));
  }
  const RouteDef& route = *m.route;
  const std::string route_name = route.name();
  auto reply = [&](ApiResponse r) {
    r.route = route_name;
    respond(std::move(r));
  };

  Principal who;
  if (route.roles != 0) {
    // EventSource cannot send headers, so the stream (and only the stream) also takes the
    // token as ?access_token=; the header wins when both are given.
    std::string authorization = request.authorization;
    if (route.id == RouteId::kStream && authorization.empty()) {
      Query q = parse_query(raw_query, {"agent", "queue", "item", "after", "access_token"});
      if (!q.error && q.values.count("access_token"))
        authorization = "Bearer " + q.values["access_token"];
    }
    AuthResult auth = authenticate(tokens_, authorization);
    if (!auth.principal) {
      if (auth.failure == AuthFailure::kStoreError) {
        return reply(error_response(503, "unavailable", "tokens unavailable: " + auth.message));
      }
      ApiResponse r =
          error_response(401, "unauthenticated", auth.message, {{"Authorization", auth.message}});
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      return reply(std::move(r));
    }
    who = *auth.principal;
    if (!has_role(route.roles, who.role)) {
      return reply(forbidden(who, "call " + route_name + " (allowed: " + route.access + ")"));
    }
    if (int retry = limiter_.take(who.token_id); retry > 0) {
      ApiResponse r = error_response(
          429, "rate_limited",
          "too many requests for this token; retry after " + std::to_string(retry) + " s");
      r.headers.emplace_back("Retry-After", std::to_string(retry));
      return reply(std::move(r));
    }
  }

  auto query_of = [&](std::initializer_list<const char*> allowed) {
    return parse_query(raw_query, allowed);
  };
  auto no_query = [&]() -> std::optional<ApiResponse> {
    Query q = query_of({});
    return q.error;
  };
  const std::string id = m.params.count("id") ? m.params["id"] : std::string();

  switch (route.id) {
    case RouteId::kHealthz:
      return reply(json_response({{"status", "ok"}}));
    case RouteId::kReadyz: {
      Status s = backend_.ready();
      if (!s.is_ok()) return reply(error_response(503, "unavailable", s.message()));
      return reply(json_response({{"status", "ready"}}));
    }
    case RouteId::kMetrics: {
      ApiResponse r;
      r.content_type = "text/plain; version=0.0.4";
      r.body = metrics_.text() + backend_.metrics();
      return reply(std::move(r));
    }
    case RouteId::kOpenApi: {
      ApiResponse r;
      r.body = openapi_document();
      return reply(std::move(r));
    }
    case RouteId::kPostEvents: {
      if (auto e = no_query()) return reply(std::move(*e));
      Body body = parse_body(request, options_.json_depth, false);
      if (body.error) return reply(std::move(*body.error));
      json& doc = body.value;
      const bool single = doc.is_object();
      if (!single && !doc.is_array())
        return reply(invalid("events", "must be an event object or an array of them"));
      if (doc.is_array() && doc.empty()) return reply(invalid("events", "must not be empty"));
      if (doc.is_array() && doc.size() > options_.batch_limit)
        return reply(error_response(
            413, "payload_too_large",
            "events: at most " + std::to_string(options_.batch_limit) + " events in one request",
            {{"events",
              "at most " + std::to_string(options_.batch_limit) + " events in one request"}}));
      if (single) doc = json::array({std::move(doc)});
      std::vector<Submission> subs;
      subs.reserve(doc.size());
      std::vector<ErrorDetail> problems;
      for (std::size_t i = 0; i < doc.size(); ++i) {
        const std::string at = "events[" + std::to_string(i) + "]";
        json& e = doc[i];
        std::string key;
        if (e.is_object()) {
          auto k = e.find("idempotency_key");
          if (k != e.end()) {
            if (!k->is_string() || k->get_ref<const std::string&>().empty() ||
                k->get_ref<const std::string&>().size() > kMaxIdempotencyKey) {
              problems.push_back({at + ".idempotency_key",
                                  "must be a non-empty string of at most " +
                                      std::to_string(kMaxIdempotencyKey) + " characters"});
              continue;
            }
            key = k->get<std::string>();
            e.erase(k);
          } else if (single) {
            key = request.idempotency_key;
          }
        }
        Result<engine::Event> decoded = io::decode_event(e, at);
        if (!decoded.is_ok()) {
          for (ErrorDetail& d : details_of(decoded.status())) problems.push_back(std::move(d));
          if (details_of(decoded.status()).empty())
            problems.push_back({at, decoded.status().message()});
          if (problems.size() >= kMaxDetails) break;
          continue;
        }
        subs.push_back(Submission{std::move(decoded).value(), std::move(key)});
      }
      if (!problems.empty()) {
        std::string message =
            problems.size() == 1
                ? problems[0].field + ": " + problems[0].rule
                : std::to_string(problems.size()) + " events are invalid; nothing was submitted";
        return reply(error_response(400, "invalid_argument", message, problems));
      }
      const std::size_t count = subs.size();
      backend_.submit(
          std::move(subs), [respond, route_name, count](Result<std::vector<SubmitResult>> r) {
            ApiResponse out;
            if (!r.is_ok()) {
              out = status_response(r.status());
            } else if (r->size() != count) {
              out = error_response(500, "internal",
                                   "the backend answered " + std::to_string(r->size()) +
                                       " results for " + std::to_string(count) + " events");
            } else {
              json results = json::array();
              for (const SubmitResult& s : *r) results.push_back(submit_result_json(s));
              out = json_response({{"results", std::move(results)}});
            }
            out.route = route_name;
            respond(std::move(out));
          });
      return;
    }
    case RouteId::kGetItem: {
      if (auto e = no_query()) return reply(std::move(*e));
      auto r = backend_.item(id);
      return reply(r.is_ok() ? json_response(*r) : status_response(r.status()));
    }
    case RouteId::kListItems: {
      Query q = query_of({"customer", "queue", "place", "overdue", "limit", "cursor"});
      if (q.error) return reply(std::move(*q.error));
      ItemQuery iq;
      iq.customer = q.values["customer"];
      iq.queue = q.values["queue"];
      iq.place = q.values["place"];
      iq.cursor = q.values["cursor"];
      if (q.values.count("overdue")) {
        const std::string& v = q.values["overdue"];
        if (v == "true") {
          iq.overdue = true;
        } else if (v == "false") {
          iq.overdue = false;
        } else {
          return reply(invalid("overdue", "must be true or false"));
        }
      }
      if (q.values.count("limit")) {
        auto n = parse_int(q.values["limit"]);
        if (!n || *n < 1 || *n > static_cast<std::int64_t>(kMaxItemLimit))
          return reply(
              invalid("limit", "must be an integer from 1 to " + std::to_string(kMaxItemLimit)));
        iq.limit = static_cast<std::size_t>(*n);
      }
      auto r = backend_.items(iq);
      return reply(r.is_ok() ? json_response(*r) : status_response(r.status()));
    }
    case RouteId::kJourney: {
      if (auto e = no_query()) return reply(std::move(*e));
      auto r = backend_.journey(id);
      return reply(r.is_ok() ? json_response(*r) : status_response(r.status()));
    }
    case RouteId::kListQueues: {
      if (auto e = no_query()) return reply(std::move(*e));
      auto r = backend_.queues();
      return reply(r.is_ok() ? json_response(*r) : status_response(r.status()));
    }
    case RouteId::kGetQueue: {
      if (auto e = no_query()) return reply(std::move(*e));
      auto r = backend_.queue(id);
      return reply(r.is_ok() ? json_response(*r) : status_response(r.status()));
    }
    case RouteId::kListAgents: {
      if (auto e = no_query()) return reply(std::move(*e));
      auto r = backend_.agents();
      if (!r.is_ok()) return reply(status_response(r.status()));
      if (who.role == Role::kSupervisor) {
        filter_agents(*r, [&](const std::string& a) { return backend_.team_of(a) == who.team; });
      }
      return reply(json_response(*r));
    }
    case RouteId::kGetAgent: {
      if (auto e = no_query()) return reply(std::move(*e));
      if (!may_see_agent(backend_, who, id)) return reply(forbidden(who, "read agent " + id));
      auto r = backend_.agent(id);
      return reply(r.is_ok() ? json_response(*r) : status_response(r.status()));
    }
    case RouteId::kPostAgentState: {
      if (auto e = no_query()) return reply(std::move(*e));
      if (!may_see_agent(backend_, who, id) || who.role == Role::kPlanner)
        return reply(forbidden(who, "change the state of agent " + id));
      Body body = parse_body(request, options_.json_depth, false);
      if (body.error) return reply(std::move(*body.error));
      if (!body.value.is_object())
        return reply(invalid("body", "must be an object {\"state\", \"reason\"?}"));
      for (auto it = body.value.begin(); it != body.value.end(); ++it) {
        if (it.key() != "state" && it.key() != "reason")
          return reply(invalid(it.key(), "unknown field (taken: state, reason)"));
      }
      if (!body.value.contains("state")) return reply(invalid("state", "required"));
      if (body.value.contains("reason") && !body.value["reason"].is_string())
        return reply(invalid("reason", "must be a string"));
      json event = {{"type", "agent_state_changed"},
                    {"time", io::format_rfc3339(backend_.now())},
                    {"agent", id},
                    {"state", body.value["state"]}};
      Result<engine::Event> decoded = io::decode_event(event);
      if (!decoded.is_ok()) return reply(status_response(decoded.status()));
      return answer_single(backend_, std::move(decoded).value(), route_name, respond);
    }
    case RouteId::kAcceptOffer:
    case RouteId::kRejectOffer: {
      if (auto e = no_query()) return reply(std::move(*e));
      std::optional<OfferId> offer = parse_offer_id(id);
      if (!offer) return reply(invalid("id", "an offer id is <agent>~<contact|task>~<work id>"));
      if (!may_see_agent(backend_, who, offer->agent) || who.role == Role::kPlanner)
        return reply(forbidden(who, "answer offers made to agent " + offer->agent));
      Body body = parse_body(request, options_.json_depth, true);
      if (body.error) return reply(std::move(*body.error));
      if (!body.value.is_object() || !body.value.empty())
        return reply(invalid("body", "must be empty or {}"));
      const Instant now = backend_.now();
      engine::Event event;
      if (route.id == RouteId::kAcceptOffer) {
        event = engine::OfferAccepted{now, offer->agent, offer->work};
      } else {
        event = engine::OfferRejected{now, offer->agent, offer->work};
      }
      return answer_single(backend_, std::move(event), route_name, respond);
    }
    case RouteId::kStream: {
      Query q = query_of({"agent", "queue", "item", "after", "access_token"});
      if (q.error) return reply(std::move(*q.error));
      StreamStart s;
      s.agent = q.values["agent"];
      s.queue = q.values["queue"];
      s.item = q.values["item"];
      if (who.role == Role::kAgent) {
        if (!s.agent.empty() && s.agent != who.agent)
          return reply(forbidden(who, "read the stream of agent " + s.agent));
        s.agent = who.agent;
      }
      if (q.values.count("after")) {
        auto n = parse_int(q.values["after"]);
        if (!n || *n < 0) return reply(invalid("after", "must be a sequence number >= 0"));
        s.after = *n;
      }
      if (!request.last_event_id.empty()) {
        auto n = parse_int(request.last_event_id);
        if (!n || *n < 0) return reply(invalid("Last-Event-ID", "must be a sequence number >= 0"));
        s.after = *n;
      }
      ApiResponse r;
      r.stream = s;
      return reply(std::move(r));
    }
    case RouteId::kReport: {
      Query q = query_of({"from", "to", "group_by", "queue", "team", "agent"});
      if (q.error) return reply(std::move(*q.error));
      ReportQuery rq;
      rq.kind = m.params["kind"];
      static const std::set<std::string> kKinds = {"queues", "backlog", "agents",
                                                   "teams",  "cost",    "leaderboard"};
      if (kKinds.count(rq.kind) == 0) {
        return reply(
            invalid("kind", "must be queues, backlog, agents, teams, cost or leaderboard"));
      }
      rq.from = q.values["from"];
      rq.to = q.values["to"];
      rq.queue = q.values["queue"];
      rq.team = q.values["team"];
      rq.agent = q.values["agent"];
      const std::string group_by = q.values["group_by"];
      if (group_by == "interval") {
        rq.by_interval = true;
      } else if (!group_by.empty() && group_by != "total") {
        return reply(invalid("group_by", "must be total or interval"));
      }
      const bool personal = rq.kind == "agents" || rq.kind == "teams" || rq.kind == "leaderboard";
      if (who.role == Role::kSupervisor && personal) {
        // Their team's people only.
        if (!rq.team.empty() && rq.team != who.team)
          return reply(forbidden(who, "read the reports of team " + rq.team));
        if (!rq.agent.empty() && !may_see_agent(backend_, who, rq.agent))
          return reply(forbidden(who, "read the reports of agent " + rq.agent));
        rq.team = who.team;
      } else if (who.role == Role::kAgent) {
        // Their own figures beside their team's, nothing else.
        if (rq.kind != "agents") return reply(forbidden(who, "read the " + rq.kind + " report"));
        if (!rq.agent.empty() && rq.agent != who.agent)
          return reply(forbidden(who, "read the reports of agent " + rq.agent));
        rq.agent = who.agent;
        rq.team = backend_.team_of(who.agent);
      }
      auto r = backend_.report(rq);
      return reply(r.is_ok() ? json_response(*r) : status_response(r.status()));
    }
    case RouteId::kPostSimulation:
    case RouteId::kGetSimulation:
    case RouteId::kPostPlan:
    case RouteId::kGetPublishedPlan:
    case RouteId::kGetPlan:
    case RouteId::kPublishPlan:
    case RouteId::kGetScenario:
    case RouteId::kPutScenario:
      return handle_planning({route, m.params, raw_query, request, who, options_.json_depth},
                             options_.planning, reply);
  }
  reply(error_response(500, "internal", "route without a handler"));
}

}  // namespace tandem::server
