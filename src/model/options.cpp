// SPDX-License-Identifier: Apache-2.0
#include "model/options.h"

#include <fmt/format.h>

#include <cmath>
#include <cstdlib>

namespace tandem {

namespace {

using G = OptionGroup;
using T = OptionType;
constexpr OptionBound incl(double v) { return {v, true}; }
constexpr OptionBound excl(double v) { return {v, false}; }
constexpr std::optional<OptionBound> none = std::nullopt;

// The table. The policy keys are in the order the loader lists them in its "allowed" message;
// the defaults are checked against the structs in tests/app/options_test.cpp.
const std::vector<OptionRecord>& table() {
  static const std::vector<OptionRecord> options = {
      // ---- policy: Policy (model/planning.h), a scenario's `policies[]` entries
      {G::kPolicy,
       "blending",
       T::kBool,
       "agents move between the phones and back-office work as blending control decides; false: "
       "siloed (phone agents take only contacts, the back office only work items)",
       "",
       1,
       none,
       none,
       {},
       ""},
      {G::kPolicy,
       "phone_margin_agents",
       T::kDouble,
       "agents kept on the phones above what Erlang says the target service level needs",
       "agents",
       1.0,
       incl(0),
       none,
       {},
       ""},
      {G::kPolicy,
       "hysteresis_agents",
       T::kDouble,
       "agents are released to the back office only when the surplus exceeds margin + "
       "hysteresis (no flapping)",
       "agents",
       1.0,
       incl(0),
       none,
       {},
       ""},
      {G::kPolicy,
       "min_usable_chunk_minutes",
       T::kInt,
       "smallest idle chunk of an agent's time worth pushing a back-office task into",
       "minutes",
       10,
       incl(0),
       none,
       {},
       ""},
      {G::kPolicy,
       "recall_mode",
       T::kChoice,
       "how an agent recalled to the phones leaves back-office work: pause the task, or finish "
       "it first",
       "",
       0,
       none,
       none,
       {"pause_task", "wait_for_completion"},
       ""},
      {G::kPolicy,
       "offer_timeout_seconds",
       T::kInt,
       "how long an offer waits for the agent to accept; 0: direct assignment, no offer",
       "seconds",
       15,
       incl(0),
       none,
       {},
       ""},
      {G::kPolicy,
       "not_ready_on_reject",
       T::kBool,
       "an agent who rejects an offer or lets it time out becomes not ready",
       "",
       1,
       none,
       none,
       {},
       ""},
      {G::kPolicy,
       "arrival_smoothing",
       T::kDouble,
       "weight of the newest interval in the smoothed arrival rate blending control plans with",
       "share",
       0.3,
       excl(0),
       incl(1),
       {},
       ""},
      {G::kPolicy,
       "agent_selection",
       T::kChoice,
       "which of the eligible agents takes a contact: the longest idle, or the most proficient",
       "",
       0,
       none,
       none,
       {"longest_idle", "best_proficiency"},
       ""},
      {G::kPolicy,
       "phones_take_deferrable_contacts",
       T::kBool,
       "with blending on, agents held on the phones take front-office deferrable work (email) "
       "when no contact waits for them",
       "",
       1,
       none,
       none,
       {},
       ""},
      // ---- engine: EngineOptions (engine/engine.h)
      {G::kEngine,
       "seed",
       T::kInt,
       "seed of the engine's only randomness: quality-check sampling and robot failures by rate",
       "",
       1,
       incl(0),
       none,
       {},
       ""},
      {G::kEngine,
       "robot_failures_by_rate",
       T::kBool,
       "a robot's step done becomes a failure with the robot's failure rate; false: robots fail "
       "only when an event says so",
       "",
       0,
       none,
       none,
       {},
       ""},
      {G::kEngine,
       "track_history",
       T::kBool,
       "keep each item's history (tracking); false saves memory in very large simulations",
       "",
       1,
       none,
       none,
       {},
       ""},
      {G::kEngine,
       "retire_closed_items",
       T::kBool,
       "free a done or cancelled item's live state at once, keeping a compact record until the "
       "driver drains it",
       "",
       0,
       none,
       none,
       {},
       ""},
      {G::kEngine,
       "chunk_lookahead",
       T::kInt,
       "queued tasks a back-office push looks at per queue to find one that fits the agent's "
       "usable chunk of time",
       "tasks",
       8,
       incl(1),
       none,
       {},
       ""},
      // ---- simulation: app::SimulateRequest, `tandem simulate`
      {G::kSimulation,
       "days",
       T::kInt,
       "days to simulate per replication",
       "days",
       7,
       incl(1),
       incl(366),
       {},
       "--days"},
      {G::kSimulation,
       "replications",
       T::kInt,
       "independent replications",
       "",
       4,
       incl(1),
       incl(1000),
       {},
       "--replications"},
      {G::kSimulation,
       "seed",
       T::kInt,
       "random seed (common to every policy)",
       "",
       1,
       incl(0),
       none,
       {},
       "--seed"},
      {G::kSimulation,
       "shrinkage",
       T::kDouble,
       "probability that a shift is lost to absence",
       "share",
       0.0,
       incl(0),
       incl(1),
       {},
       "--shrinkage"},
      {G::kSimulation,
       "staff_scale",
       T::kDouble,
       "keep this share of each agent group",
       "share",
       1.0,
       excl(0),
       incl(2),
       {},
       "--staff-scale"},
      {G::kSimulation,
       "max_staff_factor",
       T::kDouble,
       "staff to target: at most this many times today's staff per group",
       "",
       3.0,
       incl(1),
       incl(100),
       {},
       "--max-staff-factor"},
      {G::kSimulation,
       "max_simulations",
       T::kInt,
       "staff to target: simulation budget per policy (best found is kept)",
       "simulations",
       150,
       incl(1),
       incl(100000),
       {},
       "--max-simulations"},
      {G::kSimulation,
       "threads",
       T::kInt,
       "worker threads (0: all cores)",
       "threads",
       0,
       incl(0),
       incl(1024),
       {},
       "--threads"},
      // ---- staffing: staffing::StaffOptions, `tandem staff`
      {G::kStaffing,
       "shrinkage",
       T::kDouble,
       "share of paid time not available: scheduled = ceil(agents / (1 - shrinkage))",
       "share",
       0.30,
       incl(0),
       excl(1),
       {},
       "--shrinkage"},
      {G::kStaffing,
       "max_occupancy",
       T::kDouble,
       "occupancy cap for every front-office queue (default: each queue's own target)",
       "share",
       std::nullopt,
       excl(0),
       incl(1),
       {},
       "--max-occupancy"},
      {G::kStaffing,
       "concurrency_slowdown",
       T::kDouble,
       "chat: handle time growth per extra concurrent session",
       "share",
       0.0,
       incl(0),
       none,
       {},
       "--concurrency-slowdown"},
      // ---- schedule: app::ScheduleRequest and schedule::SolveOptions, `tandem schedule`
      {G::kSchedule,
       "weeks",
       T::kInt,
       "horizon in weeks",
       "weeks",
       1,
       incl(1),
       incl(4),
       {},
       "--weeks"},
      {G::kSchedule,
       "time_limit_seconds",
       T::kDouble,
       "wall clock for the cover MIP (60%) and the rostering model",
       "seconds",
       60.0,
       excl(0),
       none,
       {},
       "--time-limit"},
      {G::kSchedule,
       "relative_gap",
       T::kDouble,
       "relative MIP gap to stop at: (incumbent - bound) / incumbent (0.01 = 1%)",
       "share",
       0.01,
       incl(0),
       incl(0.99),
       {},
       "--gap"},
      {G::kSchedule, "seed", T::kInt, "random seed of the solver", "", 1, none, none, {}, "--seed"},
      {G::kSchedule,
       "max_nodes",
       T::kInt,
       "branch-and-bound node limit of each MIP (0: none); unlike the time limit, the same "
       "schedule on every machine",
       "nodes",
       0,
       incl(0),
       none,
       {},
       ""},
      {G::kSchedule,
       "threads",
       T::kInt,
       "solver threads (1 keeps the solve deterministic)",
       "threads",
       1,
       incl(1),
       none,
       {},
       ""},
      {G::kSchedule,
       "break_positions",
       T::kInt,
       "break start positions per break rule offered to the cover MIP",
       "",
       5,
       incl(1),
       none,
       {},
       ""},
  };
  return options;
}

std::string number(double v) { return fmt::format("{:g}", v); }

std::string json_string(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

}  // namespace

const char* to_string(OptionGroup group) {
  switch (group) {
    case OptionGroup::kPolicy:
      return "policy";
    case OptionGroup::kEngine:
      return "engine";
    case OptionGroup::kSimulation:
      return "simulation";
    case OptionGroup::kStaffing:
      return "staffing";
    case OptionGroup::kSchedule:
      return "schedule";
  }
  return "?";
}

const char* to_string(OptionType type) {
  switch (type) {
    case OptionType::kBool:
      return "bool";
    case OptionType::kInt:
      return "int";
    case OptionType::kDouble:
      return "number";
    case OptionType::kChoice:
      return "choice";
  }
  return "?";
}

std::span<const OptionRecord> all_options() { return table(); }

const OptionRecord* find_option(OptionGroup group, std::string_view name) {
  for (const OptionRecord& o : table())
    if (o.group == group && o.name == name) return &o;
  return nullptr;
}

const OptionRecord& option(OptionGroup group, std::string_view name) {
  const OptionRecord* o = find_option(group, name);
  if (o == nullptr) std::abort();  // a typo in the program, not bad input
  return *o;
}

double default_number(const OptionRecord& o) { return o.default_value.value_or(0.0); }

std::string default_text(const OptionRecord& o) {
  if (!o.default_value) return "none";
  switch (o.type) {
    case OptionType::kBool:
      return *o.default_value != 0 ? "true" : "false";
    case OptionType::kChoice:
      return std::string(o.choices.at(static_cast<size_t>(*o.default_value)));
    default:
      return number(*o.default_value);
  }
}

bool in_bounds(const OptionRecord& o, double v) {
  if (!std::isfinite(v)) return false;
  if (o.type == OptionType::kInt && v != std::floor(v)) return false;
  if (o.min && (o.min->inclusive ? v < o.min->value : v <= o.min->value)) return false;
  if (o.max && (o.max->inclusive ? v > o.max->value : v >= o.max->value)) return false;
  return true;
}

std::string bounds_text(const OptionRecord& o) {
  if (o.type == OptionType::kBool) return "true or false";
  if (o.type == OptionType::kChoice) {
    std::string out = "one of ";
    for (size_t i = 0; i < o.choices.size(); ++i)
      out += (i ? ", " : "") + std::string(o.choices[i]);
    return out;
  }
  if (o.min && o.max)
    return fmt::format("in {}{}, {}{}", o.min->inclusive ? '[' : '(', number(o.min->value),
                       number(o.max->value), o.max->inclusive ? ']' : ')');
  if (o.min) return fmt::format("{} {}", o.min->inclusive ? ">=" : ">", number(o.min->value));
  if (o.max) return fmt::format("{} {}", o.max->inclusive ? "<=" : "<", number(o.max->value));
  return "any";
}

std::string bounds_rule(const OptionRecord& o, double v) {
  if (o.min && !o.max && o.min->value == 0)
    return o.min->inclusive ? fmt::format("must not be negative, not {:g}", v)
                            : fmt::format("must be greater than 0, not {:g}", v);
  return fmt::format("must be {}, not {:g}", bounds_text(o), v);
}

std::string option_help(const OptionRecord& o) {
  std::string out(o.meaning);
  std::string bounds = bounds_text(o);
  if (!o.unit.empty())
    out += fmt::format(" ({}, {})", o.unit, bounds);
  else if (bounds != "any")
    out += fmt::format(" ({})", bounds);
  return out;
}

std::string options_markdown() {
  std::string out =
      "# Options\n\n"
      "Every tunable of Tandem, declared once in `src/model/options.cpp`. This page is generated "
      "from that table (`tandem options --markdown > docs/options.md`; a test checks it is up to "
      "date). The scenario loader checks policy keys against the same bounds, and the commands "
      "take their help text from it.\n";
  const struct {
    OptionGroup group;
    const char* where;
  } groups[] = {
      {OptionGroup::kPolicy,
       "Keys of a scenario's `policies[]` entries (`Policy`, `src/model/planning.h`): the "
       "tunable rules of routing and blending."},
      {OptionGroup::kEngine,
       "`EngineOptions` (`src/engine/engine.h`): set by the program driving the engine (the "
       "simulator, the live host)."},
      {OptionGroup::kSimulation, "`tandem simulate` and `app::SimulateRequest`."},
      {OptionGroup::kStaffing,
       "`tandem staff` and `app::StaffRequest` (`staffing::StaffOptions`)."},
      {OptionGroup::kSchedule,
       "`tandem schedule` and `app::ScheduleRequest` (`schedule::SolveOptions`)."},
  };
  for (const auto& g : groups) {
    out += fmt::format("\n## {}\n\n{}\n\n", to_string(g.group), g.where);
    out += "| option | type | default | bounds | unit | flag | meaning |\n";
    out += "| --- | --- | --- | --- | --- | --- | --- |\n";
    for (const OptionRecord& o : table()) {
      if (o.group != g.group) continue;
      out += fmt::format("| `{}` | {} | {} | {} | {} | {} | {} |\n", o.name, to_string(o.type),
                         default_text(o), bounds_text(o), o.unit.empty() ? "-" : o.unit,
                         o.cli_flag.empty() ? "-" : fmt::format("`{}`", o.cli_flag), o.meaning);
    }
  }
  return out;
}

std::string options_json_schema() {
  std::string out = "{\n";
  const OptionGroup groups[] = {OptionGroup::kPolicy, OptionGroup::kEngine,
                                OptionGroup::kSimulation, OptionGroup::kStaffing,
                                OptionGroup::kSchedule};
  for (size_t gi = 0; gi < std::size(groups); ++gi) {
    out += fmt::format(
        "  {}: {{\n    \"$schema\": \"https://json-schema.org/draft/2020-12/schema\",\n"
        "    \"type\": \"object\",\n    \"additionalProperties\": false,\n"
        "    \"properties\": {{",
        json_string(to_string(groups[gi])));
    bool first = true;
    for (const OptionRecord& o : table()) {
      if (o.group != groups[gi]) continue;
      out += first ? "\n" : ",\n";
      first = false;
      std::string p = fmt::format("      {}: {{\"description\": {}", json_string(o.name),
                                  json_string(o.meaning));
      switch (o.type) {
        case OptionType::kBool:
          p += ", \"type\": \"boolean\"";
          if (o.default_value) p += fmt::format(", \"default\": {}", default_text(o));
          break;
        case OptionType::kChoice: {
          p += ", \"type\": \"string\", \"enum\": [";
          for (size_t i = 0; i < o.choices.size(); ++i)
            p += (i ? ", " : "") + json_string(o.choices[i]);
          p += "]";
          if (o.default_value) p += ", \"default\": " + json_string(default_text(o));
          break;
        }
        default:
          p += o.type == OptionType::kInt ? ", \"type\": \"integer\"" : ", \"type\": \"number\"";
          if (o.min)
            p += fmt::format(", \"{}\": {}", o.min->inclusive ? "minimum" : "exclusiveMinimum",
                             number(o.min->value));
          if (o.max)
            p += fmt::format(", \"{}\": {}", o.max->inclusive ? "maximum" : "exclusiveMaximum",
                             number(o.max->value));
          if (o.default_value) p += ", \"default\": " + number(*o.default_value);
      }
      if (!o.unit.empty()) p += ", \"x-unit\": " + json_string(o.unit);
      out += p + "}";
    }
    out += fmt::format("\n    }}\n  }}{}\n", gi + 1 < std::size(groups) ? "," : "");
  }
  return out + "}\n";
}

}  // namespace tandem
