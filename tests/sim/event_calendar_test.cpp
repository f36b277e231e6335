#include "sim/event_calendar.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace tandem::sim
