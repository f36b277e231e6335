// SPDX-License-Identifier: Apache-2.0
#include "sim/staff_search.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

#include "sim/scenario_model.h"

namespace tandem::sim {

namespace {

// One simulated staffing.
struct Evaluation {
  Staffing staffing;
  std::shared_ptr<const Scenario> staffed;
  RunResult run;
  std::vector<SlaCheck> checks;
  bool met = false;
  double cost = 0.0;  // mean cost of the run
};

// The skills whose holders serve an SLA check's scope (a queue, a process or a work type).
std::set<std::string> skills_serving(const Scenario& s, const std::string& scope) {
  std::set<std::string> out;
  auto add_queue = [&](const std::string& id) {
    if (const Queue* q = s.find_queue(id); q != nullptr && !q->skill.empty()) out.insert(q->skill);
  };
  add_queue(scope);
  for (const Process& p : s.processes) {
    if (p.id != scope) continue;
    for (const ProcessStep* step : p.steps()) {
      add_queue(step->work_type);
      if (!step->quality_check_work_type.empty()) add_queue(step->quality_check_work_type);
    }
  }
  return out;
}

bool holds_any(const AgentGroupStaff& g, const std::set<std::string>& skills) {
  return std::any_of(g.skills.begin(), g.skills.end(),
                     [&](const std::string& k) { return skills.count(k) > 0; });
}

bool share_a_skill(const AgentGroupStaff& a, const AgentGroupStaff& b) {
  return std::any_of(a.skills.begin(), a.skills.end(), [&](const std::string& k) {
    return std::find(b.skills.begin(), b.skills.end(), k) != b.skills.end();
  });
}

int number_of(const std::string& id) {
  const auto dash = id.rfind('-');
  if (dash == std::string::npos || dash + 1 == id.size()) return 0;
  return std::atoi(id.c_str() + dash + 1);
}

std::string describe(const SlaCheck& c) { return c.scope + " " + c.kpi; }

class Search {
 public:
  Search(const Scenario& s, const ModelOfStaff& model, const RouterFactory& router,
         const StaffSearchOptions& o)
      : scenario_(s), model_(model), router_(router), options_(o), groups_(agent_groups(s)) {
    for (const AgentGroupStaff& g : groups_) {
      bound_[g.group] =
          static_cast<int>(std::ceil(options_.max_factor * std::max(g.today, 1) - 1e-9));
    }
    by_cost_ = groups_;
    std::stable_sort(by_cost_.begin(), by_cost_.end(),
                     [](const AgentGroupStaff& a, const AgentGroupStaff& b) {
                       return a.cost_per_hour > b.cost_per_hour;
                     });
  }

  Result<StaffSearchResult> run() {
    Staffing start;
    for (const AgentGroupStaff& g : groups_) start[g.group] = g.today;
    auto first = evaluate(start, "feasible");
    if (!first.is_ok()) return first.status();
    if (!*first) return finish(StaffSearchOutcome::kInterrupted);
    Evaluation current = std::move(**first);
    // 1. A feasible point.
    while (!current.met) {
      std::set<std::string> grow;
      std::vector<std::string> stuck;
      for (const SlaCheck& c : current.checks) {
        if (satisfied(c)) continue;
        const std::set<std::string> skills = skills_serving(scenario_, c.scope);
        bool growable = false;
        for (const AgentGroupStaff& g : groups_) {
          if (!holds_any(g, skills) || current.staffing.at(g.group) >= bound_.at(g.group)) continue;
          grow.insert(g.group);
          growable = true;
        }
        if (!growable) stuck.push_back(describe(c));
      }
      if (grow.empty()) {
        std::string missed;
        for (const std::string& d : stuck) missed += (missed.empty() ? "" : ", ") + d;
        explanation_ = fmt::format(
            "not reachable within {:g} x today's staff: {} still missed with every group "
            "serving it at the bound (or no group holds its skill)",
            options_.max_factor, missed);
        last_ = std::move(current);
        return finish(StaffSearchOutcome::kUnreachable);
      }
      Staffing next = current.staffing;
      for (const AgentGroupStaff& g : groups_) {
        if (!grow.count(g.group)) continue;
        const int step = std::max(
            1, static_cast<int>(std::ceil(options_.growth_step * std::max(g.today, 1) - 1e-9)));
        next[g.group] = std::min(bound_.at(g.group), next[g.group] + step);
      }
      auto e = evaluate(next, "feasible");
      if (!e.is_ok()) return e.status();
      if (!*e) {
        last_ = std::move(current);
        return finish(stop_outcome());
      }
      current = std::move(**e);
    }
    best_ = std::move(current);
    // 2. Removal, most expensive groups first.
    if (auto st = removal_pass(); !st.is_ok()) return st;
    if (stopped_) return finish(stop_outcome());
    // 3. Substitution by cheaper groups sharing a skill, then removal again.
    bool swapped = false;
    for (const AgentGroupStaff& dear : by_cost_) {
      for (auto it = by_cost_.rbegin(); it != by_cost_.rend(); ++it) {
        const AgentGroupStaff& cheap = *it;
        if (cheap.cost_per_hour >= dear.cost_per_hour || !share_a_skill(dear, cheap)) continue;
        while (best_->staffing.at(dear.group) > 0 &&
               best_->staffing.at(cheap.group) < bound_.at(cheap.group)) {
          Staffing trial = best_->staffing;
          trial[dear.group]--;
          trial[cheap.group]++;
          auto e = evaluate(trial, "substitute");
          if (!e.is_ok()) return e.status();
          if (!*e) return finish(stop_outcome());
          if (!(*e)->met || (*e)->cost >= best_->cost) break;
          best_ = std::move(**e);
          swapped = true;
        }
      }
    }
    if (swapped) {
      if (auto st = removal_pass(); !st.is_ok()) return st;
      if (stopped_) return finish(stop_outcome());
    }
    return finish(StaffSearchOutcome::kMet);
  }

 private:
  // Met, or not required (--not-required: reported only).
  bool satisfied(const SlaCheck& c) const {
    return c.met || std::find(options_.not_required.begin(), options_.not_required.end(),
                              c.scope) != options_.not_required.end();
  }

  StaffSearchOutcome stop_outcome() const {
    return options_.run.stop.stop_requested() ? StaffSearchOutcome::kInterrupted
                                              : StaffSearchOutcome::kEvaluationLimit;
  }

  // Sheds agents of each group (1, 2, 4 ... then bisection) while every SLA stays met.
  Status removal_pass() {
    for (const AgentGroupStaff& g : by_cost_) {
      int ok = best_->staffing.at(g.group);
      int bad = -1;  // a count known to miss an SLA (others as now)
      int step = 1;
      while (ok > 0 && ok - bad > 1) {
        const int trial = bad < 0 ? std::max(0, ok - step) : (ok + bad) / 2;
        Staffing s = best_->staffing;
        s[g.group] = trial;
        auto e = evaluate(s, "remove");
        if (!e.is_ok()) return e.status();
        if (!*e) return Status::ok();
        if ((*e)->met && (*e)->cost < best_->cost) {
          best_ = std::move(**e);
          ok = trial;
          step *= 2;
        } else {
          bad = trial;
        }
      }
    }
    return Status::ok();
  }

  // nullopt: stopped (interrupted or out of budget) before or during the evaluation.
  Result<std::optional<Evaluation>> evaluate(const Staffing& staffing, const char* phase) {
    if (options_.run.stop.stop_requested() || evaluations_ >= options_.max_evaluations) {
      stopped_ = true;
      return std::optional<Evaluation>{};
    }
    if (auto seen = tried_.find(staffing); seen != tried_.end() && !seen->second) {
      Evaluation miss;  // known to miss an SLA: not simulated again
      miss.staffing = staffing;
      return std::optional<Evaluation>{std::move(miss)};
    }
    auto staffed = scenario_with_staff(scenario_, staffing);
    if (!staffed.is_ok()) return staffed.status();
    Evaluation e;
    e.staffing = staffing;
    e.staffed = std::make_shared<const Scenario>(std::move(staffed).value());
    auto m = model_(*e.staffed);
    if (!m.is_ok()) return m.status();
    RunOptions ro = options_.run;
    ro.on_progress = nullptr;
    auto run = run_replications(*m, router_, ro);
    if (!run.is_ok()) return run.status();
    ++evaluations_;
    if (run->interrupted) {
      stopped_ = true;
      return std::optional<Evaluation>{};
    }
    e.run = std::move(run).value();
    e.checks = check_slas(*e.staffed, e.run.estimates);
    e.met = std::all_of(e.checks.begin(), e.checks.end(),
                        [&](const SlaCheck& c) { return satisfied(c); });
    const KpiEstimate* cost = find_kpi(e.run.estimates, "workforce", "cost");
    e.cost = cost != nullptr ? cost->estimate.mean : 0.0;
    tried_[staffing] = e.met;
    if (options_.on_progress) {
      StaffSearchProgress p;
      p.evaluation = evaluations_;
      p.max_evaluations = options_.max_evaluations;
      p.phase = phase;
      p.met = best_.has_value() || e.met;
      if (best_) p.best_cost = best_->cost;
      if (e.met && (!best_ || e.cost < p.best_cost)) p.best_cost = e.cost;
      options_.on_progress(p);
    }
    return std::optional<Evaluation>{std::move(e)};
  }

  Result<StaffSearchResult> finish(StaffSearchOutcome outcome) {
    StaffSearchResult r;
    r.evaluations = evaluations_;
    Evaluation* chosen = best_ ? &*best_ : (last_ ? &*last_ : nullptr);
    r.met = best_.has_value();
    r.outcome = outcome;
    r.explanation = explanation_;
    if (outcome == StaffSearchOutcome::kInterrupted) {
      r.explanation = r.met ? "interrupted: the cheapest staffing found so far that meets every SLA"
                            : "interrupted before a staffing meeting every SLA was found";
    } else if (outcome == StaffSearchOutcome::kEvaluationLimit) {
      r.explanation = fmt::format("stopped after {} simulations (the budget): {}", evaluations_,
                                  r.met ? "the cheapest staffing found so far that meets every SLA"
                                        : "no staffing meeting every SLA found");
    }
    r.groups = groups_;
    if (chosen != nullptr) {
      for (AgentGroupStaff& g : r.groups) g.staff = chosen->staffing.at(g.group);
      r.staffed = chosen->staffed;
      r.run = std::move(chosen->run);
      r.checks = std::move(chosen->checks);
      if (const KpiEstimate* k = find_kpi(r.run.estimates, "workforce", "staff_hours"))
        r.staff_hours = k->estimate;
      if (const KpiEstimate* k = find_kpi(r.run.estimates, "workforce", "cost"))
        r.cost = k->estimate;
    }
    return r;
  }

  const Scenario& scenario_;
  const ModelOfStaff& model_;
  const RouterFactory& router_;
  const StaffSearchOptions& options_;
  std::vector<AgentGroupStaff> groups_, by_cost_;
  std::map<std::string, int> bound_;
  std::map<Staffing, bool> tried_;  // staffing -> met
  std::optional<Evaluation> best_, last_;
  std::string explanation_;
  int evaluations_ = 0;
  bool stopped_ = false;
};

}  // namespace

const char* to_string(StaffSearchOutcome outcome) {
  switch (outcome) {
    case StaffSearchOutcome::kMet:
      return "met";
    case StaffSearchOutcome::kUnreachable:
      return "unreachable";
    case StaffSearchOutcome::kInterrupted:
      return "interrupted";
    case StaffSearchOutcome::kEvaluationLimit:
      return "evaluation_limit";
  }
  return "?";
}

std::vector<AgentGroupStaff> agent_groups(const Scenario& s) {
  std::vector<AgentGroupStaff> out;
  std::map<std::string, std::size_t> index;
  for (const Agent& a : s.agents) {
    if (a.is_robot()) continue;
    const std::string g = agent_group_of(a.id);
    auto [it, fresh] = index.emplace(g, out.size());
    if (fresh) {
      AgentGroupStaff group;
      group.group = g;
      group.cost_per_hour = a.cost_per_hour;
      for (const SkillLevel& k : a.skills) group.skills.push_back(k.skill);
      out.push_back(std::move(group));
    }
    out[it->second].today++;
    out[it->second].staff++;
  }
  return out;
}

Result<Scenario> scenario_with_staff(const Scenario& s, const Staffing& staffing) {
  std::map<std::string, int> today;
  std::set<std::string> ids;
  for (const Agent& a : s.agents) {
    ids.insert(a.id);
    if (!a.is_robot()) today[agent_group_of(a.id)]++;
  }
  for (const auto& [group, count] : staffing) {
    if (!today.count(group)) {
      return Status::invalid_argument("staffing: unknown agent group '" + group + "'");
    }
    if (count < 0) {
      return Status::invalid_argument(
          fmt::format("staffing: group '{}' has a negative count ({})", group, count));
    }
  }
  Scenario out = s;
  out.agents.clear();
  std::map<std::string, int> kept;
  std::map<std::string, const Agent*> last;
  for (const Agent& a : s.agents) {
    const std::string g = agent_group_of(a.id);
    auto want = staffing.find(g);
    if (!a.is_robot() && want != staffing.end()) {
      last[g] = &a;
      if (kept[g] >= want->second) continue;
      kept[g]++;
    }
    out.agents.push_back(a);
  }
  for (const auto& [group, count] : staffing) {
    const Agent& proto = *last.at(group);
    const std::size_t digits = proto.id.size() - proto.id.rfind('-') - 1;
    const bool numbered = proto.id != group;
    int number = numbered ? number_of(proto.id) : 1;
    for (int k = kept[group]; k < count; ++k) {
      Agent clone = proto;
      do {
        ++number;
        clone.id = fmt::format("{}-{:0{}}", group, number, numbered ? digits : 3);
      } while (ids.count(clone.id));
      ids.insert(clone.id);
      clone.name = clone.id;
      out.agents.push_back(std::move(clone));
    }
  }
  return out;
}

Result<StaffSearchResult> search_staff(const Scenario& scenario, const ModelOfStaff& model,
                                       const RouterFactory& router,
                                       const StaffSearchOptions& options) {
  if (agent_groups(scenario).empty()) {
    return Status::invalid_argument("staff search: the scenario has no human agent group");
  }
  if (!(options.max_factor >= 1.0)) {
    return Status::invalid_argument("staff search: max_factor must be at least 1");
  }
  if (!(options.growth_step > 0.0)) {
    return Status::invalid_argument("staff search: growth_step must be positive");
  }
  if (options.max_evaluations < 1) {
    return Status::invalid_argument("staff search: max_evaluations must be at least 1");
  }
  return Search(scenario, model, router, options).run();
}

}  // namespace tandem::sim
