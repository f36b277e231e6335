// SPDX-License-Identifier: Apache-2.0
// Tokens and roles of the API (docs/server.md, "Roles").
//
// A token is shown once, when it is created: "tdm_<id>_<secret>", where <id> is 16 hex digits
// (public: `tandem token list` shows it) and <secret> is 32 random bytes (libsodium
// randombytes) in unpadded base64url. Only a hash of the whole token is kept:
// BLAKE2b-256 (crypto_generichash) keyed with a fixed application key. A slow password hash
// is not needed (the secret has 256 bits of entropy) and would cost every request.
//
// Requests carry `Authorization: Bearer <token>`. authenticate() answers who is calling, or
// why not (Unauthenticated below is mapped to 401 by the server, never to 400).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/status.h"
#include "model/time.h"

namespace tandem::server {

enum class Role : unsigned char { kAdmin, kPlanner, kSupervisor, kAgent, kIntegration };
inline constexpr Role kAllRoles[] = {Role::kAdmin, Role::kPlanner, Role::kSupervisor, Role::kAgent,
                                     Role::kIntegration};

// "admin", "planner", "supervisor", "agent", "integration".
const char* to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

// A set of roles, one bit each.
using RoleSet = std::uint8_t;
constexpr RoleSet role_bit(Role role) { return static_cast<RoleSet>(1u << static_cast<int>(role)); }
constexpr bool has_role(RoleSet set, Role role) { return (set & role_bit(role)) != 0; }

struct TokenInfo {
  std::string id;
  Role role = Role::kAgent;
  std::string team;   // supervisors: the team they run
  std::string agent;  // agents: who they are
  std::string label;
  Instant created{};
  bool revoked = false;
};

// The caller of one request.
struct Principal {
  std::string token_id;
  Role role = Role::kAgent;
  std::string team;
  std::string agent;
};

struct NewToken {
  std::string id;
  std::string token;  // the full "tdm_<id>_<secret>", to show once
};

// Where tokens live. Threads: every method may be called from any thread.
class TokenStore {
 public:
  virtual ~TokenStore() = default;
  // InvalidArgument: a supervisor without a team or an agent without an agent id.
  virtual Result<NewToken> create(Role role, const std::string& team, const std::string& agent,
                                  const std::string& label) = 0;
  // The token whose hash_token() is `hash` (revoked ones too), if any.
  virtual Result<std::optional<TokenInfo>> find_by_hash(const std::string& hash) = 0;
  virtual Result<std::vector<TokenInfo>> list() = 0;
  virtual Status revoke(const std::string& id) = 0;  // NotFound when unknown
};

// For tests and `--simulate` without a database.
std::unique_ptr<TokenStore> make_memory_token_store();

// A fresh token (random id and secret) and its hash.
struct GeneratedToken {
  NewToken token;
  std::string hash;
};
GeneratedToken generate_token();
// Hex of the keyed BLAKE2b-256 of the whole token text.
std::string hash_token(std::string_view token);
// The <id> part of a well-formed token, or nullopt.
std::optional<std::string> token_id_of(std::string_view token);
// Checks a TokenInfo for create(): the rules every store applies.
Status check_new_token(Role role, const std::string& team, const std::string& agent);

// Why a request is refused before its route runs.
enum class AuthFailure : unsigned char { kMissing, kMalformed, kUnknown, kRevoked, kStoreError };
struct AuthResult {
  std::optional<Principal> principal;  // set when authenticated
  AuthFailure failure = AuthFailure::kMissing;
  std::string message;
};
// `authorization`: the header's value ("" when absent).
AuthResult authenticate(TokenStore& tokens, std::string_view authorization);

}  // namespace tandem::server
