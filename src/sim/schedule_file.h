// SPDX-License-Identifier: Apache-2.0
// Reads a published schedule (an edge file: I/O) from the JSON that
// `tandem schedule SCENARIO --json` writes (src/cli/schedule_command.cpp): `start_date`
// (YYYY-MM-DD), `interval_minutes`, `coverage.<group>.required` (one value per interval of the
// horizon: gives the number of days), and `agents[]` with `id` and `shifts[]` of `date`,
// `start`, `end` ("HH:MM", an end at or before the start is on the next day) and
// `activities[]` of `kind` (phones, back_office, break, lunch), `start`, `end`.
// Errors (InvalidArgument) name the file and the JSON path of the bad field.
#pragma once

#include <filesystem>
#include <string>

#include "model/status.h"
#include "sim/schedule_roster.h"

namespace tandem::sim {

Result<PublishedSchedule> read_schedule_file(const std::filesystem::path& file);
// The same from text; `name` appears in messages.
Result<PublishedSchedule> parse_schedule_json(const std::string& text, const std::string& name);

}  // namespace tandem::sim
