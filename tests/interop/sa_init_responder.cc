// sa_init_responder: a throw-away IKEv2 responder for the strongSwan interop
// test (sa_init_keys_test.sh). Not library code.
//
// It binds UDP 500 and 4500 on one IPv4 address, answers strongSwan's
// IKE_SA_INIT with ikecore's codec and BoringSslProvider (INVALID_KE_PAYLOAD
// first when the initiator guessed another group), derives SKEYSEED and the
// seven SK_* keys with ikecore's key schedule and prints them, then waits for
// the IKE_AUTH request and decrypts it with ikecore's unprotect(). Decrypting
// strongSwan's IKE_AUTH proves both sides derived the same SK_ei / SK_ai.
//
// Output (stdout, one fact a line, flushed as written):
//   listening on 10.77.0.1 ports 500 and 4500
//   sent INVALID_KE_PAYLOAD: initiator sent ECP_256, policy wants CURVE25519
//   request NAT_DETECTION_SOURCE_IP matches: yes
//   shared secret = <hex>
//   SKEYSEED = <hex>
//   SK_d = <hex>       (also SK_ai, SK_ar, SK_ei, SK_er, SK_pi, SK_pr; the
//                       SK_a* lines are empty with an AEAD cipher)
//   IKE_AUTH received on port 4500 (non-ESP marker stripped)
//   IKE_AUTH decrypted: 312 bytes of inner payloads
//   IKE_AUTH inner payload types: IDi N(INITIAL_CONTACT) ...
//   <describe_payloads() of the inner chain>
//   RESULT: OK
//
// With --engine, ikecore's Responder engine (responder/responder.h) answers
// instead, with a policy of exactly SUITE and its key log on: this program
// only moves raw datagrams (non-ESP marker included) between the sockets and
// the engine, and prints what comes out:
//   IKE_SA_INIT request from 10.77.0.2:500 on port 500, SPIi ..., KE ECP_256
//   engine sent IKE_SA_INIT response, 36 bytes, ...: N(INVALID_KE_PAYLOAD)
//   sent INVALID_KE_PAYLOAD: initiator sent ECP_256, policy wants CURVE25519
//   event KEY_LOG SPIs <SPIi>/<SPIr>
//   keylog <the ikev2_decryption_table line>
//   SK_ei = <hex>      (also SK_er, SK_ai, SK_ar, parsed from that line)
//   event IKE_SA_HALF_OPEN SPIs <SPIi>/<SPIr>
//   engine NAT detection: local behind NAT no, remote behind NAT no
//   engine sent IKE_AUTH response, ... (AUTHENTICATION_FAILED: this host
//   gives the engine no credentials)
//   IKE_AUTH received on port 500, message id 1, 320 bytes
// and then decrypts that IKE_AUTH (with the SPIr of the engine's
// IKE_SA_HALF_OPEN event) with
// SK_ei / SK_ai of the key log line, as above, ending in "RESULT: OK".
//
// Exit status: 0 once IKE_AUTH decrypted and its inner chain parsed and
// verified; 1 on any failure; 2 on a usage error; 3 on timeout.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "ikecore/base/bytes.h"
#include "ikecore/crypto/boringssl.h"
#include "ikecore/crypto/keys.h"
#include "ikecore/crypto/protect.h"
#include "ikecore/crypto/provider.h"
#include "ikecore/responder/config.h"
#include "ikecore/responder/responder.h"
#include "ikecore/wire/describe.h"
#include "ikecore/wire/ids.h"
#include "ikecore/wire/message.h"
#include "ikecore/wire/verify.h"

namespace {

using namespace ikecore;  // NOLINT: a test program

// One IKE SA suite: the whole policy of a run.
struct Suite {
  const char* name;  // strongSwan's proposal keyword for the same suite
  EncrId encr;
  uint16_t key_bits;
  PrfId prf;
  IntegId integ;  // kNone for an AEAD cipher
  KeGroup group;
};

constexpr Suite kSuites[] = {
    {"aes256-sha256-x25519", EncrId::kAesCbc, 256, PrfId::kHmacSha2_256, IntegId::kHmacSha2_256_128,
     KeGroup::kCurve25519},
    {"aes256gcm16-prfsha384-ecp256", EncrId::kAesGcm16, 256, PrfId::kHmacSha2_384, IntegId::kNone,
     KeGroup::kEcp256},
    {"aes128-sha1-modp2048", EncrId::kAesCbc, 128, PrfId::kHmacSha1, IntegId::kHmacSha1_96, KeGroup::kModp2048},
    // What tshark cannot check: ChaCha20-Poly1305 (RFC 7634), and the AES-XCBC /
    // AES-CMAC PRFs and MACs, whose fixed 16-byte key makes SKEYSEED take 8
    // bytes of each nonce (RFC 7296 §2.14).
    {"chacha20poly1305-prfsha256-x25519", EncrId::kChacha20Poly1305, 0, PrfId::kHmacSha2_256, IntegId::kNone,
     KeGroup::kCurve25519},
    {"aes128-aesxcbc-prfaesxcbc-x25519", EncrId::kAesCbc, 128, PrfId::kAes128Xcbc, IntegId::kAesXcbc96,
     KeGroup::kCurve25519},
    {"aes128-aescmac-prfaescmac-x25519", EncrId::kAesCbc, 128, PrfId::kAes128Cmac, IntegId::kAesCmac96,
     KeGroup::kCurve25519},
};

constexpr uint16_t kIkePort = 500;
constexpr uint16_t kNatTPort = 4500;
constexpr size_t kNonceSize = 32;

void say(const std::string& line) {
  std::fputs(line.c_str(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

[[noreturn]] void fail(const std::string& why) {
  say("FAILED: " + why);
  std::exit(1);
}

template <class T>
T must(absl::StatusOr<T> v, const char* what) {
  if (!v.ok()) fail(absl::StrFormat("%s: %s", what, v.status().ToString()));
  return std::move(*v);
}

template <class T>
T must_now(Async<T> v, const char* what) {
  if (v.pending()) fail(absl::StrFormat("%s: the provider answered Pending", what));
  return must(v.take(), what);
}

// ---------------------------------------------------------------------------
// Sockets.

struct Endpoint {
  in_addr addr{};
  uint16_t port = 0;  // host order
};

std::string to_string(const Endpoint& e) {
  char text[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &e.addr, text, sizeof text);
  return absl::StrFormat("%s:%u", text, e.port);
}

int bind_udp(in_addr addr, uint16_t port) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) fail(absl::StrFormat("socket: %s", std::strerror(errno)));
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr = addr;
  sa.sin_port = htons(port);
  if (bind(fd, reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0)
    fail(absl::StrFormat("bind port %u: %s", port, std::strerror(errno)));
  return fd;
}

void send_to(int fd, const Endpoint& to, ByteView data) {
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr = to.addr;
  sa.sin_port = htons(to.port);
  ssize_t n = sendto(fd, data.data(), data.size(), 0, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
  if (n < 0 || static_cast<size_t>(n) != data.size())
    fail(absl::StrFormat("sendto %s: %s", to_string(to), std::strerror(errno)));
}

// ---------------------------------------------------------------------------
// Proposal selection.

bool transform_matches(const Transform& t, const Suite& s) {
  switch (t.type) {
    case TransformType::kEncr:
      // Ciphers without a Key Length attribute (ChaCha20-Poly1305, RFC 7634 §2) have key_bits 0.
      return t.id == static_cast<uint16_t>(s.encr) && t.key_length().value_or(0) == s.key_bits;
    case TransformType::kPrf:
      return t.id == static_cast<uint16_t>(s.prf);
    case TransformType::kInteg:
      return t.id == static_cast<uint16_t>(s.integ);
    case TransformType::kKe:
      return t.id == static_cast<uint16_t>(s.group);
    default:
      return false;
  }
}

// True when the proposal offers every transform of the suite. A transform
// type outside ENCR / PRF / INTEG / KE rejects the proposal (§3.3.6).
bool proposal_acceptable(const Proposal& p, const Suite& s) {
  if (p.protocol != ProtocolId::kIke) return false;
  bool encr = false, prf = false, ke = false;
  bool integ = s.integ == IntegId::kNone;  // AEAD: INTEG may be absent ...
  bool integ_offered = false;
  for (const Transform& t : p.transforms) {
    switch (t.type) {
      case TransformType::kEncr: encr = encr || transform_matches(t, s); break;
      case TransformType::kPrf: prf = prf || transform_matches(t, s); break;
      case TransformType::kKe: ke = ke || transform_matches(t, s); break;
      case TransformType::kInteg:
        if (!integ_offered) integ = false;  // ... but when offered, NONE must be among them
        integ_offered = true;
        integ = integ || transform_matches(t, s);
        break;
      default: return false;
    }
  }
  return encr && prf && ke && integ;
}

// ---------------------------------------------------------------------------
// RFC 7296 §2.23: NAT detection hash, SHA-1(SPIi | SPIr | IP | Port).

Bytes nat_hash(CryptoProvider& provider, uint64_t spi_i, uint64_t spi_r, const Endpoint& e) {
  Bytes input;
  ByteWriter w(input);
  w.put_u64(spi_i);
  w.put_u64(spi_r);
  w.put_bytes(ByteView(reinterpret_cast<const uint8_t*>(&e.addr), 4));  // already network order
  w.put_u16(e.port);
  const ByteView pieces[] = {input};
  return must(provider.hash(HashAlgorithm::kSha1, pieces), "SHA-1 for NAT detection");
}

// ---------------------------------------------------------------------------
// The responder's state: at most one IKE SA.

// Decrypts IKE_AUTH `request` (the datagram without non-ESP marker) with
// SK_ei / SK_ai, parses and verifies the inner chain and prints it; true,
// after "RESULT: OK", when all of that worked (fails the program otherwise).
bool decrypt_ike_auth(ByteView datagram, const Message& request, const SkContext& ctx);

struct IkeSa {
  uint64_t spi_i = 0;
  uint64_t spi_r = 0;
  Bytes request;   // the IKE_SA_INIT request answered
  Bytes response;  // and the answer, for retransmissions
  std::unique_ptr<Cipher> cipher;
  std::unique_ptr<Integrity> integrity;
  IkeSaKeys keys;
};

class Responder {
 public:
  Responder(const Suite& suite, in_addr local) : suite_(suite), local_(local) {}

  // Handles one datagram (non-ESP marker already stripped). True once
  // IKE_AUTH has been decrypted.
  bool on_datagram(int fd, ByteView datagram, const Endpoint& from, uint16_t local_port);

 private:
  void on_sa_init(int fd, ByteView datagram, const Message& request, const Endpoint& from, uint16_t local_port);
  bool on_ike_auth(ByteView datagram, const Message& request, uint16_t local_port);
  void send_notify(int fd, const Endpoint& to, const Header& request, NotifyType type, ByteView data);

  const Suite& suite_;
  in_addr local_;
  BoringSslProvider provider_;
  std::optional<IkeSa> sa_;
};

bool Responder::on_datagram(int fd, ByteView datagram, const Endpoint& from, uint16_t local_port) {
  Message m;
  ParseError e = parse_message(datagram, m);
  if (!e.ok()) fail(absl::StrFormat("parse_message of %u bytes from %s: %s", datagram.size(), to_string(from),
                                    to_string(e)));
  e = verify_message(m);
  if (!e.ok()) fail(absl::StrFormat("verify_message (%s) from %s: %s", to_string(m.header.exchange),
                                    to_string(from), to_string(e)));
  if (m.header.response()) {
    say(absl::StrFormat("ignoring a %s response from %s", to_string(m.header.exchange), to_string(from)));
    return false;
  }
  switch (m.header.exchange) {
    case ExchangeType::kIkeSaInit:
      on_sa_init(fd, datagram, m, from, local_port);
      return false;
    case ExchangeType::kIkeAuth:
      return on_ike_auth(datagram, m, local_port);
    default:
      say(absl::StrFormat("ignoring a %s request from %s", to_string(m.header.exchange), to_string(from)));
      return false;
  }
}

void Responder::send_notify(int fd, const Endpoint& to, const Header& request, NotifyType type, ByteView data) {
  Message m;
  m.header.spi_i = request.spi_i;
  m.header.spi_r = 0;
  m.header.exchange = ExchangeType::kIkeSaInit;
  m.header.flags = Header::kFlagResponse;
  m.header.message_id = 0;
  absl::Span<Payload> p = m.arena().make<Payload>(1);
  p[0] = Payload{PayloadType::kNotify, false, NotifyPayload{ProtocolId::kNone, {}, type, data}};
  m.payloads = p;
  Bytes out = must(serialize_message(m), "serialize notify");
  send_to(fd, to, out);
}

void Responder::on_sa_init(int fd, ByteView datagram, const Message& request, const Endpoint& from,
                           uint16_t local_port) {
  const Header& h = request.header;
  if (sa_ && sa_->spi_i == h.spi_i && ByteView(sa_->request) == datagram) {
    say("IKE_SA_INIT retransmitted: resending the response");
    send_to(fd, from, sa_->response);
    return;
  }
  say(absl::StrFormat("IKE_SA_INIT request from %s on port %u, SPIi %016x, %u bytes", to_string(from), local_port,
                      h.spi_i, datagram.size()));

  const Payload* sa_payload = request.find(PayloadType::kSa);
  const Payload* ke_payload = request.find(PayloadType::kKe);
  const Payload* nonce_payload = request.find(PayloadType::kNonce);
  if (!sa_payload || !ke_payload || !nonce_payload) fail("IKE_SA_INIT request without SA, KE or Ni");
  const SaPayload& sa = *sa_payload->get<SaPayload>();
  const KePayload& ke = *ke_payload->get<KePayload>();
  ByteView ni = nonce_payload->get<NoncePayload>()->data;

  const Proposal* chosen = nullptr;
  for (const Proposal& p : sa.proposals) {
    if (proposal_acceptable(p, suite_)) {
      chosen = &p;
      break;
    }
  }
  if (!chosen) {
    send_notify(fd, from, h, NotifyType::kNoProposalChosen, {});
    fail(absl::StrFormat("no proposal matches %s; sent NO_PROPOSAL_CHOSEN. Offered:\n%s", suite_.name,
                         describe_payloads(Seq<Payload>(sa_payload, 1), 2)));
  }
  say(absl::StrFormat("chose proposal %u of %u", chosen->number, sa.proposals.size()));

  if (ke.group != suite_.group) {
    const uint8_t wanted[2] = {static_cast<uint8_t>(static_cast<uint16_t>(suite_.group) >> 8),
                               static_cast<uint8_t>(static_cast<uint16_t>(suite_.group) & 0xff)};
    send_notify(fd, from, h, NotifyType::kInvalidKePayload, wanted);
    say(absl::StrFormat("sent INVALID_KE_PAYLOAD: initiator sent %s, policy wants %s", to_string(ke.group),
                        to_string(suite_.group)));
    return;
  }

  // The initiator's NAT detection data (SPIr zero in the request).
  const Endpoint local{local_, local_port};
  for (const Payload& p : request.payloads) {
    const auto* n = p.get<NotifyPayload>();
    if (!n) continue;
    if (n->type == NotifyType::kNatDetectionSourceIp || n->type == NotifyType::kNatDetectionDestinationIp) {
      const bool source = n->type == NotifyType::kNatDetectionSourceIp;
      Bytes expected = nat_hash(provider_, h.spi_i, 0, source ? from : local);
      say(absl::StrFormat("request %s matches: %s", to_string(n->type), ByteView(expected) == n->data ? "yes" : "no"));
    }
  }

  IkeSa next;
  next.spi_i = h.spi_i;
  do provider_.random(absl::MakeSpan(reinterpret_cast<uint8_t*>(&next.spi_r), sizeof next.spi_r));
  while (next.spi_r == 0);
  next.request.assign(datagram.begin(), datagram.end());

  std::unique_ptr<Prf> prf = must(provider_.prf(suite_.prf), "PRF");
  next.cipher = must(provider_.cipher(suite_.encr, suite_.key_bits), "cipher");
  if (suite_.integ != IntegId::kNone) next.integrity = must(provider_.integrity(suite_.integ), "integrity");

  std::unique_ptr<KeyExchange> kex = must_now(provider_.key_exchange(suite_.group), "key_exchange");
  SecretBytes shared = must_now(kex->derive(ke.data), "key exchange derive (g^ir)");
  Bytes nr(kNonceSize);
  provider_.random(absl::MakeSpan(nr));

  // The response: SA, KE, Nr, N(NAT_DETECTION_SOURCE_IP), N(NAT_DETECTION_DESTINATION_IP).
  Message m;
  m.header.spi_i = next.spi_i;
  m.header.spi_r = next.spi_r;
  m.header.exchange = ExchangeType::kIkeSaInit;
  m.header.flags = Header::kFlagResponse;
  m.header.message_id = 0;
  Arena& arena = m.arena();

  std::vector<Transform> transforms;
  absl::Span<TransformAttribute> key_length = arena.make<TransformAttribute>(suite_.key_bits ? 1 : 0);
  if (suite_.key_bits)
    key_length[0] = TransformAttribute{static_cast<uint16_t>(TransformAttrType::kKeyLength), true, suite_.key_bits, {}};
  transforms.push_back(Transform{TransformType::kEncr, static_cast<uint16_t>(suite_.encr), key_length});
  transforms.push_back(Transform{TransformType::kPrf, static_cast<uint16_t>(suite_.prf), {}});
  if (suite_.integ != IntegId::kNone)
    transforms.push_back(Transform{TransformType::kInteg, static_cast<uint16_t>(suite_.integ), {}});
  transforms.push_back(Transform{TransformType::kKe, static_cast<uint16_t>(suite_.group), {}});
  absl::Span<Transform> ts = arena.make<Transform>(transforms.size());
  std::copy(transforms.begin(), transforms.end(), ts.begin());
  absl::Span<Proposal> proposal = arena.make<Proposal>(1);
  proposal[0] = Proposal{chosen->number, ProtocolId::kIke, {}, ts};

  Bytes nat_source = nat_hash(provider_, next.spi_i, next.spi_r, local);
  Bytes nat_destination = nat_hash(provider_, next.spi_i, next.spi_r, from);

  absl::Span<Payload> p = arena.make<Payload>(5);
  p[0] = Payload{PayloadType::kSa, false, SaPayload{proposal}};
  p[1] = Payload{PayloadType::kKe, false, KePayload{suite_.group, kex->public_value()}};
  p[2] = Payload{PayloadType::kNonce, false, NoncePayload{nr}};
  p[3] = Payload{PayloadType::kNotify, false,
                 NotifyPayload{ProtocolId::kNone, {}, NotifyType::kNatDetectionSourceIp, nat_source}};
  p[4] = Payload{PayloadType::kNotify, false,
                 NotifyPayload{ProtocolId::kNone, {}, NotifyType::kNatDetectionDestinationIp, nat_destination}};
  m.payloads = p;
  next.response = must(serialize_message(m), "serialize IKE_SA_INIT response");

  // Our own answer must pass our own parser and verifier.
  Message check;
  ParseError e = parse_message(next.response, check);
  if (e.ok()) e = verify_message(check);
  if (!e.ok()) fail("our IKE_SA_INIT response does not parse/verify: " + to_string(e));

  // §2.14 key schedule.
  SecretBytes seed = must(skeyseed(*prf, ni, nr, shared.view()), "SKEYSEED");
  IkeKeySizes sizes;
  sizes.prf = prf->key_size();
  sizes.integ = next.integrity ? next.integrity->key_size() : 0;
  sizes.encr = next.cipher->key_material_size();
  next.keys = must(derive_ike_sa_keys(*prf, seed.view(), ni, nr, next.spi_i, next.spi_r, sizes), "SK_* keys");

  say(absl::StrFormat("SPIi = %016x", next.spi_i));
  say(absl::StrFormat("SPIr = %016x", next.spi_r));
  say("Ni = " + to_hex(ni));
  say("Nr = " + to_hex(nr));
  say("shared secret = " + to_hex(shared.view()));
  say("SKEYSEED = " + to_hex(seed.view()));
  say("SK_d = " + to_hex(next.keys.d.view()));
  say("SK_ai = " + to_hex(next.keys.ai.view()));
  say("SK_ar = " + to_hex(next.keys.ar.view()));
  say("SK_ei = " + to_hex(next.keys.ei.view()));
  say("SK_er = " + to_hex(next.keys.er.view()));
  say("SK_pi = " + to_hex(next.keys.pi.view()));
  say("SK_pr = " + to_hex(next.keys.pr.view()));

  send_to(fd, from, next.response);
  say(absl::StrFormat("sent IKE_SA_INIT response, %u bytes", next.response.size()));
  sa_ = std::move(next);
}

bool Responder::on_ike_auth(ByteView datagram, const Message& request, uint16_t local_port) {
  const Header& h = request.header;
  if (!sa_ || h.spi_i != sa_->spi_i || h.spi_r != sa_->spi_r) {
    say(absl::StrFormat("ignoring IKE_AUTH for unknown SPIs %016x/%016x", h.spi_i, h.spi_r));
    return false;
  }
  say(absl::StrFormat("IKE_AUTH received on port %u%s, message id %u, %u bytes", local_port,
                      local_port == kNatTPort ? " (non-ESP marker stripped)" : "", h.message_id, datagram.size()));
  const Payload& last = request.payloads.back();
  if (const auto* skf = last.get<SkfPayload>(); skf && skf->total_fragments != 1)
    fail("IKE_AUTH is fragmented (SKF); this test does not reassemble");

  SkContext ctx;
  ctx.cipher = sa_->cipher.get();
  ctx.integrity = sa_->integrity.get();
  ctx.encr_key = sa_->keys.ei.view();
  ctx.integ_key = sa_->keys.ai.view();
  return decrypt_ike_auth(datagram, request, ctx);
}

bool decrypt_ike_auth(ByteView datagram, const Message& request, const SkContext& ctx) {
  const Header& h = request.header;
  absl::StatusOr<Unprotected> plain = unprotect(datagram, request, ctx);
  if (!plain.ok()) fail("unprotect of IKE_AUTH with SK_ei/SK_ai: " + plain.status().ToString());
  say(absl::StrFormat("IKE_AUTH decrypted: %u bytes of inner payloads, first %s", plain->plaintext.size(),
                      to_string(plain->inner_first)));

  Message inner;  // for its arena
  Seq<Payload> chain;
  ParseError e = parse_payloads(plain->plaintext.view(), plain->inner_first, inner.arena(), chain);
  if (!e.ok()) fail("parse_payloads of the decrypted IKE_AUTH: " + to_string(e));
  std::string types;
  for (const Payload& p : chain) {
    types += " ";
    types += std::string(payload_short_name(p.type));
    if (const auto* n = p.get<NotifyPayload>()) types += "(" + to_string(n->type) + ")";
  }
  say("IKE_AUTH inner payload types:" + types);
  std::fputs(describe_payloads(chain, 2).c_str(), stdout);
  e = verify_inner(h, chain);
  if (!e.ok()) fail("verify_inner of the decrypted IKE_AUTH: " + to_string(e));
  say("RESULT: OK");
  return true;
}

// ---------------------------------------------------------------------------
// --engine: ikecore's Responder engine answers instead of the code above. This
// program only moves datagrams between the sockets and the engine, prints
// what the engine reports, and decrypts IKE_AUTH with the keys of the
// engine's key log line.

// The fixed IKE header (RFC 7296 §3.1), read here by hand so that detecting
// IKE_AUTH does not depend on the engine.
struct RawHeader {
  uint64_t spi_i = 0;
  uint64_t spi_r = 0;
  uint8_t exchange = 0;
  uint8_t flags = 0;
  uint32_t message_id = 0;
};
constexpr uint8_t kExchangeIkeSaInit = 34;
constexpr uint8_t kExchangeIkeAuth = 35;
constexpr uint8_t kFlagResponseBit = 0x20;

std::optional<RawHeader> raw_header(ByteView ike) {
  if (ike.size() < 28) return std::nullopt;
  auto big_endian = [&](size_t at, size_t n) {
    uint64_t v = 0;
    for (size_t i = 0; i < n; ++i) v = v << 8 | ike[at + i];
    return v;
  };
  RawHeader h;
  h.spi_i = big_endian(0, 8);
  h.spi_r = big_endian(8, 8);
  h.exchange = ike[18];
  h.flags = ike[19];
  h.message_id = static_cast<uint32_t>(big_endian(20, 4));
  return h;
}

// The IKE message in a datagram: after the non-ESP marker on port 4500;
// nullopt for a keepalive or ESP there.
std::optional<ByteView> ike_part(ByteView datagram, uint16_t local_port) {
  if (local_port != kNatTPort) return datagram;
  if (datagram.size() < 4 || datagram[0] || datagram[1] || datagram[2] || datagram[3]) return std::nullopt;
  return datagram.subspan(4);
}

ikecore::Endpoint engine_endpoint(const Endpoint& e) {
  ikecore::Endpoint out;
  std::memcpy(out.address.data(), &e.addr, 4);
  out.port = e.port;
  return out;
}

Endpoint socket_endpoint(const ikecore::Endpoint& e) {
  Endpoint out;
  std::memcpy(&out.addr, e.address.data(), 4);
  out.port = e.port;
  return out;
}

// A line of Wireshark's ikev2_decryption_table, as the engine's key log
// gives it: SPIi,SPIr,SK_ei,SK_er,"encr",SK_ai,SK_ar,"integ".
struct KeyLogLine {
  uint64_t spi_i = 0;
  uint64_t spi_r = 0;
  Bytes ei, er, ai, ar;
  std::string encr_name, integ_name;
};

std::optional<KeyLogLine> parse_keylog(const std::string& line) {
  std::vector<std::string> f;
  size_t start = 0;
  for (;;) {
    size_t comma = line.find(',', start);
    f.push_back(line.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (f.size() != 8) return std::nullopt;
  auto spi = [](const std::string& text, uint64_t& out) {
    if (text.size() != 16 || text.find_first_not_of("0123456789abcdef") != std::string::npos) return false;
    out = std::strtoull(text.c_str(), nullptr, 16);
    return true;
  };
  auto quoted = [](const std::string& text, std::string& out) {
    if (text.size() < 2 || text.front() != '"' || text.back() != '"') return false;
    out = text.substr(1, text.size() - 2);
    return true;
  };
  KeyLogLine k;
  if (!spi(f[0], k.spi_i) || !spi(f[1], k.spi_r) || !from_hex(f[2], k.ei) || !from_hex(f[3], k.er) ||
      !quoted(f[4], k.encr_name) || !from_hex(f[5], k.ai) || !from_hex(f[6], k.ar) || !quoted(f[7], k.integ_name))
    return std::nullopt;
  return k;
}

const char* event_name(Event::Kind k) {
  switch (k) {
    case Event::Kind::kIkeSaHalfOpen: return "IKE_SA_HALF_OPEN";
    case Event::Kind::kIkeSaEstablished: return "IKE_SA_ESTABLISHED";
    case Event::Kind::kChildSaInstalled: return "CHILD_SA_INSTALLED";
    case Event::Kind::kChildSaDeleted: return "CHILD_SA_DELETED";
    case Event::Kind::kIkeSaDeleted: return "IKE_SA_DELETED";
    case Event::Kind::kEspPacket: return "ESP_PACKET";
    case Event::Kind::kKeyLog: return "KEY_LOG";
  }
  return "?";
}

const char* yes_no(bool b) { return b ? "yes" : "no"; }

ResponderConfig engine_config(const Suite& suite) {
  ResponderConfig c;
  c.ike.encr = {EncrChoice{suite.encr, suite.key_bits}};
  c.ike.prf = {suite.prf};
  c.ike.integ.clear();
  if (suite.integ != IntegId::kNone) c.ike.integ = {suite.integ};
  c.ike.groups = {suite.group};
  c.keylog = true;
  return c;
}

class EngineHost {
 public:
  EngineHost(const Suite& suite, in_addr local, const int (&fds)[2])
      : suite_(suite), local_(local), fds_{fds[0], fds[1]}, engine_(engine_config(suite), Providers{provider_}) {}

  // One datagram as received on socket `index` (port 500 or 4500), raw. True
  // once the engine's SA got its IKE_AUTH and that was decrypted.
  bool on_datagram(int index, ByteView raw, const Endpoint& from, TimePoint now);
  void on_timer(TimePoint now) {
    engine_.handle_timeout(now);
    drain();
  }
  std::optional<TimePoint> next_timeout() const { return engine_.next_timeout(); }

 private:
  void drain();
  void on_output(const ikecore::Datagram& d);
  void on_event(const Event& e);
  bool on_ike_auth(ByteView ike, uint16_t local_port, const RawHeader& h);

  const Suite& suite_;
  in_addr local_;
  int fds_[2];
  BoringSslProvider provider_;
  ikecore::Responder engine_;
  std::optional<KeGroup> last_request_group_;
  std::optional<uint64_t> sa_spi_r_;  // from the kIkeSaHalfOpen event
  std::optional<KeyLogLine> keylog_;
};

bool EngineHost::on_datagram(int index, ByteView raw, const Endpoint& from, TimePoint now) {
  const uint16_t local_port = index == 0 ? kIkePort : kNatTPort;
  std::optional<ByteView> ike = ike_part(raw, local_port);
  std::optional<RawHeader> h = ike ? raw_header(*ike) : std::nullopt;
  if (h && h->exchange == kExchangeIkeSaInit && !(h->flags & kFlagResponseBit)) {
    Message m;
    std::string group = "?";
    if (parse_message(*ike, m).ok()) {
      if (const Payload* ke = m.find(PayloadType::kKe); ke && ke->get<KePayload>()) {
        last_request_group_ = ke->get<KePayload>()->group;
        group = to_string(*last_request_group_);
      }
    }
    say(absl::StrFormat("IKE_SA_INIT request from %s on port %u, SPIi %016x, %u bytes, KE %s", to_string(from),
                        local_port, h->spi_i, ike->size(), group));
  } else if (h) {
    say(absl::StrFormat("%s %s from %s on port %u, SPIs %016x/%016x, message id %u, %u bytes",
                        to_string(static_cast<ExchangeType>(h->exchange)),
                        h->flags & kFlagResponseBit ? "response" : "request", to_string(from), local_port, h->spi_i,
                        h->spi_r, h->message_id, raw.size()));
  } else {
    say(absl::StrFormat("%u bytes from %s on port %u (not an IKE message)", raw.size(), to_string(from), local_port));
  }

  uint64_t before[static_cast<size_t>(DropReason::kCount)];
  for (size_t r = 0; r < std::size(before); ++r) before[r] = engine_.dropped(static_cast<DropReason>(r));
  ikecore::Datagram in{engine_endpoint(Endpoint{local_, local_port}), engine_endpoint(from), Bytes(raw.begin(), raw.end())};
  engine_.feed(in, now);
  for (size_t r = 0; r < std::size(before); ++r) {
    const uint64_t after = engine_.dropped(static_cast<DropReason>(r));
    if (after != before[r]) say("engine dropped it: " + to_string(static_cast<DropReason>(r)));
  }
  drain();

  if (h && h->exchange == kExchangeIkeAuth && !(h->flags & kFlagResponseBit)) {
    if (!sa_spi_r_ || h->spi_r != *sa_spi_r_) {
      say(absl::StrFormat("IKE_AUTH not for the engine's SA (SPIr %016x, engine's %s)", h->spi_r,
                          sa_spi_r_ ? absl::StrFormat("%016x", *sa_spi_r_) : "none"));
      return false;
    }
    return on_ike_auth(*ike, local_port, *h);
  }
  return false;
}

void EngineHost::drain() {
  while (std::optional<ikecore::Datagram> d = engine_.poll_output()) on_output(*d);
  while (std::optional<Event> e = engine_.poll_event()) on_event(*e);
}

void EngineHost::on_output(const ikecore::Datagram& d) {
  const Endpoint local = socket_endpoint(d.local), to = socket_endpoint(d.remote);
  if (d.local.ipv6 || d.remote.ipv6 || local.addr.s_addr != local_.s_addr ||
      (local.port != kIkePort && local.port != kNatTPort))
    fail(absl::StrFormat("the engine sends from %s to %s: not one of our sockets", to_string(d.local),
                         to_string(d.remote)));
  send_to(fds_[local.port == kIkePort ? 0 : 1], to, d.data);

  std::optional<ByteView> ike = ike_part(d.data, local.port);
  if (!ike) fail(absl::StrFormat("the engine sent %u bytes on port 4500 without the non-ESP marker", d.data.size()));
  Message m;
  ParseError e = parse_message(*ike, m);
  if (!e.ok()) fail("the engine's output does not parse: " + to_string(e));
  std::string what;
  for (const Payload& p : m.payloads) {
    what += " " + std::string(payload_short_name(p.type));
    if (const auto* n = p.get<NotifyPayload>()) what += "(" + to_string(n->type) + ")";
  }
  say(absl::StrFormat("engine sent %s %s, %u bytes, from port %u to %s, SPIs %016x/%016x:%s",
                      to_string(m.header.exchange), m.header.response() ? "response" : "request", d.data.size(),
                      local.port, to_string(to), m.header.spi_i, m.header.spi_r, what));
  if (m.payloads.size() == 1) {
    if (const auto* n = m.payloads[0].get<NotifyPayload>(); n && n->type == NotifyType::kInvalidKePayload) {
      std::string wanted = "?";
      if (n->data.size() == 2) wanted = to_string(static_cast<KeGroup>(n->data[0] << 8 | n->data[1]));
      say(absl::StrFormat("sent INVALID_KE_PAYLOAD: initiator sent %s, policy wants %s",
                          last_request_group_ ? to_string(*last_request_group_) : "?", wanted));
    }
  }
}

void EngineHost::on_event(const Event& e) {
  say(absl::StrFormat("event %s SPIs %016x/%016x%s", event_name(e.kind), e.spi_i, e.spi_r,
                      e.detail.empty() || e.kind == Event::Kind::kKeyLog ? "" : ": " + e.detail));
  switch (e.kind) {
    case Event::Kind::kKeyLog: {
      say("keylog " + e.detail);
      std::optional<KeyLogLine> k = parse_keylog(e.detail);
      if (!k) fail("cannot parse the key log line");
      if (k->spi_i != e.spi_i || k->spi_r != e.spi_r) fail("the key log line names other SPIs than its event");
      say("SK_ei = " + to_hex(k->ei));
      say("SK_er = " + to_hex(k->er));
      say("SK_ai = " + to_hex(k->ai));
      say("SK_ar = " + to_hex(k->ar));
      say("keylog algorithms: \"" + k->encr_name + "\", \"" + k->integ_name + "\"");
      keylog_ = std::move(k);
      break;
    }
    case Event::Kind::kIkeSaHalfOpen: {
      sa_spi_r_ = e.spi_r;
      say(absl::StrFormat("SPIi = %016x", e.spi_i));
      say(absl::StrFormat("SPIr = %016x", e.spi_r));
      for (const IkeSaView& v : engine_.sas(std::chrono::steady_clock::now())) {
        if (v.spi_r != e.spi_r) continue;
        say(absl::StrFormat("engine SA %s, %s <-> %s: %s %u, %s, %s, %s", v.state, to_string(v.local),
                            to_string(v.remote), to_string(v.suite.encr.id), v.suite.encr.key_bits,
                            to_string(v.suite.prf), to_string(v.suite.integ), to_string(v.suite.group)));
        say(absl::StrFormat("engine NAT detection: local behind NAT %s, remote behind NAT %s", yes_no(v.nat_local),
                            yes_no(v.nat_remote)));
      }
      break;
    }
    case Event::Kind::kIkeSaEstablished:
    case Event::Kind::kChildSaInstalled:
    case Event::Kind::kChildSaDeleted:
    case Event::Kind::kIkeSaDeleted:
    case Event::Kind::kEspPacket:
      break;
  }
}

bool EngineHost::on_ike_auth(ByteView ike, uint16_t local_port, const RawHeader& h) {
  say(absl::StrFormat("IKE_AUTH received on port %u%s, message id %u, %u bytes", local_port,
                      local_port == kNatTPort ? " (non-ESP marker stripped)" : "", h.message_id, ike.size()));
  if (!keylog_ || keylog_->spi_i != h.spi_i || keylog_->spi_r != h.spi_r)
    fail("no key log line for the SA of this IKE_AUTH");
  Message request;
  ParseError e = parse_message(ike, request);
  if (e.ok()) e = verify_message(request);
  if (!e.ok()) fail("parse/verify of IKE_AUTH: " + to_string(e));
  if (const auto* skf = request.payloads.back().get<SkfPayload>(); skf && skf->total_fragments != 1)
    fail("IKE_AUTH is fragmented (SKF); this test does not reassemble");

  std::unique_ptr<Cipher> cipher = must(provider_.cipher(suite_.encr, suite_.key_bits), "cipher");
  std::unique_ptr<Integrity> integrity;
  if (suite_.integ != IntegId::kNone) integrity = must(provider_.integrity(suite_.integ), "integrity");
  SkContext ctx;
  ctx.cipher = cipher.get();
  ctx.integrity = integrity.get();
  ctx.encr_key = keylog_->ei;  // the initiator's direction: SK_ei / SK_ai
  ctx.integ_key = keylog_->ai;
  return decrypt_ike_auth(ike, request, ctx);
}

int run_engine(const Suite& suite, in_addr local, const std::string& address, int timeout_seconds) {
  const int fds[2] = {bind_udp(local, kIkePort), bind_udp(local, kNatTPort)};
  say(absl::StrFormat("listening on %s ports %u and %u, suite %s, engine mode", address, kIkePort, kNatTPort,
                      suite.name));
  EngineHost host(suite, local, fds);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  std::vector<uint8_t> buffer(65536);
  for (;;) {
    auto now = std::chrono::steady_clock::now();
    if (std::optional<TimePoint> t = host.next_timeout(); t && *t <= now) {
      host.on_timer(now);
      continue;
    }
    if (now >= deadline) {
      say(absl::StrFormat("FAILED: timeout after %d s without a decryptable IKE_AUTH", timeout_seconds));
      return 3;
    }
    auto wake = deadline;
    if (std::optional<TimePoint> t = host.next_timeout(); t && *t < wake) wake = *t;
    // Round up, so that a timer is never polled for 0 ms over and over.
    const auto wait_ms = std::chrono::ceil<std::chrono::milliseconds>(wake - now).count();
    pollfd pfd[2] = {{fds[0], POLLIN, 0}, {fds[1], POLLIN, 0}};
    int r = poll(pfd, 2, static_cast<int>(std::max<int64_t>(wait_ms, 1)));
    if (r < 0) {
      if (errno == EINTR) continue;
      fail(absl::StrFormat("poll: %s", std::strerror(errno)));
    }
    for (int i = 0; i < 2; ++i) {
      if (!(pfd[i].revents & POLLIN)) continue;
      sockaddr_in peer{};
      socklen_t peer_len = sizeof peer;
      ssize_t n = recvfrom(fds[i], buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&peer), &peer_len);
      if (n < 0) fail(absl::StrFormat("recvfrom: %s", std::strerror(errno)));
      const Endpoint from{peer.sin_addr, ntohs(peer.sin_port)};
      if (host.on_datagram(i, ByteView(buffer.data(), static_cast<size_t>(n)), from, std::chrono::steady_clock::now())) {
        close(fds[0]);
        close(fds[1]);
        return 0;
      }
    }
  }
}

// ---------------------------------------------------------------------------

constexpr char kUsage[] =
    "usage: sa_init_responder --address IPV4 --suite SUITE [--timeout SECONDS] [--engine]\n"
    "SUITE: aes256-sha256-x25519 | aes256gcm16-prfsha384-ecp256 | aes128-sha1-modp2048\n";

int run(int argc, char** argv) {
  std::string address, suite_name;
  int timeout_seconds = 20;
  bool engine = false;
  for (int i = 1; i < argc; ++i) {
    absl::string_view a = argv[i];
    if (a == "--engine") {
      engine = true;
    } else if (i + 1 < argc && a == "--address") {
      address = argv[++i];
    } else if (i + 1 < argc && a == "--suite") {
      suite_name = argv[++i];
    } else if (i + 1 < argc && a == "--timeout") {
      timeout_seconds = std::atoi(argv[++i]);
    } else {
      std::fputs(kUsage, stderr);
      return 2;
    }
  }
  const Suite* suite = nullptr;
  for (const Suite& s : kSuites) {
    if (suite_name == s.name) suite = &s;
  }
  in_addr local{};
  if (!suite || timeout_seconds <= 0 || inet_pton(AF_INET, address.c_str(), &local) != 1) {
    std::fputs(kUsage, stderr);
    return 2;
  }
  if (engine) return run_engine(*suite, local, address, timeout_seconds);

  const int fds[2] = {bind_udp(local, kIkePort), bind_udp(local, kNatTPort)};
  const uint16_t ports[2] = {kIkePort, kNatTPort};
  say(absl::StrFormat("listening on %s ports %u and %u, suite %s", address, kIkePort, kNatTPort, suite->name));

  Responder responder(*suite, local);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  std::vector<uint8_t> buffer(65536);
  for (;;) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      say(absl::StrFormat("FAILED: timeout after %d s without a decryptable IKE_AUTH", timeout_seconds));
      return 3;
    }
    pollfd pfd[2] = {{fds[0], POLLIN, 0}, {fds[1], POLLIN, 0}};
    int r = poll(pfd, 2, static_cast<int>(left));
    if (r < 0) {
      if (errno == EINTR) continue;
      fail(absl::StrFormat("poll: %s", std::strerror(errno)));
    }
    for (int i = 0; i < 2; ++i) {
      if (!(pfd[i].revents & POLLIN)) continue;
      sockaddr_in peer{};
      socklen_t peer_len = sizeof peer;
      ssize_t n = recvfrom(fds[i], buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&peer), &peer_len);
      if (n < 0) fail(absl::StrFormat("recvfrom: %s", std::strerror(errno)));
      const Endpoint from{peer.sin_addr, ntohs(peer.sin_port)};
      ByteView datagram(buffer.data(), static_cast<size_t>(n));
      if (ports[i] == kNatTPort) {
        // RFC 3948: a 1-byte 0xff is a NAT keepalive; a non-zero first word is ESP.
        if (datagram.size() == 1 && datagram[0] == 0xff) continue;
        if (datagram.size() < 4 || datagram[0] || datagram[1] || datagram[2] || datagram[3]) {
          say(absl::StrFormat("ignoring a non-IKE datagram on port 4500 from %s", to_string(from)));
          continue;
        }
        datagram.remove_prefix(4);
      }
      if (responder.on_datagram(fds[i], datagram, from, ports[i])) {
        close(fds[0]);
        close(fds[1]);
        return 0;
      }
    }
  }
}

}  // namespace

int main(int argc, char** argv) { return run(argc, argv); }
