// SPDX-License-Identifier: Apache-2.0
// Look-ups by id (the edge of handle(): string ids to dense indexes) and the ids of work
// (task ids "<item>/<step>[~qc|!exc]", WorkRefs).
#include <algorithm>
#include <string>
#include <string_view>

#include "engine/state.h"

namespace tandem::engine::detail {

Idx EngineConfig::find_agent(std::string_view id) const {
  return agent_index.find(id, [this](Idx a) -> const std::string& { return agents[a].id; });
}

Idx WorkItemState::find_item(std::string_view id) const {
  return item_index.find(id, [this](Idx i) -> const std::string& { return items[i].id; });
}

Idx RoutingState::find_contact(std::string_view id) const {
  return contact_index.find(id, [this](Idx c) -> const std::string& { return contacts[c].id; });
}

void RoutingState::unindex_contact(Idx c) {
  contact_index.erase(contacts[c].id,
                      [this](Idx k) -> const std::string& { return contacts[k].id; });
}

namespace {

// A task id is "<item>/<step or queue>" with "~qc" (quality check) or "!exc" (exception) after
// it: removes the suffix and returns its flag.
std::uint8_t take_task_suffix(std::string_view& id) {
  if (id.ends_with("~qc")) {
    id.remove_suffix(3);
    return kTaskQualityCheck;
  }
  if (id.ends_with("!exc")) {
    id.remove_suffix(4);
    return kTaskException;
  }
  return 0;
}

}  // namespace

Idx EngineState::find_task(const std::string& id) const {
  std::string_view rest(id);
  const std::uint8_t flags = take_task_suffix(rest);
  const auto slash = rest.rfind('/');
  if (slash == std::string_view::npos) return kNone;
  const Idx item = find_item(rest.substr(0, slash));
  if (item == kNone) return kNone;
  const std::string_view label = rest.substr(slash + 1);
  const ItemRec& it = items[item];
  for (Idx t : it.open_tasks) {
    const TaskRec& task = tasks[t];
    if ((task.flags & (kTaskQualityCheck | kTaskException)) != flags) continue;
    const std::string& step_label = task.step == kSingleStep
                                        ? queues[it.work_type].id
                                        : processes[it.process].steps[task.step].id;
    if (step_label == label) return t;
  }
  return kNone;
}

// Whether find_task(id) would name task t: `id` is parsed exactly as find_task parses it.
bool EngineState::task_id_is(Idx t, std::string_view id) const {
  const std::uint8_t flags = take_task_suffix(id);
  const TaskRec& task = tasks[t];
  if ((task.flags & (kTaskQualityCheck | kTaskException)) != flags) return false;
  const auto slash = id.rfind('/');
  if (slash == std::string_view::npos) return false;
  const ItemRec& item = items[task.item];
  const std::string& label = task.step == kSingleStep ? queues[item.work_type].id
                                                      : processes[item.process].steps[task.step].id;
  return id.substr(0, slash) == item.id && id.substr(slash + 1) == label;
}

Idx EngineState::find_task(const std::string& id, std::uint64_t handle) const {
  if (handle != 0 && handle <= tasks.size()) {
    const auto t = static_cast<Idx>(handle - 1);
    if (tasks[t].live && task_id_is(t, id)) return t;
  }
  return find_task(id);
}

Idx EngineState::customer_of(const std::string& id) {
  if (id.empty()) return kNone;
  const Idx found =
      customer_index.find(id, [this](Idx c) -> const std::string& { return customers[c].id; });
  if (found != kNone) return found;
  const auto c = static_cast<Idx>(customers.size());
  customers.push_back(CustomerRec{id, {}});
  customer_index.insert(id, c);
  return c;
}

std::string EngineState::task_id(Idx t) const {
  std::string id;
  write_work_id(WorkHandle{WorkKind::kTask, t}, id);
  return id;
}

std::string EngineState::work_id(WorkHandle w) const {
  return w.kind == WorkKind::kContact ? contacts[w.idx].id : task_id(w.idx);
}

void EngineState::write_work_id(WorkHandle w, std::string& out) const {
  if (w.kind == WorkKind::kContact) {
    out = contacts[w.idx].id;
    return;
  }
  const TaskRec& task = tasks[w.idx];
  const ItemRec& item = items[task.item];
  const std::string& label = task.step == kSingleStep ? queues[item.work_type].id
                                                      : processes[item.process].steps[task.step].id;
  out.clear();
  out.reserve(item.id.size() + 1 + label.size() + 4);
  out += item.id;
  out += '/';
  out += label;
  if (task.flags & kTaskQualityCheck) out += "~qc";
  if (task.flags & kTaskException) out += "!exc";
}

WorkRef EngineState::work_ref(WorkHandle w) const {
  return WorkRef{w.kind, work_id(w), handle_number(w)};
}

}  // namespace tandem::engine::detail
