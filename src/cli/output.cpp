// SPDX-License-Identifier: Apache-2.0
#include "cli/output.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace tandem::cli {

void add_format_flags(CLI::App* cmd, OutputFormat& format, bool with_csv) {
  auto* json = cmd->add_flag_callback(
      "--json", [&format] { format = OutputFormat::kJson; }, "print JSON");
  if (with_csv) {
    auto* csv = cmd->add_flag_callback(
        "--csv", [&format] { format = OutputFormat::kCsv; }, "print CSV");
    json->excludes(csv);
  }
}

namespace {
bool looks_numeric(const std::string& s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) {
    return std::isdigit(c) || c == '.' || c == '-' || c == '+' || c == '%' || c == 'e';
  });
}

std::string csv_cell(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}
}  // namespace

void Table::print(std::ostream& out) const {
  std::vector<size_t> width(header_.size(), 0);
  auto widen = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size() && i < width.size(); ++i)
      width[i] = std::max(width[i], row[i].size());
  };
  widen(header_);
  for (const auto& r : rows_) widen(r);
  auto line = [&](const std::vector<std::string>& row, bool header) {
    std::string text;
    for (size_t i = 0; i < width.size(); ++i) {
      const std::string cell = i < row.size() ? row[i] : "";
      const bool right = !header && looks_numeric(cell);
      const std::string pad(width[i] - cell.size(), ' ');
      if (i > 0) text += "  ";
      text += right ? pad + cell : cell + (i + 1 < width.size() ? pad : "");
    }
    out << text << '\n';
  };
  line(header_, true);
  std::vector<std::string> rule;
  for (size_t w : width) rule.emplace_back(w, '-');
  line(rule, true);
  for (const auto& r : rows_) line(r, false);
}

void Table::print_csv(std::ostream& out) const {
  auto line = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << csv_cell(row[i]);
    out << '\n';
  };
  line(header_);
  for (const auto& r : rows_) line(r);
}

std::string default_demo_scenario() {
  return std::string(TANDEM_SOURCE_DIR) + "/scenarios/northbank.yaml";
}

}  // namespace tandem::cli

namespace tandem::cli {

std::string table_option_error(OptionGroup group, std::string_view name, double value) {
  const OptionRecord& o = option(group, name);
  if (in_bounds(o, value)) return "";
  // The side that was broken, when it is an inclusive bound; otherwise the whole range.
  std::string rule = "must be " + bounds_text(o);
  if (o.min && o.min->inclusive && value < o.min->value)
    rule = fmt::format("must be at least {:g}", o.min->value);
  else if (o.max && o.max->inclusive && value > o.max->value && (!o.min || o.min->inclusive))
    rule = fmt::format("must be at most {:g}", o.max->value);
  const std::string got = o.type == OptionType::kInt ? std::to_string(static_cast<long long>(value))
                                                     : fmt::format("{:g}", value);
  return fmt::format("{} {} (got {})", o.cli_flag, rule, got);
}

}  // namespace tandem::cli
