// SPDX-License-Identifier: Apache-2.0
// Reads a process-mining event log into the back-office work the simulator replays
// (sim::EventLogReplay, sim/event_log.h, which says how a log maps to cases and sessions and
// checks a log against a scenario). The target is the BPI Challenge 2012 log
// (../shared/data/bpi2012/bpic2012_events.csv.gz: loan applications at a Dutch bank), CSV
// with the header
//   case_id,activity,lifecycle,resource,group,timestamp[,...]
// gzip-compressed or plain (zlib reads both). Rows are events; `timestamp` is ISO 8601 with
// an offset ("2011-10-01T00:38:44.546+02:00"); a field may be "quoted".
// Errors (InvalidArgument) name file:line and the rule broken: a header that is not an event
// log's, too few fields, a bad timestamp, an activity that is not A_, O_ or W_, a lifecycle
// other than SCHEDULE/START/COMPLETE.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "model/status.h"
#include "sim/event_log.h"

namespace tandem::io {

// True when the first line of a file is an event-log header (case_id,activity,lifecycle,...).
bool is_event_log_header(std::string_view first_line);

// Reads the (gzip or plain) log file.
Result<sim::EventLogReplay> read_event_log(const std::filesystem::path& file,
                                           const sim::EventLogOptions& options = {});
// The same from text; `name` appears in messages.
Result<sim::EventLogReplay> parse_event_log(std::string_view text, const std::string& name,
                                            const sim::EventLogOptions& options = {});

// Reads the first line of a (gzip or plain) file; empty when it cannot be read.
std::string first_line_of(const std::filesystem::path& file);

}  // namespace tandem::io
