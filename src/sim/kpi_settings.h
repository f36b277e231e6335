// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the simulator: what a replication's KPI recorder (analytics/kpi_recorder.h) is
// told about the model (simulator.cpp records, kpi_settings.cpp decides the settings).
#pragma once

#include "analytics/kpis.h"
#include "sim/model.h"

namespace tandem::sim {

// What the KPIs (analytics/kpi_recorder.h) need from the model: the queues' SLA targets and
// after-contact work, the planned agents' costs (in plan order), the measured window. Only
// queues that get contacts report front-office KPIs.
analytics::KpiSettings kpi_settings_of(const SimModel& m);

}  // namespace tandem::sim
