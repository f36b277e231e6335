// SPDX-License-Identifier: Apache-2.0
// The seeded history generator (model in docs/history-generator.md).
#include "model/history_generator.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>
#include <set>
#include <tuple>

#include "model/planning.h"

namespace tandem {

namespace {

namespace chr = std::chrono;

// ---- randomness: mt19937_64 (portable by the standard) and our own transforms ----

std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

std::uint64_t fnv1a64(const std::string& text) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return h;
}

class Random {
 public:
  explicit Random(std::uint64_t seed) : engine_(seed) {}

  // Uniform in (0, 1]: 53 random bits.
  double uniform_open_zero() { return static_cast<double>((engine_() >> 11) + 1) * 0x1.0p-53; }

  // Standard normal (Box-Muller; one value per call).
  double normal() {
    const double u1 = uniform_open_zero();
    const double u2 = uniform_open_zero();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
  }

  // Poisson: multiplication method for small means, rounded normal approximation above.
  int poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean < 30) {
      const double limit = std::exp(-mean);
      double product = uniform_open_zero();
      int k = 0;
      while (product > limit) {
        product *= uniform_open_zero();
        ++k;
      }
      return k;
    }
    const double x = std::floor(mean + std::sqrt(mean) * normal() + 0.5);
    return x < 0 ? 0 : static_cast<int>(x);
  }

 private:
  std::mt19937_64 engine_;
};

// ---- the calendar of one site in local dates ----

class SiteDays {
 public:
  SiteDays(const WeeklyHours& hours, const std::vector<LocalDays>& holidays)
      : hours_(hours), holidays_(holidays.begin(), holidays.end()) {}

  bool is_business_day(LocalDays d) const {
    return !hours_.days[static_cast<size_t>(iso_weekday_index(d))].empty() &&
           holidays_.count(d) == 0;
  }

  // True if d is one of the last n business days of its month.
  bool is_month_end(LocalDays d, int n) const {
    if (n <= 0 || !is_business_day(d)) return false;
    const auto month = chr::year_month_day{d}.month();
    int later = 0;
    for (LocalDays x = d + chr::days{1}; chr::year_month_day{x}.month() == month; x += chr::days{1})
      if (is_business_day(x)) ++later;
    return later < n;
  }

  // Starts of the open intervals of a business day (local time of day).
  std::vector<TimeOfDay> open_intervals(LocalDays d, Minutes interval) const {
    std::vector<TimeOfDay> out;
    for (const auto& w : hours_.days[static_cast<size_t>(iso_weekday_index(d))]) {
      // Intervals on the grid whose start lies in [open, close).
      TimeOfDay t{(w.open.count() + interval.count() - 1) / interval.count() * interval.count()};
      for (; t < w.close; t += interval) out.push_back(t);
    }
    return out;
  }

 private:
  const WeeklyHours& hours_;
  std::set<LocalDays> holidays_;
};

double intraday_weight(const IntradayProfile& p, double minute_of_day) {
  double w = p.base;
  for (const auto& peak : p.peaks) {
    const double z = (minute_of_day - static_cast<double>(peak.at.count())) /
                     static_cast<double>(peak.width.count());
    w += peak.weight * std::exp(-0.5 * z * z);
  }
  return w;
}

double time_factor(const std::vector<TimeFactor>& profile, double minute_of_day) {
  if (profile.empty()) return 1.0;
  if (minute_of_day <= static_cast<double>(profile.front().at.count()))
    return profile.front().factor;
  for (size_t i = 1; i < profile.size(); ++i) {
    const double a = static_cast<double>(profile[i - 1].at.count());
    const double b = static_cast<double>(profile[i].at.count());
    if (minute_of_day <= b) {
      const double f = b > a ? (minute_of_day - a) / (b - a) : 1.0;
      return profile[i - 1].factor + f * (profile[i].factor - profile[i - 1].factor);
    }
  }
  return profile.back().factor;
}

Status check_config(const HistoryGeneratorConfig& c) {
  if (c.end < c.start) return Status::invalid_argument("end: must not be before start");
  if (!IntervalGrid::is_valid_length(c.interval_minutes))
    return Status::invalid_argument(
        fmt::format("interval_minutes: must be 5, 15, 30 or 60, not {}", c.interval_minutes));
  if (!is_known_time_zone(c.time_zone))
    return Status::invalid_argument("time_zone: unknown time zone '" + c.time_zone + "'");
  if (c.daily_noise_percent < 0)
    return Status::invalid_argument("daily_noise_percent: must not be negative");
  std::set<std::string> sites, queues;
  for (const auto& s : c.sites)
    if (!sites.insert(s.id).second)
      return Status::invalid_argument("sites: duplicate site id '" + s.id + "'");
  for (const auto& q : c.queues) {
    const std::string at = "queues." + q.id;
    if (!queues.insert(q.id).second)
      return Status::invalid_argument("queues: duplicate queue id '" + q.id + "'");
    if (!sites.count(q.site))
      return Status::invalid_argument(at + ".site: unknown site '" + q.site + "'");
    if (q.daily_volume < 0) return Status::invalid_argument(at + ".daily_volume: negative");
    for (double f : q.weekday_factors)
      if (f < 0) return Status::invalid_argument(at + ".weekday_factors: negative factor");
    if (q.month_end_factor < 0) return Status::invalid_argument(at + ".month_end.factor: negative");
    if (q.intraday.base < 0) return Status::invalid_argument(at + ".intraday.base: negative");
    for (const auto& p : q.intraday.peaks)
      if (p.weight < 0 || p.width <= Minutes{0})
        return Status::invalid_argument(at + ".intraday.peaks: weight < 0 or width <= 0");
    double shares = 0;
    for (const auto& b : q.batches) {
      if (b.share < 0) return Status::invalid_argument(at + ".batches: negative share");
      shares += b.share;
    }
    if (shares > 1 + 1e-9)
      return Status::invalid_argument(at + ".batches: shares add up to more than 1");
    if (q.aht && (q.aht->mean_seconds <= 0 || q.aht->cv < 0))
      return Status::invalid_argument(at + ".aht: mean_seconds must be > 0 and cv >= 0");
  }
  for (const auto& d : c.special_days) {
    if (d.factor < 0)
      return Status::invalid_argument("special_days." + d.name + ".factor: negative");
    for (const auto& q : d.queues)
      if (!queues.count(q))
        return Status::invalid_argument("special_days." + d.name + ".queues: unknown queue '" + q +
                                        "'");
  }
  return Status::ok();
}

void generate_queue(const HistoryGeneratorConfig& c, const GeneratedQueue& q,
                    const WeeklyHours& hours, std::vector<HistoryRow>& out) {
  Random random(splitmix64(c.seed ^ fnv1a64(q.id)));
  const SiteDays site(hours, c.holidays);
  const Minutes interval{c.interval_minutes};
  const double trend_percent = q.weekly_trend_percent.value_or(c.weekly_trend_percent);
  const double half_interval = static_cast<double>(c.interval_minutes) / 2.0;

  for (LocalDays day = c.start; day <= c.end; day += chr::days{1}) {
    if (!site.is_business_day(day)) continue;
    const std::vector<TimeOfDay> starts = site.open_intervals(day, interval);
    if (starts.empty()) continue;

    // (1) the day's mean: base x weekday x trend x month end x special days x noise.
    const double weeks = static_cast<double>((day - c.start).count()) / 7.0;
    double mean = q.daily_volume * q.weekday_factors[static_cast<size_t>(iso_weekday_index(day))];
    mean *= std::max(0.0, 1.0 + trend_percent / 100.0 * weeks);
    if (site.is_month_end(day, q.month_end_days)) mean *= q.month_end_factor;
    for (const auto& s : c.special_days)
      if (s.date == day &&
          (s.queues.empty() || std::find(s.queues.begin(), s.queues.end(), q.id) != s.queues.end()))
        mean *= s.factor;
    mean *= std::max(0.0, 1.0 + c.daily_noise_percent / 100.0 * random.normal());

    // (2) split it: batches into their intervals, the rest along the intraday profile.
    std::vector<double> share(starts.size(), 0.0);
    double batched = 0;
    for (const auto& b : q.batches) {
      const auto it = std::find_if(starts.begin(), starts.end(),
                                   [&](TimeOfDay t) { return t <= b.at && b.at < t + interval; });
      if (it == starts.end()) continue;
      share[static_cast<size_t>(it - starts.begin())] += b.share;
      batched += b.share;
    }
    std::vector<double> weight(starts.size());
    double total_weight = 0;
    for (size_t i = 0; i < starts.size(); ++i) {
      weight[i] =
          intraday_weight(q.intraday, static_cast<double>(starts[i].count()) + half_interval);
      total_weight += weight[i];
    }
    for (size_t i = 0; i < starts.size(); ++i)
      if (total_weight > 0) share[i] += (1.0 - batched) * weight[i] / total_weight;

    // (3) Poisson arrivals around each interval's mean, and the AHT of those arrivals.
    for (size_t i = 0; i < starts.size(); ++i) {
      HistoryRow row;
      row.interval_start = LocalSeconds{day} + starts[i];
      row.queue = q.id;
      row.volume = random.poisson(mean * share[i]);
      if (q.aht && row.volume > 0) {
        const double expected =
            q.aht->mean_seconds *
            time_factor(q.aht->profile, static_cast<double>(starts[i].count()) + half_interval);
        const double noise =
            q.aht->cv / std::sqrt(static_cast<double>(row.volume)) * random.normal();
        row.aht_seconds = static_cast<int>(std::lround(expected * std::max(0.2, 1.0 + noise)));
      }
      out.push_back(std::move(row));
    }
  }
}

}  // namespace

Result<GeneratedHistory> generate_history(const HistoryGeneratorConfig& config) {
  if (Status s = check_config(config); !s.is_ok()) return s;
  GeneratedHistory history;
  for (const auto& q : config.queues) {
    const auto site = std::find_if(config.sites.begin(), config.sites.end(),
                                   [&](const GeneratorSite& s) { return s.id == q.site; });
    generate_queue(config, q, site->opening_hours,
                   q.file == HistoryFile::kContacts ? history.contacts : history.work_items);
  }
  const auto by_time_then_queue = [](const HistoryRow& a, const HistoryRow& b) {
    return std::tie(a.interval_start, a.queue) < std::tie(b.interval_start, b.queue);
  };
  std::stable_sort(history.contacts.begin(), history.contacts.end(), by_time_then_queue);
  std::stable_sort(history.work_items.begin(), history.work_items.end(), by_time_then_queue);
  return history;
}

std::string format_history_csv(const std::vector<HistoryRow>& rows) {
  std::string out = "interval_start,queue,volume,aht_seconds\n";
  out.reserve(rows.size() * 40 + out.size());
  for (const auto& r : rows) {
    const LocalDays day = chr::floor<chr::days>(r.interval_start);
    const chr::year_month_day ymd{day};
    const auto minutes = chr::duration_cast<Minutes>(r.interval_start - day).count();
    out += fmt::format("{:04}-{:02}-{:02}T{:02}:{:02},{},{},", static_cast<int>(ymd.year()),
                       static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                       minutes / 60, minutes % 60, r.queue, r.volume);
    if (r.aht_seconds) out += fmt::format("{}", *r.aht_seconds);
    out += '\n';
  }
  return out;
}

}  // namespace tandem
