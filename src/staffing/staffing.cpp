// SPDX-License-Identifier: Apache-2.0
#include "staffing/staffing.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
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

struct ErlangCSolution {
  int servers = 0;
  double blocking = 0;  // Erlang B at `servers`
};

// Erlang C: minimal servers, walking up from the first stable N (or the occupancy bound) with
// the Erlang B recursion B(n) = A B(n-1) / (n + A B(n-1)): one O(sqrt(A)) sum, then O(1) per
// step (the SL bound grows by a constant factor per agent, so no exp() in the loop).
Result<ErlangCSolution> erlang_c_servers(double lambda, double aht, const StaffingTargets& t) {
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
  // SL(n) >= target  <=>  C(n) <= (1 - target) e^{(n - A) T / AHT}
  const double growth = std::exp(t.target_seconds / aht);
  double allowed_wait = sl_miss * std::exp((n - a) * t.target_seconds / aht);
  for (;; ++n) {
    if (n > kMaxServers) return unreachable(t);
    if (n > start) {
      b = a * b / (n + a * b);
      allowed_wait *= growth;
    }
    const double c = n * b / (n - a * (1.0 - b));
    const bool sl_ok = !t.service_level || c <= allowed_wait;
    const bool asa_ok = !t.max_asa_seconds || c * aht / (n - a) <= *t.max_asa_seconds;
    if (sl_ok && asa_ok) break;
  }
  return ErlangCSolution{n, b};
}

// The Erlang C metrics from a known Erlang B value (N > A).
QueueMetrics erlang_c_metrics(double a, int n, double b, double aht, double target_seconds) {
  QueueMetrics m;
  m.model = QueueModel::kErlangC;
  m.servers = n;
  m.offered_load = a;
  m.p_wait = n * b / (n - a * (1.0 - b));
  m.service_level = m.service_level_answered =
      1.0 - m.p_wait * std::exp(-(n - a) * target_seconds / aht);
  m.asa_seconds = m.asa_all_seconds = m.p_wait * aht / (n - a);
  m.occupancy = a / n;
  return m;
}

// How far the metrics are from the targets, on log scales where the metrics are close to
// linear in N (<= 0: met). Guides the Erlang A search; the decisions use meets().
double target_gap(const QueueMetrics& m, const StaffingTargets& t) {
  auto gap = [](double value, double limit) {
    return std::log(std::max(value, 1e-300)) - std::log(std::max(limit, 1e-300));
  };
  double g = -std::numeric_limits<double>::infinity();
  if (t.service_level) {
    const double sl = t.service_level_over_answered ? m.service_level_answered : m.service_level;
    g = std::max(g, gap(1.0 - sl, 1.0 - *t.service_level));
  }
  if (t.max_asa_seconds) g = std::max(g, gap(m.asa_seconds, *t.max_asa_seconds));
  if (t.max_abandon) g = std::max(g, gap(m.p_abandon, *t.max_abandon));
  if (t.max_occupancy) g = std::max(g, gap(m.occupancy, *t.max_occupancy));
  return g;
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
    Result<ErlangCSolution> solution = erlang_c_servers(load.arrivals_per_second, aht, targets);
    if (!solution.is_ok()) return solution.status();
    agents = (solution->servers + k - 1) / k;
    if (agents * k == solution->servers) {
      QueueMetrics m = erlang_c_metrics(load.arrivals_per_second * aht, solution->servers,
                                        solution->blocking, aht, targets.target_seconds);
      if (meets(m, targets)) {
        m.agents = agents;
        return m;
      }
    }
    // Concurrency rounding, or a last-bit disagreement: settle with the full evaluation.
    while (agents <= max_agents && !meets(at_agents(agents), targets)) ++agents;
  } else {
    // Erlang A: every metric is monotone in N. Start from the Erlang C answer, then secant
    // steps on target_gap() (close to linear in N), always strictly inside the bracket
    // (lo fails, hi meets); galloping while there is no upper end, bisection as a fallback.
    int guess = static_cast<int>(std::ceil(load.arrivals_per_second * aht / k));
    if (targets.service_level || targets.max_asa_seconds) {
      StaffingTargets c_targets = targets;
      c_targets.max_abandon.reset();
      c_targets.service_level_over_answered = false;
      if (auto c = erlang_c_servers(load.arrivals_per_second, aht, c_targets); c.is_ok()) {
        guess = (c->servers + k - 1) / k;
      }
    }
    guess = std::clamp(guess, 0, max_agents);
    int lo = -1;              // the largest N known to fail (-1: none)
    int hi = max_agents + 1;  // the smallest N known to meet (max_agents + 1: none yet)
    QueueMetrics best;
    auto probe = [&](int n) {
      QueueMetrics m = evaluate_servers(load, n * k, targets.target_seconds, true);
      m.agents = n;
      if (meets(m, targets)) {
        if (n < hi) {
          hi = n;
          best = m;
        }
      } else {
        lo = std::max(lo, n);
      }
      return target_gap(m, targets);
    };
    int n0 = guess;
    double f0 = probe(n0);
    const int first_step = std::max(1, static_cast<int>(std::lround(std::sqrt(n0 + 1.0) / 4)));
    int n1 = std::clamp(hi == n0 ? n0 - first_step : n0 + first_step, 0, max_agents);
    double f1 = n1 != n0 ? probe(n1) : f0;
    int gallop_up = 2 * first_step;
    int gallop_down = 2 * first_step;
    while (hi - lo > 1) {
      if (lo >= max_agents) return unreachable(targets);
      // The secant root, rounded to land on the side of the bracket that is still missing.
      std::optional<double> root;
      if (n1 != n0 && std::isfinite(f0) && std::isfinite(f1) && f1 != f0) {
        const double r = n1 - f1 * (n1 - n0) / (f1 - f0);
        if (std::isfinite(r) && std::abs(r) < 2.0 * kMaxServers) root = r;
      }
      const bool have_hi = hi <= max_agents;
      const bool have_lo = lo >= 0;
      int next = -2;
      if (root) {
        next = have_hi && !have_lo ? static_cast<int>(std::floor(*root))
                                   : static_cast<int>(std::ceil(*root - 1e-9));
      }
      if (next <= lo || next >= hi) {
        if (!have_hi) {  // gallop up
          next = std::min(lo + gallop_up, max_agents);
          gallop_up *= 2;
        } else if (!have_lo) {  // gallop down
          next = std::max(hi - gallop_down, 0);
          gallop_down *= 2;
        } else if (root && *root > hi - 1) {  // the answer is probably hi: check its neighbour
          next = hi - 1;
        } else {
          next = lo + (hi - lo) / 2;
        }
      }
      n0 = n1;
      f0 = f1;
      n1 = next;
      f1 = probe(next);
    }
    if (hi > max_agents) return unreachable(targets);
    return best;
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
