// SPDX-License-Identifier: Apache-2.0
// iCalendar (RFC 5545) text of one agent's shifts, so people can load them in a calendar.
// Times are local wall-clock times of the site (TZID = the given IANA zone), defined by a
// VTIMEZONE block (RFC 5545 3.6.5) so that calendars which do not know the IANA name still
// place the shifts right across daylight-saving changes. Pure: DTSTAMP is derived from the
// horizon's start date, not from a clock, so the text is reproducible; the zone's rules come
// from the time-zone database the calendars use (model/calendar.h).
#pragma once

#include <string>

#include "model/time.h"

#include "schedule/problem.h"
#include "schedule/schedule.h"

namespace tandem::schedule {

// One VEVENT per shift of `agent` (index into problem.agents); the description lists the
// shift's activities. Lines end with CRLF as the standard asks.
// The VTIMEZONE block of an IANA zone: one STANDARD or DAYLIGHT observance per transition of
// the calendar years of [first, last] (the rule in force on 1 January first), as explicit
// DTSTARTs (no RRULE: exact for past and future rule changes alike). Empty for an unknown zone.
std::string vtimezone(const std::string& time_zone, LocalDays first, LocalDays last);

std::string agent_ics(const ScheduleProblem& problem, const ScheduleResult& result, int agent,
                      const std::string& time_zone);

}  // namespace tandem::schedule
