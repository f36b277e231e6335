// SPDX-License-Identifier: Apache-2.0
// A problem found in an input file: where it is, which field, and the rule it breaks.
#pragma once

#include <string>
#include <vector>

namespace tandem {

struct SourceLocation {
  std::string file;
  int line = 0;    // 1-based; 0 = unknown
  int column = 0;  // 1-based; 0 = unknown
};

struct Diagnostic {
  SourceLocation location;
  std::string field;  // path of the field, e.g. "queues[2].skill"
  std::string rule;   // the rule broken, e.g. "unknown skill 'mortage'"
};

// "file:line:column: field: rule"
std::string to_string(const Diagnostic& d);

// All diagnostics, one a line, in the order found.
std::string to_string(const std::vector<Diagnostic>& ds);

}  // namespace tandem
