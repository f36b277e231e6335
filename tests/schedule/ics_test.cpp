// SPDX-License-Identifier: Apache-2.0
// The .ics export (schedule/ics.h) read back by libical: no parse errors, a VTIMEZONE for the
// site's zone, and shift times that land on the right UTC instants in the weeks the clocks
// change (Europe/London: last Sundays of March and October 2026).
#include "schedule/ics.h"

#include <gtest/gtest.h>
#include <libical/ical.h>

#include <chrono>
#include <ctime>
#include <string>
#include <vector>

namespace tandem::schedule {
namespace {

using namespace std::chrono;

struct ShiftSpec {
  int day;
  int start;  // minutes of the local day
  int end;    // minutes from the local midnight of `day` (may pass 24:00)
};

std::string ics_of(LocalDays start_date, const std::vector<ShiftSpec>& shifts,
                   const std::string& zone = "Europe/London") {
  ScheduleProblem p;
  p.start_date = start_date;
  p.days = 7;
  ScheduleAgent a;
  a.id = "ann";
  a.name = "Ann Example";
  p.agents.push_back(a);
  ScheduleResult r;
  for (const ShiftSpec& s : shifts) {
    AgentShift sh;
    sh.agent = 0;
    sh.template_id = "early";
    sh.day = s.day;
    sh.start_minute = s.day * 1440 + s.start;
    sh.end_minute = s.day * 1440 + s.end;
    sh.activities.push_back({ActivityKind::kPhones, "voice", sh.start_minute, sh.end_minute});
    r.shifts.push_back(sh);
  }
  return agent_ics(p, r, 0, zone);
}

// UTC seconds since the epoch of a UTC wall-clock time.
std::time_t utc(int y, unsigned m, unsigned d, int hh, int mm) {
  return system_clock::to_time_t(sys_days{year{y} / month{m} / day{d}} + hours{hh} + minutes{mm});
}

struct Parsed {
  icalcomponent* calendar = nullptr;
  std::vector<std::pair<std::time_t, std::time_t>> events;  // DTSTART, DTEND in UTC
  ~Parsed() {
    if (calendar) icalcomponent_free(calendar);
  }
};

// Parses with libical and resolves each event's TZID through the calendar's own VTIMEZONE.
void parse(const std::string& text, Parsed& out) {
  out.calendar = icalparser_parse_string(text.c_str());
  ASSERT_NE(out.calendar, nullptr);
  EXPECT_EQ(icalcomponent_isa(out.calendar), ICAL_VCALENDAR_COMPONENT);
  EXPECT_EQ(icalcomponent_count_errors(out.calendar), 0) << text;
  icalcomponent* vtz = icalcomponent_get_first_component(out.calendar, ICAL_VTIMEZONE_COMPONENT);
  ASSERT_NE(vtz, nullptr) << "no VTIMEZONE";
  icaltimezone* zone = icaltimezone_new();
  ASSERT_EQ(icaltimezone_set_component(zone, icalcomponent_new_clone(vtz)), 1);
  EXPECT_STREQ(icaltimezone_get_tzid(zone), "Europe/London");
  for (icalcomponent* e = icalcomponent_get_first_component(out.calendar, ICAL_VEVENT_COMPONENT);
       e != nullptr; e = icalcomponent_get_next_component(out.calendar, ICAL_VEVENT_COMPONENT)) {
    icalproperty* start = icalcomponent_get_first_property(e, ICAL_DTSTART_PROPERTY);
    icalproperty* end = icalcomponent_get_first_property(e, ICAL_DTEND_PROPERTY);
    ASSERT_NE(start, nullptr);
    ASSERT_NE(end, nullptr);
    icalparameter* tzid = icalproperty_get_first_parameter(start, ICAL_TZID_PARAMETER);
    ASSERT_NE(tzid, nullptr);
    EXPECT_STREQ(icalparameter_get_tzid(tzid), "Europe/London");
    out.events.push_back({icaltime_as_timet_with_zone(icalproperty_get_dtstart(start), zone),
                          icaltime_as_timet_with_zone(icalproperty_get_dtend(end), zone)});
  }
  icaltimezone_free(zone, 1);
}

TEST(IcsLibical, MarchDstWeek) {
  // Thu 26 .. Wed 1 April 2026; the clocks go forward at 01:00 GMT on Sun 29 March.
  const std::string text = ics_of(local_days{year{2026} / March / 26},
                                  {{0, 9 * 60, 17 * 60},    // Thu 26, GMT
                                   {2, 22 * 60, 30 * 60},   // Sat 28 22:00 - Sun 29 06:00
                                   {4, 9 * 60, 17 * 60}});  // Mon 30, BST
  EXPECT_NE(text.find("BEGIN:VTIMEZONE\r\nTZID:Europe/London\r\n"), std::string::npos);
  EXPECT_NE(text.find("BEGIN:DAYLIGHT\r\nDTSTART:20260329T010000\r\nTZOFFSETFROM:+0000\r\n"
                      "TZOFFSETTO:+0100\r\nTZNAME:BST\r\nEND:DAYLIGHT\r\n"),
            std::string::npos)
      << text;
  Parsed parsed;
  parse(text, parsed);
  ASSERT_EQ(parsed.events.size(), 3u);
  EXPECT_EQ(parsed.events[0].first, utc(2026, 3, 26, 9, 0));
  EXPECT_EQ(parsed.events[0].second, utc(2026, 3, 26, 17, 0));
  // The night shift over the change: 22:00 GMT to 06:00 BST is 7 hours.
  EXPECT_EQ(parsed.events[1].first, utc(2026, 3, 28, 22, 0));
  EXPECT_EQ(parsed.events[1].second, utc(2026, 3, 29, 5, 0));
  EXPECT_EQ(parsed.events[2].first, utc(2026, 3, 30, 8, 0));
  EXPECT_EQ(parsed.events[2].second, utc(2026, 3, 30, 16, 0));
}

TEST(IcsLibical, OctoberDstWeek) {
  // Thu 22 .. Wed 28 October 2026; the clocks go back at 02:00 BST on Sun 25 October.
  const std::string text =
      ics_of(local_days{year{2026} / October / 22},
             {{0, 9 * 60, 17 * 60}, {2, 22 * 60, 30 * 60}, {4, 9 * 60, 17 * 60}});
  EXPECT_NE(text.find("BEGIN:STANDARD\r\nDTSTART:20261025T020000\r\nTZOFFSETFROM:+0100\r\n"
                      "TZOFFSETTO:+0000\r\nTZNAME:GMT\r\nEND:STANDARD\r\n"),
            std::string::npos)
      << text;
  Parsed parsed;
  parse(text, parsed);
  ASSERT_EQ(parsed.events.size(), 3u);
  EXPECT_EQ(parsed.events[0].first, utc(2026, 10, 22, 8, 0));
  // 22:00 BST to 06:00 GMT is 9 hours.
  EXPECT_EQ(parsed.events[1].first, utc(2026, 10, 24, 21, 0));
  EXPECT_EQ(parsed.events[1].second, utc(2026, 10, 25, 6, 0));
  EXPECT_EQ(parsed.events[2].first, utc(2026, 10, 26, 9, 0));
}

TEST(IcsLibical, ZoneWithoutDaylightSavingAndUnknownZone) {
  Parsed parsed;
  std::string text = ics_of(local_days{year{2026} / June / 1}, {{0, 8 * 60, 16 * 60}}, "UTC");
  // parse() expects Europe/London: check UTC by hand.
  icalcomponent* cal = icalparser_parse_string(text.c_str());
  ASSERT_NE(cal, nullptr);
  EXPECT_EQ(icalcomponent_count_errors(cal), 0);
  EXPECT_NE(icalcomponent_get_first_component(cal, ICAL_VTIMEZONE_COMPONENT), nullptr);
  icalcomponent_free(cal);
  EXPECT_NE(text.find("TZOFFSETFROM:+0000\r\nTZOFFSETTO:+0000\r\n"), std::string::npos) << text;
  EXPECT_EQ(vtimezone("Nowhere/Atlantis", local_days{year{2026} / June / 1},
                      local_days{year{2026} / June / 8}),
            "");
}

}  // namespace
}  // namespace tandem::schedule
