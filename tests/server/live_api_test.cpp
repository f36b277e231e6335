// SPDX-License-Identifier: Apache-2.0
// The API over the live platform (not a fake): events posted over real HTTP go through the
// live host into a SQLite store, and the stream carries exactly the actions the engine gives
// in-process for the same events; resume with Last-Event-ID misses nothing.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include <nlohmann/json.hpp>

#include "io/event_codec.h"
#include "live/host.h"
#include "live/stream.h"
#include "server/auth.h"
#include "server/http_client.h"
#include "server/live_backend.h"
#include "server/server.h"
#include "store/store.h"

namespace tandem::server {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::HttpClient;

struct Record {
  std::int64_t id = 0;
  json data;
};

std::vector<Record> read_records(HttpClient& c, std::int64_t through) {
  std::vector<Record> out;
  while (out.empty() || out.back().id < through) {
    auto block = c.read_until("\n\n", 10s);
    if (!block) break;
    if (block->rfind(":", 0) == 0) continue;
    Record r;
    std::size_t pos = 0;
    std::string data;
    while (pos < block->size()) {
      const std::size_t e = block->find('\n', pos);
      const std::string line = block->substr(pos, e - pos);
      pos = e + 1;
      if (line.rfind("id: ", 0) == 0) r.id = std::stoll(line.substr(4));
      if (line.rfind("data: ", 0) == 0) data += line.substr(6);
    }
    r.data = json::parse(data);
    out.push_back(std::move(r));
  }
  return out;
}

class LiveApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ =
        std::filesystem::temp_directory_path() / ("tandem-live-api-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto st = store::open_store("sqlite:" + (dir_ / "t.db").string());
    ASSERT_TRUE(st.is_ok()) << st.status().message();
    store_ = std::move(st).value();
    stream_ = live_test::make_live_stream(31, 400);
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
    tokens_ = make_memory_token_store();
    integration_ = tokens_->create(Role::kIntegration, "", "", "test")->token;
    admin_ = tokens_->create(Role::kAdmin, "", "", "test")->token;
    ServerOptions so;
    so.port = 0;
    server_ = std::make_unique<Server>(so, *backend_, *tokens_);
    ASSERT_TRUE(server_->start().is_ok());
  }
  void TearDown() override {
    server_.reset();
    backend_.reset();
    host_.reset();
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Posts events [from, to) in batches, each with the key "k<i>"; returns their results.
  std::vector<json> post(std::size_t from, std::size_t to, std::size_t batch = 50) {
    std::vector<json> results;
    HttpClient c(server_->port());
    for (std::size_t i = from; i < to; i += batch) {
      json body = json::array();
      for (std::size_t j = i; j < std::min(to, i + batch); ++j) {
        json e = json::parse(io::encode_event_json(stream_.events[j]));
        e["idempotency_key"] = "k" + std::to_string(j);
        body.push_back(std::move(e));
      }
      auto r = c.request("POST", "/api/v1/events", integration_, body.dump());
      EXPECT_TRUE(r && r->status == 200) << (r ? r->body : "no answer");
      if (!r || r->status != 200) break;
      const json answer = json::parse(r->body);  // kept alive: the loop reads into it
      for (const json& x : answer["results"]) results.push_back(x);
    }
    return results;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::Store> store_;
  live_test::LiveStream stream_;
  std::unique_ptr<live::Clock> clock_;
  std::unique_ptr<live::Host> host_;
  std::unique_ptr<LiveBackend> backend_;
  std::unique_ptr<TokenStore> tokens_;
  std::string integration_, admin_;
  std::unique_ptr<Server> server_;
};

TEST_F(LiveApiTest, EventsPostedOverHttpPutTheEnginesOwnActionsOnTheStream) {
  HttpClient stream(server_->port());
  auto opened = stream.request("GET", "/api/v1/stream", integration_);
  ASSERT_TRUE(opened && opened->status == 200);
  const std::vector<json> results = post(0, stream_.events.size());
  ASSERT_EQ(results.size(), stream_.events.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    EXPECT_EQ(results[i]["seq"], static_cast<std::int64_t>(i) + 1);
    EXPECT_EQ(results[i]["status"], stream_.rejected[i] ? "rejected" : "applied");
  }
  const auto n = static_cast<std::int64_t>(stream_.events.size());
  const std::vector<Record> records = read_records(stream, n);
  ASSERT_EQ(records.size(), stream_.events.size());
  std::vector<std::string> actions;
  for (std::size_t i = 0; i < records.size(); ++i) {
    EXPECT_EQ(records[i].id, static_cast<std::int64_t>(i) + 1);
    for (const json& a : records[i].data["actions"]) actions.push_back(a.dump());
  }
  // The stream's JSON is the codec's (keys sorted): compared as parsed documents.
  std::vector<std::string> expected;
  for (const std::string& a : stream_.actions) expected.push_back(json::parse(a).dump());
  EXPECT_EQ(actions, expected);

  // The same events again: duplicates, answered with their first sequence, nothing applied.
  const std::vector<json> again = post(0, 10);
  for (std::size_t i = 0; i < again.size(); ++i) {
    EXPECT_EQ(again[i]["status"], "duplicate");
    EXPECT_EQ(again[i]["seq"], static_cast<std::int64_t>(i) + 1);
  }
  EXPECT_EQ(host_->status().last_seq, n);
}

TEST_F(LiveApiTest, AStreamResumedWithLastEventIdMissesNothing) {
  (void)post(0, 200);
  HttpClient first(server_->port());
  ASSERT_TRUE(first.request("GET", "/api/v1/stream", integration_));
  const auto seen = read_records(first, 120);
  ASSERT_GE(seen.size(), 120u);
  first.close();  // dropped mid-stream
  (void)post(200, stream_.events.size());
  HttpClient again(server_->port());
  auto r = again.request("GET", "/api/v1/stream", integration_, "", "Last-Event-ID: 120\r\n");
  ASSERT_TRUE(r && r->status == 200);
  const auto n = static_cast<std::int64_t>(stream_.events.size());
  const auto rest = read_records(again, n);
  ASSERT_EQ(rest.size(), static_cast<std::size_t>(n - 120));
  for (std::size_t i = 0; i < rest.size(); ++i)
    EXPECT_EQ(rest[i].id, static_cast<std::int64_t>(i) + 121);
}

TEST_F(LiveApiTest, ItemsJourneysQueuesAndAgentsAnswerFromTheLiveEngine) {
  (void)post(0, stream_.events.size());
  backend_->wait_indexed(static_cast<std::int64_t>(stream_.events.size()));
  HttpClient c(server_->port());
  // The first work item of the stream, with its customer.
  const engine::WorkItemCreated* created = nullptr;
  for (const auto& e : stream_.events) {
    if ((created = std::get_if<engine::WorkItemCreated>(&e)) != nullptr) break;
  }
  ASSERT_NE(created, nullptr);
  auto item = c.request("GET", "/api/v1/items/" + created->item, admin_);
  ASSERT_TRUE(item && item->status == 200) << (item ? item->body : "");
  const json j = json::parse(item->body);
  EXPECT_EQ(j["id"], created->item);
  EXPECT_EQ(j["customer"], created->customer);
  EXPECT_EQ(j["process"], created->process);
  EXPECT_FALSE(j["history"].empty());
  EXPECT_EQ(j["history"][0]["kind"], "received");
  auto journey = c.request("GET", "/api/v1/customers/" + created->customer + "/journey", admin_);
  ASSERT_TRUE(journey && journey->status == 200);
  bool has_item = false;
  const json steps = json::parse(journey->body)["steps"];
  for (const json& step : steps) has_item = has_item || step["ref"] == created->item;
  EXPECT_TRUE(has_item);
  auto by_customer =
      c.request("GET", "/api/v1/items?customer=" + created->customer + "&limit=1000", admin_);
  ASSERT_TRUE(by_customer && by_customer->status == 200);
  const json page = json::parse(by_customer->body)["items"];
  for (const json& i : page) EXPECT_EQ(i["customer"], created->customer);
  auto unknown = c.request("GET", "/api/v1/items/no-such-item", admin_);
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  auto queues = c.request("GET", "/api/v1/queues", admin_);
  ASSERT_TRUE(queues && queues->status == 200);
  EXPECT_EQ(json::parse(queues->body)["queues"].size(), stream_.scenario.queues.size());
  auto agent = c.request("GET", "/api/v1/agents/v1", admin_);
  ASSERT_TRUE(agent && agent->status == 200);
  EXPECT_EQ(json::parse(agent->body)["logged_in"], true);
  // A state change through the API is an event like any other.
  auto state = c.request("POST", "/api/v1/agents/v1/state", admin_, R"({"state":"break"})");
  ASSERT_TRUE(state);
  EXPECT_EQ(state->status, 200) << state->body;
  auto after = c.request("GET", "/api/v1/agents/v1", admin_);
  EXPECT_EQ(json::parse(after->body)["state"], "break");
}

}  // namespace
}  // namespace tandem::server
