// An IKEv2 message: the header and its payload chain, plus the arena that
// holds the chain's substructure arrays.
#pragma once

#include <cstddef>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "ikecore/wire/arena.h"
#include "ikecore/wire/payloads.h"

namespace ikecore {

struct ParseLimits {
  // RFC 7296 sets no limit; a legitimate message carries a few dozen at most
  // (the seed's largest has 17). A cap bounds the work a datagram can cause.
  size_t max_payloads = 64;
};

class Message {
 public:
  Message() = default;
  Message(Message&&) noexcept = default;
  Message& operator=(Message&&) noexcept = default;

  Header header;
  // Outer payloads. SK / SKF bodies are opaque; after decryption their inner
  // chain is parsed with parse_payloads().
  Seq<Payload> payloads;

  // Storage for substructure arrays and copied bytes; lives as long as the
  // message. A parsed message also views the datagram it came from, which
  // must outlive it.
  Arena& arena() { return arena_; }

  const Payload* find(PayloadType type) const;
  size_t count(PayloadType type) const;
  // The first notify of the given type, if any.
  const NotifyPayload* find_notify(NotifyType type) const;

  friend bool operator==(const Message& a, const Message& b) {
    return a.header == b.header && a.payloads == b.payloads;
  }

 private:
  Arena arena_;
};

// Structural parse of one datagram (without any non-ESP marker). Checks
// bounds, lengths, counts and framing; meaning is checked by verify.h.
// On success `out` views `datagram`.
ParseError parse_message(ByteView datagram, Message& out, const ParseLimits& limits = {});

// Parses a payload chain starting with `first` (a decrypted SK body, for
// example). `base_offset` only shifts the offsets reported in errors.
ParseError parse_payloads(ByteView data, PayloadType first, Arena& arena, Seq<Payload>& out,
                          size_t base_offset = 0, const ParseLimits& limits = {});

// Serializes header and payloads; the header's Length and every length, count
// and next-payload field are computed. Fails only for values that cannot be
// encoded (a proposal with more than 255 transforms, a payload over 64 KiB).
absl::Status serialize_message(const Message& message, Bytes& out);
absl::StatusOr<Bytes> serialize_message(const Message& message);
absl::Status serialize_payloads(Seq<Payload> payloads, Bytes& out);

// Appends the 28-byte header with the given Next Payload and Length (for
// builders that write the payloads themselves, such as SK protection).
void append_header(const Header& header, PayloadType next, uint32_t length, Bytes& out);

}  // namespace ikecore
