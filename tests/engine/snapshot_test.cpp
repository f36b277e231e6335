// SPDX-License-Identifier: Apache-2.0
// Engine snapshots: an engine restored from a snapshot taken at any event answers every query
// and handles every later event exactly as the engine that never stopped; the bytes are
// canonical; bad bytes are refused with a clear error, never a crash.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <iomanip>
#include <random>
#include <sstream>

#include "engine/fixtures.h"

namespace tandem::engine::testing {
namespace {

// Front office (voice, chat, email), back office (a process with parallel branches and a
// robot-eligible first step, a single-step process with quality checks), blended and siloed
// agents, a robot, decision rules of every trigger and a business calendar for some queues.
Scenario snapshot_scenario() {
  Scenario s = base_scenario();
  Site site;
  site.id = "london";
  site.time_zone = "Europe/London";
  for (int d = 0; d < 5; ++d) {
    site.opening_hours.days[d] = {{TimeOfDay{8 * 60}, TimeOfDay{18 * 60}}};
  }
  site.holidays = {LocalDays{std::chrono::year{2026} / 3 / 4}};
  s.sites = {site};
  for (auto& q : s.queues) {
    if (q.id == "kyc" || q.id == "callback") q.site = "london";
  }
  s.teams.push_back(Team{"chat3", "chat3", "", {{"chat", 3}}});
  s.agents = {make_agent("v1", {"billing"}, "chat3"),
              make_agent("v2", {"billing"}),
              make_agent("k1", {"kyc"}),
              make_agent("u1", {"underwriting"}),
              make_agent("d1", {"doc", "kyc"}),
              make_agent("m1", {"billing", "kyc", "underwriting"}),
              make_agent("m2", {"billing", "doc"}),
              make_agent("bot", {"doc"}, "", AgentKind::kRobot)};
  s.agents.back().concurrency = 2;
  s.agents.back().failure_rate = 0.2;
  s.processes[1].stages[0].branches[0][0].quality_check_rate = 0.3;
  s.rules.push_back({"chase",
                     "when item.pending_customer for 2 business_days then create_task "
                     "callback",
                     {}});
  s.rules.push_back({"hurry", "when item.slack < 40h then priority +1", {}});
  s.rules.push_back({"exc", "when robot.exception then route skill kyc", {}});
  s.rules.push_back({"lost", "when contact.abandoned then create_task callback", {}});
  s.rules.push_back({"late", "when item.created for 3h and item.priority >= 2 then escalate", {}});
  s.rules.push_back({"tell", "when item.done then notify_customer", {}});
  s.rules.push_back({"web",
                     "when self_service.abandoned and self_service.progress >= 50% then "
                     "create_task callback",
                     {}});
  return s;
}

Policy snapshot_policy(std::uint64_t seed) {
  Policy p = base_policy();
  p.offer_timeout_seconds = seed % 3 == 0 ? 0 : 20;
  p.not_ready_on_reject = seed % 2 == 0;
  p.recall_mode = seed % 4 == 1 ? RecallMode::kWaitForCompletion : RecallMode::kPauseTask;
  p.agent_selection =
      seed % 5 == 2 ? AgentSelection::kBestProficiency : AgentSelection::kLongestIdle;
  p.blending = seed % 7 != 3;
  return p;
}

EngineOptions snapshot_options(std::uint64_t seed) {
  EngineOptions o;
  o.start = t0();
  o.seed = 40 + seed;
  o.retire_closed_items = seed % 4 == 2;
  o.robot_failures_by_rate = seed % 3 == 1;
  o.track_history = seed % 9 != 5;
  return o;
}

std::string time_text(Instant t) { return std::to_string(t.time_since_epoch().count()); }

// Every query answer about every id the stream has used, as text (doubles exactly).
class Answers {
 public:
  std::vector<std::string> agents, items, contacts, customers, queues;

  // The answers about the first `n_items` items and `n_contacts` contacts (the ids the stream
  // had made when it chose the event).
  std::string of(Engine& e, std::size_t n_items = SIZE_MAX,
                 std::size_t n_contacts = SIZE_MAX) const {
    std::ostringstream o;
    o << std::setprecision(17);
    n_items = std::min(n_items, items.size());
    n_contacts = std::min(n_contacts, contacts.size());
    for (std::size_t k = 0; k < n_items; ++k) {
      const std::string& id = items[k];
      o << "item " << id << ':';
      if (auto i = e.item(id)) {
        o << i->customer << ',' << i->process << ',' << to_string(i->place) << ',' << i->priority
          << ',' << time_text(i->received) << ',' << time_text(i->due) << ',' << i->stage << '/'
          << i->stage_count;
        for (const auto& t : i->open_tasks) {
          o << " [" << t.id << ',' << t.step << ',' << t.queue << ',' << to_string(t.place) << ','
            << t.agent << ',' << t.progress.count() << ',' << t.is_exception << ','
            << t.is_quality_check << ']';
        }
      }
      o << "\n history:";
      auto h = e.history(id);
      if (h.is_ok()) {
        for (const auto& x : *h) {
          o << ' ' << time_text(x.time) << to_string(x.kind) << ',' << x.task << ',' << x.agent;
        }
      } else {
        o << static_cast<int>(h.status().code()) << h.status().message();
      }
      o << "\n eta:";
      auto eta = e.eta(id);
      if (eta.is_ok()) {
        o << time_text(eta->completion) << ',' << eta->queue_wait.count() << ','
          << eta->remaining_work.count() << ',' << eta->position << ',' << eta->capacity_agents
          << ',' << eta->within_due;
      } else {
        o << static_cast<int>(eta.status().code()) << eta.status().message();
      }
      o << "\n explain:" << explanation(e.explain_item(id)) << '\n';
    }
    for (std::size_t k = 0; k < n_contacts; ++k) {
      const std::string& id = contacts[k];
      o << "contact " << id << ':';
      if (auto c = e.contact(id)) {
        o << c->queue << ',' << c->customer << ',' << to_string(c->place) << ',' << c->agent << ','
          << time_text(c->arrived);
      }
      o << " explain:" << explanation(e.explain(contact_ref(id))) << '\n';
    }
    for (const auto& id : customers) {
      o << "journey " << id << ':';
      for (const auto& j : e.journey(id)) {
        o << ' ' << time_text(j.time) << to_string(j.kind) << ',' << j.ref << ',' << j.detail;
      }
      o << '\n';
    }
    for (const auto& id : agents) {
      auto a = e.agent(id);
      o << "agent " << id << ':' << a->logged_in << static_cast<int>(a->state) << ','
        << to_string(a->mode) << ',' << static_cast<int>(a->activity) << ','
        << (a->activity_until ? time_text(*a->activity_until) : "-") << ',' << a->load << ','
        << time_text(a->idle_since);
      for (const auto& w : a->offered) o << " o:" << w.id << '#' << w.handle;
      for (const auto& w : a->assigned) o << " a:" << w.id << '#' << w.handle;
      o << '\n';
    }
    for (const auto& id : queues) {
      auto q = e.queue(id);
      o << "queue " << id << ':' << q->real_time << ',' << q->waiting << ','
        << (q->oldest_waiting_since ? time_text(*q->oldest_waiting_since) : "-") << ','
        << q->smoothed_arrivals_per_hour << ',' << q->phone_need << ',' << q->phone_agents << '\n';
    }
    const EngineStats st = e.stats();
    o << "stats " << st.events << ',' << st.rejected << ',' << st.actions << ',' << st.open_contacts
      << ',' << st.open_items << ',' << st.open_tasks << ',' << st.logged_in_agents << ','
      << st.history_entries << ',' << st.history_bytes << ',' << st.state_bytes << '\n';
    o << "now " << time_text(e.now()) << " next_due "
      << (e.next_due() ? time_text(*e.next_due()) : "-") << '\n';
    return o.str();
  }

 private:
  static std::string explanation(const Result<Explanation>& r) {
    if (!r.is_ok())
      return std::to_string(static_cast<int>(r.status().code())) + r.status().message();
    std::ostringstream o;
    o << to_string(r->reason) << ',' << r->text << ',' << r->skilled_logged_in << ','
      << r->skilled_idle << ',' << r->ahead_in_queue;
    return o.str();
  }
};

// A random but mostly valid event stream, chosen against the engine's own answers (offers and
// assignments it made), with bad events mixed in.
class Stream {
 public:
  Stream(std::uint64_t seed, const Scenario& scenario, Answers& ids) : rng_(seed), ids_(ids) {
    for (const auto& a : scenario.agents) ids_.agents.push_back(a.id);
    for (const auto& q : scenario.queues) ids_.queues.push_back(q.id);
    for (int c = 0; c < 6; ++c) ids_.customers.push_back("cust" + std::to_string(c));
    now_ = t0();
  }

  Event next(Engine& engine) {
    now_ += Seconds{pick(0, 40) == 0 ? pick(600, 7200) : pick(0, 40)};
    return pick(0, 99) < 6 ? bad(engine) : good(engine);
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  template <class T>
  const T& choose(const std::vector<T>& v) {
    return v[static_cast<std::size_t>(pick(0, static_cast<int>(v.size()) - 1))];
  }
  std::string customer() { return "cust" + std::to_string(pick(0, 5)); }

  Event good(Engine& engine) {
    std::vector<std::pair<std::string, WorkRef>> offered, assigned;
    for (const auto& id : ids_.agents) {
      auto a = engine.agent(id);
      for (const auto& w : a->offered) offered.emplace_back(id, w);
      for (const auto& w : a->assigned) assigned.emplace_back(id, w);
    }
    const int r = pick(0, 99);
    if (r < 13) {
      const std::string id = "c" + std::to_string(next_id_++);
      ids_.contacts.push_back(id);
      return ContactArrived{now_, id, pick(0, 2) ? "voice" : "chat", customer()};
    }
    if (r < 25) {
      const std::string id = "i" + std::to_string(next_id_++);
      ids_.items.push_back(id);
      const int kind = pick(0, 3);
      std::optional<int> priority;
      if (pick(0, 3) == 0) priority = pick(0, 3);
      return WorkItemCreated{
          now_,
          id,
          kind == 0   ? "mortgage"
          : kind == 1 ? "kyc-only"
                      : "",
          kind == 2   ? "email"
          : kind == 3 ? "callback"
                      : "",
          customer(),
          priority,
          pick(0, 1) ? std::optional<Instant>(now_ + Seconds{pick(1, 72) * 3600}) : std::nullopt,
          std::nullopt};
    }
    if (r < 46 && !offered.empty()) {
      const auto& [agent, work] = choose(offered);
      const int k = pick(0, 9);
      if (k < 7) return OfferAccepted{now_, agent, work};
      if (k < 9) return OfferRejected{now_, agent, work};
      return OfferTimedOut{now_, agent, work};
    }
    if (r < 68 && !assigned.empty()) {
      const auto& [agent, work] = choose(assigned);
      if (work.kind == WorkKind::kContact) {
        return ContactEnded{now_, work.id, agent, Seconds{pick(0, 1) * 10}};
      }
      const int k = pick(0, 19);
      if (k == 0) return StepFailed{now_, work.id, agent, "random failure"};
      if (k == 1) return WorkPaused{now_, work.id, agent};
      if (k == 2) return StepStarted{now_, work.id, agent};
      return StepDone{now_, work.id, agent};
    }
    if (r < 72 && !ids_.items.empty()) {
      const std::string& id = choose(ids_.items);
      if (auto it = engine.item(id)) {
        for (const auto& t : it->open_tasks) {
          if (t.place == Place::kPaused) return WorkResumed{now_, t.id};
          if (t.place == Place::kQueued) return StepStarted{now_, t.id, choose(ids_.agents)};
        }
      }
    }
    if (r < 76 && !ids_.items.empty()) return PendingCustomer{now_, choose(ids_.items)};
    if (r < 80 && !ids_.items.empty()) return CustomerResponded{now_, choose(ids_.items)};
    if (r < 82 && !ids_.items.empty()) return ItemCancelled{now_, choose(ids_.items), "test"};
    if (r < 85 && !ids_.contacts.empty()) return ContactAbandoned{now_, choose(ids_.contacts)};
    if (r < 90) {
      const std::string& id = choose(ids_.agents);
      auto a = engine.agent(id);
      if (!a->logged_in) return AgentLoggedIn{now_, id};
      if (pick(0, 3) == 0) return AgentLoggedOut{now_, id};
      return AgentStateChanged{now_, id, static_cast<AgentState>(pick(0, 2) ? 0 : pick(1, 5))};
    }
    if (r < 92) {
      return ScheduleActivityStarted{now_, choose(ids_.agents),
                                     static_cast<ScheduledActivity>(pick(0, 3)),
                                     now_ + Seconds{pick(1, 120) * 60}};
    }
    if (r < 94) {
      return SelfServiceProgress{now_,  customer(),     "app-" + std::to_string(pick(0, 3)),
                                 "web", pick(0, 5),     5,
                                 false, pick(0, 1) == 1};
    }
    if (r < 96) {
      const Instant start = t0() + Seconds{(now_ - t0()).count() / 900 * 900 + pick(0, 4) * 900};
      return ForecastUpdated{now_,
                             pick(0, 1) ? "voice" : "chat",
                             start,
                             Seconds{900},
                             pick(0, 80) * 1.0,
                             pick(0, 1) ? 0.0 : 240.0};
    }
    if (r < 97) return CapacityPlanned{now_, pick(0, 1) ? "kyc" : "underwriting", pick(0, 8) * 0.5};
    return ClockTick{now_};
  }

  Event bad(Engine& engine) {
    switch (pick(0, 6)) {
      case 0:
        return AgentLoggedIn{now_, "ghost"};
      case 1:
        return StepDone{now_, "missing/step", choose(ids_.agents)};
      case 2:
        return OfferAccepted{now_, "ghost", contact_ref("c0")};
      case 3:
        return ClockTick{now_ - 1s};
      case 4:
        return ContactArrived{now_, "x" + std::to_string(next_id_), "nowhere", ""};
      case 5:
        for (const auto& id : ids_.agents) {
          auto a = engine.agent(id);
          for (const auto& w : a->assigned) {
            if (w.kind != WorkKind::kTask) continue;
            for (const auto& other : ids_.agents) {
              if (other != id) return StepDone{now_, w.id, other};
            }
          }
        }
        return StepDone{now_, "i0/zzz", "v1"};
      default:
        return WorkItemCreated{now_, "", "", "", "", std::nullopt, std::nullopt, std::nullopt};
    }
  }

  std::mt19937_64 rng_;
  Answers& ids_;
  Instant now_;
  int next_id_ = 0;
};

// What one event did: its status, its actions, the closed items drained after it (every 25th
// event) and every query answer after it.
struct Known {
  std::size_t items = 0, contacts = 0;
};

std::string trace(Engine& engine, const Event& event, const Answers& answers, Known known,
                  int step) {
  std::vector<Action> out;
  const Status st = engine.handle(event, out);
  std::ostringstream o;
  o << step << ' ' << name_of(event) << " -> " << static_cast<int>(st.code()) << ' ' << st.message()
    << '\n';
  for (const auto& a : out) o << "  " << to_string(a) << '\n';
  if (step % 25 == 0) {
    for (const ClosedItem& c : engine.drain_closed_items()) {
      o << "closed " << c.id << ',' << c.customer << ',' << c.process << ',' << c.work_type << ','
        << to_string(c.place) << ',' << time_text(c.received) << ',' << time_text(c.closed) << ','
        << c.history.size() << '\n';
    }
  }
  if (step % 5 == 0 || step < 3) o << answers.of(engine, known.items, known.contacts);
  return o.str();
}

Engine must_create(const Scenario& s, const Policy& p, EngineOptions o) {
  auto r = Engine::create(s, p, o);
  EXPECT_TRUE(r.is_ok()) << r.status().message();
  return std::move(r).value();
}

constexpr int kEvents = 500;

TEST(EngineSnapshot, RestoredEngineContinuesExactlyAsTheUninterruptedOneOver40Seeds) {
  const Scenario scenario = snapshot_scenario();
  int restored_with_open_work = 0;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Policy policy = snapshot_policy(seed);
    const EngineOptions options = snapshot_options(seed);
    // The uninterrupted run: the stream is chosen against this engine's answers.
    Answers answers;
    Stream stream(seed, scenario, answers);
    Engine whole = must_create(scenario, policy, options);
    std::vector<Event> events;
    std::vector<std::string> traces;
    std::vector<Known> known;
    for (int k = 0; k < kEvents; ++k) {
      events.push_back(stream.next(whole));
      known.push_back(Known{answers.items.size(), answers.contacts.size()});
      traces.push_back(trace(whole, events.back(), answers, known.back(), k));
    }
    // The interrupted run: the same events up to `cut`, a snapshot, a restore, the rest.
    std::mt19937_64 rng(seed * 7919);
    const int cut = std::uniform_int_distribution<int>(1, kEvents - 1)(rng);
    Engine first = must_create(scenario, policy, options);
    for (int k = 0; k < cut; ++k) {
      ASSERT_EQ(trace(first, events[k], answers, known[k], k), traces[k])
          << "before the cut, event " << k;
    }
    auto bytes = first.snapshot();
    ASSERT_TRUE(bytes.is_ok()) << bytes.status().message();
    auto restored = Engine::restore(scenario, policy, options, *bytes);
    ASSERT_TRUE(restored.is_ok()) << restored.status().message();
    Engine second = std::move(restored).value();
    ASSERT_TRUE(second.check_invariants().is_ok());
    auto again = second.snapshot();
    ASSERT_TRUE(again.is_ok());
    EXPECT_EQ(*again, *bytes) << "snapshot -> restore -> snapshot changed the bytes";
    EXPECT_EQ(answers.of(second), answers.of(first)) << "queries right after the restore";
    if (second.stats().open_items + second.stats().open_contacts > 0) ++restored_with_open_work;
    for (int k = cut; k < kEvents; ++k) {
      ASSERT_EQ(trace(second, events[k], answers, known[k], k), traces[k])
          << "after the cut at " << cut;
      ASSERT_TRUE(second.check_invariants().is_ok()) << "event " << k;
    }
    // The restored engine's final state is the uninterrupted one's, byte for byte.
    EXPECT_EQ(*second.snapshot(), *whole.snapshot());
  }
  EXPECT_GE(restored_with_open_work, 30);  // the cuts land in busy states
}

Scenario small_scenario() {
  Scenario s = base_scenario();
  s.agents = {make_agent("m1", {"billing", "kyc"}),
              make_agent("bot", {"doc"}, "", AgentKind::kRobot)};
  return s;
}

// A small state (a few events) for the byte-level tests.
std::string small_snapshot(const Scenario& scenario, const Policy& policy) {
  Driver d(scenario, policy);
  d.ok(AgentLoggedIn{at(0s), "m1"});
  d.ok(AgentLoggedIn{at(0s), "bot"});
  d.ok(ContactArrived{at(1s), "c1", "voice", "cust"});
  d.ok(WorkItemCreated{at(2s), "i1", "mortgage", "", "cust", std::nullopt, std::nullopt,
                       std::nullopt});
  auto bytes = d.engine().snapshot();
  EXPECT_TRUE(bytes.is_ok());
  return *bytes;
}

TEST(EngineSnapshot, EveryFlippedByteIsRejected) {
  const Scenario s = small_scenario();
  const Policy p = base_policy();
  EngineOptions o;
  o.start = t0();
  const std::string bytes = small_snapshot(s, p);
  ASSERT_TRUE(Engine::restore(s, p, o, bytes).is_ok());
  ASSERT_GT(bytes.size(), 100u);
  for (std::size_t k = 0; k < bytes.size(); ++k) {
    for (unsigned char mask : {0x01, 0x80}) {
      std::string bad = bytes;
      bad[k] = static_cast<char>(bad[k] ^ mask);
      auto r = Engine::restore(s, p, o, bad);
      ASSERT_FALSE(r.is_ok()) << "byte " << k;
      EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().message();
    }
  }
}

TEST(EngineSnapshot, TruncatedOrPaddedBytesAreRejected) {
  const Scenario s = small_scenario();
  const Policy p = base_policy();
  EngineOptions o;
  o.start = t0();
  const std::string bytes = small_snapshot(s, p);
  for (std::size_t n = 0; n < bytes.size(); ++n) {
    auto r = Engine::restore(s, p, o, std::string_view(bytes).substr(0, n));
    ASSERT_FALSE(r.is_ok()) << n;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(r.status().message().find(n < 36 ? "truncated" : "truncated or padded"),
              std::string::npos)
        << r.status().message();
  }
  auto padded = Engine::restore(s, p, o, bytes + '\0');
  ASSERT_FALSE(padded.is_ok());
  EXPECT_EQ(padded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(Engine::restore(s, p, o, "").is_ok());
  EXPECT_FALSE(Engine::restore(s, p, o, "not a snapshot at all, just some text......").is_ok());
}

TEST(EngineSnapshot, AnotherFormatVersionIsRejected) {
  const Scenario s = small_scenario();
  const Policy p = base_policy();
  EngineOptions o;
  o.start = t0();
  std::string bytes = small_snapshot(s, p);
  bytes[8] = static_cast<char>(kSnapshotFormat + 1);  // the version follows the 8-byte magic
  auto r = Engine::restore(s, p, o, bytes);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("format version 2, this engine reads version 1"),
            std::string::npos)
      << r.status().message();
}

TEST(EngineSnapshot, ASnapshotOfAnotherConfigurationIsRejected) {
  const Scenario s = small_scenario();
  const Policy p = base_policy();
  EngineOptions o;
  o.start = t0();
  const std::string bytes = small_snapshot(s, p);
  auto expect_refused = [&](const Scenario& s2, const Policy& p2, const EngineOptions& o2,
                            const char* what) {
    auto r = Engine::restore(s2, p2, o2, bytes);
    ASSERT_FALSE(r.is_ok()) << what;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << what;
    EXPECT_NE(r.status().message().find("another configuration"), std::string::npos)
        << what << ": " << r.status().message();
  };
  Scenario other = s;
  other.queues[0].handle_time = Distribution::fixed(301);
  expect_refused(other, p, o, "another handle time");
  other = s;
  other.agents.push_back(make_agent("m2", {"billing"}));
  expect_refused(other, p, o, "another agent");
  other = s;
  other.rules.push_back({"hurry", "when item.slack < 40h then priority +1", {}});
  expect_refused(other, p, o, "another rule");
  Policy p2 = p;
  p2.offer_timeout_seconds = 30;
  expect_refused(s, p2, o, "another policy");
  EngineOptions o2 = o;
  o2.seed = 77;
  expect_refused(s, p, o2, "another seed");
  // The start is not part of the configuration: the clock comes from the snapshot.
  EngineOptions later = o;
  later.start = t0() + 1h;
  auto r = Engine::restore(s, p, later, bytes);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(r->now(), at(2s));
}

TEST(EngineSnapshot, AFreshEngineRoundTrips) {
  const Scenario s = snapshot_scenario();
  const Policy p = snapshot_policy(1);
  const EngineOptions o = snapshot_options(1);
  Engine e = must_create(s, p, o);
  auto bytes = e.snapshot();
  ASSERT_TRUE(bytes.is_ok());
  EXPECT_EQ(bytes->substr(0, 8), "TNDMSNAP");
  auto r = Engine::restore(s, p, o, *bytes);
  ASSERT_TRUE(r.is_ok()) << r.status().message();
  EXPECT_EQ(*r->snapshot(), *bytes);
  EXPECT_EQ(r->next_due(), e.next_due());
}

}  // namespace
}  // namespace tandem::engine::testing
