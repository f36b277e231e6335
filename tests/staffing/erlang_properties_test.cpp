// SPDX-License-Identifier: Apache-2.0
// Properties of the Erlang B/C/A evaluators over grids, and agreement with independent
// high-precision references computed here (long double birth-death sums and quadrature).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "staffing/erlang.h"
#include "staffing/erlang_a.h"
#include "staffing/erlang_detail.h"

namespace tandem::staffing {
namespace {

using Real = long double;

Real erlang_b_reference(Real a, int n) {
  Real b = 1;
  for (int k = 1; k <= n; ++k) b = a * b / (k + a * b);
  return b;
}

// Independent M/M/N+M reference: the stationary distribution of the number in system summed in
// long double (log weights, normalised by their maximum), and per-state answers.
struct ErlangAReference {
  Real p_wait = 0, p_abandon = 0, asa_all = 0, asa_answered = 0, sl_all = 0;
};

// P(served within T | j waiting ahead) = x/(x+j+1) I_P(j+1, x+1), P = 1 - e^{-theta T}, by
// Simpson quadrature of the Beta integrand (independent of the closed form in erlang_a.cpp).
Real served_within(Real x, int j, Real p_max) {
  const int steps = 2000;
  const Real h = p_max / steps;
  const Real log_beta = std::lgamma(Real(j + 1)) + std::lgamma(x + 1) - std::lgamma(x + j + 2);
  auto f = [&](Real p) {
    if (p <= 0) return j == 0 ? std::exp(-log_beta) : Real(0);
    if (p >= 1) return Real(0);
    return std::exp(j * std::log(p) + x * std::log1p(-p) - log_beta);
  };
  Real sum = f(0) + f(p_max);
  for (int i = 1; i < steps; ++i) sum += (i % 2 ? 4 : 2) * f(i * h);
  return x / (x + j + 1) * sum * h / 3;
}

ErlangAReference erlang_a_reference(Real lambda, Real aht, Real patience, int n, Real target,
                                    bool with_sl) {
  const Real mu = 1 / aht, theta = 1 / patience;
  const Real x = n * mu / theta;
  std::vector<Real> logw;
  Real lw = 0;
  logw.push_back(0);
  // states k = 0.. until the weights are negligible past the mode
  Real max_lw = 0;
  for (int k = 1;; ++k) {
    const Real death = k <= n ? k * mu : n * mu + (k - n) * theta;
    lw += std::log(lambda / death);
    logw.push_back(lw);
    max_lw = std::max(max_lw, lw);
    if (lw < max_lw - 60 && k > n) break;
  }
  Real total = 0;
  for (Real v : logw) total += std::exp(v - max_lw);
  ErlangAReference r;
  Real queue = 0, answered = 0, answered_wait = 0;
  const Real p_max = -std::expm1(-target / patience);
  for (size_t k = 0; k < logw.size(); ++k) {
    const Real p = std::exp(logw[k] - max_lw) / total;
    if (static_cast<int>(k) < n) {
      r.sl_all += p;
      answered += p;
      continue;
    }
    const int j = static_cast<int>(k) - n;
    r.p_wait += p;
    queue += j * p;
    Real h = 0;
    for (int i = 0; i <= j; ++i) h += 1 / (x + i + 1);
    answered += p * x / (x + j + 1);
    answered_wait += p * x / (x + j + 1) * h * patience;
    if (with_sl && p > 1e-30L) r.sl_all += p * served_within(x, j, p_max);
  }
  r.p_abandon = theta * queue / lambda;
  r.asa_all = queue / lambda;
  r.asa_answered = answered_wait / answered;
  return r;
}

TEST(ErlangB, MatchesLongDoubleRecursionOverAWideGrid) {
  for (double a : {0.01, 0.5, 3.0, 42.0, 500.0, 5000.0, 10000.0}) {
    for (int n : {0, 1, 2, 5, 10, 50, 100, 1000, 4900, 5000, 5100, 9800, 10000, 10300, 20000}) {
      const double b = erlang_b(a, n);
      const Real ref = erlang_b_reference(a, n);
      ASSERT_TRUE(std::isfinite(b));
      ASSERT_GE(b, 0.0);
      ASSERT_LE(b, 1.0);
      if (ref > 1e-280L) {
        EXPECT_NEAR(b / static_cast<double>(ref), 1.0, 1e-12) << "A=" << a << " N=" << n;
      } else {
        EXPECT_LT(b, 1e-270);
      }
    }
  }
}

TEST(ErlangB, KnownValues) {
  EXPECT_DOUBLE_EQ(erlang_b(1, 1), 0.5);
  EXPECT_DOUBLE_EQ(erlang_b(1, 2), 0.2);
  EXPECT_EQ(erlang_b(0, 3), 0.0);
  EXPECT_EQ(erlang_b(7, 0), 1.0);
  EXPECT_TRUE(std::isnan(erlang_b(-1, 3)));
  EXPECT_TRUE(std::isnan(erlang_b(NAN, 3)));
  EXPECT_EQ(*erlang_b_agents_for_blocking(10, 0.02), 17);
  EXPECT_FALSE(erlang_b_agents_for_blocking(10, 0).is_ok());
}

TEST(ErlangC, ExtremeLoadsAgreeWithLongDoubleReference) {
  for (double a : {5000.0, 10000.0}) {
    for (int n : {static_cast<int>(a) + 1, static_cast<int>(a) + 30, static_cast<int>(a) + 100,
                  static_cast<int>(a) + 400, 20000}) {
      const double aht = 300;
      const ErlangCMetrics m = erlang_c(a / aht, aht, n, 20);
      const Real b = erlang_b_reference(a, n);
      const Real c = n * b / (n - a * (1 - b));
      const Real sl = 1 - c * std::exp(-(n - a) * 20 / aht);
      ASSERT_TRUE(std::isfinite(m.p_wait) && std::isfinite(m.service_level));
      EXPECT_NEAR(m.p_wait, static_cast<double>(c), 1e-12 + 1e-11 * static_cast<double>(c));
      EXPECT_NEAR(m.service_level, static_cast<double>(sl), 1e-12);
      EXPECT_NEAR(m.asa_seconds, static_cast<double>(c * aht / (n - a)), 1e-9);
    }
  }
}

TEST(ErlangC, MonotoneInAgents) {
  for (double a : {0.3, 4.0, 37.5, 480.0}) {
    double last_sl = -1, last_asa = INFINITY, last_pw = 2;
    for (int n = 0; n <= static_cast<int>(2 * a) + 20; ++n) {
      const ErlangCMetrics m = erlang_c(a / 180, 180, n, 20);
      EXPECT_GE(m.service_level, last_sl - 1e-15);
      EXPECT_LE(m.asa_seconds, last_asa);
      EXPECT_LE(m.p_wait, last_pw + 1e-15);
      last_sl = m.service_level;
      last_asa = m.asa_seconds;
      last_pw = m.p_wait;
    }
  }
}

TEST(ErlangA, SmallCaseMatchesIndependentStateSums) {
  for (int n : {0, 1, 5, 9, 10, 12, 14, 20}) {
    const double lambda = 100.0 / 1800, aht = 180, patience = 300;
    const ErlangAMetrics m = erlang_a(lambda, aht, patience, n, 20);
    const ErlangAReference r = erlang_a_reference(lambda, aht, patience, n, 20, true);
    SCOPED_TRACE(n);
    EXPECT_NEAR(m.p_wait, static_cast<double>(r.p_wait), 1e-12);
    EXPECT_NEAR(m.p_abandon, static_cast<double>(r.p_abandon), 1e-12);
    EXPECT_NEAR(m.asa_all_seconds, static_cast<double>(r.asa_all), 1e-9);
    EXPECT_NEAR(m.service_level, static_cast<double>(r.sl_all), 1e-9);
    if (n > 0) {
      EXPECT_NEAR(m.asa_seconds, static_cast<double>(r.asa_answered), 1e-9);
    }
  }
}

TEST(ErlangA, ExtremeLoadsAgreeWithLongDoubleReference) {
  for (double a : {5000.0, 10000.0}) {
    for (int n : {static_cast<int>(a / 2), static_cast<int>(a) - 50, static_cast<int>(a),
                  static_cast<int>(a) + 60, 20000}) {
      const double aht = 300, patience = 200;
      const ErlangAMetrics m = erlang_a(a / aht, aht, patience, n, 20);
      const ErlangAReference r = erlang_a_reference(a / aht, aht, patience, n, 20, false);
      SCOPED_TRACE(testing::Message() << "A=" << a << " N=" << n);
      for (double v : {m.p_wait, m.p_abandon, m.service_level, m.service_level_answered,
                       m.asa_seconds, m.asa_all_seconds, m.occupancy}) {
        ASSERT_TRUE(std::isfinite(v));
        ASSERT_GE(v, 0.0);
      }
      EXPECT_NEAR(m.p_wait, static_cast<double>(r.p_wait), 1e-10);
      EXPECT_NEAR(m.p_abandon, static_cast<double>(r.p_abandon), 1e-10);
      EXPECT_NEAR(m.asa_all_seconds, static_cast<double>(r.asa_all), 1e-7);
      EXPECT_NEAR(m.asa_seconds, static_cast<double>(r.asa_answered), 1e-7);
      EXPECT_LE(m.service_level, 1.0 - m.p_abandon + 1e-12);
    }
  }
}

TEST(ErlangA, MonotoneInAgentsOverAGrid) {
  for (double a : {0.4, 6.0, 55.0, 420.0}) {
    for (double patience : {30.0, 180.0, 3000.0}) {
      // From N = 1: with no agent nobody is answered (ASA of answered is infinite).
      ErlangAMetrics last = erlang_a(a / 240, 240, patience, 1, 20);
      for (int n = 2; n <= static_cast<int>(2 * a) + 20; ++n) {
        const ErlangAMetrics m = erlang_a(a / 240, 240, patience, n, 20);
        SCOPED_TRACE(testing::Message() << "A=" << a << " patience=" << patience << " N=" << n);
        EXPECT_GE(m.service_level, last.service_level - 1e-12);
        EXPECT_LE(m.asa_seconds, last.asa_seconds + 1e-9);
        EXPECT_LE(m.asa_all_seconds, last.asa_all_seconds + 1e-9);
        EXPECT_LE(m.p_wait, last.p_wait + 1e-12);
        EXPECT_LE(m.p_abandon, last.p_abandon + 1e-12);
        EXPECT_LE(m.occupancy, 1.0 + 1e-12);
        last = m;
      }
    }
  }
}

TEST(ErlangA, TendsToErlangCAsPatienceGrows) {
  for (double a : {2.0, 10.0, 80.0}) {
    for (int extra : {1, 3, 10}) {
      const int n = static_cast<int>(a) + extra;
      const ErlangCMetrics c = erlang_c(a / 180, 180, n, 20);
      double last_gap = INFINITY;
      // The gap shrinks like 1/patience (E[W]/patience of the waiting customers abandon).
      for (double patience : {1e4, 1e6, 1e8, 1e10, 1e12}) {
        const ErlangAMetrics m = erlang_a(a / 180, 180, patience, n, 20);
        const double gap = std::abs(m.service_level - c.service_level) +
                           std::abs(m.p_wait - c.p_wait) +
                           std::abs(m.asa_seconds - c.asa_seconds) / 180;
        EXPECT_LT(gap, 0.05 * last_gap + 1e-11);
        last_gap = gap;
      }
      EXPECT_LT(last_gap, 1e-7) << "A=" << a << " N=" << n;
    }
  }
}

TEST(ErlangA, ServiceLevelForLongTargetIsOneMinusAbandonment) {
  for (double a : {3.0, 40.0, 700.0}) {
    for (int n : {static_cast<int>(a * 0.8), static_cast<int>(a) + 2}) {
      const ErlangAMetrics m = erlang_a(a / 200, 200, 90, n, 90 * 60);
      EXPECT_NEAR(m.service_level, 1 - m.p_abandon, 1e-12);
      EXPECT_NEAR(m.service_level_answered, 1.0, 1e-12);
    }
  }
}

TEST(ErlangA, AsaOverAllArrivalsIsLqOverLambda) {
  for (int n : {3, 8, 11, 16}) {
    const double lambda = 0.05, aht = 200, patience = 120;
    const ErlangAMetrics m = erlang_a(lambda, aht, patience, n, 20);
    const ErlangAReference r = erlang_a_reference(lambda, aht, patience, n, 20, false);
    EXPECT_NEAR(m.asa_all_seconds, static_cast<double>(r.asa_all), 1e-10);  // Lq / lambda
  }
}

TEST(ErlangA, BadInputGivesNaN) {
  EXPECT_TRUE(std::isnan(erlang_a(-1, 100, 60, 3, 20).p_wait));
  EXPECT_TRUE(std::isnan(erlang_a(1, 0, 60, 3, 20).p_wait));
  EXPECT_TRUE(std::isnan(erlang_a(1, 100, 0, 3, 20).p_wait));
  EXPECT_TRUE(std::isnan(erlang_a(1, 100, 60, -1, 20).p_wait));
  EXPECT_TRUE(std::isnan(erlang_a(1, 100, 60, 3, NAN).p_wait));
}

TEST(Digamma, KnownValues) {
  EXPECT_NEAR(detail::digamma(1), -0.57721566490153286, 1e-14);
  EXPECT_NEAR(detail::digamma(0.5), -1.9635100260214235, 1e-14);
  EXPECT_NEAR(detail::digamma(1000.5), std::log(1000.5) - 1 / 2001.0 - 1 / (12 * 1000.5 * 1000.5),
              1e-12);
}

}  // namespace
}  // namespace tandem::staffing
