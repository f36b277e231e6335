// SPDX-License-Identifier: Apache-2.0
// Beast lives in this file alone (compile time): each connection is one coroutine on its own
// strand; the routes (api.cpp) run on plain values and answer through a callback, which this
// file turns back into a resumption on the connection's strand.
#include "server/server.h"

#include <array>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "server/api.h"
#include "server/backend.h"

namespace tandem::server {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using asio::awaitable;
constexpr auto kTuple = asio::as_tuple(asio::use_awaitable);

class Session;

// Records delivered by the backend's thread, waiting for the connection's strand to write them.
struct StreamQueue {
  std::mutex mutex;
  std::deque<StreamRecord> records;
  bool overflow = false;
  bool wake_pending = false;
};

void append_sse(std::string& out, const StreamRecord& r) {
  out += "id: ";
  out += std::to_string(r.seq);
  out += "\nevent: ";
  out += r.event;
  // SSE data is line-based: a record with newlines becomes several data lines.
  std::size_t i = 0;
  for (;;) {
    const std::size_t nl = r.data.find('\n', i);
    out += "\ndata: ";
    if (nl == std::string::npos) {
      out.append(r.data, i);
      break;
    }
    out.append(r.data, i, nl - i);
    i = nl + 1;
  }
  out += "\n\n";
}

}  // namespace

// Shared with every answer in flight: a backend may hold an answer's callback (and so an
// executor of this io_context) after the server is gone, and an executor must not outlive
// its io_context.
struct ServerCore : std::enable_shared_from_this<ServerCore> {
  ServerCore(ServerOptions o, Backend& b, TokenStore& t)
      : options(std::move(o)),
        backend(b),
        limiter(options.rate_per_second, options.rate_burst),
        api(ApiOptions{options.batch_limit, options.json_depth, options.web_root, options.planning},
            b, t, limiter, metrics) {}

  ServerOptions options;
  Backend& backend;
  ServerMetrics metrics;
  RateLimiter limiter;
  Api api;
  std::atomic<std::size_t> streams{0};
  std::mutex mutex;  // guards sessions, running
  std::condition_variable sessions_done;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  bool running = false;
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  // After the state above: destroyed before it, so the sessions its pending handlers own
  // unregister from a live core.
  asio::io_context ioc;
  std::unique_ptr<tcp::acceptor> acceptor;
  // Keeps run() going while no operation is pending, so what stop() posts still runs.
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;

  awaitable<void> accept_loop();
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(ServerCore& core, tcp::socket socket)
      : core_(core), stream_(std::move(socket)), timer_(stream_.get_executor()) {}
  ~Session() {
    std::lock_guard lock(core_.mutex);
    core_.sessions.erase(this);
    if (core_.sessions.empty()) core_.sessions_done.notify_all();
  }

  asio::any_io_executor executor() { return stream_.get_executor(); }

  // From any thread: ends the connection (and its stream) soon.
  void close() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      beast::error_code ec;
      self->stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
      self->stream_.close();
      self->timer_.cancel();
    });
  }

  awaitable<void> run(std::shared_ptr<Session> self);

  // While a stream is open: a read that ends when the client goes away, so its slot is freed
  // at once rather than at the next heartbeat. On the raw socket: beast's timer is the
  // writes'.
  void watch_for_close() {
    auto buf = std::make_shared<std::array<char, 256>>();
    stream_.socket().async_read_some(
        asio::buffer(*buf), [self = shared_from_this(), buf](beast::error_code ec, std::size_t) {
          if (ec) {
            self->closing_ = true;
            self->timer_.cancel();
          } else {
            self->watch_for_close();  // a client has nothing to say on a stream: ignored
          }
        });
  }

 private:
  awaitable<ApiResponse> call_api(ApiRequest request);
  awaitable<bool> write(ApiResponse response, unsigned version, bool keep_alive);
  awaitable<void> run_stream(const StreamStart& start, unsigned version);
  awaitable<bool> write_raw(const std::string& text) {
    stream_.expires_after(core_.options.read_timeout);
    auto [ec, n] = co_await asio::async_write(stream_, asio::buffer(text), kTuple);
    co_return !ec;
  }

  ServerCore& core_;
  beast::tcp_stream stream_;
  asio::steady_timer timer_;  // streams: heartbeat, and woken by new records
  bool closing_ = false;
};

awaitable<ApiResponse> Session::call_api(ApiRequest request) {
  // The initiation is a named object holding only copyable handles: g++ 12 mishandles
  // non-trivial temporaries inside a co_await expression.
  auto shared_request = std::make_shared<ApiRequest>(std::move(request));
  auto initiation = [ex = stream_.get_executor(), core = &core_, shared_request](auto handler) {
    using Handler = decltype(handler);
    auto h = std::make_shared<Handler>(std::move(handler));
    // Members go in reverse order: the executor and the handler before the core they use.
    struct Answer {
      std::shared_ptr<ServerCore> keep;
      decltype(ex) executor;
      std::shared_ptr<Handler> handler;
    };
    auto answer = std::make_shared<Answer>(Answer{core->shared_from_this(), ex, std::move(h)});
    auto respond = [answer](ApiResponse r) {
      asio::post(answer->executor,
                 [h = answer->handler, r = std::move(r)]() mutable { (*h)(std::move(r)); });
    };
    try {
      core->api.handle(*shared_request, respond);
    } catch (const std::exception& e) {
      respond(error_response(500, "internal", std::string("unexpected: ") + e.what()));
    }
  };
  ApiResponse response =
      co_await asio::async_initiate<decltype(asio::use_awaitable), void(ApiResponse)>(
          initiation, asio::use_awaitable);
  co_return response;
}

awaitable<bool> Session::write(ApiResponse r, unsigned version, bool keep_alive) {
  http::response<http::string_body> res{static_cast<http::status>(r.status), version};
  res.set(http::field::content_type, r.content_type);
  res.set(http::field::cache_control, "no-store");
  for (auto& [name, value] : r.headers) res.set(name, value);
  res.keep_alive(keep_alive);
  res.body() = std::move(r.body);
  res.prepare_payload();
  stream_.expires_after(core_.options.read_timeout);
  auto [ec, n] = co_await http::async_write(stream_, res, kTuple);
  co_return !ec;
}

awaitable<void> Session::run(std::shared_ptr<Session> self) {
  (void)self;  // keeps the session alive while the coroutine runs
  const ServerOptions& o = core_.options;
  beast::flat_buffer buffer;
  while (!closing_) {
    if (buffer.size() == 0) {
      // Idle between requests: wait for a first byte, then the request has read_timeout.
      stream_.expires_after(o.idle_timeout);
      auto [ec, n] = co_await stream_.async_read_some(buffer.prepare(4096), kTuple);
      if (ec) break;
      buffer.commit(n);
    }
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(o.header_limit));
    parser.body_limit(o.body_limit);
    const auto read_deadline = std::chrono::steady_clock::now() + o.read_timeout;
    stream_.expires_at(read_deadline);
    beast::error_code ec;
    {
      auto [e, n] = co_await http::async_read_header(stream_, buffer, parser, kTuple);
      ec = e;
    }
    // curl and others wait (about 1 s) for "100 Continue" before sending a larger body.
    if (!ec && !parser.is_done() &&
        beast::iequals(parser.get()[http::field::expect], "100-continue")) {
      if (!co_await write_raw("HTTP/1.1 100 Continue\r\n\r\n")) break;
      stream_.expires_at(read_deadline);
    }
    if (!ec && !parser.is_done()) {
      auto [e, n] = co_await http::async_read(stream_, buffer, parser, kTuple);
      ec = e;
    }
    if (ec) {
      // A timeout closed the socket already (slowloris): nothing can be answered.
      if (ec == beast::error::timeout || ec == http::error::end_of_stream ||
          ec == asio::error::operation_aborted)
        break;
      ApiResponse err =
          ec == http::error::body_limit
              ? error_response(413, "payload_too_large",
                               "body: larger than " + std::to_string(o.body_limit) + " bytes",
                               {{"body", "at most " + std::to_string(o.body_limit) + " bytes"}})
          : ec == http::error::header_limit
              ? error_response(413, "payload_too_large", "headers: too large")
              : error_response(400, "invalid_argument",
                               "not a valid HTTP request: " + ec.message());
      core_.metrics.record("other", err.status, 0);
      (void)co_await write(std::move(err), 11, false);
      break;
    }
    const auto started = std::chrono::steady_clock::now();
    http::request<http::string_body>& req = parser.get();
    ApiRequest ar;
    ar.method = std::string(req.method_string());
    ar.target = std::string(req.target());
    ar.authorization = std::string(req[http::field::authorization]);
    ar.last_event_id = std::string(req["Last-Event-ID"]);
    ar.idempotency_key = std::string(req["Idempotency-Key"]);
    ar.content_type = std::string(req[http::field::content_type]);
    ar.body = std::move(req.body());
    const unsigned version = req.version();
    const bool keep_alive = req.keep_alive();
    ApiResponse res = co_await call_api(std::move(ar));
    if (res.stream) {
      core_.metrics.record(res.route, 200, 0);
      co_await run_stream(*res.stream, version);
      break;
    }
    // Recorded before the write, so a client that got its answer finds it counted.
    core_.metrics.record(
        res.route, res.status,
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    const bool ok = co_await write(std::move(res), version, keep_alive && !closing_);
    if (!ok || !keep_alive) break;
  }
  beast::error_code ec;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream_.close();
}

awaitable<void> Session::run_stream(const StreamStart& start, unsigned version) {
  const ServerOptions& o = core_.options;
  if (core_.streams.fetch_add(1) >= o.max_streams) {
    core_.streams.fetch_sub(1);
    (void)co_await write(error_response(503, "unavailable",
                                        "too many open streams (at most " +
                                            std::to_string(o.max_streams) + "); retry later"),
                         version, false);
    co_return;
  }
  core_.metrics.stream_opened();
  struct Count {
    ServerCore& core;
    ~Count() {
      core.streams.fetch_sub(1);
      core.metrics.stream_closed();
    }
  } count{core_};

  auto queue = std::make_shared<StreamQueue>();
  std::weak_ptr<Session> weak = weak_from_this();
  auto ex = stream_.get_executor();
  const std::size_t backlog = o.stream_backlog;
  auto deliver = [queue, weak, ex, backlog](const StreamRecord& record) {
    bool wake = false;
    {
      std::lock_guard lock(queue->mutex);
      if (queue->overflow) return;
      if (queue->records.size() >= backlog) {
        queue->overflow = true;
      } else {
        queue->records.push_back(record);
      }
      if (!queue->wake_pending) queue->wake_pending = wake = true;
    }
    if (wake) {
      asio::post(ex, [weak] {
        if (auto s = weak.lock()) s->timer_.cancel();
      });
    }
  };
  auto sub = core_.backend.subscribe(StreamFilter{start.agent, start.queue, start.item},
                                     start.after, deliver);
  if (!sub.is_ok()) {
    const Status& s = sub.status();
    (void)co_await write(
        error_response(http_status_for(s.code()), to_string(s.code()), s.message()), version,
        false);
    co_return;
  }
  std::unique_ptr<StreamSubscription> subscription = std::move(sub).value();
  if (!co_await write_raw("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                          "Cache-Control: no-store\r\nConnection: close\r\n"
                          "X-Accel-Buffering: no\r\n\r\n: stream open\n\n"))
    co_return;
  watch_for_close();
  while (!closing_) {
    std::string out;
    bool overflow = false;
    {
      std::lock_guard lock(queue->mutex);
      for (const StreamRecord& r : queue->records) append_sse(out, r);
      queue->records.clear();
      overflow = queue->overflow;
      if (out.empty() && !overflow) queue->wake_pending = false;
    }
    if (!out.empty()) {
      if (!co_await write_raw(out)) break;
      continue;
    }
    if (overflow) break;  // too far behind: the client resumes with Last-Event-ID
    timer_.expires_after(o.heartbeat);
    auto [ec] = co_await timer_.async_wait(kTuple);
    if (closing_) break;
    if (!ec && !co_await write_raw(": heartbeat\n\n")) break;
  }
  subscription.reset();  // no delivery runs after this
}

}  // namespace

awaitable<void> ServerCore::accept_loop() {
  for (;;) {
    asio::any_io_executor ex = asio::make_strand(ioc);
    auto [ec, socket] = co_await acceptor->async_accept(ex, kTuple);
    if (ec) {
      if (!acceptor->is_open()) co_return;
      continue;  // e.g. out of descriptors for a moment
    }
    beast::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    auto session = std::make_shared<Session>(*this, std::move(socket));
    {
      std::lock_guard lock(mutex);
      if (!running) continue;
      sessions[session.get()] = session;
    }
    asio::co_spawn(session->executor(), session->run(session), asio::detached);
  }
}

Server::Server(ServerOptions options, Backend& backend, TokenStore& tokens)
    : core_(std::make_shared<ServerCore>(std::move(options), backend, tokens)) {}

Server::~Server() { stop(); }

std::uint16_t Server::port() const { return core_->port; }

Status Server::start() {
  ServerCore& c = *core_;
  {
    std::lock_guard lock(c.mutex);
    if (c.running) return Status::conflict("the server is already running");
  }
  beast::error_code ec;
  auto address = asio::ip::make_address(c.options.address, ec);
  if (ec) return Status::invalid_argument("listen: not an IP address: " + c.options.address);
  c.ioc.restart();  // after a stop()
  c.acceptor = std::make_unique<tcp::acceptor>(asio::make_strand(c.ioc));
  tcp::endpoint endpoint(address, c.options.port);
  c.acceptor->open(endpoint.protocol(), ec);
  if (!ec) c.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) c.acceptor->bind(endpoint, ec);
  if (!ec) c.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Status::unavailable("listen: cannot bind " + c.options.address + ":" +
                               std::to_string(c.options.port) + ": " + ec.message());
  }
  c.port = c.acceptor->local_endpoint().port();
  {
    std::lock_guard lock(c.mutex);
    c.running = true;
  }
  c.work.emplace(c.ioc.get_executor());
  asio::co_spawn(c.acceptor->get_executor(), c.accept_loop(), asio::detached);
  const int n = std::max(1, c.options.threads);
  for (int i = 0; i < n; ++i) c.threads.emplace_back([&c] { c.ioc.run(); });
  return Status::ok();
}

void Server::stop() {
  ServerCore& c = *core_;
  std::vector<std::shared_ptr<Session>> open;
  {
    std::lock_guard lock(c.mutex);
    if (!c.running) return;
    c.running = false;
    for (auto& [ptr, weak] : c.sessions)
      if (auto s = weak.lock()) open.push_back(std::move(s));
  }
  asio::post(c.acceptor->get_executor(), [&c] {
    beast::error_code ec;
    c.acceptor->close(ec);
  });
  for (auto& s : open) s->close();
  open.clear();
  {
    // Sessions end once their socket is closed; one waiting on the backend's answer ends when
    // it comes. Past the grace period the io_context's destruction reclaims what is left.
    std::unique_lock lock(c.mutex);
    c.sessions_done.wait_for(lock, std::chrono::seconds(2), [&] { return c.sessions.empty(); });
  }
  c.work.reset();
  c.ioc.stop();
  for (std::thread& t : c.threads) t.join();
  c.threads.clear();
}

}  // namespace tandem::server
