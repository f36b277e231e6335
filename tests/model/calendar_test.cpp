// SPDX-License-Identifier: Apache-2.0
// BusinessCalendar: parsing, opening hours, business time and business days, across weekends,
// holidays and the DST changes of Europe/London and America/New_York. Every expectation is an
// exact instant worked out by hand (the comments show the local times).
#include "model/calendar.h"

#include <gtest/gtest.h>

#include <chrono>

namespace tandem {
namespace {

namespace chr = std::chrono;
using chr::hours;
using chr::minutes;

LocalDays date(int y, unsigned m, unsigned d) {
  return LocalDays{chr::year_month_day{chr::year{y}, chr::month{m}, chr::day{d}}};
}

// A UTC instant.
Instant utc(int y, unsigned m, unsigned d, int h, int min = 0) {
  return Instant{chr::sys_days{chr::year_month_day{chr::year{y}, chr::month{m}, chr::day{d}}}} +
         hours{h} + minutes{min};
}

LocalSeconds local(int y, unsigned m, unsigned d, int h, int min = 0) {
  return LocalSeconds{date(y, m, d)} + hours{h} + minutes{min};
}

OpeningWindow window(int open_h, int close_h) { return {hours{open_h}, hours{close_h}}; }

// Mon-Fri with one window.
WeeklyHours weekdays(int open_h, int close_h) {
  WeeklyHours h;
  for (int d = 0; d < 5; ++d) h.days[d] = {window(open_h, close_h)};
  return h;
}

// A contact centre open every day: Mon-Fri 08-20, Sat 09-17, Sun 10-16.
WeeklyHours seven_days() {
  WeeklyHours h = weekdays(8, 20);
  h.days[5] = {window(9, 17)};
  h.days[6] = {window(10, 16)};
  return h;
}

// England and Wales bank holidays 2026.
std::vector<LocalDays> uk_holidays_2026() {
  return {date(2026, 1, 1),  date(2026, 4, 3),  date(2026, 4, 6),   date(2026, 5, 4),
          date(2026, 5, 25), date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 28)};
}

BusinessCalendar make(const std::string& zone, WeeklyHours h, std::vector<LocalDays> hol = {}) {
  auto r = BusinessCalendar::create(zone, std::move(h), std::move(hol));
  EXPECT_TRUE(r.is_ok()) << r.status().message();
  return *r;
}

// London office Mon-Fri 09:00-17:00 with the 2026 bank holidays.
BusinessCalendar london_office() {
  return make("Europe/London", weekdays(9, 17), uk_holidays_2026());
}

Instant value(const Result<Instant>& r) {
  EXPECT_TRUE(r.is_ok()) << r.status().message();
  return r.is_ok() ? *r : Instant{};
}

// ---- parsing ----

TEST(CalendarParsing, TimeOfDay) {
  EXPECT_EQ(parse_time_of_day("08:30"), TimeOfDay{510});
  EXPECT_EQ(parse_time_of_day("00:00"), TimeOfDay{0});
  EXPECT_EQ(parse_time_of_day("24:00"), TimeOfDay{1440});
  EXPECT_EQ(parse_time_of_day("23:59"), TimeOfDay{1439});
  for (const char* bad :
       {"24:01", "25:00", "12:60", "8:30", "08-30", "0830", "ab:cd", "", "08:30 "})
    EXPECT_FALSE(parse_time_of_day(bad).has_value()) << bad;
}

TEST(CalendarParsing, LocalDate) {
  EXPECT_EQ(parse_local_date("2026-06-01"), date(2026, 6, 1));
  EXPECT_EQ(parse_local_date("2028-02-29"), date(2028, 2, 29));
  for (const char* bad : {"2026-02-29", "2026-13-01", "2026-04-31", "2026-1-01", "26-01-01",
                          "2026/01/01", "2026-01-01T00:00", ""})
    EXPECT_FALSE(parse_local_date(bad).has_value()) << bad;
}

TEST(CalendarParsing, IsoWeekday) {
  EXPECT_EQ(iso_weekday_index(date(2026, 6, 1)), 0);  // Monday
  EXPECT_EQ(iso_weekday_index(date(2026, 6, 6)), 5);  // Saturday
  EXPECT_EQ(iso_weekday_index(date(2026, 6, 7)), 6);  // Sunday
}

// ---- create ----

TEST(CalendarCreate, UnknownTimeZoneRejected) {
  EXPECT_TRUE(is_known_time_zone("Europe/London"));
  EXPECT_TRUE(is_known_time_zone("America/New_York"));
  EXPECT_FALSE(is_known_time_zone("Europe/Londn"));
  EXPECT_FALSE(is_known_time_zone(""));
  auto r = BusinessCalendar::create("Mars/Olympus_Mons", weekdays(9, 17), {});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "unknown time zone 'Mars/Olympus_Mons' (expected an IANA name such as Europe/London)");
}

TEST(CalendarCreate, OverlappingOrEmptyWindowsRejected) {
  WeeklyHours overlap;
  overlap.days[2] = {window(8, 12), window(11, 14)};
  auto r = BusinessCalendar::create("Europe/London", overlap, {});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().message(),
            "wednesday window 11:00-14:00: windows of a day must be sorted and not overlap");

  WeeklyHours empty;
  empty.days[0] = {window(9, 9)};
  r = BusinessCalendar::create("Europe/London", empty, {});
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().message(), "monday window 09:00-09:00: opening must be before closing");

  WeeklyHours touching;
  touching.days[0] = {window(8, 12), window(12, 14)};
  EXPECT_TRUE(BusinessCalendar::create("Europe/London", touching, {}).is_ok());
}

// ---- is_open / business days ----

TEST(CalendarOpen, OpenOnlyInsideWindowsOnBusinessDays) {
  const auto cal = london_office();
  // Monday 2026-06-01, BST (UTC+1): 09:00 local = 08:00 UTC.
  EXPECT_FALSE(cal.is_open(utc(2026, 6, 1, 7, 59)));
  EXPECT_TRUE(cal.is_open(utc(2026, 6, 1, 8, 0)));
  EXPECT_TRUE(cal.is_open(utc(2026, 6, 1, 15, 59)));
  EXPECT_FALSE(cal.is_open(utc(2026, 6, 1, 16, 0)));  // 17:00 local: closed
  EXPECT_FALSE(cal.is_open(utc(2026, 6, 6, 12)));     // Saturday
  EXPECT_FALSE(cal.is_open(utc(2026, 8, 31, 10)));    // summer bank holiday
  // January is GMT: 09:00 local = 09:00 UTC.
  EXPECT_FALSE(cal.is_open(utc(2026, 1, 5, 8, 59)));
  EXPECT_TRUE(cal.is_open(utc(2026, 1, 5, 9, 0)));

  EXPECT_TRUE(cal.is_holiday(date(2026, 8, 31)));
  EXPECT_FALSE(cal.is_business_day(date(2026, 8, 31)));
  EXPECT_FALSE(cal.is_business_day(date(2026, 8, 29)));  // Saturday
  EXPECT_TRUE(cal.is_business_day(date(2026, 9, 1)));
}

TEST(CalendarOpen, OpenPeriodsAsUtcInstants) {
  const auto cal = london_office();
  const auto p = cal.open_periods(date(2026, 6, 1));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p[0].first, utc(2026, 6, 1, 8));
  EXPECT_EQ(p[0].second, utc(2026, 6, 1, 16));
  EXPECT_TRUE(cal.open_periods(date(2026, 8, 31)).empty());
  EXPECT_TRUE(cal.open_periods(date(2026, 6, 7)).empty());
}

TEST(CalendarOpen, NextOpen) {
  const auto cal = london_office();
  // Saturday 29 Aug noon -> Monday is a holiday -> Tuesday 1 Sep 09:00 BST.
  EXPECT_EQ(value(cal.next_open(utc(2026, 8, 29, 11))), utc(2026, 9, 1, 8));
  EXPECT_EQ(value(cal.next_open(utc(2026, 9, 1, 10))), utc(2026, 9, 1, 10));  // open: itself
  EXPECT_EQ(value(cal.next_open(utc(2026, 9, 1, 16))), utc(2026, 9, 2, 8));   // at close
}

// ---- business hours ----

TEST(CalendarBusinessTime, SkipsNightsWeekendsAndHolidays) {
  const auto cal = london_office();
  // Fri 5 Jun 15:00 BST + 8 h: 2 h on Friday, 6 h on Monday -> Mon 8 Jun 15:00 BST.
  EXPECT_EQ(value(cal.add_business_time(utc(2026, 6, 5, 14), hours{8})), utc(2026, 6, 8, 14));
  // Tue 2 Jun 22:00 BST (night) + 1 h -> Wed 10:00 BST.
  EXPECT_EQ(value(cal.add_business_time(utc(2026, 6, 2, 21), hours{1})), utc(2026, 6, 3, 9));
  // Fri 28 Aug 16:00 BST + 4 h: 1 h Friday, Monday 31 Aug is a holiday, 3 h Tuesday.
  EXPECT_EQ(value(cal.add_business_time(utc(2026, 8, 28, 15), hours{4})), utc(2026, 9, 1, 11));
  // Ending exactly at a close gives the close, not the next opening.
  EXPECT_EQ(value(cal.add_business_time(utc(2026, 6, 1, 8), hours{8})), utc(2026, 6, 1, 16));
  // Zero business time: `from` itself, even when closed.
  EXPECT_EQ(value(cal.add_business_time(utc(2026, 6, 6, 3), Seconds{0})), utc(2026, 6, 6, 3));

  EXPECT_EQ(cal.open_time_between(utc(2026, 6, 5, 14), utc(2026, 6, 8, 14)), hours{8});
  EXPECT_EQ(cal.open_time_between(utc(2026, 8, 28, 15), utc(2026, 9, 1, 11)), hours{4});
  EXPECT_EQ(cal.open_time_between(utc(2026, 6, 8, 14), utc(2026, 6, 5, 14)), Seconds{0});
}

TEST(CalendarBusinessTime, WholeYearCountsEveryDayOnce) {
  const auto cal = london_office();
  // 2026: 261 weekdays, 8 of them bank holidays -> 253 days x 8 h, DST changes included.
  EXPECT_EQ(cal.open_time_between(utc(2025, 12, 31, 18), utc(2027, 1, 1, 0)), hours{253 * 8});
}

TEST(CalendarBusinessTime, AddAndMeasureAreInverse) {
  const auto cal = make("Europe/London", seven_days(), uk_holidays_2026());
  for (Instant from = utc(2026, 3, 20, 3, 17); from < utc(2026, 4, 10, 0); from += hours{29}) {
    for (const Seconds span :
         {Seconds{1}, Seconds{3600}, Seconds{8 * 3600 + 59}, Seconds{200000}}) {
      const Instant to = value(cal.add_business_time(from, span));
      EXPECT_EQ(cal.open_time_between(from, to), span);
      EXPECT_TRUE(cal.is_open(to - Seconds{1}));
    }
  }
}

TEST(CalendarBusinessTime, NoOpenTimeFails) {
  const auto cal = make("Europe/London", WeeklyHours{}, {});
  const auto time = cal.add_business_time(utc(2026, 6, 1, 0), hours{1});
  const auto open = cal.next_open(utc(2026, 6, 1, 0));
  const auto days = cal.add_business_days(utc(2026, 6, 1, 0), 1);
  for (const Status* s : {&time.status(), &open.status(), &days.status()}) {
    EXPECT_EQ(s->code(), StatusCode::kInvalidArgument);
    EXPECT_NE(s->message().find("within 10 years in calendar 'Europe/London'"), std::string::npos)
        << s->message();
  }
  EXPECT_FALSE(time.is_ok());
  EXPECT_FALSE(open.is_ok());
  EXPECT_FALSE(days.is_ok());
}

// ---- business days ----

TEST(CalendarBusinessDays, FiveDaysOverWeekendAndHoliday) {
  const auto cal = london_office();
  // Thu 27 Aug 10:00 BST: day 0 = Thu; Fri 28 (1), [Sat, Sun, Mon 31 holiday], Tue 1 Sep (2),
  // Wed (3), Thu (4), Fri 4 Sep (5) -> 17:00 BST.
  EXPECT_EQ(value(cal.add_business_days(utc(2026, 8, 27, 9), 5)), utc(2026, 9, 4, 16));
}

TEST(CalendarBusinessDays, ReceivedAfterCloseStartsNextBusinessDay) {
  const auto cal = london_office();
  // Thu 27 Aug 18:00 BST: day 0 = Fri 28; Tue (1) Wed (2) Thu (3) Fri (4) Mon 7 Sep (5).
  EXPECT_EQ(value(cal.add_business_days(utc(2026, 8, 27, 17), 5)), utc(2026, 9, 7, 16));
  // Exactly at the close counts as after it.
  EXPECT_EQ(value(cal.add_business_days(utc(2026, 8, 27, 16), 5)), utc(2026, 9, 7, 16));
  // Before the opening counts as that day.
  EXPECT_EQ(value(cal.add_business_days(utc(2026, 8, 27, 5), 5)), utc(2026, 9, 4, 16));
}

TEST(CalendarBusinessDays, ReceivedOnSaturday) {
  const auto cal = london_office();
  // Sat 29 Aug: day 0 = Tue 1 Sep (Mon is a holiday); +5 = Tue 8 Sep 17:00 BST.
  EXPECT_EQ(value(cal.add_business_days(utc(2026, 8, 29, 11), 5)), utc(2026, 9, 8, 16));
}

TEST(CalendarBusinessDays, ZeroAndNextBusinessDay) {
  const auto cal = london_office();
  // N = 0: close of day 0.
  EXPECT_EQ(value(cal.add_business_days(utc(2026, 8, 27, 9), 0)), utc(2026, 8, 27, 16));
  EXPECT_EQ(value(cal.add_business_days(utc(2026, 8, 29, 11), 0)), utc(2026, 9, 1, 16));
  // N = 1 ("next business day"): Fri 28 Aug 10:00 -> Tue 1 Sep 17:00 BST.
  EXPECT_EQ(value(cal.add_business_days(utc(2026, 8, 28, 9), 1)), utc(2026, 9, 1, 16));
  EXPECT_FALSE(cal.add_business_days(utc(2026, 8, 28, 9), -1).is_ok());
}

// ---- DST: Europe/London (2026-03-29 01:00 UTC spring forward, 2026-10-25 01:00 UTC back) ----

TEST(CalendarDstLondon, BusinessHoursAcrossSpringForward) {
  const auto cal = make("Europe/London", seven_days());
  // Sat 28 Mar 15:00 GMT + 10 h: Sat 2 h (to 17:00 GMT), Sun 29 10:00-16:00 BST 6 h,
  // Mon 30 08:00 BST + 2 h = 10:00 BST = 09:00 UTC.
  EXPECT_EQ(value(cal.add_business_time(utc(2026, 3, 28, 15), hours{10})), utc(2026, 3, 30, 9));
  EXPECT_EQ(cal.open_time_between(utc(2026, 3, 28, 15), utc(2026, 3, 30, 9)), hours{10});
  const auto sunday = cal.open_periods(date(2026, 3, 29));
  ASSERT_EQ(sunday.size(), 1u);
  EXPECT_EQ(sunday[0].first, utc(2026, 3, 29, 9));
  EXPECT_EQ(sunday[0].second, utc(2026, 3, 29, 15));
}

TEST(CalendarDstLondon, BusinessHoursAcrossFallBack) {
  const auto cal = make("Europe/London", seven_days());
  // Sat 24 Oct 15:00 BST + 10 h: Sat 2 h, Sun 25 10:00-16:00 GMT 6 h, Mon 26 08:00 GMT + 2 h.
  EXPECT_EQ(value(cal.add_business_time(utc(2026, 10, 24, 14), hours{10})), utc(2026, 10, 26, 10));
  EXPECT_EQ(cal.open_time_between(utc(2026, 10, 24, 14), utc(2026, 10, 26, 10)), hours{10});
}

TEST(CalendarDstLondon, OpenTimeOverAChangeIsExact) {
  // Open 00:00-06:00 and 09:00-17:00 every day: the night window holds the change.
  WeeklyHours h;
  for (auto& d : h.days) d = {window(0, 6), window(9, 17)};
  const auto cal = make("Europe/London", h);
  // 29 Mar: 00:00 GMT -> 06:00 BST is 5 h; 09-17 is 8 h.
  EXPECT_EQ(cal.open_time_between(utc(2026, 3, 28, 12), utc(2026, 3, 29, 23)), hours{5 + 5 + 8});
  // 25 Oct: 00:00 BST -> 06:00 GMT is 7 h.
  EXPECT_EQ(cal.open_time_between(utc(2026, 10, 24, 16), utc(2026, 10, 25, 23)), hours{7 + 8});
  // A whole always-open local day: 23 h in March, 25 h in October.
  const auto always = make("Europe/London", WeeklyHours::always_open());
  EXPECT_EQ(always.open_time_between(always.to_instant(local(2026, 3, 29, 0)),
                                     always.to_instant(local(2026, 3, 30, 0))),
            hours{23});
  EXPECT_EQ(always.open_time_between(always.to_instant(local(2026, 10, 25, 0)),
                                     always.to_instant(local(2026, 10, 26, 0))),
            hours{25});
}

TEST(CalendarDstLondon, GapAndFold) {
  const auto cal = make("Europe/London", seven_days());
  // Gap: 01:00-02:00 local on 29 Mar does not exist -> the first instant after it, 01:00 UTC.
  EXPECT_EQ(cal.to_instant(local(2026, 3, 29, 1, 30)), utc(2026, 3, 29, 1));
  EXPECT_EQ(cal.to_local(utc(2026, 3, 29, 1)), local(2026, 3, 29, 2));
  EXPECT_EQ(cal.to_local(utc(2026, 3, 29, 0, 59)), local(2026, 3, 29, 0, 59));
  // Fold: 01:30 local on 25 Oct happens twice -> the earlier, 01:30 BST = 00:30 UTC.
  EXPECT_EQ(cal.to_instant(local(2026, 10, 25, 1, 30)), utc(2026, 10, 25, 0, 30));
  EXPECT_EQ(cal.to_local(utc(2026, 10, 25, 0, 30)), local(2026, 10, 25, 1, 30));
  EXPECT_EQ(cal.to_local(utc(2026, 10, 25, 1, 30)), local(2026, 10, 25, 1, 30));
  // Ordinary times round-trip.
  EXPECT_EQ(cal.to_instant(local(2026, 7, 1, 12)), utc(2026, 7, 1, 11));
  EXPECT_EQ(cal.to_instant(local(2026, 12, 1, 12)), utc(2026, 12, 1, 12));
}

TEST(CalendarDstLondon, BusinessDaysWithWeekendOpening) {
  const auto cal = make("Europe/London", seven_days());
  // Fri 27 Mar 21:00 GMT (after close): day 0 = Sat 28; +1 = Sun 29, closes 16:00 BST.
  EXPECT_EQ(value(cal.add_business_days(utc(2026, 3, 27, 21), 1)), utc(2026, 3, 29, 15));
  // Sat 24 Oct 10:00 BST: +2 = Mon 26 20:00 GMT.
  EXPECT_EQ(value(cal.add_business_days(utc(2026, 10, 24, 9), 2)), utc(2026, 10, 26, 20));
}

// ---- DST: America/New_York (2026-03-08 07:00 UTC spring forward, 2026-11-01 06:00 UTC back) ----

TEST(CalendarDstNewYork, BusinessHoursAcrossChanges) {
  const auto cal = make("America/New_York", seven_days());
  // Sat 7 Mar 15:00 EST (20:00 UTC) + 10 h: Sat 2 h, Sun 8 10:00-16:00 EDT 6 h,
  // Mon 9 08:00 EDT + 2 h = 10:00 EDT = 14:00 UTC.
  EXPECT_EQ(value(cal.add_business_time(utc(2026, 3, 7, 20), hours{10})), utc(2026, 3, 9, 14));
  // Sat 31 Oct 15:00 EDT (19:00 UTC) + 10 h -> Mon 2 Nov 10:00 EST = 15:00 UTC.
  EXPECT_EQ(value(cal.add_business_time(utc(2026, 10, 31, 19), hours{10})), utc(2026, 11, 2, 15));
  EXPECT_EQ(cal.open_time_between(utc(2026, 10, 31, 19), utc(2026, 11, 2, 15)), hours{10});
  // A week around each change: 5 x 12 + 8 + 6 = 74 h.
  EXPECT_EQ(cal.open_time_between(utc(2026, 3, 2, 0), utc(2026, 3, 9, 0)), hours{74});
  EXPECT_EQ(cal.open_time_between(utc(2026, 10, 26, 0), utc(2026, 11, 2, 0)), hours{74});
}

TEST(CalendarDstNewYork, BusinessDays) {
  const auto cal = make("America/New_York", weekdays(8, 20));
  // Fri 6 Mar 12:00 EST, next business day: Mon 9 Mar 20:00 EDT = Tue 00:00 UTC.
  EXPECT_EQ(value(cal.add_business_days(utc(2026, 3, 6, 17), 1)), utc(2026, 3, 10, 0));
  // Fri 30 Oct 12:00 EDT, T+1: Mon 2 Nov 20:00 EST = Tue 01:00 UTC.
  EXPECT_EQ(value(cal.add_business_days(utc(2026, 10, 30, 16), 1)), utc(2026, 11, 3, 1));
}

TEST(CalendarDstNewYork, GapAndFold) {
  WeeklyHours h;
  h.days[6] = {{hours{2} + minutes{30}, hours{4}}, {hours{5}, hours{5} + minutes{30}}};
  const auto cal = make("America/New_York", h);
  // Gap: 02:30 on 8 Mar does not exist -> 03:00 EDT = 07:00 UTC.
  EXPECT_EQ(cal.to_instant(local(2026, 3, 8, 2, 30)), utc(2026, 3, 8, 7));
  // Fold: 01:30 on 1 Nov -> the earlier, 01:30 EDT = 05:30 UTC; 06:30 UTC is 01:30 EST.
  EXPECT_EQ(cal.to_instant(local(2026, 11, 1, 1, 30)), utc(2026, 11, 1, 5, 30));
  EXPECT_EQ(cal.to_local(utc(2026, 11, 1, 6, 30)), local(2026, 11, 1, 1, 30));
  // A window opening inside the gap opens when the gap ends: 03:00-04:00 EDT is 1 h.
  const auto p = cal.open_periods(date(2026, 3, 8));
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p[0].first, utc(2026, 3, 8, 7));
  EXPECT_EQ(p[0].second, utc(2026, 3, 8, 8));
  EXPECT_EQ(cal.open_time_between(utc(2026, 3, 7, 0), utc(2026, 3, 9, 0)), minutes{90});
  EXPECT_TRUE(cal.is_open(utc(2026, 3, 8, 7)));
  EXPECT_FALSE(cal.is_open(utc(2026, 3, 8, 6, 59)));
}

}  // namespace
}  // namespace tandem
