// SPDX-License-Identifier: Apache-2.0
// The live host: the single writer that owns the live Engine (DESIGN.md §6, docs/live.md).
//
// For each batch of input events it (1) hands each event to the engine, (2) appends the
// events and the actions they caused to the store's log in ONE durable transaction (group
// commit), then (3) acknowledges each submitter and publishes the records to subscribers.
// Nothing is acknowledged before it is durable; a failed append acknowledges nothing
// (Unavailable), and the engine is rebuilt from the store so its state is the log's again.
//
// - Clock: the host is the only reader of the wall clock. When idle it sends the engine a
//   ClockTick at next_due() so timers (offer expiry, after-contact work, rule timers) fire on
//   time; ticks are logged like any event, so a replay is exact.
// - Recovery (open): the latest engine snapshot plus the tail of the log, replayed and
//   VERIFIED: every replayed event must give the outcome and the actions stored with it; a
//   mismatch is Internal ("corrupt"), never ignored.
// - Duplicates: an event whose idempotency key is already in the log is answered with the
//   first answer (its seq, outcome and actions) and not applied again.
// - Rejections: an event the engine rejects is logged as rejected with the reason; the
//   engine guarantees it changed nothing (timers due by its time may have fired: their
//   actions are logged with it).
// - Late events: an event up to `late_tolerance` older than the engine's clock (sources'
//   clocks differ a little) is handled at the engine's clock and logged with that time.
// - Threads: submit(), query(), subscribe(), status() and stop() may be called from any
//   thread. Done-callbacks run on the host thread and subscribers' callbacks on the
//   publisher thread: neither may block.
#pragma once

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include "engine/actions.h"
#include "engine/engine.h"
#include "engine/events.h"
#include "live/clock.h"
#include "model/planning.h"
#include "model/scenario.h"
#include "model/status.h"
#include "store/store.h"

namespace tandem::live {

struct HostOptions {
  engine::EngineOptions engine;  // engine.start: the clock of an empty log
  std::size_t max_batch = 1000;  // events per commit at most
  // A snapshot after this many events or this much clock time since the last one.
  std::int64_t snapshot_every_events = 100'000;
  Seconds snapshot_every{600};
  bool snapshot_on_stop = true;  // a clean stop leaves a snapshot of the last state
  Seconds late_tolerance{5};
  bool self_tick = true;  // false: the source sends the ClockTicks (the live source does)
  std::size_t published_kept = 65'536;  // records kept in memory for subscribers' resume
  std::size_t max_subscribers = 1'000;
  std::size_t keys_kept = 1'000'000;  // idempotency keys remembered in memory (older: store)
};

struct Intake {
  engine::Event event;
  std::string idempotency_key;  // empty: none
};

enum class IntakeStatus : unsigned char { kApplied, kDuplicate, kRejected };
const char* to_string(IntakeStatus status);  // "applied", "duplicate", "rejected"

struct Outcome {
  std::int64_t seq = 0;
  IntakeStatus status = IntakeStatus::kApplied;
  std::string reason;                   // when rejected
  std::vector<engine::Action> actions;  // what the engine decided (the first time)
};

using OutcomeDone = std::function<void(Result<std::vector<Outcome>>)>;

// One record of the log as subscribers see it.
struct Published {
  std::int64_t seq = 0;
  engine::Event event;
  bool rejected = false;
  std::string reason;
  std::vector<engine::Action> actions;
  std::string event_json;                 // io::encode_event_json(event)
  std::vector<std::string> actions_json;  // io::encode_action_json, in order
};
using PublishedPtr = std::shared_ptr<const Published>;
using Deliver = std::function<void(const PublishedPtr&)>;

class Subscription {
 public:
  virtual ~Subscription() = default;  // no callback runs once this returns
};

struct HostStatus {
  bool ready = false;   // recovered and taking events
  std::string problem;  // why not, or the last store failure
  std::int64_t last_seq = 0;
  std::int64_t snapshot_seq = 0;
  std::uint64_t applied = 0, rejected = 0, duplicates = 0, batches = 0, failed_batches = 0;
  std::uint64_t recovered_events = 0;  // replayed at open
  double recovery_seconds = 0;
  std::size_t queued = 0;  // events waiting for the host thread
  std::size_t subscribers = 0;
  Instant engine_now{};
  engine::EngineStats engine;
};

class Host {
 public:
  // Recovers from the store (snapshot + verified tail) and starts the host and publisher
  // threads. The store and the clock must outlive the host.
  static Result<std::unique_ptr<Host>> open(store::Store& store, const Clock& clock,
                                            const Scenario& scenario, const Policy& policy,
                                            HostOptions options = {});
  ~Host();  // stop()
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  // Queues the events; `done` gets one Outcome per event, in order, once they are durable
  // (or a non-ok Status: nothing of them is stored). Events of one call are handled in
  // order, and calls in the order they arrive.
  void submit(std::vector<Intake> events, OutcomeDone done);
  Result<std::vector<Outcome>> submit_and_wait(std::vector<Intake> events);

  // Runs `read` on the host thread between batches (it sees a consistent engine).
  void run_on_host(std::function<void(const engine::Engine&)> read);
  template <typename F>
  auto query(F read) -> decltype(read(std::declval<const engine::Engine&>())) {
    using R = decltype(read(std::declval<const engine::Engine&>()));
    auto promise = std::make_shared<std::promise<R>>();
    auto future = promise->get_future();
    run_on_host([promise, read = std::move(read)](const engine::Engine& e) {
      promise->set_value(read(e));
    });
    return future.get();
  }

  // Records with seq > after_seq in order: first those already logged (from memory or the
  // store), then new ones as they are committed. Unavailable beyond max_subscribers.
  Result<std::unique_ptr<Subscription>> subscribe(std::int64_t after_seq, Deliver deliver);

  HostStatus status() const;
  // Takes a snapshot now (between batches). Unavailable if the engine cannot snapshot.
  Status snapshot_now();
  // Finishes the queued events, stops the threads; later submits get Unavailable.
  void stop();

  struct State;

 private:
  explicit Host(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Replays the whole log from the start (ignoring snapshots) and checks that every event
// gives its stored outcome and actions. Internal naming the first mismatch.
struct VerifyReport {
  std::int64_t events = 0;
  std::int64_t actions = 0;
  double seconds = 0;
};
Result<VerifyReport> verify_log(store::Store& store, const Scenario& scenario, const Policy& policy,
                                const engine::EngineOptions& options);

}  // namespace tandem::live
