// SPDX-License-Identifier: Apache-2.0
#include "server/reports.h"

#include <utility>

#include "app/report.h"

namespace tandem::server {

ReportSource store_reports(store::Store& store, const Scenario& scenario, const Policy& policy,
                           engine::EngineOptions engine, std::function<Instant()> now) {
  return [&store, &scenario, policy, engine = std::move(engine),
          now = std::move(now)](const ReportQuery& q) -> Result<nlohmann::json> {
    Result<app::ReportKind> kind = app::parse_report_kind(q.kind);
    if (!kind.is_ok()) return kind.status();
    app::ReportRequest request;
    request.kind = *kind;
    request.from = q.from;
    request.to = q.to;
    request.by_interval = q.by_interval;
    request.queue = q.queue;
    request.team = q.team;
    request.agent = q.agent;
    Result<std::pair<Instant, Instant>> window = app::report_window(request, now());
    if (!window.is_ok()) return window.status();
    Result<analytics::MiReport> mi =
        app::analyse_store(store, scenario, policy, engine, window->first, window->second, request);
    if (!mi.is_ok()) return mi.status();
    return app::report_json(app::make_report(*mi, request, window->first, window->second));
  };
}

}  // namespace tandem::server
