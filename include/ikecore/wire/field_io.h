// The two interpreters of a payload description.
//
// Every payload and substructure in payloads.h describes its wire layout once,
// as a template `io(Io&, Self&)`. WireReader runs that description to parse
// (Self is mutable) and WireWriter runs it to serialize (Self is const), so
// parsing and serializing cannot disagree. Length, count and "last
// substructure" fields are computed by the writer and checked by the reader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "absl/container/inlined_vector.h"
#include "absl/types/span.h"
#include "ikecore/base/bytes.h"
#include "ikecore/wire/arena.h"
#include "ikecore/wire/parse_error.h"

namespace ikecore {

template <class T>
using Seq = absl::Span<const T>;

namespace internal {

// How the elements of a sequence tell their own length.
enum class Framing : uint8_t {
  kTotalLength16At2,  // u16 at offset 2 is the element's whole length (>= 4)
  kValueLength16At2,  // 4-byte header whose u16 at offset 2 counts the value only
  kAttribute,         // transform attribute: AF bit set: 4 bytes (TV); else 4 + value (TLV)
};

// Caps that keep a hostile message from costing more than its size.
inline constexpr size_t kMaxElementsPerSequence = 1024;

class WireReader {
 public:
  static constexpr bool kReading = true;

  WireReader(ByteView data, size_t base_offset, Arena& arena, ParseError& error,
             const char* context, bool last_element = true)
      : r_(data), base_(base_offset), arena_(arena), error_(error),
        context_(context), last_(last_element) {}

  size_t offset() const { return base_ + r_.offset(); }
  size_t remaining() const { return r_.remaining(); }
  Arena& arena() { return arena_; }
  ParseError& error() { return error_; }

  template <class E>
  bool u8(E& v) {
    uint8_t x;
    if (!r_.read_u8(x)) return truncated();
    v = static_cast<E>(x);
    return true;
  }
  template <class E>
  bool u16(E& v) {
    uint16_t x;
    if (!r_.read_u16(x)) return truncated();
    v = static_cast<E>(x);
    return true;
  }
  template <class E>
  bool u32(E& v) {
    uint32_t x;
    if (!r_.read_u32(x)) return truncated();
    v = static_cast<E>(x);
    return true;
  }
  bool u64(uint64_t& v) { return r_.read_u64(v) || truncated(); }
  // A 24-bit big-endian value (RFC 3748 §5.7 Vendor-Id).
  bool u24(uint32_t& v) {
    ByteView b;
    if (!r_.read_bytes(3, b)) return truncated();
    v = uint32_t{b[0]} << 16 | uint32_t{b[1]} << 8 | uint32_t{b[2]};
    return true;
  }

  // A u16 whose `mask` bits are a flag and whose other bits are a value.
  bool flag16(uint16_t& value, bool& flag, uint16_t mask) {
    uint16_t x;
    if (!r_.read_u16(x)) return truncated();
    flag = (x & mask) != 0;
    value = static_cast<uint16_t>(x & ~mask);
    return true;
  }
  // A u8 of which only the `mask` bits are meaningful (the rest reserved).
  bool flag8(bool& flag, uint8_t mask) {
    uint8_t x;
    if (!r_.read_u8(x)) return truncated();
    flag = (x & mask) != 0;
    return true;
  }
  // RFC 7296 §3.2: reserved bits are sent as zero and ignored on receipt.
  bool reserved(size_t n) { return r_.skip(n) || truncated(); }
  bool bytes(size_t n, ByteView& v) { return r_.read_bytes(n, v) || truncated(); }
  bool rest(ByteView& v) {
    v = r_.rest();
    return r_.skip(v.size());
  }
  // u16 length of the value, then the value.
  bool bytes_length16(ByteView& v) {
    uint16_t n;
    if (!r_.read_u16(n)) return truncated();
    return r_.read_bytes(n, v) || fail(ParseErrorCode::kBadLength, "value length beyond its container");
  }
  // The element's own length field: already checked by the sequence framing.
  bool self_length16() { return r_.skip(2) || truncated(); }
  // Count and size fields are derived when writing; when reading the local
  // variable receives the wire value and is checked by seq() / bytes().
  template <class N, class C>
  bool count(N&, const C&) { return true; }
  // RFC 7296 §3.3: 0 on the last substructure, `more` (2 or 3) before another.
  bool last_substruc(uint8_t more) {
    uint8_t x;
    if (!r_.read_u8(x)) return truncated();
    if (x != (last_ ? 0 : more))
      return fail(ParseErrorCode::kBadLastSubstructure, "last-substructure value disagrees with its position");
    return true;
  }

  // Reads substructures until the end of the container. `expected` (>= 0) is
  // a count the container announced.
  template <class T>
  bool seq(Seq<T>& out, Framing framing, const char* what, long expected = -1) {
    size_t n = 0;
    if (!count_elements(framing, what, n)) return false;
    if (expected >= 0 && n != static_cast<size_t>(expected))
      return fail(ParseErrorCode::kCountMismatch, "count field disagrees with the substructures present", what);
    absl::Span<T> items = arena_.make<T>(n);
    for (size_t i = 0; i < n; ++i) {
      size_t len = element_length(framing, r_.rest());
      ByteView body;
      r_.read_bytes(len, body);  // cannot fail: count_elements checked every length
      WireReader sub(body, base_ + r_.offset() - len, arena_, error_, what, i + 1 == n);
      if (!T::io(sub, items[i]) || !sub.done()) return false;
    }
    out = items;
    return true;
  }

  // Everything consumed?
  bool done() {
    return r_.empty() || fail(ParseErrorCode::kTrailingData, "bytes left after the structure ended");
  }

  bool fail(ParseErrorCode code, const char* detail, const char* context = nullptr,
            NotifyType notify = NotifyType::kInvalidSyntax) {
    return fail_at(0, code, detail, context, notify);
  }
  // As fail(), for a problem `ahead` bytes past the current position.
  bool fail_at(size_t ahead, ParseErrorCode code, const char* detail, const char* context = nullptr,
               NotifyType notify = NotifyType::kInvalidSyntax) {
    if (error_.ok()) {
      error_.code = code;
      error_.notify = notify;
      error_.offset = offset() + ahead;
      error_.context = context ? context : context_;
      error_.detail = detail;
    }
    return false;
  }

 private:
  bool truncated() { return fail(ParseErrorCode::kTruncated, "field runs past the end of its container"); }
  static size_t element_length(Framing framing, ByteView at);
  bool count_elements(Framing framing, const char* what, size_t& n);

  ByteReader r_;
  size_t base_;
  Arena& arena_;
  ParseError& error_;
  const char* context_;
  bool last_;
};

class WireWriter {
 public:
  static constexpr bool kReading = false;

  WireWriter(Bytes& out, ParseError& error) : out_(out), w_(out), error_(error) {}

  template <class E>
  bool u8(const E& v) {
    w_.put_u8(static_cast<uint8_t>(v));
    return true;
  }
  template <class E>
  bool u16(const E& v) {
    w_.put_u16(static_cast<uint16_t>(v));
    return true;
  }
  template <class E>
  bool u32(const E& v) {
    w_.put_u32(static_cast<uint32_t>(v));
    return true;
  }
  bool u64(const uint64_t& v) {
    w_.put_u64(v);
    return true;
  }
  bool u24(const uint32_t& v) {
    if (v > 0xffffff) return fail("value longer than 24 bits");
    w_.put_u8(static_cast<uint8_t>(v >> 16));
    w_.put_u16(static_cast<uint16_t>(v));
    return true;
  }
  bool flag16(const uint16_t& value, const bool& flag, uint16_t mask) {
    if (value & mask) return fail("value overlaps a flag bit");
    w_.put_u16(static_cast<uint16_t>(value | (flag ? mask : 0)));
    return true;
  }
  bool flag8(const bool& flag, uint8_t mask) {
    w_.put_u8(flag ? mask : 0);
    return true;
  }
  bool reserved(size_t n) {
    w_.put_zeros(n);
    return true;
  }
  bool bytes(size_t n, const ByteView& v) {
    if (v.size() != n) return fail("field size differs from its length field");
    w_.put_bytes(v);
    return true;
  }
  bool rest(const ByteView& v) {
    w_.put_bytes(v);
    return true;
  }
  bool bytes_length16(const ByteView& v) {
    if (v.size() > 0xffff) return fail("value longer than a 16-bit length");
    w_.put_u16(static_cast<uint16_t>(v.size()));
    w_.put_bytes(v);
    return true;
  }
  bool self_length16() {
    if (frames_.empty()) return fail("length field outside a framed structure");
    frames_.back().length_at = w_.size();
    w_.put_u16(0);
    return true;
  }
  template <class N, class C>
  bool count(N& n, const C& container) {
    if (container.size() > static_cast<size_t>(std::numeric_limits<N>::max()))
      return fail("too many items for the count field");
    n = static_cast<N>(container.size());
    return true;
  }
  bool last_substruc(uint8_t more) {
    w_.put_u8(frames_.empty() || frames_.back().last ? 0 : more);
    return true;
  }
  template <class T>
  bool seq(const Seq<T>& in, Framing, const char*, long = -1) {
    for (size_t i = 0; i < in.size(); ++i) {
      begin_element(i + 1 == in.size());
      if (!T::io(*this, in[i]) || !end_element()) return false;
    }
    return true;
  }

  // Frames a structure whose self_length16() is patched when it ends.
  void begin_element(bool last) { frames_.push_back(Frame{w_.size(), kNoLength, last}); }
  bool end_element();

  bool fail(const char* detail) {
    if (error_.ok()) {
      error_.code = ParseErrorCode::kValueTooLarge;
      error_.offset = w_.size();
      error_.detail = detail;
    }
    return false;
  }
  size_t size() const { return w_.size(); }
  Bytes& out() { return out_; }

 private:
  static constexpr size_t kNoLength = SIZE_MAX;
  struct Frame {
    size_t start;
    size_t length_at;
    bool last;
  };
  Bytes& out_;
  ByteWriter w_;
  ParseError& error_;
  absl::InlinedVector<Frame, 8> frames_;  // nesting depth is at most 4
};

}  // namespace internal
}  // namespace ikecore
