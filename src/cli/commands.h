// SPDX-License-Identifier: Apache-2.0
// The verbs of the `tandem` command. Each add_*_command registers one subcommand on the app;
// its callback stores the process exit code in `exit_code` (0 ok, 1 invalid input,
// 3 internal; CLI11 itself reports usage errors with 2).
#pragma once

#include <CLI/CLI.hpp>

namespace tandem::cli {

struct CommandContext {
  int exit_code = 0;
};

void add_validate_command(CLI::App& app, CommandContext& ctx);
void add_demo_command(CLI::App& app, CommandContext& ctx);
void add_simulate_command(CLI::App& app, CommandContext& ctx);
void add_schedule_command(CLI::App& app, CommandContext& ctx);
void add_forecast_command(CLI::App& app, CommandContext& ctx);
void add_generate_history_command(CLI::App& app, CommandContext& ctx);
void add_erlang_command(CLI::App& app, CommandContext& ctx);
void add_staff_command(CLI::App& app, CommandContext& ctx);
void add_roster_benchmark_command(CLI::App& app, CommandContext& ctx);
void add_serve_command(CLI::App& app, CommandContext& ctx);
void add_token_command(CLI::App& app, CommandContext& ctx);
void add_store_command(CLI::App& app, CommandContext& ctx);
void add_options_command(CLI::App& app, CommandContext& ctx);
void add_report_command(CLI::App& app, CommandContext& ctx);

}  // namespace tandem::cli
