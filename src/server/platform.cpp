// SPDX-License-Identifier: Apache-2.0
#include "server/platform.h"

#include <sys/stat.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "io/event_codec.h"
#include "io/interval_history_csv.h"
#include "live/clock.h"
#include "live/host.h"
#include "live/live_source.h"
#include "server/live_backend.h"
#include "server/server.h"
#include "server/store_planning.h"
#include "server/store_tokens.h"
#include "sim/scenario_model.h"
#include "store/store.h"

namespace tandem::server {
namespace {

Result<std::pair<std::string, std::uint16_t>> parse_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  const std::string bad =
      "--listen: expected HOST:PORT, e.g. 127.0.0.1:8080 (got '" + listen + "')";
  if (colon == std::string::npos || colon == 0) return Status::invalid_argument(bad);
  try {
    const int port = std::stoi(listen.substr(colon + 1));
    if (port < 0 || port > 65535) return Status::invalid_argument(bad);
    return std::pair{listen.substr(0, colon), static_cast<std::uint16_t>(port)};
  } catch (const std::exception&) {
    return Status::invalid_argument(bad);
  }
}

// The first start on an empty store creates an admin token, written only for its owner.
Status ensure_admin_token(TokenStore& tokens, const std::string& file, std::ostream& out) {
  Result<std::vector<TokenInfo>> existing = tokens.list();
  if (!existing.is_ok()) return existing.status();
  if (!existing->empty()) {
    out << "admin token: already created (in " << file << " if it was kept there)\n";
    return Status::ok();
  }
  Result<NewToken> token = tokens.create(Role::kAdmin, "", "", "first admin (tandem serve)");
  if (!token.is_ok()) return token.status();
  const std::filesystem::path path(file);
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  const mode_t old = ::umask(077);
  {
    std::ofstream f(path, std::ios::trunc);
    f << token->token << '\n';
    if (!f) {
      ::umask(old);
      return Status::unavailable("cannot write the admin token to " + file);
    }
  }
  ::umask(old);
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
      std::filesystem::perm_options::replace, ec);
  out << "admin token: written to " << file << " (mode 0600)\n";
  return Status::ok();
}

Result<sim::SimModel> live_day(const Scenario& scenario, const Policy& policy,
                               const PlatformOptions& options) {
  auto arrivals = io::read_scenario_arrivals(scenario);
  if (!arrivals.is_ok()) return arrivals.status();
  const std::vector<IntervalVolume>& history = *arrivals;
  if (history.empty()) {
    return Status::invalid_argument(
        "--simulate: the scenario names no arrival history (history.contacts / "
        "history.work_items): nothing would arrive");
  }
  sim::ScenarioModelOptions m;
  m.days = 1;
  if (options.start_day) m.first_day = *options.start_day;
  return sim::scenario_model(scenario, policy, history, m);
}

// Which scenario runs: the file, unless a version put through the API (PUT /api/v1/scenario)
// is newer than the file's last change; then that version (relative paths still resolve
// against the file's folder). The file is stored as a new version when it differs from the
// latest. Replaces `scenario` with the version that runs.
Result<ScenarioText> active_scenario(store::Store& store, const std::string& file,
                                     Scenario& scenario, std::ostream& out, std::ostream& err) {
  std::ifstream f(file);
  std::string text((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  Result<std::optional<store::ScenarioVersion>> latest = store.latest_scenario();
  if (!latest.is_ok()) return latest.status();
  std::error_code ec;
  const auto changed = std::filesystem::last_write_time(file, ec);
  const Instant file_time =
      ec ? Instant{} : std::chrono::floor<Seconds>(std::chrono::file_clock::to_sys(changed));
  if (latest->has_value() && (*latest)->text != text && (*latest)->author != "tandem serve" &&
      (*latest)->created >= file_time) {
    const store::ScenarioVersion& v = **latest;
    ScenarioLoad load = load_scenario_text(v.text, file, std::filesystem::path(file).parent_path());
    if (load.ok()) {
      scenario = std::move(*load.scenario);
      out << "scenario: version " << v.version << " from the store (put by " << v.author
          << "), newer than " << file << "\n";
      return ScenarioText{v.version, v.text, v.author, v.created};
    }
    err << "scenario version " << v.version << " in the store no longer loads; running " << file
        << ":\n"
        << to_string(load.problems);
  }
  if (latest->has_value() && (*latest)->text == text) {
    const store::ScenarioVersion& v = **latest;
    return ScenarioText{v.version, v.text, v.author, v.created};
  }
  store::ScenarioVersion v;
  v.text = text;
  v.created = std::chrono::floor<Seconds>(std::chrono::system_clock::now());
  v.author = "tandem serve";
  Result<std::int64_t> version = store.put_scenario(v);
  if (!version.is_ok()) return version.status();
  return ScenarioText{*version, std::move(text), v.author, v.created};
}

}  // namespace

Policy live_policy(const Scenario& scenario) {
  Policy policy;
  policy.id = "default";
  if (!scenario.policies.empty()) policy = scenario.policies.front();
  return policy;
}

Result<LiveEngineSetup> live_engine_setup(store::Store& store, const Scenario& scenario,
                                          const Policy& policy, const PlatformOptions& options) {
  LiveEngineSetup setup;
  if (options.simulate) {
    Result<sim::SimModel> m = live_day(scenario, policy, options);
    if (!m.is_ok()) return m.status();
    setup.model = std::move(m).value();
    setup.engine = live::live_engine_options(*setup.model, options.seed);
    return setup;
  }
  Result<std::vector<store::EventRecord>> first = store.read_events(0, 1);
  if (!first.is_ok()) return first.status();
  setup.engine.start = first->empty()
                           ? std::chrono::floor<Seconds>(std::chrono::system_clock::now())
                           : first->front().time;
  return setup;
}

Status run_platform(const PlatformOptions& options, std::stop_token stop, std::ostream& out,
                    std::ostream& err) {
  Result<Scenario> scenario = read_scenario(options.scenario);
  if (!scenario.is_ok()) return scenario.status();
  Result<std::pair<std::string, std::uint16_t>> listen = parse_listen(options.listen);
  if (!listen.is_ok()) return listen.status();

  if (options.db.rfind("sqlite:", 0) == 0) {
    std::error_code ec;
    const std::filesystem::path file(options.db.substr(7));
    if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
  }
  Result<std::unique_ptr<store::Store>> store = store::open_store(options.db);
  if (!store.is_ok()) return store.status();
  Result<ScenarioText> active = active_scenario(**store, options.scenario, *scenario, out, err);
  if (!active.is_ok()) return active.status();
  const Policy policy = live_policy(*scenario);

  // The engine's starting clock must be the same at every start, or the log would not
  // replay: live_engine_setup (which `tandem store verify` shares) decides it.
  live::HostOptions host_options;
  Result<LiveEngineSetup> setup = live_engine_setup(**store, *scenario, policy, options);
  if (!setup.is_ok()) return setup.status();
  host_options.engine = setup->engine;
  host_options.self_tick = !options.simulate;
  std::optional<sim::SimModel> model = std::move(setup->model);
  std::unique_ptr<live::Clock> clock;
  // A simulated clock goes on from the last event in the log (a restart mid-day).
  Instant last_time{};
  Result<std::int64_t> last_seq = (*store)->last_seq();
  if (!last_seq.is_ok()) return last_seq.status();
  if (*last_seq > 0) {
    Result<std::vector<store::EventRecord>> last = (*store)->read_events(*last_seq - 1, 1);
    if (!last.is_ok()) return last.status();
    if (!last->empty()) last_time = last->front().time;
  }
  if (options.simulate) {
    const Instant from =
        model->start + Seconds(static_cast<std::int64_t>(options.clock_from_hours * 3600));
    clock = live::accelerated_clock(std::max(from, last_time), options.speed);
  } else {
    clock = live::system_clock();
  }
  out << "recovering from " << options.db << " (" << *last_seq << " events in the log) ...\n"
      << std::flush;
  Result<std::unique_ptr<live::Host>> host =
      live::Host::open(**store, *clock, *scenario, policy, host_options);
  if (!host.is_ok()) return host.status();
  const live::HostStatus recovered = (*host)->status();
  out << fmt::format("recovered {} events in {:.2f} s\n", recovered.recovered_events,
                     recovered.recovery_seconds);
  if (!options.simulate && *last_seq == 0) {
    // The first record fixes the engine's start for every later recovery.
    Result<std::vector<live::Outcome>> tick = (*host)->submit_and_wait(
        {live::Intake{engine::ClockTick{host_options.engine.start}, "start"}});
    if (!tick.is_ok()) return tick.status();
  }

  std::unique_ptr<TokenStore> tokens = make_store_token_store(**store);
  if (Status s = ensure_admin_token(*tokens, options.admin_token_file, out); !s.is_ok()) return s;
  Result<std::unique_ptr<LiveBackend>> backend = LiveBackend::open(**host, *clock, *scenario);
  if (!backend.is_ok()) return backend.status();
  (*backend)->set_reports(store_reports(**store, *scenario, policy, host_options.engine,
                                        [c = clock.get()] { return c->now(); }));

  // Simulations, plans and scenario versions (the planning routes), on their own thread.
  auto planning =
      std::make_unique<StorePlanning>(**store, *scenario, std::move(active).value(),
                                      std::filesystem::path(options.scenario).parent_path());

  ServerOptions server_options;
  server_options.planning = planning.get();
  server_options.address = listen->first;
  server_options.port = listen->second;
  server_options.threads = options.threads;
  server_options.web_root = options.web_root;
  server_options.rate_per_second = options.rate_per_second;
  server_options.rate_burst = 2 * options.rate_per_second;
  Server server(server_options, **backend, *tokens);
  if (Status s = server.start(); !s.is_ok()) return s;
  const std::string url = fmt::format("http://{}:{}", listen->first, server.port());
  out << "dashboard: " << url << "/\n"
      << "API:       " << url << "/api/v1 (OpenAPI: " << url << "/api/openapi.json)\n"
      << "try:       curl -s -H \"Authorization: Bearer $(cat " << options.admin_token_file
      << ")\" " << url << "/api/v1/queues\n";

  std::unique_ptr<live::LiveSource> source;
  if (options.simulate) {
    Result<std::unique_ptr<live::LiveSource>> s =
        live::LiveSource::start(**host, *clock, *model, options.seed);
    if (!s.is_ok()) return s.status();
    source = std::move(s).value();
    out << fmt::format("simulating {} at {}x from {}\n", scenario->name, options.speed,
                       io::format_rfc3339(clock->now()));
  }
  out << "serving; Ctrl-C stops\n" << std::flush;

  std::mutex mutex;
  std::condition_variable_any cv;
  bool reported_end = false;
  std::unique_lock<std::mutex> lock(mutex);
  while (!stop.stop_requested()) {
    cv.wait_for(lock, stop, std::chrono::seconds(1), [] { return false; });
    if (source && !reported_end) {
      const live::LiveSourceStatus st = source->status();
      if (!st.running) {
        reported_end = true;
        if (st.finished) {
          out << "the simulated day is over; still serving\n" << std::flush;
        } else {
          err << "the live source stopped: " << st.problem << '\n';
        }
      }
    }
  }
  lock.unlock();
  out << "stopping...\n" << std::flush;
  if (source) source->stop();
  server.stop();
  planning.reset();  // cancels queued jobs, stops the running one
  backend->reset();
  (*host)->stop();
  out << fmt::format("stopped at seq {}\n", (*host)->status().last_seq);
  return Status::ok();
}

}  // namespace tandem::server
