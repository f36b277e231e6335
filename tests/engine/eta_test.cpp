// SPDX-License-Identifier: Apache-2.0
// ETA (docs/engine.md "ETA"): the observed service rate of a backlogged queue (StartLog) and
// the ETA built on it.
#include <gtest/gtest.h>

#include "engine/eta.h"
#include "fixtures.h"

namespace tandem::engine::testing {
namespace {

using detail::StartLog;

Policy direct() {  // assignments without offers
  Policy p = base_policy();
  p.offer_timeout_seconds = 0;
  return p;
}

TEST(EngineEta, StartLogCountsOnlyBackloggedGaps) {
  StartLog log;
  EXPECT_TRUE(log.empty());
  log.note(0, 1.0, 0.0, true);         // the first start: no gap before it
  log.note(100, 1.0, 100.0, true);     // after a start that left tasks waiting: counted
  log.note(200, 0.5, 100.0, false);    // a resumed task, half its work left: half a start
  log.note(10000, 1.0, 9800.0, true);  // the queue was empty before it: not counted
  log.note(20000, 1.0, 7200.0, true);  // two open hours without a start: nobody on it
  ASSERT_FALSE(log.empty());
  const StartLog::Mark last = log.newest();
  EXPECT_EQ(last.time, 20000);
  EXPECT_DOUBLE_EQ(last.starts, 1.5);
  EXPECT_DOUBLE_EQ(last.open_seconds, 200.0);
  // checkpoints at 0, 10000 and 20000 (the starts at 100 and 200 are within 30 minutes of 0)
  EXPECT_EQ(log.since(19999).time, 10000);
  EXPECT_EQ(log.since(5000).time, 0);
  EXPECT_EQ(log.since(-1).time, 0);  // before the oldest: the oldest
}

TEST(EngineEta, StartLogKeepsTheLastCheckpoints) {
  StartLog log;
  for (std::int64_t k = 0; k < 200; ++k) log.note(k * StartLog::kMarkSeconds, 1.0, 1.0, true);
  EXPECT_EQ(log.newest().time, 199 * StartLog::kMarkSeconds);
  // the ring holds the last kMarks checkpoints
  EXPECT_EQ(log.since(0).time,
            static_cast<std::int64_t>(200 - StartLog::kMarks) * StartLog::kMarkSeconds);
}

// One agent works a backlogged queue twice as fast as its standard handle time (600 s): once
// warmed up, the ETA follows the observed rate (one task per 300 s), not the capacity.
TEST(EngineEta, FollowsTheObservedServiceRate) {
  Scenario s = base_scenario();
  s.agents = {make_agent("k1", {"kyc"})};
  Driver d(s, direct());
  d.ok(AgentLoggedIn{at(0s), "k1"});
  for (int i = 0; i < 40; ++i) {
    d.ok(WorkItemCreated{at(0s), "i" + std::to_string(i), "kyc-only", "", "", std::nullopt,
                         at(Seconds{36000 + i}), std::nullopt});
  }
  // Cold (one start): the capacity estimate, 1 agent at 600 s a task.
  auto cold = d.engine().eta("i5");
  ASSERT_TRUE(cold.is_ok());
  EXPECT_EQ(cold->position, 4);
  EXPECT_DOUBLE_EQ(cold->capacity_agents, 1.0);
  EXPECT_EQ(cold->queue_wait, Seconds{4 * 600});
  for (int k = 0; k < 25; ++k) {
    d.ok(StepDone{at(Seconds{300 * (k + 1)}), "i" + std::to_string(k) + "/check", "k1"});
  }
  // Now 7500 s: i25 in hand; 24 counted starts over 7200 s up to the last checkpoint.
  auto e = d.engine().eta("i30");
  ASSERT_TRUE(e.is_ok());
  EXPECT_EQ(e->position, 4);
  EXPECT_DOUBLE_EQ(e->capacity_agents, 2.0);  // 600 s AHT at one task per 300 s
  EXPECT_EQ(e->queue_wait, Seconds{4 * 300});
  EXPECT_EQ(e->completion, at(7500s) + 1200s + 600s);
  // ETA order = queue order
  Instant previous = at(0s);
  for (int i = 26; i < 40; ++i) {
    auto next = d.engine().eta("i" + std::to_string(i));
    ASSERT_TRUE(next.is_ok());
    EXPECT_GE(next->completion, previous) << i;
    previous = next->completion;
  }
}

// A step to come waits for the tasks ahead of the item upstream and in its own queue: in the
// mortgage process, the items ahead at the document check are ahead at KYC too.
TEST(EngineEta, LaterStepsWaitForTheWorkAhead) {
  Scenario s = base_scenario();
  s.agents = {make_agent("d", {"doc"}), make_agent("k", {"kyc"}),
              make_agent("u", {"underwriting"})};
  Driver d(s, direct());
  for (const char* a : {"d", "k", "u"}) d.ok(AgentLoggedIn{at(0s), a});
  for (int i = 0; i < 6; ++i) {
    d.ok(WorkItemCreated{at(0s), "m" + std::to_string(i), "mortgage", "", "", std::nullopt,
                         at(Seconds{360000 + i}), std::nullopt});
  }
  // ETAs grow with the place in the document-check queue, by more than the check alone.
  auto first = d.engine().eta("m1");
  auto last = d.engine().eta("m5");
  ASSERT_TRUE(first.is_ok());
  ASSERT_TRUE(last.is_ok());
  EXPECT_EQ(last->position, first->position + 4);
  // m1 (head): check 120 s, KYC 600 s, underwriting 1200 s, offer 600 s, no waits.
  EXPECT_EQ(first->completion, at(1920s));
  // m5: 4 ahead at the check (480 s), then those 4 at KYC (4 x 600 s) and underwriting
  // (4 x 1200 s, the longer branch: 6000 s), the offer after them (+600 s).
  EXPECT_EQ(last->completion, at(6600s));
  EXPECT_EQ(last->remaining_work, first->remaining_work);
}

}  // namespace
}  // namespace tandem::engine::testing
