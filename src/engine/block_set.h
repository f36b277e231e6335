// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: an ordered set kept as a list of small sorted blocks (at most
// kMaxBlock keys each), the structure the engine's queues use instead of a node-based tree.
//
// Why: a queue of a million tasks in a red-black tree costs one heap node (~80 bytes) per key
// and a cache miss per tree level on every insert and erase; blocks keep keys contiguous, so an
// insert or erase is a binary search over the block maxima (small, cached), a binary search in
// one block and a short memmove: O(log n + kMaxBlock) with 2-3 cache misses, 32 bytes per key.
//
// Operations (n keys, B = kMaxBlock): insert, erase, find O(log n + B); begin, ++ O(1);
// order_of_key O(log n + n / B) (sums the sizes of the blocks before the key's block).
// Keys must be unique under `<`. Not thread-safe. Iterators are invalidated by any change.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace tandem::engine::detail {

template <class Key>
class BlockSet {
 public:
  static constexpr std::size_t kMaxBlock = 64;

  class const_iterator {
   public:
    const_iterator() = default;
    const Key& operator*() const { return set_->blocks_[block_][index_]; }
    const Key* operator->() const { return &set_->blocks_[block_][index_]; }
    const_iterator& operator++() {
      if (++index_ == set_->blocks_[block_].size()) {
        ++block_;
        index_ = 0;
      }
      return *this;
    }
    friend bool operator==(const const_iterator& a, const const_iterator& b) {
      return a.block_ == b.block_ && a.index_ == b.index_;
    }

   private:
    friend class BlockSet;
    const_iterator(const BlockSet* set, std::size_t block, std::size_t index)
        : set_(set), block_(block), index_(index) {}
    const BlockSet* set_ = nullptr;
    std::size_t block_ = 0;
    std::size_t index_ = 0;
  };

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }
  const_iterator begin() const { return size_ == 0 ? end() : const_iterator(this, 0, 0); }
  const_iterator end() const { return const_iterator(this, blocks_.size(), 0); }

  // Inserts `key` (a key equal to one present is a caller bug: it is inserted again).
  void insert(const Key& key) {
    if (blocks_.empty()) {
      blocks_.emplace_back();
      blocks_.back().reserve(kMaxBlock + 1);
      blocks_.back().push_back(key);
      maxes_.push_back(key);
      ++size_;
      return;
    }
    std::size_t b = block_of(key);
    if (b == blocks_.size()) --b;  // beyond every key: append to the last block
    std::vector<Key>& block = blocks_[b];
    block.insert(std::lower_bound(block.begin(), block.end(), key), key);
    maxes_[b] = block.back();
    ++size_;
    if (block.size() > kMaxBlock) split(b);
  }

  // Removes `key`; returns 1 if it was present, else 0.
  std::size_t erase(const Key& key) {
    const std::size_t b = block_of(key);
    if (b == blocks_.size()) return 0;
    std::vector<Key>& block = blocks_[b];
    auto it = std::lower_bound(block.begin(), block.end(), key);
    if (it == block.end() || key < *it) return 0;
    block.erase(it);
    --size_;
    if (block.empty() && blocks_.size() > 1) {
      blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(b));
      maxes_.erase(maxes_.begin() + static_cast<std::ptrdiff_t>(b));
      return 1;
    }
    if (block.empty()) return 1;  // the last block is kept (empty) for the next insert
    maxes_[b] = block.back();
    if (block.size() < kMaxBlock / 8 && b + 1 < blocks_.size() &&
        block.size() + blocks_[b + 1].size() <= kMaxBlock) {
      merge_next(b);
    }
    return 1;
  }

  const_iterator find(const Key& key) const {
    const std::size_t b = block_of(key);
    if (b == blocks_.size()) return end();
    const std::vector<Key>& block = blocks_[b];
    auto it = std::lower_bound(block.begin(), block.end(), key);
    if (it == block.end() || key < *it) return end();
    return const_iterator(this, b, static_cast<std::size_t>(it - block.begin()));
  }

  // The number of keys less than `key`.
  std::size_t order_of_key(const Key& key) const {
    const std::size_t b = block_of(key);
    std::size_t count = 0;
    for (std::size_t k = 0; k < b; ++k) count += blocks_[k].size();
    if (b < blocks_.size()) {
      const std::vector<Key>& block = blocks_[b];
      count += static_cast<std::size_t>(std::lower_bound(block.begin(), block.end(), key) -
                                        block.begin());
    }
    return count;
  }

 private:
  // The first block whose largest key is >= key (blocks_.size() if none).
  std::size_t block_of(const Key& key) const {
    return static_cast<std::size_t>(std::lower_bound(maxes_.begin(), maxes_.end(), key) -
                                    maxes_.begin());
  }

  void split(std::size_t b) {
    std::vector<Key> upper;
    upper.reserve(kMaxBlock + 1);
    const auto half = blocks_[b].begin() + static_cast<std::ptrdiff_t>(blocks_[b].size() / 2);
    upper.assign(half, blocks_[b].end());
    blocks_[b].erase(half, blocks_[b].end());
    maxes_[b] = blocks_[b].back();
    const Key upper_max = upper.back();
    blocks_.insert(blocks_.begin() + static_cast<std::ptrdiff_t>(b + 1), std::move(upper));
    maxes_.insert(maxes_.begin() + static_cast<std::ptrdiff_t>(b + 1), upper_max);
  }

  void merge_next(std::size_t b) {
    std::vector<Key>& next = blocks_[b + 1];
    blocks_[b].insert(blocks_[b].end(), next.begin(), next.end());
    maxes_[b] = blocks_[b].back();
    blocks_.erase(blocks_.begin() + static_cast<std::ptrdiff_t>(b + 1));
    maxes_.erase(maxes_.begin() + static_cast<std::ptrdiff_t>(b + 1));
  }

  std::vector<std::vector<Key>> blocks_;
  std::vector<Key> maxes_;  // the largest key of each block
  std::size_t size_ = 0;
};

}  // namespace tandem::engine::detail
