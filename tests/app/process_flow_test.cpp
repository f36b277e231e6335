// SPDX-License-Identifier: Apache-2.0
// Process-aware workload (staffing/process_flow.h through app::plan_staffing and
// app::schedule_demand): on Northbank every step of the mortgage process gets its work, and
// each step's weekly workload is the process's arrivals x its handle time x its share,
// computed here by hand from the scenario's numbers.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "app/plan.h"

namespace tandem {
namespace {

namespace fs = std::filesystem;
const std::string kSource = TANDEM_SOURCE_DIR;

Scenario load(const fs::path& file) {
  ScenarioLoad load = load_scenario(file);
  EXPECT_TRUE(load.ok()) << to_string(load.problems);
  return *load.scenario;
}

double forecast_total(const app::HorizonForecast& f, const std::string& queue) {
  double total = 0;
  for (const auto& q : f.table.queues)
    if (q.queue == queue)
      for (const auto& iv : q.intervals) total += iv.volume;
  return total;
}

std::map<std::string, double> weekly_hours(const staffing::StaffPlan& plan) {
  std::map<std::string, double> hours;
  for (const auto& bo : plan.back_office)
    for (const auto& iv : bo.intervals) hours[bo.queue] += iv.arriving_hours;
  return hours;
}

TEST(ProcessFlow, NorthbankEveryMortgageStepGetsArrivalsTimesHandleTimesShare) {
  const Scenario s = load(kSource + "/scenarios/northbank.yaml");
  auto forecast = app::forecast_horizon(s, 7);
  ASSERT_TRUE(forecast.is_ok()) << forecast.status().message();
  const double mortgages = forecast_total(*forecast, "mortgage-docs");
  const double accounts = forecast_total(*forecast, "account-maintenance");
  const double complaints = forecast_total(*forecast, "complaints");
  ASSERT_GT(mortgages, 100);
  ASSERT_EQ(forecast_total(*forecast, "underwriting"), 0);  // no history: only the flow

  auto plan = app::plan_staffing(s, app::StaffRequest{});
  ASSERT_TRUE(plan.is_ok()) << plan.status().message();
  const auto hours = weekly_hours(*plan);
  // The robots (4 x concurrency 4, failure rate 0.12) hold doc-check, valuation-admin and
  // account-admin: people get 12% of those steps back as exceptions.
  const double exceptions = 0.12;
  // Hand computation, minutes per mortgage: document check 12 (robots), underwriting 35 plus
  // a 10% check of 35, valuation 8 (robots), offer letter 10 plus a 5% check of 10.
  EXPECT_NEAR(hours.at("mortgage-docs"), mortgages * exceptions * 12 / 60, 1e-6 * mortgages);
  EXPECT_NEAR(hours.at("underwriting"), mortgages * (35 + 0.1 * 35) / 60, 1e-6 * mortgages);
  EXPECT_NEAR(hours.at("valuation"), mortgages * exceptions * 8 / 60, 1e-6 * mortgages);
  EXPECT_NEAR(hours.at("offer-letter"), mortgages * (10 + 0.05 * 10) / 60, 1e-6 * mortgages);
  EXPECT_NEAR(hours.at("account-maintenance"), accounts * exceptions * 6 / 60, 1e-6 * accounts);
  // Complaint: investigate 45, final response 20 (the step's own handle time), 20% checked
  // at the complaints queue's 45.
  EXPECT_NEAR(hours.at("complaints"), complaints * (45 + 20 + 0.2 * 45) / 60, 1e-6 * complaints);
  for (const auto& bo : plan->back_office) {
    if (bo.queue == "underwriting" || bo.queue == "offer-letter" || bo.queue == "valuation") {
      EXPECT_GT(bo.min_level_agents, 0) << bo.queue;
      double due = 0;
      for (const auto& iv : bo.intervals) due += iv.due_hours;
      EXPECT_GT(due, 0) << bo.queue;
    }
  }

  // The flow's lag: underwriting waits for the document check (12 min) and, for a quarter of
  // the applications, the customer's documents (exponential, mean 30 h): 0.2 + 7.5 hours.
  const auto flow = app::process_workload(s, *forecast);
  std::map<std::string, staffing::FlowStep> steps;
  for (const auto& st : flow.steps) steps[st.process + "/" + st.step] = st;
  const auto& underwriting = steps.at("mortgage-application/underwriting");
  EXPECT_NEAR(underwriting.mean_lag_hours, 12.0 / 60 + 0.25 * 30, 0.05);
  EXPECT_NEAR(steps.at("mortgage-application/valuation-order").mean_lag_hours,
              underwriting.mean_lag_hours, 1e-9);
  EXPECT_DOUBLE_EQ(steps.at("mortgage-application/valuation-order").robot_share, 1);
  EXPECT_NEAR(steps.at("mortgage-application/valuation-order").people_share, exceptions, 1e-12);
  // The offer letter follows the join: at least the underwriting (35 min, 10% a 35-min check).
  EXPECT_GE(steps.at("mortgage-application/offer-letter").mean_lag_hours,
            underwriting.mean_lag_hours + (35 + 0.1 * 35) / 60 - 1e-9);

  // The scheduler's demand carries the same work.
  const auto demand = app::schedule_demand(s, *forecast);
  std::map<std::string, double> demand_hours;
  for (const auto& q : demand.queues)
    for (size_t i = 0; i < q.volume.size(); ++i)
      demand_hours[q.queue] += q.volume[i] * q.aht_seconds[i] / 3600;
  EXPECT_NEAR(demand_hours.at("underwriting"), hours.at("underwriting"), 1e-6 * mortgages);
  EXPECT_NEAR(demand_hours.at("offer-letter"), hours.at("offer-letter"), 1e-6 * mortgages);
}

TEST(ProcessFlow, ClaimsCoKeepsTheMeasuredAssessmentRows) {
  const Scenario s = load(kSource + "/scenarios/claimsco.yaml");
  auto forecast = app::forecast_horizon(s, 7);
  ASSERT_TRUE(forecast.is_ok()) << forecast.status().message();
  const auto flow = app::process_workload(s, *forecast);
  // claim-assessment has a history of its own: kept as measured, nothing flowed into it.
  double rows = 0;
  for (const auto& r : flow.rows)
    if (r.queue == "claim-assessment") rows += r.volume;
  EXPECT_NEAR(rows, forecast_total(*forecast, "claim-assessment"), 1e-9);
  bool noted = false;
  for (const auto& n : flow.notes) noted |= n.find("claim-assessment") != std::string::npos;
  EXPECT_TRUE(noted);
  // fraud-check has none: registrations x (robots' exceptions, failure rate 0.08).
  double fraud = 0;
  for (const auto& r : flow.rows)
    if (r.queue == "fraud-check") fraud += r.volume;
  EXPECT_NEAR(fraud, forecast_total(*forecast, "claim-registration") * 0.08, 1e-6 * fraud + 1e-9);
}

}  // namespace
}  // namespace tandem
