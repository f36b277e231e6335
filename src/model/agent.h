// SPDX-License-Identifier: Apache-2.0
// People and robots (RPA) and the contracts people work under.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "model/calendar.h"

namespace tandem {

enum class AgentKind { kHuman, kRobot };

struct SkillLevel {
  std::string skill;         // Skill id
  double proficiency = 1.0;  // handle-time factor: 1.0 standard, 1.3 = 30% slower
};

struct Contract {
  std::string id;
  std::string name;
  double min_hours_per_week = 0.0;
  double max_hours_per_week = 40.0;
  int max_days_per_week = 5;
  int max_consecutive_days = 6;
  double min_rest_hours = 11.0;  // between the end of one shift and the start of the next
  // When the agent may work, per weekday (local time of the team's site). Unset = any time.
  std::optional<WeeklyHours> availability;
};

// Preferences the rostering tries to honour (soft).
struct AgentPreferences {
  std::vector<std::string> preferred_shifts;  // ShiftTemplate ids
  std::vector<LocalDays> days_off_requested;
};

struct Agent {
  std::string id;
  std::string name;
  AgentKind kind = AgentKind::kHuman;
  std::string team;  // Team id
  std::vector<SkillLevel> skills;
  std::string contract;  // Contract id (humans)
  double cost_per_hour = 0.0;
  AgentPreferences preferences;
  // Robots: items handled at once, and the share of steps that fail into a human exception.
  int concurrency = 1;
  double failure_rate = 0.0;

  bool is_robot() const { return kind == AgentKind::kRobot; }
  // Proficiency for a skill, or nullopt if the agent does not hold it.
  std::optional<double> proficiency(const std::string& skill) const;
};

const char* to_string(AgentKind kind);

}  // namespace tandem
