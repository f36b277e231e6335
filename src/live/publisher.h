// SPDX-License-Identifier: Apache-2.0
// The host's publisher: keeps the latest records in memory and delivers them, in seq order,
// to each subscriber on its own thread; a subscriber that asks for older records is caught
// up from the store first (host.h describes the contract).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "live/host.h"
#include "store/store.h"

namespace tandem::live {

// A store record with its actions as subscribers see it.
Result<PublishedPtr> published_of(const store::EventRecord& event,
                                  const std::vector<store::ActionRecord>& actions);

class Publisher {
 public:
  Publisher(store::Store& store, std::size_t kept, std::size_t max_subscribers,
            std::int64_t last_seq);
  ~Publisher();
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;

  // Records in seq order, each after the last published.
  void publish(std::vector<PublishedPtr> records);
  Result<std::unique_ptr<Subscription>> subscribe(std::int64_t after_seq, Deliver deliver);
  std::size_t subscribers() const;
  void stop();

  struct Shared;

 private:
  std::shared_ptr<Shared> shared_;
};

}  // namespace tandem::live
