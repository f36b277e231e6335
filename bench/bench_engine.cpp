// SPDX-License-Identifier: Apache-2.0
// bench_engine: the engine under a large, realistic load (issue 5): 5,000 agents, 200 skills,
// 1,000,000 open work items, a mix of contact, back-office, offer and agent events produced by
// a small driver that plays the agents (accepts offers, finishes work after a sampled handle
// time) and keeps the open backlog at one million items.
//
// Two passes. (1) The driver plays the agents against an engine and records every event it
// feeds (each handle() call timed with the thread CPU clock: the "interleaved_" counters).
// (2) A fresh engine with the same backlog replays the recorded events back to back (the same
// events give the same actions: the engine is deterministic; checked): events_per_second is the
// replay's thread CPU time per event, p99_latency_us comes from the time-stamp counter read
// around each call. Why two passes: here reading the thread CPU clock is a system call, and on
// this VM (kernel page-table isolation without PCID) every system call flushes the TLB, so the
// interleaved numbers charge the engine for re-walking the page tables of a 1 M-item state on
// every event; the driver's own work (sampling, its future-event heap) also evicts the
// engine's cache lines between events.
//
// Counters: events_per_second (engine time only, one core), p99_latency_us (one handle() call),
// bytes_per_open_item (heap growth per open item while loading the backlog, history excluded),
// history_bytes_per_item (reported separately), rejected_share (driver events the engine refused
// because the work had been withdrawn meanwhile), interleaved_events_per_second and
// interleaved_p99_latency_us (pass 1).
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <time.h>
#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#endif

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <new>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "common/bench_operation.h"
#include "engine/engine.h"

// ---- heap accounting (usable size of every live allocation) ----
namespace {
std::atomic<long long> g_heap_bytes{0};
}

void* operator new(std::size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  g_heap_bytes.fetch_add(static_cast<long long>(malloc_usable_size(p)), std::memory_order_relaxed);
  return p;
}
void operator delete(void* p) noexcept {
  if (!p) return;
  g_heap_bytes.fetch_sub(static_cast<long long>(malloc_usable_size(p)), std::memory_order_relaxed);
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept { operator delete(p); }
void* operator new[](std::size_t n) { return operator new(n); }
void operator delete[](void* p) noexcept { operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { operator delete(p); }

namespace tandem::engine {
namespace {

using namespace std::chrono_literals;

constexpr int kAgents = 5000;
constexpr int kSkills = 200;
constexpr int kRealTimeQueues = 20;  // skills 0..19: voice and chat
constexpr int kDefaultOpenItems = 1000000;

using bench::id_of;

Scenario make_scenario(std::mt19937_64& rng) {
  return bench::make_bench_operation(
      rng, {"bench", kAgents, kSkills, kRealTimeQueues, /*phone_agents=*/1500,
            /*back_office_agents=*/3000});
}

// Thread CPU time in nanoseconds: unlike wall time it does not count the time this thread
// waits for a core, so the numbers hold on a shared machine.
std::int64_t cpu_ns() {
  timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

std::int64_t wall_ns() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// A cheap per-call time stamp: the time-stamp counter where there is one (no system call).
inline std::uint64_t ticks() {
#if defined(__x86_64__) || defined(__i386__)
  return __rdtsc();
#else
  return static_cast<std::uint64_t>(wall_ns());
#endif
}

struct Scheduled {
  Instant time;
  std::uint64_t seq;
  Event event;
  bool operator>(const Scheduled& o) const { return time != o.time ? time > o.time : seq > o.seq; }
};

class BenchDriver {
 public:
  BenchDriver(std::uint64_t seed, int open_items) : rng_(seed), open_items_(open_items) {}

  void setup() {
    scenario_ = make_scenario(rng_);
    policy_.id = "bench";
    policy_.offer_timeout_seconds = 30;
    policy_.not_ready_on_reject = false;
    options_.start = start_;
    auto created = Engine::create(scenario_, policy_, options_);
    if (!created.is_ok()) throw std::runtime_error(created.status().message());
    engine_.emplace(std::move(created).value());
    now_ = start_;
    // The backlog: one million open items, queued before anyone logs in.
    const long long heap_before = g_heap_bytes.load();
    for (int i = 0; i < open_items_; ++i) feed(new_item());
    const auto st = engine_->stats();
    const long long heap_after = g_heap_bytes.load();
    history_bytes_per_item = static_cast<double>(st.history_bytes) / st.open_items;
    bytes_per_open_item =
        static_cast<double>(heap_after - heap_before - static_cast<long long>(st.history_bytes)) /
        static_cast<double>(st.open_items);
    for (int a = 0; a < kAgents; ++a) feed(AgentLoggedIn{now_, id_of("a", a)});
  }

  Engine& engine() { return *engine_; }
  const Scenario& scenario() const { return scenario_; }
  const Policy& policy() const { return policy_; }
  const EngineOptions& options() const { return options_; }

  // Runs `events` driver events through the engine, timing each handle() call.
  [[gnu::noinline]] void run(std::size_t events) {
    latencies_ns.clear();
    latencies_ns.reserve(events);
    engine_seconds = 0.0;
    rejected = 0;
    std::exponential_distribution<double> gap(5.0);  // 5 contacts per second
    double contact_clock = 0.0;
    const Instant origin = now_;
    Instant next_contact = now_;
    Instant next_tick = now_ + 10s;
    std::uniform_int_distribution<int> rt(0, kRealTimeQueues - 1);
    std::uniform_int_distribution<int> agent_pick(0, kAgents - 1);
    for (std::size_t n = 0; n < events; ++n) {
      Event e = ClockTick{now_};
      const Instant due = future_.empty() ? Instant::max() : future_.top().time;
      if (next_tick <= std::min(due, next_contact)) {
        e = ClockTick{next_tick};
        next_tick += 10s;
      } else if (next_contact <= due) {
        e = ContactArrived{next_contact, id_of("c", next_id_++), id_of("q", rt(rng_)), ""};
        contact_clock += gap(rng_);
        next_contact = origin + Seconds{static_cast<long>(contact_clock)};
      } else {
        e = future_.top().event;
        future_.pop();
      }
      if (n % 200 == 0) {  // breaks: an agent goes away for 15 minutes
        const std::string a = id_of("a", agent_pick(rng_));
        e = AgentStateChanged{time_of(e), a, AgentState::kBreak};
        schedule(time_of(e) + 15min,
                 AgentStateChanged{time_of(e) + 15min, a, AgentState::kAvailable});
      }
      feed(e, true);
    }
  }

  // Pass 2: feeds `log` (recorded by run() of a driver with the same seed and backlog) back to
  // back. Returns false if an event's outcome differs from the recording (not deterministic).
  [[gnu::noinline]] bool replay(const std::vector<Event>& log,
                                const std::vector<std::uint8_t>& ok_log,
                                std::uint64_t expected_actions) {
    latencies_ticks.clear();
    latencies_ticks.reserve(log.size());
    by_kind_ticks.fill(0.0);
    by_kind_count.fill(0.0);
    bool same = true;
    std::uint64_t actions = 0;
    const std::int64_t wall0 = wall_ns();
    const std::uint64_t tsc0 = ticks();
    const std::int64_t cpu0 = cpu_ns();
    for (std::size_t n = 0; n < log.size(); ++n) {
      const Event& e = log[n];
      out_.clear();
      const std::uint64_t t0 = ticks();
      const Status st = engine_->handle(e, out_);
      const std::uint64_t t1 = ticks();
      const std::uint64_t spent = t1 - t0;
      latencies_ticks.push_back(spent);
      by_kind_ticks[e.index()] += static_cast<double>(spent);
      ++by_kind_count[e.index()];
      actions += out_.size();
      if (st.is_ok() != (ok_log[n] != 0)) same = false;
    }
    const std::int64_t cpu1 = cpu_ns();
    const std::uint64_t tsc1 = ticks();
    const std::int64_t wall1 = wall_ns();
    ticks_per_ns = static_cast<double>(tsc1 - tsc0) / static_cast<double>(wall1 - wall0);
    // The two counter reads per event are measured and taken out; the rest of the loop (clearing
    // the output, recording the sample) counts as engine time.
    replay_cpu_seconds = static_cast<double>(cpu1 - cpu0) * 1e-9 -
                         static_cast<double>(log.size()) * tsc_overhead_ticks / ticks_per_ns * 1e-9;
    return same && actions == expected_actions;
  }

  // Pass 1 records here (the events and whether each was accepted).
  void record_into(std::vector<Event>* log) { log_ = log; }
  std::uint64_t actions_seen = 0;

  // The cost of reading the time-stamp counter twice (the median of 1001 tries), in ticks.
  double tsc_overhead_ticks = [] {
    std::vector<std::uint64_t> d;
    for (int i = 0; i < 1001; ++i) {
      const std::uint64_t a = ticks();
      d.push_back(ticks() - a);
    }
    std::nth_element(d.begin(), d.begin() + 500, d.end());
    return static_cast<double>(d[500]);
  }();
  double ticks_per_ns = 1.0;
  double replay_cpu_seconds = 0.0;
  std::vector<std::uint64_t> latencies_ticks;
  std::array<double, std::variant_size_v<Event>> by_kind_ticks{};
  std::vector<std::uint8_t> ok_log;

  // The cost of reading the clock twice, measured once and subtracted from every sample.
  std::int64_t clock_overhead_ns = [] {
    std::vector<std::int64_t> d;
    for (int i = 0; i < 1001; ++i) {
      const std::int64_t a = cpu_ns();
      d.push_back(cpu_ns() - a);
    }
    std::nth_element(d.begin(), d.begin() + 500, d.end());
    return d[500];
  }();
  std::array<double, std::variant_size_v<Event>> by_kind_ns{};
  std::array<double, std::variant_size_v<Event>> by_kind_count{};
  double bytes_per_open_item = 0.0;
  double history_bytes_per_item = 0.0;
  double engine_seconds = 0.0;
  std::size_t rejected = 0;
  std::vector<std::uint32_t> latencies_ns;

 private:
  Event new_item() {
    const int k = static_cast<int>(rng_() % 100);
    const std::string id = id_of("i", next_id_++);
    std::optional<int> priority;
    if (k % 7 == 0) priority = 3;
    if (k < 20) {
      return WorkItemCreated{now_, id,       id_of("p", k % 10), "",
                             "",   priority, std::nullopt,       std::nullopt};
    }
    const int q = kRealTimeQueues + static_cast<int>(rng_() % (kSkills - kRealTimeQueues));
    return WorkItemCreated{now_,
                           id,
                           "",
                           id_of("q", q),
                           "",
                           priority,
                           now_ + Seconds{3600 + static_cast<long>(rng_() % (72 * 3600))},
                           std::nullopt};
  }

  void schedule(Instant t, Event e) { future_.push(Scheduled{t, seq_++, std::move(e)}); }

  Seconds handle_time(double mean) {
    std::exponential_distribution<double> d(1.0 / mean);
    return Seconds{1 + static_cast<long>(d(rng_))};
  }

  void feed(const Event& e, bool timed = false) {
    out_.clear();
    if (log_ && timed) log_->push_back(e);
    const std::int64_t t0 = cpu_ns();
    Status st = engine_->handle(e, out_);
    const std::int64_t t1 = cpu_ns();
    if (timed) {
      const std::int64_t ns = std::max<std::int64_t>(0, t1 - t0 - clock_overhead_ns);
      by_kind_ns[e.index()] += ns;
      ++by_kind_count[e.index()];
      latencies_ns.push_back(static_cast<std::uint32_t>(ns));
      engine_seconds += static_cast<double>(ns) * 1e-9;
      if (!st.is_ok()) ++rejected;
      if (log_) ok_log.push_back(st.is_ok() ? 1 : 0);
      actions_seen += out_.size();
    }
    now_ = std::max(now_, time_of(e));
    // Play the agents: accept offers after 2 s, finish work after a sampled handle time.
    for (const Action& a : out_) {
      if (const auto* offer = std::get_if<OfferWork>(&a)) {
        schedule(now_ + 2s, OfferAccepted{now_ + 2s, offer->agent, offer->work});
        const Instant end =
            now_ + 2s + handle_time(offer->work.kind == WorkKind::kContact ? 300 : 900);
        if (offer->work.kind == WorkKind::kContact) {
          schedule(end, ContactEnded{end, offer->work.id, offer->agent, 10s});
        } else {
          schedule(end, StepDone{end, offer->work.id, offer->agent, offer->work.handle});
        }
      } else if (const auto* assign = std::get_if<AssignWork>(&a)) {
        const Instant end = now_ + handle_time(900);
        schedule(end, StepDone{end, assign->work.id, assign->agent, assign->work.handle});
      }
    }
    // Keep the backlog at its size (one million): a new item for every one that closed.
    if (std::holds_alternative<StepDone>(e) && st.is_ok()) {
      while (engine_->stats().open_items < static_cast<std::size_t>(open_items_)) {
        out_.clear();
        const Event item = new_item();
        if (log_) log_->push_back(item);
        const std::int64_t a0 = cpu_ns();
        Status s2 = engine_->handle(item, out_);
        const std::int64_t a1 = cpu_ns();
        const std::int64_t ns = std::max<std::int64_t>(0, a1 - a0 - clock_overhead_ns);
        by_kind_ns[item.index()] += ns;
        ++by_kind_count[item.index()];
        latencies_ns.push_back(static_cast<std::uint32_t>(ns));
        engine_seconds += static_cast<double>(ns) * 1e-9;
        if (log_) ok_log.push_back(s2.is_ok() ? 1 : 0);
        actions_seen += out_.size();
        if (!s2.is_ok()) break;
      }
    }
  }

  std::mt19937_64 rng_;
  int open_items_;
  Scenario scenario_;
  Policy policy_;
  EngineOptions options_;
  std::optional<Engine> engine_;
  Instant start_ = Instant{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}} + 8h;
  Instant now_;
  std::uint64_t next_id_ = 0;
  std::uint64_t seq_ = 0;
  std::priority_queue<Scheduled, std::vector<Scheduled>, std::greater<Scheduled>> future_;
  std::vector<Action> out_;
  std::vector<Event>* log_ = nullptr;
};

void BM_EngineRealisticMix(benchmark::State& state) {
  const auto events = static_cast<std::size_t>(state.range(0));
  const int open_items = static_cast<int>(state.range(1));
  std::vector<Event> log;
  std::vector<std::uint8_t> ok_log;
  std::uint64_t actions = 0;
  double interleaved_eps = 0.0, interleaved_p99_us = 0.0, bytes_per_open_item = 0.0,
         history_bytes_per_item = 0.0, rejected_share = 0.0;
  {  // pass 1: the driver plays the agents and records the events
    BenchDriver driver(2026, open_items);
    driver.setup();
    log.reserve(events + events / 4);
    driver.record_into(&log);
    for (auto _ : state) driver.run(events);
    auto& lat = driver.latencies_ns;
    const std::size_t k = lat.size() * 99 / 100;
    std::nth_element(lat.begin(), lat.begin() + static_cast<long>(k), lat.end());
    interleaved_eps = static_cast<double>(lat.size()) / driver.engine_seconds;
    interleaved_p99_us = lat[k] / 1000.0;
    bytes_per_open_item = driver.bytes_per_open_item;
    history_bytes_per_item = driver.history_bytes_per_item;
    rejected_share = static_cast<double>(driver.rejected) / static_cast<double>(lat.size());
    ok_log = std::move(driver.ok_log);
    actions = driver.actions_seen;
  }
  // pass 2: the same backlog (same seed), the recorded events back to back
  BenchDriver replayer(2026, open_items);
  replayer.setup();
  if (!replayer.replay(log, ok_log, actions)) {
    state.SkipWithError("the replay gave other outcomes than the recorded run");
    return;
  }
  auto& lat = replayer.latencies_ticks;
  const std::size_t k = lat.size() * 99 / 100;
  std::nth_element(lat.begin(), lat.begin() + static_cast<long>(k), lat.end());
  const double p99_ns = std::max(0.0, static_cast<double>(lat[k]) - replayer.tsc_overhead_ticks) /
                        replayer.ticks_per_ns;
  state.counters["events_per_second"] =
      static_cast<double>(lat.size()) / replayer.replay_cpu_seconds;
  state.counters["p99_latency_us"] = p99_ns / 1000.0;
  state.counters["bytes_per_open_item"] = bytes_per_open_item;
  state.counters["history_bytes_per_item"] = history_bytes_per_item;
  state.counters["rejected_share"] = rejected_share;
  state.counters["events"] = static_cast<double>(lat.size());
  state.counters["interleaved_events_per_second"] = interleaved_eps;
  state.counters["interleaved_p99_latency_us"] = interleaved_p99_us;
  // Mean engine time per event type in the replay (stderr, for profiling).
  for (std::size_t k = 0; k < replayer.by_kind_count.size(); ++k) {
    if (replayer.by_kind_count[k] == 0) continue;
    std::fprintf(
        stderr, "event type %zu: %.0f events, mean %.2f us\n", k, replayer.by_kind_count[k],
        replayer.by_kind_ticks[k] / replayer.by_kind_count[k] / replayer.ticks_per_ns / 1000.0);
  }
  std::fprintf(stderr, "time-stamp counter: %.3f ticks per ns, %.0f ticks per read pair\n",
               replayer.ticks_per_ns, replayer.tsc_overhead_ticks);
}
// Args: events measured, open items. The size is the first; the second shows the cost
// of the same mix on a small backlog (what memory, not logic, costs); the third is small enough
// for callgrind (`valgrind --tool=callgrind --toggle-collect='*BenchDriver::replay*'
// bench_engine --benchmark_filter=/200000/100000`).
BENCHMARK(BM_EngineRealisticMix)
    ->Args({2000000, kDefaultOpenItems})
    ->Args({2000000, 10000})
    ->Args({200000, 100000})
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

// Snapshot and restore of a large state: the backlog of open items (args: open items), 5,000
// agents logged in, then 200,000 driver events (offers, work in progress, histories, timers).
// Counters: snapshot_bytes, bytes_per_open_item (snapshot bytes / open items),
// snapshot_seconds and restore_seconds (thread CPU time of one Engine::snapshot() and one
// Engine::restore(), which rebuilds the configuration, decodes, and checks every invariant),
// snapshot_mb_per_second. The restored engine's snapshot must give the same bytes (checked).
void BM_EngineSnapshot(benchmark::State& state) {
  BenchDriver driver(2026, static_cast<int>(state.range(0)));
  driver.setup();
  driver.run(200000);
  std::string bytes;
  double snapshot_seconds = 0.0, restore_seconds = 0.0;
  for (auto _ : state) {
    const std::int64_t a = cpu_ns();
    auto snap = driver.engine().snapshot();
    const std::int64_t b = cpu_ns();
    if (!snap.is_ok()) {
      state.SkipWithError(snap.status().message().c_str());
      return;
    }
    bytes = std::move(snap).value();
    const std::int64_t c = cpu_ns();
    auto restored = Engine::restore(driver.scenario(), driver.policy(), driver.options(), bytes);
    const std::int64_t d = cpu_ns();
    if (!restored.is_ok()) {
      state.SkipWithError(restored.status().message().c_str());
      return;
    }
    snapshot_seconds = static_cast<double>(b - a) * 1e-9;
    restore_seconds = static_cast<double>(d - c) * 1e-9;
    auto again = restored->snapshot();
    if (!again.is_ok() || *again != bytes) {
      state.SkipWithError("the restored engine's snapshot differs");
      return;
    }
  }
  const auto open_items = static_cast<double>(driver.engine().stats().open_items);
  state.counters["snapshot_bytes"] = static_cast<double>(bytes.size());
  state.counters["bytes_per_open_item"] = static_cast<double>(bytes.size()) / open_items;
  state.counters["snapshot_seconds"] = snapshot_seconds;
  state.counters["restore_seconds"] = restore_seconds;
  state.counters["snapshot_mb_per_second"] =
      static_cast<double>(bytes.size()) / 1e6 / snapshot_seconds;
}
BENCHMARK(BM_EngineSnapshot)
    ->Arg(kDefaultOpenItems)
    ->Arg(100000)
    ->Iterations(1)
    ->Unit(benchmark::kSecond);

}  // namespace
}  // namespace tandem::engine

BENCHMARK_MAIN();
