// SPDX-License-Identifier: Apache-2.0
#include "model/agent.h"

namespace tandem {

std::optional<double> Agent::proficiency(const std::string& skill) const {
  for (const auto& s : skills) {
    if (s.skill == skill) return s.proficiency;
  }
  return std::nullopt;
}

}  // namespace tandem
