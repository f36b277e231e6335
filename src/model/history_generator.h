// SPDX-License-Identifier: Apache-2.0
// The seeded history generator: synthetic but plausible arrival history (volume and average
// handle time per queue per open interval) for demo and test scenarios, so that a scenario
// needs nothing outside the repository. docs/history-generator.md defines the model.
//
// Pure: no I/O, no clock, no global state. The output is a function of the config alone
// (including its seed): the same config gives byte-identical CSV on every run. Randomness is
// std::mt19937_64 (fully specified by the standard) with hand-written transforms (Poisson,
// normal), never std:: distributions, whose algorithms differ between standard libraries. Each
// queue draws from its own stream, seeded from the seed and the queue id, so adding or removing a
// queue leaves the others' numbers unchanged. Reading the YAML config is in
// model/history_generator_config.h.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/calendar.h"
#include "model/status.h"
#include "model/time.h"

namespace tandem {

// Which file a queue's rows go to.
enum class HistoryFile { kContacts, kWorkItems };

// A bell-shaped bump of the intraday arrival profile, centred at `at` (local time).
struct IntradayPeak {
  TimeOfDay at{0};
  Minutes width{60};    // standard deviation of the bump
  double weight = 1.0;  // height relative to `IntradayProfile::base`
};

// Relative arrival intensity through an open day: base + sum of peaks (evaluated at each
// interval's midpoint, normalised over the day's open intervals).
struct IntradayProfile {
  double base = 1.0;
  std::vector<IntradayPeak> peaks;
};

// A share of the day's volume that arrives at once in the interval containing `at` (e.g. the
// morning post). Ignored on a day when that interval is closed.
struct ArrivalBatch {
  TimeOfDay at{0};
  double share = 0;  // 0..1 of the day's volume; the batches of a queue sum to at most 1
};

// One point of a piecewise-linear factor over the local time of day.
struct TimeFactor {
  TimeOfDay at{0};
  double factor = 1.0;
};

// Average handle time. The expected AHT at time t is mean_seconds x the profile's factor at t
// (linear between points, flat beyond the first/last; 1 without points). The reported AHT of
// an interval with n contacts is the mean of n handle times with coefficient of variation
// `cv`: expected x (1 + cv / sqrt(n) x z), z standard normal, floored at 20% of expected.
struct AhtModel {
  double mean_seconds = 300;
  double cv = 0.8;
  std::vector<TimeFactor> profile;  // sorted by `at`
};

struct GeneratedQueue {
  std::string id;
  HistoryFile file = HistoryFile::kContacts;
  std::string site;         // GeneratorSite id: its opening hours decide the open intervals
  double daily_volume = 0;  // mean arrivals on a day whose weekday factor is 1
  std::array<double, 7> weekday_factors{1, 1, 1, 1, 1, 1, 1};  // ISO order, Monday first
  IntradayProfile intraday;
  std::vector<ArrivalBatch> batches;
  int month_end_days = 0;                      // the last N business days of each month ...
  double month_end_factor = 1.0;               // ... have their volume multiplied by this
  std::optional<double> weekly_trend_percent;  // overrides the config's
  std::optional<AhtModel> aht;                 // absent: the aht_seconds column is empty
};

struct GeneratorSite {
  std::string id;
  WeeklyHours opening_hours;
};

// A day with unusual volume (a marketing campaign, an outage): the listed queues' volume that
// day is multiplied by `factor` (every queue when `queues` is empty).
struct SpecialDay {
  LocalDays date;
  std::string name;
  std::vector<std::string> queues;
  double factor = 1.0;
};

struct HistoryGeneratorConfig {
  std::uint64_t seed = 1;
  LocalDays start;                          // first local date generated
  LocalDays end;                            // last local date generated (inclusive)
  std::string time_zone = "Europe/London";  // of every site; interval starts are local times
  int interval_minutes = 15;                // 5, 15, 30 or 60
  std::vector<LocalDays> holidays;          // closed at every site: no rows
  double weekly_trend_percent = 0;          // volume grows linearly by this % per week from `start`
  double daily_noise_percent = 0;  // day-to-day variation of a queue's daily mean (std. dev.)
  std::vector<GeneratorSite> sites;
  std::vector<GeneratedQueue> queues;
  std::vector<SpecialDay> special_days;
};

// One row of a history CSV: arrivals of one queue in one open interval.
struct HistoryRow {
  LocalSeconds interval_start;
  std::string queue;
  int volume = 0;
  std::optional<int> aht_seconds;  // empty when the queue has no AHT model or volume is 0
  friend bool operator==(const HistoryRow&, const HistoryRow&) = default;
};

// Rows sorted by interval start, then queue id. Closed intervals have no row.
struct GeneratedHistory {
  std::vector<HistoryRow> contacts;
  std::vector<HistoryRow> work_items;
};

// Generates the history. Fails with InvalidArgument (naming the field) when the config breaks a
// rule: end before start, unknown time zone or site, an interval length not in {5,15,30,60},
// a negative volume or factor, batch shares above 1, duplicate queue ids, a special day naming
// an unknown queue.
Result<GeneratedHistory> generate_history(const HistoryGeneratorConfig& config);

// The CSV text of rows: header `interval_start,queue,volume,aht_seconds`, then one line per
// row, interval_start as local `YYYY-MM-DDTHH:MM`, LF line ends.
std::string format_history_csv(const std::vector<HistoryRow>& rows);

}  // namespace tandem
