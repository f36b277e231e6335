// SPDX-License-Identifier: Apache-2.0
// The host's use of engine snapshots: one place that knows whether and how the engine can be
// saved and restored, so recovery is snapshot + tail instead of the whole log.
#pragma once

#include <string>
#include <string_view>

#include "engine/engine.h"
#include "model/planning.h"
#include "model/scenario.h"
#include "model/status.h"

namespace tandem::live {

// The engine's snapshot format version (stored with each snapshot); 0: no snapshots.
int engine_snapshot_format();
Result<std::string> take_engine_snapshot(const engine::Engine& engine);
Result<engine::Engine> restore_engine_snapshot(const Scenario& scenario, const Policy& policy,
                                               const engine::EngineOptions& options,
                                               std::string_view bytes);

}  // namespace tandem::live
