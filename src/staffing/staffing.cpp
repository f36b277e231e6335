#include "staffing/staffing.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "staffing/erlang.h"
#include "staffing/erlang_a.h"
#include "staffing/erlang_detail.h"

namespace tandem::staffing {
namespace {

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

bool is_share(double v) { return v > 0 && v <= 1; }  // false for NaN

// The effective per-session handle time under concurrency.
double session_aht(const QueueLoad& load) {
  return load.aht_seconds * (1.0 + load.concurrency_slowdown * (load.concurrency - 1));
}

QueueMetrics evaluate_servers(const QueueLoad& load, int servers, double target_seconds,
                              bool want_answered_asa) {
  const double aht = session_aht(load);
  QueueMetrics m;
  m.servers = servers;
  m.agents = servers / load.concurrency;
  if (load.patience_seconds) {
    const ErlangAMetrics a = erlang_a(load.arrivals_per_second, aht, *load.patience_seconds,
                                      servers, target_seconds, want_answered_asa);
    m.model = QueueModel::kErlangA;
    m.offered_load = a.offered_load;
    m.p_wait = a.p_wait;
    m.p_abandon = a.p_abandon;
    m.service_level = a.service_level;
    m.service_level_answered = a.service_level_answered;
    m.asa_seconds = a.asa_seconds;
    m.asa_all_seconds = a.asa_all_seconds;
    m.occupancy = a.occupancy;
  } else {
    const ErlangCMetrics c = erlang_c(load.arrivals_per_second, aht, servers, target_seconds);
    m.model = QueueModel::kErlangC;
    m.offered_load = c.offered_load;
    m.p_wait = c.p_wait;
    m.service_level = m.service_level_answered = c.service_level;
    m.asa_seconds = m.asa_all_seconds = c.asa_seconds;
    m.occupancy = c.occupancy;
  }
  return m;
}

bool meets(const QueueMetrics& m, const StaffingTargets& t) {
  if (t.service_level) {
    const double sl = t.service_level_over_answered ? m.service_level_answered : m.service_level;
    if (!(sl >= *t.service_level)) return false;
  }
  if (t.max_asa_seconds && !(m.asa_seconds <= *t.max_asa_seconds)) return false;
  if (t.max_abandon && !(m.p_abandon <= *t.max_abandon)) return false;
  if (t.max_occupancy && !(m.occupancy <= *t.max_occupancy)) return false;
  return true;
}

Status unreachable(const StaffingTargets& t) {
  return Status::invalid_argument(
      "no number of servers up to " + std::to_string(kMaxServers) +
      " meets the targets (service level " + (t.service_level ? number(*t.service_level) : "-") +
      ", max occupancy " + (t.max_occupancy ? number(*t.max_occupancy) : "-") + ")");
}

// Erlang C: minimal servers, walking up from the first stable N (or the occupancy bound) with
// the Erlang B recursion, then checked against the exact evaluation used everywhere else.
Result<int> erlang_c_servers(double lambda, double aht, const StaffingTargets& t) {
  const double a = lambda * aht;
  long start = static_cast<long>(std::floor(a)) + 1;
  if (t.max_occupancy) {
    const double bound = std::ceil(a / *t.max_occupancy);
    if (bound > kMaxServers) return unreachable(t);
    start = std::max(start, static_cast<long>(bound));
  }
  if (start > kMaxServers) return unreachable(t);
  int n = static_cast<int>(start);
  const double r = detail::inverse_blocking_minus_one(a, n);
  double b = std::isinf(r) ? 0.0 : 1.0 / (1.0 + r);
  const double sl_miss = t.service_level ? 1.0 - *t.service_level : 1.0;
  for (;; ++n) {
    if (n > kMaxServers) return unreachable(t);
    if (n > start) b = a * b / (n + a * b);
    const double c = n * b / (n - a * (1.0 - b));
    const bool sl_ok = !t.service_level ||
                       c * std::exp(-(n - a) * t.target_seconds / aht) <= sl_miss * (1 + 1e-12);
    const bool asa_ok = !t.max_asa_seconds || c * aht / (n - a) <= *t.max_asa_seconds;
    if (sl_ok && asa_ok) break;
  }
  return n;
}

}  // namespace

const char* to_string(QueueModel model) {
  return model == QueueModel::kErlangA ? "erlang_a" : "erlang_c";
}

Status validate(const QueueLoad& load) {
  if (Status s = validate_load(load.arrivals_per_second, load.aht_seconds); !s.is_ok()) return s;
  if (load.patience_seconds &&
      (!(*load.patience_seconds > 0) || std::isinf(*load.patience_seconds))) {
    return Status::invalid_argument("patience " + number(*load.patience_seconds) +
                                    " seconds must be finite and > 0");
  }
  if (load.concurrency < 1 || load.concurrency > 100) {
    return Status::invalid_argument("concurrency " + std::to_string(load.concurrency) +
                                    " must be between 1 and 100");
  }
  if (!(load.concurrency_slowdown >= 0) || load.concurrency_slowdown > 10) {
    return Status::invalid_argument("concurrency slowdown " + number(load.concurrency_slowdown) +
                                    " must be between 0 and 10");
  }
  if (load.arrivals_per_second * session_aht(load) > 1e6) {
    return Status::invalid_argument("offered load " +
                                    number(load.arrivals_per_second * session_aht(load)) +
                                    " Erlangs is above the supported 1,000,000");
  }
  return Status::ok();
}

Status validate(const StaffingTargets& t, const QueueLoad& load) {
  if (!t.service_level && !t.max_asa_seconds && !t.max_abandon && !t.max_occupancy) {
    return Status::invalid_argument(
        "no staffing target: give a service level, max ASA, max abandonment or max occupancy");
  }
  if (t.service_level && !is_share(*t.service_level)) {
    return Status::invalid_argument("target service level " + number(*t.service_level) +
                                    " must be in (0, 1]");
  }
  if (!(t.target_seconds >= 0) || std::isinf(t.target_seconds)) {
    return Status::invalid_argument("target seconds " + number(t.target_seconds) +
                                    " must be finite and >= 0");
  }
  if (t.max_asa_seconds && (!(*t.max_asa_seconds > 0) || std::isinf(*t.max_asa_seconds))) {
    return Status::invalid_argument("max ASA " + number(*t.max_asa_seconds) +
                                    " seconds must be finite and > 0");
  }
  if (t.max_abandon && !is_share(*t.max_abandon)) {
    return Status::invalid_argument("max abandonment " + number(*t.max_abandon) +
                                    " must be in (0, 1]");
  }
  if (t.max_abandon && !load.patience_seconds) {
    return Status::invalid_argument(
        "max abandonment needs a mean patience (Erlang A); Erlang C has no abandonment");
  }
  if (t.max_occupancy && !is_share(*t.max_occupancy)) {
    return Status::invalid_argument("max occupancy " + number(*t.max_occupancy) +
                                    " must be in (0, 1]");
  }
  return Status::ok();
}

Result<QueueMetrics> evaluate(const QueueLoad& load, int agents, double target_seconds) {
  if (Status s = validate(load); !s.is_ok()) return s;
  if (agents < 0 || static_cast<long>(agents) * load.concurrency > kMaxServers) {
    return Status::invalid_argument("agents " + std::to_string(agents) + " must be in 0.." +
                                    std::to_string(kMaxServers / load.concurrency));
  }
  if (!(target_seconds >= 0) || std::isinf(target_seconds)) {
    return Status::invalid_argument("target seconds " + number(target_seconds) +
                                    " must be finite and >= 0");
  }
  return evaluate_servers(load, agents * load.concurrency, target_seconds, true);
}

Result<QueueMetrics> required_agents(const QueueLoad& load, const StaffingTargets& targets) {
  if (Status s = validate(load); !s.is_ok()) return s;
  if (Status s = validate(targets, load); !s.is_ok()) return s;
  const int k = load.concurrency;
  const double aht = session_aht(load);
  const bool want_asa = targets.max_asa_seconds.has_value();
  auto at_agents = [&](int agents) {
    return evaluate_servers(load, agents * k, targets.target_seconds, want_asa);
  };
  if (load.arrivals_per_second == 0) return evaluate_servers(load, 0, targets.target_seconds, true);
  const int max_agents = kMaxServers / k;
  int agents = 0;
  if (!load.patience_seconds) {
    Result<int> servers = erlang_c_servers(load.arrivals_per_second, aht, targets);
    if (!servers.is_ok()) return servers.status();
    agents = (*servers + k - 1) / k;
    // The walk used the recursion; settle the answer against the exact evaluation.
    while (agents <= max_agents && !meets(at_agents(agents), targets)) ++agents;
    while (agents > 0 && meets(at_agents(agents - 1), targets)) --agents;
  } else {
    // Erlang A: metrics are monotone in N. Gallop from a guess, then bisect.
    int guess = static_cast<int>(std::ceil(load.arrivals_per_second * aht / k));
    if (targets.service_level || targets.max_asa_seconds) {
      StaffingTargets c_targets = targets;
      c_targets.max_abandon.reset();
      c_targets.service_level_over_answered = false;
      if (Result<int> c = erlang_c_servers(load.arrivals_per_second, aht, c_targets); c.is_ok()) {
        guess = (*c + k - 1) / k;
      }
    }
    guess = std::clamp(guess, 0, max_agents);
    int lo, hi;  // invariant: !meets(lo) (or lo = -1), meets(hi)
    if (meets(at_agents(guess), targets)) {
      hi = guess;
      int step = 1;
      lo = guess - step;
      while (lo >= 0 && meets(at_agents(lo), targets)) {
        hi = lo;
        step *= 2;
        lo = hi - step;
      }
      lo = std::max(lo, -1);
    } else {
      lo = guess;
      int step = 1;
      hi = guess + step;
      for (;;) {
        if (hi > max_agents) {
          if (lo >= max_agents || !meets(at_agents(max_agents), targets)) {
            return unreachable(targets);
          }
          hi = max_agents;
          break;
        }
        if (meets(at_agents(hi), targets)) break;
        lo = hi;
        step *= 2;
        hi = lo + step;
      }
    }
    while (hi - lo > 1) {
      const int mid = lo + (hi - lo) / 2;
      if (meets(at_agents(mid), targets)) {
        hi = mid;
      } else {
        lo = mid;
      }
    }
    agents = hi;
  }
  if (agents > max_agents) return unreachable(targets);
  return evaluate_servers(load, agents * k, targets.target_seconds, true);
}

Result<int> scheduled_agents(int agents, double shrinkage) {
  if (!(shrinkage >= 0 && shrinkage < 1)) {
    return Status::invalid_argument("shrinkage " + number(shrinkage) + " must be in [0, 1)");
  }
  if (agents < 0) {
    return Status::invalid_argument("agents " + std::to_string(agents) + " must be >= 0");
  }
  // Guard against 14 / 0.7 = 20.000000000000004 rounding up to 21.
  const double heads = agents / (1.0 - shrinkage);
  return static_cast<int>(std::ceil(heads - 1e-9));
}

}  // namespace tandem::staffing
