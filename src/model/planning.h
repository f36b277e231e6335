// SPDX-License-Identifier: Apache-2.0
// Planning and policy settings: the interval grid, shift templates, and the tunable
// routing/blending policy.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/time.h"

namespace tandem {

// The planning grain: 5, 15, 30 or 60 minutes (15 by default).
struct IntervalGrid {
  int minutes = 15;
  static bool is_valid_length(int minutes) {
    return minutes == 5 || minutes == 15 || minutes == 30 || minutes == 60;
  }
  int intervals_per_day() const { return 1440 / minutes; }
};

struct BreakRule {
  std::string id;
  bool is_lunch = false;
  int duration_minutes = 15;
  int earliest_after_start_minutes = 60;  // window, measured from the shift start
  int latest_after_start_minutes = 240;
  bool paid = true;
};

// When a shift may start and how long it lasts. Start times run on a grid from
// earliest_start to latest_start every start_step_minutes.
struct ShiftTemplate {
  std::string id;
  std::string name;
  TimeOfDay earliest_start{480};
  TimeOfDay latest_start{480};
  int start_step_minutes = 15;
  std::vector<int> lengths_minutes;  // paid + unpaid, e.g. {480, 540}
  std::vector<int> weekdays;         // ISO index 0 = Monday ... 6; empty = every day
  std::vector<BreakRule> breaks;
};

enum class RecallMode { kPauseTask, kWaitForCompletion };
enum class AgentSelection { kLongestIdle, kBestProficiency };

// The tunable rules of routing and blending. Every threshold the engine uses lives here.
struct Policy {
  std::string id;
  std::string name;
  bool blending = true;  // false: siloed (phone agents only contacts, back office only items)
  double phone_margin_agents = 1.0;   // agents kept on the phones above the Erlang need
  double hysteresis_agents = 1.0;     // release only when surplus exceeds margin + hysteresis
  int min_usable_chunk_minutes = 10;  // smallest idle chunk worth a back-office task
  // Blending on: agents held on the phones take front-office deferrable work (email) when no
  // contact waits for them, as front-office agents do when siloed.
  bool phones_take_deferrable_contacts = true;
  RecallMode recall_mode = RecallMode::kPauseTask;
  int offer_timeout_seconds = 15;
  bool not_ready_on_reject = true;
  double arrival_smoothing = 0.3;  // weight of the newest interval in the smoothed rate
  AgentSelection agent_selection = AgentSelection::kLongestIdle;
};

const char* to_string(RecallMode mode);
const char* to_string(AgentSelection selection);

}  // namespace tandem
