// SPDX-License-Identifier: Apache-2.0
#include "app/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "forecast/scenario_forecast.h"
#include "io/interval_history_csv.h"
#include "model/options.h"

namespace tandem::app {

namespace fc = tandem::forecast;
namespace sch = tandem::schedule;
namespace st = tandem::staffing;

sch::SolveOptions default_solve_options() {
  auto get = [](std::string_view name) {
    return default_number(option(OptionGroup::kSchedule, name));
  };
  sch::SolveOptions o;
  o.time_limit_seconds = get("time_limit_seconds");
  o.relative_gap = get("relative_gap");
  o.seed = static_cast<int>(get("seed"));
  o.max_nodes = static_cast<int>(get("max_nodes"));
  o.threads = static_cast<int>(get("threads"));
  o.break_positions = static_cast<int>(get("break_positions"));
  return o;
}

Result<HorizonForecast> forecast_horizon(const Scenario& scenario, int days,
                                         std::optional<LocalDays> first_day) {
  auto history = io::read_scenario_history(scenario);  // read once: the start and the forecast
  if (!history.is_ok()) return history.status();
  fc::ForecastOptions options;
  options.horizon_days = days;
  options.first_day = first_day ? *first_day : fc::next_monday_after(*history);
  auto table = fc::forecast_scenario(scenario, *history, options);
  if (!table.is_ok()) return table.status();
  return HorizonForecast{*options.first_day, days, std::move(table).value()};
}

std::vector<IntervalVolume> staffing_rows(const HorizonForecast& forecast) {
  std::vector<IntervalVolume> rows;
  for (const auto& q : forecast.table.queues)
    for (const auto& f : q.intervals) rows.push_back({q.queue, f.start, f.volume, f.aht_seconds});
  return rows;
}

st::ProcessFlow process_workload(const Scenario& scenario, const HorizonForecast& forecast) {
  st::ProcessFlowOptions options;
  options.first_day = forecast.first_day;
  options.days = forecast.days;
  const std::vector<IntervalVolume> rows = staffing_rows(forecast);
  return st::flow_through_processes(scenario, rows, options);
}

sch::ScenarioDemand schedule_demand(const Scenario& scenario, const HorizonForecast& forecast) {
  const st::ProcessFlow flow = process_workload(scenario, forecast);
  auto flowed = [&](const std::string& queue) {
    return std::find(flow.work_types.begin(), flow.work_types.end(), queue) !=
           flow.work_types.end();
  };
  sch::ScenarioDemand demand;
  demand.start_date = forecast.first_day;
  demand.days = forecast.days;
  const int iv = scenario.interval.minutes;
  const int n = demand.days * 1440 / iv;
  for (const auto& q : forecast.table.queues) {
    if (flowed(q.queue)) continue;  // below, from the flow
    sch::QueueDemand d;
    d.queue = q.queue;
    d.volume.assign(n, 0.0);
    d.aht_seconds.assign(n, 0.0);
    for (const auto& f : q.intervals) {
      const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(
                               f.start - LocalSeconds{demand.start_date})
                               .count();
      const int parts = std::max(1, q.grain_minutes / iv);
      for (int k = 0; k < parts; ++k) {
        const long t = minutes / iv + k;
        if (t < 0 || t >= n) continue;
        d.volume[t] += f.volume / parts;
        d.aht_seconds[t] = f.aht_seconds.value_or(0.0);
      }
    }
    demand.queues.push_back(std::move(d));
  }
  // The process work types, on the scenario's grid already.
  for (const std::string& queue : flow.work_types) {
    sch::QueueDemand d;
    d.queue = queue;
    d.volume.assign(n, 0.0);
    d.aht_seconds.assign(n, 0.0);
    for (const IntervalVolume& row : flow.rows) {
      if (row.queue != queue) continue;
      const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(
                               row.interval_start - LocalSeconds{demand.start_date})
                               .count();
      const long t = minutes / iv;
      if (t < 0 || t >= n) continue;
      d.volume[t] += row.volume;
      d.aht_seconds[t] = row.aht_seconds.value_or(0.0);
    }
    demand.queues.push_back(std::move(d));
  }
  return demand;
}

namespace {

Status check_staff_request(const Scenario& scenario, const StaffRequest& request) {
  const st::StaffOptions& o = request.options;
  if (!(o.shrinkage >= 0 && o.shrinkage < 1))
    return Status::invalid_argument(
        fmt::format("shrinkage must be in [0, 1) (got {})", o.shrinkage));
  if (o.max_occupancy && !(*o.max_occupancy > 0 && *o.max_occupancy <= 1))
    return Status::invalid_argument(
        fmt::format("max_occupancy must be in (0, 1] (got {})", *o.max_occupancy));
  for (const std::string& q : request.queues)
    if (scenario.find_queue(q) == nullptr)
      return Status::invalid_argument("queues: unknown queue " + q);
  return Status::ok();
}

}  // namespace

Result<st::StaffPlan> plan_staffing(const Scenario& scenario, std::vector<IntervalVolume> rows,
                                    const StaffRequest& request) {
  if (Status s = check_staff_request(scenario, request); !s.is_ok()) return s;
  // The flow's horizon: the whole ISO weeks of the rows, as the plan's own.
  std::vector<std::string> notes;
  if (!rows.empty() && !scenario.processes.empty()) {
    auto day = [](const IntervalVolume& r) {
      return std::chrono::floor<std::chrono::days>(r.interval_start);
    };
    LocalDays first = day(rows.front()), last = first;
    for (const IntervalVolume& r : rows) {
      first = std::min(first, day(r));
      last = std::max(last, day(r));
    }
    st::ProcessFlowOptions flow_options;
    flow_options.first_day = first - std::chrono::days(iso_weekday_index(first));
    flow_options.days =
        static_cast<int>(
            (last - std::chrono::days(iso_weekday_index(last)) - flow_options.first_day).count()) +
        7;
    st::ProcessFlow flow = st::flow_through_processes(scenario, rows, flow_options);
    rows = std::move(flow.rows);
    notes = std::move(flow.notes);
  }
  if (!request.queues.empty()) {
    std::erase_if(rows, [&](const IntervalVolume& r) {
      return std::find(request.queues.begin(), request.queues.end(), r.queue) ==
             request.queues.end();
    });
  }
  auto plan = st::plan_staffing(scenario, rows, request.options);
  if (plan.is_ok()) plan->notes.insert(plan->notes.end(), notes.begin(), notes.end());
  return plan;
}

Result<st::StaffPlan> plan_staffing(const Scenario& scenario, const StaffRequest& request) {
  if (Status s = check_staff_request(scenario, request); !s.is_ok()) return s;
  if (!request.forecast_file.empty()) {
    auto file = io::read_interval_history_csv(request.forecast_file);
    if (!file.is_ok()) return file.status();
    return plan_staffing(scenario, std::move(file->rows), request);
  }
  auto forecast = forecast_horizon(scenario, 7);
  if (!forecast.is_ok()) return forecast.status();
  return plan_staffing(scenario, staffing_rows(*forecast), request);
}

namespace {

Result<sch::ScheduleResult> solve(const sch::ScheduleProblem& problem,
                                  const ScheduleRequest& request) {
  auto result = sch::solve_schedule(problem, request.solve);
  if (request.on_solve_done) request.on_solve_done();
  return result;
}

}  // namespace

Result<ScheduleWeek> schedule_week(const Scenario& scenario, const sch::ScenarioDemand& demand,
                                   const ScheduleRequest& request) {
  auto problem = sch::problem_from_scenario(scenario, demand, true);
  if (!problem.is_ok()) return problem.status();
  auto blended = solve(*problem, request);
  if (!blended.is_ok()) return blended.status();
  ScheduleWeek week{std::move(problem).value(), std::move(blended).value(), std::nullopt,
                    Status::ok()};
  const bool stopped = request.solve.stop != nullptr && request.solve.stop->load();
  if (request.compare_siloed && !stopped) {
    sch::ScheduleProblem siloed_problem = week.problem;
    siloed_problem.blending = false;
    auto siloed = solve(siloed_problem, request);
    if (siloed.is_ok())
      week.siloed = std::move(siloed).value();
    else
      week.siloed_status =
          Status::from_code(siloed.status().code(), "siloed: " + siloed.status().message());
  }
  return week;
}

Result<ScheduleWeek> schedule_week(const Scenario& scenario, const ScheduleRequest& request) {
  if (request.weeks < 1 || request.weeks > 4)
    return Status::invalid_argument(fmt::format("weeks must be in [1, 4] (got {})", request.weeks));
  auto forecast = forecast_horizon(scenario, 7 * request.weeks, request.start);
  if (!forecast.is_ok()) return forecast.status();
  return schedule_week(scenario, schedule_demand(scenario, *forecast), request);
}

Result<PlanWeek> plan_week(const Scenario& scenario, const PlanWeekRequest& request) {
  const ScheduleRequest& sr = request.schedule;
  if (sr.weeks < 1 || sr.weeks > 4)
    return Status::invalid_argument(fmt::format("weeks must be in [1, 4] (got {})", sr.weeks));
  auto forecast = forecast_horizon(scenario, 7 * sr.weeks, sr.start);
  if (!forecast.is_ok()) return forecast.status();
  StaffRequest staff;
  staff.options = request.staffing;
  auto plan = plan_staffing(scenario, staffing_rows(*forecast), staff);
  if (!plan.is_ok()) return plan.status();
  auto week = schedule_week(scenario, schedule_demand(scenario, *forecast), sr);
  if (!week.is_ok()) return week.status();
  return PlanWeek{std::move(forecast).value(), std::move(plan).value(), std::move(week).value()};
}

std::vector<QueueStaffTotals> front_office_totals(const st::StaffPlan& plan) {
  std::vector<QueueStaffTotals> out;
  const double hours = plan.interval_minutes / 60.0;
  for (const st::FrontOfficePlan& q : plan.front_office) {
    QueueStaffTotals t;
    t.queue = q.queue;
    for (const st::FrontOfficeInterval& iv : q.intervals) {
      t.volume += iv.volume;
      t.work_hours += iv.volume * iv.aht_seconds / 3600.0;
      t.agent_hours += iv.metrics.agents * hours;
      t.scheduled_hours += iv.scheduled_agents * hours;
      if (iv.metrics.agents > t.peak_agents) {
        t.peak_agents = iv.metrics.agents;
        t.peak_at = iv.start;
      }
    }
    out.push_back(std::move(t));
  }
  return out;
}

std::vector<GroupCoverTotals> cover_totals(const sch::ScheduleProblem& p,
                                           const sch::ScheduleResult& r) {
  std::vector<GroupCoverTotals> out;
  const double h = p.interval_minutes / 60.0;
  for (size_t g = 0; g < p.front_office.size(); ++g) {
    GroupCoverTotals t;
    t.group = p.front_office[g].id;
    for (int i = 0; i < p.interval_count(); ++i) {
      t.required_agent_hours += p.front_office[g].required_agents[i] * h;
      t.scheduled_agent_hours += r.coverage[g][i] * h;
      t.unmet_agent_hours +=
          std::max(0.0, p.front_office[g].required_agents[i] - r.coverage[g][i]) * h;
    }
    double offered = 0, answered = 0;
    const auto& load = p.front_office[g].load;
    for (size_t i = 0; i < load.size() && i < r.expected_service_level[g].size(); ++i) {
      const double sl = r.expected_service_level[g][i];
      if (!std::isfinite(sl)) continue;
      offered += load[i].arrivals_per_second;
      answered += load[i].arrivals_per_second * sl;
    }
    t.expected_service_level =
        offered > 0 ? answered / offered : std::numeric_limits<double>::quiet_NaN();
    out.push_back(std::move(t));
  }
  return out;
}

int rostered_people(const sch::ScheduleProblem& p, const sch::ScheduleResult& r) {
  int people = 0;
  for (size_t a = 0; a < p.agents.size(); ++a)
    for (const auto& s : r.shifts)
      if (s.agent == static_cast<int>(a)) {
        ++people;
        break;
      }
  return people;
}

}  // namespace tandem::app
