// SPDX-License-Identifier: Apache-2.0
// Injected faults (docs/store.md, "Fault injection"): a full disk, an I/O error or a lost
// connection makes the append fail with Unavailable and keeps nothing of it; what was
// acknowledged before survives, and appends work again once the fault clears. Each test
// sweeps the fault over every write/sync (SQLite) or round trip (PostgreSQL) of an append.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>

#include "backends.h"
#include "store/store.h"

namespace tandem::store {
namespace {

using testing::StorePlace;
using Fault = StoreEnv::Fault;

Instant at(std::int64_t s) { return Instant{Seconds{s}}; }

// Fails the operations numbered from `first` on (counting from 1 after arm()), either that
// one only (transient) or every one until clear() (a disk that stays full).
struct FaultScript {
  std::atomic<int> calls{0};
  std::atomic<int> first{0};  // 0: disarmed
  std::atomic<bool> persistent{false};
  std::atomic<Fault> fault{Fault::kNone};
  std::atomic<int> injected{0};

  void arm(Fault f, int nth, bool stays) {
    calls = 0;
    injected = 0;
    fault = f;
    persistent = stays;
    first = nth;
  }
  void clear() { first = 0; }

  Fault next() {
    const int n = ++calls;
    const int f = first.load();
    if (f == 0 || n < f || (!persistent && n != f)) return Fault::kNone;
    ++injected;
    return fault.load();
  }
};

StoreEnv env_of(const std::shared_ptr<FaultScript>& script) {
  return StoreEnv{[script] { return script->next(); }};
}

std::vector<EventRecord> batch_of(int n, std::int64_t tag) {
  std::vector<EventRecord> out;
  for (int i = 0; i < n; ++i) {
    out.push_back({0,
                   at(tag),
                   "work_item_created",
                   R"({"item":"W)" + std::to_string(tag) + "-" + std::to_string(i) + R"("})",
                   "key-" + std::to_string(tag) + "-" + std::to_string(i),
                   {},
                   "",
                   at(tag)});
  }
  return out;
}

std::vector<ActionRecord> actions_for(std::int64_t first_seq, int n, std::int64_t tag) {
  std::vector<ActionRecord> out;
  for (int i = 0; i < n; ++i) {
    out.push_back({first_seq + i, 0, at(tag), "offer_work", R"({"agent":"A1"})"});
  }
  return out;
}

// The log holds exactly the acknowledged batches, in order, each with its actions.
void expect_log(Store& store, const std::vector<std::int64_t>& acknowledged_tags, int batch) {
  auto events = store.read_events(0, 1'000'000);
  ASSERT_TRUE(events.is_ok()) << events.status().message();
  ASSERT_EQ(events->size(), acknowledged_tags.size() * static_cast<std::size_t>(batch));
  for (std::size_t b = 0; b < acknowledged_tags.size(); ++b) {
    for (int i = 0; i < batch; ++i) {
      const EventRecord& e = (*events)[b * batch + i];
      EXPECT_EQ(e.seq, static_cast<std::int64_t>(b * batch + i) + 1);
      EXPECT_EQ(e.idempotency_key,
                "key-" + std::to_string(acknowledged_tags[b]) + "-" + std::to_string(i));
    }
  }
  auto actions = store.read_actions(0, 1'000'000);
  ASSERT_TRUE(actions.is_ok());
  EXPECT_EQ(actions->size(), events->size());
}

// Sweeps a fault over the n-th operation of one append, n = 1, 2, ... until the append no
// longer meets it; after each failure, clears the fault and appends again.
void sweep(const std::string& backend, Fault fault, bool persistent) {
  StorePlace place(backend);
  auto script = std::make_shared<FaultScript>();
  auto opened = open_store(place.url(), env_of(script));
  ASSERT_TRUE(opened.is_ok()) << opened.status().message();
  std::unique_ptr<Store> store = std::move(opened).value();
  constexpr int kBatch = 200;
  std::vector<std::int64_t> acknowledged;
  std::int64_t tag = 1;
  auto append = [&](std::int64_t t) {
    auto last = store->last_seq();
    EXPECT_TRUE(last.is_ok());
    return store->append(batch_of(kBatch, t), actions_for(*last + 1, kBatch, t));
  };
  ASSERT_TRUE(append(tag).is_ok());
  acknowledged.push_back(tag++);
  int failures = 0;
  for (int nth = 1; nth < 200; ++nth) {
    auto last = store->last_seq();  // before arming: the read is not part of the sweep
    ASSERT_TRUE(last.is_ok()) << last.status().message();
    script->arm(fault, nth, persistent);
    auto r = store->append(batch_of(kBatch, tag), actions_for(*last + 1, kBatch, tag));
    const int injected = script->injected;
    script->clear();
    if (r.is_ok()) {
      acknowledged.push_back(tag++);
      if (injected == 0) break;  // the append had fewer operations than nth: swept them all
      continue;                  // a fault the backend recovered from inside the call
    }
    ++failures;
    EXPECT_EQ(r.status().code(), StatusCode::kUnavailable)
        << "operation " << nth << ": " << r.status().message();
    ++tag;  // the failed batch is never retried under its keys: they must not be in the log
    expect_log(*store, acknowledged, kBatch);
    // Once the fault clears, intake works again.
    auto again = append(tag);
    ASSERT_TRUE(again.is_ok()) << "after a fault at operation " << nth << ": "
                               << again.status().message();
    acknowledged.push_back(tag++);
  }
  EXPECT_GE(failures, 1) << "no operation of an append met the fault";
  expect_log(*store, acknowledged, kBatch);
  // And what was acknowledged survives a reopen.
  store.reset();
  auto reopened = open_store(place.url());
  ASSERT_TRUE(reopened.is_ok()) << reopened.status().message();
  expect_log(**reopened, acknowledged, kBatch);
}

TEST(SqliteFaults, DiskFullLosesNothingAcknowledged) { sweep("sqlite", Fault::kDiskFull, true); }
TEST(SqliteFaults, TransientDiskFullLosesNothingAcknowledged) {
  sweep("sqlite", Fault::kDiskFull, false);
}
TEST(SqliteFaults, IoErrorLosesNothingAcknowledged) { sweep("sqlite", Fault::kIoError, true); }
TEST(SqliteFaults, TransientIoErrorLosesNothingAcknowledged) {
  sweep("sqlite", Fault::kIoError, false);
}

TEST(SqliteFaults, FullDiskAtOpenIsUnavailable) {
  StorePlace place("sqlite");
  auto script = std::make_shared<FaultScript>();
  script->arm(Fault::kDiskFull, 1, true);
  auto r = open_store(place.url(), env_of(script));
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().message();
  EXPECT_NE(r.status().message().find("disk is full"), std::string::npos) << r.status().message();
  script->clear();
  auto ok = open_store(place.url(), env_of(script));
  ASSERT_TRUE(ok.is_ok()) << ok.status().message();
}

class PostgresFaults : public ::testing::Test {
 protected:
  void SetUp() override { TANDEM_REQUIRE_BACKEND(std::string("postgresql")); }
};

TEST_F(PostgresFaults, ConnectionLostLosesNothingAcknowledged) {
  sweep("postgresql", Fault::kConnectionLost, false);
}
TEST_F(PostgresFaults, ConnectionDownForAWhileLosesNothingAcknowledged) {
  sweep("postgresql", Fault::kConnectionLost, true);
}
TEST_F(PostgresFaults, DiskFullLosesNothingAcknowledged) {
  sweep("postgresql", Fault::kDiskFull, false);
}

TEST_F(PostgresFaults, LostConnectionIsReopenedByTheNextCall) {
  StorePlace place("postgresql");
  auto script = std::make_shared<FaultScript>();
  auto opened = open_store(place.url(), env_of(script));
  ASSERT_TRUE(opened.is_ok()) << opened.status().message();
  Store& store = **opened;
  script->arm(Fault::kConnectionLost, 1, false);
  auto lost = store.last_seq();
  ASSERT_FALSE(lost.is_ok());
  EXPECT_EQ(lost.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(lost.status().message().find("connection"), std::string::npos);
  auto back = store.last_seq();
  ASSERT_TRUE(back.is_ok()) << back.status().message();
  EXPECT_EQ(*back, 0);
}

}  // namespace
}  // namespace tandem::store
