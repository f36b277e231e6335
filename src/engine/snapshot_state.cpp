// SPDX-License-Identifier: Apache-2.0
// The live state of a snapshot's payload, part by part in a fixed order of little-endian
// fixed-width fields (internal/byte_io.h): the counters, the contacts (routing), the tasks,
// items and archive (work items), the customers and history log (tracking), the timers, then
// the live fields of each queue and agent, the skill pools and the rejection in progress.
#include "engine/internal/snapshot_codec.h"

namespace tandem::engine::detail {

void SnapshotCodec::write_state(const EngineState& s, ByteWriter& w) {
  w.i64(s.now);
  w.u64(s.timer_seq);
  w.i64(s.interval_start);
  w.i64(s.history_origin);
  w.size(s.history_dead);
  w.u64(s.stats.events);
  w.u64(s.stats.rejected);
  w.u64(s.stats.actions);
  w.size(s.open_items);
  w.size(s.open_tasks);
  w.size(s.logged_in_agents);
  w.size(s.history_entries);
  // table sizes first: every index read later is checked against them
  w.size(s.contacts.size());
  w.size(s.contacts.capacity());
  w.size(s.tasks.size());
  w.size(s.tasks.capacity());
  w.size(s.items.size());
  w.size(s.customers.size());
  w.size(s.history_log.size());

  for (const ContactRec& c : s.contacts) {
    w.str(c.id);
    w.u32(c.queue);
    w.u32(c.customer);
    w.u32(c.agent);
    w.enumeration(c.place);
    w.boolean(c.live);
    w.boolean(c.after_work);
    w.u32(c.gen);
    w.i32(c.cost);
    w.i64(c.arrived);
    w.i64(c.since);
    write_key(c.key, w);
  }
  write_u32s(s.free_contacts, w);
  write_index(s.contact_index, w);

  for (const TaskRec& t : s.tasks) {
    w.u32(t.item);
    w.u32(t.queue);
    w.u32(t.agent);
    w.u16(t.step);
    w.enumeration(t.place);
    w.u8(t.flags);
    w.boolean(t.live);
    w.i32(t.progress);
    w.i32(t.cost);
    w.u32(t.gen);
    w.i64(t.since);
    write_key(t.key, w);
  }
  write_u32s(s.free_tasks, w);

  for (const ItemRec& i : s.items) {
    w.str(i.id);
    w.u32(i.customer);
    w.u32(i.process);
    w.u32(i.work_type);
    w.i32(i.priority);
    w.i64(i.received);
    w.i64(i.due);
    w.i64(i.pending_since);
    w.u32(i.gen);
    w.u32(i.incarnation);
    w.boolean(i.retired);
    w.u16(i.stage);
    w.u16(i.branches_left);
    w.enumeration(i.place);
    w.boolean(i.follow_up);
    write_u32s(i.open_tasks, w);
    w.u32(i.history_last);
  }
  write_u32s(s.free_items, w);
  write_index(s.item_index, w);
  w.size(s.archive.size());
  for (const ClosedItemRec& c : s.archive) {
    w.str(c.id);
    w.u32(c.customer);
    w.u32(c.process);
    w.u32(c.work_type);
    w.enumeration(c.place);
    w.i64(c.received);
    w.i64(c.closed);
    w.size(c.history.size());
    for (const HistoryRec& h : c.history) write_history(h, w);
  }

  for (const CustomerRec& c : s.customers) {
    w.str(c.id);
    w.size(c.journey.size());
    for (const JourneyRec& j : c.journey) {
      w.i64(j.time);
      w.enumeration(j.kind);
      w.str(j.ref);
      w.str(j.detail);
    }
  }
  write_index(s.customer_index, w);

  for (std::size_t k = 0; k < s.history_log.size(); ++k) {
    write_history(s.history_log[static_cast<std::uint32_t>(k)], w);
  }

  std::vector<Timer> timers;
  timers.reserve(s.timers.size());
  s.timers.for_each([&](const Timer& t) { timers.push_back(t); });
  std::sort(timers.begin(), timers.end(), [](const Timer& a, const Timer& b) { return b > a; });
  w.size(timers.size());
  for (const Timer& t : timers) {
    w.i64(t.due);
    w.u64(t.seq);
    w.enumeration(t.kind);
    w.enumeration(t.work_kind);
    w.u32(t.target);
    w.u32(t.gen);
    w.u32(t.extra);
    w.u32(t.incarnation);
  }

  for (const QueueInfo& q : s.queues) {
    write_queue_set(q.human, w);
    write_queue_set(q.robot, w);
    w.f64(q.planned_capacity);
    write_start_log(q.human_starts, w);
    write_start_log(q.robot_starts, w);
    write_start_log(q.arrivals, w);
    w.f64(q.smoothed_rate);
    w.i64(q.interval_count);
    w.i32(q.target);
    w.i32(q.phone_count);
    w.i64(q.phone_share);
    w.i64(q.forecast_rise_at);
    w.size(q.forecast.size());
    for (const auto& [start, f] : q.forecast) {
      w.i64(start);
      w.i64(f.length);
      w.f64(f.volume);
      w.f64(f.aht_seconds);
    }
    write_blend_set(q.phone_blended, w);
    write_blend_set(q.office_blended, w);
    w.size(q.phone_blended_by_office.size());
    for (const BlendSet& set : q.phone_blended_by_office) write_blend_set(set, w);
  }

  for (const AgentRec& a : s.agents) {
    w.boolean(a.logged_in);
    w.enumeration(a.state);
    w.enumeration(a.activity);
    w.i64(a.activity_until);
    w.enumeration(a.mode);
    w.i64(a.mode_since);
    w.i32(a.used);
    w.i64(a.idle_since);
    w.size(a.works.size());
    for (const WorkHandle& h : a.works) {
      w.enumeration(h.kind);
      w.u32(h.idx);
    }
    w.boolean(a.in_pools);
    write_pool_key(a.pool_key, w);
    w.enumeration(a.pool_mode);
    w.boolean(a.in_blend_sets);
    write_blend_key(a.blend_key, w);
    w.enumeration(a.blend_mode);
    w.boolean(a.counted_on_phones);
    w.boolean(a.counted_logged_in);
  }

  for (std::size_t k = 0; k < s.skill_ids.size(); ++k) {
    write_pool(s.pools_phones[k], w);
    write_pool(s.pools_office[k], w);
    write_pool(s.pools_robot[k], w);
    w.i32(s.logged_in_with_skill[k]);
  }
  w.enumeration(s.skip_work.kind);
  w.u32(s.skip_work.idx);
  w.u32(s.skip_agent);
}

void SnapshotCodec::read_state(EngineState& s, ByteReader& r) {
  s.now = r.i64();
  s.timer_seq = r.u64();
  s.interval_start = r.i64();
  s.history_origin = r.i64();
  s.history_dead = r.u64();
  s.stats.events = r.u64();
  s.stats.rejected = r.u64();
  s.stats.actions = r.u64();
  s.open_items = r.u64();
  s.open_tasks = r.u64();
  s.logged_in_agents = r.u64();
  s.history_entries = r.u64();
  const std::size_t n_contacts = r.size(kMinContactBytes);
  const std::size_t cap_contacts = r.u64();
  const std::size_t n_tasks = r.size(kMinTaskBytes);
  const std::size_t cap_tasks = r.u64();
  const std::size_t n_items = r.size(kMinItemBytes);
  const std::size_t n_customers = r.size(kMinCustomerBytes);
  const std::size_t n_history = r.size(kHistoryBytes);
  if (cap_contacts < n_contacts || cap_contacts > 2 * n_contacts + 64 || cap_tasks < n_tasks ||
      cap_tasks > 2 * n_tasks + 64) {
    r.fail("a table's capacity is inconsistent with its size");
  }
  if (!r.ok()) return;
  const auto n_queues = s.queues.size();
  const auto n_agents = s.agents.size();
  const Limits lim{n_contacts, n_tasks, n_items, n_customers, n_history, n_queues, n_agents};

  s.contacts.clear();
  s.contacts.reserve(cap_contacts);
  s.contacts.resize(n_contacts);
  for (ContactRec& c : s.contacts) {
    c.id = r.str();
    c.queue = idx(r, n_queues, false);
    c.customer = idx(r, n_customers, true);
    c.agent = idx(r, n_agents, true);
    c.place = r.enumeration(Place::kCancelled);
    c.live = r.boolean();
    c.after_work = r.boolean();
    c.gen = r.u32();
    c.cost = r.i32();
    c.arrived = r.i64();
    c.since = r.i64();
    c.key = read_key(r, n_contacts);
    if (!r.ok()) return;
  }
  read_u32s(r, s.free_contacts, n_contacts);
  read_index(r, s.contact_index, n_contacts,
             [&](Idx c) -> const std::string& { return s.contacts[c].id; });
  if (!r.ok()) return;

  s.tasks.clear();
  s.tasks.reserve(cap_tasks);
  s.tasks.resize(n_tasks);
  for (TaskRec& t : s.tasks) {
    t.item = idx(r, n_items, false);
    t.queue = idx(r, n_queues, false);
    t.agent = idx(r, n_agents, true);
    t.step = r.u16();
    t.place = r.enumeration(Place::kCancelled);
    t.flags = r.u8();
    t.live = r.boolean();
    t.progress = r.i32();
    t.cost = r.i32();
    t.gen = r.u32();
    t.since = r.i64();
    t.key = read_key(r, n_tasks);
    if (!r.ok()) return;
  }
  read_u32s(r, s.free_tasks, n_tasks);

  s.items.clear();
  s.items.resize(n_items);
  for (ItemRec& i : s.items) {
    i.id = r.str();
    i.customer = idx(r, n_customers, true);
    i.process = idx(r, s.processes.size(), true);
    i.work_type = idx(r, n_queues, true);
    i.priority = r.i32();
    i.received = r.i64();
    i.due = r.i64();
    i.pending_since = r.i64();
    i.gen = r.u32();
    i.incarnation = r.u32();
    i.retired = r.boolean();
    i.stage = r.u16();
    i.branches_left = r.u16();
    i.place = r.enumeration(Place::kCancelled);
    i.follow_up = r.boolean();
    read_u32s(r, i.open_tasks, n_tasks);
    i.history_last = idx(r, n_history, true);
    if (!r.ok()) return;
    if (!i.retired &&
        (i.process == kNone ? i.work_type == kNone
                            : i.stage > s.processes[i.process].stage_first_steps.size())) {
      r.fail("an item's process, work type or stage is out of range");
      return;
    }
  }
  read_u32s(r, s.free_items, n_items);
  read_index(r, s.item_index, n_items, [&](Idx i) -> const std::string& { return s.items[i].id; });
  s.archive.resize(r.size(kMinClosedBytes));
  for (ClosedItemRec& c : s.archive) {
    c.id = r.str();
    c.customer = idx(r, n_customers, true);
    c.process = idx(r, s.processes.size(), true);
    c.work_type = idx(r, n_queues, true);
    c.place = r.enumeration(Place::kCancelled);
    c.received = r.i64();
    c.closed = r.i64();
    c.history.resize(r.size(kHistoryBytes));
    for (HistoryRec& h : c.history) h = read_history(r, lim, kNone);
    if (!r.ok()) return;
  }

  s.customers.clear();
  s.customers.resize(n_customers);
  for (CustomerRec& c : s.customers) {
    c.id = r.str();
    c.journey.resize(r.size(kMinJourneyBytes));
    for (JourneyRec& j : c.journey) {
      j.time = r.i64();
      j.kind = r.enumeration(JourneyKind::kSelfService);
      j.ref = r.str();
      j.detail = r.str();
    }
    if (!r.ok()) return;
  }
  read_index(r, s.customer_index, n_customers,
             [&](Idx c) -> const std::string& { return s.customers[c].id; });
  if (!r.ok()) return;

  HistoryLog<HistoryRec> log;
  for (std::size_t k = 0; k < n_history && r.ok(); ++k) {
    (void)log.append(read_history(r, lim, static_cast<Idx>(k)));
  }
  s.history_log.swap(log);

  // Steps of tasks: their process is known once items are read.
  for (const TaskRec& t : s.tasks) {
    if (!t.live) continue;
    const ItemRec& item = s.items[t.item];
    const bool single = t.step == kSingleStep;
    if (item.process == kNone ? !single
                              : (single || t.step >= s.processes[item.process].steps.size())) {
      r.fail("a task's step is out of range for its item");
      return;
    }
  }

  s.timers.clear();
  const std::size_t n_timers = r.size(kTimerBytes);
  for (std::size_t k = 0; k < n_timers && r.ok(); ++k) {
    Timer t;
    t.due = r.i64();
    t.seq = r.u64();
    t.kind = r.enumeration(TimerKind::kRule);
    t.work_kind = r.enumeration(WorkKind::kTask);
    t.target = r.u32();
    t.gen = r.u32();
    t.extra = r.u32();
    t.incarnation = r.u32();
    if (!r.ok()) return;
    bool in_range = true;
    switch (t.kind) {
      case TimerKind::kOfferExpiry:
        in_range = t.target < (t.work_kind == WorkKind::kContact ? n_contacts : n_tasks);
        break;
      case TimerKind::kAfterWorkEnd:
      case TimerKind::kServiceLevelCheck:
        in_range = t.target < n_contacts;
        break;
      case TimerKind::kIntervalBoundary:
        break;
      case TimerKind::kRule:
        in_range = t.target < n_items && t.extra < s.rules.size();
        break;
    }
    if (!in_range || t.seq >= s.timer_seq) {
      r.fail("a timer's target or sequence number is out of range");
      return;
    }
    s.timers.push(t, s.now, /*lane_ok=*/false);
  }

  for (QueueInfo& q : s.queues) {
    const std::size_t works = q.real_time ? n_contacts : n_tasks;
    read_queue_set(r, q.human, works);
    read_queue_set(r, q.robot, works);
    q.planned_capacity = r.f64();
    read_start_log(r, q.human_starts);
    read_start_log(r, q.robot_starts);
    read_start_log(r, q.arrivals);
    q.smoothed_rate = r.f64();
    q.interval_count = r.i64();
    q.target = r.i32();
    q.phone_count = r.i32();
    q.phone_share = r.i64();
    q.forecast_rise_at = r.i64();
    q.forecast.clear();
    const std::size_t n_forecast = r.size(32);
    for (std::size_t k = 0; k < n_forecast && r.ok(); ++k) {
      const Time start = r.i64();
      ForecastInterval f;
      f.length = r.i64();
      f.volume = r.f64();
      f.aht_seconds = r.f64();
      q.forecast[start] = f;
    }
    read_blend_set(r, q.phone_blended, n_agents);
    read_blend_set(r, q.office_blended, n_agents);
    if (r.size(8) != q.phone_blended_by_office.size()) {
      r.fail("a queue's blending sets do not match the configuration");
    }
    for (BlendSet& set : q.phone_blended_by_office) read_blend_set(r, set, n_agents);
    if (!r.ok()) return;
  }

  for (AgentRec& a : s.agents) {
    a.logged_in = r.boolean();
    a.state = r.enumeration(AgentState::kTraining);
    a.activity = r.enumeration(ScheduledActivity::kOffline);
    a.activity_until = r.i64();
    a.mode = r.enumeration(AgentMode::kBackOffice);
    a.mode_since = r.i64();
    a.used = r.i32();
    a.idle_since = r.i64();
    a.works.resize(r.size(5));
    for (WorkHandle& h : a.works) {
      h.kind = r.enumeration(WorkKind::kTask);
      h.idx = idx(r, h.kind == WorkKind::kContact ? n_contacts : n_tasks, false);
    }
    a.in_pools = r.boolean();
    a.pool_key = read_pool_key(r, n_agents);
    a.pool_mode = r.enumeration(AgentMode::kBackOffice);
    a.in_blend_sets = r.boolean();
    a.blend_key = read_blend_key(r, n_agents, true);
    a.blend_mode = r.enumeration(AgentMode::kBackOffice);
    a.counted_on_phones = r.boolean();
    a.counted_logged_in = r.boolean();
    a.spare_nodes.clear();
    a.spare_blend_nodes.clear();
    if (!r.ok()) return;
  }

  for (std::size_t k = 0; k < s.skill_ids.size() && r.ok(); ++k) {
    read_pool(r, s.pools_phones[k], n_agents);
    read_pool(r, s.pools_office[k], n_agents);
    read_pool(r, s.pools_robot[k], n_agents);
    s.logged_in_with_skill[k] = r.i32();
  }
  s.skip_work.kind = r.enumeration(WorkKind::kTask);
  s.skip_work.idx = idx(r, s.skip_work.kind == WorkKind::kContact ? n_contacts : n_tasks, true);
  s.skip_agent = idx(r, n_agents, true);
}

}  // namespace tandem::engine::detail
