// SPDX-License-Identifier: Apache-2.0
// What the HTTP layer needs from the platform behind it (docs/server.md). The server's
// routes parse and check the request, call a Backend, and format its answer; they never
// touch the engine. LiveBackend (live_backend.h) implements it over the live host; tests
// may implement it with a fake.
//
// Threads: every method may be called from any HTTP thread at once. submit() and
// subscribe() deliver through callbacks on a thread of the backend's: a callback must not
// block (post the work to the connection's executor).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/events.h"
#include "model/status.h"
#include "model/time.h"

namespace tandem::server {

// One event posted to POST /api/v1/events, decoded by io::decode_event.
struct Submission {
  engine::Event event;
  std::string idempotency_key;  // the body's "idempotency_key" (or the Idempotency-Key
                                // header for a single event); empty: none
};

// The answer for one event, once it is durably stored.
struct SubmitResult {
  std::int64_t seq = 0;
  std::string status;  // "applied", "duplicate" or "rejected"
  std::string reason;  // when rejected: the engine's message
};

// A non-ok Status (the host stopped, the store failed) or one result per submission.
using SubmitDone = std::function<void(Result<std::vector<SubmitResult>>)>;

// Which stream records a subscriber wants; empty fields match everything.
struct StreamFilter {
  std::string agent;
  std::string queue;
  std::string item;
};

// One record of GET /api/v1/stream: an SSE event with id = seq.
struct StreamRecord {
  std::int64_t seq = 0;
  std::string event;  // SSE event name: "action", "event", "state"
  std::string data;   // one line of JSON
};

class StreamSubscription {
 public:
  virtual ~StreamSubscription() = default;  // unsubscribes; no callback runs after it returns
};

// Delivers records in seq order, first the ones after `after_seq` already published (the
// resume of Last-Event-ID), then live ones. `on_gap` reports that the subscriber fell too far
// behind and was dropped (the client reconnects with its last id).
using StreamDeliver = std::function<void(const StreamRecord&)>;

struct ItemQuery {
  std::string customer, queue, place;
  std::optional<bool> overdue;
  std::size_t limit = 50;
  std::string cursor;  // opaque, from the previous page's "next_cursor"
};

// GET /api/v1/reports/{kind} (docs/mi.md): the route has checked the kind and applied the
// caller's role to the filters (a supervisor's team, an agent's own id and team).
struct ReportQuery {
  std::string kind;          // queues, backlog, agents, teams, cost, leaderboard
  std::string from, to;      // RFC 3339 or HH:MM on the current day; empty: that day
  bool by_interval = false;  // group_by=interval
  std::string queue, team, agent;
};

class Backend {
 public:
  virtual ~Backend() = default;

  virtual void submit(std::vector<Submission> events, SubmitDone done) = 0;

  // JSON bodies of the read endpoints (docs/api.md gives their shapes). NotFound for an
  // unknown id.
  virtual Result<nlohmann::json> item(const std::string& id) = 0;
  virtual Result<nlohmann::json> items(
      const ItemQuery& query) = 0;  // {"items":[...],"next_cursor"}
  virtual Result<nlohmann::json> journey(const std::string& customer) = 0;
  virtual Result<nlohmann::json> queues() = 0;
  virtual Result<nlohmann::json> queue(const std::string& id) = 0;
  virtual Result<nlohmann::json> agents() = 0;
  virtual Result<nlohmann::json> agent(const std::string& id) = 0;
  // The team of an agent ("" when unknown): supervisors see their teams' agents only.
  virtual std::string team_of(const std::string& agent) = 0;

  virtual Result<std::unique_ptr<StreamSubscription>> subscribe(const StreamFilter& filter,
                                                                std::int64_t after_seq,
                                                                StreamDeliver deliver) = 0;

  // The report's table ({"kind", "from", "to", "columns", "rows"}, app::report_json).
  // InvalidArgument for a bad window; Unavailable where the platform keeps no log.
  virtual Result<nlohmann::json> report(const ReportQuery& query) {
    (void)query;
    return Status::unavailable("reports need the live platform's event log");
  }

  // /readyz: ok once recovery is done and intake is open; Unavailable with the reason.
  virtual Status ready() = 0;
  // Prometheus text lines (# HELP, # TYPE, samples) of the platform (host, store, engine).
  virtual std::string metrics() = 0;

  // The time stamped on the events the server builds itself (POST /agents/{id}/state, offer
  // answers). The live host's clock, which runs faster under --simulate; default: the wall
  // clock.
  virtual Instant now() {
    return std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now());
  }
};

}  // namespace tandem::server
