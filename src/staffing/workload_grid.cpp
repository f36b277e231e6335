// SPDX-License-Identifier: Apache-2.0
#include "staffing/workload_grid.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>

namespace tandem::staffing {
namespace {

// The last interval that ends at or before `due` (-1 when none does).
int last_interval_ending_by(Instant start, Seconds length, Instant due) {
  const auto elapsed = (due - start).count();
  const auto len = length.count();
  // floor division for negative elapsed
  const long long ended = elapsed >= 0 ? elapsed / len : -((-elapsed + len - 1) / len);
  return static_cast<int>(std::min<long long>(ended, 1LL << 30)) - 1;
}

Result<Instant> deadline_of(const BusinessCalendar& calendar, Instant received,
                            const Deadline& deadline) {
  switch (deadline.unit) {
    case DeadlineUnit::kHours:
      return received + Seconds(std::llround(deadline.amount * 3600.0));
    case DeadlineUnit::kBusinessHours:
      return calendar.add_business_time(received, Seconds(std::llround(deadline.amount * 3600.0)));
    case DeadlineUnit::kBusinessDays:
      return calendar.add_business_days(received, static_cast<int>(std::lround(deadline.amount)));
  }
  return Status::internal("unknown deadline unit");
}

}  // namespace

Result<WorkloadWindowInput> build_workload_grid(const BusinessCalendar& calendar,
                                                const WorkloadGridSpec& spec,
                                                std::span<const double> arriving_hours,
                                                std::span<const BacklogItem> backlog) {
  if (spec.interval_minutes < 1 || spec.interval_minutes > 1440) {
    return Status::invalid_argument("interval minutes " + std::to_string(spec.interval_minutes) +
                                    " must be in 1..1440");
  }
  if (!(spec.deadline.amount >= 0) || spec.deadline.amount > 1e5) {
    return Status::invalid_argument("deadline amount must be in [0, 100000]");
  }
  const Seconds length = std::chrono::minutes(spec.interval_minutes);
  const int count = static_cast<int>(arriving_hours.size());
  WorkloadWindowInput input;
  input.intervals.resize(count);
  for (int i = 0; i < count; ++i) {
    const Instant from = spec.start + i * length;
    WorkloadInterval& in = input.intervals[i];
    in.open_hours = calendar.open_time_between(from, from + length).count() / 3600.0;
    in.arriving_hours = arriving_hours[i];
    in.deadline_interval = i;
    if (arriving_hours[i] > 0) {
      Result<Instant> due = deadline_of(calendar, from, spec.deadline);
      if (!due.is_ok()) return due.status();
      in.deadline_interval = std::max(i, last_interval_ending_by(spec.start, length, *due));
    }
  }
  for (const BacklogItem& item : backlog) {
    input.backlog.push_back({item.hours, last_interval_ending_by(spec.start, length, item.due)});
  }
  return input;
}

}  // namespace tandem::staffing
