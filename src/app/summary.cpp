// SPDX-License-Identifier: Apache-2.0
#include "app/summary.h"

#include <algorithm>

namespace tandem::app {

bool is_back_office_queue(const Scenario& scenario, const std::string& queue) {
  for (const auto& p : scenario.processes)
    for (const auto* step : p.steps())
      if (step->work_type == queue) return true;
  return false;
}

bool is_blended(const Scenario& s, const Agent& a) {
  if (a.is_robot()) return false;
  bool front = false, back = false;
  for (const auto& sk : a.skills) {
    for (const auto& q : s.queues) {
      if (q.skill != sk.skill) continue;
      const Channel* ch = s.find_channel(q.channel);
      if (ch != nullptr && ch->mode == ChannelMode::kRealTime) front = true;
      if (is_back_office_queue(s, q.id)) back = true;
    }
  }
  return front && back;
}

ScenarioSummary summarise(const Scenario& s) {
  ScenarioSummary out;
  for (const auto& a : s.agents) {
    if (a.is_robot()) {
      ++out.robots;
      continue;
    }
    ++out.people;
    if (is_blended(s, a)) ++out.blended;
  }
  for (const auto& skill : s.skills) {
    SkillHeadcount h{skill.id};
    for (const auto& a : s.agents)
      if (a.proficiency(skill.id)) (a.is_robot() ? h.robots : h.people)++;
    out.by_skill.push_back(std::move(h));
  }
  return out;
}

}  // namespace tandem::app
