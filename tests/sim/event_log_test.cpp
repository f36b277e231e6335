// SPDX-License-Identifier: Apache-2.0
// Back-office replay from an event log (io/event_log_csv.h reads it, sim/event_log.h): a case is
// one work item whose steps are its W_ sessions in order, with the log's handle times and waits;
// the errors; the real BPI Challenge 2012 log replayed through the engine.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <set>

#include "io/event_log_csv.h"
#include "sim/event_log.h"
#include "sim/replications.h"
#include "sim/scenario_model.h"
#include "sim/simulator.h"

namespace tandem::sim {
namespace {

using io::first_line_of;
using io::is_event_log_header;
using io::parse_event_log;
using io::read_event_log;

const std::string kHeader = "case_id,activity,lifecycle,resource,group,timestamp\n";

Result<Scenario> bpi_scenario() {
  return read_scenario(std::string(TANDEM_SOURCE_DIR) + "/scenarios/bpi2012.yaml");
}

TEST(EventLog, ACaseIsItsWorkSessionsInOrderWithTheWaitsBetween) {
  const std::string log = kHeader +
                          "7,A_SUBMITTED,COMPLETE,112,,2011-10-01T08:00:00.000+02:00\n"
                          "7,W_Nabellen offertes,SCHEDULE,112,,2011-10-01T08:00:10.000+02:00\n"
                          "7,W_Nabellen offertes,START,,,2011-10-01T09:00:10.000+02:00\n"
                          "7,W_Nabellen offertes,COMPLETE,,,2011-10-01T09:02:10.500+02:00\n"
                          "7,W_Nabellen offertes,START,10913,,2011-10-03T10:00:00.000+02:00\n"
                          "7,W_Nabellen offertes,COMPLETE,10913,,2011-10-04T10:00:00.000+02:00\n"
                          "8,W_Valideren aanvraag,COMPLETE,1,,2011-10-02T10:00:00Z\n"
                          "8,W_Valideren aanvraag,START,1,,2011-10-02T11:00:00Z\n"
                          "9,A_SUBMITTED,COMPLETE,112,,2011-10-01T07:00:00.000+02:00\n"
                          "9,A_DECLINED,COMPLETE,112,,2011-10-01T07:00:01.000+02:00\n";
  auto r = parse_event_log(log, "log.csv");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->events, 10u);
  EXPECT_EQ(r->case_ids, 3u);
  EXPECT_EQ(r->state_events, 3u);
  EXPECT_EQ(r->unpaired, 2u);  // case 8: a COMPLETE without START, a START never completed
  EXPECT_EQ(r->capped, 1u);    // the 24-hour session is cut at 8 hours
  EXPECT_EQ(r->sessions, 2u);
  ASSERT_EQ(r->cases.size(), 1u);  // 8 has no complete session, 9 no W_ work
  // Origin: midnight of 2011-10-01 at +02:00 (case 9's first event sets the day).
  EXPECT_EQ(r->first_day, LocalDays{std::chrono::year{2011} / 10 / 1});
  EXPECT_EQ(r->origin, Instant{std::chrono::sys_days{std::chrono::year{2011} / 9 / 30}} +
                           std::chrono::hours(22));
  const EventLogCase& c = r->cases[0];
  EXPECT_EQ(c.id, "7");
  EXPECT_DOUBLE_EQ(c.first_event, 8 * 3600.0);
  ASSERT_EQ(c.sessions.size(), 2u);
  // First session: released at its SCHEDULE (08:00:10), 2 min 0.5 s of work.
  EXPECT_DOUBLE_EQ(c.release(), 8 * 3600.0 + 10);
  EXPECT_DOUBLE_EQ(c.sessions[0].handle_seconds, 120.5);
  EXPECT_DOUBLE_EQ(c.sessions[0].wait_seconds, 10);  // first event -> release
  EXPECT_EQ(r->activities[c.sessions[0].activity].work_type, "nabellen-offertes");
  // Second: no new SCHEDULE, released at its own START two days later: from the first's
  // COMPLETE (09:02:10.5) to then the case waits outside the back office.
  EXPECT_DOUBLE_EQ(c.sessions[1].release, 2 * 86400.0 + 10 * 3600);
  EXPECT_DOUBLE_EQ(c.sessions[1].wait_seconds, 2 * 86400.0 + 10 * 3600 - (9 * 3600 + 130.5));
  EXPECT_DOUBLE_EQ(c.sessions[1].handle_seconds, 8 * 3600.0);
  EXPECT_DOUBLE_EQ(c.work_done(), 3 * 86400.0 + 10 * 3600);  // as logged, not capped
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
  auto scenario = bpi_scenario();
  ASSERT_TRUE(scenario.is_ok()) << scenario.status().message();
  auto known = parse_event_log(kHeader + "1,W_Valideren aanvraag,START,,,2011-10-01T08:00:00Z\n" +
                                   "1,W_Valideren aanvraag,COMPLETE,,,2011-10-01T08:10:00Z\n",
                               "l");
  ASSERT_TRUE(known.is_ok());
  EXPECT_TRUE(check_event_log(*known, *scenario, "l").is_ok());
  ASSERT_NE(case_process(*known, *scenario), nullptr);
  EXPECT_EQ(case_process(*known, *scenario)->id, "loan-application");
  auto unknown = parse_event_log(kHeader + "1,W_Koffie zetten,START,,,2011-10-01T08:00:00Z\n" +
                                     "1,W_Koffie zetten,COMPLETE,,,2011-10-01T08:10:00Z\n",
                                 "l");
  ASSERT_TRUE(unknown.is_ok());
  const Status st = check_event_log(*unknown, *scenario, "l");
  ASSERT_FALSE(st.is_ok());
  EXPECT_NE(st.message().find("activity 'W_Koffie zetten'"), std::string::npos) << st.message();
  EXPECT_NE(st.message().find("'koffie-zetten'"), std::string::npos);
  // Without a process covering the log's work types, cases have no process to follow.
  Scenario no_process = *scenario;
  no_process.processes.clear();
  const Status none = check_event_log(*known, no_process, "l");
  ASSERT_FALSE(none.is_ok());
  EXPECT_NE(none.message().find("needs a process whose steps cover the log's work types "
                                "(valideren-aanvraag)"),
            std::string::npos)
      << none.message();
}

// A router that records the events the simulator sends to the engine behind it.
class RecordingRouter final : public Router {
 public:
  RecordingRouter(std::unique_ptr<Router> inner, std::shared_ptr<std::vector<engine::Event>> log)
      : inner_(std::move(inner)), log_(std::move(log)) {}
  Status handle(const engine::Event& event, std::vector<engine::Action>& out) override {
    Status st = inner_->handle(event, out);
    if (st.is_ok()) log_->push_back(event);
    return st;
  }
  std::optional<Instant> next_due() const override { return inner_->next_due(); }
  std::optional<engine::ItemView> item(const std::string& id) const override {
    return inner_->item(id);
  }
  std::optional<Instant> eta(const std::string& id) const override { return inner_->eta(id); }
  const char* name() const override { return "recording engine"; }

 private:
  std::unique_ptr<Router> inner_;
  std::shared_ptr<std::vector<engine::Event>> log_;
};

// One case of four sessions through the engine with one officer on duty around the clock:
// one item, its steps done in the log's order with the log's handle times, the customer's
// two-day wait kept as PendingCustomer; waits the log does not have are not added.
TEST(EventLog, ACaseStepsAreDoneInOrderByOneItem) {
  const std::string log = kHeader +
                          "7,A_SUBMITTED,COMPLETE,112,,2011-10-01T08:00:00.000+02:00\n"
                          "7,W_Completeren aanvraag,SCHEDULE,,,2011-10-01T08:00:30.000+02:00\n"
                          "7,W_Completeren aanvraag,START,,,2011-10-01T09:00:00.000+02:00\n"
                          "7,W_Nabellen offertes,SCHEDULE,,,2011-10-01T09:09:00.000+02:00\n"
                          "7,W_Completeren aanvraag,COMPLETE,,,2011-10-01T09:10:00.000+02:00\n"
                          "7,W_Nabellen offertes,START,,,2011-10-01T09:30:00.000+02:00\n"
                          "7,W_Nabellen offertes,COMPLETE,,,2011-10-01T09:35:00.000+02:00\n"
                          "7,W_Nabellen offertes,START,,,2011-10-03T10:00:00.000+02:00\n"
                          "7,W_Valideren aanvraag,SCHEDULE,,,2011-10-03T10:03:59.000+02:00\n"
                          "7,W_Nabellen offertes,COMPLETE,,,2011-10-03T10:04:00.000+02:00\n"
                          "7,W_Valideren aanvraag,START,,,2011-10-03T11:00:00.000+02:00\n"
                          "7,A_APPROVED,COMPLETE,,,2011-10-03T11:19:00.000+02:00\n"
                          "7,W_Valideren aanvraag,COMPLETE,,,2011-10-03T11:20:00.000+02:00\n";
  auto r = parse_event_log(log, "log.csv");
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  auto scenario = bpi_scenario();
  ASSERT_TRUE(scenario.is_ok()) << scenario.status().message();
  ASSERT_TRUE(check_event_log(*r, *scenario, "log.csv").is_ok());
  ScenarioModelOptions options;
  options.first_day = r->first_day;
  options.days = 4;
  auto m = scenario_model(*scenario, scenario->policies.front(), {}, options);
  ASSERT_TRUE(m.is_ok()) << m.status().message();
  m->agents = {AgentPlan{scenario->agents.front().id, {Shift{0.0, 4 * 86400.0, {}}}}};
  auto added = add_replayed_cases(*m, *r);
  ASSERT_TRUE(added.is_ok()) << added.status().message();
  EXPECT_EQ(*added, 1u);
  ASSERT_EQ(m->replayed_items.size(), 1u);
  EXPECT_EQ(m->replayed_items[0].process, "loan-application#1");
  EXPECT_EQ(m->scenario->find_process("loan-application#1")->steps().size(), 4u);

  auto events = std::make_shared<std::vector<engine::Event>>();
  const RouterFactory engine = engine_router_factory();
  RouterFactory recording = [&](const Scenario& s, const Policy& p, Instant start,
                                std::uint64_t seed,
                                bool failures) -> Result<std::unique_ptr<Router>> {
    auto inner = engine(s, p, start, seed, failures);
    if (!inner.is_ok()) return inner.status();
    return std::unique_ptr<Router>(new RecordingRouter(std::move(inner).value(), events));
  };
  auto run = simulate_replication(*m, recording, 1, 0);
  ASSERT_TRUE(run.is_ok()) << run.status().message();
  EXPECT_EQ(run->rejected, 0u) << run->first_rejection;

  const Instant start = m->start;
  auto at = [&](double seconds) { return start + Seconds(static_cast<long long>(seconds)); };
  int created = 0;
  std::vector<std::pair<std::string, Instant>> done;
  std::vector<Instant> pending, responded;
  for (const engine::Event& e : *events) {
    if (const auto* c = std::get_if<engine::WorkItemCreated>(&e)) {
      ++created;
      EXPECT_EQ(c->item, "i0");
      EXPECT_EQ(c->process, "loan-application#1");
      EXPECT_EQ(c->customer, "7");
      EXPECT_EQ(c->time, at(8 * 3600 + 30));   // the first session's release
      EXPECT_EQ(c->received, at(8 * 3600.0));  // the case's first event
    }
    if (const auto* d = std::get_if<engine::StepDone>(&e)) done.emplace_back(d->task, d->time);
    if (const auto* p = std::get_if<engine::PendingCustomer>(&e)) pending.push_back(p->time);
    if (const auto* c = std::get_if<engine::CustomerResponded>(&e)) responded.push_back(c->time);
  }
  EXPECT_EQ(created, 1);
  // Handle times 600, 300, 240, 1,200 s; the only wait: from the second session's COMPLETE
  // (10-01 09:35) to the third's START (10-03 10:00), 174,300 s, after the simulated second
  // step (08:15:30). The second and fourth sessions were released before the previous one
  // completed: no wait.
  const double t1 = 8 * 3600 + 30 + 600, t2 = t1 + 300, wait = 2 * 86400.0 + 25 * 60;
  const double t3 = t2 + wait + 240, t4 = t3 + 1200;
  const std::vector<std::pair<std::string, Instant>> expected = {
      {"i0/1-completeren-aanvraag", at(t1)},
      {"i0/2-nabellen-offertes", at(t2)},
      {"i0/3-nabellen-offertes", at(t3)},
      {"i0/4-valideren-aanvraag", at(t4)}};
  EXPECT_EQ(done, expected);
  EXPECT_EQ(pending, std::vector<Instant>{at(t2)});
  EXPECT_EQ(responded, std::vector<Instant>{at(t2 + wait)});

  const auto e = aggregate({*run});
  const KpiEstimate* completed = find_kpi(e, "loan-application", "completed");
  const KpiEstimate* throughput = find_kpi(e, "loan-application", "throughput_hours");
  const KpiEstimate* logged = find_kpi(e, "loan-application", "log_throughput_hours");
  ASSERT_TRUE(completed && throughput && logged);
  EXPECT_DOUBLE_EQ(completed->estimate.mean, 1);
  EXPECT_NEAR(throughput->estimate.mean, (t4 - 8 * 3600) / 3600, 1e-9);
  EXPECT_NEAR(logged->estimate.mean, (2 * 86400 + 3 * 3600 + 20 * 60) / 3600.0, 1e-9);
}

// The real log: 262,200 events, 13,087 cases, 9,657 of them with W_ work, 71,371 START ->
// COMPLETE sessions of W_ activities. Reference counts for the cases whose first session is
// released in the first 7 and 14 days (from 2011-10-01 00:00 +02:00) were computed
// independently (Python, same rules).
TEST(EventLog, Bpi2012CountsAndAWeekThroughTheEngine) {
  const std::filesystem::path file =
      std::string(TANDEM_SHARED_DATA_DIR) + "/bpi2012/bpic2012_events.csv.gz";
  if (!std::filesystem::exists(file)) GTEST_SKIP() << file << " not found";
  ASSERT_TRUE(is_event_log_header(first_line_of(file)));
  auto log = read_event_log(file);
  ASSERT_TRUE(log.is_ok()) << log.status().message();
  EXPECT_EQ(log->events, 262200u);
  EXPECT_EQ(log->case_ids, 13087u);
  EXPECT_EQ(log->cases.size(), 9657u);
  EXPECT_EQ(log->sessions, 71371u);
  EXPECT_EQ(log->first_day, LocalDays{std::chrono::year{2011} / 10 / 1});
  auto count = [&](double days, std::map<std::string, int>& steps, int& waits,
                   std::set<std::vector<std::uint16_t>>& variants) {
    int cases = 0;
    for (const EventLogCase& c : log->cases) {
      if (c.release() >= days * 86400.0) continue;
      ++cases;
      std::vector<std::uint16_t> sequence;
      for (std::size_t k = 0; k < c.sessions.size(); ++k) {
        ++steps[log->activities[c.sessions[k].activity].work_type];
        if (k > 0 && c.sessions[k].wait_seconds >= 1.0) ++waits;
        sequence.push_back(c.sessions[k].activity);
      }
      variants.insert(sequence);
    }
    return cases;
  };
  std::map<std::string, int> all_steps;
  int all_waits = 0;
  std::set<std::vector<std::uint16_t>> all_variants;
  EXPECT_EQ(count(1e9, all_steps, all_waits, all_variants), 9657);
  EXPECT_EQ(all_waits, 47735);
  EXPECT_EQ(all_variants.size(), 2255u);
  std::map<std::string, int> fortnight;
  int waits = 0;
  std::set<std::vector<std::uint16_t>> variants;
  EXPECT_EQ(count(14, fortnight, waits, variants), 849);
  EXPECT_EQ(fortnight["completeren-aanvraag"], 2135);
  EXPECT_EQ(fortnight["nabellen-offertes"], 2226);
  EXPECT_EQ(fortnight["afhandelen-leads"], 464);
  EXPECT_EQ(fortnight["valideren-aanvraag"], 707);
  EXPECT_EQ(fortnight["nabellen-incomplete-dossiers"], 1125);
  EXPECT_EQ(fortnight["beoordelen-fraude"], 22);
  EXPECT_EQ(waits, 4523);
  EXPECT_EQ(variants.size(), 382u);

  // The first week through the engine: each of its 451 cases is one item (3,728 steps), of a
  // process per variant.
  auto scenario = bpi_scenario();
  ASSERT_TRUE(scenario.is_ok()) << scenario.status().message();
  ASSERT_TRUE(check_event_log(*log, *scenario, file.string()).is_ok());
  ScenarioModelOptions options;
  options.first_day = log->first_day;
  options.days = 7;
  auto m = scenario_model(*scenario, scenario->policies.front(), {}, options);
  ASSERT_TRUE(m.is_ok()) << m.status().message();
  auto added = add_replayed_cases(*m, *log);
  ASSERT_TRUE(added.is_ok()) << added.status().message();
  EXPECT_EQ(*added, 451u);
  std::size_t steps = 0;
  for (const ReplayedItem& item : m->replayed_items) steps += item.step_handle_seconds.size();
  EXPECT_EQ(steps, 3728u);
  auto r = simulate_replication(*m, engine_router_factory(), 1, 0);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->items, 451u);
  EXPECT_EQ(r->rejected, 0u) << r->first_rejection;
  const auto e = aggregate({*r});
  const KpiEstimate* received = find_kpi(e, "loan-application", "received");
  const KpiEstimate* completed = find_kpi(e, "loan-application", "completed");
  const KpiEstimate* backlog = find_kpi(e, "loan-application", "backlog_end");
  ASSERT_TRUE(received && completed && backlog);
  EXPECT_DOUBLE_EQ(received->estimate.mean, 451);
  EXPECT_DOUBLE_EQ(completed->estimate.mean + backlog->estimate.mean, 451);
  EXPECT_GT(completed->estimate.mean, 0);
}

}  // namespace
}  // namespace tandem::sim
