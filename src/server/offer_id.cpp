// SPDX-License-Identifier: Apache-2.0
#include "server/offer_id.h"

namespace tandem::server {

std::string format_offer_id(const std::string& agent, const engine::WorkRef& work) {
  return agent + "~" + (work.kind == engine::WorkKind::kTask ? "task" : "contact") + "~" + work.id;
}

std::optional<OfferId> parse_offer_id(std::string_view id) {
  std::size_t a = id.find('~');
  if (a == std::string_view::npos || a == 0) return std::nullopt;
  std::size_t k = id.find('~', a + 1);
  if (k == std::string_view::npos || k + 1 >= id.size()) return std::nullopt;
  std::string_view kind = id.substr(a + 1, k - a - 1);
  OfferId out;
  out.agent = std::string(id.substr(0, a));
  if (kind == "task") {
    out.work.kind = engine::WorkKind::kTask;
  } else if (kind == "contact") {
    out.work.kind = engine::WorkKind::kContact;
  } else {
    return std::nullopt;
  }
  out.work.id = std::string(id.substr(k + 1));
  return out;
}

}  // namespace tandem::server
