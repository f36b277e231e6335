// SPDX-License-Identifier: Apache-2.0
#include "cli/simulate_format.h"

#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "cli/output.h"

namespace tandem::cli {

std::string fmt_value(double v) {
  if (std::isnan(v)) return "-";
  const double a = std::fabs(v);
  if (a != 0 && a < 1) return fmt::format("{:.4f}", v);
  if (a < 100) return fmt::format("{:.2f}", v);
  return fmt::format("{:.1f}", v);
}

namespace {

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

}  // namespace

void print_simulation(const SimulationView& args, const Scenario& scenario,
                      const app::SimulateResult& result, std::ostream& out) {
  const std::vector<app::PolicyOutcome>& outcomes = result.outcomes;
  const std::optional<app::ReplaySummary>& replay = result.event_log;
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
    for (const app::PolicyOutcome& o : outcomes) {
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
    for (const app::PolicyOutcome& o : outcomes) {
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
  for (const app::PolicyOutcome& o : outcomes) {
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

}  // namespace tandem::cli
