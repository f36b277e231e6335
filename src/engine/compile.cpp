// SPDX-License-Identifier: Apache-2.0
// Engine::create's compilation (internal/compile.h): the scenario, policy and options become
// the engine's configuration, once, in dependency order: skills and channels, site calendars,
// queues, decision rules (and the exception queues "route skill" rules need), processes, then
// agents (their departments, queues and capacity costs), then the blending lists.
#include <algorithm>
#include <map>
#include <set>

#include "engine/internal/compile.h"

namespace tandem::engine::detail {

namespace {

class Compiler {
 public:
  Compiler(const Scenario& scenario, const Policy& policy, EngineState& s, Problems& problems)
      : scenario_(scenario), policy_(policy), s_(s), problems_(problems) {}

  void skills_and_channels();
  void calendars();
  void queues();
  void rules();
  void processes();
  void agents();
  void blending_lists();
  void start_live_state();

 private:
  std::optional<Deadline> deadline_of(const std::string& sla_id) const;
  void mark_back_office_queues();
  bool back_office_team(const Agent& a, const std::map<std::string, const Team*>& teams,
                        std::map<std::string, std::pair<int, int>>& team_votes) const;

  const Scenario& scenario_;
  const Policy& policy_;
  EngineState& s_;
  Problems& problems_;
  std::map<std::string, Idx> channel_index_;
  std::map<std::string, Idx> calendar_of_site_;
  std::vector<std::vector<Idx>> queues_of_skill_;
};

std::optional<Deadline> Compiler::deadline_of(const std::string& sla_id) const {
  const Sla* sla = scenario_.find_sla(sla_id);
  if (!sla || sla->kind == SlaKind::kFrontOffice || sla->deadline.amount <= 0) return std::nullopt;
  return sla->deadline;
}

void Compiler::skills_and_channels() {
  for (const Skill& skill : scenario_.skills) {
    s_.skill_index.emplace(skill.id, static_cast<Idx>(s_.skill_ids.size()));
    s_.skill_ids.push_back(skill.id);
  }
  for (const Channel& c : scenario_.channels) {
    channel_index_.emplace(c.id, static_cast<Idx>(s_.channel_ids.size()));
    s_.channel_ids.push_back(c.id);
    s_.channel_real_time.push_back(c.mode == ChannelMode::kRealTime);
    s_.channel_pausable.push_back(c.pausable);
  }
}

void Compiler::calendars() {
  for (const Site& site : scenario_.sites) {
    auto cal = scenario_.calendar_of_site(site.id);
    if (!cal.is_ok()) {
      problems_.push_back("site '" + site.id + "': " + cal.status().message());
      continue;
    }
    calendar_of_site_.emplace(site.id, static_cast<Idx>(s_.calendars.size()));
    s_.calendars.push_back(std::move(cal).value());
  }
  if (!s_.calendars.empty()) s_.default_calendar = 0;
}

void Compiler::queues() {
  for (const Queue& q : scenario_.queues) {
    QueueInfo info;
    info.id = q.id;
    const Idx skill = checked_skill_of_queue(s_, q, problems_);
    if (skill == kNone) continue;
    const Idx channel = checked_channel_of_queue(channel_index_, q, problems_);
    if (channel == kNone) continue;
    info.skill = skill;
    info.channel = channel;
    info.real_time = s_.channel_real_time[channel];
    info.pausable = s_.channel_pausable[channel];
    info.priority = q.priority;
    info.aht_seconds = q.handle_time.mean() > 0 ? q.handle_time.mean() : 300.0;
    info.acw_seconds = std::max(0.0, q.after_contact_seconds);
    if (const Sla* sla = scenario_.find_sla(q.sla); sla && sla->kind == SlaKind::kFrontOffice) {
      info.sl_target = std::clamp(sla->answered_percent / 100.0, 0.01, 1.0);
      info.sl_seconds = std::max(0.0, sla->answer_within_seconds);
      staffing::StaffingTargets& t = info.staffing_targets;
      t.service_level = std::clamp(info.sl_target, 0.01, 0.999);
      t.target_seconds = info.sl_seconds;
      if (sla->max_asa_seconds && *sla->max_asa_seconds > 0) {
        t.max_asa_seconds = sla->max_asa_seconds;
      }
      if (sla->max_abandon_percent && q.patience_mean_seconds && *q.patience_mean_seconds > 0) {
        t.max_abandon = std::clamp(*sla->max_abandon_percent / 100.0, 1e-6, 1.0);
      }
    }
    if (q.patience_mean_seconds && *q.patience_mean_seconds > 0) {
      info.patience_seconds = q.patience_mean_seconds;
    }
    if (const Channel* c = scenario_.find_channel(q.channel)) {
      info.concurrency = std::max(1, c->concurrency);
    }
    info.deadline = deadline_of(q.sla);
    auto site = calendar_of_site_.find(q.site);
    info.calendar = site != calendar_of_site_.end() ? site->second : s_.default_calendar;
    s_.queue_index.emplace(q.id, static_cast<Idx>(s_.queues.size()));
    if (info.real_time) s_.rt_queue_list.push_back(static_cast<Idx>(s_.queues.size()));
    s_.queues.push_back(std::move(info));
  }
}

// Rules before processes: "route skill" rules may need exception queues for skills without one.
void Compiler::rules() {
  auto diagnostics = parse_rules(scenario_.rules, scenario_, s_.rules);
  for (const auto& d : diagnostics) problems_.push_back(to_string(d));
  for (const Rule& rule : s_.rules) {
    if (rule.action.kind != RuleActionKind::kRouteSkill) continue;
    const Idx skill = s_.skill_index.at(rule.action.target);
    if (s_.exception_queue_of_skill.count(skill)) continue;
    Idx found = kNone;
    Idx office_channel = kNone;
    for (Idx q = 0; q < s_.queues.size(); ++q) {
      if (s_.queues[q].real_time) continue;
      if (office_channel == kNone) office_channel = s_.queues[q].channel;
      if (s_.queues[q].skill == skill && found == kNone) found = q;
    }
    if (found == kNone) {
      if (office_channel == kNone) {
        problems_.push_back("rule '" + rule.id + "': no deferrable channel for exceptions");
        continue;
      }
      QueueInfo info;
      info.id = "exceptions:" + rule.action.target;
      info.skill = skill;
      info.channel = office_channel;
      info.pausable = s_.channel_pausable[office_channel];
      info.synthetic = true;
      info.calendar = s_.default_calendar;
      found = static_cast<Idx>(s_.queues.size());
      s_.queue_index.emplace(info.id, found);
      s_.queues.push_back(std::move(info));
    }
    s_.exception_queue_of_skill.emplace(skill, found);
  }
}

void Compiler::processes() {
  std::set<Idx> robot_skills;
  for (const Agent& a : scenario_.agents) {
    if (!a.is_robot()) continue;
    for (const SkillLevel& sl : a.skills) {
      auto sk = s_.skill_index.find(sl.skill);
      if (sk != s_.skill_index.end()) robot_skills.insert(sk->second);
    }
  }
  for (const Process& p : scenario_.processes) {
    ProcessInfo info;
    info.id = p.id;
    info.deadline = deadline_of(p.sla);
    std::set<std::string> step_ids;
    bool ok = true;
    for (std::size_t st = 0; st < p.stages.size() && ok; ++st) {
      std::vector<std::uint16_t> firsts;
      for (std::size_t b = 0; b < p.stages[st].branches.size() && ok; ++b) {
        const auto& branch = p.stages[st].branches[b];
        if (branch.empty()) continue;
        firsts.push_back(static_cast<std::uint16_t>(info.steps.size()));
        for (std::size_t k = 0; k < branch.size(); ++k) {
          const ProcessStep& step = branch[k];
          const Idx queue = checked_step_queue(s_, p, step, problems_);
          if (queue == kNone || !check_step_id(p, step, step_ids, problems_)) {
            ok = false;
            break;
          }
          StepInfo si;
          si.id = step.id;
          si.queue = queue;
          si.mean_seconds =
              step.handle_time.mean() > 0 ? step.handle_time.mean() : s_.queues[queue].aht_seconds;
          si.robot_only = step.robot_eligible && robot_skills.count(s_.queues[queue].skill);
          si.qc_rate = std::clamp(step.quality_check_rate, 0.0, 1.0);
          for (const WaitState& w : step.waits) {
            si.pending_seconds += w.probability * w.duration.mean();
          }
          si.qc_queue = checked_quality_check_queue(s_, p, step, queue, problems_);
          if (si.qc_queue == kNone) {
            ok = false;
            break;
          }
          si.stage = static_cast<std::uint16_t>(st);
          si.branch = static_cast<std::uint16_t>(b);
          si.next = k + 1 < branch.size() ? static_cast<std::uint16_t>(info.steps.size() + 1)
                                          : kSingleStep;
          info.steps.push_back(std::move(si));
        }
      }
      if (!firsts.empty()) info.stage_first_steps.push_back(std::move(firsts));
    }
    if (!ok) continue;
    if (info.stage_first_steps.empty()) {
      problems_.push_back("process '" + p.id + "' has no steps");
      continue;
    }
    // Re-number stages densely (empty stages skipped) and compute the remaining work.
    const std::size_t stages = info.stage_first_steps.size();
    std::vector<double> stage_work(stages, 0.0);
    for (std::size_t st = 0; st < stages; ++st) {
      for (std::uint16_t first : info.stage_first_steps[st]) {
        double total = 0.0;
        std::vector<std::uint16_t> chain;
        for (std::uint16_t k = first; k != kSingleStep; k = info.steps[k].next) {
          chain.push_back(k);
          info.steps[k].stage = static_cast<std::uint16_t>(st);
        }
        for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
          total += info.steps[*it].mean_seconds;
          info.steps[*it].branch_rest_seconds = total;
        }
        stage_work[st] = std::max(stage_work[st], total);
      }
    }
    info.work_after_stage.assign(stages, 0.0);
    for (std::size_t st = stages; st-- > 1;) {
      info.work_after_stage[st - 1] = info.work_after_stage[st] + stage_work[st];
    }
    const Idx first_queue = info.steps[info.stage_first_steps[0][0]].queue;
    info.calendar = s_.queues[first_queue].calendar;
    s_.process_index.emplace(p.id, static_cast<Idx>(s_.processes.size()));
    s_.processes.push_back(std::move(info));
  }
}

// Departments (what "siloed" means when blending is off): back-office queues are the work types
// of process steps and quality checks and the exception queues.
void Compiler::mark_back_office_queues() {
  for (QueueInfo& q : s_.queues) q.back_office = q.synthetic;
  for (const ProcessInfo& p : s_.processes) {
    for (const StepInfo& step : p.steps) {
      s_.queues[step.queue].back_office = true;
      s_.queues[step.qc_queue].back_office = true;
    }
  }
}

// A team's office is Team::office, else back office when most of its people hold a back-office
// skill; robots are back office.
bool Compiler::back_office_team(const Agent& a, const std::map<std::string, const Team*>& teams,
                                std::map<std::string, std::pair<int, int>>& team_votes) const {
  if (a.is_robot()) return true;
  if (auto t = teams.find(a.team); t != teams.end() && t->second->office != Office::kUnset) {
    return t->second->office == Office::kBackOffice;
  }
  const auto& votes = team_votes[a.team];
  return 2 * votes.first > votes.second;
}

void Compiler::agents() {
  std::map<std::string, const Team*> teams;
  for (const Team& t : scenario_.teams) teams.emplace(t.id, &t);
  queues_of_skill_.assign(s_.skill_ids.size(), {});
  for (Idx q = 0; q < s_.queues.size(); ++q) queues_of_skill_[s_.queues[q].skill].push_back(q);
  mark_back_office_queues();
  auto holds_back_office_skill = [&](const Agent& a) {
    for (const SkillLevel& sl : a.skills) {
      auto sk = s_.skill_index.find(sl.skill);
      if (sk == s_.skill_index.end()) continue;
      for (Idx q : queues_of_skill_[sk->second]) {
        if (s_.queues[q].back_office) return true;
      }
    }
    return false;
  };
  std::map<std::string, std::pair<int, int>> team_votes;  // team -> (back-office people, people)
  for (const Agent& a : scenario_.agents) {
    if (a.is_robot()) continue;
    auto& votes = team_votes[a.team];
    votes.first += holds_back_office_skill(a) ? 1 : 0;
    ++votes.second;
  }

  for (const Agent& a : scenario_.agents) {
    AgentRec rec;
    rec.id = a.id;
    rec.robot = a.is_robot();
    rec.failure_rate = std::clamp(a.failure_rate, 0.0, 1.0);
    bool ok = true;
    for (const SkillLevel& sl : a.skills) {
      const Idx skill = checked_agent_skill(s_, a, sl, problems_);
      if (skill == kNone) {
        ok = false;
        break;
      }
      rec.skills.emplace_back(skill, static_cast<float>(sl.proficiency > 0 ? sl.proficiency : 1.0));
    }
    if (!ok) continue;
    std::sort(rec.skills.begin(), rec.skills.end());
    rec.skills.erase(std::unique(rec.skills.begin(), rec.skills.end(),
                                 [](const auto& x, const auto& y) { return x.first == y.first; }),
                     rec.skills.end());
    for (const auto& [skill, prof] : rec.skills) {
      for (Idx q : queues_of_skill_[skill]) {
        if (s_.queues[q].real_time) {
          if (!rec.robot) rec.rt_queues.push_back(q);
        } else {
          rec.office_queues.push_back(q);
        }
      }
    }
    std::sort(rec.rt_queues.begin(), rec.rt_queues.end());
    std::sort(rec.office_queues.begin(), rec.office_queues.end());
    rec.back_office_team = back_office_team(a, teams, team_votes);
    if (!policy_.blending && !rec.robot) {
      // Siloed: the front office works its contact queues (real-time and deferrable), the back
      // office its process work; neither takes the other's.
      if (rec.back_office_team) rec.rt_queues.clear();
      std::erase_if(rec.office_queues,
                    [&](Idx q) { return s_.queues[q].back_office != rec.back_office_team; });
    }
    const Team* team = nullptr;
    if (auto t = teams.find(a.team); t != teams.end()) team = t->second;
    for (const Channel& c : scenario_.channels) {
      int conc =
          rec.robot ? a.concurrency : (team ? scenario_.concurrency_for(*team, c) : c.concurrency);
      conc = std::max(1, conc);
      rec.cost.push_back(kCapacityUnits / conc);
    }
    rec.blended_capable = !rec.robot && !rec.rt_queues.empty() && !rec.office_queues.empty();
    rec.phone_share =
        kPhoneShare / std::max<std::int64_t>(1, static_cast<std::int64_t>(rec.rt_queues.size()));
    if (!check_agent_unique(s_, a, problems_)) continue;
    s_.agents.push_back(std::move(rec));
    s_.agent_index.insert(a.id, static_cast<Idx>(s_.agents.size() - 1));
  }
}

// Per real-time queue, the deferrable queues some blended agent holds with it (release picks
// from them), and the agent pools per skill.
void Compiler::blending_lists() {
  s_.pools_phones.resize(s_.skill_ids.size());
  s_.pools_office.resize(s_.skill_ids.size());
  s_.pools_robot.resize(s_.skill_ids.size());
  if (!policy_.blending) return;
  for (const AgentRec& a : s_.agents) {
    if (!a.blended_capable) continue;
    for (Idx q : a.rt_queues) {
      auto& list = s_.queues[q].blend_office_queues;
      list.insert(list.end(), a.office_queues.begin(), a.office_queues.end());
    }
  }
  for (Idx q : s_.rt_queue_list) {
    auto& list = s_.queues[q].blend_office_queues;
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
    s_.queues[q].phone_blended_by_office.resize(list.size());
  }
}

void Compiler::start_live_state() {
  s_.logged_in_with_skill.assign(s_.skill_ids.size(), 0);
  s_.now = to_time(s_.options.start);
  s_.history_origin = s_.now;
  s_.interval_seconds = std::max(1, scenario_.interval.minutes) * 60;
  s_.interval_start =
      s_.now - (((s_.now % s_.interval_seconds) + s_.interval_seconds) % s_.interval_seconds);
  if (!s_.rt_queue_list.empty()) {
    s_.add_timer(s_.interval_start + s_.interval_seconds, TimerKind::kIntervalBoundary,
                 WorkKind::kContact, kNone, 0);
  }
}

}  // namespace

void compile_configuration(const Scenario& scenario, const Policy& policy,
                           const EngineOptions& options, EngineState& s, Problems& problems) {
  s.policy = policy;
  s.options = options;
  validate_policy(policy, problems);
  if (options.chunk_lookahead < 1) s.options.chunk_lookahead = 1;
  Compiler compiler(scenario, policy, s, problems);
  compiler.skills_and_channels();
  compiler.calendars();
  compiler.queues();
  compiler.rules();
  compiler.processes();
  compiler.agents();
  if (!problems.empty()) return;
  compiler.blending_lists();
  compiler.start_live_state();
  s.config_hash = s.compute_config_hash(scenario);
}

}  // namespace tandem::engine::detail
