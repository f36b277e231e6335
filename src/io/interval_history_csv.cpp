// SPDX-License-Identifier: Apache-2.0
#include "io/interval_history_csv.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <optional>
#include <string_view>

#include "model/calendar.h"

namespace tandem::io {

namespace {

namespace chr = std::chrono;

constexpr std::size_t kMaxReported = 20;
constexpr int kMinGrain = 5;
constexpr int kMaxGrain = 60;

enum class Layout { kStandard, kFpp2, kBank1999 };

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return std::string(s);
}

// Comma-separated cells, each trimmed; a cell may be quoted ("a,b" and "" for a quote).
std::vector<std::string> split_fields(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
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
      out.push_back(trim(cell));
      cell.clear();
    } else {
      cell += c;
    }
  }
  out.push_back(trim(cell));
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

int minute_of_day(LocalSeconds t) {
  const LocalDays day = chr::floor<chr::days>(t);
  return static_cast<int>(chr::duration_cast<chr::minutes>(t - day).count());
}

// The coarsest grain from kMinGrain to kMaxGrain minutes that divides a day and `gcd` (the
// gcd of the minutes of day of every start; 0 when all are at midnight); 0 when none does.
int grain_fitting(int gcd) {
  for (int grain = kMaxGrain; grain >= kMinGrain; --grain)
    if (1440 % grain == 0 && gcd % grain == 0) return grain;
  return 0;
}

struct Row {
  int line = 0;
  IntervalVolume value;
  bool date_only = false;
};

class Problems {
 public:
  explicit Problems(std::string file) : file_(std::move(file)) {}

  void add(int line, const std::string& what) {
    ++count_;
    if (reported_.size() < kMaxReported)
      reported_.push_back(fmt::format("{}:{}: {}", file_, line, what));
  }
  bool any() const { return count_ > 0; }
  Status status() const {
    std::string msg;
    for (const auto& e : reported_) msg += e + "\n";
    if (count_ > reported_.size())
      msg += fmt::format("... and {} more problem(s)\n", count_ - reported_.size());
    msg += fmt::format("{} problem(s) in history file {}", count_, file_);
    return Status::invalid_argument(msg);
  }

 private:
  std::string file_;
  std::vector<std::string> reported_;
  std::size_t count_ = 0;
};

int column(const std::vector<std::string>& header, std::string_view name) {
  const auto it = std::find(header.begin(), header.end(), name);
  return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

// The grain of `rows` (all parsed); a problem for the row where no grid fits any more.
int grain_of(const std::vector<Row>& rows, Problems& problems) {
  const bool daily = !rows.empty() && rows.front().date_only;
  int g = 0;
  bool off_grid = false;
  for (const auto& r : rows) {
    if (r.date_only != daily) {
      problems.add(r.line, daily ? "a time of day in a daily history (dates only)"
                                 : "a date without a time of day in an interval history");
      continue;
    }
    g = std::gcd(g, minute_of_day(r.value.interval_start));
    if (!daily && !off_grid && grain_fitting(g) == 0) {
      problems.add(r.line, "interval start is not on a grid of 5 to 60 minutes that divides a day");
      off_grid = true;
    }
  }
  if (daily) return 1440;
  return g == 0 ? kMaxGrain : grain_fitting(g);
}

// A problem for every second row of one queue at one interval (in time order per queue).
void check_duplicates(const std::vector<Row>& rows, Problems& problems) {
  std::map<std::string, std::size_t> index;
  std::vector<std::vector<const Row*>> grouped;
  for (const auto& r : rows) {
    auto [it, fresh] = index.emplace(r.value.queue, grouped.size());
    if (fresh) grouped.emplace_back();
    grouped[it->second].push_back(&r);
  }
  for (auto& queue_rows : grouped) {
    std::stable_sort(queue_rows.begin(), queue_rows.end(), [](const Row* a, const Row* b) {
      return a->value.interval_start < b->value.interval_start;
    });
    for (std::size_t i = 1; i < queue_rows.size(); ++i)
      if (queue_rows[i]->value.interval_start == queue_rows[i - 1]->value.interval_start)
        problems.add(queue_rows[i]->line,
                     fmt::format("queue {}: duplicate interval (also on line {})",
                                 queue_rows[i]->value.queue, queue_rows[i - 1]->line));
  }
}

}  // namespace

Result<IntervalHistory> parse_interval_history_csv(std::istream& in, const std::string& file_name) {
  Problems problems(file_name);
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
      problems.add(line_no, fmt::format("{} field(s), the header has {}", f.size(), header.size()));
      continue;
    }
    Row row;
    row.line = line_no;
    const std::string start_text =
        layout == Layout::kStandard ? f[c_start] : f[c_date] + "T" + f[c_time];
    const auto start = parse_start(start_text);
    if (!start) {
      problems.add(line_no, fmt::format("interval start '{}' is not an ISO 8601 local time "
                                        "(YYYY-MM-DDTHH:MM)",
                                        start_text));
      continue;
    }
    row.value.interval_start = start->start;
    row.date_only = start->date_only;
    row.value.queue = layout == Layout::kStandard ? f[c_queue] : "calls";
    if (row.value.queue.empty()) {
      problems.add(line_no, "queue is empty");
      continue;
    }
    bool ok = true;
    auto number = [&](int col, const char* name) -> std::optional<double> {
      const auto v = parse_number(f[col]);
      if (!v) {
        problems.add(line_no, fmt::format("{} '{}' is not a number", name, f[col]));
        ok = false;
      } else if (*v < 0) {
        problems.add(line_no, fmt::format("{} {} is negative", name, f[col]));
        ok = false;
      }
      return v;
    };
    if (layout == Layout::kBank1999) {
      const auto served = number(c_served, "served_by_agent");
      const auto abandoned = number(c_abandoned, "abandoned_from_queue");
      if (ok) row.value.volume = *served + *abandoned;
    } else {
      const auto v = number(c_volume, layout == Layout::kFpp2 ? "calls" : "volume");
      if (ok) row.value.volume = *v;
    }
    if (c_aht >= 0 && !f[c_aht].empty()) {
      const auto a = number(c_aht, layout == Layout::kBank1999 ? "mean_ser_time_s" : "aht_seconds");
      if (ok) row.value.aht_seconds = *a;
    }
    if (ok) rows.push_back(std::move(row));
  }
  if (rows.empty() && !problems.any())
    return Status::invalid_argument(file_name + ": the history file has no data rows");

  IntervalHistory history;
  history.grain_minutes = grain_of(rows, problems);
  if (problems.any()) return problems.status();
  check_duplicates(rows, problems);
  if (problems.any()) return problems.status();
  history.rows.reserve(rows.size());
  for (auto& r : rows) history.rows.push_back(std::move(r.value));
  return history;
}

Result<IntervalHistory> read_interval_history_csv(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return Status::not_found(fmt::format("cannot open history file {}", file.string()));
  return parse_interval_history_csv(in, file.string());
}

Result<std::vector<IntervalHistory>> read_scenario_history_files(const Scenario& scenario) {
  std::vector<IntervalHistory> files;
  for (const auto& path : {scenario.history.contacts, scenario.history.work_items}) {
    if (!path) continue;
    auto h = read_interval_history_csv(*path);
    if (!h.is_ok()) return h.status();
    files.push_back(std::move(h).value());
  }
  return files;
}

Result<std::vector<IntervalVolume>> read_scenario_arrivals(const Scenario& scenario) {
  auto files = read_scenario_history_files(scenario);
  if (!files.is_ok()) return files.status();
  std::vector<IntervalVolume> rows;
  for (auto& f : *files)
    rows.insert(rows.end(), std::make_move_iterator(f.rows.begin()),
                std::make_move_iterator(f.rows.end()));
  return rows;
}

Result<forecast::History> read_scenario_history(const Scenario& scenario) {
  auto files = read_scenario_history_files(scenario);
  if (!files.is_ok()) return files.status();
  if (files->empty())
    return Status::invalid_argument(scenario.source_file.string() +
                                    ": the scenario names no history file (history.contacts / "
                                    "history.work_items)");
  return forecast::history_of(*files);
}

Result<forecast::History> read_history(const std::filesystem::path& file) {
  auto h = read_interval_history_csv(file);
  if (!h.is_ok()) return h.status();
  return forecast::history_of(*h);
}

}  // namespace tandem::io
