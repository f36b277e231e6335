// SPDX-License-Identifier: Apache-2.0
// iCalendar (RFC 5545) text of one agent's shifts, so people can load them in a calendar.
// Times are local wall-clock times of the site (TZID = the given IANA zone). Pure: DTSTAMP is
// derived from the horizon's start date, not from a clock, so the text is reproducible.
#pragma once

#include <string>

#include "schedule/problem.h"
#include "schedule/schedule.h"

namespace tandem::schedule {

// One VEVENT per shift of `agent` (index into problem.agents); the description lists the
// shift's activities. Lines end with CRLF as the standard asks.
std::string agent_ics(const ScheduleProblem& problem, const ScheduleResult& result, int agent,
                      const std::string& time_zone);

}  // namespace tandem::schedule
