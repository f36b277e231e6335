// SPDX-License-Identifier: Apache-2.0
// The staffing plan of a scenario for a forecast: per front-office queue and interval the
// agents required (Erlang C, or Erlang A when the queue has a mean patience) and their
// expected service; per back-office (deferrable) work type the workload windows. This is what
// `tandem staff` prints and what the scheduler consumes. Pure: the forecast comes in as rows.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/interval_history.h"
#include "model/scenario.h"
#include "model/status.h"
#include "model/time.h"
#include "staffing/staffing.h"
#include "staffing/workload_windows.h"

namespace tandem::staffing {

struct StaffOptions {
  double shrinkage = 0.30;              // [0, 1): scheduled = ceil(agents / (1 - shrinkage))
  std::optional<double> max_occupancy;  // (0, 1], applied to every front-office queue
  double concurrency_slowdown = 0.0;    // chat: session AHT grows by this per extra session
};

struct FrontOfficeInterval {
  LocalSeconds start{};
  double volume = 0;
  double aht_seconds = 0;
  QueueMetrics metrics;  // at the required agents
  int scheduled_agents = 0;
};

struct FrontOfficePlan {
  std::string queue;
  std::string site;
  QueueModel model = QueueModel::kErlangC;
  StaffingTargets targets;
  int concurrency = 1;
  std::vector<FrontOfficeInterval> intervals;  // the forecast's intervals, in time order
};

struct BackOfficeInterval {
  LocalSeconds start{};
  double volume = 0;
  double aht_seconds = 0;
  double open_hours = 0;
  double arriving_hours = 0;
  double due_hours = 0;
  double must_cumulative = 0;
  double can_cumulative = 0;
  double latest_hours = 0;
};

struct BackOfficePlan {
  std::string queue;
  std::string site;
  Deadline deadline;
  double min_level_agents = 0;     // (c): agents at work during every open hour
  int scheduled_level_agents = 0;  // (c) after shrinkage, rounded up
  // Steady state: the horizon is one period of a repeating pattern, so work of earlier periods
  // due in this one is the backlog at its start (included in can/must), and this period's
  // work due after it is beyond_horizon_hours.
  double unavoidably_late_hours = 0;
  double beyond_horizon_hours = 0;
  std::vector<BackOfficeInterval> intervals;  // every interval of the horizon (whole days)
};

struct StaffPlan {
  int interval_minutes = 15;
  LocalDays first_day{};  // the horizon: whole local days first_day .. last_day
  LocalDays last_day{};
  std::vector<FrontOfficePlan> front_office;
  std::vector<BackOfficePlan> back_office;
  std::vector<std::string> notes;  // e.g. targets dropped, rows for unknown queues
};

// InvalidArgument: forecast rows off the interval grid, duplicates, an aht_seconds that is not
// positive, unknown SLAs, bad options;
// rows of queues the scenario does not define are skipped with a note.
Result<StaffPlan> plan_staffing(const Scenario& scenario, std::span<const IntervalVolume> forecast,
                                const StaffOptions& options);

// Next week's forecast from history: the last complete ISO week (Monday..Sunday) of the rows,
// moved to the week after the last row. A week is complete when the rows reach its Saturday.
// InvalidArgument when the history holds no complete week.
Result<std::vector<IntervalVolume>> next_week_from_history(std::span<const IntervalVolume> history);

}  // namespace tandem::staffing
