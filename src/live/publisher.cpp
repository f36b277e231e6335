// SPDX-License-Identifier: Apache-2.0
#include "live/publisher.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "io/event_codec.h"

namespace tandem::live {
namespace {

constexpr std::size_t kCatchUpPage = 1024;

struct Subscriber {
  std::mutex mutex;  // held while delivering, so closing waits for a delivery to end
  bool closed = false;
  Deliver deliver;
  std::int64_t cursor = 0;  // last seq delivered (touched by the publisher thread only)
};

}  // namespace

struct Publisher::Shared {
  store::Store& store;
  std::size_t kept;
  std::size_t max_subscribers;

  mutable std::mutex mutex;
  std::condition_variable wake;
  bool stopping = false;
  bool dirty = false;
  std::deque<PublishedPtr> ring;
  std::int64_t last_seq = 0;
  std::vector<std::shared_ptr<Subscriber>> subscribers;
  std::thread thread;

  Shared(store::Store& s, std::size_t k, std::size_t m, std::int64_t last)
      : store(s), kept(std::max<std::size_t>(k, 1)), max_subscribers(m), last_seq(last) {}

  void run();
  // Delivers what `sub` has not seen yet, up to a page from the store. true: more remain.
  bool serve(Subscriber& sub);
};

class SubscriptionHandle final : public Subscription {
 public:
  SubscriptionHandle(std::shared_ptr<Publisher::Shared> shared, std::shared_ptr<Subscriber> sub)
      : shared_(std::move(shared)), sub_(std::move(sub)) {}
  ~SubscriptionHandle() override {
    {
      std::lock_guard<std::mutex> lock(sub_->mutex);
      sub_->closed = true;
    }
    std::lock_guard<std::mutex> lock(shared_->mutex);
    auto& subs = shared_->subscribers;
    subs.erase(std::remove(subs.begin(), subs.end(), sub_), subs.end());
  }

 private:
  std::shared_ptr<Publisher::Shared> shared_;
  std::shared_ptr<Subscriber> sub_;
};

Result<PublishedPtr> published_of(const store::EventRecord& event,
                                  const std::vector<store::ActionRecord>& actions) {
  auto p = std::make_shared<Published>();
  p->seq = event.seq;
  Result<engine::Event> decoded = io::decode_event_json(event.payload);
  if (!decoded.is_ok()) return decoded.status();
  p->event = std::move(decoded).value();
  p->rejected = event.outcome == store::EventOutcome::kRejected;
  p->reason = event.reason;
  p->event_json = event.payload;
  for (const store::ActionRecord& a : actions) {
    Result<engine::Action> action = io::decode_action_json(a.payload);
    if (!action.is_ok()) return action.status();
    p->actions.push_back(std::move(action).value());
    p->actions_json.push_back(a.payload);
  }
  return PublishedPtr(std::move(p));
}

Publisher::Publisher(store::Store& store, std::size_t kept, std::size_t max_subscribers,
                     std::int64_t last_seq)
    : shared_(std::make_shared<Shared>(store, kept, max_subscribers, last_seq)) {
  shared_->thread = std::thread([s = shared_.get()] { s->run(); });
}

Publisher::~Publisher() { stop(); }

void Publisher::stop() {
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    shared_->stopping = true;
  }
  shared_->wake.notify_all();
  if (shared_->thread.joinable()) shared_->thread.join();
}

void Publisher::publish(std::vector<PublishedPtr> records) {
  if (records.empty()) return;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    for (PublishedPtr& r : records) {
      shared_->last_seq = r->seq;
      shared_->ring.push_back(std::move(r));
    }
    while (shared_->ring.size() > shared_->kept) shared_->ring.pop_front();
    shared_->dirty = true;
  }
  shared_->wake.notify_all();
}

Result<std::unique_ptr<Subscription>> Publisher::subscribe(std::int64_t after_seq,
                                                           Deliver deliver) {
  auto sub = std::make_shared<Subscriber>();
  sub->deliver = std::move(deliver);
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    if (shared_->stopping) return Status::unavailable("the live host is stopping");
    if (shared_->subscribers.size() >= shared_->max_subscribers) {
      return Status::unavailable("too many subscribers");
    }
    sub->cursor = std::clamp<std::int64_t>(after_seq, 0, shared_->last_seq);
    shared_->subscribers.push_back(sub);
    shared_->dirty = true;
  }
  shared_->wake.notify_all();
  return std::unique_ptr<Subscription>(std::make_unique<SubscriptionHandle>(shared_, sub));
}

std::size_t Publisher::subscribers() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->subscribers.size();
}

void Publisher::Shared::run() {
  std::unique_lock<std::mutex> lock(mutex);
  for (;;) {
    wake.wait(lock, [&] { return stopping || dirty; });
    if (stopping) return;
    dirty = false;
    const std::vector<std::shared_ptr<Subscriber>> subs = subscribers;
    lock.unlock();
    bool more = false;
    for (const std::shared_ptr<Subscriber>& sub : subs) more = serve(*sub) || more;
    lock.lock();
    if (more) dirty = true;
  }
}

bool Publisher::Shared::serve(Subscriber& sub) {
  std::lock_guard<std::mutex> sub_lock(sub.mutex);
  if (sub.closed) return false;
  std::vector<PublishedPtr> batch;
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (sub.cursor >= last_seq) return false;
    const std::int64_t first = ring.empty() ? last_seq + 1 : ring.front()->seq;
    if (sub.cursor + 1 >= first) {
      const auto from = static_cast<std::size_t>(sub.cursor + 1 - first);
      batch.assign(ring.begin() + static_cast<std::ptrdiff_t>(from), ring.end());
    }
  }
  if (batch.empty()) {
    // Older than the records in memory: a page from the store.
    Result<std::vector<store::EventRecord>> events = store.read_events(sub.cursor, kCatchUpPage);
    if (!events.is_ok() || events->empty()) return false;
    Result<std::vector<store::ActionRecord>> actions =
        store.read_actions(sub.cursor, events->back().seq);
    if (!actions.is_ok()) return false;
    std::size_t a = 0;
    for (const store::EventRecord& e : *events) {
      std::vector<store::ActionRecord> mine;
      while (a < actions->size() && (*actions)[a].event_seq == e.seq)
        mine.push_back((*actions)[a++]);
      Result<PublishedPtr> p = published_of(e, mine);
      if (!p.is_ok()) return false;
      batch.push_back(std::move(p).value());
    }
  }
  for (const PublishedPtr& p : batch) {
    sub.deliver(p);
    sub.cursor = p->seq;
  }
  return true;
}

}  // namespace tandem::live
