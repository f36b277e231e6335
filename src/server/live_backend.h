// SPDX-License-Identifier: Apache-2.0
// The server's Backend over the live host (docs/live.md, docs/api.md): events go through the
// host's intake; reads are engine queries run on the host thread; the stream is the host's
// publisher, one SSE record per log record. An index of item and contact ids by customer
// (the engine answers by id only) and today's per-queue counters are kept from the stream.
#pragma once

#include <memory>

#include "live/clock.h"
#include "live/host.h"
#include "model/scenario.h"
#include "server/backend.h"
#include "server/reports.h"

namespace tandem::server {

class LiveBackend final : public Backend {
 public:
  // Subscribes to the host from the start of the log to build its index.
  static Result<std::unique_ptr<LiveBackend>> open(live::Host& host, const live::Clock& clock,
                                                   const Scenario& scenario);
  ~LiveBackend() override;

  void submit(std::vector<Submission> events, SubmitDone done) override;
  Result<nlohmann::json> item(const std::string& id) override;
  Result<nlohmann::json> items(const ItemQuery& query) override;
  Result<nlohmann::json> journey(const std::string& customer) override;
  Result<nlohmann::json> queues() override;
  Result<nlohmann::json> queue(const std::string& id) override;
  Result<nlohmann::json> agents() override;
  Result<nlohmann::json> agent(const std::string& id) override;
  std::string team_of(const std::string& agent) override;
  // Reports come from `source` (store_reports); without one they are Unavailable. Call it
  // before serving.
  void set_reports(ReportSource source);
  Result<nlohmann::json> report(const ReportQuery& query) override;
  Result<std::unique_ptr<StreamSubscription>> subscribe(const StreamFilter& filter,
                                                        std::int64_t after_seq,
                                                        StreamDeliver deliver) override;
  Status ready() override;
  std::string metrics() override;
  Instant now() override;

  // Waits until the index has seen every record up to `seq` (tests).
  void wait_indexed(std::int64_t seq);

  struct State;

 private:
  explicit LiveBackend(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// The SSE data of one log record: {"seq", "status", "reason"?, "event", "actions"}.
std::string stream_json(const live::Published& record);
// Whether the record concerns the filter's agent, queue and item (empty: any).
bool stream_matches(const live::Published& record, const StreamFilter& filter);

}  // namespace tandem::server
