// SPDX-License-Identifier: Apache-2.0
// open_store() (the URL rules), for_each_event(), and the record checks shared by both
// backends.
#include <fmt/format.h>

#include <cmath>

#include "store/internal/backends.h"
#include "store/store.h"

namespace tandem::store {

namespace detail {

Status check_events(std::span<const EventRecord> events) {
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (events[i].type.empty()) {
      return Status::invalid_argument(fmt::format("events[{}].type: must not be empty", i));
    }
    if (events[i].outcome != EventOutcome::kApplied &&
        events[i].outcome != EventOutcome::kRejected) {
      return Status::invalid_argument(
          fmt::format("events[{}].outcome: must be applied or rejected", i));
    }
  }
  return Status::ok();
}

Status check_actions(std::span<const ActionRecord> actions, std::int64_t first, std::int64_t last) {
  for (std::size_t i = 0; i < actions.size(); ++i) {
    const ActionRecord& a = actions[i];
    if (a.event_seq < first || a.event_seq > last) {
      return Status::invalid_argument(
          first > last
              ? fmt::format("actions[{}].event_seq: {} is not an event of this append (it has "
                            "no events; the next sequence is {})",
                            i, a.event_seq, first)
              : fmt::format("actions[{}].event_seq: {} is not an event of this append ({}..{})", i,
                            a.event_seq, first, last));
    }
    if (a.index < 0) {
      return Status::invalid_argument(
          fmt::format("actions[{}].index: must be >= 0 (got {})", i, a.index));
    }
    if (a.type.empty()) {
      return Status::invalid_argument(fmt::format("actions[{}].type: must not be empty", i));
    }
  }
  return Status::ok();
}

Status check_snapshot(const Snapshot& snapshot) {
  if (snapshot.seq < 0) {
    return Status::invalid_argument(
        fmt::format("snapshot.seq: must be >= 0 (got {})", snapshot.seq));
  }
  return Status::ok();
}

Status check_plan(const Plan& plan) {
  if (plan.kind != "forecast" && plan.kind != "staffing" && plan.kind != "schedule") {
    return Status::invalid_argument(
        fmt::format("plan.kind: must be forecast, staffing or schedule (got '{}')", plan.kind));
  }
  const auto digits = [&](std::size_t from, std::size_t n) {
    for (std::size_t i = from; i < from + n; ++i) {
      if (plan.week[i] < '0' || plan.week[i] > '9') return false;
    }
    return true;
  };
  if (plan.week.size() != 10 || plan.week[4] != '-' || plan.week[7] != '-' || !digits(0, 4) ||
      !digits(5, 2) || !digits(8, 2)) {
    return Status::invalid_argument(fmt::format(
        "plan.week: must be the ISO date of the week's Monday, YYYY-MM-DD (got '{}')", plan.week));
  }
  return Status::ok();
}

Status check_token(const TokenRecord& token) {
  if (token.id.empty()) return Status::invalid_argument("token.id: must not be empty");
  if (token.hash.empty()) return Status::invalid_argument("token.hash: must not be empty");
  if (token.role.empty()) return Status::invalid_argument("token.role: must not be empty");
  return Status::ok();
}

Status check_rollups(std::span<const Rollup> rollups) {
  for (std::size_t i = 0; i < rollups.size(); ++i) {
    const Rollup& r = rollups[i];
    if (r.scope.empty() || r.kpi.empty()) {
      return Status::invalid_argument(
          fmt::format("rollups[{}]: scope and kpi must not be empty", i));
    }
    if (!std::isfinite(r.numerator) || !std::isfinite(r.denominator)) {
      return Status::invalid_argument(
          fmt::format("rollups[{}]: numerator and denominator must be finite numbers", i));
    }
  }
  return Status::ok();
}

}  // namespace detail

namespace {

constexpr std::string_view kUrlRule =
    "a store URL is sqlite:PATH or postgresql://[user[:password]@]host[:port]/database "
    "(postgres:// also)";

// The URL as it may be shown: any password replaced by "***".
std::string redacted(std::string_view url) {
  const auto scheme_end = url.find("://");
  const auto at = url.rfind('@');
  if (scheme_end == std::string_view::npos || at == std::string_view::npos || at < scheme_end) {
    return std::string(url);
  }
  const auto colon = url.find(':', scheme_end + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return fmt::format("{}***{}", url.substr(0, colon + 1), url.substr(at));
}

}  // namespace

Result<std::unique_ptr<Store>> open_store(std::string_view url, StoreEnv env) {
  if (url.starts_with("sqlite:")) {
    std::string_view path = url.substr(7);
    if (path.starts_with("//")) path.remove_prefix(2);  // sqlite:///abs/path
    if (path.empty()) {
      return Status::invalid_argument(
          fmt::format("store URL '{}': the path is empty ({})", url, kUrlRule));
    }
    return detail::open_sqlite_store(std::string(path), std::move(env));
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    return detail::open_postgres_store(std::string(url), std::move(env));
  }
  return Status::invalid_argument(fmt::format("store URL '{}': {}", redacted(url), kUrlRule));
}

Status for_each_event(Store& store, std::int64_t after,
                      const std::function<Status(const EventRecord&)>& visit) {
  constexpr std::size_t kPage = 4096;
  for (;;) {
    auto page = store.read_events(after, kPage);
    if (!page.is_ok()) return page.status();
    for (const EventRecord& e : *page) {
      if (Status s = visit(e); !s.is_ok()) return s;
      after = e.seq;
    }
    if (page->size() < kPage) return Status::ok();
  }
}

}  // namespace tandem::store
