// SPDX-License-Identifier: Apache-2.0
// The work: SLAs, queues (work types) and back-office processes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/distribution.h"

namespace tandem {

enum class SlaKind {
  kFrontOffice,  // X% answered within T seconds, max abandonment, max ASA
  kBackOffice,   // X% completed within D (hours, business hours or business days) of receipt
  kEndToEnd,     // one clock for a customer request that crosses both offices
};

enum class DeadlineUnit { kHours, kBusinessHours, kBusinessDays };

struct Deadline {
  DeadlineUnit unit = DeadlineUnit::kHours;
  double amount = 0.0;
};

struct Sla {
  std::string id;
  std::string name;
  SlaKind kind = SlaKind::kFrontOffice;
  // front office
  double answered_percent = 80.0;
  double answer_within_seconds = 20.0;
  std::optional<double> max_abandon_percent;
  std::optional<double> max_asa_seconds;
  // back office and end-to-end
  double completed_percent = 95.0;
  Deadline deadline;
};

// Where work of one kind waits: channel + required skill + priority + SLA. A back-office
// queue is a work type that process steps refer to.
struct Queue {
  std::string id;
  std::string name;
  std::string channel;  // Channel id
  std::string skill;    // Skill id
  int priority = 1;     // higher is served first
  std::string sla;      // Sla id
  std::string site;     // Site id: opening hours and time zone of this work
  Distribution handle_time;
  double after_contact_seconds = 0.0;
  std::optional<double> patience_mean_seconds;  // real-time: mean customer patience
};

// A wait after a step: with `probability` the item waits (e.g. pending customer documents)
// for a time drawn from `duration` before the process continues.
struct WaitState {
  std::string id;
  std::string name;
  double probability = 0.0;
  Distribution duration;
};

struct ProcessStep {
  std::string id;
  std::string name;
  std::string work_type;  // Queue id (a deferrable channel)
  Distribution handle_time;
  bool robot_eligible = false;
  double quality_check_rate = 0.0;      // share of completions sampled for a quality check
  std::string quality_check_work_type;  // Queue id of the check (default: the step's own)
  std::vector<WaitState> waits;         // after the step
};

// A stage runs its branches in parallel and joins them before the next stage; each branch is
// a sequence of steps. A plain step is a stage of one branch of one step.
struct ProcessStage {
  std::vector<std::vector<ProcessStep>> branches;
  bool is_parallel() const { return branches.size() > 1; }
};

struct Process {
  std::string id;
  std::string name;
  std::string sla;      // Sla id (back-office or end-to-end)
  std::string channel;  // what starts it, e.g. "back_office" (received by post/online)
  std::vector<ProcessStage> stages;

  // All steps in stage order, branches in order.
  std::vector<const ProcessStep*> steps() const;
};

const char* to_string(SlaKind kind);
const char* to_string(DeadlineUnit unit);

}  // namespace tandem
