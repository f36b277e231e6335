// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: the routing part of EngineState (state.h) -- who is free for what:
// the skill pools of agents, the contacts and the work to dispatch at the end of an event
// (routing.cpp offers and assigns; engine.cpp handles the contact events).
#pragma once

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "engine/block_set.h"
#include "engine/id_index.h"
#include "engine/internal/basics.h"

namespace tandem::engine::detail {

// Order in a queue: higher priority first, then the smaller `slack_ref` (a task's deadline minus
// its remaining work, a contact's arrival), then the older `age_ref`, then creation order.
struct QueueKey {
  std::int32_t neg_priority = 0;
  Time slack_ref = 0;
  Time age_ref = 0;
  Idx work = kNone;
  auto operator<=>(const QueueKey&) const = default;
};
using QueueSet = BlockSet<QueueKey>;

// Order of the agents in a skill pool: least loaded first, then (best proficiency first when the
// policy says so), then longest idle, then agent index.
struct PoolKey {
  std::int32_t used = 0;
  float proficiency = 0.0f;  // 0 unless AgentSelection::kBestProficiency
  Time idle_since = 0;
  Idx agent = kNone;
  auto operator<=>(const PoolKey&) const = default;
};
using Pool = std::set<PoolKey>;

struct WorkHandle {
  WorkKind kind = WorkKind::kContact;
  Idx idx = kNone;
  friend bool operator==(const WorkHandle&, const WorkHandle&) = default;
};

// The number a WorkRef carries for a task (its index + 1; 0 for a contact): find_task's hint.
inline std::uint64_t handle_number(WorkHandle w) {
  return w.kind == WorkKind::kTask ? std::uint64_t{w.idx} + 1 : 0;
}

struct ContactRec {
  std::string id;
  Idx queue = kNone;
  Idx customer = kNone;
  Idx agent = kNone;
  Place place = Place::kQueued;
  bool live = false;
  bool after_work = false;  // assigned, in after-contact work
  std::uint32_t gen = 0;
  std::int32_t cost = 0;
  Time arrived = 0;
  Time since = 0;
  QueueKey key;
};

struct RoutingState {
  std::vector<Pool> pools_phones, pools_office, pools_robot;  // per skill
  std::vector<int> logged_in_with_skill;                      // per skill
  std::size_t logged_in_agents = 0;
  std::vector<ContactRec> contacts;
  std::vector<Idx> free_contacts;
  IdIndex contact_index;  // live contacts; ids in contacts[c].id
  // work to dispatch at the end of the event (in this order: agents, queues, then blending's)
  std::vector<Idx> dirty_agents, dirty_queues;
  std::vector<Idx> scratch_agents, scratch_queues;  // no allocation per event
  // set during an offer rejection so that the rejecting agent is not offered the same work again
  WorkHandle skip_work;
  Idx skip_agent = kNone;

  Idx find_contact(std::string_view id) const;  // kNone when unknown
  void unindex_contact(Idx contact);
  void mark_agent(Idx agent);  // to dispatch at the end of the event
  void mark_queue(Idx queue);
};

}  // namespace tandem::engine::detail
