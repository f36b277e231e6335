// SPDX-License-Identifier: Apache-2.0
// The seeded history generator: determinism, closed intervals, the shapes it promises
// (month end, batches, special days, Poisson noise), the committed CSVs and config errors.
#include "model/history_generator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <sstream>

#include "model/history_generator_config.h"

namespace tandem {
namespace {

namespace chr = std::chrono;
using chr::hours;
using chr::minutes;

LocalDays date(int y, unsigned m, unsigned d) {
  return LocalDays{chr::year_month_day{chr::year{y}, chr::month{m}, chr::day{d}}};
}

// One back-office site Mon-Fri 08:00-18:00, Sat 09:00-12:00; June-July 2026; one queue.
HistoryGeneratorConfig small_config() {
  HistoryGeneratorConfig c;
  c.seed = 99;
  c.start = date(2026, 6, 1);
  c.end = date(2026, 7, 31);
  c.holidays = {date(2026, 6, 17)};  // a Wednesday
  GeneratorSite site;
  site.id = "office";
  for (int d = 0; d < 5; ++d) site.opening_hours.days[d] = {{hours{8}, hours{18}}};
  site.opening_hours.days[5] = {{hours{9}, hours{12}}};
  c.sites = {site};
  GeneratedQueue q;
  q.id = "post";
  q.file = HistoryFile::kWorkItems;
  q.site = "office";
  q.daily_volume = 400;
  q.intraday.peaks = {{hours{11}, minutes{60}, 1.0}};
  q.batches = {{hours{9}, 0.3}};
  q.aht = AhtModel{300, 0.8, {}};
  c.queues = {q};
  return c;
}

GeneratedHistory generate(const HistoryGeneratorConfig& c) {
  auto r = generate_history(c);
  EXPECT_TRUE(r.is_ok()) << r.status().message();
  return r.is_ok() ? *r : GeneratedHistory{};
}

std::map<LocalDays, int> daily_totals(const std::vector<HistoryRow>& rows,
                                      const std::string& queue) {
  std::map<LocalDays, int> out;
  for (const auto& r : rows)
    if (r.queue == queue) out[chr::floor<chr::days>(r.interval_start)] += r.volume;
  return out;
}

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

HistoryGeneratorConfig committed_config(const std::string& scenario) {
  const auto load = load_history_generator_config(std::string(TANDEM_SOURCE_DIR) + "/scenarios/" +
                                                  scenario + "/history-generator.yaml");
  EXPECT_TRUE(load.ok()) << to_string(load.problems);
  return load.ok() ? *load.config : HistoryGeneratorConfig{};
}

// The committed Northbank history, generated once for the tests that read it.
const GeneratedHistory& northbank_history() {
  static const GeneratedHistory history = generate(committed_config("northbank"));
  return history;
}

// ---- determinism ----

TEST(HistoryGenerator, SameSeedGivesIdenticalRows) {
  const auto a = generate(small_config());
  const auto b = generate(small_config());
  ASSERT_FALSE(a.work_items.empty());
  EXPECT_EQ(a.work_items, b.work_items);
  EXPECT_TRUE(a.contacts.empty());
}

TEST(HistoryGenerator, DifferentSeedGivesDifferentRows) {
  auto config = small_config();
  const auto a = generate(config);
  config.seed = 100;
  const auto b = generate(config);
  ASSERT_EQ(a.work_items.size(), b.work_items.size());  // same open intervals ...
  EXPECT_NE(a.work_items, b.work_items);                // ... different numbers
}

TEST(HistoryGenerator, AddingAQueueLeavesOtherQueuesUnchanged) {
  auto config = small_config();
  const auto before = generate(config);
  GeneratedQueue extra = config.queues[0];
  extra.id = "another";
  config.queues.push_back(extra);
  const auto after = generate(config);
  std::vector<HistoryRow> post;
  for (const auto& r : after.work_items)
    if (r.queue == "post") post.push_back(r);
  EXPECT_EQ(post, before.work_items);
}

// ---- which rows exist ----

TEST(HistoryGenerator, OnlyOpenIntervalsOfBusinessDaysHaveRows) {
  const auto rows = generate(small_config()).work_items;
  std::map<LocalDays, int> per_day;
  for (const auto& r : rows) {
    const LocalDays day = chr::floor<chr::days>(r.interval_start);
    const auto time = chr::duration_cast<minutes>(r.interval_start - day);
    const int weekday = iso_weekday_index(day);
    ASSERT_NE(weekday, 6) << "row on a Sunday";
    ASSERT_NE(day, date(2026, 6, 17)) << "row on a holiday";
    if (weekday == 5) {
      EXPECT_TRUE(time >= hours{9} && time < hours{12});
    } else {
      EXPECT_TRUE(time >= hours{8} && time < hours{18});
    }
    EXPECT_EQ(time.count() % 15, 0);
    ++per_day[day];
  }
  // June + July 2026: 45 weekdays - 1 holiday = 44 x 40 intervals, 8 Saturdays x 12.
  EXPECT_EQ(per_day.size(), 44u + 8u);
  EXPECT_EQ(per_day[date(2026, 6, 1)], 40);  // every open interval, zero volume included
  EXPECT_EQ(per_day[date(2026, 6, 6)], 12);
  EXPECT_EQ(rows.size(), 44u * 40u + 8u * 12u);
  // Sorted by time, then queue.
  for (size_t i = 1; i < rows.size(); ++i)
    ASSERT_LE(rows[i - 1].interval_start, rows[i].interval_start);
}

TEST(HistoryGenerator, CommittedNorthbankDataHasNoRowOnTheBankHolidayOrSunday) {
  const auto& h = northbank_history();
  for (const auto* rows : {&h.contacts, &h.work_items})
    for (const auto& r : *rows) {
      const LocalDays day = chr::floor<chr::days>(r.interval_start);
      ASSERT_NE(day, date(2026, 8, 31)) << r.queue;
      ASSERT_NE(iso_weekday_index(day), 6) << r.queue;
    }
}

// ---- shapes ----

TEST(HistoryGenerator, MonthEndPeakOfMortgageApplications) {
  const auto totals = daily_totals(northbank_history().work_items, "mortgage-docs");
  // Business days per month, in order; the last 3 of each month are the month end.
  std::map<unsigned, std::vector<LocalDays>> by_month;
  for (const auto& [day, total] : totals)
    by_month[static_cast<unsigned>(chr::year_month_day{day}.month())].push_back(day);
  double end_sum = 0, other_sum = 0;
  int end_n = 0, other_n = 0;
  for (const auto& [month, days] : by_month)
    for (size_t i = 0; i < days.size(); ++i) {
      const bool month_end = i + 3 >= days.size();
      (month_end ? end_sum : other_sum) += totals.at(days[i]);
      ++(month_end ? end_n : other_n);
    }
  ASSERT_EQ(end_n, 15);  // June..October
  EXPECT_GT(end_sum / end_n, 1.4 * (other_sum / other_n));
  EXPECT_LT(end_sum / end_n, 1.8 * (other_sum / other_n));
}

TEST(HistoryGenerator, MorningPostBatchAndSpecialDay) {
  auto config = small_config();
  config.special_days = {{date(2026, 7, 8), "campaign", {"post"}, 3.0}};
  const auto rows = generate(config).work_items;
  long at_0900 = 0, at_1000 = 0;
  for (const auto& r : rows) {
    const auto time = r.interval_start - chr::floor<chr::days>(r.interval_start);
    if (time == hours{9}) at_0900 += r.volume;
    if (time == hours{10}) at_1000 += r.volume;
  }
  EXPECT_GT(at_0900, 5 * at_1000);  // 30% of the day in one interval
  const auto totals = daily_totals(rows, "post");
  EXPECT_GT(totals.at(date(2026, 7, 8)), 2.5 * totals.at(date(2026, 7, 1)));
}

TEST(HistoryGenerator, VolumesArePoissonAroundTheMean) {
  HistoryGeneratorConfig c = small_config();
  c.end = date(2026, 12, 31);
  c.holidays.clear();
  c.sites[0].opening_hours.days[5].clear();
  for (const double daily : {400.0, 4000.0}) {  // 10 and 100 per interval: both samplers
    GeneratedQueue& q = c.queues[0];
    q.daily_volume = daily;
    q.intraday = {};
    q.batches.clear();
    const auto rows = generate(c).work_items;
    double sum = 0, sum_sq = 0;
    for (const auto& r : rows) {
      sum += r.volume;
      sum_sq += static_cast<double>(r.volume) * r.volume;
    }
    const double n = static_cast<double>(rows.size());
    const double mean = sum / n;
    const double variance = sum_sq / n - mean * mean;
    const double expected = daily / 40.0;
    EXPECT_NEAR(mean, expected, 0.02 * expected) << daily;
    EXPECT_NEAR(variance, expected, 0.1 * expected) << daily;  // Poisson: variance = mean
  }
}

TEST(HistoryGenerator, AhtFollowsTheProfile) {
  auto config = small_config();
  config.queues[0].batches.clear();
  config.queues[0].aht = AhtModel{300, 0.8, {{hours{8}, 1.2}, {hours{18}, 0.8}}};
  double early = 0, late = 0;
  long early_n = 0, late_n = 0;
  for (const auto& r : generate(config).work_items) {
    if (r.volume == 0) {
      EXPECT_FALSE(r.aht_seconds.has_value());
      continue;
    }
    ASSERT_TRUE(r.aht_seconds.has_value());
    const auto time = r.interval_start - chr::floor<chr::days>(r.interval_start);
    if (time == hours{8}) early += *r.aht_seconds * r.volume, early_n += r.volume;
    if (time == hours{17} + minutes{45}) late += *r.aht_seconds * r.volume, late_n += r.volume;
  }
  // Expected at the interval midpoints: 300 x 1.197 = 359 and 300 x 0.803 = 241.
  EXPECT_NEAR(early / early_n, 359, 15);
  EXPECT_NEAR(late / late_n, 241, 15);
}

// ---- CSV ----

TEST(HistoryGenerator, CsvFormat) {
  const std::vector<HistoryRow> rows = {
      {LocalSeconds{date(2026, 6, 1)} + hours{8} + minutes{15}, "voice-general", 52, 346},
      {LocalSeconds{date(2026, 6, 1)} + hours{8} + minutes{15}, "mortgage-docs", 4, std::nullopt},
  };
  EXPECT_EQ(format_history_csv(rows),
            "interval_start,queue,volume,aht_seconds\n"
            "2026-06-01T08:15,voice-general,52,346\n"
            "2026-06-01T08:15,mortgage-docs,4,\n");
}

TEST(HistoryGenerator, CommittedCsvsMatchTheirConfigs) {
  for (const std::string scenario : {"northbank", "claimsco"}) {
    const auto history =
        scenario == "northbank" ? northbank_history() : generate(committed_config(scenario));
    const std::string dir = std::string(TANDEM_SOURCE_DIR) + "/scenarios/" + scenario + "/history/";
    // EXPECT_TRUE, not EXPECT_EQ: a mismatch would print megabytes.
    EXPECT_TRUE(read_text(dir + "contacts.csv") == format_history_csv(history.contacts))
        << scenario << "/history/contacts.csv is stale: regenerate it (docs/history-generator.md)";
    EXPECT_TRUE(read_text(dir + "work_items.csv") == format_history_csv(history.work_items))
        << scenario
        << "/history/work_items.csv is stale: regenerate it (docs/history-generator.md)";
  }
}

// ---- errors ----

TEST(HistoryGenerator, InvalidConfigStructRejected) {
  auto config = small_config();
  config.queues[0].site = "elsewhere";
  auto r = generate_history(config);
  ASSERT_FALSE(r.is_ok());
  EXPECT_EQ(r.status().message(), "queues.post.site: unknown site 'elsewhere'");
  config = small_config();
  config.end = date(2026, 5, 1);
  EXPECT_EQ(generate_history(config).status().message(), "end: must not be before start");
  config = small_config();
  config.queues[0].batches = {{hours{9}, 0.7}, {hours{10}, 0.6}};
  EXPECT_EQ(generate_history(config).status().message(),
            "queues.post.batches: shares add up to more than 1");
}

TEST(HistoryGeneratorConfig, EveryProblemReportedWithItsLine) {
  const std::string yaml =
      "seed: -7\n"                                                                // 1
      "start: 2026-06-01\n"                                                       // 2
      "end: 2026-05-01\n"                                                         // 3
      "time_zone: Europe/Lodnon\n"                                                // 4
      "interval_minutes: 20\n"                                                    // 5
      "colour: blue\n"                                                            // 6
      "sites:\n"                                                                  // 7
      "  - id: leeds\n"                                                           // 8
      "    opening_hours: {mon-fri: \"08:00-20:00\", funday: \"09:00-10:00\"}\n"  // 9
      "queues:\n"                                                                 // 10
      "  - id: q1\n"                                                              // 11
      "    file: calls\n"                                                         // 12
      "    site: york\n"                                                          // 13
      "    daily_volume: -5\n"                                                    // 14
      "    batches:\n"                                                            // 15
      "      - {at: \"09:00\", share: 0.8}\n"                                     // 16
      "      - {at: \"25:00\", share: 0.4}\n"                                     // 17
      "  - id: q1\n"                                                              // 18
      "    file: contacts\n"                                                      // 19
      "    site: leeds\n"                                                         // 20
      "    daily_volume: 10\n"                                                    // 21
      "special_days:\n"                                                           // 22
      "  - {date: 2026-06-10, queues: [nope], factor: 1.2}\n";                    // 23
  const auto load = parse_history_generator_config(yaml, "gen.yaml");
  ASSERT_FALSE(load.ok());
  EXPECT_EQ(to_string(load.problems),
            "gen.yaml:1:7: seed: must be a whole number from 0 to 2^64-1, not '-7'\n"
            "gen.yaml:3:6: end: must not be before start\n"
            "gen.yaml:4:12: time_zone: unknown time zone 'Europe/Lodnon' (expected an IANA name "
            "such as Europe/London)\n"
            "gen.yaml:5:19: interval_minutes: must be 5, 15, 30 or 60, not 20\n"
            "gen.yaml:6:1: colour: unknown field (allowed: seed, start, end, time_zone, "
            "interval_minutes, holidays, weekly_trend_percent, daily_noise_percent, sites, "
            "queues, special_days)\n"
            "gen.yaml:9:45: sites[0].opening_hours.funday: unknown day (use mon..sun, a range "
            "such as mon-fri, weekdays, weekend or daily)\n"
            "gen.yaml:12:11: queues[0].file: must be contacts or work_items, not 'calls'\n"
            "gen.yaml:13:11: queues[0].site: unknown site 'york'\n"
            "gen.yaml:14:19: queues[0].daily_volume: must not be negative, not -5\n"
            "gen.yaml:16:7: queues[0].batches: the shares add up to 1.2, more than 1\n"
            "gen.yaml:17:14: queues[0].batches[1].at: '25:00' is not a time of day (HH:MM)\n"
            "gen.yaml:18:9: queues[1].id: duplicate queue id 'q1' (first defined at line 11)\n"
            "gen.yaml:23:33: special_days[0].queues[0]: unknown queue 'nope'\n");
}

TEST(HistoryGeneratorConfig, SyntaxErrorAndMissingFile) {
  auto load = parse_history_generator_config("seed: [1\n", "bad.yaml");
  ASSERT_EQ(load.problems.size(), 1u);
  EXPECT_EQ(load.problems[0].location.line, 2);
  EXPECT_NE(load.problems[0].rule.find("YAML syntax error"), std::string::npos);
  load = load_history_generator_config("/nonexistent/gen.yaml");
  ASSERT_EQ(load.problems.size(), 1u);
  EXPECT_EQ(to_string(load.problems[0]),
            "/nonexistent/gen.yaml: cannot read the file (does it exist?)");
}

TEST(HistoryGeneratorConfig, MissingRequiredFields) {
  const auto load = parse_history_generator_config("seed: 1\nqueues: []\n", "g.yaml");
  EXPECT_EQ(to_string(load.problems),
            "g.yaml:1:1: start: required field is missing\n"
            "g.yaml:1:1: end: required field is missing\n"
            "g.yaml:1:1: time_zone: required field is missing\n"
            "g.yaml:1:1: sites: required list is missing\n"
            "g.yaml:2:9: queues: must list at least one entry\n");
}

}  // namespace
}  // namespace tandem
