// SPDX-License-Identifier: Apache-2.0
// Management information from an event log (docs/mi.md): the log's events, in order, are
// handed to an engine of the log's own configuration (scenario, policy, options: the same the
// live host ran, so it decides exactly what the host decided) and the events, the actions it
// emits and its answers about items (due time, done or cancelled) feed an MiRecorder, as the
// simulator feeds its KpiRecorder. One path for `tandem report --db`, `--simulate` (a day
// played through the live host into a log) and the server's reports.
// Pure: no I/O (the caller reads the log). Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "analytics/mi.h"
#include "engine/engine.h"
#include "model/status.h"

namespace tandem::analytics {

class LogAnalysis {
 public:
  static Result<LogAnalysis> create(const Scenario& scenario, const Policy& policy,
                                    const engine::EngineOptions& options, MiSettings settings);

  // The next record of the log (rejected ones too: the engine's timers fire for them). Events
  // at or after the window's end are not fed (past_end() turns true).
  void add(const engine::Event& event);
  bool past_end() const { return past_end_; }
  std::int64_t events() const { return events_; }

  // The report with the books closed at the window's end, or at the last event when earlier.
  MiReport report() const;
  const MiRecorder& recorder() const { return recorder_; }

 private:
  LogAnalysis(engine::Engine engine, MiSettings settings);
  void check_closed(const std::string& item, double at);

  engine::Engine engine_;
  MiRecorder recorder_;
  double interval_ = 900, until_ = 0, last_ = 0, next_boundary_ = 0;
  bool past_end_ = false;
  std::int64_t events_ = 0;
  std::unordered_map<std::string, std::string> task_item_;
  std::unordered_map<std::string, bool> open_items_;
  std::vector<engine::Action> actions_;
};

}  // namespace tandem::analytics
