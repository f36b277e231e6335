// SPDX-License-Identifier: Apache-2.0
// Real public data for tests (../shared/data, see docs/data.md). A newcomer's clone has no
// ../shared: a test that needs a data set skips with the reason instead of failing, and runs
// wherever the data is (CI has it).
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace tandem::testing {

// The path of a file under ../shared/data, e.g. shared_data("calls-fpp2/calls_5min.csv").
inline std::string shared_data(const std::string& relative) {
  return std::string(TANDEM_SHARED_DATA_DIR) + "/" + relative;
}

inline bool has_shared_data(const std::string& relative) {
  return std::filesystem::exists(shared_data(relative));
}

}  // namespace tandem::testing

// Skips the current test when a data set of ../shared/data is absent, naming it.
#define TANDEM_REQUIRE_SHARED_DATA(relative)                                                      \
  do {                                                                                            \
    if (!::tandem::testing::has_shared_data(relative))                                            \
      GTEST_SKIP() << "public data set not present: " << ::tandem::testing::shared_data(relative) \
                   << " (see docs/data.md)";                                                      \
  } while (0)
