// SPDX-License-Identifier: Apache-2.0
#include "server/jobs.h"

#include <exception>

namespace tandem::server {

const char* to_string(JobStatus status) {
  switch (status) {
    case JobStatus::kQueued:
      return "queued";
    case JobStatus::kRunning:
      return "running";
    case JobStatus::kDone:
      return "done";
    case JobStatus::kFailed:
      return "failed";
    case JobStatus::kCancelled:
      return "cancelled";
  }
  return "failed";
}

JobRunner::JobRunner(JobRunnerOptions options)
    : options_(options), worker_([this](std::stop_token stop) { run(std::move(stop)); }) {}

JobRunner::~JobRunner() { shutdown(); }

Result<JobView> JobRunner::submit(const std::string& kind, JobWork work) {
  std::lock_guard lock(mutex_);
  if (shut_down_) return Status::unavailable("jobs: the job runner is shut down");
  if (queue_.size() >= options_.max_queued) {
    return Status::unavailable("jobs: " + std::to_string(queue_.size()) +
                               " jobs are already waiting; retry once one has finished");
  }
  auto job = std::make_shared<Job>();
  job->view.id = kind + "-" + std::to_string(next_id_++);
  job->view.kind = kind;
  job->work = std::move(work);
  jobs_[job->view.id] = job;
  queue_.push_back(job);
  changed_.notify_all();
  return job->view;
}

std::optional<JobView> JobRunner::get(const std::string& id) const {
  std::lock_guard lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  return it->second->view;
}

std::optional<JobView> JobRunner::wait(const std::string& id,
                                       std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  auto it = jobs_.find(id);
  if (it == jobs_.end()) return std::nullopt;
  std::shared_ptr<Job> job = it->second;
  changed_.wait_for(lock, timeout, [&] { return job->view.finished(); });
  return job->view;
}

void JobRunner::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shut_down_ && !worker_.joinable()) return;
    shut_down_ = true;
    for (const std::shared_ptr<Job>& job : queue_) {
      job->view.status = JobStatus::kCancelled;
      job->view.error = Status::unavailable("cancelled: the server is stopping");
      job->work = nullptr;
      finish_locked(*job);
    }
    queue_.clear();
    changed_.notify_all();
  }
  if (worker_.joinable()) {
    worker_.request_stop();
    worker_.join();
  }
}

// Called with mutex_ held once a job has reached a final status.
void JobRunner::finish_locked(Job& job) {
  finished_.push_back(job.view.id);
  while (finished_.size() > options_.keep_finished) {
    jobs_.erase(finished_.front());
    finished_.pop_front();
  }
  changed_.notify_all();
}

void JobRunner::run(std::stop_token stop) {
  for (;;) {
    std::shared_ptr<Job> job;
    {
      std::unique_lock lock(mutex_);
      changed_.wait(lock, stop, [&] { return !queue_.empty(); });
      if (stop.stop_requested() || queue_.empty()) return;
      job = queue_.front();
      queue_.pop_front();
      job->view.status = JobStatus::kRunning;
      changed_.notify_all();
    }
    JobContext context(stop, [this, job](const JobProgress& p) {
      std::lock_guard lock(mutex_);
      job->view.progress = p;
      changed_.notify_all();
    });
    Result<std::string> result = Status::internal("jobs: the work returned nothing");
    try {
      result = job->work(context);
    } catch (const std::exception& e) {
      result = Status::internal(std::string("jobs: unexpected: ") + e.what());
    }
    std::lock_guard lock(mutex_);
    job->work = nullptr;  // frees what the work captured
    if (result.is_ok()) {
      job->view.status = JobStatus::kDone;
      job->view.result = std::move(result).value();
    } else {
      job->view.status = JobStatus::kFailed;
      job->view.error = result.status();
    }
    finish_locked(*job);
  }
}

}  // namespace tandem::server
