// SPDX-License-Identifier: Apache-2.0
// `tandem validate FILE`: check a scenario completely; print every problem or a summary.
#include <fmt/format.h>

#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "app/summary.h"
#include "cli/commands.h"
#include "cli/demo_stages.h"
#include "cli/output.h"
#include "model/scenario.h"

namespace tandem::cli {

namespace {

nlohmann::json summary_json(const Scenario& s) {
  nlohmann::json j;
  j["name"] = s.name;
  j["interval_minutes"] = s.interval.minutes;
  j["sites"] = s.sites.size();
  j["teams"] = s.teams.size();
  j["skills"] = s.skills.size();
  const app::ScenarioSummary sum = app::summarise(s);
  j["agents"] = {{"human", sum.people}, {"robot", sum.robots}};
  nlohmann::json by_skill = nlohmann::json::object();
  for (const app::SkillHeadcount& h : sum.by_skill)
    by_skill[h.skill] = {{"human", h.people}, {"robot", h.robots}};
  j["agents_by_skill"] = by_skill;
  nlohmann::json by_channel = nlohmann::json::object();
  for (const auto& q : s.queues) by_channel[q.channel].push_back(q.id);
  j["queues_by_channel"] = by_channel;
  nlohmann::json procs = nlohmann::json::array();
  for (const auto& p : s.processes) {
    nlohmann::json steps = nlohmann::json::array();
    for (const auto* st : p.steps()) steps.push_back(st->id);
    procs.push_back({{"id", p.id}, {"stages", p.stages.size()}, {"steps", steps}});
  }
  j["processes"] = procs;
  j["policies"] = s.policies.size();
  j["rules"] = s.rules.size();
  return j;
}

void print_summary(const Scenario& s, std::ostream& out) {
  const app::ScenarioSummary sum = app::summarise(s);
  out << fmt::format("Scenario: {} ({})\n", s.name, s.source_file.filename().string());
  if (!s.description.empty()) out << "  " << s.description << '\n';
  out << fmt::format("  {} site(s), {} team(s), {} skill(s), interval {} min\n", s.sites.size(),
                     s.teams.size(), s.skills.size(), s.interval.minutes);
  out << fmt::format(
      "  {} agents: {} people ({} blended: phones and back-office process work), {} robots\n",
      s.agents.size(), sum.people, sum.blended, sum.robots);
  out << "\nSites\n";
  Table sites({"site", "time zone", "holidays"});
  for (const auto& site : s.sites)
    sites.add_row({site.id, site.time_zone, std::to_string(site.holidays.size())});
  sites.print(out);

  out << "\nAgents by skill\n";
  Table skills({"skill", "people", "robots"});
  for (const app::SkillHeadcount& h : sum.by_skill)
    skills.add_row({h.skill, std::to_string(h.people), std::to_string(h.robots)});
  skills.print(out);

  out << "\nQueues\n";
  Table queues({"queue", "channel", "skill", "priority", "SLA"});
  for (const auto& q : s.queues) {
    const Sla* sla = s.find_sla(q.sla);
    std::string sla_text = q.sla;
    if (sla && sla->kind == SlaKind::kFrontOffice)
      sla_text = fmt::format("{:g}% in {:g} s", sla->answered_percent, sla->answer_within_seconds);
    else if (sla)
      sla_text = fmt::format("{:g}% within {:g} {}", sla->completed_percent, sla->deadline.amount,
                             to_string(sla->deadline.unit));
    queues.add_row({q.id, q.channel, q.skill, std::to_string(q.priority), sla_text});
  }
  queues.print(out);

  out << "\nProcesses\n";
  for (const auto& p : s.processes) {
    std::string flow;
    for (const auto& stage : p.stages) {
      if (!flow.empty()) flow += " -> ";
      std::string part;
      for (const auto& branch : stage.branches) {
        if (!part.empty()) part += " | ";
        std::string seq;
        for (const auto& step : branch) {
          if (!seq.empty()) seq += " -> ";
          seq += step.id + (step.robot_eligible ? " [robot]" : "");
        }
        part += seq;
      }
      flow += stage.is_parallel() ? "(" + part + ")" : part;
    }
    out << fmt::format("  {}: {}\n", p.id, flow);
  }
}

}  // namespace

int demo_stage_summary(const Scenario& scenario, std::ostream& out) {
  out << "== 1. Scenario ==\n";
  print_summary(scenario, out);
  return 0;
}

void add_validate_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("validate", "check a scenario file and print its summary");
  auto path = std::make_shared<std::string>();
  auto format = std::make_shared<OutputFormat>(OutputFormat::kTable);
  cmd->add_option("scenario", *path, "scenario YAML file")->required();
  add_format_flags(cmd, *format, /*with_csv=*/false);
  cmd->callback([&ctx, path, format] {
    ScenarioLoad load = load_scenario(*path);
    if (!load.ok()) {
      if (*format == OutputFormat::kJson) {
        nlohmann::json j = {{"valid", false}, {"problems", nlohmann::json::array()}};
        for (const auto& d : load.problems)
          j["problems"].push_back({{"file", d.location.file},
                                   {"line", d.location.line},
                                   {"column", d.location.column},
                                   {"field", d.field},
                                   {"rule", d.rule}});
        std::cout << j.dump(2) << '\n';
      } else {
        std::cerr << to_string(load.problems);
        std::cerr << load.problems.size() << " problem(s) found in " << *path << '\n';
      }
      ctx.exit_code = 1;
      return;
    }
    if (*format == OutputFormat::kJson) {
      nlohmann::json j = {{"valid", true}, {"summary", summary_json(*load.scenario)}};
      std::cout << j.dump(2) << '\n';
    } else {
      print_summary(*load.scenario, std::cout);
      std::cout << "\nvalid: no problems found\n";
    }
    ctx.exit_code = 0;
  });
}

}  // namespace tandem::cli
