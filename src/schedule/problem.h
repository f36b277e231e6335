// SPDX-License-Identifier: Apache-2.0
// The input of the scheduler: what must be covered (front-office requirement per interval and
// skill group, back-office workload windows), who can cover it (agents with skills, contracts,
// availability, preferences, cost) and how shifts may look (shift templates with break rules).
//
// Time inside a ScheduleProblem is counted in minutes from the start of the horizon (local
// midnight of `start_date`, the site's wall clock); interval i covers minutes
// [i * interval_minutes, (i + 1) * interval_minutes). Week w is days [7w, 7w + 7).
// The problem is plain data: build it from a scenario (cli) or by hand (tests, benchmarks).
#pragma once

#include <string>
#include <vector>

#include "model/agent.h"
#include "model/planning.h"
#include "model/status.h"
#include "model/time.h"
#include "staffing/staffing.h"

namespace tandem::schedule {

// Phones/chat: agents needed per interval for one skill group (e.g. "voice", "chat").
struct FrontOfficeGroup {
  std::string id;
  std::vector<double> required_agents;  // one value per interval of the horizon, >= 0
  // Optional, for the expected service level of the schedule (staffing module, Erlang C or A):
  // the offered load per interval (empty = not known, no expected SL) and the threshold T of
  // the service level in seconds.
  std::vector<staffing::QueueLoad> load;
  double service_level_seconds = 20.0;
};

// Back-office work of one type as a window: cumulative agent-hours of work that has arrived
// (may be done from then on) and that is due (must be done by then), at the END of each
// interval. Both curves are non-decreasing and due <= available.
struct BackOfficeWindow {
  std::string work_type;
  std::vector<double> available_hours;  // can-be-done-from, cumulative agent-hours
  std::vector<double> due_hours;        // must-be-done-by, cumulative agent-hours
};

// One person to roster. Robots are not scheduled.
struct ScheduleAgent {
  std::string id;
  std::string name;
  std::vector<std::string> front_office_groups;     // FrontOfficeGroup ids they may serve
  std::vector<std::string> back_office_work_types;  // BackOfficeWindow work types
  bool home_front_office = true;        // their side in a siloed operation (blending off)
  Contract contract;                    // hours count paid minutes; availability in local time
  std::vector<int> days_off_requested;  // horizon day indexes (soft)
  std::vector<std::string> preferred_templates;  // ShiftTemplate ids (soft)
  double cost_per_hour = 0.0;                    // per paid hour
};

// Penalties that trade cost against service (all in cost units, e.g. GBP).
struct ScheduleWeights {
  double unmet_front_office_per_agent_hour = 200.0;  // one agent missing for one hour
  double late_back_office_per_hour_hour = 20.0;      // one agent-hour of work one hour late
  double day_off_worked = 30.0;                      // a requested day off that is worked
  double non_preferred_shift = 2.0;                  // a shift outside the preferred templates
};

struct ScheduleProblem {
  LocalDays start_date{};  // local date of day 0 (its weekday drives template weekday rules)
  int days = 7;            // horizon length, 7..28
  int interval_minutes = 15;
  std::vector<FrontOfficeGroup> front_office;
  std::vector<BackOfficeWindow> back_office;
  std::vector<ScheduleAgent> agents;
  std::vector<ShiftTemplate> shift_templates;
  bool blending = true;  // false: each agent serves only their home side (siloed)
  ScheduleWeights weights;

  int interval_count() const { return days * (1440 / interval_minutes); }
  int intervals_per_day() const { return 1440 / interval_minutes; }
  // ISO weekday (0 = Monday) of horizon day `day`.
  int weekday_of(int day) const;
};

// Checks the problem and names the entity and the rule broken (InvalidArgument): interval and
// horizon lengths, curve sizes and monotonicity, contracts (min above max), agents with no
// skill, templates whose shifts cannot exist (no start, a length or break off the interval
// grid, a break that fits nowhere in the shift), unknown ids.
Status validate_problem(const ScheduleProblem& problem);

}  // namespace tandem::schedule
