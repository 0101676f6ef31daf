#include "ikecore/wire/message.h"

#include "absl/strings/str_cat.h"

namespace ikecore {

using internal::WireReader;
using internal::WireWriter;

namespace {

// §3.1: the header. `next` and `length` are derived from the payloads and
// the datagram, so they travel beside the struct.
template <class Io, class Self>
bool header_io(Io& io, Self& h, PayloadType& next, uint32_t& length) {
  uint8_t version = static_cast<uint8_t>(h.major_version << 4 | (h.minor_version & 0x0f));
  if (!(io.u64(h.spi_i) && io.u64(h.spi_r) && io.u8(next) && io.u8(version) && io.u8(h.exchange) &&
        io.u8(h.flags) && io.u32(h.message_id) && io.u32(length)))
    return false;
  if constexpr (Io::kReading) {
    h.major_version = version >> 4;
    h.minor_version = version & 0x0f;
  }
  return true;
}

bool is_encrypted(PayloadType t) { return t == PayloadType::kSk || t == PayloadType::kSkf; }

// §3.2: generic payload header, then the body's own description.
template <class Io, class Self>
bool payload_io(Io& io, Self& p, PayloadType& next) {
  if (!(io.u8(next) && io.flag8(p.critical, 0x80) && io.self_length16())) return false;
  return std::visit([&io](auto& body) { return std::remove_cvref_t<decltype(body)>::io(io, body); },
                    p.body);
}

}  // namespace

ParseError parse_payloads(ByteView data, PayloadType first, Arena& arena, Seq<Payload>& out,
                          size_t base_offset, const ParseLimits& limits) {
  ParseError error;
  WireReader chain(data, base_offset, arena, error, "payload chain");

  // Walk the generic headers once to count the payloads and check every
  // length before anything is allocated or parsed.
  size_t n = 0;
  size_t at = 0;
  for (PayloadType type = first; type != PayloadType::kNone;) {
    if (data.size() - at < 4) {
      chain.fail_at(at, ParseErrorCode::kTruncated, "payload header runs past the message");
      return error;
    }
    size_t len = static_cast<size_t>(data[at + 2] << 8 | data[at + 3]);
    if (len < 4) {
      chain.fail_at(at, ParseErrorCode::kBadLength, "payload length below its 4-byte header",
                    payload_label(type));
      return error;
    }
    if (len > data.size() - at) {
      chain.fail_at(at, ParseErrorCode::kBadLength, "payload length beyond the message", payload_label(type));
      return error;
    }
    if (++n > limits.max_payloads) {
      chain.fail_at(at, ParseErrorCode::kTooManyPayloads, "more payloads than the limit");
      return error;
    }
    PayloadType next = static_cast<PayloadType>(data[at]);
    at += len;
    // §3.14 / RFC 7383 §2.5: SK and SKF are last; their Next Payload names
    // the first payload inside.
    if (is_encrypted(type)) {
      if (at != data.size()) {
        chain.fail_at(at, ParseErrorCode::kSkNotLast, "data after the encrypted payload");
        return error;
      }
      break;
    }
    type = next;
  }
  if (at != data.size()) {
    chain.fail_at(at, ParseErrorCode::kTrailingData, "data after the last payload");
    return error;
  }

  absl::Span<Payload> payloads = arena.make<Payload>(n);
  PayloadType type = first;
  for (size_t i = 0; i < n; ++i) {
    ByteView rest = data.subspan(chain.offset() - base_offset);
    size_t len = static_cast<size_t>(rest[2] << 8 | rest[3]);
    WireReader one(rest.first(len), chain.offset(), arena, error, payload_label(type));
    ByteView skip;
    chain.bytes(len, skip);
    Payload& p = payloads[i];
    p.type = type;
    p.body = empty_body_for(type);
    PayloadType next{};
    if (!payload_io(one, p, next) || !one.done()) return error;
    if (auto* sk = p.get<SkPayload>()) sk->inner_first = next;
    if (auto* skf = p.get<SkfPayload>()) skf->inner_first = next;
    type = next;
  }
  out = payloads;
  return error;
}

ParseError parse_message(ByteView datagram, Message& out, const ParseLimits& limits) {
  out.arena().reset();
  out.payloads = {};
  out.header = {};
  ParseError error;
  WireReader r(datagram, 0, out.arena(), error, "header");
  PayloadType first{};
  uint32_t length = 0;
  if (!header_io(r, out.header, first, length)) return error;
  if (length != datagram.size()) {
    // No notify for a message that cannot be trusted this far (§2.21).
    r.fail(ParseErrorCode::kLengthMismatch, "IKE header length differs from the datagram", "header", NotifyType{});
    error.offset = 24;  // the Length field
    return error;
  }
  if (out.header.major_version != 2) {
    // §1.5 / §2.5: a higher major version is answered with
    // INVALID_MAJOR_VERSION (unless it is a response); anything else dropped.
    bool answer = out.header.major_version > 2 && !out.header.response();
    r.fail(ParseErrorCode::kBadVersion, "IKE major version is not 2", "header",
           answer ? NotifyType::kInvalidMajorVersion : NotifyType{});
    error.offset = 17;  // the version byte
    return error;
  }
  error = parse_payloads(datagram.subspan(Header::kSize), first, out.arena(), out.payloads,
                         Header::kSize, limits);
  // §2.21: errors in a response are never answered.
  if (out.header.response()) error.notify = NotifyType{};
  return error;
}

absl::Status serialize_payloads(Seq<Payload> payloads, Bytes& out) {
  ParseError error;
  WireWriter w(out, error);
  for (size_t i = 0; i < payloads.size(); ++i) {
    const Payload& p = payloads[i];
    PayloadType next = i + 1 < payloads.size() ? payloads[i + 1].type : PayloadType::kNone;
    if (const auto* sk = p.get<SkPayload>()) next = sk->inner_first;
    if (const auto* skf = p.get<SkfPayload>()) next = skf->inner_first;
    if (p.type == PayloadType::kNone) return absl::InvalidArgumentError("payload of type 0 (no next payload)");
    if (is_encrypted(p.type) && i + 1 != payloads.size())
      return absl::InvalidArgumentError("SK / SKF must be the last payload");
    if (empty_body_for(p.type).index() != p.body.index())
      return absl::InvalidArgumentError(
          absl::StrCat("payload body does not match its type ", to_string(p.type)));
    w.begin_element(true);
    if (!payload_io(w, p, next) || !w.end_element())
      return absl::InvalidArgumentError(absl::StrCat(to_string(p.type), ": ", error.detail));
  }
  return absl::OkStatus();
}

absl::Status serialize_message(const Message& message, Bytes& out) {
  out.clear();
  ParseError error;
  WireWriter w(out, error);
  PayloadType first = message.payloads.empty() ? PayloadType::kNone : message.payloads[0].type;
  uint32_t length = 0;
  header_io(w, message.header, first, length);
  if (absl::Status s = serialize_payloads(message.payloads, out); !s.ok()) return s;
  if (out.size() > 0xffffffffu) return absl::InvalidArgumentError("message too long");
  ByteWriter(out).patch_u32(24, static_cast<uint32_t>(out.size()));
  return absl::OkStatus();
}

void append_header(const Header& header, PayloadType next, uint32_t length, Bytes& out) {
  ParseError error;
  WireWriter w(out, error);
  header_io(w, header, next, length);
}

absl::StatusOr<Bytes> serialize_message(const Message& message) {
  Bytes out;
  if (absl::Status s = serialize_message(message, out); !s.ok()) return s;
  return out;
}

const Payload* Message::find(PayloadType type) const {
  for (const Payload& p : payloads)
    if (p.type == type) return &p;
  return nullptr;
}

size_t Message::count(PayloadType type) const {
  size_t n = 0;
  for (const Payload& p : payloads) n += p.type == type;
  return n;
}

const NotifyPayload* Message::find_notify(NotifyType type) const {
  for (const Payload& p : payloads)
    if (const auto* n = p.get<NotifyPayload>(); n && n->type == type) return n;
  return nullptr;
}

}  // namespace ikecore
