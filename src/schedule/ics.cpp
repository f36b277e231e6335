// SPDX-License-Identifier: Apache-2.0
#include "schedule/ics.h"

#include <date/tz.h>
#include <fmt/format.h>

#include <chrono>

namespace tandem::schedule {

namespace {

// YYYYMMDDTHHMMSS of a horizon minute in local time.
std::string local_stamp(const ScheduleProblem& p, int minute) {
  const std::chrono::year_month_day ymd{p.start_date + std::chrono::days{minute / 1440}};
  const int tod = minute % 1440;
  return fmt::format("{:04d}{:02d}{:02d}T{:02d}{:02d}00", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), tod / 60,
                     tod % 60);
}

// TEXT escaping (RFC 5545 3.3.11).
std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == ';' || c == ',') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

// Content lines longer than 75 octets are folded: CRLF + one space (RFC 5545 3.1).
std::string line(const std::string& content) {
  std::string out;
  size_t i = 0, width = 75;
  while (content.size() - i > width) {
    out += content.substr(i, width) + "\r\n ";
    i += width;
    width = 74;
  }
  return out + content.substr(i) + "\r\n";
}

std::string hhmm(int minute) {
  return fmt::format("{:02d}:{:02d}", (minute % 1440) / 60, minute % 60);
}

// +HHMM / -HHMM of a UTC offset.
std::string utc_offset(std::chrono::seconds offset) {
  const long long s = offset.count();
  const long long a = s < 0 ? -s : s;
  return fmt::format("{}{:02d}{:02d}", s < 0 ? '-' : '+', a / 3600, (a % 3600) / 60);
}

std::string stamp_of(date::local_seconds t) {
  const auto day = std::chrono::floor<std::chrono::days>(t);
  const std::chrono::year_month_day ymd{std::chrono::sys_days{day.time_since_epoch()}};
  const auto tod = (t - day).count();
  return fmt::format("{:04d}{:02d}{:02d}T{:02d}{:02d}{:02d}", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                     tod / 3600, (tod % 3600) / 60, tod % 60);
}

// One STANDARD or DAYLIGHT sub-component: the rule `now` that began at its transition from
// the rule `before` (DTSTART is the transition's wall-clock time under the old offset).
std::string observance(const date::sys_info& before, const date::sys_info& now) {
  const bool daylight = now.save != std::chrono::minutes{0};
  const date::local_seconds start{(now.begin + before.offset).time_since_epoch()};
  std::string out = daylight ? "BEGIN:DAYLIGHT\r\n" : "BEGIN:STANDARD\r\n";
  out += "DTSTART:" + stamp_of(start) + "\r\n";
  out += "TZOFFSETFROM:" + utc_offset(before.offset) + "\r\n";
  out += "TZOFFSETTO:" + utc_offset(now.offset) + "\r\n";
  if (!now.abbrev.empty() && now.abbrev[0] != '+' && now.abbrev[0] != '-')
    out += line("TZNAME:" + escape(now.abbrev));
  out += daylight ? "END:DAYLIGHT\r\n" : "END:STANDARD\r\n";
  return out;
}

}  // namespace

std::string vtimezone(const std::string& time_zone, LocalDays first, LocalDays last) {
  const date::time_zone* zone = nullptr;
  try {
    zone = date::locate_zone(time_zone);
  } catch (const std::exception&) {
    return "";
  }
  using std::chrono::sys_days;
  using std::chrono::year_month_day;
  // Every transition of the horizon's calendar years, from the rule in force on 1 January.
  const auto year_first = year_month_day{sys_days{first.time_since_epoch()}}.year();
  const auto year_last = year_month_day{sys_days{last.time_since_epoch()}}.year();
  const date::sys_seconds from{sys_days{year_first / std::chrono::January / 1}};
  const date::sys_seconds to{
      sys_days{(year_last + std::chrono::years{1}) / std::chrono::January / 1}};
  std::string out = line("BEGIN:VTIMEZONE");
  out += line("TZID:" + time_zone);
  date::sys_info info = zone->get_info(from);
  if (info.begin < from - std::chrono::years{100}) {
    // No transition for a century (e.g. UTC): one observance from 1970.
    date::sys_info since = info;
    since.begin = date::sys_seconds{sys_days{std::chrono::year{1970} / 1 / 1}} - info.offset;
    out += observance(info, since);
  } else {
    out += observance(zone->get_info(info.begin - std::chrono::seconds{1}), info);
  }
  while (info.end < to) {
    const date::sys_info next = zone->get_info(info.end);
    out += observance(info, next);
    info = next;
  }
  out += "END:VTIMEZONE\r\n";
  return out;
}

std::string agent_ics(const ScheduleProblem& p, const ScheduleResult& r, int agent,
                      const std::string& time_zone) {
  const ScheduleAgent& a = p.agents[static_cast<size_t>(agent)];
  std::string out =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tandem//schedule//EN\r\n"
      "CALSCALE:GREGORIAN\r\n";
  out += line("X-WR-CALNAME:" + escape("Shifts of " + (a.name.empty() ? a.id : a.name)));
  out += vtimezone(time_zone, p.start_date, p.start_date + std::chrono::days{std::max(1, p.days)});
  const std::string stamp = local_stamp(p, 0) + "Z";
  for (const AgentShift& s : r.shifts) {
    if (s.agent != agent) continue;
    std::string description;
    for (const Activity& act : s.activities)
      description += fmt::format("{}-{} {}{}\n", hhmm(act.start_minute), hhmm(act.end_minute),
                                 to_string(act.kind), act.target.empty() ? "" : " " + act.target);
    out += "BEGIN:VEVENT\r\n";
    out += fmt::format("UID:tandem-{}-{}@tandem\r\n", a.id, local_stamp(p, s.start_minute));
    out += "DTSTAMP:" + stamp + "\r\n";
    out += fmt::format("DTSTART;TZID={}:{}\r\n", time_zone, local_stamp(p, s.start_minute));
    out += fmt::format("DTEND;TZID={}:{}\r\n", time_zone, local_stamp(p, s.end_minute));
    out += line("SUMMARY:" + escape(fmt::format("Shift {} ({}-{})", s.template_id,
                                                hhmm(s.start_minute), hhmm(s.end_minute))));
    out += line("DESCRIPTION:" + escape(description));
    out += "END:VEVENT\r\n";
  }
  out += "END:VCALENDAR\r\n";
  return out;
}

}  // namespace tandem::schedule
