// SPDX-License-Identifier: Apache-2.0
// A replication: the simulated world (arrivals, handling, shifts, customers, replay) driving
// the engine through a Router, and the KPIs recorded from its events and actions. The model's
// checks are model_validation.cpp.
#include "sim/simulator.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "analytics/kpi_recorder.h"
#include "sim/event_calendar.h"
#include "sim/kpi_settings.h"
#include "sim/random.h"

namespace tandem::sim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Stream families (the first word of every stream id).
enum StreamFamily : std::uint64_t {
  kContactStream = 1,
  kItemStream = 2,
  kTaskStream = 3,
  kAbsenceStream = 4,
  kWaitStream = 5,
  kBatchStream = 6,
};

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

// The number after a one-letter prefix ("c17" -> 17), up to the first non-digit.
std::optional<std::uint32_t> id_number(std::string_view id, char prefix) {
  if (id.size() < 2 || id[0] != prefix) return std::nullopt;
  std::uint32_t n = 0;
  auto [ptr, ec] = std::from_chars(id.data() + 1, id.data() + id.size(), n);
  if (ec != std::errc() || ptr == id.data() + 1) return std::nullopt;
  return n;
}

enum class Ev : std::uint8_t {
  kContactArrival,
  kItemArrival,
  kBatch,
  kReplayContact,
  kReplayItem,
  kAbandon,
  kContactEnd,
  kTaskEnd,
  kShiftStart,
  kShiftEnd,
  kBreakStart,
  kBreakEnd,
  kTick,
  kCustomerResponded,
  kIntervalEnd,
};

struct Payload {
  Ev kind = Ev::kTick;
  std::uint32_t a = 0;
  std::uint32_t b = 0;
};

enum class ContactState : std::uint8_t { kWaiting, kInService, kDone, kAbandoned };

struct ContactRec {
  int queue = 0;
  double arrival = 0.0;
  double handle = 0.0;  // standard seconds
  double patience = kInf;
  int agent = -1;
  std::uint32_t version = 0;
  ContactState state = ContactState::kWaiting;
};

struct ItemRec {
  int process = -1;
  int work_type = -1;  // queue index of a single-task item
  double replay_handle = 0.0;
  int replay = -1;  // index in model.replayed_items (per-step handle times and waits)
  std::vector<std::uint32_t> tasks;  // indexes in tasks_
  bool done = false;
};

struct TaskRec {
  std::string id;
  int item = -1;  // own item index, -1 for items the engine created (follow-ups)
  int queue = 0;
  int agent = -1;
  double standard = -1.0;  // total standard seconds (drawn once)
  double started = 0.0;
  std::uint32_t version = 0;
  bool running = false;
};

struct AgentRec {
  std::string id;
  std::vector<double> proficiency;  // per queue; 0 = lacks the skill
  int held = 0;
  bool logged_in = false;
  bool leaving = false;
  bool on_break = false;
};

struct PendingEvent {
  engine::Event event;
  // Start this work when the event (an OfferAccepted) is accepted.
  std::optional<engine::AssignWork> start_on_ok;
  // Set when the offer behind this accept was withdrawn before the accept was sent.
  bool dropped = false;
};

class World {
 public:
  World(const SimModel& model, std::unique_ptr<Router> router, std::uint64_t seed,
        std::stop_token stop)
      : m_(model),
        s_(*model.scenario),
        router_(std::move(router)),
        seed_(seed),
        stop_(std::move(stop)),
        kpis_(kpi_settings_of(model)) {
    for (const Queue& q : s_.queues) queue_index_[q.id] = static_cast<int>(queue_index_.size());
    for (std::size_t p = 0; p < s_.processes.size(); ++p) {
      process_index_.emplace(s_.processes[p].id, static_cast<int>(p));
    }
    for (const AgentPlan& plan : m_.agents) {
      const Agent* a = s_.find_agent(plan.agent);
      AgentRec rec;
      rec.id = plan.agent;
      for (const Queue& q : s_.queues)
        rec.proficiency.push_back(a->proficiency(q.skill).value_or(0));
      agent_index_[plan.agent] = static_cast<int>(agents_.size());
      agents_.push_back(std::move(rec));
    }
  }

  ReplicationResult run() {
    start_calendar();
    ReplicationResult result;
    result.router = router_->name();
    double t = 0.0;
    std::uint64_t steps = 0;
    while (!calendar_.empty()) {
      if ((++steps & 1023) == 0 && stop_.stop_requested()) {
        result.complete = false;
        break;
      }
      const double next = calendar_.top().time;
      if (next > m_.horizon && (!m_.drain || open_contacts_ == 0)) break;
      auto entry = calendar_.pop();
      t = entry.time;
      now_ = t;
      on(entry.payload);
    }
    end_ = result.complete ? std::max(m_.horizon, now_) : now_;
    result.simulated_seconds = end_;
    result.events = events_;
    result.ticks = ticks_;
    result.offers = offers_;
    result.contacts = contacts_.size();
    result.items = items_.size();
    result.rejected = rejected_;
    result.first_rejection = first_rejection_;
    collect(result);
    return result;
  }

 private:
  // ---------------------------------------------------------------- set-up
  void start_calendar() {
    for (std::size_t i = 0; i < m_.contacts.size(); ++i) {
      contact_streams_.emplace_back(seed_, mix_ids({kContactStream, fnv1a(m_.contacts[i].queue)}));
      contact_queue_.push_back(queue_index_.at(m_.contacts[i].queue));
      schedule_next_arrival(Ev::kContactArrival, i, 0.0, m_.contacts[i].arrivals,
                            contact_streams_.back());
    }
    for (std::size_t i = 0; i < m_.items.size(); ++i) {
      const ItemSource& src = m_.items[i];
      item_streams_.emplace_back(seed_,
                                 mix_ids({kItemStream, fnv1a(src.process), fnv1a(src.work_type)}));
      schedule_next_arrival(Ev::kItemArrival, i, 0.0, src.arrivals, item_streams_.back());
    }
    for (std::size_t i = 0; i < m_.batches.size(); ++i) {
      calendar_.schedule(m_.batches[i].time, {Ev::kBatch, static_cast<std::uint32_t>(i), 0});
    }
    if (!m_.replayed_contacts.empty())
      calendar_.schedule(m_.replayed_contacts[0].time, {Ev::kReplayContact, 0, 0});
    if (!m_.replayed_items.empty())
      calendar_.schedule(m_.replayed_items[0].time, {Ev::kReplayItem, 0, 0});
    for (std::size_t a = 0; a < m_.agents.size(); ++a) {
      const AgentPlan& plan = m_.agents[a];
      for (std::size_t k = 0; k < plan.shifts.size(); ++k) {
        if (m_.shrinkage > 0) {
          RandomStream absence(seed_, mix_ids({kAbsenceStream, fnv1a(plan.agent), k}));
          if (absence.bernoulli(m_.shrinkage)) continue;
        }
        const Shift& shift = plan.shifts[k];
        const auto ai = static_cast<std::uint32_t>(a), ki = static_cast<std::uint32_t>(k);
        calendar_.schedule(shift.login, {Ev::kShiftStart, ai, ki});
        for (std::size_t b = 0; b < shift.breaks.size(); ++b) {
          const auto bi = static_cast<std::uint32_t>((k << 8) | b);
          calendar_.schedule(shift.breaks[b].start, {Ev::kBreakStart, ai, bi});
          calendar_.schedule(shift.breaks[b].end, {Ev::kBreakEnd, ai, bi});
        }
        if (std::isfinite(shift.logout)) calendar_.schedule(shift.logout, {Ev::kShiftEnd, ai, ki});
      }
    }
    // Interval boundaries: per-interval snapshots and the forecast handed to blending.
    send_forecast(0.0, 0, kForecastLookahead);
    calendar_.schedule(m_.interval_seconds, {Ev::kIntervalEnd, 0, 0});
  }

  void schedule_next_arrival(Ev kind, std::size_t source, double from, const ArrivalProfile& p,
                             RandomStream& stream) {
    double t = from;
    const double len = p.interval_seconds;
    while (true) {
      const auto k = static_cast<std::size_t>(t / len);
      if (k >= p.rate_per_second.size() || t >= m_.horizon) return;
      const double rate = p.rate_per_second[k];
      const double end = static_cast<double>(k + 1) * len;
      if (rate > 0) {
        const double next = t + stream.exponential(1.0 / rate);
        if (next < end) {
          if (next < m_.horizon)
            calendar_.schedule(next, {kind, static_cast<std::uint32_t>(source), 0});
          return;
        }
      }
      t = end;  // memoryless: restart at the next interval
    }
  }

  // ---------------------------------------------------------------- the world's events
  void on(const Payload& p) {
    switch (p.kind) {
      case Ev::kContactArrival: {
        const ContactSource& src = m_.contacts[p.a];
        RandomStream& stream = contact_streams_[p.a];
        const int q = contact_queue_[p.a];
        const Queue& queue = s_.queues[q];
        const double handle = stream.sample(queue.handle_time);
        const double patience =
            queue.patience_mean_seconds ? stream.exponential(*queue.patience_mean_seconds) : kInf;
        arrive_contact(q, handle, patience);
        schedule_next_arrival(Ev::kContactArrival, p.a, now_, src.arrivals, stream);
        break;
      }
      case Ev::kReplayContact: {
        const ReplayedContact& r = m_.replayed_contacts[p.a];
        arrive_contact(queue_index_.at(r.queue), r.handle_seconds, r.patience_seconds);
        if (p.a + 1 < m_.replayed_contacts.size()) {
          calendar_.schedule(m_.replayed_contacts[p.a + 1].time, {Ev::kReplayContact, p.a + 1, 0});
        }
        break;
      }
      case Ev::kItemArrival: {
        const ItemSource& src = m_.items[p.a];
        receive_item(src.process, src.work_type, 0.0);
        schedule_next_arrival(Ev::kItemArrival, p.a, now_, src.arrivals, item_streams_[p.a]);
        break;
      }
      case Ev::kReplayItem: {
        const ReplayedItem& r = m_.replayed_items[p.a];
        receive_item(r.process, r.work_type, r.handle_seconds, static_cast<int>(p.a));
        if (p.a + 1 < m_.replayed_items.size()) {
          calendar_.schedule(m_.replayed_items[p.a + 1].time, {Ev::kReplayItem, p.a + 1, 0});
        }
        break;
      }
      case Ev::kBatch: {
        const BatchArrival& b = m_.batches[p.a];
        for (int i = 0; i < b.count; ++i) receive_item(b.process, b.work_type, 0.0);
        break;
      }
      case Ev::kAbandon: {
        ContactRec& c = contacts_[p.a];
        if (c.state != ContactState::kWaiting || c.version != p.b) break;
        c.state = ContactState::kAbandoned;
        --open_contacts_;
        observe_and_dispatch(engine::ContactAbandoned{instant(now_), contact_id(p.a)});
        break;
      }
      case Ev::kContactEnd: {
        ContactRec& c = contacts_[p.a];
        if (c.state != ContactState::kInService || c.version != p.b) break;
        c.state = ContactState::kDone;
        --open_contacts_;
        const int agent = c.agent;
        release(agent);
        observe_and_dispatch(
            engine::ContactEnded{instant(now_), contact_id(p.a), agents_[agent].id, {}});
        after_release(agent);
        break;
      }
      case Ev::kTaskEnd: {
        TaskRec& task = tasks_[p.a];
        if (!task.running || task.version != p.b) break;
        task.running = false;
        const int agent = task.agent;
        const int item = task.item;
        const std::string task_id = task.id;  // tasks_ may grow while the engine answers
        const std::string id = item >= 0 ? item_id(item) : std::string();
        // A replayed item that now waits for the customer: the offers of its next step made
        // at StepDone are left unanswered (PendingCustomer withdraws them).
        const double log_wait = item >= 0 ? replay_wait_after(item, task_id) : 0.0;
        if (log_wait > 0) held_item_ = &id;
        release(agent);
        observe_and_dispatch(engine::StepDone{instant(now_), task_id, agents_[agent].id});
        held_item_ = nullptr;
        if (item >= 0) {
          check_item_done(item, id);
          sample_eta_update(id);
          if (log_wait > 0) {
            wait_for_customer(item, id, log_wait);
          } else {
            maybe_wait(item, id, task_id);
          }
        }
        after_release(agent);
        break;
      }
      case Ev::kShiftStart: {
        AgentRec& a = agents_[p.a];
        if (a.logged_in) break;  // still finishing the previous shift
        a.logged_in = true;
        a.leaving = false;
        a.on_break = false;
        observe_and_dispatch(engine::AgentLoggedIn{instant(now_), a.id});
        send_activity(p.a, p.b, now_);
        break;
      }
      case Ev::kShiftEnd: {
        AgentRec& a = agents_[p.a];
        if (!a.logged_in) break;
        if (a.held > 0) {
          a.leaving = true;
          // Not a staffing change for the KPIs: the agent works on (or stays on a break) until
          // logged out.
          dispatch(engine::AgentStateChanged{instant(now_), a.id, engine::AgentState::kNotReady});
        } else {
          log_out(p.a);
        }
        break;
      }
      case Ev::kBreakStart: {
        AgentRec& a = agents_[p.a];
        if (!a.logged_in || a.leaving || a.on_break) break;
        const Break& br = m_.agents[p.a].shifts[p.b >> 8].breaks[p.b & 0xff];
        a.on_break = true;
        observe_and_dispatch(engine::AgentStateChanged{
            instant(now_), a.id,
            br.lunch ? engine::AgentState::kLunch : engine::AgentState::kBreak});
        break;
      }
      case Ev::kBreakEnd: {
        AgentRec& a = agents_[p.a];
        if (!a.logged_in || !a.on_break) break;
        a.on_break = false;
        if (a.leaving) {
          // Back from the break only to finish the work in hand: staffed again, but the engine
          // already has the agent not ready (sent at the end of the shift).
          kpis_.on_event(
              engine::AgentStateChanged{instant(now_), a.id, engine::AgentState::kNotReady}, now_);
          break;
        }
        observe_and_dispatch(
            engine::AgentStateChanged{instant(now_), a.id, engine::AgentState::kAvailable});
        send_activity(p.a, p.b >> 8, now_);
        break;
      }
      case Ev::kTick:
        // A tick superseded by an earlier one (which rescheduled the next) is stale: sending
        // it would start a second chain of ticks that never dies out.
        if (now_ != tick_scheduled_) break;
        tick_scheduled_ = kInf;
        dispatch(engine::ClockTick{instant(now_)});
        break;
      case Ev::kCustomerResponded:
        if (!items_[p.a].done) {
          // The engine puts the item's waiting tasks (paused ones included) back in their
          // queues.
          dispatch(engine::CustomerResponded{instant(now_), item_id(p.a)});
        }
        break;
      case Ev::kIntervalEnd: {
        kpis_.on_interval_end(now_);
        send_forecast(now_, kForecastLookahead - 1, 1);
        if (now_ + m_.interval_seconds <= m_.horizon + 1e-9) {
          calendar_.schedule(now_ + m_.interval_seconds, {Ev::kIntervalEnd, 0, 0});
        }
        break;
      }
    }
  }

  void arrive_contact(int queue, double handle, double patience) {
    const auto index = static_cast<std::uint32_t>(contacts_.size());
    ContactRec c;
    c.queue = queue;
    c.arrival = now_;
    c.handle = handle;
    c.patience = patience;
    contacts_.push_back(c);
    ++open_contacts_;
    if (std::isfinite(patience)) calendar_.schedule(now_ + patience, {Ev::kAbandon, index, 0});
    observe_and_dispatch(
        engine::ContactArrived{instant(now_), contact_id(index), s_.queues[queue].id, ""});
  }

  // A new item; `replay`: its index in model.replayed_items, -1 for a random one.
  void receive_item(const std::string& process, const std::string& work_type, double handle,
                    int replay = -1) {
    const auto index = static_cast<std::uint32_t>(items_.size());
    const ReplayedItem* r = replay >= 0 ? &m_.replayed_items[replay] : nullptr;
    ItemRec item;
    item.replay_handle = handle;
    item.replay = replay;
    if (!process.empty()) {
      item.process = process_index_.at(process);
    } else {
      item.work_type = queue_index_.at(work_type);
    }
    analytics::ItemReceipt receipt;
    receipt.received = now_;
    std::optional<Instant> received;
    if (r != nullptr && !std::isnan(r->received)) {
      receipt.received = r->received;
      received = instant(r->received);
    }
    receipt.scope = r != nullptr && !r->scope.empty() ? r->scope
                    : process.empty()                 ? work_type
                                                      : process;
    if (r != nullptr) receipt.logged_completion = r->logged_completion;
    items_.push_back(item);
    const std::string id = item_id(index);
    dispatch(engine::WorkItemCreated{instant(now_),
                                     id,
                                     process,
                                     work_type,
                                     r != nullptr ? r->customer : std::string(),
                                     {},
                                     {},
                                     received});
    // The engine's due time and ETA are not in its actions: the KPIs get them from its answers.
    receipt.item = id;
    if (auto view = router_->item(id)) receipt.due = seconds_since_start(view->due);
    if (auto eta = router_->eta(id)) receipt.eta = seconds_since_start(*eta);
    kpis_.on_item_received(receipt, now_);
  }

  // A checkpoint of the ETA: the prediction for an item still open after one of its steps.
  void sample_eta_update(const std::string& id) {
    if (!kpis_.tracks_eta(id)) return;
    if (auto eta = router_->eta(id)) kpis_.on_eta_update(id, seconds_since_start(*eta));
  }

  void check_item_done(int index, const std::string& id) {
    ItemRec& item = items_[index];
    if (item.done) return;
    auto view = router_->item(id);
    if (!view ||
        (view->place != engine::Place::kDone && view->place != engine::Place::kCancelled)) {
      return;
    }
    item.done = true;
    // The engine says an item is done in its state, not with an action.
    kpis_.on_item_closed(id, view->place == engine::Place::kDone, now_);
  }

  // A replayed item's wait for the customer after the step `task_id` (its log's wait before
  // the next step; 0: none, or shorter than the engine's second).
  double replay_wait_after(int item_index, const std::string& task_id) const {
    const ItemRec& item = items_[item_index];
    if (item.replay < 0 || item.process < 0) return 0.0;
    const std::vector<double>& waits = m_.replayed_items[item.replay].wait_before_step;
    if (waits.empty() || task_id.find_first_of("~!") != std::string::npos) return 0.0;
    const int k = step_position(item.process, task_id);
    if (k < 0 || static_cast<std::size_t>(k) + 1 >= waits.size()) return 0.0;
    return waits[k + 1] >= 1.0 ? waits[k + 1] : 0.0;
  }

  // After a step with wait states: with its probability the item waits for the customer.
  void maybe_wait(int item_index, const std::string& id, const std::string& task_id) {
    const ItemRec& item = items_[item_index];
    if (item.process < 0 || item.done || item.replay >= 0) return;
    const ProcessStep* step = find_step(item.process, task_id);
    if (step == nullptr || step->waits.empty()) return;
    RandomStream stream(
        seed_, mix_ids({kWaitStream, static_cast<std::uint64_t>(item_index), fnv1a(task_id)}));
    for (const WaitState& w : step->waits) {
      if (!stream.bernoulli(w.probability)) continue;
      wait_for_customer(item_index, id, stream.sample(w.duration));
      return;
    }
  }

  // The item waits for the customer for `duration` seconds (PendingCustomer, then
  // CustomerResponded).
  void wait_for_customer(int item_index, const std::string& id, double duration) {
    // The engine may already have handed the item's next task to an agent (it moves on at
    // StepDone); the engine refuses PendingCustomer while a task is assigned, so that work
    // is paused first (progress kept) and resumed when the customer answers.
    std::vector<std::uint32_t> paused;
    const std::vector<std::uint32_t> item_tasks = items_[item_index].tasks;
    for (std::uint32_t ti : item_tasks) {
      if (!tasks_[ti].running) continue;
      const std::string other_id = tasks_[ti].id;
      const std::string agent_id = agents_[tasks_[ti].agent].id;
      const engine::WorkPaused pause{instant(now_), other_id, agent_id};
      if (dispatch(pause)) {
        kpis_.on_event(pause, now_);
        stop_work(agent_id, {engine::WorkKind::kTask, other_id}, std::nullopt);
        paused.push_back(ti);
      }
    }
    if (dispatch(engine::PendingCustomer{instant(now_), id})) {
      calendar_.schedule(now_ + duration,
                         {Ev::kCustomerResponded, static_cast<std::uint32_t>(item_index), 0});
    } else {
      for (std::uint32_t ti : paused) dispatch(engine::WorkResumed{instant(now_), tasks_[ti].id});
    }
  }

  void send_activity(std::uint32_t agent, std::uint32_t shift_index, double from) {
    const Shift& shift = m_.agents[agent].shifts[shift_index];
    double until = shift.logout;
    for (const Break& b : shift.breaks) {
      if (b.start > from) {
        until = b.start;
        break;
      }
    }
    if (!std::isfinite(until)) until = from + 10 * 86400.0;
    dispatch(engine::ScheduleActivityStarted{instant(from), agents_[agent].id,
                                             engine::ScheduledActivity::kBlended, instant(until)});
  }

  // The forecast is handed to the engine kForecastLookahead intervals ahead (all of them at
  // the start, then the newest one at each boundary), as a plan is known in advance: blending
  // then has the current interval's forecast at the boundary itself and sees the rises ahead
  // that end released agents' usable chunks of time.
  static constexpr int kForecastLookahead = 8;

  void send_forecast(double t, int first, int count) {
    for (int k = first; k < first + count; ++k) {
      const double start = t + k * m_.interval_seconds;
      for (const ContactSource& src : m_.contacts) {
        const double rate = src.arrivals.rate_at(start);
        dispatch(engine::ForecastUpdated{instant(t), src.queue, instant(start),
                                         Seconds(static_cast<long>(m_.interval_seconds)),
                                         rate * m_.interval_seconds, 0.0});
      }
    }
  }

  void log_out(int agent) {
    AgentRec& a = agents_[agent];
    a.logged_in = a.leaving = a.on_break = false;
    observe_and_dispatch(engine::AgentLoggedOut{instant(now_), a.id});
  }

  // ---------------------------------------------------------------- router plumbing
  // The world's events go to the KPIs when they happen (the router may take them later, in
  // its dispatch order), then to the router.
  bool observe_and_dispatch(engine::Event event) {
    kpis_.on_event(event, now_);
    return dispatch(std::move(event));
  }

  // Hands an event to the router, then carries out the actions (which may send further
  // events, handled in order). Returns whether the first event was accepted.
  bool dispatch(engine::Event event) {
    if (dispatching_) {
      // Handled by the dispatch loop already running, in order.
      pending_.push_back({std::move(event), std::nullopt});
      return true;
    }
    dispatching_ = true;
    const bool first_ok = handle_one(event, nullptr);
    // Events queued meanwhile (accepted offers, events sent while carrying out actions):
    // a FIFO kept in a vector (head index, cleared when drained), so its storage and that of
    // the action buffers are reused from event to event: no allocation per event.
    for (std::size_t head = 0; head < pending_.size(); ++head) {
      PendingEvent pe = std::move(pending_[head]);
      if (pe.dropped) continue;
      handle_one(pe.event, pe.start_on_ok ? &*pe.start_on_ok : nullptr);
    }
    pending_.clear();
    dispatching_ = false;
    schedule_tick();
    return first_ok;
  }

  // Hands one event to the router and carries out its actions; `start_on_ok`: work to start
  // when the event (an OfferAccepted) is accepted. Returns whether it was accepted.
  bool handle_one(const engine::Event& event, const engine::AssignWork* start_on_ok) {
    actions_.clear();
    ++events_;
    if (std::holds_alternative<engine::ClockTick>(event)) ++ticks_;
    if (std::holds_alternative<engine::OfferAccepted>(event)) ++offers_;
    Status st = router_->handle(event, actions_);
    if (!st.is_ok()) {
      ++rejected_;
      if (first_rejection_.empty()) {
        first_rejection_ = std::string(engine::name_of(event)) + ": " + st.message();
      }
    } else if (start_on_ok != nullptr) {
      kpis_.on_event(event, now_);  // the accepted offer starts the work
      start_work(*start_on_ok);
    }
    // Carrying out an action only queues further events (dispatching_ is set), so the
    // buffer is not touched while it is read; swapped anyway to keep both capacities.
    std::swap(actions_, carrying_);
    for (const engine::Action& action : carrying_) carry_out(action);
    return st.is_ok();
  }

  void schedule_tick() {
    auto due = router_->next_due();
    if (!due) return;
    double t = seconds_since_start(*due);
    if (t < now_) t = now_;
    if (t < tick_scheduled_) {
      tick_scheduled_ = t;
      calendar_.schedule(t, {Ev::kTick, 0, 0});
    }
  }

  void carry_out(const engine::Action& action) {
    if (const auto* offer = std::get_if<engine::OfferWork>(&action)) {
      if (held_item_ != nullptr && offer->item == *held_item_) return;  // see kTaskEnd
      engine::AssignWork start{offer->time, offer->agent, offer->work,
                               offer->item, offer->queue, offer->progress};
      pending_.push_back(
          {engine::OfferAccepted{instant(now_), offer->agent, offer->work}, std::move(start)});
    } else if (const auto* assign = std::get_if<engine::AssignWork>(&action)) {
      kpis_.on_action(action, now_);
      start_work(*assign);
    } else if (const auto* withdraw = std::get_if<engine::WithdrawWork>(&action)) {
      drop_pending_accept(withdraw->agent, withdraw->work);
      kpis_.on_action(action, now_);
      stop_work(withdraw->agent, withdraw->work, std::nullopt);
    } else if (const auto* pause = std::get_if<engine::PauseTask>(&action)) {
      const engine::WorkRef work{engine::WorkKind::kTask, pause->task};
      drop_pending_accept(pause->agent, work);
      kpis_.on_action(action, now_);
      stop_work(pause->agent, work, pause->progress);
    }
  }

  // An offer withdrawn in the same instant it was made (e.g. the agent is recalled to the
  // phones by the same decision round) was never seen by the agent: its simulated accept,
  // still waiting in the dispatch queue, must not be sent (the engine would rightly refuse it).
  void drop_pending_accept(const std::string& agent_id, const engine::WorkRef& work) {
    for (PendingEvent& pe : pending_) {
      const auto* accept = std::get_if<engine::OfferAccepted>(&pe.event);
      if (accept != nullptr && !pe.dropped && accept->agent == agent_id && accept->work == work) {
        pe.dropped = true;
      }
    }
  }

  void start_work(const engine::AssignWork& w) {
    auto a = agent_index_.find(w.agent);
    if (a == agent_index_.end()) return;
    AgentRec& agent = agents_[a->second];
    if (w.work.kind == engine::WorkKind::kContact) {
      auto n = id_number(w.work.id, 'c');
      if (!n || *n >= contacts_.size()) return;
      ContactRec& c = contacts_[*n];
      if (c.state != ContactState::kWaiting) return;  // duplicate assignment: already started
      c.state = ContactState::kInService;
      c.agent = a->second;
      ++c.version;
      hold(a->second);
      const double factor = agent.proficiency[c.queue] > 0 ? agent.proficiency[c.queue] : 1.0;
      calendar_.schedule(now_ + c.handle * factor, {Ev::kContactEnd, *n, c.version});
      return;
    }
    // A task.
    auto [it, inserted] =
        task_index_.try_emplace(w.work.id, static_cast<std::uint32_t>(tasks_.size()));
    if (inserted) {
      TaskRec rec;
      rec.id = w.work.id;
      if (auto n = id_number(w.work.id, 'i'); n && *n < items_.size()) {
        rec.item = static_cast<int>(*n);
        items_[*n].tasks.push_back(it->second);
      }
      auto q = queue_index_.find(w.queue);
      rec.queue = q != queue_index_.end() ? q->second : 0;
      tasks_.push_back(std::move(rec));
    }
    TaskRec& task = tasks_[it->second];
    if (task.running) return;  // duplicate assignment
    if (task.standard < 0) task.standard = draw_task_handle(task);
    task.running = true;
    task.agent = a->second;
    task.started = now_;
    ++task.version;
    hold(a->second);
    const double factor = agent.proficiency[task.queue] > 0 ? agent.proficiency[task.queue] : 1.0;
    const double remaining =
        std::max(0.0, task.standard - static_cast<double>(w.progress.count())) * factor;
    calendar_.schedule(now_ + remaining, {Ev::kTaskEnd, it->second, task.version});
  }

  void stop_work(const std::string& agent_id, const engine::WorkRef& work,
                 std::optional<Seconds> /*progress: the engine keeps it*/) {
    auto a = agent_index_.find(agent_id);
    if (a == agent_index_.end()) return;
    if (work.kind == engine::WorkKind::kContact) {
      auto n = id_number(work.id, 'c');
      if (!n || *n >= contacts_.size()) return;
      ContactRec& c = contacts_[*n];
      if (c.state != ContactState::kInService || c.agent != a->second) return;
      // The contact goes back to waiting (agent logged out mid-call): its clock keeps running.
      c.state = ContactState::kWaiting;
      ++c.version;
      if (std::isfinite(c.patience) && c.arrival + c.patience > now_) {
        calendar_.schedule(c.arrival + c.patience, {Ev::kAbandon, *n, c.version});
      }
      release(a->second);
      after_release(a->second);
      return;
    }
    auto it = task_index_.find(work.id);
    if (it == task_index_.end()) return;
    TaskRec& task = tasks_[it->second];
    if (!task.running || task.agent != a->second) return;
    task.running = false;
    ++task.version;
    release(a->second);
    after_release(a->second);
  }

  double draw_task_handle(const TaskRec& task) {
    RandomStream stream(
        seed_, mix_ids({kTaskStream, static_cast<std::uint64_t>(task.item + 1), fnv1a(task.id)}));
    const bool special = task.id.find_first_of("~!") != std::string::npos;
    if (task.item >= 0) {
      const ItemRec& item = items_[task.item];
      if (item.replay_handle > 0) return item.replay_handle;
      if (item.replay >= 0 && !special) {
        const std::vector<double>& handles = m_.replayed_items[item.replay].step_handle_seconds;
        const int k = step_position(item.process, task.id);
        if (k >= 0 && static_cast<std::size_t>(k) < handles.size()) return handles[k];
      }
      if (item.process >= 0 && task.id.find('~') == std::string::npos) {
        const ProcessStep* step = find_step(item.process, task.id);
        if (step != nullptr && step->handle_time.mean_seconds > 0) {
          return stream.sample(step->handle_time);
        }
      }
    }
    return stream.sample(s_.queues[task.queue].handle_time);
  }

  // The step of a process a task id ("<item>/<step>[~qc|!exc]") names, and its position in
  // the process's steps (stage order, branches in order); nullptr / -1 when unknown.
  std::pair<const ProcessStep*, int> step_of(int process, const std::string& task_id) const {
    if (process < 0) return {nullptr, -1};
    const auto slash = task_id.find('/');
    if (slash == std::string::npos) return {nullptr, -1};
    auto end = task_id.find_first_of("~!", slash + 1);
    if (end == std::string::npos) end = task_id.size();
    const std::string_view step_id(task_id.data() + slash + 1, end - slash - 1);
    int position = 0;
    for (const ProcessStage& stage : s_.processes[process].stages) {
      for (const auto& branch : stage.branches) {
        for (const ProcessStep& step : branch) {
          if (step.id == step_id) return {&step, position};
          ++position;
        }
      }
    }
    return {nullptr, -1};
  }
  const ProcessStep* find_step(int process, const std::string& task_id) const {
    return step_of(process, task_id).first;
  }
  int step_position(int process, const std::string& task_id) const {
    return step_of(process, task_id).second;
  }

  // ---------------------------------------------------------------- work in hand
  void hold(int agent) { ++agents_[agent].held; }
  void release(int agent) {
    AgentRec& a = agents_[agent];
    if (a.held > 0) --a.held;
  }
  void after_release(int agent) {
    AgentRec& a = agents_[agent];
    if (a.held == 0 && a.leaving && a.logged_in) log_out(agent);
  }
  Instant instant(double t) const {
    return m_.start + Seconds(static_cast<long long>(std::floor(t)));
  }
  double seconds_since_start(Instant t) const {
    return static_cast<double>((t - m_.start).count());
  }
  static std::string numbered_id(char prefix, std::uint32_t n) {
    char text[16];
    text[0] = prefix;
    const auto end = std::to_chars(text + 1, text + sizeof text, n).ptr;
    return std::string(text, static_cast<std::size_t>(end - text));
  }
  static std::string contact_id(std::uint32_t n) { return numbered_id('c', n); }
  static std::string item_id(std::uint32_t n) { return numbered_id('i', n); }
  static std::string item_id(int n) { return item_id(static_cast<std::uint32_t>(n)); }

  void collect(ReplicationResult& r) const {
    for (analytics::KpiValue& v : analytics::kpi_values(kpis_.report(end_))) {
      r.kpis.push_back(
          {std::move(v.scope), std::move(v.kpi), v.interval, v.numerator, v.denominator});
    }
    r.kpis.push_back({"workforce", "rejected_events", -1, static_cast<double>(rejected_), 1});
  }

  const SimModel& m_;
  const Scenario& s_;
  std::unique_ptr<Router> router_;
  std::uint64_t seed_;
  std::stop_token stop_;
  analytics::KpiRecorder kpis_;  // every KPI, from the events and actions of the run
  EventCalendar<Payload> calendar_;
  double now_ = 0.0;
  double end_ = 0.0;
  double tick_scheduled_ = kInf;
  std::unordered_map<std::string, int> queue_index_;
  std::unordered_map<std::string, int> agent_index_;
  std::unordered_map<std::string, int> process_index_;
  std::unordered_map<std::string, std::uint32_t> task_index_;
  std::vector<RandomStream> contact_streams_;
  std::vector<int> contact_queue_;  // queue index of each contact source
  std::vector<RandomStream> item_streams_;
  std::vector<ContactRec> contacts_;
  std::vector<ItemRec> items_;
  std::vector<TaskRec> tasks_;
  std::vector<AgentRec> agents_;
  std::vector<PendingEvent> pending_;
  std::vector<engine::Action> actions_, carrying_;
  bool dispatching_ = false;
  const std::string* held_item_ = nullptr;  // its offers are not accepted (see kTaskEnd)
  std::size_t open_contacts_ = 0;
  std::uint64_t events_ = 0, rejected_ = 0, ticks_ = 0, offers_ = 0;
  std::string first_rejection_;
};

}  // namespace

std::uint64_t replication_seed(std::uint64_t seed, int index) {
  return mix_ids({seed, 0x5eedULL, static_cast<std::uint64_t>(index)});
}

Result<ReplicationResult> simulate_replication(const SimModel& model, const RouterFactory& factory,
                                               std::uint64_t seed, int index,
                                               std::stop_token stop) {
  if (Status st = validate_model(model); !st.is_ok()) return st;
  const std::uint64_t rep_seed = replication_seed(seed, index);
  auto router = factory(*model.scenario, model.policy, model.start, rep_seed, model.robot_failures);
  if (!router.is_ok()) return router.status();
  World world(model, std::move(router).value(), rep_seed, std::move(stop));
  ReplicationResult result = world.run();
  result.index = index;
  return result;
}

}  // namespace tandem::sim
