// SPDX-License-Identifier: Apache-2.0
// Blending control: how many agents stay on the phones for each real-time queue.
//
//   rate      = max(smoothed rate, this interval's arrivals so far / interval length,
//                   the forecast's rate for the current interval)            [per second]
//   erlang    = staffing::required_agents(rate, AHT + ACW, patience, concurrency; the SLA's
//               service level, ASA and abandonment targets): Erlang A when the queue's patience
//               is known, else Erlang C
//   target    = erlang + Policy::phone_margin_agents
//               + contacts waiting longer than the SL threshold (a spike)
//   phones    = agents on the phones holding the queue, one holding k real-time queues counting
//               1/k (a shared agent is not counted twice)
//   recall    when phone agents < target (pausing pausable tasks per Policy::recall_mode)
//   release   when phone agents > target + Policy::hysteresis_agents, down to the target, never
//             an agent recalled less than one interval ago, never below any target it holds;
//             first the agents who hold the deferrable queues with the most urgent waiting work
//             (queue heads by priority, slack, age; at most one agent per waiting item), then
//             the others, idle first, longest on the phones first
//   recall    order: idle first, then agents whose work is pausable (paused) or only offered
//             (withdrawn), then the others; in each, lowest item priority held first, then
//             longest released first
// The smoothed rate is an exponential moving average per interval with weight
// Policy::arrival_smoothing on the newest interval.
#include <algorithm>
#include <cmath>

#include "engine/state.h"
#include "staffing/erlang.h"
#include "staffing/staffing.h"

namespace tandem::engine::detail {

AgentMode EngineState::natural_mode(const AgentRec& a) const {
  if (a.robot) return AgentMode::kBackOffice;
  // Siloed: the agent's department decides (front office: contacts; back office: processes).
  if (!policy.blending) return a.back_office_team ? AgentMode::kBackOffice : AgentMode::kPhones;
  if (a.activity == ScheduledActivity::kPhones) return AgentMode::kPhones;
  if (a.activity == ScheduledActivity::kBackOffice) return AgentMode::kBackOffice;
  if (a.rt_queues.empty()) return AgentMode::kBackOffice;
  if (a.office_queues.empty()) return AgentMode::kPhones;
  if (!policy.blending) return AgentMode::kPhones;
  return a.logged_in ? a.mode : AgentMode::kPhones;
}

void EngineState::roll_intervals(Time t) {
  const double alpha = policy.arrival_smoothing;
  if (interval_start + interval_seconds > t) return;
  for (Idx q : rt_queue_list) {
    QueueInfo& queue = queues[q];
    const double observed = static_cast<double>(queue.interval_count) / interval_seconds;
    queue.smoothed_rate = alpha * observed + (1.0 - alpha) * queue.smoothed_rate;
    queue.interval_count = 0;
  }
  interval_start += interval_seconds;
  const Time empty = (t - interval_start) / interval_seconds;  // further intervals, no arrivals
  if (empty > 0) {
    const double decay = std::pow(1.0 - alpha, static_cast<double>(empty));
    for (Idx q : rt_queue_list) queues[q].smoothed_rate *= decay;
    interval_start += empty * interval_seconds;
  }
}

double EngineState::effective_rate(const QueueInfo& q) const {
  double rate = std::max(q.smoothed_rate, static_cast<double>(q.interval_count) /
                                              static_cast<double>(interval_seconds));
  if (!q.forecast.empty()) {
    auto it = q.forecast.upper_bound(now);
    if (it != q.forecast.begin()) {
      --it;
      if (now < it->first + it->second.length) {
        rate = std::max(rate, it->second.volume / static_cast<double>(it->second.length));
      }
    }
  }
  return rate;
}

namespace {

// The staffing module's agents for the queue's SLA at `rate` (per second) and `handle` seconds.
int required_need(const QueueInfo& queue, double rate, double handle) {
  staffing::QueueLoad load;
  load.arrivals_per_second = rate;
  load.aht_seconds = handle;
  load.patience_seconds = queue.patience_seconds;
  load.concurrency = queue.concurrency;
  int value = 0;
  if (auto m = staffing::required_agents(load, queue.staffing_targets); m.is_ok()) {
    value = m->agents;
  } else if (auto need = staffing::erlang_c_agents_for_service_level(
                 load.arrivals_per_second, handle,
                 queue.staffing_targets.service_level.value_or(0.8), queue.sl_seconds);
             need.is_ok()) {
    value = (*need + queue.concurrency - 1) / queue.concurrency;
  }
  return value;
}

}  // namespace

// The staffing module's answer is memoised per queue on a grid of the rate (0.1 % steps,
// evaluated at the top of each step, so the answer is never below the exact one) and the AHT in
// whole seconds. Targets it cannot meet fall back to the service level alone (Erlang C).
int EngineState::erlang_need(Idx q, double rate, double aht) const {
  if (!(rate > 0.0)) return 0;
  const QueueInfo& queue = queues[q];
  const double handle = aht > 0 ? aht : queue.aht_seconds + queue.acw_seconds;
  // The cache holds the current-rate question only (the forecast look-ahead asks others).
  const bool current = !(aht > 0);
  if (current && rate == queue.last_need_rate) return queue.last_need;
  const auto bucket = static_cast<std::int64_t>(std::ceil(std::log(rate) * 1000.0));
  const auto key = std::make_pair(bucket, static_cast<std::int64_t>(std::llround(handle)));
  int value = 0;
  if (auto it = queue.erlang_memo.find(key); it != queue.erlang_memo.end()) {
    value = it->second;
  } else {
    value = required_need(queue, std::exp(static_cast<double>(bucket) / 1000.0), handle);
    queue.erlang_memo.emplace(key, value);
  }
  if (current) {
    queue.last_need_rate = rate;
    queue.last_need = value;
  }
  return value;
}

void EngineState::recall(Idx agent, Idx q) {
  AgentRec& a = agents[agent];
  a.mode = AgentMode::kPhones;
  a.mode_since = now;
  out->push_back(RecallToPhones{to_instant(now), a.id, queues[q].id});
  const std::vector<WorkHandle> works = a.works;
  for (const WorkHandle& w : works) {
    if (w.kind != WorkKind::kTask) continue;
    TaskRec& t = tasks[w.idx];
    if (t.place == Place::kOffered) {
      out->push_back(WithdrawWork{to_instant(now), a.id, WorkRef{WorkKind::kTask, task_id(w.idx)},
                                  WithdrawReason::kAgentUnavailable});
      take_back(agent, w);
      requeue_task(w.idx);
    } else if (t.place == Place::kAssigned && queues[t.queue].pausable &&
               policy.recall_mode == RecallMode::kPauseTask) {
      pause_held_task(agent, w, PauseReason::kRecallToPhones);
    }
  }
  reindex_agent(agent);
  mark_agent(agent);
}

void EngineState::release(Idx agent) {
  AgentRec& a = agents[agent];
  a.mode = AgentMode::kBackOffice;
  a.mode_since = now;
  out->push_back(ReleaseToBackOffice{to_instant(now), a.id});
  reindex_agent(agent);
  mark_agent(agent);
}

void EngineState::evaluate_blending(Idx q) {
  QueueInfo& queue = queues[q];
  const int erlang = erlang_need(q, effective_rate(queue), 0.0);
  int spike = 0;
  if (!queue.human.empty()) {
    const Time oldest = contacts[queue.human.begin()->work].arrived;
    if (static_cast<double>(now - oldest) >= queue.sl_seconds) {
      spike = static_cast<int>(queue.human.size());
    }
  }
  const double target = erlang + policy.phone_margin_agents + spike;
  queue.target = static_cast<int>(std::ceil(target - 1e-9));
  const double phones = static_cast<double>(queue.phone_share) / static_cast<double>(kPhoneShare);
  // The usable chunk of released agents ends where the forecast needs more agents on the phones.
  queue.forecast_rise_at = kNever;
  if (!queue.forecast.empty()) {
    auto it = queue.forecast.upper_bound(now);
    for (int k = 0; it != queue.forecast.end() && k < 8; ++it, ++k) {
      const double rate = it->second.volume / static_cast<double>(it->second.length);
      const int need = erlang_need(q, rate, it->second.aht_seconds);
      if (need + policy.phone_margin_agents > phones) {
        queue.forecast_rise_at = it->first;
        break;
      }
    }
  }
  if (!policy.blending) return;
  const auto target_share = static_cast<std::int64_t>(std::ceil(target * kPhoneShare - 1e-6));
  if (queue.phone_share < target_share) {
    while (queue.phone_share < target_share && !queue.office_blended.empty()) {
      const Idx agent = queue.office_blended.begin()->agent;
      recall(agent, q);  // moves the agent out of office_blended
    }
    return;
  }
  if (phones > target + policy.hysteresis_agents) {
    // In agents, as if each counted one half (most agents hold one or two real-time queues);
    // release_from never takes a queue below its target, so this only bounds the work.
    int surplus =
        std::min(queue.phone_count, static_cast<int>(std::ceil(2.0 * (phones - target) - 1e-9)));
    // Nobody to release if the longest on the phones of the idle and of the busy agents are
    // both within their dwell time (O(log N), saves the scans below on every event).
    const Time latest = now - interval_seconds;
    auto busy = queue.phone_blended.lower_bound(BlendKey{1, -kNever - 1, 0});
    const bool idle_ok =
        queue.phone_blended.begin() != busy && queue.phone_blended.begin()->since <= latest;
    const bool busy_ok = busy != queue.phone_blended.end() && busy->since <= latest;
    if (!idle_ok && !busy_ok) return;
    // (1) The agents who can take the most urgent waiting deferrable work, one agent per waiting
    // item at most, queue by queue in the order of their head items (priority, slack, age).
    std::vector<std::pair<QueueKey, Idx>>& urgent = blend_urgent;
    urgent.clear();
    for (std::size_t e = 0; e < queue.blend_office_queues.size(); ++e) {
      const QueueSet& waiting = queues[queue.blend_office_queues[e]].human;
      if (!waiting.empty() && !queue.phone_blended_by_office[e].empty()) {
        urgent.emplace_back(*waiting.begin(), static_cast<Idx>(e));
      }
    }
    std::sort(urgent.begin(), urgent.end());
    for (const auto& [head, e] : urgent) {
      if (surplus <= 0) break;
      const auto waiting = static_cast<int>(std::min<std::size_t>(
          queues[queue.blend_office_queues[e]].human.size(), static_cast<std::size_t>(surplus)));
      surplus -= release_from(queue.phone_blended_by_office[e], waiting);
    }
    // (2) Then the others, idle first, longest on the phones first.
    if (surplus > 0) release_from(queue.phone_blended, surplus);
  }
}

int EngineState::release_from(const BlendSet& set, int count) {
  std::vector<Idx>& candidates = blend_candidates;  // a snapshot: releasing changes the set
  candidates.clear();
  for (auto it = set.begin(); it != set.end() && static_cast<int>(candidates.size()) < count + 32;
       ++it) {
    candidates.push_back(it->agent);
  }
  int released = 0;
  for (Idx agent : candidates) {
    if (released >= count) break;
    const AgentRec& a = agents[agent];
    if (a.mode != AgentMode::kPhones) continue;           // released by an earlier entry
    if (a.mode_since + interval_seconds > now) continue;  // recalled recently: dwell
    // Never below the target of any real-time queue the agent holds (this one included).
    bool targets_kept = true;
    for (Idx r : a.rt_queues) {
      if (queues[r].phone_share - a.phone_share < queues[r].target * kPhoneShare) {
        targets_kept = false;
      }
    }
    if (!targets_kept) continue;
    release(agent);
    ++released;
  }
  return released;
}

// Recall order among released agents: idle first, then those whose work a recall pauses
// (pausable tasks under RecallMode::kPauseTask) or withdraws (offers), then the others (who
// finish their work first). Within the last two tiers the agent holding the least urgent work
// (lowest item priority) goes first: release sends agents to the most urgent work, so recall
// takes them from the least urgent, and long high-priority tasks are not paused again and again.
std::int32_t EngineState::recall_rank(const AgentRec& a) const {
  if (a.works.empty()) return 0;
  constexpr std::int32_t kTier = 1 << 12;  // priorities are clamped below this
  std::int32_t tier = 1;
  std::int32_t priority = 0;
  for (const WorkHandle& w : a.works) {
    if (w.kind != WorkKind::kTask) return 2 * kTier;
    const TaskRec& t = tasks[w.idx];
    priority = std::max(priority, std::clamp<std::int32_t>(items[t.item].priority, 0, kTier - 1));
    if (t.place == Place::kOffered) continue;
    if (!(queues[t.queue].pausable && policy.recall_mode == RecallMode::kPauseTask)) tier = 2;
  }
  return tier * kTier + priority;
}

}  // namespace tandem::engine::detail
