// SPDX-License-Identifier: Apache-2.0
// Expected service level of a schedule: the staffing module's Erlang C/A metrics for the agents
// the schedule puts on each group's phones, interval by interval.
#include <cmath>
#include <limits>

#include "schedule/schedule.h"

namespace tandem::schedule {

std::vector<std::vector<double>> expected_service_levels(
    const ScheduleProblem& problem, const std::vector<std::vector<double>>& coverage) {
  const int n = problem.interval_count();
  const double none = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::vector<double>> sl(problem.front_office.size(), std::vector<double>(n, none));
  for (size_t g = 0; g < problem.front_office.size() && g < coverage.size(); ++g) {
    const FrontOfficeGroup& group = problem.front_office[g];
    if (static_cast<int>(group.load.size()) != n) continue;
    for (int t = 0; t < n; ++t) {
      const staffing::QueueLoad& load = group.load[t];
      if (!(load.arrivals_per_second > 0)) continue;
      // Whole agents: coverage counts agents on the phones for the interval.
      const int agents = static_cast<int>(std::floor(coverage[g][t] + 1e-9));
      Result<staffing::QueueMetrics> m =
          staffing::evaluate(load, agents, group.service_level_seconds);
      if (m.is_ok()) sl[g][t] = m->service_level;
    }
  }
  return sl;
}

}  // namespace tandem::schedule
