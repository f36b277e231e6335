// SPDX-License-Identifier: Apache-2.0
#include "sim/results.h"

#include <map>
#include <tuple>

namespace tandem::sim {

std::vector<KpiEstimate> aggregate(const std::vector<ReplicationResult>& replications) {
  using Key = std::tuple<std::string, std::string, int>;
  std::map<Key, std::size_t> index;
  std::vector<Key> order;
  std::vector<std::vector<double>> nums, dens;
  for (const ReplicationResult& r : replications) {
    for (const KpiSample& s : r.kpis) {
      Key key{s.scope, s.kpi, s.interval};
      auto [it, inserted] = index.try_emplace(key, order.size());
      if (inserted) {
        order.push_back(key);
        // A KPI absent from earlier replications counts as 0/0 there.
        nums.emplace_back(replications.size(), 0.0);
        dens.emplace_back(replications.size(), 0.0);
      }
      const auto r_pos = static_cast<std::size_t>(&r - replications.data());
      nums[it->second][r_pos] += s.numerator;
      dens[it->second][r_pos] += s.denominator;
    }
  }
  std::vector<KpiEstimate> out;
  out.reserve(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    out.push_back({std::get<0>(order[i]), std::get<1>(order[i]), std::get<2>(order[i]),
                   ratio_estimate(nums[i], dens[i])});
  }
  return out;
}

const KpiEstimate* find_kpi(const std::vector<KpiEstimate>& estimates, const std::string& scope,
                            const std::string& kpi, int interval) {
  for (const KpiEstimate& e : estimates) {
    if (e.scope == scope && e.kpi == kpi && e.interval == interval) return &e;
  }
  return nullptr;
}

}  // namespace tandem::sim
