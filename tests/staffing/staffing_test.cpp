// SPDX-License-Identifier: Apache-2.0
// Inverse staffing: minimality against the evaluators, every target kind, concurrency,
// shrinkage and bad input.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "staffing/erlang.h"
#include "staffing/erlang_a.h"
#include "staffing/staffing.h"

namespace tandem::staffing {
namespace {

QueueLoad load_of(double lambda, double aht, std::optional<double> patience = std::nullopt) {
  QueueLoad load;
  load.arrivals_per_second = lambda;
  load.aht_seconds = aht;
  load.patience_seconds = patience;
  return load;
}

bool meets(const QueueMetrics& m, const StaffingTargets& t) {
  if (t.service_level && m.service_level < *t.service_level) return false;
  if (t.max_asa_seconds && m.asa_seconds > *t.max_asa_seconds) return false;
  if (t.max_abandon && m.p_abandon > *t.max_abandon) return false;
  if (t.max_occupancy && m.occupancy > *t.max_occupancy) return false;
  return true;
}

TEST(ErlangCStaffing, ThinWrapperIsMinimal) {
  for (double a : {0.05, 0.9, 7.0, 63.0, 999.0, 10000.0}) {
    for (double sl : {0.5, 0.8, 0.95, 0.999}) {
      const double lambda = a / 240;
      Result<int> n = erlang_c_agents_for_service_level(lambda, 240, sl, 20);
      ASSERT_TRUE(n.is_ok());
      EXPECT_GE(erlang_c_service_level(lambda, 240, *n, 20), sl);
      EXPECT_LT(erlang_c_service_level(lambda, 240, *n - 1, 20), sl) << "A=" << a;
    }
  }
  EXPECT_EQ(*erlang_c_agents_for_service_level(0, 240, 0.8, 20), 0);
}

TEST(ErlangCStaffing, ThinWrapperRejectsBadInput) {
  EXPECT_EQ(erlang_c_agents_for_service_level(-1, 240, 0.8, 20).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_FALSE(erlang_c_agents_for_service_level(1, 0, 0.8, 20).is_ok());
  EXPECT_FALSE(erlang_c_agents_for_service_level(1, 240, 0, 20).is_ok());
  EXPECT_FALSE(erlang_c_agents_for_service_level(1, 240, 1.2, 20).is_ok());
  EXPECT_FALSE(erlang_c_agents_for_service_level(1, 240, 0.8, -5).is_ok());
  EXPECT_FALSE(
      erlang_c_agents_for_service_level(std::numeric_limits<double>::quiet_NaN(), 240, 0.8, 20)
          .is_ok());
  const Status s = erlang_c_agents_for_service_level(1, 240, 1.2, 20).status();
  EXPECT_NE(s.message().find("service level"), std::string::npos);
}

TEST(RequiredAgents, EveryTargetCombinationIsMinimal) {
  for (double a : {0.7, 12.0, 150.0}) {
    for (std::optional<double> patience : {std::optional<double>(), std::optional<double>(120.0)}) {
      QueueLoad load = load_of(a / 300, 300, patience);
      std::vector<StaffingTargets> all;
      StaffingTargets t;
      t.service_level = 0.8;
      all.push_back(t);
      t.max_asa_seconds = 15;
      all.push_back(t);
      t.max_occupancy = 0.8;
      all.push_back(t);
      StaffingTargets asa_only;
      asa_only.max_asa_seconds = 5;
      all.push_back(asa_only);
      if (patience) {
        StaffingTargets ab;
        ab.max_abandon = 0.02;
        all.push_back(ab);
        ab.service_level = 0.9;
        ab.target_seconds = 30;
        all.push_back(ab);
        ab.service_level_over_answered = true;
        all.push_back(ab);
      }
      for (const StaffingTargets& target : all) {
        Result<QueueMetrics> m = required_agents(load, target);
        ASSERT_TRUE(m.is_ok()) << m.status().message();
        auto at = [&](int n) { return *evaluate(load, n, target.target_seconds); };
        auto ok = [&](const QueueMetrics& q) {
          if (target.service_level_over_answered) {
            QueueMetrics copy = q;
            copy.service_level = q.service_level_answered;
            return meets(copy, target);
          }
          return meets(q, target);
        };
        EXPECT_TRUE(ok(at(m->agents)));
        if (m->agents > 0) {
          EXPECT_FALSE(ok(at(m->agents - 1))) << "A=" << a;
        }
      }
    }
  }
}

TEST(RequiredAgents, OccupancyCapCanOnlyRaiseAgents) {
  for (double a : {3.0, 30.0, 300.0}) {
    for (double cap : {0.95, 0.85, 0.7, 0.5}) {
      for (std::optional<double> patience :
           {std::optional<double>(), std::optional<double>(90.0)}) {
        QueueLoad load = load_of(a / 200, 200, patience);
        StaffingTargets t;
        t.service_level = 0.8;
        const int free = required_agents(load, t)->agents;
        t.max_occupancy = cap;
        const int capped = required_agents(load, t)->agents;
        EXPECT_GE(capped, free);
      }
    }
  }
}

TEST(RequiredAgents, ErlangABelowTheOfferedLoad) {
  // With abandonment a queue is stable below the load: a loose abandonment target needs fewer
  // agents than Erlangs.
  QueueLoad load = load_of(100.0 / 300, 300, 60.0);  // 100 Erlangs, patience 1 minute
  StaffingTargets t;
  t.max_abandon = 0.3;
  Result<QueueMetrics> m = required_agents(load, t);
  ASSERT_TRUE(m.is_ok());
  EXPECT_LT(m->agents, 100);
  EXPECT_LE(m->p_abandon, 0.3);
}

TEST(RequiredAgents, ChatConcurrencyUsesAgentsAsServers) {
  QueueLoad single = load_of(60.0 / 900, 600);
  QueueLoad chat = single;
  chat.concurrency = 3;
  StaffingTargets t;
  t.service_level = 0.9;
  t.target_seconds = 60;
  const QueueMetrics one = *required_agents(single, t);
  const QueueMetrics three = *required_agents(chat, t);
  EXPECT_EQ(three.servers, 3 * three.agents);
  EXPECT_EQ(three.agents, (one.servers + 2) / 3);
  chat.concurrency_slowdown = 0.25;  // three sessions each take 1.5 x longer
  const QueueMetrics slow = *required_agents(chat, t);
  EXPECT_GT(slow.agents, three.agents);
  EXPECT_NEAR(slow.offered_load, 60.0 / 900 * 600 * 1.5, 1e-9);
}

TEST(RequiredAgents, BadInputNamesTheArgument) {
  StaffingTargets t;
  t.service_level = 0.8;
  auto message = [&](QueueLoad load, StaffingTargets targets) {
    Result<QueueMetrics> m = required_agents(load, targets);
    EXPECT_FALSE(m.is_ok());
    EXPECT_EQ(m.status().code(), StatusCode::kInvalidArgument);
    return m.status().message();
  };
  EXPECT_NE(message(load_of(-1, 100), t).find("arrival rate"), std::string::npos);
  EXPECT_NE(message(load_of(1, 0), t).find("handle time"), std::string::npos);
  EXPECT_NE(message(load_of(1, std::numeric_limits<double>::quiet_NaN()), t).find("handle time"),
            std::string::npos);
  EXPECT_NE(message(load_of(1, 100, 0.0), t).find("patience"), std::string::npos);
  StaffingTargets none;
  EXPECT_NE(message(load_of(1, 100), none).find("no staffing target"), std::string::npos);
  StaffingTargets bad_sl;
  bad_sl.service_level = 1.5;
  EXPECT_NE(message(load_of(1, 100), bad_sl).find("(0, 1]"), std::string::npos);
  StaffingTargets ab;
  ab.max_abandon = 0.05;
  EXPECT_NE(message(load_of(1, 100), ab).find("patience"), std::string::npos);
  StaffingTargets occ;
  occ.max_occupancy = 1e-9;  // would need 10^11 agents for 100 Erlangs
  EXPECT_NE(message(load_of(1, 100), occ).find("no number of servers"), std::string::npos);
  StaffingTargets zero_occ;
  zero_occ.max_occupancy = 0;
  EXPECT_NE(message(load_of(1, 100), zero_occ).find("max occupancy"), std::string::npos);
}

TEST(RequiredAgents, ZeroArrivalsNeedNobody) {
  StaffingTargets t;
  t.service_level = 0.8;
  EXPECT_EQ(required_agents(load_of(0, 300), t)->agents, 0);
  EXPECT_EQ(required_agents(load_of(0, 300, 60.0), t)->agents, 0);
}

TEST(ScheduledAgents, Shrinkage) {
  EXPECT_EQ(*scheduled_agents(14, 0.3), 20);
  EXPECT_EQ(*scheduled_agents(15, 0.3), 22);
  EXPECT_EQ(*scheduled_agents(0, 0.3), 0);
  EXPECT_EQ(*scheduled_agents(10, 0), 10);
  EXPECT_FALSE(scheduled_agents(10, 1).is_ok());
  EXPECT_FALSE(scheduled_agents(10, -0.1).is_ok());
}

}  // namespace
}  // namespace tandem::staffing
