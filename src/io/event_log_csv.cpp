// SPDX-License-Identifier: Apache-2.0
#include "io/event_log_csv.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <unordered_map>

namespace tandem::io {

using sim::EventLogActivity;
using sim::EventLogCase;
using sim::EventLogOptions;
using sim::EventLogReplay;
using sim::EventLogSession;
using sim::work_type_of_activity;

namespace {

using namespace std::chrono;

// The whole file, gunzipped when compressed (gzread passes plain files through).
Result<std::string> read_maybe_gzipped(const std::filesystem::path& file) {
  gzFile in = gzopen(file.c_str(), "rb");
  if (in == nullptr) {
    return Status::invalid_argument(file.string() + ": cannot be opened");
  }
  std::string text;
  char buffer[1 << 16];
  for (;;) {
    const int n = gzread(in, buffer, sizeof buffer);
    if (n < 0) {
      int code = 0;
      const std::string message = gzerror(in, &code);
      gzclose(in);
      return Status::invalid_argument(file.string() + ": cannot be read (" + message + ")");
    }
    if (n == 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  gzclose(in);
  return text;
}

// Splits one CSV line (double quotes allowed around a field, "" inside for a quote).
std::vector<std::string_view> split_csv(std::string_view line, std::string& scratch) {
  std::vector<std::string_view> fields;
  if (line.find('"') == std::string_view::npos) {
    std::size_t start = 0;
    for (;;) {
      const std::size_t comma = line.find(',', start);
      fields.push_back(line.substr(start, comma - start));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    return fields;
  }
  // Rare: quoted fields; unquoted copies go to `scratch` (reserved so views stay valid).
  scratch.clear();
  scratch.reserve(line.size());
  std::vector<std::pair<std::size_t, std::size_t>> spans;
  std::size_t i = 0;
  for (;;) {
    const std::size_t begin = scratch.size();
    if (i < line.size() && line[i] == '"') {
      ++i;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            scratch.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        scratch.push_back(line[i++]);
      }
    }
    while (i < line.size() && line[i] != ',') scratch.push_back(line[i++]);
    spans.emplace_back(begin, scratch.size() - begin);
    if (i >= line.size()) break;
    ++i;  // the comma
  }
  for (auto [b, n] : spans) fields.push_back(std::string_view(scratch).substr(b, n));
  return fields;
}

template <class T>
bool parse_int(std::string_view text, T& out) {
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && ptr == text.data() + text.size();
}

struct Timestamp {
  double seconds = 0.0;  // since the Unix epoch (UTC), with the fraction
  int offset_minutes = 0;
  LocalDays local_day{};
};

// "YYYY-MM-DDTHH:MM:SS[.fff][Z|+HH:MM|-HH:MM]".
std::optional<Timestamp> parse_timestamp(std::string_view t) {
  if (t.size() < 19 || t[4] != '-' || t[7] != '-' || (t[10] != 'T' && t[10] != ' ') ||
      t[13] != ':' || t[16] != ':') {
    return std::nullopt;
  }
  int y = 0;
  unsigned mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!parse_int(t.substr(0, 4), y) || !parse_int(t.substr(5, 2), mo) ||
      !parse_int(t.substr(8, 2), d) || !parse_int(t.substr(11, 2), h) ||
      !parse_int(t.substr(14, 2), mi) || !parse_int(t.substr(17, 2), s)) {
    return std::nullopt;
  }
  const year_month_day ymd{year{y}, month{mo}, day{d}};
  if (!ymd.ok() || h > 23 || mi > 59 || s > 60) return std::nullopt;
  std::size_t i = 19;
  double fraction = 0.0;
  if (i < t.size() && t[i] == '.') {
    double scale = 0.1;
    ++i;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9') {
      fraction += scale * (t[i] - '0');
      scale /= 10;
      ++i;
    }
  }
  int offset = 0;
  if (i < t.size()) {
    const std::string_view rest = t.substr(i);
    if (rest == "Z") {
      offset = 0;
    } else if (rest.size() == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':') {
      int oh = 0, om = 0;
      if (!parse_int(rest.substr(1, 2), oh) || !parse_int(rest.substr(4, 2), om)) {
        return std::nullopt;
      }
      offset = (rest[0] == '-' ? -1 : 1) * (oh * 60 + om);
    } else {
      return std::nullopt;
    }
  }
  const LocalDays local_day{ymd};
  const auto local = local_day.time_since_epoch() + hours(h) + minutes(mi) + seconds(s);
  Timestamp out;
  out.local_day = local_day;
  out.offset_minutes = offset;
  out.seconds =
      static_cast<double>(duration_cast<seconds>(local - minutes(offset)).count()) + fraction;
  return out;
}

std::string at(const std::string& name, std::size_t line) {
  return name + ":" + std::to_string(line) + ": ";
}

// One work session being assembled: per (case, activity).
struct SessionState {
  std::optional<double> scheduled;  // a SCHEDULE not yet followed by a session
  std::optional<double> started;    // an open START
};

// A case being assembled (times in epoch seconds until the end of the parse).
struct CaseBuild {
  std::string id;
  double first_event = std::numeric_limits<double>::infinity();
  std::vector<EventLogSession> sessions;
};

}  // namespace

bool is_event_log_header(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line.rfind("case_id,activity,lifecycle,", 0) == 0;
}

Result<EventLogReplay> parse_event_log(std::string_view text, const std::string& name,
                                       const EventLogOptions& options) {
  EventLogReplay out;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  std::string scratch;
  int c_case = -1, c_activity = -1, c_lifecycle = -1, c_time = -1;
  std::size_t columns = 0;
  std::unordered_map<std::string, std::uint32_t> case_index;
  std::vector<CaseBuild> cases;
  std::map<std::string, std::size_t, std::less<>> activity_index;
  // (case, activity) -> session state.
  std::unordered_map<std::uint64_t, SessionState> sessions;
  std::optional<Timestamp> first;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    const auto fields = split_csv(line, scratch);
    if (line_no == 1) {
      if (!is_event_log_header(line)) {
        return Status::invalid_argument(
            at(name, 1) +
            "not an event log: the header must start with case_id,activity,lifecycle");
      }
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i] == "case_id") c_case = static_cast<int>(i);
        if (fields[i] == "activity") c_activity = static_cast<int>(i);
        if (fields[i] == "lifecycle") c_lifecycle = static_cast<int>(i);
        if (fields[i] == "timestamp") c_time = static_cast<int>(i);
      }
      if (c_time < 0) return Status::invalid_argument(at(name, 1) + "no timestamp column");
      columns = fields.size();
      continue;
    }
    if (fields.size() < columns) {
      return Status::invalid_argument(at(name, line_no) + "expected " + std::to_string(columns) +
                                      " fields, found " + std::to_string(fields.size()));
    }
    ++out.events;
    const std::string_view case_id = fields[c_case];
    const std::string_view activity = fields[c_activity];
    const std::string_view lifecycle = fields[c_lifecycle];
    const auto ts = parse_timestamp(fields[c_time]);
    if (!ts) {
      return Status::invalid_argument(at(name, line_no) + "timestamp '" +
                                      std::string(fields[c_time]) +
                                      "' is not ISO 8601 (YYYY-MM-DDTHH:MM:SS[.fff][+HH:MM])");
    }
    if (case_id.empty()) return Status::invalid_argument(at(name, line_no) + "empty case_id");
    if (!first || ts->seconds < first->seconds) first = ts;
    auto [case_it, new_case] =
        case_index.try_emplace(std::string(case_id), static_cast<std::uint32_t>(case_index.size()));
    if (new_case) cases.emplace_back().id = std::string(case_id);
    CaseBuild& this_case = cases[case_it->second];
    this_case.first_event = std::min(this_case.first_event, ts->seconds);
    if (activity.rfind("A_", 0) == 0 || activity.rfind("O_", 0) == 0) {
      ++out.state_events;
      continue;
    }
    if (activity.rfind("W_", 0) != 0) {
      return Status::invalid_argument(
          at(name, line_no) + "unknown activity '" + std::string(activity) +
          "': expected an application (A_), offer (O_) or work item (W_) activity");
    }
    auto act_it = activity_index.find(activity);
    if (act_it == activity_index.end()) {
      act_it = activity_index.emplace(std::string(activity), out.activities.size()).first;
      out.activities.push_back({std::string(activity), work_type_of_activity(activity), 0});
    }
    const std::size_t act = act_it->second;
    SessionState& st = sessions[(std::uint64_t{case_it->second} << 16) | act];
    if (lifecycle == "SCHEDULE") {
      st.scheduled = ts->seconds;
    } else if (lifecycle == "START") {
      if (st.started) ++out.unpaired;  // a START never completed
      st.started = ts->seconds;
    } else if (lifecycle == "COMPLETE") {
      if (!st.started) {
        ++out.unpaired;
        continue;
      }
      double handle = ts->seconds - *st.started;
      handle = std::max(handle, 1.0);
      if (handle > options.max_handle_seconds) {
        handle = options.max_handle_seconds;
        ++out.capped;
      }
      EventLogSession session;
      session.activity = static_cast<std::uint16_t>(act);
      session.release = st.scheduled && *st.scheduled <= *st.started ? *st.scheduled : *st.started;
      session.start = *st.started;
      session.complete = ts->seconds;
      session.handle_seconds = handle;
      this_case.sessions.push_back(session);
      ++out.activities[act].sessions;
      ++out.sessions;
      st.scheduled.reset();
      st.started.reset();
    } else {
      return Status::invalid_argument(at(name, line_no) + "unknown lifecycle '" +
                                      std::string(lifecycle) +
                                      "': expected SCHEDULE, START or COMPLETE");
    }
  }
  if (line_no == 0) return Status::invalid_argument(name + ": empty file");
  out.case_ids = cases.size();
  if (activity_index.size() > 0xffff) {
    return Status::invalid_argument(name + ": more than 65,535 distinct W_ activities");
  }
  for (const auto& [key, st] : sessions) {
    if (st.started) ++out.unpaired;
  }
  if (!first) return out;
  // Origin: local midnight of the first event, at its UTC offset.
  out.first_day = first->local_day;
  out.origin = Instant{
      duration_cast<seconds>(first->local_day.time_since_epoch() - minutes(first->offset_minutes))};
  const double origin = static_cast<double>(out.origin.time_since_epoch().count());
  // Each case: its sessions in START order (file order among equal STARTs), the waits
  // outside the back office between them, times from the origin.
  for (CaseBuild& c : cases) {
    if (c.sessions.empty()) continue;
    std::stable_sort(
        c.sessions.begin(), c.sessions.end(),
        [](const EventLogSession& a, const EventLogSession& b) { return a.start < b.start; });
    double previous = c.first_event;  // the previous session's COMPLETE (latest so far)
    for (EventLogSession& session : c.sessions) {
      session.wait_seconds = std::max(0.0, session.release - previous);
      previous = std::max(previous, session.complete);
      session.release -= origin;
      session.start -= origin;
      session.complete -= origin;
    }
    EventLogCase replayed;
    replayed.id = std::move(c.id);
    replayed.first_event = c.first_event - origin;
    replayed.sessions = std::move(c.sessions);
    out.cases.push_back(std::move(replayed));
  }
  std::stable_sort(
      out.cases.begin(), out.cases.end(),
      [](const EventLogCase& a, const EventLogCase& b) { return a.release() < b.release(); });
  return out;
}

Result<EventLogReplay> read_event_log(const std::filesystem::path& file,
                                      const EventLogOptions& options) {
  auto text = read_maybe_gzipped(file);
  if (!text.is_ok()) return text.status();
  return parse_event_log(*text, file.string(), options);
}

std::string first_line_of(const std::filesystem::path& file) {
  gzFile in = gzopen(file.c_str(), "rb");
  if (in == nullptr) return {};
  char buffer[4096];
  std::string line;
  if (gzgets(in, buffer, sizeof buffer) != nullptr) line = buffer;
  gzclose(in);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
  return line;
}

}  // namespace tandem::io
