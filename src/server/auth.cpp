// SPDX-License-Identifier: Apache-2.0
#include "server/auth.h"

#include <sodium.h>

#include <chrono>
#include <map>
#include <mutex>

namespace tandem::server {
namespace {

// Domain separation for the token hash, not a secret: the secret's entropy is what protects.
constexpr unsigned char kAppKey[crypto_generichash_KEYBYTES] = {
    't', 'a', 'n', 'd', 'e', 'm', '-', 't', 'o', 'k', 'e', 'n', '-', 'h', 'a', 's',
    'h', '-', 'v', '1', '.', '.', '.', '.', '.', '.', '.', '.', '.', '.', '.', '.'};
constexpr std::size_t kIdBytes = 8;
constexpr std::size_t kSecretBytes = 32;
constexpr std::string_view kPrefix = "tdm_";

void init_sodium() {
  static const int once = sodium_init();
  (void)once;  // -1 only when no random source exists; randombytes then aborts loudly
}

std::string to_hex(const unsigned char* bytes, std::size_t n) {
  std::string out(n * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), bytes, n);
  out.pop_back();
  return out;
}

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

class MemoryTokenStore final : public TokenStore {
 public:
  Result<NewToken> create(Role role, const std::string& team, const std::string& agent,
                          const std::string& label) override {
    if (Status s = check_new_token(role, team, agent); !s.is_ok()) return s;
    GeneratedToken g = generate_token();
    TokenInfo info{
        g.token.id, role,  team,
        agent,      label, std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now()),
        false};
    std::lock_guard lock(mutex_);
    by_hash_[g.hash] = info;
    return g.token;
  }
  Result<std::optional<TokenInfo>> find_by_hash(const std::string& hash) override {
    std::lock_guard lock(mutex_);
    auto it = by_hash_.find(hash);
    if (it == by_hash_.end()) return std::optional<TokenInfo>();
    return std::optional<TokenInfo>(it->second);
  }
  Result<std::vector<TokenInfo>> list() override {
    std::lock_guard lock(mutex_);
    std::vector<TokenInfo> out;
    for (const auto& [hash, info] : by_hash_) out.push_back(info);
    return out;
  }
  Status revoke(const std::string& id) override {
    std::lock_guard lock(mutex_);
    for (auto& [hash, info] : by_hash_) {
      if (info.id == id) {
        info.revoked = true;
        return Status::ok();
      }
    }
    return Status::not_found("token " + id + ": no such token");
  }

 private:
  std::mutex mutex_;
  std::map<std::string, TokenInfo> by_hash_;
};

}  // namespace

const char* to_string(Role role) {
  switch (role) {
    case Role::kAdmin:
      return "admin";
    case Role::kPlanner:
      return "planner";
    case Role::kSupervisor:
      return "supervisor";
    case Role::kAgent:
      return "agent";
    case Role::kIntegration:
      return "integration";
  }
  return "agent";
}

std::optional<Role> parse_role(std::string_view text) {
  for (Role r : kAllRoles)
    if (text == to_string(r)) return r;
  return std::nullopt;
}

std::unique_ptr<TokenStore> make_memory_token_store() {
  return std::make_unique<MemoryTokenStore>();
}

GeneratedToken generate_token() {
  init_sodium();
  unsigned char id[kIdBytes];
  unsigned char secret[kSecretBytes];
  randombytes_buf(id, sizeof id);
  randombytes_buf(secret, sizeof secret);
  const std::size_t b64_len =
      sodium_base64_ENCODED_LEN(kSecretBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  std::string b64(b64_len, '\0');
  sodium_bin2base64(b64.data(), b64.size(), secret, sizeof secret,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  b64.resize(b64.find('\0'));
  sodium_memzero(secret, sizeof secret);
  GeneratedToken g;
  g.token.id = to_hex(id, sizeof id);
  g.token.token = std::string(kPrefix) + g.token.id + "_" + b64;
  g.hash = hash_token(g.token.token);
  return g;
}

std::string hash_token(std::string_view token) {
  init_sodium();
  unsigned char out[crypto_generichash_BYTES];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), kAppKey, sizeof kAppKey);
  return to_hex(out, sizeof out);
}

std::optional<std::string> token_id_of(std::string_view token) {
  const std::size_t id_len = kIdBytes * 2;
  if (token.size() < kPrefix.size() + id_len + 2 || token.substr(0, kPrefix.size()) != kPrefix)
    return std::nullopt;
  std::string_view id = token.substr(kPrefix.size(), id_len);
  if (!is_hex(id) || token[kPrefix.size() + id_len] != '_') return std::nullopt;
  return std::string(id);
}

Status check_new_token(Role role, const std::string& team, const std::string& agent) {
  if (role == Role::kSupervisor && team.empty())
    return Status::invalid_argument("team: a supervisor token needs the team it runs");
  if (role == Role::kAgent && agent.empty())
    return Status::invalid_argument("agent: an agent token needs the agent's id");
  return Status::ok();
}

AuthResult authenticate(TokenStore& tokens, std::string_view authorization) {
  AuthResult r;
  if (authorization.empty()) {
    r.failure = AuthFailure::kMissing;
    r.message = "an Authorization: Bearer token is required";
    return r;
  }
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() <= kBearer.size() ||
      authorization.substr(0, kBearer.size()) != kBearer) {
    r.failure = AuthFailure::kMalformed;
    r.message = "the Authorization header must be \"Bearer <token>\"";
    return r;
  }
  std::string_view token = authorization.substr(kBearer.size());
  std::optional<std::string> id = token_id_of(token);
  if (!id) {
    r.failure = AuthFailure::kMalformed;
    r.message = "not a Tandem token (expected tdm_<id>_<secret>)";
    return r;
  }
  auto found = tokens.find_by_hash(hash_token(token));
  if (!found.is_ok()) {
    r.failure = AuthFailure::kStoreError;
    r.message = found.status().message();
    return r;
  }
  if (!found->has_value() || (*found)->id != *id) {
    r.failure = AuthFailure::kUnknown;
    r.message = "unknown token";
    return r;
  }
  const TokenInfo& info = **found;
  if (info.revoked) {
    r.failure = AuthFailure::kRevoked;
    r.message = "token " + info.id + " was revoked";
    return r;
  }
  r.principal = Principal{info.id, info.role, info.team, info.agent};
  return r;
}

}  // namespace tandem::server
