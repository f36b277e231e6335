// SPDX-License-Identifier: Apache-2.0
#include "live/replay.h"

#include <fmt/format.h>

#include "io/event_codec.h"

namespace tandem::live {
namespace {

constexpr std::size_t kPage = 8192;

Status mismatch(std::int64_t seq, const std::string& what) {
  return Status::internal(
      fmt::format("the store is corrupt: event {} does not replay: {}", seq, what));
}

}  // namespace

Result<ReplayCount> replay_verified(store::Store& store, engine::Engine& engine,
                                    std::int64_t after) {
  ReplayCount count;
  count.last_seq = after;
  std::vector<engine::Action> out;
  for (;;) {
    Result<std::vector<store::EventRecord>> page = store.read_events(count.last_seq, kPage);
    if (!page.is_ok()) return page.status();
    if (page->empty()) break;
    Result<std::vector<store::ActionRecord>> stored =
        store.read_actions(count.last_seq, page->back().seq);
    if (!stored.is_ok()) return stored.status();
    std::size_t next_action = 0;
    for (const store::EventRecord& record : *page) {
      if (record.seq != count.last_seq + 1) {
        return mismatch(record.seq,
                        fmt::format("the log skips from {} to {}", count.last_seq, record.seq));
      }
      Result<engine::Event> event = io::decode_event_json(record.payload);
      if (!event.is_ok()) return mismatch(record.seq, event.status().message());
      out.clear();
      const Status handled = engine.handle(*event, out);
      const bool rejected = !handled.is_ok();
      if (rejected != (record.outcome == store::EventOutcome::kRejected)) {
        return mismatch(record.seq, rejected
                                        ? "stored as applied, now rejected: " + handled.message()
                                        : "stored as rejected, now applied");
      }
      for (std::size_t i = 0; i < out.size(); ++i, ++next_action) {
        if (next_action >= stored->size() || (*stored)[next_action].event_seq != record.seq) {
          return mismatch(record.seq,
                          fmt::format("it gives {} actions, {} were stored", out.size(), i));
        }
        const store::ActionRecord& a = (*stored)[next_action];
        const std::string replayed = io::encode_action_json(out[i]);
        if (a.index != static_cast<int>(i) || a.payload != replayed) {
          return mismatch(record.seq, fmt::format("action {} differs: stored {}, replayed {}", i,
                                                  a.payload, replayed));
        }
      }
      if (next_action < stored->size() && (*stored)[next_action].event_seq == record.seq) {
        return mismatch(record.seq,
                        fmt::format("it gives {} actions, more were stored", out.size()));
      }
      count.last_seq = record.seq;
      ++count.events;
      count.actions += static_cast<std::int64_t>(out.size());
    }
    if (next_action != stored->size()) {
      return mismatch(count.last_seq, "actions are stored for events that are not in the log");
    }
  }
  return count;
}

}  // namespace tandem::live
