// SPDX-License-Identifier: Apache-2.0
// Crash consistency (issue: the store and live host survive kill -9): the host runs as a
// separate process under load and is killed with SIGKILL at random moments, then restarted.
// After every kill: each event acknowledged before it is in the log, nothing is logged twice
// (the log is exactly a prefix of the stream), and at the end the recovered state equals an
// uninterrupted run (every action, and the answers to the queries).
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>
#include <string>

#include "io/event_codec.h"
#include "live/host.h"
#include "live/stream.h"

extern char** environ;

namespace tandem::live {
namespace {

using live_test::LiveStream;
using live_test::make_live_stream;

constexpr std::uint64_t kSeed = 21;
constexpr int kSteps = 8000;

struct Child {
  pid_t pid = -1;
  FILE* out = nullptr;
};

Child spawn_child(const std::string& url, const std::string& overlap) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  const std::string seed = std::to_string(kSeed), steps = std::to_string(kSteps);
  std::vector<char*> argv{const_cast<char*>(TANDEM_CRASH_CHILD), const_cast<char*>(url.c_str()),
                          const_cast<char*>(seed.c_str()),       const_cast<char*>(steps.c_str()),
                          const_cast<char*>(overlap.c_str()),    nullptr};
  Child c;
  EXPECT_EQ(posix_spawn(&c.pid, TANDEM_CRASH_CHILD, &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  c.out = fdopen(fds[0], "r");
  return c;
}

// Reads the child's lines: up to `acks` acknowledgements (all when negative). Returns the
// highest acknowledged seq; `done` when the child finished.
std::int64_t read_acks(Child& c, int acks, bool& done) {
  std::int64_t acked = 0;
  char line[128];
  done = false;
  while ((acks < 0 || acks-- > 0) && std::fgets(line, sizeof line, c.out) != nullptr) {
    long long seq = 0;
    if (std::sscanf(line, "ack %lld", &seq) == 1) acked = std::max<std::int64_t>(acked, seq);
    if (std::string(line) == "done\n") done = true;
  }
  return acked;
}

std::string fingerprint(const engine::Engine& e, const LiveStream& s) {
  std::string f;
  for (const auto& a : s.scenario.agents) {
    if (auto v = e.agent(a.id)) {
      f += a.id + ":" + std::to_string(v->logged_in) + std::to_string(static_cast<int>(v->state)) +
           std::to_string(static_cast<int>(v->mode)) + std::to_string(v->load);
      for (const auto& w : v->offered) f += " o" + w.id;
      for (const auto& w : v->assigned) f += " a" + w.id;
      f += "\n";
    }
  }
  for (const auto& q : s.scenario.queues) {
    if (auto v = e.queue(q.id)) f += q.id + ":" + std::to_string(v->waiting) + "\n";
  }
  for (int i = 0; i < kSteps; ++i) {
    for (const std::string& id : {"i" + std::to_string(i), "c" + std::to_string(i)}) {
      if (auto v = e.item(id)) {
        f += id + ":" + engine::to_string(v->place) + std::to_string(v->stage) + "\n";
      } else if (auto c = e.contact(id)) {
        f += id + ":" + engine::to_string(c->place) + c->agent + "\n";
      }
    }
  }
  const auto st = e.stats();
  f += std::to_string(st.open_contacts) + "/" + std::to_string(st.open_items) + "/" +
       std::to_string(st.open_tasks) + "/" + std::to_string(e.now().time_since_epoch().count());
  return f;
}

TEST(LiveCrash, KilledTwentyFourTimesTheHostLosesNothingAcknowledgedAndAppliesNothingTwice) {
  const LiveStream s = make_live_stream(kSeed, kSteps);
  const auto dir =
      std::filesystem::temp_directory_path() / ("tandem-crash-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string url = "sqlite:" + (dir / "live.db").string();
  std::mt19937_64 rng(7);
  std::int64_t acked_total = 0;
  int kills = 0;
  for (; kills < 24; ++kills) {
    Child c = spawn_child(url, "8");
    bool done = false;
    const int acks = std::uniform_int_distribution<int>(1, 12)(rng);
    const std::int64_t acked = read_acks(c, acks, done);
    ::kill(c.pid, SIGKILL);
    int status = 0;
    ::waitpid(c.pid, &status, 0);
    std::fclose(c.out);
    acked_total = std::max(acked_total, acked);
    if (done) break;
    // Everything acknowledged is in the log, which is exactly a prefix of the stream.
    Result<std::unique_ptr<store::Store>> store = store::open_store(url);
    ASSERT_TRUE(store.is_ok()) << store.status().message();
    Result<std::int64_t> last = (*store)->last_seq();
    ASSERT_TRUE(last.is_ok());
    EXPECT_GE(*last, acked_total) << "kill " << kills;
    Result<std::vector<store::EventRecord>> events = (*store)->read_events(0, 1'000'000);
    ASSERT_TRUE(events.is_ok());
    for (std::size_t i = 0; i < events->size(); ++i) {
      ASSERT_EQ((*events)[i].payload, io::encode_event_json(s.events[i])) << "seq " << i + 1;
    }
  }
  EXPECT_GE(kills, 20);
  // The rest without a kill.
  Child c = spawn_child(url, "8");
  bool done = false;
  (void)read_acks(c, -1, done);
  int status = 0;
  ::waitpid(c.pid, &status, 0);
  std::fclose(c.out);
  ASSERT_TRUE(done);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

  Result<std::unique_ptr<store::Store>> store = store::open_store(url);
  ASSERT_TRUE(store.is_ok());
  Result<std::vector<store::EventRecord>> events = (*store)->read_events(0, 1'000'000);
  ASSERT_EQ(events->size(), s.events.size());
  Result<std::vector<store::ActionRecord>> actions = (*store)->read_actions(0, 1'000'000);
  ASSERT_EQ(actions->size(), s.actions.size());
  for (std::size_t i = 0; i < actions->size(); ++i) ASSERT_EQ((*actions)[i].payload, s.actions[i]);
  Result<VerifyReport> verified = verify_log(**store, s.scenario, s.policy, s.options);
  ASSERT_TRUE(verified.is_ok()) << verified.status().message();

  // The recovered engine answers as an uninterrupted one.
  engine::Engine reference =
      std::move(engine::Engine::create(s.scenario, s.policy, s.options)).value();
  std::vector<engine::Action> out;
  for (const auto& e : s.events) (void)reference.handle(e, out);
  auto clock = system_clock();
  HostOptions o;
  o.engine = s.options;
  o.self_tick = false;
  Result<std::unique_ptr<Host>> host = Host::open(**store, *clock, s.scenario, s.policy, o);
  ASSERT_TRUE(host.is_ok()) << host.status().message();
  const std::string recovered =
      (*host)->query([&s](const engine::Engine& e) { return fingerprint(e, s); });
  EXPECT_EQ(recovered, fingerprint(reference, s));
  (*host)->stop();
  host->reset();
  store->reset();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace tandem::live
