// SPDX-License-Identifier: Apache-2.0
// The reports of GET /api/v1/reports/{kind} (docs/mi.md) over the live platform's store: each
// request reads the log from its start and replays it with the log's engine options through
// app::analyse_store, the path `tandem report --db` takes (no roll-ups yet: the cost is a
// replay of the log up to the window's end per request).
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "engine/engine.h"
#include "model/scenario.h"
#include "model/status.h"
#include "server/backend.h"
#include "store/store.h"

namespace tandem::server {

using ReportSource = std::function<Result<nlohmann::json>(const ReportQuery&)>;

// `now`: the platform's clock, whose UTC day is the default window. The store, scenario and
// clock must outlive the source.
ReportSource store_reports(store::Store& store, const Scenario& scenario, const Policy& policy,
                           engine::EngineOptions engine, std::function<Instant()> now);

}  // namespace tandem::server
