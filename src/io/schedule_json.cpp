// SPDX-License-Identifier: Apache-2.0
#include "io/schedule_json.h"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "model/calendar.h"

namespace tandem::io {

namespace {

namespace sch = tandem::schedule;
using sim::AgentSchedule;
using sim::PublishedSchedule;
using sim::ScheduledShift;

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

std::string date_of(const sch::ScheduleProblem& p, int day) {
  return format_local_date(p.start_date + std::chrono::days{day});
}

std::string hhmm(int minute) {
  return fmt::format("{:02d}:{:02d}", (minute % 1440) / 60, minute % 60);
}

nlohmann::json nullable(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

}  // namespace

nlohmann::json schedule_json(const sch::ScheduleProblem& p, const sch::ScheduleResult& r,
                             std::span<const double> overall_service_level) {
  nlohmann::json j;
  j["outcome"] = sch::to_string(r.outcome);
  j["objective"] = r.objective;
  j["bound"] = r.mip_bound;
  j["gap"] = r.gap_to_bound;
  j["mip"] = {{"objective", r.mip_objective},
              {"bound", r.mip_bound},
              {"gap", r.mip_gap},
              {"proven_optimal", r.mip_proven_optimal},
              {"seconds", r.mip_seconds},
              {"columns", r.mip_columns},
              {"rows", r.mip_rows}};
  j["cost"] = r.cost;
  j["penalty"] = r.penalty;
  j["unmet_agent_hours"] = r.unmet_agent_hours;
  j["back_office_late_hour_hours"] = r.back_office_late_hour_hours;
  j["start_date"] = date_of(p, 0);
  j["interval_minutes"] = p.interval_minutes;
  nlohmann::json unmet = nlohmann::json::array();
  for (const auto& u : r.unmet)
    unmet.push_back({{"group", u.group},
                     {"from", sch::minute_label(p, u.first_interval * p.interval_minutes)},
                     {"to", sch::minute_label(p, u.end_interval * p.interval_minutes)},
                     {"first_interval", u.first_interval},
                     {"end_interval", u.end_interval},
                     {"max_short_agents", u.max_short_agents},
                     {"short_agent_hours", u.short_agent_hours},
                     {"reason", u.reason}});
  j["unmet"] = unmet;
  j["explanations"] = r.explanations;
  nlohmann::json violations = nlohmann::json::array();
  for (const auto& v : r.violations)
    violations.push_back({{"rule", v.rule}, {"message", v.message}});
  j["violations"] = violations;
  nlohmann::json agents = nlohmann::json::array();
  for (size_t a = 0; a < p.agents.size(); ++a) {
    nlohmann::json shifts = nlohmann::json::array();
    for (const auto& s : r.shifts) {
      if (s.agent != static_cast<int>(a)) continue;
      nlohmann::json acts = nlohmann::json::array();
      for (const auto& act : s.activities)
        acts.push_back({{"kind", sch::to_string(act.kind)},
                        {"target", act.target},
                        {"start", hhmm(act.start_minute)},
                        {"end", hhmm(act.end_minute)}});
      shifts.push_back({{"date", date_of(p, s.day)},
                        {"template", s.template_id},
                        {"start", hhmm(s.start_minute)},
                        {"end", hhmm(s.end_minute)},
                        {"paid_hours", s.paid_minutes / 60.0},
                        {"activities", acts}});
    }
    agents.push_back({{"id", p.agents[a].id}, {"name", p.agents[a].name}, {"shifts", shifts}});
  }
  j["agents"] = agents;
  nlohmann::json coverage = nlohmann::json::object();
  for (size_t g = 0; g < p.front_office.size(); ++g) {
    nlohmann::json sl = nlohmann::json::array();  // null where no contact is offered
    for (double v : r.expected_service_level[g]) sl.push_back(nullable(v));
    coverage[p.front_office[g].id] = {
        {"required", p.front_office[g].required_agents},
        {"scheduled", r.coverage[g]},
        {"expected_service_level", sl},
        {"expected_service_level_overall",
         nullable(g < overall_service_level.size() ? overall_service_level[g] : NAN)}};
  }
  j["coverage"] = coverage;
  nlohmann::json bo = nlohmann::json::object();
  for (size_t w = 0; w < p.back_office.size(); ++w)
    bo[p.back_office[w].work_type] = {{"available_hours", p.back_office[w].available_hours},
                                      {"due_hours", p.back_office[w].due_hours},
                                      {"done_hours", r.back_office_done[w]}};
  j["back_office"] = bo;
  return j;
}

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

sim::PublishedSchedule published_schedule(const sch::ScheduleProblem& p,
                                          const sch::ScheduleResult& r) {
  PublishedSchedule out;
  out.first_day = p.start_date;
  int last_day = -1;
  for (std::size_t a = 0; a < p.agents.size(); ++a) {
    AgentSchedule agent{p.agents[a].id, {}};
    for (const auto& s : r.shifts) {
      if (s.agent != static_cast<int>(a)) continue;
      const int midnight = s.day * 1440;  // of the shift's date, in horizon minutes
      ScheduledShift shift;
      shift.date = p.start_date + std::chrono::days{s.day};
      shift.start_minute = s.start_minute - midnight;
      shift.end_minute = s.end_minute - midnight;
      for (const auto& act : s.activities)
        if (act.kind == sch::ActivityKind::kBreak || act.kind == sch::ActivityKind::kLunch)
          shift.breaks.push_back({act.start_minute - midnight, act.end_minute - midnight,
                                  act.kind == sch::ActivityKind::kLunch});
      last_day = std::max(last_day, s.day);
      agent.shifts.push_back(std::move(shift));
    }
    out.agents.push_back(std::move(agent));
  }
  out.days = p.front_office.empty() ? last_day + 1 : p.days;
  return out;
}

}  // namespace tandem::io
