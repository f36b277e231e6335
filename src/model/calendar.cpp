// SPDX-License-Identifier: Apache-2.0
// BusinessCalendar: opening hours, holidays and business-time arithmetic in a site's time zone.
// Local <-> UTC conversion goes through Howard Hinnant's date library (the zone pointer is looked
// up once in create()); long spans are walked one local day at a time, never per minute.
#include "model/calendar.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <exception>
#include <sstream>

namespace tandem {

namespace {

namespace chr = std::chrono;

// Local dates further apart than this without any open time make the search give up.
constexpr int kSearchLimitDays = 3660;  // ~10 years

date::local_seconds to_date_local(LocalSeconds t) {
  return date::local_seconds{t.time_since_epoch()};
}

LocalSeconds from_date_local(date::local_seconds t) { return LocalSeconds{t.time_since_epoch()}; }

LocalDays local_day_of(LocalSeconds t) { return chr::floor<chr::days>(t); }

std::string format_time_of_day(TimeOfDay t) {
  const auto m = t.count();
  std::string out(5, '0');
  out[0] = static_cast<char>('0' + (m / 60) / 10);
  out[1] = static_cast<char>('0' + (m / 60) % 10);
  out[2] = ':';
  out[3] = static_cast<char>('0' + (m % 60) / 10);
  out[4] = static_cast<char>('0' + (m % 60) % 10);
  return out;
}

const char* const kDayNames[7] = {"monday", "tuesday",  "wednesday", "thursday",
                                  "friday", "saturday", "sunday"};

bool all_digits(const std::string& s, size_t from, size_t count) {
  for (size_t i = from; i < from + count; ++i)
    if (std::isdigit(static_cast<unsigned char>(s[i])) == 0) return false;
  return true;
}

int digits_value(const std::string& s, size_t from, size_t count) {
  int v = 0;
  for (size_t i = from; i < from + count; ++i) v = v * 10 + (s[i] - '0');
  return v;
}

}  // namespace

WeeklyHours WeeklyHours::always_open() {
  WeeklyHours h;
  for (auto& day : h.days) day.push_back({TimeOfDay{0}, TimeOfDay{24 * 60}});
  return h;
}

int iso_weekday_index(LocalDays day) {
  return static_cast<int>(chr::weekday{day}.iso_encoding()) - 1;
}

std::optional<TimeOfDay> parse_time_of_day(const std::string& text) {
  if (text.size() != 5 || text[2] != ':' || !all_digits(text, 0, 2) || !all_digits(text, 3, 2))
    return std::nullopt;
  const int hours = digits_value(text, 0, 2);
  const int minutes = digits_value(text, 3, 2);
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) return std::nullopt;
  return TimeOfDay{hours * 60 + minutes};
}

std::optional<LocalDays> parse_local_date(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !all_digits(text, 0, 4) ||
      !all_digits(text, 5, 2) || !all_digits(text, 8, 2))
    return std::nullopt;
  const chr::year_month_day ymd{chr::year{digits_value(text, 0, 4)},
                                chr::month{static_cast<unsigned>(digits_value(text, 5, 2))},
                                chr::day{static_cast<unsigned>(digits_value(text, 8, 2))}};
  if (!ymd.ok()) return std::nullopt;
  return LocalDays{ymd};
}

std::string format_local_date(LocalDays day) {
  const chr::year_month_day ymd{day};
  return fmt::format("{:04d}-{:02d}-{:02d}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
}

namespace {

const date::time_zone* find_zone(const std::string& name) {
  if (name.empty()) return nullptr;
  try {
    return date::locate_zone(name);
  } catch (const std::exception&) {
    return nullptr;
  }
}

}  // namespace

bool is_known_time_zone(const std::string& name) { return find_zone(name) != nullptr; }

struct BusinessCalendar::Impl {
  std::string time_zone;
  const date::time_zone* zone = nullptr;  // owned by the date library's database (static)
  WeeklyHours hours;
  std::vector<LocalDays> holidays;  // sorted, unique

  LocalSeconds to_local(Instant t) const { return from_date_local(zone->to_local(t)); }

  Instant to_instant(LocalSeconds local) const {
    const date::local_info info = zone->get_info(to_date_local(local));
    switch (info.result) {
      case date::local_info::unique:
      case date::local_info::ambiguous:  // the earlier instant: the offset before the fold
        return Instant{local.time_since_epoch() - info.first.offset};
      case date::local_info::nonexistent:  // the first instant after the gap
        return info.second.begin;
    }
    return Instant{local.time_since_epoch() - info.first.offset};
  }

  bool is_holiday(LocalDays day) const {
    return std::binary_search(holidays.begin(), holidays.end(), day);
  }

  const std::vector<OpeningWindow>& windows(LocalDays day) const {
    return hours.days[static_cast<size_t>(iso_weekday_index(day))];
  }

  bool is_business_day(LocalDays day) const { return !windows(day).empty() && !is_holiday(day); }

  // Calls fn(begin, end) for each non-empty open period of `day`, in time order. Returns false
  // (and stops) as soon as fn returns false.
  template <class Fn>
  bool for_each_period(LocalDays day, Fn&& fn) const {
    if (!is_business_day(day)) return true;
    const LocalSeconds midnight{day};
    for (const OpeningWindow& w : windows(day)) {
      const Instant begin = to_instant(midnight + w.open);
      const Instant end = to_instant(midnight + w.close);
      if (begin >= end) continue;  // e.g. a window lying entirely inside a DST gap
      if (!fn(begin, end)) return false;
    }
    return true;
  }

  // The close of business of `day` (end of its last open period), if it has any.
  std::optional<Instant> close_of(LocalDays day) const {
    std::optional<Instant> close;
    for_each_period(day, [&](Instant, Instant end) {
      close = end;
      return true;
    });
    return close;
  }

  // The first local day whose periods may contain t. A period of day D can end after local
  // midnight of D+1 (a 24:00 close falling into a gap), hence the day before.
  LocalDays first_day_touching(Instant t) const { return local_day_of(to_local(t)) - chr::days{1}; }
};

Result<BusinessCalendar> BusinessCalendar::create(const std::string& time_zone, WeeklyHours hours,
                                                  std::vector<LocalDays> holidays) {
  const date::time_zone* zone = find_zone(time_zone);
  if (zone == nullptr)
    return Status::invalid_argument("unknown time zone '" + time_zone +
                                    "' (expected an IANA name such as Europe/London)");
  for (size_t d = 0; d < hours.days.size(); ++d) {
    const auto& ws = hours.days[d];
    for (size_t i = 0; i < ws.size(); ++i) {
      const OpeningWindow& w = ws[i];
      const std::string where = std::string(kDayNames[d]) + " window " +
                                format_time_of_day(w.open) + "-" + format_time_of_day(w.close);
      if (w.open < TimeOfDay{0} || w.close > TimeOfDay{24 * 60})
        return Status::invalid_argument(where + ": times must lie within 00:00..24:00");
      if (w.open >= w.close)
        return Status::invalid_argument(where + ": opening must be before closing");
      if (i > 0 && ws[i - 1].close > w.open)
        return Status::invalid_argument(where +
                                        ": windows of a day must be sorted and not overlap");
    }
  }
  auto impl = std::make_shared<Impl>();
  impl->time_zone = time_zone;
  impl->zone = zone;
  impl->hours = std::move(hours);
  std::sort(holidays.begin(), holidays.end());
  holidays.erase(std::unique(holidays.begin(), holidays.end()), holidays.end());
  impl->holidays = std::move(holidays);
  return BusinessCalendar(std::move(impl));
}

const std::string& BusinessCalendar::time_zone() const { return impl_->time_zone; }
const WeeklyHours& BusinessCalendar::hours() const { return impl_->hours; }

LocalSeconds BusinessCalendar::to_local(Instant t) const { return impl_->to_local(t); }
Instant BusinessCalendar::to_instant(LocalSeconds local) const { return impl_->to_instant(local); }

bool BusinessCalendar::is_holiday(LocalDays day) const { return impl_->is_holiday(day); }
bool BusinessCalendar::is_business_day(LocalDays day) const { return impl_->is_business_day(day); }

bool BusinessCalendar::is_open(Instant t) const {
  bool open = false;
  const LocalDays first = impl_->first_day_touching(t);
  for (LocalDays day = first; day <= first + chr::days{1} && !open; day += chr::days{1}) {
    impl_->for_each_period(day, [&](Instant begin, Instant end) {
      if (begin <= t && t < end) open = true;
      return !open && begin <= t;
    });
  }
  return open;
}

std::vector<std::pair<Instant, Instant>> BusinessCalendar::open_periods(LocalDays day) const {
  std::vector<std::pair<Instant, Instant>> out;
  impl_->for_each_period(day, [&](Instant begin, Instant end) {
    out.emplace_back(begin, end);
    return true;
  });
  return out;
}

Seconds BusinessCalendar::open_time_between(Instant from, Instant to) const {
  if (to <= from) return Seconds{0};
  Seconds total{0};
  const LocalDays last = local_day_of(impl_->to_local(to));
  for (LocalDays day = impl_->first_day_touching(from); day <= last; day += chr::days{1}) {
    impl_->for_each_period(day, [&](Instant begin, Instant end) {
      const Instant a = std::max(begin, from);
      const Instant b = std::min(end, to);
      if (a < b) total += b - a;
      return true;
    });
  }
  return total;
}

Result<Instant> BusinessCalendar::add_business_time(Instant from, Seconds open_time) const {
  if (open_time <= Seconds{0}) return from;
  Seconds remaining = open_time;
  std::optional<Instant> result;
  int days_without_open_time = 0;
  for (LocalDays day = impl_->first_day_touching(from); !result; day += chr::days{1}) {
    bool any = false;
    impl_->for_each_period(day, [&](Instant begin, Instant end) {
      const Instant a = std::max(begin, from);
      if (a >= end) return true;
      any = true;
      if (remaining <= end - a) {
        result = a + remaining;
        return false;
      }
      remaining -= end - a;
      return true;
    });
    days_without_open_time = any ? 0 : days_without_open_time + 1;
    if (!result && days_without_open_time > kSearchLimitDays)
      return Status::invalid_argument("no open time within 10 years in calendar '" +
                                      impl_->time_zone + "'");
  }
  return *result;
}

Result<Instant> BusinessCalendar::next_open(Instant t) const {
  const LocalDays first = impl_->first_day_touching(t);
  for (LocalDays day = first; day <= first + chr::days{kSearchLimitDays}; day += chr::days{1}) {
    std::optional<Instant> found;
    impl_->for_each_period(day, [&](Instant begin, Instant end) {
      if (end > t) found = std::max(begin, t);
      return !found;
    });
    if (found) return *found;
  }
  return Status::invalid_argument("no open time within 10 years in calendar '" + impl_->time_zone +
                                  "'");
}

Result<Instant> BusinessCalendar::add_business_days(Instant received, int days) const {
  if (days < 0)
    return Status::invalid_argument("business days must be >= 0 (got " + std::to_string(days) +
                                    ")");
  LocalDays day = local_day_of(impl_->to_local(received));
  const std::optional<Instant> close0 = impl_->close_of(day);
  // Day 0: the receipt's date if it is a business day and the receipt is before its close.
  int to_skip = (close0 && received < *close0) ? days : days + 1;
  std::optional<Instant> close = to_skip == 0 ? close0 : std::nullopt;
  int days_without_business = 0;
  while (to_skip > 0) {
    day += chr::days{1};
    close = impl_->close_of(day);
    if (close) {
      --to_skip;
      days_without_business = 0;
    } else if (++days_without_business > kSearchLimitDays) {
      return Status::invalid_argument("no business day within 10 years in calendar '" +
                                      impl_->time_zone + "'");
    }
  }
  return *close;
}

std::vector<int> parse_day_spec(const std::string& spec) {
  static constexpr const char* kNames[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  auto index = [](const std::string& name) {
    for (int i = 0; i < 7; ++i)
      if (name == kNames[i]) return i;
    return -1;
  };
  if (spec == "daily") return {0, 1, 2, 3, 4, 5, 6};
  if (spec == "weekdays") return {0, 1, 2, 3, 4};
  if (spec == "weekend") return {5, 6};
  if (auto dash = spec.find('-'); dash != std::string::npos) {
    const int a = index(spec.substr(0, dash));
    const int b = index(spec.substr(dash + 1));
    if (a < 0 || b < 0 || b < a) return {};
    std::vector<int> out;
    for (int i = a; i <= b; ++i) out.push_back(i);
    return out;
  }
  if (int i = index(spec); i >= 0) return {i};
  return {};
}

bool parse_opening_windows(const std::string& text, std::vector<OpeningWindow>& out) {
  std::stringstream ss(text);
  std::string part;
  while (std::getline(ss, part, ',')) {
    part.erase(0, part.find_first_not_of(' '));
    part.erase(part.find_last_not_of(' ') + 1);
    const auto dash = part.find('-');
    if (dash == std::string::npos) return false;
    auto open = parse_time_of_day(part.substr(0, dash));
    auto close = parse_time_of_day(part.substr(dash + 1));
    if (!open || !close || *close <= *open) return false;
    if (!out.empty() && out.back().close > *open) return false;
    out.push_back({*open, *close});
  }
  return !out.empty();
}

}  // namespace tandem
