// SPDX-License-Identifier: Apache-2.0
// The server through real HTTP on loopback against a FakeBackend: every route with every role
// (allowed and denied), a table of bad inputs, streams, limits (docs/api.md).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "fake_backend.h"
#include "http_client.h"
#include "server/auth.h"
#include "server/routes.h"
#include "server/server.h"

namespace tandem::server {
namespace {

using nlohmann::json;
using testing::FakeBackend;
using testing::HttpClient;
using testing::HttpResponse;
using namespace std::chrono_literals;

constexpr const char* kLoggedIn =
    R"({"type":"agent_logged_in","time":"2026-11-02T09:00:00Z","agent":"a1"})";

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override { start({}); }

  // Starts (again) with options changed from the test defaults by `adjust`.
  void start(const std::function<void(ServerOptions&)>& adjust) {
    server_.reset();
    ServerOptions o;
    o.port = 0;
    o.threads = 2;
    o.body_limit = 64 * 1024;
    o.batch_limit = 10;
    o.read_timeout = 2s;
    o.idle_timeout = 5s;
    o.heartbeat = 5s;
    o.rate_per_second = 0;
    o.max_streams = 4;
    if (adjust) adjust(o);
    server_ = std::make_unique<Server>(o, backend_, *tokens_);
    ASSERT_TRUE(server_->start().is_ok());
  }

  std::string token(Role role) {
    switch (role) {
      case Role::kAdmin:
        return admin_;
      case Role::kPlanner:
        return planner_;
      case Role::kSupervisor:
        return supervisor_;
      case Role::kAgent:
        return agent_;
      case Role::kIntegration:
        return integration_;
    }
    return "";
  }

  HttpResponse call(const std::string& method, const std::string& target,
                    const std::string& tok = "", const std::string& body = "",
                    const std::string& headers = "") {
    HttpClient c(server_->port());
    auto r = c.request(method, target, tok, body, headers);
    EXPECT_TRUE(r.has_value()) << method << " " << target;
    return r.value_or(HttpResponse{});
  }

  static std::string make(TokenStore& t, Role role, const std::string& team = "",
                          const std::string& agent = "") {
    auto r = t.create(role, team, agent, "test");
    EXPECT_TRUE(r.is_ok());
    return r.is_ok() ? r->token : "";
  }

  FakeBackend backend_;
  std::unique_ptr<TokenStore> tokens_ = make_memory_token_store();
  std::string admin_ = make(*tokens_, Role::kAdmin);
  std::string planner_ = make(*tokens_, Role::kPlanner);
  std::string supervisor_ = make(*tokens_, Role::kSupervisor, "t1");
  std::string agent_ = make(*tokens_, Role::kAgent, "", "a1");
  std::string integration_ = make(*tokens_, Role::kIntegration);
  std::unique_ptr<Server> server_;
};

// ---- every route, every role ----

struct Access {
  const char* method;
  const char* target;
  const char* body;
  // Expected status per role: admin, planner, supervisor, agent, integration, no token.
  int status[6];
};

const Access kAccess[] = {
    {"POST", "/api/v1/events", kLoggedIn, {200, 403, 403, 403, 200, 401}},
    {"GET", "/api/v1/items/m-1", "", {200, 200, 200, 200, 403, 401}},
    {"GET", "/api/v1/items?customer=cust-42", "", {200, 200, 200, 200, 403, 401}},
    {"GET", "/api/v1/customers/cust-42/journey", "", {200, 200, 200, 200, 403, 401}},
    {"GET", "/api/v1/queues", "", {200, 200, 200, 403, 403, 401}},
    {"GET", "/api/v1/queues/voice", "", {200, 200, 200, 403, 403, 401}},
    {"GET", "/api/v1/agents", "", {200, 200, 200, 403, 403, 401}},
    {"GET", "/api/v1/agents/a1", "", {200, 200, 200, 200, 403, 401}},
    {"GET", "/api/v1/agents/a2", "", {200, 200, 403, 403, 403, 401}},
    {"POST", "/api/v1/agents/a1/state", R"({"state":"break"})", {200, 403, 200, 200, 403, 401}},
    {"POST", "/api/v1/agents/a2/state", R"({"state":"break"})", {200, 403, 403, 403, 403, 401}},
    {"POST", "/api/v1/offers/a1~contact~c7/accept", "", {200, 403, 200, 200, 403, 401}},
    {"POST",
     "/api/v1/offers/a1~task~m-1/underwriting~qc/reject",
     "",
     {200, 403, 200, 200, 403, 401}},
    {"POST", "/api/v1/offers/a2~contact~c8/accept", "", {200, 403, 403, 403, 403, 401}},
    {"GET", "/api/v1/stream", "", {200, 200, 200, 200, 200, 401}},
    {"GET", "/api/v1/stream?agent=a2", "", {200, 200, 200, 403, 200, 401}},
    {"GET", "/api/v1/reports/queues", "", {200, 200, 200, 403, 403, 401}},
    {"GET", "/api/v1/reports/agents", "", {200, 200, 200, 200, 403, 401}},
    {"GET", "/api/v1/reports/agents?agent=a2", "", {200, 200, 403, 403, 403, 401}},
    {"GET", "/api/v1/reports/teams?team=t2", "", {200, 200, 403, 403, 403, 401}},
    {"GET", "/api/openapi.json", "", {200, 200, 200, 200, 200, 200}},
    {"GET", "/healthz", "", {200, 200, 200, 200, 200, 200}},
    {"GET", "/readyz", "", {200, 200, 200, 200, 200, 200}},
    {"GET", "/metrics", "", {200, 200, 200, 200, 200, 200}},
    // The planning routes without a planning service (503 once the role is allowed);
    // tests/server/planning_api_test.cpp runs them over the real one.
    {"POST", "/api/v1/simulations", "{}", {503, 503, 403, 403, 403, 401}},
    {"GET", "/api/v1/simulations/simulation-1", "", {503, 503, 403, 403, 403, 401}},
    {"POST", "/api/v1/plans", "{}", {503, 503, 403, 403, 403, 401}},
    {"GET", "/api/v1/plans/published", "", {503, 503, 503, 403, 403, 401}},
    {"GET", "/api/v1/plans/plan-1", "", {503, 503, 403, 403, 403, 401}},
    {"POST", "/api/v1/plans/plan-1/publish", "", {503, 503, 403, 403, 403, 401}},
    {"GET", "/api/v1/scenario", "", {503, 503, 503, 403, 403, 401}},
    {"PUT", "/api/v1/scenario", "name: x", {503, 503, 403, 403, 403, 401}},
};

TEST_F(ServerTest, EveryRouteAllowsAndDeniesByRole) {
  start([](ServerOptions& o) { o.max_streams = 100; });
  const Role roles[] = {Role::kAdmin, Role::kPlanner, Role::kSupervisor, Role::kAgent,
                        Role::kIntegration};
  for (const Access& a : kAccess) {
    for (int r = 0; r < 6; ++r) {
      const std::string tok = r < 5 ? token(roles[r]) : "";
      HttpResponse res = call(a.method, a.target, tok, a.body);
      const char* who = r < 5 ? to_string(roles[r]) : "no token";
      EXPECT_EQ(res.status, a.status[r])
          << a.method << " " << a.target << " as " << who << ": " << res.body;
      if (res.status == 403) {
        EXPECT_EQ(json::parse(res.body)["error"]["code"], "forbidden");
      }
      if (res.status == 401) {
        EXPECT_EQ(json::parse(res.body)["error"]["code"], "unauthenticated");
        EXPECT_EQ(res.header("www-authenticate"), "Bearer");
      }
    }
  }
}

TEST_F(ServerTest, ReportsCutTheQueryDownToTheCallersTeamOrSelf) {
  auto query = [&](Role role, const std::string& target) {
    HttpResponse res = call("GET", target, token(role));
    EXPECT_EQ(res.status, 200) << target << ": " << res.body;
    return json::parse(res.body);
  };
  json q = query(Role::kSupervisor, "/api/v1/reports/agents");
  EXPECT_EQ(q["team"], "t1");  // their team, never another
  q = query(Role::kAgent, "/api/v1/reports/agents");
  EXPECT_EQ(q["agent"], "a1");  // themselves, beside their team
  EXPECT_EQ(q["team"], "t1");
  q = query(Role::kPlanner, "/api/v1/reports/backlog?group_by=interval&from=08:00&to=12:00");
  EXPECT_EQ(q["by_interval"], true);
  EXPECT_EQ(q["from"], "08:00");
  EXPECT_EQ(q["team"], "");
  EXPECT_EQ(call("GET", "/api/v1/reports/weekly", token(Role::kAdmin)).status, 400);
  EXPECT_EQ(call("GET", "/api/v1/reports/queues?group_by=x", token(Role::kAdmin)).status, 400);
  EXPECT_EQ(call("GET", "/api/v1/reports/queues?color=red", token(Role::kAdmin)).status, 400);
}

TEST_F(ServerTest, EveryRouteOfTheTableIsCoveredByTheAccessTable) {
  for (const RouteDef& route : routes()) {
    bool covered = false;
    for (const Access& a : kAccess) {
      std::string target = a.target;
      target = target.substr(0, target.find('?'));
      RouteMatch m = match_route(a.method, target);
      covered = covered || m.route == &route;
    }
    EXPECT_TRUE(covered) << route.name();
  }
}

// ---- bad input: each case's status, error code and the field named ----

struct BadInput {
  const char* name;
  const char* method;
  std::string target;
  int role;  // index into admin, planner, supervisor, agent, integration; -1 none; -2 own header
  std::string body;
  std::string headers;
  int status;
  const char* code;
  const char* field;  // the first detail's field; "" when none expected
};

std::string nested(int depth) {
  return R"({"type":"clock_tick","time":"2026-11-02T09:00:00Z","x":)" + std::string(depth, '[') +
         std::string(depth, ']') + "}";
}
std::string batch(int n) {
  std::string s = "[";
  for (int i = 0; i < n; ++i) s += std::string(i ? "," : "") + kLoggedIn;
  return s + "]";
}
std::string event(const std::string& fields) {
  return R"({"type":"agent_logged_in","time":"2026-11-02T09:00:00Z")" + fields + "}";
}

std::vector<BadInput> bad_inputs() {
  const std::string ev = "/api/v1/events";
  return {
      {"malformed json", "POST", ev, 4, "{", "", 400, "invalid_argument", "body"},
      {"not json", "POST", ev, 4, "hello", "", 400, "invalid_argument", "body"},
      {"trailing garbage", "POST", ev, 4, std::string(kLoggedIn) + " x", "", 400,
       "invalid_argument", "body"},
      {"too deep", "POST", ev, 4, nested(40), "", 400, "invalid_argument", "body"},
      {"too big", "POST", ev, 4, std::string(70 * 1024, ' '), "", 413, "payload_too_large", "body"},
      {"batch too large", "POST", ev, 4, batch(11), "", 413, "payload_too_large", "events"},
      {"empty batch", "POST", ev, 4, "[]", "", 400, "invalid_argument", "events"},
      {"not an event", "POST", ev, 4, "42", "", 400, "invalid_argument", "events"},
      {"unknown type", "POST", ev, 4, R"({"type":"teleport","time":"2026-11-02T09:00:00Z"})", "",
       400, "invalid_argument", "events[0].type"},
      {"bad time", "POST", ev, 4,
       R"({"type":"agent_logged_in","time":"2026-13-02T09:00:00Z","agent":"a1"})", "", 400,
       "invalid_argument", "events[0].time"},
      {"fractional time", "POST", ev, 4,
       R"({"type":"agent_logged_in","time":"2026-11-02T09:00:00.5Z","agent":"a1"})", "", 400,
       "invalid_argument", "events[0].time"},
      {"time not a string", "POST", ev, 4,
       R"({"type":"agent_logged_in","time":1700000000,"agent":"a1"})", "", 400, "invalid_argument",
       "events[0].time"},
      {"missing field", "POST", ev, 4, event(""), "", 400, "invalid_argument", "events[0].agent"},
      {"wrong type", "POST", ev, 4, event(R"(,"agent":5)"), "", 400, "invalid_argument",
       "events[0].agent"},
      {"unknown field", "POST", ev, 4, event(R"(,"agent":"a1","colour":"red")"), "", 400,
       "invalid_argument", "events[0].colour"},
      {"missing type", "POST", ev, 4, R"({"time":"2026-11-02T09:00:00Z"})", "", 400,
       "invalid_argument", "events[0].type"},
      {"missing time", "POST", ev, 4, R"({"type":"clock_tick"})", "", 400, "invalid_argument",
       "events[0].time"},
      {"second of batch bad", "POST", ev, 4,
       std::string("[") + kLoggedIn + R"(,{"type":"clock_tick","time":"yesterday"}])", "", 400,
       "invalid_argument", "events[1].time"},
      {"array element not object", "POST", ev, 4, "[1]", "", 400, "invalid_argument", "events[0]"},
      {"empty idempotency key", "POST", ev, 4, event(R"(,"agent":"a1","idempotency_key":"")"), "",
       400, "invalid_argument", "events[0].idempotency_key"},
      {"idempotency key not a string", "POST", ev, 4, event(R"(,"agent":"a1","idempotency_key":7)"),
       "", 400, "invalid_argument", "events[0].idempotency_key"},
      {"bad version", "POST", ev, 4, event(R"(,"agent":"a1","v":2)"), "", 400, "invalid_argument",
       "events[0].v"},
      {"content type not json", "POST", ev, 4, kLoggedIn, "Content-Type: text/plain\r\n", 415,
       "unsupported_media_type", "Content-Type"},
      {"empty body", "POST", ev, 4, "", "", 400, "invalid_argument", "body"},
      {"query on events", "POST", ev + "?dry=1", 4, kLoggedIn, "", 400, "invalid_argument", "dry"},
      {"unknown item", "GET", "/api/v1/items/nope", 0, "", "", 404, "not_found", ""},
      {"unknown customer", "GET", "/api/v1/customers/nobody/journey", 0, "", "", 404, "not_found",
       ""},
      {"unknown queue", "GET", "/api/v1/queues/nope", 0, "", "", 404, "not_found", ""},
      {"unknown agent", "GET", "/api/v1/agents/nobody", 0, "", "", 404, "not_found", ""},
      {"bad cursor", "GET", "/api/v1/items?cursor=bogus", 0, "", "", 400, "invalid_argument",
       "cursor"},
      {"limit zero", "GET", "/api/v1/items?limit=0", 0, "", "", 400, "invalid_argument", "limit"},
      {"limit not a number", "GET", "/api/v1/items?limit=ten", 0, "", "", 400, "invalid_argument",
       "limit"},
      {"limit too large", "GET", "/api/v1/items?limit=1001", 0, "", "", 400, "invalid_argument",
       "limit"},
      {"overdue not boolean", "GET", "/api/v1/items?overdue=maybe", 0, "", "", 400,
       "invalid_argument", "overdue"},
      {"unknown parameter", "GET", "/api/v1/items?colour=red", 0, "", "", 400, "invalid_argument",
       "colour"},
      {"parameter twice", "GET", "/api/v1/items?limit=5&limit=6", 0, "", "", 400,
       "invalid_argument", "limit"},
      {"bad percent encoding", "GET", "/api/v1/items?customer=%zz", 0, "", "", 400,
       "invalid_argument", "query"},
      {"no token", "GET", "/api/v1/items/m-1", -1, "", "", 401, "unauthenticated", "Authorization"},
      {"bad token", "GET", "/api/v1/items/m-1", -2, "", "Authorization: Bearer abc\r\n", 401,
       "unauthenticated", "Authorization"},
      {"not bearer", "GET", "/api/v1/items/m-1", -2, "", "Authorization: Basic YWRtaW4=\r\n", 401,
       "unauthenticated", "Authorization"},
      {"unknown token", "GET", "/api/v1/items/m-1", -2, "",
       "Authorization: Bearer tdm_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\r\n",
       401, "unauthenticated", "Authorization"},
      {"wrong role", "GET", "/api/v1/queues", 4, "", "", 403, "forbidden", ""},
      {"wrong method", "DELETE", "/api/v1/items/m-1", 0, "", "", 405, "method_not_allowed", ""},
      {"get on events", "GET", ev, 0, "", "", 405, "method_not_allowed", ""},
      {"unknown path", "GET", "/api/v1/nothing", 0, "", "", 404, "not_found", ""},
      {"unknown state", "POST", "/api/v1/agents/a1/state", 0, R"({"state":"sleeping"})", "", 400,
       "invalid_argument", "state"},
      {"state missing", "POST", "/api/v1/agents/a1/state", 0, "{}", "", 400, "invalid_argument",
       "state"},
      {"state unknown field", "POST", "/api/v1/agents/a1/state", 0,
       R"({"state":"break","mood":"x"})", "", 400, "invalid_argument", "mood"},
      {"state reason not string", "POST", "/api/v1/agents/a1/state", 0,
       R"({"state":"break","reason":5})", "", 400, "invalid_argument", "reason"},
      {"state body not object", "POST", "/api/v1/agents/a1/state", 0, "[]", "", 400,
       "invalid_argument", "body"},
      {"state rejected by engine", "POST", "/api/v1/agents/a-busy/state", 0, R"({"state":"break"})",
       "", 409, "conflict", ""},
      {"offer id malformed", "POST", "/api/v1/offers/garbage/accept", 0, "", "", 400,
       "invalid_argument", "id"},
      {"offer kind unknown", "POST", "/api/v1/offers/a1~robot~x/accept", 0, "", "", 400,
       "invalid_argument", "id"},
      {"offer body not empty", "POST", "/api/v1/offers/a1~contact~c1/accept", 0, R"({"x":1})", "",
       400, "invalid_argument", "body"},
      {"offer rejected by engine", "POST", "/api/v1/offers/a1~contact~gone/accept", 0, "", "", 409,
       "conflict", ""},
      {"stream after negative", "GET", "/api/v1/stream?after=-1", 0, "", "", 400,
       "invalid_argument", "after"},
      {"stream bad last event id", "GET", "/api/v1/stream", 0, "", "Last-Event-ID: abc\r\n", 400,
       "invalid_argument", "Last-Event-ID"},
      {"stream unknown filter", "GET", "/api/v1/stream?colour=1", 0, "", "", 400,
       "invalid_argument", "colour"},
      {"headers too large", "GET", "/api/v1/items/m-1", 0, "",
       "X-Big: " + std::string(20000, 'x') + "\r\n", 413, "payload_too_large", ""},
  };
}

TEST_F(ServerTest, BadInputTable) {
  const auto cases = bad_inputs();
  ASSERT_GE(cases.size(), 40u);
  const Role roles[] = {Role::kAdmin, Role::kPlanner, Role::kSupervisor, Role::kAgent,
                        Role::kIntegration};
  for (const BadInput& c : cases) {
    const std::string tok = c.role >= 0 ? token(roles[c.role]) : "";
    HttpResponse res = call(c.method, c.target, tok, c.body, c.headers);
    EXPECT_EQ(res.status, c.status) << c.name << ": " << res.body;
    json body = json::parse(res.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << c.name << ": " << res.body;
    EXPECT_EQ(body["error"]["code"], c.code) << c.name;
    EXPECT_TRUE(body["error"]["message"].is_string()) << c.name;
    ASSERT_TRUE(body["error"]["details"].is_array()) << c.name;
    if (std::string(c.field).empty()) continue;
    ASSERT_FALSE(body["error"]["details"].empty()) << c.name << ": " << res.body;
    EXPECT_EQ(body["error"]["details"][0]["field"], c.field) << c.name << ": " << res.body;
    EXPECT_FALSE(body["error"]["details"][0]["rule"].get<std::string>().empty()) << c.name;
  }
  // Nothing of the bad events reached the backend: the only submissions are the accepted
  // offers and state changes the engine then rejected.
  for (const std::string& s : backend_.submitted()) {
    EXPECT_TRUE(s.find("agent_state_changed") != std::string::npos ||
                s.find("offer_accepted") != std::string::npos)
        << s;
  }
}

TEST_F(ServerTest, RevokedTokenIsRefused) {
  auto t = tokens_->create(Role::kAdmin, "", "", "to revoke");
  ASSERT_TRUE(t.is_ok());
  EXPECT_EQ(call("GET", "/api/v1/queues", t->token).status, 200);
  ASSERT_TRUE(tokens_->revoke(t->id).is_ok());
  HttpResponse res = call("GET", "/api/v1/queues", t->token);
  EXPECT_EQ(res.status, 401);
  EXPECT_NE(json::parse(res.body)["error"]["message"].get<std::string>().find("revoked"),
            std::string::npos);
}

TEST_F(ServerTest, MalformedRequestLineIs400) {
  HttpClient c(server_->port());
  ASSERT_TRUE(c.send_raw("GARBAGE\r\n\r\n"));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 400);
}

TEST_F(ServerTest, SlowHeadersAreCutOff) {
  start([](ServerOptions& o) { o.read_timeout = 300ms; });
  HttpClient c(server_->port());
  ASSERT_TRUE(c.send_raw("GET /healthz HTTP/1.1\r\nHost: x\r\n"));  // never finishes
  const auto begun = std::chrono::steady_clock::now();
  EXPECT_TRUE(c.closed_by_server(5s));
  EXPECT_LT(std::chrono::steady_clock::now() - begun, 4s);
  // The server still answers others.
  EXPECT_EQ(call("GET", "/healthz").status, 200);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  start([](ServerOptions& o) { o.idle_timeout = 300ms; });
  HttpClient c(server_->port());
  auto r = c.request("GET", "/healthz");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(c.closed_by_server(5s));
}

// ---- events ----

TEST_F(ServerTest, PostsOneEventAndABatchWithIdempotencyKeys) {
  HttpClient c(server_->port());
  auto one =
      c.request("POST", "/api/v1/events", integration_, kLoggedIn, "Idempotency-Key: k-1\r\n");
  ASSERT_TRUE(one.has_value());
  EXPECT_EQ(one->status, 200) << one->body;
  EXPECT_EQ(json::parse(one->body), json::parse(R"({"results":[{"seq":1,"status":"applied"}]})"));
  // Same connection (keep-alive), a batch: the header key does not apply to batches; the body's
  // key does; a repeated key is a duplicate.
  std::string b = std::string("[") + event(R"(,"agent":"a2","idempotency_key":"k-2")") + "," +
                  event(R"(,"agent":"a1","idempotency_key":"k-1")") + "]";
  auto two = c.request("POST", "/api/v1/events", integration_, b);
  ASSERT_TRUE(two.has_value());
  EXPECT_EQ(two->status, 200);
  EXPECT_EQ(json::parse(two->body), json::parse(R"({"results":[{"seq":2,"status":"applied"},
                                                   {"seq":0,"status":"duplicate"}]})"));
  EXPECT_EQ(backend_.keys(), (std::vector<std::string>{"k-1", "k-2"}));
  const auto sent = backend_.submitted();
  ASSERT_EQ(sent.size(), 2u);
  EXPECT_EQ(json::parse(sent[1])["agent"], "a2");
  EXPECT_FALSE(json::parse(sent[1]).contains("idempotency_key"));
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimAnswer) {
  HttpClient c(server_->port());
  const std::string body = kLoggedIn;
  ASSERT_TRUE(c.send_raw("POST /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                         integration_ + "\r\nContent-Type: application/json\r\nContent-Length: " +
                         std::to_string(body.size()) + "\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = c.read_until("\r\n\r\n", 5s);
  ASSERT_TRUE(interim.has_value());
  EXPECT_EQ(interim->rfind("HTTP/1.1 100 Continue", 0), 0u) << *interim;
  ASSERT_TRUE(c.send_raw(body));
  auto r = c.read_response();
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->status, 200) << r->body;
}

TEST_F(ServerTest, RejectedEventIsReportedWithItsReason) {
  HttpResponse res = call("POST", "/api/v1/agents/a-busy/state", admin_, R"({"state":"break"})");
  EXPECT_EQ(res.status, 409);
  EXPECT_EQ(json::parse(res.body)["error"]["message"], "agent a-busy: is on a contact");
  // In a batch, a rejection is one result among others (200).
  res = call(
      "POST", "/api/v1/events", admin_,
      R"({"type":"agent_state_changed","time":"2026-11-02T09:00:00Z","agent":"a-busy","state":"break"})");
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(json::parse(res.body)["results"][0]["status"], "rejected");
  EXPECT_EQ(json::parse(res.body)["results"][0]["reason"], "agent a-busy: is on a contact");
}

TEST_F(ServerTest, BackendFailureIs503) {
  backend_.fail_submit(true);
  HttpResponse res = call("POST", "/api/v1/events", integration_, kLoggedIn);
  EXPECT_EQ(res.status, 503);
  EXPECT_EQ(json::parse(res.body)["error"]["code"], "unavailable");
  EXPECT_EQ(json::parse(res.body)["error"]["message"], "store: disk full");
}

TEST_F(ServerTest, AgentStateAndOfferAnswersBecomeEngineEvents) {
  EXPECT_EQ(
      call("POST", "/api/v1/agents/a1/state", agent_, R"({"state":"not_ready","reason":"headset"})")
          .status,
      200);
  EXPECT_EQ(call("POST", "/api/v1/offers/a1~task~m-1/underwriting~qc/accept", agent_).status, 200);
  EXPECT_EQ(call("POST", "/api/v1/offers/a1~contact~c%2F9/reject", agent_, "{}").status, 200);
  const auto sent = backend_.submitted();
  ASSERT_EQ(sent.size(), 3u);
  EXPECT_EQ(json::parse(sent[0]), json::parse(R"({"type":"agent_state_changed",
      "time":"2026-11-02T09:00:00Z","agent":"a1","state":"not_ready"})"));
  EXPECT_EQ(json::parse(sent[1]), json::parse(R"({"type":"offer_accepted",
      "time":"2026-11-02T09:00:00Z","agent":"a1","work":{"kind":"task","id":"m-1/underwriting~qc"}})"));
  EXPECT_EQ(json::parse(sent[2]), json::parse(R"({"type":"offer_rejected",
      "time":"2026-11-02T09:00:00Z","agent":"a1","work":{"kind":"contact","id":"c/9"}})"));
}

// ---- reads ----

TEST_F(ServerTest, ReadsReturnTheBackendsBodies) {
  EXPECT_EQ(json::parse(call("GET", "/api/v1/items/m-1", agent_).body)["place"], "queued");
  EXPECT_EQ(json::parse(call("GET", "/api/v1/items/m%2F2", agent_).body)["id"], "m/2");
  HttpResponse page = call(
      "GET",
      "/api/v1/items?customer=cust-42&queue=voice&place=queued&overdue=true&limit=7&cursor=page-2",
      admin_);
  EXPECT_EQ(page.status, 200);
  ItemQuery q = backend_.last_query();
  EXPECT_EQ(q.customer, "cust-42");
  EXPECT_EQ(q.queue, "voice");
  EXPECT_EQ(q.place, "queued");
  EXPECT_EQ(q.overdue, std::optional<bool>(true));
  EXPECT_EQ(q.limit, 7u);
  EXPECT_EQ(q.cursor, "page-2");
  EXPECT_TRUE(json::parse(page.body)["next_cursor"].is_null());
  EXPECT_EQ(json::parse(call("GET", "/api/v1/queues/voice", planner_).body)["waiting"], 3);
  EXPECT_EQ(json::parse(call("GET", "/api/v1/customers/cust-42/journey", agent_).body)["customer"],
            "cust-42");
}

TEST_F(ServerTest, SupervisorSeesOnlyTheirTeamsAgents) {
  json all = json::parse(call("GET", "/api/v1/agents", admin_).body);
  EXPECT_EQ(all["agents"].size(), 3u);
  json mine = json::parse(call("GET", "/api/v1/agents", supervisor_).body);
  ASSERT_EQ(mine["agents"].size(), 2u);
  EXPECT_EQ(mine["agents"][0]["id"], "a1");
  EXPECT_EQ(mine["agents"][1]["id"], "a-busy");
}

TEST_F(ServerTest, HealthReadinessAndMetrics) {
  EXPECT_EQ(json::parse(call("GET", "/healthz").body)["status"], "ok");
  EXPECT_EQ(call("GET", "/readyz").status, 200);
  backend_.set_ready(false);
  HttpResponse not_ready = call("GET", "/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_EQ(json::parse(not_ready.body)["error"]["message"],
            "recovering: 10 of 20 events replayed");
  EXPECT_EQ(call("GET", "/api/v1/items/nope", admin_).status, 404);
  HttpResponse m = call("GET", "/metrics");
  EXPECT_EQ(m.status, 200);
  EXPECT_EQ(m.header("content-type"), "text/plain; version=0.0.4");
  EXPECT_NE(
      m.body.find(R"(tandem_http_requests_total{route="GET /api/v1/items/{id}",status="404"} 1)"),
      std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find(R"(tandem_http_requests_total{route="GET /readyz",status="503"} 1)"),
            std::string::npos);
  EXPECT_NE(
      m.body.find(
          "tandem_http_request_duration_seconds_bucket{route=\"GET /healthz\",le=\"+Inf\"} 1"),
      std::string::npos);
  EXPECT_NE(m.body.find("tandem_http_open_streams 0"), std::string::npos);
  EXPECT_NE(m.body.find("tandem_fake_events_total 0"), std::string::npos);
}

TEST_F(ServerTest, OpenApiDocumentHasEveryRoute) {
  HttpResponse res = call("GET", "/api/openapi.json");
  ASSERT_EQ(res.status, 200);
  json doc = json::parse(res.body);
  EXPECT_EQ(doc["openapi"], "3.1.0");
  for (const RouteDef& r : routes()) {
    std::string method = r.method;
    for (char& ch : method) ch = static_cast<char>(std::tolower(ch));
    ASSERT_TRUE(doc["paths"].contains(r.openapi_path())) << r.openapi_path();
    const json& op = doc["paths"][r.openapi_path()][method];
    ASSERT_TRUE(op.is_object()) << r.name();
    EXPECT_TRUE(op["responses"].contains(std::to_string(r.ok_status))) << r.name();
    for (int e : r.errors) EXPECT_TRUE(op["responses"].contains(std::to_string(e))) << r.name();
    EXPECT_EQ(op["security"].empty(), r.roles == 0) << r.name();
    // Every path parameter of the template is declared.
    for (std::size_t at = r.openapi_path().find('{'); at != std::string::npos;
         at = r.openapi_path().find('{', at + 1)) {
      const std::string p = r.openapi_path();
      const std::string name = p.substr(at + 1, p.find('}', at) - at - 1);
      bool declared = false;
      for (const json& param : op["parameters"])
        declared = declared || (param["name"] == name && param["in"] == "path");
      EXPECT_TRUE(declared) << r.name() << " " << name;
    }
  }
  // Every $ref names a schema that exists.
  std::function<void(const json&)> refs = [&](const json& j) {
    if (j.is_object()) {
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (it.key() == "$ref") {
          const std::string ref = it.value();
          const std::string prefix = "#/components/schemas/";
          ASSERT_EQ(ref.rfind(prefix, 0), 0u) << ref;
          EXPECT_TRUE(doc["components"]["schemas"].contains(ref.substr(prefix.size()))) << ref;
        } else {
          refs(it.value());
        }
      }
    } else if (j.is_array()) {
      for (const json& e : j) refs(e);
    }
  };
  refs(doc);
}

// ---- limits ----

TEST_F(ServerTest, RateLimitAnswers429WithRetryAfter) {
  start([](ServerOptions& o) {
    o.rate_per_second = 0.5;
    o.rate_burst = 3;
  });
  HttpClient c(server_->port());
  for (int i = 0; i < 3; ++i) {
    auto r = c.request("GET", "/api/v1/queues", admin_);
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ(r->status, 200);
  }
  auto limited = c.request("GET", "/api/v1/queues", admin_);
  ASSERT_TRUE(limited.has_value());
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->header("retry-after"), "2");
  EXPECT_EQ(json::parse(limited->body)["error"]["code"], "rate_limited");
  // Another token has its own bucket.
  auto other = c.request("GET", "/api/v1/queues", planner_);
  ASSERT_TRUE(other.has_value());
  EXPECT_EQ(other->status, 200);
}

// ---- streams ----

// Reads `n` SSE records (id, event, data) from an open stream.
struct Sse {
  std::int64_t id;
  std::string event, data;
};
std::vector<Sse> read_records(HttpClient& c, std::size_t n) {
  std::vector<Sse> out;
  while (out.size() < n) {
    auto block = c.read_until("\n\n", 5s);
    if (!block) break;
    if (block->rfind(":", 0) == 0) continue;  // a comment
    Sse s{};
    std::size_t pos = 0;
    while (pos < block->size()) {
      std::size_t e = block->find('\n', pos);
      std::string line = block->substr(pos, e - pos);
      pos = e + 1;
      if (line.rfind("id: ", 0) == 0) s.id = std::stoll(line.substr(4));
      if (line.rfind("event: ", 0) == 0) s.event = line.substr(7);
      if (line.rfind("data: ", 0) == 0) s.data += line.substr(6);
    }
    out.push_back(s);
  }
  return out;
}

std::unique_ptr<HttpClient> open_stream(std::uint16_t port, const std::string& tok,
                                        const std::string& target,
                                        const std::string& headers = "") {
  auto c = std::make_unique<HttpClient>(port);
  auto r = c->request("GET", target, tok, "", headers);
  EXPECT_TRUE(r.has_value());
  if (r) {
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->header("content-type"), "text/event-stream");
  }
  return c;
}

// Waits until the backend has `n` subscribers (the stream is open on the server's side).
bool wait_subscribers(FakeBackend& b, std::size_t n) {
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (b.subscribers() != n) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

TEST_F(ServerTest, StreamDeliversRecordsInOrderWithFilters) {
  auto all = open_stream(server_->port(), integration_, "/api/v1/stream");
  auto mine = open_stream(server_->port(), agent_, "/api/v1/stream");  // forced to a1
  ASSERT_TRUE(wait_subscribers(backend_, 2));
  for (int i = 0; i < 50; ++i) {
    backend_.publish("action", R"({"type":"offer_work","n":)" + std::to_string(i) + "}",
                     i % 2 ? "a1" : "a2");
  }
  std::vector<Sse> got = read_records(*all, 50);
  ASSERT_EQ(got.size(), 50u);
  for (int i = 0; i < 50; ++i) {
    EXPECT_EQ(got[i].id, i + 1);
    EXPECT_EQ(got[i].event, "action");
    EXPECT_EQ(json::parse(got[i].data)["n"], i);
  }
  std::vector<Sse> a1 = read_records(*mine, 25);
  ASSERT_EQ(a1.size(), 25u);
  for (int i = 0; i < 25; ++i) EXPECT_EQ(a1[i].id, 2 * i + 2);
}

TEST_F(ServerTest, StreamResumesWithLastEventIdAfterADroppedConnection) {
  auto first = open_stream(server_->port(), integration_, "/api/v1/stream");
  ASSERT_TRUE(wait_subscribers(backend_, 1));
  for (int i = 1; i <= 5; ++i) backend_.publish("action", "{\"n\":" + std::to_string(i) + "}");
  std::vector<Sse> got = read_records(*first, 3);
  ASSERT_EQ(got.size(), 3u);
  const std::int64_t last = got.back().id;
  first->close();  // dropped: records 4, 5 and what follows are missed on this connection
  ASSERT_TRUE(wait_subscribers(backend_, 0));  // the server saw the drop
  for (int i = 6; i <= 8; ++i) backend_.publish("action", "{\"n\":" + std::to_string(i) + "}");
  auto again = open_stream(server_->port(), integration_, "/api/v1/stream",
                           "Last-Event-ID: " + std::to_string(last) + "\r\n");
  std::vector<Sse> rest = read_records(*again, 5);
  ASSERT_EQ(rest.size(), 5u);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(rest[i].id, last + 1 + i);
  // ?after= resumes too.
  auto third = open_stream(server_->port(), integration_, "/api/v1/stream?after=6");
  std::vector<Sse> tail = read_records(*third, 2);
  ASSERT_EQ(tail.size(), 2u);
  EXPECT_EQ(tail[0].id, 7);
  EXPECT_EQ(tail[1].id, 8);
}

// EventSource cannot send headers: the stream alone takes the token as ?access_token=.
TEST_F(ServerTest, StreamTakesTheTokenAsAQueryParameterAndNoOtherRouteDoes) {
  auto mine = open_stream(server_->port(), "", "/api/v1/stream?access_token=" + agent_);
  ASSERT_TRUE(wait_subscribers(backend_, 1));
  backend_.publish("action", R"({"n":1})", "a2");
  backend_.publish("action", R"({"n":2})", "a1");
  std::vector<Sse> got = read_records(*mine, 1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].id, 2);  // the agent's own records only, as with the header
  HttpResponse bad = call("GET", "/api/v1/stream?access_token=tdm_0000000000000000_nope");
  EXPECT_EQ(bad.status, 401);
  EXPECT_EQ(json::parse(bad.body)["error"]["code"], "unauthenticated");
  EXPECT_EQ(call("GET", "/api/v1/stream?access_token=" + agent_ + "&agent=a2").status, 403);
  EXPECT_EQ(call("GET", "/api/v1/queues?access_token=" + admin_).status, 401);
  EXPECT_EQ(call("GET", "/api/v1/items/m-1?access_token=" + admin_).status, 401);
}

TEST_F(ServerTest, StreamSendsHeartbeats) {
  start([](ServerOptions& o) { o.heartbeat = 100ms; });
  auto c = open_stream(server_->port(), integration_, "/api/v1/stream");
  EXPECT_TRUE(c->read_until(": heartbeat\n\n", 5s).has_value());
  EXPECT_TRUE(c->read_until(": heartbeat\n\n", 5s).has_value());
}

TEST_F(ServerTest, StreamSubscriberCapAnswers503) {
  std::vector<std::unique_ptr<HttpClient>> open;
  for (int i = 0; i < 4; ++i)
    open.push_back(open_stream(server_->port(), admin_, "/api/v1/stream"));
  ASSERT_TRUE(wait_subscribers(backend_, 4));
  HttpResponse res = call("GET", "/api/v1/stream", admin_);
  EXPECT_EQ(res.status, 503);
  EXPECT_EQ(json::parse(res.body)["error"]["code"], "unavailable");
  EXPECT_NE(call("GET", "/metrics").body.find("tandem_http_open_streams 4"), std::string::npos);
}

TEST_F(ServerTest, SlowStreamReaderIsDroppedNotBuffered) {
  start([](ServerOptions& o) { o.stream_backlog = 8; });
  auto c = open_stream(server_->port(), admin_, "/api/v1/stream");
  ASSERT_TRUE(wait_subscribers(backend_, 1));
  // Far more than the backlog in one go, faster than any strand can drain (published under
  // the backend's lock): the server ends the stream; the client resumes from its last id.
  for (int i = 0; i < 5000; ++i) backend_.publish("action", std::string(200, 'x'));
  EXPECT_TRUE(c->closed_by_server(10s));
  EXPECT_TRUE(wait_subscribers(backend_, 0));
}

TEST_F(ServerTest, StopEndsOpenStreams) {
  auto c = open_stream(server_->port(), admin_, "/api/v1/stream");
  ASSERT_TRUE(wait_subscribers(backend_, 1));
  server_->stop();
  EXPECT_EQ(backend_.subscribers(), 0u);
  EXPECT_TRUE(c->closed_by_server(5s));
}

TEST_F(ServerTest, ServesStaticFilesWithIndexFallback) {
  const std::string root = ::testing::TempDir() + "tandem-web";
  std::filesystem::create_directories(root + "/assets");
  {
    std::ofstream(root + "/index.html") << "<html>tandem</html>";
    std::ofstream(root + "/assets/app.js") << "console.log(1)";
  }
  start([&](ServerOptions& o) { o.web_root = root; });
  HttpResponse js = call("GET", "/assets/app.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.header("content-type"), "text/javascript");
  HttpResponse deep = call("GET", "/items/m-1");  // a dashboard route: index.html
  EXPECT_EQ(deep.body, "<html>tandem</html>");
  EXPECT_EQ(call("GET", "/../secret").status, 404);
  EXPECT_EQ(call("GET", "/api/v1/nothing").status, 404);
}

TEST_F(ServerTest, StartFailsOnAPortInUse) {
  ServerOptions o;
  o.port = server_->port();
  Server second(o, backend_, *tokens_);
  Status s = second.start();
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace tandem::server
