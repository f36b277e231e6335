// SPDX-License-Identifier: Apache-2.0
#include "model/scenario.h"

#include <algorithm>

namespace tandem {

namespace {
template <class T>
const T* find_by_id(const std::vector<T>& items, const std::string& id) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.id == id; });
  return it == items.end() ? nullptr : &*it;
}
}  // namespace

const Site* Scenario::find_site(const std::string& id) const { return find_by_id(sites, id); }
const Team* Scenario::find_team(const std::string& id) const { return find_by_id(teams, id); }
const Skill* Scenario::find_skill(const std::string& id) const { return find_by_id(skills, id); }
const Channel* Scenario::find_channel(const std::string& id) const {
  return find_by_id(channels, id);
}
const Sla* Scenario::find_sla(const std::string& id) const { return find_by_id(slas, id); }
const Queue* Scenario::find_queue(const std::string& id) const { return find_by_id(queues, id); }
const Process* Scenario::find_process(const std::string& id) const {
  return find_by_id(processes, id);
}
const Contract* Scenario::find_contract(const std::string& id) const {
  return find_by_id(contracts, id);
}
const Agent* Scenario::find_agent(const std::string& id) const { return find_by_id(agents, id); }
const Policy* Scenario::find_policy(const std::string& id) const {
  return find_by_id(policies, id);
}

Result<BusinessCalendar> Scenario::calendar_of_site(const std::string& site_id) const {
  const Site* site = find_site(site_id);
  if (site == nullptr) return Status::not_found("unknown site '" + site_id + "'");
  return BusinessCalendar::create(site->time_zone, site->opening_hours, site->holidays);
}

int Scenario::concurrency_for(const Team& team, const Channel& channel) const {
  auto it = team.channel_concurrency.find(channel.id);
  return it == team.channel_concurrency.end() ? channel.concurrency : it->second;
}

std::vector<const ProcessStep*> Process::steps() const {
  std::vector<const ProcessStep*> out;
  for (const auto& stage : stages) {
    for (const auto& branch : stage.branches) {
      for (const auto& step : branch) out.push_back(&step);
    }
  }
  return out;
}

}  // namespace tandem
