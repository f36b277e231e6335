// SPDX-License-Identifier: Apache-2.0
#include "staffing/interval_volume_csv.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "model/calendar.h"

namespace tandem::staffing {
namespace {

std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      cells.push_back(cell);
      cell.clear();
    } else if (c != '\r') {
      cell += c;
    }
  }
  cells.push_back(cell);
  return cells;
}

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t");
  if (b == std::string::npos) return "";
  const size_t e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

std::optional<double> parse_number(const std::string& text) {
  double v = 0;
  const char* begin = text.data();
  const char* end = begin + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, v);
  if (ec != std::errc() || ptr != end || !std::isfinite(v)) return std::nullopt;
  return v;
}

}  // namespace

std::optional<LocalSeconds> parse_local_minute(const std::string& text) {
  if (text.size() != 16 && text.size() != 19) return std::nullopt;
  if (text[10] != 'T' && text[10] != ' ') return std::nullopt;
  const std::optional<LocalDays> day = parse_local_date(text.substr(0, 10));
  if (!day) return std::nullopt;
  const std::optional<TimeOfDay> time = parse_time_of_day(text.substr(11, 5));
  if (!time || time->count() >= 1440) return std::nullopt;
  int seconds = 0;
  if (text.size() == 19) {
    if (text[16] != ':' || !std::isdigit(static_cast<unsigned char>(text[17])) ||
        !std::isdigit(static_cast<unsigned char>(text[18]))) {
      return std::nullopt;
    }
    seconds = (text[17] - '0') * 10 + (text[18] - '0');
    if (seconds > 59) return std::nullopt;
  }
  return LocalSeconds(*day) + *time + Seconds(seconds);
}

Result<std::vector<IntervalVolume>> parse_interval_volumes_csv(const std::string& text,
                                                               const std::string& name) {
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  auto error = [&](const std::string& msg) {
    return Status::invalid_argument(name + ":" + std::to_string(line_no) + ": " + msg);
  };
  int col_queue = -1, col_start = -1, col_volume = -1, col_aht = -1;
  while (std::getline(in, line)) {
    ++line_no;
    if (!trim(line).empty()) break;
  }
  {
    const std::vector<std::string> header = split_csv_line(line);
    for (int c = 0; c < static_cast<int>(header.size()); ++c) {
      const std::string h = trim(header[c]);
      if (h == "queue") col_queue = c;
      if (h == "interval_start") col_start = c;
      if (h == "volume") col_volume = c;
      if (h == "aht_seconds") col_aht = c;
    }
    if (col_queue < 0 || col_start < 0 || col_volume < 0) {
      return error(
          "header must name the columns queue, interval_start and volume "
          "(aht_seconds optional)");
    }
  }
  const int needed = std::max({col_queue, col_start, col_volume, col_aht});
  std::vector<IntervalVolume> rows;
  while (std::getline(in, line)) {
    ++line_no;
    if (trim(line).empty()) continue;
    const std::vector<std::string> cells = split_csv_line(line);
    if (static_cast<int>(cells.size()) <= needed) {
      return error("expected at least " + std::to_string(needed + 1) + " columns, found " +
                   std::to_string(cells.size()));
    }
    IntervalVolume row;
    row.queue = trim(cells[col_queue]);
    if (row.queue.empty()) return error("queue is empty");
    const std::string start = trim(cells[col_start]);
    const std::optional<LocalSeconds> t = parse_local_minute(start);
    if (!t) return error("interval_start '" + start + "' is not YYYY-MM-DDTHH:MM");
    row.interval_start = *t;
    const std::string volume = trim(cells[col_volume]);
    const std::optional<double> v = parse_number(volume);
    if (!v || *v < 0) return error("volume '" + volume + "' must be a number >= 0");
    row.volume = *v;
    if (col_aht >= 0) {
      const std::string aht = trim(cells[col_aht]);
      if (!aht.empty()) {
        const std::optional<double> a = parse_number(aht);
        if (!a || *a <= 0) return error("aht_seconds '" + aht + "' must be a number > 0");
        row.aht_seconds = *a;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<IntervalVolume>> read_interval_volumes_csv(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::not_found("cannot open " + file.string());
  std::ostringstream text;
  text << in.rdbuf();
  return parse_interval_volumes_csv(text.str(), file.string());
}

}  // namespace tandem::staffing
