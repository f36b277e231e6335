// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: Engine::create in two steps. compile.cpp turns the scenario, policy
// and options into the engine's configuration (the part of EngineState fixed after create:
// dense ids, queues, processes, agents, rules, calendars) and the live state's starting point;
// validate.cpp holds the checks it makes on the way, each appending one problem (a sentence
// naming the entity and the rule broken) to the list create() reports as InvalidArgument.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/state.h"

namespace tandem::engine::detail {

using Problems = std::vector<std::string>;

// ---- compile.cpp ----

// Fills the configuration of `s` (fresh) and sets its clock, interval and first timer; the
// problems found are appended. The state is usable only when no problem was found.
void compile_configuration(const Scenario& scenario, const Policy& policy,
                           const EngineOptions& options, EngineState& s, Problems& problems);

// ---- validate.cpp ----

// The policy's bounds (offer timeout, arrival smoothing, margins).
void validate_policy(const Policy& policy, Problems& problems);
// A queue's skill and channel exist (kNone, with a problem, when not).
Idx checked_skill_of_queue(const EngineState& s, const Queue& q, Problems& problems);
Idx checked_channel_of_queue(const std::map<std::string, Idx>& channel_index, const Queue& q,
                             Problems& problems);
// A process step's work type is a deferrable queue (its index, else kNone with a problem).
Idx checked_step_queue(const EngineState& s, const Process& p, const ProcessStep& step,
                       Problems& problems);
// A step id is non-empty, without '/', and unique within its process (`seen` collects them).
bool check_step_id(const Process& p, const ProcessStep& step, std::set<std::string>& seen,
                   Problems& problems);
// A step's quality-check work type, when set, is a deferrable queue (its index; the step's own
// queue when unset; kNone with a problem when wrong).
Idx checked_quality_check_queue(const EngineState& s, const Process& p, const ProcessStep& step,
                                Idx step_queue, Problems& problems);
// An agent's skill exists (its index, else kNone with a problem).
Idx checked_agent_skill(const EngineState& s, const Agent& a, const SkillLevel& sl,
                        Problems& problems);
// An agent id is defined once.
bool check_agent_unique(const EngineState& s, const Agent& a, Problems& problems);
// The error create() returns for the problems found.
Status scenario_cannot_drive_engine(const Problems& problems);

}  // namespace tandem::engine::detail
