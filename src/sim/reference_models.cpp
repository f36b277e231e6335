// SPDX-License-Identifier: Apache-2.0
#include "sim/reference_models.h"

#include <limits>

namespace tandem::sim {

Scenario mmc_scenario(const MmcParameters& p) {
  Scenario s;
  s.name = "M/M/c reference";
  Site site;
  site.id = "site";
  site.name = "Reference site";
  site.time_zone = "Etc/UTC";
  site.opening_hours = WeeklyHours::always_open();
  s.sites.push_back(site);
  s.teams.push_back(Team{"team", "Team", "site", {}});
  s.skills.push_back(Skill{"voice", "Voice"});
  s.channels.push_back(Channel{"voice", "Voice", ChannelMode::kRealTime, 1, false});
  Sla sla;
  sla.id = "sla";
  sla.name = "Service level";
  sla.answered_percent = 80;
  sla.answer_within_seconds = p.target_seconds;
  s.slas.push_back(sla);
  Queue q;
  q.id = "voice";
  q.name = "Voice";
  q.channel = "voice";
  q.skill = "voice";
  q.sla = "sla";
  q.site = "site";
  q.handle_time = Distribution::exponential(60.0 / p.service_rate_per_minute);
  q.patience_mean_seconds = p.patience_mean_seconds;
  s.queues.push_back(q);
  for (int i = 1; i <= p.agents; ++i) {
    Agent a;
    a.id = "a" + std::to_string(i);
    a.name = a.id;
    a.team = "team";
    a.skills.push_back({"voice", 1.0});
    a.cost_per_hour = 20.0;
    s.agents.push_back(a);
  }
  Policy policy;
  policy.id = "fifo";
  policy.name = "Assign without offers";
  policy.blending = false;
  policy.offer_timeout_seconds = 0;
  policy.not_ready_on_reject = false;
  s.policies.push_back(policy);
  return s;
}

SimModel mmc_model(const Scenario& scenario, const MmcParameters& p) {
  SimModel m;
  m.scenario = &scenario;
  m.policy = scenario.policies.front();
  m.start = Instant{std::chrono::sys_days{std::chrono::year{2026} / 1 / 5}};
  m.horizon = p.hours * 3600.0;
  m.drain = true;
  m.interval_seconds = 3600.0;
  m.period_seconds = m.horizon;
  ContactSource source;
  source.queue = "voice";
  source.arrivals.interval_seconds = m.horizon;
  source.arrivals.rate_per_second = {p.arrivals_per_minute / 60.0};
  m.contacts.push_back(source);
  for (const Agent& a : scenario.agents) {
    m.agents.push_back({a.id, {Shift{0.0, std::numeric_limits<double>::infinity(), {}}}});
  }
  m.robot_failures = false;
  return m;
}

}  // namespace tandem::sim
