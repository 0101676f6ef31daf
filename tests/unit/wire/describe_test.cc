// describe(): the text rendering of messages. Messages are built by hand;
// every length expected below is the RFC 7296 arithmetic for that structure,
// most of them the seed's (seed-flow.md).
#include "ikecore/wire/describe.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "ikecore/wire/eap_packet.h"

using namespace ikecore;

namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  size_t at = 0;
  while (at < text.size()) {
    size_t end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

// True when `text` has a line equal to `want`.
bool has_line(const std::string& text, const std::string& want) {
  for (const std::string& l : split_lines(text))
    if (l == want) return true;
  return false;
}

#define CHECK_LINE(text, want) \
  do {                         \
    INFO(text);                \
    CHECK(has_line(text, want)); \
  } while (0)

ByteView text_bytes(const char* s) { return as_bytes(s); }

Payload make(PayloadType type, PayloadBody body, bool critical = false) { return Payload{type, critical, body}; }

// The seed's IKE_SA_INIT response SA: AES-CBC-192, SHA1, SHA1-96, group 1.
struct SeedSa {
  std::vector<TransformAttribute> key_length{TransformAttribute{14, true, 192, {}}};
  std::vector<Transform> transforms{
      {TransformType::kEncr, static_cast<uint16_t>(EncrId::kAesCbc), key_length},
      {TransformType::kPrf, static_cast<uint16_t>(PrfId::kHmacSha1), {}},
      {TransformType::kInteg, static_cast<uint16_t>(IntegId::kHmacSha1_96), {}},
      {TransformType::kKe, static_cast<uint16_t>(KeGroup::kModp768), {}},
  };
  std::vector<Proposal> proposals{{1, ProtocolId::kIke, {}, transforms}};
};

}  // namespace

TEST_CASE("describe: IKE_SA_INIT request header and payload lengths", "[describe]") {
  SeedSa sa;
  Bytes ke_data(96, 0xeb), nonce(20, 0x20), nat(20, 0xaa);
  std::vector<Payload> payloads{
      make(PayloadType::kSa, SaPayload{sa.proposals}),
      make(PayloadType::kKe, KePayload{KeGroup::kModp768, ke_data}),
      make(PayloadType::kNonce, NoncePayload{nonce}),
      make(PayloadType::kVendorId, VendorIdPayload{text_bytes(kCiscoDeleteReasonVid)}),
      make(PayloadType::kNotify, NotifyPayload{ProtocolId::kNone, {}, NotifyType::kNatDetectionSourceIp, nat}),
  };
  Message m;
  m.header.spi_i = 0x58AFF71141BA436BULL;
  m.header.exchange = ExchangeType::kIkeSaInit;
  m.header.flags = Header::kFlagInitiator;
  m.payloads = payloads;
  std::string text = describe(m);

  // 255 = 28 + SA 48 + KE (8 + 96) + Ni (4 + 20) + V (4 + 19) + N (8 + 20).
  CHECK(split_lines(text).front() ==
        "IKEv2 header: SPIi 58aff71141ba436b, SPIr 0000000000000000, version 2.0, exchange IKE_SA_INIT, "
        "flags INITIATOR, message id 0, length 255");
  // SA 48 = 4 + proposal (8 + transform 12 with the key length + 3 x 8).
  CHECK_LINE(text, "  SA, length 48");
  CHECK_LINE(text, "    proposal 1: protocol IKE, SPI size 0, #transforms 4, length 44");
  CHECK_LINE(text, "      transform ENCR: ENCR_AES_CBC, key length 192, length 12");
  CHECK_LINE(text, "      transform PRF: PRF_HMAC_SHA1, length 8");
  CHECK_LINE(text, "      transform INTEG: AUTH_HMAC_SHA1_96, length 8");
  CHECK_LINE(text, "      transform KE: MODP_768, length 8");
  CHECK_LINE(text, "  KE, length 104");
  CHECK_LINE(text, "    group MODP_768, data 96 bytes:");
  CHECK_LINE(text, "      eb eb eb eb eb eb eb eb eb eb eb eb eb eb eb eb");
  CHECK_LINE(text, "  No, length 24");
  CHECK_LINE(text, "    nonce 20 bytes:");
  CHECK_LINE(text, "      20 20 20 20");
  CHECK_LINE(text, "  V, length 23");
  CHECK_LINE(text, "    CISCO-DELETE-REASON, 19 bytes: \"CISCO-DELETE-REASON\"");
  CHECK_LINE(text, "  N, length 28");
  CHECK_LINE(text, "    NAT_DETECTION_SOURCE_IP, protocol NONE, SPI size 0, data 20 bytes");
  CHECK_LINE(text, "      SHA-1 hash aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

  // The rendering of the parsed message is the same text.
  auto wire = serialize_message(m);
  REQUIRE(wire.ok());
  CHECK(wire->size() == 255);
  Message back;
  REQUIRE(parse_message(*wire, back).ok());
  CHECK(describe(back) == text);
}

TEST_CASE("describe: flags and responder SPI", "[describe]") {
  Message m;
  m.header.spi_i = 1;
  m.header.spi_r = 0xFC696330E6B94D7FULL;
  m.header.exchange = ExchangeType::kInformational;
  m.header.flags = Header::kFlagResponse | Header::kFlagVersion | 0x01;
  m.header.message_id = 7;
  CHECK(describe(m) ==
        "IKEv2 header: SPIi 0000000000000001, SPIr fc696330e6b94d7f, version 2.0, exchange INFORMATIONAL, "
        "flags VERSION RESPONSE 0x01, message id 7, length 28\n");
  m.header.flags = 0;
  CHECK(has_line(describe(m), "IKEv2 header: SPIi 0000000000000001, SPIr fc696330e6b94d7f, version 2.0, "
                              "exchange INFORMATIONAL, flags none, message id 7, length 28"));
}

TEST_CASE("describe: first IKE_AUTH request contents", "[describe]") {
  // IDi 28 = 8 + 20; CERTREQ 25 = 5 + 20 (seed message 3).
  Bytes ca(20, 0x11);
  // ESP SA: 4 + (8 + 4-byte SPI + 12 + 8 + 8) = 44, as the seed's reply SA.
  std::vector<TransformAttribute> kl{TransformAttribute{14, true, 256, {}}};
  std::vector<Transform> esp{
      {TransformType::kEncr, static_cast<uint16_t>(EncrId::kAesCbc), kl},
      {TransformType::kInteg, static_cast<uint16_t>(IntegId::kHmacSha1_96), {}},
      {TransformType::kEsn, static_cast<uint16_t>(EsnId::kNoEsn), {}},
  };
  Bytes spi{0x30, 0xb8, 0x48, 0xa4};
  std::vector<Proposal> props{{1, ProtocolId::kEsp, spi, esp}};
  Bytes any_start{0, 0, 0, 0}, any_end{255, 255, 255, 255};
  std::vector<TrafficSelector> any{{TsType::kIpv4AddrRange, 0, 0, 65535, any_start, any_end, {}}};
  std::vector<Payload> payloads{
      make(PayloadType::kIdi, IdPayload{IdType::kKeyId, text_bytes("*$AnyConnectClient$*")}),
      make(PayloadType::kCertReq, CertReqPayload{CertEncoding::kX509Signature, ca}),
      make(PayloadType::kSa, SaPayload{props}),
      make(PayloadType::kTsi, TsPayload{any}),
  };
  std::string text = describe_payloads(payloads, 0);
  CHECK_LINE(text, "IDi, length 28");
  CHECK_LINE(text, "  ID_KEY_ID, 20 bytes: \"*$AnyConnectClient$*\"");
  CHECK_LINE(text, "CERTREQ, length 25");
  CHECK_LINE(text, "  encoding X509_SIGNATURE, 1 CA hash");
  CHECK_LINE(text, "    CA hash 1111111111111111111111111111111111111111");
  CHECK_LINE(text, "SA, length 44");
  CHECK_LINE(text, "  proposal 1: protocol ESP, SPI size 4, SPI 30b848a4, #transforms 3, length 40");
  CHECK_LINE(text, "    transform ESN: NO_ESN, length 8");
  // TSi 24 = 8 + selector (8 + 2 x 4).
  CHECK_LINE(text, "TSi, length 24");
  CHECK_LINE(text, "  1 selector");
  CHECK_LINE(text, "    TS_IPV4_ADDR_RANGE, protocol 0, ports 0-65535, 0.0.0.0-255.255.255.255, length 16");
}

TEST_CASE("describe: CP request attributes", "[describe]") {
  Bytes mtu{0x05, 0x7e};
  std::vector<CpAttribute> attrs{
      {static_cast<uint16_t>(CfgAttr::kInternalIp4Address), {}},
      {static_cast<uint16_t>(CfgAttr::kApplicationVersion), text_bytes("AnyConnect Windows 3.0.1047")},
      {28682, text_bytes("winxp64template")},
      {28711, mtu},
  };
  std::vector<Payload> payloads{make(PayloadType::kCp, CpPayload{CfgType::kRequest, attrs})};
  std::string text = describe_payloads(payloads, 2);
  // 8 + 4 attribute headers x 4 + 27 + 15 + 2.
  CHECK_LINE(text, "  CP, length 68");
  CHECK_LINE(text, "    CFG_REQUEST, 4 attributes");
  CHECK_LINE(text, "      INTERNAL_IP4_ADDRESS, length 0");
  CHECK_LINE(text, "      APPLICATION_VERSION, length 27: \"AnyConnect Windows 3.0.1047\"");
  CHECK_LINE(text, "      " + to_string(CfgAttr::kCiscoDdnsHostname) + ", length 15: \"winxp64template\"");
  CHECK_LINE(text, "      CISCO_28711, length 2: 1406");
}

TEST_CASE("describe: CP reply values and long text", "[describe]") {
  Bytes addr{10, 2, 2, 1}, mask{255, 255, 255, 0}, timeout{0, 0, 0x07, 0x08};
  Bytes version{'A', 'S', 'A', ' ', '9', 0};
  std::string xml = "<?xml version=\"1.0\"?>\r\n<config-auth>\n";
  xml += std::string(3000, 'x') + "\n</config-auth>";
  Bytes xml_bytes(xml.begin(), xml.end());
  xml_bytes.push_back(0);
  Bytes v6(17, 0);
  v6[0] = 0x20, v6[1] = 0x01, v6[2] = 0x0d, v6[3] = 0xb8, v6[15] = 1, v6[16] = 64;
  std::vector<CpAttribute> attrs{
      {static_cast<uint16_t>(CfgAttr::kInternalIp4Address), addr},
      {static_cast<uint16_t>(CfgAttr::kInternalIp4Netmask), mask},
      {static_cast<uint16_t>(CfgAttr::kInternalIp6Address), v6},
      {static_cast<uint16_t>(CfgAttr::kApplicationVersion), version},
      {28705, timeout},
      {28727, xml_bytes},
  };
  std::vector<Payload> payloads{make(PayloadType::kCp, CpPayload{CfgType::kReply, attrs})};
  std::string text = describe_payloads(payloads, 0);
  CHECK_LINE(text, "  CFG_REPLY, 6 attributes");
  CHECK_LINE(text, "    INTERNAL_IP4_ADDRESS, length 4: 10.2.2.1");
  CHECK_LINE(text, "    INTERNAL_IP4_NETMASK, length 4: 255.255.255.0");
  CHECK_LINE(text, "    INTERNAL_IP6_ADDRESS, length 17: 2001:db8::1/64");
  CHECK_LINE(text, "    APPLICATION_VERSION, length 6: \"ASA 9\\0\"");
  CHECK_LINE(text, "    CISCO_28705, length 4: 1800");
  CHECK_LINE(text, "    CISCO_28727, length " + std::to_string(xml_bytes.size()) + ", text (NUL-terminated):");
  CHECK_LINE(text, "      | <?xml version=\"1.0\"?>");
  CHECK_LINE(text, "      | <config-auth>");
  // Long lines wrap after 100 characters; 2000 characters are shown (the
  // first two lines take 23 + 14 with their CR LF / LF, leaving 1963 x's),
  // the rest is counted.
  CHECK_LINE(text, "      | " + std::string(100, 'x'));
  CHECK_LINE(text, "      + " + std::string(100, 'x'));
  CHECK_LINE(text, "      + " + std::string(63, 'x'));
  CHECK_LINE(text, "      ... (" + std::to_string(xml_bytes.size() - 2000) + " more bytes)");
  CHECK(text.find("</config-auth>") == std::string::npos);
}

TEST_CASE("describe: notify, delete and vendor ID details", "[describe]") {
  Bytes group{0x00, 0x0e}, hashes{0x00, 0x02, 0x00, 0x04}, spis{0x30, 0xb8, 0x48, 0xa4, 0x77, 0xee, 0x53, 0x48};
  Bytes random_vid{0x01, 0x02, 0xff};
  Bytes child_spi{0xde, 0xad, 0xbe, 0xef};
  std::vector<Payload> payloads{
      make(PayloadType::kNotify, NotifyPayload{ProtocolId::kNone, {}, NotifyType::kInvalidKePayload, group}),
      make(PayloadType::kNotify, NotifyPayload{ProtocolId::kNone, {}, NotifyType::kSignatureHashAlgorithms, hashes}),
      make(PayloadType::kNotify, NotifyPayload{ProtocolId::kNone, {}, NotifyType::kIkev2FragmentationSupported, {}}),
      make(PayloadType::kNotify, NotifyPayload{ProtocolId::kEsp, child_spi, NotifyType::kRekeySa, {}}),
      make(PayloadType::kDelete, DeletePayload{ProtocolId::kEsp, 4, 2, spis}),
      make(PayloadType::kVendorId, VendorIdPayload{kCiscoFragmentationVid}),
      make(PayloadType::kVendorId, VendorIdPayload{random_vid}),
  };
  std::string text = describe_payloads(payloads, 0);
  CHECK_LINE(text, "N, length 10");
  CHECK_LINE(text, "  INVALID_KE_PAYLOAD, protocol NONE, SPI size 0, data 2 bytes");
  CHECK_LINE(text, "    accepted group MODP_2048");
  CHECK_LINE(text, "    hash algorithms: 2 SHA2_256, 4 SHA2_512");
  CHECK_LINE(text, "N, length 8");
  CHECK_LINE(text, "  IKEV2_FRAGMENTATION_SUPPORTED, protocol NONE, SPI size 0, data 0 bytes");
  CHECK_LINE(text, "N, length 12");
  CHECK_LINE(text, "  REKEY_SA, protocol ESP, SPI size 4, SPI deadbeef, data 0 bytes");
  // D 16 = 8 + 2 x 4.
  CHECK_LINE(text, "D, length 16");
  CHECK_LINE(text, "  protocol ESP, SPI size 4, 2 SPIs");
  CHECK_LINE(text, "    SPI 30b848a4");
  CHECK_LINE(text, "    SPI 77ee5348");
  CHECK_LINE(text, "V, length 20");
  CHECK_LINE(text, "  CISCO-FRAGMENTATION, 16 bytes:");
  CHECK_LINE(text, "    40 48 b7 d5 6e bc e8 85 25 e7 de 7f 00 d6 c2 d3");
  CHECK_LINE(text, "  unknown vendor, 3 bytes:");
  CHECK_LINE(text, "    01 02 ff");
}

TEST_CASE("describe: IDs and IPv6 selectors", "[describe]") {
  Bytes v4{192, 168, 1, 1};
  Bytes v6_low(16, 0), v6_high(16, 0xff);
  v6_low[0] = 0xfe, v6_low[1] = 0x80;
  Bytes dn{0x30, 0x1a, 0x31};
  std::vector<TrafficSelector> sel{{TsType::kIpv6AddrRange, 17, 500, 500, v6_low, v6_high, {}}};
  std::vector<Payload> payloads{
      make(PayloadType::kIdi, IdPayload{IdType::kIpv4Addr, v4}),
      make(PayloadType::kIdr, IdPayload{IdType::kDerAsn1Dn, dn}),
      make(PayloadType::kIdr, IdPayload{IdType::kFqdn, text_bytes("vpn.example.com")}),
      make(PayloadType::kTsr, TsPayload{sel}),
  };
  std::string text = describe_payloads(payloads, 0);
  CHECK_LINE(text, "  ID_IPV4_ADDR, 4 bytes: 192.168.1.1");
  CHECK_LINE(text, "  ID_DER_ASN1_DN, 3 bytes:");
  CHECK_LINE(text, "    30 1a 31");
  CHECK_LINE(text, "  ID_FQDN, 15 bytes: \"vpn.example.com\"");
  // TSr 48 = 8 + (8 + 2 x 16).
  CHECK_LINE(text, "TSr, length 48");
  CHECK_LINE(text,
             "    TS_IPV6_ADDR_RANGE, protocol 17, ports 500-500, fe80::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff, "
             "length 40");
}

TEST_CASE("describe: encrypted payloads, fragments and unknown payloads", "[describe]") {
  Bytes body(480 + 16 + 12, 0x5a), frag(100, 1), unknown{0xca, 0xfe};
  SkfPayload skf{PayloadType::kIdi, 1, 3, frag};
  std::vector<Payload> one_sk{make(PayloadType::kSk, SkPayload{PayloadType::kIdi, body})};
  // Message 3 of the seed: 540 = 28 + 4 + 16 IV + 480 + 12 ICV.
  Message m;
  m.header.spi_i = 1;
  m.header.spi_r = 2;
  m.header.exchange = ExchangeType::kIkeAuth;
  m.header.flags = Header::kFlagInitiator;
  m.header.message_id = 1;
  m.payloads = one_sk;
  std::string text = describe(m);
  CHECK_LINE(text, "  SK, length 512");
  CHECK_LINE(text, "    inner first IDi, body 508 bytes (IV, ciphertext, ICV)");
  CHECK(split_lines(text).front().find("length 540") != std::string::npos);

  std::vector<Payload> others{
      make(PayloadType::kCiscoFragment, CiscoFragmentPayload{2, 9, CiscoFragmentPayload::kFlagLast, frag}),
      make(static_cast<PayloadType>(77), UnknownPayload{unknown}, true),
      make(PayloadType::kSkf, skf),
  };
  text = describe_payloads(others, 0);
  CHECK_LINE(text, "CISCO_FRAG, length 108");
  CHECK_LINE(text, "  fragment id 2, number 9, last, data 100 bytes");
  CHECK_LINE(text, to_string(static_cast<PayloadType>(77)) + ", length 6, critical");
  CHECK_LINE(text, "  type 77, critical, body 2 bytes:");
  CHECK_LINE(text, "    ca fe");
  CHECK_LINE(text, "SKF, length 108");
  CHECK_LINE(text, "  fragment 1/3, inner first IDi, body 100 bytes (IV, ciphertext, ICV)");
}

TEST_CASE("describe: long opaque data is cut after 256 bytes", "[describe]") {
  Bytes cert(300, 0x30);
  std::vector<Payload> payloads{make(PayloadType::kCert, CertPayload{CertEncoding::kX509Signature, cert})};
  std::string text = describe_payloads(payloads, 0);
  CHECK_LINE(text, "CERT, length 305");
  CHECK_LINE(text, "  encoding X509_SIGNATURE, data 300 bytes:");
  CHECK_LINE(text, "    ... (44 more bytes)");
  CHECK(split_lines(text).size() == 2 + 16 + 1);
}

TEST_CASE("describe: AnyConnect EAP packets", "[describe]") {
  // Request id 1, Expanded Type, Vendor-Id Cisco, Vendor-Type DBRP, TLV 0 (XML).
  // Well-formed: by default XML is shown re-serialized after redaction,
  // which keeps this layout.
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<config-auth client=\"vpn\" type=\"hello\">\n"
      "<version who=\"vpn\">4.10</version>\n</config-auth>";
  Bytes tlvs{0x00, 0x00, 0x00, static_cast<uint8_t>(xml.size())};
  tlvs.insert(tlvs.end(), xml.begin(), xml.end());
  EapPacket p;
  p.code = EapCode::kRequest;
  p.identifier = 1;
  p.type = EapType::kExpanded;
  p.vendor_id = kCiscoVendorId;
  p.vendor_type = kAnyConnectVendorType;
  p.data = tlvs;
  Bytes packet;
  REQUIRE(serialize_eap(p, packet).ok());
  Bytes success{0x03, 0x03, 0x00, 0x04};
  std::vector<Payload> payloads{make(PayloadType::kEap, EapPayload{packet}),
                                make(PayloadType::kEap, EapPayload{success})};
  std::string text = describe_payloads(payloads, 0);
  // EAP Length = 12 (through Vendor-Type) + 4 (TLV header) + XML.
  size_t eap_length = 12 + 4 + xml.size();
  CHECK_LINE(text, "EAP, length " + std::to_string(4 + eap_length));
  CHECK_LINE(text, "  REQUEST, id 1, length " + std::to_string(eap_length) +
                       ", type EXPANDED, vendor-id 9, vendor-type 0x44425250 (AnyConnect)");
  CHECK_LINE(text, "    TLV 0 (XML), length " + std::to_string(xml.size()) + ", text:");
  CHECK_LINE(text, "      | <config-auth client=\"vpn\" type=\"hello\">");
  CHECK_LINE(text, "EAP, length 8");
  CHECK_LINE(text, "  SUCCESS, id 3, length 4");
}

TEST_CASE("describe: payload_length of a payload that cannot be serialized", "[describe]") {
  Payload mismatched = make(PayloadType::kSa, KePayload{});
  CHECK_FALSE(payload_length(mismatched).has_value());
  std::vector<Payload> payloads{mismatched};
  CHECK_LINE(describe_payloads(payloads, 0), "SA, length ?");
}

namespace {

// An EAP payload with one AnyConnect TLV 0 carrying `xml`.
Payload anyconnect_xml(EapCode code, const std::string& xml, Bytes& packet) {
  Bytes tlvs{0x00, 0x00, static_cast<uint8_t>(xml.size() >> 8), static_cast<uint8_t>(xml.size())};
  tlvs.insert(tlvs.end(), xml.begin(), xml.end());
  EapPacket p;
  p.code = code;
  p.identifier = 2;
  p.type = EapType::kExpanded;
  p.vendor_id = kCiscoVendorId;
  p.vendor_type = kAnyConnectVendorType;
  p.data = tlvs;
  packet.clear();
  REQUIRE(serialize_eap(p, packet).ok());
  return make(PayloadType::kEap, EapPayload{packet});
}

Payload eap_response(EapType type, ByteView data, Bytes& packet) {
  EapPacket p;
  p.code = EapCode::kResponse;
  p.identifier = 5;
  p.type = type;
  p.data = data;
  packet.clear();
  REQUIRE(serialize_eap(p, packet).ok());
  return make(PayloadType::kEap, EapPayload{packet});
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("describe: AnyConnect auth-reply credentials are redacted unless asked for", "[describe]") {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<config-auth client=\"vpn\" type=\"auth-reply\" aggregate-auth-version=\"2\">\n"
      "<version who=\"vpn\">4.10.07061</version>\n"
      "<opaque is-for=\"sg\"><tunnel-group>ASA-IKEV2</tunnel-group></opaque>\n"
      "<auth>\n<username>alice</username>\n<password>Hunter2-S3cret!</password>\n"
      "<secondary_username>alice</secondary_username>\n<pin>8642</pin>\n</auth>\n"
      "</config-auth>";
  Bytes packet;
  std::vector<Payload> payloads{anyconnect_xml(EapCode::kResponse, xml, packet)};
  Message m;
  m.header.exchange = ExchangeType::kIkeAuth;
  m.header.flags = Header::kFlagInitiator;
  m.header.message_id = 3;
  m.payloads = payloads;

  std::string text = describe(m);
  INFO(text);
  CHECK_FALSE(contains(text, "Hunter2"));
  CHECK_FALSE(contains(text, "8642"));
  CHECK_LINE(text, "      TLV 0 (XML), length " + std::to_string(xml.size()) + ", text:");
  CHECK_LINE(text, "        | <username>alice</username>");
  CHECK_LINE(text, "        | <password>[redacted 15 bytes]</password>");
  CHECK_LINE(text, "        | <secondary_username>[redacted 5 bytes]</secondary_username>");
  CHECK_LINE(text, "        | <pin>[redacted 4 bytes]</pin>");
  CHECK_LINE(text, "        | <version who=\"vpn\">4.10.07061</version>");
  CHECK_LINE(text, "        | <opaque is-for=\"sg\"><tunnel-group>ASA-IKEV2</tunnel-group></opaque>");
  CHECK(describe_payloads(payloads, 0) == describe_payloads(payloads, 0, DescribeOptions{}));
  CHECK_FALSE(contains(describe_payloads(payloads, 0), "Hunter2"));

  std::string shown = describe(m, DescribeOptions{true});
  CHECK(contains(shown, "        | <password>Hunter2-S3cret!</password>"));
  CHECK(contains(shown, "        | <pin>8642</pin>"));
  CHECK_FALSE(contains(shown, "redacted"));
  CHECK(contains(describe_payloads(payloads, 0, DescribeOptions{true}), "Hunter2-S3cret!"));
}

TEST_CASE("describe: secret XML elements outside an auth-reply, XML that does not parse", "[describe]") {
  Bytes packet;
  std::string xml =
      "<config-auth client=\"vpn\" type=\"auth-request\">\n<auth id=\"main\">\n<username>bob</username>\n"
      "<new_password>n3w</new_password>\n<verify_pin>1234</verify_pin>\n<answer>blue</answer>\n"
      "<passcode>998877</passcode>\n<password/>\n</auth>\n</config-auth>";
  std::vector<Payload> payloads{anyconnect_xml(EapCode::kRequest, xml, packet)};
  std::string text = describe_payloads(payloads, 0);
  INFO(text);
  for (const char* secret : {"n3w", "1234", "blue", "998877"}) CHECK_FALSE(contains(text, secret));
  CHECK_LINE(text, "      | <username>bob</username>");  // not an auth-reply
  CHECK_LINE(text, "      | <new_password>[redacted 3 bytes]</new_password>");
  CHECK_LINE(text, "      | <verify_pin>[redacted 4 bytes]</verify_pin>");
  CHECK_LINE(text, "      | <answer>[redacted 4 bytes]</answer>");
  CHECK_LINE(text, "      | <passcode>[redacted 6 bytes]</passcode>");
  CHECK_LINE(text, "      | <password/>");  // empty: nothing to hide

  // Cut short: it does not parse, so only its length is shown.
  std::string broken = "<config-auth type=\"auth-reply\"><auth><password>Hunter2-S3cret!</password>";
  payloads = {anyconnect_xml(EapCode::kResponse, broken, packet)};
  text = describe_payloads(payloads, 0);
  CHECK_FALSE(contains(text, "Hunter2"));
  CHECK_FALSE(contains(text, "config-auth"));
  CHECK(contains(text, "    TLV 0 (XML), length " + std::to_string(broken.size()) + ", not parsed as XML ("));
  CHECK(contains(describe_payloads(payloads, 0, DescribeOptions{true}), "Hunter2-S3cret!"));
}

TEST_CASE("describe: EAP GTC, MD5 and MS-CHAPv2 responses are redacted unless asked for", "[describe]") {
  Bytes gtc_packet, md5_packet, identity_packet;
  std::string password = "Hunter2-S3cret!";
  Bytes md5{16, 0xa1, 0xb2, 0xc3, 0xd4, 0xe5, 0xf6, 0x07, 0x18, 0x29, 0x3a, 0x4b, 0x5c, 0x6d, 0x7e, 0x8f, 0x90};
  std::vector<Payload> payloads{eap_response(EapType::kGtc, as_bytes(password), gtc_packet),
                                eap_response(EapType::kMd5Challenge, md5, md5_packet),
                                eap_response(EapType::kIdentity, as_bytes("alice"), identity_packet)};
  std::string text = describe_payloads(payloads, 0);
  INFO(text);
  CHECK_FALSE(contains(text, password));
  CHECK_FALSE(contains(text, "48 75 6e"));  // "Hun" in hex
  CHECK_FALSE(contains(text, "a1 b2 c3"));
  CHECK_LINE(text, "  RESPONSE, id 5, length 20, type GTC, data 15 bytes:");
  CHECK_LINE(text, "    [redacted 15 bytes]");
  CHECK_LINE(text, "  RESPONSE, id 5, length 22, type MD5_CHALLENGE, data 17 bytes:");
  CHECK_LINE(text, "    [redacted 17 bytes]");
  CHECK_LINE(text, "  RESPONSE, id 5, length 10, type IDENTITY, data 5 bytes: \"alice\"");

  std::string shown = describe_payloads(payloads, 0, DescribeOptions{true});
  CHECK_LINE(shown, "  RESPONSE, id 5, length 20, type GTC, data 15 bytes:");
  CHECK_LINE(shown, "    48 75 6e 74 65 72 32 2d 53 33 63 72 65 74 21");
  CHECK(contains(shown, "a1 b2 c3"));

  // MS-CHAPv2 Response (OpCode 2): Peer-Challenge and NT-Response.
  Bytes mschap(54, 0x00), mschap_packet;
  mschap[0] = 2;
  for (size_t i = 4; i < 54; ++i) mschap[i] = static_cast<uint8_t>(0xc0 + i % 16);
  payloads = {eap_response(EapType::kMschapv2, mschap, mschap_packet)};
  text = describe_payloads(payloads, 0);
  CHECK_LINE(text, "    [redacted 54 bytes]");
  CHECK_FALSE(contains(text, "c4 c5 c6"));
  CHECK(contains(describe_payloads(payloads, 0, DescribeOptions{true}), "c4 c5 c6"));
}
