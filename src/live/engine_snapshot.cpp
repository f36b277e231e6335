#include "live/engine_snapshot.h"

namespace tandem::live {

// The engine does not save its state yet: recovery replays the whole log.
int engine_snapshot_format() { return 0; }

Result<std::string> take_engine_snapshot(const engine::Engine& /*engine*/) {
  return Status::unavailable("this engine build cannot take snapshots");
}

Result<engine::Engine> restore_engine_snapshot(const Scenario& /*scenario*/,
                                               const Policy& /*policy*/,
                                               const engine::EngineOptions& /*options*/,
                                               std::string_view /*bytes*/) {
  return Status::unavailable("this engine build cannot restore snapshots");
}

}  // namespace tandem::live
