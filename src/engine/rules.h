// SPDX-License-Identifier: Apache-2.0
// Decision rules: "when EVENT [for DURATION] [and CONDITION ...] then ACTION", written in the
// scenario (Scenario::rules) and applied by the engine (docs/engine.md, "Decision rules").
//
// Grammar (tokens separated by spaces; one rule per DecisionRuleSource):
//   rule      := "when" trigger ["for" duration] {"and" condition} "then" action
//   trigger   := "item.created" | "item.pending_customer" | "item.done"
//              | "item.slack" "<" duration | "robot.exception"
//              | "self_service.abandoned" | "contact.abandoned"
//   condition := field op value
//     fields: item.priority (number), item.process (id), item.work_type (Queue id of the item's
//             current task), self_service.progress (0..1 or a percent "50%"),
//             self_service.step (number), self_service.channel (text), contact.queue (id)
//     op:     "<" "<=" ">" ">=" "==" "!="  (ids and text: "==" and "!=" only)
//   duration  := NUMBER UNIT | NUMBER"m" | NUMBER"h" | NUMBER"d"
//     UNIT:   minutes | hours | days (calendar time) | business_hours | business_days
//             (the site calendar of the item's queue: business_hours counts open time only;
//             "N business_days" ends at the close of the N-th business day after the start day)
//   action    := "create_task" QUEUE_ID      a follow-up work item (single task) for the customer
//              | "priority" ("+N" | "-N" | "N")  change the item's priority
//              | "route" "skill" SKILL_ID    robot.exception only: who gets the exception
//              | "escalate"                  an Escalate action for a supervisor
//              | "notify_customer"           a NotifyCustomer action with the ETA
//   "for" is allowed with item.created (still open after the duration) and
//   item.pending_customer (still pending after the duration).
//
// Examples:
//   when item.pending_customer for 2 business_days then create_task outbound-callback
//   when item.slack < 4h then priority +1
//   when robot.exception then route skill doc-check
//   when self_service.abandoned and self_service.progress >= 50% then create_task callback
//
// Errors: parse_rules() reports every rule that does not parse or names an unknown queue,
// skill or process, as "file:line:column: rules[id]: <rule broken>".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/scenario.h"
#include "model/time.h"

namespace tandem::engine {

enum class RuleTrigger : unsigned char {
  kItemCreated,
  kItemPendingCustomer,
  kItemDone,
  kItemSlackBelow,
  kRobotException,
  kSelfServiceAbandoned,
  kContactAbandoned,
};

enum class DurationUnit : unsigned char { kSeconds, kBusinessHours, kBusinessDays };

struct RuleDuration {
  double amount = 0.0;  // seconds for kSeconds, hours or days otherwise
  DurationUnit unit = DurationUnit::kSeconds;
};

enum class RuleField : unsigned char {
  kItemPriority,
  kItemProcess,
  kItemWorkType,
  kSelfServiceProgress,
  kSelfServiceStep,
  kSelfServiceChannel,
  kContactQueue,
};

enum class RuleOp : unsigned char { kLess, kLessEqual, kGreater, kGreaterEqual, kEqual, kNotEqual };

struct RuleCondition {
  RuleField field = RuleField::kItemPriority;
  RuleOp op = RuleOp::kEqual;
  double number = 0.0;  // numeric fields
  std::string text;     // id and text fields
};

enum class RuleActionKind : unsigned char {
  kCreateTask,
  kPriorityAdd,
  kPrioritySet,
  kRouteSkill,
  kEscalate,
  kNotifyCustomer,
};

struct RuleAction {
  RuleActionKind kind = RuleActionKind::kEscalate;
  std::string target;  // queue id (create_task) or skill id (route skill)
  int amount = 0;      // priority change or value
};

struct Rule {
  std::string id;
  SourceLocation location;
  RuleTrigger trigger = RuleTrigger::kItemCreated;
  std::optional<RuleDuration> duration;  // "for D", or the slack threshold of item.slack < D
  std::vector<RuleCondition> conditions;
  RuleAction action;
};

// Parses and validates every rule against the scenario's ids. Returns all problems found
// (empty when every rule is valid); `rules` gets the valid ones in order.
std::vector<Diagnostic> parse_rules(const std::vector<DecisionRuleSource>& sources,
                                    const Scenario& scenario, std::vector<Rule>& rules);

const char* to_string(RuleTrigger trigger);

}  // namespace tandem::engine
