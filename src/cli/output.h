// SPDX-License-Identifier: Apache-2.0
// Output helpers shared by the verbs: the --json/--csv switches and aligned text tables.
#pragma once

#include <CLI/CLI.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "model/options.h"

namespace tandem::cli {

enum class OutputFormat { kTable, kJson, kCsv };

// Adds --json (and --csv when `with_csv`) to a subcommand, writing into `format`.
void add_format_flags(CLI::App* cmd, OutputFormat& format, bool with_csv = true);

// A text table: a header row and rows of cells, printed with aligned columns (numbers right).
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add_row(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  size_t size() const { return rows_.size(); }
  void print(std::ostream& out) const;
  // RFC 4180 CSV (header first).
  void print_csv(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Adds the option `name` of the options table as its CLI flag, with the table's help text;
// `value` starts at the table's default (when it has one) and the help shows it.
template <typename T>
CLI::Option* add_table_option(CLI::App* cmd, OptionGroup group, std::string_view name, T& value) {
  const OptionRecord& o = option(group, name);
  if (o.default_value) value = static_cast<T>(*o.default_value);
  return cmd->add_option(std::string(o.cli_flag), value, option_help(o))->capture_default_str();
}

// The CLI's message for a value of the option's flag outside the table's bounds, e.g.
// "--shrinkage must be in [0, 1) (got 1.5)", "--days must be at least 1 (got 0)"; empty when
// the value is within them.
std::string table_option_error(OptionGroup group, std::string_view name, double value);

// Default path of the bundled demo scenario (scenarios/northbank.yaml in the source tree).
std::string default_demo_scenario();

}  // namespace tandem::cli
