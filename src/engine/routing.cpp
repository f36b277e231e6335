// SPDX-License-Identifier: Apache-2.0
// Agents, skill pools, queues, offers and dispatch: who gets which work.
//
// Pools: for every skill, the available agents holding it that have free capacity, ordered by
// PoolKey (least loaded, [best proficiency,] longest idle). Phones and back-office agents are in
// separate pools, robots in their own. Queues: per queue ordered sets keyed by QueueKey.
// Dispatching an agent looks at the heads of the queues of its skills (O(k log n)); dispatching
// a queue looks at the first agents of its skill's pools (O(log n), a bounded look-ahead of
// EngineOptions::chunk_lookahead when the usable chunk of time does not fit).
#include <algorithm>
#include <cmath>

#include "engine/state.h"

namespace tandem::engine::detail {

bool EngineState::agent_available(const AgentRec& a) const {
  return a.logged_in && a.state == AgentState::kAvailable;
}

bool EngineState::agent_takes_work(const AgentRec& a) const {
  return agent_available(a) && (a.activity == ScheduledActivity::kPhones ||
                                a.activity == ScheduledActivity::kBackOffice ||
                                a.activity == ScheduledActivity::kBlended);
}

float EngineState::proficiency_of(const AgentRec& a, Idx skill) const {
  auto it = std::lower_bound(a.skills.begin(), a.skills.end(), std::pair<Idx, float>(skill, 0.0f),
                             [](const auto& x, const auto& y) { return x.first < y.first; });
  return it != a.skills.end() && it->first == skill ? it->second : 0.0f;
}

std::int32_t EngineState::cost_for(const AgentRec& a, Idx queue) const {
  return a.cost[queues[queue].channel];
}

namespace {

// Inserts `key`, reusing a node kept from an earlier extraction when there is one (no allocation).
template <class Set, class Spares>
void insert_reusing(Set& set, Spares& spares, const typename Set::value_type& key) {
  if (spares.empty()) {
    set.insert(key);
    return;
  }
  auto node = std::move(spares.back());
  spares.pop_back();
  node.value() = key;
  set.insert(std::move(node));
}

Pool& pool_of(std::vector<Pool>& phones, std::vector<Pool>& office, std::vector<Pool>& robot,
              bool is_robot, AgentMode mode, Idx skill) {
  if (is_robot) return robot[skill];
  return mode == AgentMode::kPhones ? phones[skill] : office[skill];
}

}  // namespace

void EngineState::unindex_agent(Idx agent) {
  AgentRec& a = agents[agent];
  const bool logged_in = a.logged_in;
  a.logged_in = false;
  reindex_agent(agent);
  a.logged_in = logged_in;
}

// Brings the agent's entries in the skill pools, the blending sets and the counters in line
// with its state, touching only what changed (a re-keyed pool entry reuses its node).
void EngineState::reindex_agent(Idx agent) {
  AgentRec& a = agents[agent];
  if (a.logged_in != a.counted_logged_in) {
    for (const auto& [skill, prof] : a.skills) logged_in_with_skill[skill] += a.logged_in ? 1 : -1;
    a.counted_logged_in = a.logged_in;
  }
  const bool works = agent_takes_work(a);
  const bool best_proficiency = policy.agent_selection == AgentSelection::kBestProficiency;
  // (1) pools
  const bool want_pool = works && a.used < kCapacityUnits;
  const PoolKey key{a.used, 0.0f, a.idle_since, agent};
  if (a.in_pools && want_pool && a.pool_mode == a.mode) {
    if (!(a.pool_key == key)) {
      for (const auto& [skill, prof] : a.skills) {
        Pool& pool = pool_of(pools_phones, pools_office, pools_robot, a.robot, a.mode, skill);
        PoolKey old_key = a.pool_key;
        PoolKey new_key = key;
        if (best_proficiency) old_key.proficiency = new_key.proficiency = prof;
        auto node = pool.extract(old_key);
        node.value() = new_key;
        pool.insert(std::move(node));
      }
    }
  } else {
    if (a.in_pools) {
      for (const auto& [skill, prof] : a.skills) {
        PoolKey old_key = a.pool_key;
        if (best_proficiency) old_key.proficiency = prof;
        a.spare_nodes.push_back(
            pool_of(pools_phones, pools_office, pools_robot, a.robot, a.pool_mode, skill)
                .extract(old_key));
      }
    }
    if (want_pool) {
      for (const auto& [skill, prof] : a.skills) {
        PoolKey new_key = key;
        if (best_proficiency) new_key.proficiency = prof;
        insert_reusing(pool_of(pools_phones, pools_office, pools_robot, a.robot, a.mode, skill),
                       a.spare_nodes, new_key);
      }
    }
  }
  a.in_pools = want_pool;
  a.pool_key = key;
  a.pool_mode = a.mode;
  // (2) agents on the phones per real-time queue
  const bool want_phones =
      works && !a.robot && a.mode == AgentMode::kPhones && !a.rt_queues.empty();
  if (want_phones != a.counted_on_phones) {
    for (Idx q : a.rt_queues) {
      queues[q].phone_count += want_phones ? 1 : -1;
      queues[q].phone_share += want_phones ? a.phone_share : -a.phone_share;
    }
    a.counted_on_phones = want_phones;
  }
  // (3) blending sets (per real-time queue; on the phones also per deferrable queue held)
  const bool want_blend =
      works && a.blended_capable && policy.blending && a.activity == ScheduledActivity::kBlended;
  // Only read while the agent is in the blending sets: not computed otherwise.
  const BlendKey blend_key =
      want_blend ? BlendKey{a.mode == AgentMode::kPhones ? (a.used > 0 ? 1 : 0) : recall_rank(a),
                            a.mode_since, agent}
                 : BlendKey{};
  if (a.in_blend_sets != want_blend ||
      (want_blend && (a.blend_key != blend_key || a.blend_mode != a.mode))) {
    const auto for_each_set = [&](AgentMode mode, auto&& fn) {
      for (Idx q : a.rt_queues) {
        QueueInfo& queue = queues[q];
        if (mode != AgentMode::kPhones) {
          fn(queue.office_blended);
          continue;
        }
        fn(queue.phone_blended);
        for (Idx oq : a.office_queues) {
          auto pos = std::lower_bound(queue.blend_office_queues.begin(),
                                      queue.blend_office_queues.end(), oq);
          fn(queue.phone_blended_by_office[static_cast<std::size_t>(
              pos - queue.blend_office_queues.begin())]);
        }
      }
    };
    if (a.in_blend_sets) {
      for_each_set(a.blend_mode,
                   [&](BlendSet& set) { a.spare_blend_nodes.push_back(set.extract(a.blend_key)); });
    }
    if (want_blend) {
      for_each_set(a.mode,
                   [&](BlendSet& set) { insert_reusing(set, a.spare_blend_nodes, blend_key); });
    }
    a.in_blend_sets = want_blend;
    a.blend_key = blend_key;
    a.blend_mode = a.mode;
  }
}

Time EngineState::usable_chunk_end(const AgentRec& a) const {
  if (a.robot) return kNever;
  Time end = a.activity_until > now ? a.activity_until : kNever;
  // A released agent's chunk ends where the phones will need it; one held on the phones is there.
  if (a.blended_capable && policy.blending && a.activity == ScheduledActivity::kBlended &&
      a.mode != AgentMode::kPhones) {
    for (Idx q : a.rt_queues) end = std::min(end, queues[q].forecast_rise_at);
  }
  return end;
}

double EngineState::remaining_work_seconds(Idx t) const {
  const TaskRec& task = tasks[t];
  const ItemRec& item = items[task.item];
  double mean;
  if (task.flags & kTaskQualityCheck) {
    mean = queues[task.queue].aht_seconds;
  } else if (task.step == kSingleStep) {
    mean = queues[task.queue].aht_seconds;
  } else {
    mean = processes[item.process].steps[task.step].mean_seconds;
  }
  return std::max(0.0, mean - task.progress);
}

bool EngineState::task_fits(const AgentRec& a, Idx t) const {
  const TaskRec& task = tasks[t];
  if (a.used + cost_for(a, task.queue) > kCapacityUnits) return false;
  if (a.robot) return true;
  const Time end = usable_chunk_end(a);
  if (end >= kNever) return true;
  const Time chunk = end - now;
  if (queues[task.queue].pausable) {
    return chunk >= static_cast<Time>(policy.min_usable_chunk_minutes) * 60;
  }
  const double expected = remaining_work_seconds(t) * proficiency_of(a, queues[task.queue].skill);
  return expected <= static_cast<double>(chunk);
}

// ---------------------------------------------------------------- queues

void EngineState::enqueue_contact(Idx c) {
  ContactRec& rec = contacts[c];
  rec.place = Place::kQueued;
  rec.agent = kNone;
  rec.since = now;
  ++rec.gen;
  rec.key = QueueKey{0, rec.arrived, rec.arrived, c};
  queues[rec.queue].human.insert(rec.key);
}

void EngineState::dequeue_contact(Idx c) { queues[contacts[c].queue].human.erase(contacts[c].key); }

QueueKey EngineState::task_key(Idx t) const {
  const TaskRec& task = tasks[t];
  const ItemRec& item = items[task.item];
  double remaining = remaining_work_seconds(t);
  if (task.step != kSingleStep) {
    const ProcessInfo& p = processes[item.process];
    const StepInfo& step = p.steps[task.step];
    const double rest_after = step.branch_rest_seconds - step.mean_seconds;
    remaining += rest_after + p.work_after_stage[step.stage];
  }
  return QueueKey{-item.priority, item.due - static_cast<Time>(std::llround(remaining)),
                  item.received, t};
}

void EngineState::enqueue_task(Idx t) {
  TaskRec& task = tasks[t];
  task.place = Place::kQueued;
  task.agent = kNone;
  task.since = now;
  ++task.gen;
  task.key = task_key(t);
  QueueInfo& q = queues[task.queue];
  (task.flags & kTaskRobotOnly ? q.robot : q.human).insert(task.key);
}

void EngineState::dequeue_task(Idx t) {
  TaskRec& task = tasks[t];
  QueueInfo& q = queues[task.queue];
  (task.flags & kTaskRobotOnly ? q.robot : q.human).erase(task.key);
}

// ---------------------------------------------------------------- offers

void EngineState::give(Idx agent, WorkHandle w) {
  AgentRec& a = agents[agent];
  const bool offer = !a.robot && policy.offer_timeout_seconds > 0;
  const Place place = offer ? Place::kOffered : Place::kAssigned;
  const Time expires = now + policy.offer_timeout_seconds;
  std::uint32_t gen;
  Idx queue;
  Seconds progress{0};
  std::string item_id;
  if (w.kind == WorkKind::kContact) {
    ContactRec& c = contacts[w.idx];
    dequeue_contact(w.idx);
    c.agent = agent;
    c.place = place;
    c.since = now;
    c.cost = cost_for(a, c.queue);
    gen = ++c.gen;
    queue = c.queue;
    a.used += c.cost;
    if (!offer && c.customer != kNone) {
      journey(c.customer, JourneyKind::kContactAnswered, c.id, a.id);
    }
  } else {
    TaskRec& t = tasks[w.idx];
    dequeue_task(w.idx);
    note_task_start(w.idx);
    t.agent = agent;
    t.place = place;
    t.since = now;
    t.cost = cost_for(a, t.queue);
    gen = ++t.gen;
    queue = t.queue;
    progress = Seconds{t.progress};
    item_id = items[t.item].id;
    a.used += t.cost;
    history(t.item, offer ? HistoryKind::kOffered : HistoryKind::kAssigned, agent, w.idx);
  }
  a.idle_since = now;
  a.works.push_back(w);
  reindex_agent(agent);
  if (offer) {
    // Built in place in `out` (no temporary action to move).
    auto& o = std::get<OfferWork>(out->emplace_back(std::in_place_type<OfferWork>));
    o.time = to_instant(now);
    o.agent = a.id;
    o.work.kind = w.kind;
    write_work_id(w, o.work.id);
    o.work.handle = handle_number(w);
    o.item = std::move(item_id);
    o.queue = queues[queue].id;
    o.expires = to_instant(expires);
    o.progress = progress;
    add_timer(expires, TimerKind::kOfferExpiry, w.kind, w.idx, gen);
  } else {
    out->push_back(AssignWork{to_instant(now), a.id, work_ref(w), std::move(item_id),
                              queues[queue].id, progress});
  }
}

void EngineState::take_back(Idx agent, WorkHandle w) {
  AgentRec& a = agents[agent];
  auto it = std::find(a.works.begin(), a.works.end(), w);
  if (it != a.works.end()) a.works.erase(it);
  if (w.kind == WorkKind::kContact) {
    ContactRec& c = contacts[w.idx];
    a.used -= c.cost;
    c.cost = 0;
    c.agent = kNone;
    ++c.gen;
  } else {
    TaskRec& t = tasks[w.idx];
    a.used -= t.cost;
    t.cost = 0;
    t.agent = kNone;
    t.flags &= static_cast<std::uint8_t>(~kTaskDuringContact);
    ++t.gen;
  }
  a.idle_since = now;
  reindex_agent(agent);
}

// ---------------------------------------------------------------- dispatch

WorkHandle EngineState::pick_work_for_agent(Idx agent) const {
  const AgentRec& a = agents[agent];
  const bool skipping = skip_agent == agent;
  // (1) Contacts: queue priority, then the service level most at risk (head wait / target).
  Idx best_contact = kNone;
  int best_priority = 0;
  double best_risk = 0.0;
  for (Idx q : a.rt_queues) {
    const QueueInfo& queue = queues[q];
    if (queue.human.empty()) continue;
    if (a.used + cost_for(a, q) > kCapacityUnits) continue;
    auto head = queue.human.begin();
    if (skipping && skip_work.kind == WorkKind::kContact && head->work == skip_work.idx) {
      if (++head == queue.human.end()) continue;
    }
    const double wait = static_cast<double>(now - contacts[head->work].arrived);
    const double risk = wait / std::max(1.0, queue.sl_seconds);
    if (best_contact == kNone || queue.priority > best_priority ||
        (queue.priority == best_priority && risk > best_risk)) {
      best_contact = head->work;
      best_priority = queue.priority;
      best_risk = risk;
    }
  }
  if (best_contact != kNone) return WorkHandle{WorkKind::kContact, best_contact};
  // (2) Tasks: the best key among the queue heads that fit. Siloed (blending off): front-office
  // agents work their front-office deferrable queues too (their office_queues hold only those,
  // see Engine::create). Blending on: agents held on the phones take only front-office
  // deferrable work (email), and only if the policy lets them.
  const bool held = !a.robot && a.mode == AgentMode::kPhones && policy.blending;
  if (held && !policy.phones_take_deferrable_contacts) return WorkHandle{WorkKind::kTask, kNone};
  Idx best = kNone;
  QueueKey best_key;
  for (Idx q : a.office_queues) {
    if (held && queues[q].back_office) continue;
    const QueueSet& set = a.robot ? queues[q].robot : queues[q].human;
    int looked = 0;
    for (auto it = set.begin(); it != set.end() && looked < options.chunk_lookahead;
         ++it, ++looked) {
      if (skipping && skip_work.kind == WorkKind::kTask && it->work == skip_work.idx) continue;
      if (best != kNone && !(*it < best_key)) break;
      if (!task_fits(a, it->work)) continue;
      best = it->work;
      best_key = *it;
      break;
    }
  }
  return WorkHandle{WorkKind::kTask, best};
}

void EngineState::dispatch_agent(Idx agent) {
  for (int guard = 0; guard < 64; ++guard) {
    const AgentRec& a = agents[agent];
    if (!a.in_pools) return;  // not available or full
    const WorkHandle w = pick_work_for_agent(agent);
    if (w.idx == kNone) return;
    give(agent, w);
  }
}

Idx EngineState::pick_agent_for_contact(Idx c) const {
  const ContactRec& rec = contacts[c];
  const Idx skill = queues[rec.queue].skill;
  // Siloed (blending off): the back office never takes contacts.
  for (const Pool* pool : {&pools_phones[skill], &pools_office[skill]}) {
    if (!policy.blending && pool == &pools_office[skill]) break;
    for (auto it = pool->begin(); it != pool->end(); ++it) {
      if (it->agent == skip_agent && skip_work == WorkHandle{WorkKind::kContact, c}) continue;
      const AgentRec& a = agents[it->agent];
      // Pools are ordered by load: if the least loaded agent has no room, nobody has.
      if (a.used + cost_for(a, rec.queue) > kCapacityUnits) break;
      return it->agent;
    }
  }
  return kNone;
}

Idx EngineState::pick_agent_for_task(Idx t) const {
  const TaskRec& task = tasks[t];
  const Idx skill = queues[task.queue].skill;
  if (task.flags & kTaskRobotOnly) {
    for (auto it = pools_robot[skill].begin(); it != pools_robot[skill].end(); ++it) {
      if (it->agent == skip_agent && skip_work == WorkHandle{WorkKind::kTask, t}) continue;
      const AgentRec& a = agents[it->agent];
      if (a.used + cost_for(a, task.queue) > kCapacityUnits) break;
      return it->agent;
    }
    return kNone;
  }
  // Released and back-office agents first, then (email under blending) those on the phones.
  for (const Pool* pool : {&task_pool(task.queue), held_task_pool(task.queue)}) {
    if (pool == nullptr) break;
    int looked = 0;
    for (auto it = pool->begin(); it != pool->end() && looked < options.chunk_lookahead;
         ++it, ++looked) {
      if (it->agent == skip_agent && skip_work == WorkHandle{WorkKind::kTask, t}) continue;
      if (task_fits(agents[it->agent], t)) return it->agent;
    }
  }
  return kNone;
}

const Pool& EngineState::task_pool(Idx q) const {
  const QueueInfo& queue = queues[q];
  if (!policy.blending && !queue.back_office) return pools_phones[queue.skill];
  return pools_office[queue.skill];
}

const Pool* EngineState::held_task_pool(Idx q) const {
  const QueueInfo& queue = queues[q];
  if (!policy.blending || !policy.phones_take_deferrable_contacts || queue.real_time ||
      queue.back_office) {
    return nullptr;
  }
  return &pools_phones[queue.skill];
}

void EngineState::dispatch_queue(Idx q) {
  QueueInfo& queue = queues[q];
  if (queue.real_time) {
    while (!queue.human.empty()) {
      auto head = queue.human.begin();
      const Idx agent = pick_agent_for_contact(head->work);
      if (agent == kNone) return;
      give(agent, WorkHandle{WorkKind::kContact, head->work});
    }
    return;
  }
  const Idx skill = queue.skill;
  while (!queue.robot.empty() && !pools_robot[skill].empty()) {
    const Idx t = queue.robot.begin()->work;
    const Idx agent = pick_agent_for_task(t);
    if (agent == kNone) break;
    give(agent, WorkHandle{WorkKind::kTask, t});
  }
  const Pool& people = task_pool(q);
  const Pool* held = held_task_pool(q);
  for (int guard = 0;
       guard < 1 << 20 && !queue.human.empty() && (!people.empty() || (held && !held->empty()));
       ++guard) {
    bool given = false;
    int looked = 0;
    for (auto it = queue.human.begin(); it != queue.human.end() && looked < options.chunk_lookahead;
         ++it, ++looked) {
      const Idx agent = pick_agent_for_task(it->work);
      if (agent == kNone) continue;
      give(agent, WorkHandle{WorkKind::kTask, it->work});
      given = true;
      break;
    }
    if (!given) return;
  }
}

// An agent stops taking work (logging out, or leaving kAvailable): offers are withdrawn and
// pausable tasks paused back to their queues; on logout contacts and non-pausable tasks also
// go back (contacts keep their arrival time, so they return to the front).
void EngineState::release_agent_work(Idx agent, bool logging_out) {
  AgentRec& a = agents[agent];
  const std::vector<WorkHandle> works = a.works;
  for (const WorkHandle& w : works) {
    if (w.kind == WorkKind::kContact) {
      ContactRec& c = contacts[w.idx];
      if (c.place == Place::kAssigned && !logging_out) continue;
      if (c.place == Place::kAssigned && c.after_work) {
        take_back(agent, w);
        c.place = Place::kDone;
        c.live = false;
        unindex_contact(w.idx);
        free_contacts.push_back(w.idx);
        continue;
      }
      out->push_back(WithdrawWork{to_instant(now), a.id, WorkRef{WorkKind::kContact, c.id},
                                  WithdrawReason::kAgentUnavailable});
      take_back(agent, w);
      c.after_work = false;
      enqueue_contact(w.idx);
      mark_queue(c.queue);
      continue;
    }
    TaskRec& t = tasks[w.idx];
    if (t.place == Place::kOffered) {
      out->push_back(WithdrawWork{to_instant(now), a.id, WorkRef{WorkKind::kTask, task_id(w.idx)},
                                  WithdrawReason::kAgentUnavailable});
      take_back(agent, w);
      requeue_task(w.idx);
      continue;
    }
    if (queues[t.queue].pausable) {
      pause_held_task(agent, w, PauseReason::kAgentUnavailable);
    } else if (logging_out) {
      out->push_back(WithdrawWork{to_instant(now), a.id, WorkRef{WorkKind::kTask, task_id(w.idx)},
                                  WithdrawReason::kAgentUnavailable});
      take_back(agent, w);
      t.progress = 0;
      requeue_task(w.idx);
    }
  }
}

void EngineState::pause_held_task(Idx agent, WorkHandle w, PauseReason reason) {
  const AgentRec& a = agents[agent];
  TaskRec& t = tasks[w.idx];
  const float prof = proficiency_of(a, queues[t.queue].skill);
  t.progress += static_cast<std::int32_t>((now - t.since) / std::max(0.1f, prof));
  out->push_back(PauseTask{to_instant(now), a.id, task_id(w.idx), Seconds{t.progress}, reason});
  history(t.item, HistoryKind::kPaused, agent, w.idx);
  take_back(agent, w);
  requeue_task(w.idx);
}

}  // namespace tandem::engine::detail
