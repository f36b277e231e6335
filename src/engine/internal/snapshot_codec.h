// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: the snapshot codec (docs/engine.md "Snapshots"). snapshot.cpp frames
// the bytes (header, checksum, version) and restores; snapshot_config.cpp writes the
// configuration whose hash a snapshot records; snapshot_state.cpp writes and reads the live
// state of every part of EngineState. The helpers below write and read the containers the parts
// share (queue keys and sets, pools, blending sets, history lines, start logs, id indexes).
//
// Canonical: containers whose layout does not change behaviour (the timer queue's lanes, the
// id indexes' slots, the start logs' ring position, the queue sets' blocks) are written in
// their logical order, so snapshot -> restore -> snapshot gives the same bytes. Pure caches
// (blending's Erlang memo) are not stored: they are functions of the configuration.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/internal/byte_io.h"
#include "engine/state.h"

namespace tandem::engine::detail {

// A friend of the containers whose insides it saves (StartLog).
class SnapshotCodec {
 public:
  // The configuration a snapshot's hash covers (snapshot_config.cpp).
  static void write_config(const EngineState& s, const Scenario& scenario, ByteWriter& w);
  // The live state, in a fixed order (snapshot_state.cpp).
  static void write_state(const EngineState& s, ByteWriter& w);
  // Reads into `s`, a state fresh from create() (its configuration is the snapshot's: the
  // caller compared the hashes). Every index is checked against the table it points into.
  static void read_state(EngineState& s, ByteReader& r);

 private:
  // The fewest bytes a record can take: a count larger than the bytes left is corrupt.
  static constexpr std::size_t kMinContactBytes = 8 + 12 + 3 + 8 + 16 + 24;
  static constexpr std::size_t kMinTaskBytes = 12 + 2 + 3 + 12 + 8 + 24;
  static constexpr std::size_t kMinItemBytes = 8 + 12 + 28 + 8 + 7 + 8 + 4;
  static constexpr std::size_t kMinCustomerBytes = 16;
  static constexpr std::size_t kMinClosedBytes = 8 + 12 + 1 + 16 + 8;
  static constexpr std::size_t kMinJourneyBytes = 8 + 1 + 16;
  static constexpr std::size_t kHistoryBytes = 4 + 4 + 4 + 2 + 1 + 1;
  static constexpr std::size_t kTimerBytes = 8 + 8 + 2 + 16;

  struct Limits {
    std::size_t contacts, tasks, items, customers, history, queues, agents;
  };

  // An index below `limit` (or kNone when allowed).
  static Idx idx(ByteReader& r, std::size_t limit, bool none_ok) {
    const Idx v = r.u32();
    if (v == kNone ? !none_ok : v >= limit) {
      r.fail("an index is out of range");
      return none_ok ? kNone : 0;
    }
    return v;
  }

  static void write_strings(const std::vector<std::string>& v, ByteWriter& w) {
    w.size(v.size());
    for (const auto& x : v) w.str(x);
  }
  static void write_bools(const std::vector<bool>& v, ByteWriter& w) {
    w.size(v.size());
    for (bool x : v) w.boolean(x);
  }
  static void write_u32s(const std::vector<Idx>& v, ByteWriter& w) {
    w.size(v.size());
    for (Idx x : v) w.u32(x);
  }
  static void read_u32s(ByteReader& r, std::vector<Idx>& v, std::size_t limit) {
    v.resize(r.size(4));
    for (Idx& x : v) x = idx(r, limit, false);
  }
  static void write_optional(const std::optional<double>& v, ByteWriter& w) {
    w.boolean(v.has_value());
    w.f64(v.value_or(0.0));
  }
  static void write_deadline(const std::optional<Deadline>& d, ByteWriter& w) {
    w.boolean(d.has_value());
    w.u8(d ? static_cast<std::uint8_t>(d->unit) : 0);
    w.f64(d ? d->amount : 0.0);
  }

  static void write_key(const QueueKey& k, ByteWriter& w) {
    w.i32(k.neg_priority);
    w.i64(k.slack_ref);
    w.i64(k.age_ref);
    w.u32(k.work);
  }
  // A key's work may be kNone in a record that is not queued (the key is then unused).
  static QueueKey read_key(ByteReader& r, std::size_t works) {
    QueueKey k;
    k.neg_priority = r.i32();
    k.slack_ref = r.i64();
    k.age_ref = r.i64();
    k.work = idx(r, works, true);
    return k;
  }
  static void write_queue_set(const QueueSet& set, ByteWriter& w) {
    w.size(set.size());
    for (const QueueKey& k : set) write_key(k, w);
  }
  static void read_queue_set(ByteReader& r, QueueSet& set, std::size_t works) {
    set = QueueSet{};
    const std::size_t n = r.size(24);
    QueueKey last;
    for (std::size_t k = 0; k < n && r.ok(); ++k) {
      const QueueKey key = read_key(r, works);
      if (key.work == kNone || (k > 0 && !(last < key))) r.fail("a queue's order is broken");
      if (!r.ok()) return;
      set.insert(key);
      last = key;
    }
  }

  static void write_pool_key(const PoolKey& k, ByteWriter& w) {
    w.i32(k.used);
    w.f32(k.proficiency);
    w.i64(k.idle_since);
    w.u32(k.agent);
  }
  static PoolKey read_pool_key(ByteReader& r, std::size_t agents) {
    PoolKey k;
    k.used = r.i32();
    k.proficiency = r.f32();
    k.idle_since = r.i64();
    k.agent = idx(r, agents, true);
    return k;
  }
  static void write_pool(const Pool& pool, ByteWriter& w) {
    w.size(pool.size());
    for (const PoolKey& k : pool) write_pool_key(k, w);
  }
  static void read_pool(ByteReader& r, Pool& pool, std::size_t agents) {
    pool.clear();
    const std::size_t n = r.size(20);
    for (std::size_t k = 0; k < n && r.ok(); ++k) {
      const PoolKey key = read_pool_key(r, agents);
      if (!r.ok()) return;
      pool.emplace_hint(pool.end(), key);
      if (key.agent == kNone || pool.size() != k + 1) r.fail("a skill pool is corrupt");
    }
  }

  static void write_blend_key(const BlendKey& k, ByteWriter& w) {
    w.i32(k.rank);
    w.i64(k.since);
    w.u32(k.agent);
  }
  static BlendKey read_blend_key(ByteReader& r, std::size_t agents, bool none_ok) {
    BlendKey k;
    k.rank = r.i32();
    k.since = r.i64();
    k.agent = idx(r, agents, none_ok);
    return k;
  }
  static void write_blend_set(const BlendSet& set, ByteWriter& w) {
    w.size(set.size());
    for (const BlendKey& k : set) write_blend_key(k, w);
  }
  static void read_blend_set(ByteReader& r, BlendSet& set, std::size_t agents) {
    set.clear();
    const std::size_t n = r.size(16);
    for (std::size_t k = 0; k < n && r.ok(); ++k) {
      const BlendKey key = read_blend_key(r, agents, false);
      if (!r.ok()) return;
      set.emplace_hint(set.end(), key);
      if (set.size() != k + 1) r.fail("a blending set is corrupt");
    }
  }

  static void write_history(const HistoryRec& h, ByteWriter& w) {
    w.i32(h.time);
    w.u32(h.agent);
    w.u32(h.prev);
    w.u16(h.step);
    w.enumeration(h.kind);
    w.u8(h.task_flags);
  }
  // `self`: the line's index in the log (its `prev` must be before it), kNone in an archive.
  static HistoryRec read_history(ByteReader& r, const Limits& lim, Idx self) {
    HistoryRec h;
    h.time = r.i32();
    h.agent = idx(r, lim.agents, true);
    h.prev = r.u32();
    if (self != kNone && h.prev != kNone && h.prev >= self) r.fail("a history link is corrupt");
    h.step = r.u16();
    h.kind = r.enumeration(HistoryKind::kCancelled);
    h.task_flags = r.u8();
    return h;
  }

  static void write_start_log(const StartLog& log, ByteWriter& w) {
    w.size(log.count_);
    for (std::size_t k = 0; k < log.count_; ++k) {
      const StartLog::Mark& m = log.at(k);
      w.i64(m.time);
      w.f64(m.starts);
      w.f64(m.open_seconds);
    }
    w.f64(log.starts_);
    w.f64(log.open_seconds_);
    w.i64(log.last_start_);
    w.boolean(log.backlogged_);
  }
  static void read_start_log(ByteReader& r, StartLog& log) {
    log = StartLog{};
    const std::size_t n = r.size(24);
    if (n > StartLog::kMarks) r.fail("a start log has too many checkpoints");
    if (!r.ok()) return;
    for (std::size_t k = 0; k < n; ++k) {
      StartLog::Mark& m = log.marks_[k];
      m.time = r.i64();
      m.starts = r.f64();
      m.open_seconds = r.f64();
    }
    log.count_ = n;
    log.starts_ = r.f64();
    log.open_seconds_ = r.f64();
    log.last_start_ = r.i64();
    log.backlogged_ = r.boolean();
  }

  // Ids are taken from the records; the slot count is the saved table's.
  static void write_index(const IdIndex& index, ByteWriter& w) {
    std::vector<Idx> ids;
    ids.reserve(index.size());
    index.for_each([&](Idx i) { ids.push_back(i); });
    std::sort(ids.begin(), ids.end());
    w.size(index.slot_count());
    write_u32s(ids, w);
  }
  template <class IdOf>
  static void read_index(ByteReader& r, IdIndex& index, std::size_t records, const IdOf& id_of) {
    const std::size_t slots = r.u64();
    std::vector<Idx> ids;
    read_u32s(r, ids, records);
    if (!r.ok()) return;
    if (slots > 4 * (records + 64) || !index.reset(slots)) {
      r.fail("an id index has an impossible size");
      return;
    }
    for (Idx i : ids) {
      if (index.find(id_of(i), id_of) != IdIndex::kMissing) {
        r.fail("an id is indexed twice");
        return;
      }
      index.insert(id_of(i), i);
    }
  }
};

}  // namespace tandem::engine::detail
