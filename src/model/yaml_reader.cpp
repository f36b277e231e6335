// SPDX-License-Identifier: Apache-2.0
#include "model/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace tandem::detail {

std::string join_path(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

std::string index_path(const std::string& path, size_t i) { return fmt::format("{}[{}]", path, i); }

SourceLocation YamlReader::location_of(const YAML::Node& node) const {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return {file_, 0, 0};
  return {file_, mark.line + 1, mark.column + 1};
}

void YamlReader::problem(const YAML::Node& node, const std::string& field,
                         const std::string& rule) {
  problems_.push_back({location_of(node), field, rule});
}

void YamlReader::problem_at(const SourceLocation& at, const std::string& field,
                            const std::string& rule) {
  problems_.push_back({at, field, rule});
}

void YamlReader::check_keys(const YAML::Node& map, const std::string& path,
                            std::initializer_list<const char*> allowed) {
  if (!map.IsMap()) return;
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (known) continue;
    std::string list;
    for (const char* a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
    problems_.push_back({location_of(kv.first), join_path(path, key),
                         fmt::format("unknown field (allowed: {})", list)});
  }
}

void YamlReader::check_keys(const YAML::Node& map, const std::string& path,
                            const std::vector<std::string>& allowed) {
  if (!map.IsMap()) return;
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string list;
    for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
    problems_.push_back({location_of(kv.first), join_path(path, key),
                         fmt::format("unknown field (allowed: {})", list)});
  }
}

bool YamlReader::expect_map(const YAML::Node& node, const std::string& path) {
  if (node.IsMap()) return true;
  problem(node, path, "must be a mapping of fields");
  return false;
}

bool YamlReader::expect_list(const YAML::Node& node, const std::string& path) {
  if (node.IsSequence()) return true;
  problem(node, path, "must be a list");
  return false;
}

std::optional<std::string> YamlReader::scalar_text(const YAML::Node& node,
                                                   const std::string& path) {
  if (!node.IsScalar()) {
    problem(node, path, "must be a text value");
    return std::nullopt;
  }
  return node.Scalar();
}

std::optional<double> YamlReader::scalar_number(const YAML::Node& node, const std::string& path) {
  if (!node.IsScalar()) {
    problem(node, path, "must be a number");
    return std::nullopt;
  }
  try {
    const double v = node.as<double>();
    if (!std::isfinite(v)) {
      problem(node, path, "must be a finite number");
      return std::nullopt;
    }
    return v;
  } catch (const YAML::Exception&) {
    problem(node, path, fmt::format("must be a number, not '{}'", node.Scalar()));
    return std::nullopt;
  }
}

std::optional<std::string> YamlReader::text(const YAML::Node& map, const std::string& key,
                                            const std::string& path, bool required) {
  const YAML::Node node = map[key];
  if (!node) {
    if (required) problem(map, join_path(path, key), "required field is missing");
    return std::nullopt;
  }
  auto v = scalar_text(node, join_path(path, key));
  if (v && required && v->empty()) {
    problem(node, join_path(path, key), "must not be empty");
    return std::nullopt;
  }
  return v;
}

std::optional<double> YamlReader::number(const YAML::Node& map, const std::string& key,
                                         const std::string& path, bool required) {
  const YAML::Node node = map[key];
  if (!node) {
    if (required) problem(map, join_path(path, key), "required field is missing");
    return std::nullopt;
  }
  return scalar_number(node, join_path(path, key));
}

std::optional<int> YamlReader::integer(const YAML::Node& map, const std::string& key,
                                       const std::string& path, bool required) {
  auto v = number(map, key, path, required);
  if (!v) return std::nullopt;
  if (std::floor(*v) != *v || std::fabs(*v) > 1e9) {
    problem(map[key], join_path(path, key), "must be a whole number");
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

std::optional<bool> YamlReader::boolean(const YAML::Node& map, const std::string& key,
                                        const std::string& path) {
  const YAML::Node node = map[key];
  if (!node) return std::nullopt;
  try {
    if (node.IsScalar()) return node.as<bool>();
  } catch (const YAML::Exception&) {
  }
  problem(node, join_path(path, key), "must be true or false");
  return std::nullopt;
}

bool YamlReader::check_day_spec(const YAML::Node& key_node, const std::string& field,
                                const std::vector<int>& days) {
  if (!days.empty()) return true;
  problem(key_node, field,
          "unknown day (use mon..sun, a range such as mon-fri, weekdays, weekend or daily)");
  return false;
}

WeeklyHours YamlReader::weekly_hours(const YAML::Node& node, const std::string& path) {
  WeeklyHours hours;
  if (!expect_map(node, path)) return hours;
  for (const auto& kv : node) {
    const std::string spec = kv.first.Scalar();
    const std::string field = join_path(path, spec);
    const std::vector<int> days = parse_day_spec(spec);
    if (!check_day_spec(kv.first, field, days)) continue;
    auto text = scalar_text(kv.second, field);
    if (!text) continue;
    std::vector<OpeningWindow> windows;
    if (*text != "closed" && !parse_opening_windows(*text, windows)) {
      problem(kv.second, field,
              fmt::format("'{}' is not a list of HH:MM-HH:MM ranges (open before close, not "
                          "overlapping) or 'closed'",
                          *text));
      continue;
    }
    for (int d : days) hours.days[static_cast<size_t>(d)] = windows;
  }
  return hours;
}

bool YamlReader::check_positive(const YAML::Node& map, const std::string& key,
                                const std::string& path, double value) {
  if (value > 0) return true;
  problem(map[key], join_path(path, key), fmt::format("must be greater than 0, not {:g}", value));
  return false;
}

bool YamlReader::check_non_negative(const YAML::Node& map, const std::string& key,
                                    const std::string& path, double value) {
  if (value >= 0) return true;
  problem(map[key], join_path(path, key), fmt::format("must not be negative, not {:g}", value));
  return false;
}

bool YamlReader::check_range(const YAML::Node& map, const std::string& key, const std::string& path,
                             double value, double lo, double hi, const std::string& what) {
  if (value >= lo && value <= hi) return true;
  problem(map[key], join_path(path, key),
          fmt::format("{} must be between {:g} and {:g}, not {:g}", what, lo, hi, value));
  return false;
}

}  // namespace tandem::detail
