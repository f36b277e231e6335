// SPDX-License-Identifier: Apache-2.0
// The options table (model/options.h): defaults within bounds and equal to the structs that
// use them, the loader's checks from the same bounds, docs/options.md generated from it.
#include "model/options.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "app/plan.h"
#include "app/simulate.h"
#include "engine/engine.h"
#include "model/scenario.h"

namespace tandem {
namespace {

const std::string kSource = TANDEM_SOURCE_DIR;

double def(OptionGroup g, std::string_view name) { return default_number(option(g, name)); }

TEST(OptionsTable, EveryDefaultIsWithinItsBounds) {
  std::set<std::pair<OptionGroup, std::string_view>> seen;
  for (const OptionRecord& o : all_options()) {
    SCOPED_TRACE(std::string(to_string(o.group)) + "." + std::string(o.name));
    EXPECT_TRUE(seen.insert({o.group, o.name}).second) << "declared twice";
    EXPECT_FALSE(o.meaning.empty());
    if (!o.default_value) continue;
    switch (o.type) {
      case OptionType::kBool:
        EXPECT_TRUE(*o.default_value == 0 || *o.default_value == 1);
        break;
      case OptionType::kChoice:
        EXPECT_LT(*o.default_value, o.choices.size());
        break;
      default:
        EXPECT_TRUE(in_bounds(o, *o.default_value)) << bounds_text(o);
    }
  }
  EXPECT_EQ(seen.size(), 33u);
}

TEST(OptionsTable, PolicyDefaultsAreTheTables) {
  const Policy p;
  using G = OptionGroup;
  EXPECT_EQ(p.blending, def(G::kPolicy, "blending") != 0);
  EXPECT_EQ(p.phone_margin_agents, def(G::kPolicy, "phone_margin_agents"));
  EXPECT_EQ(p.hysteresis_agents, def(G::kPolicy, "hysteresis_agents"));
  EXPECT_EQ(p.min_usable_chunk_minutes, def(G::kPolicy, "min_usable_chunk_minutes"));
  EXPECT_EQ(p.phones_take_deferrable_contacts,
            def(G::kPolicy, "phones_take_deferrable_contacts") != 0);
  EXPECT_EQ(default_text(option(G::kPolicy, "recall_mode")), to_string(p.recall_mode));
  EXPECT_EQ(p.offer_timeout_seconds, def(G::kPolicy, "offer_timeout_seconds"));
  EXPECT_EQ(p.not_ready_on_reject, def(G::kPolicy, "not_ready_on_reject") != 0);
  EXPECT_EQ(p.arrival_smoothing, def(G::kPolicy, "arrival_smoothing"));
  EXPECT_EQ(default_text(option(G::kPolicy, "agent_selection")), to_string(p.agent_selection));
}

TEST(OptionsTable, EngineDefaultsAreTheTables) {
  const engine::EngineOptions o;
  using G = OptionGroup;
  EXPECT_EQ(o.seed, def(G::kEngine, "seed"));
  EXPECT_EQ(o.robot_failures_by_rate, def(G::kEngine, "robot_failures_by_rate") != 0);
  EXPECT_EQ(o.track_history, def(G::kEngine, "track_history") != 0);
  EXPECT_EQ(o.retire_closed_items, def(G::kEngine, "retire_closed_items") != 0);
  EXPECT_EQ(o.chunk_lookahead, def(G::kEngine, "chunk_lookahead"));
}

TEST(OptionsTable, UseCaseDefaultsAreTheTables) {
  using G = OptionGroup;
  const app::SimulateRequest sim;
  EXPECT_EQ(sim.days, def(G::kSimulation, "days"));
  EXPECT_EQ(sim.replications, def(G::kSimulation, "replications"));
  EXPECT_EQ(sim.seed, def(G::kSimulation, "seed"));
  EXPECT_EQ(sim.shrinkage, def(G::kSimulation, "shrinkage"));
  EXPECT_EQ(sim.staff_scale, def(G::kSimulation, "staff_scale"));
  EXPECT_EQ(sim.max_staff_factor, def(G::kSimulation, "max_staff_factor"));
  EXPECT_EQ(sim.max_simulations, def(G::kSimulation, "max_simulations"));
  EXPECT_EQ(sim.threads, def(G::kSimulation, "threads"));
  const staffing::StaffOptions staff;
  EXPECT_EQ(staff.shrinkage, def(G::kStaffing, "shrinkage"));
  EXPECT_FALSE(staff.max_occupancy.has_value());
  EXPECT_FALSE(option(G::kStaffing, "max_occupancy").default_value.has_value());
  EXPECT_EQ(staff.concurrency_slowdown, def(G::kStaffing, "concurrency_slowdown"));
  const app::ScheduleRequest sched;
  EXPECT_EQ(sched.weeks, def(G::kSchedule, "weeks"));
  EXPECT_EQ(sched.solve.time_limit_seconds, 60.0);
  EXPECT_EQ(sched.solve.relative_gap, def(G::kSchedule, "relative_gap"));
  // The scheduler library's own defaults agree except the time limit (30 s there).
  const schedule::SolveOptions lib;
  EXPECT_EQ(lib.relative_gap, def(G::kSchedule, "relative_gap"));
  EXPECT_EQ(lib.seed, def(G::kSchedule, "seed"));
  EXPECT_EQ(lib.max_nodes, def(G::kSchedule, "max_nodes"));
  EXPECT_EQ(lib.threads, def(G::kSchedule, "threads"));
  EXPECT_EQ(lib.break_positions, def(G::kSchedule, "break_positions"));
}

TEST(OptionsTable, BoundsInWords) {
  EXPECT_EQ(bounds_text(option(OptionGroup::kPolicy, "arrival_smoothing")), "in (0, 1]");
  EXPECT_EQ(bounds_text(option(OptionGroup::kPolicy, "offer_timeout_seconds")), ">= 0");
  EXPECT_EQ(bounds_text(option(OptionGroup::kStaffing, "shrinkage")), "in [0, 1)");
  EXPECT_EQ(bounds_text(option(OptionGroup::kPolicy, "recall_mode")),
            "one of pause_task, wait_for_completion");
  EXPECT_FALSE(in_bounds(option(OptionGroup::kPolicy, "min_usable_chunk_minutes"), 2.5));
}

// The minimal scenario with one policy entry `policy` (YAML flow mapping body).
ScenarioLoad load_with_policy(const std::string& policy) {
  std::ifstream in(kSource + "/tests/model/data/minimal.yaml");
  std::stringstream text;
  text << in.rdbuf() << "policies:\n  - {id: p, " << policy << "}\n";
  return load_scenario_text(text.str(), "policy.yaml", kSource + "/tests/model/data");
}

TEST(OptionsLoader, OfferTimeoutZeroIsDirectAssignment) {
  ScenarioLoad load = load_with_policy("offer_timeout_seconds: 0");
  ASSERT_TRUE(load.ok()) << to_string(load.problems);
  EXPECT_EQ(load.scenario->policies.at(0).offer_timeout_seconds, 0);
}

TEST(OptionsLoader, RejectsOutOfBoundsWithFieldAndRule) {
  struct Case {
    std::string policy, field, rule;
  } cases[] = {
      {"offer_timeout_seconds: -1", "policies[0].offer_timeout_seconds",
       "must not be negative, not -1"},
      {"arrival_smoothing: 0", "policies[0].arrival_smoothing", "must be in (0, 1], not 0"},
      {"arrival_smoothing: 1.5", "policies[0].arrival_smoothing", "must be in (0, 1], not 1.5"},
      {"phone_margin_agents: -0.5", "policies[0].phone_margin_agents",
       "must not be negative, not -0.5"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.policy);
    ScenarioLoad load = load_with_policy(c.policy);
    ASSERT_FALSE(load.ok());
    ASSERT_EQ(load.problems.size(), 1u) << to_string(load.problems);
    EXPECT_EQ(load.problems[0].field, c.field);
    EXPECT_EQ(load.problems[0].rule, c.rule);
  }
  // The smallest weight the engine accepts is accepted (the loader once demanded >= 0.01).
  ScenarioLoad small = load_with_policy("arrival_smoothing: 0.001");
  ASSERT_TRUE(small.ok()) << to_string(small.problems);
  EXPECT_EQ(small.scenario->policies.at(0).arrival_smoothing, 0.001);
}

TEST(OptionsLoader, EngineAcceptsWhatTheLoaderAccepts) {
  ScenarioLoad load = load_with_policy("offer_timeout_seconds: 0, arrival_smoothing: 0.001");
  ASSERT_TRUE(load.ok()) << to_string(load.problems);
  auto engine = engine::Engine::create(*load.scenario, load.scenario->policies.at(0), {});
  EXPECT_TRUE(engine.is_ok()) << engine.status().message();
}

TEST(OptionsDocs, CheckedInPageIsTheGeneratedOne) {
  std::ifstream in(kSource + "/docs/options.md");
  ASSERT_TRUE(in) << "docs/options.md is missing: tandem options --markdown > docs/options.md";
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_EQ(text.str(), options_markdown())
      << "docs/options.md is out of date: tandem options --markdown > docs/options.md";
}

TEST(OptionsDocs, JsonSchemaCarriesTheBounds) {
  const auto j = nlohmann::json::parse(options_json_schema());
  const auto& smoothing = j["policy"]["properties"]["arrival_smoothing"];
  EXPECT_EQ(smoothing["type"], "number");
  EXPECT_EQ(smoothing["exclusiveMinimum"], 0);
  EXPECT_EQ(smoothing["maximum"], 1);
  EXPECT_EQ(smoothing["default"], 0.3);
  EXPECT_EQ(j["policy"]["properties"]["recall_mode"]["enum"].size(), 2u);
  EXPECT_EQ(j["engine"]["properties"]["chunk_lookahead"]["minimum"], 1);
  EXPECT_FALSE(j["staffing"]["properties"]["max_occupancy"].contains("default"));
}

}  // namespace
}  // namespace tandem
