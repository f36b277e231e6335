// SPDX-License-Identifier: Apache-2.0
// A Backend for the server's tests and benchmark: fixed read bodies, events acknowledged by a
// worker thread of its own (as the live host does), a stream log the test publishes to.
#pragma once

#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <variant>

#include <nlohmann/json.hpp>

#include "io/event_codec.h"
#include "server/backend.h"

namespace tandem::server::testing {

class FakeBackend final : public Backend {
 public:
  // `worker`: answer submit() from a thread of the backend's (else inline). `record`: keep
  // what was submitted (the benchmark does not).
  explicit FakeBackend(bool worker = true, bool record = true) : record_(record) {
    if (worker) thread_ = std::thread([this] { work(); });
  }
  ~FakeBackend() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
    if (thread_.joinable()) thread_.join();
  }

  void submit(std::vector<Submission> events, SubmitDone done) override {
    if (!thread_.joinable()) return done(apply(events));
    {
      std::lock_guard lock(mutex_);
      jobs_.push_back({std::move(events), std::move(done)});
    }
    cv_.notify_one();
  }

  Result<nlohmann::json> item(const std::string& id) override {
    if (id != "m-1" && id != "m/2") return Status::not_found("item " + id + ": no such item");
    return nlohmann::json{{"id", id}, {"place", "queued"}, {"customer", "cust-42"}};
  }
  Result<nlohmann::json> items(const ItemQuery& q) override {
    if (!q.cursor.empty() && q.cursor != "page-2")
      return Status::invalid_argument("cursor: not a cursor of this server");
    {
      std::lock_guard lock(mutex_);
      last_query_ = q;
    }
    nlohmann::json page = {{"items", nlohmann::json::array({{{"id", "m-1"}}})}};
    page["next_cursor"] = q.cursor.empty() ? nlohmann::json("page-2") : nlohmann::json(nullptr);
    return page;
  }
  Result<nlohmann::json> journey(const std::string& customer) override {
    if (customer != "cust-42") return Status::not_found("customer " + customer + ": unknown");
    return nlohmann::json{{"customer", customer}, {"entries", nlohmann::json::array()}};
  }
  Result<nlohmann::json> queues() override {
    return nlohmann::json{{"queues", nlohmann::json::array({{{"id", "voice"}, {"waiting", 3}}})}};
  }
  Result<nlohmann::json> queue(const std::string& id) override {
    if (id != "voice") return Status::not_found("queue " + id + ": no such queue");
    return nlohmann::json{{"id", "voice"}, {"waiting", 3}};
  }
  Result<nlohmann::json> agents() override {
    return nlohmann::json{{"agents", nlohmann::json::array({{{"id", "a1"}, {"team", "t1"}},
                                                            {{"id", "a2"}, {"team", "t2"}},
                                                            {{"id", "a-busy"}, {"team", "t1"}}})}};
  }
  Result<nlohmann::json> agent(const std::string& id) override {
    if (team_of(id).empty()) return Status::not_found("agent " + id + ": no such agent");
    return nlohmann::json{{"id", id}, {"team", team_of(id)}, {"state", "available"}};
  }
  std::string team_of(const std::string& agent) override {
    if (agent == "a1" || agent == "a-busy") return "t1";
    if (agent == "a2") return "t2";
    return "";
  }

  // Records tagged with the agent/queue/item they concern, for the filters.
  struct Tagged {
    StreamRecord record;
    std::string agent, queue, item;
  };
  class Sub final : public StreamSubscription {
   public:
    Sub(FakeBackend& b, int id) : backend_(b), id_(id) {}
    ~Sub() override {
      std::lock_guard lock(backend_.stream_mutex_);
      backend_.subs_.erase(id_);
    }

   private:
    FakeBackend& backend_;
    int id_;
  };
  Result<std::unique_ptr<StreamSubscription>> subscribe(const StreamFilter& filter,
                                                        std::int64_t after_seq,
                                                        StreamDeliver deliver) override {
    std::lock_guard lock(stream_mutex_);
    for (const Tagged& t : log_)
      if (t.record.seq > after_seq && matches(filter, t)) deliver(t.record);
    const int id = next_sub_++;
    subs_[id] = {filter, std::move(deliver)};
    return std::unique_ptr<StreamSubscription>(std::make_unique<Sub>(*this, id));
  }
  // Appends a record to the log and delivers it to every matching subscriber.
  std::int64_t publish(const std::string& event, const std::string& data,
                       const std::string& agent = "", const std::string& queue = "",
                       const std::string& item = "") {
    std::lock_guard lock(stream_mutex_);
    Tagged t{{static_cast<std::int64_t>(log_.size()) + 1, event, data}, agent, queue, item};
    log_.push_back(t);
    for (auto& [id, s] : subs_)
      if (matches(s.filter, t)) s.deliver(t.record);
    return t.record.seq;
  }
  std::size_t subscribers() {
    std::lock_guard lock(stream_mutex_);
    return subs_.size();
  }

  Status ready() override {
    std::lock_guard lock(mutex_);
    return ready_ ? Status::ok() : Status::unavailable("recovering: 10 of 20 events replayed");
  }
  void set_ready(bool r) {
    std::lock_guard lock(mutex_);
    ready_ = r;
  }
  std::string metrics() override {
    std::lock_guard lock(mutex_);
    return "# TYPE tandem_fake_events_total counter\ntandem_fake_events_total " +
           std::to_string(seq_) + "\n";
  }
  Instant now() override { return *io::parse_rfc3339("2026-11-02T09:00:00Z"); }
  // The query it was asked, as the route passed it (roles applied).
  Result<nlohmann::json> report(const ReportQuery& q) override {
    return nlohmann::json{{"kind", q.kind},
                          {"team", q.team},
                          {"agent", q.agent},
                          {"queue", q.queue},
                          {"from", q.from},
                          {"to", q.to},
                          {"rows", nlohmann::json::array()},
                          {"by_interval", q.by_interval}};
  }

  // What was submitted, in order (as wire JSON), and the keys.
  std::vector<std::string> submitted() {
    std::lock_guard lock(mutex_);
    return submitted_;
  }
  std::vector<std::string> keys() {
    std::lock_guard lock(mutex_);
    return keys_;
  }
  ItemQuery last_query() {
    std::lock_guard lock(mutex_);
    return last_query_;
  }
  void fail_submit(bool f) {
    std::lock_guard lock(mutex_);
    fail_ = f;
  }

 private:
  struct Job {
    std::vector<Submission> events;
    SubmitDone done;
  };
  struct Subscriber {
    StreamFilter filter;
    StreamDeliver deliver;
  };
  static bool matches(const StreamFilter& f, const Tagged& t) {
    return (f.agent.empty() || f.agent == t.agent) && (f.queue.empty() || f.queue == t.queue) &&
           (f.item.empty() || f.item == t.item);
  }

  Result<std::vector<SubmitResult>> apply(const std::vector<Submission>& events) {
    std::lock_guard lock(mutex_);
    if (fail_) return Status::unavailable("store: disk full");
    std::vector<SubmitResult> out;
    for (const Submission& s : events) {
      SubmitResult r;
      if (record_ && !s.idempotency_key.empty() && !seen_keys_.insert(s.idempotency_key).second) {
        r.status = "duplicate";
        r.seq = 0;
        out.push_back(r);
        continue;
      }
      r.seq = ++seq_;
      if (record_) {
        submitted_.push_back(io::encode_event_json(s.event));
        keys_.push_back(s.idempotency_key);
      }
      const auto* change = std::get_if<engine::AgentStateChanged>(&s.event);
      const auto* accept = std::get_if<engine::OfferAccepted>(&s.event);
      if ((change && change->agent == "a-busy") || (accept && accept->work.id == "gone")) {
        r.status = "rejected";
        r.reason = change ? "agent a-busy: is on a contact" : "offer gone: no such offer";
      } else {
        r.status = "applied";
      }
      out.push_back(r);
    }
    return out;
  }

  void work() {
    std::unique_lock lock(mutex_);
    for (;;) {
      cv_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
      if (jobs_.empty()) return;
      Job job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      job.done(apply(job.events));
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  bool ready_ = true;
  bool fail_ = false;
  bool record_ = true;
  std::int64_t seq_ = 0;
  std::set<std::string> seen_keys_;
  std::vector<std::string> submitted_;
  std::vector<std::string> keys_;
  ItemQuery last_query_;
  std::thread thread_;

  std::mutex stream_mutex_;
  std::vector<Tagged> log_;
  std::map<int, Subscriber> subs_;
  int next_sub_ = 0;
};

}  // namespace tandem::server::testing
