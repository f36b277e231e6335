// SPDX-License-Identifier: Apache-2.0
#include "forecast/history_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <vector>

#include "model/calendar.h"

namespace tandem::forecast {

namespace {

namespace chr = std::chrono;

constexpr std::size_t kMaxReported = 20;

enum class Layout { kStandard, kFpp2, kBank1999 };

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    out.push_back(trim(std::string_view(line).substr(start, comma - start)));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::optional<double> parse_number(const std::string& s) {
  if (s.empty()) return std::nullopt;
  double v = 0.0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// "YYYY-MM-DDTHH:MM[:SS]" (also with a space instead of T) or "YYYY-MM-DD" (daily).
struct ParsedStart {
  LocalSeconds start;
  bool date_only = false;
};
std::optional<ParsedStart> parse_start(const std::string& s) {
  if (s.size() < 10) return std::nullopt;
  const auto date = parse_local_date(s.substr(0, 10));
  if (!date) return std::nullopt;
  if (s.size() == 10) return ParsedStart{LocalSeconds{*date}, true};
  if (s[10] != 'T' && s[10] != ' ') return std::nullopt;
  std::string time = s.substr(11);
  if (time.size() == 8 && time.substr(5) == ":00") time.resize(5);
  if (time.size() != 5) return std::nullopt;
  const auto tod = parse_time_of_day(time);
  if (!tod || tod->count() >= 1440) return std::nullopt;
  return ParsedStart{LocalSeconds{*date} + *tod, false};
}

struct Row {
  int line = 0;
  std::string queue;
  LocalSeconds start;
  bool date_only = false;
  double volume = 0.0;
  std::optional<double> aht;
};

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}

  void error(int line, const std::string& what) {
    ++error_count_;
    if (errors_.size() < kMaxReported)
      errors_.push_back(fmt::format("{}:{}: {}", file_, line, what));
  }
  bool failed() const { return error_count_ > 0; }
  Status status() const {
    std::string msg;
    for (const auto& e : errors_) msg += e + "\n";
    if (error_count_ > errors_.size())
      msg += fmt::format("... and {} more problem(s)\n", error_count_ - errors_.size());
    msg += fmt::format("{} problem(s) in history file {}", error_count_, file_);
    return Status::invalid_argument(msg);
  }
  const std::string& file() const { return file_; }

 private:
  std::string file_;
  std::vector<std::string> errors_;
  std::size_t error_count_ = 0;
};

int column(const std::vector<std::string>& header, std::string_view name) {
  const auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

}  // namespace

Result<History> parse_history_csv(std::istream& in, const std::string& file_name) {
  Reader reader(file_name);
  std::string line;
  int line_no = 0;
  // Header (the first non-empty line).
  std::vector<std::string> header;
  while (std::getline(in, line)) {
    ++line_no;
    if (!trim(line).empty()) {
      header = split_fields(line);
      break;
    }
  }
  if (header.empty()) return Status::invalid_argument(file_name + ": the history file is empty");
  if (!header[0].empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0].erase(0, 3);
  for (auto& h : header) std::transform(h.begin(), h.end(), h.begin(), ::tolower);

  Layout layout;
  int c_start = -1, c_queue = -1, c_volume = -1, c_aht = -1;  // standard
  int c_date = -1, c_time = -1, c_served = -1, c_abandoned = -1;
  if (column(header, "interval_start") >= 0 && column(header, "queue") >= 0 &&
      column(header, "volume") >= 0) {
    layout = Layout::kStandard;
    c_start = column(header, "interval_start");
    c_queue = column(header, "queue");
    c_volume = column(header, "volume");
    c_aht = column(header, "aht_seconds");
  } else if (column(header, "date") >= 0 && column(header, "start") >= 0 &&
             column(header, "calls") >= 0) {
    layout = Layout::kFpp2;
    c_date = column(header, "date");
    c_time = column(header, "start");
    c_volume = column(header, "calls");
  } else if (column(header, "date") >= 0 && column(header, "interval_start") >= 0 &&
             column(header, "served_by_agent") >= 0 &&
             column(header, "abandoned_from_queue") >= 0) {
    layout = Layout::kBank1999;
    c_date = column(header, "date");
    c_time = column(header, "interval_start");
    c_served = column(header, "served_by_agent");
    c_abandoned = column(header, "abandoned_from_queue");
    c_aht = column(header, "mean_ser_time_s");
  } else {
    return Status::invalid_argument(fmt::format(
        "{}:{}: unrecognised header; expected interval_start,queue,volume[,aht_seconds] "
        "(or the fpp2 date,weekday,interval,start,calls or the bank1999 layout)",
        file_name, line_no));
  }

  std::vector<Row> rows;
  while (std::getline(in, line)) {
    ++line_no;
    if (trim(line).empty()) continue;
    const auto f = split_fields(line);
    if (f.size() < header.size()) {
      reader.error(line_no, fmt::format("{} field(s), the header has {}", f.size(), header.size()));
      continue;
    }
    Row row;
    row.line = line_no;
    const std::string start_text =
        layout == Layout::kStandard ? f[c_start] : f[c_date] + "T" + f[c_time];
    const auto start = parse_start(start_text);
    if (!start) {
      reader.error(line_no, fmt::format("interval start '{}' is not an ISO 8601 local time "
                                        "(YYYY-MM-DDTHH:MM)",
                                        start_text));
      continue;
    }
    row.start = start->start;
    row.date_only = start->date_only;
    row.queue = layout == Layout::kStandard ? f[c_queue] : "calls";
    if (row.queue.empty()) {
      reader.error(line_no, "queue is empty");
      continue;
    }
    bool ok = true;
    auto number = [&](int col, const char* name) -> std::optional<double> {
      const auto v = parse_number(f[col]);
      if (!v) {
        reader.error(line_no, fmt::format("{} '{}' is not a number", name, f[col]));
        ok = false;
      } else if (*v < 0) {
        reader.error(line_no, fmt::format("{} {} is negative", name, f[col]));
        ok = false;
      }
      return v;
    };
    if (layout == Layout::kBank1999) {
      const auto served = number(c_served, "served_by_agent");
      const auto abandoned = number(c_abandoned, "abandoned_from_queue");
      if (ok) row.volume = *served + *abandoned;
    } else {
      const auto v = number(c_volume, layout == Layout::kFpp2 ? "calls" : "volume");
      if (ok) row.volume = *v;
    }
    if (c_aht >= 0 && !f[c_aht].empty()) {
      const auto a = number(c_aht, layout == Layout::kBank1999 ? "mean_ser_time_s" : "aht_seconds");
      if (ok) row.aht = *a;
    }
    if (ok) rows.push_back(std::move(row));
  }
  if (rows.empty() && !reader.failed())
    return Status::invalid_argument(file_name + ": the history file has no data rows");

  // The grain: the coarsest of 60/30/15/5 minutes dividing every start's minute of the day.
  History history;
  const bool daily = !rows.empty() && rows.front().date_only;
  int g = 0;
  for (const auto& r : rows) {
    if (r.date_only != daily) {
      reader.error(r.line, daily ? "a time of day in a daily history (dates only)"
                                 : "a date without a time of day in an interval history");
      continue;
    }
    const LocalDays day = chr::floor<chr::days>(r.start);
    g = std::gcd(g, static_cast<int>(chr::duration_cast<chr::minutes>(r.start - day).count()));
  }
  if (daily) {
    history.grain_minutes = 1440;
  } else {
    if (g == 0) g = 60;
    history.grain_minutes = 0;
    for (int grain : {60, 30, 15, 5})
      if (g % grain == 0) {
        history.grain_minutes = grain;
        break;
      }
    if (history.grain_minutes == 0) {
      for (const auto& r : rows) {
        const LocalDays day = chr::floor<chr::days>(r.start);
        if (chr::duration_cast<chr::minutes>(r.start - day).count() % 5 != 0) {
          reader.error(r.line, "interval start is not on a 5, 15, 30 or 60-minute grid");
          break;
        }
      }
    }
  }
  if (reader.failed()) return reader.status();

  // Group per queue (in order of first appearance), sort by time, reject duplicates.
  std::map<std::string, std::size_t> index;
  std::vector<std::vector<const Row*>> grouped;
  for (const auto& r : rows) {
    auto [it, fresh] = index.emplace(r.queue, grouped.size());
    if (fresh) {
      grouped.emplace_back();
      history.queues.push_back(QueueSeries{r.queue, history.grain_minutes, {}});
    }
    grouped[it->second].push_back(&r);
  }
  for (std::size_t q = 0; q < grouped.size(); ++q) {
    auto& g_rows = grouped[q];
    std::stable_sort(g_rows.begin(), g_rows.end(),
                     [](const Row* a, const Row* b) { return a->start < b->start; });
    auto& series = history.queues[q];
    series.points.reserve(g_rows.size());
    for (std::size_t i = 0; i < g_rows.size(); ++i) {
      if (i > 0 && g_rows[i]->start == g_rows[i - 1]->start) {
        reader.error(g_rows[i]->line, fmt::format("queue {}: duplicate interval (also on line {})",
                                                  series.queue, g_rows[i - 1]->line));
        continue;
      }
      series.points.push_back(
          {key_of(g_rows[i]->start, history.grain_minutes), g_rows[i]->volume, g_rows[i]->aht});
    }
  }
  if (reader.failed()) return reader.status();
  return history;
}

Result<History> read_history_csv(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return Status::not_found(fmt::format("cannot open history file {}", file.string()));
  return parse_history_csv(in, file.string());
}

}  // namespace tandem::forecast
