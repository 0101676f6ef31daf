#include "ikecore/wire/eap_packet.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ikecore {

using internal::Framing;
using internal::WireReader;
using internal::WireWriter;

absl::string_view name(EapCode v) {
  switch (v) {
    case EapCode::kRequest: return "REQUEST";
    case EapCode::kResponse: return "RESPONSE";
    case EapCode::kSuccess: return "SUCCESS";
    case EapCode::kFailure: return "FAILURE";
  }
  return {};
}

absl::string_view name(EapType v) {
  switch (v) {
    case EapType::kIdentity: return "IDENTITY";
    case EapType::kNotification: return "NOTIFICATION";
    case EapType::kNak: return "NAK";
    case EapType::kMd5Challenge: return "MD5_CHALLENGE";
    case EapType::kOtp: return "OTP";
    case EapType::kGtc: return "GTC";
    case EapType::kTls: return "TLS";
    case EapType::kTtls: return "TTLS";
    case EapType::kPeap: return "PEAP";
    case EapType::kMschapv2: return "MSCHAPV2";
    case EapType::kFast: return "FAST";
    case EapType::kExpanded: return "EXPANDED";
    case EapType::kExperimental: return "EXPERIMENTAL";
  }
  return {};
}

std::string to_string(EapCode v) {
  absl::string_view n = name(v);
  if (!n.empty()) return std::string(n);
  return absl::StrFormat("UNKNOWN_EAP_CODE(%u)", static_cast<unsigned>(v));
}

std::string to_string(EapType v) {
  absl::string_view n = name(v);
  if (!n.empty()) return std::string(n);
  return absl::StrFormat("UNKNOWN_EAP_TYPE(%u)", static_cast<unsigned>(v));
}

ParseError parse_eap(ByteView packet, EapPacket& out) {
  out = EapPacket{};
  ParseError error;
  Arena unused;  // an EAP packet has no substructure arrays; allocates nothing
  WireReader r(packet, 0, unused, error, "EAP");
  if (packet.size() < EapPacket::kHeaderSize) {
    r.fail(ParseErrorCode::kBadEapLength, "EAP packet shorter than its 4-byte header");
    return error;
  }
  size_t length = static_cast<size_t>(packet[2] << 8 | packet[3]);
  if (length != packet.size()) {
    r.fail_at(2, ParseErrorCode::kBadEapLength, "EAP Length differs from the packet size");
    return error;
  }
  if (!EapPacket::io(r, out)) return error;
  r.done();
  return error;
}

namespace {

ParseError bad_eap(size_t offset, const char* detail) {
  ParseError e;
  e.code = ParseErrorCode::kBadEap;
  e.notify = NotifyType::kInvalidSyntax;
  e.offset = offset;
  e.context = "EAP";
  e.detail = detail;
  return e;
}

constexpr size_t kTypeOffset = 4;
constexpr size_t kTypeDataOffset = 5;

bool is_expanded_nak(const EapPacket& p) {
  return p.expanded() && p.vendor_id == kIetfVendorId && p.vendor_type == kExpandedNakVendorType;
}

}  // namespace

ParseError verify_eap(const EapPacket& p) {
  if (name(p.code).empty()) return bad_eap(0, "unknown EAP Code");
  if (!p.has_type()) return {};
  if (static_cast<uint8_t>(p.type) == 0) return bad_eap(kTypeOffset, "EAP Type 0 is reserved");
  const bool request = p.code == EapCode::kRequest;

  switch (p.type) {
    case EapType::kNak:
      // §5.3.1: Responses only; one or more desired Types, each 4 or above,
      // or 0 for "no alternative".
      if (request) return bad_eap(kTypeOffset, "Nak in a Request");
      if (p.data.empty()) return bad_eap(kTypeDataOffset, "Nak lists no Type");
      for (size_t i = 0; i < p.data.size(); ++i)
        if (p.data[i] != 0 && p.data[i] < static_cast<uint8_t>(EapType::kMd5Challenge))
          return bad_eap(kTypeDataOffset + i, "Nak proposes a Type that is not an authentication method");
      break;
    case EapType::kNotification:
      // §5.2: the Request carries a displayable message of at least one octet.
      if (request && p.data.empty()) return bad_eap(kTypeDataOffset, "Notification Request without a message");
      break;
    case EapType::kMd5Challenge: {
      // §5.4: Value-Size, Value, Name.
      if (p.data.empty()) return bad_eap(kTypeDataOffset, "MD5-Challenge without Value-Size");
      size_t value_size = p.data[0];
      if (value_size == 0) return bad_eap(kTypeDataOffset, "MD5-Challenge Value-Size is 0");
      if (value_size > p.data.size() - 1)
        return bad_eap(kTypeDataOffset, "MD5-Challenge Value-Size beyond the packet");
      break;
    }
    default:
      break;
  }

  if (is_expanded_nak(p)) {
    // §5.3.2: Responses only; one or more 8-byte Expanded Types
    // (Type 254, Vendor-Id, Vendor-Type).
    constexpr size_t kEntry = 8;
    constexpr size_t at = EapPacket::kExpandedHeaderSize;
    if (request) return bad_eap(kTypeOffset, "Expanded Nak in a Request");
    if (p.data.empty()) return bad_eap(at, "Expanded Nak lists no Type");
    if (p.data.size() % kEntry != 0) return bad_eap(at, "Expanded Nak entries are not 8 bytes each");
    for (size_t i = 0; i < p.data.size(); i += kEntry)
      if (p.data[i] != static_cast<uint8_t>(EapType::kExpanded))
        return bad_eap(at + i, "Expanded Nak entry without Type 254");
  }
  return {};
}

absl::Status serialize_eap(const EapPacket& packet, Bytes& out) {
  const size_t start = out.size();
  ParseError error;
  WireWriter w(out, error);
  w.begin_element(true);
  if (!EapPacket::io(w, packet) || !w.end_element()) {
    out.resize(start);
    return absl::InvalidArgumentError(absl::StrCat("EAP: ", error.detail));
  }
  return absl::OkStatus();
}

bool is_anyconnect(const EapPacket& packet) {
  return packet.expanded() && packet.vendor_id == kCiscoVendorId &&
         packet.vendor_type == kAnyConnectVendorType;
}

ParseError parse_anyconnect_tlvs(ByteView data, Arena& arena, Seq<AnyConnectTlv>& out,
                                 size_t base_offset) {
  out = {};
  ParseError error;
  WireReader r(data, base_offset, arena, error, "AnyConnect TLV list");
  if (r.seq(out, Framing::kValueLength16At2, "AnyConnect TLV")) r.done();
  return error;
}

absl::Status serialize_anyconnect_tlvs(Seq<AnyConnectTlv> tlvs, Bytes& out) {
  const size_t start = out.size();
  ParseError error;
  WireWriter w(out, error);
  if (!w.seq(tlvs, Framing::kValueLength16At2, "AnyConnect TLV")) {
    out.resize(start);
    return absl::InvalidArgumentError(absl::StrCat("AnyConnect TLV: ", error.detail));
  }
  return absl::OkStatus();
}

const AnyConnectTlv* find_anyconnect_tlv(Seq<AnyConnectTlv> tlvs, uint16_t type) {
  for (const AnyConnectTlv& t : tlvs)
    if (t.type == type) return &t;
  return nullptr;
}

}  // namespace ikecore
