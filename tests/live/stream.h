// SPDX-License-Identifier: Apache-2.0
// A deterministic event stream for the live host's tests: the base engine test scenario with
// six people and a robot; contacts and work items arrive, offers are accepted, work ends.
// The stream is made against a reference engine (its offers and assignments decide what
// happens next), so feeding it to the host in the same order gives the same actions.
#pragma once

#include <map>
#include <random>
#include <string>
#include <vector>

#include "../engine/fixtures.h"
#include "io/event_codec.h"

namespace tandem::live_test {
namespace fx = tandem::engine::testing;

struct LiveStream {
  Scenario scenario;
  Policy policy;
  engine::EngineOptions options;
  std::vector<engine::Event> events;
  std::vector<bool> rejected;        // per event: the reference engine rejected it
  std::vector<std::string> actions;  // every action, encoded, in order (the reference)
};

inline LiveStream make_live_stream(std::uint64_t seed, int steps) {
  using namespace tandem::engine;
  LiveStream s;
  s.scenario = fx::base_scenario();
  s.scenario.agents = {fx::make_agent("v1", {"billing"}),
                       fx::make_agent("v2", {"billing"}),
                       fx::make_agent("k1", {"kyc"}),
                       fx::make_agent("u1", {"underwriting"}),
                       fx::make_agent("d1", {"doc", "kyc"}),
                       fx::make_agent("m1", {"billing", "kyc", "underwriting"}),
                       fx::make_agent("bot", {"doc"}, "", AgentKind::kRobot)};
  s.policy = fx::base_policy();
  s.options.start = fx::t0();
  s.options.seed = seed;
  Engine engine = std::move(Engine::create(s.scenario, s.policy, s.options)).value();
  std::mt19937_64 rng(seed);
  const auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  Instant now = s.options.start;
  std::vector<Action> out;
  std::vector<std::pair<std::string, WorkRef>> offered;   // agent, work
  std::vector<std::pair<std::string, WorkRef>> assigned;  // agent, work
  const auto feed = [&](const Event& e) {
    // A rejected event is kept too: it still fires the timers due by its time.
    out.clear();
    s.rejected.push_back(!engine.handle(e, out).is_ok());
    s.events.push_back(e);
    for (const Action& a : out) {
      s.actions.push_back(io::encode_action_json(a));
      if (const auto* o = std::get_if<OfferWork>(&a)) offered.emplace_back(o->agent, o->work);
      if (const auto* g = std::get_if<AssignWork>(&a)) assigned.emplace_back(g->agent, g->work);
    }
  };
  for (const auto& agent : s.scenario.agents) feed(AgentLoggedIn{now, agent.id});
  int next = 0;
  for (int step = 0; step < steps; ++step) {
    now += Seconds{pick(0, 30)};
    const int roll = pick(0, 99);
    if (roll < 25) {
      feed(ContactArrived{now, "c" + std::to_string(next++), pick(0, 1) ? "voice" : "chat",
                          "cust-" + std::to_string(pick(0, 20))});
    } else if (roll < 40) {
      WorkItemCreated w;
      w.time = now;
      w.item = "i" + std::to_string(next++);
      w.process = pick(0, 2) ? "mortgage" : "kyc-only";
      w.customer = "cust-" + std::to_string(pick(0, 20));
      feed(w);
    } else if (roll < 65 && !offered.empty()) {
      const auto [agent, work] = offered.front();
      offered.erase(offered.begin());
      feed(OfferAccepted{now, agent, work});
    } else if (roll < 95 && !assigned.empty()) {
      const std::size_t i =
          static_cast<std::size_t>(pick(0, static_cast<int>(assigned.size()) - 1));
      const auto [agent, work] = assigned[i];
      assigned.erase(assigned.begin() + static_cast<std::ptrdiff_t>(i));
      if (work.kind == WorkKind::kContact) {
        feed(ContactEnded{now, work.id, agent, std::nullopt});
      } else {
        feed(StepDone{now, work.id, agent, work.handle});
      }
    } else {
      feed(ClockTick{now});
    }
  }
  return s;
}

}  // namespace tandem::live_test
