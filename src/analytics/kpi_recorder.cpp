// SPDX-License-Identifier: Apache-2.0
#include "analytics/kpi_recorder.h"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <utility>

namespace tandem::analytics {

namespace {

// An ETA counts as met when the item completed by it (1 s slack: the engine's whole seconds),
// and as within the tolerance when |error| <= kEtaTolerance x the predicted lead time.
constexpr double kEtaTolerance = 0.25;
// A contact answered at its SLA's target counts as answered in time, whatever the rounding.
constexpr double kTargetSlack = 1e-9;

}  // namespace

KpiRecorder::KpiRecorder(KpiSettings settings) : settings_(std::move(settings)) {
  intervals_ = std::max(
      1, static_cast<int>(std::lround(settings_.period_seconds / settings_.interval_seconds)));
  for (const QueueKpiSettings& q : settings_.queues) {
    queue_index_.emplace(q.id, static_cast<int>(queue_index_.size()));
  }
  for (const AgentKpiSettings& a : settings_.agents) {
    agent_index_.emplace(a.id, static_cast<int>(agent_index_.size()));
  }
  agents_.resize(settings_.agents.size());
  queue_total_.resize(settings_.queues.size());
  queue_interval_.assign(settings_.queues.size(), std::vector<FrontOfficeSums>(intervals_));
}

void KpiRecorder::on_event(const engine::Event& event) {
  on_event(event, seconds(engine::time_of(event)));
}

void KpiRecorder::on_event(const engine::Event& event, double at) {
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, engine::ContactArrived>) {
          auto q = queue_index_.find(e.queue);
          if (q == queue_index_.end()) return;
          Contact c;
          c.queue = q->second;
          c.arrival = at;
          c.counted = at >= settings_.measure_from;
          if (!contacts_.try_emplace(e.contact, c).second) return;  // a duplicate id
          if (c.counted) {
            queue_total_[c.queue].offered += 1;
            queue_interval_[c.queue][interval_of(at)].offered += 1;
          }
        } else if constexpr (std::is_same_v<E, engine::ContactAbandoned>) {
          auto it = contacts_.find(e.contact);
          if (it == contacts_.end() || it->second.state != ContactState::kWaiting) return;
          const Contact c = it->second;
          contacts_.erase(it);
          if (!c.counted) return;
          const double wait = at - c.arrival;
          const bool is_short = wait < settings_.queues[c.queue].short_abandon_seconds;
          for (FrontOfficeSums* s :
               {&queue_total_[c.queue], &queue_interval_[c.queue][interval_of(c.arrival)]}) {
            s->abandoned += 1;
            if (is_short) s->short_abandoned += 1;
          }
        } else if constexpr (std::is_same_v<E, engine::ContactEnded>) {
          contact_ended(e, at);
        } else if constexpr (std::is_same_v<E, engine::StepDone> ||
                             std::is_same_v<E, engine::StepFailed>) {
          task_finished(e.task, at);
        } else if constexpr (std::is_same_v<E, engine::WorkPaused>) {
          stop_work(e.agent, {engine::WorkKind::kTask, e.task}, at);
        } else if constexpr (std::is_same_v<E, engine::OfferAccepted>) {
          start_work(e.agent, e.work, at);
        } else if constexpr (std::is_same_v<E, engine::AgentLoggedIn>) {
          const int a = agent_of(e.agent);
          if (a < 0 || agents_[a].logged_in) return;
          AgentBooks& books = agents_[a];
          books.logged_in = true;
          books.on_break = false;
          books.staffed_since = at;
        } else if constexpr (std::is_same_v<E, engine::AgentLoggedOut>) {
          logged_out(e.agent, at);
        } else if constexpr (std::is_same_v<E, engine::AgentStateChanged>) {
          agent_state(e, at);
        } else if constexpr (std::is_same_v<E, engine::ItemCancelled>) {
          on_item_closed(e.item, false, at);
        }
      },
      event);
}

void KpiRecorder::on_action(const engine::Action& action, double at) {
  if (const auto* assign = std::get_if<engine::AssignWork>(&action)) {
    start_work(assign->agent, assign->work, at);
  } else if (const auto* withdraw = std::get_if<engine::WithdrawWork>(&action)) {
    stop_work(withdraw->agent, withdraw->work, at);
  } else if (const auto* pause = std::get_if<engine::PauseTask>(&action)) {
    stop_work(pause->agent, {engine::WorkKind::kTask, pause->task}, at);
  }
}

void KpiRecorder::on_actions(std::span<const engine::Action> actions) {
  for (const engine::Action& a : actions) on_action(a, seconds(engine::time_of(a)));
}

// ---------------------------------------------------------------- work held by agents

void KpiRecorder::start_work(const std::string& agent, const engine::WorkRef& work, double at) {
  const int a = agent_of(agent);
  if (a < 0) return;
  if (work.kind == engine::WorkKind::kContact) {
    auto it = contacts_.find(work.id);
    // Not waiting: a duplicate assignment (already answered) or a contact that left.
    if (it == contacts_.end() || it->second.state != ContactState::kWaiting) return;
    Contact& c = it->second;
    c.state = ContactState::kInService;
    c.agent = a;
    if (c.counted) {
      const double wait = at - c.arrival;
      const bool in_target = wait <= settings_.queues[c.queue].answer_within_seconds + kTargetSlack;
      for (FrontOfficeSums* s :
           {&queue_total_[c.queue], &queue_interval_[c.queue][interval_of(c.arrival)]}) {
        s->answered += 1;
        s->wait_seconds += wait;
        if (in_target) s->answered_in_target += 1;
      }
    }
    hold(a, at);
    return;
  }
  if (!tasks_.try_emplace(work.id, Task{a}).second) return;  // already running
  hold(a, at);
}

void KpiRecorder::stop_work(const std::string& agent, const engine::WorkRef& work, double at) {
  const int a = agent_of(agent);
  if (a < 0) return;
  if (work.kind == engine::WorkKind::kContact) {
    auto it = contacts_.find(work.id);
    if (it == contacts_.end() || it->second.state != ContactState::kInService ||
        it->second.agent != a) {
      return;
    }
    // Back to waiting (the agent left mid-contact): its wait keeps running from its arrival.
    it->second.state = ContactState::kWaiting;
    release(a, at);
    return;
  }
  auto it = tasks_.find(work.id);
  if (it == tasks_.end() || it->second.agent != a) return;
  tasks_.erase(it);
  release(a, at);
}

void KpiRecorder::contact_ended(const engine::ContactEnded& e, double at) {
  auto it = contacts_.find(e.contact);
  if (it == contacts_.end() || it->second.state != ContactState::kInService) return;
  const int a = it->second.agent;
  const int q = it->second.queue;
  contacts_.erase(it);
  // After-contact work is busy time (clipped to the measured window like the rest).
  const double acw = e.after_contact_work ? static_cast<double>(e.after_contact_work->count())
                                          : settings_.queues[q].after_contact_seconds;
  workforce_.busy_seconds += clipped(at, at + acw);
  release(a, at);
}

void KpiRecorder::task_finished(const std::string& task, double at) {
  auto it = tasks_.find(task);
  if (it == tasks_.end()) return;
  const int a = it->second.agent;
  tasks_.erase(it);
  release(a, at);
}

void KpiRecorder::hold(int agent, double at) {
  AgentBooks& a = agents_[agent];
  if (a.held++ == 0) a.busy_since = at;
}

void KpiRecorder::release(int agent, double at) {
  AgentBooks& a = agents_[agent];
  if (a.held > 0 && --a.held == 0) workforce_.busy_seconds += clipped(a.busy_since, at);
}

// ---------------------------------------------------------------- staffed time

void KpiRecorder::agent_state(const engine::AgentStateChanged& e, double at) {
  const int a = agent_of(e.agent);
  if (a < 0) return;
  AgentBooks& books = agents_[a];
  if (!books.logged_in) return;
  const bool to_break =
      e.state == engine::AgentState::kBreak || e.state == engine::AgentState::kLunch;
  if (to_break && !books.on_break) {
    add_staffed(a, books.staffed_since, at, workforce_);
    books.on_break = true;
  } else if (!to_break && books.on_break) {
    books.on_break = false;
    books.staffed_since = at;
  }
}

void KpiRecorder::logged_out(const std::string& agent, double at) {
  const int a = agent_of(agent);
  if (a < 0 || !agents_[a].logged_in) return;
  AgentBooks& books = agents_[a];
  if (!books.on_break) add_staffed(a, books.staffed_since, at, workforce_);
  books.logged_in = books.on_break = false;
}

void KpiRecorder::add_staffed(int agent, double from, double to, WorkforceSums& into) const {
  const double s = clipped(from, to);
  into.staffed_seconds += s;
  into.cost += s / 3600.0 * settings_.agents[agent].cost_per_hour;
}

// ---------------------------------------------------------------- back office

void KpiRecorder::on_item_received(const ItemReceipt& receipt, double at) {
  Item item;
  item.scope = scope_of(receipt.scope);
  item.received = receipt.received;
  item.due = receipt.due;
  item.eta = receipt.eta;
  item.logged_completion = receipt.logged_completion;
  item.counted = at >= settings_.measure_from;
  if (!items_.try_emplace(receipt.item, std::move(item)).second) return;  // a duplicate id
  Scope& scope = scopes_[items_.at(receipt.item).scope];
  ++scope.open;
  if (at >= settings_.measure_from) scope.sums.received += 1;
}

bool KpiRecorder::tracks_eta(const std::string& item) const {
  auto it = items_.find(item);
  return it != items_.end() && it->second.counted && std::isfinite(it->second.eta);
}

void KpiRecorder::on_eta_update(const std::string& item, double predicted) {
  auto it = items_.find(item);
  if (it == items_.end() || !it->second.counted || !std::isfinite(it->second.eta)) return;
  it->second.eta_updates.push_back(predicted);
}

void KpiRecorder::on_item_closed(const std::string& id, bool done, double at) {
  auto it = items_.find(id);
  if (it == items_.end()) return;
  const Item item = std::move(it->second);
  items_.erase(it);
  Scope& scope = scopes_[item.scope];
  --scope.open;
  if (!item.counted || !done) return;
  BackOfficeSums& st = scope.sums;
  st.completed += 1;
  st.throughput_seconds += at - item.received;
  if (at <= item.due) st.completed_on_time += 1;
  if (!std::isnan(item.logged_completion)) {
    st.logged += 1;
    st.logged_throughput_seconds += item.logged_completion - item.received;
  }
  record_eta(item, at);
}

void KpiRecorder::record_eta(const Item& item, double at) {
  if (!std::isfinite(item.eta)) return;
  Scope& scope = scopes_[item.scope];
  const double error = at - item.eta;
  const double lead = std::max(item.eta - item.received, 0.0);
  for (EtaSums* st : {&scope.eta, &scope.eta_by_interval[interval_of(item.received)]}) {
    st->items += 1;
    st->abs_error += std::fabs(error);
    st->error += error;
    if (error <= 1.0) st->met += 1;
    if (std::fabs(error) <= kEtaTolerance * lead + 1.0) st->within += 1;
    for (double predicted : item.eta_updates) {
      st->updates += 1;
      st->update_abs_error += std::fabs(at - predicted);
    }
  }
}

void KpiRecorder::on_interval_end(double at) {
  if (!(at > settings_.measure_from)) return;
  // The interval that ends here (a boundary belongs to the interval after it).
  const int k = interval_of(at - 1e-9);
  for (std::size_t sc = 0; sc < scopes_.size(); ++sc) {
    backlog_.push_back({static_cast<int>(sc), k, static_cast<double>(scopes_[sc].open)});
  }
}

// ---------------------------------------------------------------- results

KpiReport KpiRecorder::report(double end) const {
  KpiReport r;
  // Close the books of agents still logged in / busy at the end.
  r.workforce = workforce_;
  for (std::size_t a = 0; a < agents_.size(); ++a) {
    const AgentBooks& books = agents_[a];
    if (books.logged_in && !books.on_break) {
      add_staffed(static_cast<int>(a), books.staffed_since, end, r.workforce);
    }
    if (books.held > 0) r.workforce.busy_seconds += clipped(books.busy_since, end);
  }
  for (std::size_t q = 0; q < settings_.queues.size(); ++q) {
    if (!settings_.queues[q].reported) continue;
    r.queues.push_back({settings_.queues[q].id, queue_total_[q], queue_interval_[q]});
  }
  for (std::size_t sc = 0; sc < scopes_.size(); ++sc) {
    const Scope& s = scopes_[sc];
    r.scopes.push_back(
        {scope_names_[sc], s.sums, static_cast<double>(s.open), 0.0, s.eta, s.eta_by_interval});
  }
  // Open items already past due at the end count as misses of their SLA.
  for (const auto& [id, item] : items_) {
    if (item.counted && item.due < end) r.scopes[item.scope].overdue += 1;
  }
  r.backlog = backlog_;
  return r;
}

// ---------------------------------------------------------------- helpers

int KpiRecorder::scope_of(const std::string& name) {
  for (std::size_t i = 0; i < scope_names_.size(); ++i) {
    if (scope_names_[i] == name) return static_cast<int>(i);
  }
  scope_names_.push_back(name);
  Scope scope;
  scope.eta_by_interval.resize(intervals_);
  scopes_.push_back(std::move(scope));
  return static_cast<int>(scope_names_.size() - 1);
}

int KpiRecorder::agent_of(const std::string& id) const {
  auto it = agent_index_.find(id);
  return it != agent_index_.end() ? it->second : -1;
}

int KpiRecorder::interval_of(double t) const {
  const double in_period = std::fmod(std::max(t, 0.0), settings_.period_seconds);
  const int k = static_cast<int>(in_period / settings_.interval_seconds);
  return std::clamp(k, 0, intervals_ - 1);
}

// The part of [from, to) inside the measured window [measure_from, measure_until].
double KpiRecorder::clipped(double from, double to) const {
  const double lo = std::max(from, settings_.measure_from);
  const double hi = std::min(to, settings_.measure_until);
  return hi > lo ? hi - lo : 0.0;
}

double KpiRecorder::seconds(Instant t) const {
  return static_cast<double>((t - settings_.origin).count());
}

}  // namespace tandem::analytics
