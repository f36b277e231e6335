// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: the queue of its internal timers, popped in (due, seq) order exactly
// like a binary heap would, but cheaper for the common case.
//
// Why: most timers are set a fixed delay after "now" (offer expiry: the policy's timeout;
// service-level checks: the queue's threshold; after-contact work: the queue's wrap-up time).
// With the clock never going backwards, the timers of one delay arrive already in (due, seq)
// order, so each delay gets a FIFO lane (a ring buffer: O(1) push and pop, no sifting through
// a heap of thousands of 40-byte entries on every offer). Timers that do not fit a lane (other
// delays once kMaxLanes lanes are busy, or one that would break a lane's order) go to a binary
// heap. top() is the smallest of the lane fronts and the heap top: O(kMaxLanes) after a pop,
// O(1) otherwise (a push keeps it known).
//
// T needs `due`, `seq` and operator> (later). Not thread-safe.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

namespace tandem::engine::detail {

template <class T>
class TimerQueue {
 public:
  static constexpr std::size_t kMaxLanes = 8;

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  // Adds `t`, set at time `now` (a lane is used when `lane_ok`: its delay t.due - now repeats).
  void push(const T& t, std::int64_t now, bool lane_ok) {
    // The earliest timer stays known across a push: it is `t` if `t` is earlier, else unchanged
    // (the common case: a new timer is due after the earliest one).
    const bool was_empty = size_ == 0;
    const int before = was_empty ? kUnknown : best_;
    const bool earlier = before != kUnknown && top() > t;
    ++size_;
    const int where = place(t, now, lane_ok);
    if (was_empty || earlier) {
      best_ = where;
    } else if (before == kUnknown) {
      best_ = kUnknown;
    }
  }

  // Calls f(timer) for every timer, in no particular order (snapshot.cpp sorts them).
  template <class F>
  void for_each(F&& f) const {
    for (const T& t : heap_) f(t);
    for (const Lane& lane : lanes_) {
      for (std::size_t k = 0; k < lane.count; ++k)
        f(lane.buf[(lane.head + k) & (lane.buf.size() - 1)]);
    }
  }

  void clear() {
    heap_.clear();
    lanes_.clear();
    size_ = 0;
    best_ = kUnknown;
  }

  // The earliest timer (by due, then seq). Not empty.
  const T& top() const {
    const int b = best();
    return b < 0 ? heap_.front() : lanes_[static_cast<std::size_t>(b)].front();
  }

  void pop() {
    const int b = best();
    if (b < 0) {
      std::pop_heap(heap_.begin(), heap_.end(), std::greater<T>());
      heap_.pop_back();
    } else {
      lanes_[static_cast<std::size_t>(b)].pop_front();
    }
    --size_;
    best_ = kUnknown;
  }

 private:
  static constexpr int kUnknown = -2;
  static constexpr int kHeap = -1;

  // Puts `t` in a lane or the heap; returns where (a lane's index or kHeap).
  int place(const T& t, std::int64_t now, bool lane_ok) {
    if (lane_ok) {
      const std::int64_t delay = t.due - now;
      Lane* free_lane = nullptr;
      bool out_of_order = false;
      for (Lane& lane : lanes_) {
        if (lane.delay == delay && lane.count > 0) {
          out_of_order = lane.back() > t;  // would break the lane's order: the heap takes it
          if (!out_of_order) {
            lane.push_back(t);
            return static_cast<int>(&lane - lanes_.data());
          }
          break;
        }
        if (lane.count == 0 && free_lane == nullptr) free_lane = &lane;
      }
      if (!out_of_order && free_lane == nullptr && lanes_.size() < kMaxLanes) {
        free_lane = &lanes_.emplace_back();
      }
      if (!out_of_order && free_lane != nullptr) {
        free_lane->delay = delay;
        free_lane->push_back(t);
        return static_cast<int>(free_lane - lanes_.data());
      }
    }
    heap_.push_back(t);
    std::push_heap(heap_.begin(), heap_.end(), std::greater<T>());
    return kHeap;
  }

  struct Lane {
    std::int64_t delay = 0;
    std::vector<T> buf;  // ring buffer, capacity a power of two
    std::size_t head = 0;
    std::size_t count = 0;

    const T& front() const { return buf[head]; }
    const T& back() const { return buf[(head + count - 1) & (buf.size() - 1)]; }
    void push_back(const T& t) {
      if (count == buf.size()) {
        std::vector<T> bigger(std::max<std::size_t>(16, buf.size() * 2));
        for (std::size_t k = 0; k < count; ++k) bigger[k] = buf[(head + k) & (buf.size() - 1)];
        buf.swap(bigger);
        head = 0;
      }
      buf[(head + count) & (buf.size() - 1)] = t;
      ++count;
    }
    void pop_front() {
      head = (head + 1) & (buf.size() - 1);
      --count;
    }
  };

  int best() const {
    if (best_ != kUnknown) return best_;
    int b = heap_.empty() ? kUnknown : kHeap;
    const T* best_timer = heap_.empty() ? nullptr : &heap_.front();
    for (std::size_t k = 0; k < lanes_.size(); ++k) {
      const Lane& lane = lanes_[k];
      if (lane.count == 0) continue;
      if (best_timer == nullptr || *best_timer > lane.front()) {
        best_timer = &lane.front();
        b = static_cast<int>(k);
      }
    }
    best_ = b;
    return b;
  }

  std::vector<T> heap_;  // a binary min-heap (std::greater)
  std::vector<Lane> lanes_;
  std::size_t size_ = 0;
  mutable int best_ = kUnknown;
};

}  // namespace tandem::engine::detail
