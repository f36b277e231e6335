// SPDX-License-Identifier: Apache-2.0
// `tandem staff SCENARIO [--forecast FILE]`: agents required per front-office queue and
// interval (Erlang C or A) and the workload windows of back-office work types
// (docs/staffing.md). Without --forecast, the forecast module forecasts the week after the
// scenario's history. The use case is app::plan_staffing; this file parses and formats.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/plan.h"
#include "cli/commands.h"
#include "cli/demo_stages.h"
#include "cli/output.h"
#include "model/scenario.h"
#include "staffing/staff_plan.h"

namespace tandem::cli {

namespace {

namespace st = tandem::staffing;
namespace chr = std::chrono;

struct StaffArgs {
  std::string scenario;
  std::string forecast;
  double shrinkage = 0.30;
  std::optional<double> max_occupancy;
  double concurrency_slowdown = 0;
  std::vector<std::string> queues;
  bool summary = false;
  OutputFormat format = OutputFormat::kTable;
};

std::string local_text(LocalSeconds t) {
  const auto day = chr::floor<chr::days>(t);
  const chr::year_month_day ymd{day};
  const auto minutes = chr::duration_cast<chr::minutes>(t - day).count();
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}", int(ymd.year()), unsigned(ymd.month()),
                     unsigned(ymd.day()), minutes / 60, minutes % 60);
}

std::string day_text(LocalDays d) { return local_text(LocalSeconds(d)).substr(0, 10); }

std::string f(double v, int decimals) {
  if (std::isinf(v)) return "inf";
  return fmt::format("{:.{}f}", v, decimals);
}

const char* unit_name(DeadlineUnit u) {
  switch (u) {
    case DeadlineUnit::kHours:
      return "hours";
    case DeadlineUnit::kBusinessHours:
      return "business_hours";
    case DeadlineUnit::kBusinessDays:
      return "business_days";
  }
  return "?";
}

app::StaffRequest staff_request(const StaffArgs& a) {
  app::StaffRequest r;
  r.forecast_file = a.forecast;
  r.queues = a.queues;
  r.options.shrinkage = a.shrinkage;
  r.options.max_occupancy = a.max_occupancy;
  r.options.concurrency_slowdown = a.concurrency_slowdown;
  return r;
}

Table summary_table(const st::StaffPlan& plan) {
  Table t({"queue", "kind", "model/deadline", "volume", "work_hours", "peak_agents", "peak_at",
           "agent_hours", "scheduled_hours", "level_agents", "level_scheduled"});
  const std::vector<app::QueueStaffTotals> totals = app::front_office_totals(plan);
  for (size_t i = 0; i < totals.size(); ++i) {
    const app::QueueStaffTotals& q = totals[i];
    t.add_row({q.queue, "front", st::to_string(plan.front_office[i].model), f(q.volume, 0),
               f(q.work_hours, 1), std::to_string(q.peak_agents),
               q.peak_at ? local_text(*q.peak_at) : "-", f(q.agent_hours, 1),
               f(q.scheduled_hours, 1), "-", "-"});
  }
  for (const st::BackOfficePlan& q : plan.back_office) {
    double volume = 0, work = 0;
    for (const st::BackOfficeInterval& iv : q.intervals) {
      volume += iv.volume;
      work += iv.arriving_hours;
    }
    t.add_row({q.queue, "back",
               fmt::format("{:g} {}", q.deadline.amount, unit_name(q.deadline.unit)), f(volume, 0),
               f(work, 1), "-", "-", "-", "-", f(q.min_level_agents, 2),
               std::to_string(q.scheduled_level_agents)});
  }
  return t;
}

Table interval_table(const st::StaffPlan& plan) {
  Table t({"kind", "queue", "interval_start", "volume", "aht_seconds", "agents", "scheduled_agents",
           "service_level", "asa_seconds", "p_abandon", "occupancy", "open_hours", "arriving_hours",
           "due_hours", "must_cumulative", "can_cumulative", "latest_hours"});
  for (const st::FrontOfficePlan& q : plan.front_office) {
    for (const st::FrontOfficeInterval& iv : q.intervals) {
      const st::QueueMetrics& m = iv.metrics;
      t.add_row({"front", q.queue, local_text(iv.start), f(iv.volume, 1), f(iv.aht_seconds, 0),
                 std::to_string(m.agents), std::to_string(iv.scheduled_agents),
                 f(m.service_level, 3), f(m.asa_seconds, 1), f(m.p_abandon, 3), f(m.occupancy, 3),
                 "", "", "", "", "", ""});
    }
  }
  for (const st::BackOfficePlan& q : plan.back_office) {
    for (const st::BackOfficeInterval& iv : q.intervals) {
      if (iv.open_hours == 0 && iv.arriving_hours == 0 && iv.due_hours == 0) continue;
      t.add_row({"back", q.queue, local_text(iv.start), f(iv.volume, 1), f(iv.aht_seconds, 0), "",
                 "", "", "", "", "", f(iv.open_hours, 2), f(iv.arriving_hours, 2),
                 f(iv.due_hours, 2), f(iv.must_cumulative, 2), f(iv.can_cumulative, 2),
                 f(iv.latest_hours, 2)});
    }
  }
  return t;
}

nlohmann::json plan_json(const st::StaffPlan& plan, double shrinkage) {
  nlohmann::json j = {{"first_day", day_text(plan.first_day)},
                      {"last_day", day_text(plan.last_day)},
                      {"interval_minutes", plan.interval_minutes},
                      {"shrinkage", shrinkage},
                      {"notes", plan.notes}};
  auto nullable = [](double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); };
  nlohmann::json front = nlohmann::json::array();
  for (const st::FrontOfficePlan& q : plan.front_office) {
    nlohmann::json targets = {
        {"service_level", nullable(q.targets.service_level.value_or(NAN))},
        {"target_seconds", q.targets.target_seconds},
        {"max_asa_seconds", nullable(q.targets.max_asa_seconds.value_or(NAN))},
        {"max_abandon", nullable(q.targets.max_abandon.value_or(NAN))},
        {"max_occupancy", nullable(q.targets.max_occupancy.value_or(NAN))}};
    nlohmann::json rows = nlohmann::json::array();
    for (const st::FrontOfficeInterval& iv : q.intervals) {
      const st::QueueMetrics& m = iv.metrics;
      rows.push_back({{"interval_start", local_text(iv.start)},
                      {"volume", iv.volume},
                      {"aht_seconds", iv.aht_seconds},
                      {"agents", m.agents},
                      {"scheduled_agents", iv.scheduled_agents},
                      {"servers", m.servers},
                      {"offered_load", m.offered_load},
                      {"service_level", m.service_level},
                      {"service_level_answered", m.service_level_answered},
                      {"p_wait", m.p_wait},
                      {"p_abandon", m.p_abandon},
                      {"asa_seconds", nullable(m.asa_seconds)},
                      {"asa_all_seconds", nullable(m.asa_all_seconds)},
                      {"occupancy", m.occupancy}});
    }
    front.push_back({{"queue", q.queue},
                     {"site", q.site},
                     {"model", st::to_string(q.model)},
                     {"concurrency", q.concurrency},
                     {"targets", targets},
                     {"intervals", rows}});
  }
  nlohmann::json back = nlohmann::json::array();
  for (const st::BackOfficePlan& q : plan.back_office) {
    nlohmann::json rows = nlohmann::json::array();
    for (const st::BackOfficeInterval& iv : q.intervals) {
      rows.push_back({{"interval_start", local_text(iv.start)},
                      {"volume", iv.volume},
                      {"aht_seconds", iv.aht_seconds},
                      {"open_hours", iv.open_hours},
                      {"arriving_hours", iv.arriving_hours},
                      {"due_hours", iv.due_hours},
                      {"must_cumulative", iv.must_cumulative},
                      {"can_cumulative", iv.can_cumulative},
                      {"latest_hours", iv.latest_hours}});
    }
    back.push_back(
        {{"queue", q.queue},
         {"site", q.site},
         {"deadline", {{"unit", unit_name(q.deadline.unit)}, {"amount", q.deadline.amount}}},
         {"min_level_agents", q.min_level_agents},
         {"scheduled_level_agents", q.scheduled_level_agents},
         {"unavoidably_late_hours", q.unavoidably_late_hours},
         {"beyond_horizon_hours", q.beyond_horizon_hours},
         {"intervals", rows}});
  }
  j["front_office"] = front;
  j["back_office"] = back;
  return j;
}

int run_staff(const StaffArgs& a) {
  ScenarioLoad load = load_scenario(a.scenario);
  if (!load.ok()) {
    std::cerr << to_string(load.problems);
    std::cerr << load.problems.size() << " problem(s) in " << a.scenario << '\n';
    return 1;
  }
  for (const std::string& error :
       {table_option_error(OptionGroup::kStaffing, "shrinkage", a.shrinkage),
        a.max_occupancy
            ? table_option_error(OptionGroup::kStaffing, "max_occupancy", *a.max_occupancy)
            : ""}) {
    if (!error.empty()) {
      std::cerr << "tandem staff: " << error << '\n';
      return 1;
    }
  }
  for (const std::string& q : a.queues) {
    if (load.scenario->find_queue(q) == nullptr) {
      std::cerr << "tandem staff: --queue: unknown queue " << q << '\n';
      return 1;
    }
  }
  Result<st::StaffPlan> plan = app::plan_staffing(*load.scenario, staff_request(a));
  if (!plan.is_ok()) {
    std::cerr << "tandem staff: " << plan.status().message() << '\n';
    return exit_code_for(plan.status().code());
  }
  for (const std::string& note : plan->notes) std::cerr << "note: " << note << '\n';
  if (a.format == OutputFormat::kJson) {
    std::cout << plan_json(*plan, a.shrinkage).dump(2) << '\n';
  } else if (a.format == OutputFormat::kCsv) {
    (a.summary ? summary_table(*plan) : interval_table(*plan)).print_csv(std::cout);
  } else {
    if (!a.summary) {
      interval_table(*plan).print(std::cout);
      std::cout << '\n';
    }
    std::cout << fmt::format("Staffing {} .. {} ({}-minute intervals, shrinkage {:g})\n",
                             day_text(plan->first_day), day_text(plan->last_day),
                             plan->interval_minutes, a.shrinkage);
    summary_table(*plan).print(std::cout);
  }
  return 0;
}

}  // namespace

int demo_stage_staffing(const Scenario& scenario, std::ostream& out) {
  out << "== 3. Staffing: agents required next week (Erlang C/A) and back-office windows ==\n";
  StaffArgs a;
  Result<st::StaffPlan> plan = app::plan_staffing(scenario, staff_request(a));
  if (!plan.is_ok()) {
    out << "staffing skipped: " << plan.status().message() << '\n';
    return 0;
  }
  out << fmt::format(
      "Week {} .. {}, shrinkage {:g}: front office = agents per interval "
      "meeting each queue's SLA; back office = the least constant number of "
      "agents per open hour meeting every deadline\n",
      day_text(plan->first_day), day_text(plan->last_day), a.shrinkage);
  summary_table(*plan).print(out);
  return 0;
}

void add_staff_command(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<StaffArgs>();
  auto* cmd = app.add_subcommand(
      "staff", "agents required per queue and interval, and back-office workload windows");
  cmd->add_option("scenario", args->scenario, "scenario file")->required();
  cmd->add_option("--forecast", args->forecast,
                  "forecast CSV: queue,interval_start,volume,aht_seconds (default: the `auto` "
                  "forecast of the week after the scenario's history)");
  add_table_option(cmd, OptionGroup::kStaffing, "shrinkage", args->shrinkage);
  cmd->add_option("--max-occupancy", args->max_occupancy,
                  option_help(option(OptionGroup::kStaffing, "max_occupancy")));
  add_table_option(cmd, OptionGroup::kStaffing, "concurrency_slowdown", args->concurrency_slowdown);
  cmd->add_option("--queue", args->queues, "only these queues (repeatable)");
  cmd->add_flag("--summary", args->summary, "one row per queue");
  add_format_flags(cmd, args->format);
  cmd->callback([&ctx, args] { ctx.exit_code = run_staff(*args); });
}

}  // namespace tandem::cli
