// SPDX-License-Identifier: Apache-2.0
// `tandem token create|list|revoke`: the API's tokens (docs/server.md, "Roles").
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "io/event_codec.h"
#include "server/auth.h"
#include "server/store_tokens.h"
#include "store/store.h"

namespace tandem::cli {
namespace {

struct TokenArgs {
  std::string db = "sqlite:var/tandem.db";
  std::string role, team, agent, label, id;
};

int fail(const Status& s) {
  std::cerr << "tandem token: " << s.message() << '\n';
  return exit_code_for(s.code());
}

int with_tokens(const TokenArgs& args, const std::function<int(server::TokenStore&)>& run) {
  Result<std::unique_ptr<store::Store>> store = store::open_store(args.db);
  if (!store.is_ok()) return fail(store.status());
  std::unique_ptr<server::TokenStore> tokens = server::make_store_token_store(**store);
  return run(*tokens);
}

}  // namespace

void add_token_command(CLI::App& app, CommandContext& ctx) {
  auto args = std::make_shared<TokenArgs>();
  CLI::App* cmd = app.add_subcommand("token", "Create, list and revoke the API's tokens");
  cmd->require_subcommand(1);

  CLI::App* create = cmd->add_subcommand("create", "Create a token and print it (shown once)");
  create->add_option("--db", args->db, "Store: sqlite:PATH or postgresql://...")
      ->capture_default_str();
  create->add_option("--role", args->role, "admin, planner, supervisor, agent or integration")
      ->required();
  create->add_option("--team", args->team, "The supervisor's team");
  create->add_option("--agent", args->agent, "The agent's id");
  create->add_option("--label", args->label, "A note shown by `tandem token list`");
  create->callback([args, &ctx] {
    const std::optional<server::Role> role = server::parse_role(args->role);
    if (!role) {
      std::cerr << "tandem token create: --role: unknown role '" << args->role
                << "' (admin, planner, supervisor, agent, integration)\n";
      ctx.exit_code = 1;
      return;
    }
    ctx.exit_code = with_tokens(*args, [&](server::TokenStore& tokens) {
      Result<server::NewToken> t = tokens.create(*role, args->team, args->agent, args->label);
      if (!t.is_ok()) return fail(t.status());
      std::cout << t->token << '\n';
      return 0;
    });
  });

  CLI::App* list = cmd->add_subcommand("list", "List the tokens (never their secrets)");
  list->add_option("--db", args->db, "Store: sqlite:PATH or postgresql://...")
      ->capture_default_str();
  list->callback([args, &ctx] {
    ctx.exit_code = with_tokens(*args, [](server::TokenStore& tokens) {
      Result<std::vector<server::TokenInfo>> all = tokens.list();
      if (!all.is_ok()) return fail(all.status());
      std::cout << fmt::format("{:<18} {:<12} {:<12} {:<12} {:<21} {:<8} {}\n", "id", "role",
                               "team", "agent", "created", "revoked", "label");
      for (const server::TokenInfo& t : *all) {
        std::cout << fmt::format("{:<18} {:<12} {:<12} {:<12} {:<21} {:<8} {}\n", t.id,
                                 server::to_string(t.role), t.team, t.agent,
                                 io::format_rfc3339(t.created), t.revoked ? "yes" : "no", t.label);
      }
      return 0;
    });
  });

  CLI::App* revoke = cmd->add_subcommand("revoke", "Revoke a token: it is refused from now on");
  revoke->add_option("--db", args->db, "Store: sqlite:PATH or postgresql://...")
      ->capture_default_str();
  revoke->add_option("id", args->id, "The token's id (from `tandem token list`)")->required();
  revoke->callback([args, &ctx] {
    ctx.exit_code = with_tokens(*args, [&](server::TokenStore& tokens) {
      if (Status s = tokens.revoke(args->id); !s.is_ok()) return fail(s);
      std::cout << "revoked " << args->id << '\n';
      return 0;
    });
  });
}

}  // namespace tandem::cli
