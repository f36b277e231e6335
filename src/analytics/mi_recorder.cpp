// SPDX-License-Identifier: Apache-2.0
#include <algorithm>
#include <cmath>
#include <type_traits>
#include <utility>

#include "analytics/mi.h"
#include "model/scenario.h"

namespace tandem::analytics {

namespace {

enum AgentMode : int { kProductive = 0, kOnBreak = 1, kInMeeting = 2 };

int mode_of(engine::AgentState s) {
  switch (s) {
    case engine::AgentState::kBreak:
    case engine::AgentState::kLunch:
      return kOnBreak;
    case engine::AgentState::kMeeting:
    case engine::AgentState::kTraining:
      return kInMeeting;
    default:
      return kProductive;
  }
}

}  // namespace

MiSettings mi_settings(const Scenario& scenario, Instant from, double length_seconds,
                       double interval_seconds, double short_abandon_seconds) {
  MiSettings s;
  s.kpi = kpi_settings(scenario, from);
  s.kpi.measure_from = 0;
  s.kpi.measure_until = length_seconds;
  s.kpi.interval_seconds = interval_seconds;
  // Absolute intervals over the window (at least one).
  s.kpi.period_seconds =
      std::max(1.0, std::ceil(length_seconds / interval_seconds)) * interval_seconds;
  for (QueueKpiSettings& q : s.kpi.queues) q.short_abandon_seconds = short_abandon_seconds;
  // Standard times: a queue's own mean handle time (+ its after-contact work), else the mean
  // over the process steps of that work type.
  std::unordered_map<std::string, std::pair<double, int>> steps;
  for (const Process& p : scenario.processes) {
    for (const ProcessStep* st : p.steps()) {
      auto& [sum, n] = steps[st->work_type];
      sum += st->handle_time.mean();
      ++n;
    }
  }
  for (const Queue& q : scenario.queues) {
    double standard = q.handle_time.mean();
    if (standard <= 0) {
      auto it = steps.find(q.id);
      if (it != steps.end() && it->second.second > 0) {
        standard = it->second.first / it->second.second;
      }
    }
    s.standard_seconds[q.id] = standard + q.after_contact_seconds;
  }
  for (const Agent& a : scenario.agents) {
    MiAgentSettings m;
    m.id = a.id;
    m.team = a.team;
    if (const Team* t = scenario.find_team(a.team)) m.site = t->site;
    m.robot = a.is_robot();
    for (const Queue& q : scenario.queues) {
      if (a.proficiency(q.skill)) m.queues.push_back(q.id);
    }
    s.agents.push_back(std::move(m));
  }
  return s;
}

MiRecorder::MiRecorder(MiSettings settings) : settings_(std::move(settings)), kpis_(settings_.kpi) {
  until_ = settings_.kpi.measure_until;
  intervals_ = std::max(1, static_cast<int>(std::lround(settings_.kpi.period_seconds /
                                                        settings_.kpi.interval_seconds)));
  const std::size_t nq = settings_.kpi.queues.size();
  for (std::size_t q = 0; q < nq; ++q) {
    queue_index_.emplace(settings_.kpi.queues[q].id, static_cast<int>(q));
    auto it = settings_.standard_seconds.find(settings_.kpi.queues[q].id);
    queue_standard_.push_back(it != settings_.standard_seconds.end() ? it->second : 0.0);
  }
  agent_queues_.resize(settings_.kpi.agents.size());
  for (std::size_t a = 0; a < settings_.kpi.agents.size(); ++a) {
    agent_index_.emplace(settings_.kpi.agents[a].id, static_cast<int>(a));
    AgentMi m;
    m.agent = settings_.kpi.agents[a].id;
    if (a < settings_.agents.size()) {
      const MiAgentSettings& ms = settings_.agents[a];
      m.team = ms.team;
      m.site = ms.site;
      m.robot = ms.robot;
      for (const std::string& q : ms.queues) {
        const int qi = queue_of(q);
        if (qi >= 0) agent_queues_[a].push_back(qi);
      }
    }
    agents_.push_back(std::move(m));
    Books b;
    b.queue_seconds.assign(nq, 0.0);
    books_.push_back(std::move(b));
  }
  queue_by_interval_.assign(nq, std::vector<FrontOfficeMi>(intervals_));
  queue_total_.assign(nq, FrontOfficeMi{});
  queue_busy_.assign(nq, std::vector<double>(intervals_, 0.0));
  queue_skilled_.assign(nq, std::vector<double>(intervals_, 0.0));
  queue_units_.assign(nq, 0.0);
}

double MiRecorder::seconds(Instant t) const {
  return static_cast<double>((t - settings_.kpi.origin).count());
}

void MiRecorder::on_event(const engine::Event& event) {
  on_event(event, seconds(engine::time_of(event)));
}

void MiRecorder::on_actions(std::span<const engine::Action> actions) {
  for (const engine::Action& a : actions) on_action(a, seconds(engine::time_of(a)));
}

void MiRecorder::on_event(const engine::Event& event, double at) {
  kpis_.on_event(event, at);
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, engine::ContactArrived>) {
          const int q = queue_of(e.queue);
          if (q < 0 || contacts_.count(e.contact) != 0) return;
          contacts_.emplace(e.contact, Contact{q, interval_of(at), in_window(at), false, 0});
        } else if constexpr (std::is_same_v<E, engine::ContactAbandoned>) {
          auto it = contacts_.find(e.contact);
          if (it != contacts_.end() && !it->second.answered) contacts_.erase(it);
        } else if constexpr (std::is_same_v<E, engine::ContactEnded>) {
          auto it = contacts_.find(e.contact);
          if (it == contacts_.end()) return;
          const double acw = e.after_contact_work
                                 ? static_cast<double>(e.after_contact_work->count())
                                 : settings_.kpi.queues[it->second.queue].after_contact_seconds;
          stop(e.agent, {engine::WorkKind::kContact, e.contact, 0}, at, true, acw);
        } else if constexpr (std::is_same_v<E, engine::StepDone>) {
          stop(e.agent, {engine::WorkKind::kTask, e.task, 0}, at, true, 0);
        } else if constexpr (std::is_same_v<E, engine::StepFailed> ||
                             std::is_same_v<E, engine::WorkPaused>) {
          stop(e.agent, {engine::WorkKind::kTask, e.task, 0}, at, false, 0);
        } else if constexpr (std::is_same_v<E, engine::OfferAccepted>) {
          start(e.agent, e.work, {}, {}, at);
        } else if constexpr (std::is_same_v<E, engine::AgentLoggedIn>) {
          const int a = agent_of(e.agent);
          if (a >= 0 && !books_[a].logged_in) segment(a, at, kProductive, true);
        } else if constexpr (std::is_same_v<E, engine::AgentLoggedOut>) {
          const int a = agent_of(e.agent);
          if (a >= 0 && books_[a].logged_in) segment(a, at, kProductive, false);
        } else if constexpr (std::is_same_v<E, engine::AgentStateChanged>) {
          const int a = agent_of(e.agent);
          if (a >= 0 && books_[a].logged_in) segment(a, at, mode_of(e.state), true);
        } else if constexpr (std::is_same_v<E, engine::PendingCustomer>) {
          const int i = item_index(e.item);
          if (i >= 0 && items_[i].open && items_[i].pending_since < 0) {
            items_[i].pending_since = at;
          }
        } else if constexpr (std::is_same_v<E, engine::CustomerResponded>) {
          const int i = item_index(e.item);
          if (i >= 0 && items_[i].pending_since >= 0) {
            items_[i].customer_wait += at - items_[i].pending_since;
            items_[i].pending_since = -1;
          }
        } else if constexpr (std::is_same_v<E, engine::ItemCancelled>) {
          // The KpiRecorder closes it itself (on_event above): only this recorder's books.
          const int i = item_index(e.item);
          if (i >= 0 && items_[i].open) {
            items_[i].open = false;
            BackOfficeMi& end = scope_total_[items_[i].scope];
            end.open_end -= 1;
            if (items_[i].held > 0) end.in_work_end -= 1;
          }
        }
      },
      event);
}

void MiRecorder::on_action(const engine::Action& action, double at) {
  kpis_.on_action(action, at);
  if (const auto* offer = std::get_if<engine::OfferWork>(&action)) {
    // An accepted offer names neither item nor queue: remember them from the offer.
    offers_[key(offer->work)] = {offer->item, offer->queue};
  } else if (const auto* assign = std::get_if<engine::AssignWork>(&action)) {
    start(assign->agent, assign->work, assign->item, assign->queue, at);
  } else if (const auto* withdraw = std::get_if<engine::WithdrawWork>(&action)) {
    stop(withdraw->agent, withdraw->work, at, false, 0);
  } else if (const auto* pause = std::get_if<engine::PauseTask>(&action)) {
    stop(pause->agent, {engine::WorkKind::kTask, pause->task, 0}, at, false, 0);
  } else if (const auto* esc = std::get_if<engine::Escalate>(&action)) {
    const int i = item_index(esc->item);
    if (i >= 0 && in_window(at)) {
      scope_total_[items_[i].scope].escalations += 1;
      scope_by_interval_[items_[i].scope][interval_of(at)].escalations += 1;
    }
  }
}

// ---------------------------------------------------------------- work held

void MiRecorder::start(const std::string& agent, const engine::WorkRef& work,
                       const std::string& item, const std::string& queue, double at) {
  const int a = agent_of(agent);
  if (a < 0) return;
  const std::string k = key(work);
  if (held_.count(k) != 0) return;  // already held
  Held h;
  h.agent = a;
  h.since = at;
  if (work.kind == engine::WorkKind::kContact) {
    auto it = contacts_.find(work.id);
    if (it == contacts_.end() || it->second.answered) return;
    it->second.answered = true;
    it->second.answered_at = at;
    h.contact = true;
    h.queue = it->second.queue;
  } else {
    std::string item_id = item, queue_id = queue;
    if (auto o = offers_.find(k); o != offers_.end()) {
      if (item_id.empty()) item_id = o->second.first;
      if (queue_id.empty()) queue_id = o->second.second;
      offers_.erase(o);
    }
    h.queue = queue_of(queue_id);
    h.item = item_index(item_id);
  }
  held_.emplace(k, h);
  Books& b = books_[a];
  if (b.held++ == 0) b.busy_since = at;
  if (h.item >= 0) {
    Item& it = items_[h.item];
    if (it.held++ == 0) {
      it.held_since = at;
      if (it.open) scope_total_[it.scope].in_work_end += 1;
    }
  }
}

void MiRecorder::stop(const std::string& agent, const engine::WorkRef& work, double at, bool done,
                      double acw) {
  const int a = agent_of(agent);
  auto hit = held_.find(key(work));
  if (a < 0 || hit == held_.end() || hit->second.agent != a) return;
  const Held h = hit->second;
  held_.erase(hit);
  Books& b = books_[a];
  AgentMi& am = agents_[a];
  if (b.held > 0 && --b.held == 0) am.busy_seconds += clipped(b.busy_since, at);
  const double span = clipped(h.since, at) + (h.contact ? clipped(at, at + acw) : 0.0);
  if (h.contact) {
    am.busy_seconds += clipped(at, at + acw);  // after-contact work, as the KpiRecorder counts it
    am.phones_seconds += span;
  } else {
    am.back_office_seconds += span;
  }
  if (h.queue >= 0) {
    b.queue_seconds[h.queue] += span;
    add_span(queue_busy_[h.queue], h.since, at + (h.contact ? acw : 0.0));
  }
  if (h.item >= 0) {
    Item& it = items_[h.item];
    b.scope_seconds[it.scope] += span;
    if (it.held > 0 && --it.held == 0) {
      it.work += at - it.held_since;
      if (it.open) scope_total_[it.scope].in_work_end -= 1;
    }
  }
  const bool counts = in_window(at);
  if (done && counts) {
    am.handled += 1;
    if (h.queue >= 0) {
      am.standard_seconds += queue_standard_[h.queue];
      queue_units_[h.queue] += 1;
    }
  }
  if (!h.contact) return;
  auto cit = contacts_.find(work.id);
  if (cit == contacts_.end()) return;
  Contact& c = cit->second;
  if (done) {
    if (c.counted) {
      for (FrontOfficeMi* s :
           {&queue_total_[c.queue], &queue_by_interval_[c.queue][c.arrival_interval]}) {
        s->handled += 1;
        s->handle_seconds += at - c.answered_at + acw;
      }
    }
    contacts_.erase(cit);
  } else {
    // Back in the queue after it was answered (the agent left): a transfer.
    c.answered = false;
    if (c.counted) {
      queue_total_[c.queue].requeued += 1;
      queue_by_interval_[c.queue][c.arrival_interval].requeued += 1;
    }
  }
}

// ---------------------------------------------------------------- staffed time

// Closes the agent's current stretch [since, at) in its mode, then starts the next.
void MiRecorder::segment(int a, double at, int next_mode, bool logged_in) {
  Books& b = books_[a];
  AgentMi& am = agents_[a];
  if (b.logged_in && b.state != kOnBreak) {
    const double s = clipped(b.since, at);
    am.staffed_seconds += s;
    am.cost += s / 3600.0 * settings_.kpi.agents[a].cost_per_hour;
    if (b.state == kProductive) {
      am.productive_seconds += s;
      for (int q : agent_queues_[a]) add_span(queue_skilled_[q], b.since, at);
    }
  }
  b.logged_in = logged_in;
  b.state = next_mode;
  b.since = at;
}

// ---------------------------------------------------------------- back office

void MiRecorder::on_item_received(const ItemReceipt& receipt, double at) {
  kpis_.on_item_received(receipt, at);
  if (item_index_.count(receipt.item) != 0) return;
  Item it;
  it.scope = scope_of(receipt.scope);
  it.received = receipt.received;
  it.due = receipt.due;
  it.counted = in_window(at);
  item_index_.emplace(receipt.item, static_cast<int>(items_.size()));
  items_.push_back(it);
  scope_total_[it.scope].open_end += 1;
  if (it.counted) scope_by_interval_[it.scope][interval_of(at)].received += 1;
}

void MiRecorder::on_item_closed(const std::string& id, bool done, double at) {
  kpis_.on_item_closed(id, done, at);
  const int i = item_index(id);
  if (i < 0 || !items_[i].open) return;
  Item& it = items_[i];
  it.open = false;
  BackOfficeMi& total = scope_total_[it.scope];
  total.open_end -= 1;
  if (it.held > 0) total.in_work_end -= 1;
  if (!done || !it.counted || !in_window(at)) return;
  if (it.pending_since >= 0) it.customer_wait += at - it.pending_since;
  BackOfficeMi& k = scope_by_interval_[it.scope][interval_of(at)];
  for (BackOfficeMi* s : {&total, &k}) {
    s->completed += 1;
    if (at <= it.due) s->completed_on_time += 1;
    s->throughput_seconds += at - it.received;
    s->work_seconds += it.work;
    s->customer_wait_seconds += it.customer_wait;
  }
}

void MiRecorder::on_interval_end(double at) {
  kpis_.on_interval_end(at);
  if (!(at > 0) || at > until_ + 1e-9) return;
  const int k = interval_of(at - 1e-9);
  for (std::size_t s = 0; s < scope_total_.size(); ++s) {
    scope_by_interval_[s][k].open_end = scope_total_[s].open_end;
    scope_by_interval_[s][k].in_work_end = scope_total_[s].in_work_end;
  }
}

// ---------------------------------------------------------------- results

MiReport MiRecorder::report(double end) const {
  // Close the books of agents still staffed and work still held at `end`, on a copy.
  MiRecorder r = *this;
  for (std::size_t a = 0; a < r.books_.size(); ++a) {
    if (r.books_[a].logged_in) r.segment(static_cast<int>(a), end, kProductive, false);
  }
  for (const auto& [k, h] : r.held_) {
    Books& b = r.books_[h.agent];
    AgentMi& am = r.agents_[h.agent];
    const double span = r.clipped(h.since, end);
    (h.contact ? am.phones_seconds : am.back_office_seconds) += span;
    if (h.queue >= 0) {
      b.queue_seconds[h.queue] += span;
      r.add_span(r.queue_busy_[h.queue], h.since, end);
    }
    if (h.item >= 0) b.scope_seconds[r.items_[h.item].scope] += span;
    if (b.held > 0) {
      am.busy_seconds += r.clipped(b.busy_since, end);
      b.held = 0;
    }
  }

  MiReport out;
  out.interval_seconds = settings_.kpi.interval_seconds;
  const KpiReport kr = kpis_.report(end);
  // Front office: the KpiRecorder's sums, with this recorder's handle times and busy time.
  std::size_t kq = 0;
  for (std::size_t q = 0; q < settings_.kpi.queues.size(); ++q) {
    if (!settings_.kpi.queues[q].reported) continue;
    QueueMi m;
    m.queue = settings_.kpi.queues[q].id;
    m.total = r.queue_total_[q];
    m.by_interval = r.queue_by_interval_[q];
    const QueueKpis& k = kr.queues.at(kq++);
    m.total.kpi = k.total;
    for (int i = 0; i < intervals_; ++i) {
      FrontOfficeMi& fi = m.by_interval[i];
      fi.kpi = k.by_interval[i];
      fi.busy_seconds = r.queue_busy_[q][i];
      fi.skilled_seconds = r.queue_skilled_[q][i];
      m.total.busy_seconds += fi.busy_seconds;
      m.total.skilled_seconds += fi.skilled_seconds;
    }
    out.queues.push_back(std::move(m));
  }
  // Back office: the KpiRecorder's scopes (same order: both by first arrival).
  for (std::size_t s = 0; s < r.scope_names_.size(); ++s) {
    ScopeMi m;
    m.scope = r.scope_names_[s];
    m.total = r.scope_total_[s];
    m.by_interval = r.scope_by_interval_[s];
    for (const ScopeKpis& k : kr.scopes) {
      if (k.scope != m.scope) continue;
      m.total.received = k.total.received;
      m.total.completed = k.total.completed;
      m.total.completed_on_time = k.total.completed_on_time;
      m.total.throughput_seconds = k.total.throughput_seconds;
      m.overdue = k.overdue;
    }
    out.scopes.push_back(std::move(m));
  }
  for (const Item& it : r.items_) {
    if (!it.open) continue;
    const double age = end - it.received;
    const double allowed = it.due - it.received;
    int bucket = 0;
    if (end > it.due) {
      bucket = 3;
    } else if (std::isfinite(allowed) && allowed > 0) {
      const double share = age / allowed;
      bucket = share < 0.5 ? 0 : share < 0.75 ? 1 : 2;
    }
    out.scopes[it.scope].ageing[bucket] += 1;
  }
  out.agents = r.agents_;

  // Cost: each agent's time per queue and scope, at its cost per hour (direct) and its whole
  // staffed cost shared in proportion to its work time (loaded).
  const std::size_t nq = settings_.kpi.queues.size();
  std::vector<WorkCostMi> qc(nq), sc(r.scope_names_.size());
  for (std::size_t q = 0; q < nq; ++q) {
    qc[q].scope = settings_.kpi.queues[q].id;
    qc[q].units = r.queue_units_[q];
  }
  for (std::size_t s = 0; s < sc.size(); ++s) {
    sc[s].scope = r.scope_names_[s];
    sc[s].units = r.scope_total_[s].completed;
  }
  for (std::size_t a = 0; a < r.books_.size(); ++a) {
    const Books& b = r.books_[a];
    const AgentMi& am = r.agents_[a];
    const double rate = settings_.kpi.agents[a].cost_per_hour;
    const double worked = am.phones_seconds + am.back_office_seconds;
    if (worked <= 0) {
      out.unallocated_cost += am.cost;
      continue;
    }
    for (std::size_t q = 0; q < nq; ++q) {
      const double t = b.queue_seconds[q];
      qc[q].work_seconds += t;
      qc[q].direct_cost += t / 3600.0 * rate;
      qc[q].loaded_cost += am.cost * t / worked;
    }
    for (const auto& [s, t] : b.scope_seconds) {
      sc[s].work_seconds += t;
      sc[s].direct_cost += t / 3600.0 * rate;
      sc[s].loaded_cost += am.cost * t / worked;
    }
  }
  for (WorkCostMi& c : qc) {
    if (c.units > 0 || c.work_seconds > 0) out.queue_costs.push_back(std::move(c));
  }
  for (WorkCostMi& c : sc) {
    if (c.units > 0 || c.work_seconds > 0) out.scope_costs.push_back(std::move(c));
  }
  return out;
}

// ---------------------------------------------------------------- helpers

// Adds [from, to) clipped to the window to the intervals it overlaps.
void MiRecorder::add_span(std::vector<double>& by_interval, double from, double to) const {
  double lo = std::max(from, 0.0);
  const double hi = std::min(to, until_);
  const double w = settings_.kpi.interval_seconds;
  while (hi > lo) {
    const int k = std::min(static_cast<int>(lo / w), intervals_ - 1);
    const double edge = k == intervals_ - 1 ? hi : std::min(hi, (k + 1) * w);
    by_interval[k] += edge - lo;
    lo = edge;
  }
}

double MiRecorder::clipped(double from, double to) const {
  const double lo = std::max(from, 0.0);
  const double hi = std::min(to, until_);
  return hi > lo ? hi - lo : 0.0;
}

int MiRecorder::interval_of(double t) const { return kpis_.interval_of(t); }

int MiRecorder::queue_of(const std::string& id) const {
  auto it = queue_index_.find(id);
  return it != queue_index_.end() ? it->second : -1;
}

int MiRecorder::agent_of(const std::string& id) const {
  auto it = agent_index_.find(id);
  return it != agent_index_.end() ? it->second : -1;
}

int MiRecorder::item_index(const std::string& id) const {
  auto it = item_index_.find(id);
  return it != item_index_.end() ? it->second : -1;
}

int MiRecorder::scope_of(const std::string& name) {
  for (std::size_t i = 0; i < scope_names_.size(); ++i) {
    if (scope_names_[i] == name) return static_cast<int>(i);
  }
  scope_names_.push_back(name);
  scope_total_.emplace_back();
  scope_by_interval_.emplace_back(intervals_);
  return static_cast<int>(scope_names_.size() - 1);
}

std::string MiRecorder::key(const engine::WorkRef& work) {
  return (work.kind == engine::WorkKind::kContact ? "c:" : "t:") + work.id;
}

}  // namespace tandem::analytics
