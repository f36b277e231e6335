// SPDX-License-Identifier: Apache-2.0
// The store's contract on both backends: every record type round-trips, sequences stay
// monotonic across reopen, idempotency keys are unique, a newer schema is refused.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>
#include <thread>
#include <vector>

#include "backends.h"
#include "store/store.h"

namespace tandem::store {
namespace {

using testing::StorePlace;

Instant at(std::int64_t s) { return Instant{Seconds{s}}; }

class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    TANDEM_REQUIRE_BACKEND(GetParam());
    place_ = std::make_unique<StorePlace>(GetParam());
    store_ = open();
  }

  std::unique_ptr<Store> open(StoreEnv env = {}) {
    auto s = open_store(place_->url(), std::move(env));
    EXPECT_TRUE(s.is_ok()) << s.status().message();
    return s.is_ok() ? std::move(s).value() : nullptr;
  }

  std::unique_ptr<StorePlace> place_;
  std::unique_ptr<Store> store_;
};

TEST_P(StoreTest, EventsAndActionsRoundTrip) {
  ASSERT_TRUE(store_);
  std::vector<EventRecord> events(3);
  events[0] = {0,
               at(1'790'000'000),
               "work_item_created",
               R"({"item":"W1","note":"tab\there, newline\nthere, back\\slash \"quoted\" é"})",
               "crm-1",
               EventOutcome::kApplied,
               "",
               at(1'790'000'001)};
  events[1] = {0,  at(1'790'000'005),       "contact_arrived",      R"({"contact":"C1"})",
               "", EventOutcome::kRejected, "unknown queue 'nope'", at(1'790'000'006)};
  events[2] = {0,  at(1'790'000'009),      "clock_tick", R"({})",
               "", EventOutcome::kApplied, "",           at(1'790'000'009)};
  std::vector<ActionRecord> actions = {
      {1, 0, at(1'790'000'000), "offer_work", R"({"agent":"A1","item":"W1"})"},
      {1, 1, at(1'790'000'000), "notify_customer", R"({"eta":"2026-09-21T10:00:00Z"})"},
      {3, 0, at(1'790'000'009), "recall_agent", "{\"agent\":\"A\\t2\"}\n"},
  };
  auto r = store_->append(events, actions);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->first_seq, 1);
  EXPECT_EQ(r->last_seq, 3);

  auto read = store_->read_events(0, 100);
  ASSERT_TRUE(read.is_ok()) << read.status().message();
  ASSERT_EQ(read->size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EventRecord expected = events[i];
    expected.seq = static_cast<std::int64_t>(i) + 1;
    EXPECT_EQ((*read)[i].seq, expected.seq);
    EXPECT_EQ((*read)[i].time, expected.time);
    EXPECT_EQ((*read)[i].type, expected.type);
    EXPECT_EQ((*read)[i].payload, expected.payload);
    EXPECT_EQ((*read)[i].idempotency_key, expected.idempotency_key);
    EXPECT_EQ((*read)[i].outcome, expected.outcome);
    EXPECT_EQ((*read)[i].reason, expected.reason);
    EXPECT_EQ((*read)[i].received, expected.received);
  }
  auto tail = store_->read_events(1, 1);
  ASSERT_TRUE(tail.is_ok());
  ASSERT_EQ(tail->size(), 1u);
  EXPECT_EQ((*tail)[0].seq, 2);

  auto acts = store_->read_actions(0, 3);
  ASSERT_TRUE(acts.is_ok()) << acts.status().message();
  ASSERT_EQ(acts->size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ((*acts)[i].event_seq, actions[i].event_seq);
    EXPECT_EQ((*acts)[i].index, actions[i].index);
    EXPECT_EQ((*acts)[i].time, actions[i].time);
    EXPECT_EQ((*acts)[i].type, actions[i].type);
    EXPECT_EQ((*acts)[i].payload, actions[i].payload);
  }
  auto only_third = store_->read_actions(1, 3);
  ASSERT_TRUE(only_third.is_ok());
  ASSERT_EQ(only_third->size(), 1u);
  EXPECT_EQ((*only_third)[0].type, "recall_agent");

  auto found = store_->find_event("crm-1");
  ASSERT_TRUE(found.is_ok()) << found.status().message();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->seq, 1);
  EXPECT_EQ((*found)->payload, events[0].payload);
  auto missing = store_->find_event("crm-2");
  ASSERT_TRUE(missing.is_ok());
  EXPECT_FALSE(missing->has_value());
  auto empty_key = store_->find_event("");
  ASSERT_TRUE(empty_key.is_ok());
  EXPECT_FALSE(empty_key->has_value());
}

TEST_P(StoreTest, SequenceIsMonotonicAcrossReopen) {
  ASSERT_TRUE(store_);
  std::vector<EventRecord> batch(5,
                                 EventRecord{0, at(100), "clock_tick", "{}", "", {}, "", at(100)});
  for (int round = 0; round < 3; ++round) {
    auto r = store_->append(batch, {});
    ASSERT_TRUE(r.is_ok()) << r.status().message();
    EXPECT_EQ(r->first_seq, round * 5 + 1);
    EXPECT_EQ(r->last_seq, round * 5 + 5);
    store_.reset();
    store_ = open();
    ASSERT_TRUE(store_);
    auto last = store_->last_seq();
    ASSERT_TRUE(last.is_ok());
    EXPECT_EQ(*last, round * 5 + 5);
  }
  auto empty = store_->append({}, {});
  ASSERT_TRUE(empty.is_ok()) << empty.status().message();
  EXPECT_EQ(empty->first_seq, 16);
  EXPECT_EQ(empty->last_seq, 15);
  std::int64_t expected = 0;
  Status s = for_each_event(*store_, 0, [&](const EventRecord& e) {
    EXPECT_EQ(e.seq, ++expected);
    return Status::ok();
  });
  EXPECT_TRUE(s.is_ok()) << s.message();
  EXPECT_EQ(expected, 15);
}

TEST_P(StoreTest, ForEachEventReadsEveryPage) {
  ASSERT_TRUE(store_);
  std::vector<EventRecord> batch(10'000,
                                 EventRecord{0, at(7), "clock_tick", "{}", "", {}, "", at(7)});
  ASSERT_TRUE(store_->append(batch, {}).is_ok());
  std::int64_t n = 0;
  Status s = for_each_event(*store_, 2'500, [&](const EventRecord& e) {
    EXPECT_EQ(e.seq, 2'501 + n);
    ++n;
    return Status::ok();
  });
  EXPECT_TRUE(s.is_ok()) << s.message();
  EXPECT_EQ(n, 7'500);
  Status stop = for_each_event(*store_, 0, [](const EventRecord& e) {
    return e.seq == 3 ? Status::conflict("stop at 3") : Status::ok();
  });
  EXPECT_EQ(stop.code(), StatusCode::kConflict);
}

TEST_P(StoreTest, DuplicateIdempotencyKeyIsConflictAndKeepsNothing) {
  ASSERT_TRUE(store_);
  EventRecord keyed{0, at(10), "work_item_created", R"({"item":"W1"})", "k-1", {}, "", at(10)};
  ASSERT_TRUE(store_->append(std::vector{keyed}, {}).is_ok());
  EventRecord fresh = keyed;
  fresh.idempotency_key = "k-2";
  // The duplicate is second in its batch: the whole batch goes, the first event too.
  auto dup = store_->append(std::vector{fresh, keyed},
                            std::vector{ActionRecord{2, 0, at(10), "offer_work", "{}"}});
  ASSERT_FALSE(dup.is_ok());
  EXPECT_EQ(dup.status().code(), StatusCode::kConflict);
  EXPECT_NE(dup.status().message().find("'k-1'"), std::string::npos) << dup.status().message();
  EXPECT_NE(dup.status().message().find("events[1]"), std::string::npos) << dup.status().message();
  // Twice in one batch is a duplicate too.
  auto twice = store_->append(std::vector{fresh, fresh}, {});
  EXPECT_EQ(twice.status().code(), StatusCode::kConflict);
  auto last = store_->last_seq();
  ASSERT_TRUE(last.is_ok());
  EXPECT_EQ(*last, 1);
  auto acts = store_->read_actions(0, 10);
  ASSERT_TRUE(acts.is_ok());
  EXPECT_TRUE(acts->empty());
  // Events without a key never clash.
  EventRecord plain = keyed;
  plain.idempotency_key.clear();
  auto ok = store_->append(std::vector{plain, plain, fresh}, {});
  ASSERT_TRUE(ok.is_ok()) << ok.status().message();
  EXPECT_EQ(ok->first_seq, 2);
  auto k2 = store_->find_event("k-2");
  ASSERT_TRUE(k2.is_ok());
  ASSERT_TRUE(k2->has_value());
  EXPECT_EQ((*k2)->seq, 4);
}

TEST_P(StoreTest, BadRecordsAreInvalidArgumentAndKeepNothing) {
  ASSERT_TRUE(store_);
  EventRecord e{0, at(1), "clock_tick", "{}", "", {}, "", at(1)};
  auto outside = store_->append(std::vector{e}, std::vector{ActionRecord{2, 0, at(1), "x", "{}"}});
  EXPECT_EQ(outside.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(outside.status().message().find("actions[0].event_seq"), std::string::npos)
      << outside.status().message();
  auto twice = store_->append(std::vector{e}, std::vector{ActionRecord{1, 0, at(1), "x", "{}"},
                                                          ActionRecord{1, 0, at(1), "y", "{}"}});
  EXPECT_EQ(twice.status().code(), StatusCode::kInvalidArgument) << twice.status().message();
  EventRecord untyped = e;
  untyped.type.clear();
  auto no_type = store_->append(std::vector{e, untyped}, {});
  EXPECT_EQ(no_type.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(no_type.status().message().find("events[1].type"), std::string::npos);
  auto last = store_->last_seq();
  ASSERT_TRUE(last.is_ok());
  EXPECT_EQ(*last, 0);
  auto good = store_->append(std::vector{e}, std::vector{ActionRecord{1, 0, at(1), "x", "{}"}});
  ASSERT_TRUE(good.is_ok()) << good.status().message();
  EXPECT_EQ(good->first_seq, 1);
}

TEST_P(StoreTest, SnapshotsRoundTripLatestBySequence) {
  ASSERT_TRUE(store_);
  auto none = store_->latest_snapshot();
  ASSERT_TRUE(none.is_ok()) << none.status().message();
  EXPECT_FALSE(none->has_value());
  std::string bytes("engine\0state\xff\x01", 14);
  ASSERT_TRUE(store_->put_snapshot({40, at(5000), 3, bytes}).is_ok());
  ASSERT_TRUE(store_->put_snapshot({10, at(1000), 3, "older"}).is_ok());
  auto latest = store_->latest_snapshot();
  ASSERT_TRUE(latest.is_ok()) << latest.status().message();
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->seq, 40);
  EXPECT_EQ((*latest)->time, at(5000));
  EXPECT_EQ((*latest)->format, 3);
  EXPECT_EQ((*latest)->bytes, bytes);
  // A snapshot at a sequence already taken replaces it.
  ASSERT_TRUE(store_->put_snapshot({40, at(5001), 4, "again"}).is_ok());
  latest = store_->latest_snapshot();
  ASSERT_TRUE(latest.is_ok());
  EXPECT_EQ((*latest)->format, 4);
  EXPECT_EQ((*latest)->bytes, "again");
  EXPECT_EQ(store_->put_snapshot({-1, at(0), 1, ""}).code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreTest, ScenarioVersionsAreNumberedFromOne) {
  ASSERT_TRUE(store_);
  auto none = store_->latest_scenario();
  ASSERT_TRUE(none.is_ok()) << none.status().message();
  EXPECT_FALSE(none->has_value());
  auto v1 = store_->put_scenario({0, "name: northbank\n", at(100), "planner@bank"});
  ASSERT_TRUE(v1.is_ok()) << v1.status().message();
  EXPECT_EQ(*v1, 1);
  auto v2 = store_->put_scenario({0, "name: northbank\nsites: []\n", at(200), "admin"});
  ASSERT_TRUE(v2.is_ok());
  EXPECT_EQ(*v2, 2);
  auto latest = store_->latest_scenario();
  ASSERT_TRUE(latest.is_ok());
  ASSERT_TRUE(latest->has_value());
  EXPECT_EQ((*latest)->version, 2);
  EXPECT_EQ((*latest)->text, "name: northbank\nsites: []\n");
  EXPECT_EQ((*latest)->created, at(200));
  EXPECT_EQ((*latest)->author, "admin");
}

TEST_P(StoreTest, PlansLatestPerWeekAndKind) {
  ASSERT_TRUE(store_);
  auto a = store_->put_plan({0, "2026-11-02", "forecast", R"({"v":1})", at(10), "p"});
  auto b = store_->put_plan({0, "2026-11-02", "schedule", R"({"v":2})", at(20), "p"});
  auto c = store_->put_plan({0, "2026-11-02", "forecast", R"({"v":3})", at(30), "q"});
  ASSERT_TRUE(a.is_ok() && b.is_ok() && c.is_ok()) << a.status().message();
  EXPECT_LT(*a, *b);
  EXPECT_LT(*b, *c);
  auto f = store_->latest_plan("2026-11-02", "forecast");
  ASSERT_TRUE(f.is_ok()) << f.status().message();
  ASSERT_TRUE(f->has_value());
  EXPECT_EQ((*f)->id, *c);
  EXPECT_EQ((*f)->json, R"({"v":3})");
  EXPECT_EQ((*f)->published, at(30));
  EXPECT_EQ((*f)->author, "q");
  auto other_week = store_->latest_plan("2026-11-09", "forecast");
  ASSERT_TRUE(other_week.is_ok());
  EXPECT_FALSE(other_week->has_value());
  auto bad_kind = store_->put_plan({0, "2026-11-02", "roster", "{}", at(1), ""});
  EXPECT_EQ(bad_kind.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad_kind.status().message().find("plan.kind"), std::string::npos);
  auto bad_week = store_->put_plan({0, "next week", "forecast", "{}", at(1), ""});
  EXPECT_EQ(bad_week.status().code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreTest, TokensRoundTripAndRevoke) {
  ASSERT_TRUE(store_);
  TokenRecord sup{"t1", "h1", "supervisor", "Contact centre", "", "Sam's laptop", at(50), false};
  TokenRecord agent{"t2", "h2", "agent", "", "A17", "", at(60), false};
  ASSERT_TRUE(store_->put_token(sup).is_ok());
  ASSERT_TRUE(store_->put_token(agent).is_ok());
  auto dup = store_->put_token(TokenRecord{"t1", "h9", "admin", "", "", "", at(1), false});
  EXPECT_EQ(dup.code(), StatusCode::kConflict) << dup.message();
  auto dup_hash = store_->put_token(TokenRecord{"t9", "h2", "admin", "", "", "", at(1), false});
  EXPECT_EQ(dup_hash.code(), StatusCode::kConflict);
  auto found = store_->find_token_by_hash("h1");
  ASSERT_TRUE(found.is_ok()) << found.status().message();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, "t1");
  EXPECT_EQ((*found)->role, "supervisor");
  EXPECT_EQ((*found)->team, "Contact centre");
  EXPECT_EQ((*found)->label, "Sam's laptop");
  EXPECT_EQ((*found)->created, at(50));
  EXPECT_FALSE((*found)->revoked);
  ASSERT_TRUE(store_->revoke_token("t2").is_ok());
  EXPECT_EQ(store_->revoke_token("nope").code(), StatusCode::kNotFound);
  auto all = store_->tokens();
  ASSERT_TRUE(all.is_ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, "t1");
  EXPECT_EQ((*all)[1].id, "t2");
  EXPECT_EQ((*all)[1].agent, "A17");
  EXPECT_TRUE((*all)[1].revoked);
  auto none = store_->find_token_by_hash("h3");
  ASSERT_TRUE(none.is_ok());
  EXPECT_FALSE(none->has_value());
}

TEST_P(StoreTest, RollupsUpsertByKeyAndReadByRange) {
  ASSERT_TRUE(store_);
  std::vector<Rollup> first = {{"voice-mortgage", "service_level", at(900), 80, 100},
                               {"chat", "service_level", at(900), 9, 10},
                               {"voice-mortgage", "service_level", at(1800), 0.1, 3}};
  ASSERT_TRUE(store_->put_rollups(first).is_ok());
  std::vector<Rollup> again = {{"voice-mortgage", "service_level", at(900), 85, 101}};
  ASSERT_TRUE(store_->put_rollups(again).is_ok());
  auto r = store_->read_rollups(at(900), at(1800));
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0].scope, "chat");
  EXPECT_EQ((*r)[1].scope, "voice-mortgage");
  EXPECT_EQ((*r)[1].numerator, 85);
  EXPECT_EQ((*r)[1].denominator, 101);
  auto later = store_->read_rollups(at(1800), at(2700));
  ASSERT_TRUE(later.is_ok());
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0].numerator, 0.1);  // exact: doubles survive the round trip
  EXPECT_EQ((*later)[0].interval_start, at(1800));
  std::vector<Rollup> bad = {{"chat", "aht", at(0), std::nan(""), 1}};
  EXPECT_EQ(store_->put_rollups(bad).code(), StatusCode::kInvalidArgument);
}

TEST_P(StoreTest, StatusDescribesTheLog) {
  ASSERT_TRUE(store_);
  auto empty = store_->status();
  ASSERT_TRUE(empty.is_ok()) << empty.status().message();
  EXPECT_EQ(empty->backend, GetParam());
  EXPECT_EQ(empty->schema_version, kSchemaVersion);
  EXPECT_EQ(empty->last_seq, 0);
  EXPECT_FALSE(empty->snapshot_seq.has_value());
  std::vector<EventRecord> batch(4, EventRecord{0, at(3), "clock_tick", "{}", "", {}, "", at(3)});
  std::vector<ActionRecord> acts = {
      {2, 0, at(3), "a", "{}"}, {4, 0, at(3), "b", "{}"}, {4, 1, at(3), "c", "{}"}};
  ASSERT_TRUE(store_->append(batch, acts).is_ok());
  ASSERT_TRUE(store_->put_snapshot({4, at(3), 1, "s"}).is_ok());
  auto st = store_->status();
  ASSERT_TRUE(st.is_ok()) << st.status().message();
  EXPECT_EQ(st->last_seq, 4);
  EXPECT_EQ(st->events, 4);
  EXPECT_EQ(st->actions, 3);
  EXPECT_GT(st->bytes, 0);
  ASSERT_TRUE(st->snapshot_seq.has_value());
  EXPECT_EQ(*st->snapshot_seq, 4);
  EXPECT_EQ(*st->snapshot_time, at(3));
  if (GetParam() == "sqlite") {
    EXPECT_EQ(st->location, place_->file().string());
  } else {
    EXPECT_NE(st->location.find("database tandem_test"), std::string::npos) << st->location;
    EXPECT_NE(st->location.find(place_->schema()), std::string::npos) << st->location;
  }
}

TEST_P(StoreTest, NewerSchemaIsRefused) {
  ASSERT_TRUE(store_);
  store_.reset();
  if (GetParam() == "sqlite") {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(place_->file().c_str(), &db), SQLITE_OK);
    ASSERT_EQ(
        sqlite3_exec(db, "INSERT INTO schema_version VALUES (2, 0)", nullptr, nullptr, nullptr),
        SQLITE_OK);
    sqlite3_close(db);
  } else {
    ASSERT_EQ(
        testing::pg_admin("INSERT INTO " + place_->schema() + ".schema_version VALUES (2, 0)"), "");
  }
  auto refused = open_store(place_->url());
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict);
  EXPECT_NE(refused.status().message().find("version 2"), std::string::npos)
      << refused.status().message();
  EXPECT_NE(refused.status().message().find("version 1"), std::string::npos)
      << refused.status().message();
}

TEST_P(StoreTest, ReadersSeeOnlyWholeAppends) {
  ASSERT_TRUE(store_);
  constexpr int kBatches = 50;
  constexpr int kBatch = 20;
  std::atomic<bool> done{false};
  std::thread writer([&] {
    std::vector<EventRecord> batch(kBatch,
                                   EventRecord{0, at(1), "clock_tick", "{}", "", {}, "", at(1)});
    for (int i = 0; i < kBatches; ++i) EXPECT_TRUE(store_->append(batch, {}).is_ok());
    done = true;
  });
  std::int64_t previous = 0;
  while (!done) {
    auto last = store_->last_seq();
    ASSERT_TRUE(last.is_ok()) << last.status().message();
    EXPECT_EQ(*last % kBatch, 0) << "a reader saw part of an append";
    EXPECT_GE(*last, previous);
    previous = *last;
  }
  writer.join();
  auto last = store_->last_seq();
  ASSERT_TRUE(last.is_ok());
  EXPECT_EQ(*last, kBatches * kBatch);
}

// The store serialises appends from many threads: every append gets a whole, contiguous range.
TEST_P(StoreTest, ConcurrentAppendsGetContiguousRanges) {
  ASSERT_TRUE(store_);
  constexpr int kThreads = 4;
  constexpr int kAppends = 25;
  constexpr int kBatch = 10;
  std::vector<std::thread> threads;
  std::vector<std::vector<AppendResult>> got(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      std::vector<EventRecord> batch(kBatch,
                                     EventRecord{0, at(t), "clock_tick", "{}", "", {}, "", at(t)});
      for (int i = 0; i < kAppends; ++i) {
        auto r = store_->append(batch, {});
        EXPECT_TRUE(r.is_ok()) << r.status().message();
        if (r.is_ok()) got[t].push_back(*r);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::vector<std::int64_t> firsts;
  for (const auto& list : got) {
    for (const AppendResult& r : list) {
      EXPECT_EQ(r.last_seq - r.first_seq + 1, kBatch);
      firsts.push_back(r.first_seq);
    }
  }
  std::sort(firsts.begin(), firsts.end());
  ASSERT_EQ(firsts.size(), static_cast<std::size_t>(kThreads * kAppends));
  for (std::size_t i = 0; i < firsts.size(); ++i) {
    EXPECT_EQ(firsts[i], static_cast<std::int64_t>(i) * kBatch + 1);
  }
}

// Two writers on one log (e.g. `tandem store` beside a running host): sequences stay gapless.
TEST_P(StoreTest, TwoWritersInterleaveWithoutGaps) {
  ASSERT_TRUE(store_);
  std::unique_ptr<Store> other = open();
  ASSERT_TRUE(other);
  EventRecord e{0, at(1), "clock_tick", "{}", "", {}, "", at(1)};
  std::vector<EventRecord> two(2, e);
  std::vector<EventRecord> many(100, e);
  for (int i = 0; i < 3; ++i) {
    auto a = store_->append(two, {});
    ASSERT_TRUE(a.is_ok()) << a.status().message();
    EXPECT_EQ(a->first_seq, i * 102 + 1);
    auto b = other->append(many, {});
    ASSERT_TRUE(b.is_ok()) << b.status().message();
    EXPECT_EQ(b->first_seq, i * 102 + 3);
  }
  auto last = store_->last_seq();
  ASSERT_TRUE(last.is_ok());
  EXPECT_EQ(*last, 306);
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST(OpenStore, BadUrlIsInvalidArgumentNamingTheRule) {
  for (const char* url : {"", "mysql://localhost/db", "sqlite:", "file.db"}) {
    auto r = open_store(url);
    ASSERT_FALSE(r.is_ok()) << url;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << url;
    EXPECT_NE(r.status().message().find("sqlite:PATH"), std::string::npos) << r.status().message();
  }
}

TEST(OpenStore, PasswordIsNeverShown) {
  auto r = open_store("mysql://user:s3cret@db.example/tandem");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().message().find("s3cret"), std::string::npos) << r.status().message();
}

TEST(OpenStore, UnreachableServerIsUnavailable) {
  // Port 1 on loopback: nothing listens, the refusal is immediate.
  auto r = open_store("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().message();
}

// The background checkpointer copies the WAL into the database while the store is open, so
// the WAL stays bounded under sustained appends (it used to grow without bound: the
// checkpointer's connection had never opened the WAL, and its checkpoints did nothing).
TEST(SqliteCheckpoints, TheWalIsCopiedIntoTheDatabaseWhileTheStoreIsOpen) {
  StorePlace place("sqlite");
  auto opened = open_store(place.url());
  ASSERT_TRUE(opened.is_ok()) << opened.status().message();
  const std::string payload = "{\"pad\":\"" + std::string(2000, 'x') + "\"}";
  std::int64_t seq = 0;
  std::vector<EventRecord> events(100);
  for (int round = 0; round < 40; ++round) {  // 4,000 events of 2 kB: ~2,000 WAL pages
    for (auto& e : events) {
      e.time = at(1'700'000'000 + seq);
      e.type = "clock_tick";
      e.payload = payload;
    }
    auto r = (*opened)->append(events, {});
    ASSERT_TRUE(r.is_ok()) << r.status().message();
    seq = r->last_seq;
  }
  // The checkpointer runs on its own thread: wait (bounded) for the file to take the pages.
  std::uintmax_t size = 0;
  for (int i = 0; i < 2000 && size < 4'000'000; ++i) {
    size = std::filesystem::file_size(place.file());
    if (size < 4'000'000) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (i % 100 == 99) {  // each append wakes it: one more if it slept through
      auto r = (*opened)->append(std::span<const EventRecord>(events.data(), 1), {});
      ASSERT_TRUE(r.is_ok());
    }
  }
  EXPECT_GE(size, 4'000'000u) << "the database file did not grow: nothing was checkpointed";
}

TEST(OpenStore, SqliteFolderThatCannotExistIsUnavailable) {
  auto r = open_store("sqlite:/proc/no/such/folder/store.db");
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().message();
}

TEST(OpenStore, NotADatabaseIsInternal) {
  StorePlace place("sqlite");
  {
    std::FILE* f = std::fopen(place.file().c_str(), "wb");
    ASSERT_NE(f, nullptr);
    std::fputs("this is not a SQLite database, it is a text file long enough to be read\n", f);
    std::fclose(f);
  }
  auto r = open_store(place.url());
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal) << r.status().message();
}

}  // namespace
}  // namespace tandem::store
