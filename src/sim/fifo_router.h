// SPDX-License-Identifier: Apache-2.0
// A STAND-IN router: first-come-first-served contacts to the longest-idle skilled agent,
// real-time queues only (no back office, no blending, no offers: every decision is an
// AssignWork). It exists to validate the simulator's discrete-event core independently of
// the engine (an M/M/c queue needs nothing more); the production router is the engine.
// Work items are rejected (Unavailable).
#pragma once

#include "sim/router.h"

namespace tandem::sim {

RouterFactory fifo_router_factory();

}  // namespace tandem::sim
