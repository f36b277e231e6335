// SPDX-License-Identifier: Apache-2.0
// The HTTP server (docs/server.md): HTTP/1.1 with keep-alive on Boost.Beast, C++20
// coroutines on a few threads. An open stream (GET /api/v1/stream) is a suspended coroutine,
// never a blocked thread, so thousands of subscribers cost memory, not threads.
//
// Lifetime: the Backend and TokenStore must outlive the Server. stop() (also run by the
// destructor) closes the listener and every connection, ends every stream, and joins the
// threads; after it returns no route runs and no Backend method is called by this Server.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "model/status.h"

namespace tandem::server {

class Backend;
class Planning;
class TokenStore;
struct ServerCore;  // server.cpp

struct ServerOptions {
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: an ephemeral port, see Server::port()
  int threads = 2;
  std::size_t body_limit = 1 << 20;  // bytes; larger: 413
  std::size_t batch_limit = 1000;    // events in one POST /events; more: 413
  int json_depth = 32;               // nesting; deeper: 400
  std::size_t header_limit = 16 * 1024;
  // A request must be read completely (headers and body) within this, from its first byte:
  // a client sending slowly (slowloris) is answered 408 and closed. Also bounds each write.
  std::chrono::milliseconds read_timeout{10'000};
  // A kept-alive connection with no new request for this long is closed.
  std::chrono::milliseconds idle_timeout{60'000};
  // Per token: sustained requests per second and burst (a token bucket); 0: no limit.
  double rate_per_second = 1000;
  double rate_burst = 2000;
  std::size_t max_streams = 1000;               // open streams; more: 503
  std::chrono::milliseconds heartbeat{15'000};  // SSE comment on an idle stream
  // A stream whose client reads slower than records come is ended once this many records
  // wait for it (the client reconnects with Last-Event-ID and misses nothing).
  std::size_t stream_backlog = 10'000;
  std::string web_root;  // static files (web/dist) with index.html fallback; empty: none
  // The planning and scenario routes' service (must outlive the Server); null: they answer 503.
  Planning* planning = nullptr;
};

class Server {
 public:
  Server(ServerOptions options, Backend& backend, TokenStore& tokens);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and starts the threads. Unavailable when the address cannot be bound.
  Status start();
  // The bound port (after start()).
  std::uint16_t port() const;
  void stop();

 private:
  std::shared_ptr<ServerCore> core_;
};

}  // namespace tandem::server
