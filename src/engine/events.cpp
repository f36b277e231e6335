// SPDX-License-Identifier: Apache-2.0
#include "engine/events.h"

#include <type_traits>

namespace tandem::engine {

namespace {

template <class T>
constexpr const char* event_name() {
  if constexpr (std::is_same_v<T, ContactArrived>) return "ContactArrived";
  if constexpr (std::is_same_v<T, ContactAbandoned>) return "ContactAbandoned";
  if constexpr (std::is_same_v<T, ContactEnded>) return "ContactEnded";
  if constexpr (std::is_same_v<T, WorkItemCreated>) return "WorkItemCreated";
  if constexpr (std::is_same_v<T, StepStarted>) return "StepStarted";
  if constexpr (std::is_same_v<T, StepDone>) return "StepDone";
  if constexpr (std::is_same_v<T, StepFailed>) return "StepFailed";
  if constexpr (std::is_same_v<T, WorkPaused>) return "WorkPaused";
  if constexpr (std::is_same_v<T, WorkResumed>) return "WorkResumed";
  if constexpr (std::is_same_v<T, PendingCustomer>) return "PendingCustomer";
  if constexpr (std::is_same_v<T, CustomerResponded>) return "CustomerResponded";
  if constexpr (std::is_same_v<T, ItemCancelled>) return "ItemCancelled";
  if constexpr (std::is_same_v<T, SelfServiceProgress>) return "SelfServiceProgress";
  if constexpr (std::is_same_v<T, AgentLoggedIn>) return "AgentLoggedIn";
  if constexpr (std::is_same_v<T, AgentLoggedOut>) return "AgentLoggedOut";
  if constexpr (std::is_same_v<T, AgentStateChanged>) return "AgentStateChanged";
  if constexpr (std::is_same_v<T, ScheduleActivityStarted>) return "ScheduleActivityStarted";
  if constexpr (std::is_same_v<T, OfferAccepted>) return "OfferAccepted";
  if constexpr (std::is_same_v<T, OfferRejected>) return "OfferRejected";
  if constexpr (std::is_same_v<T, OfferTimedOut>) return "OfferTimedOut";
  if constexpr (std::is_same_v<T, ForecastUpdated>) return "ForecastUpdated";
  if constexpr (std::is_same_v<T, CapacityPlanned>) return "CapacityPlanned";
  if constexpr (std::is_same_v<T, ClockTick>) return "ClockTick";
  return "?";
}

}  // namespace

Instant time_of(const Event& event) {
  return std::visit([](const auto& e) { return e.time; }, event);
}

const char* name_of(const Event& event) {
  return std::visit([](const auto& e) { return event_name<std::decay_t<decltype(e)>>(); }, event);
}

const char* to_string(AgentState state) {
  switch (state) {
    case AgentState::kAvailable:
      return "available";
    case AgentState::kNotReady:
      return "not_ready";
    case AgentState::kBreak:
      return "break";
    case AgentState::kLunch:
      return "lunch";
    case AgentState::kMeeting:
      return "meeting";
    case AgentState::kTraining:
      return "training";
  }
  return "?";
}

const char* to_string(ScheduledActivity activity) {
  switch (activity) {
    case ScheduledActivity::kPhones:
      return "phones";
    case ScheduledActivity::kBackOffice:
      return "back_office";
    case ScheduledActivity::kBlended:
      return "blended";
    case ScheduledActivity::kBreak:
      return "break";
    case ScheduledActivity::kLunch:
      return "lunch";
    case ScheduledActivity::kMeeting:
      return "meeting";
    case ScheduledActivity::kTraining:
      return "training";
    case ScheduledActivity::kOffline:
      return "offline";
  }
  return "?";
}

const char* to_string(WorkKind kind) { return kind == WorkKind::kContact ? "contact" : "task"; }

}  // namespace tandem::engine
