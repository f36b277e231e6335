// SPDX-License-Identifier: Apache-2.0
#include "staffing/workload_windows.h"

#include <algorithm>
#include <cmath>
#include <queue>
#include <string>
#include <utility>

namespace tandem::staffing {
namespace {

struct Work {
  int release = 0;   // first interval it may be done in
  int deadline = 0;  // last interval it may be done in (>= count: after the horizon)
  double hours = 0;
};

bool valid_hours(double h) { return h >= 0 && !std::isinf(h); }  // false for NaN

}  // namespace

Result<WorkloadWindows> compute_workload_windows(const WorkloadWindowInput& input) {
  const int count = static_cast<int>(input.intervals.size());
  std::vector<Work> work;
  for (int i = 0; i < count; ++i) {
    const WorkloadInterval& in = input.intervals[i];
    if (!valid_hours(in.open_hours) || !valid_hours(in.arriving_hours)) {
      return Status::invalid_argument("interval " + std::to_string(i) +
                                      ": open and arriving hours must be finite and >= 0");
    }
    if (in.deadline_interval < i) {
      return Status::invalid_argument("interval " + std::to_string(i) + ": deadline interval " +
                                      std::to_string(in.deadline_interval) +
                                      " is before the arrival interval");
    }
    if (in.arriving_hours > 0) work.push_back({i, in.deadline_interval, in.arriving_hours});
  }
  for (size_t b = 0; b < input.backlog.size(); ++b) {
    if (!valid_hours(input.backlog[b].hours)) {
      return Status::invalid_argument("backlog item " + std::to_string(b) +
                                      ": hours must be finite and >= 0");
    }
    if (input.backlog[b].hours > 0) {
      work.push_back({0, input.backlog[b].deadline_interval, input.backlog[b].hours});
    }
  }

  WorkloadWindows out;
  out.must_cumulative.assign(count, 0.0);
  out.can_cumulative.assign(count, 0.0);
  out.due_hours.assign(count, 0.0);
  out.latest_hours.assign(count, 0.0);
  if (count == 0) return out;

  // Next open interval at or after i (count if none).
  std::vector<int> next_open(count + 1, count);
  for (int i = count - 1; i >= 0; --i) {
    next_open[i] = input.intervals[i].open_hours > 0 ? i : next_open[i + 1];
  }
  // Open hours in [0, i).
  std::vector<double> open_prefix(count + 1, 0.0);
  for (int i = 0; i < count; ++i)
    open_prefix[i + 1] = open_prefix[i] + input.intervals[i].open_hours;

  // Work with no open time in [release, deadline] is late whatever the capacity: plan it as
  // due in the first open interval at or after its release.
  for (Work& w : work) {
    const bool overdue = w.deadline < w.release;
    const bool no_open = !overdue && w.deadline < count && next_open[w.release] > w.deadline;
    if (overdue || no_open) {
      out.unavoidably_late_hours += w.hours;
      w.deadline = next_open[w.release];  // may be count: nothing open before the horizon
    }
    if (w.deadline >= count) out.beyond_horizon_hours += w.hours;
  }

  // (a), (b) and the due profile.
  std::vector<double> arrived(count, 0.0);
  for (const Work& w : work) {
    arrived[w.release] += w.hours;
    if (w.deadline < count) out.due_hours[w.deadline] += w.hours;
  }
  double must = 0, can = 0;
  for (int i = 0; i < count; ++i) {
    must += out.due_hours[i];
    can += arrived[i];
    out.must_cumulative[i] = must;
    out.can_cumulative[i] = can;
  }
  if (must > 0 && open_prefix[count] <= 0) {
    return Status::invalid_argument("work is due in the horizon but no interval is open");
  }

  // (c) max over windows [s, e] of W(s, e) / H(s, e), W = work released >= s and due <= e.
  // Sweep s downwards keeping due_from_s[d] = hours released >= s and due in d.
  std::vector<std::vector<std::pair<int, double>>> released_at(count);
  for (const Work& w : work) {
    if (w.deadline < count) released_at[w.release].push_back({w.deadline, w.hours});
  }
  std::vector<double> due_from_s(count, 0.0);
  for (int s = count - 1; s >= 0; --s) {
    for (const auto& [deadline, hours] : released_at[s]) due_from_s[deadline] += hours;
    double window_work = 0;
    for (int e = s; e < count; ++e) {
      window_work += due_from_s[e];
      if (window_work <= 0) continue;
      const double open = open_prefix[e + 1] - open_prefix[s];
      if (open <= 0) continue;  // impossible: every window with work holds an open interval
      const double level = window_work / open;
      if (level > out.min_level_agents) {
        out.min_level_agents = level;
        out.binding_from = s;
        out.binding_to = e;
      }
    }
  }

  // (d) As late as allowed at the level capacity: reverse-time EDF (in reversed time the
  // release is the deadline), filling each interval from the back with the work whose
  // release is latest.
  std::vector<std::vector<int>> due_at(count);
  for (size_t k = 0; k < work.size(); ++k) {
    if (work[k].deadline < count) due_at[work[k].deadline].push_back(static_cast<int>(k));
  }
  std::vector<double> remaining(work.size());
  for (size_t k = 0; k < work.size(); ++k) remaining[k] = work[k].hours;
  auto later_release = [&](int a, int b) { return work[a].release < work[b].release; };
  std::priority_queue<int, std::vector<int>, decltype(later_release)> pool(later_release);
  const double level = out.min_level_agents * (1 + 1e-12);
  for (int i = count - 1; i >= 0; --i) {
    for (int k : due_at[i]) pool.push(k);
    double capacity = level * input.intervals[i].open_hours;
    while (capacity > 0 && !pool.empty()) {
      const int k = pool.top();
      if (work[k].release > i) {  // cannot happen at level (c); drop rounding leftovers
        pool.pop();
        continue;
      }
      const double take = std::min(capacity, remaining[k]);
      remaining[k] -= take;
      capacity -= take;
      out.latest_hours[i] += take;
      if (remaining[k] <= 1e-12 * work[k].hours) pool.pop();
    }
  }
  return out;
}

}  // namespace tandem::staffing
