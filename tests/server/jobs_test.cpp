// SPDX-License-Identifier: Apache-2.0
// The job runner behind the planning routes (server/jobs.h): order, progress, results and
// errors, the queue cap, and cancellation on shutdown through the stop token. Run under
// ThreadSanitizer with the rest of test_server. Jobs are released by latches, never sleeps.
#include "server/jobs.h"

#include <gtest/gtest.h>

#include <latch>
#include <stdexcept>

namespace tandem::server {
namespace {

using namespace std::chrono_literals;

TEST(JobRunner, RunsJobsInOrderWithProgressAndResults) {
  JobRunner runner;
  std::latch release(1);
  auto first = runner.submit("simulation", [&](const JobContext& job) -> Result<std::string> {
    job.progress(1, 2, "half");
    release.wait();
    job.progress(2, 2, "all");
    return std::string("{\"n\":1}");
  });
  ASSERT_TRUE(first.is_ok());
  EXPECT_EQ(first->id, "simulation-1");
  EXPECT_EQ(first->status, JobStatus::kQueued);
  auto second = runner.submit("plan", [](const JobContext&) -> Result<std::string> {
    return Status::invalid_argument("no history");
  });
  ASSERT_TRUE(second.is_ok());
  EXPECT_EQ(second->id, "plan-2");
  // The second waits behind the first, which reports its progress.
  JobView v;
  for (int i = 0; i < 1000; ++i) {
    v = *runner.wait(first->id, 10ms);
    if (v.progress.done == 1) break;
  }
  EXPECT_EQ(v.status, JobStatus::kRunning);
  EXPECT_EQ(v.progress.total, 2);
  EXPECT_EQ(v.progress.label, "half");
  EXPECT_EQ(runner.get(second->id)->status, JobStatus::kQueued);
  release.count_down();
  const JobView done = *runner.wait(first->id, 60s);
  EXPECT_EQ(done.status, JobStatus::kDone);
  EXPECT_EQ(done.result, "{\"n\":1}");
  EXPECT_EQ(done.progress.done, 2);
  const JobView failed = *runner.wait(second->id, 60s);
  EXPECT_EQ(failed.status, JobStatus::kFailed);
  EXPECT_EQ(failed.error.message(), "no history");
  EXPECT_FALSE(runner.get("plan-7").has_value());
}

TEST(JobRunner, RefusesBeyondTheQueueCapAndCancelsOnShutdown) {
  JobRunner runner(JobRunnerOptions{2, 64});
  std::latch started(1);
  bool saw_stop = false;
  auto running = runner.submit("plan", [&](const JobContext& job) -> Result<std::string> {
    started.count_down();
    // Runs until stopped: the shutdown must reach it through the token.
    std::mutex m;
    std::condition_variable_any cv;
    std::unique_lock lock(m);
    cv.wait(lock, job.stop(), [] { return false; });
    saw_stop = job.stop().stop_requested();
    return Status::unavailable("stopped");
  });
  ASSERT_TRUE(running.is_ok());
  started.wait();
  auto a = runner.submit("plan",
                         [](const JobContext&) -> Result<std::string> { return std::string("1"); });
  auto b = runner.submit("plan",
                         [](const JobContext&) -> Result<std::string> { return std::string("2"); });
  ASSERT_TRUE(a.is_ok());
  ASSERT_TRUE(b.is_ok());
  auto refused = runner.submit(
      "plan", [](const JobContext&) -> Result<std::string> { return std::string("3"); });
  ASSERT_FALSE(refused.is_ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kUnavailable);
  runner.shutdown();
  EXPECT_TRUE(saw_stop);
  EXPECT_EQ(runner.get(running->id)->status, JobStatus::kFailed);
  EXPECT_EQ(runner.get(a->id)->status, JobStatus::kCancelled);
  EXPECT_EQ(runner.get(b->id)->status, JobStatus::kCancelled);
  EXPECT_FALSE(
      runner
          .submit("plan", [](const JobContext&) -> Result<std::string> { return std::string("4"); })
          .is_ok());
}

TEST(JobRunner, AnExceptionFailsTheJobAndOldJobsAreDropped) {
  JobRunner runner(JobRunnerOptions{4, 2});
  auto thrower = runner.submit("simulation", [](const JobContext&) -> Result<std::string> {
    throw std::runtime_error("boom");
  });
  ASSERT_TRUE(thrower.is_ok());
  const JobView failed = *runner.wait(thrower->id, 60s);
  EXPECT_EQ(failed.status, JobStatus::kFailed);
  EXPECT_NE(failed.error.message().find("boom"), std::string::npos);
  std::vector<std::string> ids;
  for (int i = 1; i <= 2; ++i) {
    auto j = runner.submit(
        "simulation", [i](const JobContext&) -> Result<std::string> { return std::to_string(i); });
    ASSERT_TRUE(j.is_ok());
    ids.push_back(j->id);
  }
  EXPECT_EQ(runner.wait(ids[1], 60s)->status, JobStatus::kDone);
  // Only the two newest finished jobs are kept.
  EXPECT_FALSE(runner.get(thrower->id).has_value());
  EXPECT_EQ(runner.get(ids[0])->result, "1");
}

}  // namespace
}  // namespace tandem::server
