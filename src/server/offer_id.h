// SPDX-License-Identifier: Apache-2.0
// The id of an offer in POST /api/v1/offers/{id}/accept|reject (docs/api.md, "Offers"):
//   "<agent>~<kind>~<work id>", kind "contact" or "task", e.g. "a7~task~m-1/underwriting~qc".
// The agent comes first and holds no "~" (scenario ids); the work id is everything after the
// second "~" (task ids contain "/" and "~"). In a URL, the id may be sent as is (the route
// takes every segment between /offers/ and the verb) or percent-encoded.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/events.h"

namespace tandem::server {

struct OfferId {
  std::string agent;
  engine::WorkRef work;
};

std::string format_offer_id(const std::string& agent, const engine::WorkRef& work);
std::optional<OfferId> parse_offer_id(std::string_view id);

}  // namespace tandem::server
