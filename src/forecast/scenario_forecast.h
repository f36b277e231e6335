// SPDX-License-Identifier: Apache-2.0
// Forecasting a scenario's history (the I/O edge used by `tandem forecast` and `tandem demo`,
// and by the staffing stage): reads Scenario::history (contacts and work items CSVs), takes
// each queue's site holidays as closed special days, and forecasts every queue found.
#pragma once

#include <vector>

#include "forecast/forecaster.h"
#include "forecast/series.h"
#include "model/scenario.h"

namespace tandem::forecast {

// Both history files of the scenario merged (queues of the contacts file first).
// InvalidArgument when the scenario names no history file; file errors as from
// read_history_csv.
Result<History> read_scenario_history(const Scenario& scenario);

// The holidays of the site of `queue` (closed special days); empty for an unknown queue.
std::vector<SpecialDay> special_days_of_queue(const Scenario& scenario, const std::string& queue);

// The first Monday after the last day of the history: where a planning week starts.
LocalDays next_monday_after(const History& history);

// Volume + AHT with bounds per queue per open interval, for options.horizon_days days after
// the end of the history (options.special_days are added to each queue's site holidays).
Result<ForecastTable> forecast_scenario(const Scenario& scenario, const ForecastOptions& options);
// The same from a history already read (read_scenario_history): no file is read again.
Result<ForecastTable> forecast_scenario(const Scenario& scenario, const History& history,
                                        const ForecastOptions& options);

}  // namespace tandem::forecast
