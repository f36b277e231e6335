// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: how an event handler says no (contact_events.cpp,
// work_item_events.cpp, agent_events.cpp).
#pragma once

#include <fmt/format.h>

#include <string>

#include "model/status.h"

namespace tandem::engine::detail {

// A rejection keeps its code (NotFound: an unknown id; Conflict: an event out of order for the
// state; InvalidArgument: a bad value), so that a driver or an API can tell them apart.
inline Status reject(StatusCode code, const char* event, const std::string& message) {
  if (code == StatusCode::kOk) code = StatusCode::kInternal;  // a rejection is never ok
  return Status::from_code(code, fmt::format("{}: {}", event, message));
}

inline Status unknown(const char* event, const char* what, const std::string& id) {
  return reject(StatusCode::kNotFound, event, fmt::format("unknown {} '{}'", what, id));
}

}  // namespace tandem::engine::detail
