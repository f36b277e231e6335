// SPDX-License-Identifier: Apache-2.0
#include "model/diagnostic.h"

#include <fmt/format.h>

namespace tandem {

std::string to_string(const Diagnostic& d) {
  std::string where = d.location.file;
  if (d.location.line > 0) where += fmt::format(":{}", d.location.line);
  if (d.location.column > 0) where += fmt::format(":{}", d.location.column);
  if (d.field.empty()) return fmt::format("{}: {}", where, d.rule);
  return fmt::format("{}: {}: {}", where, d.field, d.rule);
}

std::string to_string(const std::vector<Diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) {
    out += to_string(d);
    out += '\n';
  }
  return out;
}

}  // namespace tandem
