// SPDX-License-Identifier: Apache-2.0
// The live platform in one process (`tandem serve`, docs/live.md): the store, the live host
// that owns the engine, the HTTP server over it, and optionally the live source that plays a
// simulated day through it. run_platform() starts them in that order, reports where the
// dashboard and the admin token are, waits for `stop`, and stops them in reverse order.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <stop_token>
#include <string>

#include "engine/engine.h"
#include "model/planning.h"
#include "model/scenario.h"
#include "model/status.h"
#include "model/time.h"
#include "sim/model.h"
#include "store/store.h"

namespace tandem::server {

struct PlatformOptions {
  std::string scenario;  // the scenario file
  std::string db = "sqlite:var/tandem.db";
  std::string listen = "127.0.0.1:8080";
  bool simulate = false;               // run the live source inside
  double speed = 60;                   // simulated seconds per real second (--simulate)
  std::optional<LocalDays> start_day;  // the simulated day (default: the scenario's next)
  double clock_from_hours = 7.0;       // the simulated clock starts at this local hour
  std::uint64_t seed = 1;
  std::string admin_token_file = "var/admin-token";
  std::string web_root;  // web/dist when built
  int threads = 2;
  double rate_per_second = 1000;  // per token; 0: no limit (ServerOptions::rate_per_second)
};

// The policy the live engine runs: the scenario's first, else a default one.
Policy live_policy(const Scenario& scenario);

// The engine options of the log in `store`: they must be the same at every start (and for
// `tandem store verify`), or the log would not replay. A simulated day (options.simulate)
// starts at its model's start with the model's seed (live::live_engine_options); a real one
// at the first event's time (an empty log: now, which its first record then fixes).
struct LiveEngineSetup {
  engine::EngineOptions engine;
  std::optional<sim::SimModel> model;  // the simulated day, with options.simulate
};
Result<LiveEngineSetup> live_engine_setup(store::Store& store, const Scenario& scenario,
                                          const Policy& policy, const PlatformOptions& options);

// Runs until `stop` is requested. Progress and addresses go to `out`, problems to `err`.
// Returns the first failure to start (the store cannot be opened, the log does not replay,
// the address is taken).
Status run_platform(const PlatformOptions& options, std::stop_token stop, std::ostream& out,
                    std::ostream& err);

}  // namespace tandem::server
