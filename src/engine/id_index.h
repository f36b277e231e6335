// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: the index from the driver's string ids (items, contacts, customers,
// agents) to the engine's dense record numbers, an open-addressing hash table (linear probing,
// backward-shift deletion, load <= 1/2) of 8-byte slots. The strings themselves live in the
// records (the caller's `id_of(idx)` gives them), so the index stores no copy and makes no
// allocation per id: a look-up is one probe sequence in a flat array plus one string compare.
//
// Expected O(1) insert, find and erase; growth rehashes everything (amortised O(1)).
// Not thread-safe.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace tandem::engine::detail {

// A fast hash of a short id (8 bytes at a time, multiply-xorshift mixing); not for security.
inline std::uint64_t hash_id(std::string_view id) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ id.size();
  const char* p = id.data();
  std::size_t n = id.size();
  for (; n >= 8; p += 8, n -= 8) {
    std::uint64_t w = 0;
    for (int k = 0; k < 8; ++k)
      w |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[k])) << (8 * k);
    h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 31;
  }
  std::uint64_t w = 0;
  for (std::size_t k = 0; k < n; ++k) {
    w |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[k])) << (8 * k);
  }
  h = (h ^ w) * 0x94d049bb133111ebULL;
  h ^= h >> 29;
  h *= 0xbf58476d1ce4e5b9ULL;
  return h ^ (h >> 32);
}

// Hasher for the engine's small string-keyed maps (scenario ids).
struct IdHash {
  std::size_t operator()(const std::string& id) const { return hash_id(id); }
};

class IdIndex {
 public:
  static constexpr std::uint32_t kMissing = std::numeric_limits<std::uint32_t>::max();

  std::size_t size() const { return size_; }
  std::size_t memory_bytes() const { return slots_.capacity() * sizeof(Slot); }

  std::size_t slot_count() const { return slots_.size(); }

  // Calls f(idx) for every record number in the index, in slot order.
  template <class F>
  void for_each(F&& f) const {
    for (const Slot& slot : slots_) {
      if (slot.idx != kMissing) f(slot.idx);
    }
  }

  // Empties the index and gives it exactly `slots` slots (0, or a power of two >= 64, as the
  // index grows): a restored index has the size, and so the memory and growth, of the saved
  // one. Returns false (and changes nothing) for another count.
  bool reset(std::size_t slots) {
    if (slots != 0 && (slots < 64 || (slots & (slots - 1)) != 0)) return false;
    slots_.assign(slots, Slot{});
    mask_ = slots == 0 ? 0 : slots - 1;
    size_ = 0;
    return true;
  }

  // The record number of `id`, or kMissing.
  template <class IdOf>
  std::uint32_t find(std::string_view id, const IdOf& id_of) const {
    if (slots_.empty()) return kMissing;
    const std::uint32_t h = hash(id);
    for (std::size_t s = h & mask_;; s = (s + 1) & mask_) {
      const Slot& slot = slots_[s];
      if (slot.idx == kMissing) return kMissing;
      if (slot.hash == h && std::string_view(id_of(slot.idx)) == id) return slot.idx;
    }
  }

  // Adds `id` -> `idx`; `id` must not be present.
  void insert(std::string_view id, std::uint32_t idx) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    place(Slot{hash(id), idx});
    ++size_;
  }

  // Removes `id`; returns whether it was present.
  template <class IdOf>
  bool erase(std::string_view id, const IdOf& id_of) {
    if (slots_.empty()) return false;
    const std::uint32_t h = hash(id);
    std::size_t s = h & mask_;
    for (;; s = (s + 1) & mask_) {
      const Slot& slot = slots_[s];
      if (slot.idx == kMissing) return false;
      if (slot.hash == h && std::string_view(id_of(slot.idx)) == id) break;
    }
    // Backward-shift deletion: move later entries of the run into the hole when allowed.
    std::size_t hole = s;
    for (std::size_t n = (s + 1) & mask_; slots_[n].idx != kMissing; n = (n + 1) & mask_) {
      const std::size_t home = slots_[n].hash & mask_;
      // The entry at n may move to the hole if its home is not in (hole, n] (cyclically).
      const bool stays = hole <= n ? (home > hole && home <= n) : (home > hole || home <= n);
      if (stays) continue;
      slots_[hole] = slots_[n];
      hole = n;
    }
    slots_[hole] = Slot{};
    --size_;
    return true;
  }

 private:
  struct Slot {
    std::uint32_t hash = 0;
    std::uint32_t idx = kMissing;
  };

  static std::uint32_t hash(std::string_view id) { return static_cast<std::uint32_t>(hash_id(id)); }

  void place(Slot slot) {
    std::size_t s = slot.hash & mask_;
    while (slots_[s].idx != kMissing) s = (s + 1) & mask_;
    slots_[s] = slot;
  }

  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 64 : old.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.idx != kMissing) place(slot);
    }
  }

  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

}  // namespace tandem::engine::detail
