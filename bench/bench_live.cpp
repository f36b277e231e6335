// SPDX-License-Identifier: Apache-2.0
// bench_live: the live host end to end (issue 13) on SQLite and PostgreSQL: every event is
// appended to the log, handled by the engine, its actions stored, all in one durable
// transaction per batch (group commit), and only then acknowledged.
//
// The event mix is bench_engine's (a driver plays the agents: contacts arrive, offers are
// accepted after 2 s, work ends after a sampled handle time, breaks, a ClockTick every 10 s,
// new back-office items keep the open backlog at its size), on a smaller operation (1,000
// agents, 10,000 open items) so that a 10-million-event log stays a steady state. The driver
// runs its own reference engine ahead of time; the host, fed the same events in the same order
// from an empty log, decides the same actions.
//
// BM_Ingest/<backend>/<events per submit>/<submits in flight>:
//   1000/16: batches of 1,000, 16 in flight (an integration's bulk feed);
//   1000/1: batches of 1,000, one at a time (the latency of one commit of 1,000);
//   1/1: one event per commit, each submit waiting for its acknowledgement;
//   1/64: single events from 64 concurrent submitters (group commit gathers them).
//   Counters: events_per_second (wall clock), p50_ack_ms and p99_ack_ms (submit() to the
//   done callback), cpu_us_per_event (CPU time of all the process's threads / events: host,
//   publisher, SQLite checkpointer, the submitting thread; 1e6 / cpu_us_per_event is the
//   rate one free core would give), events_per_commit, rejected_share (events the engine
//   refused: the mix's late accepts), bytes_per_event (the store's size on disk / events,
//   actions included).
// BM_Recovery/<backend>: Host::open on a log of TANDEM_BENCH_LIVE_LOG events (default
//   10,000,000) written once through the host with a snapshot every 100,000 events and the
//   last ~100,000 events after the last snapshot (the worst tail of that cadence, as after a
//   kill -9). SQLite's log is cached in $TMPDIR/tandem-bench-live/ and reused. Counters:
//   recovery_s (snapshot load + verified tail replay, the host's own measure), open_s (the
//   whole Host::open), tail_events, bytes_per_event. PostgreSQL's log:
//   TANDEM_BENCH_LIVE_PG_LOG events (default 1,000,000), written at each run.
// BM_FullReplay/<backend>: the same log with no snapshot: live::verify_log replays and checks
//   all of it (`tandem store verify`, or a recovery with snapshots off). Counters: replay_s,
//   events_per_second.
//
// PostgreSQL: TANDEM_BENCH_PG_URL, or a throwaway cluster started with
// scripts/pg-test-cluster.sh (port 55440) and stopped at the end, as bench_store does.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <mutex>
#include <optional>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include "common/bench_operation.h"
#include "common/bench_postgres.h"
#include "engine/engine.h"
#include "live/clock.h"
#include "live/host.h"
#include "store/store.h"

namespace {

using namespace std::chrono_literals;
using namespace tandem;
using namespace tandem::engine;
namespace st = tandem::store;

constexpr int kAgents = 1000;
constexpr int kSkills = 60;
constexpr int kRealTimeQueues = 12;
constexpr int kOpenItems = 10000;

using tandem::bench::id_of;

// bench_engine's operation, smaller: phones, back office and blended agents; ten processes.
Scenario make_scenario(std::mt19937_64& rng) {
  return tandem::bench::make_bench_operation(
      rng, {"bench-live", kAgents, kSkills, kRealTimeQueues, /*phone_agents=*/300,
            /*back_office_agents=*/600});
}

struct Scheduled {
  Instant time;
  std::uint64_t seq;
  Event event;
  bool operator>(const Scheduled& o) const { return time != o.time ? time > o.time : seq > o.seq; }
};

// bench_engine's driver, producing the mix in chunks: the backlog and the logins first, then
// the agents' play. Every event is fed to a reference engine so the next ones follow from it.
class MixSource {
 public:
  explicit MixSource(std::uint64_t seed) : rng_(seed) {
    scenario_ = make_scenario(rng_);
    policy_.id = "bench";
    policy_.offer_timeout_seconds = 30;
    policy_.not_ready_on_reject = false;
    options_.start = start_;
    auto created = Engine::create(scenario_, policy_, options_);
    if (!created.is_ok()) throw std::runtime_error(created.status().message());
    engine_.emplace(std::move(created).value());
    now_ = start_;
    next_contact_ = now_;
    next_tick_ = now_ + 10s;
  }
  const Scenario& scenario() const { return scenario_; }
  const Policy& policy() const { return policy_; }
  const EngineOptions& options() const { return options_; }

  // The next `n` events (or a few more: a closed item's replacement follows it).
  std::vector<Event> next(std::size_t n) {
    std::vector<Event> out;
    out.reserve(n + 16);
    while (out.size() < n) {
      if (setup_ < kOpenItems) {
        ++setup_;
        feed(new_item(), out);
        continue;
      }
      if (setup_ < kOpenItems + kAgents) {
        feed(AgentLoggedIn{now_, id_of("a", static_cast<std::uint64_t>(setup_++ - kOpenItems))},
             out);
        continue;
      }
      Event e = ClockTick{now_};
      const Instant due = future_.empty() ? Instant::max() : future_.top().time;
      if (next_tick_ <= std::min(due, next_contact_)) {
        e = ClockTick{next_tick_};
        next_tick_ += 10s;
      } else if (next_contact_ <= due) {
        e = ContactArrived{next_contact_, id_of("c", next_id_++),
                           id_of("q", rng_() % kRealTimeQueues), ""};
        contact_clock_ += gap_(rng_);
        next_contact_ = start_ + Seconds{static_cast<long>(contact_clock_)};
      } else {
        e = future_.top().event;
        future_.pop();
      }
      if (++played_ % 200 == 0) {  // breaks: an agent goes away for 15 minutes
        const std::string a = id_of("a", rng_() % kAgents);
        e = AgentStateChanged{time_of(e), a, AgentState::kBreak};
        schedule(time_of(e) + 15min,
                 AgentStateChanged{time_of(e) + 15min, a, AgentState::kAvailable});
      }
      feed(e, out);
    }
    return out;
  }

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
    const auto q = kRealTimeQueues + rng_() % (kSkills - kRealTimeQueues);
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
  void feed(const Event& e, std::vector<Event>& log) {
    actions_.clear();
    log.push_back(e);
    const Status status = engine_->handle(e, actions_);
    now_ = std::max(now_, time_of(e));
    for (const Action& a : actions_) {
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
    if (setup_ >= kOpenItems && std::holds_alternative<StepDone>(e) && status.is_ok()) {
      while (engine_->stats().open_items < static_cast<std::size_t>(kOpenItems)) {
        const Event item = new_item();
        const std::size_t before = log.size();
        feed(item, log);
        if (log.size() == before) break;
      }
    }
  }

  std::mt19937_64 rng_;
  Scenario scenario_;
  Policy policy_;
  EngineOptions options_;
  std::optional<Engine> engine_;
  Instant start_ = Instant{std::chrono::sys_days{std::chrono::year{2026} / 3 / 2}} + 8h;
  Instant now_, next_contact_, next_tick_;
  double contact_clock_ = 0;
  std::exponential_distribution<double> gap_{5.0};  // 5 contacts per second
  int setup_ = 0;
  std::uint64_t played_ = 0, next_id_ = 0, seq_ = 0;
  std::priority_queue<Scheduled, std::vector<Scheduled>, std::greater<Scheduled>> future_;
  std::vector<Action> actions_;
};

// ---- stores ----

std::string g_pg_url;
std::string g_pg_cluster;
constexpr int kPgPort = 55440;
tandem::bench::BenchPostgres g_pg;
int g_store_number = 0;

std::filesystem::path bench_dir() {
  const char* tmp = std::getenv("TMPDIR");
  return std::filesystem::path(tmp ? tmp : "/tmp") / "tandem-bench-live";
}

void remove_sqlite(const std::string& file) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix);
}

std::string fresh_sqlite_url() {
  std::filesystem::create_directories(bench_dir());
  const std::string file = (bench_dir() / ("ingest-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(++g_store_number) + ".db"))
                               .string();
  remove_sqlite(file);
  return "sqlite:" + file;
}

std::string pg_schema_url(const std::string& schema, bool fresh) {
  return tandem::bench::pg_schema_url(g_pg_url, schema, fresh);
}

std::string fresh_url(const std::string& backend) {
  if (backend == "sqlite") return fresh_sqlite_url();
  return pg_schema_url("bench_live_" + std::to_string(++g_store_number), true);
}

void set_bytes_per_event(benchmark::State& state, const std::string& url) {
  auto reopened = st::open_store(url);  // SQLite: a fresh open sees the checkpointed size
  if (!reopened.is_ok()) return;
  auto s = (*reopened)->status();
  if (s.is_ok() && s->events > 0) {
    state.counters["bytes_per_event"] =
        static_cast<double>(s->bytes) / static_cast<double>(s->events);
  }
}

const MixSource& reference() {
  static const MixSource source(2026);
  return source;
}

// The ingest runs' events: the same mix from the start of an empty log.
const std::vector<Event>& ingest_events() {
  static const std::vector<Event> events = [] {
    MixSource source(2026);
    return source.next(static_cast<std::size_t>(kOpenItems + kAgents) + 200'000);
  }();
  return events;
}

live::HostOptions host_options(const MixSource& source) {
  live::HostOptions o;
  o.engine = source.options();
  o.self_tick = false;  // the mix has its own ClockTicks (as the live source does)
  o.snapshot_on_stop = false;
  return o;
}

// CPU time of the whole process (every thread: host, publisher, checkpointer, driver).
double process_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

double percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  const auto k =
      std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// Submits `events` from `first` in submits of `per_submit`, at most `in_flight` unanswered;
// returns the acknowledgement latencies (ms) or an error.
Result<std::vector<double>> pump(live::Host& host, const std::vector<Event>& events,
                                 std::size_t first, std::size_t count, std::size_t per_submit,
                                 std::size_t in_flight) {
  std::mutex mutex;
  std::condition_variable cv;
  std::size_t pending = 0;
  std::optional<Status> failure;
  std::vector<double> latencies;
  latencies.reserve(count / per_submit + 1);
  const std::size_t end = std::min(events.size(), first + count);
  for (std::size_t i = first; i < end;) {
    std::vector<live::Intake> batch;
    batch.reserve(per_submit);
    for (std::size_t j = 0; j < per_submit && i < end; ++j, ++i) {
      batch.push_back(live::Intake{events[i], {}});
    }
    {
      std::unique_lock<std::mutex> lock(mutex);
      cv.wait(lock, [&] { return pending < in_flight; });
      if (failure) return *failure;
      ++pending;
    }
    const auto sent = std::chrono::steady_clock::now();
    host.submit(std::move(batch), [&, sent](Result<std::vector<live::Outcome>> r) {
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - sent)
              .count();
      std::lock_guard<std::mutex> lock(mutex);
      if (!r.is_ok()) failure = r.status();
      latencies.push_back(ms);
      --pending;
      cv.notify_all();
    });
  }
  std::unique_lock<std::mutex> lock(mutex);
  cv.wait(lock, [&] { return pending == 0; });
  if (failure) return *failure;
  return latencies;
}

void BM_Ingest(benchmark::State& state, const std::string& backend) {
  const auto per_submit = static_cast<std::size_t>(state.range(0));
  const auto in_flight = static_cast<std::size_t>(state.range(1));
  const std::vector<Event>& events = ingest_events();
  const std::string url = fresh_url(backend);
  auto opened = st::open_store(url);
  if (!opened.is_ok()) {
    state.SkipWithError(opened.status().message().c_str());
    return;
  }
  const std::unique_ptr<live::Clock> clock = live::system_clock();
  const MixSource& source = reference();
  auto host =
      live::Host::open(**opened, *clock, source.scenario(), source.policy(), host_options(source));
  if (!host.is_ok()) {
    state.SkipWithError(host.status().message().c_str());
    return;
  }
  // The backlog and the logins go in first, untimed, in big batches.
  const std::size_t setup = static_cast<std::size_t>(kOpenItems + kAgents);
  if (auto r = pump(**host, events, 0, setup, 1000, 16); !r.is_ok()) {
    state.SkipWithError(r.status().message().c_str());
    return;
  }
  // One event per waiting commit is slow (a disk flush each): fewer events.
  const std::size_t measured = per_submit == 1 && in_flight == 1 ? 3'000
                               : per_submit == 1                 ? 50'000
                                                                 : events.size() - setup;
  std::vector<double> latencies;
  std::size_t done = 0;
  const live::HostStatus before = (*host)->status();
  const double cpu0 = process_cpu_seconds();
  for (auto _ : state) {
    auto r = pump(**host, events, setup + done, measured, per_submit, in_flight);
    if (!r.is_ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    latencies.insert(latencies.end(), r->begin(), r->end());
    done += measured;
  }
  const double cpu = process_cpu_seconds() - cpu0;
  const live::HostStatus hs = (*host)->status();
  state.counters["cpu_us_per_event"] = 1e6 * cpu / static_cast<double>(done);
  state.counters["events_per_second"] =
      benchmark::Counter(static_cast<double>(done), benchmark::Counter::kIsRate);
  state.counters["p50_ack_ms"] = percentile(latencies, 0.50);
  state.counters["p99_ack_ms"] = percentile(latencies, 0.99);
  // Over the measured events only (not the backlog loaded before).
  const auto handled =
      static_cast<double>(hs.applied + hs.rejected - before.applied - before.rejected);
  state.counters["events_per_commit"] =
      handled / static_cast<double>(std::max<std::uint64_t>(1, hs.batches - before.batches));
  state.counters["rejected_share"] = static_cast<double>(hs.rejected - before.rejected) / handled;
  (*host)->stop();
  host->reset();
  opened->reset();
  set_bytes_per_event(state, url);
  if (backend == "sqlite") remove_sqlite(url.substr(7));
}

// ---- recovery ----

std::int64_t env_count(const char* name, std::int64_t fallback) {
  const char* v = std::getenv(name);
  return v ? std::atoll(v) : fallback;
}

// Writes `total` events (or a few more) of the mix through hosts: snapshots every 100,000 up
// to ~99,000 before the end, then the rest with none (the tail a crash would leave).
Status build_log(st::Store& store, std::int64_t total) {
  const std::unique_ptr<live::Clock> clock = live::system_clock();
  MixSource source(2026);
  const std::int64_t tail = std::min<std::int64_t>(99'000, total / 2);
  std::int64_t written = 0;
  for (int phase = 0; phase < 2; ++phase) {
    const std::int64_t until = phase == 0 ? total - tail : total;
    live::HostOptions o = host_options(source);
    o.snapshot_every_events = phase == 0 ? 100'000 : std::numeric_limits<std::int64_t>::max();
    o.snapshot_every = Seconds{phase == 0 ? 600 : 1'000'000'000};
    auto host = live::Host::open(store, *clock, source.scenario(), source.policy(), o);
    if (!host.is_ok()) return host.status();
    while (written < until) {
      const auto chunk = static_cast<std::size_t>(std::min<std::int64_t>(100'000, until - written));
      const std::vector<Event> events = source.next(chunk);
      auto r = pump(**host, events, 0, events.size(), 1000, 16);
      if (!r.is_ok()) return r.status();
      const std::int64_t before = written;
      written += static_cast<std::int64_t>(events.size());
      if (written / 1'000'000 != before / 1'000'000) {
        std::fprintf(stderr, "bench_live: %lld events in the log\n",
                     static_cast<long long>(written));
      }
    }
    (*host)->stop();
  }
  return Status::ok();
}

std::int64_t log_size(const std::string& backend) {
  return backend == "sqlite" ? env_count("TANDEM_BENCH_LIVE_LOG", 10'000'000)
                             : env_count("TANDEM_BENCH_LIVE_PG_LOG", 1'000'000);
}

// The store with the recovery log (built the first time; SQLite's is cached in a file).
Result<std::string> recovery_store(const std::string& backend) {
  const std::int64_t total = log_size(backend);
  std::string url;
  if (backend == "sqlite") {
    std::filesystem::create_directories(bench_dir());
    url = "sqlite:" + (bench_dir() / ("recovery-" + std::to_string(total) + ".db")).string();
  } else {
    url = pg_schema_url("bench_live_recovery_" + std::to_string(total), true);
    if (url.empty()) return Status::unavailable("cannot create the PostgreSQL schema");
  }
  auto opened = st::open_store(url);
  if (!opened.is_ok()) return opened.status();
  auto last = (*opened)->last_seq();
  if (!last.is_ok()) return last.status();
  if (*last >= total) return url;
  if (*last > 0) return Status::internal(url + ": a partly written log; remove it");
  std::fprintf(stderr, "bench_live: writing a %lld-event log to %s\n",
               static_cast<long long>(total), url.c_str());
  const auto t0 = std::chrono::steady_clock::now();
  if (Status s = build_log(**opened, total); !s.is_ok()) return s;
  std::fprintf(stderr, "bench_live: written in %.0f s\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  return url;
}

std::map<std::string, std::string> g_recovery_urls;

// Host::open on the log: the latest snapshot plus the verified tail.
void BM_Recovery(benchmark::State& state, const std::string& backend) {
  if (!g_recovery_urls.count(backend)) {
    Result<std::string> url = recovery_store(backend);
    if (!url.is_ok()) {
      state.SkipWithError(url.status().message().c_str());
      return;
    }
    g_recovery_urls[backend] = *url;
  }
  const std::string url = g_recovery_urls[backend];
  const std::unique_ptr<live::Clock> clock = live::system_clock();
  const MixSource& source = reference();
  const live::HostOptions o = host_options(source);
  double recovery = 0, open = 0;
  std::int64_t events = 0;
  std::uint64_t tail = 0;
  for (auto _ : state) {
    auto store = st::open_store(url);
    if (!store.is_ok()) {
      state.SkipWithError(store.status().message().c_str());
      return;
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto host = live::Host::open(**store, *clock, source.scenario(), source.policy(), o);
    const auto t1 = std::chrono::steady_clock::now();
    if (!host.is_ok()) {
      state.SkipWithError(host.status().message().c_str());
      return;
    }
    const live::HostStatus hs = (*host)->status();
    recovery = hs.recovery_seconds;
    tail = hs.recovered_events;
    events = hs.last_seq;
    open = std::chrono::duration<double>(t1 - t0).count();
    (*host)->stop();
  }
  state.counters["recovery_s"] = recovery;
  state.counters["open_s"] = open;
  state.counters["tail_events"] = static_cast<double>(tail);
  state.counters["log_events"] = static_cast<double>(events);
  set_bytes_per_event(state, url);
}

// No snapshot: the whole log replayed and verified (`tandem store verify`, and a recovery
// with snapshots off).
void BM_FullReplay(benchmark::State& state, const std::string& backend) {
  if (!g_recovery_urls.count(backend)) {
    state.SkipWithError("no recovery log (BM_Recovery runs first)");
    return;
  }
  auto store = st::open_store(g_recovery_urls[backend]);
  if (!store.is_ok()) {
    state.SkipWithError(store.status().message().c_str());
    return;
  }
  const MixSource& source = reference();
  live::VerifyReport report;
  for (auto _ : state) {
    auto r = live::verify_log(**store, source.scenario(), source.policy(), source.options());
    if (!r.is_ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    report = *r;
  }
  state.counters["replay_s"] = report.seconds;
  state.counters["log_events"] = static_cast<double>(report.events);
  state.counters["events_per_second"] = static_cast<double>(report.events) / report.seconds;
}

void start_postgres() {
  g_pg = tandem::bench::start_bench_postgres("bench_live", kPgPort);
  g_pg_url = g_pg.url;
}

void stop_postgres() { tandem::bench::stop_bench_postgres(g_pg); }

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const bool no_pg = std::getenv("TANDEM_BENCH_NO_PG") != nullptr;
  if (!no_pg) start_postgres();
  for (const std::string backend : {"sqlite", "postgresql"}) {
    if (backend == "postgresql" && g_pg_url.empty()) continue;
    benchmark::RegisterBenchmark(("BM_Ingest/" + backend).c_str(), BM_Ingest, backend)
        ->Args({1000, 16})
        ->Args({1000, 1})
        ->Args({1, 1})
        ->Args({1, 64})
        ->Iterations(1)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_Recovery/" + backend).c_str(), BM_Recovery, backend)
        ->Iterations(3)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("BM_FullReplay/" + backend).c_str(), BM_FullReplay, backend)
        ->Iterations(1)
        ->UseRealTime()
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  stop_postgres();
  return 0;
}
