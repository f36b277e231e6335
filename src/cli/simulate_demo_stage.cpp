// SPDX-License-Identifier: Apache-2.0
// The demo's last stage: blended vs siloed through the engine, and a short staff-to-target
// preview per policy (app::simulate).
#include <fmt/format.h>

#include <ostream>
#include <stop_token>

#include "app/simulate.h"
#include "cli/demo_stages.h"
#include "cli/output.h"
#include "cli/simulate_format.h"

namespace tandem::cli {

namespace {

// One policy through app::simulate; on an error prints what `tandem simulate` would and
// returns nullopt.
std::optional<app::PolicyOutcome> simulate_one(const Scenario& scenario,
                                               app::SimulateRequest request,
                                               const std::string& policy, std::ostream& out) {
  request.policies = {policy};
  std::string warnings;
  request.on_warning = [&](const std::string& w) {
    warnings += "tandem simulate: warning: " + w + '\n';
  };
  auto result = app::simulate(scenario, request);
  if (!result.is_ok()) {
    out << warnings << "tandem simulate: " << result.status().message() << '\n';
    return std::nullopt;
  }
  return std::move(result->outcomes.front());
}

std::string with_interval(const sim::Estimate& e) {
  return fmt::format("{} ({}-{})", fmt_value(e.mean), fmt_value(e.low), fmt_value(e.high));
}

}  // namespace

int demo_stage_simulation(const Scenario& scenario, std::ostream& out) {
  out << "== 5. Simulation: blended vs siloed on common random numbers (engine in the loop) ==\n";
  app::SimulateRequest request;
  request.days = 5;
  request.replications = 2;
  request.seed = 2026;
  std::vector<std::string> policies;
  for (const char* p : {"blended", "siloed"}) {
    if (scenario.find_policy(p) != nullptr) policies.push_back(p);
  }
  // Run each policy, then print one comparison table.
  Table t({"policy", "voice SL", "chat SL", "abandon", "mortgage in SLA", "backlog end",
           "occupancy", "staff h", "cost"});
  for (const std::string& p : policies) {
    auto outcome = simulate_one(scenario, request, p, out);
    if (!outcome) return 1;
    auto get = [&](const std::string& scope, const std::string& kpi) -> std::string {
      for (const sim::KpiEstimate& k : outcome->run.estimates)
        if (k.scope == scope && k.kpi == kpi && k.interval < 0 && !std::isnan(k.estimate.mean))
          return with_interval(k.estimate);
      return "-";
    };
    t.add_row({p, get("voice-general", "service_level"), get("chat", "service_level"),
               get("voice-general", "abandon_rate"),
               get("mortgage-application", "completed_within_sla"),
               get("mortgage-application", "backlog_end"), get("workforce", "occupancy"),
               get("workforce", "staff_hours"), get("workforce", "cost")});
  }
  out << fmt::format("{} days x {} replications per policy, seed {}; 95% intervals in brackets\n",
                     request.days, request.replications, request.seed);
  t.print(out);
  // Staff to target, briefly (the study runs it in full): a short search per policy on the
  // first kSearchDays days only (Monday to Wednesday), to keep the demo short.
  constexpr int kDemoSimulations = 40;
  constexpr int kSearchDays = 3;
  Table st({"policy", "search", "people (today)", "staff h", "cost"});
  for (const std::string& p : policies) {
    app::SimulateRequest search = request;
    search.staff_to_target = true;
    search.max_simulations = kDemoSimulations;
    search.days = kSearchDays;
    auto outcome = simulate_one(scenario, search, p, out);
    if (!outcome) return 1;
    const sim::StaffSearchResult& r = *outcome->search;
    int people = 0, today = 0;
    for (const sim::AgentGroupStaff& g : r.groups) {
      people += g.staff;
      today += g.today;
    }
    auto interval = [](const sim::Estimate& e) {
      return std::isnan(e.mean) ? std::string("-") : with_interval(e);
    };
    const std::string outcome_name = sim::to_string(r.outcome);
    st.add_row({p,
                fmt::format("{}{}", r.met ? "every SLA met" : "SLA missed",
                            outcome_name == "met" ? "" : " (" + outcome_name + ")"),
                fmt::format("{} ({})", people, today), interval(r.staff_hours), interval(r.cost)});
  }
  out << fmt::format(
      "\nStaff to target per agent group (a preview, not the study: at most {} simulations per "
      "policy of {} days x {} replications, Monday to Wednesday, same seed):\n",
      kDemoSimulations, kSearchDays, request.replications);
  st.print(out);
  // Three weekdays flatter blending: the back-office SLAs (days) and weekends do not bind yet.
  out << "The full study (21 days with weekends, two search starts per policy) is "
         "docs/blending-study.md: `tandem simulate scenarios/northbank.yaml --days 21 "
         "--replications 3 --seed 2026 --policy blended --policy siloed --staff-to-target`\n";
  return 0;
}

}  // namespace tandem::cli
