// SPDX-License-Identifier: Apache-2.0
#include "sim/fifo_router.h"

#include <charconv>
#include <deque>
#include <map>
#include <queue>
#include <set>
#include <type_traits>
#include <unordered_map>

namespace tandem::sim {

namespace {

struct AgentSlot {
  std::string id;
  std::vector<int> queues;  // queues the agent may take (holds the skill)
  bool logged_in = false;
  bool available = false;
  bool busy = false;  // holds a contact or is in after-contact work
  std::uint64_t idle_order = 0;
};

struct WaitingContact {
  std::string id;
  int queue = 0;
};

class FifoRouter final : public Router {
 public:
  FifoRouter(const Scenario& scenario, Instant start) : now_(start) {
    for (const Queue& q : scenario.queues) {
      const Channel* channel = scenario.find_channel(q.channel);
      const int index = static_cast<int>(queues_.size());
      queue_index_[q.id] = index;
      queues_.push_back({q.id,
                         q.priority,
                         q.after_contact_seconds,
                         channel != nullptr && channel->mode == ChannelMode::kRealTime,
                         {}});
    }
    for (const Agent& a : scenario.agents) {
      AgentSlot slot;
      slot.id = a.id;
      for (const Queue& q : scenario.queues) {
        if (a.proficiency(q.skill)) slot.queues.push_back(queue_index_[q.id]);
      }
      agent_index_[a.id] = static_cast<int>(agents_.size());
      agents_.push_back(std::move(slot));
    }
  }

  Status handle(const engine::Event& event, std::vector<engine::Action>& out) override {
    const Instant t = engine::time_of(event);
    if (t < now_) return Status::invalid_argument("FifoRouter: time goes backwards");
    now_ = t;
    fire_timers(out);
    return std::visit([&](const auto& e) { return on(e, out); }, event);
  }

  std::optional<Instant> next_due() const override {
    if (timers_.empty()) return std::nullopt;
    return timers_.top().first;
  }
  std::optional<engine::ItemView> item(const std::string&) const override { return std::nullopt; }
  const char* name() const override { return "fifo stand-in"; }

 private:
  struct QueueSlot {
    std::string id;
    int priority = 0;
    double acw = 0.0;
    bool real_time = false;
    std::deque<WaitingContact> waiting;
  };

  Status on(const engine::ContactArrived& e, std::vector<engine::Action>& out) {
    auto q = queue_index_.find(e.queue);
    if (q == queue_index_.end() || !queues_[q->second].real_time) {
      return Status::invalid_argument("ContactArrived: unknown real-time queue '" + e.queue + "'");
    }
    contact_agent_[e.contact] = -1;
    // Longest-idle available agent holding the skill.
    for (auto it = idle_.begin(); it != idle_.end(); ++it) {
      AgentSlot& a = agents_[it->second];
      for (int qi : a.queues) {
        if (qi == q->second) {
          idle_.erase(it);
          assign(a, e.contact, qi, out);
          return Status::ok();
        }
      }
    }
    queues_[q->second].waiting.push_back({e.contact, q->second});
    return Status::ok();
  }
  Status on(const engine::ContactAbandoned& e, std::vector<engine::Action>&) {
    auto c = contact_agent_.find(e.contact);
    if (c == contact_agent_.end()) return Status::not_found("unknown contact '" + e.contact + "'");
    if (c->second >= 0) return Status::conflict("contact '" + e.contact + "' is assigned");
    for (QueueSlot& q : queues_) {
      for (auto it = q.waiting.begin(); it != q.waiting.end(); ++it) {
        if (it->id == e.contact) {
          q.waiting.erase(it);
          contact_agent_.erase(c);
          return Status::ok();
        }
      }
    }
    return Status::internal("contact not found in any queue");
  }
  Status on(const engine::ContactEnded& e, std::vector<engine::Action>& out) {
    auto c = contact_agent_.find(e.contact);
    if (c == contact_agent_.end() || c->second < 0) {
      return Status::conflict("contact '" + e.contact + "' is not assigned");
    }
    const int agent = c->second;
    const int queue = contact_queue_[e.contact];
    contact_agent_.erase(c);
    contact_queue_.erase(e.contact);
    const double acw = e.after_contact_work ? static_cast<double>(e.after_contact_work->count())
                                            : queues_[queue].acw;
    if (acw > 0) {
      timers_.push({now_ + Seconds(static_cast<long>(acw)), agent});
    } else {
      release(agent, out);
    }
    return Status::ok();
  }
  Status on(const engine::AgentLoggedIn& e, std::vector<engine::Action>& out) {
    auto a = agent_index_.find(e.agent);
    if (a == agent_index_.end()) return Status::not_found("unknown agent '" + e.agent + "'");
    AgentSlot& slot = agents_[a->second];
    slot.logged_in = true;
    slot.available = true;
    if (!slot.busy) release(a->second, out);
    return Status::ok();
  }
  Status on(const engine::AgentLoggedOut& e, std::vector<engine::Action>&) {
    auto a = agent_index_.find(e.agent);
    if (a == agent_index_.end()) return Status::not_found("unknown agent '" + e.agent + "'");
    AgentSlot& slot = agents_[a->second];
    slot.logged_in = slot.available = false;
    idle_.erase({slot.idle_order, a->second});
    return Status::ok();
  }
  Status on(const engine::AgentStateChanged& e, std::vector<engine::Action>& out) {
    auto a = agent_index_.find(e.agent);
    if (a == agent_index_.end()) return Status::not_found("unknown agent '" + e.agent + "'");
    AgentSlot& slot = agents_[a->second];
    slot.available = e.state == engine::AgentState::kAvailable;
    if (!slot.available) {
      idle_.erase({slot.idle_order, a->second});
    } else if (!slot.busy) {
      release(a->second, out);
    }
    return Status::ok();
  }
  // Time and planning information: nothing to do for a FIFO router.
  Status on(const engine::ClockTick&, std::vector<engine::Action>&) { return Status::ok(); }
  Status on(const engine::ForecastUpdated&, std::vector<engine::Action>&) { return Status::ok(); }
  Status on(const engine::ScheduleActivityStarted&, std::vector<engine::Action>&) {
    return Status::ok();
  }
  template <class E>
  Status on(const E& e, std::vector<engine::Action>&) {
    return Status::unavailable(std::string("FifoRouter: ") + engine::name_of(engine::Event{e}) +
                               " is not supported by the stand-in router");
  }

  void assign(AgentSlot& a, const std::string& contact, int queue,
              std::vector<engine::Action>& out) {
    a.busy = true;
    const int agent = static_cast<int>(&a - agents_.data());
    contact_agent_[contact] = agent;
    contact_queue_[contact] = queue;
    out.push_back(engine::AssignWork{
        now_, a.id, {engine::WorkKind::kContact, contact}, "", queues_[queue].id, Seconds(0)});
  }

  // The agent is free: take the waiting contact of highest priority (oldest first), or idle.
  void release(int agent, std::vector<engine::Action>& out) {
    AgentSlot& a = agents_[agent];
    a.busy = false;
    if (!a.logged_in || !a.available) return;
    int best = -1;
    for (int qi : a.queues) {
      if (queues_[qi].waiting.empty()) continue;
      if (best < 0 || queues_[qi].priority > queues_[best].priority) best = qi;
    }
    if (best >= 0) {
      WaitingContact c = std::move(queues_[best].waiting.front());
      queues_[best].waiting.pop_front();
      assign(a, c.id, best, out);
      return;
    }
    a.idle_order = next_idle_order_++;
    idle_.insert({a.idle_order, agent});
  }

  void fire_timers(std::vector<engine::Action>& out) {
    while (!timers_.empty() && timers_.top().first <= now_) {
      const int agent = timers_.top().second;
      timers_.pop();
      release(agent, out);
    }
  }

  Instant now_;
  std::vector<QueueSlot> queues_;
  std::vector<AgentSlot> agents_;
  std::unordered_map<std::string, int> queue_index_;
  std::unordered_map<std::string, int> agent_index_;
  std::unordered_map<std::string, int> contact_agent_;
  std::unordered_map<std::string, int> contact_queue_;
  std::set<std::pair<std::uint64_t, int>> idle_;  // (idle order, agent): longest idle first
  std::uint64_t next_idle_order_ = 0;
  using Timer = std::pair<Instant, int>;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<>> timers_;
};

}  // namespace

RouterFactory fifo_router_factory() {
  return [](const Scenario& scenario, const Policy&, Instant start, std::uint64_t,
            bool) -> Result<std::unique_ptr<Router>> {
    return std::unique_ptr<Router>(new FifoRouter(scenario, start));
  };
}

}  // namespace tandem::sim
