// SPDX-License-Identifier: Apache-2.0
#include "app/memory_log.h"

#include <algorithm>

namespace tandem::app {

Result<store::AppendResult> MemoryLog::append(std::span<const store::EventRecord> events,
                                              std::span<const store::ActionRecord> actions) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const store::EventRecord& e : events) {
    if (!e.idempotency_key.empty() && keys_.count(e.idempotency_key) != 0) {
      return Status::conflict("duplicate idempotency key '" + e.idempotency_key + "'");
    }
  }
  store::AppendResult r{static_cast<std::int64_t>(events_.size()) + 1, 0};
  for (const store::EventRecord& e : events) {
    events_.push_back(e);
    events_.back().seq = static_cast<std::int64_t>(events_.size());
    if (!e.idempotency_key.empty()) keys_.emplace(e.idempotency_key, events_.size() - 1);
  }
  actions_.insert(actions_.end(), actions.begin(), actions.end());
  r.last_seq = static_cast<std::int64_t>(events_.size());
  return r;
}

Result<std::int64_t> MemoryLog::last_seq() {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<std::int64_t>(events_.size());
}

Result<std::vector<store::EventRecord>> MemoryLog::read_events(std::int64_t after,
                                                               std::size_t limit) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<store::EventRecord> out;
  for (auto i = static_cast<std::size_t>(std::max<std::int64_t>(after, 0));
       i < events_.size() && out.size() < limit; ++i) {
    out.push_back(events_[i]);
  }
  return out;
}

Result<std::vector<store::ActionRecord>> MemoryLog::read_actions(std::int64_t after,
                                                                 std::int64_t through) {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<store::ActionRecord> out;
  auto first = std::lower_bound(
      actions_.begin(), actions_.end(), after + 1,
      [](const store::ActionRecord& a, std::int64_t seq) { return a.event_seq < seq; });
  for (auto it = first; it != actions_.end() && it->event_seq <= through; ++it) out.push_back(*it);
  return out;
}

Result<std::optional<store::EventRecord>> MemoryLog::find_event(std::string_view key) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = keys_.find(std::string(key));
  if (it == keys_.end()) return std::optional<store::EventRecord>();
  return std::optional<store::EventRecord>(events_[it->second]);
}

Result<store::StoreStatus> MemoryLog::status() {
  std::lock_guard<std::mutex> lock(mutex_);
  store::StoreStatus s;
  s.backend = "memory";
  s.last_seq = static_cast<std::int64_t>(events_.size());
  s.events = s.last_seq;
  s.actions = static_cast<std::int64_t>(actions_.size());
  return s;
}

}  // namespace tandem::app
