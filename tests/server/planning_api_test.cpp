// SPDX-License-Identifier: Apache-2.0
// The planning and scenario routes through real HTTP on loopback over the real service
// (StorePlanning on a SQLite store): every route allowed and denied per role, bad input, a
// simulation and a week's plan run to completion on a small operation, publish and read
// back, scenario versions (docs/api.md "Planning", "Scenario").
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "fake_backend.h"
#include "http_client.h"
#include "model/calendar.h"
#include "server/auth.h"
#include "server/server.h"
#include "server/store_planning.h"

namespace tandem::server {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using nlohmann::json;
using testing::FakeBackend;
using testing::HttpClient;
using testing::HttpResponse;

// A small operation with four weeks of flat history: 8 calls and 2 forms per quarter hour,
// Monday to Friday 09:00-17:00; three people and a robot (as tests/app/plan_test.cpp).
std::string small_operation(const fs::path& dir) {
  std::ofstream csv(dir / "history.csv");
  csv << "interval_start,queue,volume,aht_seconds\n";
  const LocalDays monday = *parse_local_date("2026-09-07");
  for (int d = 0; d < 28; ++d) {
    if (d % 7 >= 5) continue;
    const std::string day = format_local_date(monday + std::chrono::days{d});
    for (int m = 9 * 60; m < 17 * 60; m += 15) {
      csv << fmt::format("{}T{:02}:{:02},calls,8,180\n", day, m / 60, m % 60);
      csv << fmt::format("{}T{:02}:{:02},forms,2,600\n", day, m / 60, m % 60);
    }
  }
  std::ifstream in(std::string(TANDEM_SOURCE_DIR) + "/tests/model/data/minimal.yaml");
  std::stringstream yaml;
  yaml << in.rdbuf();
  std::string text = yaml.str();
  text.replace(text.find("agents:"), std::string::npos,
               "agents:\n"
               "  - {id: ann, team: team, skills: {phones: 1.0, admin: 1.3}, contract: ft, "
               "cost_per_hour: 20}\n"
               "  - {id: bea, team: team, skills: {phones: 1.0}, contract: ft, cost_per_hour: 20}\n"
               "  - {id: cat, team: team, skills: {phones: 1.0, admin: 1.0}, contract: ft, "
               "cost_per_hour: 20}\n"
               "  - {id: bot, kind: robot, team: team, skills: {admin: 1}, concurrency: 3, "
               "failure_rate: 0.1}\n"
               "shift_templates:\n"
               "  - id: day\n"
               "    start: {earliest: \"09:00\", latest: \"09:00\"}\n"
               "    lengths_hours: [8]\n"
               "    weekdays: [mon, tue, wed, thu, fri]\n"
               "policies:\n"
               "  - {id: blended, blending: true}\n"
               "  - {id: siloed, blending: false}\n"
               "history:\n"
               "  contacts: history.csv\n");
  return text;
}

class PlanningApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tandem-planning-api-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    text_ = small_operation(dir_);
    ScenarioLoad load = load_scenario_text(text_, "small.yaml", dir_);
    ASSERT_TRUE(load.ok()) << to_string(load.problems);
    auto st = store::open_store("sqlite:" + (dir_ / "t.db").string());
    ASSERT_TRUE(st.is_ok()) << st.status().message();
    store_ = std::move(st).value();
    store::ScenarioVersion v;
    v.text = text_;
    v.author = "tandem serve";
    auto version = store_->put_scenario(v);
    ASSERT_TRUE(version.is_ok());
    StorePlanningOptions po;
    po.jobs.max_queued = 3;
    planning_ = std::make_unique<StorePlanning>(
        *store_, *load.scenario, ScenarioText{*version, text_, v.author, {}}, dir_, po);
    ServerOptions so;
    so.port = 0;
    so.rate_per_second = 0;
    so.planning = planning_.get();
    server_ = std::make_unique<Server>(so, backend_, *tokens_);
    ASSERT_TRUE(server_->start().is_ok());
  }
  void TearDown() override {
    server_.reset();
    planning_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  HttpResponse call(const std::string& method, const std::string& target, const std::string& tok,
                    const std::string& body = "", const std::string& headers = "") {
    HttpClient c(server_->port());
    auto r = c.request(method, target, tok, body, headers);
    EXPECT_TRUE(r.has_value()) << method << " " << target;
    return r.value_or(HttpResponse{});
  }

  // Waits for the job on its condition variable (bounded), then reads it over HTTP.
  json finished(const std::string& href, const std::string& id) {
    auto view = planning_->wait(id, 300s);
    EXPECT_TRUE(view && view->finished()) << id;
    HttpResponse r = call("GET", href, planner_);
    EXPECT_EQ(r.status, 200) << r.body;
    return json::parse(r.body);
  }

  static std::string make(TokenStore& t, Role role, const std::string& team = "",
                          const std::string& agent = "") {
    auto r = t.create(role, team, agent, "test");
    return r.is_ok() ? r->token : "";
  }

  fs::path dir_;
  std::string text_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<StorePlanning> planning_;
  FakeBackend backend_;
  std::unique_ptr<TokenStore> tokens_ = make_memory_token_store();
  std::string admin_ = make(*tokens_, Role::kAdmin);
  std::string planner_ = make(*tokens_, Role::kPlanner);
  std::string supervisor_ = make(*tokens_, Role::kSupervisor, "t1");
  std::string agent_ = make(*tokens_, Role::kAgent, "", "a1");
  std::string integration_ = make(*tokens_, Role::kIntegration);
  std::unique_ptr<Server> server_;
};

TEST_F(PlanningApiTest, EveryPlanningRouteAllowsAndDeniesByRole) {
  struct Case {
    const char* method;
    std::string target;
    std::string body;
    std::string headers;
    int status[6];  // admin, planner, supervisor, agent, integration, no token
  };
  // Jobs queued by the allowed calls are a small plan with a 1 s limit and a tiny simulation.
  const std::string yaml = "Content-Type: application/yaml\r\n";
  const Case cases[] = {
      {"POST",
       "/api/v1/simulations",
       R"({"days":1,"replications":1})",
       "",
       {202, 202, 403, 403, 403, 401}},
      {"GET", "/api/v1/simulations/simulation-1", "", "", {200, 200, 403, 403, 403, 401}},
      {"POST", "/api/v1/plans", R"({"time_limit_seconds":1})", "", {202, 202, 403, 403, 403, 401}},
      {"GET", "/api/v1/plans/plan-3", "", "", {200, 200, 403, 403, 403, 401}},
      {"POST", "/api/v1/plans/plan-3/publish", "", "", {409, 409, 403, 403, 403, 401}},
      {"GET", "/api/v1/plans/published?week=2026-10-05", "", "", {404, 404, 404, 403, 403, 401}},
      {"GET", "/api/v1/scenario", "", "", {200, 200, 200, 403, 403, 401}},
      {"PUT", "/api/v1/scenario", "name: x\n", yaml, {422, 422, 403, 403, 403, 401}},
  };
  const std::string tokens[] = {admin_, planner_, supervisor_, agent_, integration_, ""};
  for (const Case& c : cases) {
    for (int r = 0; r < 6; ++r) {
      HttpResponse res = call(c.method, c.target, tokens[r], c.body, c.headers);
      // A plan still queued or running cannot be published yet (409); once done it could.
      // Nor read back as published (404) until then.
      if ((c.status[r] == 409 || c.status[r] == 404) && res.status == 200) continue;
      EXPECT_EQ(res.status, c.status[r])
          << c.method << " " << c.target << " as " << r << ": " << res.body;
      if (res.status == 403) {
        EXPECT_EQ(json::parse(res.body)["error"]["code"], "forbidden");
      }
      if (res.status == 401) {
        EXPECT_EQ(json::parse(res.body)["error"]["code"], "unauthenticated");
      }
    }
  }
}

TEST_F(PlanningApiTest, BadInputIsRefusedNamingTheField) {
  struct Bad {
    const char* name;
    const char* method;
    std::string target;
    std::string body;
    std::string headers;
    int status;
    const char* field;
  };
  const std::string sims = "/api/v1/simulations", plans = "/api/v1/plans";
  const Bad cases[] = {
      {"days zero", "POST", sims, R"({"days":0})", "", 400, "days"},
      {"days too many", "POST", sims, R"({"days":29})", "", 400, "days"},
      {"days not integer", "POST", sims, R"({"days":1.5})", "", 400, "days"},
      {"replications zero", "POST", sims, R"({"replications":0})", "", 400, "replications"},
      {"replications too many", "POST", sims, R"({"replications":21})", "", 400, "replications"},
      {"seed negative", "POST", sims, R"({"seed":-1})", "", 400, "seed"},
      {"staff scale zero", "POST", sims, R"({"staff_scale":0})", "", 400, "staff_scale"},
      {"staff scale above 2", "POST", sims, R"({"staff_scale":2.5})", "", 400, "staff_scale"},
      {"shrinkage above 1", "POST", sims, R"({"shrinkage":1.2})", "", 400, "shrinkage"},
      {"shrinkage a string", "POST", sims, R"({"shrinkage":"low"})", "", 400, "shrinkage"},
      {"policies not array", "POST", sims, R"({"policies":"blended"})", "", 400, "policies"},
      {"policy not a string", "POST", sims, R"({"policies":[3]})", "", 400, "policies[0]"},
      {"unknown policy", "POST", sims, R"({"policies":["blended","fastest"]})", "", 400,
       "policies[1]"},
      {"unknown field", "POST", sims, R"({"volume":2})", "", 400, "volume"},
      {"body not object", "POST", sims, "[1]", "", 400, "body"},
      {"malformed json", "POST", sims, "{", "", 400, "body"},
      {"not json", "POST", sims, "days=1", "Content-Type: text/plain\r\n", 415, "Content-Type"},
      {"query on simulations", "POST", sims + "?fast=1", "{}", "", 400, "fast"},
      {"unknown simulation", "GET", sims + "/simulation-99", "", "", 404, ""},
      {"plan id as simulation", "GET", sims + "/plan-1", "", "", 404, ""},
      {"start not a date", "POST", plans, R"({"start":"next week"})", "", 400, "start"},
      {"start not a Monday", "POST", plans, R"({"start":"2026-10-06"})", "", 400, "start"},
      {"weeks zero", "POST", plans, R"({"weeks":0})", "", 400, "weeks"},
      {"weeks five", "POST", plans, R"({"weeks":5})", "", 400, "weeks"},
      {"time limit too small", "POST", plans, R"({"time_limit_seconds":0.5})", "", 400,
       "time_limit_seconds"},
      {"time limit too large", "POST", plans, R"({"time_limit_seconds":301})", "", 400,
       "time_limit_seconds"},
      {"unknown plan", "GET", plans + "/plan-99", "", "", 404, ""},
      {"publish unknown plan", "POST", plans + "/plan-99/publish", "", "", 404, ""},
      {"publish with a body", "POST", plans + "/plan-1/publish", R"({"x":1})", "", 400, "x"},
      {"published without week", "GET", plans + "/published", "", "", 400, "week"},
      {"published week not a date", "GET", plans + "/published?week=soon", "", "", 400, "week"},
      {"published week not a Monday", "GET", plans + "/published?week=2026-10-07", "", "", 400,
       "week"},
      {"published unknown parameter", "GET", plans + "/published?week=2026-10-05&x=1", "", "", 400,
       "x"},
      {"scenario as form", "PUT", "/api/v1/scenario", "name: x",
       "Content-Type: application/x-www-form-urlencoded\r\n", 415, "Content-Type"},
      {"scenario empty", "PUT", "/api/v1/scenario", "", "Content-Type: application/yaml\r\n", 400,
       "body"},
      {"scenario delete", "DELETE", "/api/v1/scenario", "", "", 405, ""},
  };
  for (const Bad& c : cases) {
    HttpResponse res = call(c.method, c.target, planner_, c.body, c.headers);
    EXPECT_EQ(res.status, c.status) << c.name << ": " << res.body;
    json body = json::parse(res.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << c.name;
    ASSERT_TRUE(body["error"]["details"].is_array()) << c.name;
    if (std::string(c.field).empty()) continue;
    ASSERT_FALSE(body["error"]["details"].empty()) << c.name << ": " << res.body;
    EXPECT_EQ(body["error"]["details"][0]["field"], c.field) << c.name << ": " << res.body;
  }
  // Several problems at once are all named.
  HttpResponse many = call("POST", sims, planner_, R"({"days":0,"replications":0,"seed":"x"})");
  ASSERT_EQ(many.status, 400);
  EXPECT_EQ(json::parse(many.body)["error"]["details"].size(), 3u);
}

TEST_F(PlanningApiTest, SimulationRunsToCompletionWithRealNumbers) {
  HttpResponse start =
      call("POST", "/api/v1/simulations", planner_,
           R"({"days":5,"replications":2,"seed":7,"policies":["blended","siloed"]})");
  ASSERT_EQ(start.status, 202) << start.body;
  const json accepted = json::parse(start.body);
  EXPECT_EQ(accepted["href"], "/api/v1/simulations/" + accepted["id"].get<std::string>());
  EXPECT_EQ(start.header("location"), accepted["href"]);
  const json job = finished(accepted["href"], accepted["id"]);
  ASSERT_EQ(job["status"], "done") << job.dump();
  EXPECT_EQ(job["progress"]["done"], job["progress"]["total"]);
  const json& result = job["result"];
  EXPECT_EQ(result["days"], 5);
  ASSERT_EQ(result["policies"].size(), 2u);
  const json& blended = result["policies"][0];
  const json& siloed = result["policies"][1];
  EXPECT_EQ(blended["policy"], "blended");
  EXPECT_EQ(blended["replications"], 2);
  // Common random numbers: the same calls arrive under both policies; about 8 a quarter
  // hour over five 8-hour days (1280 expected).
  const double offered = blended["kpis"]["calls"]["offered"]["mean"];
  EXPECT_EQ(siloed["kpis"]["calls"]["offered"]["mean"], offered);
  EXPECT_GT(offered, 1100);
  EXPECT_LT(offered, 1460);
  const double sl = blended["kpis"]["calls"]["service_level"]["mean"];
  EXPECT_GT(sl, 0.0);
  EXPECT_LE(sl, 1.0);
  // The numbers of this seed (one thread, common random numbers: deterministic).
  EXPECT_DOUBLE_EQ(offered, 1266);
  EXPECT_NEAR(sl, 0.787915, 1e-6);
  EXPECT_NEAR(blended["staff_hours"]["mean"].get<double>(), 240.2207, 1e-4);
  EXPECT_NEAR(blended["cost"]["mean"].get<double>(), 2404.4133, 1e-4);
  // The staff hours' interval holds its mean.
  EXPECT_LE(blended["staff_hours"]["low"].get<double>(), 240.2207);
  EXPECT_GE(blended["staff_hours"]["high"].get<double>(), 240.2207);
  ASSERT_FALSE(blended["sla"].empty());
  EXPECT_EQ(blended["sla"][0]["sla"], "fast");
  EXPECT_DOUBLE_EQ(blended["sla"][0]["target"].get<double>(), 0.8);
  // The same request gives the same numbers (seeded, one thread).
  HttpResponse again =
      call("POST", "/api/v1/simulations", planner_,
           R"({"days":5,"replications":2,"seed":7,"policies":["blended","siloed"]})");
  ASSERT_EQ(again.status, 202);
  const json second = finished(json::parse(again.body)["href"], json::parse(again.body)["id"]);
  EXPECT_EQ(second["result"], result);
}

TEST_F(PlanningApiTest, PlanRunsPublishesAndReadsBack) {
  HttpResponse start = call("POST", "/api/v1/plans", planner_, R"({"time_limit_seconds":5})");
  ASSERT_EQ(start.status, 202) << start.body;
  const json accepted = json::parse(start.body);
  const std::string id = accepted["id"];
  const json job = finished(accepted["href"], id);
  ASSERT_EQ(job["status"], "done") << job.dump();
  const json& plan = job["result"];
  // The week after the history (which ends on Friday 2 October).
  EXPECT_EQ(plan["week"], "2026-10-05");
  EXPECT_EQ(plan["days"], 7);
  // 8 calls a quarter hour, 180 s each.
  const json& calls = plan["forecast"]["queues"][0];
  EXPECT_EQ(calls["queue"], "calls");
  const json& first = calls["intervals"][0];
  EXPECT_EQ(first["start"], "2026-10-05T09:00");
  EXPECT_NEAR(first["volume"].get<double>(), 8, 1e-6);
  EXPECT_NEAR(first["aht_seconds"].get<double>(), 180, 1e-6);
  // Erlang C: 4 agents at 8 calls of 180 s a quarter hour for 80% in 20 s.
  const json& fo = plan["staffing"]["front_office"][0];
  EXPECT_EQ(fo["queue"], "calls");
  EXPECT_EQ(fo["intervals"][0]["required_agents"], 4);
  ASSERT_EQ(plan["staffing"]["back_office"].size(), 1u);
  // The form process has four steps of forms: four times the arrivals' work flows to people
  // (staffing/process_flow.h), as tests/app/plan_test.cpp computes.
  EXPECT_NEAR(plan["staffing"]["back_office"][0]["min_level_agents"].get<double>(), 5.33, 0.005);
  // The totals tests/app/plan_test.cpp checks for this operation.
  const json& totals = plan["totals"];
  EXPECT_NEAR(totals["front_office"][0]["volume"].get<double>(), 1280, 1);
  EXPECT_EQ(totals["front_office"][0]["peak_agents"], 4);
  EXPECT_DOUBLE_EQ(totals["front_office"][0]["agent_hours"].get<double>(), 160.0);
  EXPECT_EQ(totals["rostered_people"], 3);
  EXPECT_EQ(totals["shifts"], 15);
  // Each shift with its activities, starting at 09:00 on a weekday.
  int shifts = 0;
  for (const json& agent : plan["schedule"]["agents"]) {
    for (const json& s : agent["shifts"]) {
      ++shifts;
      EXPECT_EQ(s["start"].get<std::string>().substr(10), "T09:00") << s.dump();
      EXPECT_FALSE(s["activities"].empty());
    }
  }
  EXPECT_EQ(shifts, 15);

  HttpResponse none = call("GET", "/api/v1/plans/published?week=2026-10-05", planner_);
  EXPECT_EQ(none.status, 404);
  HttpResponse pub = call("POST", "/api/v1/plans/" + id + "/publish", planner_);
  ASSERT_EQ(pub.status, 200) << pub.body;
  EXPECT_EQ(json::parse(pub.body)["week"], "2026-10-05");
  HttpResponse back = call("GET", "/api/v1/plans/published?week=2026-10-05", supervisor_);
  ASSERT_EQ(back.status, 200) << back.body;
  const json published = json::parse(back.body);
  EXPECT_EQ(published["job"], id);
  EXPECT_EQ(published["plan"], plan);
  EXPECT_EQ(published["author"].get<std::string>().rfind("planner:", 0), 0u);
  // The store holds it: another service over the same store reads it too.
  auto stored = store_->latest_plan("2026-10-05", "schedule");
  ASSERT_TRUE(stored.is_ok() && stored->has_value());
}

TEST_F(PlanningApiTest, ScenarioPutIsValidatedCompletely) {
  HttpResponse get = call("GET", "/api/v1/scenario", supervisor_);
  ASSERT_EQ(get.status, 200) << get.body;
  const json before = json::parse(get.body);
  EXPECT_EQ(before["version"], 1);
  EXPECT_EQ(before["latest_version"], 1);
  EXPECT_EQ(before["text"], text_);
  EXPECT_EQ(before["summary"]["people"], 3);
  EXPECT_EQ(before["summary"]["robots"], 1);
  const std::string yaml = "Content-Type: application/yaml\r\n";

  // Two problems: an unknown skill and a negative handle time; both reported, nothing stored.
  std::string bad = text_;
  bad.replace(bad.find("skill: phones"), 13, "skill: phonez");
  bad.replace(bad.find("mean_seconds: 180"), 17, "mean_seconds: -5");
  HttpResponse invalid = call("PUT", "/api/v1/scenario", planner_, bad, yaml);
  ASSERT_EQ(invalid.status, 422) << invalid.body;
  const json err = json::parse(invalid.body)["error"];
  EXPECT_EQ(err["code"], "invalid_argument");
  ASSERT_GE(err["details"].size(), 2u) << invalid.body;
  bool skill = false, handle = false;
  for (const json& d : err["details"]) {
    EXPECT_GT(d["line"].get<int>(), 0) << d.dump();
    const std::string field = d["field"];
    skill = skill || field.find("skill") != std::string::npos;
    handle = handle || field.find("handle_time") != std::string::npos;
  }
  EXPECT_TRUE(skill) << invalid.body;
  EXPECT_TRUE(handle) << invalid.body;
  HttpResponse not_yaml = call("PUT", "/api/v1/scenario", planner_, "{: [", yaml);
  EXPECT_EQ(not_yaml.status, 422) << not_yaml.body;
  auto latest = store_->latest_scenario();
  ASSERT_TRUE(latest.is_ok() && latest->has_value());
  EXPECT_EQ((*latest)->version, 1);

  std::string good = text_;
  good.replace(good.find("name: Minimal"), 13, "name: Minimal v2");
  HttpResponse put =
      call("PUT", "/api/v1/scenario", planner_, good, "Content-Type: text/plain\r\n");
  ASSERT_EQ(put.status, 201) << put.body;
  EXPECT_EQ(json::parse(put.body)["version"], 2);
  latest = store_->latest_scenario();
  ASSERT_TRUE(latest.is_ok() && latest->has_value());
  EXPECT_EQ((*latest)->version, 2);
  EXPECT_EQ((*latest)->text, good);
  // The server keeps running version 1 until its next start.
  const json after = json::parse(call("GET", "/api/v1/scenario", planner_).body);
  EXPECT_EQ(after["version"], 1);
  EXPECT_EQ(after["name"], "Minimal");
  EXPECT_EQ(after["latest_version"], 2);
}

TEST_F(PlanningApiTest, TooManyQueuedJobsAre503AndShutdownCancelsThem) {
  // A long simulation runs (28 days x 20 replications x 2 policies: minutes, never finished
  // here: the shutdown stops it), three plans wait; the fifth job is refused. A small plan can
  // finish within a second, so it cannot be the one that holds the worker.
  std::vector<std::string> ids;
  HttpResponse running = call("POST", "/api/v1/simulations", planner_,
                              R"({"days":28,"replications":20,"policies":["blended","siloed"]})");
  ASSERT_EQ(running.status, 202) << running.body;
  ids.push_back(json::parse(running.body)["id"]);
  for (int i = 0; i < 3; ++i) {
    HttpResponse r = call("POST", "/api/v1/plans", planner_, R"({"time_limit_seconds":60})");
    ASSERT_EQ(r.status, 202) << r.body;
    ids.push_back(json::parse(r.body)["id"]);
  }
  // The first may still be queued: wait (bounded, on the runner's condition) until it runs.
  for (int i = 0; i < 1000; ++i) {
    auto v = planning_->wait(ids[0], 10ms);
    if (v && v->status != JobStatus::kQueued) break;
  }
  HttpResponse full = call("POST", "/api/v1/plans", planner_, R"({"time_limit_seconds":60})");
  ASSERT_EQ(full.status, 503) << full.body;
  EXPECT_EQ(json::parse(full.body)["error"]["code"], "unavailable");
  EXPECT_FALSE(full.header("retry-after").empty());
  // Shutting down stops the running simulation through its stop token (failed: "stopped")
  // and cancels the queued plans.
  planning_->shutdown();
  const auto first = planning_->job("simulation", ids[0]);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->status, JobStatus::kFailed);
  EXPECT_NE(first->error.message().find("stopped"), std::string::npos) << first->error.message();
  for (std::size_t i = 1; i < ids.size(); ++i) {
    const auto v = planning_->job("plan", ids[i]);
    ASSERT_TRUE(v.has_value());
    EXPECT_EQ(v->status, JobStatus::kCancelled) << ids[i];
  }
  HttpResponse after = call("POST", "/api/v1/simulations", planner_, "{}");
  EXPECT_EQ(after.status, 503) << after.body;
}

}  // namespace
}  // namespace tandem::server
