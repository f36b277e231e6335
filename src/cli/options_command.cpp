// SPDX-License-Identifier: Apache-2.0
// `tandem options [--markdown | --json-schema]`: the options table (model/options.h): every
// tunable with its meaning, unit, default and bounds. `--markdown` prints docs/options.md.
#include <iostream>

#include "cli/commands.h"
#include "cli/output.h"
#include "model/options.h"

namespace tandem::cli {

void add_options_command(CLI::App& app, CommandContext& ctx) {
  auto* cmd = app.add_subcommand(
      "options", "every tunable (policy, engine, simulation, staffing, schedule): default, bounds");
  auto markdown = std::make_shared<bool>(false);
  auto schema = std::make_shared<bool>(false);
  cmd->add_flag("--markdown", *markdown, "print docs/options.md");
  cmd->add_flag("--json-schema", *schema, "print a JSON Schema of each group's options");
  cmd->callback([&ctx, markdown, schema] {
    if (*markdown) {
      std::cout << options_markdown();
    } else if (*schema) {
      std::cout << options_json_schema();
    } else {
      Table t({"group", "option", "type", "default", "bounds", "unit", "flag"});
      for (const OptionRecord& o : all_options())
        t.add_row({to_string(o.group), std::string(o.name), to_string(o.type), default_text(o),
                   bounds_text(o), std::string(o.unit), std::string(o.cli_flag)});
      t.print(std::cout);
    }
    ctx.exit_code = 0;
  });
}

}  // namespace tandem::cli
