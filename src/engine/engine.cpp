#include "engine/engine.h"

namespace tandem::engine {

// Stub: the real state machine replaces this file.
struct Engine::State {
  Instant now;
};

Result<Engine> Engine::create(const Scenario&, const Policy&, EngineOptions options) {
  auto state = std::make_unique<State>();
  state->now = options.start;
  return Engine(std::move(state));
}

Engine::Engine(std::unique_ptr<State> state) : state_(std::move(state)) {}
Engine::Engine(Engine&&) noexcept = default;
Engine& Engine::operator=(Engine&&) noexcept = default;
Engine::~Engine() = default;

Status Engine::handle(const Event& event, std::vector<Action>&) {
  if (time_of(event) < state_->now) return Status::invalid_argument("time goes backwards");
  state_->now = time_of(event);
  return Status::unavailable("engine not implemented yet");
}

Instant Engine::now() const { return state_->now; }
std::optional<Instant> Engine::next_due() const { return std::nullopt; }
std::optional<ItemView> Engine::item(const std::string&) const { return std::nullopt; }
std::optional<ContactView> Engine::contact(const std::string&) const { return std::nullopt; }
Result<std::vector<HistoryEntry>> Engine::history(const std::string& id) const {
  return Status::not_found("unknown item '" + id + "'");
}
std::vector<JourneyEntry> Engine::journey(const std::string&) const { return {}; }
Result<Eta> Engine::eta(const std::string& id) const {
  return Status::not_found("unknown item '" + id + "'");
}
Result<Explanation> Engine::explain(const WorkRef& work) const {
  return Status::not_found("unknown work '" + work.id + "'");
}
Result<Explanation> Engine::explain_item(const std::string& id) const {
  return Status::not_found("unknown item '" + id + "'");
}
std::optional<AgentView> Engine::agent(const std::string&) const { return std::nullopt; }
std::optional<QueueView> Engine::queue(const std::string&) const { return std::nullopt; }
EngineStats Engine::stats() const { return {}; }
Status Engine::check_invariants() const { return Status::ok(); }

}  // namespace tandem::engine
