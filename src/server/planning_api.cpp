// SPDX-License-Identifier: Apache-2.0
#include "server/planning_api.h"

#include <cmath>
#include <nlohmann/json.hpp>

#include "io/event_codec.h"
#include "model/calendar.h"
#include "server/planning.h"

namespace tandem::server {
namespace {

using nlohmann::json;

ApiResponse json_body(const json& body, int status) {
  ApiResponse r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

ApiResponse invalid(const std::vector<ErrorDetail>& problems) {
  const std::string message = problems.size() == 1
                                  ? problems[0].field + ": " + problems[0].rule
                                  : std::to_string(problems.size()) + " fields are invalid";
  return error_response(400, "invalid_argument", message, problems);
}

ApiResponse from_status(const Status& s) {
  std::vector<ErrorDetail> details;
  for (const Diagnostic& d : s.diagnostics()) details.push_back({d.field, d.rule});
  ApiResponse r =
      error_response(http_status_for(s.code()), to_string(s.code()), s.message(), details);
  if (s.code() == StatusCode::kUnavailable) r.headers.emplace_back("Retry-After", "5");
  return r;
}

// The query string: only `allowed` keys, each once. Values are not percent-decoded beyond
// what a date or an id needs (percent_decode, plus as space).
std::optional<ApiResponse> parse_query(std::string_view raw,
                                       std::initializer_list<const char*> allowed,
                                       std::map<std::string, std::string>& out) {
  std::size_t i = 0;
  while (i < raw.size()) {
    std::size_t amp = raw.find('&', i);
    if (amp == std::string_view::npos) amp = raw.size();
    std::string_view pair = raw.substr(i, amp - i);
    i = amp + 1;
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    std::string key, value;
    if (!percent_decode(pair.substr(0, eq), key, true) ||
        (eq != std::string_view::npos && !percent_decode(pair.substr(eq + 1), value, true)))
      return invalid({{"query", "malformed percent-encoding"}});
    bool known = false;
    for (const char* a : allowed) known = known || key == a;
    if (!known) return invalid({{key, "unknown parameter"}});
    if (!out.emplace(key, value).second) return invalid({{key, "given more than once"}});
  }
  return std::nullopt;
}

// A JSON object body (empty: {}), with its fields limited to `fields`.
std::optional<ApiResponse> parse_object(const PlanningCall& c,
                                        std::initializer_list<const char*> fields, json& out) {
  const std::string& type = c.request.content_type;
  if (!type.empty() && type.rfind("application/json", 0) != 0)
    return error_response(415, "unsupported_media_type",
                          "body: Content-Type must be application/json",
                          {{"Content-Type", "must be application/json"}});
  if (c.request.body.empty()) {
    out = json::object();
  } else {
    if (io::json_nesting_depth(c.request.body, c.json_depth) > c.json_depth)
      return invalid(
          {{"body", "JSON nested deeper than " + std::to_string(c.json_depth) + " levels"}});
    try {
      out = json::parse(c.request.body);
    } catch (const json::parse_error& e) {
      return invalid({{"body", "not valid JSON (at byte " + std::to_string(e.byte) + ")"}});
    }
  }
  if (!out.is_object()) return invalid({{"body", "must be a JSON object"}});
  std::vector<ErrorDetail> unknown;
  for (auto it = out.begin(); it != out.end(); ++it) {
    bool known = false;
    for (const char* f : fields) known = known || it.key() == f;
    if (!known) unknown.push_back({it.key(), "unknown field"});
  }
  if (!unknown.empty()) return invalid(unknown);
  return std::nullopt;
}

// Reads an integer field in [lo, hi] into `out` (absent: unchanged).
template <class T>
void int_field(const json& body, const char* name, std::int64_t lo, std::int64_t hi, T& out,
               std::vector<ErrorDetail>& problems) {
  auto it = body.find(name);
  if (it == body.end()) return;
  const std::string rule =
      "must be an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
  if (!it->is_number_integer()) return problems.push_back({name, rule});
  const std::int64_t v = it->is_number_unsigned() && it->get<std::uint64_t>() > INT64_MAX
                             ? INT64_MAX
                             : it->get<std::int64_t>();
  if (v < lo || v > hi) return problems.push_back({name, rule});
  out = static_cast<T>(v);
}

// Reads a number field in [lo, hi] (or (lo, hi] when lo_open) into `out`.
void number_field(const json& body, const char* name, double lo, bool lo_open, double hi,
                  double& out, std::vector<ErrorDetail>& problems) {
  auto it = body.find(name);
  if (it == body.end()) return;
  const auto text = [](double v) {
    std::string s = std::to_string(v);
    s.erase(s.find_last_not_of('0') + 1);
    if (s.back() == '.') s.pop_back();
    return s;
  };
  const std::string rule =
      "must be a number in " + std::string(lo_open ? "(" : "[") + text(lo) + ", " + text(hi) + "]";
  if (!it->is_number()) return problems.push_back({name, rule});
  const double v = it->get<double>();
  if (!std::isfinite(v) || v < lo || (lo_open && v == lo) || v > hi)
    return problems.push_back({name, rule});
  out = v;
}

std::string href_of(const JobView& job) {
  return std::string(job.kind == "plan" ? "/api/v1/plans/" : "/api/v1/simulations/") + job.id;
}

ApiResponse accepted(const JobView& job) {
  ApiResponse r =
      json_body({{"id", job.id}, {"status", to_string(job.status)}, {"href", href_of(job)}}, 202);
  r.headers.emplace_back("Location", href_of(job));
  return r;
}

// The job with its result spliced in as stored (it is JSON text already).
ApiResponse job_body(const JobView& job) {
  json j = {{"id", job.id},
            {"kind", job.kind},
            {"status", to_string(job.status)},
            {"href", href_of(job)},
            {"progress",
             {{"done", job.progress.done},
              {"total", job.progress.total},
              {"label", job.progress.label}}}};
  if (job.status == JobStatus::kFailed || job.status == JobStatus::kCancelled)
    j["error"] = {{"code", to_string(job.error.code())}, {"message", job.error.message()}};
  ApiResponse r = json_body(j, 200);
  if (job.status == JobStatus::kDone) {
    r.body.pop_back();  // the closing brace
    r.body += ",\"result\":" + job.result + "}";
  }
  return r;
}

ApiResponse start_simulation(const PlanningCall& c, Planning& planning) {
  json body;
  if (auto e = parse_object(
          c, {"days", "replications", "seed", "policies", "staff_scale", "shrinkage"}, body))
    return std::move(*e);
  SimulationSpec spec;
  std::vector<ErrorDetail> problems;
  int_field(body, "days", 1, kMaxSimulationDays, spec.days, problems);
  int_field(body, "replications", 1, kMaxReplications, spec.replications, problems);
  int_field(body, "seed", 0, INT64_MAX, spec.seed, problems);
  number_field(body, "staff_scale", 0, true, 2, spec.staff_scale, problems);
  number_field(body, "shrinkage", 0, false, 1, spec.shrinkage, problems);
  if (auto it = body.find("policies"); it != body.end()) {
    if (!it->is_array() || it->size() > kMaxPolicies) {
      problems.push_back({"policies", "must be an array of at most " +
                                          std::to_string(kMaxPolicies) + " policy ids"});
    } else {
      for (std::size_t i = 0; i < it->size(); ++i) {
        const json& p = (*it)[i];
        if (!p.is_string() || p.get_ref<const std::string&>().empty()) {
          problems.push_back({"policies[" + std::to_string(i) + "]", "must be a policy id"});
        } else {
          spec.policies.push_back(p.get<std::string>());
        }
      }
    }
  }
  if (!problems.empty()) return invalid(problems);
  Result<JobView> job = planning.start_simulation(spec);
  if (!job.is_ok()) return from_status(job.status());
  return accepted(*job);
}

ApiResponse start_plan(const PlanningCall& c, Planning& planning) {
  json body;
  if (auto e = parse_object(c, {"start", "weeks", "time_limit_seconds"}, body))
    return std::move(*e);
  PlanSpec spec;
  std::vector<ErrorDetail> problems;
  if (auto it = body.find("start"); it != body.end()) {
    std::optional<LocalDays> day;
    if (it->is_string()) day = parse_local_date(it->get<std::string>());
    if (!day) {
      problems.push_back({"start", "must be a date YYYY-MM-DD"});
    } else if (iso_weekday_index(*day) != 0) {
      problems.push_back({"start", "must be a Monday (plans are published per week)"});
    } else {
      spec.start = day;
    }
  }
  int_field(body, "weeks", 1, kMaxPlanWeeks, spec.weeks, problems);
  number_field(body, "time_limit_seconds", kMinPlanSeconds, false, kMaxPlanSeconds,
               spec.time_limit_seconds, problems);
  if (!problems.empty()) return invalid(problems);
  Result<JobView> job = planning.start_plan(spec);
  if (!job.is_ok()) return from_status(job.status());
  return accepted(*job);
}

ApiResponse get_job(const PlanningCall& c, Planning& planning, const std::string& kind) {
  const std::string& id = c.params.at("id");
  std::optional<JobView> job = planning.job(kind, id);
  if (!job) return error_response(404, "not_found", "no " + kind + " job " + id);
  return job_body(*job);
}

ApiResponse put_scenario(const PlanningCall& c, Planning& planning) {
  const std::string& type = c.request.content_type;
  if (type.rfind("application/yaml", 0) != 0 && type.rfind("text/plain", 0) != 0 &&
      type.rfind("application/x-yaml", 0) != 0 && type.rfind("application/json", 0) != 0)
    return error_response(415, "unsupported_media_type",
                          "body: Content-Type must be application/yaml or text/plain",
                          {{"Content-Type", "must be application/yaml or text/plain"}});
  if (c.request.body.empty()) return invalid({{"body", "the scenario YAML is required"}});
  Result<std::int64_t> version = planning.put_scenario(
      c.request.body, std::string(to_string(c.who.role)) + ":" + c.who.token_id);
  if (version.is_ok()) return json_body({{"version", *version}}, 201);
  const Status& s = version.status();
  if (s.code() != StatusCode::kInvalidArgument) return from_status(s);
  // Every problem the loader found, with where it is.
  json details = json::array();
  for (const Diagnostic& d : s.diagnostics())
    details.push_back({{"field", d.field},
                       {"rule", d.rule},
                       {"line", d.location.line},
                       {"column", d.location.column}});
  if (details.empty()) details.push_back({{"field", "body"}, {"rule", s.message()}});
  return json_body({{"error",
                     {{"code", "invalid_argument"},
                      {"message", std::to_string(details.size()) +
                                      " problem(s) in the scenario; nothing was stored"},
                      {"details", std::move(details)}}}},
                   422);
}

ApiResponse dispatch(const PlanningCall& c, Planning& planning) {
  std::map<std::string, std::string> query;
  const bool takes_week = c.route.id == RouteId::kGetPublishedPlan;
  if (auto e = takes_week ? parse_query(c.raw_query, {"week"}, query)
                          : parse_query(c.raw_query, {}, query))
    return std::move(*e);
  switch (c.route.id) {
    case RouteId::kPostSimulation:
      return start_simulation(c, planning);
    case RouteId::kGetSimulation:
      return get_job(c, planning, "simulation");
    case RouteId::kPostPlan:
      return start_plan(c, planning);
    case RouteId::kGetPlan:
      return get_job(c, planning, "plan");
    case RouteId::kPublishPlan: {
      json body;
      if (auto e = parse_object(c, {}, body)) return std::move(*e);
      Result<json> r = planning.publish_plan(
          c.params.at("id"), std::string(to_string(c.who.role)) + ":" + c.who.token_id);
      return r.is_ok() ? json_body(*r, 200) : from_status(r.status());
    }
    case RouteId::kGetPublishedPlan: {
      if (!query.count("week"))
        return invalid({{"week", "required (the week's Monday, YYYY-MM-DD)"}});
      std::optional<LocalDays> week = parse_local_date(query["week"]);
      if (!week) return invalid({{"week", "must be a date YYYY-MM-DD"}});
      if (iso_weekday_index(*week) != 0) return invalid({{"week", "must be a Monday"}});
      Result<json> r = planning.published_plan(*week);
      return r.is_ok() ? json_body(*r, 200) : from_status(r.status());
    }
    case RouteId::kGetScenario: {
      Result<json> r = planning.scenario();
      return r.is_ok() ? json_body(*r, 200) : from_status(r.status());
    }
    case RouteId::kPutScenario:
      return put_scenario(c, planning);
    default:
      return error_response(500, "internal", "not a planning route");
  }
}

}  // namespace

void handle_planning(const PlanningCall& call, Planning* planning,
                     const std::function<void(ApiResponse)>& reply) {
  if (!planning)
    return reply(error_response(503, "unavailable", "this server runs no planning service"));
  reply(dispatch(call, *planning));
}

}  // namespace tandem::server
