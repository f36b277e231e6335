// SPDX-License-Identifier: Apache-2.0
// Export of the event log and the actions for people and other tools (`tandem store export`):
// JSON lines or RFC 4180 CSV, for a time range, in sequence order (docs/store.md, "Export").
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>

#include "model/status.h"
#include "model/time.h"
#include "store/store.h"

namespace tandem::store {

enum class ExportFormat : unsigned char { kJsonLines, kCsv };
enum class ExportWhat : unsigned char { kEvents, kActions };

struct ExportOptions {
  ExportWhat what = ExportWhat::kEvents;
  ExportFormat format = ExportFormat::kJsonLines;
  std::optional<Instant> from;  // records whose own time is >= from ...
  std::optional<Instant> to;    // ... and < to
};

// Writes the records in range to `out`; returns how many. Events: seq, time, type, payload
// (the JSON document itself in JSON lines, its text in CSV), idempotency_key, outcome, reason,
// received. Actions: event_seq, index, time, type, payload. Times are RFC 3339 UTC.
Result<std::int64_t> export_records(Store& store, const ExportOptions& options, std::ostream& out);

// One CSV field as RFC 4180 writes it (quoted when it holds a comma, quote or line break).
std::string csv_field(std::string_view value);

}  // namespace tandem::store
