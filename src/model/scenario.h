// SPDX-License-Identifier: Apache-2.0
// A scenario: one YAML file that describes one operation (docs/scenario.md). Every command
// reads one. load_scenario() validates the whole file and reports EVERY problem found, each
// with file:line:column, the field path and the rule broken; nothing is loaded if any is found.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/agent.h"
#include "model/calendar.h"
#include "model/diagnostic.h"
#include "model/organisation.h"
#include "model/planning.h"
#include "model/status.h"
#include "model/work.h"

namespace tandem {

// A decision rule as written in the scenario; its syntax is checked by the engine's rule
// parser, which reports errors at `location`.
struct DecisionRuleSource {
  std::string id;
  std::string text;
  SourceLocation location;
};

// History files (absolute paths, resolved against the scenario's folder).
struct HistorySources {
  std::optional<std::filesystem::path> contacts;    // interval_start,queue,volume[,aht_seconds]
  std::optional<std::filesystem::path> work_items;  // back-office arrivals per work type
};

struct Scenario {
  std::filesystem::path source_file;
  std::string name;
  std::string description;
  std::string currency = "GBP";
  IntervalGrid interval;
  std::vector<Site> sites;
  std::vector<Team> teams;
  std::vector<Skill> skills;
  std::vector<Channel> channels;
  std::vector<Sla> slas;
  std::vector<Queue> queues;
  std::vector<Process> processes;
  std::vector<Contract> contracts;
  std::vector<Agent> agents;  // agent groups are expanded into named agents
  std::vector<ShiftTemplate> shift_templates;
  std::vector<Policy> policies;
  std::vector<DecisionRuleSource> rules;
  HistorySources history;

  // Look-ups by id; nullptr when absent.
  const Site* find_site(const std::string& id) const;
  const Team* find_team(const std::string& id) const;
  const Skill* find_skill(const std::string& id) const;
  const Channel* find_channel(const std::string& id) const;
  const Sla* find_sla(const std::string& id) const;
  const Queue* find_queue(const std::string& id) const;
  const Process* find_process(const std::string& id) const;
  const Contract* find_contract(const std::string& id) const;
  const Agent* find_agent(const std::string& id) const;
  const Policy* find_policy(const std::string& id) const;

  // The business calendar of a site (its time zone, opening hours and holidays).
  Result<BusinessCalendar> calendar_of_site(const std::string& site_id) const;
  // Concurrency of a channel for an agent of a team (team override or the channel's).
  int concurrency_for(const Team& team, const Channel& channel) const;
};

// The outcome of reading a scenario file: the scenario when there were no problems.
struct ScenarioLoad {
  std::optional<Scenario> scenario;
  std::vector<Diagnostic> problems;
  bool ok() const { return scenario.has_value() && problems.empty(); }
};

// Reads and validates a scenario file completely.
ScenarioLoad load_scenario(const std::filesystem::path& file);
// The same from text (for tests); `file_name` appears in the diagnostics and relative history
// paths are resolved against `base_dir`.
ScenarioLoad load_scenario_text(const std::string& yaml, const std::string& file_name,
                                const std::filesystem::path& base_dir);

// A Result view of load_scenario: InvalidArgument whose message lists every problem, one a
// line, and whose diagnostics() are the problems themselves.
Result<Scenario> read_scenario(const std::filesystem::path& file);

}  // namespace tandem
