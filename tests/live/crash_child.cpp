// SPDX-License-Identifier: Apache-2.0
// The live host as a separate process for the crash test (crash_test.cpp): it feeds the
// test stream to a host on a store, resuming where the log ends (re-sending a few events
// it may not have had acknowledged, with their keys), and prints "ack <seq>" for every
// acknowledged batch before sending the next, then "done". The test kills it with SIGKILL.
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "live/host.h"
#include "live/stream.h"

using namespace tandem;

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: live_crash_child STORE_URL SEED STEPS OVERLAP\n");
    return 2;
  }
  const std::string url = argv[1];
  const std::uint64_t seed = std::strtoull(argv[2], nullptr, 10);
  const int steps = std::atoi(argv[3]);
  const std::int64_t overlap = std::atoll(argv[4]);
  const live_test::LiveStream s = live_test::make_live_stream(seed, steps);
  Result<std::unique_ptr<store::Store>> store = store::open_store(url);
  if (!store.is_ok()) {
    std::fprintf(stderr, "%s\n", store.status().message().c_str());
    return 1;
  }
  Result<std::int64_t> last = (*store)->last_seq();
  if (!last.is_ok()) return 1;
  auto clock = live::system_clock();
  live::HostOptions o;
  o.engine = s.options;
  o.self_tick = false;
  o.snapshot_every_events = 500;
  Result<std::unique_ptr<live::Host>> host =
      live::Host::open(**store, *clock, s.scenario, s.policy, o);
  if (!host.is_ok()) {
    std::fprintf(stderr, "%s\n", host.status().message().c_str());
    return 1;
  }
  std::mt19937_64 rng(seed ^ static_cast<std::uint64_t>(*last));
  std::size_t i = static_cast<std::size_t>(std::max<std::int64_t>(0, *last - overlap));
  while (i < s.events.size()) {
    std::vector<live::Intake> batch;
    const std::size_t size = std::uniform_int_distribution<std::size_t>(1, 40)(rng);
    for (std::size_t j = 0; j < size && i < s.events.size(); ++j, ++i) {
      batch.push_back(live::Intake{s.events[i], "e" + std::to_string(i)});
    }
    Result<std::vector<live::Outcome>> r = (*host)->submit_and_wait(std::move(batch));
    if (!r.is_ok()) {
      std::fprintf(stderr, "%s\n", r.status().message().c_str());
      return 1;
    }
    std::printf("ack %lld\n", static_cast<long long>(r->back().seq));
    std::fflush(stdout);
  }
  (*host)->stop();
  std::printf("done\n");
  std::fflush(stdout);
  return 0;
}
