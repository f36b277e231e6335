// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: the tracking part of EngineState (state.h) -- what the engine can
// tell about the past: every live item's history lines and every customer's journey
// (tracking.cpp answers the queries; work_items.cpp writes the lines).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "engine/history_log.h"
#include "engine/id_index.h"
#include "engine/internal/basics.h"

namespace tandem::engine::detail {

// One compact history line (16 bytes): in the shared log (EngineState::history_log), linked to
// the item's previous line; in an archived item's vector (prev unused).
struct HistoryRec {
  std::int32_t time = 0;  // seconds since EngineState::history_origin (68 years of range)
  Idx agent = kNone;
  Idx prev = kNone;  // the item's previous line in the log (kNone: its first)
  std::uint16_t step = kSingleStep;
  HistoryKind kind = HistoryKind::kReceived;
  std::uint8_t task_flags = 0;
};
static_assert(sizeof(HistoryRec) == 16);

struct JourneyRec {
  Time time = 0;
  JourneyKind kind = JourneyKind::kContactArrived;
  std::string ref;
  std::string detail;
};

struct CustomerRec {
  std::string id;
  std::vector<JourneyRec> journey;
};

struct TrackingState {
  HistoryLog<HistoryRec> history_log;  // every live item's history lines
  Time history_origin = 0;             // HistoryRec::time is relative to it (options.start)
  std::size_t history_dead = 0;        // lines of retired items still in the log
  std::size_t history_entries = 0;
  std::vector<CustomerRec> customers;
  IdIndex customer_index;  // ids in customers[c].id
};

}  // namespace tandem::engine::detail
