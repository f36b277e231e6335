// STUB: the full loader is being written.
#include "model/scenario.h"

namespace tandem {
ScenarioLoad load_scenario(const std::filesystem::path& file) {
  ScenarioLoad l;
  l.problems.push_back({{file.string(), 0, 0}, "", "not implemented"});
  return l;
}
ScenarioLoad load_scenario_text(const std::string&, const std::string& file_name,
                                const std::filesystem::path&) {
  ScenarioLoad l;
  l.problems.push_back({{file_name, 0, 0}, "", "not implemented"});
  return l;
}
Result<Scenario> read_scenario(const std::filesystem::path& file) {
  auto l = load_scenario(file);
  if (!l.ok()) return Status::invalid_argument(to_string(l.problems));
  return std::move(*l.scenario);
}
}  // namespace tandem
