// SPDX-License-Identifier: Apache-2.0
#include "engine/engine.h"
#include "sim/router.h"

namespace tandem::sim {

namespace {
class EngineRouter final : public Router {
 public:
  explicit EngineRouter(engine::Engine engine) : engine_(std::move(engine)) {}
  Status handle(const engine::Event& event, std::vector<engine::Action>& out) override {
    return engine_.handle(event, out);
  }
  std::optional<Instant> next_due() const override { return engine_.next_due(); }
  std::optional<engine::ItemView> item(const std::string& id) const override {
    return engine_.item(id);
  }
  std::optional<Instant> eta(const std::string& id) const override {
    auto eta = engine_.eta(id);
    if (!eta.is_ok()) return std::nullopt;
    return eta->completion;
  }
  const char* name() const override { return "engine"; }

 private:
  engine::Engine engine_;
};
}  // namespace

RouterFactory engine_router_factory() {
  return [](const Scenario& scenario, const Policy& policy, Instant start, std::uint64_t seed,
            bool robot_failures) -> Result<std::unique_ptr<Router>> {
    engine::EngineOptions options;
    options.start = start;
    options.seed = seed;
    options.robot_failures_by_rate = robot_failures;
    options.track_history = false;
    auto engine = engine::Engine::create(scenario, policy, options);
    if (!engine.is_ok()) return engine.status();
    return std::unique_ptr<Router>(new EngineRouter(std::move(engine).value()));
  };
}

}  // namespace tandem::sim
