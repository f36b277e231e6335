// SPDX-License-Identifier: Apache-2.0
#include "schedule/ics.h"

#include <fmt/format.h>

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

}  // namespace

std::string agent_ics(const ScheduleProblem& p, const ScheduleResult& r, int agent,
                      const std::string& time_zone) {
  const ScheduleAgent& a = p.agents[static_cast<size_t>(agent)];
  std::string out =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tandem//schedule//EN\r\n"
      "CALSCALE:GREGORIAN\r\n";
  out += line("X-WR-CALNAME:" + escape("Shifts of " + (a.name.empty() ? a.id : a.name)));
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
