// SPDX-License-Identifier: Apache-2.0
// The scenario file's distributions (handle times, waits, patience), read and checked in one
// place for every field that holds one (docs/scenario.md).
#include "model/distribution_yaml.h"

#include <fmt/format.h>

#include <map>
#include <utility>

namespace tandem::detail {

// A distribution: {distribution: exponential|fixed|lognormal|gamma|empirical,
// mean_seconds|mean_minutes|mean_hours: X, cv: Y, samples_seconds: [...]}.
std::optional<Distribution> read_distribution(YamlReader& reader, const YAML::Node& n,
                                              const std::string& p) {
  if (!reader.expect_map(n, p)) return std::nullopt;
  reader.check_keys(
      n, p,
      {"distribution", "mean_seconds", "mean_minutes", "mean_hours", "cv", "samples_seconds"});
  Distribution d;
  d.kind = DistributionKind::kExponential;
  const std::string kind = reader.text(n, "distribution", p, false).value_or("exponential");
  static const std::map<std::string, DistributionKind> kinds = {
      {"fixed", DistributionKind::kFixed},
      {"exponential", DistributionKind::kExponential},
      {"lognormal", DistributionKind::kLognormal},
      {"gamma", DistributionKind::kGamma},
      {"empirical", DistributionKind::kEmpirical}};
  if (auto it = kinds.find(kind); it != kinds.end()) {
    d.kind = it->second;
  } else {
    reader.problem(
        n["distribution"], join_path(p, "distribution"),
        fmt::format("must be fixed, exponential, lognormal, gamma or empirical, not '{}'", kind));
    return std::nullopt;
  }
  bool ok = true;
  if (d.kind == DistributionKind::kEmpirical) {
    const YAML::Node samples = n["samples_seconds"];
    const std::string sp = join_path(p, "samples_seconds");
    if (!samples) {
      reader.problem(n, sp, "required field is missing for an empirical distribution");
      return std::nullopt;
    }
    if (!reader.expect_list(samples, sp)) return std::nullopt;
    for (size_t i = 0; i < samples.size(); ++i) {
      auto v = reader.scalar_number(samples[i], index_path(sp, i));
      if (v && *v <= 0) {
        reader.problem(samples[i], index_path(sp, i), "a duration must be greater than 0");
        ok = false;
      } else if (v) {
        d.samples_seconds.push_back(*v);
      }
    }
    if (d.samples_seconds.empty()) return std::nullopt;
    double sum = 0;
    for (double v : d.samples_seconds) sum += v;
    d.mean_seconds = sum / d.samples_seconds.size();
    return ok ? std::optional(d) : std::nullopt;
  }
  int given = 0;
  for (auto [key, scale] : {std::pair{"mean_seconds", 1.0}, std::pair{"mean_minutes", 60.0},
                            std::pair{"mean_hours", 3600.0}}) {
    if (!n[key]) continue;
    ++given;
    auto v = reader.number(n, key, p, true);
    if (!v) {
      ok = false;
    } else if (*v <= 0) {
      reader.problem(n[key], join_path(p, key),
                     fmt::format("a handle or wait time must be greater than 0, not {:g}", *v));
      ok = false;
    } else {
      d.mean_seconds = *v * scale;
    }
  }
  if (given != 1) {
    reader.problem(n, p, "give exactly one of mean_seconds, mean_minutes, mean_hours");
    return std::nullopt;
  }
  if (d.kind == DistributionKind::kExponential) d.cv = 1.0;
  if (auto cv = reader.number(n, "cv", p, false)) {
    if (*cv < 0)
      reader.problem(n["cv"], join_path(p, "cv"), "must not be negative");
    else
      d.cv = *cv;
  } else if (d.kind == DistributionKind::kLognormal || d.kind == DistributionKind::kGamma) {
    reader.problem(n, join_path(p, "cv"), fmt::format("required for a {} distribution", kind));
    ok = false;
  }
  return ok ? std::optional(d) : std::nullopt;
}

}  // namespace tandem::detail
