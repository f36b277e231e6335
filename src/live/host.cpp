// SPDX-License-Identifier: Apache-2.0
#include "live/host.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <variant>

#include <fmt/format.h>

#include "io/event_codec.h"
#include "live/engine_snapshot.h"
#include "live/publisher.h"
#include "live/replay.h"

namespace tandem::live {

const char* to_string(IntakeStatus status) {
  switch (status) {
    case IntakeStatus::kApplied:
      return "applied";
    case IntakeStatus::kDuplicate:
      return "duplicate";
    case IntakeStatus::kRejected:
      return "rejected";
  }
  return "?";
}

namespace {

struct Submission {
  std::vector<Intake> events;
  OutcomeDone done;
};
using Job = std::variant<Submission, std::function<void(const engine::Engine&)>>;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

struct Host::State {
  store::Store& store;
  const Clock& clock;
  Scenario scenario;
  Policy policy;
  HostOptions options;

  // Owned by the host thread once it runs.
  std::optional<engine::Engine> engine;
  std::int64_t last_seq = 0;
  std::int64_t snapshot_seq = 0;
  Instant snapshot_clock{};
  std::unordered_map<std::string, std::int64_t> keys;  // recent idempotency keys -> seq
  std::deque<std::string> key_order;
  bool engine_stale = false;  // a failed append left the engine ahead of the log

  mutable std::mutex mutex;
  std::condition_variable wake;
  std::deque<Job> jobs;
  std::size_t queued_events = 0;
  bool stopping = false;
  bool stopped = false;
  HostStatus counters;  // guarded by mutex

  std::unique_ptr<Publisher> publisher;
  std::thread thread;

  State(store::Store& s, const Clock& c, Scenario sc, Policy p, HostOptions o)
      : store(s), clock(c), scenario(std::move(sc)), policy(std::move(p)), options(o) {}

  Status recover();
  void run();
  void process(std::vector<Submission>& batch);
  void tick();
  void maybe_snapshot(bool force);
  Status take_snapshot();
  void remember_key(const std::string& key, std::int64_t seq);
  Result<std::optional<Outcome>> find_duplicate(const std::string& key);
};

Status Host::State::recover() {
  const auto started = std::chrono::steady_clock::now();
  engine.reset();
  std::int64_t after = 0;
  Result<std::optional<store::Snapshot>> snap = store.latest_snapshot();
  if (!snap.is_ok()) return snap.status();
  if (snap->has_value() && (*snap)->format == engine_snapshot_format() &&
      engine_snapshot_format() != 0) {
    Result<engine::Engine> restored =
        restore_engine_snapshot(scenario, policy, options.engine, (*snap)->bytes);
    if (restored.is_ok()) {
      engine.emplace(std::move(restored).value());
      after = (*snap)->seq;
    }
  }
  if (!engine) {
    Result<engine::Engine> created = engine::Engine::create(scenario, policy, options.engine);
    if (!created.is_ok()) return created.status();
    engine.emplace(std::move(created).value());
  }
  Result<ReplayCount> replayed = replay_verified(store, *engine, after);
  if (!replayed.is_ok()) {
    engine.reset();
    return replayed.status();
  }
  last_seq = replayed->last_seq;
  snapshot_seq = after;
  snapshot_clock = clock.now();
  engine_stale = false;
  std::lock_guard<std::mutex> lock(mutex);
  counters.recovered_events = static_cast<std::uint64_t>(replayed->events);
  counters.recovery_seconds = seconds_since(started);
  counters.last_seq = last_seq;
  counters.snapshot_seq = snapshot_seq;
  counters.ready = true;
  counters.problem.clear();
  return Status::ok();
}

void Host::State::remember_key(const std::string& key, std::int64_t seq) {
  if (key.empty()) return;
  if (keys.emplace(key, seq).second) key_order.push_back(key);
  while (key_order.size() > options.keys_kept) {
    keys.erase(key_order.front());
    key_order.pop_front();
  }
}

Result<std::optional<Outcome>> Host::State::find_duplicate(const std::string& key) {
  std::optional<store::EventRecord> first;
  if (auto it = keys.find(key); it != keys.end()) {
    Result<std::vector<store::EventRecord>> e = store.read_events(it->second - 1, 1);
    if (!e.is_ok()) return e.status();
    if (!e->empty()) first = e->front();
  } else {
    Result<std::optional<store::EventRecord>> found = store.find_event(key);
    if (!found.is_ok()) return found.status();
    first = *found;
  }
  if (!first) return std::optional<Outcome>();
  Outcome o;
  o.seq = first->seq;
  o.status = IntakeStatus::kDuplicate;
  o.reason = first->reason;
  Result<std::vector<store::ActionRecord>> actions = store.read_actions(first->seq - 1, first->seq);
  if (!actions.is_ok()) return actions.status();
  for (const store::ActionRecord& a : *actions) {
    Result<engine::Action> action = io::decode_action_json(a.payload);
    if (!action.is_ok()) return action.status();
    o.actions.push_back(std::move(action).value());
  }
  return std::optional<Outcome>(std::move(o));
}

void Host::State::process(std::vector<Submission>& batch) {
  const auto fail_all = [&](const Status& status) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      counters.failed_batches++;
      counters.problem = status.message();
    }
    for (Submission& s : batch) s.done(status);
  };
  if (engine_stale || !engine) {
    const Status recovered = recover();
    if (!recovered.is_ok()) {
      fail_all(Status::unavailable("the live host cannot recover from the store: " +
                                   recovered.message()));
      return;
    }
  }
  std::vector<store::EventRecord> records;
  std::vector<store::ActionRecord> action_records;
  std::vector<PublishedPtr> published;
  std::vector<std::vector<Outcome>> outcomes(batch.size());
  std::unordered_map<std::string, std::size_t> batch_keys;  // key -> index in records
  std::uint64_t applied = 0, rejected = 0, duplicates = 0;
  const Instant received = clock.now();
  std::vector<engine::Action> out;

  for (std::size_t b = 0; b < batch.size(); ++b) {
    for (Intake& intake : batch[b].events) {
      const std::string& key = intake.idempotency_key;
      if (!key.empty()) {
        if (auto it = batch_keys.find(key); it != batch_keys.end()) {
          const Published& first = *published[it->second];
          outcomes[b].push_back(
              Outcome{first.seq, IntakeStatus::kDuplicate, first.reason, first.actions});
          ++duplicates;
          continue;
        }
        Result<std::optional<Outcome>> dup = find_duplicate(key);
        if (!dup.is_ok()) {
          fail_all(Status::unavailable("the store cannot be read: " + dup.status().message()));
          engine_stale = !records.empty();
          return;
        }
        if (dup->has_value()) {
          outcomes[b].push_back(std::move(**dup));
          ++duplicates;
          continue;
        }
      }
      // Sources' clocks differ a little: a slightly late event is taken at the engine's now.
      const Instant now = engine->now();
      const Instant t = engine::time_of(intake.event);
      if (t < now && now - t <= options.late_tolerance) {
        std::visit([&](auto& e) { e.time = now; }, intake.event);
      }
      out.clear();
      const Status handled = engine->handle(intake.event, out);
      const std::int64_t seq = last_seq + 1 + static_cast<std::int64_t>(records.size());
      auto p = std::make_shared<Published>();
      p->seq = seq;
      p->rejected = !handled.is_ok();
      p->reason = handled.is_ok() ? std::string() : handled.message();
      p->event_json = io::encode_event_json(intake.event);
      store::EventRecord record;
      record.time = engine::time_of(intake.event);
      record.type = std::string(io::event_type_name(intake.event));
      record.payload = p->event_json;
      record.idempotency_key = key;
      record.outcome = p->rejected ? store::EventOutcome::kRejected : store::EventOutcome::kApplied;
      record.reason = p->reason;
      record.received = received;
      for (std::size_t i = 0; i < out.size(); ++i) {
        store::ActionRecord a;
        a.event_seq = seq;
        a.index = static_cast<int>(i);
        a.time = record.time;
        a.type = std::string(io::action_type_name(out[i]));
        a.payload = io::encode_action_json(out[i]);
        p->actions_json.push_back(a.payload);
        action_records.push_back(std::move(a));
      }
      p->actions = out;
      p->event = std::move(intake.event);
      outcomes[b].push_back(Outcome{
          seq, p->rejected ? IntakeStatus::kRejected : IntakeStatus::kApplied, p->reason, out});
      (p->rejected ? rejected : applied)++;
      if (!key.empty()) batch_keys.emplace(key, records.size());
      records.push_back(std::move(record));
      published.push_back(std::move(p));
    }
  }

  if (!records.empty()) {
    Result<store::AppendResult> appended = store.append(records, action_records);
    if (!appended.is_ok() || appended->first_seq != last_seq + 1) {
      // Nothing was kept (or the log moved under us): the engine is ahead of the log and is
      // rebuilt from it before the next batch; nothing of this batch is acknowledged.
      engine_stale = true;
      fail_all(
          Status::unavailable("events not stored: " +
                              (appended.is_ok() ? std::string("another writer appended to the log")
                                                : appended.status().message())));
      return;
    }
    last_seq = appended->last_seq;
    for (std::size_t i = 0; i < records.size(); ++i)
      remember_key(records[i].idempotency_key, published[i]->seq);
  }
  {
    std::lock_guard<std::mutex> lock(mutex);
    counters.applied += applied;
    counters.rejected += rejected;
    counters.duplicates += duplicates;
    counters.batches++;
    counters.last_seq = last_seq;
    counters.engine_now = engine->now();
    counters.engine = engine->stats();
    counters.problem.clear();
  }
  publisher->publish(std::move(published));
  for (std::size_t b = 0; b < batch.size(); ++b) batch[b].done(std::move(outcomes[b]));
  maybe_snapshot(false);
}

void Host::State::tick() {
  if (!engine || engine_stale) return;
  const std::optional<Instant> due = engine->next_due();
  if (!due) return;
  std::vector<Submission> batch(1);
  batch[0].events.push_back(Intake{engine::ClockTick{std::max(*due, engine->now())}, {}});
  batch[0].done = [](const Result<std::vector<Outcome>>&) {};
  process(batch);
}

Status Host::State::take_snapshot() {
  if (!engine || engine_stale) return Status::unavailable("the engine is not in step with the log");
  Result<std::string> bytes = take_engine_snapshot(*engine);
  if (!bytes.is_ok()) return bytes.status();
  store::Snapshot s{last_seq, engine->now(), engine_snapshot_format(), std::move(bytes).value()};
  const Status put = store.put_snapshot(s);
  if (!put.is_ok()) return put;
  snapshot_seq = last_seq;
  snapshot_clock = clock.now();
  std::lock_guard<std::mutex> lock(mutex);
  counters.snapshot_seq = snapshot_seq;
  return Status::ok();
}

void Host::State::maybe_snapshot(bool force) {
  if (engine_snapshot_format() == 0 || last_seq == snapshot_seq) return;
  if (force || last_seq - snapshot_seq >= options.snapshot_every_events ||
      clock.now() - snapshot_clock >= options.snapshot_every) {
    // A failed snapshot costs only recovery time; the log has everything.
    (void)take_snapshot();
    snapshot_clock = clock.now();
  }
}

void Host::State::run() {
  std::unique_lock<std::mutex> lock(mutex);
  for (;;) {
    const auto has_work = [&] { return stopping || !jobs.empty(); };
    std::optional<Instant> due;
    if (options.self_tick && engine && !engine_stale) due = engine->next_due();
    if (due) {
      if (!wait_until(clock, wake, lock, *due, has_work)) {
        if (clock.now() >= *due) {
          lock.unlock();
          tick();
          lock.lock();
        }
        continue;
      }
    } else {
      wake.wait(lock, has_work);
    }
    if (jobs.empty() && stopping) break;
    // A batch: whole submissions up to max_batch events; a read ends the batch.
    std::vector<Submission> batch;
    std::size_t events = 0;
    std::function<void(const engine::Engine&)> read;
    while (!jobs.empty()) {
      if (auto* s = std::get_if<Submission>(&jobs.front())) {
        if (!batch.empty() && events + s->events.size() > options.max_batch) break;
        events += s->events.size();
        queued_events -= s->events.size();
        batch.push_back(std::move(*s));
        jobs.pop_front();
      } else {
        if (batch.empty()) {
          read = std::move(std::get<1>(jobs.front()));
          jobs.pop_front();
        }
        break;
      }
    }
    lock.unlock();
    if (!batch.empty()) process(batch);
    if (read) {
      if (engine) {
        read(*engine);
      } else {
        // Never leave a reader waiting: it gets an engine built from the scenario alone
        // only if recovery succeeds; otherwise the read sees an empty engine.
        if (recover().is_ok()) read(*engine);
      }
    }
    lock.lock();
  }
  stopped = true;
  lock.unlock();
  if (options.snapshot_on_stop) maybe_snapshot(true);
}

Result<std::unique_ptr<Host>> Host::open(store::Store& store, const Clock& clock,
                                         const Scenario& scenario, const Policy& policy,
                                         HostOptions options) {
  auto state = std::make_unique<State>(store, clock, scenario, policy, options);
  const Status recovered = state->recover();
  if (!recovered.is_ok()) return recovered;
  state->publisher = std::make_unique<Publisher>(store, options.published_kept,
                                                 options.max_subscribers, state->last_seq);
  State* s = state.get();
  state->thread = std::thread([s] { s->run(); });
  return std::unique_ptr<Host>(new Host(std::move(state)));
}

Host::Host(std::unique_ptr<State> state) : state_(std::move(state)) {}

Host::~Host() { stop(); }

void Host::submit(std::vector<Intake> events, OutcomeDone done) {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (!state_->stopping) {
      state_->queued_events += events.size();
      state_->jobs.push_back(Submission{std::move(events), std::move(done)});
      state_->wake.notify_one();
      return;
    }
  }
  done(Status::unavailable("the live host is stopped"));
}

Result<std::vector<Outcome>> Host::submit_and_wait(std::vector<Intake> events) {
  auto promise = std::make_shared<std::promise<Result<std::vector<Outcome>>>>();
  auto future = promise->get_future();
  submit(std::move(events),
         [promise](Result<std::vector<Outcome>> r) { promise->set_value(std::move(r)); });
  return future.get();
}

void Host::run_on_host(std::function<void(const engine::Engine&)> read) {
  std::unique_lock<std::mutex> lock(state_->mutex);
  if (state_->stopped) {
    // The host thread is gone: read the engine here (nothing else touches it now).
    lock.unlock();
    if (state_->engine) read(*state_->engine);
    return;
  }
  state_->jobs.emplace_back(std::move(read));
  state_->wake.notify_one();
}

Result<std::unique_ptr<Subscription>> Host::subscribe(std::int64_t after_seq, Deliver deliver) {
  return state_->publisher->subscribe(after_seq, std::move(deliver));
}

HostStatus Host::status() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  HostStatus s = state_->counters;
  s.queued = state_->queued_events;
  s.subscribers = state_->publisher->subscribers();
  return s;
}

Status Host::snapshot_now() {
  return query([this](const engine::Engine&) { return state_->take_snapshot(); });
}

void Host::stop() {
  {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->stopping = true;
  }
  state_->wake.notify_all();
  if (state_->thread.joinable()) state_->thread.join();
  if (state_->publisher) state_->publisher->stop();
}

Result<VerifyReport> verify_log(store::Store& store, const Scenario& scenario, const Policy& policy,
                                const engine::EngineOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  Result<engine::Engine> engine = engine::Engine::create(scenario, policy, options);
  if (!engine.is_ok()) return engine.status();
  Result<ReplayCount> count = replay_verified(store, *engine, 0);
  if (!count.is_ok()) return count.status();
  return VerifyReport{count->events, count->actions, seconds_since(started)};
}

}  // namespace tandem::live
