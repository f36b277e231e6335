// SPDX-License-Identifier: Apache-2.0
// Replaying the log into an engine, verified against what was stored (recovery and
// `tandem store verify` share it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "model/status.h"
#include "store/store.h"

namespace tandem::live {

struct ReplayCount {
  std::int64_t last_seq = 0;
  std::int64_t events = 0;
  std::int64_t actions = 0;
};

// Feeds every event after `after` to `engine` in order and checks that each gives the
// outcome (applied or rejected) and exactly the actions stored with it. Internal naming the
// first event that does not replay.
Result<ReplayCount> replay_verified(store::Store& store, engine::Engine& engine,
                                    std::int64_t after);

}  // namespace tandem::live
