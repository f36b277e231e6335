// SPDX-License-Identifier: Apache-2.0
#include "sim/event_calendar.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace tandem::sim {
namespace {

TEST(EventCalendar, PopsInTimeOrderAndTiesInSchedulingOrder) {
  EventCalendar<int> cal;
  cal.schedule(5.0, 1);
  cal.schedule(1.0, 2);
  cal.schedule(5.0, 3);
  cal.schedule(1.0, 4);
  cal.schedule(0.5, 5);
  std::vector<int> order;
  while (!cal.empty()) order.push_back(cal.pop().payload);
  EXPECT_EQ(order, (std::vector<int>{5, 2, 4, 1, 3}));
}

// Many entries with few distinct times: the pop order is (time, scheduling order) exactly.
TEST(EventCalendar, LargeInterleavedScheduleKeepsTheOrder) {
  EventCalendar<int> cal;
  std::vector<std::pair<double, int>> expected;
  std::uint64_t x = 12345;
  for (int i = 0; i < 2000; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    const double t = static_cast<double>((x >> 33) % 50);
    cal.schedule(t, i);
    expected.emplace_back(t, i);
    if (i % 3 == 0) {  // pop now and then, as the simulator does
      const auto e = cal.pop();
      auto it = std::min_element(expected.begin(), expected.end());
      EXPECT_EQ(e.time, it->first);
      EXPECT_EQ(e.payload, it->second);
      expected.erase(it);
    }
  }
  std::sort(expected.begin(), expected.end());
  for (const auto& [t, i] : expected) {
    ASSERT_FALSE(cal.empty());
    const auto e = cal.pop();
    EXPECT_EQ(e.time, t);
    EXPECT_EQ(e.payload, i);
  }
  EXPECT_TRUE(cal.empty());
}

}  // namespace
}  // namespace tandem::sim
