// SPDX-License-Identifier: Apache-2.0
#include "engine/actions.h"

#include <fmt/chrono.h>
#include <fmt/format.h>

#include <type_traits>

namespace tandem::engine {

namespace {

std::string ref(const WorkRef& w) { return fmt::format("{}:{}", to_string(w.kind), w.id); }
std::string at(Instant t) { return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", t); }

struct Describe {
  std::string operator()(const OfferWork& a) const {
    return fmt::format("OfferWork {} agent={} work={} queue={} expires={} progress={}s", at(a.time),
                       a.agent, ref(a.work), a.queue, at(a.expires), a.progress.count());
  }
  std::string operator()(const AssignWork& a) const {
    return fmt::format("AssignWork {} agent={} work={} queue={} progress={}s", at(a.time), a.agent,
                       ref(a.work), a.queue, a.progress.count());
  }
  std::string operator()(const WithdrawWork& a) const {
    return fmt::format("WithdrawWork {} agent={} work={} reason={}", at(a.time), a.agent,
                       ref(a.work), to_string(a.reason));
  }
  std::string operator()(const PauseTask& a) const {
    return fmt::format("PauseTask {} agent={} task={} progress={}s reason={}", at(a.time), a.agent,
                       a.task, a.progress.count(), to_string(a.reason));
  }
  std::string operator()(const RecallToPhones& a) const {
    return fmt::format("RecallToPhones {} agent={} queue={}", at(a.time), a.agent, a.queue);
  }
  std::string operator()(const ReleaseToBackOffice& a) const {
    return fmt::format("ReleaseToBackOffice {} agent={}", at(a.time), a.agent);
  }
  std::string operator()(const SetNotReady& a) const {
    return fmt::format("SetNotReady {} agent={} reason={}", at(a.time), a.agent, a.reason);
  }
  std::string operator()(const CreateFollowUp& a) const {
    return fmt::format("CreateFollowUp {} item={} from={} customer={} work_type={} rule={}",
                       at(a.time), a.item, a.from_item, a.customer, a.work_type, a.rule);
  }
  std::string operator()(const RouteException& a) const {
    return fmt::format("RouteException {} task={} failed={} skill={} reason={}", at(a.time), a.task,
                       a.failed_task, a.skill, a.reason);
  }
  std::string operator()(const NotifyCustomer& a) const {
    return fmt::format("NotifyCustomer {} customer={} item={} status={} eta={}", at(a.time),
                       a.customer, a.item, to_string(a.status), a.eta ? at(*a.eta) : "-");
  }
  std::string operator()(const Escalate& a) const {
    return fmt::format("Escalate {} item={} rule={} reason={}", at(a.time), a.item, a.rule,
                       a.reason);
  }
  std::string operator()(const PriorityChanged& a) const {
    return fmt::format("PriorityChanged {} item={} priority={} rule={}", at(a.time), a.item,
                       a.priority, a.rule);
  }
};

}  // namespace

Instant time_of(const Action& action) {
  return std::visit([](const auto& a) { return a.time; }, action);
}

const char* name_of(const Action& action) {
  static constexpr const char* kNames[] = {
      "OfferWork",      "AssignWork",          "WithdrawWork", "PauseTask",
      "RecallToPhones", "ReleaseToBackOffice", "SetNotReady",  "CreateFollowUp",
      "RouteException", "NotifyCustomer",      "Escalate",     "PriorityChanged"};
  static_assert(std::size(kNames) == std::variant_size_v<Action>);
  return kNames[action.index()];
}

std::string to_string(const Action& action) { return std::visit(Describe{}, action); }

const char* to_string(WithdrawReason reason) {
  switch (reason) {
    case WithdrawReason::kOfferExpired:
      return "offer_expired";
    case WithdrawReason::kAbandoned:
      return "abandoned";
    case WithdrawReason::kCancelled:
      return "cancelled";
    case WithdrawReason::kAgentUnavailable:
      return "agent_unavailable";
    case WithdrawReason::kPendingCustomer:
      return "pending_customer";
  }
  return "?";
}

const char* to_string(PauseReason reason) {
  return reason == PauseReason::kRecallToPhones ? "recall_to_phones" : "agent_unavailable";
}

const char* to_string(CustomerStatus status) {
  switch (status) {
    case CustomerStatus::kReceived:
      return "received";
    case CustomerStatus::kInProgress:
      return "in_progress";
    case CustomerStatus::kPendingCustomer:
      return "pending_customer";
    case CustomerStatus::kDone:
      return "done";
  }
  return "?";
}

}  // namespace tandem::engine
