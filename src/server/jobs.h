// SPDX-License-Identifier: Apache-2.0
// Background jobs of the long use cases (a simulation, a week's plan) for a client that must
// not wait for them (the server's POST /api/v1/simulations and /plans, docs/server.md): each
// has an id, a status, progress and, once done, its result or error.
//
// No HTTP here: the routes (planning_api.cpp) format what it holds.
//
// One worker thread runs the jobs in submission order; at most `max_queued` wait behind the
// running one (submit() refuses more: the caller answers "busy, retry"). Finished jobs are
// kept for reading, the oldest dropped beyond `keep_finished`. The destructor (or shutdown())
// cancels the queued jobs, requests stop of the running one through its std::stop_token and
// joins the worker. Every method may be called from any thread.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>

#include "model/status.h"

namespace tandem::server {

enum class JobStatus { kQueued, kRunning, kDone, kFailed, kCancelled };
// "queued", "running", "done", "failed", "cancelled".
const char* to_string(JobStatus status);

struct JobProgress {
  std::int64_t done = 0;
  std::int64_t total = 0;  // 0: not known yet
  std::string label;       // what is being done (a policy, a solve phase)
};

// A copy of a job's state at one moment.
struct JobView {
  std::string id;
  std::string kind;  // what the caller named it ("simulation", "plan")
  JobStatus status = JobStatus::kQueued;
  JobProgress progress;
  std::string result;  // kDone: what the work returned (the server's JSON text)
  Status error;        // kFailed: why; kCancelled: the reason
  bool finished() const {
    return status == JobStatus::kDone || status == JobStatus::kFailed ||
           status == JobStatus::kCancelled;
  }
};

// What a running job sees: its stop token and a progress reporter (cheap; call it often).
class JobContext {
 public:
  JobContext(std::stop_token stop, std::function<void(const JobProgress&)> report)
      : stop_(std::move(stop)), report_(std::move(report)) {}
  const std::stop_token& stop() const { return stop_; }
  void progress(std::int64_t done, std::int64_t total, std::string label) const {
    report_(JobProgress{done, total, std::move(label)});
  }

 private:
  std::stop_token stop_;
  std::function<void(const JobProgress&)> report_;
};

// The work of a job: its result (text) or an error. A job stopped through its token may
// return what it has (done) or an error (failed); one stopped before it started is cancelled.
using JobWork = std::function<Result<std::string>(const JobContext&)>;

struct JobRunnerOptions {
  std::size_t max_queued = 4;      // waiting behind the running job; more: Unavailable
  std::size_t keep_finished = 64;  // finished jobs kept for reading
};

class JobRunner {
 public:
  explicit JobRunner(JobRunnerOptions options = {});
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Queues the work; its view (queued). Unavailable when max_queued jobs already wait or the
  // runner is shut down. Ids are "<kind>-<n>", n counting from 1 over all kinds.
  Result<JobView> submit(const std::string& kind, JobWork work);
  // The job's state now; nullopt for an unknown (or dropped) id.
  std::optional<JobView> get(const std::string& id) const;
  // Waits until the job has finished, at most `timeout`; its state then (nullopt: unknown).
  std::optional<JobView> wait(const std::string& id, std::chrono::milliseconds timeout) const;
  // Cancels the queued jobs, stops the running one, joins the worker. Idempotent.
  void shutdown();

 private:
  struct Job {
    JobView view;
    JobWork work;
  };
  void run(std::stop_token stop);
  void finish_locked(Job& job);

  JobRunnerOptions options_;
  mutable std::mutex mutex_;
  mutable std::condition_variable_any changed_;  // a job started, progressed or finished
  std::map<std::string, std::shared_ptr<Job>> jobs_;
  std::deque<std::shared_ptr<Job>> queue_;
  std::deque<std::string> finished_;  // ids, oldest first
  std::int64_t next_id_ = 1;
  bool shut_down_ = false;
  std::jthread worker_;  // last: started after the state above, joined before it goes
};

}  // namespace tandem::server
