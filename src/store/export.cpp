// SPDX-License-Identifier: Apache-2.0
// JSON lines and CSV of events and actions. The payload is embedded as JSON when it parses
// (it always does when the live host wrote it), else as a string, so no line is ever invalid.
#include "store/export.h"

#include <nlohmann/json.hpp>

#include "io/event_codec.h"

namespace tandem::store {

namespace {

bool in_range(Instant t, const ExportOptions& o) {
  return (!o.from || t >= *o.from) && (!o.to || t < *o.to);
}

nlohmann::ordered_json payload_json(const std::string& payload) {
  auto parsed = nlohmann::ordered_json::parse(payload, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded()) return payload;
  return parsed;
}

const char* outcome_name(EventOutcome o) {
  return o == EventOutcome::kRejected ? "rejected" : "applied";
}

void write_event(const EventRecord& e, ExportFormat format, std::ostream& out) {
  if (format == ExportFormat::kJsonLines) {
    nlohmann::ordered_json j;
    j["seq"] = e.seq;
    j["time"] = io::format_rfc3339(e.time);
    j["type"] = e.type;
    j["payload"] = payload_json(e.payload);
    j["idempotency_key"] = e.idempotency_key;
    j["outcome"] = outcome_name(e.outcome);
    j["reason"] = e.reason;
    j["received"] = io::format_rfc3339(e.received);
    out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    return;
  }
  out << e.seq << ',' << io::format_rfc3339(e.time) << ',' << csv_field(e.type) << ','
      << csv_field(e.idempotency_key) << ',' << outcome_name(e.outcome) << ','
      << csv_field(e.reason) << ',' << io::format_rfc3339(e.received) << ',' << csv_field(e.payload)
      << "\r\n";
}

void write_action(const ActionRecord& a, ExportFormat format, std::ostream& out) {
  if (format == ExportFormat::kJsonLines) {
    nlohmann::ordered_json j;
    j["event_seq"] = a.event_seq;
    j["index"] = a.index;
    j["time"] = io::format_rfc3339(a.time);
    j["type"] = a.type;
    j["payload"] = payload_json(a.payload);
    out << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    return;
  }
  out << a.event_seq << ',' << a.index << ',' << io::format_rfc3339(a.time) << ','
      << csv_field(a.type) << ',' << csv_field(a.payload) << "\r\n";
}

}  // namespace

std::string csv_field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char ch : value) {
    if (ch == '"') out += '"';
    out += ch;
  }
  out += '"';
  return out;
}

Result<std::int64_t> export_records(Store& store, const ExportOptions& options, std::ostream& out) {
  std::int64_t written = 0;
  if (options.what == ExportWhat::kEvents) {
    if (options.format == ExportFormat::kCsv) {
      out << "seq,time,type,idempotency_key,outcome,reason,received,payload\r\n";
    }
    Status s = for_each_event(store, 0, [&](const EventRecord& e) {
      if (in_range(e.time, options)) {
        write_event(e, options.format, out);
        ++written;
      }
      return Status::ok();
    });
    if (!s.is_ok()) return s;
  } else {
    if (options.format == ExportFormat::kCsv) out << "event_seq,index,time,type,payload\r\n";
    auto last = store.last_seq();
    if (!last.is_ok()) return last.status();
    constexpr std::int64_t kPage = 4096;  // events per read
    for (std::int64_t after = 0; after < *last; after += kPage) {
      auto actions = store.read_actions(after, std::min(after + kPage, *last));
      if (!actions.is_ok()) return actions.status();
      for (const ActionRecord& a : *actions) {
        if (!in_range(a.time, options)) continue;
        write_action(a, options.format, out);
        ++written;
      }
    }
  }
  out.flush();
  if (!out) return Status::unavailable("export: the output could not be written");
  return written;
}

}  // namespace tandem::store
