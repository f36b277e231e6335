// SPDX-License-Identifier: Apache-2.0
// The configuration a snapshot's hash covers: the compiled scenario, policy and options (not
// the start: the clock comes from the snapshot). restore() rebuilds the configuration from the
// scenario as create() does and refuses a snapshot whose hash differs.
#include "engine/internal/snapshot_codec.h"

namespace tandem::engine::detail {

void SnapshotCodec::write_config(const EngineState& s, const Scenario& scenario, ByteWriter& w) {
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

}  // namespace tandem::engine::detail
