// SPDX-License-Identifier: Apache-2.0
// ETA support (internal to the engine, docs/engine.md "ETA"): a queue's observed throughput.
// The ETA itself is EngineState::eta_of (eta.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace tandem::engine::detail {

class SnapshotCodec;  // snapshot.cpp: saves and restores the log exactly

// A queue's service rate while it is backlogged, as observed: of the tasks handed out from it
// (to people, or to robots), those that followed a start after which tasks were still waiting
// (so the queue was never empty in between), and the open (business) time of those gaps. A
// gap with more than kMaxGapOpenSeconds of open time is left out (nobody working the queue:
// an unstaffed opening, e.g. a Saturday). A resumed task counts for the share of its work
// left (a task paused twice is not three tasks). A ring of checkpoints (time, count, open time),
// one at most every kMarkSeconds, gives the rate over about the last day. Update O(1) (a calendar
// look-up only for a gap longer than kMarkSeconds); rate O(log kMarks). Memory: kMarks x 24 bytes.
// Not thread-safe. The same log, every gap counted (note(now, 1, gap, true)), gives a queue's
// inflow (tasks created per open second).
class StartLog {
 public:
  static constexpr std::int64_t kMarkSeconds = 1800;  // 30 minutes between checkpoints
  static constexpr std::size_t kMarks = 96;           // 48 hours of time with starts
  static constexpr double kMaxGapOpenSeconds = 3600.0;

  struct Mark {
    std::int64_t time = 0;      // seconds since the epoch (UTC)
    double starts = 0.0;        // counted starts (task equivalents) up to and including `time`
    double open_seconds = 0.0;  // counted open seconds up to `time`
  };

  // The last start and whether tasks were left waiting after it (the gap to the next start
  // is then backlogged time).
  bool started() const { return last_start_ >= 0; }
  std::int64_t last_start() const { return last_start_; }
  bool backlogged() const { return backlogged_; }
  // A start at `now` (times never go backwards) of `share` of a task's work: `gap_open_seconds`
  // is the open time since the last start (counted when backlogged() and at most
  // kMaxGapOpenSeconds), `waiting` whether tasks are still queued after it.
  void note(std::int64_t now, double share, double gap_open_seconds, bool waiting);
  bool empty() const { return count_ == 0; }
  // Preconditions: !empty(). The newest checkpoint; the newest at or before `time` (else the
  // oldest).
  Mark newest() const { return at(count_ - 1); }
  Mark since(std::int64_t time) const;

 private:
  friend class SnapshotCodec;
  const Mark& at(std::size_t k) const { return marks_[(first_ + k) % kMarks]; }  // 0 = oldest
  std::array<Mark, kMarks> marks_{};
  std::size_t first_ = 0;
  std::size_t count_ = 0;
  double starts_ = 0.0;
  double open_seconds_ = 0.0;
  std::int64_t last_start_ = -1;
  bool backlogged_ = false;
};

}  // namespace tandem::engine::detail
