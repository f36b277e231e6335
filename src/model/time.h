// SPDX-License-Identifier: Apache-2.0
// Time in Tandem: instants are UTC seconds (sys_seconds); local wall-clock time belongs to a
// site and is converted through its time zone (model/calendar.h). Cores never read a clock:
// time comes in with events.
#pragma once

#include <chrono>

namespace tandem {

using Instant = std::chrono::sys_seconds;
using Seconds = std::chrono::seconds;
using Minutes = std::chrono::minutes;
using LocalSeconds = std::chrono::local_seconds;
using LocalDays = std::chrono::local_days;

// A time of day in minutes after local midnight, 0..1440 (1440 = the end of the day).
using TimeOfDay = std::chrono::minutes;

}  // namespace tandem
