// SPDX-License-Identifier: Apache-2.0
// Reads real arrivals to replay through the engine (module io: the edge of the simulator, which
// takes the contacts as values). Two layouts, recognised by their header:
//   - Tandem replay CSV: `seconds,queue,handle_seconds[,patience_seconds]`, one contact a row,
//     `seconds` after the start of the simulation, in arrival order; an empty or absent
//     patience means the customer never abandons.
//   - The Anonymous Bank call log (Brown et al. 2005; ../shared/data/anonymous-bank-1999,
//     tab-separated, header starting `vru+line`): the queue is the service `type` column
//     (PS, NW, NE, TT, IN, PE), the arrival is the queue entry (q_start, or vru_exit when the
//     call did not queue) in days since the file's first date, the handle time `ser_time`;
//     an abandoned call (outcome HANG) has patience q_time (its observed wait); PHANTOM calls
//     and served calls without a server are skipped. Rows are sorted by arrival.
// Errors (InvalidArgument) name file:line and the rule broken. Queue names are checked
// against the scenario by validate_model (an unknown queue is an error there).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "model/status.h"
#include "sim/model.h"

namespace tandem::io {

Result<std::vector<sim::ReplayedContact>> read_replay_file(const std::filesystem::path& file);
// The same from text; `name` appears in messages.
Result<std::vector<sim::ReplayedContact>> parse_replay(const std::string& text,
                                                       const std::string& name);

}  // namespace tandem::io
