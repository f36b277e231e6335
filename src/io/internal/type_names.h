// SPDX-License-Identifier: Apache-2.0
// The wire names of the engine's event and action types: ONE table each, in the order of the
// alternatives of engine::Event and engine::Action (a static_assert holds the sizes; a test
// checks every name is the snake_case form of engine::name_of). When the engine gains its own
// EventKind/ActionKind names, these tables are the one place to replace.
#pragma once

#include <array>
#include <string_view>
#include <variant>

#include "engine/actions.h"
#include "engine/events.h"

namespace tandem::io::internal {

inline constexpr std::array<std::string_view, 23> kEventTypeNames = {
    "contact_arrived",
    "contact_abandoned",
    "contact_ended",
    "work_item_created",
    "step_started",
    "step_done",
    "step_failed",
    "work_paused",
    "work_resumed",
    "pending_customer",
    "customer_responded",
    "item_cancelled",
    "self_service_progress",
    "agent_logged_in",
    "agent_logged_out",
    "agent_state_changed",
    "schedule_activity_started",
    "offer_accepted",
    "offer_rejected",
    "offer_timed_out",
    "forecast_updated",
    "capacity_planned",
    "clock_tick",
};
static_assert(kEventTypeNames.size() == std::variant_size_v<engine::Event>,
              "one wire name per engine::Event alternative");

inline constexpr std::array<std::string_view, 12> kActionTypeNames = {
    "offer_work",      "assign_work",      "withdraw_work",
    "pause_task",      "recall_to_phones", "release_to_back_office",
    "set_not_ready",   "create_follow_up", "route_exception",
    "notify_customer", "escalate",         "priority_changed",
};
static_assert(kActionTypeNames.size() == std::variant_size_v<engine::Action>,
              "one wire name per engine::Action alternative");

}  // namespace tandem::io::internal
