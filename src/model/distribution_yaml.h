// SPDX-License-Identifier: Apache-2.0
// Reading a distribution of the scenario file (scenario_loader.cpp's helper, not a public API).
#pragma once

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string>

#include "model/distribution.h"
#include "model/yaml_reader.h"

namespace tandem::detail {

// A distribution: {distribution: exponential|fixed|lognormal|gamma|empirical,
// mean_seconds|mean_minutes|mean_hours: X, cv: Y, samples_seconds: [...]}. Every problem is
// reported through `reader` at path `path`; nullopt when any was found.
std::optional<Distribution> read_distribution(YamlReader& reader, const YAML::Node& n,
                                              const std::string& path);

}  // namespace tandem::detail
