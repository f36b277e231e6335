// A bounded load generator for the HTTP layer (docs/benchmarks.md): a Server on loopback over
// a FakeBackend that acknowledges every event at once, driven by N keep-alive connections,
// each one request at a time. Reports requests/s, events/s and latency percentiles.
//
//   bench_server [--connections N] [--seconds S] [--threads T] [--batch B] [--only NAME]
//
// The numbers bound the HTTP layer alone (parse, auth, JSON decode, route, format); the live
// host's durable acknowledgement is not in them. Client and server share the machine's cores.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "server/auth.h"
#include "server/fake_backend.h"  // tests/server
#include "server/http_client.h"   // tests/server
#include "server/server.h"

namespace {

using namespace tandem::server;
using Clock = std::chrono::steady_clock;

struct Load {
  const char* name;
  std::string method, target, body;
  int events_per_request;
};

struct Outcome {
  double requests_per_second = 0;
  double events_per_second = 0;
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
  long failures = 0;
};

Outcome run(std::uint16_t port, const std::string& token, const Load& load, int connections,
            double seconds) {
  std::vector<std::vector<double>> latencies(connections);
  std::atomic<long> failures{0};
  std::atomic<bool> go{false};
  const auto duration = std::chrono::duration<double>(seconds);
  std::vector<std::thread> clients;
  Clock::time_point begun;
  for (int c = 0; c < connections; ++c) {
    clients.emplace_back([&, c] {
      testing::HttpClient client(port);
      while (!go.load()) std::this_thread::yield();
      const auto end = Clock::now() + duration;
      while (Clock::now() < end) {
        const auto t0 = Clock::now();
        auto r = client.request(load.method, load.target, token, load.body);
        const auto t1 = Clock::now();
        if (!r || r->status != 200) {
          ++failures;
          continue;
        }
        latencies[c].push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
      }
    });
  }
  begun = Clock::now();
  go = true;
  for (auto& t : clients) t.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - begun).count();
  std::vector<double> all;
  for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
  std::sort(all.begin(), all.end());
  Outcome o;
  o.failures = failures;
  if (all.empty()) return o;
  o.requests_per_second = all.size() / elapsed;
  o.events_per_second = o.requests_per_second * load.events_per_request;
  o.p50_ms = all[all.size() / 2];
  o.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  o.max_ms = all.back();
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  int connections = 8, threads = 2, batch = 1000;
  std::string only;  // run only the load whose name contains this
  double seconds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--connections")) connections = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--batch")) batch = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];
  }
  testing::FakeBackend backend(/*worker=*/false, /*record=*/false);
  auto tokens = make_memory_token_store();
  auto admin = tokens->create(Role::kAdmin, "", "", "bench");
  if (!admin.is_ok()) return 1;
  ServerOptions options;
  options.port = 0;
  options.threads = threads;
  options.rate_per_second = 0;
  options.batch_limit = static_cast<std::size_t>(batch);
  options.body_limit = 16u << 20;
  Server server(options, backend, *tokens);
  if (!server.start().is_ok()) return 1;

  const std::string one =
      R"({"type":"work_item_created","time":"2026-11-02T09:00:00Z","item":"m-1","process":"mortgage-application","customer":"cust-42"})";
  std::string many = "[";
  for (int i = 0; i < batch; ++i) many += (i ? "," : "") + one;
  many += "]";
  const Load loads[] = {
      {"POST /events (1 event)", "POST", "/api/v1/events", one, 1},
      {"POST /events (batch)", "POST", "/api/v1/events", many, batch},
      {"GET /items/{id}", "GET", "/api/v1/items/m-1", "", 0},
  };
  std::printf("server threads %d, connections %d, %.0f s each, batch %d\n", threads, connections,
              seconds, batch);
  std::printf("%-26s %12s %12s %9s %9s %9s %8s\n", "load", "requests/s", "events/s", "p50 ms",
              "p99 ms", "max ms", "failed");
  for (const Load& load : loads) {
    if (!only.empty() && std::string(load.name).find(only) == std::string::npos) continue;
    Outcome o = run(server.port(), admin->token, load, connections, seconds);
    std::printf("%-26s %12.0f %12.0f %9.3f %9.3f %9.3f %8ld\n", load.name, o.requests_per_second,
                o.events_per_second, o.p50_ms, o.p99_ms, o.max_ms, o.failures);
  }
  server.stop();
  return 0;
}
