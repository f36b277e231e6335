// SPDX-License-Identifier: Apache-2.0
// Management information reports (`tandem report`, GET /api/v1/reports/{kind}; docs/mi.md):
// the event log of an operation — a store's (`--db`) or a simulated day's played through the
// live host into a log (`--simulate`) — read from its start and analysed over a window by
// analytics::LogAnalysis, then laid out as one table per kind. Clients only format the table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "analytics/mi.h"
#include "engine/engine.h"
#include "model/scenario.h"
#include "model/status.h"
#include "sim/results.h"
#include "store/store.h"

namespace tandem::app {

enum class ReportKind : unsigned char { kQueues, kBacklog, kAgents, kTeams, kCost, kLeaderboard };
// "queues", "backlog", "agents", "teams", "cost", "leaderboard".
Result<ReportKind> parse_report_kind(std::string_view name);
const char* to_string(ReportKind kind);
inline constexpr const char* kReportKinds = "queues, backlog, agents, teams, cost, leaderboard";

struct ReportRequest {
  ReportKind kind = ReportKind::kQueues;
  // The window: RFC 3339, or "HH:MM" on the log's first day (its first event's UTC date).
  // Empty: from that day's midnight, to 24 h after `from`.
  std::string from, to;
  bool by_interval = false;  // queues and backlog: one row per interval, not the window's total
  // Filters (empty: all): a queue or back-office scope; a team; an agent (agents: only that
  // agent; with `team` as well, the agent beside the team's total).
  std::string queue, team, agent;
  double interval_seconds = 900;
  double short_abandon_seconds = 5;
  double min_volume = 10;  // leaderboard: handled units to be ranked
};

// One cell: text, a number, or none (a ratio over nothing).
using ReportCell = std::variant<std::monostate, std::string, double>;

struct Report {
  ReportKind kind = ReportKind::kQueues;
  Instant from{}, to{};
  std::vector<std::string> columns;
  std::vector<std::vector<ReportCell>> rows;
};

// {"kind", "from", "to", "columns": [...], "rows": [{column: value}]}: a ratio over nothing
// is null. The CLI's --json and the API's body.
nlohmann::json report_json(const Report& report);
// Parses --from / --to: RFC 3339, or "HH:MM" on the day of `day` (its UTC midnight).
Result<Instant> parse_report_time(std::string_view text, Instant day);

// The window a request asks for, given the log's first event (its day by default).
// InvalidArgument for a time that does not parse or `to` not after `from`.
Result<std::pair<Instant, Instant>> report_window(const ReportRequest& request,
                                                  Instant first_event);

// Reads the log of `store` from its start and analyses the window (events at or after its end
// are not read). `engine`: the options the log was written with (live_engine_setup).
Result<analytics::MiReport> analyse_store(store::Store& store, const Scenario& scenario,
                                          const Policy& policy, const engine::EngineOptions& engine,
                                          Instant from, Instant to, const ReportRequest& request);

// Lays the MI of the window out as the request's table.
Report make_report(const analytics::MiReport& mi, const ReportRequest& request, Instant from,
                   Instant to);

// One day of the scenario simulated through the live host into the log of `store` (empty:
// freshly created), as `tandem serve --simulate` plays it, at full speed.
struct SimulatedDay {
  engine::EngineOptions engine;      // the log's
  Instant start{};                   // the day's midnight (the model's start)
  double horizon_seconds = 0;        // the simulated time after `start` (its KPIs' window)
  sim::ReplicationResult simulator;  // the KPIs the simulator measured itself
};
// `until_hours` (> 0): stop the day at that hour after midnight (tests: a morning).
Result<SimulatedDay> simulate_day(store::Store& store, const Scenario& scenario,
                                  const Policy& policy, std::uint64_t seed = 1,
                                  double until_hours = 0);

// `tandem report --simulate`: simulate the day into a store in memory, then report on it.
Result<Report> report_simulated_day(const Scenario& scenario, const ReportRequest& request,
                                    std::uint64_t seed = 1);
// `tandem report --db URL`: the store's log, replayed with the engine options it was written
// with (server::live_engine_setup, as `tandem store verify` takes them). The default window is
// the day of the log's first event. NotFound for an empty log.
Result<Report> report_store(store::Store& store, const Scenario& scenario, const Policy& policy,
                            const engine::EngineOptions& engine, const ReportRequest& request);

}  // namespace tandem::app
