// SPDX-License-Identifier: Apache-2.0
// `tandem serve SCENARIO`: the live platform (docs/live.md, docs/server.md).
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <stop_token>
#include <thread>

#include "cli/commands.h"
#include "model/calendar.h"
#include "model/status.h"
#include "server/platform.h"

namespace tandem::cli {
namespace {

struct ServeArgs {
  server::PlatformOptions platform;
  std::string start;
};

int run_serve(const ServeArgs& args) {
  server::PlatformOptions options = args.platform;
  if (!args.start.empty()) {
    const std::optional<LocalDays> day = parse_local_date(args.start);
    if (!day) {
      std::cerr << "tandem serve: --start: expected a date YYYY-MM-DD (got '" << args.start
                << "')\n";
      return 1;
    }
    options.start_day = *day;
  }
  if (options.speed <= 0 || options.speed > 100000) {
    std::cerr << "tandem serve: --speed must be in (0, 100000] (got " << options.speed << ")\n";
    return 1;
  }
  // Ctrl-C and SIGTERM end the run cleanly: every thread blocks them, one waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::stop_source stop;
  std::jthread waiter([&signals, &stop](std::stop_token done) {
    while (!done.stop_requested()) {
      timespec timeout{0, 200'000'000};
      if (sigtimedwait(&signals, nullptr, &timeout) > 0) {
        stop.request_stop();
        return;
      }
    }
  });
  const Status s = server::run_platform(options, stop.get_token(), std::cout, std::cerr);
  waiter.request_stop();
  waiter.join();
  pthread_sigmask(SIG_UNBLOCK, &signals, nullptr);
  if (!s.is_ok()) {
    std::cerr << "tandem serve: " << s.message() << '\n';
    return exit_code_for(s.code());
  }
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Run the live platform: store, live engine, HTTP API and dashboard");
  cmd->add_option("scenario", args->platform.scenario, "Scenario file (YAML)")->required();
  cmd->add_option("--db", args->platform.db, "Store: sqlite:PATH or postgresql://...")
      ->capture_default_str();
  cmd->add_option("--listen", args->platform.listen, "HOST:PORT to listen on (port 0: any)")
      ->capture_default_str();
  cmd->add_flag("--simulate", args->platform.simulate,
                "Play a simulated day of the scenario through the live platform");
  cmd->add_option("--speed", args->platform.speed,
                  "Simulated seconds per real second with --simulate (60: an hour a minute)")
      ->capture_default_str();
  cmd->add_option("--start", args->start,
                  "The simulated day, YYYY-MM-DD (default: the "
                  "Monday after the scenario's history)");
  cmd->add_option("--clock-from", args->platform.clock_from_hours,
                  "With --simulate: the local hour the clock starts at")
      ->capture_default_str();
  cmd->add_option("--seed", args->platform.seed, "Seed of the simulated day")
      ->capture_default_str();
  cmd->add_option("--admin-token-file", args->platform.admin_token_file,
                  "Where the first start writes the admin token (mode 0600)")
      ->capture_default_str();
  cmd->add_option("--web-root", args->platform.web_root,
                  "Folder of the dashboard's built files (web/dist)");
  cmd->add_option("--threads", args->platform.threads, "HTTP threads")->capture_default_str();
  cmd->add_option("--rate-limit", args->platform.rate_per_second,
                  "Requests per second per token (burst: twice that); 0: no limit")
      ->capture_default_str();
  cmd->callback([args, &ctx] { ctx.exit_code = run_serve(*args); });
}

}  // namespace tandem::cli
