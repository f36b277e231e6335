// SPDX-License-Identifier: Apache-2.0
// A bounded load generator for the HTTP layer (docs/benchmarks.md): a Server on loopback over
// a FakeBackend that acknowledges every event at once, driven by N keep-alive connections,
// each one request at a time. Reports requests/s, events/s and latency percentiles.
//
//   bench_server [--connections N] [--seconds S] [--threads T] [--batch B] [--only NAME]
//                [--subscribers N] [--records K] [--records-per-second R]
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

#include <poll.h>

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

// Opens `subscribers` streams, publishes `records` records (each carrying its publication
// time) at ~`per_second`, and measures, per delivered record, the time from publication to its
// arrival at the client; all clients are read by one poll loop.
void run_streams(std::uint16_t port, const std::string& token, testing::FakeBackend& backend,
                 int subscribers, int records, int per_second) {
  std::vector<std::unique_ptr<testing::HttpClient>> clients;
  for (int i = 0; i < subscribers; ++i) {
    auto c = std::make_unique<testing::HttpClient>(port);
    auto r = c->request("GET", "/api/v1/stream", token);
    if (!r || r->status != 200) {
      std::printf("stream %d refused (%d)\n", i, r ? r->status : 0);
      return;
    }
    clients.push_back(std::move(c));
  }
  while (backend.subscribers() < static_cast<std::size_t>(subscribers)) std::this_thread::yield();
  const auto epoch = Clock::now();
  std::thread publisher([&] {
    for (int i = 0; i < records; ++i) {
      const auto due = epoch + std::chrono::microseconds(1'000'000LL * i / per_second);
      while (Clock::now() < due) std::this_thread::yield();
      const long long t =
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - epoch).count();
      backend.publish("action", "{\"t\":" + std::to_string(t) + "}");
    }
  });
  std::vector<std::string> buffers(clients.size());
  std::vector<int> received(clients.size(), 0);
  std::vector<double> latency_ms;
  latency_ms.reserve(static_cast<std::size_t>(subscribers) * records);
  long remaining = static_cast<long>(subscribers) * records;
  std::vector<pollfd> fds;
  for (auto& c : clients) fds.push_back({c->fd(), POLLIN, 0});
  const auto deadline = Clock::now() + std::chrono::seconds(60);
  char buf[65536];
  while (remaining > 0 && Clock::now() < deadline) {
    if (::poll(fds.data(), fds.size(), 1000) <= 0) continue;
    for (std::size_t i = 0; i < fds.size(); ++i) {
      if (!(fds[i].revents & POLLIN)) continue;
      const ssize_t n = ::recv(fds[i].fd, buf, sizeof buf, 0);
      if (n <= 0) {
        fds[i].fd = -1;
        continue;
      }
      const auto now_us =
          std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - epoch).count();
      std::string& b = buffers[i];
      b.append(buf, static_cast<std::size_t>(n));
      std::size_t pos = 0, end;
      while ((end = b.find("\n\n", pos)) != std::string::npos) {
        const std::size_t d = b.find("data: {\"t\":", pos);
        if (d != std::string::npos && d < end) {
          const long long t = std::atoll(b.c_str() + d + 11);
          latency_ms.push_back((now_us - t) / 1000.0);
          ++received[i];
          --remaining;
        }
        pos = end + 2;
      }
      b.erase(0, pos);
    }
  }
  publisher.join();
  std::sort(latency_ms.begin(), latency_ms.end());
  int complete = 0;
  for (int r : received) complete += r == records;
  if (latency_ms.empty()) return;
  std::printf(
      "streams: %d subscribers, %d records at %d/s: %d of %d got every record; "
      "delivery p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
      subscribers, records, per_second, complete, subscribers, latency_ms[latency_ms.size() / 2],
      latency_ms[latency_ms.size() * 99 / 100], latency_ms.back());
}

}  // namespace

int main(int argc, char** argv) {
  int connections = 8, threads = 2, batch = 1000, subscribers = 500, records = 1000,
      records_per_second = 200;
  std::string only;  // run only the load whose name contains this
  double seconds = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--connections")) connections = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--seconds")) seconds = std::atof(argv[i + 1]);
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--batch")) batch = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--only")) only = argv[i + 1];
    if (!std::strcmp(argv[i], "--subscribers")) subscribers = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--records")) records = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--records-per-second")) records_per_second = std::atoi(argv[i + 1]);
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
  options.max_streams = static_cast<std::size_t>(subscribers) + 10;
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
  if (only.empty() || only == "streams")
    run_streams(server.port(), admin->token, backend, subscribers, records, records_per_second);
  server.stop();
  return 0;
}
