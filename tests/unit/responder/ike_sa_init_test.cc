// The responder's IKE_SA_INIT (RFC 7296 §1.2, §2.6-2.10, §2.23) on the
// seed's AnyConnect request and on strongSwan-shaped requests built here.
#include <catch2/catch.hpp>

#include "ikecore/crypto/boringssl.h"
#include "ikecore/crypto/keylog.h"
#include "ikecore/crypto/keys.h"
#include "ikecore/responder/responder.h"
#include "ikecore/wire/verify.h"
#include "seed_messages.h"

using namespace ikecore;

namespace {

const Endpoint kAsa = Endpoint::v4(10, 0, 0, 1, 500);
const Endpoint kClient = Endpoint::v4(192, 168, 1, 1, 25170);
const TimePoint kT0 = TimePoint(std::chrono::seconds(1000));

// The seed ASA's "crypto ikev2 policy 10": aes-192, sha, prf sha, and the
// legacy groups it agreed to (the seed's answer chose group 1).
ResponderConfig asa_config() {
  ResponderConfig c;
  c.ike.encr = {{EncrId::kAesCbc, 192}};
  c.ike.prf = {PrfId::kHmacSha1};
  c.ike.integ = {IntegId::kHmacSha1_96};
  c.ike.groups = {KeGroup::kModp1024, KeGroup::kModp768};
  c.ike.allow_legacy = true;
  c.nonce_size = 20;  // the seed's Nr is 24 bytes = 4 + 20
  return c;
}

Datagram datagram(const Message& m, Endpoint local = kAsa, Endpoint remote = kClient) {
  Bytes data = *serialize_message(m);
  if (local.port == 4500) data.insert(data.begin(), 4, 0);
  return Datagram{local, remote, data};
}

struct Answer {
  Datagram datagram;
  Message message;
};

Answer take_answer(Responder& r) {
  std::optional<Datagram> out = r.poll_output();
  REQUIRE(out);
  REQUIRE_FALSE(r.poll_output());
  Answer a{*out, {}};
  ByteView ike = a.datagram.data;
  if (a.datagram.local.port == 4500) ike.remove_prefix(4);
  REQUIRE(parse_message(ike, a.message).ok());
  return a;
}

size_t payload_length(const Payload& p) {
  Bytes b;
  REQUIRE(serialize_payloads(Seq<Payload>(&p, 1), b).ok());
  return b.size();
}

Bytes nat_hash(CryptoProvider& crypto, uint64_t spi_i, uint64_t spi_r, const Endpoint& e) {
  Bytes spis(16);
  for (int i = 0; i < 8; ++i) {
    spis[i] = static_cast<uint8_t>(spi_i >> (56 - 8 * i));
    spis[8 + i] = static_cast<uint8_t>(spi_r >> (56 - 8 * i));
  }
  const uint8_t port[2] = {static_cast<uint8_t>(e.port >> 8), static_cast<uint8_t>(e.port)};
  const ByteView data[] = {ByteView(spis), e.address_bytes(), ByteView(port)};
  return *crypto.hash(HashAlgorithm::kSha1, data);
}

// A request shaped like strongSwan 5.9's default: one proposal with AES-GCM
// and AES-CBC, SHA2 PRFs and integrity, X25519 and ECP groups; KE for
// `ke_group` made by a real key pair; NAT detection hashes for the real path
// (or a wrong source hash when `behind_nat`); fragmentation and signature
// hash support announced.
struct Initiator {
  std::unique_ptr<KeyExchange> ke;
  Bytes ni = Bytes(32, 0x11);
  uint64_t spi_i = 0x1122334455667788ULL;
};

Message strongswan_request(BoringSslProvider& crypto, Initiator& init, KeGroup ke_group, bool behind_nat = false,
                           Endpoint local = kAsa, Endpoint remote = kClient, bool childless = false) {
  init.ke = std::move(crypto.key_exchange(ke_group).take().value());
  seed::Builder b(ExchangeType::kIkeSaInit, Header::kFlagInitiator, 0, 0);
  Message m0;
  auto kl = [&](uint16_t bits) {
    return b.seq({TransformAttribute{static_cast<uint16_t>(TransformAttrType::kKeyLength), true, bits, {}}});
  };
  std::vector<Transform> ts = {
      {TransformType::kEncr, static_cast<uint16_t>(EncrId::kAesCbc), kl(256)},
      {TransformType::kEncr, static_cast<uint16_t>(EncrId::kAesGcm16), kl(256)},
      {TransformType::kPrf, static_cast<uint16_t>(PrfId::kHmacSha2_256), {}},
      {TransformType::kPrf, static_cast<uint16_t>(PrfId::kHmacSha2_384), {}},
      {TransformType::kInteg, static_cast<uint16_t>(IntegId::kHmacSha2_256_128), {}},
      {TransformType::kKe, static_cast<uint16_t>(KeGroup::kCurve25519), {}},
      {TransformType::kKe, static_cast<uint16_t>(KeGroup::kEcp256), {}},
      {TransformType::kKe, static_cast<uint16_t>(KeGroup::kModp2048), {}},
  };
  Proposal p{1, ProtocolId::kIke, {}, b.seq(ts)};
  b.add(PayloadType::kSa, SaPayload{b.seq({p})});
  b.add(PayloadType::kKe, KePayload{ke_group, b.copy(init.ke->public_value())});
  b.add(PayloadType::kNonce, NoncePayload{b.copy(init.ni)});
  Bytes src = nat_hash(crypto, init.spi_i, 0, remote);
  if (behind_nat) src[0] ^= 1;
  b.add(b.notify(NotifyType::kNatDetectionSourceIp, b.copy(src)));
  b.add(b.notify(NotifyType::kNatDetectionDestinationIp, b.copy(nat_hash(crypto, init.spi_i, 0, local))));
  b.add(b.notify(NotifyType::kIkev2FragmentationSupported));
  const uint8_t hashes[] = {0, 2, 0, 3, 0, 4};
  b.add(b.notify(NotifyType::kSignatureHashAlgorithms, b.copy(hashes)));
  if (childless) b.add(b.notify(NotifyType::kChildlessIkev2Supported));  // strongSwan's childless = allow
  Message m = b.finish();
  m.header.spi_i = init.spi_i;
  return m;
}

const NotifyPayload* only_notify(const Message& m) {
  REQUIRE(m.payloads.size() == 1);
  const auto* n = m.payloads[0].get<NotifyPayload>();
  REQUIRE(n);
  return n;
}

// A provider whose key pairs arrive later, as from an HSM or a worker thread.
class SlowKeyPairs : public BoringSslProvider {
 public:
  Async<std::unique_ptr<KeyExchange>> key_exchange(KeGroup group) override {
    last_group = group;
    return Pending{Ticket{77}};
  }
  KeGroup last_group{};
};

}  // namespace

TEST_CASE("IKE_SA_INIT: the seed's AnyConnect request gets the seed ASA's choice", "[responder][init]") {
  BoringSslProvider crypto;
  Responder r(asa_config(), Providers{crypto});
  r.feed(datagram(seed::m01_ike_sa_init_request()), kT0);
  Answer a = take_answer(r);
  const Message& m = a.message;
  CHECK(a.datagram.remote == kClient);
  CHECK(a.datagram.local == kAsa);
  CHECK(m.header.exchange == ExchangeType::kIkeSaInit);
  CHECK(m.header.flags == Header::kFlagResponse);
  CHECK(m.header.message_id == 0);
  CHECK(m.header.spi_i == seed::kSpiI);
  CHECK(m.header.spi_r != 0);
  CHECK(verify_message(m).ok());

  // seed-flow.md message 2: SA 48 (proposal 44: AES-CBC keylen 192, PRF
  // SHA1, INTEG SHA1-96, group 1), KE 104, Nr 24.
  REQUIRE(m.payloads.size() >= 3);
  CHECK(m.payloads[0].type == PayloadType::kSa);
  CHECK(payload_length(m.payloads[0]) == 48);
  const Proposal& p = m.payloads[0].get<SaPayload>()->proposals[0];
  REQUIRE(p.transforms.size() == 4);
  CHECK(p.transforms[0].type == TransformType::kEncr);
  CHECK(p.transforms[0].id == static_cast<uint16_t>(EncrId::kAesCbc));
  CHECK(p.transforms[0].key_length() == 192);
  CHECK(p.transforms[1].id == static_cast<uint16_t>(PrfId::kHmacSha1));
  CHECK(p.transforms[2].id == static_cast<uint16_t>(IntegId::kHmacSha1_96));
  CHECK(p.transforms[3].id == static_cast<uint16_t>(KeGroup::kModp768));
  CHECK(m.payloads[1].type == PayloadType::kKe);
  CHECK(payload_length(m.payloads[1]) == 104);
  CHECK(m.payloads[2].type == PayloadType::kNonce);
  CHECK(payload_length(m.payloads[2]) == 24);
  // The request carried NAT detection: so does the answer (§2.23), 28 bytes each.
  REQUIRE(m.find_notify(NotifyType::kNatDetectionSourceIp));
  REQUIRE(m.find_notify(NotifyType::kNatDetectionDestinationIp));
  // AnyConnect announced Cisco's fragmentation VID, not RFC 7383's notify.
  CHECK_FALSE(m.find_notify(NotifyType::kIkev2FragmentationSupported));
  CHECK_FALSE(m.find(PayloadType::kCertReq));

  auto sas = r.sas(kT0);
  REQUIRE(sas.size() == 1);
  CHECK(sas[0].spi_r == m.header.spi_r);
  CHECK(sas[0].state == "WAIT_AUTH");
  auto ev = r.poll_event();
  REQUIRE(ev);
  CHECK(ev->kind == Event::Kind::kIkeSaHalfOpen);
}

TEST_CASE("IKE_SA_INIT: a retransmitted request gets the cached answer and no second SA", "[responder][init]") {
  BoringSslProvider crypto;
  Responder r(asa_config(), Providers{crypto});
  Datagram request = datagram(seed::m01_ike_sa_init_request());
  r.feed(request, kT0);
  Answer first = take_answer(r);
  r.feed(request, kT0 + std::chrono::seconds(1));
  Answer second = take_answer(r);
  CHECK(first.datagram.data == second.datagram.data);
  CHECK(r.sas(kT0).size() == 1);
  // Same SPIi and message ID, other content: ignored (§2.1).
  Datagram changed = request;
  changed.data[changed.data.size() - 1] ^= 1;
  r.feed(changed, kT0 + std::chrono::seconds(2));
  CHECK_FALSE(r.poll_output());
  CHECK(r.dropped(DropReason::kRetransmitChanged) == 1);
  CHECK(r.sas(kT0).size() == 1);
}

TEST_CASE("IKE_SA_INIT: legacy-only proposals get NO_PROPOSAL_CHOSEN under the default policy", "[responder][init]") {
  // The seed's client offers only DES/3DES/AES-CBC with MODP 1, 2 and 5:
  // refused unless a connection allows legacy groups (RFC 8247 §2.4).
  BoringSslProvider crypto;
  Responder r(ResponderConfig{}, Providers{crypto});
  r.feed(datagram(seed::m01_ike_sa_init_request()), kT0);
  Answer a = take_answer(r);
  CHECK(a.message.header.spi_r == 0);
  CHECK(a.message.header.flags == Header::kFlagResponse);
  CHECK(only_notify(a.message)->type == NotifyType::kNoProposalChosen);
  CHECK(r.sas(kT0).empty());
  CHECK_FALSE(r.next_timeout());
}

TEST_CASE("IKE_SA_INIT: INVALID_KE_PAYLOAD names our group and keeps no state", "[responder][init]") {
  BoringSslProvider crypto;
  ResponderConfig c;
  c.ike.groups = {KeGroup::kCurve25519};
  Responder r(c, Providers{crypto});
  Initiator init;
  r.feed(datagram(strongswan_request(crypto, init, KeGroup::kEcp256)), kT0);
  Answer a = take_answer(r);
  const NotifyPayload* n = only_notify(a.message);
  CHECK(n->type == NotifyType::kInvalidKePayload);
  CHECK(to_hex(n->data) == "001f");  // §3.10.1: the 2-byte group, 31 = Curve25519
  CHECK(a.message.header.spi_r == 0);
  CHECK(r.sas(kT0).empty());
}

TEST_CASE("IKE_SA_INIT: the initiator's KE group wins when policy accepts it", "[responder][init]") {
  // Default policy prefers Curve25519, but the request's KE is ECP-256, which
  // the policy also accepts: no INVALID_KE_PAYLOAD round trip (§1.2).
  BoringSslProvider crypto;
  Responder r(ResponderConfig{}, Providers{crypto});
  Initiator init;
  r.feed(datagram(strongswan_request(crypto, init, KeGroup::kEcp256)), kT0);
  Answer a = take_answer(r);
  REQUIRE(a.message.find(PayloadType::kKe));
  const auto* ke = a.message.find(PayloadType::kKe)->get<KePayload>();
  CHECK(ke->group == KeGroup::kEcp256);
  CHECK(ke->data.size() == 64);  // RFC 5903: x || y
  // Policy order picks AES-GCM-16-256 over AES-CBC-256; no INTEG with AEAD.
  const Proposal& p = a.message.find(PayloadType::kSa)->get<SaPayload>()->proposals[0];
  CHECK(p.transforms[0].id == static_cast<uint16_t>(EncrId::kAesGcm16));
  CHECK(p.transforms.size() == 3);
}

TEST_CASE("IKE_SA_INIT: NAT detection both ways, announcements, and keys the initiator can match",
          "[responder][init]") {
  BoringSslProvider crypto;
  ResponderConfig c;
  c.certreq_ca_hashes = {Bytes(20, 0xca), Bytes(20, 0xcb)};
  Responder r(c, Providers{crypto});
  Initiator init;
  r.feed(datagram(strongswan_request(crypto, init, KeGroup::kCurve25519)), kT0);
  Answer a = take_answer(r);
  const Message& m = a.message;
  CHECK(verify_message(m).ok());
  uint64_t spi_r = m.header.spi_r;
  // §2.23: the responder's hashes use both SPIs and its own / the peer's path.
  CHECK(Bytes(m.find_notify(NotifyType::kNatDetectionSourceIp)->data.begin(),
              m.find_notify(NotifyType::kNatDetectionSourceIp)->data.end()) ==
        nat_hash(crypto, init.spi_i, spi_r, kAsa));
  CHECK(Bytes(m.find_notify(NotifyType::kNatDetectionDestinationIp)->data.begin(),
              m.find_notify(NotifyType::kNatDetectionDestinationIp)->data.end()) ==
        nat_hash(crypto, init.spi_i, spi_r, kClient));
  CHECK(m.find_notify(NotifyType::kIkev2FragmentationSupported));
  CHECK(to_hex(m.find_notify(NotifyType::kSignatureHashAlgorithms)->data) == "000200030004");
  CHECK_FALSE(m.find_notify(NotifyType::kChildlessIkev2Supported));  // not asked
  const auto* cr = m.find(PayloadType::kCertReq)->get<CertReqPayload>();
  CHECK(cr->encoding == CertEncoding::kX509Signature);
  CHECK(cr->authorities.size() == 40);
  auto sas = r.sas(kT0);
  REQUIRE(sas.size() == 1);
  CHECK_FALSE(sas[0].nat_local);
  CHECK_FALSE(sas[0].nat_remote);
  CHECK(sas[0].peer_fragmentation);
  // The initiator derives the shared secret from our KE: it must be usable.
  const auto* ke = m.find(PayloadType::kKe)->get<KePayload>();
  auto secret = init.ke->derive(ke->data).take();
  CHECK(secret.ok());

  // A wrong source hash means the initiator sits behind a NAT.
  Responder r2(c, Providers{crypto});
  Initiator init2;
  init2.spi_i = 0x99;
  r2.feed(datagram(strongswan_request(crypto, init2, KeGroup::kCurve25519, /*behind_nat=*/true)), kT0);
  take_answer(r2);
  CHECK(r2.sas(kT0)[0].nat_remote);
  CHECK_FALSE(r2.sas(kT0)[0].nat_local);

  // RFC 6023 §3: an initiator that announces childless IKE_AUTH hears back.
  Responder r3(c, Providers{crypto});
  Initiator init3;
  init3.spi_i = 0x77;
  r3.feed(datagram(strongswan_request(crypto, init3, KeGroup::kCurve25519, false, kAsa, kClient, true)), kT0);
  CHECK(take_answer(r3).message.find_notify(NotifyType::kChildlessIkev2Supported));
}

TEST_CASE("IKE_SA_INIT: the opt-in key log gives keys that decrypt the initiator's next message",
          "[responder][init][keylog]") {
  BoringSslProvider crypto;
  ResponderConfig c;
  c.keylog = true;
  Responder r(c, Providers{crypto});
  Initiator init;
  r.feed(datagram(strongswan_request(crypto, init, KeGroup::kCurve25519)), kT0);
  Answer a = take_answer(r);
  std::optional<Event> ev = r.poll_event();
  REQUIRE(ev);
  REQUIRE(ev->kind == Event::Kind::kKeyLog);
  // The initiator's own derivation from our answer must give the same keys.
  const auto* ke = a.message.find(PayloadType::kKe)->get<KePayload>();
  const auto* nr = a.message.find(PayloadType::kNonce)->get<NoncePayload>();
  auto secret = init.ke->derive(ke->data).take();
  REQUIRE(secret.ok());
  auto prf = crypto.prf(PrfId::kHmacSha2_256);  // policy picks AES-GCM-16-256 with PRF-HMAC-SHA2-256
  REQUIRE(prf.ok());
  auto seed = skeyseed(**prf, init.ni, nr->data, secret->view());
  REQUIRE(seed.ok());
  auto keys = derive_ike_sa_keys(**prf, seed->view(), init.ni, nr->data, init.spi_i, a.message.header.spi_r,
                                 IkeKeySizes{32, 0, 36});
  REQUIRE(keys.ok());
  auto line = ikev2_decryption_table_line(init.spi_i, a.message.header.spi_r, EncrId::kAesGcm16, 256, IntegId::kNone,
                                          *keys);
  REQUIRE(line.ok());
  CHECK(ev->detail == *line);
  c.keylog = false;
  Responder quiet(c, Providers{crypto});
  Initiator other;
  quiet.feed(datagram(strongswan_request(crypto, other, KeGroup::kCurve25519)), kT0);
  take_answer(quiet);
  REQUIRE(quiet.poll_event());
  CHECK_FALSE(quiet.poll_event());  // only the half-open event: no keys unless asked
}

TEST_CASE("IKE_SA_INIT: a key pair that arrives later through complete()", "[responder][init][async]") {
  SlowKeyPairs crypto;
  Responder r(ResponderConfig{}, Providers{crypto});
  Initiator init;
  BoringSslProvider real;
  r.feed(datagram(strongswan_request(real, init, KeGroup::kCurve25519)), kT0);
  CHECK_FALSE(r.poll_output());  // parked: nothing sent yet
  CHECK(r.sas(kT0).size() == 1);
  CHECK(crypto.last_group == KeGroup::kCurve25519);
  r.complete(Ticket{77}, std::move(real.key_exchange(KeGroup::kCurve25519).take()), kT0);
  Answer a = take_answer(r);
  CHECK(a.message.find(PayloadType::kKe)->get<KePayload>()->group == KeGroup::kCurve25519);
  CHECK(r.sas(kT0)[0].state == "WAIT_AUTH");
  // A ticket nobody waits for changes nothing.
  r.complete(Ticket{78}, absl::StatusOr<SecretBytes>(SecretBytes()), kT0);
  CHECK_FALSE(r.poll_output());
}

TEST_CASE("IKE_SA_INIT: the half-open SA goes after 30 s without IKE_AUTH", "[responder][init][timers]") {
  BoringSslProvider crypto;
  Responder r(ResponderConfig{}, Providers{crypto});
  Initiator init;
  r.feed(datagram(strongswan_request(crypto, init, KeGroup::kCurve25519)), kT0);
  take_answer(r);
  REQUIRE(r.poll_event());
  REQUIRE(r.next_timeout());
  CHECK(*r.next_timeout() == kT0 + std::chrono::seconds(30));
  r.handle_timeout(kT0 + std::chrono::seconds(29));
  CHECK(r.sas(kT0).size() == 1);
  r.handle_timeout(kT0 + std::chrono::seconds(30));
  CHECK(r.sas(kT0).empty());
  auto ev = r.poll_event();
  REQUIRE(ev);
  CHECK(ev->kind == Event::Kind::kIkeSaDeleted);
  CHECK_FALSE(r.next_timeout());
}

TEST_CASE("IKE_SA_INIT on port 4500 keeps the non-ESP marker; keepalives and ESP are not IKE",
          "[responder][init][natt]") {
  BoringSslProvider crypto;
  Responder r(ResponderConfig{}, Providers{crypto});
  const Endpoint local = Endpoint::v4(10, 0, 0, 1, 4500), remote = Endpoint::v4(192, 168, 1, 1, 4500);
  Initiator init;
  r.feed(datagram(strongswan_request(crypto, init, KeGroup::kCurve25519, false, local, remote), local, remote), kT0);
  Answer a = take_answer(r);
  CHECK(to_hex(ByteView(a.datagram.data).first(4)) == "00000000");
  r.poll_event();

  r.feed(Datagram{local, remote, {0xff}}, kT0);  // RFC 3948 §2.3 keepalive
  CHECK(r.dropped(DropReason::kKeepalive) == 1);
  Datagram esp{local, remote, {0x30, 0xb8, 0x48, 0xa4, 0, 0, 0, 1, 0xee, 0xee}};
  r.feed(esp, kT0);
  auto ev = r.poll_event();
  REQUIRE(ev);
  CHECK(ev->kind == Event::Kind::kEspPacket);
  CHECK(ev->esp.data == esp.data);
  CHECK_FALSE(r.poll_output());
}

TEST_CASE("IKE_SA_INIT: bad requests get the notify RFC 7296 prescribes, or nothing", "[responder][init]") {
  BoringSslProvider crypto;
  Responder r(ResponderConfig{}, Providers{crypto});
  Initiator init;
  Message m = strongswan_request(crypto, init, KeGroup::kCurve25519);

  SECTION("unknown critical payload: UNSUPPORTED_CRITICAL_PAYLOAD with its type (§2.5)") {
    std::vector<Payload> payloads(m.payloads.begin(), m.payloads.end());
    const uint8_t body[] = {1, 2, 3};
    payloads.push_back(Payload{static_cast<PayloadType>(200), true, UnknownPayload{ByteView(body)}});
    m.payloads = payloads;
    r.feed(datagram(m), kT0);
    Answer a = take_answer(r);
    const NotifyPayload* n = only_notify(a.message);
    CHECK(n->type == NotifyType::kUnsupportedCriticalPayload);
    CHECK(to_hex(n->data) == "c8");
    CHECK(r.sas(kT0).empty());
  }
  SECTION("truncated datagram: dropped and counted") {
    Datagram d = datagram(m);
    d.data.resize(40);
    r.feed(d, kT0);
    CHECK_FALSE(r.poll_output());
    CHECK(r.dropped(DropReason::kMalformed) == 1);
  }
  SECTION("a message for an SA that does not exist: dropped") {
    m.header.exchange = ExchangeType::kIkeAuth;
    m.header.spi_r = 42;
    m.header.message_id = 1;
    r.feed(datagram(m), kT0);
    CHECK_FALSE(r.poll_output());
    CHECK(r.dropped(DropReason::kUnknownSpi) == 1);
  }
  SECTION("a response where a request is expected: dropped") {
    m.header.flags = Header::kFlagResponse;
    r.feed(datagram(m), kT0);
    CHECK_FALSE(r.poll_output());
    CHECK(r.dropped(DropReason::kUnexpected) == 1);
  }
}
