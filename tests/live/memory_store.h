// SPDX-License-Identifier: Apache-2.0
// A store in memory for the live host's tests: the Store contract (store/store.h) on
// vectors, with a switch that makes appends fail as a full disk would.
#pragma once

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>

#include "store/store.h"

namespace tandem::live_test {

class MemoryStore final : public store::Store {
 public:
  std::atomic<bool> fail_appends{false};  // the next appends fail (Unavailable) and keep nothing

  Result<store::AppendResult> append(std::span<const store::EventRecord> events,
                                     std::span<const store::ActionRecord> actions) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (fail_appends) return Status::unavailable("disk full (injected)");
    store::AppendResult r{static_cast<std::int64_t>(events_.size()) + 1, 0};
    for (const store::EventRecord& e : events) {
      if (!e.idempotency_key.empty()) {
        for (const auto& old : events_) {
          if (old.idempotency_key == e.idempotency_key) return Status::conflict("duplicate key");
        }
      }
    }
    for (const store::EventRecord& e : events) {
      events_.push_back(e);
      events_.back().seq = static_cast<std::int64_t>(events_.size());
    }
    actions_.insert(actions_.end(), actions.begin(), actions.end());
    r.last_seq = static_cast<std::int64_t>(events_.size());
    return r;
  }
  Result<std::int64_t> last_seq() override {
    std::lock_guard<std::mutex> lock(mutex_);
    return static_cast<std::int64_t>(events_.size());
  }
  Result<std::vector<store::EventRecord>> read_events(std::int64_t after,
                                                      std::size_t limit) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<store::EventRecord> out;
    for (std::size_t i = static_cast<std::size_t>(std::max<std::int64_t>(after, 0));
         i < events_.size() && out.size() < limit; ++i) {
      out.push_back(events_[i]);
    }
    return out;
  }
  Result<std::vector<store::ActionRecord>> read_actions(std::int64_t after,
                                                        std::int64_t through) override {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<store::ActionRecord> out;
    for (const auto& a : actions_) {
      if (a.event_seq > after && a.event_seq <= through) out.push_back(a);
    }
    return out;
  }
  Result<std::optional<store::EventRecord>> find_event(std::string_view key) override {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& e : events_) {
      if (e.idempotency_key == key) return std::optional<store::EventRecord>(e);
    }
    return std::optional<store::EventRecord>();
  }
  Status put_snapshot(const store::Snapshot& s) override {
    std::lock_guard<std::mutex> lock(mutex_);
    snapshot_ = s;
    return Status::ok();
  }
  Result<std::optional<store::Snapshot>> latest_snapshot() override {
    std::lock_guard<std::mutex> lock(mutex_);
    return snapshot_;
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
  Result<store::StoreStatus> status() override {
    std::lock_guard<std::mutex> lock(mutex_);
    store::StoreStatus s;
    s.backend = "memory";
    s.last_seq = static_cast<std::int64_t>(events_.size());
    s.events = s.last_seq;
    s.actions = static_cast<std::int64_t>(actions_.size());
    return s;
  }

  // Test access.
  std::vector<store::EventRecord> events() {
    std::lock_guard<std::mutex> lock(mutex_);
    return events_;
  }
  std::vector<store::ActionRecord> actions() {
    std::lock_guard<std::mutex> lock(mutex_);
    return actions_;
  }
  void corrupt_action(std::size_t i, std::string payload) {
    std::lock_guard<std::mutex> lock(mutex_);
    actions_.at(i).payload = std::move(payload);
  }

 private:
  std::mutex mutex_;
  std::vector<store::EventRecord> events_;
  std::vector<store::ActionRecord> actions_;
  std::optional<store::Snapshot> snapshot_;
};

}  // namespace tandem::live_test
