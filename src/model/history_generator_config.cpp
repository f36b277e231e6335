// SPDX-License-Identifier: Apache-2.0
// The YAML edge of the history generator: config file -> HistoryGeneratorConfig, collecting
// every problem with its line (docs/history-generator.md lists the fields).
#include "model/history_generator_config.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "model/planning.h"
#include "model/yaml_reader.h"

namespace tandem {

namespace {

using detail::index_path;
using detail::join_path;
using detail::YamlReader;

class ConfigParser {
 public:
  explicit ConfigParser(YamlReader& reader) : r_(reader) {}

  HistoryGeneratorConfig parse(const YAML::Node& root) {
    HistoryGeneratorConfig c;
    if (!r_.expect_map(root, "")) return c;
    r_.check_keys(
        root, "",
        {"seed", "start", "end", "time_zone", "interval_minutes", "holidays",
         "weekly_trend_percent", "daily_noise_percent", "sites", "queues", "special_days"});
    if (auto seed = parse_seed(root)) c.seed = *seed;
    auto start = date_field(root, "start", "", true);
    auto end = date_field(root, "end", "", true);
    if (start) c.start = *start;
    if (end) c.end = *end;
    if (start && end && *end < *start) r_.problem(root["end"], "end", "must not be before start");
    if (auto tz = r_.text(root, "time_zone", "", true)) {
      c.time_zone = *tz;
      if (!is_known_time_zone(*tz))
        r_.problem(root["time_zone"], "time_zone",
                   fmt::format("unknown time zone '{}' (expected an IANA name such as "
                               "Europe/London)",
                               *tz));
    }
    if (auto iv = r_.integer(root, "interval_minutes", "", false)) {
      c.interval_minutes = *iv;
      if (!IntervalGrid::is_valid_length(*iv))
        r_.problem(root["interval_minutes"], "interval_minutes",
                   fmt::format("must be 5, 15, 30 or 60, not {}", *iv));
    }
    if (auto v = r_.number(root, "weekly_trend_percent", "", false)) c.weekly_trend_percent = *v;
    if (auto v = r_.number(root, "daily_noise_percent", "", false)) {
      c.daily_noise_percent = *v;
      r_.check_range(root, "daily_noise_percent", "", *v, 0, 100, "the noise");
    }
    each(root, "holidays", false, [&](const YAML::Node& n, const std::string& p) {
      const YAML::Node d = n.IsMap() ? n["date"] : n;
      if (n.IsMap()) {
        r_.check_keys(n, p, {"date", "name"});
        if (!d) {
          r_.problem(n, join_path(p, "date"), "required field is missing");
          return;
        }
      }
      if (auto day = date_value(d, n.IsMap() ? join_path(p, "date") : p))
        c.holidays.push_back(*day);
    });
    each(root, "sites", true, [&](const YAML::Node& n, const std::string& p) {
      if (r_.expect_map(n, p)) c.sites.push_back(parse_site(n, p));
    });
    each(root, "queues", true, [&](const YAML::Node& n, const std::string& p) {
      if (r_.expect_map(n, p)) c.queues.push_back(parse_queue(n, p));
    });
    each(root, "special_days", false, [&](const YAML::Node& n, const std::string& p) {
      if (r_.expect_map(n, p)) c.special_days.push_back(parse_special_day(n, p));
    });
    return c;
  }

 private:
  template <class Fn>
  void each(const YAML::Node& root, const char* key, bool required, Fn fn) {
    r_.for_each_entry(root, key, "", required, /*maps_only=*/false, fn);
  }

  std::optional<std::uint64_t> parse_seed(const YAML::Node& root) {
    auto text = r_.text(root, "seed", "", true);
    if (!text) return std::nullopt;
    const std::string& s = *text;
    errno = 0;
    char* end = nullptr;
    const unsigned long long v = std::strtoull(s.c_str(), &end, 10);
    if (s.empty() || s[0] == '-' || s[0] == '+' || *end != '\0' || errno == ERANGE) {
      r_.problem(root["seed"], "seed",
                 fmt::format("must be a whole number from 0 to 2^64-1, not '{}'", s));
      return std::nullopt;
    }
    return static_cast<std::uint64_t>(v);
  }

  std::optional<LocalDays> date_value(const YAML::Node& n, const std::string& p) {
    auto text = r_.scalar_text(n, p);
    if (!text) return std::nullopt;
    auto d = parse_local_date(*text);
    if (!d) r_.problem(n, p, fmt::format("'{}' is not a date (YYYY-MM-DD)", *text));
    return d;
  }

  std::optional<LocalDays> date_field(const YAML::Node& map, const char* key,
                                      const std::string& path, bool required) {
    const YAML::Node n = map[key];
    if (!n) {
      if (required) r_.problem(map, join_path(path, key), "required field is missing");
      return std::nullopt;
    }
    return date_value(n, join_path(path, key));
  }

  std::optional<TimeOfDay> time_value(const YAML::Node& n, const std::string& p) {
    auto text = r_.scalar_text(n, p);
    if (!text) return std::nullopt;
    auto t = parse_time_of_day(*text);
    if (!t) r_.problem(n, p, fmt::format("'{}' is not a time of day (HH:MM)", *text));
    return t;
  }

  std::optional<TimeOfDay> time_field(const YAML::Node& map, const char* key,
                                      const std::string& path) {
    const YAML::Node n = map[key];
    if (!n) {
      r_.problem(map, join_path(path, key), "required field is missing");
      return std::nullopt;
    }
    return time_value(n, join_path(path, key));
  }

  std::optional<double> non_negative(const YAML::Node& map, const char* key,
                                     const std::string& path, bool required) {
    auto v = r_.number(map, key, path, required);
    if (v && !r_.check_non_negative(map, key, path, *v)) return std::nullopt;
    return v;
  }

  std::optional<double> positive(const YAML::Node& map, const char* key, const std::string& path,
                                 bool required) {
    auto v = r_.number(map, key, path, required);
    if (v && !r_.check_positive(map, key, path, *v)) return std::nullopt;
    return v;
  }

  GeneratorSite parse_site(const YAML::Node& n, const std::string& p) {
    r_.check_keys(n, p, {"id", "name", "opening_hours"});
    GeneratorSite site;
    site.id = define(site_ids_, n, p, "site");
    const YAML::Node hours = n["opening_hours"];
    if (!hours) {
      r_.problem(n, join_path(p, "opening_hours"), "required field is missing");
      return site;
    }
    site.opening_hours = r_.weekly_hours(hours, join_path(p, "opening_hours"));
    return site;
  }

  GeneratedQueue parse_queue(const YAML::Node& n, const std::string& p) {
    r_.check_keys(n, p,
                  {"id", "file", "site", "daily_volume", "weekday_factors", "intraday", "batches",
                   "month_end", "weekly_trend_percent", "aht"});
    GeneratedQueue q;
    q.id = define(queue_ids_, n, p, "queue");
    q.file = r_.choice(n, "file", p, true,
                       {std::pair{"contacts", HistoryFile::kContacts},
                        std::pair{"work_items", HistoryFile::kWorkItems}})
                 .value_or(q.file);
    if (auto site = r_.text(n, "site", p, true)) {
      q.site = *site;
      site_refs_.push_back({*site, r_.location_of(n["site"]), join_path(p, "site")});
    }
    if (auto v = non_negative(n, "daily_volume", p, true)) q.daily_volume = *v;
    if (const YAML::Node wf = n["weekday_factors"]) {
      const std::string wp = join_path(p, "weekday_factors");
      if (r_.expect_map(wf, wp)) {
        for (const auto& kv : wf) {
          const std::string spec = kv.first.Scalar();
          const std::vector<int> days = parse_day_spec(spec);
          if (!r_.check_day_spec(kv.first, join_path(wp, spec), days)) continue;
          if (auto v = non_negative(wf, spec.c_str(), wp, true))
            for (int d : days) q.weekday_factors[static_cast<size_t>(d)] = *v;
        }
      }
    }
    if (const YAML::Node in = n["intraday"]) {
      const std::string ip = join_path(p, "intraday");
      if (r_.expect_map(in, ip)) {
        r_.check_keys(in, ip, {"base", "peaks"});
        if (auto v = non_negative(in, "base", ip, false)) q.intraday.base = *v;
        each_in(in, "peaks", ip, [&](const YAML::Node& pk, const std::string& pp) {
          r_.check_keys(pk, pp, {"at", "width_minutes", "weight"});
          IntradayPeak peak;
          if (auto t = time_field(pk, "at", pp)) peak.at = *t;
          if (auto w = positive(pk, "width_minutes", pp, true))
            peak.width = Minutes{static_cast<int>(std::lround(*w))};
          if (auto w = non_negative(pk, "weight", pp, false)) peak.weight = *w;
          q.intraday.peaks.push_back(peak);
        });
      }
    }
    double shares = 0;
    each_in(n, "batches", p, [&](const YAML::Node& b, const std::string& bp) {
      r_.check_keys(b, bp, {"at", "share"});
      ArrivalBatch batch;
      if (auto t = time_field(b, "at", bp)) batch.at = *t;
      if (auto s = r_.number(b, "share", bp, true);
          s && r_.check_range(b, "share", bp, *s, 0, 1, "the share")) {
        batch.share = *s;
        shares += *s;
      }
      q.batches.push_back(batch);
    });
    if (shares > 1 + 1e-9)
      r_.problem(n["batches"], join_path(p, "batches"),
                 fmt::format("the shares add up to {:g}, more than 1", shares));
    if (const YAML::Node me = n["month_end"]) {
      const std::string mp = join_path(p, "month_end");
      if (r_.expect_map(me, mp)) {
        r_.check_keys(me, mp, {"last_business_days", "factor"});
        if (auto d = r_.integer(me, "last_business_days", mp, true)) {
          if (r_.check_range(me, "last_business_days", mp, *d, 1, 20, "the number of days"))
            q.month_end_days = *d;
        }
        if (auto f = non_negative(me, "factor", mp, true)) q.month_end_factor = *f;
      }
    }
    q.weekly_trend_percent = r_.number(n, "weekly_trend_percent", p, false);
    if (const YAML::Node a = n["aht"]) {
      const std::string ap = join_path(p, "aht");
      if (r_.expect_map(a, ap)) {
        r_.check_keys(a, ap, {"mean_seconds", "cv", "profile"});
        AhtModel aht;
        if (auto m = positive(a, "mean_seconds", ap, true)) aht.mean_seconds = *m;
        if (auto cv = non_negative(a, "cv", ap, false)) aht.cv = *cv;
        if (const YAML::Node prof = a["profile"]) {
          const std::string pp = join_path(ap, "profile");
          if (r_.expect_map(prof, pp)) {
            for (const auto& kv : prof) {
              const std::string key = kv.first.Scalar();
              auto t = time_value(kv.first, join_path(pp, key));
              auto f = non_negative(prof, key.c_str(), pp, true);
              if (t && f) aht.profile.push_back({*t, *f});
            }
            std::sort(aht.profile.begin(), aht.profile.end(),
                      [](const TimeFactor& x, const TimeFactor& y) { return x.at < y.at; });
          }
        }
        q.aht = aht;
      }
    }
    return q;
  }

  SpecialDay parse_special_day(const YAML::Node& n, const std::string& p) {
    r_.check_keys(n, p, {"date", "name", "queues", "factor"});
    SpecialDay d;
    if (auto day = date_field(n, "date", p, true)) d.date = *day;
    d.name = r_.text(n, "name", p, false).value_or("");
    if (auto f = non_negative(n, "factor", p, true)) d.factor = *f;
    if (const YAML::Node qs = n["queues"]) {
      const std::string qp = join_path(p, "queues");
      if (r_.expect_list(qs, qp)) {
        for (size_t i = 0; i < qs.size(); ++i) {
          auto id = r_.scalar_text(qs[i], index_path(qp, i));
          if (!id) continue;
          d.queues.push_back(*id);
          queue_refs_.push_back({*id, r_.location_of(qs[i]), index_path(qp, i)});
        }
      }
    }
    return d;
  }

  template <class Fn>
  void each_in(const YAML::Node& map, const char* key, const std::string& path, Fn fn) {
    r_.for_each_entry(map, key, path, /*required=*/false, /*maps_only=*/true, fn);
  }

  std::string define(std::map<std::string, int>& ids, const YAML::Node& n, const std::string& p,
                     const char* kind) {
    auto id = r_.text(n, "id", p, true);
    if (!id) return "";
    const int line = r_.location_of(n["id"]).line;
    if (auto [it, inserted] = ids.emplace(*id, line); !inserted)
      r_.problem(
          n["id"], join_path(p, "id"),
          fmt::format("duplicate {} id '{}' (first defined at line {})", kind, *id, it->second));
    return *id;
  }

 public:
  // Checks the references once everything is read.
  void resolve() {
    for (const auto& ref : site_refs_)
      if (!site_ids_.count(ref.id))
        r_.problem_at(ref.at, ref.field, fmt::format("unknown site '{}'", ref.id));
    for (const auto& ref : queue_refs_)
      if (!queue_ids_.count(ref.id))
        r_.problem_at(ref.at, ref.field, fmt::format("unknown queue '{}'", ref.id));
  }

 private:
  struct Reference {
    std::string id;
    SourceLocation at;
    std::string field;
  };

  YamlReader& r_;
  std::map<std::string, int> site_ids_, queue_ids_;  // id -> line defined
  std::vector<Reference> site_refs_, queue_refs_;
};

}  // namespace

HistoryGeneratorConfigLoad parse_history_generator_config(const std::string& yaml,
                                                          const std::string& file_name) {
  HistoryGeneratorConfigLoad out;
  YAML::Node root;
  try {
    root = YAML::Load(yaml);
  } catch (const YAML::ParserException& e) {
    Diagnostic syntax;
    syntax.location = {file_name, e.mark.line + 1, e.mark.column + 1};
    syntax.rule = "YAML syntax error: " + e.msg;
    out.problems.push_back(std::move(syntax));
    return out;
  }
  YamlReader reader(file_name, out.problems);
  ConfigParser parser(reader);
  HistoryGeneratorConfig config = parser.parse(root);
  parser.resolve();
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return std::pair(a.location.line, a.location.column) <
                            std::pair(b.location.line, b.location.column);
                   });
  if (out.problems.empty()) out.config = std::move(config);
  return out;
}

HistoryGeneratorConfigLoad load_history_generator_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    // Built field by field: an aggregate temporary here trips g++ 12's -Wmaybe-uninitialized
    // at -O3.
    Diagnostic missing;
    missing.location.file = file.string();
    missing.rule = "cannot read the file (does it exist?)";
    HistoryGeneratorConfigLoad out;
    out.problems.push_back(std::move(missing));
    return out;
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_history_generator_config(buffer.str(), file.string());
}

}  // namespace tandem
