// SPDX-License-Identifier: Apache-2.0
#include "sim/replications.h"

#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "sim/simulator.h"

namespace tandem::sim {

Result<RunResult> run_replications(const SimModel& model, const RouterFactory& router,
                                   const RunOptions& options) {
  if (options.replications < 1) {
    return Status::invalid_argument("replications must be at least 1 (got " +
                                    std::to_string(options.replications) + ")");
  }
  if (Status st = validate_model(model); !st.is_ok()) return st;
  const int n = options.replications;
  int threads =
      options.threads > 0 ? options.threads : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::max(1, std::min(threads, n));

  std::vector<std::optional<Result<ReplicationResult>>> slots(n);
  std::atomic<int> next{0};
  std::mutex progress_mutex;
  int finished = 0;
  auto work = [&] {
    for (;;) {
      const int i = next.fetch_add(1);
      if (i >= n || options.stop.stop_requested()) return;
      slots[i] = simulate_replication(model, router, options.seed, i, options.stop);
      std::lock_guard lock(progress_mutex);
      ++finished;
      if (options.on_progress) options.on_progress(finished, n);
    }
  };
  {
    std::vector<std::jthread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(work);
    work();
  }  // joins

  RunResult out;
  out.requested = n;
  std::vector<ReplicationResult> partial;
  for (auto& slot : slots) {
    if (!slot) {
      out.interrupted = true;
      continue;
    }
    if (!slot->is_ok()) return slot->status();
    ReplicationResult& r = slot->value();
    out.events += r.events;
    out.contacts += r.contacts;
    if (r.complete) {
      out.replications.push_back(std::move(r));
    } else {
      out.interrupted = true;
      partial.push_back(std::move(r));
    }
  }
  if (out.replications.empty()) out.replications = std::move(partial);
  out.estimates = aggregate(out.replications);
  return out;
}

}  // namespace tandem::sim
