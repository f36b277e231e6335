// SPDX-License-Identifier: Apache-2.0
#include "live/engine_snapshot.h"

namespace tandem::live {

int engine_snapshot_format() { return engine::kSnapshotFormat; }

Result<std::string> take_engine_snapshot(const engine::Engine& engine) { return engine.snapshot(); }

Result<engine::Engine> restore_engine_snapshot(const Scenario& scenario, const Policy& policy,
                                               const engine::EngineOptions& options,
                                               std::string_view bytes) {
  return engine::Engine::restore(scenario, policy, options, bytes);
}

}  // namespace tandem::live
