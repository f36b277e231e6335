// SPDX-License-Identifier: Apache-2.0
#include "analytics/log_analysis.h"

#include <algorithm>
#include <type_traits>
#include <utility>

namespace tandem::analytics {

Result<LogAnalysis> LogAnalysis::create(const Scenario& scenario, const Policy& policy,
                                        const engine::EngineOptions& options, MiSettings settings) {
  Result<engine::Engine> engine = engine::Engine::create(scenario, policy, options);
  if (!engine.is_ok()) return engine.status();
  return LogAnalysis(std::move(engine).value(), std::move(settings));
}

LogAnalysis::LogAnalysis(engine::Engine engine, MiSettings settings)
    : engine_(std::move(engine)), recorder_(std::move(settings)) {
  interval_ = recorder_.kpis().settings().interval_seconds;
  until_ = recorder_.kpis().settings().measure_until;
  next_boundary_ = interval_;
}

void LogAnalysis::add(const engine::Event& event) {
  const double at = recorder_.seconds(engine::time_of(event));
  if (at >= until_) past_end_ = true;
  // The backlog at each interval's end, before the facts at the boundary's instant.
  while (next_boundary_ <= std::min(at, until_)) {
    recorder_.on_interval_end(next_boundary_);
    next_boundary_ += interval_;
  }
  if (past_end_) return;
  ++events_;
  last_ = std::max(last_, at);
  actions_.clear();
  const bool ok = engine_.handle(event, actions_).is_ok();
  if (ok) recorder_.on_event(event, at);
  for (const engine::Action& a : actions_) {
    if (const auto* offer = std::get_if<engine::OfferWork>(&a)) {
      if (!offer->item.empty()) task_item_[offer->work.id] = offer->item;
    } else if (const auto* assign = std::get_if<engine::AssignWork>(&a)) {
      if (!assign->item.empty()) task_item_[assign->work.id] = assign->item;
    }
    recorder_.on_action(a, at);
  }
  if (!ok) return;
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, engine::WorkItemCreated>) {
          // What the engine decided at receipt (its due time) is not in any event or action.
          ItemReceipt receipt;
          receipt.item = e.item;
          receipt.scope = e.process.empty() ? e.work_type : e.process;
          receipt.received = e.received ? recorder_.seconds(*e.received) : at;
          if (auto view = engine_.item(e.item)) receipt.due = recorder_.seconds(view->due);
          if (auto eta = engine_.eta(e.item); eta.is_ok()) {
            receipt.eta = recorder_.seconds(eta->completion);
          }
          recorder_.on_item_received(receipt, at);
          open_items_[e.item] = true;
          check_closed(e.item, at);
        } else if constexpr (std::is_same_v<E, engine::StepDone> ||
                             std::is_same_v<E, engine::StepFailed>) {
          auto it = task_item_.find(e.task);
          if (it == task_item_.end()) return;
          const std::string item = it->second;
          task_item_.erase(it);
          check_closed(item, at);
        } else if constexpr (std::is_same_v<E, engine::CustomerResponded>) {
          check_closed(e.item, at);
        } else if constexpr (std::is_same_v<E, engine::ItemCancelled>) {
          open_items_.erase(e.item);  // the recorders close it from the event itself
        }
      },
      event);
}

// The engine says an item is done in its state, not with an action.
void LogAnalysis::check_closed(const std::string& item, double at) {
  if (open_items_.count(item) == 0) return;
  auto view = engine_.item(item);
  if (!view) return;
  if (view->place != engine::Place::kDone && view->place != engine::Place::kCancelled) return;
  open_items_.erase(item);
  recorder_.on_item_closed(item, view->place == engine::Place::kDone, at);
}

MiReport LogAnalysis::report() const { return recorder_.report(past_end_ ? until_ : last_); }

}  // namespace tandem::analytics
