// SPDX-License-Identifier: Apache-2.0
// Reads interval volumes per queue from CSV (an edge file: the only I/O of the module).
// Two layouts, recognised by their header (column order free, extra columns ignored):
//   forecast: queue,interval_start,volume,aht_seconds[,...]
//   history:  interval_start,queue,volume,aht_seconds        (aht_seconds may be empty)
// interval_start is local wall-clock time of the queue's site, "YYYY-MM-DDTHH:MM" (a space
// instead of T and trailing ":SS" are accepted). Errors name file:line and the rule broken.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/status.h"
#include "model/time.h"

namespace tandem::staffing {

struct IntervalVolume {
  std::string queue;
  LocalSeconds interval_start{};
  double volume = 0;                  // contacts or work items arriving in the interval
  std::optional<double> aht_seconds;  // empty: use the queue's handle time
};

Result<std::vector<IntervalVolume>> read_interval_volumes_csv(const std::filesystem::path& file);
// The same from text (tests); `name` appears in messages.
Result<std::vector<IntervalVolume>> parse_interval_volumes_csv(const std::string& text,
                                                               const std::string& name);

// Parses "YYYY-MM-DDTHH:MM[:SS]" (or with a space) as local time.
std::optional<LocalSeconds> parse_local_minute(const std::string& text);

}  // namespace tandem::staffing
