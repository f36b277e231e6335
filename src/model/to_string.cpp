// SPDX-License-Identifier: Apache-2.0
// Names of the model's enumerations as they are written in scenario files and reports.
#include "model/agent.h"
#include "model/distribution.h"
#include "model/organisation.h"
#include "model/planning.h"
#include "model/work.h"

namespace tandem {

const char* to_string(DistributionKind kind) {
  switch (kind) {
    case DistributionKind::kFixed:
      return "fixed";
    case DistributionKind::kExponential:
      return "exponential";
    case DistributionKind::kLognormal:
      return "lognormal";
    case DistributionKind::kGamma:
      return "gamma";
    case DistributionKind::kEmpirical:
      return "empirical";
  }
  return "?";
}

const char* to_string(ChannelMode mode) {
  return mode == ChannelMode::kRealTime ? "real_time" : "deferrable";
}

const char* to_string(AgentKind kind) { return kind == AgentKind::kHuman ? "human" : "robot"; }

const char* to_string(SlaKind kind) {
  switch (kind) {
    case SlaKind::kFrontOffice:
      return "front_office";
    case SlaKind::kBackOffice:
      return "back_office";
    case SlaKind::kEndToEnd:
      return "end_to_end";
  }
  return "?";
}

const char* to_string(DeadlineUnit unit) {
  switch (unit) {
    case DeadlineUnit::kHours:
      return "hours";
    case DeadlineUnit::kBusinessHours:
      return "business_hours";
    case DeadlineUnit::kBusinessDays:
      return "business_days";
  }
  return "?";
}

const char* to_string(RecallMode mode) {
  return mode == RecallMode::kPauseTask ? "pause_task" : "wait_for_completion";
}

const char* to_string(AgentSelection selection) {
  return selection == AgentSelection::kLongestIdle ? "longest_idle" : "best_proficiency";
}

}  // namespace tandem
