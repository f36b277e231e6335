// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: the shared, append-only log of every item's history lines.
//
// Why: a vector per item costs a heap block per item, a reallocation and copy each time it
// fills (4, 8, 16, ... lines) and a cache miss on a random block per line. One log appends at
// its end (always in cache); each line links to its item's previous line (`prev`), and the item
// keeps the index of its last line, so an item's history is read by walking back the chain.
// Storage is in fixed chunks of 64 Ki lines (1 MiB): growing never copies the log.
//
// append O(1); operator[] O(1); an item's history O(its lines). Not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace tandem::engine::detail {

template <class Line>
class HistoryLog {
 public:
  static constexpr std::size_t kChunkBits = 16;
  static constexpr std::size_t kChunkLines = std::size_t{1} << kChunkBits;

  std::size_t size() const { return size_; }

  // Appends `line`; returns its index.
  std::uint32_t append(const Line& line) {
    if ((size_ & (kChunkLines - 1)) == 0 && (size_ >> kChunkBits) == chunks_.size()) {
      chunks_.push_back(std::make_unique<Line[]>(kChunkLines));
    }
    chunks_[size_ >> kChunkBits][size_ & (kChunkLines - 1)] = line;
    return static_cast<std::uint32_t>(size_++);
  }

  const Line& operator[](std::uint32_t index) const {
    return chunks_[index >> kChunkBits][index & (kChunkLines - 1)];
  }

  void swap(HistoryLog& other) noexcept {
    chunks_.swap(other.chunks_);
    std::swap(size_, other.size_);
  }

 private:
  std::vector<std::unique_ptr<Line[]>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace tandem::engine::detail
