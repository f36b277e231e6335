// SPDX-License-Identifier: Apache-2.0
// Reading Curtois benchmark files (the text format of schedulingbenchmarks.org, as in
// ../shared/data/curtois/InstanceN.txt) and the best-known values (best_known.csv).
//
// Instance format: lines; '#' starts a comment line; blank lines are ignored; CR LF or LF.
// Sections, each opened by its name on a line of its own, in any order:
//   SECTION_HORIZON             one line: the horizon length in days (day 0 is a Monday)
//   SECTION_SHIFTS              ShiftID, length in minutes, successors forbidden next day
//                               ('|'-separated shift ids, may be empty)
//   SECTION_STAFF               ID, MaxShifts ('|'-separated ShiftID=max, one per shift type),
//                               MaxTotalMinutes, MinTotalMinutes, MaxConsecutiveShifts,
//                               MinConsecutiveShifts, MinConsecutiveDaysOff, MaxWeekends
//   SECTION_DAYS_OFF            EmployeeID, day indexes (zero-based) ...
//   SECTION_SHIFT_ON_REQUESTS   EmployeeID, Day, ShiftID, Weight
//   SECTION_SHIFT_OFF_REQUESTS  EmployeeID, Day, ShiftID, Weight
//   SECTION_COVER               Day, ShiftID, Requirement, Weight for under, Weight for over
// HORIZON, SHIFTS and STAFF are required; the others may be absent (nothing requested).
//
// Errors: InvalidArgument "<source>:<line>: <section>: <rule broken>", e.g.
// "Instance1.txt:14: SECTION_STAFF: expected 8 comma-separated fields (ID, MaxShifts, ...),
// got 5"; a missing file is NotFound. parse_* are pure; read_* do the file I/O.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/status.h"
#include "schedule/curtois_instance.h"

namespace tandem::schedule::curtois {

// `source` names the text in messages (a file name); the instance is named after its stem.
Result<Instance> parse_instance(std::string_view text, const std::string& source);
Result<Instance> read_instance(const std::string& path);

// One row of best_known.csv: instance,weeks,employees,shift_types,best_known_lower_bound,
// best_known_solution,lower_bound_equals_solution (header line first).
struct BestKnown {
  std::string instance;
  int lower_bound = 0;
  int solution = 0;
  bool proven_optimal = false;  // lower bound equals the solution
};
Result<std::vector<BestKnown>> parse_best_known(std::string_view text, const std::string& source);
Result<std::vector<BestKnown>> read_best_known(const std::string& path);

}  // namespace tandem::schedule::curtois
