// SPDX-License-Identifier: Apache-2.0
// RFC 3339 instants for the wire format (docs/events.md): whole seconds, UTC out, any offset in.
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>

#include "io/event_codec.h"

namespace tandem::io {

namespace {

// Reads `count` decimal digits at `pos`; false if any is not a digit.
bool read_digits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
  if (pos + count > text.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    out = out * 10 + (text[i] - '0');
  }
  return true;
}

Status not_rfc3339(std::string_view why) {
  return Status::invalid_argument(std::string("not an RFC 3339 time (") + std::string(why) + ")");
}

}  // namespace

std::string format_rfc3339(Instant instant) {
  const auto day = std::chrono::floor<std::chrono::days>(instant);
  const std::chrono::year_month_day date{day};
  const std::chrono::hh_mm_ss clock{instant - day};
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(date.year()),
                unsigned(date.month()), unsigned(date.day()), int(clock.hours().count()),
                int(clock.minutes().count()), int(clock.seconds().count()));
  return buffer;
}

// YYYY-MM-DDTHH:MM:SS followed by Z or ±HH:MM (RFC 3339 §5.6; 't' and 'z' allowed as there).
Result<Instant> parse_rfc3339(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!read_digits(text, 0, 4, y) || text.size() < 19 || text[4] != '-' ||
      !read_digits(text, 5, 2, mo) || text[7] != '-' || !read_digits(text, 8, 2, d) ||
      (text[10] != 'T' && text[10] != 't') || !read_digits(text, 11, 2, h) || text[13] != ':' ||
      !read_digits(text, 14, 2, mi) || text[16] != ':' || !read_digits(text, 17, 2, s)) {
    return not_rfc3339("expected YYYY-MM-DDTHH:MM:SSZ");
  }
  std::string_view zone = text.substr(19);
  if (!zone.empty() && zone.front() == '.') {
    return not_rfc3339("fractional seconds are not accepted");
  }
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month(unsigned(mo)),
                                         std::chrono::day(unsigned(d))};
  if (y < 1 || !date.ok()) return not_rfc3339("no such date");
  if (h > 23 || mi > 59 || s > 59) return not_rfc3339("no such time of day");
  int offset_minutes = 0;
  if (zone == "Z" || zone == "z") {
    // UTC
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh = 0, om = 0;
    if (!read_digits(zone, 1, 2, oh) || !read_digits(zone, 4, 2, om) || oh > 23 || om > 59) {
      return not_rfc3339("bad offset, expected Z or +HH:MM");
    }
    offset_minutes = (zone[0] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return not_rfc3339("expected Z or an offset +HH:MM after the seconds");
  }
  return Instant{std::chrono::sys_days{date}} + std::chrono::hours{h} + std::chrono::minutes{mi} +
         std::chrono::seconds{s} - std::chrono::minutes{offset_minutes};
}

}  // namespace tandem::io
