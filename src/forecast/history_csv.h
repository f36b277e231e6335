// SPDX-License-Identifier: Apache-2.0
// Reading interval history from CSV (the I/O edge of the forecast module).
//
// Accepted layouts, recognised by the header (docs/forecasting.md):
//   standard    interval_start,queue,volume[,aht_seconds]   (any column order; extra columns
//               are ignored). interval_start is ISO 8601 local time "2026-06-01T08:15" (seconds
//               ":00" allowed), or a date "2026-06-01" for daily series (back-office arrivals
//               per work type per day).
//   fpp2        date,weekday,interval,start,calls           one queue "calls"
//   bank1999    date,weekday,interval_start,calls_entering_vru,calls_queued,served_by_agent,
//               abandoned_from_queue,mean_ser_time_s,...   one queue "calls"; volume =
//               served_by_agent + abandoned_from_queue (calls that asked for an agent),
//               aht_seconds = mean_ser_time_s
// A row is one OPEN interval; an absent interval is closed. The grain (5, 15, 30 or 60
// minutes, or 1440 for daily series) is the coarsest that fits every start time.
// Errors (InvalidArgument) name the file and line and the rule broken: unparseable dates or
// numbers, negative volumes or handle times, wrong field counts, a start off the grain, a
// duplicate interval of a queue. Every bad row is reported (up to 20), none is dropped.
#pragma once

#include <filesystem>
#include <istream>
#include <string>

#include "forecast/series.h"
#include "model/status.h"

namespace tandem::forecast {

Result<History> parse_history_csv(std::istream& in, const std::string& file_name);
// NotFound when the file cannot be opened.
Result<History> read_history_csv(const std::filesystem::path& file);

}  // namespace tandem::forecast
