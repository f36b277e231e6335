// SPDX-License-Identifier: Apache-2.0
#include "live/live_source.h"

#include <condition_variable>
#include <mutex>
#include <optional>
#include <stop_token>
#include <thread>

#include "sim/simulator.h"

namespace tandem::live {

struct LiveSource::State {
  Host& host;
  const Clock& clock;
  sim::SimModel model;
  std::uint64_t seed;

  mutable std::mutex mutex;
  std::condition_variable_any wake;
  LiveSourceStatus status;
  std::optional<Result<sim::ReplicationResult>> result;
  std::stop_source stop;
  std::thread thread;

  State(Host& h, const Clock& c, sim::SimModel m, std::uint64_t s)
      : host(h), clock(c), model(std::move(m)), seed(s) {}
};

namespace {

// The simulator's router: each event goes through the host's intake, paced by the clock.
// The host's answer is what the simulator carries out. The simulator's questions (next
// timer, where an item is, its ETA) are answered by a mirror engine fed the same events: it
// is in the state the host's engine was in at that event, also while a restarted source
// catches up on events the log already holds (the host's engine is then ahead of them).
class HostRouter final : public sim::Router {
 public:
  HostRouter(LiveSource::State& state, engine::Engine mirror)
      : state_(state), mirror_(std::move(mirror)) {}

  Status handle(const engine::Event& event, std::vector<engine::Action>& out) override {
    const Instant t = engine::time_of(event);
    {
      std::unique_lock<std::mutex> lock(state_.mutex);
      const std::stop_token token = state_.stop.get_token();
      while (!token.stop_requested() && state_.clock.now() < t) {
        state_.wake.wait_until(lock, token, state_.clock.real_time_at(t), [] { return false; });
      }
      if (token.stop_requested()) return Status::unavailable("the live source is stopping");
      state_.status.simulated_now = t;
    }
    const std::string key = "sim-" + std::to_string(state_.seed) + "-" + std::to_string(next_++);
    Result<std::vector<Outcome>> r = state_.host.submit_and_wait({Intake{event, key}});
    if (!r.is_ok()) return r.status();
    Outcome& o = r->front();
    {
      std::lock_guard<std::mutex> lock(state_.mutex);
      state_.status.sent++;
      if (o.status == IntakeStatus::kDuplicate) state_.status.duplicates++;
    }
    mirrored_.clear();
    (void)mirror_.handle(event, mirrored_);  // its answer is the host's (same engine, events)
    out.insert(out.end(), o.actions.begin(), o.actions.end());
    if (!o.reason.empty()) return Status::invalid_argument(o.reason);
    return Status::ok();
  }
  std::optional<Instant> next_due() const override { return mirror_.next_due(); }
  std::optional<engine::ItemView> item(const std::string& id) const override {
    return mirror_.item(id);
  }
  std::optional<Instant> eta(const std::string& id) const override {
    Result<engine::Eta> eta = mirror_.eta(id);
    if (!eta.is_ok()) return std::nullopt;
    return eta->completion;
  }
  const char* name() const override { return "live host"; }

 private:
  LiveSource::State& state_;
  engine::Engine mirror_;
  std::vector<engine::Action> mirrored_;
  std::uint64_t next_ = 0;
};

}  // namespace

Result<std::unique_ptr<LiveSource>> LiveSource::start(Host& host, const Clock& clock,
                                                      sim::SimModel model, std::uint64_t seed) {
  if (Status st = sim::validate_model(model); !st.is_ok()) return st;
  auto state = std::make_unique<State>(host, clock, std::move(model), seed);
  State* s = state.get();
  s->status.running = true;
  s->thread = std::thread([s] {
    const sim::RouterFactory factory =
        [s](const Scenario& scenario, const Policy& policy, Instant start, std::uint64_t seed,
            bool robot_failures) -> Result<std::unique_ptr<sim::Router>> {
      engine::EngineOptions options;
      options.start = start;
      options.seed = seed;
      options.robot_failures_by_rate = robot_failures;
      options.track_history = false;
      Result<engine::Engine> mirror = engine::Engine::create(scenario, policy, options);
      if (!mirror.is_ok()) return mirror.status();
      return std::unique_ptr<sim::Router>(
          std::make_unique<HostRouter>(*s, std::move(mirror).value()));
    };
    Result<sim::ReplicationResult> r =
        sim::simulate_replication(s->model, factory, s->seed, 0, s->stop.get_token());
    std::lock_guard<std::mutex> lock(s->mutex);
    s->status.running = false;
    s->status.finished = r.is_ok() && r->complete;
    if (!r.is_ok()) s->status.problem = r.status().message();
    s->result.emplace(std::move(r));
  });
  return std::unique_ptr<LiveSource>(new LiveSource(std::move(state)));
}

LiveSource::LiveSource(std::unique_ptr<State> state) : state_(std::move(state)) {}

LiveSource::~LiveSource() { stop(); }

engine::EngineOptions live_engine_options(const sim::SimModel& model, std::uint64_t seed) {
  engine::EngineOptions o;
  o.start = model.start;
  o.seed = sim::replication_seed(seed, 0);
  o.robot_failures_by_rate = model.robot_failures;
  return o;
}

Result<sim::ReplicationResult> LiveSource::wait() {
  if (state_->thread.joinable()) state_->thread.join();
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (!state_->result) return Status::unavailable("the live source did not run");
  return *state_->result;
}

LiveSourceStatus LiveSource::status() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->status;
}

void LiveSource::stop() {
  state_->stop.request_stop();
  state_->wake.notify_all();
  if (state_->thread.joinable()) state_->thread.join();
}

}  // namespace tandem::live
