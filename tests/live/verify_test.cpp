// SPDX-License-Identifier: Apache-2.0
// `tandem store verify`'s core (live::verify_log) on a real SQLite store filled through the
// live host: the whole log replays with the host's engine options, and a record that the
// engine would not have written is reported naming its event.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "io/event_codec.h"
#include "live/host.h"
#include "live/stream.h"

namespace tandem::live {
namespace {

using live_test::LiveStream;
using live_test::make_live_stream;

class VerifyLog : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("tandem-verify-test-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string url() const { return "sqlite:" + (dir_ / "live.db").string(); }

  // Feeds the whole stream through a host on the store, in batches of 1..23 events.
  void fill(store::Store& store, const LiveStream& s) {
    const std::unique_ptr<Clock> clock = accelerated_clock(s.options.start, 1);
    HostOptions o;
    o.engine = s.options;
    o.self_tick = false;
    o.snapshot_every_events = 250;  // snapshots do not change what verify replays
    Result<std::unique_ptr<Host>> host = Host::open(store, *clock, s.scenario, s.policy, o);
    ASSERT_TRUE(host.is_ok()) << host.status().message();
    std::size_t size = 1;
    for (std::size_t i = 0; i < s.events.size();) {
      std::vector<Intake> batch;
      for (std::size_t j = 0; j < size && i < s.events.size(); ++j, ++i) {
        batch.push_back(Intake{s.events[i], "src-" + std::to_string(i)});
      }
      Result<std::vector<Outcome>> done = (*host)->submit_and_wait(std::move(batch));
      ASSERT_TRUE(done.is_ok()) << done.status().message();
      size = size % 23 + 1;
    }
    (*host)->stop();
  }

  std::filesystem::path dir_;
};

TEST_F(VerifyLog, TheWholeLogWrittenByTheHostReplays) {
  const LiveStream s = make_live_stream(5, 700);
  auto store = store::open_store(url());
  ASSERT_TRUE(store.is_ok()) << store.status().message();
  fill(**store, s);
  Result<VerifyReport> report = verify_log(**store, s.scenario, s.policy, s.options);
  ASSERT_TRUE(report.is_ok()) << report.status().message();
  EXPECT_EQ(report->events, static_cast<std::int64_t>(s.events.size()));
  EXPECT_EQ(report->actions, static_cast<std::int64_t>(s.actions.size()));
  EXPECT_GE(report->seconds, 0.0);
  // A second store handle (as `tandem store verify` opens) sees the same log.
  auto reopened = store::open_store(url());
  ASSERT_TRUE(reopened.is_ok());
  Result<VerifyReport> again = verify_log(**reopened, s.scenario, s.policy, s.options);
  ASSERT_TRUE(again.is_ok()) << again.status().message();
  EXPECT_EQ(again->events, report->events);
}

TEST_F(VerifyLog, AnActionTheEngineWouldNotGiveIsReportedNamingItsEvent) {
  const LiveStream s = make_live_stream(9, 300);
  auto store = store::open_store(url());
  ASSERT_TRUE(store.is_ok()) << store.status().message();
  fill(**store, s);
  const auto n = static_cast<std::int64_t>(s.events.size());
  // A clock tick far later, stored with an action the engine did not decide.
  store::EventRecord tick;
  const engine::Event e = engine::ClockTick{s.options.start + Seconds{365 * 86400}};
  tick.time = engine::time_of(e);
  tick.type = std::string(io::event_type_name(e));
  tick.payload = io::encode_event_json(e);
  store::ActionRecord forged;
  forged.event_seq = n + 1;
  forged.time = tick.time;
  forged.type = "offer_work";
  forged.payload = s.actions.front();
  ASSERT_TRUE((*store)->append({&tick, 1}, {&forged, 1}).is_ok());
  Result<VerifyReport> report = verify_log(**store, s.scenario, s.policy, s.options);
  ASSERT_FALSE(report.is_ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInternal);
  EXPECT_NE(report.status().message().find("event " + std::to_string(n + 1) + " does not replay"),
            std::string::npos)
      << report.status().message();
}

TEST_F(VerifyLog, OtherEngineOptionsThanTheHostsAreDetected) {
  const LiveStream s = make_live_stream(3, 400);
  auto store = store::open_store(url());
  ASSERT_TRUE(store.is_ok()) << store.status().message();
  fill(**store, s);
  engine::EngineOptions later = s.options;
  later.start = s.options.start + Seconds{3 * 86400};  // every event is now "in the past"
  Result<VerifyReport> report = verify_log(**store, s.scenario, s.policy, later);
  ASSERT_FALSE(report.is_ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInternal);
  EXPECT_NE(report.status().message().find("event 1 does not replay"), std::string::npos)
      << report.status().message();
}

}  // namespace
}  // namespace tandem::live
