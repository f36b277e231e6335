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

// "path.key" (or "key" at the top).
std::string join_path(const std::string& path, const std::string& key);
// "path[i]"
std::string index_path(const std::string& path, size_t i);

}  // namespace tandem::detail
