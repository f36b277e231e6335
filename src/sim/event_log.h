// SPDX-License-Identifier: Apache-2.0
// Back-office work replayed from a process-mining event log: the value the log is read into
// (io/event_log_csv.h reads the BPI Challenge 2012 CSV), its checks against a scenario, and
// how its cases enter a simulation model. Pure: no I/O.
//
// Mapping (docs/simulation.md, "Back-office replay"):
//   - A case (case_id) with W_ work is ONE work item. W_ activities are work done by staff:
//     each START -> COMPLETE pair of one activity in the case is one work session, and the
//     sessions, in START order, are the item's steps: each step is the deferrable work type
//     named after the activity ("W_Completeren aanvraag" -> "completeren-aanvraag": W_
//     dropped, lower case, spaces -> '-'), its handle time COMPLETE - START (at least 1 s, at
//     most `max_handle_seconds`: sessions left open overnight are cut).
//   - A session is released when the log put it on the worklist: at the activity's SCHEDULE
//     in the case when one precedes the session (the first session after it), otherwise at
//     its own START (repeated calls of "Nabellen offertes" are started days apart on
//     purpose). The time from the previous session's COMPLETE to a session's release is a
//     wait outside the back office (for the customer, e.g. to send back the signed offer):
//     `wait_seconds`; the time from release to START is the back office's own queue wait,
//     which the simulation produces itself.
//   - The item is received at the case's first event (any activity) and enters the back
//     office when its first session is released (seconds later: the bank's automatic checks).
//   - A_ (application) and O_ (offer) activities are state changes, not work: counted, not
//     replayed. Any other activity, or a lifecycle other than SCHEDULE/START/COMPLETE, is an
//     error. A COMPLETE without a START, or a START never completed, is skipped (counted).
//     Cases without W_ sessions (declined at once) are counted, not replayed.
// Times of the replay are seconds since `origin`: midnight before the first event, at the
// first event's UTC offset (`first_day` is that local date).
// Errors (InvalidArgument) name file:line and the rule broken.
#pragma once

#include <cstdint>
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

// One W_ work session of a case. Times in seconds since EventLogReplay::origin.
struct EventLogSession {
  std::uint16_t activity = 0;   // index in EventLogReplay::activities
  double release = 0.0;         // SCHEDULE before it, else its START
  double start = 0.0;           // START
  double complete = 0.0;        // COMPLETE (as logged, not capped)
  double handle_seconds = 0.0;  // COMPLETE - START within [1 s, max_handle_seconds]
  // The wait outside the back office before it: release - the previous session's COMPLETE
  // (0 when released earlier; for the first session, release - the case's first event).
  double wait_seconds = 0.0;
};

// A case with W_ work: one work item of the replay.
struct EventLogCase {
  std::string id;
  double first_event = 0.0;               // any activity
  std::vector<EventLogSession> sessions;  // in START order (not empty)
  double release() const { return sessions.front().release; }
  double work_done() const { return sessions.back().complete; }  // its last W_ COMPLETE
};

struct EventLogReplay {
  std::vector<EventLogCase> cases;  // with W_ work, in order of release of the first session
  Instant origin{};
  LocalDays first_day{};
  std::vector<EventLogActivity> activities;  // W_ activities, first-appearance order
  std::uint64_t events = 0;                  // rows
  std::uint64_t case_ids = 0;                // distinct case ids (with or without W_ work)
  std::uint64_t sessions = 0;                // W_ sessions (steps of the cases)
  std::uint64_t state_events = 0;            // A_ and O_ rows (not replayed)
  std::uint64_t unpaired = 0;                // COMPLETE without START, START never completed
  std::uint64_t capped = 0;                  // sessions cut at max_handle_seconds
};

// The work type a W_ activity replays into ("W_Nabellen offertes" -> "nabellen-offertes").
std::string work_type_of_activity(std::string_view activity);

// Every replayed work type must be a deferrable queue of the scenario (InvalidArgument naming
// the activity and the work type it maps to otherwise), and the scenario must have a process
// whose steps cover them all: the case process (below).
Status check_event_log(const EventLogReplay& log, const Scenario& scenario,
                       const std::string& name);

// The scenario's first process whose steps' work types include every work type of the log
// (scenarios/bpi2012.yaml: loan-application). Its SLA and channel apply to each case, and the
// cases' KPIs are reported under its id. nullptr when there is none.
const Process* case_process(const EventLogReplay& log, const Scenario& scenario);

// Puts the log's cases whose first session is released inside [0, horizon) of the model into
// model.replayed_items (times moved from the log's origin to model.start): each case one item
// of a process made for its sequence of steps (a variant "<case process>#<n>" of the case
// process, one stage of sequential steps "<k>-<work type>"), with the log's handle times and
// waits. The model then runs on a copy of its scenario holding these variants
// (SimModel::owned_scenario). Removes the model's random item sources of the case process and
// of the replayed work types. Returns the number of cases added; InvalidArgument when the
// scenario has no case process.
Result<std::size_t> add_replayed_cases(SimModel& model, const EventLogReplay& log);

}  // namespace tandem::sim
