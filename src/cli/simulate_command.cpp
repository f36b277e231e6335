// `tandem simulate SCENARIO`: discrete-event simulation of the scenario through the engine,
// replications in parallel, one or several policies on common random numbers, optional
// replay of real arrivals and staff-to-target search (docs/simulation.md).
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli/commands.h"
#include "cli/demo_stages.h"
#include "cli/output.h"
#include "model/scenario.h"
#include "sim/event_log.h"
#include "sim/replay_file.h"
#include "sim/replications.h"
#include "sim/scenario_model.h"
#include "sim/schedule_file.h"
#include "sim/schedule_roster.h"
#include "sim/staff_search.h"
#include "sim/study.h"
#include "staffing/interval_volume_csv.h"

namespace tandem::cli {

namespace {

struct SimulateArgs {
  std::string scenario;
  int days = 7;
  int replications = 4;
  std::uint64_t seed = 1;
  std::vector<std::string> policies;
  std::string replay;
  std::string schedule;  // a `tandem schedule --json` file: the roster
  double shrinkage = 0.0;
  double staff_scale = 1.0;
  bool staff_to_target = false;
  double max_staff_factor = 3.0;
  int max_simulations = 150;
  std::vector<std::string> not_required;  // staff to target: SLAs of these scopes not required
  bool intervals = false;
  int threads = 0;
  OutputFormat format = OutputFormat::kTable;
};

volatile std::sig_atomic_t g_interrupted = 0;
void simulate_on_sigint(int) { g_interrupted = 1; }

struct PolicyOutcome {
  std::string policy;
  sim::RunResult run;
  std::vector<sim::SlaCheck> checks;
  std::optional<sim::StaffSearchResult> search;  // staff to target per agent group
};

std::string fmt_value(double v) {
  if (std::isnan(v)) return "-";
  const double a = std::fabs(v);
  if (a != 0 && a < 1) return fmt::format("{:.4f}", v);
  if (a < 100) return fmt::format("{:.2f}", v);
  return fmt::format("{:.1f}", v);
}

nlohmann::json estimate_json(const sim::Estimate& e) {
  auto num = [](double v) -> nlohmann::json {
    if (std::isnan(v)) return nullptr;
    return v;
  };
  return {{"mean", num(e.mean)}, {"low", num(e.low)}, {"high", num(e.high)}};
}

nlohmann::json staff_search_json(const sim::StaffSearchResult& r) {
  nlohmann::json groups = nlohmann::json::array();
  for (const sim::AgentGroupStaff& g : r.groups) {
    groups.push_back({{"group", g.group},
                      {"today", g.today},
                      {"staff", g.staff},
                      {"cost_per_hour", g.cost_per_hour}});
  }
  return {{"outcome", sim::to_string(r.outcome)},
          {"met", r.met},
          {"explanation", r.explanation},
          {"simulations", r.evaluations},
          {"groups", groups},
          {"staff_hours", estimate_json(r.staff_hours)},
          {"cost", estimate_json(r.cost)}};
}

// The staff per group found by the search, in words and a table.
void print_staff_search(const sim::StaffSearchResult& r, std::ostream& out) {
  out << fmt::format("Staff to target: {} after {} simulation(s){}\n",
                     r.met ? "every SLA met" : "NOT every SLA met", r.evaluations,
                     r.explanation.empty() ? "" : " (" + r.explanation + ")");
  Table t({"agent group", "today", "staff", "change", "cost/h"});
  int today = 0, staff = 0;
  for (const sim::AgentGroupStaff& g : r.groups) {
    t.add_row({g.group, std::to_string(g.today), std::to_string(g.staff),
               fmt::format("{:+d}", g.staff - g.today), fmt_value(g.cost_per_hour)});
    today += g.today;
    staff += g.staff;
  }
  t.add_row({"total (people)", std::to_string(today), std::to_string(staff),
             fmt::format("{:+d}", staff - today), ""});
  t.print(out);
  out << fmt::format("Staff hours {} ({}-{}), cost {} ({}-{}) per run, robots included\n\n",
                     fmt_value(r.staff_hours.mean), fmt_value(r.staff_hours.low),
                     fmt_value(r.staff_hours.high), fmt_value(r.cost.mean), fmt_value(r.cost.low),
                     fmt_value(r.cost.high));
}

// What an event-log replay put into the run.
struct ReplaySummary {
  std::string file;
  std::string process;  // the case process
  std::size_t cases = 0;
  std::size_t steps = 0;
};

void print_outcomes(const SimulateArgs& args, const Scenario& scenario,
                    const std::vector<PolicyOutcome>& outcomes,
                    const std::optional<ReplaySummary>& replay, std::ostream& out) {
  if (args.format == OutputFormat::kJson) {
    nlohmann::json j;
    j["scenario"] = scenario.name;
    j["days"] = args.days;
    j["seed"] = args.seed;
    j["replications_requested"] = args.replications;
    if (replay) {
      j["event_log"] = {{"file", replay->file},
                        {"process", replay->process},
                        {"cases", replay->cases},
                        {"steps", replay->steps}};
    }
    for (const PolicyOutcome& o : outcomes) {
      nlohmann::json p;
      p["policy"] = o.policy;
      p["replications"] = o.run.replications.size();
      p["interrupted"] = o.run.interrupted;
      std::uint64_t events = 0, ticks = 0, offers = 0, contacts = 0;
      for (const auto& r : o.run.replications) {
        events += r.events;
        ticks += r.ticks;
        offers += r.offers;
        contacts += r.contacts;
      }
      p["router_events"] = {{"total", events},
                            {"clock_ticks", ticks},
                            {"offers_accepted", offers},
                            {"contacts", contacts}};
      if (o.search) p["staff_to_target"] = staff_search_json(*o.search);
      nlohmann::json kpis = nlohmann::json::array();
      for (const sim::KpiEstimate& k : o.run.estimates) {
        nlohmann::json row = estimate_json(k.estimate);
        row["scope"] = k.scope;
        row["kpi"] = k.kpi;
        if (k.interval >= 0) row["interval"] = k.interval;
        kpis.push_back(std::move(row));
      }
      p["kpis"] = std::move(kpis);
      nlohmann::json slas = nlohmann::json::array();
      for (const sim::SlaCheck& c : o.checks) {
        nlohmann::json row = estimate_json(c.value);
        row["scope"] = c.scope;
        row["sla"] = c.sla;
        row["kpi"] = c.kpi;
        row["target"] = c.target;
        row["at_most"] = c.at_most;
        row["met"] = c.met;
        slas.push_back(std::move(row));
      }
      p["sla"] = std::move(slas);
      j["policies"].push_back(std::move(p));
    }
    out << j.dump(2) << '\n';
    return;
  }
  if (args.format == OutputFormat::kCsv) {
    Table t({"policy", "scope", "kpi", "interval", "mean", "low95", "high95"});
    for (const PolicyOutcome& o : outcomes) {
      for (const sim::KpiEstimate& k : o.run.estimates) {
        t.add_row({o.policy, k.scope, k.kpi, k.interval < 0 ? "" : std::to_string(k.interval),
                   fmt::format("{}", k.estimate.mean), fmt::format("{}", k.estimate.low),
                   fmt::format("{}", k.estimate.high)});
      }
    }
    t.print_csv(out);
    return;
  }
  if (replay) {
    out << fmt::format(
        "Event log {}: {} case(s) released in the run, {} step(s), each case one item of "
        "process {} (log_throughput_hours: the same cases in the log)\n\n",
        replay->file, replay->cases, replay->steps, replay->process);
  }
  for (const PolicyOutcome& o : outcomes) {
    out << fmt::format("Policy {}: {} replication(s) of {} day(s){}{}\n", o.policy,
                       o.run.replications.size(), args.days,
                       o.run.interrupted ? " (INTERRUPTED: partial results)" : "",
                       o.search ? ", at the staff found by the search" : "");
    if (o.search) print_staff_search(*o.search, out);
    Table t({"scope", "kpi", "interval", "mean", "95% low", "95% high"});
    for (const sim::KpiEstimate& k : o.run.estimates) {
      if (k.interval >= 0 && !args.intervals) continue;
      t.add_row({k.scope, k.kpi, k.interval < 0 ? "all" : std::to_string(k.interval),
                 fmt_value(k.estimate.mean), fmt_value(k.estimate.low),
                 fmt_value(k.estimate.high)});
    }
    t.print(out);
    Table s({"scope", "sla", "kpi", "target", "mean", "95% interval", "met"});
    for (const sim::SlaCheck& c : o.checks) {
      s.add_row({c.scope, c.sla, c.kpi, (c.at_most ? "<= " : ">= ") + fmt_value(c.target),
                 fmt_value(c.value.mean),
                 fmt::format("{}-{}", fmt_value(c.value.low), fmt_value(c.value.high)),
                 c.met ? "yes" : "NO"});
    }
    out << '\n';
    s.print(out);
    out << '\n';
  }
}

class Progress {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  void update(const std::string& label, int done, int total) {
    if (!enabled_) return;
    std::lock_guard lock(mutex_);
    const int width = 30;
    const int filled = total > 0 ? done * width / total : width;
    std::cerr << fmt::format("\r{:<24} [{}{}] {}/{}", label.substr(0, 24), std::string(filled, '#'),
                             std::string(width - filled, '.'), done, total)
              << std::flush;
  }
  void finish() {
    if (enabled_) std::cerr << "\r" << std::string(70, ' ') << "\r" << std::flush;
  }

 private:
  bool enabled_;
  std::mutex mutex_;
};

// Runs the simulation described by `args`; prints results to `out`, errors to `err`.
int run_simulate(const SimulateArgs& args, const Scenario& scenario, std::ostream& out,
                 std::ostream& err, std::stop_token stop, bool progress_bar) {
  if (args.replications < 1) {
    err << "tandem simulate: --replications must be at least 1 (got " << args.replications << ")\n";
    return 1;
  }
  if (args.days < 1) {
    err << "tandem simulate: --days must be at least 1 (got " << args.days << ")\n";
    return 1;
  }
  std::vector<const Policy*> policies;
  Policy fallback;
  fallback.id = "default";
  for (const std::string& name : args.policies) {
    const Policy* p = scenario.find_policy(name);
    if (p == nullptr && name == "default" && scenario.policies.empty()) p = &fallback;
    if (p == nullptr) {
      std::string known;
      for (const Policy& q : scenario.policies) known += (known.empty() ? "" : ", ") + q.id;
      err << "tandem simulate: unknown policy '" << name
          << "' (the scenario defines: " << (known.empty() ? "none" : known) << ")\n";
      return 1;
    }
    policies.push_back(p);
  }
  if (policies.empty())
    policies.push_back(scenario.policies.empty() ? &fallback : &scenario.policies.front());

  std::vector<staffing::IntervalVolume> history;
  for (const auto& file : {scenario.history.contacts, scenario.history.work_items}) {
    if (!file) continue;
    auto rows = staffing::read_interval_volumes_csv(*file);
    if (!rows.is_ok()) {
      err << "tandem simulate: " << rows.status().message() << '\n';
      return 1;
    }
    history.insert(history.end(), rows->begin(), rows->end());
  }
  std::vector<sim::ReplayedContact> replay;
  std::optional<sim::EventLogReplay> event_log;  // back-office work from a process log
  if (!args.replay.empty() && sim::is_event_log_header(sim::first_line_of(args.replay))) {
    auto r = sim::read_event_log(args.replay);
    Status st = r.is_ok() ? sim::check_event_log(*r, scenario, args.replay) : r.status();
    if (!st.is_ok()) {
      err << "tandem simulate: " << st.message() << '\n';
      return 1;
    }
    event_log = std::move(r).value();
  } else if (!args.replay.empty()) {
    auto r = sim::read_replay_file(args.replay);
    if (!r.is_ok()) {
      err << "tandem simulate: " << r.status().message() << '\n';
      return 1;
    }
    replay = std::move(r).value();
  }
  std::optional<sim::PublishedSchedule> schedule;
  if (!args.schedule.empty()) {
    auto r = sim::read_schedule_file(args.schedule);
    if (!r.is_ok()) {
      err << "tandem simulate: " << r.status().message() << '\n';
      return 1;
    }
    schedule = std::move(r).value();
  }
  if (history.empty() && replay.empty() && !event_log) {
    err << "tandem simulate: the scenario names no arrival history (history.contacts / "
           "history.work_items) and no --replay file was given: nothing arrives\n";
    return 1;
  }

  Progress progress(progress_bar);
  std::vector<PolicyOutcome> outcomes;
  std::size_t replayed_cases = 0, replayed_steps = 0;  // event-log replay
  for (const Policy* policy : policies) {
    auto build_for = [&](const Scenario& staffed, double scale) -> Result<sim::SimModel> {
      sim::ScenarioModelOptions options;
      options.days = args.days;
      options.staff_scale = scale;
      options.shrinkage = args.shrinkage;
      if (schedule) options.first_day = schedule->first_day;
      if (event_log && !schedule) options.first_day = event_log->first_day;
      auto m = sim::scenario_model(staffed, *policy, history, options);
      if (!m.is_ok()) return m.status();
      if (schedule) {
        // Staff to target changes the people: the schedule follows (added people work the
        // shifts of their group's scheduled people); otherwise it is used as it is.
        auto roster = sim::roster_from_schedule(
            staffed, args.staff_to_target ? sim::schedule_for_staff(*schedule, staffed) : *schedule,
            schedule->first_day, args.days, m->start);
        if (!roster.is_ok()) return roster.status();
        m->agents = std::move(roster).value();
      }
      if (!replay.empty()) {
        // Replayed queues take the place of their random arrivals.
        std::erase_if(m->contacts, [&](const sim::ContactSource& c) {
          return std::any_of(replay.begin(), replay.end(),
                             [&](const sim::ReplayedContact& r) { return r.queue == c.queue; });
        });
        m->replayed_contacts = replay;
        std::erase_if(m->replayed_contacts,
                      [&](const sim::ReplayedContact& r) { return r.time >= m->horizon; });
      }
      if (event_log) {
        auto cases = sim::add_replayed_cases(*m, *event_log);
        if (!cases.is_ok()) return cases.status();
        replayed_cases = *cases;
        replayed_steps = 0;
        for (const sim::ReplayedItem& item : m->replayed_items) {
          replayed_steps += item.step_handle_seconds.size();
        }
      }
      return m;
    };
    auto build = [&](double scale) { return build_for(scenario, scale); };
    sim::RunOptions options;
    options.replications = args.replications;
    options.seed = args.seed;
    options.threads = args.threads;
    options.stop = stop;
    options.on_progress = [&](int done, int total) { progress.update(policy->id, done, total); };
    progress.update(policy->id, 0, args.replications);
    PolicyOutcome outcome;
    outcome.policy = policy->id;
    if (args.staff_to_target) {
      sim::StaffSearchOptions search;
      search.run = options;  // the search runs them without their progress callback
      search.max_factor = args.max_staff_factor;
      search.max_evaluations = args.max_simulations;
      search.not_required = args.not_required;
      search.on_progress = [&](const sim::StaffSearchProgress& p) {
        progress.update(policy->id + " " + p.phase, p.evaluation, p.max_evaluations);
      };
      // From a schedule, the search starts from the people it names.
      const Scenario start = schedule ? sim::scheduled_people_only(scenario, *schedule) : scenario;
      auto t = sim::search_staff(
          start, [&](const Scenario& staffed) { return build_for(staffed, 1.0); },
          sim::engine_router_factory(), search);
      if (!t.is_ok()) {
        progress.finish();
        err << "tandem simulate: " << t.status().message() << '\n';
        return 1;
      }
      outcome.run = std::move(t->run);
      outcome.search = std::move(t).value();
    } else {
      auto m = build(args.staff_scale);
      if (!m.is_ok()) {
        progress.finish();
        err << "tandem simulate: " << m.status().message() << '\n';
        return 1;
      }
      auto run = sim::run_replications(*m, sim::engine_router_factory(), options);
      if (!run.is_ok()) {
        progress.finish();
        err << "tandem simulate: " << run.status().message() << '\n';
        return 1;
      }
      outcome.run = std::move(run).value();
    }
    outcome.checks = sim::check_slas(scenario, outcome.run.estimates);
    for (const auto& r : outcome.run.replications) {
      if (r.rejected > 0) {
        err << "tandem simulate: warning: policy " << policy->id << ": the engine rejected "
            << r.rejected << " event(s) in replication " << r.index
            << "; first: " << r.first_rejection << '\n';
        break;
      }
    }
    outcomes.push_back(std::move(outcome));
    if (stop.stop_requested()) break;
  }
  progress.finish();
  if (stop.stop_requested()) {
    err << "tandem simulate: interrupted; reporting what was simulated\n";
  }
  std::optional<ReplaySummary> summary;
  if (event_log) {
    const Process* process = sim::case_process(*event_log, scenario);
    summary = ReplaySummary{args.replay, process != nullptr ? process->id : "", replayed_cases,
                            replayed_steps};
  }
  print_outcomes(args, scenario, outcomes, summary, out);
  return 0;
}

}  // namespace

void add_simulate_command(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<SimulateArgs>();
  auto* cmd = app.add_subcommand(
      "simulate", "simulate the scenario through the engine: KPIs with 95% intervals per policy");
  cmd->add_option("scenario", args->scenario, "scenario file")->required();
  cmd->add_option("--days", args->days, "days to simulate per replication")->capture_default_str();
  cmd->add_option("--replications", args->replications, "independent replications")
      ->capture_default_str();
  cmd->add_option("--seed", args->seed, "random seed (common to every policy)")
      ->capture_default_str();
  cmd->add_option("--policy", args->policies,
                  "policy id (repeat to compare on common random numbers; default: the first)");
  cmd->add_option("--replay", args->replay,
                  "replay real contacts (Tandem replay CSV or the Anonymous Bank call log) or "
                  "back-office cases from an event log (BPI 2012 CSV, gzip or plain: each case one "
                  "work item, its steps and waits from the log)");
  cmd->add_option("--schedule", args->schedule,
                  "agents follow this schedule (`tandem schedule --json` output), not the "
                  "simple staffing table");
  cmd->add_option("--shrinkage", args->shrinkage, "probability that a shift is lost to absence")
      ->capture_default_str();
  cmd->add_option("--staff-scale", args->staff_scale, "keep this share of each agent group")
      ->capture_default_str();
  cmd->add_flag("--staff-to-target", args->staff_to_target,
                "search the staff per agent group meeting every SLA at least cost, per policy");
  cmd->add_option("--max-staff-factor", args->max_staff_factor,
                  "staff to target: at most this many times today's staff per group")
      ->capture_default_str();
  cmd->add_option("--max-simulations", args->max_simulations,
                  "staff to target: simulation budget per policy (best found is kept)")
      ->capture_default_str();
  cmd->add_option("--not-required", args->not_required,
                  "staff to target: the SLA of this queue or process is reported, not required "
                  "(repeat; a what-if)");
  cmd->add_flag("--intervals", args->intervals, "include per-interval KPIs in the table");
  cmd->add_option("--threads", args->threads, "worker threads (0: all cores)")
      ->capture_default_str();
  add_format_flags(cmd, args->format);
  cmd->callback([&ctx, args] {
    ScenarioLoad load = load_scenario(args->scenario);
    if (!load.ok()) {
      std::cerr << to_string(load.problems);
      std::cerr << load.problems.size() << " problem(s) in " << args->scenario << '\n';
      ctx.exit_code = 1;
      return;
    }
    g_interrupted = 0;
    auto previous = std::signal(SIGINT, simulate_on_sigint);
    std::stop_source stop;
    std::jthread watcher([&stop](std::stop_token done) {
      while (!done.stop_requested()) {
        if (g_interrupted) {
          stop.request_stop();
          return;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    });
    ctx.exit_code = run_simulate(*args, *load.scenario, std::cout, std::cerr, stop.get_token(),
                                 isatty(STDERR_FILENO) != 0);
    watcher.request_stop();
    watcher.join();
    std::signal(SIGINT, previous);
  });
}

int demo_stage_simulation(const Scenario& scenario, std::ostream& out) {
  out << "== 5. Simulation: blended vs siloed on common random numbers (engine in the loop) ==\n";
  SimulateArgs args;
  args.days = 5;
  args.replications = 2;
  args.seed = 2026;
  for (const char* p : {"blended", "siloed"}) {
    if (scenario.find_policy(p) != nullptr) args.policies.push_back(p);
  }
  std::stop_source never;
  SimulateArgs quiet = args;
  // Run each policy, then print one comparison table.
  Table t({"policy", "voice SL", "chat SL", "abandon", "mortgage in SLA", "backlog end",
           "occupancy", "staff h", "cost"});
  for (const std::string& p : args.policies) {
    quiet.policies = {p};
    quiet.format = OutputFormat::kJson;
    std::ostringstream json_out, err;
    if (int code = run_simulate(quiet, scenario, json_out, err, never.get_token(), false);
        code != 0) {
      out << err.str();
      return code;
    }
    const auto j = nlohmann::json::parse(json_out.str());
    auto get = [&](const std::string& scope, const std::string& kpi) -> std::string {
      for (const auto& k : j["policies"][0]["kpis"]) {
        if (k["scope"] == scope && k["kpi"] == kpi && !k.contains("interval") &&
            !k["mean"].is_null()) {
          const double m = k["mean"], lo = k["low"], hi = k["high"];
          return fmt::format("{} ({}-{})", fmt_value(m), fmt_value(lo), fmt_value(hi));
        }
      }
      return "-";
    };
    t.add_row({p, get("voice-general", "service_level"), get("chat", "service_level"),
               get("voice-general", "abandon_rate"),
               get("mortgage-application", "completed_within_sla"),
               get("mortgage-application", "backlog_end"), get("workforce", "occupancy"),
               get("workforce", "staff_hours"), get("workforce", "cost")});
  }
  out << fmt::format("{} days x {} replications per policy, seed {}; 95% intervals in brackets\n",
                     args.days, args.replications, args.seed);
  t.print(out);
  // Staff to target, briefly (the study runs it in full): a short search per policy on the
  // first kSearchDays days only (Monday to Wednesday), to keep the demo short.
  constexpr int kDemoSimulations = 40;
  constexpr int kSearchDays = 3;
  Table st({"policy", "search", "people (today)", "staff h", "cost"});
  for (const std::string& p : args.policies) {
    SimulateArgs search = args;
    search.policies = {p};
    search.format = OutputFormat::kJson;
    search.staff_to_target = true;
    search.max_simulations = kDemoSimulations;
    search.days = kSearchDays;
    std::ostringstream json_out, err;
    if (int code = run_simulate(search, scenario, json_out, err, never.get_token(), false);
        code != 0) {
      out << err.str();
      return code;
    }
    const auto j = nlohmann::json::parse(json_out.str())["policies"][0]["staff_to_target"];
    int people = 0, today = 0;
    for (const auto& g : j["groups"]) {
      people += g["staff"].get<int>();
      today += g["today"].get<int>();
    }
    auto interval = [](const nlohmann::json& e) {
      if (e["mean"].is_null()) return std::string("-");
      return fmt::format("{} ({}-{})", fmt_value(e["mean"]), fmt_value(e["low"]),
                         fmt_value(e["high"]));
    };
    st.add_row(
        {p,
         fmt::format("{}{}", j["met"].get<bool>() ? "every SLA met" : "SLA missed",
                     j["outcome"] == "met" ? "" : " (" + j["outcome"].get<std::string>() + ")"),
         fmt::format("{} ({})", people, today), interval(j["staff_hours"]), interval(j["cost"])});
  }
  out << fmt::format(
      "\nStaff to target per agent group (a preview, not the study: at most {} simulations per "
      "policy of {} days x {} replications, Monday to Wednesday, same seed):\n",
      kDemoSimulations, kSearchDays, args.replications);
  st.print(out);
  // Three weekdays flatter blending: the back-office SLAs (days) and weekends do not bind yet.
  out << "The full study (21 days with weekends, two search starts per policy) is "
         "docs/blending-study.md: `tandem simulate scenarios/northbank.yaml --days 21 "
         "--replications 3 --seed 2026 --policy blended --policy siloed --staff-to-target`\n";
  return 0;
}

}  // namespace tandem::cli
