// SPDX-License-Identifier: Apache-2.0
// Formatting of simulation results (`tandem simulate`, the demo's simulation stage).
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "app/simulate.h"
#include "cli/output.h"

namespace tandem::cli {

// A KPI value as the tables print it: "-" for NaN, 4 decimals below 1, 2 below 100, else 1.
std::string fmt_value(double v);

// What the printout shows besides the results.
struct SimulationView {
  int days = 0;
  std::uint64_t seed = 0;
  int replications = 0;    // requested
  bool intervals = false;  // per-interval KPIs in the text table
  OutputFormat format = OutputFormat::kTable;
};

// KPIs with 95% intervals and SLA checks per policy (text), every KPI (CSV) or all (JSON).
void print_simulation(const SimulationView& view, const Scenario& scenario,
                      const app::SimulateResult& result, std::ostream& out);

}  // namespace tandem::cli
