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
#include "sim/replay_file.h"
#include "sim/replications.h"
#include "sim/scenario_model.h"
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
  double shrinkage = 0.0;
  double staff_scale = 1.0;
  bool staff_to_target = false;
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
  std::optional<double> target_scale;  // staff to target
  bool target_met = false;
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

void print_outcomes(const SimulateArgs& args, const Scenario& scenario,
                    const std::vector<PolicyOutcome>& outcomes, std::ostream& out) {
  if (args.format == OutputFormat::kJson) {
    nlohmann::json j;
    j["scenario"] = scenario.name;
    j["days"] = args.days;
    j["seed"] = args.seed;
    j["replications_requested"] = args.replications;
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
      if (o.target_scale) {
        p["staff_to_target"] = {{"scale", *o.target_scale}, {"met", o.target_met}};
      }
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
  for (const PolicyOutcome& o : outcomes) {
    out << fmt::format(
        "Policy {}: {} replication(s) of {} day(s){}{}\n", o.policy, o.run.replications.size(),
        args.days, o.run.interrupted ? " (INTERRUPTED: partial results)" : "",
        o.target_scale
            ? fmt::format(", staff scale {:.3f} ({})", *o.target_scale,
                          o.target_met ? "meets every SLA" : "misses an SLA even at full staff")
            : "");
    Table t({"scope", "kpi", "interval", "mean", "95% low", "95% high"});
    for (const sim::KpiEstimate& k : o.run.estimates) {
      if (k.interval >= 0 && !args.intervals) continue;
      t.add_row({k.scope, k.kpi, k.interval < 0 ? "all" : std::to_string(k.interval),
                 fmt_value(k.estimate.mean), fmt_value(k.estimate.low),
                 fmt_value(k.estimate.high)});
    }
    t.print(out);
    Table s({"scope", "sla", "kpi", "target", "mean", "met"});
    for (const sim::SlaCheck& c : o.checks) {
      s.add_row({c.scope, c.sla, c.kpi, (c.at_most ? "<= " : ">= ") + fmt_value(c.target),
                 fmt_value(c.value.mean), c.met ? "yes" : "NO"});
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
  if (!args.replay.empty()) {
    auto r = sim::read_replay_file(args.replay);
    if (!r.is_ok()) {
      err << "tandem simulate: " << r.status().message() << '\n';
      return 1;
    }
    replay = std::move(r).value();
  }
  if (history.empty() && replay.empty()) {
    err << "tandem simulate: the scenario names no arrival history (history.contacts / "
           "history.work_items) and no --replay file was given: nothing arrives\n";
    return 1;
  }

  Progress progress(progress_bar);
  std::vector<PolicyOutcome> outcomes;
  for (const Policy* policy : policies) {
    auto build = [&](double scale) -> Result<sim::SimModel> {
      sim::ScenarioModelOptions options;
      options.days = args.days;
      options.staff_scale = scale;
      options.shrinkage = args.shrinkage;
      auto m = sim::scenario_model(scenario, *policy, history, options);
      if (!m.is_ok()) return m.status();
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
      return m;
    };
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
      auto t = sim::staff_to_target(scenario, build, sim::engine_router_factory(), options);
      if (!t.is_ok()) {
        progress.finish();
        err << "tandem simulate: " << t.status().message() << '\n';
        return 1;
      }
      outcome.run = std::move(t->run);
      outcome.target_scale = t->scale;
      outcome.target_met = t->met;
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
  print_outcomes(args, scenario, outcomes, out);
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
                  "replay real contacts (Tandem replay CSV or the Anonymous Bank call log)");
  cmd->add_option("--shrinkage", args->shrinkage, "probability that a shift is lost to absence")
      ->capture_default_str();
  cmd->add_option("--staff-scale", args->staff_scale, "keep this share of each agent group")
      ->capture_default_str();
  cmd->add_flag("--staff-to-target", args->staff_to_target,
                "search the smallest staff scale meeting every SLA, per policy");
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
  out << "Full study: docs/blending-study.md; `tandem simulate scenarios/northbank.yaml --policy "
         "blended --policy siloed --staff-to-target`\n";
  return 0;
}

}  // namespace tandem::cli
