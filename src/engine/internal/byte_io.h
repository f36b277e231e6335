// SPDX-License-Identifier: Apache-2.0
// INTERNAL to the engine: the little-endian, fixed-width encoding of engine snapshots
// (snapshot.cpp; the format is described in docs/engine.md "Snapshots").
//
// ByteWriter appends to a string; ByteReader reads from a view and never reads past its end:
// a short or malformed input sets a sticky failure (ok() false) with the first reason, and every
// later read returns zero values, so a decoder checks ok() once per record, not per field.
// Integers are little-endian whatever the host's byte order (a plain copy on a little-endian
// host); doubles as their IEEE-754 bits.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

namespace tandem::engine::detail {

// FNV-1a, 64 bits: the snapshot's checksum and the configuration hash (not for security).
inline std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t hash = 0xcbf29ce484222325ULL) {
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

class ByteWriter {
 public:
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) { put(v, 2); }
  void u32(std::uint32_t v) { put(v, 4); }
  void u64(std::uint64_t v) { put(v, 8); }
  void i32(std::int32_t v) { u32(static_cast<std::uint32_t>(v)); }
  void i64(std::int64_t v) { u64(static_cast<std::uint64_t>(v)); }
  void boolean(bool v) { u8(v ? 1 : 0); }
  void f32(float v) { u32(std::bit_cast<std::uint32_t>(v)); }
  void f64(double v) { u64(std::bit_cast<std::uint64_t>(v)); }
  void size(std::size_t n) { u64(static_cast<std::uint64_t>(n)); }
  void str(std::string_view s) {
    size(s.size());
    out_.append(s.data(), s.size());
  }
  template <class E>
  void enumeration(E e) {
    u8(static_cast<std::uint8_t>(e));
  }

  std::string& bytes() { return out_; }

 private:
  void put(std::uint64_t v, int n) {
    if constexpr (std::endian::native == std::endian::little) {
      char b[8];
      std::memcpy(b, &v, sizeof(b));
      out_.append(b, static_cast<std::size_t>(n));
    } else {
      for (int k = 0; k < n; ++k) out_.push_back(static_cast<char>((v >> (8 * k)) & 0xff));
    }
  }
  std::string out_;
};

class ByteReader {
 public:
  explicit ByteReader(std::string_view in) : in_(in) {}

  bool ok() const { return error_ == nullptr; }
  const char* error() const { return error_ ? error_ : ""; }
  std::size_t remaining() const { return in_.size() - pos_; }
  bool at_end() const { return pos_ == in_.size(); }
  // Records the first failure (later ones are consequences of it).
  void fail(const char* why) {
    if (error_ == nullptr) error_ = why;
  }

  std::uint8_t u8() { return static_cast<std::uint8_t>(get(1)); }
  std::uint16_t u16() { return static_cast<std::uint16_t>(get(2)); }
  std::uint32_t u32() { return static_cast<std::uint32_t>(get(4)); }
  std::uint64_t u64() { return get(8); }
  std::int32_t i32() { return static_cast<std::int32_t>(u32()); }
  std::int64_t i64() { return static_cast<std::int64_t>(u64()); }
  bool boolean() {
    const std::uint8_t v = u8();
    if (v > 1) fail("a flag is neither 0 nor 1");
    return v == 1;
  }
  float f32() { return std::bit_cast<float>(u32()); }
  double f64() { return std::bit_cast<double>(u64()); }
  // A count of records of at least `min_record_bytes` each: more than the bytes left is a
  // corruption (this also bounds every allocation by the input's size).
  std::size_t size(std::size_t min_record_bytes = 1) {
    const std::uint64_t n = u64();
    if (n > remaining() / (min_record_bytes == 0 ? 1 : min_record_bytes)) {
      fail("a count is larger than the bytes left");
      return 0;
    }
    return static_cast<std::size_t>(n);
  }
  std::string str() {
    const std::size_t n = size(1);
    if (!ok()) return {};
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  // An enumerator stored as one byte, at most `max`.
  template <class E>
  E enumeration(E max) {
    const std::uint8_t v = u8();
    if (v > static_cast<std::uint8_t>(max)) fail("an enumerator is out of range");
    return static_cast<E>(v > static_cast<std::uint8_t>(max) ? 0 : v);
  }

 private:
  std::uint64_t get(int n) {
    if (!ok() || remaining() < static_cast<std::size_t>(n)) {
      fail("the snapshot is truncated");
      return 0;
    }
    std::uint64_t v = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&v, in_.data() + pos_, static_cast<std::size_t>(n));
    } else {
      for (int k = 0; k < n; ++k) {
        v |= static_cast<std::uint64_t>(static_cast<unsigned char>(in_[pos_ + k])) << (8 * k);
      }
    }
    pos_ += static_cast<std::size_t>(n);
    return v;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  const char* error_ = nullptr;
};

}  // namespace tandem::engine::detail
