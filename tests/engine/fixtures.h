// SPDX-License-Identifier: Apache-2.0
// Small scenarios built in code for the engine tests (no YAML), and helpers to drive an engine.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "engine/engine.h"
#include "model/scenario.h"

namespace tandem::engine::testing {

using namespace std::chrono_literals;

// Monday 2026-03-02 08:00:00 UTC.
inline Instant t0() { return Instant{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}} + 8h; }
inline Instant at(Seconds s) { return t0() + s; }

inline Queue make_queue(const std::string& id, const std::string& channel, const std::string& skill,
                        int priority, const std::string& sla, double aht_seconds) {
  Queue q;
  q.id = id;
  q.name = id;
  q.channel = channel;
  q.skill = skill;
  q.priority = priority;
  q.sla = sla;
  q.handle_time = Distribution::fixed(aht_seconds);
  return q;
}

inline ProcessStep make_step(const std::string& id, const std::string& work_type, double seconds,
                             bool robot = false, double qc = 0.0) {
  ProcessStep s;
  s.id = id;
  s.name = id;
  s.work_type = work_type;
  s.handle_time = Distribution::fixed(seconds);
  s.robot_eligible = robot;
  s.quality_check_rate = qc;
  return s;
}

inline Agent make_agent(const std::string& id, std::vector<std::string> skills,
                        const std::string& team = "", AgentKind kind = AgentKind::kHuman) {
  Agent a;
  a.id = id;
  a.name = id;
  a.kind = kind;
  a.team = team;
  for (auto& s : skills) a.skills.push_back(SkillLevel{s, 1.0});
  return a;
}

// Channels voice (1), chat (3), back_office (pausable), email (not pausable); skills billing,
// kyc, underwriting, doc; queues voice, chat, kyc, underwriting, doc-check, email, callback;
// process "mortgage": doc-check (robot-eligible) -> [kyc | underwriting] -> offer (underwriting).
inline Scenario base_scenario() {
  Scenario s;
  s.name = "engine-test";
  for (const char* id : {"billing", "kyc", "underwriting", "doc"}) s.skills.push_back({id, id});
  s.channels.push_back({"voice", "Voice", ChannelMode::kRealTime, 1, false});
  s.channels.push_back({"chat", "Chat", ChannelMode::kRealTime, 3, false});
  s.channels.push_back({"back_office", "Back office", ChannelMode::kDeferrable, 1, true});
  s.channels.push_back({"email", "Email", ChannelMode::kDeferrable, 1, false});
  Sla fo;
  fo.id = "fo";
  fo.kind = SlaKind::kFrontOffice;
  fo.answered_percent = 80;
  fo.answer_within_seconds = 20;
  Sla bo;
  bo.id = "bo";
  bo.kind = SlaKind::kBackOffice;
  bo.deadline = Deadline{DeadlineUnit::kHours, 48};
  s.slas = {fo, bo};
  s.queues.push_back(make_queue("voice", "voice", "billing", 2, "fo", 300));
  s.queues.push_back(make_queue("chat", "chat", "billing", 1, "fo", 600));
  s.queues.push_back(make_queue("kyc", "back_office", "kyc", 1, "bo", 600));
  s.queues.push_back(make_queue("underwriting", "back_office", "underwriting", 1, "bo", 1200));
  s.queues.push_back(make_queue("doc-check", "back_office", "doc", 1, "bo", 120));
  s.queues.push_back(make_queue("email", "email", "billing", 1, "bo", 900));
  s.queues.push_back(make_queue("callback", "back_office", "billing", 1, "bo", 300));
  Process p;
  p.id = "mortgage";
  p.name = "Mortgage";
  p.sla = "bo";
  p.channel = "back_office";
  p.stages.push_back(ProcessStage{{{make_step("docs", "doc-check", 120, /*robot=*/true)}}});
  p.stages.push_back(ProcessStage{
      {{make_step("kyc-check", "kyc", 600)}, {make_step("underwrite", "underwriting", 1200)}}});
  p.stages.push_back(ProcessStage{{{make_step("offer", "underwriting", 600)}}});
  s.processes.push_back(p);
  Process single;
  single.id = "kyc-only";
  single.name = "KYC only";
  single.sla = "bo";
  single.stages.push_back(ProcessStage{{{make_step("check", "kyc", 600)}}});
  s.processes.push_back(single);
  return s;
}

inline Policy base_policy() {
  Policy p;
  p.id = "default";
  p.blending = true;
  p.phone_margin_agents = 0;
  p.hysteresis_agents = 1;
  p.offer_timeout_seconds = 15;
  p.not_ready_on_reject = true;
  return p;
}

// An engine plus the actions it produced, with helpers that assert each event is accepted.
class Driver {
 public:
  Driver(const Scenario& scenario, const Policy& policy, EngineOptions options = {})
      : engine_(make(scenario, policy, options)) {}

  static Engine make(const Scenario& scenario, const Policy& policy, EngineOptions options) {
    if (options.start == Instant{}) options.start = t0();
    auto r = Engine::create(scenario, policy, options);
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    return std::move(r).value();
  }

  // Handles an event that must be accepted; returns the actions it produced.
  std::vector<Action> ok(const Event& e) {
    std::vector<Action> out;
    Status s = engine_.handle(e, out);
    EXPECT_TRUE(s.is_ok()) << name_of(e) << ": " << s.message();
    Status inv = engine_.check_invariants();
    EXPECT_TRUE(inv.is_ok()) << inv.message();
    all_.insert(all_.end(), out.begin(), out.end());
    return out;
  }
  Status send(const Event& e, std::vector<Action>* out_actions = nullptr) {
    std::vector<Action> out;
    Status s = engine_.handle(e, out);
    all_.insert(all_.end(), out.begin(), out.end());
    if (out_actions) *out_actions = out;
    return s;
  }

  Engine& engine() { return engine_; }
  const std::vector<Action>& all() const { return all_; }

 private:
  Engine engine_;
  std::vector<Action> all_;
};

template <class T>
std::vector<T> only(const std::vector<Action>& actions) {
  std::vector<T> out;
  for (const auto& a : actions) {
    if (const T* x = std::get_if<T>(&a)) out.push_back(*x);
  }
  return out;
}

inline WorkRef contact_ref(const std::string& id) { return WorkRef{WorkKind::kContact, id}; }
inline WorkRef task_ref(const std::string& id) { return WorkRef{WorkKind::kTask, id}; }

}  // namespace tandem::engine::testing
