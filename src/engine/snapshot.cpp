// SPDX-License-Identifier: Apache-2.0
// Engine snapshots (docs/engine.md "Snapshots"): the whole mutable state as bytes, and back.
//
// Layout: a 36-byte header (magic "TNDMSNAP", u32 format version, u64 configuration hash, u64
// payload length, u64 FNV-1a 64 checksum of the payload), then the payload: the live state in a
// fixed order of little-endian fixed-width fields (snapshot_state.cpp). The configuration (the
// compiled scenario, policy and options) is not stored: restore() rebuilds it from the scenario
// as create() does and compares its hash (snapshot_config.cpp) with the snapshot's.
#include <fmt/format.h>

#include <cstring>

#include "engine/engine.h"
#include "engine/internal/byte_io.h"
#include "engine/internal/snapshot_codec.h"
#include "engine/state.h"

namespace tandem::engine {

namespace detail {

namespace {

constexpr char kMagic[8] = {'T', 'N', 'D', 'M', 'S', 'N', 'A', 'P'};
constexpr std::size_t kHeaderBytes = 8 + 4 + 8 + 8 + 8;

}  // namespace

std::uint64_t EngineState::compute_config_hash(const Scenario& scenario) const {
  ByteWriter w;
  SnapshotCodec::write_config(*this, scenario, w);
  return fnv1a64(w.bytes());
}

void EngineState::save(ByteWriter& w) const { SnapshotCodec::write_state(*this, w); }

Status EngineState::load(std::string_view payload) {
  ByteReader r(payload);
  SnapshotCodec::read_state(*this, r);
  if (r.ok() && !r.at_end()) r.fail("bytes are left after the state");
  if (!r.ok()) return Status::invalid_argument(fmt::format("snapshot: corrupt: {}", r.error()));
  if (Status st = check(); !st.is_ok()) {
    return Status::internal("snapshot: the restored state is inconsistent: " + st.message());
  }
  return Status::ok();
}

}  // namespace detail

// ---------------------------------------------------------------- Engine

Result<std::string> Engine::snapshot() const {
  const State& s = *state_;
  if (s.out != nullptr) return Status::conflict("snapshot: called while an event is handled");
  detail::ByteWriter w;
  w.bytes().append(detail::kMagic, sizeof(detail::kMagic));
  w.u32(static_cast<std::uint32_t>(kSnapshotFormat));
  w.u64(s.config_hash);
  w.u64(0);  // the payload's length and checksum, filled in below
  w.u64(0);
  s.save(w);
  std::string bytes = std::move(w.bytes());
  const std::string_view payload = std::string_view(bytes).substr(detail::kHeaderBytes);
  detail::ByteWriter tail;
  tail.size(payload.size());
  tail.u64(detail::fnv1a64(payload));
  bytes.replace(detail::kHeaderBytes - 16, 16, tail.bytes());
  return bytes;
}

Result<Engine> Engine::restore(const Scenario& scenario, const Policy& policy,
                               EngineOptions options, std::string_view bytes) {
  if (bytes.size() < detail::kHeaderBytes) {
    return Status::invalid_argument(
        fmt::format("snapshot: truncated: {} bytes, the header alone is {}", bytes.size(),
                    detail::kHeaderBytes));
  }
  if (std::memcmp(bytes.data(), detail::kMagic, sizeof(detail::kMagic)) != 0) {
    return Status::invalid_argument("snapshot: not an engine snapshot (bad magic)");
  }
  detail::ByteReader header(bytes.substr(sizeof(detail::kMagic)));
  const std::uint32_t version = header.u32();
  const std::uint64_t config_hash = header.u64();
  const std::uint64_t length = header.u64();
  const std::uint64_t checksum = header.u64();
  if (version != static_cast<std::uint32_t>(kSnapshotFormat)) {
    return Status::invalid_argument(fmt::format(
        "snapshot: format version {}, this engine reads version {}", version, kSnapshotFormat));
  }
  const std::string_view payload = bytes.substr(detail::kHeaderBytes);
  if (length != payload.size()) {
    return Status::invalid_argument(
        fmt::format("snapshot: truncated or padded: the header says {} payload bytes, {} follow",
                    length, payload.size()));
  }
  if (detail::fnv1a64(payload) != checksum) {
    return Status::invalid_argument("snapshot: corrupt: the payload checksum does not match");
  }
  auto created = create(scenario, policy, options);
  if (!created.is_ok()) return created.status();
  Engine engine = std::move(created).value();
  if (engine.state_->config_hash != config_hash) {
    return Status::invalid_argument(
        "snapshot: taken with another configuration (scenario, policy or engine options)");
  }
  if (Status st = engine.state_->load(payload); !st.is_ok()) return st;
  return engine;
}

}  // namespace tandem::engine
