// SPDX-License-Identifier: Apache-2.0
// Tokens, roles, offer ids and the rate limiter on their own.
#include <gtest/gtest.h>

#include <set>

#include "server/auth.h"
#include "server/offer_id.h"
#include "server/rate_limiter.h"
#include "server/routes.h"

namespace tandem::server {
namespace {

TEST(Tokens, AreRandomWellFormedAndStoredHashed) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    GeneratedToken g = generate_token();
    EXPECT_EQ(g.token.token.rfind("tdm_" + g.token.id + "_", 0), 0u);
    EXPECT_EQ(g.token.id.size(), 16u);
    EXPECT_EQ(g.token.token.size(), 4u + 16u + 1u + 43u);
    EXPECT_EQ(token_id_of(g.token.token), g.token.id);
    EXPECT_EQ(g.hash, hash_token(g.token.token));
    EXPECT_EQ(g.hash.size(), 64u);
    EXPECT_EQ(g.hash.find(g.token.token.substr(21)), std::string::npos);
    EXPECT_TRUE(seen.insert(g.token.token).second);
  }
  EXPECT_NE(hash_token("tdm_a"), hash_token("tdm_b"));
}

TEST(Tokens, AuthenticateNamesEachFailure) {
  auto store = make_memory_token_store();
  auto t = store->create(Role::kSupervisor, "t1", "", "ops");
  ASSERT_TRUE(t.is_ok());
  AuthResult ok = authenticate(*store, "Bearer " + t->token);
  ASSERT_TRUE(ok.principal.has_value());
  EXPECT_EQ(ok.principal->role, Role::kSupervisor);
  EXPECT_EQ(ok.principal->team, "t1");
  EXPECT_EQ(authenticate(*store, "").failure, AuthFailure::kMissing);
  EXPECT_EQ(authenticate(*store, "Basic x").failure, AuthFailure::kMalformed);
  EXPECT_EQ(authenticate(*store, "Bearer tdm_xyz").failure, AuthFailure::kMalformed);
  std::string forged = t->token;
  forged.back() = forged.back() == 'A' ? 'B' : 'A';
  EXPECT_EQ(authenticate(*store, "Bearer " + forged).failure, AuthFailure::kUnknown);
  ASSERT_TRUE(store->revoke(t->id).is_ok());
  EXPECT_EQ(authenticate(*store, "Bearer " + t->token).failure, AuthFailure::kRevoked);
  EXPECT_EQ(store->revoke("nope").code(), StatusCode::kNotFound);
  auto listed = store->list();
  ASSERT_TRUE(listed.is_ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_TRUE((*listed)[0].revoked);
}

TEST(Tokens, RolesNeedTheirScope) {
  auto store = make_memory_token_store();
  EXPECT_EQ(store->create(Role::kSupervisor, "", "", "").status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(store->create(Role::kAgent, "", "", "").status().code(), StatusCode::kInvalidArgument);
  for (Role r : kAllRoles) EXPECT_EQ(parse_role(to_string(r)), r);
  EXPECT_FALSE(parse_role("root").has_value());
}

TEST(OfferIds, RoundTripTaskIdsWithSlashesAndTildes) {
  engine::WorkRef task{engine::WorkKind::kTask, "m-1/underwriting~qc", 0};
  const std::string id = format_offer_id("a7", task);
  EXPECT_EQ(id, "a7~task~m-1/underwriting~qc");
  auto parsed = parse_offer_id(id);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(parsed->agent, "a7");
  EXPECT_EQ(parsed->work, task);
  EXPECT_FALSE(parse_offer_id("a7").has_value());
  EXPECT_FALSE(parse_offer_id("~task~x").has_value());
  EXPECT_FALSE(parse_offer_id("a7~task~").has_value());
  EXPECT_FALSE(parse_offer_id("a7~robot~x").has_value());
}

TEST(RateLimiter, RefillsAtItsRate) {
  RateLimiter limiter(2.0, 2.0);
  const auto t0 = RateLimiter::Clock::time_point{};
  EXPECT_EQ(limiter.take("k", t0), 0);
  EXPECT_EQ(limiter.take("k", t0), 0);
  EXPECT_EQ(limiter.take("k", t0), 1);
  EXPECT_EQ(limiter.take("k", t0 + std::chrono::milliseconds(500)), 0);
  EXPECT_EQ(limiter.take("other", t0), 0);
  RateLimiter off(0, 0);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(off.take("k", t0), 0);
}

TEST(Routes, MatchPathsAndReport405) {
  RouteMatch m = match_route("POST", "/api/v1/offers/a1~task~m-1/step~qc/accept");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->id, RouteId::kAcceptOffer);
  EXPECT_EQ(m.params["id"], "a1~task~m-1/step~qc");
  m = match_route("DELETE", "/api/v1/items/x");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, std::vector<std::string>{"GET"});
  EXPECT_EQ(match_route("GET", "/api/v1/items/").route, nullptr);
  EXPECT_EQ(match_route("GET", "/api/v1/items/a/b").route, nullptr);
  std::string out;
  EXPECT_FALSE(percent_decode("%4", out));
  EXPECT_TRUE(percent_decode("a%2Fb", out));
  EXPECT_EQ(out, "a/b");
}

}  // namespace
}  // namespace tandem::server
