// SPDX-License-Identifier: Apache-2.0
// The simulator's event calendar: a heap of pending events ordered by (time, sequence).
// Events at equal times come out in the order they were scheduled, so a run is deterministic
// (keys are unique, so any correct heap pops the same sequence).
// Cancellation is lazy: the owner keeps a version per entity and ignores stale events.
// Times are simulated seconds since the start of the run (double). Not thread-safe.
// A 4-ary heap in one vector: half the depth of a binary heap, and the four children of a node
// share a cache line or two, which makes schedule/pop cheaper than std::priority_queue.
#pragma once

#include <cstdint>
#include <utility>
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
    heap_.push_back(Entry{time, next_sequence_++, std::move(payload)});
    sift_up(heap_.size() - 1);
  }
  bool empty() const { return heap_.empty(); }
  std::size_t size() const { return heap_.size(); }
  // The earliest entry; precondition: !empty().
  const Entry& top() const { return heap_.front(); }
  // Removes and returns the earliest entry; precondition: !empty().
  Entry pop() {
    Entry e = std::move(heap_.front());
    if (heap_.size() > 1) {
      heap_.front() = std::move(heap_.back());
      heap_.pop_back();
      sift_down(0);
    } else {
      heap_.pop_back();
    }
    return e;
  }

 private:
  static constexpr std::size_t kArity = 4;
  static bool earlier(const Entry& a, const Entry& b) {
    return a.time < b.time || (a.time == b.time && a.sequence < b.sequence);
  }
  void sift_up(std::size_t i) {
    Entry e = std::move(heap_[i]);
    while (i > 0) {
      const std::size_t parent = (i - 1) / kArity;
      if (!earlier(e, heap_[parent])) break;
      heap_[i] = std::move(heap_[parent]);
      i = parent;
    }
    heap_[i] = std::move(e);
  }
  void sift_down(std::size_t i) {
    const std::size_t n = heap_.size();
    Entry e = std::move(heap_[i]);
    for (;;) {
      const std::size_t first = i * kArity + 1;
      if (first >= n) break;
      std::size_t best = first;
      const std::size_t last = first + kArity < n ? first + kArity : n;
      for (std::size_t c = first + 1; c < last; ++c) {
        if (earlier(heap_[c], heap_[best])) best = c;
      }
      if (!earlier(heap_[best], e)) break;
      heap_[i] = std::move(heap_[best]);
      i = best;
    }
    heap_[i] = std::move(e);
  }

  std::vector<Entry> heap_;
  std::uint64_t next_sequence_ = 0;
};

}  // namespace tandem::sim
