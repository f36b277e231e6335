// Back-office replay from an event log (sim/event_log.h): the mapping of W_ sessions to work
// items, the errors, and the real BPI Challenge 2012 log replayed through the engine.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>

#include "sim/event_log.h"
#include "sim/replications.h"
#include "sim/scenario_model.h"
#include "sim/simulator.h"

namespace tandem::sim {
namespace {

const std::string kHeader = "case_id,activity,lifecycle,resource,group,timestamp\n";

TEST(EventLog, WorkSessionsBecomeItemsAtTheirReleaseTime) {
  const std::string log = kHeader +
                          "7,A_SUBMITTED,COMPLETE,112,,2011-10-01T08:00:00.000+02:00\n"
                          "7,W_Nabellen offertes,SCHEDULE,112,,2011-10-01T08:00:10.000+02:00\n"
                          "7,W_Nabellen offertes,START,,,2011-10-01T09:00:10.000+02:00\n"
                          "7,W_Nabellen offertes,COMPLETE,,,2011-10-01T09:02:10.500+02:00\n"
                          "7,W_Nabellen offertes,START,10913,,2011-10-03T10:00:00.000+02:00\n"
                          "7,W_Nabellen offertes,COMPLETE,10913,,2011-10-04T10:00:00.000+02:00\n"
                          "8,W_Valideren aanvraag,COMPLETE,1,,2011-10-02T10:00:00Z\n"
                          "8,W_Valideren aanvraag,START,1,,2011-10-02T11:00:00Z\n";
  auto r = parse_event_log(log, "log.csv");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->events, 8u);
  EXPECT_EQ(r->cases, 2u);
  EXPECT_EQ(r->state_events, 1u);
  EXPECT_EQ(r->unpaired, 2u);  // case 8: a COMPLETE without START, a START never completed
  EXPECT_EQ(r->capped, 1u);    // the 24-hour session is cut at 8 hours
  ASSERT_EQ(r->items.size(), 2u);
  // Origin: midnight of 2011-10-01 at +02:00.
  EXPECT_EQ(r->first_day, LocalDays{std::chrono::year{2011} / 10 / 1});
  EXPECT_EQ(r->origin, Instant{std::chrono::sys_days{std::chrono::year{2011} / 9 / 30}} +
                           std::chrono::hours(22));
  // First session: released at its SCHEDULE (08:00:10), 2 min 0.5 s of work.
  EXPECT_DOUBLE_EQ(r->items[0].time, 8 * 3600.0 + 10);
  EXPECT_EQ(r->items[0].work_type, "nabellen-offertes");
  EXPECT_DOUBLE_EQ(r->items[0].handle_seconds, 120.5);
  EXPECT_EQ(r->items[0].customer, "7");
  // Second session: no new SCHEDULE, released at its own START (two days later, 10:00).
  EXPECT_DOUBLE_EQ(r->items[1].time, 2 * 86400.0 + 10 * 3600);
  EXPECT_DOUBLE_EQ(r->items[1].handle_seconds, 8 * 3600.0);
  ASSERT_EQ(r->activities.size(), 2u);
  EXPECT_EQ(r->activities[0].sessions, 2u);
  EXPECT_EQ(r->activities[1].work_type, "valideren-aanvraag");
}

TEST(EventLog, BadRowsAreErrorsNamingFileAndLine) {
  auto unknown = parse_event_log(kHeader + "1,X_Something,COMPLETE,,,2011-10-01T08:00:00Z\n", "l");
  ASSERT_FALSE(unknown.is_ok());
  EXPECT_NE(unknown.status().message().find("l:2: unknown activity 'X_Something'"),
            std::string::npos)
      << unknown.status().message();
  auto lifecycle = parse_event_log(kHeader + "1,W_a,SUSPEND,,,2011-10-01T08:00:00Z\n", "l");
  ASSERT_FALSE(lifecycle.is_ok());
  EXPECT_NE(lifecycle.status().message().find("l:2: unknown lifecycle 'SUSPEND'"),
            std::string::npos);
  auto time = parse_event_log(kHeader + "1,W_a,START,,,yesterday\n", "l");
  ASSERT_FALSE(time.is_ok());
  EXPECT_NE(time.status().message().find("l:2: timestamp 'yesterday'"), std::string::npos);
  auto header = parse_event_log("seconds,queue,handle_seconds\n", "l");
  ASSERT_FALSE(header.is_ok());
  EXPECT_NE(header.status().message().find("not an event log"), std::string::npos);
}

TEST(EventLog, ActivitiesTheScenarioLacksAreNamed) {
  auto scenario = read_scenario(std::string(TANDEM_SOURCE_DIR) + "/scenarios/bpi2012.yaml");
  ASSERT_TRUE(scenario.is_ok()) << scenario.status().message();
  auto known = parse_event_log(kHeader + "1,W_Valideren aanvraag,START,,,2011-10-01T08:00:00Z\n" +
                                   "1,W_Valideren aanvraag,COMPLETE,,,2011-10-01T08:10:00Z\n",
                               "l");
  ASSERT_TRUE(known.is_ok());
  EXPECT_TRUE(check_event_log(*known, *scenario, "l").is_ok());
  auto unknown = parse_event_log(kHeader + "1,W_Koffie zetten,START,,,2011-10-01T08:00:00Z\n" +
                                     "1,W_Koffie zetten,COMPLETE,,,2011-10-01T08:10:00Z\n",
                                 "l");
  ASSERT_TRUE(unknown.is_ok());
  const Status st = check_event_log(*unknown, *scenario, "l");
  ASSERT_FALSE(st.is_ok());
  EXPECT_NE(st.message().find("activity 'W_Koffie zetten'"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("'koffie-zetten'"), std::string::npos);
}

// The real log: 262,200 events, 13,087 cases, 71,371 START -> COMPLETE sessions of W_
// activities. Reference counts for the first 7 and 14 days (from 2011-10-01 00:00 +02:00)
// were computed independently (Python, same release rule).
TEST(EventLog, Bpi2012CountsAndAWeekThroughTheEngine) {
  const std::filesystem::path file =
      std::string(TANDEM_SHARED_DATA_DIR) + "/bpi2012/bpic2012_events.csv.gz";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << file << " not found";
  ASSERT_TRUE(is_event_log_header(first_line_of(file)));
  auto log = read_event_log(file);
  ASSERT_TRUE(log.is_ok()) << log.status().message();
  EXPECT_EQ(log->events, 262200u);
  EXPECT_EQ(log->cases, 13087u);
  EXPECT_EQ(log->items.size(), 71371u);
  EXPECT_EQ(log->first_day, LocalDays{std::chrono::year{2011} / 10 / 1});
  std::map<std::string, int> fortnight;
  std::set<std::string> fortnight_cases;
  for (const ReplayedItem& item : log->items) {
    if (item.time >= 0 && item.time < 14 * 86400.0) {
      ++fortnight[item.work_type];
      fortnight_cases.insert(item.customer);
    }
  }
  EXPECT_EQ(fortnight["completeren-aanvraag"], 1921);
  EXPECT_EQ(fortnight["nabellen-offertes"], 862);
  EXPECT_EQ(fortnight["afhandelen-leads"], 464);
  EXPECT_EQ(fortnight["valideren-aanvraag"], 165);
  EXPECT_EQ(fortnight["nabellen-incomplete-dossiers"], 145);
  EXPECT_EQ(fortnight["beoordelen-fraude"], 19);
  EXPECT_EQ(fortnight_cases.size(), 849u);

  // The first week through the engine: every session in the window is received.
  auto scenario = read_scenario(std::string(TANDEM_SOURCE_DIR) + "/scenarios/bpi2012.yaml");
  ASSERT_TRUE(scenario.is_ok()) << scenario.status().message();
  ASSERT_TRUE(check_event_log(*log, *scenario, file.string()).is_ok());
  ScenarioModelOptions options;
  options.first_day = log->first_day;
  options.days = 7;
  auto m = scenario_model(*scenario, scenario->policies.front(), {}, options);
  ASSERT_TRUE(m.is_ok()) << m.status().message();
  EXPECT_EQ(add_replayed_work(*m, *log), 1594u);
  auto r = simulate_replication(*m, engine_router_factory(), 1, 0);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->items, 1594u);
  EXPECT_EQ(r->rejected, 0u) << r->first_rejection;
  const auto e = aggregate({*r});
  double received = 0, completed = 0;
  for (const KpiEstimate& k : e) {
    if (k.interval >= 0) continue;
    if (k.kpi == "received") received += k.estimate.mean;
    if (k.kpi == "completed") completed += k.estimate.mean;
  }
  EXPECT_DOUBLE_EQ(received, 1594);
  EXPECT_GT(completed, 0.9 * received);  // 26 officers keep up with a week of the log
  EXPECT_LE(completed, received);
}

}  // namespace
}  // namespace tandem::sim
