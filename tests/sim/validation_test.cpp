// SPDX-License-Identifier: Apache-2.0
// Validation of the simulator against published reference results: the ContactCenters
// library's MMC and MMCAb examples (../shared/data/contactcenters, 1,000 days each) and the
// Erlang C formula of the staffing module. The discrete-event core is validated with the
// FIFO stand-in router; the same runs through the production engine are in engine_sim_test.
#include <gtest/gtest.h>

#include "common/shared_data.h"

#include <cmath>
#include <fstream>
#include <iostream>
#include <regex>
#include <sstream>
#include <string>

#include "sim/fifo_router.h"
#include "sim/reference_models.h"
#include "sim/replications.h"
#include "sim/simulator.h"
#include "staffing/erlang.h"
#include "staffing/erlang_a.h"

namespace tandem::sim {
namespace {

// The 95% interval printed after the block titled `title` in a ContactCenters .res file.
struct Interval {
  double low = 0, high = 0;
};
Interval read_res_interval(const std::string& file, const std::string& title) {
  std::ifstream in(std::string(TANDEM_SHARED_DATA_DIR) + "/contactcenters/" + file);
  EXPECT_TRUE(in.good()) << file;
  std::string line;
  bool in_block = false;
  const std::regex ci(R"(interval.*\(\s*([0-9.Ee+-]+),\s*([0-9.Ee+-]+)\s*\))");
  while (std::getline(in, line)) {
    if (line.find("==> ") != std::string::npos) {
      in_block = line.substr(line.find("==> ") + 4) == title;
    } else if (in_block) {
      std::smatch m;
      if (std::regex_search(line, m, ci)) return {std::stod(m[1]), std::stod(m[2])};
    }
  }
  ADD_FAILURE() << "no interval for '" << title << "' in " << file;
  return {};
}

RunResult run(const SimModel& model, int days, std::uint64_t seed = 2026) {
  RunOptions options;
  options.replications = days;
  options.seed = seed;
  options.threads = 2;
  auto result = run_replications(model, fifo_router_factory(), options);
  EXPECT_TRUE(result.is_ok()) << result.status().message();
  return std::move(result).value();
}

void expect_overlap(const RunResult& r, const std::string& kpi, Interval ref, double scale = 1.0) {
  const KpiEstimate* e = find_kpi(r.estimates, "voice", kpi);
  if (e == nullptr) e = find_kpi(r.estimates, "workforce", kpi);
  ASSERT_NE(e, nullptr) << kpi;
  std::cout << kpi << " mean " << e->estimate.mean * scale << " (" << e->estimate.low * scale
            << ", " << e->estimate.high * scale << ") ref (" << ref.low << ", " << ref.high
            << ")\n";
  const double low = e->estimate.low * scale, high = e->estimate.high * scale;
  EXPECT_TRUE(low <= ref.high && ref.low <= high)
      << kpi << ": Tandem (" << low << ", " << high << ") vs ContactCenters (" << ref.low << ", "
      << ref.high << ")";
}

constexpr int kDays = 100;  // ContactCenters used 1,000; 100 keep the test fast

TEST(ContactCentersValidation, MmcIntervalsOverlapTheReference) {
  TANDEM_REQUIRE_SHARED_DATA("contactcenters/MMC.res");
  MmcParameters p;
  const Scenario s = mmc_scenario(p);
  const RunResult r = run(mmc_model(s, p), kDays);
  ASSERT_EQ(static_cast<int>(r.replications.size()), kDays);
  EXPECT_EQ(r.replications[0].rejected, 0u) << r.replications[0].first_rejection;
  // Offered per day: 4.2/min x 480 min = 2016.
  EXPECT_NEAR(find_kpi(r.estimates, "voice", "offered")->estimate.mean, 2016, 15);
  expect_overlap(r, "service_level", read_res_interval("MMC.res", "Service level"));
  expect_overlap(r, "asa_seconds", read_res_interval("MMC.res", "Speed of answer"), 1.0 / 60.0);
  expect_overlap(r, "occupancy", read_res_interval("MMC.res", "Occupancy ratio"));
}

TEST(ContactCentersValidation, MmcAbIntervalsOverlapTheReference) {
  TANDEM_REQUIRE_SHARED_DATA("contactcenters/MMCAb.res");
  MmcParameters p;
  p.patience_mean_seconds = 60.0;
  const Scenario s = mmc_scenario(p);
  const RunResult r = run(mmc_model(s, p), kDays);
  expect_overlap(r, "abandoned",
                 read_res_interval("MMCAb.res", "Number of contacts having abandoned"));
  expect_overlap(r, "service_level", read_res_interval("MMCAb.res", "Service level"));
  expect_overlap(r, "occupancy", read_res_interval("MMCAb.res", "Occupancy ratio"));
}

TEST(ErlangValidation, LongRunAgreesWithErlangC) {
  // Steady state: 24-hour runs with a 2-hour warm-up, λ = 4.2/min, AHT 120 s, 12 agents.
  MmcParameters p;
  p.hours = 24.0;
  const Scenario s = mmc_scenario(p);
  SimModel m = mmc_model(s, p);
  m.warmup = 2 * 3600.0;
  m.drain = false;
  const RunResult r = run(m, 12, 7);
  const auto erlang = staffing::erlang_c(4.2 / 60.0, 120.0, 12, 20.0);
  const Estimate sl = find_kpi(r.estimates, "voice", "service_level")->estimate;
  const Estimate asa = find_kpi(r.estimates, "voice", "asa_seconds")->estimate;
  const Estimate occ = find_kpi(r.estimates, "workforce", "occupancy")->estimate;
  EXPECT_LE(sl.low, erlang.service_level);
  EXPECT_GE(sl.high, erlang.service_level);
  EXPECT_LE(asa.low, erlang.asa_seconds);
  EXPECT_GE(asa.high, erlang.asa_seconds);
  EXPECT_LE(occ.low, erlang.occupancy);
  EXPECT_GE(occ.high, erlang.occupancy);
}

TEST(ErlangValidation, LongRunWithAbandonmentAgreesWithErlangA) {
  MmcParameters p;
  p.hours = 24.0;
  p.patience_mean_seconds = 60.0;
  const Scenario s = mmc_scenario(p);
  SimModel m = mmc_model(s, p);
  m.warmup = 2 * 3600.0;
  m.drain = false;
  const RunResult r = run(m, 24, 11);
  const auto erlang = staffing::erlang_a(4.2 / 60.0, 120.0, 60.0, 12, 20.0);
  const Estimate ab = find_kpi(r.estimates, "voice", "abandon_rate")->estimate;
  const Estimate sl = find_kpi(r.estimates, "voice", "service_level")->estimate;
  const Estimate asa = find_kpi(r.estimates, "voice", "asa_seconds")->estimate;
  EXPECT_TRUE(ab.overlaps(erlang.p_abandon, erlang.p_abandon))
      << ab.low << " " << ab.high << " vs " << erlang.p_abandon;
  EXPECT_TRUE(sl.overlaps(erlang.service_level_answered, erlang.service_level_answered))
      << sl.low << " " << sl.high << " vs " << erlang.service_level_answered;
  EXPECT_TRUE(asa.overlaps(erlang.asa_seconds, erlang.asa_seconds))
      << asa.low << " " << asa.high << " vs " << erlang.asa_seconds;
}

TEST(Replications, SameSeedSameResultsWhateverTheThreadCount) {
  MmcParameters p;
  p.hours = 2;
  const Scenario s = mmc_scenario(p);
  const SimModel m = mmc_model(s, p);
  RunOptions one{6, 99, 1, {}, {}}, two{6, 99, 2, {}, {}};
  auto a = run_replications(m, fifo_router_factory(), one);
  auto b = run_replications(m, fifo_router_factory(), two);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  ASSERT_EQ(a->estimates.size(), b->estimates.size());
  for (std::size_t i = 0; i < a->estimates.size(); ++i) {
    EXPECT_EQ(a->estimates[i].estimate.mean, b->estimates[i].estimate.mean) << a->estimates[i].kpi;
  }
  RunOptions other{6, 100, 2, {}, {}};
  auto c = run_replications(m, fifo_router_factory(), other);
  EXPECT_NE(find_kpi(a->estimates, "voice", "asa_seconds")->estimate.mean,
            find_kpi(c->estimates, "voice", "asa_seconds")->estimate.mean);
}

TEST(Replications, CommonRandomNumbersGiveTheSameCustomersToEveryStaffing) {
  // Two staffings of the same queue see the same arrivals (one stream per source).
  MmcParameters p12, p14;
  p12.hours = p14.hours = 2;
  p14.agents = 14;
  const Scenario s12 = mmc_scenario(p12), s14 = mmc_scenario(p14);
  auto a = simulate_replication(mmc_model(s12, p12), fifo_router_factory(), 5, 0);
  auto b = simulate_replication(mmc_model(s14, p14), fifo_router_factory(), 5, 0);
  ASSERT_TRUE(a.is_ok() && b.is_ok());
  EXPECT_EQ(a->contacts, b->contacts);
  EXPECT_GT(a->contacts, 400u);
}

TEST(Replications, ZeroReplicationsIsInvalid) {
  MmcParameters p;
  const Scenario s = mmc_scenario(p);
  RunOptions options;
  options.replications = 0;
  auto r = run_replications(mmc_model(s, p), fifo_router_factory(), options);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("replications"), std::string::npos);
}

TEST(Replications, ReplayOfAnUnknownQueueIsInvalid) {
  MmcParameters p;
  const Scenario s = mmc_scenario(p);
  SimModel m = mmc_model(s, p);
  m.replayed_contacts.push_back({10.0, "no-such-queue", 60.0});
  auto r = simulate_replication(m, fifo_router_factory(), 1, 0);
  ASSERT_FALSE(r.is_ok());
  EXPECT_NE(r.status().message().find("unknown queue 'no-such-queue'"), std::string::npos);
}

TEST(Replications, StopRequestEndsEarlyAndKeepsWhatWasSimulated) {
  MmcParameters p;
  const Scenario s = mmc_scenario(p);
  std::stop_source stop;
  stop.request_stop();
  auto r = simulate_replication(mmc_model(s, p), fifo_router_factory(), 1, 0, stop.get_token());
  ASSERT_TRUE(r.is_ok());
  EXPECT_FALSE(r->complete);
  EXPECT_LT(r->simulated_seconds, 8 * 3600.0);
}

TEST(Replications, ReplayedContactsAreServedWithTheirOwnHandleTimes) {
  MmcParameters p;
  p.agents = 1;
  const Scenario s = mmc_scenario(p);
  SimModel m = mmc_model(s, p);
  m.contacts.clear();
  m.horizon = 600;
  // Three calls at 0, 10, 20 s of 100 s each with one agent: waits 0, 90, 180 s; the third
  // has 100 s patience and abandons.
  m.replayed_contacts = {{0, "voice", 100}, {10, "voice", 100}, {20, "voice", 100, 100}};
  auto r = simulate_replication(m, fifo_router_factory(), 1, 0);
  ASSERT_TRUE(r.is_ok());
  std::vector<KpiEstimate> e = aggregate({*r});
  EXPECT_EQ(find_kpi(e, "voice", "answered")->estimate.mean, 2);
  EXPECT_EQ(find_kpi(e, "voice", "abandoned")->estimate.mean, 1);
  EXPECT_DOUBLE_EQ(find_kpi(e, "voice", "asa_seconds")->estimate.mean, 45.0);
  EXPECT_DOUBLE_EQ(find_kpi(e, "voice", "service_level")->estimate.mean, 0.5);
}

}  // namespace
}  // namespace tandem::sim
