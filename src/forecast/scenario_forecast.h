// SPDX-License-Identifier: Apache-2.0
// Forecasting a scenario's history (used by `tandem forecast` and `tandem demo`, and by the
// staffing stage): takes each queue's site holidays as closed special days and forecasts every
// queue of a history already read (io::read_scenario_history reads Scenario::history).
#pragma once

#include <vector>

#include "forecast/forecaster.h"
#include "forecast/series.h"
#include "model/scenario.h"

namespace tandem::forecast {

// The holidays of the site of `queue` (closed special days); empty for an unknown queue.
std::vector<SpecialDay> special_days_of_queue(const Scenario& scenario, const std::string& queue);

// The first Monday after the last day of the history: where a planning week starts.
LocalDays next_monday_after(const History& history);

// Volume + AHT with bounds per queue per open interval, for options.horizon_days days after
// the end of the history (options.special_days are added to each queue's site holidays).
// InvalidArgument when the history has no interval and options.first_day is not given.
Result<ForecastTable> forecast_scenario(const Scenario& scenario, const History& history,
                                        const ForecastOptions& options);

}  // namespace tandem::forecast
