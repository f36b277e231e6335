// SPDX-License-Identifier: Apache-2.0
// The options table: every tunable of the routing/blending policy, the engine, the simulation,
// the staffing and the scheduler declared once (as HiGHS's OptionRecord), with its meaning,
// unit, type, default and bounds. The scenario loader checks policy keys against it, the CLI
// takes its help text from it, docs/options.md is generated from it (`tandem options
// --markdown`), and the API schema comes from options_json_schema().
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tandem {

enum class OptionGroup { kPolicy, kEngine, kSimulation, kStaffing, kSchedule };
enum class OptionType { kBool, kInt, kDouble, kChoice };

const char* to_string(OptionGroup group);
const char* to_string(OptionType type);

// One end of an option's range.
struct OptionBound {
  double value = 0;
  bool inclusive = true;
};

struct OptionRecord {
  OptionGroup group;
  std::string_view name;  // the scenario key / request field, snake_case
  OptionType type;
  std::string_view meaning;
  std::string_view unit;  // "seconds", "agents", "share", ... ("" for none)
  // The default: the number (bool: 0 or 1; choice: index into `choices`); none for an option
  // that is off unless given (e.g. staffing max_occupancy).
  std::optional<double> default_value;
  std::optional<OptionBound> min;
  std::optional<OptionBound> max;
  std::vector<std::string_view> choices;  // kChoice: the accepted words
  std::string_view cli_flag;              // "--shrinkage" where a command takes it ("" none)
};

// Every option, grouped in OptionGroup order.
std::span<const OptionRecord> all_options();

// The option `name` of `group`; nullptr when there is none.
const OptionRecord* find_option(OptionGroup group, std::string_view name);
// The same, for options every program knows exist (aborts on a typo: a programming error).
const OptionRecord& option(OptionGroup group, std::string_view name);

// The default as a number (0 when the option has none).
double default_number(const OptionRecord& option);
// The default as text: "0.3", "true", "pause_task", "none".
std::string default_text(const OptionRecord& option);

// Whether a number is within the option's bounds (and an integer for kInt).
bool in_bounds(const OptionRecord& option, double value);
// The bounds in words: "in (0, 1]", ">= 0", "> 0", "any" ...
std::string bounds_text(const OptionRecord& option);
// The rule a value outside the bounds breaks, as the loader reports it:
// "must not be negative, not -1", "must be in (0, 1], not 0".
std::string bounds_rule(const OptionRecord& option, double value);
// CLI help: the meaning, with the unit and bounds.
std::string option_help(const OptionRecord& option);

// docs/options.md.
std::string options_markdown();
// A JSON Schema (draft 2020-12) object of each group's options: {"policy": {...}, ...}.
std::string options_json_schema();

}  // namespace tandem
