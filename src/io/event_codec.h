// SPDX-License-Identifier: Apache-2.0
// JSON codecs for the engine's events and actions: the wire format of the HTTP API and of
// anything else that stores or sends them (docs/events.md is the full reference).
//
// A document is one JSON object: {"type": "<snake_case name>", "time": "<RFC 3339 UTC>", ...}
// with every other field under its C++ member name. Encoding is canonical (keys sorted, UTC
// times with "Z", fields at their default omitted), so equal values give equal strings.
// Decoding is strict: an unknown type or field, a missing required field, a wrong JSON type,
// a bad enum value or a bad time is InvalidArgument naming the field path and the rule, e.g.
// "events[3].time: not an RFC 3339 time". No function here throws or crashes on any input.
//
// Versioning: kEventCodecVersion is the version of this format. A document may carry "v"; a
// decoder accepts a document without "v" or with "v" equal to its version, and rejects any
// other. Encoders do not write "v" (the API states its version in its path, /api/v1).
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "engine/actions.h"
#include "engine/events.h"
#include "model/status.h"
#include "model/time.h"

namespace tandem::io {

inline constexpr int kEventCodecVersion = 1;

// `path` prefixes field names in error messages, e.g. "events[3]" gives "events[3].time: ...";
// empty: the field names alone ("time: ...").
Result<engine::Event> decode_event(const nlohmann::json& document, std::string_view path = {});
nlohmann::json encode_event(const engine::Event& event);
Result<engine::Action> decode_action(const nlohmann::json& document, std::string_view path = {});
nlohmann::json encode_action(const engine::Action& action);

// The same on JSON text. Text that is not JSON, or nested deeper than kMaxJsonDepth, is
// InvalidArgument before any field is read.
inline constexpr int kMaxJsonDepth = 32;
Result<engine::Event> decode_event_json(std::string_view text);
std::string encode_event_json(const engine::Event& event);
Result<engine::Action> decode_action_json(std::string_view text);
std::string encode_action_json(const engine::Action& action);

// The deepest nesting of arrays and objects in JSON text, counting no further than one past
// `limit`: checked before parsing, so a recursive parser never meets a document deep enough
// to exhaust the stack (the codecs and the HTTP API both use it).
int json_nesting_depth(std::string_view text, int limit);

// The wire name of an event or action type ("work_item_created", "offer_work").
std::string_view event_type_name(const engine::Event& event);
std::string_view action_type_name(const engine::Action& action);

// RFC 3339 instants: "2026-11-02T09:00:00Z" out; in, "Z" or an offset ("+01:00", "-05:30"),
// converted to UTC. Fractional seconds are rejected (instants are whole seconds). Years
// 0001..9999 only.
std::string format_rfc3339(Instant instant);
Result<Instant> parse_rfc3339(std::string_view text);

}  // namespace tandem::io
