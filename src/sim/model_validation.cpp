// SPDX-License-Identifier: Apache-2.0
// The checks a simulation model passes before a replication runs (validate_model, simulator.h):
// arrival profiles, item targets, replayed arrivals and agent plans against the scenario; and
// the arrival profile's rate (model.h).
#include <cmath>
#include <limits>
#include <string>

#include "sim/simulator.h"

namespace tandem::sim {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

Status check_profile(const ArrivalProfile& p, const std::string& what) {
  if (!(p.interval_seconds > 0)) {
    return Status::invalid_argument(what + ": interval_seconds must be > 0");
  }
  for (std::size_t k = 0; k < p.rate_per_second.size(); ++k) {
    const double r = p.rate_per_second[k];
    if (!std::isfinite(r) || r < 0) {
      return Status::invalid_argument(what + ": rate of interval " + std::to_string(k) +
                                      " must be finite and >= 0");
    }
  }
  return Status::ok();
}

Status check_item_target(const Scenario& s, const std::string& process,
                         const std::string& work_type, const std::string& what) {
  if (process.empty() == work_type.empty()) {
    return Status::invalid_argument(what + ": exactly one of process and work_type must be set");
  }
  if (!process.empty() && s.find_process(process) == nullptr) {
    return Status::invalid_argument(what + ": unknown process '" + process + "'");
  }
  if (!work_type.empty()) {
    const Queue* q = s.find_queue(work_type);
    const Channel* ch = q != nullptr ? s.find_channel(q->channel) : nullptr;
    if (q == nullptr)
      return Status::invalid_argument(what + ": unknown work type '" + work_type + "'");
    if (ch != nullptr && ch->mode != ChannelMode::kDeferrable) {
      return Status::invalid_argument(what + ": work type '" + work_type + "' is not deferrable");
    }
  }
  return Status::ok();
}

Status check_real_time_queue(const Scenario& s, const std::string& queue, const std::string& what) {
  const Queue* q = s.find_queue(queue);
  if (q == nullptr) return Status::invalid_argument(what + ": unknown queue '" + queue + "'");
  const Channel* ch = s.find_channel(q->channel);
  if (ch == nullptr || ch->mode != ChannelMode::kRealTime) {
    return Status::invalid_argument(what + ": queue '" + queue + "' is not a real-time queue");
  }
  return Status::ok();
}

}  // namespace

double ArrivalProfile::rate_at(double t) const {
  if (t < 0 || !(interval_seconds > 0)) return 0.0;
  const auto k = static_cast<std::size_t>(t / interval_seconds);
  return k < rate_per_second.size() ? rate_per_second[k] : 0.0;
}

double ArrivalProfile::total() const {
  double sum = 0;
  for (double r : rate_per_second) sum += r * interval_seconds;
  return sum;
}

Status validate_model(const SimModel& m) {
  if (m.scenario == nullptr) return Status::invalid_argument("simulation model: no scenario");
  const Scenario& s = *m.scenario;
  if (!(m.horizon > 0) || !std::isfinite(m.horizon)) {
    return Status::invalid_argument(
        "simulation model: horizon must be a positive number of seconds");
  }
  if (!(m.interval_seconds > 0) || !(m.period_seconds >= m.interval_seconds)) {
    return Status::invalid_argument("simulation model: interval must be > 0 and <= the period");
  }
  if (!(m.warmup >= 0) || m.warmup >= m.horizon) {
    return Status::invalid_argument("simulation model: warm-up must be in [0, horizon)");
  }
  if (!(m.shrinkage >= 0 && m.shrinkage < 1)) {
    return Status::invalid_argument("simulation model: shrinkage must be in [0, 1)");
  }
  for (std::size_t i = 0; i < m.contacts.size(); ++i) {
    const std::string what = "contact source " + std::to_string(i + 1);
    if (Status st = check_real_time_queue(s, m.contacts[i].queue, what); !st.is_ok()) return st;
    if (Status st = check_profile(m.contacts[i].arrivals, what); !st.is_ok()) return st;
  }
  for (std::size_t i = 0; i < m.items.size(); ++i) {
    const std::string what = "item source " + std::to_string(i + 1);
    if (Status st = check_item_target(s, m.items[i].process, m.items[i].work_type, what);
        !st.is_ok()) {
      return st;
    }
    if (Status st = check_profile(m.items[i].arrivals, what); !st.is_ok()) return st;
  }
  for (std::size_t i = 0; i < m.batches.size(); ++i) {
    const std::string what = "batch " + std::to_string(i + 1);
    const BatchArrival& b = m.batches[i];
    if (Status st = check_item_target(s, b.process, b.work_type, what); !st.is_ok()) return st;
    if (b.count < 0 || !(b.time >= 0))
      return Status::invalid_argument(what + ": count and time must be >= 0");
  }
  double last = 0;
  for (std::size_t i = 0; i < m.replayed_contacts.size(); ++i) {
    const ReplayedContact& c = m.replayed_contacts[i];
    const std::string what = "replayed contact " + std::to_string(i + 1);
    if (Status st = check_real_time_queue(s, c.queue, what); !st.is_ok()) return st;
    if (!(c.time >= last) || !(c.handle_seconds >= 0) || !(c.patience_seconds >= 0)) {
      return Status::invalid_argument(what + ": times must be >= 0 and in arrival order");
    }
    last = c.time;
  }
  last = 0;
  // Replayed cases may use thousands of processes (one per variant): looked up by id.
  std::unordered_map<std::string_view, const Process*> processes;
  if (!m.replayed_items.empty()) {
    for (const Process& p : s.processes) processes.emplace(p.id, &p);
  }
  for (std::size_t i = 0; i < m.replayed_items.size(); ++i) {
    const ReplayedItem& it = m.replayed_items[i];
    const std::string what = "replayed item " + std::to_string(i + 1);
    const auto p = processes.find(it.process);
    if (it.process.empty() || !it.work_type.empty()) {
      if (Status st = check_item_target(s, it.process, it.work_type, what); !st.is_ok()) return st;
    } else if (p == processes.end()) {
      return Status::invalid_argument(what + ": unknown process '" + it.process + "'");
    }
    if (!(it.time >= last))
      return Status::invalid_argument(what + ": items must be in arrival order");
    if (it.received > it.time) {
      return Status::invalid_argument(what + ": received after it arrives");
    }
    const std::size_t steps = p != processes.end() ? p->second->steps().size() : 1;
    if ((!it.step_handle_seconds.empty() && it.step_handle_seconds.size() != steps) ||
        (!it.wait_before_step.empty() && it.wait_before_step.size() != steps)) {
      return Status::invalid_argument(what +
                                      ": per-step handle times and waits need one entry "
                                      "per step of its process");
    }
    last = it.time;
  }
  for (const AgentPlan& plan : m.agents) {
    if (s.find_agent(plan.agent) == nullptr) {
      return Status::invalid_argument("agent plan: unknown agent '" + plan.agent + "'");
    }
    double end = -kInf;
    for (const Shift& sh : plan.shifts) {
      if (!(sh.login >= end) || !(sh.logout > sh.login)) {
        return Status::invalid_argument(
            "agent plan '" + plan.agent +
            "': shifts must be sorted, not overlapping, logout > login");
      }
      if (sh.breaks.size() > 255) return Status::invalid_argument("agent plan: too many breaks");
      end = sh.logout;
    }
  }
  return Status::ok();
}

}  // namespace tandem::sim
