// SPDX-License-Identifier: Apache-2.0
// Pure parsing of Curtois benchmark text (no file access: see curtois_reader.cpp).
#include <fmt/format.h>

#include <charconv>
#include <map>
#include <utility>

#include "schedule/curtois_parser.h"

namespace tandem::schedule::curtois {

namespace {

struct Line {
  int number = 0;  // 1-based
  std::string_view text;
};

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t pos = s.find(sep, start);
    out.push_back(trim(s.substr(start, pos == std::string_view::npos ? pos : pos - start)));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

bool to_int(std::string_view s, int& out) {
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

std::string stem_of(const std::string& source) {
  std::string name = source;
  if (const auto slash = name.find_last_of("/\\"); slash != std::string::npos)
    name = name.substr(slash + 1);
  if (const auto dot = name.rfind('.'); dot != std::string::npos && dot > 0)
    name = name.substr(0, dot);
  return name;
}

const char* const kSections[] = {"SECTION_HORIZON",
                                 "SECTION_SHIFTS",
                                 "SECTION_STAFF",
                                 "SECTION_DAYS_OFF",
                                 "SECTION_SHIFT_ON_REQUESTS",
                                 "SECTION_SHIFT_OFF_REQUESTS",
                                 "SECTION_COVER"};

class Parser {
 public:
  Parser(std::string_view text, const std::string& source) : source_(source) {
    instance_.name = stem_of(source);
    int number = 0;
    size_t start = 0;
    while (start <= text.size()) {
      const size_t end = text.find('\n', start);
      const std::string_view raw =
          text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
      lines_.push_back({++number, raw});
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
  }

  Result<Instance> run() {
    if (Status s = split_sections(); !s.is_ok()) return s;
    for (const char* name : {"SECTION_HORIZON", "SECTION_SHIFTS", "SECTION_STAFF"})
      if (!sections_.count(name))
        return Status::invalid_argument(fmt::format("{}: {} is missing", source_, name));
    // Dependency order: shift types and staff before anything that names them.
    for (Status (Parser::*step)() :
         {&Parser::horizon, &Parser::shifts, &Parser::staff, &Parser::days_off,
          &Parser::on_requests, &Parser::off_requests, &Parser::cover})
      if (Status s = (this->*step)(); !s.is_ok()) return s;
    if (Status s = validate_instance(instance_); !s.is_ok())
      return Status::invalid_argument(fmt::format("{}: {}", source_, s.message()));
    return std::move(instance_);
  }

 private:
  Status error(const Line& line, std::string_view section, const std::string& rule) const {
    return Status::invalid_argument(
        fmt::format("{}:{}: {}: {}", source_, line.number, section, rule));
  }

  Status split_sections() {
    std::string current;
    for (const Line& line : lines_) {
      const std::string_view t = trim(line.text);
      if (t.empty() || t.front() == '#') continue;
      if (t.starts_with("SECTION_")) {
        bool known = false;
        for (const char* name : kSections) known = known || t == name;
        if (!known) return error(line, t, "unknown section");
        current = std::string(t);
        if (!sections_.emplace(current, std::vector<Line>{}).second)
          return error(line, t, "section given twice");
        continue;
      }
      if (current.empty()) return error(line, "(before any section)", "data outside a section");
      sections_[current].push_back({line.number, t});
    }
    return Status::ok();
  }

  const std::vector<Line>& section(const char* name) {
    static const std::vector<Line> kEmpty;
    const auto it = sections_.find(name);
    return it == sections_.end() ? kEmpty : it->second;
  }

  // Splits a data line into exactly `want` fields (a trailing empty field may be left out when
  // `optional_last`).
  Status fields(const Line& line, const char* sec, size_t want, const char* names,
                std::vector<std::string_view>& out, bool optional_last = false) const {
    out = split(line.text, ',');
    if (optional_last && out.size() == want - 1) out.emplace_back();
    if (out.size() != want)
      return error(
          line, sec,
          fmt::format("expected {} comma-separated fields ({}), got {}", want, names, out.size()));
    return Status::ok();
  }

  Status integer(const Line& line, const char* sec, std::string_view field, const char* what,
                 int& out, int min_value = 0) const {
    if (!to_int(field, out))
      return error(line, sec, fmt::format("{} '{}' is not an integer", what, field));
    if (out < min_value)
      return error(line, sec, fmt::format("{} {} is below {}", what, out, min_value));
    return Status::ok();
  }

  Status day(const Line& line, const char* sec, std::string_view field, int& out) const {
    if (Status s = integer(line, sec, field, "day", out); !s.is_ok()) return s;
    if (out >= instance_.days)
      return error(line, sec,
                   fmt::format("day {} is outside the horizon 0..{}", out, instance_.days - 1));
    return Status::ok();
  }

  Status shift(const Line& line, const char* sec, std::string_view field, int& out) const {
    out = instance_.shift_index(std::string(field));
    if (out < 0) return error(line, sec, fmt::format("unknown shift type '{}'", field));
    return Status::ok();
  }

  Status employee(const Line& line, const char* sec, std::string_view field, int& out) const {
    out = instance_.employee_index(std::string(field));
    if (out < 0) return error(line, sec, fmt::format("unknown employee '{}'", field));
    return Status::ok();
  }

  Status horizon() {
    const char* sec = "SECTION_HORIZON";
    const auto& lines = section(sec);
    if (lines.size() != 1)
      return Status::invalid_argument(
          fmt::format("{}: {}: expected one line with the horizon length in days, got {}", source_,
                      sec, lines.size()));
    return integer(lines[0], sec, lines[0].text, "horizon length", instance_.days, 1);
  }

  Status shifts() {
    const char* sec = "SECTION_SHIFTS";
    std::vector<std::string_view> f;
    for (const Line& line : section(sec)) {
      if (Status s =
              fields(line, sec, 3, "ShiftID, length in minutes, forbidden successors", f, true);
          !s.is_ok())
        return s;
      ShiftType t;
      t.id = std::string(f[0]);
      if (t.id.empty()) return error(line, sec, "empty shift id");
      if (instance_.shift_index(t.id) >= 0)
        return error(line, sec, fmt::format("shift type '{}' defined twice", t.id));
      if (Status s = integer(line, sec, f[1], "length in minutes", t.minutes, 1); !s.is_ok())
        return s;
      instance_.shifts.push_back(std::move(t));
    }
    if (instance_.shifts.empty())
      return Status::invalid_argument(fmt::format("{}: {}: no shift type", source_, sec));
    // Successors may name shift types defined further down: resolved once all are known.
    for (size_t i = 0; i < section(sec).size(); ++i) {
      const Line& line = section(sec)[i];
      (void)fields(line, sec, 3, "", f, true);
      if (f[2].empty()) continue;
      for (std::string_view id : split(f[2], '|')) {
        int next = 0;
        if (Status s = shift(line, sec, id, next); !s.is_ok()) return s;
        instance_.shifts[i].forbidden_next.push_back(next);
      }
    }
    return Status::ok();
  }

  Status staff() {
    const char* sec = "SECTION_STAFF";
    std::vector<std::string_view> f;
    const int n_shifts = static_cast<int>(instance_.shifts.size());
    for (const Line& line : section(sec)) {
      if (Status s = fields(line, sec, 8,
                            "ID, MaxShifts, MaxTotalMinutes, MinTotalMinutes, "
                            "MaxConsecutiveShifts, MinConsecutiveShifts, MinConsecutiveDaysOff, "
                            "MaxWeekends",
                            f);
          !s.is_ok())
        return s;
      Employee e;
      e.id = std::string(f[0]);
      if (e.id.empty()) return error(line, sec, "empty employee id");
      if (instance_.employee_index(e.id) >= 0)
        return error(line, sec, fmt::format("employee '{}' defined twice", e.id));
      e.max_shifts.assign(n_shifts, -1);
      for (std::string_view pair : split(f[1], '|')) {
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos)
          return error(line, sec, fmt::format("MaxShifts entry '{}' is not ShiftID=max", pair));
        int s_index = 0, max = 0;
        if (Status s = shift(line, sec, trim(pair.substr(0, eq)), s_index); !s.is_ok()) return s;
        if (Status s = integer(line, sec, trim(pair.substr(eq + 1)), "MaxShifts value", max);
            !s.is_ok())
          return s;
        if (e.max_shifts[s_index] >= 0)
          return error(
              line, sec,
              fmt::format("MaxShifts gives shift type '{}' twice", instance_.shifts[s_index].id));
        e.max_shifts[s_index] = max;
      }
      for (int s = 0; s < n_shifts; ++s)
        if (e.max_shifts[s] < 0)
          return error(line, sec,
                       fmt::format("MaxShifts gives no maximum for shift type '{}'",
                                   instance_.shifts[s].id));
      int* targets[] = {&e.max_total_minutes,        &e.min_total_minutes,
                        &e.max_consecutive_shifts,   &e.min_consecutive_shifts,
                        &e.min_consecutive_days_off, &e.max_weekends};
      const char* names[] = {"MaxTotalMinutes",       "MinTotalMinutes",
                             "MaxConsecutiveShifts",  "MinConsecutiveShifts",
                             "MinConsecutiveDaysOff", "MaxWeekends"};
      for (int k = 0; k < 6; ++k)
        if (Status s = integer(line, sec, f[2 + k], names[k], *targets[k]); !s.is_ok()) return s;
      if (e.min_total_minutes > e.max_total_minutes)
        return error(line, sec,
                     fmt::format("MinTotalMinutes {} is above MaxTotalMinutes {}",
                                 e.min_total_minutes, e.max_total_minutes));
      instance_.employees.push_back(std::move(e));
    }
    return Status::ok();
  }

  Status days_off() {
    const char* sec = "SECTION_DAYS_OFF";
    for (const Line& line : section(sec)) {
      const auto f = split(line.text, ',');
      int e = 0;
      if (Status s = employee(line, sec, f[0], e); !s.is_ok()) return s;
      for (size_t i = 1; i < f.size(); ++i) {
        if (f[i].empty() && i + 1 == f.size()) break;  // trailing comma
        int d = 0;
        if (Status s = day(line, sec, f[i], d); !s.is_ok()) return s;
        instance_.employees[e].days_off.push_back(d);
      }
    }
    return Status::ok();
  }

  Status requests(const char* sec, std::vector<ShiftRequest>& out) {
    std::vector<std::string_view> f;
    for (const Line& line : section(sec)) {
      if (Status s = fields(line, sec, 4, "EmployeeID, Day, ShiftID, Weight", f); !s.is_ok())
        return s;
      ShiftRequest r;
      if (Status s = employee(line, sec, f[0], r.employee); !s.is_ok()) return s;
      if (Status s = day(line, sec, f[1], r.day); !s.is_ok()) return s;
      if (Status s = shift(line, sec, f[2], r.shift); !s.is_ok()) return s;
      if (Status s = integer(line, sec, f[3], "weight", r.weight); !s.is_ok()) return s;
      out.push_back(r);
    }
    return Status::ok();
  }
  Status on_requests() { return requests("SECTION_SHIFT_ON_REQUESTS", instance_.on_requests); }
  Status off_requests() { return requests("SECTION_SHIFT_OFF_REQUESTS", instance_.off_requests); }

  Status cover() {
    const char* sec = "SECTION_COVER";
    std::vector<std::string_view> f;
    std::map<std::pair<int, int>, int> seen;
    for (const Line& line : section(sec)) {
      if (Status s = fields(line, sec, 5,
                            "Day, ShiftID, Requirement, Weight for under, Weight for over", f);
          !s.is_ok())
        return s;
      CoverRequirement c;
      if (Status s = day(line, sec, f[0], c.day); !s.is_ok()) return s;
      if (Status s = shift(line, sec, f[1], c.shift); !s.is_ok()) return s;
      if (Status s = integer(line, sec, f[2], "requirement", c.requirement); !s.is_ok()) return s;
      if (Status s = integer(line, sec, f[3], "weight for under", c.under_weight); !s.is_ok())
        return s;
      if (Status s = integer(line, sec, f[4], "weight for over", c.over_weight); !s.is_ok())
        return s;
      if (const auto [it, fresh] = seen.emplace(std::pair{c.day, c.shift}, line.number); !fresh)
        return error(line, sec,
                     fmt::format("cover of day {} shift '{}' already given on line {}", c.day, f[1],
                                 it->second));
      instance_.cover.push_back(c);
    }
    return Status::ok();
  }

  std::string source_;
  std::vector<Line> lines_;
  std::map<std::string, std::vector<Line>, std::less<>> sections_;
  Instance instance_;
};

}  // namespace

Result<Instance> parse_instance(std::string_view text, const std::string& source) {
  return Parser(text, source).run();
}

Result<std::vector<BestKnown>> parse_best_known(std::string_view text, const std::string& source) {
  std::vector<BestKnown> out;
  int number = 0;
  size_t start = 0;
  bool header = true;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = trim(text.substr(start, end - start));
    start = end + 1;
    ++number;
    if (line.empty() || line.front() == '#') continue;
    if (header) {
      header = false;
      if (!line.starts_with("instance,"))
        return Status::invalid_argument(
            fmt::format("{}:{}: expected the header 'instance,weeks,...'", source, number));
      continue;
    }
    const auto f = split(line, ',');
    if (f.size() != 7)
      return Status::invalid_argument(fmt::format(
          "{}:{}: expected 7 comma-separated fields, got {}", source, number, f.size()));
    BestKnown b;
    b.instance = std::string(f[0]);
    if (!to_int(f[4], b.lower_bound) || !to_int(f[5], b.solution))
      return Status::invalid_argument(
          fmt::format("{}:{}: best_known_lower_bound and best_known_solution must be integers",
                      source, number));
    b.proven_optimal = f[6] == "yes";
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace tandem::schedule::curtois
