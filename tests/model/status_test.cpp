// SPDX-License-Identifier: Apache-2.0
// Status and Result: the error payload, its cost when ok, and the one mapping of codes to exit
// codes and HTTP statuses (CONTRIBUTING.md, "How errors travel").
#include "model/status.h"

#include <gtest/gtest.h>

#include <string>
#include <type_traits>
#include <vector>

#include "model/scenario.h"

namespace tandem {
namespace {

TEST(Status, OkCostsOnePointerAndHoldsNothing) {
  static_assert(sizeof(Status) == sizeof(void*));
  const Status ok = Status::ok();
  EXPECT_TRUE(ok.is_ok());
  EXPECT_EQ(ok.code(), StatusCode::kOk);
  EXPECT_EQ(ok.message(), "");
  EXPECT_TRUE(ok.diagnostics().empty());
  EXPECT_TRUE(Status().is_ok());
}

TEST(Status, InvalidArgumentCarriesMessageAndDiagnostics) {
  Diagnostic d;
  d.location = {"s.yaml", 3, 7};
  d.field = "queues[2].skill";
  d.rule = "unknown skill 'mortage'";
  const Status s = Status::invalid_argument("1 problem", {d});
  EXPECT_FALSE(s.is_ok());
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "1 problem");
  ASSERT_EQ(s.diagnostics().size(), 1u);
  EXPECT_EQ(s.diagnostics()[0].field, "queues[2].skill");
  EXPECT_EQ(s.diagnostics()[0].location.line, 3);
  // The one-argument form stays as it was: no diagnostics.
  EXPECT_TRUE(Status::invalid_argument("bad").diagnostics().empty());
}

TEST(Status, CopiesAreDeepAndMovesLeaveOk) {
  Status a = Status::not_found("no agent 'x'");
  Status b = a;
  EXPECT_EQ(b.code(), StatusCode::kNotFound);
  EXPECT_EQ(b.message(), "no agent 'x'");
  EXPECT_NE(&a.message(), &b.message());
  Status c = std::move(a);
  EXPECT_EQ(c.message(), "no agent 'x'");
  b = Status::ok();
  EXPECT_TRUE(b.is_ok());
  c = c;  // self-assignment keeps the error
  EXPECT_EQ(c.code(), StatusCode::kNotFound);
}

TEST(Status, FromCodeKeepsTheCodeAndOkDropsTheMessage) {
  EXPECT_EQ(Status::from_code(StatusCode::kConflict, "busy").code(), StatusCode::kConflict);
  EXPECT_EQ(Status::from_code(StatusCode::kConflict, "busy").message(), "busy");
  EXPECT_TRUE(Status::from_code(StatusCode::kOk, "ignored").is_ok());
  EXPECT_EQ(Status::from_code(StatusCode::kOk, "ignored").message(), "");
}

TEST(Status, EveryCodeMapsToOneExitCodeAndOneHttpStatus) {
  struct Row {
    StatusCode code;
    const char* name;
    int exit_code;
    int http;
  };
  // The table of CONTRIBUTING.md.
  const std::vector<Row> rows = {
      {StatusCode::kOk, "ok", 0, 200},
      {StatusCode::kInvalidArgument, "invalid_argument", 1, 400},
      {StatusCode::kNotFound, "not_found", 1, 404},
      {StatusCode::kConflict, "conflict", 1, 409},
      {StatusCode::kUnavailable, "unavailable", 3, 503},
      {StatusCode::kInternal, "internal", 3, 500},
  };
  for (const Row& r : rows) {
    EXPECT_STREQ(to_string(r.code), r.name);
    EXPECT_EQ(exit_code_for(r.code), r.exit_code) << r.name;
    EXPECT_EQ(http_status_for(r.code), r.http) << r.name;
  }
  // Stored codes never change value.
  EXPECT_EQ(static_cast<int>(StatusCode::kInvalidArgument), 1);
  EXPECT_EQ(static_cast<int>(StatusCode::kInternal), 5);
}

TEST(Result, ValueMeansOkStatusWithoutAllocation) {
  const Result<int> r = 42;
  ASSERT_TRUE(r.is_ok());
  EXPECT_EQ(*r, 42);
  EXPECT_TRUE(r.status().is_ok());
}

TEST(Result, ErrorKeepsTheStatusAndAnOkStatusBecomesInternal) {
  const Result<int> bad = Status::unavailable("database busy");
  EXPECT_FALSE(bad.is_ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kUnavailable);
  const Result<int> wrong = Status::ok();
  EXPECT_FALSE(wrong.is_ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kInternal);
}

TEST(Result, ReadScenarioCarriesEveryProblemAsADiagnostic) {
  const std::string file =
      std::string(TANDEM_SOURCE_DIR) + "/tests/model/data/invalid/27-many-problems.yaml";
  const Result<Scenario> r = read_scenario(file);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  const std::vector<Diagnostic>& ds = r.status().diagnostics();
  ASSERT_EQ(ds.size(), 4u);
  EXPECT_EQ(ds[1].field, "queues[0].skill");
  EXPECT_EQ(ds[1].rule, "unknown skill 'phonez'");
  EXPECT_EQ(ds[1].location.line, 23);
  EXPECT_EQ(ds[1].location.column, 12);
  // The message is the same problems as text, one a line.
  EXPECT_EQ(r.status().message(), to_string(ds));
}

}  // namespace
}  // namespace tandem
