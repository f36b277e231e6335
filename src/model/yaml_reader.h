// SPDX-License-Identifier: Apache-2.0
// Internal to the model module: a YAML reader that collects every problem it finds (with the
// node's line and column and the field path) instead of stopping at the first.
#pragma once

#include <yaml-cpp/yaml.h>

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "model/diagnostic.h"

namespace tandem::detail {

// "path.key" (or "key" at the top).
std::string join_path(const std::string& path, const std::string& key);
// "path[i]"
std::string index_path(const std::string& path, size_t i);

class YamlReader {
 public:
  YamlReader(std::string file, std::vector<Diagnostic>& problems)
      : file_(std::move(file)), problems_(problems) {}

  const std::string& file() const { return file_; }
  SourceLocation location_of(const YAML::Node& node) const;
  void problem(const YAML::Node& node, const std::string& field, const std::string& rule);
  void problem_at(const SourceLocation& at, const std::string& field, const std::string& rule);

  // Reports every key of a mapping that is not in `allowed` ("unknown field").
  void check_keys(const YAML::Node& map, const std::string& path,
                  std::initializer_list<const char*> allowed);
  void check_keys(const YAML::Node& map, const std::string& path,
                  const std::vector<std::string>& allowed);
  // True if `node` is a mapping; reports "must be a mapping" otherwise.
  bool expect_map(const YAML::Node& node, const std::string& path);
  // True if `node` is a sequence; reports "must be a list" otherwise.
  bool expect_list(const YAML::Node& node, const std::string& path);

  // Field readers. A missing required field is reported at the parent mapping. A field of the
  // wrong type is reported at the field. They return the fallback on any problem.
  std::optional<std::string> text(const YAML::Node& map, const std::string& key,
                                  const std::string& path, bool required);
  std::optional<double> number(const YAML::Node& map, const std::string& key,
                               const std::string& path, bool required);
  std::optional<int> integer(const YAML::Node& map, const std::string& key, const std::string& path,
                             bool required);
  std::optional<bool> boolean(const YAML::Node& map, const std::string& key,
                              const std::string& path);
  // A scalar node itself as text / number.
  std::optional<std::string> scalar_text(const YAML::Node& node, const std::string& path);
  std::optional<double> scalar_number(const YAML::Node& node, const std::string& path);

  // A field that names one of a fixed set of values: returns the value of the name given, or
  // reports "must be a, b or c, not 'x'" (and "required field is missing" when required).
  template <class E>
  std::optional<E> choice(const YAML::Node& map, const char* key, const std::string& path,
                          bool required, std::initializer_list<std::pair<const char*, E>> options) {
    auto name = text(map, key, path, required);
    if (!name) return std::nullopt;
    std::string list;
    size_t i = 0;
    for (const auto& [option, value] : options) {
      if (*name == option) return value;
      list += (i == 0 ? "" : (i + 1 == options.size() ? " or " : ", ")) + std::string(option);
      ++i;
    }
    problem(map[key], join_path(path, key), "must be " + list + ", not '" + *name + "'");
    return std::nullopt;
  }

  // Calls fn(entry, "path.key[i]") for every entry of the list at map[key]. A missing list is
  // reported when `required` (so is an empty one); with `maps_only`, entries that are not
  // mappings are reported instead of passed on.
  template <class Fn>
  void for_each_entry(const YAML::Node& map, const char* key, const std::string& path,
                      bool required, bool maps_only, Fn fn) {
    const YAML::Node list = map[key];
    const std::string list_path = join_path(path, key);
    if (!list) {
      if (required) problem(map, list_path, "required list is missing");
      return;
    }
    if (!expect_list(list, list_path)) return;
    if (required && list.size() == 0) problem(list, list_path, "must list at least one entry");
    for (size_t i = 0; i < list.size(); ++i) {
      const std::string entry_path = index_path(list_path, i);
      if (!maps_only || expect_map(list[i], entry_path)) fn(list[i], entry_path);
    }
  }

  // Opening hours / availability: a mapping of day specs (mon, mon-fri, weekdays, daily...)
  // to "HH:MM-HH:MM" ranges separated by commas, or "closed". Days not named are closed.
  WeeklyHours weekly_hours(const YAML::Node& node, const std::string& path);
  // Reports an unknown day spec at `key_node` and returns false.
  bool check_day_spec(const YAML::Node& key_node, const std::string& field,
                      const std::vector<int>& days);

  // Range checks that report "must be ..." at the field and return whether the value passed.
  bool check_positive(const YAML::Node& map, const std::string& key, const std::string& path,
                      double value);
  bool check_non_negative(const YAML::Node& map, const std::string& key, const std::string& path,
                          double value);
  bool check_range(const YAML::Node& map, const std::string& key, const std::string& path,
                   double value, double lo, double hi, const std::string& what);

 private:
  std::string file_;
  std::vector<Diagnostic>& problems_;
};

}  // namespace tandem::detail
