// SPDX-License-Identifier: Apache-2.0
// The router the simulator drives: something that speaks the engine's language (events in,
// actions out; engine/events.h and engine/actions.h). The production router is the engine
// itself (EngineRouter); FifoRouter (sim/fifo_router.h) is a minimal stand-in used to
// validate the discrete-event core on its own.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/actions.h"
#include "engine/engine.h"
#include "engine/events.h"
#include "model/planning.h"
#include "model/scenario.h"
#include "model/status.h"

namespace tandem::sim {

class Router {
 public:
  virtual ~Router() = default;
  // Handles one event (times never go backwards) and appends the resulting actions.
  virtual Status handle(const engine::Event& event, std::vector<engine::Action>& out) = 0;
  // The earliest internal timer: the simulator sends a ClockTick then.
  virtual std::optional<Instant> next_due() const = 0;
  // Where an item is (done or not) and its due time; nullopt when unknown.
  virtual std::optional<engine::ItemView> item(const std::string& id) const = 0;
  // The predicted completion of an open item (the engine's ETA query); nullopt when the item
  // is unknown or done, or the router makes no predictions.
  virtual std::optional<Instant> eta(const std::string& /*item_id*/) const { return std::nullopt; }
  // A short name for reports ("engine", "fifo stand-in").
  virtual const char* name() const = 0;
};

// Builds the router of one replication for a scenario and policy, starting at `start`,
// with the replication's seed.
using RouterFactory = std::function<Result<std::unique_ptr<Router>>(
    const Scenario& scenario, const Policy& policy, Instant start, std::uint64_t seed,
    bool robot_failures)>;

// The production engine (engine::Engine) behind the Router interface.
RouterFactory engine_router_factory();

}  // namespace tandem::sim
