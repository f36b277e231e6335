// SPDX-License-Identifier: Apache-2.0
#include "sim/event_log.h"

#include <algorithm>
#include <cctype>
#include <map>

namespace tandem::sim {

std::string work_type_of_activity(std::string_view activity) {
  if (activity.rfind("W_", 0) == 0) activity.remove_prefix(2);
  std::string out;
  for (char c : activity) {
    if (c == ' ' || c == '_') {
      out.push_back('-');
    } else {
      out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  return out;
}

Status check_event_log(const EventLogReplay& log, const Scenario& scenario,
                       const std::string& name) {
  for (const EventLogActivity& a : log.activities) {
    const Queue* q = scenario.find_queue(a.work_type);
    const Channel* ch = q != nullptr ? scenario.find_channel(q->channel) : nullptr;
    if (q == nullptr || ch == nullptr || ch->mode != ChannelMode::kDeferrable) {
      return Status::invalid_argument(name + ": activity '" + a.activity + "' (" +
                                      std::to_string(a.sessions) +
                                      " work sessions) maps to the work type '" + a.work_type +
                                      "', which the scenario does not define as a deferrable "
                                      "queue");
    }
  }
  if (!log.cases.empty() && case_process(log, scenario) == nullptr) {
    std::string types;
    for (const EventLogActivity& a : log.activities) {
      types += (types.empty() ? "" : ", ") + a.work_type;
    }
    return Status::invalid_argument(
        name +
        ": each case replays as one work item of a process: the scenario needs a process "
        "whose steps cover the log's work types (" +
        types + "); its SLA applies to the cases");
  }
  return Status::ok();
}

const Process* case_process(const EventLogReplay& log, const Scenario& scenario) {
  for (const Process& p : scenario.processes) {
    const auto steps = p.steps();
    const bool covers =
        std::all_of(log.activities.begin(), log.activities.end(), [&](const EventLogActivity& a) {
          return std::any_of(steps.begin(), steps.end(), [&](const ProcessStep* step) {
            return step->work_type == a.work_type;
          });
        });
    if (covers) return &p;
  }
  return nullptr;
}

Result<std::size_t> add_replayed_cases(SimModel& model, const EventLogReplay& log) {
  const Process* templ = model.scenario != nullptr ? case_process(log, *model.scenario) : nullptr;
  if (templ == nullptr) {
    return Status::invalid_argument(
        "event-log replay: the scenario has no process whose steps cover the log's work types");
  }
  const std::string templ_id = templ->id;
  std::erase_if(model.items, [&](const ItemSource& src) {
    return src.process == templ_id ||
           std::any_of(log.activities.begin(), log.activities.end(),
                       [&](const EventLogActivity& a) { return a.work_type == src.work_type; });
  });
  auto scenario = std::make_shared<Scenario>(*model.scenario);
  // One process per distinct sequence of steps (a variant), made on first use.
  std::map<std::vector<std::uint16_t>, std::string> variants;
  const auto shift = static_cast<double>((log.origin - model.start).count());
  std::size_t added = 0;
  std::vector<std::uint16_t> sequence;
  for (const EventLogCase& c : log.cases) {
    const double t = c.release() + shift;
    if (t < 0 || t >= model.horizon) continue;
    sequence.clear();
    for (const EventLogSession& s : c.sessions) sequence.push_back(s.activity);
    auto [variant, is_new] = variants.try_emplace(sequence);
    if (is_new) {
      variant->second = templ_id + "#" + std::to_string(variants.size());
      Process p;
      p.id = variant->second;
      p.name = templ->name;
      p.sla = templ->sla;
      p.channel = templ->channel;
      std::vector<ProcessStep> steps;
      for (std::size_t k = 0; k < sequence.size(); ++k) {
        ProcessStep step;
        step.work_type = log.activities[sequence[k]].work_type;
        step.id = std::to_string(k + 1) + "-" + step.work_type;
        step.name = log.activities[sequence[k]].activity;
        steps.push_back(std::move(step));
      }
      p.stages.push_back(ProcessStage{{std::move(steps)}});
      scenario->processes.push_back(std::move(p));
    }
    ReplayedItem item;
    item.time = t;
    item.process = variant->second;
    item.customer = c.id;
    item.received = std::min(c.first_event + shift, t);
    item.logged_completion = c.work_done() + shift;
    item.scope = templ_id;
    for (const EventLogSession& s : c.sessions) {
      item.step_handle_seconds.push_back(s.handle_seconds);
      item.wait_before_step.push_back(s.wait_seconds);
    }
    item.wait_before_step.front() = 0.0;  // before the first step: received -> time
    model.replayed_items.push_back(std::move(item));
    ++added;
  }
  model.owned_scenario = std::move(scenario);
  model.scenario = model.owned_scenario.get();
  return added;
}

}  // namespace tandem::sim
