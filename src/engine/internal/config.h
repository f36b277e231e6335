// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: the configuration part of EngineState (state.h), filled once by
// compile.cpp (internal/compile.h) and fixed after create: dense ids, queues, processes, agents,
// rules and calendars. The queue and agent records also carry the live fields the other parts
// keep per queue or per agent (marked "live"), so that one index reaches both.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "engine/engine.h"
#include "engine/eta.h"
#include "engine/id_index.h"
#include "engine/internal/basics.h"
#include "engine/internal/blending_state.h"
#include "engine/internal/routing_state.h"
#include "engine/rules.h"
#include "model/calendar.h"
#include "staffing/staffing.h"

namespace tandem::engine::detail {

struct QueueInfo {
  std::string id;
  Idx skill = kNone;
  Idx channel = kNone;
  bool real_time = false;
  bool pausable = false;
  bool synthetic = false;  // an exception queue made for a "route skill" rule
  // Back-office work (a process step's or quality check's work type, or an exception queue);
  // the other deferrable queues (email, call-backs) are front-office contact queues.
  bool back_office = false;
  int priority = 1;
  double aht_seconds = 300.0;
  double acw_seconds = 0.0;
  double sl_target = 0.8;  // share answered within sl_seconds
  double sl_seconds = 20.0;
  // What blending asks the staffing module for (real-time queues): every target of the queue's
  // SLA (service level, ASA, abandonment when the patience is known: Erlang A), and the
  // channel's concurrency (a chat agent is `concurrency` servers).
  staffing::StaffingTargets staffing_targets;
  std::optional<double> patience_seconds;
  int concurrency = 1;
  Idx calendar = kNone;
  std::optional<Deadline> deadline;
  // live
  QueueSet human;                  // waiting contacts (real-time) or tasks for people
  QueueSet robot;                  // waiting robot-only tasks
  double planned_capacity = -1.0;  // CapacityPlanned; < 0: unset
  // Observed throughput (deferrable queues): tasks handed to people / to robots (eta.h).
  StartLog human_starts, robot_starts;
  StartLog arrivals;  // tasks created in it (eta.cpp: its inflow rate)
  // blending (real-time queues)
  double smoothed_rate = 0.0;  // arrivals per second
  std::int64_t interval_count = 0;
  int target = 0;       // agents blending keeps on the phones for this queue
  int phone_count = 0;  // available agents on the phones holding the skill
  // The same agents as blending counts them: one holding k real-time queues counts 1/k in each
  // (in units of 1/kPhoneShare), so an agent shared by two lines is not counted twice.
  std::int64_t phone_share = 0;
  Time forecast_rise_at = kNever;
  std::map<Time, ForecastInterval> forecast;
  BlendSet phone_blended;   // blended agents on the phones holding this skill (release order)
  BlendSet office_blended;  // blended agents released holding this skill (recall order)
  // The deferrable queues some blended agent holds together with this real-time queue (sorted),
  // and per entry the blended agents on the phones holding both: release picks from the entries
  // whose queue has the most urgent waiting work first.
  std::vector<Idx> blend_office_queues;
  std::vector<BlendSet> phone_blended_by_office;
  // Agents needed, memoised per (rate bucket of 0.1 %, AHT in seconds): see blending.cpp.
  mutable std::map<std::pair<std::int64_t, std::int64_t>, int> erlang_memo;
  // The last question and answer (most evaluations ask again with the same rate and AHT).
  mutable double last_need_rate = -1.0;  // at the queue's own AHT
  mutable int last_need = 0;
};

struct StepInfo {
  std::string id;
  Idx queue = kNone;
  double mean_seconds = 0.0;
  bool robot_only = false;  // robot-eligible and some robot holds the skill
  double qc_rate = 0.0;
  Idx qc_queue = kNone;
  std::uint16_t stage = 0;
  std::uint16_t branch = 0;
  std::uint16_t next = kSingleStep;  // next step of the branch
  double branch_rest_seconds = 0.0;  // this step and the rest of its branch
  double pending_seconds = 0.0;      // expected wait for the customer after it (probability x mean)
};

struct ProcessInfo {
  std::string id;
  std::vector<StepInfo> steps;  // stage order, branches in order
  std::vector<std::vector<std::uint16_t>> stage_first_steps;
  std::vector<double> work_after_stage;  // work of the stages after stage s (longest branches)
  std::optional<Deadline> deadline;
  Idx calendar = kNone;
};

struct AgentRec {
  std::string id;
  Idx team = kNone;
  bool robot = false;
  double failure_rate = 0.0;
  std::vector<std::pair<Idx, float>> skills;  // (skill, proficiency), sorted by skill
  std::vector<Idx> rt_queues;                 // real-time queues of its skills
  std::vector<Idx> office_queues;             // deferrable queues of its skills
  std::vector<std::int32_t> cost;             // capacity units per channel
  bool blended_capable = false;
  bool back_office_team = false;  // its team's office (Team::office, or derived)
  // live
  bool logged_in = false;
  AgentState state = AgentState::kAvailable;
  ScheduledActivity activity = ScheduledActivity::kBlended;
  Time activity_until = kNever;
  AgentMode mode = AgentMode::kPhones;
  Time mode_since = 0;
  std::int32_t used = 0;
  Time idle_since = 0;
  std::vector<WorkHandle> works;  // offered and assigned
  // where the agent is indexed (so that it can be removed exactly)
  bool in_pools = false;
  std::vector<Pool::node_type> spare_nodes;  // pool nodes kept while out of the pools (no malloc)
  PoolKey pool_key;
  AgentMode pool_mode = AgentMode::kPhones;
  bool in_blend_sets = false;
  std::vector<BlendSet::node_type> spare_blend_nodes;
  BlendKey blend_key;
  AgentMode blend_mode = AgentMode::kPhones;
  bool counted_on_phones = false;
  std::int64_t phone_share = 0;  // kPhoneShare / number of real-time queues held (set at create)
  bool counted_logged_in = false;
};

struct EngineConfig {
  Policy policy;
  EngineOptions options;
  std::vector<std::string> skill_ids;
  std::vector<std::string> channel_ids;
  std::vector<bool> channel_real_time;
  std::vector<bool> channel_pausable;
  std::vector<std::string> team_ids;
  std::vector<BusinessCalendar> calendars;
  Idx default_calendar = kNone;
  std::vector<QueueInfo> queues;
  std::vector<Idx> rt_queue_list;
  std::vector<ProcessInfo> processes;
  std::vector<AgentRec> agents;
  std::vector<Rule> rules;
  std::unordered_map<std::string, Idx, IdHash> skill_index, queue_index, process_index;
  IdIndex agent_index;                          // ids in agents[i].id
  std::map<Idx, Idx> exception_queue_of_skill;  // synthetic queues for "route skill" rules
  Time interval_seconds = 900;
  // A hash of everything above (and of the sites' calendars): a snapshot records it, and
  // restore() refuses a snapshot whose engine was built from another configuration.
  std::uint64_t config_hash = 0;

  Idx find_agent(std::string_view id) const;  // kNone when unknown
};

}  // namespace tandem::engine::detail
