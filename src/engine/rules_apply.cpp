// SPDX-License-Identifier: Apache-2.0
// Applying the decision rules (rules.h) to the engine's state: immediate triggers, timers for
// "for DURATION" and "item.slack < DURATION", exception routing and follow-up work items.
#include <algorithm>
#include <cmath>

#include "engine/state.h"

namespace tandem::engine::detail {

namespace {

bool compare(double value, RuleOp op, double limit) {
  switch (op) {
    case RuleOp::kLess:
      return value < limit;
    case RuleOp::kLessEqual:
      return value <= limit;
    case RuleOp::kGreater:
      return value > limit;
    case RuleOp::kGreaterEqual:
      return value >= limit;
    case RuleOp::kEqual:
      return value == limit;
    case RuleOp::kNotEqual:
      return value != limit;
  }
  return false;
}

bool compare(const std::string& value, RuleOp op, const std::string& expected) {
  return op == RuleOp::kEqual ? value == expected : value != expected;
}

// The slack threshold of an item.slack rule in seconds (business units as calendar time).
double threshold_seconds(const RuleDuration& d) {
  switch (d.unit) {
    case DurationUnit::kSeconds:
      return d.amount;
    case DurationUnit::kBusinessHours:
      return d.amount * 3600.0;
    case DurationUnit::kBusinessDays:
      return d.amount * 86400.0;
  }
  return d.amount;
}

}  // namespace

bool EngineState::item_conditions_hold(const Rule& rule, Idx i) const {
  const ItemRec& item = items[i];
  for (const RuleCondition& c : rule.conditions) {
    bool ok = true;
    switch (c.field) {
      case RuleField::kItemPriority:
        ok = compare(item.priority, c.op, c.number);
        break;
      case RuleField::kItemProcess:
        ok = compare(item.process == kNone ? std::string() : processes[item.process].id, c.op,
                     c.text);
        break;
      case RuleField::kItemWorkType:
        ok = compare(queues[queue_of_item(item)].id, c.op, c.text);
        break;
      default:
        ok = false;
    }
    if (!ok) return false;
  }
  return true;
}

void EngineState::create_follow_up(const Rule& rule, const std::string& from_ref, Idx customer) {
  const std::string from = from_ref;  // a copy: create_item() may move the referenced item
  std::string id = from + "+" + rule.id;
  for (int n = 2; find_item(id) != kNone; ++n) id = from + "+" + rule.id + "#" + std::to_string(n);
  const Idx queue = queue_index.at(rule.action.target);
  const Idx i = create_item(id, customer, kNone, queue, std::nullopt, std::nullopt, now);
  items[i].follow_up = true;
  history(i, HistoryKind::kFollowUpCreated);
  out->push_back(CreateFollowUp{to_instant(now), id, from,
                                customer == kNone ? std::string() : customers[customer].id,
                                rule.action.target, rule.id});
}

void EngineState::apply_item_action(const Rule& rule, Idx, Idx i) {
  switch (rule.action.kind) {
    case RuleActionKind::kCreateTask:
      if (items[i].follow_up) return;  // no chains of follow-ups
      create_follow_up(rule, items[i].id, items[i].customer);
      return;
    case RuleActionKind::kPriorityAdd:
    case RuleActionKind::kPrioritySet: {
      if (items[i].place == Place::kDone || items[i].place == Place::kCancelled) return;
      const int p = rule.action.kind == RuleActionKind::kPriorityAdd
                        ? items[i].priority + rule.action.amount
                        : rule.action.amount;
      if (p == items[i].priority) return;
      set_priority(i, p);
      out->push_back(PriorityChanged{to_instant(now), items[i].id, p, rule.id});
      return;
    }
    case RuleActionKind::kEscalate:
      out->push_back(Escalate{to_instant(now), items[i].id, rule.id, to_string(rule.trigger)});
      return;
    case RuleActionKind::kNotifyCustomer:
      notify_customer(i, items[i].place == Place::kPending ? CustomerStatus::kPendingCustomer
                         : items[i].place == Place::kDone  ? CustomerStatus::kDone
                                                           : CustomerStatus::kInProgress);
      return;
    case RuleActionKind::kRouteSkill:
      return;  // applied by exception_queue_for
  }
}

void EngineState::rules_on_item(RuleTrigger trigger, Idx i) {
  for (Idx r = 0; r < rules.size(); ++r) {
    const Rule& rule = rules[r];
    if (rule.trigger != trigger) continue;
    if (rule.duration) {
      const Time due = add_duration(now, *rule.duration, calendar_of_item(items[i]));
      add_timer(due, TimerKind::kRule, WorkKind::kTask, i, items[i].gen, r, items[i].incarnation);
      continue;
    }
    if (item_conditions_hold(rule, i)) apply_item_action(rule, r, i);
  }
}

void EngineState::arm_slack_timers(Idx i) {
  if (rules.empty()) return;
  const ItemRec& item = items[i];
  double remaining = 0.0;
  for (Idx t : item.open_tasks) {
    remaining = std::max(remaining, static_cast<double>(item.due - task_key(t).slack_ref));
  }
  for (Idx r = 0; r < rules.size(); ++r) {
    const Rule& rule = rules[r];
    if (rule.trigger != RuleTrigger::kItemSlackBelow) continue;
    // the first whole second at which the slack is below the threshold
    const Time at = item.due - static_cast<Time>(std::llround(remaining)) -
                    static_cast<Time>(std::llround(threshold_seconds(*rule.duration))) + 1;
    add_timer(std::max(at, now), TimerKind::kRule, WorkKind::kTask, i, 0, r, item.incarnation);
  }
}

// Only for a live timer (timer_live: the item open, and for pending-customer rules still
// pending since the timer was set).
void EngineState::rules_on_timer(Idx r, Idx i) {
  const Rule& rule = rules[r];
  ItemRec& item = items[i];
  switch (rule.trigger) {
    case RuleTrigger::kItemPendingCustomer:
      break;
    case RuleTrigger::kItemCreated:
      break;
    case RuleTrigger::kItemSlackBelow: {
      double remaining = 0.0;
      for (Idx t : item.open_tasks) {
        remaining = std::max(remaining, static_cast<double>(item.due - task_key(t).slack_ref));
      }
      const double slack = static_cast<double>(item.due - now) - remaining;
      const double limit = threshold_seconds(*rule.duration);
      if (slack >= limit) {  // work was done meanwhile: look again when it may drop below
        add_timer(now + static_cast<Time>(std::ceil(slack - limit)) + 1, TimerKind::kRule,
                  WorkKind::kTask, i, 0, r, item.incarnation);
        return;
      }
      break;
    }
    default:
      return;
  }
  if (item_conditions_hold(rule, i)) apply_item_action(rule, r, i);
}

Idx EngineState::exception_queue_for(Idx t) {
  const TaskRec& task = tasks[t];
  for (const Rule& rule : rules) {
    if (rule.trigger != RuleTrigger::kRobotException ||
        rule.action.kind != RuleActionKind::kRouteSkill) {
      continue;
    }
    if (!item_conditions_hold(rule, task.item)) continue;
    return exception_queue_of_skill.at(skill_index.at(rule.action.target));
  }
  return task.queue;
}

void EngineState::rules_on_self_service(const SelfServiceProgress& e, Idx customer) {
  for (const Rule& rule : rules) {
    if (rule.trigger != RuleTrigger::kSelfServiceAbandoned) continue;
    bool ok = true;
    for (const RuleCondition& c : rule.conditions) {
      switch (c.field) {
        case RuleField::kSelfServiceProgress:
          ok = ok && compare(e.of_steps > 0 ? static_cast<double>(e.step) / e.of_steps : 0.0, c.op,
                             c.number);
          break;
        case RuleField::kSelfServiceStep:
          ok = ok && compare(e.step, c.op, c.number);
          break;
        case RuleField::kSelfServiceChannel:
          ok = ok && compare(e.channel, c.op, c.text);
          break;
        default:
          ok = false;
      }
    }
    if (!ok) continue;
    switch (rule.action.kind) {
      case RuleActionKind::kCreateTask:
        create_follow_up(rule, e.session, customer);
        break;
      case RuleActionKind::kEscalate:
        out->push_back(Escalate{to_instant(now), e.session, rule.id, to_string(rule.trigger)});
        break;
      case RuleActionKind::kNotifyCustomer:
        out->push_back(NotifyCustomer{to_instant(now), e.customer, "", CustomerStatus::kReceived,
                                      std::nullopt});
        break;
      default:
        break;
    }
  }
}

void EngineState::rules_on_contact_abandoned(Idx c) {
  const ContactRec& contact = contacts[c];
  for (const Rule& rule : rules) {
    if (rule.trigger != RuleTrigger::kContactAbandoned) continue;
    bool ok = true;
    for (const RuleCondition& cond : rule.conditions) {
      ok = ok && cond.field == RuleField::kContactQueue &&
           compare(queues[contact.queue].id, cond.op, cond.text);
    }
    if (!ok) continue;
    switch (rule.action.kind) {
      case RuleActionKind::kCreateTask:
        create_follow_up(rule, contact.id, contact.customer);
        break;
      case RuleActionKind::kEscalate:
        out->push_back(Escalate{to_instant(now), contact.id, rule.id, to_string(rule.trigger)});
        break;
      case RuleActionKind::kNotifyCustomer:
        if (contact.customer != kNone) {
          out->push_back(NotifyCustomer{to_instant(now), customers[contact.customer].id, "",
                                        CustomerStatus::kReceived, std::nullopt});
        }
        break;
      default:
        break;
    }
  }
}

}  // namespace tandem::engine::detail
