// SPDX-License-Identifier: Apache-2.0
// Curtois & Qu's Employee Shift Scheduling Benchmark (schedulingbenchmarks.org; Burke & Curtois,
// EJOR 2014): one instance as plain data, and the rules that define its feasible rosters and
// its objective. The data files live in ../shared/data/curtois (docs/scheduling.md,
// "Curtois benchmark").
//
// A roster gives each employee at most one shift type per day of the horizon (day 0 is a
// Monday; days 5 and 6 of each week are its weekend). The benchmark's rules:
//   hard  one shift a day; forbidden successions (shift type s on day d, then one of
//         s.forbidden_next on day d + 1); per employee: at most max_shifts[s] shifts of type s,
//         total minutes in [min_total_minutes, max_total_minutes], runs of consecutive working
//         days at most max_consecutive_shifts and (except runs touching the horizon's ends) at
//         least min_consecutive_shifts long, runs of days off (except those touching the ends)
//         at least min_consecutive_days_off long, at most max_weekends weekends with a shift on
//         Saturday or Sunday, no shift on a day off.
//   soft  on-request not granted (shift s on day d): its weight; off-request granted: its
//         weight; cover of (day, shift type): under_weight per person below the requirement
//         and over_weight per person above it.
// Boundary conventions (the benchmark's): before and after the horizon the employee is assumed
// off for the maximum-run rule and on/off for as long as needed for the minimum-run rules.
#pragma once

#include <string>
#include <vector>

#include "model/status.h"

namespace tandem::schedule::curtois {

struct ShiftType {
  std::string id;
  int minutes = 0;                  // length, > 0
  std::vector<int> forbidden_next;  // shift type indexes that may not follow on the next day
};

struct Employee {
  std::string id;
  std::vector<int> max_shifts;  // per shift type index, >= 0
  int max_total_minutes = 0;
  int min_total_minutes = 0;
  int max_consecutive_shifts = 0;
  int min_consecutive_shifts = 0;
  int min_consecutive_days_off = 0;
  int max_weekends = 0;
  std::vector<int> days_off;  // day indexes where no shift may be assigned
};

// A wish of one employee about one day: work shift type `shift` (on-request) or do not work it
// (off-request). The weight is the penalty when the wish is not granted.
struct ShiftRequest {
  int employee = 0;
  int day = 0;
  int shift = 0;
  int weight = 0;
};

struct CoverRequirement {
  int day = 0;
  int shift = 0;
  int requirement = 0;   // people wanted on this shift type that day
  int under_weight = 0;  // penalty per person missing
  int over_weight = 0;   // penalty per person in excess
};

struct Instance {
  std::string name;  // e.g. "Instance1" (file stem), for messages
  int days = 0;      // horizon length; day 0 is a Monday
  std::vector<ShiftType> shifts;
  std::vector<Employee> employees;
  std::vector<ShiftRequest> on_requests;
  std::vector<ShiftRequest> off_requests;
  std::vector<CoverRequirement> cover;  // at most one entry per (day, shift)

  int shift_index(const std::string& id) const;     // -1 if unknown
  int employee_index(const std::string& id) const;  // -1 if unknown
};

// Structural checks of a (hand-built or parsed) instance, naming the entity and the rule:
// horizon >= 1, unique non-empty ids, positive lengths, indexes in range, max_shifts sized to
// the shift types, non-negative limits and weights, one cover entry per (day, shift).
// InvalidArgument on failure. Pure.
Status validate_instance(const Instance& instance);

}  // namespace tandem::schedule::curtois
