// SPDX-License-Identifier: Apache-2.0
// Engine::create (its compilation is compile.cpp, its checks validate.cpp) and the event loop:
// the clock, timers and settling. The handlers of the events are contact_events.cpp,
// work_item_events.cpp and agent_events.cpp; look-ups by id are lookups.cpp.
#include "engine/engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/internal/compile.h"
#include "engine/state.h"

namespace tandem::engine {

namespace detail {

// ---------------------------------------------------------------- clock, timers, settling

void TimerState::add_timer(Time due, TimerKind kind, WorkKind work_kind, Idx target,
                           std::uint32_t gen, std::uint32_t extra, std::uint32_t incarnation) {
  // Fixed-delay kinds (offer timeout, service-level threshold, wrap-up) go to FIFO lanes.
  const bool lane_ok = kind == TimerKind::kOfferExpiry || kind == TimerKind::kServiceLevelCheck ||
                       kind == TimerKind::kAfterWorkEnd;
  timers.push(Timer{due, timer_seq++, kind, work_kind, target, gen, extra, incarnation}, now,
              lane_ok);
}

void RoutingState::mark_agent(Idx a) {
  if (std::find(dirty_agents.begin(), dirty_agents.end(), a) == dirty_agents.end()) {
    dirty_agents.push_back(a);
  }
}
void RoutingState::mark_queue(Idx q) {
  if (std::find(dirty_queues.begin(), dirty_queues.end(), q) == dirty_queues.end()) {
    dirty_queues.push_back(q);
  }
}
void EngineState::mark_blending(Idx q) {
  if (!queues[q].real_time) return;
  if (std::find(dirty_blending.begin(), dirty_blending.end(), q) == dirty_blending.end()) {
    dirty_blending.push_back(q);
  }
}

// Re-evaluates blending for the real-time queues the event touched first, then dispatches freed
// agents (each takes the best work for it), then queues with new work. Blending goes first so
// that an agent it recalls to the phones is not offered back-office work it would lose at once
// (an offer withdrawn in the instant it was made). Dispatching never marks blending, so blending
// is evaluated once per settle and this always terminates.
void EngineState::settle() {
  if (!dirty_blending.empty()) {
    scratch_blending.clear();
    scratch_blending.swap(dirty_blending);
    for (Idx q : scratch_blending) evaluate_blending(q);
  }
  while (!dirty_agents.empty() || !dirty_queues.empty()) {
    scratch_queues.clear();
    scratch_queues.swap(dirty_queues);
    for (Idx q : scratch_queues) dispatch_queue(q);
    scratch_agents.clear();
    scratch_agents.swap(dirty_agents);
    for (Idx a : scratch_agents) dispatch_agent(a);
  }
  dirty_blending.clear();
}

bool EngineState::timer_live(const Timer& timer) const {
  switch (timer.kind) {
    case TimerKind::kOfferExpiry:
      return timer.gen == (timer.work_kind == WorkKind::kContact ? contacts[timer.target].gen
                                                                 : tasks[timer.target].gen);
    case TimerKind::kAfterWorkEnd: {
      const ContactRec& c = contacts[timer.target];
      return c.live && c.gen == timer.gen && c.after_work;
    }
    case TimerKind::kServiceLevelCheck: {
      const ContactRec& c = contacts[timer.target];
      return c.live && c.gen == timer.gen && c.place == Place::kQueued;
    }
    case TimerKind::kIntervalBoundary:
      return true;
    case TimerKind::kRule: {
      const ItemRec& item = items[timer.target];
      if (item.retired || item.incarnation != timer.incarnation) return false;
      if (item.place == Place::kDone || item.place == Place::kCancelled) return false;
      if (rules[timer.extra].trigger == RuleTrigger::kItemPendingCustomer) {
        return item.place == Place::kPending && item.gen == timer.gen;
      }
      return true;
    }
  }
  return true;
}

void EngineState::drop_dead_timers() const {
  while (!timers.empty() && !timer_live(timers.top())) timers.pop();
}

// Fires the timers due at or before t, all the timers of one instant before one settle (so that
// what they free and what they mark for blending is decided together).
void EngineState::advance_clock(Time t) {
  while (!timers.empty() && timers.top().due <= t) {
    const Time due = timers.top().due;
    now = std::max(now, due);
    while (!timers.empty() && timers.top().due == due) {
      const Timer timer = timers.top();
      timers.pop();
      if (timer_live(timer)) fire_timer(timer);
    }
    settle();
  }
  now = t;
}

// Only for a live timer (advance_clock checks timer_live just before).
void EngineState::fire_timer(const Timer& timer) {
  switch (timer.kind) {
    case TimerKind::kOfferExpiry: {
      const WorkHandle w{timer.work_kind, timer.target};
      const Idx agent = w.kind == WorkKind::kContact ? contacts[w.idx].agent : tasks[w.idx].agent;
      out->push_back(WithdrawWork{to_instant(now), agents[agent].id, work_ref(w),
                                  WithdrawReason::kOfferExpired});
      (void)offer_declined(agents[agent].id, work_ref(w), /*expired=*/true, "OfferExpiry");
      return;
    }
    case TimerKind::kAfterWorkEnd: {
      ContactRec& c = contacts[timer.target];
      const Idx agent = c.agent;
      take_back(agent, WorkHandle{WorkKind::kContact, timer.target});
      c.place = Place::kDone;
      c.live = false;
      unindex_contact(timer.target);
      free_contacts.push_back(timer.target);
      mark_agent(agent);
      return;
    }
    case TimerKind::kServiceLevelCheck:
      mark_blending(contacts[timer.target].queue);
      return;
    case TimerKind::kIntervalBoundary:
      roll_intervals(timer.due);
      for (Idx q : rt_queue_list) mark_blending(q);
      add_timer(interval_start + interval_seconds, TimerKind::kIntervalBoundary, WorkKind::kContact,
                kNone, 0);
      return;
    case TimerKind::kRule:
      rules_on_timer(timer.extra, timer.target);
      return;
  }
}

Status EngineState::dispatch_event(const Event& event) {
  return std::visit([this](const auto& e) { return on(e); }, event);
}

}  // namespace detail

// ---------------------------------------------------------------- Engine

Result<Engine> Engine::create(const Scenario& scenario, const Policy& policy,
                              EngineOptions options) {
  auto state = std::make_unique<State>();
  detail::Problems problems;
  detail::compile_configuration(scenario, policy, options, *state, problems);
  if (!problems.empty()) return detail::scenario_cannot_drive_engine(problems);
  return Engine(std::move(state));
}

Engine::Engine(std::unique_ptr<State> state) : state_(std::move(state)) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

Status Engine::handle(const Event& event, std::vector<Action>& out) {
  State& s = *state_;
  ++s.stats.events;
  const detail::Time t = detail::to_time(time_of(event));
  if (t < s.now) {
    ++s.stats.rejected;
    return Status::invalid_argument(fmt::format(
        "{}: time goes backwards ({} is before the engine's clock {})", name_of(event), t, s.now));
  }
  const std::size_t before = out.size();
  s.out = &out;
  s.advance_clock(t);
  Status status = s.dispatch_event(event);
  if (status.is_ok()) {
    s.settle();
  } else {
    ++s.stats.rejected;
    s.dirty_agents.clear();
    s.dirty_queues.clear();
    s.dirty_blending.clear();
  }
  s.out = nullptr;
  s.stats.actions += out.size() - before;
  return status;
}

Instant Engine::now() const { return detail::to_instant(state_->now); }

std::optional<Instant> Engine::next_due() const {
  state_->drop_dead_timers();
  if (state_->timers.empty()) return std::nullopt;
  return detail::to_instant(std::max(state_->timers.top().due, state_->now));
}

Status Engine::check_invariants() const { return state_->check(); }

}  // namespace tandem::engine
