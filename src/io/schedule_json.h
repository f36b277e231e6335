// SPDX-License-Identifier: Apache-2.0
// The schedule JSON, written and read in one place: `tandem schedule SCENARIO --json` writes
// it (schedule_json), `tandem simulate --schedule FILE` reads it back as the roster to
// simulate (read_schedule_file). What the reader takes from the writer's document
// (published_schedule) is checked by a round-trip test (tests/io/schedule_json_test.cpp).
//
// Reader: `start_date` (YYYY-MM-DD), `interval_minutes`, `coverage.<group>.required` (one
// value per interval of the horizon: gives the number of days), and `agents[]` with `id` and
// `shifts[]` of `date`, `start`, `end` ("HH:MM", an end at or before the start is on the next
// day) and `activities[]` of `kind` (phones, back_office, break, lunch), `start`, `end`; the
// other fields are ignored. Errors (InvalidArgument) name the file and the JSON path of the
// bad field.
#pragma once

#include <filesystem>
#include <span>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "model/status.h"
#include "schedule/schedule.h"
#include "sim/schedule_roster.h"

namespace tandem::io {

// The whole schedule: outcome, MIP statistics, unmet cover, violations, every agent's shifts
// and activities, coverage per front-office group (required, scheduled, expected service
// level per interval and `overall_service_level[g]`; NaN is written as null) and back-office
// hours. `overall_service_level` has one value per front-office group of the problem.
nlohmann::json schedule_json(const schedule::ScheduleProblem& problem,
                             const schedule::ScheduleResult& result,
                             std::span<const double> overall_service_level);

Result<sim::PublishedSchedule> read_schedule_file(const std::filesystem::path& file);
// The same from text; `name` appears in messages.
Result<sim::PublishedSchedule> parse_schedule_json(const std::string& text,
                                                   const std::string& name);

// The roster the reader gives for the document schedule_json writes: each agent of the
// problem with its shifts in result order, breaks and lunches in shift order, minutes past
// midnight of the shift's date beyond 1440; `days` the problem's horizon.
sim::PublishedSchedule published_schedule(const schedule::ScheduleProblem& problem,
                                          const schedule::ScheduleResult& result);

}  // namespace tandem::io
