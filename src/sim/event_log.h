// Back-office work replayed from a process-mining event log (an edge file: I/O). The target
// is the BPI Challenge 2012 log (../shared/data/bpi2012/bpic2012_events.csv.gz: loan
// applications at a Dutch bank), CSV with the header
//   case_id,activity,lifecycle,resource,group,timestamp[,...]
// gzip-compressed or plain (zlib reads both). Rows are events; `timestamp` is ISO 8601 with
// an offset ("2011-10-01T00:38:44.546+02:00").
//
// Mapping (docs/simulation.md, "Back-office replay"):
//   - W_ activities are work done by staff. Each START -> COMPLETE pair of one activity in one
//     case is one work session, replayed as a single-task work item of the deferrable work
//     type named after the activity: "W_Completeren aanvraag" -> "completeren-aanvraag"
//     (W_ dropped, lower case, spaces -> '-'). Its handle time is COMPLETE - START (at least
//     1 s, at most `max_handle_seconds`: sessions left open overnight are cut). It arrives
//     when the log released it: at the activity's SCHEDULE in the case when one precedes the
//     session (the first session after it), otherwise at the session's own START (repeated
//     calls of "Nabellen offertes" are started days apart on purpose; the log does not say
//     when they fell due). The case id is the item's customer.
//   - A_ (application) and O_ (offer) activities are state changes, not work: counted, not
//     replayed. Any other activity, or a lifecycle other than SCHEDULE/START/COMPLETE, is an
//     error. A COMPLETE without a START, or a START never completed, is skipped (counted).
// Times of the replay are seconds since `origin`: midnight before the first event, at the
// first event's UTC offset (`first_day` is that local date).
// Errors (InvalidArgument) name file:line and the rule broken.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "model/scenario.h"
#include "model/status.h"
#include "model/time.h"
#include "sim/model.h"

namespace tandem::sim {

struct EventLogOptions {
  double max_handle_seconds = 8 * 3600.0;
};

struct EventLogActivity {
  std::string activity;   // as in the log, e.g. "W_Valideren aanvraag"
  std::string work_type;  // e.g. "valideren-aanvraag"
  std::uint64_t sessions = 0;
};

struct EventLogReplay {
  std::vector<ReplayedItem> items;  // in arrival order; time in seconds since `origin`
  Instant origin{};
  LocalDays first_day{};
  std::vector<EventLogActivity> activities;  // W_ activities, first-appearance order
  std::uint64_t events = 0;                  // rows
  std::uint64_t cases = 0;                   // distinct case ids
  std::uint64_t state_events = 0;            // A_ and O_ rows (not replayed)
  std::uint64_t unpaired = 0;                // COMPLETE without START, START never completed
  std::uint64_t capped = 0;                  // sessions cut at max_handle_seconds
};

// True when the first line of a file is an event-log header (case_id,activity,lifecycle,...).
bool is_event_log_header(std::string_view first_line);

// The work type a W_ activity replays into ("W_Nabellen offertes" -> "nabellen-offertes").
std::string work_type_of_activity(std::string_view activity);

// Reads the (gzip or plain) log file.
Result<EventLogReplay> read_event_log(const std::filesystem::path& file,
                                      const EventLogOptions& options = {});
// The same from text; `name` appears in messages.
Result<EventLogReplay> parse_event_log(std::string_view text, const std::string& name,
                                       const EventLogOptions& options = {});

// Every replayed work type must be a deferrable queue of the scenario: InvalidArgument naming
// the activity and the work type it maps to otherwise.
Status check_event_log(const EventLogReplay& log, const Scenario& scenario,
                       const std::string& name);

// Puts the log's work sessions that fall inside [start, horizon) of the model into
// model.replayed_items (times moved from the log's origin to model.start) and removes the
// model's random item sources of the replayed work types. Returns the number of items added.
std::size_t add_replayed_work(SimModel& model, const EventLogReplay& log);

// Reads the first line of a (gzip or plain) file; empty when it cannot be read.
std::string first_line_of(const std::filesystem::path& file);

}  // namespace tandem::sim
