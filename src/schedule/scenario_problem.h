// SPDX-License-Identifier: Apache-2.0
// From a scenario and its expected demand to a ScheduleProblem:
//  * front office: every real-time queue (voice, chat) is a skill group; its requirement per
//    interval is the staffing module's inverse Erlang C/A answer for the queue's SLA
//    (staffing::required_agents with the channel's concurrency and the queue's patience);
//  * back office: every deferrable queue (email, back-office work types) is a window: the
//    hours of work arriving (volume x mean handle time) may be done from their arrival and are
//    due by the queue's SLA deadline (hours, business hours or business days of its site);
//  * agents: the scenario's people (robots are not scheduled) with the groups and work types
//    whose skills they hold; their home side (for a siloed comparison) is the front office
//    when their team's site hosts a real-time queue;
//  * shift templates, contracts, availability and preferences as written in the scenario.
// Pure (no I/O): the demand comes in from a forecast (or any other source).
#pragma once

#include <string>
#include <vector>

#include "model/scenario.h"
#include "model/status.h"
#include "schedule/problem.h"

namespace tandem::schedule {

// Expected arrivals of one queue per interval of the horizon (closed intervals: 0).
struct QueueDemand {
  std::string queue;
  std::vector<double> volume;       // contacts or work items per interval
  std::vector<double> aht_seconds;  // mean handle time per interval; <= 0: the queue's own
};

struct ScenarioDemand {
  LocalDays start_date{};  // local date of the first horizon day
  int days = 7;
  std::vector<QueueDemand> queues;  // queues absent here have no demand
};

// InvalidArgument naming the queue and interval when a target cannot be met by any staffing,
// or when the demand's vectors do not match the horizon.
Result<ScheduleProblem> problem_from_scenario(const Scenario& scenario,
                                              const ScenarioDemand& demand, bool blending);

}  // namespace tandem::schedule
