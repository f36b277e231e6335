// SPDX-License-Identifier: Apache-2.0
#include "staffing/process_flow.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <set>

namespace tandem::staffing {
namespace {

namespace chr = std::chrono;

// When work reaches a point of the process, as a distribution over whole-interval offsets
// from the process's arrival (mass past the last offset is kept on the last one).
using Lag = std::vector<double>;

Lag delta(int length) {
  Lag l(length, 0.0);
  l[0] = 1.0;
  return l;
}

// Later by `intervals` (fractional: split between the two neighbours, so the mean is exact).
Lag shifted(const Lag& in, double intervals) {
  const int n = static_cast<int>(in.size());
  const int whole = static_cast<int>(std::floor(intervals));
  const double frac = intervals - whole;
  Lag out(n, 0.0);
  for (int k = 0; k < n; ++k) {
    if (in[k] == 0) continue;
    out[std::min(n - 1, k + whole)] += in[k] * (1 - frac);
    if (frac > 0) out[std::min(n - 1, k + whole + 1)] += in[k] * frac;
  }
  return out;
}

Lag mixed(const Lag& a, double weight_a, const Lag& b) {
  Lag out(a.size());
  for (size_t k = 0; k < a.size(); ++k) out[k] = weight_a * a[k] + (1 - weight_a) * b[k];
  return out;
}

Lag convolved(const Lag& a, const Lag& b) {
  const int n = static_cast<int>(a.size());
  Lag out(n, 0.0);
  for (int i = 0; i < n; ++i) {
    if (a[i] == 0) continue;
    for (int j = 0; j < n; ++j) {
      if (b[j] == 0) continue;
      out[std::min(n - 1, i + j)] += a[i] * b[j];
    }
  }
  return out;
}

// The join of independent branches: the last one done (the product of their CDFs).
Lag latest_of(const std::vector<Lag>& branches) {
  const int n = static_cast<int>(branches.front().size());
  Lag out(n, 0.0);
  std::vector<double> cdf(branches.size(), 0.0);
  double previous = 0;
  for (int k = 0; k < n; ++k) {
    double joint = 1;
    for (size_t b = 0; b < branches.size(); ++b) {
      cdf[b] += branches[b][k];
      joint *= std::min(1.0, cdf[b]);
    }
    out[k] = joint - previous;
    previous = joint;
  }
  out[n - 1] += 1 - previous;  // rounding
  return out;
}

// A customer wait's duration over interval offsets: exponential spread (bins centred on the
// offsets), any other kind at its mean.
Lag wait_lag(const Distribution& d, double interval_seconds, int length) {
  if (d.kind != DistributionKind::kExponential || d.mean_seconds <= 0) {
    return shifted(delta(length), d.mean_seconds / interval_seconds);
  }
  Lag l(length, 0.0);
  auto cdf = [&](double x) { return x <= 0 ? 0.0 : 1 - std::exp(-x / d.mean_seconds); };
  for (int k = 0; k < length; ++k) {
    l[k] = cdf((k + 0.5) * interval_seconds) - cdf((k - 0.5) * interval_seconds);
  }
  l[length - 1] += 1 - cdf((length - 0.5) * interval_seconds);
  return l;
}

double mean_of(const Lag& l) {
  double m = 0;
  for (size_t k = 0; k < l.size(); ++k) m += k * l[k];
  return m;
}

double queue_aht(const Queue& q) { return q.handle_time.mean() + q.after_contact_seconds; }

// Per work type and interval: volume and volume x AHT.
struct Series {
  std::vector<double> volume;
  std::vector<double> work_seconds;
};

class Flow {
 public:
  Flow(const Scenario& s, const ProcessFlowOptions& o)
      : s_(s),
        o_(o),
        iv_seconds_(s.interval.minutes * 60.0),
        count_(std::max(1, o.days) * s.interval.intervals_per_day()) {}

  ProcessFlow run(std::span<const IntervalVolume> arrivals) {
    classify(arrivals);
    for (const IntervalVolume& row : arrivals) {
      if (!consumed_.count(row.queue)) {
        out_.rows.push_back(row);
        continue;
      }
      const int i = index_of(row.interval_start);
      if (i < 0) {
        ++skipped_[row.queue];
        continue;
      }
      Series& a = arrivals_[row.queue];
      a.volume[i] += row.volume;
      a.work_seconds[i] += row.volume * row.aht_seconds.value_or(-1.0);  // < 0: the step's own
    }
    for (const auto& [queue, n] : skipped_) {
      out_.notes.push_back("process flow: skipped " + std::to_string(n) + " row(s) of " + queue +
                           " off the " + std::to_string(s_.interval.minutes) +
                           "-minute grid or outside the horizon");
    }
    for (const Process& p : s_.processes) flow(p);
    emit();
    return std::move(out_);
  }

 private:
  // Which work types start a process (their rows are arrivals) and which keep their rows.
  void classify(std::span<const IntervalVolume> arrivals) {
    std::set<std::string> with_rows;
    for (const IntervalVolume& row : arrivals) with_rows.insert(row.queue);
    std::set<std::string> in_processes;
    for (const Process& p : s_.processes) {
      for (const ProcessStep* st : p.steps()) {
        in_processes.insert(st->work_type);
        if (!st->quality_check_work_type.empty()) in_processes.insert(st->quality_check_work_type);
      }
      if (p.stages.empty() || p.stages[0].branches.empty() || p.stages[0].branches[0].empty())
        continue;
      const std::string& first = p.stages[0].branches[0][0].work_type;
      if (!starter_.emplace(first, p.id).second) {
        out_.notes.push_back("process " + p.id + ": its first work type " + first +
                             " already starts process " + starter_[first] +
                             "; its rows are that process's arrivals, none flow into " + p.id);
      }
    }
    for (const std::string& w : in_processes) {
      if (starter_.count(w)) {
        consumed_.insert(w);
        arrivals_[w] = Series{std::vector<double>(count_, 0.0), std::vector<double>(count_, 0.0)};
      } else if (with_rows.count(w)) {
        measured_.insert(w);
        out_.notes.push_back("process flow: work type " + w +
                             " has rows of its own: they are used as measured, nothing is "
                             "flowed into it");
      }
    }
  }

  int index_of(LocalSeconds t) const {
    const auto since = t - LocalSeconds(o_.first_day);
    const Seconds length = chr::minutes(s_.interval.minutes);
    if (since < Seconds(0) || since % length != Seconds(0)) return -1;
    const long long i = since / length;
    return i < count_ ? static_cast<int>(i) : -1;
  }

  double step_handle(const ProcessStep& st, const Queue& q) const {
    return (st.handle_time.mean_seconds > 0 ? st.handle_time.mean_seconds : q.handle_time.mean()) +
           q.after_contact_seconds;
  }

  // The robots' failure rate for a skill (weighted by their concurrency); nullopt: no robot
  // holds it, so people do the step.
  std::optional<double> robot_failure(const std::string& skill) const {
    double slots = 0, failing = 0;
    for (const Agent& a : s_.agents) {
      if (!a.is_robot() || !a.proficiency(skill)) continue;
      slots += std::max(1, a.concurrency);
      failing += std::max(1, a.concurrency) * a.failure_rate;
    }
    if (slots <= 0) return std::nullopt;
    return failing / slots;
  }

  // Adds `share` of the process arrivals, reaching work type `w` with lag `lag`, at `aht`.
  void add(const std::string& w, const Series& arrivals, const Lag& lag, double share, double aht,
           bool rows_aht) {
    if (measured_.count(w) || share <= 0) return;
    Series& out = flowed_[w];
    if (out.volume.empty()) {
      out.volume.assign(count_, 0.0);
      out.work_seconds.assign(count_, 0.0);
    }
    for (int i = 0; i < count_; ++i) {
      const double v = arrivals.volume[i];
      if (v <= 0) continue;
      const double per =
          arrivals.work_seconds[i] >= 0 && rows_aht ? arrivals.work_seconds[i] / v : aht;
      for (int k = 0; k < count_; ++k) {
        if (lag[k] == 0) continue;
        const int t = (i + k) % count_;  // steady state: past the end comes back at the start
        const double part = v * lag[k] * share;
        out.volume[t] += part;
        out.work_seconds[t] += part * per;
      }
    }
  }

  void flow(const Process& p) {
    auto starts = starter_.find(p.stages.empty() || p.stages[0].branches.empty() ||
                                        p.stages[0].branches[0].empty()
                                    ? std::string()
                                    : p.stages[0].branches[0][0].work_type);
    if (starts == starter_.end() || starts->second != p.id) return;
    const Series& arrivals = arrivals_[starts->first];
    double total = 0;
    for (double v : arrivals.volume) total += v;
    const double queue_intervals = o_.queue_minutes * 60.0 / iv_seconds_;
    Lag ready = delta(count_);
    bool first_step = true;
    for (const ProcessStage& stage : p.stages) {
      std::vector<Lag> ends;
      for (const std::vector<ProcessStep>& branch : stage.branches) {
        Lag at = ready;
        for (const ProcessStep& st : branch) {
          const Queue* q = s_.find_queue(st.work_type);
          if (q == nullptr) continue;  // the loader refuses this
          FlowStep fs;
          fs.process = p.id;
          fs.step = st.id;
          fs.work_type = st.work_type;
          fs.arrivals = total;
          fs.handle_seconds = step_handle(st, *q);
          fs.mean_lag_hours = mean_of(at) * iv_seconds_ / 3600.0;
          fs.measured = measured_.count(st.work_type) > 0;
          const double handle_intervals = fs.handle_seconds / iv_seconds_;
          const std::optional<double> failure =
              st.robot_eligible ? robot_failure(q->skill) : std::nullopt;
          if (failure) {
            fs.robot_share = 1;
            fs.people_share = *failure;  // exceptions, after the robot's attempt
            add(st.work_type, arrivals, shifted(at, handle_intervals), *failure, fs.handle_seconds,
                false);
          } else {
            add(st.work_type, arrivals, at, 1.0, fs.handle_seconds, first_step);
          }
          first_step = false;
          Lag done = shifted(at, queue_intervals + handle_intervals);
          if (st.quality_check_rate > 0) {
            const std::string& check_type =
                st.quality_check_work_type.empty() ? st.work_type : st.quality_check_work_type;
            const Queue* cq = s_.find_queue(check_type);
            const double check_aht = cq ? queue_aht(*cq) : fs.handle_seconds;
            fs.quality_checks = st.quality_check_rate * total;
            add(check_type, arrivals, done, st.quality_check_rate, check_aht, false);
            done = mixed(shifted(done, queue_intervals + check_aht / iv_seconds_),
                         st.quality_check_rate, done);
          }
          // The first wait whose draw fires holds the item (as the simulator draws them).
          double none = 1;
          Lag after(count_, 0.0);
          for (const WaitState& w : st.waits) {
            const double p_wait = none * w.probability;
            none -= p_wait;
            if (p_wait <= 0) continue;
            const Lag waited = convolved(done, wait_lag(w.duration, iv_seconds_, count_));
            for (int k = 0; k < count_; ++k) after[k] += p_wait * waited[k];
          }
          for (int k = 0; k < count_; ++k) after[k] += none * done[k];
          at = std::move(after);
          out_.steps.push_back(std::move(fs));
        }
        ends.push_back(std::move(at));
      }
      if (!ends.empty()) ready = ends.size() == 1 ? ends.front() : latest_of(ends);
    }
  }

  void emit() {
    const Seconds length = chr::minutes(s_.interval.minutes);
    for (const Queue& q : s_.queues) {
      auto it = flowed_.find(q.id);
      if (it != flowed_.end() || consumed_.count(q.id)) out_.work_types.push_back(q.id);
      if (it == flowed_.end()) continue;
      for (int i = 0; i < count_; ++i) {
        const double v = it->second.volume[i];
        if (v < 1e-9) continue;
        out_.rows.push_back(
            {q.id, LocalSeconds(o_.first_day) + i * length, v, it->second.work_seconds[i] / v});
      }
    }
  }

  const Scenario& s_;
  const ProcessFlowOptions& o_;
  const double iv_seconds_;
  const int count_;
  std::map<std::string, std::string> starter_;  // work type -> the process it starts
  std::set<std::string> consumed_;              // rows read as arrivals
  std::set<std::string> measured_;              // rows kept, nothing flowed in
  std::map<std::string, Series> arrivals_;
  std::map<std::string, Series> flowed_;
  std::map<std::string, int> skipped_;
  ProcessFlow out_;
};

}  // namespace

ProcessFlow flow_through_processes(const Scenario& scenario,
                                   std::span<const IntervalVolume> arrivals,
                                   const ProcessFlowOptions& options) {
  return Flow(scenario, options).run(arrivals);
}

}  // namespace tandem::staffing
