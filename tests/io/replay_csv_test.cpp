// SPDX-License-Identifier: Apache-2.0
// Arrivals to replay (io/replay_csv.h): the Tandem replay CSV and the Anonymous Bank call log.
#include "io/replay_csv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "common/shared_data.h"

namespace tandem::io {
namespace {

using sim::ReplayedContact;

TEST(ReplayFile, ReadsTheAnonymousBankCallLog) {
  TANDEM_REQUIRE_SHARED_DATA("anonymous-bank-1999/calls_feb1999.tsv");
  auto calls = read_replay_file(std::string(TANDEM_SHARED_DATA_DIR) +
                                "/anonymous-bank-1999/calls_feb1999.tsv");
  ASSERT_TRUE(calls.is_ok()) << calls.status().message();
  // 33,344 rows less PHANTOM calls and served calls without a server.
  EXPECT_GT(calls->size(), 25000u);
  EXPECT_LT(calls->size(), 33344u);
  const std::set<std::string> types = {"PS", "NW", "NE", "TT", "IN", "PE"};
  std::size_t abandoned = 0;
  double last = 0;
  for (const ReplayedContact& c : *calls) {
    EXPECT_TRUE(types.count(c.queue)) << c.queue;
    EXPECT_GE(c.time, last);
    last = c.time;
    if (std::isfinite(c.patience_seconds)) ++abandoned;
  }
  // February 1999: 28 days; abandonment in this call centre is of the order of 10-20%.
  EXPECT_LT(last, 28 * 86400.0);
  EXPECT_GT(abandoned, calls->size() / 20);
  EXPECT_LT(abandoned, calls->size() / 3);
}

TEST(ReplayFile, TandemCsvAndItsErrorsNameTheLine) {
  auto ok = parse_replay(
      "seconds,queue,handle_seconds,patience_seconds\n0,voice,120,\n5,voice,60,30\n", "r.csv");
  ASSERT_TRUE(ok.is_ok()) << ok.status().message();
  ASSERT_EQ(ok->size(), 2u);
  EXPECT_FALSE(std::isfinite((*ok)[0].patience_seconds));
  EXPECT_EQ((*ok)[1].patience_seconds, 30);
  auto bad = parse_replay("seconds,queue,handle_seconds\n10,voice,60\n5,voice,60\n", "r.csv");
  ASSERT_FALSE(bad.is_ok());
  EXPECT_NE(bad.status().message().find("r.csv:3"), std::string::npos);
  auto header = parse_replay("when,where\n", "r.csv");
  ASSERT_FALSE(header.is_ok());
  EXPECT_NE(header.status().message().find("r.csv:1"), std::string::npos);
}

}  // namespace
}  // namespace tandem::io
