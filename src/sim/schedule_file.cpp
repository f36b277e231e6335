// SPDX-License-Identifier: Apache-2.0
#include "sim/schedule_file.h"

#include <fmt/format.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "model/calendar.h"

namespace tandem::sim {

namespace {

using nlohmann::json;

struct Reader {
  std::string name;
  Status error(const std::string& path, const std::string& rule) const {
    return Status::invalid_argument(fmt::format("{}: {}: {}", name, path, rule));
  }
};

Result<std::string> text_at(const Reader& r, const json& j, const char* key,
                            const std::string& path) {
  if (!j.is_object() || !j.contains(key) || !j[key].is_string()) {
    return r.error(path + "." + key, "missing or not a string");
  }
  return j[key].get<std::string>();
}

Result<int> minute_at(const Reader& r, const json& j, const char* key, const std::string& path) {
  auto t = text_at(r, j, key, path);
  if (!t.is_ok()) return t.status();
  auto m = parse_time_of_day(*t);
  if (!m) return r.error(path + "." + key, "'" + *t + "' is not a time (HH:MM)");
  return static_cast<int>(m->count());
}

}  // namespace

Result<PublishedSchedule> parse_schedule_json(const std::string& text, const std::string& name) {
  const Reader r{name};
  json root;
  try {
    root = json::parse(text);
  } catch (const json::parse_error& e) {
    return Status::invalid_argument(fmt::format("{}: not JSON ({})", name, e.what()));
  }
  if (!root.is_object()) return r.error("$", "not a JSON object (a `tandem schedule --json`)");
  PublishedSchedule out;
  auto start = text_at(r, root, "start_date", "$");
  if (!start.is_ok()) return start.status();
  auto first = parse_local_date(*start);
  if (!first) return r.error("$.start_date", "'" + *start + "' is not a date (YYYY-MM-DD)");
  out.first_day = *first;
  // The horizon: from the coverage arrays (one value per interval), else the last shift.
  if (root.contains("coverage") && root["coverage"].is_object() &&
      root.contains("interval_minutes") && root["interval_minutes"].is_number_integer()) {
    const int interval = root["interval_minutes"].get<int>();
    for (const auto& [group, cov] : root["coverage"].items()) {
      if (interval > 0 && cov.is_object() && cov.contains("required") &&
          cov["required"].is_array()) {
        out.days = static_cast<int>(cov["required"].size()) * interval / 1440;
        break;
      }
    }
  }
  if (!root.contains("agents") || !root["agents"].is_array()) {
    return r.error("$.agents", "missing or not a list");
  }
  int last_day = -1;
  for (std::size_t i = 0; i < root["agents"].size(); ++i) {
    const json& a = root["agents"][i];
    const std::string ap = fmt::format("$.agents[{}]", i);
    auto id = text_at(r, a, "id", ap);
    if (!id.is_ok()) return id.status();
    AgentSchedule as{*id, {}};
    if (!a.contains("shifts") || !a["shifts"].is_array()) {
      return r.error(ap + ".shifts", "missing or not a list");
    }
    for (std::size_t k = 0; k < a["shifts"].size(); ++k) {
      const json& sh = a["shifts"][k];
      const std::string sp = fmt::format("{}.shifts[{}]", ap, k);
      auto date_text = text_at(r, sh, "date", sp);
      if (!date_text.is_ok()) return date_text.status();
      auto date = parse_local_date(*date_text);
      if (!date) return r.error(sp + ".date", "'" + *date_text + "' is not a date (YYYY-MM-DD)");
      auto from = minute_at(r, sh, "start", sp);
      if (!from.is_ok()) return from.status();
      auto to = minute_at(r, sh, "end", sp);
      if (!to.is_ok()) return to.status();
      ScheduledShift shift;
      shift.date = *date;
      shift.start_minute = *from;
      shift.end_minute = *to <= *from ? *to + 1440 : *to;
      if (sh.contains("activities")) {
        if (!sh["activities"].is_array()) return r.error(sp + ".activities", "not a list");
        for (std::size_t n = 0; n < sh["activities"].size(); ++n) {
          const json& act = sh["activities"][n];
          const std::string xp = fmt::format("{}.activities[{}]", sp, n);
          auto kind = text_at(r, act, "kind", xp);
          if (!kind.is_ok()) return kind.status();
          if (*kind != "break" && *kind != "lunch" && *kind != "phones" && *kind != "back_office") {
            return r.error(xp + ".kind",
                           "'" + *kind + "' is not phones, back_office, break or lunch");
          }
          auto b0 = minute_at(r, act, "start", xp);
          if (!b0.is_ok()) return b0.status();
          auto b1 = minute_at(r, act, "end", xp);
          if (!b1.is_ok()) return b1.status();
          if (*kind != "break" && *kind != "lunch") continue;  // working time
          // Past midnight when earlier than the shift's start.
          const int s0 = *b0 < shift.start_minute ? *b0 + 1440 : *b0;
          const int s1 = *b1 <= shift.start_minute ? *b1 + 1440 : *b1;
          shift.breaks.push_back({s0, s1, *kind == "lunch"});
        }
      }
      last_day = std::max(last_day, static_cast<int>((*date - out.first_day).count()));
      as.shifts.push_back(std::move(shift));
    }
    out.agents.push_back(std::move(as));
  }
  if (out.days <= 0) out.days = last_day + 1;
  if (out.days <= 0) return r.error("$", "the schedule has no days (no coverage, no shift)");
  return out;
}

Result<PublishedSchedule> read_schedule_file(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return Status::invalid_argument("cannot read schedule file " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_schedule_json(text.str(), file.string());
}

}  // namespace tandem::sim
