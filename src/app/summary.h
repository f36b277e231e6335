// SPDX-License-Identifier: Apache-2.0
// Summarise a scenario: its head counts, who is blended, agents per skill (`tandem validate`,
// the demo's first stage, later the API's scenario view).
#pragma once

#include <string>
#include <vector>

#include "model/scenario.h"

namespace tandem::app {

// The work types of the back office: the queues of process steps (the engine's departments,
// what "siloed" means, start from the same queues).
bool is_back_office_queue(const Scenario& scenario, const std::string& queue);

// Blended: a person (not a robot) who holds the skill of a real-time queue and the skill of a
// back-office queue, so blending control may move them between the phones and process work.
// The one definition: the summary counts it, clients show it.
bool is_blended(const Scenario& scenario, const Agent& agent);

struct SkillHeadcount {
  std::string skill;
  int people = 0;
  int robots = 0;
};

struct ScenarioSummary {
  int people = 0;
  int robots = 0;
  int blended = 0;                       // people, is_blended
  std::vector<SkillHeadcount> by_skill;  // in the scenario's skill order
};

ScenarioSummary summarise(const Scenario& scenario);

}  // namespace tandem::app
