// Byte containers and bounds-checked big-endian readers and writers.
//
// Every read checks what is left before it touches memory; a failed read
// leaves the reader where it was and returns false, so parsers can turn the
// failure into a protocol error instead of crashing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"

namespace ikecore {

using Bytes = std::vector<uint8_t>;
using ByteView = absl::Span<const uint8_t>;

// Views the characters of a string as bytes (no copy).
ByteView as_bytes(const std::string& s);
ByteView as_bytes(const char* s);  // NUL-terminated; the NUL is not included

// Lower-case hex without separators ("0a1b..").
std::string to_hex(ByteView data);
// Parses hex, ignoring ASCII white space, ':' separators, "0x" prefixes and
// '#' comments (to the end of the line). Returns false on any other character
// or an odd number of digits.
bool from_hex(const std::string& text, Bytes& out);
// Reads a file of such hex (the format of tests/vectors/). False if the file
// cannot be read or is not hex.
bool read_hex_file(const std::string& path, Bytes& out);

// Equality whose time depends only on the lengths (for MACs and ICVs).
bool constant_time_equal(ByteView a, ByteView b);

// Key material: wiped on destruction and on clear(); never printed.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(ByteView data) : data_(data.begin(), data.end()) {}
  explicit SecretBytes(size_t size) : data_(size) {}
  SecretBytes(const SecretBytes&) = default;
  SecretBytes& operator=(const SecretBytes& other);
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes();

  ByteView view() const { return data_; }
  absl::Span<uint8_t> mutable_view() { return absl::MakeSpan(data_); }
  size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  void clear();

 private:
  std::vector<uint8_t> data_;
};

class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(ByteView data) : data_(data) {}

  size_t offset() const { return pos_; }
  size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return pos_ == data_.size(); }
  // The bytes not yet read.
  ByteView rest() const { return data_.subspan(pos_); }

  bool read_u8(uint8_t& v);
  bool read_u16(uint16_t& v);
  bool read_u32(uint32_t& v);
  bool read_u64(uint64_t& v);
  bool read_bytes(size_t n, ByteView& out);
  bool skip(size_t n);
  // Looks at a big-endian u16 `at` bytes ahead without consuming anything.
  bool peek_u16(size_t at, uint16_t& v) const;
  bool peek_u8(size_t at, uint8_t& v) const;

 private:
  ByteView data_;
  size_t pos_ = 0;
};

// Appends big-endian values to a byte vector it does not own.
class ByteWriter {
 public:
  explicit ByteWriter(Bytes& out) : out_(out) {}

  size_t size() const { return out_.size(); }
  void put_u8(uint8_t v) { out_.push_back(v); }
  void put_u16(uint16_t v);
  void put_u32(uint32_t v);
  void put_u64(uint64_t v);
  void put_bytes(ByteView data) { out_.insert(out_.end(), data.begin(), data.end()); }
  void put_zeros(size_t n) { out_.insert(out_.end(), n, 0); }
  // Overwrites a u16 written earlier (length fields known only at the end).
  void patch_u16(size_t at, uint16_t v);
  void patch_u32(size_t at, uint32_t v);

 private:
  Bytes& out_;
};

}  // namespace ikecore
