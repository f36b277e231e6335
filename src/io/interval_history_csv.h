// SPDX-License-Identifier: Apache-2.0
// The one reader of interval-history CSV files: a scenario's contacts and work-items
// histories, `tandem forecast --history`, and the forecast files `tandem staff --forecast`
// reads (docs/forecasting.md). Forecasting (forecast::history_of) and staffing consume the
// value it returns; neither reads files.
//
// Accepted layouts, recognised by the header (case-insensitive, any column order, extra
// columns ignored; a cell may be "quoted"):
//   standard    interval_start,queue,volume[,aht_seconds]   interval_start is ISO 8601 local
//               time "2026-06-01T08:15" (a space instead of T, and seconds ":00", allowed), or
//               a date "2026-06-01" for daily series (back-office arrivals per day). A
//               forecast file (queue,interval_start,volume,aht_seconds,lower,...) is one.
//   fpp2        date,weekday,interval,start,calls           one queue "calls"
//   bank1999    date,weekday,interval_start,calls_entering_vru,calls_queued,served_by_agent,
//               abandoned_from_queue,mean_ser_time_s,...   one queue "calls"; volume =
//               served_by_agent + abandoned_from_queue (calls that asked for an agent),
//               aht_seconds = mean_ser_time_s
// A row is one OPEN interval; an absent interval is closed. The grain is the coarsest interval
// length, from 5 to 60 minutes and dividing a day (5, 6, 10, 12, 15, 20, 30, 45, 60...), that
// fits every start time (60 when every start is on the hour), or 1440 for a daily series.
// Errors (InvalidArgument) name the file and line and the rule broken: unparseable dates or
// numbers, negative volumes or handle times, wrong field counts, a start off every such grid
// (the row where the grid breaks), a duplicate interval of a queue. Every bad row is reported
// (up to 20), none is dropped.
#pragma once

#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "forecast/series.h"
#include "model/interval_history.h"
#include "model/scenario.h"
#include "model/status.h"

namespace tandem::io {

Result<IntervalHistory> parse_interval_history_csv(std::istream& in, const std::string& file_name);
// NotFound when the file cannot be opened.
Result<IntervalHistory> read_interval_history_csv(const std::filesystem::path& file);

// The history files a scenario names (Scenario::history), contacts first; a file that is not
// named is skipped (an empty list when none is).
Result<std::vector<IntervalHistory>> read_scenario_history_files(const Scenario& scenario);

// Every row of the scenario's history files, contacts first, in file order (the arrivals a
// simulation replays); empty when the scenario names no history file.
Result<std::vector<IntervalVolume>> read_scenario_arrivals(const Scenario& scenario);

// Both history files of the scenario as forecast series (forecast::history_of, queues of the
// contacts file first). InvalidArgument when the scenario names no history file.
Result<forecast::History> read_scenario_history(const Scenario& scenario);
// One file as forecast series.
Result<forecast::History> read_history(const std::filesystem::path& file);

}  // namespace tandem::io
