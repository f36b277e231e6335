// SPDX-License-Identifier: Apache-2.0
// A store that keeps only an event log, in memory: what `tandem report --simulate` plays a
// simulated day into (through the live host) and reads back, writing no file. The other
// records (snapshots, scenarios, plans, tokens, roll-ups) are accepted and forgotten.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/store.h"

namespace tandem::app {

class MemoryLog final : public store::Store {
 public:
  Result<store::AppendResult> append(std::span<const store::EventRecord> events,
                                     std::span<const store::ActionRecord> actions) override;
  Result<std::int64_t> last_seq() override;
  Result<std::vector<store::EventRecord>> read_events(std::int64_t after,
                                                      std::size_t limit) override;
  Result<std::vector<store::ActionRecord>> read_actions(std::int64_t after,
                                                        std::int64_t through) override;
  Result<std::optional<store::EventRecord>> find_event(std::string_view key) override;
  Status put_snapshot(const store::Snapshot&) override { return Status::ok(); }
  Result<std::optional<store::Snapshot>> latest_snapshot() override {
    return std::optional<store::Snapshot>();
  }
  Result<std::int64_t> put_scenario(const store::ScenarioVersion&) override { return 1; }
  Result<std::optional<store::ScenarioVersion>> latest_scenario() override {
    return std::optional<store::ScenarioVersion>();
  }
  Result<std::int64_t> put_plan(const store::Plan&) override { return 1; }
  Result<std::optional<store::Plan>> latest_plan(std::string_view, std::string_view) override {
    return std::optional<store::Plan>();
  }
  Status put_token(const store::TokenRecord&) override { return Status::ok(); }
  Result<std::optional<store::TokenRecord>> find_token_by_hash(std::string_view) override {
    return std::optional<store::TokenRecord>();
  }
  Result<std::vector<store::TokenRecord>> tokens() override {
    return std::vector<store::TokenRecord>();
  }
  Status revoke_token(std::string_view) override { return Status::not_found("no tokens"); }
  Status put_rollups(std::span<const store::Rollup>) override { return Status::ok(); }
  Result<std::vector<store::Rollup>> read_rollups(Instant, Instant) override {
    return std::vector<store::Rollup>();
  }
  Result<store::StoreStatus> status() override;

 private:
  std::mutex mutex_;
  std::vector<store::EventRecord> events_;
  std::vector<store::ActionRecord> actions_;  // in event order
  std::unordered_map<std::string, std::size_t> keys_;
};

}  // namespace tandem::app
