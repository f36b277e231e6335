// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: the vocabulary every part of EngineState (state.h) shares: dense
// indexes, the clock's unit and the capacity units.
#pragma once

#include <cstdint>
#include <limits>

#include "engine/engine.h"

namespace tandem::engine::detail {

using Idx = std::uint32_t;
inline constexpr Idx kNone = std::numeric_limits<Idx>::max();
using Time = std::int64_t;  // seconds since the epoch (UTC)
inline constexpr Time kNever = std::numeric_limits<Time>::max() / 4;
// An agent's capacity in units: a channel with concurrency c costs kCapacityUnits / c per item
// (exact for c = 1..16, the least common multiple of 1..16 divides 720720 * ...; larger c round
// down, which never lets an agent exceed its capacity).
inline constexpr std::int32_t kCapacityUnits = 720720;
inline constexpr std::uint16_t kSingleStep = 0xffff;

inline Time to_time(Instant t) { return t.time_since_epoch().count(); }
inline Instant to_instant(Time t) { return Instant{Seconds{t}}; }

inline constexpr std::int64_t kPhoneShare = 2520;  // divisible by 1, 2, ..., 10

}  // namespace tandem::engine::detail
