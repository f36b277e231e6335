// SPDX-License-Identifier: Apache-2.0
// The live source for demos and tests (docs/live.md): the simulator plays the operation's
// world — customers, agents, robots — in accelerated wall-clock time and sends the live host
// the same events a telephony, CRM and case integration would, through the same intake
// (idempotency keys "sim-<seed>-<n>", so a restarted source finds its earlier events already
// in the log and goes on from there). The simulator's ClockTicks stand in for the host's
// own: run the host with HostOptions::self_tick = false.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "live/clock.h"
#include "live/host.h"
#include "model/planning.h"
#include "model/scenario.h"
#include "model/status.h"
#include "sim/model.h"
#include "sim/results.h"

namespace tandem::live {

struct LiveSourceStatus {
  bool running = false;
  bool finished = false;         // the simulated day ended
  std::string problem;           // why it stopped early
  std::uint64_t sent = 0;        // events handed to the host
  std::uint64_t duplicates = 0;  // already in the log (a restart catching up)
  Instant simulated_now{};
};

// The engine options the host needs so that its engine is the one the simulator would run
// (start, the replication's seed, robot failures by rate).
engine::EngineOptions live_engine_options(const sim::SimModel& model, std::uint64_t seed);

class LiveSource {
 public:
  // Starts the simulation of `model` on its own thread; events wait for `clock` to reach
  // their time (events before the clock's start go at once: catching up after a restart).
  static Result<std::unique_ptr<LiveSource>> start(Host& host, const Clock& clock,
                                                   sim::SimModel model, std::uint64_t seed);
  ~LiveSource();  // stop()
  // Waits for the simulated day to end; its KPIs as the simulator measured them.
  Result<sim::ReplicationResult> wait();
  LiveSourceStatus status() const;
  void stop();

  struct State;

 private:
  explicit LiveSource(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

}  // namespace tandem::live
