// SPDX-License-Identifier: Apache-2.0
// Reading a history generator config (YAML, documented field by field in
// docs/history-generator.md). Every problem is reported, each with file:line:column, the field
// path and the rule broken; no config is returned when there is any.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "model/diagnostic.h"
#include "model/history_generator.h"

namespace tandem {

struct HistoryGeneratorConfigLoad {
  std::optional<HistoryGeneratorConfig> config;
  std::vector<Diagnostic> problems;  // in file order
  bool ok() const { return config.has_value() && problems.empty(); }
};

// Parses config text; `file_name` appears in the diagnostics.
HistoryGeneratorConfigLoad parse_history_generator_config(const std::string& yaml,
                                                          const std::string& file_name);
// Reads and parses a config file (a missing file is one problem at line 0).
HistoryGeneratorConfigLoad load_history_generator_config(const std::filesystem::path& file);

}  // namespace tandem
