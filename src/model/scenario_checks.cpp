// SPDX-License-Identifier: Apache-2.0
#include "model/scenario_checks.h"

#include <fmt/format.h>

namespace tandem {

std::string queue_sla_path(std::size_t queue) { return fmt::format("queues[{}].sla", queue); }

std::string step_work_type_path(std::size_t process, std::size_t stage, std::size_t branch,
                                std::size_t step) {
  return fmt::format("processes[{}].stages[{}].branches[{}][{}].work_type", process, stage, branch,
                     step);
}

std::vector<Diagnostic> check_scenario(const Scenario& s) {
  std::vector<Diagnostic> out;
  auto problem = [&](std::string field, std::string rule) {
    Diagnostic d;
    d.field = std::move(field);
    d.rule = std::move(rule);
    out.push_back(std::move(d));
  };
  for (std::size_t i = 0; i < s.queues.size(); ++i) {
    const Queue& q = s.queues[i];
    const Channel* ch = s.find_channel(q.channel);
    const Sla* sla = s.find_sla(q.sla);
    if (!ch || !sla) continue;
    if (ch->mode == ChannelMode::kRealTime && sla->kind != SlaKind::kFrontOffice)
      problem(queue_sla_path(i),
              fmt::format("a real-time queue needs a front_office SLA; '{}' is {}", sla->id,
                          to_string(sla->kind)));
    if (ch->mode == ChannelMode::kDeferrable && sla->kind == SlaKind::kFrontOffice)
      problem(queue_sla_path(i),
              fmt::format("a deferrable queue needs a back_office or end_to_end SLA; '{}' "
                          "is front_office",
                          sla->id));
  }
  for (std::size_t p = 0; p < s.processes.size(); ++p)
    for (std::size_t g = 0; g < s.processes[p].stages.size(); ++g) {
      const auto& branches = s.processes[p].stages[g].branches;
      for (std::size_t b = 0; b < branches.size(); ++b)
        for (std::size_t k = 0; k < branches[b].size(); ++k) {
          const std::string& work_type = branches[b][k].work_type;
          if (work_type.empty()) continue;
          const Queue* q = s.find_queue(work_type);
          if (!q) continue;
          const Channel* ch = s.find_channel(q->channel);
          if (ch && ch->mode != ChannelMode::kDeferrable)
            problem(step_work_type_path(p, g, b, k),
                    fmt::format("a process step needs a deferrable work type; queue '{}' is on "
                                "real-time channel '{}'",
                                work_type, ch->id));
        }
    }
  return out;
}

}  // namespace tandem
