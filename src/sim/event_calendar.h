// The simulator's event calendar: a binary heap of pending events ordered by (time, sequence).
// Events at equal times come out in the order they were scheduled, so a run is deterministic.
// Cancellation is lazy: the owner keeps a version per entity and ignores stale events.
// Times are simulated seconds since the start of the run (double). Not thread-safe.
#pragma once

#include <cstdint>
#include <queue>
#include <vector>

namespace tandem::sim {

template <class Payload>
class EventCalendar {
 public:
  struct Entry {
    double time = 0.0;
    std::uint64_t sequence = 0;
    Payload payload;
  };

  void schedule(double time, Payload payload) {
    heap_.push(Entry{time, next_sequence_++, std::move(payload)});
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // The earliest entry; precondition: !empty().
  const Entry& top() const { return heap_.top(); }
  Entry pop() {
    Entry e = heap_.top();
    heap_.pop();
    return e;
  }

 private:
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.time > b.time || (a.time == b.time && a.sequence > b.sequence);
    }
  };
  std::priority_queue<Entry, std::vector<Entry>, Later> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace tandem::sim
