// SPDX-License-Identifier: Apache-2.0
// Reads a scenario YAML file into a Scenario, checking every rule of docs/scenario.md and
// collecting every problem (never stopping at the first). Nothing is returned when any
// problem is found.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "model/distribution_yaml.h"
#include "model/options.h"
#include "model/scenario.h"
#include "model/scenario_checks.h"
#include "model/yaml_reader.h"

namespace tandem {

namespace fs = std::filesystem;
using detail::index_path;
using detail::join_path;
using detail::YamlReader;

namespace {

// A reference to something defined elsewhere in the file, checked once all is read.
struct Reference {
  std::string kind;  // "skill", "queue", ...
  std::string id;
  SourceLocation at;
  std::string field;
};

class ScenarioParser {
 public:
  ScenarioParser(YamlReader& reader, fs::path base_dir)
      : r_(reader), base_dir_(std::move(base_dir)) {}

  Scenario parse(const YAML::Node& root) {
    Scenario s;
    if (!r_.expect_map(root, "")) return s;
    r_.check_keys(root, "",
                  {"tandem", "name", "description", "currency", "interval_minutes", "sites",
                   "teams", "skills", "channels", "slas", "queues", "processes", "contracts",
                   "agents", "agent_groups", "shift_templates", "policies", "rules", "history"});
    if (auto v = r_.integer(root, "tandem", "", false); v && *v != 1)
      r_.problem(root["tandem"], "tandem",
                 fmt::format("unsupported format version {} (this "
                             "Tandem reads version 1)",
                             *v));
    s.name = r_.text(root, "name", "", true).value_or("");
    s.description = r_.text(root, "description", "", false).value_or("");
    s.currency = r_.text(root, "currency", "", false).value_or("GBP");
    if (auto v = r_.integer(root, "interval_minutes", "", false)) {
      if (IntervalGrid::is_valid_length(*v))
        s.interval.minutes = *v;
      else
        r_.problem(root["interval_minutes"], "interval_minutes",
                   fmt::format("must be 5, 15, 30 or 60, not {}", *v));
    }
    each(root, "skills", true,
         [&](const YAML::Node& n, const std::string& p) { s.skills.push_back(parse_skill(n, p)); });
    each(root, "sites", true,
         [&](const YAML::Node& n, const std::string& p) { s.sites.push_back(parse_site(n, p)); });
    each(root, "teams", true,
         [&](const YAML::Node& n, const std::string& p) { s.teams.push_back(parse_team(n, p)); });
    each(root, "channels", true, [&](const YAML::Node& n, const std::string& p) {
      s.channels.push_back(parse_channel(n, p));
    });
    each(root, "slas", true,
         [&](const YAML::Node& n, const std::string& p) { s.slas.push_back(parse_sla(n, p)); });
    each(root, "queues", true,
         [&](const YAML::Node& n, const std::string& p) { s.queues.push_back(parse_queue(n, p)); });
    each(root, "processes", false, [&](const YAML::Node& n, const std::string& p) {
      s.processes.push_back(parse_process(n, p));
    });
    each(root, "contracts", false, [&](const YAML::Node& n, const std::string& p) {
      s.contracts.push_back(parse_contract(n, p));
    });
    each(root, "agents", false, [&](const YAML::Node& n, const std::string& p) {
      s.agents.push_back(parse_agent(n, p, /*group=*/false));
    });
    each(root, "agent_groups", false,
         [&](const YAML::Node& n, const std::string& p) { expand_group(n, p, s.agents); });
    if (s.agents.empty() && root["agents"].IsDefined() == root["agent_groups"].IsDefined())
      r_.problem(root, "agents", "the scenario has no agents (give agents or agent_groups)");
    each(root, "shift_templates", false, [&](const YAML::Node& n, const std::string& p) {
      s.shift_templates.push_back(parse_shift_template(n, p));
    });
    each(root, "policies", false, [&](const YAML::Node& n, const std::string& p) {
      s.policies.push_back(parse_policy(n, p));
    });
    if (s.policies.empty()) {
      Policy fallback;  // the documented defaults
      fallback.id = "default";
      fallback.name = "Default";
      s.policies.push_back(fallback);
    }
    each(root, "rules", false,
         [&](const YAML::Node& n, const std::string& p) { s.rules.push_back(parse_rule(n, p)); });
    if (root["history"]) parse_history(root["history"], "history", s.history);

    resolve_references();
    check_semantics(s);
    return s;
  }

 private:
  // Calls fn for every mapping in the list at root[key].
  template <class Fn>
  void each(const YAML::Node& root, const char* key, bool required, Fn fn) {
    r_.for_each_entry(root, key, "", required, /*maps_only=*/true, fn);
  }

  std::string define(const char* kind, const YAML::Node& map, const std::string& path) {
    auto id = r_.text(map, "id", path, true);
    if (!id) return "";
    const SourceLocation at = r_.location_of(map["id"]);
    auto& defs = defs_[kind];
    if (auto it = defs.find(*id); it != defs.end()) {
      r_.problem_at(at, join_path(path, "id"),
                    fmt::format("duplicate {} id '{}' (first defined at line {})", kind, *id,
                                it->second.line));
    } else {
      defs.emplace(*id, at);
    }
    return *id;
  }

  void define_generated(const char* kind, const std::string& id, const SourceLocation& at,
                        const std::string& field) {
    auto& defs = defs_[kind];
    if (auto it = defs.find(id); it != defs.end())
      r_.problem_at(at, field,
                    fmt::format("duplicate {} id '{}' (first defined at line {})", kind, id,
                                it->second.line));
    else
      defs.emplace(id, at);
  }

  // Reads a required reference field and records it for checking.
  std::string refer(const char* kind, const YAML::Node& map, const char* key,
                    const std::string& path, bool required = true) {
    auto id = r_.text(map, key, path, required);
    if (!id) return "";
    refs_.push_back({kind, *id, r_.location_of(map[key]), join_path(path, key)});
    return *id;
  }

  void refer_value(const char* kind, const std::string& id, const YAML::Node& at,
                   const std::string& field) {
    refs_.push_back({kind, id, r_.location_of(at), field});
  }

  void resolve_references() {
    for (const auto& ref : refs_) {
      const auto& defs = defs_[ref.kind];
      if (defs.count(ref.id)) continue;
      r_.problem_at(ref.at, ref.field, fmt::format("unknown {} '{}'", ref.kind, ref.id));
    }
  }

  Skill parse_skill(const YAML::Node& n, const std::string& p) {
    r_.check_keys(n, p, {"id", "name"});
    Skill k;
    k.id = define("skill", n, p);
    k.name = r_.text(n, "name", p, false).value_or(k.id);
    return k;
  }

  std::optional<LocalDays> date_value(const YAML::Node& n, const std::string& p) {
    auto text = r_.scalar_text(n, p);
    if (!text) return std::nullopt;
    auto d = parse_local_date(*text);
    if (!d) r_.problem(n, p, fmt::format("'{}' is not a date (YYYY-MM-DD)", *text));
    return d;
  }

  Site parse_site(const YAML::Node& n, const std::string& p) {
    r_.check_keys(n, p, {"id", "name", "time_zone", "opening_hours", "holidays"});
    Site site;
    site.id = define("site", n, p);
    site.name = r_.text(n, "name", p, false).value_or(site.id);
    if (auto tz = r_.text(n, "time_zone", p, true)) {
      site.time_zone = *tz;
      if (!is_known_time_zone(*tz))
        r_.problem(n["time_zone"], join_path(p, "time_zone"),
                   fmt::format("unknown time zone '{}' (use an IANA name such as "
                               "Europe/London)",
                               *tz));
    }
    if (n["opening_hours"])
      site.opening_hours = r_.weekly_hours(n["opening_hours"], join_path(p, "opening_hours"));
    else
      r_.problem(n, join_path(p, "opening_hours"), "required field is missing");
    if (const YAML::Node h = n["holidays"]; h && r_.expect_list(h, join_path(p, "holidays"))) {
      for (size_t i = 0; i < h.size(); ++i) {
        const std::string hp = index_path(join_path(p, "holidays"), i);
        const YAML::Node dn = h[i].IsMap() ? h[i]["date"] : h[i];
        if (!dn) {
          r_.problem(h[i], join_path(hp, "date"), "required field is missing");
          continue;
        }
        if (auto d = date_value(dn, h[i].IsMap() ? join_path(hp, "date") : hp))
          site.holidays.push_back(*d);
      }
      std::sort(site.holidays.begin(), site.holidays.end());
    }
    return site;
  }

  Team parse_team(const YAML::Node& n, const std::string& p) {
    r_.check_keys(n, p, {"id", "name", "site", "channel_concurrency", "office"});
    Team t;
    t.id = define("team", n, p);
    t.name = r_.text(n, "name", p, false).value_or(t.id);
    t.site = refer("site", n, "site", p);
    t.office = r_.choice<Office>(
                     n, "office", p, false,
                     {{"front_office", Office::kFrontOffice}, {"back_office", Office::kBackOffice}})
                   .value_or(Office::kUnset);
    if (const YAML::Node cc = n["channel_concurrency"];
        cc && r_.expect_map(cc, join_path(p, "channel_concurrency"))) {
      for (const auto& kv : cc) {
        const std::string field = join_path(join_path(p, "channel_concurrency"), kv.first.Scalar());
        refer_value("channel", kv.first.Scalar(), kv.first, field);
        if (auto v = r_.scalar_number(kv.second, field)) {
          if (*v < 1 || *v != static_cast<int>(*v))
            r_.problem(kv.second, field, "concurrency must be a whole number of at least 1");
          else
            t.channel_concurrency[kv.first.Scalar()] = static_cast<int>(*v);
        }
      }
    }
    return t;
  }

  Channel parse_channel(const YAML::Node& n, const std::string& p) {
    r_.check_keys(n, p, {"id", "name", "mode", "concurrency", "pausable"});
    Channel c;
    c.id = define("channel", n, p);
    c.name = r_.text(n, "name", p, false).value_or(c.id);
    c.mode = r_.choice(n, "mode", p, true,
                       {std::pair{"real_time", ChannelMode::kRealTime},
                        std::pair{"deferrable", ChannelMode::kDeferrable}})
                 .value_or(c.mode);
    if (auto v = r_.integer(n, "concurrency", p, false)) {
      if (*v >= 1)
        c.concurrency = *v;
      else
        r_.problem(n["concurrency"], join_path(p, "concurrency"), "must be at least 1");
    }
    c.pausable = r_.boolean(n, "pausable", p).value_or(c.mode == ChannelMode::kDeferrable);
    return c;
  }

  void percent(const YAML::Node& n, const char* key, const std::string& p, double& out,
               bool required) {
    if (auto v = r_.number(n, key, p, required)) {
      if (r_.check_range(n, key, p, *v, 0, 100, "a percent")) out = *v;
    }
  }

  Sla parse_sla(const YAML::Node& n, const std::string& p) {
    r_.check_keys(n, p,
                  {"id", "name", "kind", "answered_percent", "within_seconds",
                   "max_abandon_percent", "max_asa_seconds", "completed_percent", "within"});
    Sla sla;
    sla.id = define("sla", n, p);
    sla.name = r_.text(n, "name", p, false).value_or(sla.id);
    const std::string kind = r_.text(n, "kind", p, true).value_or("");
    if (kind == "front_office") {
      sla.kind = SlaKind::kFrontOffice;
      percent(n, "answered_percent", p, sla.answered_percent, true);
      if (auto v = r_.number(n, "within_seconds", p, true);
          v && r_.check_positive(n, "within_seconds", p, *v))
        sla.answer_within_seconds = *v;
      if (n["max_abandon_percent"]) {
        double v = 0;
        percent(n, "max_abandon_percent", p, v, false);
        sla.max_abandon_percent = v;
      }
      if (auto v = r_.number(n, "max_asa_seconds", p, false);
          v && r_.check_positive(n, "max_asa_seconds", p, *v))
        sla.max_asa_seconds = *v;
    } else if (kind == "back_office" || kind == "end_to_end") {
      sla.kind = kind == "back_office" ? SlaKind::kBackOffice : SlaKind::kEndToEnd;
      percent(n, "completed_percent", p, sla.completed_percent, true);
      const YAML::Node within = n["within"];
      const std::string wp = join_path(p, "within");
      if (!within) {
        r_.problem(n, wp, "required field is missing");
      } else if (r_.expect_map(within, wp)) {
        r_.check_keys(within, wp, {"hours", "business_hours", "business_days"});
        int given = 0;
        for (auto [key, unit] : {std::pair{"hours", DeadlineUnit::kHours},
                                 std::pair{"business_hours", DeadlineUnit::kBusinessHours},
                                 std::pair{"business_days", DeadlineUnit::kBusinessDays}}) {
          if (!within[key]) continue;
          ++given;
          if (auto v = r_.number(within, key, wp, true);
              v && r_.check_positive(within, key, wp, *v))
            sla.deadline = {unit, *v};
        }
        if (given != 1)
          r_.problem(within, wp, "give exactly one of hours, business_hours, business_days");
      }
    } else if (!kind.empty()) {
      r_.problem(n["kind"], join_path(p, "kind"),
                 fmt::format("must be front_office, back_office or end_to_end, not '{}'", kind));
    }
    return sla;
  }

  std::optional<Distribution> parse_distribution(const YAML::Node& n, const std::string& p) {
    return detail::read_distribution(r_, n, p);
  }

  Queue parse_queue(const YAML::Node& n, const std::string& p) {
    r_.check_keys(n, p,
                  {"id", "name", "channel", "skill", "priority", "sla", "site", "handle_time",
                   "after_contact_seconds", "patience_seconds"});
    Queue q;
    q.id = define("queue", n, p);
    q.name = r_.text(n, "name", p, false).value_or(q.id);
    q.channel = refer("channel", n, "channel", p);
    q.skill = refer("skill", n, "skill", p);
    q.sla = refer("sla", n, "sla", p);
    q.site = refer("site", n, "site", p);
    if (auto v = r_.integer(n, "priority", p, false)) {
      if (*v < 0 || *v > 100)
        r_.problem(n["priority"], join_path(p, "priority"), "must be between 0 and 100");
      else
        q.priority = *v;
    }
    if (n["handle_time"]) {
      if (auto d = parse_distribution(n["handle_time"], join_path(p, "handle_time")))
        q.handle_time = *d;
    } else {
      r_.problem(n, join_path(p, "handle_time"), "required field is missing");
    }
    if (auto v = r_.number(n, "after_contact_seconds", p, false);
        v && r_.check_non_negative(n, "after_contact_seconds", p, *v))
      q.after_contact_seconds = *v;
    if (auto v = r_.number(n, "patience_seconds", p, false);
        v && r_.check_positive(n, "patience_seconds", p, *v))
      q.patience_mean_seconds = *v;
    queue_sites_.push_back({n, p});
    return q;
  }

  ProcessStep parse_step(const YAML::Node& n, const std::string& p) {
    r_.check_keys(
        n, p,
        {"id", "name", "work_type", "handle_time", "robot_eligible", "quality_check", "waits"});
    ProcessStep st;
    if (auto id = r_.text(n, "id", p, true)) st.id = *id;
    st.name = r_.text(n, "name", p, false).value_or(st.id);
    st.work_type = refer("queue", n, "work_type", p);
    step_sites_.push_back({n, p});
    if (n["handle_time"]) {
      if (auto d = parse_distribution(n["handle_time"], join_path(p, "handle_time")))
        st.handle_time = *d;
    }
    st.robot_eligible = r_.boolean(n, "robot_eligible", p).value_or(false);
    if (const YAML::Node qc = n["quality_check"]) {
      const std::string qp = join_path(p, "quality_check");
      if (r_.expect_map(qc, qp)) {
        r_.check_keys(qc, qp, {"rate", "work_type"});
        if (auto v = r_.number(qc, "rate", qp, true);
            v && r_.check_range(qc, "rate", qp, *v, 0, 1, "a rate"))
          st.quality_check_rate = *v;
        st.quality_check_work_type = refer("queue", qc, "work_type", qp, false);
      }
    }
    if (const YAML::Node waits = n["waits"];
        waits && r_.expect_list(waits, join_path(p, "waits"))) {
      for (size_t i = 0; i < waits.size(); ++i) {
        const std::string wp = index_path(join_path(p, "waits"), i);
        if (!r_.expect_map(waits[i], wp)) continue;
        const YAML::Node w = waits[i];
        r_.check_keys(w, wp, {"id", "name", "probability", "duration"});
        WaitState ws;
        ws.id = r_.text(w, "id", wp, true).value_or("");
        ws.name = r_.text(w, "name", wp, false).value_or(ws.id);
        if (auto v = r_.number(w, "probability", wp, true);
            v && r_.check_range(w, "probability", wp, *v, 0, 1, "a probability"))
          ws.probability = *v;
        if (w["duration"]) {
          if (auto d = parse_distribution(w["duration"], join_path(wp, "duration")))
            ws.duration = *d;
        } else {
          r_.problem(w, join_path(wp, "duration"), "required field is missing");
        }
        st.waits.push_back(ws);
      }
    }
    return st;
  }

  void note_step_id(const ProcessStep& st, const YAML::Node& n, const std::string& p,
                    std::map<std::string, int>& seen) {
    if (st.id.empty()) return;
    if (auto it = seen.find(st.id); it != seen.end()) {
      r_.problem(n["id"], join_path(p, "id"),
                 fmt::format("duplicate step id '{}' in this process (first at line {})", st.id,
                             it->second));
    } else {
      seen.emplace(st.id, r_.location_of(n["id"]).line);
    }
  }

  Process parse_process(const YAML::Node& n, const std::string& p) {
    r_.check_keys(n, p, {"id", "name", "sla", "channel", "steps"});
    Process proc;
    proc.id = define("process", n, p);
    proc.name = r_.text(n, "name", p, false).value_or(proc.id);
    proc.sla = refer("sla", n, "sla", p);
    proc.channel = refer("channel", n, "channel", p, false);
    const YAML::Node steps = n["steps"];
    const std::string sp = join_path(p, "steps");
    if (!steps) {
      r_.problem(n, sp, "required list is missing");
      return proc;
    }
    if (!r_.expect_list(steps, sp)) return proc;
    if (steps.size() == 0) r_.problem(steps, sp, "a process needs at least one step");
    std::map<std::string, int> seen;
    for (size_t i = 0; i < steps.size(); ++i) {
      const std::string ip = index_path(sp, i);
      const YAML::Node item = steps[i];
      if (!r_.expect_map(item, ip)) continue;
      ProcessStage stage;
      if (item["parallel"]) {
        r_.check_keys(item, ip, {"parallel"});
        const std::string pp = join_path(ip, "parallel");
        const YAML::Node branches = item["parallel"];
        if (!r_.expect_list(branches, pp)) continue;
        if (branches.size() < 2)
          r_.problem(branches, pp, "a parallel split needs at least 2 branches");
        for (size_t b = 0; b < branches.size(); ++b) {
          const std::string bp = index_path(pp, b);
          std::vector<ProcessStep> branch;
          if (branches[b].IsSequence()) {
            for (size_t k = 0; k < branches[b].size(); ++k) {
              const std::string kp = index_path(bp, k);
              if (!r_.expect_map(branches[b][k], kp)) continue;
              branch.push_back(parse_step(branches[b][k], kp));
              note_step_id(branch.back(), branches[b][k], kp, seen);
            }
            if (branches[b].size() == 0) r_.problem(branches[b], bp, "a branch needs a step");
          } else if (r_.expect_map(branches[b], bp)) {
            branch.push_back(parse_step(branches[b], bp));
            note_step_id(branch.back(), branches[b], bp, seen);
          }
          if (!branch.empty()) stage.branches.push_back(std::move(branch));
        }
      } else {
        stage.branches.push_back({parse_step(item, ip)});
        note_step_id(stage.branches.back().back(), item, ip, seen);
      }
      if (!stage.branches.empty()) proc.stages.push_back(std::move(stage));
    }
    return proc;
  }

  Contract parse_contract(const YAML::Node& n, const std::string& p) {
    r_.check_keys(n, p,
                  {"id", "name", "hours_per_week", "max_days_per_week", "max_consecutive_days",
                   "min_rest_hours", "availability"});
    Contract c;
    c.id = define("contract", n, p);
    c.name = r_.text(n, "name", p, false).value_or(c.id);
    if (const YAML::Node h = n["hours_per_week"]) {
      const std::string hp = join_path(p, "hours_per_week");
      if (r_.expect_map(h, hp)) {
        r_.check_keys(h, hp, {"min", "max"});
        auto lo = r_.number(h, "min", hp, true);
        auto hi = r_.number(h, "max", hp, true);
        if (lo && r_.check_range(h, "min", hp, *lo, 0, 168, "hours per week"))
          c.min_hours_per_week = *lo;
        if (hi && r_.check_range(h, "max", hp, *hi, 0, 168, "hours per week"))
          c.max_hours_per_week = *hi;
        if (lo && hi && *lo > *hi)
          r_.problem(
              h["min"], join_path(hp, "min"),
              fmt::format("contract minimum hours {:g} is above the maximum {:g}", *lo, *hi));
      }
    } else {
      r_.problem(n, join_path(p, "hours_per_week"), "required field is missing");
    }
    if (auto v = r_.integer(n, "max_days_per_week", p, false);
        v && r_.check_range(n, "max_days_per_week", p, *v, 1, 7, "days per week"))
      c.max_days_per_week = *v;
    if (auto v = r_.integer(n, "max_consecutive_days", p, false);
        v && r_.check_range(n, "max_consecutive_days", p, *v, 1, 31, "consecutive days"))
      c.max_consecutive_days = *v;
    if (auto v = r_.number(n, "min_rest_hours", p, false);
        v && r_.check_range(n, "min_rest_hours", p, *v, 0, 48, "rest hours"))
      c.min_rest_hours = *v;
    if (n["availability"])
      c.availability = r_.weekly_hours(n["availability"], join_path(p, "availability"));
    return c;
  }

  void parse_skills_map(const YAML::Node& n, const std::string& p, Agent& a) {
    const YAML::Node skills = n["skills"];
    const std::string sp = join_path(p, "skills");
    if (!skills) {
      r_.problem(n, sp, "required field is missing (an agent needs at least one skill)");
      return;
    }
    if (!r_.expect_map(skills, sp)) return;
    if (skills.size() == 0) r_.problem(skills, sp, "an agent needs at least one skill");
    for (const auto& kv : skills) {
      const std::string field = join_path(sp, kv.first.Scalar());
      refer_value("skill", kv.first.Scalar(), kv.first, field);
      if (auto v = r_.scalar_number(kv.second, field)) {
        if (*v <= 0 || *v > 10)
          r_.problem(kv.second, field,
                     fmt::format("proficiency must be above 0 and at most 10, not {:g}", *v));
        else
          a.skills.push_back({kv.first.Scalar(), *v});
      }
    }
  }

  // Fields shared by an agent and an agent group.
  void parse_agent_body(const YAML::Node& n, const std::string& p, Agent& a) {
    a.kind =
        r_.choice(n, "kind", p, false,
                  {std::pair{"human", AgentKind::kHuman}, std::pair{"robot", AgentKind::kRobot}})
            .value_or(a.kind);
    a.team = refer("team", n, "team", p);
    parse_skills_map(n, p, a);
    a.contract = refer("contract", n, "contract", p, a.kind == AgentKind::kHuman);
    if (auto v = r_.number(n, "cost_per_hour", p, false);
        v && r_.check_non_negative(n, "cost_per_hour", p, *v))
      a.cost_per_hour = *v;
    if (auto v = r_.integer(n, "concurrency", p, false)) {
      if (*v >= 1)
        a.concurrency = *v;
      else
        r_.problem(n["concurrency"], join_path(p, "concurrency"), "must be at least 1");
    }
    if (auto v = r_.number(n, "failure_rate", p, false);
        v && r_.check_range(n, "failure_rate", p, *v, 0, 1, "a rate"))
      a.failure_rate = *v;
    if (const YAML::Node pref = n["preferences"]) {
      const std::string pp = join_path(p, "preferences");
      if (r_.expect_map(pref, pp)) {
        r_.check_keys(pref, pp, {"shifts", "days_off"});
        if (const YAML::Node sh = pref["shifts"];
            sh && r_.expect_list(sh, join_path(pp, "shifts"))) {
          for (size_t i = 0; i < sh.size(); ++i) {
            const std::string f = index_path(join_path(pp, "shifts"), i);
            if (auto id = r_.scalar_text(sh[i], f)) {
              refer_value("shift template", *id, sh[i], f);
              a.preferences.preferred_shifts.push_back(*id);
            }
          }
        }
        if (const YAML::Node off = pref["days_off"];
            off && r_.expect_list(off, join_path(pp, "days_off"))) {
          for (size_t i = 0; i < off.size(); ++i)
            if (auto d = date_value(off[i], index_path(join_path(pp, "days_off"), i)))
              a.preferences.days_off_requested.push_back(*d);
        }
      }
    }
  }

  Agent parse_agent(const YAML::Node& n, const std::string& p, bool) {
    r_.check_keys(n, p,
                  {"id", "name", "kind", "team", "skills", "contract", "cost_per_hour",
                   "concurrency", "failure_rate", "preferences"});
    Agent a;
    a.id = define("agent", n, p);
    a.name = r_.text(n, "name", p, false).value_or(a.id);
    parse_agent_body(n, p, a);
    return a;
  }

  // An agent group: `count` agents named <id>-001 ... sharing everything else.
  void expand_group(const YAML::Node& n, const std::string& p, std::vector<Agent>& out) {
    r_.check_keys(n, p,
                  {"id", "name", "count", "kind", "team", "skills", "contract", "cost_per_hour",
                   "concurrency", "failure_rate", "preferences"});
    const std::string id = define("agent group", n, p);
    Agent proto;
    parse_agent_body(n, p, proto);
    auto count = r_.integer(n, "count", p, true);
    if (!count) return;
    if (*count < 1 || *count > 100000) {
      r_.problem(n["count"], join_path(p, "count"), "must be between 1 and 100000");
      return;
    }
    const std::string name = r_.text(n, "name", p, false).value_or(id);
    const int width = *count >= 1000 ? 4 : 3;
    for (int i = 1; i <= *count; ++i) {
      Agent a = proto;
      a.id = fmt::format("{}-{:0{}}", id, i, width);
      a.name = fmt::format("{} {}", name, i);
      define_generated("agent", a.id, r_.location_of(n["id"]), join_path(p, "id"));
      out.push_back(std::move(a));
    }
  }

  std::optional<TimeOfDay> time_field(const YAML::Node& n, const char* key, const std::string& p) {
    auto text = r_.text(n, key, p, true);
    if (!text) return std::nullopt;
    auto t = parse_time_of_day(*text);
    if (!t) r_.problem(n[key], join_path(p, key), fmt::format("'{}' is not a time (HH:MM)", *text));
    return t;
  }

  ShiftTemplate parse_shift_template(const YAML::Node& n, const std::string& p) {
    r_.check_keys(n, p, {"id", "name", "start", "lengths_hours", "weekdays", "breaks"});
    ShiftTemplate t;
    t.id = define("shift template", n, p);
    t.name = r_.text(n, "name", p, false).value_or(t.id);
    const std::string stp = join_path(p, "start");
    if (const YAML::Node start = n["start"]; !start) {
      r_.problem(n, stp, "required field is missing");
    } else if (r_.expect_map(start, stp)) {
      r_.check_keys(start, stp, {"earliest", "latest", "step_minutes"});
      auto e = time_field(start, "earliest", stp);
      auto l = time_field(start, "latest", stp);
      if (e) t.earliest_start = *e;
      if (l) t.latest_start = *l;
      if (e && l && *l < *e)
        r_.problem(start["latest"], join_path(stp, "latest"),
                   "the latest start is before the earliest start: no shift can start");
      if (auto v = r_.integer(start, "step_minutes", stp, false)) {
        if (*v < 5 || *v > 1440 || *v % 5 != 0)
          r_.problem(start["step_minutes"], join_path(stp, "step_minutes"),
                     "must be a multiple of 5 minutes between 5 and 1440");
        else
          t.start_step_minutes = *v;
      }
    }
    const std::string lp = join_path(p, "lengths_hours");
    if (const YAML::Node lengths = n["lengths_hours"]; !lengths) {
      r_.problem(n, lp, "required field is missing");
    } else if (r_.expect_list(lengths, lp)) {
      for (size_t i = 0; i < lengths.size(); ++i) {
        if (auto v = r_.scalar_number(lengths[i], index_path(lp, i))) {
          if (*v <= 0 || *v > 16)
            r_.problem(
                lengths[i], index_path(lp, i),
                fmt::format("a shift length must be above 0 and at most 16 hours, not {:g}", *v));
          else
            t.lengths_minutes.push_back(static_cast<int>(*v * 60 + 0.5));
        }
      }
      if (lengths.size() == 0) r_.problem(lengths, lp, "give at least one shift length");
    }
    if (const YAML::Node days = n["weekdays"];
        days && r_.expect_list(days, join_path(p, "weekdays"))) {
      for (size_t i = 0; i < days.size(); ++i) {
        const std::string f = index_path(join_path(p, "weekdays"), i);
        auto name = r_.scalar_text(days[i], f);
        if (!name) continue;
        auto idx = parse_day_spec(*name);
        r_.check_day_spec(days[i], f, idx);
        for (int d : idx) t.weekdays.push_back(d);
      }
    }
    const int shortest = t.lengths_minutes.empty() ? 0
                                                   : *std::min_element(t.lengths_minutes.begin(),
                                                                       t.lengths_minutes.end());
    if (const YAML::Node breaks = n["breaks"];
        breaks && r_.expect_list(breaks, join_path(p, "breaks"))) {
      for (size_t i = 0; i < breaks.size(); ++i) {
        const std::string bp = index_path(join_path(p, "breaks"), i);
        if (!r_.expect_map(breaks[i], bp)) continue;
        const YAML::Node b = breaks[i];
        r_.check_keys(
            b, bp,
            {"id", "kind", "minutes", "earliest_after_minutes", "latest_after_minutes", "paid"});
        BreakRule br;
        br.id = r_.text(b, "id", bp, false).value_or(fmt::format("break-{}", i + 1));
        br.is_lunch =
            r_.choice(b, "kind", bp, false, {std::pair{"break", false}, std::pair{"lunch", true}})
                .value_or(false);
        br.paid = r_.boolean(b, "paid", bp).value_or(!br.is_lunch);
        if (auto v = r_.integer(b, "minutes", bp, true);
            v && r_.check_range(b, "minutes", bp, *v, 5, 120, "a break length in minutes"))
          br.duration_minutes = *v;
        auto lo = r_.integer(b, "earliest_after_minutes", bp, true);
        auto hi = r_.integer(b, "latest_after_minutes", bp, true);
        if (lo) br.earliest_after_start_minutes = *lo;
        if (hi) br.latest_after_start_minutes = *hi;
        if (lo && hi && *hi < *lo)
          r_.problem(b["latest_after_minutes"], join_path(bp, "latest_after_minutes"),
                     "the break window closes before it opens: no shift can place this break");
        else if (lo && *lo < 0)
          r_.problem(b["earliest_after_minutes"], join_path(bp, "earliest_after_minutes"),
                     "must not be negative");
        else if (lo && shortest > 0 && *lo + br.duration_minutes > shortest)
          r_.problem(b["earliest_after_minutes"], join_path(bp, "earliest_after_minutes"),
                     fmt::format("the break cannot fit in the shortest shift ({} minutes): no "
                                 "shift can satisfy this rule",
                                 shortest));
        t.breaks.push_back(br);
      }
    }
    return t;
  }

  // A number of a policy, checked against the options table (model/options.h).
  template <typename Value>
  void policy_number(const YAML::Node& n, const std::string& p, std::string_view key,
                     Value& field) {
    const OptionRecord& o = option(OptionGroup::kPolicy, key);
    const std::string k(key);
    std::optional<double> v;
    if (o.type == OptionType::kInt) {
      if (auto i = r_.integer(n, k, p, false)) v = static_cast<double>(*i);
    } else {
      v = r_.number(n, k, p, false);
    }
    if (!v) return;
    if (!in_bounds(o, *v)) {
      r_.problem(n[k], join_path(p, k), bounds_rule(o, *v));
      return;
    }
    field = static_cast<Value>(*v);
  }

  Policy parse_policy(const YAML::Node& n, const std::string& p) {
    std::vector<std::string> keys = {"id", "name"};
    for (const OptionRecord& o : all_options())
      if (o.group == OptionGroup::kPolicy) keys.emplace_back(o.name);
    r_.check_keys(n, p, keys);
    Policy pol;
    pol.id = define("policy", n, p);
    pol.name = r_.text(n, "name", p, false).value_or(pol.id);
    pol.blending = r_.boolean(n, "blending", p).value_or(pol.blending);
    policy_number(n, p, "phone_margin_agents", pol.phone_margin_agents);
    policy_number(n, p, "hysteresis_agents", pol.hysteresis_agents);
    policy_number(n, p, "min_usable_chunk_minutes", pol.min_usable_chunk_minutes);
    pol.recall_mode = r_.choice(n, "recall_mode", p, false,
                                {std::pair{"pause_task", RecallMode::kPauseTask},
                                 std::pair{"wait_for_completion", RecallMode::kWaitForCompletion}})
                          .value_or(pol.recall_mode);
    // 0 is direct assignment (no offer), as the engine reads it.
    policy_number(n, p, "offer_timeout_seconds", pol.offer_timeout_seconds);
    pol.not_ready_on_reject =
        r_.boolean(n, "not_ready_on_reject", p).value_or(pol.not_ready_on_reject);
    pol.phones_take_deferrable_contacts = r_.boolean(n, "phones_take_deferrable_contacts", p)
                                              .value_or(pol.phones_take_deferrable_contacts);
    policy_number(n, p, "arrival_smoothing", pol.arrival_smoothing);
    pol.agent_selection =
        r_.choice(n, "agent_selection", p, false,
                  {std::pair{"longest_idle", AgentSelection::kLongestIdle},
                   std::pair{"best_proficiency", AgentSelection::kBestProficiency}})
            .value_or(pol.agent_selection);
    return pol;
  }

  DecisionRuleSource parse_rule(const YAML::Node& n, const std::string& p) {
    r_.check_keys(n, p, {"id", "rule"});
    DecisionRuleSource rule;
    rule.id = define("rule", n, p);
    rule.text = r_.text(n, "rule", p, true).value_or("");
    rule.location = r_.location_of(n["rule"] ? n["rule"] : n);
    return rule;
  }

  void parse_history(const YAML::Node& n, const std::string& p, HistorySources& h) {
    if (!r_.expect_map(n, p)) return;
    r_.check_keys(n, p, {"contacts", "work_items"});
    auto file = [&](const char* key) -> std::optional<fs::path> {
      auto rel = r_.text(n, key, p, false);
      if (!rel) return std::nullopt;
      fs::path path = fs::path(*rel).is_absolute() ? fs::path(*rel) : base_dir_ / *rel;
      std::error_code ec;
      if (!fs::is_regular_file(path, ec)) {
        r_.problem(n[key], join_path(p, key),
                   fmt::format("file '{}' does not exist{}", *rel,
                               fs::path(*rel).is_absolute()
                                   ? ""
                                   : " (paths are relative to the scenario's folder)"));
        return std::nullopt;
      }
      return path.lexically_normal();
    };
    h.contacts = file("contacts");
    h.work_items = file("work_items");
  }

  // Rules that need more than one entity: checked on the value after everything is read
  // (model/scenario_checks.h), each problem reported where its field was read.
  void check_semantics(const Scenario& s) {
    std::map<std::string, ReadAt> at;  // value path -> where it was read
    for (std::size_t i = 0; i < s.queues.size() && i < queue_sites_.size(); ++i)
      at.emplace(queue_sla_path(i),
                 ReadAt{queue_sites_[i].node["sla"], join_path(queue_sites_[i].path, "sla")});
    std::size_t k = 0;  // steps in the order parse_step read them: the value's order
    for (std::size_t p = 0; p < s.processes.size(); ++p)
      for (std::size_t g = 0; g < s.processes[p].stages.size(); ++g) {
        const auto& branches = s.processes[p].stages[g].branches;
        for (std::size_t b = 0; b < branches.size(); ++b)
          for (std::size_t j = 0; j < branches[b].size() && k < step_sites_.size(); ++j, ++k)
            at.emplace(step_work_type_path(p, g, b, j),
                       ReadAt{step_sites_[k].node["work_type"],
                              join_path(step_sites_[k].path, "work_type")});
      }
    for (const Diagnostic& d : check_scenario(s)) {
      const auto it = at.find(d.field);
      if (it != at.end()) r_.problem(it->second.node, it->second.path, d.rule);
    }
  }

  YamlReader& r_;
  fs::path base_dir_;
  std::map<std::string, std::map<std::string, SourceLocation>> defs_;
  std::vector<Reference> refs_;
  // Where each queue and each process step was read, in the order of the value.
  struct ReadAt {
    YAML::Node node;
    std::string path;
  };
  std::vector<ReadAt> queue_sites_;
  std::vector<ReadAt> step_sites_;
};

// Steps without their own handle time take their work type's.
void fill_step_defaults(Scenario& s) {
  for (auto& proc : s.processes)
    for (auto& stage : proc.stages)
      for (auto& branch : stage.branches)
        for (auto& step : branch) {
          if (step.handle_time.mean_seconds > 0) continue;
          if (const Queue* q = s.find_queue(step.work_type)) step.handle_time = q->handle_time;
        }
}

}  // namespace

ScenarioLoad load_scenario_text(const std::string& yaml, const std::string& file_name,
                                const fs::path& base_dir) {
  ScenarioLoad out;
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::ParserException& e) {
    Diagnostic d;  // built field by field: g++ 12 -O3 warns falsely on the aggregate form
    d.location = {file_name, e.mark.line + 1, e.mark.column + 1};
    d.rule = "YAML syntax error: " + e.msg;
    out.problems.push_back(std::move(d));
    return out;
  }
  YamlReader reader(file_name, out.problems);
  ScenarioParser parser(reader, base_dir);
  Scenario s = parser.parse(root);
  // Report in file order, whatever pass found them.
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::pair(a.location.line, a.location.column) <
                            std::pair(b.location.line, b.location.column);
                   });
  if (!out.problems.empty()) return out;
  fill_step_defaults(s);
  out.scenario = std::move(s);
  return out;
}

ScenarioLoad load_scenario(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    ScenarioLoad out;
    Diagnostic d;
    d.location.file = file.string();
    d.rule = "cannot read the file (does it exist?)";
    out.problems.push_back(std::move(d));
    return out;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  const fs::path base = file.has_parent_path() ? file.parent_path() : fs::path(".");
  ScenarioLoad out = load_scenario_text(buffer.str(), file.string(), base);
  if (out.scenario) out.scenario->source_file = file;
  return out;
}

Result<Scenario> read_scenario(const fs::path& file) {
  ScenarioLoad load = load_scenario(file);
  if (!load.ok()) {
    std::string message = to_string(load.problems);  // before the problems move
    return Status::invalid_argument(std::move(message), std::move(load.problems));
  }
  return std::move(*load.scenario);
}

}  // namespace tandem
