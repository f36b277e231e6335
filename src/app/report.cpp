// SPDX-License-Identifier: Apache-2.0
#include "app/report.h"

#include <chrono>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "analytics/log_analysis.h"
#include "app/memory_log.h"
#include "io/event_codec.h"
#include "io/interval_history_csv.h"
#include "live/clock.h"
#include "live/host.h"
#include "live/live_source.h"
#include "sim/scenario_model.h"

namespace tandem::app {

namespace {

constexpr std::array<const char*, 6> kKindNames = {"queues", "backlog", "agents",
                                                   "teams",  "cost",    "leaderboard"};

// The KPIs of mi_values by (scope, kpi, interval): the tables read every ratio from there,
// so each has the one definition of analytics/mi_values.cpp.
class Values {
 public:
  explicit Values(const analytics::MiReport& mi) {
    for (analytics::KpiValue& v : analytics::mi_values(mi)) {
      index_.emplace(std::make_tuple(v.scope, v.kpi, v.interval),
                     std::make_pair(v.numerator, v.denominator));
    }
  }
  // The ratio, or none when its denominator is 0 or it is not defined for the scope.
  ReportCell operator()(const std::string& scope, const std::string& kpi, int k = -1) const {
    auto it = index_.find(std::make_tuple(scope, kpi, k));
    if (it == index_.end() || it->second.second == 0) return std::monostate{};
    return it->second.first / it->second.second;
  }

 private:
  std::map<std::tuple<std::string, std::string, int>, std::pair<double, double>> index_;
};

const std::vector<std::string> kFront = {
    "offered",      "answered",    "abandoned",   "short_abandoned", "service_level",
    "abandon_rate", "asa_seconds", "aht_seconds", "occupancy",       "transfers"};
const std::vector<std::string> kBack = {
    "received",   "completed",        "completed_within_sla", "throughput_hours",
    "work_hours", "queue_wait_hours", "customer_wait_hours",  "backlog",
    "wip",        "escalations"};
const std::vector<std::string> kPeople = {
    "staffed_hours", "productive_hours",  "handled",     "handled_per_productive_hour",
    "efficiency",    "occupancy",         "utilisation", "phones_share",
    "phones_hours",  "back_office_hours", "cost"};

std::vector<std::string> joined(std::vector<std::string> head,
                                const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

void add_cells(std::vector<ReportCell>& row, const Values& v, const std::string& scope,
               const std::vector<std::string>& kpis, int k = -1) {
  for (const std::string& kpi : kpis) row.push_back(v(scope, kpi, k));
}

std::string interval_start(Instant from, double interval_seconds, int k) {
  return io::format_rfc3339(from + Seconds(static_cast<std::int64_t>(k * interval_seconds)));
}

Result<sim::SimModel> day_model(const Scenario& scenario, const Policy& policy) {
  auto arrivals = io::read_scenario_arrivals(scenario);
  if (!arrivals.is_ok()) return arrivals.status();
  std::vector<IntervalVolume> history = std::move(*arrivals);
  if (history.empty()) {
    return Status::invalid_argument(
        "--simulate: the scenario names no arrival history (history.contacts / "
        "history.work_items): nothing would arrive");
  }
  sim::ScenarioModelOptions m;
  m.days = 1;
  Result<sim::SimModel> model = sim::scenario_model(scenario, policy, history, m);
  if (model.is_ok()) model->scenario = &scenario;
  return model;
}

Policy first_policy(const Scenario& scenario) {
  Policy policy;
  policy.id = "default";
  if (!scenario.policies.empty()) policy = scenario.policies.front();
  return policy;
}

}  // namespace

Result<ReportKind> parse_report_kind(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (name == kKindNames[i]) return static_cast<ReportKind>(i);
  }
  return Status::invalid_argument("unknown report '" + std::string(name) + "' (one of " +
                                  kReportKinds + ")");
}

const char* to_string(ReportKind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

nlohmann::json report_json(const Report& report) {
  nlohmann::json rows = nlohmann::json::array();
  for (const std::vector<ReportCell>& row : report.rows) {
    nlohmann::json o = nlohmann::json::object();
    for (std::size_t c = 0; c < report.columns.size() && c < row.size(); ++c) {
      if (const auto* text = std::get_if<std::string>(&row[c])) {
        o[report.columns[c]] = *text;
      } else if (const auto* number = std::get_if<double>(&row[c])) {
        o[report.columns[c]] = *number;
      } else {
        o[report.columns[c]] = nullptr;
      }
    }
    rows.push_back(std::move(o));
  }
  return {{"kind", to_string(report.kind)},
          {"from", io::format_rfc3339(report.from)},
          {"to", io::format_rfc3339(report.to)},
          {"columns", report.columns},
          {"rows", std::move(rows)}};
}

Result<Instant> parse_report_time(std::string_view text, Instant day) {
  if (text.size() == 5 && text[2] == ':') {
    const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9'; };
    if (digit(0) && digit(1) && digit(3) && digit(4)) {
      const int h = (text[0] - '0') * 10 + (text[1] - '0');
      const int m = (text[3] - '0') * 10 + (text[4] - '0');
      if (h <= 24 && m < 60 && h * 60 + m <= 24 * 60) {
        return std::chrono::floor<std::chrono::days>(day) + Seconds(h * 3600 + m * 60);
      }
    }
    return Status::invalid_argument("'" + std::string(text) + "' is not a time of day HH:MM");
  }
  return io::parse_rfc3339(text);
}

Result<std::pair<Instant, Instant>> report_window(const ReportRequest& request,
                                                  Instant first_event) {
  const Instant day = std::chrono::floor<std::chrono::days>(first_event);
  Instant from = day;
  if (!request.from.empty()) {
    Result<Instant> t = parse_report_time(request.from, day);
    if (!t.is_ok()) return Status::invalid_argument("--from: " + t.status().message());
    from = *t;
  }
  Instant to = from + std::chrono::days(1);
  if (!request.to.empty()) {
    Result<Instant> t = parse_report_time(request.to, day);
    if (!t.is_ok()) return Status::invalid_argument("--to: " + t.status().message());
    to = *t;
  }
  if (!(to > from)) return Status::invalid_argument("--to must be after --from");
  return std::make_pair(from, to);
}

Result<analytics::MiReport> analyse_store(store::Store& store, const Scenario& scenario,
                                          const Policy& policy, const engine::EngineOptions& engine,
                                          Instant from, Instant to, const ReportRequest& request) {
  const double length = static_cast<double>((to - from).count());
  analytics::MiSettings settings = analytics::mi_settings(
      scenario, from, length, request.interval_seconds, request.short_abandon_seconds);
  Result<analytics::LogAnalysis> analysis =
      analytics::LogAnalysis::create(scenario, policy, engine, std::move(settings));
  if (!analysis.is_ok()) return analysis.status();
  Status st = store::for_each_event(store, 0, [&](const store::EventRecord& record) {
    if (analysis->past_end()) return Status::ok();
    Result<engine::Event> event = io::decode_event_json(record.payload);
    if (!event.is_ok()) {
      return Status::internal("event " + std::to_string(record.seq) +
                              " of the log does not decode: " + event.status().message());
    }
    analysis->add(*event);
    return Status::ok();
  });
  if (!st.is_ok()) return st;
  return analysis->report();
}

Report make_report(const analytics::MiReport& mi, const ReportRequest& request, Instant from,
                   Instant to) {
  Report r;
  r.kind = request.kind;
  r.from = from;
  r.to = to;
  const Values v(mi);
  auto wanted = [](const std::string& filter, const std::string& value) {
    return filter.empty() || filter == value;
  };
  switch (request.kind) {
    case ReportKind::kQueues:
      r.columns = joined(request.by_interval ? std::vector<std::string>{"queue", "interval"}
                                             : std::vector<std::string>{"queue"},
                         kFront);
      for (const analytics::QueueMi& q : mi.queues) {
        if (!wanted(request.queue, q.queue)) continue;
        if (!request.by_interval) {
          std::vector<ReportCell> row{q.queue};
          add_cells(row, v, q.queue, kFront);
          r.rows.push_back(std::move(row));
          continue;
        }
        for (std::size_t k = 0; k < q.by_interval.size(); ++k) {
          std::vector<ReportCell> row{
              q.queue, interval_start(from, mi.interval_seconds, static_cast<int>(k))};
          add_cells(row, v, q.queue, kFront, static_cast<int>(k));
          r.rows.push_back(std::move(row));
        }
      }
      break;
    case ReportKind::kBacklog: {
      std::vector<std::string> tail = kBack;
      tail.push_back("overdue");
      for (const char* b : analytics::kAgeingBuckets) tail.push_back(std::string("ageing_") + b);
      r.columns = joined(request.by_interval ? std::vector<std::string>{"scope", "interval"}
                                             : std::vector<std::string>{"scope"},
                         tail);
      for (const analytics::ScopeMi& s : mi.scopes) {
        if (!wanted(request.queue, s.scope)) continue;
        if (!request.by_interval) {
          std::vector<ReportCell> row{s.scope};
          add_cells(row, v, s.scope, kBack);
          row.push_back(v(s.scope, "overdue"));
          for (const char* b : analytics::kAgeingBuckets) {
            row.push_back(v(s.scope, std::string("ageing_") + b));
          }
          r.rows.push_back(std::move(row));
          continue;
        }
        for (std::size_t k = 0; k < s.by_interval.size(); ++k) {
          std::vector<ReportCell> row{
              s.scope, interval_start(from, mi.interval_seconds, static_cast<int>(k))};
          add_cells(row, v, s.scope, kBack, static_cast<int>(k));
          row.resize(r.columns.size());  // overdue and ageing: at the window's end only
          r.rows.push_back(std::move(row));
        }
      }
      break;
    }
    case ReportKind::kAgents:
      r.columns = joined({"agent", "team", "site", "robot"}, kPeople);
      for (const analytics::AgentMi& a : mi.agents) {
        // An agent filter names one agent (whatever the team); else the team's agents.
        if (!request.agent.empty() ? a.agent != request.agent : !wanted(request.team, a.team)) {
          continue;
        }
        std::vector<ReportCell> row{a.agent, a.team, a.site, a.robot ? "yes" : "no"};
        add_cells(row, v, a.agent, kPeople);
        r.rows.push_back(std::move(row));
      }
      // An agent's own figures beside the team's.
      if (!request.agent.empty() && !request.team.empty()) {
        std::vector<ReportCell> row{"team:" + request.team, request.team, std::string(),
                                    std::string()};
        add_cells(row, v, "team:" + request.team, kPeople);
        r.rows.push_back(std::move(row));
      }
      break;
    case ReportKind::kTeams: {
      r.columns = joined({"team", "agents"}, kPeople);
      r.columns.push_back("cost_per_handled");
      std::map<std::string, int> teams;
      for (const analytics::AgentMi& a : mi.agents) ++teams[a.team];
      for (const auto& [team, n] : teams) {
        if (!wanted(request.team, team)) continue;
        std::vector<ReportCell> row{team, static_cast<double>(n)};
        add_cells(row, v, "team:" + team, kPeople);
        const ReportCell cost = v("team:" + team, "cost"), handled = v("team:" + team, "handled");
        if (std::holds_alternative<double>(cost) && std::holds_alternative<double>(handled) &&
            std::get<double>(handled) > 0) {
          row.push_back(std::get<double>(cost) / std::get<double>(handled));
        } else {
          row.push_back(std::monostate{});
        }
        r.rows.push_back(std::move(row));
      }
      break;
    }
    case ReportKind::kCost: {
      r.columns = {"scope", "kind", "units", "work_hours", "unit_cost", "direct_unit_cost"};
      auto add = [&](const analytics::WorkCostMi& c, const char* kind) {
        if (!wanted(request.queue, c.scope)) return;
        std::vector<ReportCell> row{c.scope, std::string(kind)};
        add_cells(row, v, "cost:" + c.scope,
                  {"units", "work_hours", "unit_cost", "direct_unit_cost"});
        r.rows.push_back(std::move(row));
      };
      for (const analytics::WorkCostMi& c : mi.queue_costs) add(c, "work_type");
      for (const analytics::WorkCostMi& c : mi.scope_costs) add(c, "scope");
      if (request.queue.empty()) {
        r.rows.push_back({std::string("unallocated"), std::string("idle"), std::monostate{},
                          std::monostate{}, v("cost", "unallocated"), std::monostate{}});
      }
      break;
    }
    case ReportKind::kLeaderboard: {
      r.columns = {"team",
                   "rank",
                   "agent",
                   "handled",
                   "productive_hours",
                   "efficiency",
                   "handled_per_productive_hour"};
      std::set<std::string> teams;
      for (const analytics::AgentMi& a : mi.agents) {
        if (!a.robot) teams.insert(a.team);
      }
      for (const std::string& team : teams) {
        if (!wanted(request.team, team)) continue;
        for (const analytics::Ranked& x : analytics::leaderboard(mi, team, request.min_volume)) {
          if (!wanted(request.agent, x.agent->agent)) continue;
          r.rows.push_back({team,
                            x.rank > 0 ? ReportCell(static_cast<double>(x.rank)) : std::monostate{},
                            x.agent->agent, x.agent->handled, x.agent->productive_seconds / 3600.0,
                            x.efficiency, x.per_hour});
        }
      }
      break;
    }
  }
  return r;
}

Result<SimulatedDay> simulate_day(store::Store& store, const Scenario& scenario,
                                  const Policy& policy, std::uint64_t seed, double until_hours) {
  Result<sim::SimModel> model = day_model(scenario, policy);
  if (!model.is_ok()) return model.status();
  if (until_hours > 0) model->horizon = std::min(model->horizon, until_hours * 3600.0);
  SimulatedDay day;
  day.start = model->start;
  day.horizon_seconds = model->horizon;
  day.engine = live::live_engine_options(*model, seed);
  // As fast as the host takes it: a simulated second is a real microsecond.
  auto clock = live::accelerated_clock(model->start, 1e6);
  live::HostOptions o;
  o.engine = day.engine;
  o.self_tick = false;
  o.snapshot_on_stop = false;
  Result<std::unique_ptr<live::Host>> host = live::Host::open(store, *clock, scenario, policy, o);
  if (!host.is_ok()) return host.status();
  Result<std::unique_ptr<live::LiveSource>> source =
      live::LiveSource::start(**host, *clock, *model, seed);
  if (!source.is_ok()) return source.status();
  Result<sim::ReplicationResult> result = (*source)->wait();
  (*host)->stop();
  if (!result.is_ok()) return result.status();
  day.simulator = std::move(result).value();
  return day;
}

Result<Report> report_simulated_day(const Scenario& scenario, const ReportRequest& request,
                                    std::uint64_t seed) {
  MemoryLog log;
  const Policy policy = first_policy(scenario);
  Result<SimulatedDay> day = simulate_day(log, scenario, policy, seed);
  if (!day.is_ok()) return day.status();
  Result<std::pair<Instant, Instant>> window = report_window(request, day->start);
  if (!window.is_ok()) return window.status();
  Result<analytics::MiReport> mi =
      analyse_store(log, scenario, policy, day->engine, window->first, window->second, request);
  if (!mi.is_ok()) return mi.status();
  return make_report(*mi, request, window->first, window->second);
}

Result<Report> report_store(store::Store& store, const Scenario& scenario, const Policy& policy,
                            const engine::EngineOptions& engine, const ReportRequest& request) {
  Result<std::vector<store::EventRecord>> first = store.read_events(0, 1);
  if (!first.is_ok()) return first.status();
  if (first->empty()) return Status::not_found("the store's event log is empty");
  Result<std::pair<Instant, Instant>> window = report_window(request, first->front().time);
  if (!window.is_ok()) return window.status();
  Result<analytics::MiReport> mi =
      analyse_store(store, scenario, policy, engine, window->first, window->second, request);
  if (!mi.is_ok()) return mi.status();
  return make_report(*mi, request, window->first, window->second);
}

}  // namespace tandem::app
