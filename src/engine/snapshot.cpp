// SPDX-License-Identifier: Apache-2.0
// Engine snapshots (docs/engine.md "Snapshots"): the whole mutable state as bytes, and back.
//
// Layout: a 36-byte header (magic "TNDMSNAP", u32 format version, u64 configuration hash, u64
// payload length, u64 FNV-1a 64 checksum of the payload), then the payload: the live state in a
// fixed order of little-endian fixed-width fields (internal/byte_io.h). The configuration (the
// compiled scenario, policy and options) is not stored: restore() rebuilds it from the scenario
// as create() does and compares its hash with the snapshot's.
//
// Canonical: containers whose layout does not change behaviour (the timer queue's lanes, the
// id indexes' slots, the start logs' ring position, the queue sets' blocks) are written in
// their logical order, so snapshot -> restore -> snapshot gives the same bytes. Pure caches
// (blending's Erlang memo) are not stored: they are functions of the configuration.
#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#include "engine/engine.h"
#include "engine/internal/byte_io.h"
#include "engine/state.h"

namespace tandem::engine {

namespace detail {

namespace {

constexpr char kMagic[8] = {'T', 'N', 'D', 'M', 'S', 'N', 'A', 'P'};
constexpr std::size_t kHeaderBytes = 8 + 4 + 8 + 8 + 8;

}  // namespace

// The codec: a friend of the containers whose insides it saves (StartLog).
class SnapshotCodec {
 public:
  // ---------------------------------------------------------------- configuration hash

  static void write_config(const EngineState& s, const Scenario& scenario, ByteWriter& w) {
    const Policy& p = s.policy;
    w.str(p.id);
    w.str(p.name);
    w.boolean(p.blending);
    w.f64(p.phone_margin_agents);
    w.f64(p.hysteresis_agents);
    w.i32(p.min_usable_chunk_minutes);
    w.boolean(p.phones_take_deferrable_contacts);
    w.u8(static_cast<std::uint8_t>(p.recall_mode));
    w.i32(p.offer_timeout_seconds);
    w.boolean(p.not_ready_on_reject);
    w.f64(p.arrival_smoothing);
    w.u8(static_cast<std::uint8_t>(p.agent_selection));
    // Options, except the start (the clock comes from the snapshot).
    w.u64(s.options.seed);
    w.boolean(s.options.robot_failures_by_rate);
    w.boolean(s.options.track_history);
    w.boolean(s.options.retire_closed_items);
    w.i32(s.options.chunk_lookahead);
    write_strings(s.skill_ids, w);
    write_strings(s.channel_ids, w);
    write_bools(s.channel_real_time, w);
    write_bools(s.channel_pausable, w);
    write_strings(s.team_ids, w);
    w.size(scenario.sites.size());
    for (const Site& site : scenario.sites) {
      w.str(site.id);
      w.str(site.time_zone);
      for (const auto& day : site.opening_hours.days) {
        w.size(day.size());
        for (const OpeningWindow& win : day) {
          w.i64(win.open.count());
          w.i64(win.close.count());
        }
      }
      w.size(site.holidays.size());
      for (const LocalDays& d : site.holidays) w.i64(d.time_since_epoch().count());
    }
    w.u32(s.default_calendar);
    w.i64(s.interval_seconds);
    w.size(s.queues.size());
    for (const QueueInfo& q : s.queues) {
      w.str(q.id);
      w.u32(q.skill);
      w.u32(q.channel);
      w.boolean(q.real_time);
      w.boolean(q.pausable);
      w.boolean(q.synthetic);
      w.boolean(q.back_office);
      w.i32(q.priority);
      w.f64(q.aht_seconds);
      w.f64(q.acw_seconds);
      w.f64(q.sl_target);
      w.f64(q.sl_seconds);
      const staffing::StaffingTargets& t = q.staffing_targets;
      write_optional(t.service_level, w);
      w.f64(t.target_seconds);
      w.boolean(t.service_level_over_answered);
      write_optional(t.max_asa_seconds, w);
      write_optional(t.max_abandon, w);
      write_optional(t.max_occupancy, w);
      write_optional(q.patience_seconds, w);
      w.i32(q.concurrency);
      w.u32(q.calendar);
      write_deadline(q.deadline, w);
      w.size(q.blend_office_queues.size());
      for (Idx oq : q.blend_office_queues) w.u32(oq);
    }
    write_u32s(s.rt_queue_list, w);
    w.size(s.processes.size());
    for (const ProcessInfo& p2 : s.processes) {
      w.str(p2.id);
      w.size(p2.steps.size());
      for (const StepInfo& st : p2.steps) {
        w.str(st.id);
        w.u32(st.queue);
        w.f64(st.mean_seconds);
        w.boolean(st.robot_only);
        w.f64(st.qc_rate);
        w.u32(st.qc_queue);
        w.u16(st.stage);
        w.u16(st.branch);
        w.u16(st.next);
        w.f64(st.branch_rest_seconds);
        w.f64(st.pending_seconds);
      }
      w.size(p2.stage_first_steps.size());
      for (const auto& firsts : p2.stage_first_steps) {
        w.size(firsts.size());
        for (std::uint16_t f : firsts) w.u16(f);
      }
      w.size(p2.work_after_stage.size());
      for (double x : p2.work_after_stage) w.f64(x);
      write_deadline(p2.deadline, w);
      w.u32(p2.calendar);
    }
    w.size(s.agents.size());
    for (const AgentRec& a : s.agents) {
      w.str(a.id);
      w.u32(a.team);
      w.boolean(a.robot);
      w.f64(a.failure_rate);
      w.size(a.skills.size());
      for (const auto& [skill, prof] : a.skills) {
        w.u32(skill);
        w.f32(prof);
      }
      write_u32s(a.rt_queues, w);
      write_u32s(a.office_queues, w);
      w.size(a.cost.size());
      for (std::int32_t c : a.cost) w.i32(c);
      w.boolean(a.blended_capable);
      w.boolean(a.back_office_team);
      w.i64(a.phone_share);
    }
    w.size(s.rules.size());
    for (const Rule& r : s.rules) {
      w.str(r.id);
      w.enumeration(r.trigger);
      w.boolean(r.duration.has_value());
      if (r.duration) {
        w.f64(r.duration->amount);
        w.enumeration(r.duration->unit);
      }
      w.size(r.conditions.size());
      for (const RuleCondition& c : r.conditions) {
        w.enumeration(c.field);
        w.enumeration(c.op);
        w.f64(c.number);
        w.str(c.text);
      }
      w.enumeration(r.action.kind);
      w.str(r.action.target);
      w.i32(r.action.amount);
    }
    w.size(s.exception_queue_of_skill.size());
    for (const auto& [skill, queue] : s.exception_queue_of_skill) {
      w.u32(skill);
      w.u32(queue);
    }
  }

  // ---------------------------------------------------------------- state: write

  static void write_state(const EngineState& s, ByteWriter& w) {
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

  // ---------------------------------------------------------------- state: read

  // Reads into `s`, a state fresh from create() (its configuration is the snapshot's: the
  // caller compared the hashes). Every index is checked against the table it points into.
  static void read_state(EngineState& s, ByteReader& r) {
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
    read_index(r, s.item_index, n_items,
               [&](Idx i) -> const std::string& { return s.items[i].id; });
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

 private:
  // The fewest bytes a record can take: a count larger than the bytes left is corrupt.
  static constexpr std::size_t kMinContactBytes = 8 + 12 + 3 + 8 + 16 + 24;
  static constexpr std::size_t kMinTaskBytes = 12 + 2 + 3 + 12 + 8 + 24;
  static constexpr std::size_t kMinItemBytes = 8 + 12 + 28 + 8 + 7 + 8 + 4;
  static constexpr std::size_t kMinCustomerBytes = 16;
  static constexpr std::size_t kMinClosedBytes = 8 + 12 + 1 + 16 + 8;
  static constexpr std::size_t kMinJourneyBytes = 8 + 1 + 16;
  static constexpr std::size_t kHistoryBytes = 4 + 4 + 4 + 2 + 1 + 1;
  static constexpr std::size_t kTimerBytes = 8 + 8 + 2 + 16;

  struct Limits {
    std::size_t contacts, tasks, items, customers, history, queues, agents;
  };

  // An index below `limit` (or kNone when allowed).
  static Idx idx(ByteReader& r, std::size_t limit, bool none_ok) {
    const Idx v = r.u32();
    if (v == kNone ? !none_ok : v >= limit) {
      r.fail("an index is out of range");
      return none_ok ? kNone : 0;
    }
    return v;
  }

  static void write_strings(const std::vector<std::string>& v, ByteWriter& w) {
    w.size(v.size());
    for (const auto& x : v) w.str(x);
  }
  static void write_bools(const std::vector<bool>& v, ByteWriter& w) {
    w.size(v.size());
    for (bool x : v) w.boolean(x);
  }
  static void write_u32s(const std::vector<Idx>& v, ByteWriter& w) {
    w.size(v.size());
    for (Idx x : v) w.u32(x);
  }
  static void read_u32s(ByteReader& r, std::vector<Idx>& v, std::size_t limit) {
    v.resize(r.size(4));
    for (Idx& x : v) x = idx(r, limit, false);
  }
  static void write_optional(const std::optional<double>& v, ByteWriter& w) {
    w.boolean(v.has_value());
    w.f64(v.value_or(0.0));
  }
  static void write_deadline(const std::optional<Deadline>& d, ByteWriter& w) {
    w.boolean(d.has_value());
    w.u8(d ? static_cast<std::uint8_t>(d->unit) : 0);
    w.f64(d ? d->amount : 0.0);
  }

  static void write_key(const QueueKey& k, ByteWriter& w) {
    w.i32(k.neg_priority);
    w.i64(k.slack_ref);
    w.i64(k.age_ref);
    w.u32(k.work);
  }
  // A key's work may be kNone in a record that is not queued (the key is then unused).
  static QueueKey read_key(ByteReader& r, std::size_t works) {
    QueueKey k;
    k.neg_priority = r.i32();
    k.slack_ref = r.i64();
    k.age_ref = r.i64();
    k.work = idx(r, works, true);
    return k;
  }
  static void write_queue_set(const QueueSet& set, ByteWriter& w) {
    w.size(set.size());
    for (const QueueKey& k : set) write_key(k, w);
  }
  static void read_queue_set(ByteReader& r, QueueSet& set, std::size_t works) {
    set = QueueSet{};
    const std::size_t n = r.size(24);
    QueueKey last;
    for (std::size_t k = 0; k < n && r.ok(); ++k) {
      const QueueKey key = read_key(r, works);
      if (key.work == kNone || (k > 0 && !(last < key))) r.fail("a queue's order is broken");
      if (!r.ok()) return;
      set.insert(key);
      last = key;
    }
  }

  static void write_pool_key(const PoolKey& k, ByteWriter& w) {
    w.i32(k.used);
    w.f32(k.proficiency);
    w.i64(k.idle_since);
    w.u32(k.agent);
  }
  static PoolKey read_pool_key(ByteReader& r, std::size_t agents) {
    PoolKey k;
    k.used = r.i32();
    k.proficiency = r.f32();
    k.idle_since = r.i64();
    k.agent = idx(r, agents, true);
    return k;
  }
  static void write_pool(const Pool& pool, ByteWriter& w) {
    w.size(pool.size());
    for (const PoolKey& k : pool) write_pool_key(k, w);
  }
  static void read_pool(ByteReader& r, Pool& pool, std::size_t agents) {
    pool.clear();
    const std::size_t n = r.size(20);
    for (std::size_t k = 0; k < n && r.ok(); ++k) {
      const PoolKey key = read_pool_key(r, agents);
      if (!r.ok()) return;
      pool.emplace_hint(pool.end(), key);
      if (key.agent == kNone || pool.size() != k + 1) r.fail("a skill pool is corrupt");
    }
  }

  static void write_blend_key(const BlendKey& k, ByteWriter& w) {
    w.i32(k.rank);
    w.i64(k.since);
    w.u32(k.agent);
  }
  static BlendKey read_blend_key(ByteReader& r, std::size_t agents, bool none_ok) {
    BlendKey k;
    k.rank = r.i32();
    k.since = r.i64();
    k.agent = idx(r, agents, none_ok);
    return k;
  }
  static void write_blend_set(const BlendSet& set, ByteWriter& w) {
    w.size(set.size());
    for (const BlendKey& k : set) write_blend_key(k, w);
  }
  static void read_blend_set(ByteReader& r, BlendSet& set, std::size_t agents) {
    set.clear();
    const std::size_t n = r.size(16);
    for (std::size_t k = 0; k < n && r.ok(); ++k) {
      const BlendKey key = read_blend_key(r, agents, false);
      if (!r.ok()) return;
      set.emplace_hint(set.end(), key);
      if (set.size() != k + 1) r.fail("a blending set is corrupt");
    }
  }

  static void write_history(const HistoryRec& h, ByteWriter& w) {
    w.i32(h.time);
    w.u32(h.agent);
    w.u32(h.prev);
    w.u16(h.step);
    w.enumeration(h.kind);
    w.u8(h.task_flags);
  }
  // `self`: the line's index in the log (its `prev` must be before it), kNone in an archive.
  static HistoryRec read_history(ByteReader& r, const Limits& lim, Idx self) {
    HistoryRec h;
    h.time = r.i32();
    h.agent = idx(r, lim.agents, true);
    h.prev = r.u32();
    if (self != kNone && h.prev != kNone && h.prev >= self) r.fail("a history link is corrupt");
    h.step = r.u16();
    h.kind = r.enumeration(HistoryKind::kCancelled);
    h.task_flags = r.u8();
    return h;
  }

  static void write_start_log(const StartLog& log, ByteWriter& w) {
    w.size(log.count_);
    for (std::size_t k = 0; k < log.count_; ++k) {
      const StartLog::Mark& m = log.at(k);
      w.i64(m.time);
      w.f64(m.starts);
      w.f64(m.open_seconds);
    }
    w.f64(log.starts_);
    w.f64(log.open_seconds_);
    w.i64(log.last_start_);
    w.boolean(log.backlogged_);
  }
  static void read_start_log(ByteReader& r, StartLog& log) {
    log = StartLog{};
    const std::size_t n = r.size(24);
    if (n > StartLog::kMarks) r.fail("a start log has too many checkpoints");
    if (!r.ok()) return;
    for (std::size_t k = 0; k < n; ++k) {
      StartLog::Mark& m = log.marks_[k];
      m.time = r.i64();
      m.starts = r.f64();
      m.open_seconds = r.f64();
    }
    log.count_ = n;
    log.starts_ = r.f64();
    log.open_seconds_ = r.f64();
    log.last_start_ = r.i64();
    log.backlogged_ = r.boolean();
  }

  // Ids are taken from the records; the slot count is the saved table's.
  static void write_index(const IdIndex& index, ByteWriter& w) {
    std::vector<Idx> ids;
    ids.reserve(index.size());
    index.for_each([&](Idx i) { ids.push_back(i); });
    std::sort(ids.begin(), ids.end());
    w.size(index.slot_count());
    write_u32s(ids, w);
  }
  template <class IdOf>
  static void read_index(ByteReader& r, IdIndex& index, std::size_t records, const IdOf& id_of) {
    const std::size_t slots = r.u64();
    std::vector<Idx> ids;
    read_u32s(r, ids, records);
    if (!r.ok()) return;
    if (slots > 4 * (records + 64) || !index.reset(slots)) {
      r.fail("an id index has an impossible size");
      return;
    }
    for (Idx i : ids) {
      if (index.find(id_of(i), id_of) != IdIndex::kMissing) {
        r.fail("an id is indexed twice");
        return;
      }
      index.insert(id_of(i), i);
    }
  }
};

std::uint64_t EngineState::compute_config_hash(const Scenario& scenario) const {
  ByteWriter w;
  SnapshotCodec::write_config(*this, scenario, w);
  return fnv1a64(w.bytes());
}

void EngineState::save(ByteWriter& w) const { SnapshotCodec::write_state(*this, w); }

Status EngineState::load(std::string_view payload) {
  ByteReader r(payload);
  SnapshotCodec::read_state(*this, r);
  if (r.ok() && !r.at_end()) r.fail("bytes are left after the state");
  if (!r.ok()) return Status::invalid_argument(fmt::format("snapshot: corrupt: {}", r.error()));
  if (Status st = check(); !st.is_ok()) {
    return Status::internal("snapshot: the restored state is inconsistent: " + st.message());
  }
  return Status::ok();
}

}  // namespace detail

// ---------------------------------------------------------------- Engine

Result<std::string> Engine::snapshot() const {
  const State& s = *state_;
  if (s.out != nullptr) return Status::conflict("snapshot: called while an event is handled");
  detail::ByteWriter w;
  w.bytes().append(detail::kMagic, sizeof(detail::kMagic));
  w.u32(static_cast<std::uint32_t>(kSnapshotFormat));
  w.u64(s.config_hash);
  w.u64(0);  // the payload's length and checksum, filled in below
  w.u64(0);
  s.save(w);
  std::string bytes = std::move(w.bytes());
  const std::string_view payload = std::string_view(bytes).substr(detail::kHeaderBytes);
  detail::ByteWriter tail;
  tail.size(payload.size());
  tail.u64(detail::fnv1a64(payload));
  bytes.replace(detail::kHeaderBytes - 16, 16, tail.bytes());
  return bytes;
}

Result<Engine> Engine::restore(const Scenario& scenario, const Policy& policy,
                               EngineOptions options, std::string_view bytes) {
  if (bytes.size() < detail::kHeaderBytes) {
    return Status::invalid_argument(
        fmt::format("snapshot: truncated: {} bytes, the header alone is {}", bytes.size(),
                    detail::kHeaderBytes));
  }
  if (std::memcmp(bytes.data(), detail::kMagic, sizeof(detail::kMagic)) != 0) {
    return Status::invalid_argument("snapshot: not an engine snapshot (bad magic)");
  }
  detail::ByteReader header(bytes.substr(sizeof(detail::kMagic)));
  const std::uint32_t version = header.u32();
  const std::uint64_t config_hash = header.u64();
  const std::uint64_t length = header.u64();
  const std::uint64_t checksum = header.u64();
  if (version != static_cast<std::uint32_t>(kSnapshotFormat)) {
    return Status::invalid_argument(fmt::format(
        "snapshot: format version {}, this engine reads version {}", version, kSnapshotFormat));
  }
  const std::string_view payload = bytes.substr(detail::kHeaderBytes);
  if (length != payload.size()) {
    return Status::invalid_argument(
        fmt::format("snapshot: truncated or padded: the header says {} payload bytes, {} follow",
                    length, payload.size()));
  }
  if (detail::fnv1a64(payload) != checksum) {
    return Status::invalid_argument("snapshot: corrupt: the payload checksum does not match");
  }
  auto created = create(scenario, policy, options);
  if (!created.is_ok()) return created.status();
  Engine engine = std::move(created).value();
  if (engine.state_->config_hash != config_hash) {
    return Status::invalid_argument(
        "snapshot: taken with another configuration (scenario, policy or engine options)");
  }
  if (Status st = engine.state_->load(payload); !st.is_ok()) return st;
  return engine;
}

}  // namespace tandem::engine
