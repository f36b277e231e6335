// SPDX-License-Identifier: Apache-2.0
// Builds the interval grid of the workload windows (workload_windows.h) from a site's
// BusinessCalendar and an SLA deadline: open hours per interval and, for each interval's
// arrivals, the last interval in which they may be worked.
//
// Deadlines are measured from the START of the arrival interval (the earliest receipt in it,
// so the plan is on the safe side): "hours" in calendar time, "business hours" in open time
// (BusinessCalendar::add_business_time), "business days" by the calendar's close-of-business
// rule (add_business_days). Work due at instant D must be done in intervals that end by D.
#pragma once

#include <span>
#include <vector>

#include "model/calendar.h"
#include "model/status.h"
#include "model/time.h"
#include "model/work.h"
#include "staffing/workload_windows.h"

namespace tandem::staffing {

struct WorkloadGridSpec {
  Instant start{};            // start of interval 0, UTC
  int interval_minutes = 15;  // 1..1440
  Deadline deadline;          // the SLA's deadline
};

// Work waiting at the start of the grid, with its own due instant.
struct BacklogItem {
  double hours = 0;
  Instant due{};
};

// One interval per entry of arriving_hours (agent-hours arriving in it).
Result<WorkloadWindowInput> build_workload_grid(const BusinessCalendar& calendar,
                                                const WorkloadGridSpec& spec,
                                                std::span<const double> arriving_hours,
                                                std::span<const BacklogItem> backlog = {});

}  // namespace tandem::staffing
