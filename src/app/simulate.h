// SPDX-License-Identifier: Apache-2.0
// Simulate a scenario through the engine: replications of one or several policies on common
// random numbers, optionally replaying real arrivals (contacts or an event log of back-office
// cases), following a published schedule, or searching the staff per agent group that meets
// every SLA at least cost (docs/simulation.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <stop_token>
#include <string>
#include <vector>

#include "model/scenario.h"
#include "sim/replications.h"
#include "sim/staff_search.h"
#include "sim/study.h"

namespace tandem::app {

struct SimulateRequest {
  int days = 7;          // days per replication, >= 1
  int replications = 4;  // >= 1
  std::uint64_t seed = 1;
  // Policy ids, compared on common random numbers; empty: the scenario's first policy (or the
  // default policy when the scenario defines none, also reachable as "default").
  std::vector<std::string> policies;
  // Real arrivals: a Tandem replay CSV or the Anonymous Bank call log (contacts), or an event
  // log (BPI 2012 CSV, gzip or plain: back-office cases). Empty: none.
  std::filesystem::path replay;
  // A `tandem schedule --json` file the agents follow. Empty: the simple staffing table.
  std::filesystem::path schedule;
  double shrinkage = 0.0;    // probability that a shift is lost to absence
  double staff_scale = 1.0;  // keep this share of each agent group
  // What-ifs without editing the history or the scenario (`--volume-scale`, `--staff`):
  // multiply the history's arrivals of a queue or back-office work type (a process's arrivals
  // are those of its first work type) by a factor in [0, 100]; "all" scales every queue not
  // named on its own. Not with a replay: real arrivals are not scaled.
  std::vector<std::pair<std::string, double>> volume_scale;
  // Add (+N) or remove (-N) people of a human agent group (added people clone its last
  // agent), before staff_scale and the staff search.
  std::vector<std::pair<std::string, int>> staff_change;
  bool staff_to_target = false;
  double max_staff_factor = 3.0;          // staff to target: at most this times today's staff
  int max_simulations = 150;              // staff to target: simulations per policy
  std::vector<std::string> not_required;  // staff to target: SLAs reported, not required
  int threads = 0;                        // 0: all cores
  std::stop_token stop;                   // stops early, keeping what was simulated
  // Progress of a policy's replications or search: label (policy, search phase), done, total.
  std::function<void(const std::string& label, int done, int total)> on_progress;
  // A warning as it happens (also kept in SimulateResult::warnings).
  std::function<void(const std::string& warning)> on_warning;
};

struct PolicyOutcome {
  std::string policy;
  sim::RunResult run;
  std::vector<sim::SlaCheck> checks;
  std::optional<sim::StaffSearchResult> search;  // staff to target per agent group
};

// What an event-log replay put into the run.
struct ReplaySummary {
  std::string file;
  std::string process;  // the case process
  std::size_t cases = 0;
  std::size_t steps = 0;
};

struct SimulateResult {
  std::vector<PolicyOutcome> outcomes;  // one per policy, in the order requested
  // What the runs started from (after volume_scale and staff_change): expected random
  // arrivals per queue or process over the run (the arrival profiles' totals, batches
  // included), and people per human agent group.
  std::map<std::string, double> expected_arrivals;
  std::map<std::string, int> people;
  std::optional<ReplaySummary> event_log;
  std::vector<std::string> warnings;  // e.g. events the engine rejected
  bool interrupted = false;           // the stop token stopped it
};

// InvalidArgument naming the rule: days or replications below 1, a volume scale or staff
// change naming an unknown queue or group, a factor outside [0, 100], a group left with fewer
// than 0 people, a volume scale with a replay, shrinkage or threads outside
// the options table's bounds, an unknown policy, an unreadable replay or schedule file, a
// scenario with nothing arriving; errors of the model or the runs.
Result<SimulateResult> simulate(const Scenario& scenario, const SimulateRequest& request);

}  // namespace tandem::app
