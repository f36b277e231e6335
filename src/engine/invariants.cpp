// SPDX-License-Identifier: Apache-2.0
// Engine::check_invariants(): an independent check of every rule the state must keep, in
// O(size of the state). Used by the property tests after every event.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "engine/state.h"

namespace tandem::engine::detail {

namespace {

Status broken(const std::string& what) { return Status::internal("invariant broken: " + what); }

}  // namespace

Status EngineState::check() const {
  // (1) Agents: capacity, their work lists, pools and counters.
  std::vector<int> logged(skill_ids.size(), 0);
  std::map<Idx, int> phone_counts;
  std::map<Idx, std::int64_t> phone_shares;
  for (Idx a = 0; a < agents.size(); ++a) {
    const AgentRec& agent = agents[a];
    if (agent.used < 0 || agent.used > kCapacityUnits) {
      return broken(fmt::format("agent '{}' over capacity ({} units)", agent.id, agent.used));
    }
    std::int32_t used = 0;
    for (const WorkHandle& w : agent.works) {
      if (std::count(agent.works.begin(), agent.works.end(), w) != 1) {
        return broken(fmt::format("agent '{}' holds work '{}' twice", agent.id, work_id(w)));
      }
      Idx queue;
      Place place;
      Idx holder;
      std::int32_t cost;
      bool during_contact = false;
      if (w.kind == WorkKind::kContact) {
        const ContactRec& c = contacts[w.idx];
        if (!c.live) return broken(fmt::format("agent '{}' holds a closed contact", agent.id));
        queue = c.queue;
        place = c.place;
        holder = c.agent;
        cost = c.cost;
      } else {
        const TaskRec& t = tasks[w.idx];
        if (!t.live) return broken(fmt::format("agent '{}' holds a closed task", agent.id));
        queue = t.queue;
        place = t.place;
        holder = t.agent;
        cost = t.cost;
        during_contact = t.flags & kTaskDuringContact;
        if (agent.robot != ((t.flags & kTaskRobotOnly) != 0)) {
          return broken(
              fmt::format("task '{}' held by the wrong kind of agent '{}'", work_id(w), agent.id));
        }
      }
      if (holder != a || (place != Place::kOffered && place != Place::kAssigned)) {
        return broken(fmt::format("work '{}' listed by agent '{}' is {} with another holder",
                                  work_id(w), agent.id, to_string(place)));
      }
      if (proficiency_of(agent, queues[queue].skill) <= 0.0f) {
        return broken(fmt::format("agent '{}' holds '{}' without skill '{}'", agent.id, work_id(w),
                                  skill_ids[queues[queue].skill]));
      }
      if (cost != (during_contact ? 0 : cost_for(agent, queue))) {
        return broken(fmt::format("work '{}' holds {} capacity units", work_id(w), cost));
      }
      used += cost;
    }
    if (used != agent.used) {
      return broken(fmt::format("agent '{}' uses {} units but its work sums to {}", agent.id,
                                agent.used, used));
    }
    if (!agent.logged_in && !agent.works.empty()) {
      return broken(fmt::format("agent '{}' is logged out but holds work", agent.id));
    }
    if (agent.logged_in) {
      for (const auto& [skill, prof] : agent.skills) ++logged[skill];
    }
    const bool should_pool = agent_takes_work(agent) && agent.used < kCapacityUnits;
    if (should_pool != agent.in_pools) {
      return broken(fmt::format("agent '{}' pool membership is stale", agent.id));
    }
    if (agent.in_pools) {
      if (agent.pool_key.used != agent.used || agent.pool_key.idle_since != agent.idle_since ||
          agent.pool_mode != agent.mode) {
        return broken(fmt::format("agent '{}' pool key is stale", agent.id));
      }
      for (const auto& [skill, prof] : agent.skills) {
        const Pool& pool = agent.robot ? pools_robot[skill]
                                       : (agent.mode == AgentMode::kPhones ? pools_phones[skill]
                                                                           : pools_office[skill]);
        PoolKey key = agent.pool_key;
        if (policy.agent_selection == AgentSelection::kBestProficiency) key.proficiency = prof;
        if (!pool.count(key))
          return broken(fmt::format("agent '{}' missing from a pool", agent.id));
      }
    }
    if (agent_takes_work(agent) && !agent.robot && agent.mode == AgentMode::kPhones) {
      for (Idx q : agent.rt_queues) {
        ++phone_counts[q];
        phone_shares[q] += agent.phone_share;
      }
    }
  }
  for (Idx s = 0; s < skill_ids.size(); ++s) {
    if (logged[s] != logged_in_with_skill[s]) {
      return broken(fmt::format("logged-in count of skill '{}' is stale", skill_ids[s]));
    }
    for (const Pool* pool : {&pools_phones[s], &pools_office[s], &pools_robot[s]}) {
      for (const PoolKey& k : *pool) {
        if (!agents[k.agent].in_pools) return broken("a pool holds an unavailable agent");
      }
    }
  }
  for (Idx q : rt_queue_list) {
    const int expected = phone_counts.count(q) ? phone_counts.at(q) : 0;
    const std::int64_t share = phone_shares.count(q) ? phone_shares.at(q) : 0;
    if (queues[q].phone_share != share) {
      return broken(fmt::format("phone share of queue '{}' is stale", queues[q].id));
    }
    if (queues[q].phone_count != expected) {
      return broken(fmt::format("phone count of queue '{}' is {} not {}", queues[q].id,
                                queues[q].phone_count, expected));
    }
  }

  // (2) Contacts: each open contact in exactly one place.
  std::size_t queued_contacts = 0;
  for (Idx c = 0; c < contacts.size(); ++c) {
    const ContactRec& rec = contacts[c];
    if (!rec.live) continue;
    const QueueInfo& queue = queues[rec.queue];
    const bool in_queue = queue.human.find(rec.key) != queue.human.end() && rec.key.work == c;
    if ((rec.place == Place::kQueued) != in_queue) {
      return broken(fmt::format("contact '{}' is {} but {} its queue", rec.id, to_string(rec.place),
                                in_queue ? "in" : "not in"));
    }
    if (rec.place == Place::kQueued) {
      ++queued_contacts;
      if (rec.agent != kNone)
        return broken(fmt::format("queued contact '{}' has an agent", rec.id));
    } else if (rec.place == Place::kOffered || rec.place == Place::kAssigned) {
      if (rec.agent == kNone) return broken(fmt::format("contact '{}' has no agent", rec.id));
      const auto& works = agents[rec.agent].works;
      if (std::find(works.begin(), works.end(), WorkHandle{WorkKind::kContact, c}) == works.end()) {
        return broken(fmt::format("contact '{}' missing from its agent's work", rec.id));
      }
    } else {
      return broken(fmt::format("open contact '{}' is {}", rec.id, to_string(rec.place)));
    }
  }

  // (3) Items and tasks: one place each, queue keys current (priority and slack order), the
  // current stage only (parallel branches join before the next stage).
  std::size_t queued_tasks = 0;
  std::size_t live_tasks = 0;
  std::vector<int> owners(tasks.size(), 0);
  for (Idx i = 0; i < items.size(); ++i) {
    const ItemRec& item = items[i];
    if (item.retired) {
      if (!item.open_tasks.empty()) return broken("a retired item slot holds tasks");
      continue;
    }
    const bool closed = item.place == Place::kDone || item.place == Place::kCancelled;
    if (closed != item.open_tasks.empty()) {
      return broken(fmt::format("item '{}' is {} with {} open tasks", item.id,
                                to_string(item.place), item.open_tasks.size()));
    }
    if (!closed && item.open_tasks.size() != item.branches_left) {
      return broken(fmt::format("item '{}' has {} open tasks for {} open branches", item.id,
                                item.open_tasks.size(), item.branches_left));
    }
    std::vector<std::uint16_t> branches;
    for (Idx t : item.open_tasks) {
      ++owners[t];
      const TaskRec& task = tasks[t];
      if (!task.live || task.item != i)
        return broken(fmt::format("item '{}' lists a foreign task", item.id));
      if (item.process != kNone) {
        const StepInfo& step = processes[item.process].steps[task.step];
        if (step.stage != item.stage) {
          return broken(fmt::format("task '{}' of stage {} open while item '{}' is at stage {}",
                                    task_id(t), step.stage, item.id, item.stage));
        }
        if (std::find(branches.begin(), branches.end(), step.branch) != branches.end()) {
          return broken(fmt::format("item '{}' has two tasks in one branch", item.id));
        }
        branches.push_back(step.branch);
      }
      if ((item.place == Place::kPending) != (task.place == Place::kPending)) {
        return broken(fmt::format("task '{}' is {} while its item is {}", task_id(t),
                                  to_string(task.place), to_string(item.place)));
      }
    }
  }
  for (Idx t = 0; t < tasks.size(); ++t) {
    const TaskRec& task = tasks[t];
    if (!task.live) continue;
    ++live_tasks;
    if (owners[t] != 1)
      return broken(fmt::format("task '{}' belongs to {} items", task_id(t), owners[t]));
    const QueueInfo& queue = queues[task.queue];
    const QueueSet& set = task.flags & kTaskRobotOnly ? queue.robot : queue.human;
    const bool in_queue = set.find(task.key) != set.end() && task.key.work == t;
    if ((task.place == Place::kQueued) != in_queue) {
      return broken(fmt::format("task '{}' is {} but {} its queue", task_id(t),
                                to_string(task.place), in_queue ? "in" : "not in"));
    }
    switch (task.place) {
      case Place::kQueued: {
        ++queued_tasks;
        const QueueKey expected = task_key(t);
        if (!(expected == task.key)) {
          return broken(
              fmt::format("task '{}' is queued under a stale priority/slack key", task_id(t)));
        }
        if (task.agent != kNone)
          return broken(fmt::format("queued task '{}' has an agent", task_id(t)));
        break;
      }
      case Place::kOffered:
      case Place::kAssigned: {
        if (task.agent == kNone) return broken(fmt::format("task '{}' has no agent", task_id(t)));
        const auto& works = agents[task.agent].works;
        if (std::find(works.begin(), works.end(), WorkHandle{WorkKind::kTask, t}) == works.end()) {
          return broken(fmt::format("task '{}' missing from its agent's work", task_id(t)));
        }
        break;
      }
      case Place::kPaused:
      case Place::kPending:
        if (task.agent != kNone)
          return broken(fmt::format("waiting task '{}' has an agent", task_id(t)));
        break;
      default:
        return broken(fmt::format("open task '{}' is {}", task_id(t), to_string(task.place)));
    }
  }
  if (live_tasks != open_tasks) return broken("open task count is stale");
  std::size_t in_sets_contacts = 0;
  std::size_t in_sets_tasks = 0;
  for (const QueueInfo& q : queues) {
    (q.real_time ? in_sets_contacts : in_sets_tasks) += q.human.size();
    in_sets_tasks += q.robot.size();
  }
  if (in_sets_contacts != queued_contacts || in_sets_tasks != queued_tasks) {
    return broken("a queue holds work that is not queued");
  }

  // (4) Front office is work-conserving: no contact waits while an agent on the phones with the
  // skill has room for it.
  for (Idx q : rt_queue_list) {
    const QueueInfo& queue = queues[q];
    if (queue.human.empty()) continue;
    const Idx head = queue.human.begin()->work;
    if (pick_agent_for_contact(head) != kNone) {
      return broken(fmt::format("contact '{}' waits while an agent with skill '{}' has room",
                                contacts[head].id, skill_ids[queue.skill]));
    }
  }
  return Status::ok();
}

}  // namespace tandem::engine::detail
