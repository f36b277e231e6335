// SPDX-License-Identifier: Apache-2.0
// The handlers of the agent events (log-in and out, state, schedule activity), the offer
// events (accepted, rejected, timed out) and the planning and time events (forecast, capacity,
// clock tick). Every handler validates the event completely before it changes anything.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/internal/rejections.h"
#include "engine/state.h"

namespace tandem::engine::detail {

namespace {

bool is_work_activity(ScheduledActivity a) {
  return a == ScheduledActivity::kPhones || a == ScheduledActivity::kBackOffice ||
         a == ScheduledActivity::kBlended;
}

}  // namespace

Status EngineState::on(const AgentLoggedIn& e) {
  static constexpr const char* kEv = "AgentLoggedIn";
  const Idx agent = find_agent(e.agent);
  if (agent == kNone) return unknown(kEv, "agent", e.agent);
  AgentRec& a = agents[agent];
  if (a.logged_in) {
    return reject(StatusCode::kConflict, kEv, "agent '" + e.agent + "' is already logged in");
  }
  a.logged_in = true;
  ++logged_in_agents;
  a.state = AgentState::kAvailable;
  a.used = 0;
  a.idle_since = now;
  a.mode = natural_mode(a);
  a.mode_since = -kNever;
  reindex_agent(agent);
  for (Idx q : a.rt_queues) mark_blending(q);
  mark_agent(agent);
  return Status::ok();
}

Status EngineState::on(const AgentLoggedOut& e) {
  static constexpr const char* kEv = "AgentLoggedOut";
  const Idx agent = find_agent(e.agent);
  if (agent == kNone) return unknown(kEv, "agent", e.agent);
  AgentRec& a = agents[agent];
  if (!a.logged_in)
    return reject(StatusCode::kConflict, kEv, "agent '" + e.agent + "' is not logged in");
  release_agent_work(agent, /*logging_out=*/true);
  a.logged_in = false;
  --logged_in_agents;
  a.state = AgentState::kAvailable;
  reindex_agent(agent);
  for (Idx q : a.rt_queues) mark_blending(q);
  return Status::ok();
}

Status EngineState::on(const AgentStateChanged& e) {
  static constexpr const char* kEv = "AgentStateChanged";
  const Idx agent = find_agent(e.agent);
  if (agent == kNone) return unknown(kEv, "agent", e.agent);
  AgentRec& a = agents[agent];
  if (!a.logged_in)
    return reject(StatusCode::kConflict, kEv, "agent '" + e.agent + "' is not logged in");
  if (a.state == e.state) return Status::ok();
  const bool was_available = a.state == AgentState::kAvailable;
  a.state = e.state;
  if (was_available) {
    reindex_agent(agent);
    release_agent_work(agent, /*logging_out=*/false);
  } else if (e.state == AgentState::kAvailable) {
    a.idle_since = now;
    reindex_agent(agent);
    mark_agent(agent);
  }
  for (Idx q : a.rt_queues) mark_blending(q);
  return Status::ok();
}

Status EngineState::on(const ScheduleActivityStarted& e) {
  static constexpr const char* kEv = "ScheduleActivityStarted";
  const Idx agent = find_agent(e.agent);
  if (agent == kNone) return unknown(kEv, "agent", e.agent);
  if (e.until < e.time) {
    return reject(StatusCode::kInvalidArgument, kEv,
                  "agent '" + e.agent + "': the activity ends before it starts");
  }
  AgentRec& a = agents[agent];
  a.activity = e.activity;
  a.activity_until = to_time(e.until);
  if (a.logged_in) {
    a.mode = natural_mode(a);
    if (!is_work_activity(e.activity)) {
      // Nothing new is offered; offers are withdrawn, work in progress continues.
      const std::vector<WorkHandle> works = a.works;
      for (const WorkHandle& w : works) {
        const Place place =
            w.kind == WorkKind::kContact ? contacts[w.idx].place : tasks[w.idx].place;
        if (place != Place::kOffered) continue;
        out->push_back(
            WithdrawWork{to_instant(now), a.id, work_ref(w), WithdrawReason::kAgentUnavailable});
        take_back(agent, w);
        if (w.kind == WorkKind::kContact) {
          enqueue_contact(w.idx);
          mark_queue(contacts[w.idx].queue);
        } else {
          requeue_task(w.idx);
        }
      }
    }
    reindex_agent(agent);
    mark_agent(agent);
    for (Idx q : a.rt_queues) mark_blending(q);
  }
  return Status::ok();
}

// ---------------------------------------------------------------- offers

Status EngineState::on(const OfferAccepted& e) {
  static constexpr const char* kEv = "OfferAccepted";
  const Idx agent = find_agent(e.agent);
  if (agent == kNone) return unknown(kEv, "agent", e.agent);
  if (e.work.kind == WorkKind::kContact) {
    const Idx c = find_contact(e.work.id);
    if (c == kNone) return unknown(kEv, "contact", e.work.id);
    ContactRec& rec = contacts[c];
    if (rec.place != Place::kOffered || rec.agent != agent) {
      return reject(StatusCode::kConflict, kEv,
                    "contact '" + e.work.id + "' is not offered to agent '" + e.agent + "'");
    }
    rec.place = Place::kAssigned;
    rec.since = now;
    ++rec.gen;
    if (rec.customer != kNone) {
      journey(rec.customer, JourneyKind::kContactAnswered, rec.id, agents[agent].id);
    }
    return Status::ok();
  }
  const Idx t = find_task(e.work.id, e.work.handle);
  if (t == kNone) return unknown(kEv, "open task", e.work.id);
  TaskRec& task = tasks[t];
  if (task.place != Place::kOffered || task.agent != agent) {
    return reject(StatusCode::kConflict, kEv,
                  "task '" + e.work.id + "' is not offered to agent '" + e.agent + "'");
  }
  task.place = Place::kAssigned;
  task.since = now;
  ++task.gen;
  history(task.item, HistoryKind::kAssigned, agent, t);
  return Status::ok();
}

Status EngineState::offer_declined(const std::string& agent_id, const WorkRef& work, bool expired,
                                   const char* kEv) {
  const Idx agent = find_agent(agent_id);
  if (agent == kNone) return unknown(kEv, "agent", agent_id);
  WorkHandle w{work.kind, kNone};
  if (work.kind == WorkKind::kContact) {
    w.idx = find_contact(work.id);
    if (w.idx == kNone) return unknown(kEv, "contact", work.id);
    const ContactRec& rec = contacts[w.idx];
    if (rec.place != Place::kOffered || rec.agent != agent) {
      return reject(StatusCode::kConflict, kEv,
                    "contact '" + work.id + "' is not offered to agent '" + agent_id + "'");
    }
  } else {
    w.idx = find_task(work.id, work.handle);
    if (w.idx == kNone) return unknown(kEv, "open task", work.id);
    const TaskRec& task = tasks[w.idx];
    if (task.place != Place::kOffered || task.agent != agent) {
      return reject(StatusCode::kConflict, kEv,
                    "task '" + work.id + "' is not offered to agent '" + agent_id + "'");
    }
  }
  take_back(agent, w);
  if (w.kind == WorkKind::kContact) {
    enqueue_contact(w.idx);
    mark_queue(contacts[w.idx].queue);
  } else {
    history(tasks[w.idx].item, expired ? HistoryKind::kOfferExpired : HistoryKind::kOfferRejected,
            agent, w.idx);
    requeue_task(w.idx);
  }
  AgentRec& a = agents[agent];
  if (policy.not_ready_on_reject && a.state == AgentState::kAvailable) {
    a.state = AgentState::kNotReady;
    out->push_back(
        SetNotReady{to_instant(now), a.id, expired ? "offer expired" : "offer rejected"});
    reindex_agent(agent);
    release_agent_work(agent, /*logging_out=*/false);
    for (Idx q : a.rt_queues) mark_blending(q);
  } else {
    // Not offered the same work again at once: the queue goes to the next agent first.
    skip_agent = agent;
    skip_work = w;
    settle();
    skip_agent = kNone;
    skip_work = WorkHandle{};
    mark_agent(agent);
  }
  return Status::ok();
}

Status EngineState::on(const OfferRejected& e) {
  return offer_declined(e.agent, e.work, false, "OfferRejected");
}

Status EngineState::on(const OfferTimedOut& e) {
  return offer_declined(e.agent, e.work, true, "OfferTimedOut");
}

// ---------------------------------------------------------------- planning and time

Status EngineState::on(const ForecastUpdated& e) {
  static constexpr const char* kEv = "ForecastUpdated";
  auto q = queue_index.find(e.queue);
  if (q == queue_index.end()) return unknown(kEv, "queue", e.queue);
  if (!queues[q->second].real_time) {
    return reject(StatusCode::kInvalidArgument, kEv, "queue '" + e.queue + "' is not real-time");
  }
  if (e.interval_length.count() <= 0 || !(e.volume >= 0.0) || !std::isfinite(e.volume) ||
      !(e.aht_seconds >= 0.0) || !std::isfinite(e.aht_seconds)) {
    return reject(StatusCode::kInvalidArgument, kEv,
                  "queue '" + e.queue + "': interval_length > 0, volume >= 0 and aht >= 0 needed");
  }
  auto& forecast = queues[q->second].forecast;
  forecast[to_time(e.interval_start)] =
      ForecastInterval{e.interval_length.count(), e.volume, e.aht_seconds};
  // Intervals already over are never read again (blending reads now and the intervals ahead).
  while (forecast.size() > 1 && forecast.begin()->first + forecast.begin()->second.length <= now) {
    forecast.erase(forecast.begin());
  }
  mark_blending(q->second);
  return Status::ok();
}

Status EngineState::on(const CapacityPlanned& e) {
  static constexpr const char* kEv = "CapacityPlanned";
  auto q = queue_index.find(e.queue);
  if (q == queue_index.end()) return unknown(kEv, "queue", e.queue);
  if (!(e.agents >= 0.0) || !std::isfinite(e.agents)) {
    return reject(StatusCode::kInvalidArgument, kEv, "agents must be finite and >= 0");
  }
  queues[q->second].planned_capacity = e.agents;
  return Status::ok();
}

Status EngineState::on(const ClockTick&) {
  for (Idx q : rt_queue_list) mark_blending(q);
  return Status::ok();
}

}  // namespace tandem::engine::detail
