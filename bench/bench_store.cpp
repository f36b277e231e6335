// SPDX-License-Identifier: Apache-2.0
// bench_store: raw append throughput of the store on SQLite and PostgreSQL (issue 13): the
// events and actions the live host would write, encoded by io's JSON codec (a mix of contact,
// work-item, step and agent-state events, one offer or assignment action each), appended in
// batches of 10,000 and 1,000 (group commit) and one event per commit.
//
// Counters: events_per_second (wall clock: a commit waits for the disk, not the CPU),
// p99_commit_us (one append() call, wall clock), bytes_per_event (the store's size on disk
// after the run, divided by the events in it; actions included), payload_bytes_per_event (the
// JSON of an event and its action: what any encoding must store).
//
// SQLite writes to a file under $TMPDIR (default /tmp). PostgreSQL uses TANDEM_BENCH_PG_URL,
// or starts a throwaway cluster itself with scripts/pg-test-cluster.sh (port 55439) and stops
// it at the end; without PostgreSQL 15 binaries its benchmarks are skipped.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "common/bench_postgres.h"
#include "engine/actions.h"
#include "engine/events.h"
#include "io/event_codec.h"
#include "store/store.h"

namespace {

using tandem::Instant;
using tandem::Seconds;
namespace st = tandem::store;
namespace en = tandem::engine;

// A day of traffic: event i at 08:00 + i/4 seconds, its wire document and one action.
struct Traffic {
  std::vector<st::EventRecord> events;
  std::vector<st::ActionRecord> actions;  // event_seq = position + 1 (rebased per append)
};

Traffic make_traffic(std::size_t n) {
  Traffic t;
  const Instant day{Seconds{1'793'606'400}};  // 2026-11-02T08:00:00Z
  for (std::size_t i = 0; i < n; ++i) {
    const Instant at = day + Seconds{static_cast<long>(i / 4)};
    const std::string id = std::to_string(100'000 + i);
    const std::string agent = "agent-" + std::to_string(i % 500);
    en::Event e;
    en::Action a;
    switch (i % 4) {
      case 0:
        e = en::ContactArrived{at, "C" + id, "voice-mortgage", "cust-" + std::to_string(i % 9973)};
        a = en::OfferWork{at,
                          agent,
                          en::WorkRef{en::WorkKind::kContact, "C" + id, 0},
                          "",
                          "voice-mortgage",
                          at + Seconds{15},
                          Seconds{0}};
        break;
      case 1: {
        en::WorkItemCreated w;
        w.time = at;
        w.item = "W" + id;
        w.process = "mortgage-application";
        w.customer = "cust-" + std::to_string(i % 9973);
        e = w;
        a = en::OfferWork{
            at,        agent,           en::WorkRef{en::WorkKind::kTask, "W" + id + "/1", 0},
            "W" + id,  "mortgage-docs", at + Seconds{60},
            Seconds{0}};
        break;
      }
      case 2:
        e = en::StepDone{at, "W" + std::to_string(100'000 + i - 1) + "/1", agent, 0};
        a = en::OfferWork{
            at,        agent,          en::WorkRef{en::WorkKind::kTask, "W" + id + "/2", 0},
            "W" + id,  "underwriting", at + Seconds{60},
            Seconds{0}};
        break;
      default:
        e = en::AgentStateChanged{at, agent, en::AgentState::kAvailable};
        a = en::OfferWork{at,        agent,  en::WorkRef{en::WorkKind::kContact, "C" + id, 0},
                          "",        "chat", at + Seconds{15},
                          Seconds{0}};
        break;
    }
    st::EventRecord rec;
    rec.time = at;
    rec.type = std::string(tandem::io::event_type_name(e));
    rec.payload = tandem::io::encode_event_json(e);
    rec.idempotency_key = i % 4 == 1 ? "crm-" + id : "";
    rec.received = at;
    t.events.push_back(std::move(rec));
    st::ActionRecord act;
    act.event_seq = static_cast<std::int64_t>(i) + 1;
    act.time = at;
    act.type = std::string(tandem::io::action_type_name(a));
    act.payload = tandem::io::encode_action_json(a);
    t.actions.push_back(std::move(act));
  }
  return t;
}

std::string g_pg_url;      // empty: no PostgreSQL benchmarks
std::string g_pg_cluster;  // set when this process started the cluster
constexpr int kPgPort = 55439;
tandem::bench::BenchPostgres g_pg;
int g_store_number = 0;

std::string fresh_sqlite_url() {
  const char* tmp = std::getenv("TMPDIR");
  const std::filesystem::path dir = std::filesystem::path(tmp ? tmp : "/tmp") /
                                    ("tandem-bench-store-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto file = dir / ("store-" + std::to_string(++g_store_number) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file.string() + suffix);
  return "sqlite:" + file.string();
}

// A schema of its own per run, in the cluster's database.
std::string fresh_pg_url() {
  return tandem::bench::pg_schema_url(g_pg_url, "bench_" + std::to_string(++g_store_number), true);
}

void BM_Append(benchmark::State& state, const std::string& backend) {
  const std::size_t batch = static_cast<std::size_t>(state.range(0));
  const std::string url = backend == "sqlite" ? fresh_sqlite_url() : fresh_pg_url();
  auto opened = st::open_store(url);
  if (!opened.is_ok()) {
    state.SkipWithError(opened.status().message().c_str());
    return;
  }
  std::unique_ptr<st::Store> store = std::move(opened).value();
  // One day of traffic, reused: the idempotency keys are made unique per append below.
  const Traffic traffic = make_traffic(std::max<std::size_t>(batch, 4000));
  std::vector<st::EventRecord> events(batch);
  std::vector<st::ActionRecord> actions(batch);
  std::vector<double> latencies_us;
  std::int64_t next_seq = 1;
  std::size_t cursor = 0;
  std::int64_t round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    for (std::size_t i = 0; i < batch; ++i) {
      const std::size_t k = (cursor + i) % traffic.events.size();
      events[i] = traffic.events[k];
      if (!events[i].idempotency_key.empty()) {
        events[i].idempotency_key += "-" + std::to_string(round);
      }
      actions[i] = traffic.actions[k];
      actions[i].event_seq = next_seq + static_cast<std::int64_t>(i);
    }
    cursor = (cursor + batch) % traffic.events.size();
    if (cursor < batch) ++round;
    state.ResumeTiming();
    const auto t0 = std::chrono::steady_clock::now();
    auto r = store->append(events, actions);
    const auto t1 = std::chrono::steady_clock::now();
    if (!r.is_ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    latencies_us.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
    next_seq = r->last_seq + 1;
  }
  const double appended = static_cast<double>(state.iterations()) * static_cast<double>(batch);
  state.SetItemsProcessed(static_cast<std::int64_t>(appended));
  double payload = 0;
  for (std::size_t i = 0; i < traffic.events.size(); ++i) {
    payload +=
        static_cast<double>(traffic.events[i].payload.size() + traffic.actions[i].payload.size());
  }
  state.counters["payload_bytes_per_event"] = payload / static_cast<double>(traffic.events.size());
  state.counters["events_per_second"] = benchmark::Counter(appended, benchmark::Counter::kIsRate);
  std::sort(latencies_us.begin(), latencies_us.end());
  if (!latencies_us.empty()) {
    state.counters["p99_commit_us"] = latencies_us[std::min(
        latencies_us.size() - 1, static_cast<std::size_t>(0.99 * latencies_us.size()))];
    state.counters["median_commit_us"] = latencies_us[latencies_us.size() / 2];
  }
  // Size on disk once the run's writes have settled (SQLite: closing checkpoints the WAL).
  store.reset();
  auto reopened = st::open_store(url);
  if (reopened.is_ok()) {
    auto s = (*reopened)->status();
    if (s.is_ok() && s->events > 0) {
      state.counters["bytes_per_event"] =
          static_cast<double>(s->bytes) / static_cast<double>(s->events);
    }
  }
}

void start_postgres() {
  g_pg = tandem::bench::start_bench_postgres("bench_store", kPgPort);
  g_pg_url = g_pg.url;
}

void stop_postgres() { tandem::bench::stop_bench_postgres(g_pg); }

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  start_postgres();
  for (const std::string backend : {"sqlite", "postgresql"}) {
    if (backend == "postgresql" && g_pg_url.empty()) continue;
    benchmark::RegisterBenchmark(("BM_Append/" + backend).c_str(), BM_Append, backend)
        ->Arg(10000)
        ->Arg(1000)
        ->Arg(1)
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  stop_postgres();
  std::error_code ec;
  std::filesystem::remove_all("/tmp/tandem-bench-store-" + std::to_string(::getpid()), ec);
  return 0;
}
