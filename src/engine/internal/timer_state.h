// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: the timer part of EngineState (state.h) -- the clock and what is
// due (engine.cpp fires the timers; the other parts arm them).
#pragma once

#include <cstdint>

#include "engine/engine.h"
#include "engine/internal/basics.h"
#include "engine/timer_queue.h"

namespace tandem::engine::detail {

// Values are stored (snapshots, the event log, the API) and never reused: a new enumerator
// takes the next free value.
enum class TimerKind : std::uint8_t {
  kOfferExpiry = 0,
  kAfterWorkEnd = 1,
  kServiceLevelCheck = 2,
  kIntervalBoundary = 3,
  kRule = 4,
};

struct Timer {
  Time due = 0;
  std::uint64_t seq = 0;
  TimerKind kind = TimerKind::kOfferExpiry;
  WorkKind work_kind = WorkKind::kContact;
  Idx target = kNone;
  std::uint32_t gen = 0;
  std::uint32_t extra = 0;
  std::uint32_t incarnation = 0;  // rule timers: the item slot's incarnation
  bool operator>(const Timer& o) const { return due != o.due ? due > o.due : seq > o.seq; }
};

struct TimerState {
  Time now = 0;
  std::uint64_t timer_seq = 0;
  // Timers are deleted lazily: a dead one (its offer accepted, its contact answered, its item
  // closed) is dropped when it reaches the top (also by the const next_due(), hence mutable).
  mutable TimerQueue<Timer> timers;

  void add_timer(Time due, TimerKind kind, WorkKind work_kind, Idx target, std::uint32_t gen,
                 std::uint32_t extra = 0, std::uint32_t incarnation = 0);
};

}  // namespace tandem::engine::detail
