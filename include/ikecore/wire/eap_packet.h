// EAP packets (RFC 3748 §4) as carried in the IKEv2 EAP payload (RFC 7296
// §3.16), and the TLV list inside Cisco AnyConnect's Expanded Type
// (anyconnect.md). Like payloads.h, each structure describes its wire layout
// once (field_io.h); parsing and serializing both run that description.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "ikecore/base/bytes.h"
#include "ikecore/wire/arena.h"
#include "ikecore/wire/field_io.h"
#include "ikecore/wire/parse_error.h"

namespace ikecore {

// RFC 3748 §4; IANA "EAP Codes" (5 and 6 belong to ERP, RFC 6696, and are
// not handled here).
enum class EapCode : uint8_t {
  kRequest = 1,
  kResponse = 2,
  kSuccess = 3,
  kFailure = 4,
};

// RFC 3748 §5; IANA "Method Types" (0 is reserved).
enum class EapType : uint8_t {
  kIdentity = 1,
  kNotification = 2,
  kNak = 3,  // legacy Nak (§5.3.1), Responses only
  kMd5Challenge = 4,
  kOtp = 5,
  kGtc = 6,
  kTls = 13,       // RFC 5216
  kTtls = 21,      // RFC 5281
  kPeap = 25,      // draft-josefsson-pppext-eap-tls-eap
  kMschapv2 = 26,  // draft-kamath-pppext-eap-mschapv2
  kFast = 43,      // RFC 4851
  kExpanded = 254,      // §5.7
  kExperimental = 255,  // §5.8
};

// "REQUEST", "RESPONSE", "SUCCESS", "FAILURE"; empty for other values.
absl::string_view name(EapCode v);
// "IDENTITY", "NOTIFICATION", "NAK", "MD5_CHALLENGE", "OTP", "GTC", "TLS",
// "TTLS", "PEAP", "MSCHAPV2", "FAST", "EXPANDED", "EXPERIMENTAL"; empty for
// other values.
absl::string_view name(EapType v);
// name(v), or "UNKNOWN_EAP_CODE(n)" / "UNKNOWN_EAP_TYPE(n)".
std::string to_string(EapCode v);
std::string to_string(EapType v);

// §5.7 Expanded Type: Vendor-Id 0 is the IETF; its Vendor-Type 3 is the
// Expanded Nak (§5.3.2).
inline constexpr uint32_t kIetfVendorId = 0;
inline constexpr uint32_t kExpandedNakVendorType = 3;
// Cisco AnyConnect (anyconnect.md).
inline constexpr uint32_t kCiscoVendorId = 0x000009;
inline constexpr uint32_t kAnyConnectVendorType = 0x44425250;

// RFC 3748 §4
//  |     Code      |  Identifier   |            Length             |
//  |     Type      |  Type-Data ...                                   (Request / Response)
// §5.7, Type 254:
//  |     Type      |               Vendor-Id                       |
//  |                          Vendor-Type                          |
//  |              Vendor data...
// Success and Failure (§4.2) are the 4-byte header alone. A Code this codec
// does not know keeps everything after the header in `data` (verify_eap
// refuses it).
struct EapPacket {
  static constexpr size_t kHeaderSize = 4;
  static constexpr size_t kExpandedHeaderSize = 12;  // through Vendor-Type

  EapCode code{};
  uint8_t identifier = 0;
  EapType type{};            // Request / Response only
  uint32_t vendor_id = 0;    // Expanded only (24 bits); else 0
  uint32_t vendor_type = 0;  // Expanded only; else 0
  // Type-Data after Type, or the vendor data after Vendor-Type when Expanded.
  ByteView data;

  bool has_type() const { return code == EapCode::kRequest || code == EapCode::kResponse; }
  bool expanded() const { return has_type() && type == EapType::kExpanded; }

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    if (!(io.u8(s.code) && io.u8(s.identifier) && io.self_length16())) return false;
    if (s.code == EapCode::kSuccess || s.code == EapCode::kFailure) {
      // §4.2: Length is 4.
      if constexpr (Io::kReading) {
        if (io.remaining() != 0)
          return io.fail(ParseErrorCode::kBadEapLength, "Success / Failure Length is not 4");
        return true;
      } else {
        return s.data.empty() || io.fail("Success / Failure carries no data");
      }
    }
    if (!s.has_type()) return io.rest(s.data);
    if constexpr (Io::kReading) {
      if (io.remaining() == 0)
        return io.fail(ParseErrorCode::kBadEapLength, "Request / Response Length below 5");
    }
    if (!io.u8(s.type)) return false;
    if (s.type == EapType::kExpanded && !(io.u24(s.vendor_id) && io.u32(s.vendor_type)))
      return false;
    return io.rest(s.data);
  }
  friend bool operator==(const EapPacket&, const EapPacket&) = default;
};

// Structural parse of one EAP packet: Length equals packet.size(), Success /
// Failure are exactly 4 bytes, Request / Response have a Type, an Expanded
// Type has its vendor fields. Errors are kBadEapLength or kTruncated, with
// offsets from the packet's first byte. On success `out` views `packet`.
ParseError parse_eap(ByteView packet, EapPacket& out);

// Rules beyond structure (kBadEap): a known Code; no Type 0 (reserved); Nak
// and Expanded Nak only in Responses and listing sensible types (§5.3);
// a Notification Request with a message (§5.2); an MD5-Challenge Value that
// fits (§5.4).
ParseError verify_eap(const EapPacket& packet);

// Appends the packet to `out`, computing Length. Fails (leaving `out` as it
// was) for Success / Failure with data, a Vendor-Id over 24 bits or a packet
// over 65535 bytes. `packet.data` must not view `out`.
absl::Status serialize_eap(const EapPacket& packet, Bytes& out);

// Cisco AnyConnect: Expanded Type, Vendor-Id Cisco, Vendor-Type "DBRP".
bool is_anyconnect(const EapPacket& packet);

// One TLV of the AnyConnect vendor data (anyconnect.md):
//  |           TLV-Type            |   TLV-Length (value only)     |
//  ~                             Value                             ~
// Types other than those below are kept; consumers skip them.
struct AnyConnectTlv {
  static constexpr uint16_t kXml = 0;           // the config-auth XML document
  static constexpr uint16_t kSignature = 1;     // signature with the client certificate
  static constexpr uint16_t kPkcs7CertChain = 3;  // PKCS#7 SignedData: client cert chain

  uint16_t type = 0;
  ByteView value;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.u16(s.type) && io.bytes_length16(s.value);
  }
  friend bool operator==(const AnyConnectTlv&, const AnyConnectTlv&) = default;
};

// Parses the vendor data of an AnyConnect packet (EapPacket::data) into TLVs
// held by `arena`. Leftover bytes short of a TLV header are kTruncated, a
// TLV-Length beyond the data kBadLength. `base_offset` only shifts the
// offsets reported in errors (EapPacket::kExpandedHeaderSize to count from
// the EAP packet's first byte).
ParseError parse_anyconnect_tlvs(ByteView data, Arena& arena, Seq<AnyConnectTlv>& out,
                                 size_t base_offset = 0);

// Appends the TLVs to `out`. Fails (leaving `out` as it was) for a value
// over 65535 bytes.
absl::Status serialize_anyconnect_tlvs(Seq<AnyConnectTlv> tlvs, Bytes& out);

// The first TLV of `type`, or nullptr.
const AnyConnectTlv* find_anyconnect_tlv(Seq<AnyConnectTlv> tlvs, uint16_t type);

}  // namespace ikecore
