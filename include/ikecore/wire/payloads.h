// Plain structs for the IKEv2 header and every payload, each with the one
// description of its wire layout (see field_io.h). Variable data are views:
// into the datagram after parsing, into the message's arena or the caller's
// memory when building. Bit diagrams are from RFC 7296 §3 unless noted.
#pragma once

#include <cstdint>
#include <optional>
#include <variant>

#include "ikecore/base/bytes.h"
#include "ikecore/wire/field_io.h"
#include "ikecore/wire/ids.h"

namespace ikecore {

using internal::Framing;

// RFC 7296 §3.1
//  |                       IKE SA Initiator's SPI                  |
//  |                       IKE SA Responder's SPI                  |
//  |  Next Payload | MjVer | MnVer | Exchange Type |     Flags     |
//  |                          Message ID                           |
//  |                            Length                             |
struct Header {
  static constexpr size_t kSize = 28;
  static constexpr uint8_t kFlagInitiator = 0x08;
  static constexpr uint8_t kFlagVersion = 0x10;
  static constexpr uint8_t kFlagResponse = 0x20;

  uint64_t spi_i = 0;
  uint64_t spi_r = 0;
  uint8_t major_version = 2;
  uint8_t minor_version = 0;
  ExchangeType exchange{};
  uint8_t flags = 0;
  uint32_t message_id = 0;

  bool initiator() const { return flags & kFlagInitiator; }
  bool response() const { return flags & kFlagResponse; }
  friend bool operator==(const Header&, const Header&) = default;
};

// §3.3.5 Transform attributes (only Key Length is defined)
//  |A|       Attribute Type        |    AF=0  Attribute Length     |
//  |                               |    AF=1  Attribute Value      |
//  ~                 AF=0  Attribute Value                         ~
struct TransformAttribute {
  uint16_t type = 0;   // without the AF bit
  bool tv = true;      // AF=1: the value is the 16 bits in the header
  uint16_t tv_value = 0;
  ByteView tlv_value;  // AF=0

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.flag16(s.type, s.tv, 0x8000) && (s.tv ? io.u16(s.tv_value) : io.bytes_length16(s.tlv_value));
  }
  friend bool operator==(const TransformAttribute&, const TransformAttribute&) = default;
};

// §3.3.2
//  | Last Substruc |   RESERVED    |        Transform Length       |
//  |Transform Type |   RESERVED    |          Transform ID         |
//  ~                      Transform Attributes                     ~
struct Transform {
  TransformType type{};
  uint16_t id = 0;
  Seq<TransformAttribute> attributes;

  // The Key Length attribute (§3.3.5), if present.
  std::optional<uint16_t> key_length() const;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.last_substruc(3) && io.reserved(1) && io.self_length16() && io.u8(s.type) &&
           io.reserved(1) && io.u16(s.id) &&
           io.seq(s.attributes, Framing::kAttribute, "transform attribute");
  }
  friend bool operator==(const Transform&, const Transform&) = default;
};

// §3.3.1
//  | Last Substruc |   RESERVED    |         Proposal Length       |
//  | Proposal Num  |  Protocol ID  |    SPI Size   |Num  Transforms|
//  ~                        SPI (variable)                         ~
//  ~                        <Transforms>                           ~
struct Proposal {
  uint8_t number = 1;
  ProtocolId protocol{};
  ByteView spi;
  Seq<Transform> transforms;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    uint8_t spi_size = 0, num_transforms = 0;
    return io.count(spi_size, s.spi) && io.count(num_transforms, s.transforms) &&
           io.last_substruc(2) && io.reserved(1) && io.self_length16() && io.u8(s.number) &&
           io.u8(s.protocol) && io.u8(spi_size) && io.u8(num_transforms) &&
           io.bytes(spi_size, s.spi) &&
           io.seq(s.transforms, Framing::kTotalLength16At2, "SA transform", num_transforms);
  }
  friend bool operator==(const Proposal&, const Proposal&) = default;
};

// §3.3 Security Association payload: a list of proposals.
struct SaPayload {
  Seq<Proposal> proposals;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.seq(s.proposals, Framing::kTotalLength16At2, "SA proposal");
  }
  friend bool operator==(const SaPayload&, const SaPayload&) = default;
};

// §3.4
//  |   Diffie-Hellman Group Num    |           RESERVED            |
//  ~                       Key Exchange Data                       ~
struct KePayload {
  KeGroup group{};
  ByteView data;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.u16(s.group) && io.reserved(2) && io.rest(s.data);
  }
  friend bool operator==(const KePayload&, const KePayload&) = default;
};

// §3.5 IDi / IDr
//  |   ID Type     |                 RESERVED                      |
//  ~                   Identification Data                         ~
struct IdPayload {
  IdType type{};
  ByteView data;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.u8(s.type) && io.reserved(3) && io.rest(s.data);
  }
  friend bool operator==(const IdPayload&, const IdPayload&) = default;
};

// §3.6 CERT
//  | Cert Encoding |                                               |
//  ~                       Certificate Data                        ~
struct CertPayload {
  CertEncoding encoding{};
  ByteView data;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.u8(s.encoding) && io.rest(s.data);
  }
  friend bool operator==(const CertPayload&, const CertPayload&) = default;
};

// §3.7 CERTREQ: for X.509 encodings, concatenated 20-byte SHA-1 hashes of
// trusted CAs' SubjectPublicKeyInfo.
struct CertReqPayload {
  static constexpr size_t kCaHashSize = 20;
  CertEncoding encoding{};
  ByteView authorities;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.u8(s.encoding) && io.rest(s.authorities);
  }
  friend bool operator==(const CertReqPayload&, const CertReqPayload&) = default;
};

// §3.8 AUTH
//  | Auth Method   |                RESERVED                       |
//  ~                      Authentication Data                      ~
struct AuthPayload {
  AuthMethod method{};
  ByteView data;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.u8(s.method) && io.reserved(3) && io.rest(s.data);
  }
  friend bool operator==(const AuthPayload&, const AuthPayload&) = default;
};

// §3.9 Ni / Nr
struct NoncePayload {
  static constexpr size_t kMinSize = 16;   // §3.9: at least 16 octets
  static constexpr size_t kMaxSize = 256;  // ... and at most 256
  ByteView data;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.rest(s.data);
  }
  friend bool operator==(const NoncePayload&, const NoncePayload&) = default;
};

// §3.10 N
//  |  Protocol ID  |   SPI Size    |      Notify Message Type      |
//  ~                Security Parameter Index (SPI)                 ~
//  ~                       Notification Data                       ~
struct NotifyPayload {
  ProtocolId protocol{};
  ByteView spi;
  NotifyType type{};
  ByteView data;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    uint8_t spi_size = 0;
    return io.count(spi_size, s.spi) && io.u8(s.protocol) && io.u8(spi_size) && io.u16(s.type) &&
           io.bytes(spi_size, s.spi) && io.rest(s.data);
  }
  friend bool operator==(const NotifyPayload&, const NotifyPayload&) = default;
};

// §3.11 D
//  | Protocol ID   |   SPI Size    |          Num of SPIs          |
//  ~               Security Parameter Index(es) (SPI)              ~
struct DeletePayload {
  ProtocolId protocol{};
  uint8_t spi_size = 0;
  uint16_t num_spis = 0;
  ByteView spis;  // num_spis SPIs of spi_size bytes each, concatenated

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    if (!(io.u8(s.protocol) && io.u8(s.spi_size) && io.u16(s.num_spis))) return false;
    // The SPI list length is a product of two fields: checked here, in the
    // structure, so no later reader can index past it.
    size_t expected = static_cast<size_t>(s.spi_size) * s.num_spis;
    if constexpr (Io::kReading) {
      if (io.remaining() != expected)
        return io.fail(ParseErrorCode::kCountMismatch, "SPI count times SPI size differs from the payload");
    }
    return io.bytes(expected, s.spis);
  }
  ByteView spi(size_t i) const { return spis.subspan(i * spi_size, spi_size); }
  friend bool operator==(const DeletePayload&, const DeletePayload&) = default;
};

// §3.12 V
struct VendorIdPayload {
  ByteView data;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.rest(s.data);
  }
  friend bool operator==(const VendorIdPayload&, const VendorIdPayload&) = default;
};

// §3.13.1 Traffic selector
//  |   TS Type     |IP Protocol ID*|       Selector Length         |
//  |           Start Port*         |           End Port*           |
//  ~                         Starting Address*                     ~
//  ~                         Ending Address*                       ~
// Types other than the IPv4 / IPv6 ranges keep their body opaque.
struct TrafficSelector {
  TsType type{};
  uint8_t ip_protocol = 0;
  uint16_t start_port = 0;
  uint16_t end_port = 0xffff;
  ByteView start_address;  // 4 or 16 bytes
  ByteView end_address;
  ByteView other;  // body after the length field, for other TS types

  bool is_address_range() const { return type == TsType::kIpv4AddrRange || type == TsType::kIpv6AddrRange; }

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    if (!(io.u8(s.type))) return false;
    if (!s.is_address_range()) return io.u8(s.ip_protocol) && io.self_length16() && io.rest(s.other);
    if (!(io.u8(s.ip_protocol) && io.self_length16() && io.u16(s.start_port) && io.u16(s.end_port)))
      return false;
    size_t address_size = s.type == TsType::kIpv4AddrRange ? 4 : 16;
    if constexpr (Io::kReading) {
      if (io.remaining() != 2 * address_size)
        return io.fail(ParseErrorCode::kBadTrafficSelector, "selector length does not fit its TS type");
    }
    return io.bytes(address_size, s.start_address) && io.bytes(address_size, s.end_address);
  }
  friend bool operator==(const TrafficSelector&, const TrafficSelector&) = default;
};

// §3.13 TSi / TSr
//  | Number of TSs |                 RESERVED                      |
//  ~                       <Traffic Selectors>                     ~
struct TsPayload {
  Seq<TrafficSelector> selectors;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    uint8_t n = 0;
    return io.count(n, s.selectors) && io.u8(n) && io.reserved(3) &&
           io.seq(s.selectors, Framing::kTotalLength16At2, "traffic selector", n);
  }
  friend bool operator==(const TsPayload&, const TsPayload&) = default;
};

// §3.14 SK: IV, encrypted inner payloads, padding and ICV stay opaque here.
// The generic header's Next Payload names the first inner payload.
struct SkPayload {
  PayloadType inner_first{};
  ByteView body;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.rest(s.body);
  }
  friend bool operator==(const SkPayload&, const SkPayload&) = default;
};

// §3.15.1 Configuration attribute
//  |R|         Attribute Type      |            Length             |
//  ~                             Value                             ~
struct CpAttribute {
  uint16_t type = 0;  // 15 bits; the R bit is reserved
  ByteView value;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    bool r = false;
    return io.flag16(s.type, r, 0x8000) && io.bytes_length16(s.value);
  }
  friend bool operator==(const CpAttribute&, const CpAttribute&) = default;
};

// §3.15 CP
//  |   CFG Type    |                    RESERVED                   |
//  ~                   Configuration Attributes                    ~
struct CpPayload {
  CfgType type{};
  Seq<CpAttribute> attributes;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.u8(s.type) && io.reserved(3) &&
           io.seq(s.attributes, Framing::kValueLength16At2, "configuration attribute");
  }
  friend bool operator==(const CpPayload&, const CpPayload&) = default;
};

// §3.16 EAP: the payload body is one EAP packet (RFC 3748 §4), whose own
// Length must equal the body's size. See eap_packet.h for its contents.
struct EapPayload {
  ByteView packet;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    if constexpr (Io::kReading) {
      ByteView all;
      io.rest(all);
      if (all.size() < 4)
        return io.fail(ParseErrorCode::kBadEapLength, "EAP packet shorter than its 4-byte header");
      size_t eap_length = static_cast<size_t>(all[2] << 8 | all[3]);
      if (eap_length != all.size())
        return io.fail(ParseErrorCode::kBadEapLength, "EAP Length differs from the payload");
      s.packet = all;
      return true;
    } else {
      // The packet's own Length must already say its size, or the message
      // would not parse back.
      if (s.packet.size() < 4 || static_cast<size_t>(s.packet[2] << 8 | s.packet[3]) != s.packet.size())
        return io.fail("EAP Length differs from the packet");
      return io.rest(s.packet);
    }
  }
  friend bool operator==(const EapPayload&, const EapPayload&) = default;
};

// RFC 7383 §2.5 SKF
//  |        Fragment Number        |        Total Fragments        |
//  ~                 IV, encrypted content, ICV                    ~
// Next Payload is the first inner payload in fragment 1, else 0.
struct SkfPayload {
  PayloadType inner_first{};
  uint16_t fragment_number = 1;
  uint16_t total_fragments = 1;
  ByteView body;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.u16(s.fragment_number) && io.u16(s.total_fragments) && io.rest(s.body);
  }
  friend bool operator==(const SkfPayload&, const SkfPayload&) = default;
};

// Cisco's proprietary fragment payload (type 132), never encrypted itself: it
// carries a slice of an already-encrypted IKE message (anyconnect.md).
//  |          Fragment ID          | Fragment Num  |     Flags     |
//  ~                              Data                             ~
struct CiscoFragmentPayload {
  static constexpr uint8_t kFlagLast = 0x01;
  uint16_t fragment_id = 0;
  uint8_t fragment_number = 1;  // from 1
  uint8_t flags = 0;
  ByteView data;

  bool last() const { return flags & kFlagLast; }

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.u16(s.fragment_id) && io.u8(s.fragment_number) && io.u8(s.flags) && io.rest(s.data);
  }
  friend bool operator==(const CiscoFragmentPayload&, const CiscoFragmentPayload&) = default;
};

// A payload type ikecore does not implement: kept whole so it round-trips.
struct UnknownPayload {
  ByteView body;

  template <class Io, class Self>
  static bool io(Io& io, Self& s) {
    return io.rest(s.body);
  }
  friend bool operator==(const UnknownPayload&, const UnknownPayload&) = default;
};

using PayloadBody =
    std::variant<UnknownPayload, SaPayload, KePayload, IdPayload, CertPayload, CertReqPayload,
                 AuthPayload, NoncePayload, NotifyPayload, DeletePayload, VendorIdPayload, TsPayload,
                 SkPayload, CpPayload, EapPayload, SkfPayload, CiscoFragmentPayload>;

// §3.2 Generic payload header
//  | Next Payload  |C|  RESERVED   |         Payload Length        |
// `type` is carried by the previous payload's Next Payload field.
struct Payload {
  PayloadType type{};
  bool critical = false;
  PayloadBody body;

  template <class T>
  const T* get() const { return std::get_if<T>(&body); }
  template <class T>
  T* get() { return std::get_if<T>(&body); }
  friend bool operator==(const Payload&, const Payload&) = default;
};

// The body alternative that parses payload type `type` (UnknownPayload for
// types ikecore does not implement).
PayloadBody empty_body_for(PayloadType type);
// True when `type` has its own body alternative.
bool is_known_payload_type(PayloadType type);

}  // namespace ikecore
