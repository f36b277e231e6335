// SPDX-License-Identifier: Apache-2.0
// `tandem demo`: the whole loop on the bundled scenario, stage by stage.
#include <iostream>

#include "cli/commands.h"
#include "cli/demo_stages.h"
#include "cli/output.h"
#include "model/scenario.h"

namespace tandem::cli {

namespace {
int run_demo(const std::string& path, std::ostream& out) {
  ScenarioLoad load = load_scenario(path);
  if (!load.ok()) {
    std::cerr << to_string(load.problems);
    std::cerr << load.problems.size() << " problem(s) in " << path << '\n';
    return 1;
  }
  const Scenario& scenario = *load.scenario;
  using Stage = int (*)(const Scenario&, std::ostream&);
  // Later issues add their stage here: forecast -> staffing -> schedule -> simulation -> report.
  const Stage stages[] = {
      demo_stage_summary,    demo_stage_forecast, demo_stage_staffing,
      demo_stage_schedule,    // keep after the staffing stage
      demo_stage_simulation,  // last: the blending comparison
  };
  for (Stage stage : stages) {
    if (int code = stage(scenario, out); code != 0) return code;
    out << '\n';
  }
  return 0;
}
}  // namespace

void add_demo_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand("demo", "run the whole loop on the bundled demo scenario");
  auto path = std::make_shared<std::string>(default_demo_scenario());
  cmd->add_option("--scenario", *path, "scenario file")->capture_default_str();
  cmd->callback([&ctx, path] { ctx.exit_code = run_demo(*path, std::cout); });
}

}  // namespace tandem::cli
