// The stages of `tandem demo`, in the order they run on the bundled scenario. Each verb that
// becomes a demo stage declares its stage here and defines it in its <verb>_command.cpp.
// A stage prints its part of the demo and returns an exit code (0 = continue).
#pragma once

#include <ostream>

#include "model/scenario.h"

namespace tandem::cli {

// 1. The scenario's summary (validate).
int demo_stage_summary(const Scenario& scenario, std::ostream& out);

}  // namespace tandem::cli
