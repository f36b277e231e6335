// SPDX-License-Identifier: Apache-2.0
// bench_schedule: the blended scheduler on synthetic operations of 100, 500 and 2,000 agents,
// one week, 15-minute intervals, 3 phone skill groups plus back-office work, templates and
// contracts like the Northbank demo. Counters: objective (final schedule), bound (cover-MIP
// lower bound), gap ((objective - bound) / objective), mip_gap, seconds, unmet agent-hours,
// late back-office hour-hours, MIP columns. Results: docs/benchmarks.md, section "schedule".
#include <benchmark/benchmark.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "schedule/internal.h"
#include "schedule/schedule.h"

namespace {

using namespace tandem;
using namespace tandem::schedule;
using std::chrono::minutes;

double hump(double hour, double at, double width) {
  const double z = (hour - at) / width;
  return std::exp(-0.5 * z * z);
}

ShiftTemplate make_template(const std::string& id, int earliest, int latest, int step,
                            std::vector<int> lengths, std::vector<int> weekdays,
                            std::vector<BreakRule> breaks) {
  ShiftTemplate t;
  t.id = id;
  t.name = id;
  t.earliest_start = minutes{earliest};
  t.latest_start = minutes{latest};
  t.start_step_minutes = step;
  t.lengths_minutes = std::move(lengths);
  t.weekdays = std::move(weekdays);
  t.breaks = std::move(breaks);
  return t;
}

ScheduleProblem synthetic_operation(int agents) {
  ScheduleProblem p;
  p.start_date = LocalDays{std::chrono::year{2026} / std::chrono::January / 5};  // a Monday
  p.days = 7;
  p.interval_minutes = 15;
  const int n = p.interval_count();
  // Agent mix (shares of the headcount).
  struct Kind {
    double share;
    std::vector<std::string> groups, work;
    bool part_time;
  };
  const std::vector<Kind> mix = {{0.30, {"voice"}, {}, false},
                                 {0.10, {"voice"}, {}, true},
                                 {0.12, {"voice", "mortgage"}, {}, false},
                                 {0.12, {"chat"}, {}, false},
                                 {0.16, {"voice", "chat"}, {"claims"}, false},
                                 {0.20, {}, {"claims"}, false}};
  double phone_heads = 0;
  for (const Kind& k : mix)
    if (!k.groups.empty()) phone_heads += k.share * agents;
  // Requirement: about 60% of the phone agents' paid hours, shaped by day and hour.
  const double day_factor[7] = {1.0, 0.95, 0.9, 0.9, 0.85, 0.4, 0.0};
  const double group_share[3] = {0.6, 0.2, 0.2};
  const char* group_id[3] = {"voice", "mortgage", "chat"};
  std::vector<double> shape(n, 0.0);
  double shape_sum = 0;
  for (int t = 0; t < n; ++t) {
    const int day = t / 96;
    const double hour = (t % 96) / 4.0;
    const bool open = day < 5 ? hour >= 8 && hour < 20 : day == 5 && hour >= 9 && hour < 17;
    if (!open) continue;
    shape[t] = day_factor[day] * (0.35 + hump(hour, 10.5, 1.5) + 0.8 * hump(hour, 14.5, 1.8));
    shape_sum += shape[t];
  }
  const double phone_agent_intervals = 0.6 * phone_heads * 37.0 * 4.0;
  for (int g = 0; g < 3; ++g) {
    FrontOfficeGroup fo;
    fo.id = group_id[g];
    fo.required_agents.resize(n);
    for (int t = 0; t < n; ++t)
      fo.required_agents[t] =
          std::round(group_share[g] * phone_agent_intervals * shape[t] / shape_sum);
    p.front_office.push_back(std::move(fo));
  }
  // Back office: claims arrive each weekday morning (work for ~75% of the back-office heads
  // plus a share of the blended ones) and are due by 18:00 the next weekday.
  BackOfficeWindow claims;
  claims.work_type = "claims";
  claims.available_hours.assign(n, 0.0);
  claims.due_hours.assign(n, 0.0);
  const double daily_hours = (0.20 * agents * 37.0 * 0.85 + 0.16 * agents * 37.0 * 0.3) / 5.0;
  std::vector<double> arrive(n, 0.0), due(n, 0.0);
  for (int d = 0; d < 5; ++d) {
    arrive[d * 96 + 7 * 4] += daily_hours;
    const int due_day = d == 4 ? 4 : d + 1;  // Friday's work is due Friday evening
    due[due_day * 96 + 18 * 4 - 1] += daily_hours;
  }
  double a = 0, u = 0;
  for (int t = 0; t < n; ++t) {
    a += arrive[t];
    u += due[t];
    claims.available_hours[t] = a;
    claims.due_hours[t] = std::min(u, a);
  }
  p.back_office.push_back(claims);
  // Templates like the demo scenario's.
  const BreakRule morning{"morning", false, 15, 90, 180, true};
  const BreakRule lunch{"lunch", true, 30, 180, 300, false};
  const BreakRule afternoon{"afternoon", false, 15, 330, 420, true};
  const std::vector<int> weekdays = {0, 1, 2, 3, 4};
  p.shift_templates = {
      make_template("early", 7 * 60 + 45, 9 * 60, 15, {510}, weekdays, {morning, lunch, afternoon}),
      make_template("late", 10 * 60, 11 * 60 + 30, 15, {510}, weekdays,
                    {morning, lunch, afternoon}),
      make_template("evening", 15 * 60, 16 * 60, 30, {240, 300}, weekdays,
                    {{"evening-break", false, 15, 90, 180, true}}),
      make_template("part-day", 8 * 60, 10 * 60, 30, {300, 360}, weekdays,
                    {{"part-break", false, 15, 90, 200, true}}),
      make_template("saturday", 9 * 60, 9 * 60, 15, {480}, {5},
                    {{"sat-lunch", true, 30, 180, 300, false}})};
  // Agents.
  Contract full_time;
  full_time.id = "full-time";
  full_time.min_hours_per_week = 35;
  full_time.max_hours_per_week = 40;
  full_time.max_days_per_week = 5;
  full_time.max_consecutive_days = 6;
  Contract part_time = full_time;
  part_time.id = "part-time";
  part_time.min_hours_per_week = 18;
  part_time.max_hours_per_week = 25;
  part_time.max_days_per_week = 4;
  WeeklyHours mornings;
  for (int d = 0; d < 5; ++d) mornings.days[d].push_back({minutes{8 * 60}, minutes{15 * 60}});
  part_time.availability = mornings;
  int made = 0;
  for (size_t m = 0; m < mix.size(); ++m) {
    const int count =
        m + 1 == mix.size() ? agents - made : static_cast<int>(std::lround(mix[m].share * agents));
    for (int i = 0; i < count; ++i, ++made) {
      ScheduleAgent sa;
      sa.id = "agent-" + std::to_string(made);
      sa.front_office_groups = mix[m].groups;
      sa.back_office_work_types = mix[m].work;
      sa.home_front_office = !mix[m].groups.empty();
      sa.contract = mix[m].part_time ? part_time : full_time;
      sa.cost_per_hour = 20.0 + static_cast<double>(m);
      p.agents.push_back(std::move(sa));
    }
  }
  return p;
}

// TANDEM_BENCH_VERBOSE=phases: the scheduler's stages run one by one, printing the objective
// after each (cover plan, rostering, repair), so one sees where the gap to the bound arises.
// Minutes below the contract minimums (one-week horizons) and agents below them.
std::pair<double, int> shortfall_of(const ScheduleProblem& problem, const detail::CoverPlan& plan,
                                    const std::vector<detail::Placed>& placed) {
  std::vector<double> paid(problem.agents.size(), 0.0);
  for (const auto& s : placed) paid[s.agent] += plan.kinds[s.kind].paid_minutes;
  std::pair<double, int> r{0.0, 0};
  for (size_t a = 0; a < paid.size(); ++a) {
    const double miss = problem.agents[a].contract.min_hours_per_week * 60.0 - paid[a];
    if (miss > 1e-9) {
      r.first += miss;
      ++r.second;
    }
  }
  return r;
}

void print_phases(const ScheduleProblem& problem, const SolveOptions& options) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  auto since = [&] { return std::chrono::duration<double>(clock::now() - t0).count(); };
  SolveOptions cover_options = options;
  cover_options.time_limit_seconds = 0.5 * options.time_limit_seconds;
  auto plan = detail::solve_cover(problem, cover_options);
  if (!plan.is_ok()) return;
  int planned = 0;
  for (const auto& row : plan->count)
    for (int c : row) planned += c;
  std::fprintf(stderr, "cover   %6.1f s  objective %.0f bound %.0f (%d shifts)\n", since(),
               plan->objective, plan->bound, planned);
  for (size_t c = 0; c < plan->classes.size(); ++c) {
    const auto& cls = plan->classes[c];
    double minutes = 0;
    int shifts = 0;
    for (size_t k = 0; k < plan->kinds.size(); ++k) {
      minutes += plan->count[c][k] * plan->kinds[k].paid_minutes;
      shifts += plan->count[c][k];
    }
    const auto& con = problem.agents[cls.agents.front()].contract;
    std::fprintf(stderr, "  class %zu: %zu agents, %d shifts, %.0f min planned vs %.0f minimum\n",
                 c, cls.agents.size(), shifts, minutes,
                 con.min_hours_per_week * 60.0 * static_cast<double>(cls.agents.size()));
  }
  std::vector<std::string> explanations;
  auto placed = detail::roster(problem, *plan, options,
                               0.75 * options.time_limit_seconds - plan->seconds, explanations);
  auto rostered = detail::build_schedule(problem, *plan, placed);
  std::fprintf(stderr,
               "roster  %6.1f s  objective %.0f cost %.0f penalty %.0f unmet %.1f h (%zu shifts)\n",
               since(), rostered.objective, rostered.cost, rostered.penalty,
               rostered.unmet_agent_hours, placed.size());
  const auto [short_min, short_agents] = shortfall_of(problem, *plan, placed);
  std::fprintf(stderr, "        below minimum: %d agents, %.0f minutes\n", short_agents, short_min);
  detail::repair(problem, *plan, placed, explanations);
  auto repaired = detail::build_schedule(problem, *plan, placed);
  std::fprintf(stderr,
               "repair  %6.1f s  objective %.0f cost %.0f penalty %.0f unmet %.1f h (%zu shifts) "
               "gap %.2f%%\n",
               since(), repaired.objective, repaired.cost, repaired.penalty,
               repaired.unmet_agent_hours, placed.size(),
               100.0 * (repaired.objective - plan->bound) / repaired.objective);
}

void BM_Schedule(benchmark::State& state) {
  const ScheduleProblem problem = synthetic_operation(static_cast<int>(state.range(0)));
  SolveOptions options;
  // 60 s is the budget; TANDEM_BENCH_SECONDS overrides it for quick experiments.
  const char* limit = std::getenv("TANDEM_BENCH_SECONDS");
  options.time_limit_seconds = limit != nullptr ? std::atof(limit) : 60.0;
  options.relative_gap = 0.01;
  const char* verbose = std::getenv("TANDEM_BENCH_VERBOSE");
  if (verbose != nullptr && std::string(verbose) == "phases") {
    for (auto _ : state) print_phases(problem, options);
    return;
  }
  ScheduleResult result;
  double seconds = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto r = solve_schedule(problem, options);
    seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!r.is_ok()) {
      state.SkipWithError(r.status().message().c_str());
      return;
    }
    result = std::move(*r);
  }
  state.counters["agents"] = static_cast<double>(problem.agents.size());
  state.counters["objective"] = result.objective;
  state.counters["bound"] = result.mip_bound;
  state.counters["gap"] = result.gap_to_bound;
  state.counters["mip_gap"] = result.mip_gap;
  state.counters["seconds"] = seconds;
  state.counters["mip_seconds"] = result.mip_seconds;
  state.counters["unmet_h"] = result.unmet_agent_hours;
  state.counters["late_hh"] = result.back_office_late_hour_hours;
  state.counters["columns"] = result.mip_columns;
  state.counters["violations"] = static_cast<double>(result.violations.size());
  state.SetLabel(to_string(result.outcome));
  if (std::getenv("TANDEM_BENCH_VERBOSE") != nullptr) {
    std::fprintf(stderr, "mip objective %.0f bound %.0f; final cost %.0f penalty %.0f\n",
                 result.mip_objective, result.mip_bound, result.cost, result.penalty);
    for (const std::string& e : result.explanations) std::fprintf(stderr, "  %s\n", e.c_str());
  }
}

BENCHMARK(BM_Schedule)->Arg(100)->Arg(500)->Arg(2000)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
