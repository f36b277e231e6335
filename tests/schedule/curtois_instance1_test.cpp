// SPDX-License-Identifier: Apache-2.0
// Instance1 of Curtois & Qu's benchmark (../shared/data/curtois) solved by the MIP alone to its
// proven optimum 607 (best_known.csv). A few seconds in Release, up to ten in a Debug build on
// a loaded machine and more under the sanitizers: ctest label "slow".
#include <gtest/gtest.h>

#include "common/shared_data.h"

#include <string>

#include "schedule/curtois_model.h"
#include "schedule/curtois_parser.h"

namespace tandem::schedule::curtois {
namespace {

TEST(CurtoisInstance1, SolvedToItsKnownOptimum) {
  TANDEM_REQUIRE_SHARED_DATA("curtois/Instance1.txt");
  auto in = read_instance(std::string(TANDEM_SHARED_DATA_DIR) + "/curtois/Instance1.txt");
  ASSERT_TRUE(in.is_ok()) << in.status().message();
  SolveOptions options;
  options.heuristic_share = 0;
  options.time_limit_seconds = 300;
  auto sol = solve(*in, options);
  ASSERT_TRUE(sol.is_ok()) << sol.status().message();
  EXPECT_EQ(sol->outcome, Outcome::kOptimal);
  EXPECT_TRUE(sol->evaluation.feasible());
  EXPECT_EQ(sol->evaluation.objective, 607);  // best_known.csv: 607, proven optimal
  EXPECT_DOUBLE_EQ(sol->bound, 607.0);
}

}  // namespace
}  // namespace tandem::schedule::curtois
