// SPDX-License-Identifier: Apache-2.0
// Reports from an event log (app/report.h, docs/mi.md): a simulated Northbank day played
// through the live host into a log, analysed from the log, agrees with what the simulator
// measured itself (one definition of each KPI: analytics::KpiRecorder's).
#include "app/report.h"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>

#include "app/memory_log.h"

namespace tandem::app {
namespace {

const std::string kSource = TANDEM_SOURCE_DIR;

struct Day {
  Scenario scenario;
  Policy policy;
  MemoryLog log;
  SimulatedDay day;
};

// One simulated morning (until 10:00, as tests/live does), shared by the tests.
Day& northbank_day() {
  static Day* d = [] {
    auto* day = new Day;
    Result<Scenario> s = read_scenario(kSource + "/scenarios/northbank.yaml");
    EXPECT_TRUE(s.is_ok()) << s.status().message();
    day->scenario = std::move(s).value();
    day->policy = day->scenario.policies.front();
    Result<SimulatedDay> r = simulate_day(day->log, day->scenario, day->policy, 3, 10);
    EXPECT_TRUE(r.is_ok()) << r.status().message();
    day->day = std::move(r).value();
    return day;
  }();
  return *d;
}

std::map<std::string, double> simulator_totals(const sim::ReplicationResult& r,
                                               const std::string& kpi, bool numerator) {
  std::map<std::string, double> out;
  for (const sim::KpiSample& k : r.kpis) {
    if (k.kpi == kpi && k.interval == -1) out[k.scope] = numerator ? k.numerator : k.denominator;
  }
  return out;
}

TEST(Report, ASimulatedMorningFromItsLogAgreesWithTheSimulatorsOwnKpis) {
  Day& d = northbank_day();
  const Instant to =
      d.day.start + Seconds(static_cast<std::int64_t>(std::ceil(d.day.horizon_seconds)));
  ReportRequest request;
  Result<analytics::MiReport> mi =
      analyse_store(d.log, d.scenario, d.policy, d.day.engine, d.day.start, to, request);
  ASSERT_TRUE(mi.is_ok()) << mi.status().message();
  const auto offered = simulator_totals(d.day.simulator, "offered", true);
  const auto abandoned = simulator_totals(d.day.simulator, "abandoned", true);
  const auto answered = simulator_totals(d.day.simulator, "answered", true);
  const auto in_target = simulator_totals(d.day.simulator, "service_level", true);
  ASSERT_FALSE(mi->queues.empty());
  double total_offered = 0;
  for (const analytics::QueueMi& q : mi->queues) {
    SCOPED_TRACE(q.queue);
    ASSERT_TRUE(offered.count(q.queue));
    EXPECT_EQ(q.total.kpi.offered, offered.at(q.queue));
    EXPECT_EQ(q.total.kpi.abandoned, abandoned.at(q.queue));
    EXPECT_EQ(q.total.kpi.answered, answered.at(q.queue));
    // The log's times are whole seconds, the simulator's exact: a wait a fraction of a second
    // either side of the target may fall on the other side. At most 1 % of the answered.
    EXPECT_NEAR(q.total.kpi.answered_in_target, in_target.at(q.queue),
                0.01 * q.total.kpi.answered + 1);
    total_offered += q.total.kpi.offered;
  }
  EXPECT_GT(total_offered, 100);
  const auto received = simulator_totals(d.day.simulator, "received", true);
  const auto completed = simulator_totals(d.day.simulator, "completed", true);
  ASSERT_FALSE(mi->scopes.empty());
  for (const analytics::ScopeMi& s : mi->scopes) {
    SCOPED_TRACE(s.scope);
    EXPECT_EQ(s.total.received, received.at(s.scope));
    EXPECT_EQ(s.total.completed, completed.at(s.scope));
    // The throughput split adds up: work + queue wait + customer wait = throughput.
    EXPECT_LE(s.total.work_seconds + s.total.customer_wait_seconds,
              s.total.throughput_seconds + 1e-6);
  }
  // Staffed time and cost: the simulator's workforce totals.
  double staffed = 0, cost = 0;
  for (const analytics::AgentMi& a : mi->agents) {
    staffed += a.staffed_seconds;
    cost += a.cost;
  }
  const auto hours = simulator_totals(d.day.simulator, "staff_hours", true);
  const auto sim_cost = simulator_totals(d.day.simulator, "cost", true);
  EXPECT_NEAR(staffed / 3600.0, hours.at("workforce"), 0.01 * hours.at("workforce"));
  EXPECT_NEAR(cost, sim_cost.at("workforce"), 0.01 * sim_cost.at("workforce"));
}

TEST(Report, EveryKindIsATableWithItsColumns) {
  Day& d = northbank_day();
  for (ReportKind kind : {ReportKind::kQueues, ReportKind::kBacklog, ReportKind::kAgents,
                          ReportKind::kTeams, ReportKind::kCost, ReportKind::kLeaderboard}) {
    SCOPED_TRACE(to_string(kind));
    ReportRequest request;
    request.kind = kind;
    request.from = "08:00";
    request.to = "10:00";
    Result<std::pair<Instant, Instant>> window = report_window(request, d.day.start);
    ASSERT_TRUE(window.is_ok());
    EXPECT_EQ(window->first, d.day.start + Seconds(8 * 3600));
    Result<analytics::MiReport> mi = analyse_store(d.log, d.scenario, d.policy, d.day.engine,
                                                   window->first, window->second, request);
    ASSERT_TRUE(mi.is_ok()) << mi.status().message();
    const Report r = make_report(*mi, request, window->first, window->second);
    EXPECT_FALSE(r.rows.empty());
    for (const auto& row : r.rows) EXPECT_EQ(row.size(), r.columns.size());
    const nlohmann::json j = report_json(r);
    EXPECT_EQ(j["kind"], to_string(kind));
    EXPECT_EQ(j["rows"].size(), r.rows.size());
  }
}

TEST(Report, AnAgentSeesTheirOwnFiguresBesideTheTeams) {
  Day& d = northbank_day();
  const Agent& someone = d.scenario.agents.front();
  ReportRequest request;
  request.kind = ReportKind::kAgents;
  request.agent = someone.id;
  request.team = someone.team;
  Result<std::pair<Instant, Instant>> window = report_window(request, d.day.start);
  ASSERT_TRUE(window.is_ok());
  Result<analytics::MiReport> mi = analyse_store(d.log, d.scenario, d.policy, d.day.engine,
                                                 window->first, window->second, request);
  ASSERT_TRUE(mi.is_ok());
  const Report r = make_report(*mi, request, window->first, window->second);
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(std::get<std::string>(r.rows[0][0]), someone.id);
  EXPECT_EQ(std::get<std::string>(r.rows[1][0]), "team:" + someone.team);
}

TEST(Report, AStoresLogReportsAsTheSameLogInMemory) {
  Day& d = northbank_day();
  // The morning's log copied into a SQLite store, as `tandem serve --simulate` leaves it.
  const std::filesystem::path file = std::filesystem::temp_directory_path() /
                                     ("tandem-report-test-" + std::to_string(::getpid()) + ".db");
  std::filesystem::remove(file);
  {
    Result<std::unique_ptr<store::Store>> st = store::open_store("sqlite:" + file.string());
    ASSERT_TRUE(st.is_ok()) << st.status().message();
    Result<std::int64_t> last = d.log.last_seq();
    ASSERT_TRUE(last.is_ok());
    for (std::int64_t from = 0; from < *last; from += 5000) {
      Result<std::vector<store::EventRecord>> events = d.log.read_events(from, 5000);
      ASSERT_TRUE(events.is_ok());
      Result<std::vector<store::ActionRecord>> actions =
          d.log.read_actions(from, events->back().seq);
      ASSERT_TRUE(actions.is_ok());
      for (store::EventRecord& e : *events) e.seq = 0;
      ASSERT_TRUE((*st)->append(*events, *actions).is_ok());
    }
    ReportRequest request;
    request.kind = ReportKind::kCost;
    Result<Report> from_store = report_store(**st, d.scenario, d.policy, d.day.engine, request);
    ASSERT_TRUE(from_store.is_ok()) << from_store.status().message();
    Result<analytics::MiReport> mi = analyse_store(d.log, d.scenario, d.policy, d.day.engine,
                                                   from_store->from, from_store->to, request);
    ASSERT_TRUE(mi.is_ok());
    EXPECT_EQ(report_json(*from_store),
              report_json(make_report(*mi, request, from_store->from, from_store->to)));
    EXPECT_GT(from_store->rows.size(), 1u);
  }
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(file.string() + suffix, ec);
  }
}

TEST(Report, BadWindowsAndKindsAreRefused) {
  EXPECT_FALSE(parse_report_kind("nope").is_ok());
  ReportRequest request;
  request.from = "12:00";
  request.to = "08:00";
  EXPECT_FALSE(report_window(request, Instant{}).is_ok());
  request.to = "25:00";
  EXPECT_FALSE(report_window(request, Instant{}).is_ok());
}

}  // namespace
}  // namespace tandem::app
