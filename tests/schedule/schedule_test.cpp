#include <gtest/gtest.h>
#include "schedule/schedule.h"
TEST(Schedule, Placeholder) { EXPECT_TRUE(true); }
