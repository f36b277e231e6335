// SPDX-License-Identifier: Apache-2.0
#include "server/store_tokens.h"

#include <chrono>

#include "store/store.h"

namespace tandem::server {
namespace {

TokenInfo info_of(const store::TokenRecord& r) {
  return TokenInfo{
      r.id,     parse_role(r.role).value_or(Role::kAgent), r.team, r.agent, r.label, r.created,
      r.revoked};
}

class StoreTokenStore final : public TokenStore {
 public:
  explicit StoreTokenStore(store::Store& store) : store_(store) {}

  Result<NewToken> create(Role role, const std::string& team, const std::string& agent,
                          const std::string& label) override {
    if (Status s = check_new_token(role, team, agent); !s.is_ok()) return s;
    GeneratedToken g = generate_token();
    store::TokenRecord r;
    r.id = g.token.id;
    r.hash = g.hash;
    r.role = to_string(role);
    r.team = team;
    r.agent = agent;
    r.label = label;
    r.created = std::chrono::time_point_cast<Seconds>(std::chrono::system_clock::now());
    if (Status s = store_.put_token(r); !s.is_ok()) return s;
    return g.token;
  }
  Result<std::optional<TokenInfo>> find_by_hash(const std::string& hash) override {
    auto r = store_.find_token_by_hash(hash);
    if (!r.is_ok()) return r.status();
    if (!r->has_value()) return std::optional<TokenInfo>();
    // A role this build does not know is no role at all.
    if (!parse_role((*r)->role)) return std::optional<TokenInfo>();
    return std::optional<TokenInfo>(info_of(**r));
  }
  Result<std::vector<TokenInfo>> list() override {
    auto r = store_.tokens();
    if (!r.is_ok()) return r.status();
    std::vector<TokenInfo> out;
    for (const store::TokenRecord& t : *r) out.push_back(info_of(t));
    return out;
  }
  Status revoke(const std::string& id) override { return store_.revoke_token(id); }

 private:
  store::Store& store_;
};

}  // namespace

std::unique_ptr<TokenStore> make_store_token_store(store::Store& store) {
  return std::make_unique<StoreTokenStore>(store);
}

}  // namespace tandem::server
