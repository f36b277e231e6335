// SPDX-License-Identifier: Apache-2.0
#include "app/simulate_what_if.h"

#include <fmt/format.h>

#include <cmath>
#include <map>
#include <set>

#include "sim/staff_search.h"

namespace tandem::app {

Status scale_volumes(const Scenario& scenario,
                     const std::vector<std::pair<std::string, double>>& scales,
                     std::vector<IntervalVolume>& rows) {
  std::map<std::string, double> factor;
  for (const auto& [name, value] : scales) {
    if (name != "all" && scenario.find_queue(name) == nullptr)
      return Status::invalid_argument(fmt::format(
          "--volume-scale {}={:g}: unknown queue '{}' (give a queue or work type id of the "
          "scenario, or all)",
          name, value, name));
    if (!(value >= 0 && value <= 100))
      return Status::invalid_argument(
          fmt::format("--volume-scale {}={:g}: the factor must be in [0, 100]", name, value));
    if (!factor.emplace(name, value).second)
      return Status::invalid_argument(
          fmt::format("--volume-scale: {} is given twice (one factor a queue)", name));
  }
  if (factor.empty()) return Status::ok();
  const auto all = factor.find("all");
  for (IntervalVolume& row : rows) {
    auto it = factor.find(row.queue);
    if (it != factor.end())
      row.volume *= it->second;
    else if (all != factor.end())
      row.volume *= all->second;
  }
  return Status::ok();
}

Result<Scenario> change_staff(const Scenario& scenario,
                              const std::vector<std::pair<std::string, int>>& changes) {
  if (changes.empty()) return scenario;
  std::map<std::string, int> today;
  for (const sim::AgentGroupStaff& g : sim::agent_groups(scenario)) today[g.group] = g.today;
  sim::Staffing staffing;
  for (const auto& [group, delta] : changes) {
    auto it = today.find(group);
    if (it == today.end())
      return Status::invalid_argument(fmt::format(
          "--staff {}={:+d}: unknown agent group '{}' (give a group of people of the scenario)",
          group, delta, group));
    if (staffing.count(group))
      return Status::invalid_argument(
          fmt::format("--staff: {} is given twice (one change a group)", group));
    if (it->second + delta < 0)
      return Status::invalid_argument(
          fmt::format("--staff {}={:+d}: the group has {} people; a change cannot leave fewer "
                      "than 0",
                      group, delta, it->second));
    staffing[group] = it->second + delta;
  }
  return sim::scenario_with_staff(scenario, staffing);
}

}  // namespace tandem::app
