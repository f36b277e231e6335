// SPDX-License-Identifier: Apache-2.0
// Opening hours, holidays and the business clock of one site, in its time zone (IANA name,
// DST-aware through Howard Hinnant's date library and /usr/share/zoneinfo).
//
// Business time counts only open time: "within 8 business hours" skips nights, weekends,
// holidays and closed hours. "Within N business days": day 0 is the receipt's local date when
// it is a business day and the receipt comes before that day's close, otherwise the next
// business day; the deadline is the close of business of the N-th business day after day 0
// (N = 0: the close of day 0). "Next business day" is N = 1.
//
// Thread safety: a BusinessCalendar is immutable after create(); share it freely.
#pragma once

#include <array>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "model/status.h"
#include "model/time.h"

namespace tandem {

// One open period of a day in local time, [open, close), close <= 24:00.
struct OpeningWindow {
  TimeOfDay open{0};
  TimeOfDay close{0};
  friend bool operator==(const OpeningWindow&, const OpeningWindow&) = default;
};

// Opening hours per weekday; index 0 = Monday ... 6 = Sunday (ISO order).
// An empty day is closed. Windows of one day are sorted and do not overlap.
struct WeeklyHours {
  std::array<std::vector<OpeningWindow>, 7> days;
  static WeeklyHours always_open();
};

// ISO weekday index of a local date: 0 = Monday ... 6 = Sunday.
int iso_weekday_index(LocalDays day);

// Parses "HH:MM" (00:00..24:00).
std::optional<TimeOfDay> parse_time_of_day(const std::string& text);
// Parses "YYYY-MM-DD" (a valid calendar date).
std::optional<LocalDays> parse_local_date(const std::string& text);
// "YYYY-MM-DD", the form parse_local_date reads.
std::string format_local_date(LocalDays day);
// Parses a day spec: mon..sun, a range such as mon-fri, weekdays, weekend or daily, into ISO
// weekday indexes (0 = Monday); empty when it is none of these.
std::vector<int> parse_day_spec(const std::string& spec);
// Parses "HH:MM-HH:MM[, HH:MM-HH:MM ...]" (each opening before it closes, sorted, not
// overlapping) into `out`; false when the text is not of that form.
bool parse_opening_windows(const std::string& text, std::vector<OpeningWindow>& out);
// True when `name` is an IANA time zone known to the system database.
bool is_known_time_zone(const std::string& name);

class BusinessCalendar {
 public:
  // Fails with InvalidArgument for an unknown time zone or overlapping/unsorted windows.
  static Result<BusinessCalendar> create(const std::string& time_zone, WeeklyHours hours,
                                         std::vector<LocalDays> holidays);

  const std::string& time_zone() const;
  const WeeklyHours& hours() const;

  // Local wall-clock time of an instant, and back. A local time that does not exist (the
  // spring-forward gap) maps to the first instant after the gap; an ambiguous one (the
  // autumn fold) maps to the earlier instant.
  LocalSeconds to_local(Instant t) const;
  Instant to_instant(LocalSeconds local) const;

  bool is_holiday(LocalDays day) const;
  // A business day has opening hours and is not a holiday.
  bool is_business_day(LocalDays day) const;
  bool is_open(Instant t) const;

  // The open windows of one local date as UTC instants (empty on a closed day).
  std::vector<std::pair<Instant, Instant>> open_periods(LocalDays day) const;

  // Open time in [from, to) (zero if to <= from).
  Seconds open_time_between(Instant from, Instant to) const;
  // The instant at which `open_time` of business time has elapsed after `from`.
  // open_time = 0 gives `from` itself. Fails only if no open time exists within 10 years.
  Result<Instant> add_business_time(Instant from, Seconds open_time) const;
  // The deadline "within N business days" of a receipt at `received` (see above).
  Result<Instant> add_business_days(Instant received, int days) const;
  // The first open instant at or after t (t itself when open).
  Result<Instant> next_open(Instant t) const;

 private:
  struct Impl;
  explicit BusinessCalendar(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace tandem
