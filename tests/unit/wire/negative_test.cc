// Negative tests: one per class of malformed input, each asserting the exact
// ParseErrorCode and the notify (and its data where there is one) that the
// parse or verify step reports. The starting points are the seed messages
// (seed_messages.h), changed in one place each, so everything else about
// them is known to be valid.
//
// Notify expectations follow RFC 7296 where it prescribes one; "no notify"
// (NotifyType{}) means the message is dropped without an answer.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "ikecore/wire/message.h"
#include "ikecore/wire/verify.h"
#include "seed_messages.h"

using namespace ikecore;
using namespace ikecore::seed;

namespace {

constexpr NotifyType kDrop{};  // no answer

void check_error(const ParseError& e, ParseErrorCode code, NotifyType notify, uint16_t notify_data = 0) {
  INFO(to_string(e));
  CHECK(e.code == code);
  CHECK(e.notify == notify);
  CHECK(e.notify_data == notify_data);
}

void check_ok(const ParseError& e) {
  INFO(to_string(e));
  CHECK(e.ok());
}

ParseError parse(ByteView datagram) {
  Message m;
  return parse_message(datagram, m);
}

void put16(Bytes& b, size_t at, size_t v) {
  b[at] = static_cast<uint8_t>(v >> 8);
  b[at + 1] = static_cast<uint8_t>(v);
}
void put32(Bytes& b, size_t at, size_t v) {
  put16(b, at, v >> 16);
  put16(b, at + 2, v & 0xffff);
}

// The message's payloads, copied into its arena so they can be changed.
absl::Span<Payload> editable(Message& m, size_t extra = 0) {
  absl::Span<Payload> s = m.arena().make<Payload>(m.payloads.size() + extra);
  std::copy(m.payloads.begin(), m.payloads.end(), s.begin());
  m.payloads = s;
  return s;
}

template <class T>
Seq<T> one(Message& m, const T& item) {
  absl::Span<T> s = m.arena().make<T>(1);
  s[0] = item;
  return s;
}

ByteView filled(Message& m, size_t n, uint8_t fill = 0x11) {
  absl::Span<uint8_t> s = m.arena().make<uint8_t>(n);
  std::fill(s.begin(), s.end(), fill);
  return s;
}

// Serializes `m`, parses the bytes and verifies the parsed message, so the
// defect is checked as it arrives from the wire.
ParseError verify_from_wire(const Message& m) {
  Bytes b = serialize_or_throw(m);
  Message back;
  ParseError e = parse_message(b, back);
  if (!e.ok()) return e;
  return verify_message(back);
}

// Offsets in the serialized message 1 (seed_messages.h).
constexpr size_t kSaAt = 28;               // SA payload
constexpr size_t kProposalAt = kSaAt + 4;  // its only proposal
constexpr size_t kFirstTransformAt = kProposalAt + 8;
constexpr size_t kLastTransformAt = kFirstTransformAt + 3 * 12 + 14 * 8;
constexpr size_t kKeAt = kSaAt + 168;
constexpr size_t kLastVidAt = 528 - 20;

Message replace_nonce(size_t size) {
  Message m = m01_ike_sa_init_request();
  absl::Span<Payload> p = editable(m);
  p[2].body = NoncePayload{filled(m, size)};
  return m;
}

Message replace_ke(KeGroup group, size_t size) {
  Message m = m01_ike_sa_init_request();
  absl::Span<Payload> p = editable(m);
  p[1].body = KePayload{group, filled(m, size)};
  return m;
}

Message with_ike_proposal_spi(size_t spi_size) {
  Message m = m01_ike_sa_init_request();
  absl::Span<Payload> p = editable(m);
  SaPayload sa = *p[0].get<SaPayload>();
  Proposal prop = sa.proposals[0];
  prop.spi = filled(m, spi_size);
  p[0].body = SaPayload{one(m, prop)};
  return m;
}

Message with_tsi(const TrafficSelector& ts) {
  Message m = m03_plaintext();
  absl::Span<Payload> p = editable(m);
  REQUIRE(p[5].type == PayloadType::kTsi);
  TrafficSelector copy = ts;
  copy.start_address = m.arena().copy(ts.start_address);
  copy.end_address = m.arena().copy(ts.end_address);
  p[5].body = TsPayload{one(m, copy)};
  return m;
}

TrafficSelector selector(TsType type, uint16_t start_port, uint16_t end_port, const Bytes& start, const Bytes& end) {
  TrafficSelector ts;
  ts.type = type;
  ts.start_port = start_port;
  ts.end_port = end_port;
  ts.start_address = start;
  ts.end_address = end;
  return ts;
}

Header header(ExchangeType exchange, bool response = false) {
  Header h;
  h.spi_i = kSpiI;
  h.spi_r = kSpiR;
  h.exchange = exchange;
  h.flags = response ? Header::kFlagResponse : Header::kFlagInitiator;
  h.message_id = 7;
  return h;
}

Message with_cookie(size_t size) {
  Message m = m01_ike_sa_init_request();
  absl::Span<Payload> p = editable(m, 1);
  // §2.6: the COOKIE notify is the first payload of the retried request.
  std::copy_backward(p.begin(), p.end() - 1, p.end());
  p[0] = Payload{PayloadType::kNotify, false,
                 NotifyPayload{ProtocolId::kNone, {}, NotifyType::kCookie, filled(m, size, 0xc0)}};
  return m;
}

Message with_unknown_payload(bool critical) {
  Message m = m01_ike_sa_init_request();
  absl::Span<Payload> p = editable(m, 1);
  // After the nonce, before the VIDs: 100 is an unassigned payload type.
  std::copy_backward(p.begin() + 3, p.end() - 1, p.end());
  p[3] = Payload{static_cast<PayloadType>(100), critical, UnknownPayload{filled(m, 6, 0x64)}};
  return m;
}

Message with_extra_vids(size_t extra) {
  Message m = m01_ike_sa_init_request();
  absl::Span<Payload> p = editable(m, extra);
  for (size_t i = p.size() - extra; i < p.size(); ++i)
    p[i] = Payload{PayloadType::kVendorId, false, VendorIdPayload{filled(m, 4, 0x76)}};
  return m;
}

}  // namespace

TEST_CASE("negative: payload length below its 4-byte header", "[negative]") {
  const Bytes good = serialize_or_throw(m01_ike_sa_init_request());
  for (size_t len : {size_t{0}, size_t{3}}) {
    INFO("length " << len);
    Bytes b = good;
    put16(b, kSaAt + 2, len);  // the first payload
    ParseError e = parse(b);
    check_error(e, ParseErrorCode::kBadLength, NotifyType::kInvalidSyntax);
    CHECK(e.offset == kSaAt);
    b = good;
    put16(b, kKeAt + 2, len);  // a payload in the middle of the chain
    e = parse(b);
    check_error(e, ParseErrorCode::kBadLength, NotifyType::kInvalidSyntax);
    CHECK(e.offset == kKeAt);
  }
  check_ok(parse(good));
}

TEST_CASE("negative: payload length beyond the message", "[negative]") {
  Bytes b = serialize_or_throw(m01_ike_sa_init_request());
  put16(b, kLastVidAt + 2, 21);  // the last payload claims one byte more than is left
  check_error(parse(b), ParseErrorCode::kBadLength, NotifyType::kInvalidSyntax);
  b = serialize_or_throw(m01_ike_sa_init_request());
  put16(b, kSaAt + 2, 528 - 28 + 1);  // the first payload claims the whole message and more
  check_error(parse(b), ParseErrorCode::kBadLength, NotifyType::kInvalidSyntax);
}

TEST_CASE("negative: IKE header length differs from the datagram", "[negative]") {
  const Bytes good = serialize_or_throw(m01_ike_sa_init_request());
  for (size_t len : {size_t{529}, size_t{527}, size_t{0}, size_t{0xffffffff}}) {
    INFO("header length " << len);
    Bytes b = good;
    put32(b, 24, len);
    ParseError e = parse(b);
    // A message whose own framing is wrong cannot be trusted enough to answer.
    check_error(e, ParseErrorCode::kLengthMismatch, kDrop);
    CHECK(e.offset == 24);
  }
  // The datagram shorter than the header says (truncated in transit).
  Bytes shorter(good.begin(), good.end() - 1);
  check_error(parse(shorter), ParseErrorCode::kLengthMismatch, kDrop);
  // ... and longer.
  Bytes longer = good;
  longer.push_back(0);
  check_error(parse(longer), ParseErrorCode::kLengthMismatch, kDrop);
}

TEST_CASE("negative: wrong last-substructure value", "[negative]") {
  const Bytes good = serialize_or_throw(m01_ike_sa_init_request());
  REQUIRE(good[kProposalAt] == 0);
  REQUIRE(good[kFirstTransformAt] == 3);
  REQUIRE(good[kLastTransformAt] == 0);
  SECTION("the only proposal says more follow") {
    Bytes b = good;
    b[kProposalAt] = 2;
    check_error(parse(b), ParseErrorCode::kBadLastSubstructure, NotifyType::kInvalidSyntax);
  }
  SECTION("a proposal uses the transform value 3") {
    Bytes b = good;
    b[kProposalAt] = 3;
    check_error(parse(b), ParseErrorCode::kBadLastSubstructure, NotifyType::kInvalidSyntax);
  }
  SECTION("a transform before the last says it is the last") {
    Bytes b = good;
    b[kFirstTransformAt] = 0;
    check_error(parse(b), ParseErrorCode::kBadLastSubstructure, NotifyType::kInvalidSyntax);
  }
  SECTION("the last transform says more follow") {
    Bytes b = good;
    b[kLastTransformAt] = 3;
    check_error(parse(b), ParseErrorCode::kBadLastSubstructure, NotifyType::kInvalidSyntax);
  }
}

TEST_CASE("negative: transform count differs from the transforms present", "[negative]") {
  const Bytes good = serialize_or_throw(m01_ike_sa_init_request());
  REQUIRE(good[kProposalAt + 7] == 18);
  for (uint8_t n : {uint8_t{17}, uint8_t{19}, uint8_t{0}}) {
    INFO("#trans " << int{n});
    Bytes b = good;
    b[kProposalAt + 7] = n;
    check_error(parse(b), ParseErrorCode::kCountMismatch, NotifyType::kInvalidSyntax);
  }
}

TEST_CASE("negative: SPI sizes", "[negative]") {
  SECTION("IKE proposal with a 4-byte SPI in IKE_SA_INIT (must be empty, §3.3.1)") {
    check_error(verify_from_wire(with_ike_proposal_spi(4)), ParseErrorCode::kBadSpiSize,
                NotifyType::kInvalidSyntax);
    check_error(verify_from_wire(with_ike_proposal_spi(8)), ParseErrorCode::kBadSpiSize,
                NotifyType::kInvalidSyntax);
  }
  SECTION("ESP proposal with an 8-byte SPI (must be 4)") {
    Message m = m03_plaintext();
    absl::Span<Payload> p = editable(m);
    REQUIRE(p[4].type == PayloadType::kSa);
    Proposal prop = p[4].get<SaPayload>()->proposals[0];
    prop.spi = filled(m, 8);
    p[4].body = SaPayload{one(m, prop)};
    check_error(verify_inner(m.header, m.payloads), ParseErrorCode::kBadSpiSize, NotifyType::kInvalidSyntax);
  }
  SECTION("REKEY_SA without an SPI (§3.10.1: it names the Child SA)") {
    Message m;
    Proposal prop{1, ProtocolId::kEsp, filled(m, 4),
                  one(m, Transform{TransformType::kEncr, static_cast<uint16_t>(EncrId::kAesGcm16), {}})};
    auto inner = [&](ByteView spi) {
      absl::Span<Payload> p = m.arena().make<Payload>(3);
      p[0] = Payload{PayloadType::kSa, false, SaPayload{one(m, prop)}};
      p[1] = Payload{PayloadType::kNonce, false, NoncePayload{filled(m, 32)}};
      p[2] = Payload{PayloadType::kNotify, false, NotifyPayload{ProtocolId::kEsp, spi, NotifyType::kRekeySa, {}}};
      return Seq<Payload>(p);
    };
    const Header h = header(ExchangeType::kCreateChildSa);
    ParseError e = verify_inner(h, inner({}));
    check_error(e, ParseErrorCode::kBadSpiSize, NotifyType::kInvalidSyntax);
    CHECK(e.payload_index == 2);
    check_ok(verify_inner(h, inner(filled(m, 4))));
  }
  SECTION("Delete of ESP SAs with 8-byte SPIs (must be 4, §3.11)") {
    Message m;
    const Header h = header(ExchangeType::kInformational);
    auto del = [&](ProtocolId proto, uint8_t spi_size, uint16_t n) {
      return one(m, Payload{PayloadType::kDelete, false,
                            DeletePayload{proto, spi_size, n, filled(m, size_t{spi_size} * n)}});
    };
    check_error(verify_inner(h, del(ProtocolId::kEsp, 8, 1)), ParseErrorCode::kBadSpiSize,
                NotifyType::kInvalidSyntax);
    check_ok(verify_inner(h, del(ProtocolId::kEsp, 4, 2)));
    // Delete of the IKE SA carries no SPIs (§3.11: SPI size 0, no SPIs).
    check_error(verify_inner(h, del(ProtocolId::kIke, 8, 1)), ParseErrorCode::kBadDelete,
                NotifyType::kInvalidSyntax);
    check_error(verify_inner(h, del(ProtocolId::kIke, 0, 1)), ParseErrorCode::kBadDelete,
                NotifyType::kInvalidSyntax);
    check_ok(verify_inner(h, del(ProtocolId::kIke, 0, 0)));
  }
}

TEST_CASE("negative: nonce length outside 16..256 (§3.9)", "[negative]") {
  for (size_t n : {size_t{15}, size_t{257}, size_t{0}}) {
    INFO("nonce " << n);
    check_error(verify_from_wire(replace_nonce(n)), ParseErrorCode::kBadNonceLength, NotifyType::kInvalidSyntax);
  }
  for (size_t n : {size_t{16}, size_t{256}}) {
    INFO("nonce " << n);
    check_ok(verify_from_wire(replace_nonce(n)));
  }
}

TEST_CASE("negative: traffic selector start above end", "[negative]") {
  const Bytes v4_lo = {10, 0, 0, 1}, v4_hi = {10, 0, 0, 2};
  Bytes v6_lo(16, 0), v6_hi(16, 0);
  v6_lo[0] = v6_hi[0] = 0x20;
  v6_lo[1] = v6_hi[1] = 0x01;
  v6_lo[15] = 1;
  v6_hi[15] = 2;
  const Header h = m03_plaintext().header;
  auto verify_tsi = [&](const TrafficSelector& ts) {
    Message m = with_tsi(ts);
    // Through the wire first: the selector must survive the codec unchanged.
    Bytes b = serialize_or_throw(m);
    Message back;
    ParseError pe = parse_message(b, back);
    INFO(to_string(pe));
    REQUIRE(pe.ok());
    CHECK(back == m);
    return verify_inner(h, back.payloads);
  };
  const auto v4 = TsType::kIpv4AddrRange;
  const auto v6 = TsType::kIpv6AddrRange;
  check_error(verify_tsi(selector(v4, 100, 99, v4_lo, v4_hi)), ParseErrorCode::kBadTrafficSelector,
              NotifyType::kInvalidSyntax);
  check_error(verify_tsi(selector(v4, 0, 65535, v4_hi, v4_lo)), ParseErrorCode::kBadTrafficSelector,
              NotifyType::kInvalidSyntax);
  check_error(verify_tsi(selector(v6, 500, 499, v6_lo, v6_hi)), ParseErrorCode::kBadTrafficSelector,
              NotifyType::kInvalidSyntax);
  check_error(verify_tsi(selector(v6, 0, 65535, v6_hi, v6_lo)), ParseErrorCode::kBadTrafficSelector,
              NotifyType::kInvalidSyntax);
  // §3.13.1: start port 65535 with end port 0 means OPAQUE, not a bad range.
  check_ok(verify_tsi(selector(v4, 65535, 0, v4_lo, v4_hi)));
  check_ok(verify_tsi(selector(v6, 65535, 0, v6_lo, v6_hi)));
  // A single address and a single port are ranges too.
  check_ok(verify_tsi(selector(v4, 443, 443, v4_lo, v4_lo)));
  check_ok(verify_tsi(selector(v6, 443, 443, v6_hi, v6_hi)));
}

TEST_CASE("negative: unknown payload, critical vs not critical (§2.5)", "[negative]") {
  SECTION("critical: rejected with UNSUPPORTED_CRITICAL_PAYLOAD naming the type") {
    Message m = with_unknown_payload(true);
    Bytes b = serialize_or_throw(m);
    CHECK((b[kSaAt + 168 + 104 + 24 + 1] & 0x80) != 0);  // the C bit on the wire
    Message back;
    check_ok(parse_message(b, back));  // structurally fine
    ParseError e = verify_message(back);
    check_error(e, ParseErrorCode::kUnsupportedCriticalPayload, NotifyType::kUnsupportedCriticalPayload, 100);
    CHECK(e.payload_index == 3);
  }
  SECTION("not critical: skipped, kept, and round-trips") {
    Message m = with_unknown_payload(false);
    Bytes b = serialize_or_throw(m);
    Message back;
    check_ok(parse_message(b, back));
    check_ok(verify_message(back));
    REQUIRE(back.payloads.size() == 11);
    CHECK(back.payloads[3].type == static_cast<PayloadType>(100));
    REQUIRE(back.payloads[3].get<UnknownPayload>());
    CHECK(back.payloads[3].get<UnknownPayload>()->body.size() == 6);
    CHECK(back == m);
    CHECK(serialize_or_throw(back) == b);
  }
}

TEST_CASE("negative: key exchange data length wrong for the group", "[negative]") {
  check_error(verify_from_wire(replace_ke(KeGroup::kModp2048, 255)), ParseErrorCode::kBadKeLength,
              NotifyType::kInvalidSyntax);
  check_error(verify_from_wire(replace_ke(KeGroup::kModp2048, 257)), ParseErrorCode::kBadKeLength,
              NotifyType::kInvalidSyntax);
  check_error(verify_from_wire(replace_ke(KeGroup::kEcp256, 63)), ParseErrorCode::kBadKeLength,
              NotifyType::kInvalidSyntax);
  check_error(verify_from_wire(replace_ke(KeGroup::kEcp256, 65)), ParseErrorCode::kBadKeLength,
              NotifyType::kInvalidSyntax);
  // Group 1 with the MODP-1024 length (the seed's group with the wrong size).
  check_error(verify_from_wire(replace_ke(KeGroup::kModp768, 128)), ParseErrorCode::kBadKeLength,
              NotifyType::kInvalidSyntax);
  check_ok(verify_from_wire(replace_ke(KeGroup::kModp2048, 256)));
  check_ok(verify_from_wire(replace_ke(KeGroup::kEcp256, 64)));
}

TEST_CASE("negative: EAP Length differs from the EAP payload", "[negative]") {
  // Message 9 (a request): EAP 177 whose packet says 173.
  const Bytes good = serialize_or_throw(m09_plaintext());
  constexpr size_t kEapLengthAt = Header::kSize + 4 + 2;
  REQUIRE(good.size() == Header::kSize + 177);
  for (size_t len : {size_t{172}, size_t{174}, size_t{0}}) {
    INFO("EAP length " << len);
    Bytes b = good;
    put16(b, kEapLengthAt, len);
    check_error(parse(b), ParseErrorCode::kBadEapLength, NotifyType::kInvalidSyntax);
    // The same check when the chain is parsed as a decrypted SK body.
    Arena arena;
    Seq<Payload> inner;
    ParseError e = parse_payloads(ByteView(b).subspan(Header::kSize), PayloadType::kEap, arena, inner, Header::kSize);
    check_error(e, ParseErrorCode::kBadEapLength, NotifyType::kInvalidSyntax);
  }
  // A body shorter than the 4-byte EAP header, made on the wire (the
  // serializer refuses such a packet): header + EAP payload of 4 + 3 bytes.
  Bytes short_eap = {0x58, 0xaf, 0xf7, 0x11, 0x41, 0xba, 0x43, 0x6b, 0xfc, 0x69, 0x63, 0x30, 0xe6, 0xb9,
                     0x4d, 0x7f, 48,   0x20, 35,   0x08, 0,    0,    0,    4,    0,    0,    0,    35,
                     0,    0,    0,    7,    2,    3,    0};
  check_error(parse(short_eap), ParseErrorCode::kBadEapLength, NotifyType::kInvalidSyntax);
  // And the serializer will not write a packet whose Length is wrong.
  Builder b(ExchangeType::kIkeAuth, kRequestFlags, 4);
  const uint8_t three[3] = {2, 3, 0};
  b.add(PayloadType::kEap, EapPayload{b.copy(three)});
  CHECK_FALSE(serialize_message(b.finish()).ok());
}

// RFC 7383 §2.6: a fragment whose Fragment Number is zero or above Total
// Fragments "MUST be discarded" -- silently: it is checked before it can be
// authenticated, so it gets no answer.
TEST_CASE("negative: SKF fragment number 0 or above the total", "[negative]") {
  auto skf = [](uint16_t number, uint16_t total) {
    Builder b(ExchangeType::kIkeAuth, kRequestFlags, 1);
    SkfPayload f;
    f.inner_first = number == 1 ? PayloadType::kEap : PayloadType::kNone;
    f.fragment_number = number;
    f.total_fragments = total;
    f.body = b.placeholder(kIvSize + kBlockSize + kIcvSize, kFillEncrypted);
    b.add(PayloadType::kSkf, f);
    return verify_from_wire(b.finish());
  };
  check_error(skf(0, 3), ParseErrorCode::kBadFragmentNumber, kDrop);
  check_error(skf(4, 3), ParseErrorCode::kBadFragmentNumber, kDrop);
  check_error(skf(1, 0), ParseErrorCode::kBadFragmentNumber, kDrop);
  check_ok(skf(1, 3));
  check_ok(skf(3, 3));
}

// The Cisco fragment payload carries an unauthenticated slice of an encrypted
// message. No RFC covers it; the published description of the same payload
// (type 132, MS-IKEE §3.3.5.3) discards bad fragments silently, as RFC 7383
// §2.6 does for SKF.
TEST_CASE("negative: Cisco fragment number 0", "[negative]") {
  std::vector<Message> frags = cisco_fragments(encrypted(4), 1);
  REQUIRE(frags.size() == 3);
  Bytes b = serialize_or_throw(frags[0]);
  constexpr size_t kNumberAt = Header::kSize + 4 + 2;
  REQUIRE(b[kNumberAt] == 1);
  Message back;
  check_ok(parse_message(b, back));
  check_ok(verify_message(back));
  b[kNumberAt] = 0;
  check_ok(parse_message(b, back));
  check_error(verify_message(back), ParseErrorCode::kBadFragmentNumber, kDrop);
}

TEST_CASE("negative: COOKIE of 0 and 65 bytes (§2.6: 1..64)", "[negative]") {
  for (size_t n : {size_t{0}, size_t{65}}) {
    INFO("cookie " << n);
    check_error(verify_from_wire(with_cookie(n)), ParseErrorCode::kBadCookieLength, NotifyType::kInvalidSyntax);
  }
  for (size_t n : {size_t{1}, size_t{64}}) {
    INFO("cookie " << n);
    check_ok(verify_from_wire(with_cookie(n)));
  }
}

TEST_CASE("negative: more payloads than the limit", "[negative]") {
  // Message 1 has 10 payloads; the default limit is 64.
  const Bytes at_limit = serialize_or_throw(with_extra_vids(54));
  Message m;
  check_ok(parse_message(at_limit, m));
  CHECK(m.payloads.size() == 64);
  check_ok(verify_message(m));
  const Bytes over = serialize_or_throw(with_extra_vids(55));
  check_error(parse(over), ParseErrorCode::kTooManyPayloads, NotifyType::kInvalidSyntax);
  // The limit is the caller's.
  const Bytes seed = serialize_or_throw(m01_ike_sa_init_request());
  check_ok(parse_message(seed, m, ParseLimits{10}));
  check_error(parse_message(seed, m, ParseLimits{9}), ParseErrorCode::kTooManyPayloads, NotifyType::kInvalidSyntax);
}

TEST_CASE("negative: IKE major version 3 (§2.5: INVALID_MAJOR_VERSION)", "[negative]") {
  Bytes b = serialize_or_throw(m01_ike_sa_init_request());
  REQUIRE(b[17] == 0x20);
  b[17] = 0x30;
  ParseError e = parse(b);
  // The notify carries no data: the version the receiver supports goes in
  // the answer's header (§3.10.1).
  check_error(e, ParseErrorCode::kBadVersion, NotifyType::kInvalidMajorVersion);
  // A higher minor version is accepted and ignored.
  b[17] = 0x21;
  Message m;
  check_ok(parse_message(b, m));
  CHECK(m.header.minor_version == 1);
}

TEST_CASE("negative: data after the SK payload (§3.14: SK is last)", "[negative]") {
  Bytes b = serialize_or_throw(encrypted(3));
  const Bytes vid = {0x00, 0x00, 0x00, 0x08, 0x01, 0x02, 0x03, 0x04};  // a whole payload after SK
  b.insert(b.end(), vid.begin(), vid.end());
  put32(b, 24, b.size());
  ParseError e = parse(b);
  check_error(e, ParseErrorCode::kSkNotLast, NotifyType::kInvalidSyntax);
  CHECK(e.offset == 540);
  // One stray byte is no better.
  b.resize(541);
  put32(b, 24, b.size());
  check_error(parse(b), ParseErrorCode::kSkNotLast, NotifyType::kInvalidSyntax);
  // The serializer refuses to write such a message.
  Message m = encrypted(3);
  absl::Span<Payload> p = editable(m, 1);
  p[1] = Payload{PayloadType::kVendorId, false, VendorIdPayload{filled(m, 4)}};
  CHECK_FALSE(serialize_message(m).ok());
}

TEST_CASE("negative: unknown exchange type", "[negative]") {
  for (uint8_t x : {uint8_t{33}, uint8_t{99}, uint8_t{240}}) {
    INFO("exchange " << int{x});
    Message m = m01_ike_sa_init_request();
    m.header.exchange = static_cast<ExchangeType>(x);
    Bytes b = serialize_or_throw(m);
    Message back;
    check_ok(parse_message(b, back));  // the header itself is well formed
    check_error(verify_message(back), ParseErrorCode::kUnknownExchange, kDrop);
  }
}

// RFC 7296 §2.21: "If there is an error parsing or processing a response
// packet, the general rule is to not send back any error message because
// responses should not generate new requests". A malformed response is
// dropped whatever the defect.
TEST_CASE("negative: a malformed response is never answered", "[negative]") {
  const Bytes good = serialize_or_throw(m02_ike_sa_init_response());
  Bytes b = good;
  put16(b, kSaAt + 2, 3);
  check_error(parse(b), ParseErrorCode::kBadLength, kDrop);
  b = good;
  b[kProposalAt + 7] = 3;  // #trans
  check_error(parse(b), ParseErrorCode::kCountMismatch, kDrop);
  Message m = m02_ike_sa_init_response();
  absl::Span<Payload> p = editable(m);
  p[2].body = NoncePayload{filled(m, 15)};
  check_error(verify_from_wire(m), ParseErrorCode::kBadNonceLength, kDrop);
}
