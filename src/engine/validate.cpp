// SPDX-License-Identifier: Apache-2.0
// The checks Engine::create makes while it compiles a scenario (internal/compile.h): each names
// the entity and the rule broken.
#include <map>

#include "engine/internal/compile.h"

namespace tandem::engine::detail {

void validate_policy(const Policy& policy, Problems& problems) {
  if (policy.offer_timeout_seconds < 0) problems.push_back("policy.offer_timeout_seconds < 0");
  if (!(policy.arrival_smoothing > 0.0 && policy.arrival_smoothing <= 1.0)) {
    problems.push_back("policy.arrival_smoothing must be in (0, 1]");
  }
  if (!(policy.phone_margin_agents >= 0.0) || !(policy.hysteresis_agents >= 0.0)) {
    problems.push_back("policy.phone_margin_agents and hysteresis_agents must be >= 0");
  }
}

Idx checked_skill_of_queue(const EngineState& s, const Queue& q, Problems& problems) {
  auto sk = s.skill_index.find(q.skill);
  if (sk == s.skill_index.end()) {
    problems.push_back("queue '" + q.id + "': unknown skill '" + q.skill + "'");
    return kNone;
  }
  return sk->second;
}

Idx checked_channel_of_queue(const std::map<std::string, Idx>& channel_index, const Queue& q,
                             Problems& problems) {
  auto ch = channel_index.find(q.channel);
  if (ch == channel_index.end()) {
    problems.push_back("queue '" + q.id + "': unknown channel '" + q.channel + "'");
    return kNone;
  }
  return ch->second;
}

Idx checked_step_queue(const EngineState& s, const Process& p, const ProcessStep& step,
                       Problems& problems) {
  auto q = s.queue_index.find(step.work_type);
  if (q == s.queue_index.end() || s.queues[q->second].real_time) {
    problems.push_back("process '" + p.id + "' step '" + step.id +
                       "': work_type must be a deferrable queue, got '" + step.work_type + "'");
    return kNone;
  }
  return q->second;
}

bool check_step_id(const Process& p, const ProcessStep& step, std::set<std::string>& seen,
                   Problems& problems) {
  if (step.id.empty() || step.id.find('/') != std::string::npos || !seen.insert(step.id).second) {
    problems.push_back("process '" + p.id + "' step '" + step.id +
                       "': step ids must be unique, non-empty and without '/'");
    return false;
  }
  return true;
}

Idx checked_quality_check_queue(const EngineState& s, const Process& p, const ProcessStep& step,
                                Idx step_queue, Problems& problems) {
  if (step.quality_check_work_type.empty()) return step_queue;
  auto qc = s.queue_index.find(step.quality_check_work_type);
  if (qc == s.queue_index.end() || s.queues[qc->second].real_time) {
    problems.push_back("process '" + p.id + "' step '" + step.id +
                       "': unknown quality-check work type '" + step.quality_check_work_type + "'");
    return kNone;
  }
  return qc->second;
}

Idx checked_agent_skill(const EngineState& s, const Agent& a, const SkillLevel& sl,
                        Problems& problems) {
  auto sk = s.skill_index.find(sl.skill);
  if (sk == s.skill_index.end()) {
    problems.push_back("agent '" + a.id + "': unknown skill '" + sl.skill + "'");
    return kNone;
  }
  return sk->second;
}

bool check_agent_unique(const EngineState& s, const Agent& a, Problems& problems) {
  if (s.find_agent(a.id) != kNone) {
    problems.push_back("agent '" + a.id + "' is defined twice");
    return false;
  }
  return true;
}

Status scenario_cannot_drive_engine(const Problems& problems) {
  std::string text = "the scenario cannot drive the engine:";
  for (const auto& p : problems) text += "\n  " + p;
  return Status::invalid_argument(text);
}

}  // namespace tandem::engine::detail
