// SPDX-License-Identifier: Apache-2.0
// A published schedule as the simulator's roster: each scheduled agent logs in at the start of
// each of their shifts, takes the shift's breaks and lunches, and logs out at its end, instead
// of working the simple staffing table (sim/scenario_model.h).
//
// The schedule is the one `tandem schedule SCENARIO --json` writes (read by
// io/schedule_json.h); times are local wall-clock times of the agent's site, as minutes from
// the local midnight of the shift's date (a shift past midnight has minutes >= 1440).
// Activities other than breaks (phones, back office) are working time: the engine decides
// what a logged-in agent does. Robots not named by the schedule are logged in around the
// clock (as in the staffing table); other agents not named never log in.
// Pure: no I/O.
#pragma once

#include <string>
#include <vector>

#include "model/scenario.h"
#include "model/status.h"
#include "model/time.h"
#include "sim/model.h"

namespace tandem::sim {

struct ScheduledBreak {
  int start_minute = 0;  // from the local midnight of the shift's date
  int end_minute = 0;
  bool lunch = false;
  friend bool operator==(const ScheduledBreak&, const ScheduledBreak&) = default;
};

struct ScheduledShift {
  LocalDays date{};
  int start_minute = 0;  // from the local midnight of `date`
  int end_minute = 0;    // > start_minute (>= 1440 past midnight)
  std::vector<ScheduledBreak> breaks;
  friend bool operator==(const ScheduledShift&, const ScheduledShift&) = default;
};

struct AgentSchedule {
  std::string agent;  // Agent id of the scenario
  std::vector<ScheduledShift> shifts;
  friend bool operator==(const AgentSchedule&, const AgentSchedule&) = default;
};

struct PublishedSchedule {
  LocalDays first_day{};  // the schedule covers [first_day, first_day + days)
  int days = 0;
  std::vector<AgentSchedule> agents;
  friend bool operator==(const PublishedSchedule&, const PublishedSchedule&) = default;
};

// The roster of `days` simulated days from `first_day` (start = the model's start instant).
// InvalidArgument: an agent the scenario lacks, a simulated day outside the schedule, a shift
// that ends before it starts or a break outside its shift (the message names the agent and
// the date).
Result<std::vector<AgentPlan>> roster_from_schedule(const Scenario& scenario,
                                                    const PublishedSchedule& schedule,
                                                    LocalDays first_day, int days, Instant start);

// Staff to target from a published schedule (sim/staff_search.h): the search starts from the
// people the schedule names. `scheduled_people_only` keeps the scenario's robots and the humans
// the schedule names (the others never log in), so today's head count per agent group is the
// scheduled one. `schedule_for_staff` adapts the schedule to a staffing of the search: people
// the staffing removed are dropped; people it added (agents of `staffed` the schedule does not
// name, e.g. clones "<group>-<number>") work the shifts of their agent group's scheduled people
// in turn (the k-th added person of a group those of its k-th scheduled person, cyclically).
// A person added to a group nobody of which is scheduled never logs in.
Scenario scheduled_people_only(const Scenario& scenario, const PublishedSchedule& schedule);
PublishedSchedule schedule_for_staff(const PublishedSchedule& schedule, const Scenario& staffed);

}  // namespace tandem::sim
