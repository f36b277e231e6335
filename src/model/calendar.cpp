// STUB: being implemented (see calendar.h for the contract).
#include "model/calendar.h"

namespace tandem {
struct BusinessCalendar::Impl {};
Result<BusinessCalendar> BusinessCalendar::create(const std::string&, WeeklyHours,
                                                  std::vector<LocalDays>) {
  return Status::internal("not implemented");
}
bool is_known_time_zone(const std::string&) { return true; }
std::optional<TimeOfDay> parse_time_of_day(const std::string&) { return std::nullopt; }
std::optional<LocalDays> parse_local_date(const std::string&) { return std::nullopt; }
}  // namespace tandem
