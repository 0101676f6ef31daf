// Wireshark decrypts what ikecore encrypted: IKE_AUTH messages are protected
// with protect() under keys from the real key schedule, the keys are written
// in Wireshark's key-log formats (keylog.h) into a temporary Wireshark
// configuration directory, and tshark 4.0 must decrypt every message, find
// its ICV correct, report nothing malformed and dissect exactly the inner
// payloads that were serialized. A message with a corrupted ICV must be
// flagged. The same for ESP packets and esp_sa lines.
//
// tshark is read through its PDML output: the ICV verdict exists only as
// text appended to the "Integrity Checksum Data" item ("[correct]",
// "[incorrect, should be ...]", "[not validated]"; packet-isakmp.c
// decrypt_payload), plus the expert info isakmp.ikev2.integrity_checksum for
// a bad one; and PDML keeps the tree, so the payloads inside
// isakmp.enc.decrypted can be told from the outer ones.
#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "ikecore/crypto/boringssl.h"
#include "ikecore/crypto/keylog.h"
#include "ikecore/crypto/keys.h"
#include "ikecore/crypto/protect.h"
#include "ikecore/wire/message.h"
#include "seed_messages.h"
#include "tshark_util.h"

using namespace ikecore;

namespace {

BoringSslProvider& provider() {
  static BoringSslProvider p;
  return p;
}

Bytes pattern(size_t n, uint8_t seed, uint8_t step = 13) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(seed + step * i);
  return b;
}

// The fixed IKE_SA_INIT outcome every SA below is keyed from.
const Bytes& nonce_i() {
  static const Bytes b = pattern(32, 0x11);
  return b;
}
const Bytes& nonce_r() {
  static const Bytes b = pattern(32, 0x22);
  return b;
}
const Bytes& shared_secret() {  // g^ir, the size of a MODP-2048 result
  static const Bytes b = pattern(256, 0x33, 29);
  return b;
}

// ---------------------------------------------------------------------------
// PDML (tshark -T pdml): one node per <proto> / <field>, with the names of the
// elements it is nested in.

struct Node {
  std::string name, show, showname;
  bool in_decrypted = false;  // inside isakmp.enc.decrypted
  int payload_depth = 0;      // how many isakmp.typepayload items it is inside
};
using Packet = std::vector<Node>;

std::string unescape(absl::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out.push_back(s[i]);
      continue;
    }
    static const std::pair<absl::string_view, char> kEntities[] = {
        {"&quot;", '"'}, {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&apos;", '\''}, {"&#x27;", '\''}};
    bool done = false;
    for (const auto& [entity, c] : kEntities) {
      if (s.substr(i, entity.size()) == entity) {
        out.push_back(c);
        i += entity.size() - 1;
        done = true;
        break;
      }
    }
    if (!done) out.push_back('&');
  }
  return out;
}

std::string attribute(absl::string_view line, absl::string_view attr) {
  const std::string key = absl::StrCat(" ", attr, "=\"");
  const size_t at = line.find(key);
  if (at == absl::string_view::npos) return "";
  const size_t begin = at + key.size();
  const size_t end = line.find('"', begin);
  return unescape(line.substr(begin, end - begin));
}

std::vector<Packet> parse_pdml(const std::string& xml) {
  std::vector<Packet> packets;
  std::vector<std::string> open;  // names of the open <proto> / <field> elements
  for (absl::string_view raw : absl::StrSplit(xml, '\n')) {
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (absl::StartsWith(line, "<packet>")) {
      packets.emplace_back();
      open.clear();
    } else if (absl::StartsWith(line, "<proto ") || absl::StartsWith(line, "<field ")) {
      REQUIRE(!packets.empty());
      Node n;
      n.name = attribute(line, "name");
      n.show = attribute(line, "show");
      n.showname = attribute(line, "showname");
      for (const std::string& o : open) {
        n.in_decrypted |= o == "isakmp.enc.decrypted";
        n.payload_depth += o == "isakmp.typepayload";
      }
      packets.back().push_back(n);
      if (!absl::EndsWith(line, "/>")) open.push_back(n.name);
    } else if (absl::StartsWith(line, "</proto>") || absl::StartsWith(line, "</field>")) {
      REQUIRE(!open.empty());
      open.pop_back();
    }
  }
  return packets;
}

std::vector<const Node*> find_all(const Packet& p, absl::string_view name) {
  std::vector<const Node*> out;
  for (const Node& n : p)
    if (n.name == name) out.push_back(&n);
  return out;
}

std::vector<std::string> shows(const Packet& p, absl::string_view name) {
  std::vector<std::string> out;
  for (const Node& n : p)
    if (n.name == name) out.push_back(n.show);
  return out;
}

// The payloads tshark lists (isakmp.typepayload items, which for an SA also
// stand for its proposals and transforms), each as "type/length" with the
// Payload length field that is its own child.
struct Listed {
  std::string entry;
  int depth;          // 0 for the message's own payloads
  bool in_decrypted;  // listed inside the decrypted data
};
std::vector<Listed> payloads_listed(const Packet& p) {
  std::vector<Listed> out;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i].name != "isakmp.typepayload") continue;
    std::string length = "?";
    for (size_t k = i + 1; k < p.size() && p[k].name != "isakmp.typepayload"; ++k) {
      if (p[k].name == "isakmp.payloadlength" && p[k].payload_depth == p[i].payload_depth + 1) {
        length = p[k].show;
        break;
      }
    }
    out.push_back({p[i].show + "/" + length, p[i].payload_depth, p[i].in_decrypted});
  }
  return out;
}

// Expert infos at warning severity or above (PI_WARN is 0x00600000): the
// names of their expert fields (e.g. isakmp.ikev2.integrity_checksum).
std::vector<std::string> warnings(const Packet& p) {
  std::vector<std::string> out;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i].name != "_ws.expert") continue;
    std::string field;
    unsigned long severity = 0;
    for (size_t k = i + 1; k < p.size() && k <= i + 6; ++k) {
      if (p[k].name == "_ws.expert.severity") severity = std::stoul(p[k].show, nullptr, 0);
      else if (!absl::StartsWith(p[k].name, "_ws.expert")) field = field.empty() ? p[k].name : field;
    }
    if (severity >= 0x00600000UL) out.push_back(field.empty() ? p[i].showname : field);
  }
  return out;
}

// Runs tshark over `pcap` with the Wireshark configuration directory `config`.
std::vector<Packet> dissect(const std::string& config, const std::string& pcap) {
  const std::string err = config + "/tshark.stderr";
  const std::string out = tshark::run("WIRESHARK_CONFIG_DIR='" + config + "' tshark -n -r '" + pcap +
                                      "' -T pdml -o esp.enable_encryption_decode:TRUE"
                                      " -o esp.enable_authentication_check:TRUE 2>'" + err + "'");
  std::ifstream in(err);
  std::stringstream text;
  text << in.rdbuf();
  // A key-log line Wireshark cannot read is reported here ("tshark: Error
  // loading table 'IKEv2 Decryption Table': ...") and the whole table ignored.
  INFO("tshark stderr: " << text.str());
  CHECK_FALSE(absl::StrContains(text.str(), "rror"));
  CHECK_FALSE(absl::StrContains(text.str(), "nvalid"));
  return parse_pdml(out);
}

void write_file(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path);
  out << "# Wireshark key log written by ikecore's tshark_decrypt_test (keylog.h)\n";
  for (const std::string& l : lines) out << l << '\n';
  REQUIRE(out.good());
}

// ---------------------------------------------------------------------------
// IKE SAs.

struct Suite {
  EncrId encr;
  uint16_t key_bits;
  IntegId integ;  // kNone with AEAD
};

std::string describe(const Suite& s) {
  std::string out = absl::StrFormat("%s-%d", to_string(s.encr), s.key_bits);
  if (s.integ != IntegId::kNone) absl::StrAppend(&out, " + ", to_string(s.integ));
  return out;
}

// Wireshark checks the ICV itself, or (AES-XCBC-96, AES-CMAC-96, logged as
// "ANY 96-bits") decrypts without checking it.
bool wireshark_checks_icv(IntegId integ) { return integ != IntegId::kAesXcbc96 && integ != IntegId::kAesCmac96; }

// An IKE SA: the algorithms, and its keys from the real key schedule
// (RFC 7296 §2.14) for fixed nonces, g^ir and SPIs.
struct IkeSa {
  Suite suite;
  uint64_t spi_i, spi_r;
  std::unique_ptr<Cipher> cipher;
  std::unique_ptr<Integrity> integrity;
  IkeSaKeys keys;
  uint64_t counter_i = 0, counter_r = 0;

  IkeSa(const Suite& s, uint32_t index) : suite(s) {
    spi_i = 0x58aff71100000000ULL | index;
    spi_r = 0xfc69633000000000ULL | (0x1000u + index);
    auto c = provider().cipher(s.encr, s.key_bits);
    REQUIRE(c.ok());
    cipher = *std::move(c);
    if (s.integ != IntegId::kNone) {
      auto i = provider().integrity(s.integ);
      REQUIRE(i.ok());
      integrity = *std::move(i);
    }
    auto prf = provider().prf(PrfId::kHmacSha2_256);
    REQUIRE(prf.ok());
    auto seed = skeyseed(**prf, nonce_i(), nonce_r(), shared_secret());
    REQUIRE(seed.ok());
    IkeKeySizes sizes;
    sizes.prf = (*prf)->key_size();
    sizes.integ = integrity ? integrity->key_size() : 0;
    sizes.encr = cipher->key_material_size();
    auto k = derive_ike_sa_keys(**prf, seed->view(), nonce_i(), nonce_r(), spi_i, spi_r, sizes);
    REQUIRE(k.ok());
    keys = *std::move(k);
  }
  IkeSa(const IkeSa&) = delete;

  SkContext context(bool initiator) {
    SkContext c;
    c.cipher = cipher.get();
    c.integrity = integrity.get();
    c.encr_key = initiator ? keys.ei.view() : keys.er.view();
    c.integ_key = initiator ? keys.ai.view() : keys.ar.view();
    c.iv_counter = initiator ? &counter_i : &counter_r;
    c.random = &provider();
    return c;
  }

  Header header(bool initiator, uint32_t message_id) const {
    Header h;
    h.spi_i = spi_i;
    h.spi_r = spi_r;
    h.exchange = ExchangeType::kIkeAuth;
    h.flags = initiator ? Header::kFlagInitiator : Header::kFlagResponse;
    h.message_id = message_id;
    return h;
  }

  std::string keylog_line() const {
    auto line = ikev2_decryption_table_line(spi_i, spi_r, suite.encr, suite.key_bits, suite.integ, keys,
                                            UncheckedIntegrity::kAllow);
    REQUIRE(line.ok());
    return *line;
  }
};

// The CHILD SA proposal both IKE_AUTH messages carry.
Payload esp_sa_payload(seed::Builder& b, uint8_t spi_seed) {
  auto attr = [&](uint16_t bits) {
    return b.seq({TransformAttribute{static_cast<uint16_t>(TransformAttrType::kKeyLength), true, bits, {}}});
  };
  const std::vector<Transform> ts = {
      Transform{TransformType::kEncr, static_cast<uint16_t>(EncrId::kAesGcm16), attr(256)},
      Transform{TransformType::kEncr, static_cast<uint16_t>(EncrId::kAesCbc), attr(256)},
      Transform{TransformType::kInteg, static_cast<uint16_t>(IntegId::kHmacSha2_256_128), {}},
      Transform{TransformType::kEsn, static_cast<uint16_t>(EsnId::kNoEsn), {}},
  };
  const uint8_t spi[4] = {0xc0, 0x01, 0xd0, spi_seed};
  return Payload{PayloadType::kSa, false, SaPayload{b.seq({Proposal{1, ProtocolId::kEsp, b.copy(spi), b.seq(ts)}})}};
}

// IKE_AUTH request: IDi, N(INITIAL_CONTACT), IDr, AUTH, CP(REQUEST), SA, TSi, TSr, N, N.
Message auth_request(const Header& h) {
  seed::Builder b(h);
  b.add(PayloadType::kIdi, IdPayload{IdType::kRfc822Addr, b.text("alice@example.com")});
  b.add(b.notify(NotifyType::kInitialContact));
  b.add(PayloadType::kIdr, IdPayload{IdType::kFqdn, b.text("vpn.example.com")});
  b.add(PayloadType::kAuth, AuthPayload{AuthMethod::kSharedKeyMic, b.copy(pattern(32, 0xa1))});
  b.add(PayloadType::kCp,
        CpPayload{CfgType::kRequest, b.seq({CpAttribute{static_cast<uint16_t>(CfgAttr::kInternalIp4Address), {}},
                                            CpAttribute{static_cast<uint16_t>(CfgAttr::kInternalIp4Dns), {}}})});
  b.add(esp_sa_payload(b, 0x01));
  const uint8_t any_lo[4] = {0, 0, 0, 0}, any_hi[4] = {255, 255, 255, 255};
  b.add(b.ipv4_ts(PayloadType::kTsi, any_lo, any_hi));
  b.add(b.ipv4_ts(PayloadType::kTsr, any_lo, any_hi));
  b.add(b.notify(NotifyType::kEspTfcPaddingNotSupported));
  b.add(b.notify(NotifyType::kNonFirstFragmentsAlso));
  return b.finish();
}

// IKE_AUTH response: IDr, AUTH, CP(REPLY) with an address, SA, TSi, TSr, N.
Message auth_response(const Header& h) {
  seed::Builder b(h);
  b.add(PayloadType::kIdr, IdPayload{IdType::kFqdn, b.text("vpn.example.com")});
  b.add(PayloadType::kAuth, AuthPayload{AuthMethod::kSharedKeyMic, b.copy(pattern(32, 0xb2))});
  const uint8_t address[4] = {10, 2, 2, 1}, netmask[4] = {255, 255, 255, 0}, dns[4] = {10, 0, 0, 53};
  b.add(PayloadType::kCp,
        CpPayload{CfgType::kReply,
                  b.seq({CpAttribute{static_cast<uint16_t>(CfgAttr::kInternalIp4Address), b.copy(address)},
                         CpAttribute{static_cast<uint16_t>(CfgAttr::kInternalIp4Netmask), b.copy(netmask)},
                         CpAttribute{static_cast<uint16_t>(CfgAttr::kInternalIp4Dns), b.copy(dns)}})});
  b.add(esp_sa_payload(b, 0x02));
  const uint8_t any_lo[4] = {0, 0, 0, 0}, any_hi[4] = {255, 255, 255, 255};
  b.add(b.ipv4_ts(PayloadType::kTsi, address, address));
  b.add(b.ipv4_ts(PayloadType::kTsr, any_lo, any_hi));
  b.add(b.notify(NotifyType::kEspTfcPaddingNotSupported));
  return b.finish();
}

size_t payload_length(const Payload& p) {
  Bytes b;
  REQUIRE(serialize_payloads(Seq<Payload>(&p, 1), b).ok());
  return b.size();
}

// What tshark lists for a payload chain: "type/length" for every payload, and
// for each SA its proposals (2) and transforms (3) as it lists them.
std::vector<std::string> tshark_payloads(Seq<Payload> payloads) {
  std::vector<std::string> out;
  for (const Payload& p : payloads) {
    out.push_back(absl::StrFormat("%d/%d", static_cast<int>(p.type), payload_length(p)));
    if (const auto* sa = p.get<SaPayload>()) {
      for (const Proposal& pr : sa->proposals) {
        size_t length = 8 + pr.spi.size();
        std::vector<std::string> transforms;
        for (const Transform& t : pr.transforms) {
          const size_t tl = 8 + 4 * t.attributes.size();  // TV attributes only here
          length += tl;
          transforms.push_back(absl::StrFormat("3/%d", tl));
        }
        out.push_back(absl::StrFormat("2/%d", length));
        out.insert(out.end(), transforms.begin(), transforms.end());
      }
    }
  }
  return out;
}

// One frame of the capture and what tshark must say about it.
enum class Icv { kCorrect, kNotValidated, kIncorrect };
struct Frame {
  std::string name;
  Icv icv = Icv::kCorrect;
  std::vector<std::string> outer;  // "type/length" of the outer payloads
  std::vector<std::string> inner;  // ... of the payloads inside the decrypted data
  size_t encrypted = 0;            // bytes of decrypted data (payloads, padding, Pad Length)
  size_t pad_length = 0;
  FragmentPosition fragment;       // SKF
  size_t reassembled = 0;          // bytes of the reassembled message's payloads, for the last SKF
};

const Suite kIkeSuites[] = {
    // AES-CBC and AES-CTR with every HMAC Wireshark checks, 3DES likewise.
    {EncrId::kAesCbc, 128, IntegId::kHmacMd5_96},        {EncrId::kAesCbc, 128, IntegId::kHmacSha1_96},
    {EncrId::kAesCbc, 128, IntegId::kHmacSha2_256_128},  {EncrId::kAesCbc, 128, IntegId::kHmacSha2_384_192},
    {EncrId::kAesCbc, 128, IntegId::kHmacSha2_512_256},  {EncrId::kAesCbc, 192, IntegId::kHmacMd5_96},
    {EncrId::kAesCbc, 192, IntegId::kHmacSha1_96},       {EncrId::kAesCbc, 192, IntegId::kHmacSha2_256_128},
    {EncrId::kAesCbc, 192, IntegId::kHmacSha2_384_192},  {EncrId::kAesCbc, 192, IntegId::kHmacSha2_512_256},
    {EncrId::kAesCbc, 256, IntegId::kHmacMd5_96},        {EncrId::kAesCbc, 256, IntegId::kHmacSha1_96},
    {EncrId::kAesCbc, 256, IntegId::kHmacSha2_256_128},  {EncrId::kAesCbc, 256, IntegId::kHmacSha2_384_192},
    {EncrId::kAesCbc, 256, IntegId::kHmacSha2_512_256},  {EncrId::kAesCtr, 128, IntegId::kHmacMd5_96},
    {EncrId::kAesCtr, 128, IntegId::kHmacSha1_96},       {EncrId::kAesCtr, 128, IntegId::kHmacSha2_256_128},
    {EncrId::kAesCtr, 128, IntegId::kHmacSha2_384_192},  {EncrId::kAesCtr, 128, IntegId::kHmacSha2_512_256},
    {EncrId::kAesCtr, 192, IntegId::kHmacMd5_96},        {EncrId::kAesCtr, 192, IntegId::kHmacSha1_96},
    {EncrId::kAesCtr, 192, IntegId::kHmacSha2_256_128},  {EncrId::kAesCtr, 192, IntegId::kHmacSha2_384_192},
    {EncrId::kAesCtr, 192, IntegId::kHmacSha2_512_256},  {EncrId::kAesCtr, 256, IntegId::kHmacMd5_96},
    {EncrId::kAesCtr, 256, IntegId::kHmacSha1_96},       {EncrId::kAesCtr, 256, IntegId::kHmacSha2_256_128},
    {EncrId::kAesCtr, 256, IntegId::kHmacSha2_384_192},  {EncrId::kAesCtr, 256, IntegId::kHmacSha2_512_256},
    {EncrId::k3des, 192, IntegId::kHmacMd5_96},          {EncrId::k3des, 192, IntegId::kHmacSha1_96},
    {EncrId::k3des, 192, IntegId::kHmacSha2_256_128},    {EncrId::k3des, 192, IntegId::kHmacSha2_384_192},
    {EncrId::k3des, 192, IntegId::kHmacSha2_512_256},
    // AES-GCM, every ICV and key size.
    {EncrId::kAesGcm8, 128, IntegId::kNone},   {EncrId::kAesGcm8, 192, IntegId::kNone},
    {EncrId::kAesGcm8, 256, IntegId::kNone},   {EncrId::kAesGcm12, 128, IntegId::kNone},
    {EncrId::kAesGcm12, 192, IntegId::kNone},  {EncrId::kAesGcm12, 256, IntegId::kNone},
    {EncrId::kAesGcm16, 128, IntegId::kNone},  {EncrId::kAesGcm16, 192, IntegId::kNone},
    {EncrId::kAesGcm16, 256, IntegId::kNone},
    // Integrity Wireshark cannot check: decrypted, ICV "not validated".
    {EncrId::kAesCbc, 128, IntegId::kAesXcbc96},  {EncrId::kAesCtr, 256, IntegId::kAesCmac96},
    // ENCR_NULL (IANA: not for IKEv2, but Wireshark's table has it).
    {EncrId::kNull, 0, IntegId::kHmacSha2_256_128},
};

}  // namespace

TEST_CASE("tshark decrypts IKE_AUTH messages protected by ikecore with the ICV checked", "[tshark]") {
  std::vector<std::unique_ptr<IkeSa>> sas;
  std::vector<std::string> keylog;
  std::vector<Bytes> packets;
  std::vector<Frame> frames;

  // Protects `plain` (header and inner payloads) and records what tshark must show.
  auto add = [&](IkeSa& sa, const Message& plain, bool initiator, const std::string& name,
                 FragmentPosition fragment = {}, ByteView inner_part = {}, bool dissected = true) {
    Bytes inner;
    REQUIRE(serialize_payloads(plain.payloads, inner).ok());
    const ByteView protected_bytes = fragment.number ? inner_part : ByteView(inner);
    const PayloadType first = fragment.number > 1 ? PayloadType::kNone : plain.payloads[0].type;
    Bytes wire;
    REQUIRE(protect(plain.header, first, protected_bytes, sa.context(initiator), wire, fragment).ok());
    packets.push_back(tshark::udp_packet(wire, 4500, initiator ? tshark::kClientAddress : tshark::kAsaAddress,
                                         initiator ? tshark::kAsaAddress : tshark::kClientAddress));
    Frame f;
    f.name = name;
    f.icv = wireshark_checks_icv(sa.suite.integ) ? Icv::kCorrect : Icv::kNotValidated;
    f.outer.push_back(absl::StrFormat("%d/%d", static_cast<int>(fragment.number ? PayloadType::kSkf : PayloadType::kSk),
                                      wire.size() - Header::kSize));
    if (dissected) f.inner = tshark_payloads(plain.payloads);
    f.fragment = fragment;
    if (fragment.number != 0 && dissected) f.reassembled = inner.size();
    const size_t block = sa.cipher->block_size();
    f.pad_length = block <= 1 ? 0 : (block - (protected_bytes.size() + 1) % block) % block;
    f.encrypted = protected_bytes.size() + f.pad_length + 1;
    frames.push_back(f);
    return wire;
  };

  uint32_t index = 0;
  for (const Suite& s : kIkeSuites) {
    auto sa = std::make_unique<IkeSa>(s, ++index);
    keylog.push_back(sa->keylog_line());
    add(*sa, auth_request(sa->header(true, 1)), true, describe(s) + ": IKE_AUTH request");
    add(*sa, auth_response(sa->header(false, 1)), false, describe(s) + ": IKE_AUTH response");
    sas.push_back(std::move(sa));
  }

  auto find_sa = [&](EncrId encr, uint16_t key_bits, IntegId integ) -> IkeSa& {
    for (auto& sa : sas)
      if (sa->suite.encr == encr && sa->suite.key_bits == key_bits && sa->suite.integ == integ) return *sa;
    FAIL("no such suite");
    return *sas.front();
  };
  IkeSa& cbc = find_sa(EncrId::kAesCbc, 256, IntegId::kHmacSha2_256_128);
  IkeSa& gcm = find_sa(EncrId::kAesGcm16, 256, IntegId::kNone);

  // A corrupted ICV must be flagged: HMAC, and AEAD tag.
  for (IkeSa* s : {&find_sa(EncrId::kAesCbc, 128, IntegId::kHmacSha1_96), &gcm}) {
    IkeSa& sa = *s;
    Bytes wire = add(sa, auth_response(sa.header(false, 2)), false, describe(sa.suite) + ": corrupted ICV");
    frames.back().icv = Icv::kIncorrect;
    wire.back() ^= 0x80;
    packets.back() = tshark::udp_packet(wire, 4500, tshark::kAsaAddress, tshark::kClientAddress);
  }

  // RFC 7383 SKF: a response in two fragments (Fragment 1/2 carries the
  // first inner payload type, 2/2 Next Payload 0), for a CBC and a GCM SA.
  for (IkeSa* s : {&cbc, &gcm}) {
    IkeSa& sa = *s;
    const Message m = auth_response(sa.header(false, 3));
    Bytes inner;
    REQUIRE(serialize_payloads(m.payloads, inner).ok());
    const ByteView all(inner);
    const size_t half = inner.size() / 2;
    // tshark dissects the inner payloads of the reassembled message only.
    add(sa, m, false, describe(sa.suite) + ": SKF 1/2", FragmentPosition{1, 2}, all.first(half), false);
    add(sa, m, false, describe(sa.suite) + ": SKF 2/2", FragmentPosition{2, 2}, all.subspan(half), true);
  }

  const std::string dir = tshark::make_temp_dir("ikecore-tshark-decrypt");
  write_file(dir + "/" + kWiresharkIkev2TableFile, keylog);
  const std::string pcap = dir + "/ike.pcap";
  tshark::write_pcap(pcap, packets);
  const std::vector<Packet> dissected = dissect(dir, pcap);
  REQUIRE(dissected.size() == frames.size());

  for (size_t i = 0; i < frames.size(); ++i) {
    const Frame& f = frames[i];
    const Packet& p = dissected[i];
    INFO("frame " << i + 1 << ": " << f.name);
    CHECK(find_all(p, "_ws.malformed").empty());
    // The decryption.
    const auto decrypted = find_all(p, "isakmp.enc.decrypted");
    REQUIRE(decrypted.size() == 1);
    CHECK(decrypted[0]->showname == absl::StrFormat("Decrypted Data (%d bytes)", f.encrypted));
    CHECK(shows(p, "isakmp.enc.pad_length") == std::vector<std::string>{std::to_string(f.pad_length)});
    // The ICV.
    const auto icd = find_all(p, "isakmp.enc.icd");
    REQUIRE(icd.size() == 1);
    INFO(icd[0]->showname);
    const std::vector<std::string> warned = warnings(p);
    switch (f.icv) {
      case Icv::kCorrect:
        CHECK(absl::EndsWith(icd[0]->showname, "[correct]"));
        CHECK(warned.empty());
        break;
      case Icv::kNotValidated:
        CHECK(absl::EndsWith(icd[0]->showname, "[not validated]"));
        CHECK(warned.empty());
        break;
      case Icv::kIncorrect:
        CHECK(absl::StrContains(icd[0]->showname, "[incorrect, should be "));
        CHECK(warned == std::vector<std::string>{"isakmp.ikev2.integrity_checksum"});
        break;
    }
    // The payloads: SK / SKF outside, exactly the serialized ones inside:
    // in the decrypted data of an SK payload, after the reassembly of the
    // last SKF fragment (tshark reassembles the decrypted fragments, RFC 7383
    // §2.6, and dissects the whole).
    std::vector<std::string> outer, inner;
    for (const Listed& l : payloads_listed(p)) {
      (l.depth == 0 ? outer : inner).push_back(l.entry);
      if (l.depth > 0) CHECK(l.in_decrypted == (f.fragment.number == 0));
    }
    CHECK(outer == f.outer);
    CHECK(inner == f.inner);
    if (f.fragment.number != 0) {
      CHECK(shows(p, "isakmp.frag.number") == std::vector<std::string>{std::to_string(f.fragment.number)});
      CHECK(shows(p, "isakmp.frag.total") == std::vector<std::string>{std::to_string(f.fragment.total)});
      CHECK(shows(p, "isakmp.reassembled.length") ==
            (f.reassembled ? std::vector<std::string>{std::to_string(f.reassembled)} : std::vector<std::string>{}));
    }
  }
  if (std::getenv("IKECORE_KEEP_TSHARK_DIR")) {
    WARN("kept " << dir);
  } else {
    tshark::remove_tree(dir);
  }
}

namespace {

// One ESP packet (RFC 4303 §2): SPI, Sequence Number, IV, the encrypted
// payload with its padding (1, 2, 3, ... up to a 4-byte and block boundary,
// §2.4), Pad Length and Next Header, then the ICV: an HMAC over SPI through
// the ciphertext, or the AEAD tag with SPI || Sequence Number as AAD (RFC 4106
// §5). CBC IVs are random, counter-mode IVs the sequence number.
Bytes esp_payload(uint32_t spi, uint32_t seq, const Cipher& c, ByteView key, const Integrity* integrity,
                  ByteView integ_key, ByteView inner, uint8_t next_header) {
  const size_t align = std::max<size_t>(c.block_size(), 4);
  const size_t pad = (align - (inner.size() + 2) % align) % align;
  Bytes plain(inner.begin(), inner.end());
  for (size_t i = 1; i <= pad; ++i) plain.push_back(static_cast<uint8_t>(i));
  plain.push_back(static_cast<uint8_t>(pad));
  plain.push_back(next_header);
  Bytes out;
  ByteWriter w(out);
  w.put_u32(spi);
  w.put_u32(seq);
  const Bytes aad = out;
  Bytes iv(c.iv_size());
  if (c.block_size() > 1) {
    provider().random(absl::MakeSpan(iv));
  } else {
    for (size_t i = 0; i < iv.size() && i < 4; ++i) iv[iv.size() - 1 - i] = static_cast<uint8_t>(seq >> (8 * i));
  }
  w.put_bytes(iv);
  const size_t ct_at = out.size();
  out.resize(ct_at + plain.size() + c.icv_size());
  REQUIRE(c.encrypt(key, iv, c.aead() ? ByteView(aad) : ByteView(), plain, absl::MakeSpan(out).subspan(ct_at)).ok());
  if (integrity) {
    Bytes icv(integrity->icv_size());
    const ByteView covered[] = {out};
    REQUIRE(integrity->compute(integ_key, covered, absl::MakeSpan(icv)).ok());
    out.insert(out.end(), icv.begin(), icv.end());
  }
  return out;
}

struct EspCase {
  Suite suite;
  bool ipv6 = false;
  bool corrupt = false;
};

}  // namespace

TEST_CASE("tshark decrypts ESP packets with the esp_sa lines", "[tshark]") {
  // CHILD SA keys from the real key schedule (RFC 7296 §2.17), from the SK_d
  // of an IKE SA keyed like the ones above.
  IkeSa ike({EncrId::kAesGcm16, 256, IntegId::kNone}, 0x100);
  auto prf = provider().prf(PrfId::kHmacSha2_256);
  REQUIRE(prf.ok());

  const EspCase cases[] = {
      {{EncrId::kAesCbc, 128, IntegId::kHmacSha1_96}},
      {{EncrId::kAesCbc, 192, IntegId::kHmacSha2_384_192}},
      {{EncrId::kAesCbc, 256, IntegId::kHmacSha2_256_128}},
      {{EncrId::kAesCbc, 256, IntegId::kHmacSha2_512_256}},
      {{EncrId::kAesCbc, 128, IntegId::kHmacMd5_96}},
      {{EncrId::kAesCtr, 128, IntegId::kHmacSha1_96}},
      {{EncrId::kAesCtr, 256, IntegId::kHmacSha2_256_128}},
      {{EncrId::k3des, 192, IntegId::kHmacMd5_96}},
      {{EncrId::kDes, 64, IntegId::kHmacSha1_96}},
      {{EncrId::kNull, 0, IntegId::kHmacSha2_256_128}},
      {{EncrId::kAesGcm8, 128, IntegId::kNone}},
      {{EncrId::kAesGcm12, 192, IntegId::kNone}},
      {{EncrId::kAesGcm16, 256, IntegId::kNone}},
      {{EncrId::kAesCbc, 128, IntegId::kAesXcbc96}},
      {{EncrId::kAesGcm16, 128, IntegId::kNone}, true},
      {{EncrId::kAesCbc, 256, IntegId::kHmacSha2_256_128}, false, true},
      {{EncrId::kAesGcm16, 256, IntegId::kNone}, false, true},
  };
  const uint8_t client6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
  const uint8_t asa6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02};
  const uint8_t client4[4] = {192, 168, 1, 1}, asa4[4] = {10, 0, 0, 1};

  std::vector<std::string> keylog;
  std::vector<Bytes> packets;
  std::vector<size_t> pads;
  std::vector<Bytes> payloads;
  uint32_t spi = 0xc0010000;
  for (const EspCase& k : cases) {
    INFO(describe(k.suite));
    auto c = provider().cipher(k.suite.encr, k.suite.key_bits);
    REQUIRE(c.ok());
    std::unique_ptr<Integrity> integrity;
    if (k.suite.integ != IntegId::kNone) {
      auto i = provider().integrity(k.suite.integ);
      REQUIRE(i.ok());
      integrity = *std::move(i);
    }
    auto keys = derive_child_sa_keys(**prf, ike.keys.d.view(), {}, nonce_i(), nonce_r(), (*c)->key_material_size(),
                                     integrity ? integrity->key_size() : 0);
    REQUIRE(keys.ok());
    ++spi;
    auto line = esp_sa_line(k.ipv6 ? ByteView(client6) : ByteView(client4), k.ipv6 ? ByteView(asa6) : ByteView(asa4),
                            spi, k.suite.encr, k.suite.key_bits, keys->encr_i.view(), k.suite.integ,
                            keys->integ_i.view(), UncheckedIntegrity::kAllow);
    REQUIRE(line.ok());
    keylog.push_back(*line);
    // Tunnel mode: an inner IPv4/UDP datagram, 10.2.2.1 -> 10.0.0.53 port 9.
    const std::string text = absl::StrFormat("ikecore ESP test %08x", spi);
    const Bytes inner = tshark::udp_packet(as_bytes(text), 9, 0x0a020201, 0x0a000035);
    Bytes esp = esp_payload(spi, 1, **c, keys->encr_i.view(), integrity.get(), keys->integ_i.view(), inner, 4);
    if (k.corrupt) esp.back() ^= 0x01;
    packets.push_back(k.ipv6 ? tshark::ipv6_packet(50, client6, asa6, esp)
                             : tshark::ipv4_packet(50, tshark::kClientAddress, tshark::kAsaAddress, esp));
    const size_t align = std::max<size_t>((*c)->block_size(), 4);
    pads.push_back((align - (inner.size() + 2) % align) % align);
    payloads.push_back(Bytes(text.begin(), text.end()));
  }

  const std::string dir = tshark::make_temp_dir("ikecore-tshark-esp");
  write_file(dir + "/" + kWiresharkEspTableFile, keylog);
  const std::string pcap = dir + "/esp.pcap";
  tshark::write_pcap(pcap, packets);
  const std::vector<Packet> dissected = dissect(dir, pcap);
  REQUIRE(dissected.size() == packets.size());
  for (size_t i = 0; i < packets.size(); ++i) {
    const EspCase& k = cases[i];
    const Packet& p = dissected[i];
    INFO("frame " << i + 1 << ": " << describe(k.suite) << (k.ipv6 ? " IPv6" : "") << (k.corrupt ? " corrupted" : ""));
    CHECK(find_all(p, "_ws.malformed").empty());
    CHECK(shows(p, "esp.spi") == std::vector<std::string>{absl::StrFormat("0x%08x", 0xc0010001u + i)});
    // Decrypted: padding, Next Header 4 (IPv4), and the inner datagram.
    CHECK(shows(p, "esp.pad_len") == std::vector<std::string>{std::to_string(pads[i])});
    CHECK(shows(p, "esp.protocol") == std::vector<std::string>{"0x04"});
    const std::vector<std::string> dsts = shows(p, "ip.dst");
    CHECK(dsts.back() == "10.0.0.53");
    CHECK(shows(p, "udp.dstport") == std::vector<std::string>{"9"});
    std::vector<std::string> octets;
    for (uint8_t b : payloads[i]) octets.push_back(absl::StrFormat("%02x", b));
    CHECK(shows(p, "data.data") == std::vector<std::string>{absl::StrJoin(octets, ":")});
    // The ICV (packet-ipsec.c reports a bad one in esp.icv_bad and the ICV
    // item's text, with no expert info).
    const bool checked = k.suite.integ != IntegId::kAesXcbc96;
    const auto icv = find_all(p, "esp.icv");
    REQUIRE(icv.size() == 1);
    INFO(icv[0]->showname);
    CHECK(absl::EndsWith(icv[0]->showname, k.corrupt ? "]" : checked ? "[correct]" : "[unchecked]"));
    CHECK(absl::StrContains(icv[0]->showname, "[incorrect, should be ") == k.corrupt);
    CHECK(shows(p, "esp.icv_good") == std::vector<std::string>{checked && !k.corrupt ? "1" : "0"});
    CHECK(shows(p, "esp.icv_bad") == std::vector<std::string>{k.corrupt ? "1" : "0"});
    CHECK(warnings(p).empty());
  }
  if (std::getenv("IKECORE_KEEP_TSHARK_DIR")) {
    WARN("kept " << dir);
  } else {
    tshark::remove_tree(dir);
  }
}
