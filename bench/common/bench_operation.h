// SPDX-License-Identifier: Apache-2.0
// The synthetic operation of the engine and live-host benchmarks: skills, real-time and
// back-office queues, ten three-stage processes with a parallel split, and phone, back-office
// and blended agents, drawn from `rng` (the same seed gives the same operation).
#pragma once

#include <random>
#include <string>

#include "model/scenario.h"

namespace tandem::bench {

struct OperationSize {
  const char* name;
  int agents;
  int skills;
  int real_time_queues;  // skills 0..real_time_queues-1: voice and chat
  int phone_agents;      // the first agents; then the back-office ones; the rest are blended
  int back_office_agents;
};

// "prefix" + number (built without operator+, which trips GCC 12's -Wrestrict at -O3).
template <class N>
inline std::string id_of(const char* prefix, N n) {
  std::string id(prefix);
  id += std::to_string(n);
  return id;
}

inline Scenario make_bench_operation(std::mt19937_64& rng, const OperationSize& size) {
  Scenario s;
  s.name = size.name;
  for (int i = 0; i < size.skills; ++i) s.skills.push_back({id_of("s", i), ""});
  s.channels.push_back({"voice", "", ChannelMode::kRealTime, 1, false});
  s.channels.push_back({"chat", "", ChannelMode::kRealTime, 3, false});
  s.channels.push_back({"back_office", "", ChannelMode::kDeferrable, 1, true});
  Sla fo;
  fo.id = "fo";
  Sla bo;
  bo.id = "bo";
  bo.kind = SlaKind::kBackOffice;
  bo.deadline = Deadline{DeadlineUnit::kHours, 48};
  s.slas = {fo, bo};
  for (int i = 0; i < size.skills; ++i) {
    Queue q;
    q.id = id_of("q", i);
    q.skill = id_of("s", i);
    const bool rt = i < size.real_time_queues;
    q.channel = rt ? (i % 4 == 3 ? "chat" : "voice") : "back_office";
    q.sla = rt ? "fo" : "bo";
    q.priority = rt ? 2 : 1 + i % 3;
    q.handle_time = Distribution::exponential(rt ? 300 : 600 + 60 * (i % 20));
    s.queues.push_back(q);
  }
  // Ten processes: step -> two parallel branches -> step, over back-office queues.
  std::uniform_int_distribution<int> office(size.real_time_queues, size.skills - 1);
  for (int p = 0; p < 10; ++p) {
    Process proc;
    proc.id = id_of("p", p);
    proc.sla = "bo";
    auto step = [&](const std::string& id) {
      ProcessStep st;
      st.id = id;
      st.work_type = id_of("q", office(rng));
      st.handle_time = Distribution::exponential(600);
      return st;
    };
    proc.stages.push_back(ProcessStage{{{step("a")}}});
    proc.stages.push_back(ProcessStage{{{step("b")}, {step("c")}}});
    proc.stages.push_back(ProcessStage{{{step("d")}}});
    s.processes.push_back(proc);
  }
  std::uniform_int_distribution<int> rt_skill(0, size.real_time_queues - 1);
  for (int a = 0; a < size.agents; ++a) {
    Agent agent;
    agent.id = id_of("a", a);
    auto add = [&](int skill) {
      for (const auto& sl : agent.skills) {
        if (sl.skill == id_of("s", skill)) return;
      }
      agent.skills.push_back({id_of("s", skill), 1.0});
    };
    if (a < size.phone_agents) {  // phones
      add(rt_skill(rng));
      add(rt_skill(rng));
    } else if (a < size.phone_agents + size.back_office_agents) {  // back office
      for (int k = 0; k < 5; ++k) add(office(rng));
    } else {  // blended
      add(rt_skill(rng));
      for (int k = 0; k < 3; ++k) add(office(rng));
    }
    s.agents.push_back(agent);
  }
  return s;
}

}  // namespace tandem::bench
