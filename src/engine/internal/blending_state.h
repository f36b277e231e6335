// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: the blending part of EngineState (state.h) -- which blended agents
// are on the phones and which are released to back-office work (blending.cpp). The per-queue
// blending sets live in QueueInfo (internal/config.h); this is the engine-wide part.
#pragma once

#include <set>
#include <utility>
#include <vector>

#include "engine/internal/basics.h"
#include "engine/internal/routing_state.h"

namespace tandem::engine::detail {

// Order of the blended agents in a real-time queue's blending sets (see blending.cpp). On the
// phones (release order): rank 0 idle, 1 busy; then longest on the phones (`since` = when the
// agent's mode last changed). Released (recall order): rank 0 idle, 1 holding only work a recall
// pauses or withdraws, 2 holding other work; then longest released.
struct BlendKey {
  std::int32_t rank = 0;
  Time since = 0;
  Idx agent = kNone;
  auto operator<=>(const BlendKey&) const = default;
};
using BlendSet = std::set<BlendKey>;

struct ForecastInterval {
  Time length = 900;
  double volume = 0.0;
  double aht_seconds = 0.0;
};

struct BlendingState {
  Time interval_start = 0;  // the forecast interval the clock is in
  // real-time queues whose blending to re-evaluate at the end of the event (before dispatch)
  std::vector<Idx> dirty_blending;
  std::vector<Idx> scratch_blending;  // no allocation per event
  std::vector<Idx> blend_candidates;
  std::vector<std::pair<QueueKey, Idx>> blend_urgent;  // (head key, entry) of waiting work
};

}  // namespace tandem::engine::detail
