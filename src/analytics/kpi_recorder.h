// SPDX-License-Identifier: Apache-2.0
// The KPI recorder: one definition of every KPI (analytics/kpis.h, docs/mi.md) computed from
// the stream of engine events and actions, for the simulator and the live platform alike.
//
// Feed it, in the order they happened, the events of the operation (on_event) and the
// actions carried out (on_action), plus the three facts the stream does not carry (see
// "Observations"). Work starts when an AssignWork is carried out or an OfferAccepted is
// accepted; it stops at ContactEnded, StepDone / StepFailed, WorkPaused, or a WithdrawWork /
// PauseTask carried out. Agents are staffed from AgentLoggedIn to AgentLoggedOut except while
// in AgentState kBreak or kLunch. Events the recorder does not need are ignored, so the whole
// stream may be fed.
//
// Time: seconds (double) since KpiSettings::origin. The `at` overloads take the exact time of
// the fact (a simulator's clock is finer than the events' whole seconds); the others use the
// event's or action's own time. Times never go backwards.
// Sums are accumulated in the order facts arrive, so the same stream gives bit-identical KPIs.
// Not thread-safe. Cost: O(1) hash look-ups per fact; memory O(open contacts, items, tasks).
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "analytics/kpis.h"
#include "engine/actions.h"
#include "engine/events.h"

namespace tandem::analytics {

// What the engine decided about an item at receipt (its due time from the SLA and calendar,
// its ETA) and how the KPIs file it: none of it is in the WorkItemCreated event, so a host
// reads it from the engine (Engine::item, Engine::eta) after handling the event.
struct ItemReceipt {
  std::string item;
  std::string scope;    // KPIs are reported under this name (e.g. the process or work type)
  double received = 0;  // receipt (may be before it arrived: a letter received earlier)
  double due = std::numeric_limits<double>::infinity();
  double eta = std::numeric_limits<double>::infinity();  // predicted completion (inf: none)
  // The completion given from outside (a replayed log), for log_throughput_hours (NaN: none).
  double logged_completion = std::numeric_limits<double>::quiet_NaN();
};

class KpiRecorder {
 public:
  explicit KpiRecorder(KpiSettings settings);

  void on_event(const engine::Event& event, double at);
  void on_event(const engine::Event& event);
  void on_action(const engine::Action& action, double at);
  void on_actions(std::span<const engine::Action> actions);

  // ---- Observations: facts of the engine's state that no event or action carries ----
  // An item was received (call once, after its WorkItemCreated was handled; `at`: its arrival,
  // which decides whether it is counted).
  void on_item_received(const ItemReceipt& receipt, double at);
  // The engine re-predicted an open item's completion (e.g. after a step done).
  void on_eta_update(const std::string& item, double predicted);
  // Whether on_eta_update is recorded for the item (open, counted, predicted at receipt): a
  // host may skip asking the engine otherwise.
  bool tracks_eta(const std::string& item) const;
  // The item left the engine: done (its process finished) or cancelled. The engine says so
  // in its item state, not with an action.
  void on_item_closed(const std::string& item, bool done, double at);
  // An interval boundary passed: the backlog of every scope is recorded for the interval
  // ending at `at` (after a warm-up only). The host calls it at each boundary, so facts at the
  // boundary's instant fall on the side they were fed on.
  void on_interval_end(double at);

  // The KPIs so far, the books of agents still staffed or busy closed at `end`.
  KpiReport report(double end) const;
  const KpiSettings& settings() const { return settings_; }
  // The interval (of the period) a time falls in.
  int interval_of(double t) const;

 private:
  enum class ContactState : std::uint8_t { kWaiting, kInService };
  struct Contact {
    int queue = 0;
    double arrival = 0;
    int agent = -1;
    ContactState state = ContactState::kWaiting;
    bool counted = true;
  };
  struct Task {
    int agent = -1;
  };
  struct Item {
    int scope = 0;
    double received = 0;
    double due = 0;
    double eta = 0;
    double logged_completion = 0;
    std::vector<double> eta_updates;
    bool counted = true;
  };
  struct AgentBooks {
    int held = 0;
    bool logged_in = false;
    bool on_break = false;
    double staffed_since = 0;
    double busy_since = 0;
  };
  struct Scope {
    BackOfficeSums sums;
    int open = 0;
    EtaSums eta;
    std::vector<EtaSums> eta_by_interval;
  };

  void start_work(const std::string& agent, const engine::WorkRef& work, double at);
  void stop_work(const std::string& agent, const engine::WorkRef& work, double at);
  void contact_ended(const engine::ContactEnded& e, double at);
  void task_finished(const std::string& task, double at);
  void agent_state(const engine::AgentStateChanged& e, double at);
  void logged_out(const std::string& agent, double at);
  void hold(int agent, double at);
  void release(int agent, double at);
  void add_staffed(int agent, double from, double to, WorkforceSums& into) const;
  void record_eta(const Item& item, double at);
  int scope_of(const std::string& name);
  int agent_of(const std::string& id) const;
  double clipped(double from, double to) const;
  double seconds(Instant t) const;

  KpiSettings settings_;
  int intervals_ = 96;
  std::unordered_map<std::string, int> queue_index_;
  std::unordered_map<std::string, int> agent_index_;
  std::unordered_map<std::string, Contact> contacts_;
  std::unordered_map<std::string, Task> tasks_;  // running tasks
  std::unordered_map<std::string, Item> items_;  // open items
  std::vector<AgentBooks> agents_;
  std::vector<FrontOfficeSums> queue_total_;
  std::vector<std::vector<FrontOfficeSums>> queue_interval_;
  std::vector<std::string> scope_names_;
  std::vector<Scope> scopes_;
  std::vector<BacklogAtInterval> backlog_;
  WorkforceSums workforce_;
};

}  // namespace tandem::analytics
