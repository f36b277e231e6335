// SPDX-License-Identifier: Apache-2.0
// A roster for a Curtois benchmark instance and the independent checker that recomputes the
// benchmark's objective and verifies every hard rule from the instance and the roster alone
// (it shares no code with the MIP model in curtois_model.cpp).
#pragma once

#include <string>
#include <vector>

#include "schedule/curtois_instance.h"

namespace tandem::schedule::curtois {

constexpr int kOff = -1;

// shift[e][d]: the shift type index employee e works on day d, or kOff.
struct Roster {
  std::vector<std::vector<int>> shift;
};

struct RuleViolation {
  std::string rule;  // one of the names below
  std::string message;
};

// The objective split by soft rule (all in the benchmark's penalty units), and the hard rules
// broken. Rule names: "shape" (roster size or a shift index out of range), "day_off",
// "forbidden_succession", "max_shifts", "max_total_minutes", "min_total_minutes",
// "max_consecutive_shifts", "min_consecutive_shifts", "min_consecutive_days_off",
// "max_weekends".
struct Evaluation {
  long long on_request_penalty = 0;   // on-requests not granted
  long long off_request_penalty = 0;  // off-requests granted
  long long under_cover_penalty = 0;
  long long over_cover_penalty = 0;
  long long objective = 0;  // the sum of the four
  std::vector<RuleViolation> violations;
  bool feasible() const { return violations.empty(); }
};

// Pure; thread safe. Expects a valid instance (validate_instance). A roster of the wrong shape
// comes back with a "shape" violation and no objective.
Evaluation check_roster(const Instance& instance, const Roster& roster);

}  // namespace tandem::schedule::curtois
