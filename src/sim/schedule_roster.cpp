// SPDX-License-Identifier: Apache-2.0
#include "sim/schedule_roster.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "sim/scenario_model.h"

namespace tandem::sim {

Result<std::vector<AgentPlan>> roster_from_schedule(const Scenario& s,
                                                    const PublishedSchedule& schedule,
                                                    LocalDays first_day, int days, Instant start) {
  using std::chrono::minutes;
  if (days < 1) return Status::invalid_argument("schedule roster: days must be >= 1");
  const LocalDays end_day = first_day + std::chrono::days(days);
  const LocalDays schedule_end = schedule.first_day + std::chrono::days(schedule.days);
  if (first_day < schedule.first_day || end_day > schedule_end) {
    return Status::invalid_argument(fmt::format(
        "schedule: it covers {} to {} ({} day(s)); the simulation needs {} to {}",
        format_local_date(schedule.first_day),
        format_local_date(schedule_end - std::chrono::days(1)), schedule.days,
        format_local_date(first_day), format_local_date(end_day - std::chrono::days(1))));
  }
  const double horizon = days * 86400.0;
  std::map<std::string, BusinessCalendar> calendars;
  std::set<std::string> named;
  std::vector<AgentPlan> plans;
  for (const AgentSchedule& as : schedule.agents) {
    const Agent* agent = s.find_agent(as.agent);
    if (agent == nullptr) {
      return Status::invalid_argument("schedule: unknown agent '" + as.agent +
                                      "' (the scenario has no agent of that id)");
    }
    if (!named.insert(as.agent).second) {
      return Status::invalid_argument("schedule: agent '" + as.agent + "' is listed twice");
    }
    const Team* team = s.find_team(agent->team);
    const std::string site = team != nullptr ? team->site : "";
    auto cal_it = calendars.find(site);
    if (cal_it == calendars.end()) {
      auto cal = s.calendar_of_site(site);
      if (!cal.is_ok()) return cal.status();
      cal_it = calendars.emplace(site, std::move(cal).value()).first;
    }
    const BusinessCalendar& cal = cal_it->second;
    auto at = [&](LocalDays date, int minute) {
      return static_cast<double>(
          (cal.to_instant(LocalSeconds(date) + minutes(minute)) - start).count());
    };
    AgentPlan plan{as.agent, {}};
    for (const ScheduledShift& sh : as.shifts) {
      const std::string where =
          fmt::format("schedule: agent '{}' on {}", as.agent, format_local_date(sh.date));
      if (sh.end_minute <= sh.start_minute || sh.start_minute < 0) {
        return Status::invalid_argument(where + ": the shift ends before it starts");
      }
      Shift shift;
      shift.login = at(sh.date, sh.start_minute);
      shift.logout = at(sh.date, sh.end_minute);
      for (const ScheduledBreak& b : sh.breaks) {
        if (b.start_minute < sh.start_minute || b.end_minute > sh.end_minute ||
            b.end_minute <= b.start_minute) {
          return Status::invalid_argument(where + ": a break lies outside its shift");
        }
        shift.breaks.push_back({at(sh.date, b.start_minute), at(sh.date, b.end_minute), b.lunch});
      }
      std::sort(shift.breaks.begin(), shift.breaks.end(),
                [](const Break& x, const Break& y) { return x.start < y.start; });
      // Only the simulated days: shifts starting before or at/after the horizon are left out.
      if (shift.login < 0 || shift.login >= horizon) continue;
      plan.shifts.push_back(std::move(shift));
    }
    std::sort(plan.shifts.begin(), plan.shifts.end(),
              [](const Shift& x, const Shift& y) { return x.login < y.login; });
    for (std::size_t k = 1; k < plan.shifts.size(); ++k) {
      if (plan.shifts[k].login < plan.shifts[k - 1].logout) {
        return Status::invalid_argument(
            fmt::format("schedule: agent '{}' has overlapping shifts", as.agent));
      }
    }
    plans.push_back(std::move(plan));
  }
  for (const Agent& a : s.agents) {
    if (a.is_robot() && !named.count(a.id)) plans.push_back({a.id, {Shift{0.0, horizon, {}}}});
  }
  return plans;
}

Scenario scheduled_people_only(const Scenario& scenario, const PublishedSchedule& schedule) {
  std::set<std::string> named;
  for (const AgentSchedule& as : schedule.agents) named.insert(as.agent);
  Scenario out = scenario;
  std::erase_if(out.agents, [&](const Agent& a) { return !a.is_robot() && !named.count(a.id); });
  return out;
}

PublishedSchedule schedule_for_staff(const PublishedSchedule& schedule, const Scenario& staffed) {
  PublishedSchedule out;
  out.first_day = schedule.first_day;
  out.days = schedule.days;
  std::map<std::string, std::vector<const AgentSchedule*>> by_group;  // scheduled people
  std::set<std::string> named;
  for (const AgentSchedule& as : schedule.agents) {
    named.insert(as.agent);
    by_group[agent_group_of(as.agent)].push_back(&as);
    if (staffed.find_agent(as.agent) != nullptr) out.agents.push_back(as);
  }
  std::map<std::string, std::size_t> added;
  for (const Agent& a : staffed.agents) {
    if (a.is_robot() || named.count(a.id)) continue;
    const auto group = by_group.find(agent_group_of(a.id));
    if (group == by_group.end()) continue;
    const std::size_t k = added[group->first]++;
    AgentSchedule copy = *group->second[k % group->second.size()];
    copy.agent = a.id;
    out.agents.push_back(std::move(copy));
  }
  return out;
}

}  // namespace tandem::sim
