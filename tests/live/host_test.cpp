// SPDX-License-Identifier: Apache-2.0
#include "live/host.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "io/event_codec.h"
#include "live/memory_store.h"
#include "live/stream.h"

namespace tandem::live {
namespace {

using live_test::LiveStream;
using live_test::make_live_stream;
using live_test::MemoryStore;

// A clock the test moves by hand; waits on it wake every few milliseconds to look again.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_(start.time_since_epoch().count()) {}
  Instant now() const override { return Instant{Seconds{now_.load()}}; }
  std::chrono::steady_clock::time_point real_time_at(Instant instant) const override {
    const auto real = std::chrono::steady_clock::now();
    return instant <= now() ? real : real + std::chrono::milliseconds(2);
  }
  double speed() const override { return 1; }
  void set(Instant t) { now_ = t.time_since_epoch().count(); }

 private:
  std::atomic<std::int64_t> now_;
};

HostOptions options_for(const LiveStream& s) {
  HostOptions o;
  o.engine = s.options;
  o.self_tick = false;
  o.snapshot_on_stop = false;  // recoveries replay the log unless a test asks for snapshots
  o.snapshot_every_events = 1'000'000;
  return o;
}

std::unique_ptr<Host> open_host(MemoryStore& store, const Clock& clock, const LiveStream& s,
                                HostOptions o) {
  Result<std::unique_ptr<Host>> host = Host::open(store, clock, s.scenario, s.policy, o);
  EXPECT_TRUE(host.is_ok()) << host.status().message();
  return host.is_ok() ? std::move(host).value() : nullptr;
}

// Feeds events [from, to) in batches of 1..37 events; returns their actions, encoded.
std::vector<std::string> feed(Host& host, const LiveStream& s, std::size_t from, std::size_t to,
                              const std::string& key_prefix = {}) {
  std::vector<std::string> actions;
  std::size_t size = 1;
  for (std::size_t i = from; i < to;) {
    std::vector<Intake> batch;
    for (std::size_t j = 0; j < size && i < to; ++j, ++i) {
      batch.push_back(
          Intake{s.events[i], key_prefix.empty() ? "" : key_prefix + std::to_string(i)});
    }
    Result<std::vector<Outcome>> outcomes = host.submit_and_wait(std::move(batch));
    EXPECT_TRUE(outcomes.is_ok()) << outcomes.status().message();
    if (!outcomes.is_ok()) break;
    for (std::size_t k = 0; k < outcomes->size(); ++k) {
      const Outcome& o = (*outcomes)[k];
      const std::size_t index = i - outcomes->size() + k;
      EXPECT_EQ(o.status, s.rejected[index] ? IntakeStatus::kRejected : IntakeStatus::kApplied)
          << o.reason;
      for (const auto& a : o.actions) actions.push_back(io::encode_action_json(a));
    }
    size = size % 37 + 1;
  }
  return actions;
}

TEST(LiveHost, StoresEveryEventWithItsActionsAndAnswersAsTheEngineDoes) {
  const LiveStream s = make_live_stream(7, 800);
  ASSERT_GT(s.events.size(), 700u);
  MemoryStore store;
  ManualClock clock(s.options.start);
  auto host = open_host(store, clock, s, options_for(s));
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(feed(*host, s, 0, s.events.size()), s.actions);
  host->stop();
  const auto events = store.events();
  ASSERT_EQ(events.size(), s.events.size());
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].seq, static_cast<std::int64_t>(i) + 1);
    EXPECT_EQ(events[i].payload, io::encode_event_json(s.events[i]));
  }
  const auto actions = store.actions();
  ASSERT_EQ(actions.size(), s.actions.size());
  for (std::size_t i = 0; i < actions.size(); ++i) EXPECT_EQ(actions[i].payload, s.actions[i]);
  const auto rejected =
      static_cast<std::uint64_t>(std::count(s.rejected.begin(), s.rejected.end(), true));
  EXPECT_GT(rejected, 0u);  // the stream has some rejected events too
  EXPECT_EQ(host->status().applied + host->status().rejected, s.events.size());
  EXPECT_EQ(host->status().rejected, rejected);
}

TEST(LiveHost, ADuplicateKeyIsAnsweredWithTheFirstAnswerAndNotAppliedTwice) {
  const LiveStream s = make_live_stream(11, 300);
  MemoryStore store;
  ManualClock clock(s.options.start);
  auto host = open_host(store, clock, s, options_for(s));
  ASSERT_NE(host, nullptr);
  const auto first = feed(*host, s, 0, 200, "k");
  // The same events again, one batch with a repeat inside it too.
  std::vector<Intake> again{Intake{s.events[150], "k150"}, Intake{s.events[150], "k150"},
                            Intake{s.events[7], "k7"}};
  Result<std::vector<Outcome>> dup = host->submit_and_wait(again);
  ASSERT_TRUE(dup.is_ok());
  ASSERT_EQ(dup->size(), 3u);
  for (const Outcome& o : *dup) EXPECT_EQ(o.status, IntakeStatus::kDuplicate);
  EXPECT_EQ((*dup)[0].seq, 151);
  EXPECT_EQ((*dup)[1].seq, 151);
  EXPECT_EQ((*dup)[2].seq, 8);
  const auto stored = store.actions();
  std::vector<std::string> of151;
  for (const auto& a : stored) {
    if (a.event_seq == 151) of151.push_back(a.payload);
  }
  std::vector<std::string> answered;
  for (const auto& a : (*dup)[0].actions) answered.push_back(io::encode_action_json(a));
  EXPECT_EQ(answered, of151);
  EXPECT_EQ(store.events().size(), 200u);
  // The rest of the stream still gives the reference answers: nothing was applied twice.
  const auto rest = feed(*host, s, 200, s.events.size(), "k");
  std::vector<std::string> all = first;
  all.insert(all.end(), rest.begin(), rest.end());
  EXPECT_EQ(all, s.actions);
  // A duplicate is found in the store too once the host has forgotten it (a new host).
  host.reset();
  auto second = open_host(store, clock, s, options_for(s));
  Result<std::vector<Outcome>> later = second->submit_and_wait({Intake{s.events[3], "k3"}});
  ASSERT_TRUE(later.is_ok());
  EXPECT_EQ(later->at(0).status, IntakeStatus::kDuplicate);
  EXPECT_EQ(later->at(0).seq, 4);
}

TEST(LiveHost, ARejectedEventIsLoggedWithItsReasonAndChangesNothing) {
  const LiveStream s = make_live_stream(3, 300);
  MemoryStore store;
  ManualClock clock(s.options.start);
  auto host = open_host(store, clock, s, options_for(s));
  ASSERT_NE(host, nullptr);
  auto actions = feed(*host, s, 0, 100);
  const Instant t = engine::time_of(s.events[99]);
  Result<std::vector<Outcome>> bad = host->submit_and_wait(
      {Intake{engine::ContactEnded{t, "no-such-contact", "v1", std::nullopt}, "bad-1"}});
  ASSERT_TRUE(bad.is_ok());
  EXPECT_EQ(bad->at(0).status, IntakeStatus::kRejected);
  EXPECT_NE(bad->at(0).reason.find("no-such-contact"), std::string::npos) << bad->at(0).reason;
  EXPECT_EQ(store.events().back().outcome, store::EventOutcome::kRejected);
  EXPECT_EQ(store.events().back().reason, bad->at(0).reason);
  const auto rest = feed(*host, s, 100, s.events.size());
  actions.insert(actions.end(), rest.begin(), rest.end());
  EXPECT_EQ(actions, s.actions);
  EXPECT_EQ(host->status().rejected, 1u + static_cast<std::uint64_t>(std::count(
                                              s.rejected.begin(), s.rejected.end(), true)));
}

TEST(LiveHost, RecoversFromTheLogAndGoesOnAsIfNeverStopped) {
  const LiveStream s = make_live_stream(5, 600);
  MemoryStore store;
  ManualClock clock(s.options.start);
  auto host = open_host(store, clock, s, options_for(s));
  auto actions = feed(*host, s, 0, 333);
  host.reset();
  host = open_host(store, clock, s, options_for(s));
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(host->status().recovered_events, 333u);
  EXPECT_EQ(host->status().last_seq, 333);
  const auto rest = feed(*host, s, 333, s.events.size());
  actions.insert(actions.end(), rest.begin(), rest.end());
  EXPECT_EQ(actions, s.actions);
  host.reset();
  Result<VerifyReport> verified = verify_log(store, s.scenario, s.policy, s.options);
  ASSERT_TRUE(verified.is_ok()) << verified.status().message();
  EXPECT_EQ(verified->events, static_cast<std::int64_t>(s.events.size()));
  EXPECT_EQ(verified->actions, static_cast<std::int64_t>(s.actions.size()));
}

TEST(LiveHost, ALogThatDoesNotReplayIsReportedAsCorrupt) {
  const LiveStream s = make_live_stream(9, 200);
  MemoryStore store;
  ManualClock clock(s.options.start);
  auto host = open_host(store, clock, s, options_for(s));
  (void)feed(*host, s, 0, s.events.size());
  host.reset();
  store.corrupt_action(5,
                       R"({"type":"recall_to_phones","time":"2026-03-02T08:00:00Z","agent":"v9"})");
  Result<std::unique_ptr<Host>> reopened =
      Host::open(store, clock, s.scenario, s.policy, options_for(s));
  ASSERT_FALSE(reopened.is_ok());
  EXPECT_EQ(reopened.status().code(), StatusCode::kInternal);
  EXPECT_NE(reopened.status().message().find("does not replay"), std::string::npos)
      << reopened.status().message();
  Result<VerifyReport> verified = verify_log(store, s.scenario, s.policy, s.options);
  EXPECT_EQ(verified.status().code(), StatusCode::kInternal);
}

TEST(LiveHost, AFailedAppendAcknowledgesNothingAndTheHostRecoversWhenItClears) {
  const LiveStream s = make_live_stream(13, 400);
  MemoryStore store;
  ManualClock clock(s.options.start);
  auto host = open_host(store, clock, s, options_for(s));
  auto actions = feed(*host, s, 0, 150);
  store.fail_appends = true;
  std::vector<Intake> batch;
  for (std::size_t i = 150; i < 170; ++i) batch.push_back(Intake{s.events[i], {}});
  Result<std::vector<Outcome>> failed = host->submit_and_wait(batch);
  ASSERT_FALSE(failed.is_ok());
  EXPECT_EQ(failed.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(failed.status().message().find("disk full"), std::string::npos);
  EXPECT_EQ(store.events().size(), 150u);
  EXPECT_EQ(host->status().failed_batches, 1u);
  store.fail_appends = false;
  // The same events again: the engine was rebuilt from the log, so they apply as the first time.
  const auto rest = feed(*host, s, 150, s.events.size());
  actions.insert(actions.end(), rest.begin(), rest.end());
  EXPECT_EQ(actions, s.actions);
}

// Collects what a subscription delivers.
struct Collector {
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<PublishedPtr> got;
  Deliver deliver() {
    return [this](const PublishedPtr& p) {
      std::lock_guard<std::mutex> lock(mutex);
      got.push_back(p);
      cv.notify_all();
    };
  }
  bool wait_for(std::int64_t seq) {
    std::unique_lock<std::mutex> lock(mutex);
    return cv.wait_for(lock, std::chrono::seconds(20),
                       [&] { return !got.empty() && got.back()->seq >= seq; });
  }
};

TEST(LiveHost, SubscribersGetEveryRecordInOrderAndResumeFromAnySequence) {
  const LiveStream s = make_live_stream(17, 500);
  MemoryStore store;
  ManualClock clock(s.options.start);
  HostOptions o = options_for(s);
  o.published_kept = 16;  // older records come from the store
  auto host = open_host(store, clock, s, o);
  Collector live;
  auto sub = host->subscribe(0, live.deliver());
  ASSERT_TRUE(sub.is_ok());
  (void)feed(*host, s, 0, s.events.size());
  const auto n = static_cast<std::int64_t>(s.events.size());
  ASSERT_TRUE(live.wait_for(n));
  Collector late;
  auto resumed = host->subscribe(100, late.deliver());
  ASSERT_TRUE(late.wait_for(n));
  std::vector<std::string> from_live;
  for (std::size_t i = 0; i < live.got.size(); ++i) {
    EXPECT_EQ(live.got[i]->seq, static_cast<std::int64_t>(i) + 1);
    EXPECT_EQ(live.got[i]->event_json, io::encode_event_json(s.events[i]));
    for (const auto& a : live.got[i]->actions_json) from_live.push_back(a);
  }
  EXPECT_EQ(from_live, s.actions);
  ASSERT_EQ(late.got.size(), s.events.size() - 100);
  for (std::size_t i = 0; i < late.got.size(); ++i) {
    EXPECT_EQ(late.got[i]->seq, static_cast<std::int64_t>(i) + 101);
    EXPECT_EQ(late.got[i]->actions_json, live.got[i + 100]->actions_json);
  }
}

TEST(LiveHost, TheHostTicksTheEngineClockSoOffersExpireOnTime) {
  LiveStream s = make_live_stream(1, 0);
  MemoryStore store;
  ManualClock clock(s.options.start);
  HostOptions o = options_for(s);
  o.self_tick = true;
  auto host = open_host(store, clock, s, o);
  Collector c;
  auto sub = host->subscribe(0, c.deliver());
  const Instant t = s.options.start;
  Result<std::vector<Outcome>> r =
      host->submit_and_wait({Intake{engine::AgentLoggedIn{t, "v1"}, {}},
                             Intake{engine::ContactArrived{t, "c1", "voice", "cust-1"}, {}}});
  ASSERT_TRUE(r.is_ok());
  ASSERT_FALSE(r->at(1).actions.empty());
  ASSERT_TRUE(std::holds_alternative<engine::OfferWork>(r->at(1).actions[0]));
  const Instant expires = std::get<engine::OfferWork>(r->at(1).actions[0]).expires;
  clock.set(expires + Seconds(1));
  ASSERT_TRUE(c.wait_for(3));
  std::lock_guard<std::mutex> lock(c.mutex);
  const Published& tick = *c.got.at(2);
  ASSERT_TRUE(std::holds_alternative<engine::ClockTick>(tick.event));
  EXPECT_EQ(engine::time_of(tick.event), expires);
  bool withdrawn = false;
  for (const auto& a : tick.actions) {
    if (const auto* w = std::get_if<engine::WithdrawWork>(&a)) {
      withdrawn = w->reason == engine::WithdrawReason::kOfferExpired;
    }
  }
  EXPECT_TRUE(withdrawn);
}

}  // namespace
}  // namespace tandem::live

namespace tandem::live {
namespace {

TEST(LiveHost, RecoveryStartsFromTheLatestSnapshotAndReplaysOnlyTheTail) {
  const LiveStream s = live_test::make_live_stream(23, 600);
  live_test::MemoryStore store;
  ManualClock clock(s.options.start);
  HostOptions o = options_for(s);
  o.snapshot_every_events = 100;
  auto host = open_host(store, clock, s, o);
  auto actions = feed(*host, s, 0, 450);
  host.reset();
  Result<std::optional<store::Snapshot>> snap = store.latest_snapshot();
  ASSERT_TRUE(snap.is_ok() && snap->has_value());
  EXPECT_GE((*snap)->seq, 400);
  EXPECT_EQ((*snap)->format, engine::kSnapshotFormat);
  host = open_host(store, clock, s, o);
  ASSERT_NE(host, nullptr);
  EXPECT_EQ(host->status().snapshot_seq, (*snap)->seq);
  EXPECT_EQ(host->status().recovered_events, static_cast<std::uint64_t>(450 - (*snap)->seq));
  const auto rest = feed(*host, s, 450, s.events.size());
  actions.insert(actions.end(), rest.begin(), rest.end());
  EXPECT_EQ(actions, s.actions);
}

}  // namespace
}  // namespace tandem::live
