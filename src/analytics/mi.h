// SPDX-License-Identifier: Apache-2.0
// Management information over a window of the operation (docs/mi.md): front office per queue
// and interval, back office per scope (process or work type) and interval, people per agent
// and team, unit cost per work type and scope, top performers and team comparison.
//
// MiRecorder consumes the same stream as KpiRecorder (events, actions carried out, and the
// three observations of the engine's state) and FORWARDS it to a KpiRecorder of its own: the
// KPIs both define (offered, answered, abandoned, service level, ASA, completed within SLA,
// throughput, backlog, overdue) come from that one definition, the simulator's. It adds the
// books the KpiRecorder does not keep (handle times, time per agent and work, item work and
// customer waits, ageing).
//
// Window: KpiSettings::origin is the window's start (time 0); measure_until its length; the
// intervals are absolute (period_seconds = the window's length), not folded onto a day.
// Feed facts from the log's start (so that the state is right) and stop at the window's end.
// Pure: no I/O, no clock. Not thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "analytics/kpi_recorder.h"
#include "analytics/kpis.h"

namespace tandem::analytics {

struct MiAgentSettings {
  std::string id;
  std::string team;
  std::string site;
  bool robot = false;
  std::vector<std::string> queues;  // the queues (work types) whose skill the agent holds
};

struct MiSettings {
  KpiSettings kpi;  // queues (SLA targets, short abandons), agents (cost per hour), window
  std::vector<MiAgentSettings> agents;  // same order as kpi.agents
  // Standard handle time per queue (work type), seconds: the queue's mean handle time, or the
  // mean over the process steps of that work type. Efficiency is earned against it.
  std::unordered_map<std::string, double> standard_seconds;
};

// The settings of a scenario for the window [from, from + length): every queue (short abandons
// under `short_abandon_seconds`), agent (team, site, robot, skills, cost), standard times.
MiSettings mi_settings(const Scenario& scenario, Instant from, double length_seconds,
                       double interval_seconds = 900.0, double short_abandon_seconds = 5.0);

// ---- what the report holds (sums; ratios are formed by mi_values or the caller) ----

struct FrontOfficeMi {
  FrontOfficeSums kpi;         // the KpiRecorder's (by the interval the contact arrived in)
  double handled = 0;          // contacts ended (by arrival interval)
  double handle_seconds = 0;   // Σ (end − answer) + after-contact work of handled contacts
  double requeued = 0;         // transfers: answered contacts put back in the queue
  double busy_seconds = 0;     // time agents held the queue's work (split over intervals)
  double skilled_seconds = 0;  // staffed time of the agents holding the queue's skill
};

struct QueueMi {
  std::string queue;
  FrontOfficeMi total;
  std::vector<FrontOfficeMi> by_interval;
};

struct BackOfficeMi {
  double received = 0;               // by the interval of arrival
  double completed = 0;              // by the interval of completion
  double completed_on_time = 0;      // completed by the due time
  double throughput_seconds = 0;     // Σ (completion − receipt) of completed items
  double work_seconds = 0;           // of which some task of the item was held by an agent
  double customer_wait_seconds = 0;  // of which the item waited for the customer
  double escalations = 0;            // Escalate actions about the scope's items
  double open_end = 0;               // open items at the interval's (window's) end
  double in_work_end = 0;            // of which a task is held by an agent (WIP)
};

// Ageing of the open items at the window's end against their SLA: age / (due − receipt).
inline constexpr std::array<const char*, 4> kAgeingBuckets = {"under_50pct", "50_75pct",
                                                              "75_100pct", "overdue"};

struct ScopeMi {
  std::string scope;
  BackOfficeMi total;  // completed_on_time, throughput: the KpiRecorder's (same definition)
  double overdue = 0;  // open and past due at the end (the KpiRecorder's)
  std::array<double, 4> ageing{};
  std::vector<BackOfficeMi> by_interval;
};

struct AgentMi {
  std::string agent, team, site;
  bool robot = false;
  double staffed_seconds = 0;      // logged in, not on a break or lunch
  double productive_seconds = 0;   // staffed, less meetings and training
  double busy_seconds = 0;         // holding work or in after-contact work (union)
  double phones_seconds = 0;       // Σ time holding contacts, with after-contact work
  double back_office_seconds = 0;  // Σ time holding tasks
  double handled = 0;              // contacts ended + tasks done
  double standard_seconds = 0;     // Σ standard handle time of the handled work
  double cost = 0;                 // staffed hours × cost per hour
};

struct WorkCostMi {
  std::string scope;        // a queue (work type) or a back-office scope (process)
  double units = 0;         // contacts handled / tasks done / items completed
  double work_seconds = 0;  // agents' time on it
  double direct_cost = 0;   // Σ work time × the agent's cost per hour
  double loaded_cost = 0;   // each agent's whole cost shared by its work time
};

struct MiReport {
  double interval_seconds = 900;
  std::vector<QueueMi> queues;          // reported (real-time) queues, in settings order
  std::vector<ScopeMi> scopes;          // in the order their first item arrived
  std::vector<AgentMi> agents;          // in settings order
  std::vector<WorkCostMi> queue_costs;  // per queue (work type) with work
  std::vector<WorkCostMi> scope_costs;  // per back-office scope with completed items
  double unallocated_cost = 0;          // staffed cost of agents who held no work
};

class MiRecorder {
 public:
  explicit MiRecorder(MiSettings settings);

  void on_event(const engine::Event& event, double at);
  void on_event(const engine::Event& event);
  void on_action(const engine::Action& action, double at);
  void on_actions(std::span<const engine::Action> actions);
  // KpiRecorder's observations (kpi_recorder.h), forwarded.
  void on_item_received(const ItemReceipt& receipt, double at);
  void on_item_closed(const std::string& item, bool done, double at);
  void on_interval_end(double at);

  MiReport report(double end) const;
  const KpiRecorder& kpis() const { return kpis_; }
  double seconds(Instant t) const;

 private:
  struct Held {
    int agent = -1;
    int queue = -1;  // index in settings.kpi.queues (-1: unknown)
    int item = -1;   // index in items_ (tasks)
    bool contact = false;
    double since = 0;
  };
  struct Contact {
    int queue = -1;
    int arrival_interval = 0;
    bool counted = true;
    bool answered = false;
    double answered_at = 0;
  };
  struct Item {
    int scope = 0;
    double received = 0, due = 0;
    bool counted = true;
    int held = 0;
    double held_since = 0, work = 0;
    double pending_since = -1, customer_wait = 0;
    bool open = true;
  };
  struct Books {
    int held = 0;
    double busy_since = 0;
    bool logged_in = false;
    int state = 0;  // 0 productive, 1 break/lunch, 2 meeting/training
    double since = 0;
    std::vector<double> queue_seconds;  // per queue
    std::unordered_map<int, double> scope_seconds;
  };

  void start(const std::string& agent, const engine::WorkRef& work, const std::string& item,
             const std::string& queue, double at);
  void stop(const std::string& agent, const engine::WorkRef& work, double at, bool done,
            double acw);
  void segment(int agent, double at, int next_state, bool logged_in);
  void add_span(std::vector<double>& by_interval, double from, double to) const;
  double clipped(double from, double to) const;
  bool in_window(double t) const { return t >= 0 && t < until_; }
  int interval_of(double t) const;
  int queue_of(const std::string& id) const;
  int agent_of(const std::string& id) const;
  int scope_of(const std::string& name);
  int item_index(const std::string& id) const;
  static std::string key(const engine::WorkRef& work);

  MiSettings settings_;
  KpiRecorder kpis_;
  double until_ = 0;
  int intervals_ = 1;
  std::unordered_map<std::string, int> queue_index_, agent_index_, item_index_;
  std::unordered_map<std::string, Contact> contacts_;
  std::unordered_map<std::string, Held> held_;
  std::vector<Item> items_;
  std::vector<Books> books_;
  std::vector<AgentMi> agents_;
  std::vector<double> queue_standard_;
  std::vector<std::vector<int>> agent_queues_;  // per agent: the queues whose skill it holds
  std::unordered_map<std::string, std::pair<std::string, std::string>> offers_;  // item, queue
  std::vector<std::vector<FrontOfficeMi>> queue_by_interval_;
  std::vector<FrontOfficeMi> queue_total_;
  std::vector<std::vector<double>> queue_busy_, queue_skilled_;  // per queue, per interval
  std::vector<double> queue_units_;                              // tasks done per queue
  std::vector<std::string> scope_names_;
  std::vector<std::vector<BackOfficeMi>> scope_by_interval_;
  std::vector<BackOfficeMi> scope_total_;
};

// ---- derived values, one definition each (docs/mi.md) ----

// Every KPI of a report as a ratio: scope is a queue, a back-office scope, an agent, a team
// ("team:<id>"), a site ("site:<id>") or "cost:<scope>"; interval -1 is the whole window.
std::vector<KpiValue> mi_values(const MiReport& report);

// The people KPIs of a group of agents (a team, a site, everyone): sums of AgentMi.
AgentMi sum_agents(const std::vector<const AgentMi*>& agents, const std::string& name);

struct Ranked {
  int rank = 0;  // 1 = best; 0 = not ranked (under the minimum volume)
  const AgentMi* agent = nullptr;
  double efficiency = 0;  // standard seconds / productive seconds
  double per_hour = 0;    // handled per productive hour
};

// The people of one team (robots excluded), best first: efficiency against standard times
// (fair to the work mix), then volume; an agent with fewer than `min_volume` handled units is
// listed last, unranked.
std::vector<Ranked> leaderboard(const MiReport& report, const std::string& team, double min_volume);

}  // namespace tandem::analytics
