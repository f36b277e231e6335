// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: the work-item part of EngineState (state.h) -- back-office items
// and their tasks, open and retired (work_items.cpp runs the processes; engine.cpp handles
// the work-item events).
#pragma once

#include <cstddef>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "engine/id_index.h"
#include "engine/internal/basics.h"
#include "engine/internal/routing_state.h"
#include "engine/internal/tracking_state.h"

namespace tandem::engine::detail {

enum TaskFlag : std::uint8_t {
  kTaskQualityCheck = 1,
  kTaskException = 2,
  kTaskRobotOnly = 4,
  kTaskDuringContact = 8,
};

struct TaskRec {
  Idx item = kNone;
  Idx queue = kNone;
  Idx agent = kNone;
  std::uint16_t step = kSingleStep;
  Place place = Place::kQueued;
  std::uint8_t flags = 0;
  bool live = false;
  std::int32_t progress = 0;  // standard seconds done
  std::int32_t cost = 0;
  std::uint32_t gen = 0;
  Time since = 0;  // entered its place (work clock start when assigned)
  QueueKey key;
};

struct ItemRec {
  std::string id;
  Idx customer = kNone;
  Idx process = kNone;
  Idx work_type = kNone;  // single-task items
  std::int32_t priority = 1;
  Time received = 0;
  Time due = 0;
  Time pending_since = 0;
  std::uint32_t gen = 0;          // changes when pending starts/ends (rule timers)
  std::uint32_t incarnation = 0;  // changes when the slot is reused (retired items)
  bool retired = false;           // a free slot (EngineOptions::retire_closed_items)
  std::uint16_t stage = 0;
  std::uint16_t branches_left = 0;
  Place place = Place::kQueued;  // kDone / kCancelled when closed; kPending when pending
  bool follow_up = false;        // created by a rule: fires no create_task rules (no chains)
  std::vector<Idx> open_tasks;
  Idx history_last = kNone;  // its last line in EngineState::history_log
};

// A retired item's record, waiting in the archive until Engine::drain_closed_items().
struct ClosedItemRec {
  std::string id;
  Idx customer = kNone;
  Idx process = kNone;
  Idx work_type = kNone;
  Place place = Place::kDone;
  Time received = 0;
  Time closed = 0;
  std::vector<HistoryRec> history;
};

struct WorkItemState {
  std::vector<TaskRec> tasks;
  std::vector<Idx> free_tasks;
  std::deque<ItemRec> items;           // a deque: no big moves while it grows
  std::vector<Idx> free_items;         // retired slots for reuse
  std::vector<ClosedItemRec> archive;  // retired items not yet drained
  IdIndex item_index;                  // ids in items[i].id
  std::size_t open_items = 0;
  std::size_t open_tasks = 0;

  Idx find_item(std::string_view id) const;  // kNone when unknown
};

}  // namespace tandem::engine::detail
