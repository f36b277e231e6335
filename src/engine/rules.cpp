// SPDX-License-Identifier: Apache-2.0
#include "engine/rules.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

namespace tandem::engine {

namespace {

struct Token {
  std::string text;
  int line = 0;    // 0-based line within the rule text
  int column = 0;  // 0-based column within its line
};

std::vector<Token> tokenize(const std::string& text) {
  std::vector<Token> tokens;
  int line = 0;
  int column = 0;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      column = 0;
      ++i;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++column;
      ++i;
      continue;
    }
    Token t{"", line, column};
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) {
      t.text += text[i];
      ++i;
      ++column;
    }
    tokens.push_back(std::move(t));
  }
  return tokens;
}

struct ParseError {
  std::size_t token = 0;  // index of the offending token (== size: end of rule)
  std::string message;
};

std::optional<double> parse_number(std::string_view s) {
  if (s.empty()) return std::nullopt;
  double v = 0.0;
  const char* first = s.data();
  if (*first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<int> parse_int(std::string_view s) {
  auto v = parse_number(s);
  if (!v || *v != std::floor(*v) || std::abs(*v) > 1e6) return std::nullopt;
  return static_cast<int>(*v);
}

class Parser {
 public:
  Parser(const std::vector<Token>& tokens, const Scenario& scenario)
      : tokens_(tokens), scenario_(scenario) {}

  std::optional<ParseError> parse(Rule& rule) {
    if (!expect("when")) return error_;
    if (!parse_trigger(rule)) return error_;
    if (peek_is("for")) {
      if (rule.trigger != RuleTrigger::kItemCreated &&
          rule.trigger != RuleTrigger::kItemPendingCustomer) {
        return fail(pos_, "'for' is allowed only with item.created and item.pending_customer");
      }
      ++pos_;
      auto d = parse_duration();
      if (!d) return error_;
      rule.duration = *d;
    }
    while (peek_is("and")) {
      ++pos_;
      RuleCondition condition;
      if (!parse_condition(rule.trigger, condition)) return error_;
      rule.conditions.push_back(std::move(condition));
    }
    if (!expect("then")) return error_;
    if (!parse_action(rule)) return error_;
    if (pos_ != tokens_.size())
      return fail(pos_, "unexpected '" + tokens_[pos_].text + "' after the action");
    return std::nullopt;
  }

 private:
  bool at_end() const { return pos_ >= tokens_.size(); }
  bool peek_is(const char* word) const { return !at_end() && tokens_[pos_].text == word; }
  std::optional<ParseError> fail(std::size_t at, std::string message) {
    error_ = ParseError{at, std::move(message)};
    return error_;
  }
  bool expect(const char* word) {
    if (peek_is(word)) {
      ++pos_;
      return true;
    }
    fail(pos_, at_end() ? fmt::format("expected '{}' but the rule ends", word)
                        : fmt::format("expected '{}', found '{}'", word, tokens_[pos_].text));
    return false;
  }
  const std::string* next(const char* what) {
    if (at_end()) {
      fail(pos_, fmt::format("expected {} but the rule ends", what));
      return nullptr;
    }
    return &tokens_[pos_++].text;
  }

  bool parse_trigger(Rule& rule) {
    const std::size_t at = pos_;
    const std::string* t = next("an event (e.g. item.pending_customer)");
    if (!t) return false;
    if (*t == "item.created") {
      rule.trigger = RuleTrigger::kItemCreated;
    } else if (*t == "item.pending_customer") {
      rule.trigger = RuleTrigger::kItemPendingCustomer;
    } else if (*t == "item.done") {
      rule.trigger = RuleTrigger::kItemDone;
    } else if (*t == "item.slack") {
      rule.trigger = RuleTrigger::kItemSlackBelow;
      if (!expect("<")) return false;
      auto d = parse_duration();
      if (!d) return false;
      rule.duration = *d;
    } else if (*t == "robot.exception") {
      rule.trigger = RuleTrigger::kRobotException;
    } else if (*t == "self_service.abandoned") {
      rule.trigger = RuleTrigger::kSelfServiceAbandoned;
    } else if (*t == "contact.abandoned") {
      rule.trigger = RuleTrigger::kContactAbandoned;
    } else {
      fail(at, "unknown event '" + *t +
                   "' (expected item.created, item.pending_customer, item.done, item.slack, "
                   "robot.exception, self_service.abandoned or contact.abandoned)");
      return false;
    }
    return true;
  }

  std::optional<RuleDuration> parse_duration() {
    const std::size_t at = pos_;
    const std::string* t = next("a duration (e.g. 4h or 2 business_days)");
    if (!t) return std::nullopt;
    std::string number = *t;
    std::string unit;
    while (!number.empty() && std::isalpha(static_cast<unsigned char>(number.back()))) {
      unit.insert(unit.begin(), number.back());
      number.pop_back();
    }
    auto value = parse_number(number);
    if (!value || *value < 0) {
      fail(at, "expected a non-negative duration, found '" + *t + "'");
      return std::nullopt;
    }
    if (unit.empty()) {
      const std::string* u =
          next("a duration unit (minutes, hours, days, business_hours, business_days)");
      if (!u) return std::nullopt;
      unit = *u;
    }
    if (unit == "m" || unit == "min" || unit == "minute" || unit == "minutes") {
      return RuleDuration{*value * 60.0, DurationUnit::kSeconds};
    }
    if (unit == "h" || unit == "hour" || unit == "hours") {
      return RuleDuration{*value * 3600.0, DurationUnit::kSeconds};
    }
    if (unit == "d" || unit == "day" || unit == "days") {
      return RuleDuration{*value * 86400.0, DurationUnit::kSeconds};
    }
    if (unit == "business_hour" || unit == "business_hours") {
      return RuleDuration{*value, DurationUnit::kBusinessHours};
    }
    if (unit == "business_day" || unit == "business_days") {
      if (*value != std::floor(*value)) {
        fail(at, "business_days must be a whole number");
        return std::nullopt;
      }
      return RuleDuration{*value, DurationUnit::kBusinessDays};
    }
    fail(pos_ - 1, "unknown duration unit '" + unit +
                       "' (expected minutes, hours, days, business_hours or business_days)");
    return std::nullopt;
  }

  bool parse_condition(RuleTrigger trigger, RuleCondition& c) {
    const std::size_t field_at = pos_;
    const std::string* f = next("a condition (e.g. item.priority > 2)");
    if (!f) return false;
    bool numeric = true;
    bool item_trigger =
        trigger == RuleTrigger::kItemCreated || trigger == RuleTrigger::kItemPendingCustomer ||
        trigger == RuleTrigger::kItemDone || trigger == RuleTrigger::kItemSlackBelow ||
        trigger == RuleTrigger::kRobotException;
    bool allowed = true;
    if (*f == "item.priority") {
      c.field = RuleField::kItemPriority;
      allowed = item_trigger;
    } else if (*f == "item.process") {
      c.field = RuleField::kItemProcess;
      numeric = false;
      allowed = item_trigger;
    } else if (*f == "item.work_type") {
      c.field = RuleField::kItemWorkType;
      numeric = false;
      allowed = item_trigger;
    } else if (*f == "self_service.progress") {
      c.field = RuleField::kSelfServiceProgress;
      allowed = trigger == RuleTrigger::kSelfServiceAbandoned;
    } else if (*f == "self_service.step") {
      c.field = RuleField::kSelfServiceStep;
      allowed = trigger == RuleTrigger::kSelfServiceAbandoned;
    } else if (*f == "self_service.channel") {
      c.field = RuleField::kSelfServiceChannel;
      numeric = false;
      allowed = trigger == RuleTrigger::kSelfServiceAbandoned;
    } else if (*f == "contact.queue") {
      c.field = RuleField::kContactQueue;
      numeric = false;
      allowed = trigger == RuleTrigger::kContactAbandoned;
    } else {
      fail(field_at, "unknown field '" + *f + "'");
      return false;
    }
    if (!allowed) {
      fail(field_at, "field '" + *f + "' is not available for event " + to_string(trigger));
      return false;
    }
    const std::size_t op_at = pos_;
    const std::string* op = next("a comparison (<, <=, >, >=, ==, !=)");
    if (!op) return false;
    if (*op == "<")
      c.op = RuleOp::kLess;
    else if (*op == "<=")
      c.op = RuleOp::kLessEqual;
    else if (*op == ">")
      c.op = RuleOp::kGreater;
    else if (*op == ">=")
      c.op = RuleOp::kGreaterEqual;
    else if (*op == "==")
      c.op = RuleOp::kEqual;
    else if (*op == "!=")
      c.op = RuleOp::kNotEqual;
    else {
      fail(op_at, "expected a comparison (<, <=, >, >=, ==, !=), found '" + *op + "'");
      return false;
    }
    if (!numeric && c.op != RuleOp::kEqual && c.op != RuleOp::kNotEqual) {
      fail(op_at, "field '" + *f + "' compares with == or != only");
      return false;
    }
    const std::size_t value_at = pos_;
    const std::string* v = next("a value");
    if (!v) return false;
    if (numeric) {
      std::string s = *v;
      double scale = 1.0;
      if (!s.empty() && s.back() == '%') {
        s.pop_back();
        scale = 0.01;
      }
      auto n = parse_number(s);
      if (!n) {
        fail(value_at, "expected a number, found '" + *v + "'");
        return false;
      }
      c.number = *n * scale;
    } else {
      c.text = *v;
      if (c.field == RuleField::kItemProcess && !scenario_.find_process(c.text)) {
        fail(value_at, "unknown process '" + c.text + "'");
        return false;
      }
      if ((c.field == RuleField::kItemWorkType || c.field == RuleField::kContactQueue) &&
          !scenario_.find_queue(c.text)) {
        fail(value_at, "unknown queue '" + c.text + "'");
        return false;
      }
    }
    return true;
  }

  bool parse_action(Rule& rule) {
    const std::size_t at = pos_;
    const std::string* a = next("an action");
    if (!a) return false;
    RuleAction& action = rule.action;
    if (*a == "create_task") {
      action.kind = RuleActionKind::kCreateTask;
      const std::size_t q_at = pos_;
      const std::string* q = next("a queue id");
      if (!q) return false;
      const Queue* queue = scenario_.find_queue(*q);
      if (!queue) {
        fail(q_at, "unknown queue '" + *q + "'");
        return false;
      }
      const Channel* channel = scenario_.find_channel(queue->channel);
      if (channel && channel->mode != ChannelMode::kDeferrable) {
        fail(q_at, "create_task needs a deferrable queue; '" + *q + "' is real-time");
        return false;
      }
      action.target = *q;
    } else if (*a == "priority") {
      const std::size_t n_at = pos_;
      const std::string* n = next("a priority change (+N, -N or N)");
      if (!n) return false;
      auto v = parse_int(*n);
      if (!v) {
        fail(n_at, "expected +N, -N or N, found '" + *n + "'");
        return false;
      }
      action.kind = ((*n)[0] == '+' || (*n)[0] == '-') ? RuleActionKind::kPriorityAdd
                                                       : RuleActionKind::kPrioritySet;
      action.amount = *v;
      if (rule.trigger == RuleTrigger::kSelfServiceAbandoned ||
          rule.trigger == RuleTrigger::kContactAbandoned ||
          rule.trigger == RuleTrigger::kItemDone) {
        fail(at, "priority needs an open work item; not available for event " +
                     std::string(to_string(rule.trigger)));
        return false;
      }
    } else if (*a == "route") {
      if (!expect("skill")) return false;
      const std::size_t s_at = pos_;
      const std::string* s = next("a skill id");
      if (!s) return false;
      if (!scenario_.find_skill(*s)) {
        fail(s_at, "unknown skill '" + *s + "'");
        return false;
      }
      if (rule.trigger != RuleTrigger::kRobotException) {
        fail(at, "route skill is allowed only with robot.exception");
        return false;
      }
      action.kind = RuleActionKind::kRouteSkill;
      action.target = *s;
    } else if (*a == "escalate") {
      action.kind = RuleActionKind::kEscalate;
    } else if (*a == "notify_customer") {
      action.kind = RuleActionKind::kNotifyCustomer;
    } else {
      fail(at, "unknown action '" + *a +
                   "' (expected create_task, priority, route skill, escalate or notify_customer)");
      return false;
    }
    return true;
  }

  const std::vector<Token>& tokens_;
  const Scenario& scenario_;
  std::size_t pos_ = 0;
  ParseError error_;
};

}  // namespace

std::vector<Diagnostic> parse_rules(const std::vector<DecisionRuleSource>& sources,
                                    const Scenario& scenario, std::vector<Rule>& rules) {
  std::vector<Diagnostic> problems;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const DecisionRuleSource& source = sources[i];
    const std::string id = source.id.empty() ? fmt::format("{}", i) : source.id;
    const auto tokens = tokenize(source.text);
    Rule rule;
    rule.id = id;
    rule.location = source.location;
    Parser parser(tokens, scenario);
    if (auto error = parser.parse(rule)) {
      SourceLocation where = source.location;
      if (error->token < tokens.size()) {
        const Token& t = tokens[error->token];
        if (t.line > 0) {
          where.line += t.line;
          where.column = t.column + 1;
        } else if (where.column > 0) {
          where.column += t.column;
        } else {
          where.column = t.column + 1;
        }
      }
      problems.push_back(Diagnostic{where, fmt::format("rules[{}]", id), error->message});
      continue;
    }
    rules.push_back(std::move(rule));
  }
  return problems;
}

const char* to_string(RuleTrigger trigger) {
  switch (trigger) {
    case RuleTrigger::kItemCreated:
      return "item.created";
    case RuleTrigger::kItemPendingCustomer:
      return "item.pending_customer";
    case RuleTrigger::kItemDone:
      return "item.done";
    case RuleTrigger::kItemSlackBelow:
      return "item.slack";
    case RuleTrigger::kRobotException:
      return "robot.exception";
    case RuleTrigger::kSelfServiceAbandoned:
      return "self_service.abandoned";
    case RuleTrigger::kContactAbandoned:
      return "contact.abandoned";
  }
  return "?";
}

}  // namespace tandem::engine
