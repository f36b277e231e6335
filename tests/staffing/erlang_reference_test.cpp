// SPDX-License-Identifier: Apache-2.0
// Every row of ../shared/data/erlang/reference_vectors.csv to its stated tolerance, and the
// worked examples of ../shared/data/README.md (erlang section).
#include <gtest/gtest.h>

#include "common/shared_data.h"

#include <cmath>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "staffing/erlang.h"
#include "staffing/erlang_a.h"
#include "staffing/staffing.h"

namespace tandem::staffing {
namespace {

QueueLoad load_of(double lambda, double aht, std::optional<double> patience = std::nullopt) {
  QueueLoad load;
  load.arrivals_per_second = lambda;
  load.aht_seconds = aht;
  load.patience_seconds = patience;
  return load;
}

std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      cells.emplace_back();
    } else if (c != '\r') {
      cells.back() += c;
    }
  }
  return cells;
}

std::vector<std::map<std::string, std::string>> read_reference_rows() {
  std::ifstream in(std::string(TANDEM_SHARED_DATA_DIR) + "/erlang/reference_vectors.csv");
  EXPECT_TRUE(in.good()) << "reference_vectors.csv not found under " << TANDEM_SHARED_DATA_DIR;
  std::string line;
  std::getline(in, line);
  const std::vector<std::string> header = split_csv(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> cells = split_csv(line);
    std::map<std::string, std::string> row;
    for (size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

double num(const std::map<std::string, std::string>& row, const std::string& key) {
  return std::stod(row.at(key));
}

bool is_number(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

// Hourly arrival rates of February 1999 Wednesdays, as MTPA chapter 6 computes them: calls
// (no PHANTOM, vru_time >= 0) by hour of VRU entry, divided by the four Wednesdays.
std::vector<double> mtpa_wednesday_hourly_rates() {
  std::ifstream in(std::string(TANDEM_SHARED_DATA_DIR) + "/anonymous-bank-1999/calls_feb1999.tsv");
  EXPECT_TRUE(in.good());
  std::string line;
  std::getline(in, line);
  std::vector<double> calls(24, 0.0);
  const std::map<std::string, bool> wednesdays = {
      {"990203", true}, {"990210", true}, {"990217", true}, {"990224", true}};
  while (std::getline(in, line)) {
    std::vector<std::string> f;
    std::stringstream ss(line);
    std::string cell;
    while (std::getline(ss, cell, '\t')) f.push_back(cell);
    if (f.size() < 13) continue;
    if (f[12] == "PHANTOM" || std::stoi(f[8]) < 0 || !wednesdays.count(f[5])) continue;
    calls[std::stoi(f[6].substr(0, f[6].find(':')))] += 1;
  }
  for (double& c : calls) c /= 4;
  return calls;
}

TEST(ErlangReference, EveryRowOfReferenceVectors) {
  TANDEM_REQUIRE_SHARED_DATA("erlang/reference_vectors.csv");
  const auto rows = read_reference_rows();
  ASSERT_EQ(rows.size(), 29u);
  int checked = 0;
  for (const auto& row : rows) {
    SCOPED_TRACE(row.at("id"));
    const std::string model = row.at("model");
    const std::string q = row.at("quantity");
    if (row.at("id") == "MTPA-01") {
      std::istringstream expected(row.at("expected"));
      const std::vector<double> rates = mtpa_wednesday_hourly_rates();
      for (int h = 0; h < 24; ++h) {
        int want = 0;
        expected >> want;
        // Minimal c with Erlang C P(wait) <= 0.5 at 15 calls per hour per agent.
        int c = 0;
        if (rates[h] > 0) {
          while (erlang_c_wait_probability(rates[h] / 15.0, c) > 0.5) ++c;
        }
        EXPECT_EQ(c, want) << "hour " << h;
      }
      ++checked;
      continue;
    }
    const double lambda = num(row, "lambda_per_min") / 60.0;
    const double aht = num(row, "aht_min") * 60.0;
    const double target = row.at("target_wait_min").empty() ? 0 : num(row, "target_wait_min") * 60;
    const std::string tol_text = row.at("tolerance");
    double actual = NAN;
    if (model == "ErlangB") {
      const double a = lambda * aht;
      if (q == "blocking_probability") actual = erlang_b(a, static_cast<int>(num(row, "servers")));
      if (q == "raw_positions_for_blocking_le_0.02")
        actual = *erlang_b_agents_for_blocking(a, 0.02);
      if (q == "positions_with_shrinkage_0.3") {
        actual = *scheduled_agents(*erlang_b_agents_for_blocking(a, 0.02), 0.3);
      }
    } else if (model == "ErlangC") {
      QueueLoad load = load_of(lambda, aht);
      auto solve = [&](double sl, std::optional<double> occ) {
        StaffingTargets t;
        t.service_level = sl;
        t.target_seconds = target;
        t.max_occupancy = occ;
        return required_agents(load, t)->agents;
      };
      if (!row.at("servers").empty()) {
        const ErlangCMetrics m =
            erlang_c(lambda, aht, static_cast<int>(num(row, "servers")), target);
        if (q == "waiting_probability") actual = m.p_wait;
        if (q == "service_level") actual = m.service_level;
        if (q == "occupancy") actual = m.occupancy;
      } else if (q == "raw_positions_for_SL80_occ85") {
        actual = solve(0.8, 0.85);
      } else if (q == "positions_with_shrinkage_0.3") {
        actual = *scheduled_agents(solve(0.8, 0.85), 0.3);
      } else if (q == "raw_positions_for_SL80_occ70") {
        actual = solve(0.8, 0.70);
      } else if (q == "positions_with_shrinkage_0.3_occ70") {
        actual = *scheduled_agents(solve(0.8, 0.70), 0.3);
      } else if (q == "raw_positions_for_SL90_occ85") {
        actual = solve(0.9, 0.85);
      }
    } else {
      const int n = static_cast<int>(num(row, "servers"));
      const bool abandonment = !row.at("patience_mean_min").empty();
      const double patience = abandonment ? num(row, "patience_mean_min") * 60 : 0;
      // Analytic steady-state values; the simulation rows compare them with the exact value
      // in independent_recheck (their CI95 belongs to a transient simulation, for `sim`).
      if (abandonment) {
        const ErlangAMetrics m = erlang_a(lambda, aht, patience, n, target);
        if (q == "waiting_probability") actual = m.p_wait;
        if (q == "abandonment_probability") actual = m.p_abandon;
        if (q == "occupancy" || q == "occupancy_sim") actual = m.occupancy;
        if (q == "average_speed_of_answer_min" || q == "speed_of_answer_min_sim") {
          actual = m.asa_all_seconds / 60;
        }
        if (q == "service_level") actual = m.service_level;
        if (q == "service_level_sim") actual = m.service_level;
        if (q == "abandoned_per_day_sim") actual = m.p_abandon * lambda * 480 * 60;
      } else {
        const ErlangCMetrics m = erlang_c(lambda, aht, n, target);
        if (q == "service_level_sim") actual = m.service_level;
        if (q == "speed_of_answer_min_sim") actual = m.asa_seconds / 60;
        if (q == "occupancy_sim") actual = m.occupancy;
        if (q == "contacts_in_target_per_day_sim") actual = m.service_level * lambda * 480 * 60;
      }
    }
    ASSERT_FALSE(std::isnan(actual)) << "quantity not handled: " << q;
    if (is_number(tol_text)) {
      EXPECT_NEAR(actual, num(row, "expected"), std::stod(tol_text));
    } else {
      // Simulation row: the exact value, from independent_recheck or the notes.
      double exact = NAN;
      if (is_number(row.at("independent_recheck"))) exact = num(row, "independent_recheck");
      if (row.at("id") == "CC-MMCAb-01") exact = 0.029679 * 2016;  // notes: Pab x arrivals
      if (row.at("id") == "CC-MMCAb-04") exact = 0.945270;         // notes: exact P(served<=t)
      if (row.at("id") == "CC-MMC-04") exact = 0.899080 * 2016;    // SL x arrivals per day
      ASSERT_FALSE(std::isnan(exact));
      EXPECT_NEAR(actual, exact, 5e-6 * std::max(1.0, std::abs(exact)));
      // Without abandonment the definitions agree and the transient simulation stays within
      // 1% of the steady state (with abandonment ContactCenters defines SL differently).
      if (row.at("patience_mean_min").empty()) {
        EXPECT_NEAR(actual, num(row, "expected"), 0.01 * std::abs(num(row, "expected")) + 0.004);
      }
    }
    ++checked;
  }
  EXPECT_EQ(checked, 29);
}

// README (erlang section): 100 calls / 30 min, AHT 180 s, target 20 s.
TEST(ErlangWorkedExamples, HundredCallsPerHalfHour) {
  const double lambda = 100.0 / 1800;
  const ErlangCMetrics m = erlang_c(lambda, 180, 14, 20);
  EXPECT_NEAR(m.service_level, 0.88835, 5e-6);
  EXPECT_NEAR(m.p_wait, 0.17413, 5e-6);
  EXPECT_NEAR(m.asa_seconds, 7.836, 5e-4);
  EXPECT_EQ(*erlang_c_agents_for_service_level(lambda, 180, 0.8, 20), 14);
  EXPECT_EQ(*scheduled_agents(14, 0.30), 20);
}

TEST(ErlangWorkedExamples, ThreeHundredSixtyCallsPerHalfHour) {
  const double lambda = 360.0 / 1800;
  EXPECT_EQ(*erlang_c_agents_for_service_level(lambda, 240, 0.8, 20), 54);
  const ErlangCMetrics m = erlang_c(lambda, 240, 55, 20);
  EXPECT_NEAR(m.p_wait, 0.23870, 5e-6);
  EXPECT_NEAR(m.service_level, 0.8668, 5e-5);
  EXPECT_NEAR(m.asa_seconds, 8.184, 5e-4);
}

TEST(ErlangWorkedExamples, OccupancyCap) {
  QueueLoad load = load_of(1000.0 / 3600, 120);
  StaffingTargets t;
  t.service_level = 0.8;
  t.target_seconds = 20;
  t.max_occupancy = 0.85;
  EXPECT_EQ(required_agents(load, t)->agents, 40);
}

TEST(ErlangWorkedExamples, ErlangAWithFiveMinutePatience) {
  const ErlangAMetrics m = erlang_a(100.0 / 1800, 180, 300, 14, 20);
  EXPECT_NEAR(m.p_wait, 0.14526, 5e-6);
  EXPECT_NEAR(m.p_abandon, 0.013984, 5e-7);
  EXPECT_NEAR(m.service_level, 0.916792, 5e-7);
}

}  // namespace
}  // namespace tandem::staffing
