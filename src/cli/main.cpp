// SPDX-License-Identifier: Apache-2.0
// tandem — workforce optimisation for a blended front and back office.
#include <exception>
#include <iostream>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "tandem: forecast, staff, schedule, run and simulate a blended front and back office"};
  app.require_subcommand(1);
  app.set_version_flag("--version", TANDEM_VERSION_STRING);
  tandem::cli::CommandContext ctx;
  tandem::cli::add_validate_command(app, ctx);
  tandem::cli::add_demo_command(app, ctx);
  tandem::cli::add_simulate_command(app, ctx);
  tandem::cli::add_schedule_command(app, ctx);
  tandem::cli::add_forecast_command(app, ctx);
  tandem::cli::add_generate_history_command(app, ctx);
  tandem::cli::add_erlang_command(app, ctx);
  tandem::cli::add_staff_command(app, ctx);
  tandem::cli::add_roster_benchmark_command(app, ctx);
  tandem::cli::add_serve_command(app, ctx);
  tandem::cli::add_token_command(app, ctx);
  tandem::cli::add_store_command(app, ctx);
  tandem::cli::add_report_command(app, ctx);
  tandem::cli::add_options_command(app, ctx);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  } catch (const std::exception& e) {
    std::cerr << "tandem: internal error: " << e.what() << '\n';
    return 3;
  }
  return ctx.exit_code;
}
