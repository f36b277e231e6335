// SPDX-License-Identifier: Apache-2.0
// GET /api/v1/reports/{kind} over the live platform (docs/mi.md, docs/api.md): events posted
// over real HTTP go through the live host into a SQLite store; each report is the one
// app::analyse_store computes from that log in-process, and the roles cut it down: a
// supervisor never sees another team's agents, an agent sees their own figures beside the
// team's and nothing else.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "app/report.h"
#include "io/event_codec.h"
#include "live/host.h"
#include "live/stream.h"
#include "server/auth.h"
#include "server/http_client.h"
#include "server/live_backend.h"
#include "server/reports.h"
#include "server/server.h"
#include "store/store.h"

namespace tandem::server {
namespace {

using nlohmann::json;
using testing::HttpClient;

class ReportApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tandem-report-api-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto st = store::open_store("sqlite:" + (dir_ / "t.db").string());
    ASSERT_TRUE(st.is_ok()) << st.status().message();
    store_ = std::move(st).value();
    stream_ = live_test::make_live_stream(31, 400);
    // Two teams (the host runs this scenario too, so the log and the reports agree).
    stream_.scenario.teams = {Team{"front", "Front", "", {}, Office::kUnset},
                              Team{"back", "Back", "", {}, Office::kUnset}};
    for (Agent& a : stream_.scenario.agents) {
      a.team = a.id == "v1" || a.id == "v2" || a.id == "m1" ? "front" : "back";
    }
    clock_ = live::system_clock();
    live::HostOptions o;
    o.engine = stream_.options;
    o.self_tick = false;
    auto host = live::Host::open(*store_, *clock_, stream_.scenario, stream_.policy, o);
    ASSERT_TRUE(host.is_ok()) << host.status().message();
    host_ = std::move(host).value();
    auto backend = LiveBackend::open(*host_, *clock_, stream_.scenario);
    ASSERT_TRUE(backend.is_ok());
    backend_ = std::move(backend).value();
    backend_->set_reports(store_reports(*store_, stream_.scenario, stream_.policy, o.engine,
                                        [c = clock_.get()] { return c->now(); }));
    tokens_ = make_memory_token_store();
    integration_ = tokens_->create(Role::kIntegration, "", "", "test")->token;
    admin_ = tokens_->create(Role::kAdmin, "", "", "test")->token;
    supervisor_ = tokens_->create(Role::kSupervisor, "front", "", "test")->token;
    agent_ = tokens_->create(Role::kAgent, "", "v1", "test")->token;
    ServerOptions so;
    so.port = 0;
    server_ = std::make_unique<Server>(so, *backend_, *tokens_);
    ASSERT_TRUE(server_->start().is_ok());
    post_all();
    const Instant day = std::chrono::floor<std::chrono::days>(stream_.options.start);
    window_ =
        "from=" + io::format_rfc3339(day) + "&to=" + io::format_rfc3339(day + std::chrono::days(1));
  }
  void TearDown() override {
    server_.reset();
    backend_.reset();
    host_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void post_all() {
    HttpClient c(server_->port());
    for (std::size_t i = 0; i < stream_.events.size(); i += 100) {
      json body = json::array();
      for (std::size_t j = i; j < std::min(stream_.events.size(), i + 100); ++j) {
        body.push_back(json::parse(io::encode_event_json(stream_.events[j])));
      }
      auto r = c.request("POST", "/api/v1/events", integration_, body.dump());
      ASSERT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
    }
  }

  // GET /api/v1/reports/<target> over HTTP: status and body.
  std::pair<int, json> get(const std::string& token, const std::string& kind,
                           const std::string& query = "") {
    HttpClient c(server_->port());
    auto r = c.request("GET", "/api/v1/reports/" + kind + "?" + window_ + query, token);
    EXPECT_TRUE(r.has_value());
    if (!r) return {0, json()};
    return {r->status, json::parse(r->body)};
  }

  // The same report computed in-process from the store's log.
  json expected(app::ReportRequest request) {
    const Instant day = std::chrono::floor<std::chrono::days>(stream_.options.start);
    auto mi = app::analyse_store(*store_, stream_.scenario, stream_.policy, stream_.options, day,
                                 day + std::chrono::days(1), request);
    EXPECT_TRUE(mi.is_ok()) << mi.status().message();
    return app::report_json(app::make_report(*mi, request, day, day + std::chrono::days(1)));
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  live_test::LiveStream stream_;
  std::unique_ptr<live::Clock> clock_;
  std::unique_ptr<live::Host> host_;
  std::unique_ptr<LiveBackend> backend_;
  std::unique_ptr<TokenStore> tokens_;
  std::string integration_, admin_, supervisor_, agent_;
  std::unique_ptr<Server> server_;
  std::string window_;
};

TEST_F(ReportApiTest, EveryKindIsTheReportOfTheLog) {
  for (const char* kind : {"queues", "backlog", "agents", "teams", "cost", "leaderboard"}) {
    SCOPED_TRACE(kind);
    auto [status, body] = get(admin_, kind);
    ASSERT_EQ(status, 200) << body.dump();
    app::ReportRequest request;
    request.kind = *app::parse_report_kind(kind);
    EXPECT_EQ(body, expected(request));
    EXPECT_FALSE(body["rows"].empty());
  }
  // The stream's contacts are all counted.
  auto [status, body] = get(admin_, "queues");
  double offered = 0;
  for (const json& row : body["rows"]) offered += row["offered"].get<double>();
  EXPECT_GT(offered, 0);
  auto [by_interval_status, by_interval] = get(admin_, "queues", "&group_by=interval");
  EXPECT_EQ(by_interval_status, 200);
  EXPECT_EQ(by_interval["columns"][1], "interval");
  EXPECT_EQ(by_interval["rows"].size(), 96 * body["rows"].size());
}

TEST_F(ReportApiTest, ASupervisorSeesOnlyTheirTeamsPeople) {
  auto [status, body] = get(supervisor_, "agents");
  ASSERT_EQ(status, 200) << body.dump();
  std::set<std::string> seen;
  for (const json& row : body["rows"]) seen.insert(row["agent"].get<std::string>());
  EXPECT_EQ(seen, (std::set<std::string>{"v1", "v2", "m1"}));
  auto [teams_status, teams] = get(supervisor_, "teams");
  ASSERT_EQ(teams_status, 200);
  ASSERT_EQ(teams["rows"].size(), 1u);
  EXPECT_EQ(teams["rows"][0]["team"], "front");
  auto [board_status, board] = get(supervisor_, "leaderboard");
  ASSERT_EQ(board_status, 200);
  for (const json& row : board["rows"]) EXPECT_EQ(row["team"], "front");
  EXPECT_EQ(get(supervisor_, "agents", "&team=back").first, 403);
  EXPECT_EQ(get(supervisor_, "agents", "&agent=k1").first, 403);
  EXPECT_EQ(get(supervisor_, "queues").first, 200);  // not about people
}

TEST_F(ReportApiTest, AnAgentSeesTheirOwnFiguresBesideTheTeams) {
  auto [status, body] = get(agent_, "agents");
  ASSERT_EQ(status, 200) << body.dump();
  ASSERT_EQ(body["rows"].size(), 2u);
  EXPECT_EQ(body["rows"][0]["agent"], "v1");
  EXPECT_EQ(body["rows"][1]["agent"], "team:front");
  app::ReportRequest request;
  request.kind = app::ReportKind::kAgents;
  request.agent = "v1";
  request.team = "front";
  EXPECT_EQ(body, expected(request));
  EXPECT_EQ(get(agent_, "agents", "&agent=v2").first, 403);
  EXPECT_EQ(get(agent_, "queues").first, 403);
  EXPECT_EQ(get(agent_, "leaderboard").first, 403);
  EXPECT_EQ(get(integration_, "queues").first, 403);
}

TEST_F(ReportApiTest, BadKindsGroupingsAndWindowsAre400) {
  EXPECT_EQ(get(admin_, "nope").first, 400);
  EXPECT_EQ(get(admin_, "queues", "&group_by=week").first, 400);
  HttpClient c(server_->port());
  auto r = c.request("GET", "/api/v1/reports/queues?from=12:00&to=08:00", admin_);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400) << r->body;
}

}  // namespace
}  // namespace tandem::server
