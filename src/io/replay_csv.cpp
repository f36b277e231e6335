// SPDX-License-Identifier: Apache-2.0
#include "io/replay_csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace tandem::io {

using sim::ReplayedContact;

namespace {

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::size_t from = 0;
  for (;;) {
    const std::size_t at = line.find(sep, from);
    std::string cell = line.substr(from, at == std::string::npos ? std::string::npos : at - from);
    if (!cell.empty() && cell.back() == '\r') cell.pop_back();
    out.push_back(std::move(cell));
    if (at == std::string::npos) return out;
    from = at + 1;
  }
}

bool to_double(const std::string& text, double& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && std::isfinite(out);
}

// "H:MM:SS" -> seconds.
bool clock_seconds(const std::string& text, double& out) {
  int parts[3] = {0, 0, 0};
  const char* p = text.data();
  const char* end = p + text.size();
  for (int i = 0; i < 3; ++i) {
    auto [next, ec] = std::from_chars(p, end, parts[i]);
    if (ec != std::errc()) return false;
    p = next;
    if (i < 2) {
      if (p == end || *p != ':') return false;
      ++p;
    }
  }
  if (p != end) return false;
  out = parts[0] * 3600.0 + parts[1] * 60.0 + parts[2];
  return true;
}

// "990201" (YYMMDD) -> days since 1970 (enough for differences).
bool yymmdd_days(const std::string& text, long& out) {
  if (text.size() != 6) return false;
  const int yy = std::stoi(text.substr(0, 2)), mm = std::stoi(text.substr(2, 2)),
            dd = std::stoi(text.substr(4, 2));
  const std::chrono::year_month_day ymd{std::chrono::year{1900 + yy + (yy < 70 ? 100 : 0)},
                                        std::chrono::month{static_cast<unsigned>(mm)},
                                        std::chrono::day{static_cast<unsigned>(dd)}};
  if (!ymd.ok()) return false;
  out = std::chrono::sys_days{ymd}.time_since_epoch().count();
  return true;
}

Status row_error(const std::string& name, std::size_t line, const std::string& rule) {
  return Status::invalid_argument(name + ":" + std::to_string(line) + ": " + rule);
}

Result<std::vector<ReplayedContact>> parse_bank(std::istringstream& in, const std::string& header,
                                                const std::string& name) {
  const auto cols = split(header, '\t');
  auto col = [&](const char* n) -> int {
    auto it = std::find(cols.begin(), cols.end(), n);
    return it == cols.end() ? -1 : static_cast<int>(it - cols.begin());
  };
  const int c_type = col("type"), c_date = col("date"), c_vru_exit = col("vru_exit"),
            c_q_start = col("q_start"), c_q_time = col("q_time"), c_outcome = col("outcome"),
            c_ser_time = col("ser_time"), c_server = col("server");
  if (std::min({c_type, c_date, c_vru_exit, c_q_start, c_q_time, c_outcome, c_ser_time, c_server}) <
      0) {
    return row_error(name, 1,
                     "missing one of the columns type, date, vru_exit, q_start, "
                     "q_time, outcome, ser_time, server");
  }
  std::optional<long> first_day;
  std::string line;
  std::size_t line_no = 1;
  struct Raw {
    long day;
    double time;
    ReplayedContact c;
  };
  std::vector<Raw> raw;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    const auto f = split(line, '\t');
    if (f.size() < cols.size())
      return row_error(name, line_no, "expected " + std::to_string(cols.size()) + " fields");
    const std::string& outcome = f[c_outcome];
    if (outcome == "PHANTOM") continue;
    if (outcome == "AGENT" && f[c_server] == "NO_SERVER") continue;
    long day = 0;
    double q_start = 0, vru_exit = 0, q_time = 0, ser_time = 0;
    if (!yymmdd_days(f[c_date], day) || !clock_seconds(f[c_q_start], q_start) ||
        !clock_seconds(f[c_vru_exit], vru_exit) || !to_double(f[c_q_time], q_time) ||
        !to_double(f[c_ser_time], ser_time)) {
      return row_error(name, line_no, "unreadable date, time or duration");
    }
    ReplayedContact c;
    c.queue = f[c_type];
    c.handle_seconds = ser_time;
    if (outcome == "HANG") {
      c.patience_seconds = q_time;
    } else if (outcome != "AGENT") {
      continue;
    }
    raw.push_back({day, q_start > 0 ? q_start : vru_exit, c});
    if (!first_day || day < *first_day) first_day = day;
  }
  std::vector<ReplayedContact> out;
  out.reserve(raw.size());
  for (Raw& r : raw) {
    r.c.time = static_cast<double>(r.day - *first_day) * 86400.0 + r.time;
    out.push_back(std::move(r.c));
  }
  std::stable_sort(out.begin(), out.end(), [](const ReplayedContact& a, const ReplayedContact& b) {
    return a.time < b.time;
  });
  return out;
}

}  // namespace

Result<std::vector<ReplayedContact>> parse_replay(const std::string& text,
                                                  const std::string& name) {
  std::istringstream in(text);
  std::string header;
  if (!std::getline(in, header)) return row_error(name, 1, "empty replay file");
  if (!header.empty() && header.back() == '\r') header.pop_back();
  if (header.rfind("vru+line", 0) == 0) return parse_bank(in, header, name);
  const auto cols = split(header, ',');
  if (cols.size() < 3 || cols[0] != "seconds" || cols[1] != "queue" ||
      cols[2] != "handle_seconds" || (cols.size() > 3 && cols[3] != "patience_seconds")) {
    return row_error(name, 1,
                     "header must be 'seconds,queue,handle_seconds[,patience_seconds]' "
                     "or the Anonymous Bank call log header");
  }
  std::vector<ReplayedContact> out;
  std::string line;
  std::size_t line_no = 1;
  double last = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    const auto f = split(line, ',');
    if (f.size() < 3) return row_error(name, line_no, "expected seconds,queue,handle_seconds");
    ReplayedContact c;
    if (!to_double(f[0], c.time) || c.time < last) {
      return row_error(name, line_no, "seconds must be a number >= 0, in arrival order");
    }
    if (f[1].empty()) return row_error(name, line_no, "queue must not be empty");
    c.queue = f[1];
    if (!to_double(f[2], c.handle_seconds) || c.handle_seconds < 0) {
      return row_error(name, line_no, "handle_seconds must be a number >= 0");
    }
    if (f.size() > 3 && !f[3].empty() &&
        (!to_double(f[3], c.patience_seconds) || c.patience_seconds < 0)) {
      return row_error(name, line_no, "patience_seconds must be a number >= 0 or empty");
    }
    last = c.time;
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<ReplayedContact>> read_replay_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::invalid_argument(file.string() + ": cannot open the replay file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_replay(text.str(), file.string());
}

}  // namespace tandem::io
