// SPDX-License-Identifier: Apache-2.0
// Rejections keep their real code: NotFound for an unknown id, Conflict for an event out of
// order for the state, InvalidArgument for a bad value; the queries answer with the same codes.
#include <gtest/gtest.h>

#include "engine/fixtures.h"

namespace tandem::engine::testing {
namespace {

struct Case {
  Event event;
  StatusCode code;
  const char* words;
};

class EngineRejectCodes : public ::testing::Test {
 protected:
  void SetUp() override {
    Scenario s = base_scenario();
    s.agents = {make_agent("v", {"billing"}), make_agent("k", {"kyc"})};
    driver_ = std::make_unique<Driver>(s, base_policy());
    driver_->ok(AgentLoggedIn{at(0s), "v"});
    driver_->ok(AgentLoggedIn{at(0s), "k"});
    driver_->ok(ContactArrived{at(1s), "c1", "voice", "cust"});
    driver_->ok(OfferAccepted{at(2s), "v", contact_ref("c1")});
    driver_->ok(WorkItemCreated{at(2s), "i1", "kyc-only", "", "cust", std::nullopt, std::nullopt,
                                std::nullopt});
    driver_->ok(WorkItemCreated{at(2s), "i2", "", "email", "cust", std::nullopt, std::nullopt,
                                std::nullopt});
    driver_->ok(ItemCancelled{at(3s), "i2", "duplicate"});
  }

  void expect(const std::vector<Case>& cases) {
    for (const Case& c : cases) {
      std::vector<Action> out;
      const Status st = driver_->engine().handle(c.event, out);
      EXPECT_EQ(st.code(), c.code) << name_of(c.event) << ": " << st.message();
      EXPECT_NE(st.message().find(name_of(c.event)), std::string::npos) << st.message();
      EXPECT_NE(st.message().find(c.words), std::string::npos) << st.message();
      EXPECT_TRUE(out.empty()) << name_of(c.event);
    }
  }

  std::unique_ptr<Driver> driver_;
};

TEST_F(EngineRejectCodes, UnknownIdsAreNotFound) {
  expect({
      {ContactAbandoned{at(4s), "c9"}, StatusCode::kNotFound, "unknown contact 'c9'"},
      {ContactEnded{at(4s), "c1", "ghost", std::nullopt}, StatusCode::kNotFound,
       "unknown agent 'ghost'"},
      {WorkItemCreated{at(4s), "i3", "no-such-process", "", "", std::nullopt, std::nullopt,
                       std::nullopt},
       StatusCode::kNotFound, "unknown process 'no-such-process'"},
      {WorkItemCreated{at(4s), "i3", "", "no-such-queue", "", std::nullopt, std::nullopt,
                       std::nullopt},
       StatusCode::kNotFound, "unknown work type 'no-such-queue'"},
      {ItemCancelled{at(4s), "i9", "x"}, StatusCode::kNotFound, "unknown item 'i9'"},
      {PendingCustomer{at(4s), "i9"}, StatusCode::kNotFound, "unknown item 'i9'"},
      {WorkResumed{at(4s), "i1/nope"}, StatusCode::kNotFound, "unknown open task"},
      {AgentLoggedOut{at(4s), "ghost"}, StatusCode::kNotFound, "unknown agent 'ghost'"},
      {ForecastUpdated{at(4s), "nowhere", at(0s), 900s, 10, 0}, StatusCode::kNotFound,
       "unknown queue 'nowhere'"},
      {CapacityPlanned{at(4s), "nowhere", 2}, StatusCode::kNotFound, "unknown queue 'nowhere'"},
      {OfferRejected{at(4s), "k", task_ref("i9/check")}, StatusCode::kNotFound,
       "unknown open task"},
  });
}

TEST_F(EngineRejectCodes, EventsOutOfOrderForTheStateAreConflicts) {
  expect({
      {ContactAbandoned{at(4s), "c1"}, StatusCode::kConflict, "already answered"},
      {ContactEnded{at(4s), "c1", "k", std::nullopt}, StatusCode::kConflict, "not assigned"},
      {ItemCancelled{at(4s), "i2", "again"}, StatusCode::kConflict, "already closed"},
      {PendingCustomer{at(4s), "i2"}, StatusCode::kConflict, "closed"},
      {CustomerResponded{at(4s), "i1"}, StatusCode::kConflict, "not pending"},
      {AgentLoggedIn{at(4s), "v"}, StatusCode::kConflict, "already logged in"},
      {ContactArrived{at(4s), "c1", "voice", ""}, StatusCode::kConflict, "already exists"},
      {OfferAccepted{at(4s), "v", contact_ref("c1")}, StatusCode::kConflict, "not offered"},
  });
}

TEST_F(EngineRejectCodes, BadValuesAreInvalidArguments) {
  expect({
      {ContactArrived{at(4s), "", "voice", ""}, StatusCode::kInvalidArgument, "empty contact id"},
      {ContactArrived{at(4s), "c5", "kyc", ""}, StatusCode::kInvalidArgument, "deferrable"},
      {ContactEnded{at(4s), "c1", "v", Seconds{-5}}, StatusCode::kInvalidArgument,
       "negative after_contact_work"},
      {WorkItemCreated{at(4s), "a/b", "kyc-only", "", "", std::nullopt, std::nullopt, std::nullopt},
       StatusCode::kInvalidArgument, "contains '/'"},
      {ForecastUpdated{at(4s), "kyc", at(0s), 900s, 10, 0}, StatusCode::kInvalidArgument,
       "not real-time"},
      {ForecastUpdated{at(4s), "voice", at(0s), 900s, -1, 0}, StatusCode::kInvalidArgument,
       "volume >= 0"},
      {CapacityPlanned{at(4s), "kyc", -1}, StatusCode::kInvalidArgument, "agents must be"},
      {SelfServiceProgress{at(4s), "", "s", "web", 1, 3, false, false},
       StatusCode::kInvalidArgument, "empty customer id"},
      {SelfServiceProgress{at(4s), "cust", "s", "web", 4, 3, false, false},
       StatusCode::kInvalidArgument, "out of range"},
      {ScheduleActivityStarted{at(4s), "v", ScheduledActivity::kPhones, at(3s)},
       StatusCode::kInvalidArgument, "ends before"},
      {AgentLoggedIn{at(1s), "k"}, StatusCode::kInvalidArgument, "time goes backwards"},
  });
}

TEST_F(EngineRejectCodes, QueriesAnswerWithTheSameCodes) {
  Engine& e = driver_->engine();
  EXPECT_EQ(e.eta("i9").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(e.eta("i2").status().code(), StatusCode::kConflict);  // cancelled
  EXPECT_EQ(e.history("i9").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(e.explain_item("i9").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(e.explain(contact_ref("c9")).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(e.explain(task_ref("i1/zzz")).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(e.eta("i1").is_ok());
}

}  // namespace
}  // namespace tandem::engine::testing
