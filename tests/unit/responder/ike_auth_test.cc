// The responder through IKE_AUTH (RFC 7296 §1.2, §2.15-2.17, §2.19, §3.15),
// driven by the test initiator (tests/support/test_initiator.h), which checks
// every answer as a peer would: the responder's AUTH verifies, the CHILD SA
// keys equal the initiator's own KEYMAT, the selectors are narrowed to the
// assigned address.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>

#include "ikecore/responder/memory_providers.h"
#include "test_initiator.h"

using namespace ikecore;
using test::InitiatorOptions;
using test::TestInitiator;

namespace {

const Endpoint kServer = Endpoint::v4(10, 77, 0, 1, 500);
const Endpoint kClient = Endpoint::v4(10, 77, 0, 2, 40000);
const TimePoint kT0 = TimePoint(std::chrono::seconds(1000));
// 2030-01-01: inside the test PKI's validity (2025..2045).
constexpr int64_t kUnixTime = 1893456000;

Bytes pki(const std::string& name) {
  std::ifstream f(std::string(IKECORE_SOURCE_DIR) + "/tests/vectors/crypto/pki/" + name, std::ios::binary);
  REQUIRE(f);
  return Bytes(std::istreambuf_iterator<char>(f), {});
}

SecretBytes secret(const std::string& s) { return SecretBytes(ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size())); }

// One responder with in-memory providers: the RSA server certificate
// vpn.example.com (issued by inter-ca under root-ca), root-ca trusted.
struct Rig {
  BoringSslProvider crypto;
  MemoryCredentials credentials;
  MemoryEapUsers users;
  MemoryAddressPool pool;
  RecordingInstaller installer;
  ResponderConfig config;
  std::unique_ptr<Responder> r;

  explicit Rig(std::function<void(ResponderConfig&)> tune = {}) {
    std::vector<std::unique_ptr<Certificate>> issuers;
    issuers.push_back(std::move(*crypto.parse_certificate(pki("inter-ca.pem"))));
    credentials.add_chain(std::move(*crypto.parse_certificate(pki("rsa-server.pem"))), std::move(issuers),
                          std::move(*crypto.parse_private_key(pki("rsa-server.key.pem"))));
    credentials.add_trust_anchor(std::move(*crypto.parse_certificate(pki("root-ca.pem"))));
    credentials.add_shared_key(*Identity::parse("alice@example.com"), secret("a shared secret"));
    users.add_user("alice", "clientPass");
    pool.add_pool("vpn", *IpRange::parse("10.3.0.0/24"));
    ConnectionPolicy c;
    c.name = "eap";
    c.local_id = *Identity::parse("vpn.example.com");
    c.eap_methods = {EapType::kMschapv2, EapType::kMd5Challenge, EapType::kGtc};
    c.attributes.pool = "vpn";
    c.attributes.dns = {*IpAddress::parse("10.3.1.53")};
    c.children[0].local_ts = {*Selector::parse("10.3.1.0/24")};
    config.connections = {c};
    if (tune) tune(config);
    Providers p{crypto, &credentials, &users, &pool, &installer};
    static TextTraceSink sink(std::cerr);
    if (getenv("IKECORE_TEST_TRACE")) p.trace = &sink;
    p.unix_time = [] { return kUnixTime; };
    r = std::make_unique<Responder>(config, p);
  }

  // Feeds one datagram, expects exactly one answer.
  Datagram exchange(const Datagram& d, TimePoint now = kT0) {
    r->feed(d, now);
    std::optional<Datagram> out = r->poll_output();
    REQUIRE(out);
    REQUIRE_FALSE(r->poll_output());
    return *out;
  }
  void init(TestInitiator& i) { REQUIRE(i.on_sa_init_response(exchange(i.sa_init()))); }
};

ConnectionPolicy psk_connection() {
  ConnectionPolicy c;
  c.name = "psk";
  c.local_id = *Identity::parse("vpn.example.com");
  c.remote_id = *IdentityPattern::parse("*@example.com");
  c.local_auth = AuthKind::kPsk;
  c.remote_auth = AuthKind::kPsk;
  c.attributes.pool = "vpn";
  c.attributes.dns = {*IpAddress::parse("10.3.1.53")};
  c.children[0].local_ts = {*Selector::parse("10.3.1.0/24")};
  return c;
}

const NotifyPayload* notify(const Message& m, NotifyType t) { return m.find_notify(t); }

}  // namespace

TEST_CASE("IKE_AUTH with PSK: AUTH both ways, virtual IP, CHILD SA with the initiator's KEYMAT", "[responder][auth]") {
  Rig rig([](ResponderConfig& c) { c.connections.insert(c.connections.begin(), psk_connection()); });
  InitiatorOptions o;
  o.psk = "a shared secret";
  TestInitiator i(rig.crypto, kClient, kServer, o);
  rig.init(i);
  REQUIRE(i.open(rig.exchange(i.first_auth())));
  const Message& m = i.last();
  CHECK_FALSE(notify(m, NotifyType::kAuthenticationFailed));
  REQUIRE(i.responder_auth_ok(ByteView(reinterpret_cast<const uint8_t*>("a shared secret"), 15)));

  // §3.15: the first address of 10.3.0.0/24 (network address skipped), DNS.
  const auto* cp = TestInitiator::find<CpPayload>(m, PayloadType::kCp);
  REQUIRE(cp);
  CHECK(cp->type == CfgType::kReply);
  std::vector<std::pair<uint16_t, Bytes>> attrs;
  for (const CpAttribute& a : cp->attributes) attrs.emplace_back(a.type, Bytes(a.value.begin(), a.value.end()));
  CHECK(attrs == std::vector<std::pair<uint16_t, Bytes>>{{1, {10, 3, 0, 1}}, {3, {10, 3, 1, 53}}});

  // The seed's narrowing: TSi is the assigned address, TSr our network.
  const auto* tsi = TestInitiator::find<TsPayload>(m, PayloadType::kTsi);
  const auto* tsr = TestInitiator::find<TsPayload>(m, PayloadType::kTsr);
  REQUIRE(tsi);
  REQUIRE(tsr);
  REQUIRE(tsi->selectors.size() == 1);
  CHECK(tsi->selectors[0].start_address == ByteView(Bytes{10, 3, 0, 1}));
  CHECK(tsi->selectors[0].end_address == ByteView(Bytes{10, 3, 0, 1}));
  CHECK(tsi->selectors[0].start_port == 0);
  CHECK(tsi->selectors[0].end_port == 65535);
  REQUIRE(tsr->selectors.size() == 1);
  CHECK(tsr->selectors[0].start_address == ByteView(Bytes{10, 3, 1, 0}));
  CHECK(tsr->selectors[0].end_address == ByteView(Bytes{10, 3, 1, 255}));

  // The first proposal (AES-GCM-16-256, 36 bytes of key material with
  // salt) and the installer's SPI in SAr2.
  const auto* sa = TestInitiator::find<SaPayload>(m, PayloadType::kSa);
  REQUIRE(sa);
  REQUIRE(sa->proposals.size() == 1);
  CHECK(sa->proposals[0].number == 1);
  REQUIRE(rig.installer.installed().size() == 1);
  const ChildSaSpec& spec = rig.installer.installed().begin()->second;
  CHECK(sa->proposals[0].spi == ByteView(Bytes{0xc0, 0, 0, 1}));
  CHECK(spec.spi_in == 0xc0000001);
  CHECK(spec.spi_out == 0x11223344);
  CHECK(spec.suite.encr == EncrChoice{EncrId::kAesGcm16, 256});
  ChildSaKeys k = i.child_keys(36, 0);
  CHECK(spec.in.encr.view() == k.encr_i.view());
  CHECK(spec.out.encr.view() == k.encr_r.view());
  CHECK(spec.remote_ts == std::vector<Selector>{*Selector::parse("10.3.0.1/32")});

  auto sas = rig.r->sas(kT0 + std::chrono::seconds(5));
  REQUIRE(sas.size() == 1);
  CHECK(sas[0].state == "READY");
  CHECK(sas[0].auth_sign == "PSK");
  CHECK(sas[0].auth_verify == "PSK");
  CHECK(sas[0].active == std::chrono::seconds(5));
  CHECK(sas[0].assigned_v4 == IpAddress::parse("10.3.0.1"));
  CHECK(sas[0].remote_next_message_id == 2);
  REQUIRE(sas[0].children.size() == 1);
  CHECK(sas[0].children[0].spi_in == 0xc0000001);
  CHECK(rig.pool.leases() == 1);
}

TEST_CASE("IKE_AUTH with a wrong PSK: AUTHENTICATION_FAILED, nothing kept", "[responder][auth]") {
  Rig rig([](ResponderConfig& c) { c.connections.insert(c.connections.begin(), psk_connection()); });
  InitiatorOptions o;
  o.psk = "not the secret";
  TestInitiator i(rig.crypto, kClient, kServer, o);
  rig.init(i);
  REQUIRE(i.open(rig.exchange(i.first_auth())));
  REQUIRE(i.last().payloads.size() == 1);
  CHECK(notify(i.last(), NotifyType::kAuthenticationFailed));
  CHECK(rig.r->sa_count() == 0);
  CHECK(rig.pool.leases() == 0);
  CHECK(rig.installer.installed().empty());
}

TEST_CASE("IKE_AUTH with certificates: ECDSA client, RSA server, RFC 7427 when announced", "[responder][auth][cert]") {
  for (bool rfc7427 : {false, true}) {
    DYNAMIC_SECTION("RFC 7427 announced: " << rfc7427) {
      Rig rig([](ResponderConfig& c) {
        ConnectionPolicy p = psk_connection();
        p.name = "cert";
        p.local_auth = AuthKind::kPubkey;
        p.remote_auth = AuthKind::kPubkey;
        p.remote_id = *IdentityPattern::parse("Alice@example.com");
        c.connections = {p};
      });
      auto cert = std::move(*rig.crypto.parse_certificate(pki("client.pem")));
      auto inter = std::move(*rig.crypto.parse_certificate(pki("inter-ca.pem")));
      auto key = std::move(*rig.crypto.parse_private_key(pki("client.key.pem")));
      InitiatorOptions o;
      o.id = *Identity::parse("Alice@example.com");
      o.cert = cert.get();
      o.key = key.get();
      o.intermediates = {inter.get()};
      o.signature_hashes = rfc7427;
      TestInitiator i(rig.crypto, kClient, kServer, o);
      rig.init(i);
      REQUIRE(i.open(rig.exchange(i.first_auth())));
      CHECK_FALSE(notify(i.last(), NotifyType::kAuthenticationFailed));
      REQUIRE(i.responder_auth_ok());
      // §3.8 / RFC 7427 §3: method 1 (RSA, SHA-1) without the announcement,
      // 14 with it.
      const auto* auth = TestInitiator::find<AuthPayload>(i.last(), PayloadType::kAuth);
      CHECK(auth->method == (rfc7427 ? AuthMethod::kDigitalSignature : AuthMethod::kRsaSig));
      // Our chain: the leaf, then the intermediate (the root is the peer's anchor).
      CHECK(i.last().count(PayloadType::kCert) == 2);
      CHECK(i.responder_certificate()->der() == ByteView(pki("rsa-server.der")));
      auto sas = rig.r->sas(kT0);
      REQUIRE(sas.size() == 1);
      CHECK(sas[0].auth_sign == (rfc7427 ? "RSA (RFC 7427)" : "RSA"));
      CHECK(sas[0].auth_verify.rfind(rfc7427 ? "ECDSA (RFC 7427)" : "ECDSA", 0) == 0);
      CHECK(rig.installer.installed().size() == 1);
    }
  }
}

TEST_CASE("IKE_AUTH with a certificate from an untrusted CA fails", "[responder][auth][cert]") {
  Rig rig([](ResponderConfig& c) {
    ConnectionPolicy p = psk_connection();
    p.local_auth = AuthKind::kPubkey;
    p.remote_auth = AuthKind::kPubkey;
    p.remote_id = IdentityPattern();
    c.connections = {p};
  });
  auto cert = std::move(*rig.crypto.parse_certificate(pki("untrusted-leaf.pem")));
  auto key = std::move(*rig.crypto.parse_private_key(pki("untrusted-leaf.key.pem")));
  InitiatorOptions o;
  o.id = Identity{IdType::kDerAsn1Dn, pki("expected/untrusted-leaf.subject.der")};
  o.cert = cert.get();
  o.key = key.get();
  TestInitiator i(rig.crypto, kClient, kServer, o);
  rig.init(i);
  REQUIRE(i.open(rig.exchange(i.first_auth())));
  CHECK(notify(i.last(), NotifyType::kAuthenticationFailed));
  CHECK(rig.r->sa_count() == 0);
}

TEST_CASE("IKE_AUTH with EAP-MSCHAPv2 whose backend answers later", "[responder][auth][eap]") {
  Rig rig;
  rig.users.set_deferred(true);
  InitiatorOptions o;
  o.eap = true;
  o.password = "clientPass";
  TestInitiator i(rig.crypto, kClient, kServer, o);
  rig.init(i);
  // IDr, CERT, AUTH (RSA), EAP-Identity request.
  REQUIRE(i.open(rig.exchange(i.first_auth())));
  REQUIRE(i.responder_auth_ok());
  auto id = i.eap_answer();
  REQUIRE(id);
  REQUIRE(i.open(rig.exchange(*id)));  // MSCHAPv2 Challenge
  auto response = i.eap_answer();
  REQUIRE(response);
  rig.r->feed(*response, kT0);
  // The backend has not answered: nothing goes out yet.
  CHECK_FALSE(rig.r->poll_output());
  auto pending = rig.users.take_pending();
  REQUIRE(pending.size() == 1);
  CHECK(rig.r->sas(kT0)[0].state == "WAIT_EAP");
  // A retransmission meanwhile is not answered twice.
  rig.r->feed(*response, kT0);
  CHECK_FALSE(rig.r->poll_output());
  rig.r->complete(pending[0].ticket, std::move(std::get<0>(pending[0].answer)), kT0 + std::chrono::seconds(2));
  auto out = rig.r->poll_output();
  REQUIRE(out);
  REQUIRE(i.open(*out));  // Success-Request with the authenticator response
  auto ack = i.eap_answer();
  REQUIRE(ack);  // the initiator checked "S=..."
  REQUIRE(i.open(rig.exchange(*ack)));
  CHECK(i.last_eap_code() == EapCode::kSuccess);
  REQUIRE(!i.msk().empty());
  REQUIRE(i.open(rig.exchange(i.final_auth())));
  // §2.16: the responder's AUTH keyed with the MSK.
  REQUIRE(i.responder_auth_ok(i.msk().view()));
  CHECK(TestInitiator::find<CpPayload>(i.last(), PayloadType::kCp));
  CHECK(TestInitiator::find<SaPayload>(i.last(), PayloadType::kSa));
  auto sas = rig.r->sas(kT0);
  REQUIRE(sas.size() == 1);
  CHECK(sas[0].state == "READY");
  CHECK(sas[0].auth_verify == "EAP-MSCHAPV2");
  CHECK(sas[0].eap_identity == "alice");
}

TEST_CASE("IKE_AUTH with EAP-MSCHAPv2 and a wrong password: no SA, no lease", "[responder][auth][eap]") {
  Rig rig;
  InitiatorOptions o;
  o.eap = true;
  o.password = "wrong";
  TestInitiator i(rig.crypto, kClient, kServer, o);
  rig.init(i);
  REQUIRE(i.open(rig.exchange(i.first_auth())));   // EAP-Identity
  REQUIRE(i.open(rig.exchange(*i.eap_answer())));  // Challenge
  REQUIRE(i.open(rig.exchange(*i.eap_answer())));  // Failure-Request (E=691)
  REQUIRE(i.open(rig.exchange(*i.eap_answer())));  // EAP-Failure
  CHECK(i.last_eap_code() == EapCode::kFailure);
  CHECK(notify(i.last(), NotifyType::kAuthenticationFailed));
  CHECK(rig.r->sa_count() == 0);
  CHECK(rig.pool.leases() == 0);
}

TEST_CASE("INFORMATIONAL AUTHENTICATION_FAILED from the peer during EAP removes the SA", "[responder][auth][eap]") {
  // strongSwan, given MSCHAPv2's Failure-Request, does not answer it: it
  // sends INFORMATIONAL with N(AUTHENTICATION_FAILED) (RFC 7296 §2.21.2).
  Rig rig;
  InitiatorOptions o;
  o.eap = true;
  o.password = "wrong";
  TestInitiator i(rig.crypto, kClient, kServer, o);
  rig.init(i);
  REQUIRE(i.open(rig.exchange(i.first_auth())));   // EAP-Identity
  REQUIRE(i.open(rig.exchange(*i.eap_answer())));  // Challenge
  REQUIRE(i.open(rig.exchange(*i.eap_answer())));  // Failure-Request (E=691)
  REQUIRE(rig.r->sa_count() == 1);
  Datagram failed = i.request(ExchangeType::kInformational, {TestInitiator::notify(NotifyType::kAuthenticationFailed)});
  REQUIRE(i.open(rig.exchange(failed)));
  CHECK(i.last().payloads.empty());
  CHECK(rig.r->sa_count() == 0);
  CHECK(rig.pool.leases() == 0);
}

TEST_CASE("IKE_AUTH with EAP-MD5 and EAP-GTC: AUTH keyed with SK_pi / SK_pr (no MSK)", "[responder][auth][eap]") {
  for (EapType method : {EapType::kMd5Challenge, EapType::kGtc}) {
    DYNAMIC_SECTION(name(method)) {
      Rig rig([&](ResponderConfig& c) { c.connections[0].eap_methods = {method}; });
      InitiatorOptions o;
      o.eap = true;
      o.password = "clientPass";
      TestInitiator i(rig.crypto, kClient, kServer, o);
      rig.init(i);
      REQUIRE(i.open(rig.exchange(i.first_auth())));   // EAP-Identity
      REQUIRE(i.responder_auth_ok());                  // signed with the RSA certificate
      REQUIRE(i.open(rig.exchange(*i.eap_answer())));  // method request
      REQUIRE(i.open(rig.exchange(*i.eap_answer())));  // EAP-Success
      CHECK(i.last_eap_code() == EapCode::kSuccess);
      CHECK(i.msk().empty());
      REQUIRE(i.open(rig.exchange(i.final_auth())));
      REQUIRE(i.responder_auth_ok(i.keys().pr.view()));
      CHECK(rig.r->sas(kT0)[0].state == "READY");
    }
  }
}

TEST_CASE("IKE_AUTH: EAP methods negotiated by Nak", "[responder][auth][eap]") {
  Rig rig;  // offers MSCHAPv2 first
  InitiatorOptions o;
  o.eap = true;
  o.password = "clientPass";
  o.accept_eap = {EapType::kGtc};
  TestInitiator i(rig.crypto, kClient, kServer, o);
  rig.init(i);
  REQUIRE(i.open(rig.exchange(i.first_auth())));   // EAP-Identity
  REQUIRE(i.open(rig.exchange(*i.eap_answer())));  // MSCHAPv2 challenge
  REQUIRE(i.open(rig.exchange(*i.eap_answer())));  // Nak -> GTC request
  REQUIRE(i.open(rig.exchange(*i.eap_answer())));  // success
  CHECK(i.last_eap_code() == EapCode::kSuccess);
  REQUIRE(i.open(rig.exchange(i.final_auth())));
  CHECK(rig.r->sas(kT0)[0].auth_verify == "EAP-GTC");
}

TEST_CASE("Message IDs: a retransmitted IKE_AUTH gets the cached answer; others are dropped", "[responder][mid]") {
  Rig rig([](ResponderConfig& c) { c.connections.insert(c.connections.begin(), psk_connection()); });
  InitiatorOptions o;
  o.psk = "a shared secret";
  TestInitiator i(rig.crypto, kClient, kServer, o);
  rig.init(i);
  Datagram auth = i.first_auth();
  Datagram first = rig.exchange(auth);
  // §2.1: the same request again: the same response, byte for byte.
  CHECK(rig.exchange(auth).data == first.data);
  CHECK(rig.installer.installed().size() == 1);
  // Same message ID, other content: ignored (counted).
  Datagram changed = auth;
  changed.data[changed.data.size() - 1] ^= 1;
  rig.r->feed(changed, kT0);
  CHECK_FALSE(rig.r->poll_output());
  CHECK(rig.r->dropped(DropReason::kRetransmitChanged) == 1);
  // A message ID ahead of the window: dropped.
  uint32_t mid = 0;
  Datagram skip = i.request(ExchangeType::kInformational, {}, &mid);
  Datagram ahead = i.request(ExchangeType::kInformational, {}, &mid);
  rig.r->feed(ahead, kT0);
  CHECK_FALSE(rig.r->poll_output());
  CHECK(rig.r->dropped(DropReason::kOutsideWindow) == 1);
  // The next one: an empty INFORMATIONAL (liveness check) is answered empty.
  REQUIRE(i.open(rig.exchange(skip)));
  CHECK(i.last().payloads.empty());
  CHECK(i.last_message_id() == 2);
}

TEST_CASE("Answers go to the request's source; the SA floats and follows a NAT's new port", "[responder][nat]") {
  Rig rig([](ResponderConfig& c) { c.connections.insert(c.connections.begin(), psk_connection()); });
  InitiatorOptions o;
  o.psk = "a shared secret";
  TestInitiator i(rig.crypto, kClient, kServer, o);
  rig.init(i);
  // RFC 7296 §2.23: IKE_AUTH on port 4500 (with the non-ESP marker), from
  // the client's NAT-T port, which differs from its IKE_SA_INIT port (as
  // strongSwan's randomly bound sockets do).
  i.responder().port = 4500;
  i.self().port = 40001;
  Datagram auth = rig.exchange(i.first_auth());
  CHECK(auth.local.port == 4500);
  CHECK(auth.remote == i.self());  // §2.11: answered to the request's source
  REQUIRE(i.open(auth));
  // A NAT rebinding: the next (authenticated) request comes from a new port.
  i.self().port = 40002;
  Datagram live = rig.exchange(i.request(ExchangeType::kInformational, {}));
  CHECK(live.remote.port == 40002);
  CHECK(live.local.port == 4500);
  REQUIRE(i.open(live));
  std::vector<IkeSaView> sas = rig.r->sas(kT0);
  REQUIRE(sas.size() == 1);
  CHECK(sas[0].remote.port == 40002);
  CHECK(sas[0].local.port == 4500);
}

TEST_CASE("A corrupted IKE_AUTH is dropped and changes nothing", "[responder][mid]") {
  Rig rig([](ResponderConfig& c) { c.connections.insert(c.connections.begin(), psk_connection()); });
  InitiatorOptions o;
  o.psk = "a shared secret";
  TestInitiator i(rig.crypto, kClient, kServer, o);
  rig.init(i);
  Datagram auth = i.first_auth();
  Datagram bad = auth;
  bad.data[40] ^= 0x80;  // inside the ciphertext: the ICV fails
  rig.r->feed(bad, kT0);
  CHECK_FALSE(rig.r->poll_output());
  CHECK(rig.r->dropped(DropReason::kIntegrity) == 1);
  REQUIRE(i.open(rig.exchange(auth)));
  REQUIRE(i.responder_auth_ok(ByteView(reinterpret_cast<const uint8_t*>("a shared secret"), 15)));
}

TEST_CASE("INFORMATIONAL DELETE of the IKE SA: SA, CHILD SA and lease gone", "[responder][info]") {
  Rig rig([](ResponderConfig& c) { c.connections.insert(c.connections.begin(), psk_connection()); });
  InitiatorOptions o;
  o.psk = "a shared secret";
  TestInitiator i(rig.crypto, kClient, kServer, o);
  rig.init(i);
  REQUIRE(i.open(rig.exchange(i.first_auth())));
  REQUIRE(rig.pool.leases() == 1);
  REQUIRE(rig.installer.installed().size() == 1);
  Datagram del = i.request(ExchangeType::kInformational,
                           {{PayloadType::kDelete, false, DeletePayload{ProtocolId::kIke, 0, 0, {}}}});
  REQUIRE(i.open(rig.exchange(del)));
  CHECK(i.last().payloads.empty());  // §1.4.1: an empty answer
  CHECK(rig.r->sa_count() == 0);
  CHECK(rig.pool.leases() == 0);
  CHECK(rig.installer.installed().empty());
  CHECK(rig.installer.removed() == 1);
}

TEST_CASE("A CHILD SA the installer refuses leaves the IKE SA up with NO_PROPOSAL_CHOSEN", "[responder][child]") {
  Rig rig([](ResponderConfig& c) { c.connections.insert(c.connections.begin(), psk_connection()); });
  rig.installer.fail_next_install();
  InitiatorOptions o;
  o.psk = "a shared secret";
  TestInitiator i(rig.crypto, kClient, kServer, o);
  rig.init(i);
  REQUIRE(i.open(rig.exchange(i.first_auth())));
  CHECK(notify(i.last(), NotifyType::kNoProposalChosen));
  CHECK_FALSE(TestInitiator::find<SaPayload>(i.last(), PayloadType::kSa));
  REQUIRE(i.responder_auth_ok(ByteView(reinterpret_cast<const uint8_t*>("a shared secret"), 15)));
  CHECK(rig.r->sas(kT0)[0].state == "READY");
  CHECK(rig.r->sas(kT0)[0].children.empty());
}

TEST_CASE("Timers: a silent EAP client is removed after 120 s, its SA and nothing else", "[responder][timer]") {
  Rig rig;
  InitiatorOptions o;
  o.eap = true;
  TestInitiator i(rig.crypto, kClient, kServer, o);
  rig.init(i);
  REQUIRE(i.open(rig.exchange(i.first_auth())));
  // The half-open timer (30 s) no longer applies once EAP started.
  rig.r->handle_timeout(kT0 + std::chrono::seconds(31));
  CHECK(rig.r->sa_count() == 1);
  REQUIRE(rig.r->next_timeout() == kT0 + std::chrono::seconds(120));
  rig.r->handle_timeout(kT0 + std::chrono::seconds(119));
  CHECK(rig.r->sa_count() == 1);
  rig.r->handle_timeout(kT0 + std::chrono::seconds(120));
  CHECK(rig.r->sa_count() == 0);
}

TEST_CASE("Configuration payload: IPv6 from its own pool, leases returned, exhaustion", "[responder][cp]") {
  Rig rig([](ResponderConfig& c) {
    ConnectionPolicy p = psk_connection();
    p.attributes.pool = "tiny";
    p.attributes.pool6 = "v6";
    c.connections = {p};
  });
  rig.pool.add_pool("tiny", *IpRange::parse("10.4.0.7-10.4.0.7"));
  rig.pool.add_pool("v6", *IpRange::parse("fd00:3::/120"));  // fd00:3:: itself skipped
  InitiatorOptions o;
  o.psk = "a shared secret";
  o.request_address6 = true;
  TestInitiator a(rig.crypto, kClient, kServer, o);
  rig.init(a);
  REQUIRE(a.open(rig.exchange(a.first_auth())));
  const auto* cp = TestInitiator::find<CpPayload>(a.last(), PayloadType::kCp);
  REQUIRE(cp);
  std::vector<std::pair<uint16_t, Bytes>> attrs;
  for (const CpAttribute& x : cp->attributes) attrs.emplace_back(x.type, Bytes(x.value.begin(), x.value.end()));
  // §3.15.1: INTERNAL_IP6_ADDRESS is 16 octets of address and a prefix length.
  Bytes v6 = {0xfd, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 128};
  CHECK(attrs == std::vector<std::pair<uint16_t, Bytes>>{{1, {10, 4, 0, 7}}, {8, v6}, {3, {10, 3, 1, 53}}});
  CHECK(rig.r->sas(kT0)[0].assigned_v6 == IpAddress::parse("fd00:3::1"));

  // The one IPv4 address is taken: a second client gets IPv6 only.
  TestInitiator b(rig.crypto, Endpoint::v4(10, 77, 0, 3, 40000), kServer, o);
  rig.init(b);
  REQUIRE(b.open(rig.exchange(b.first_auth())));
  const auto* cp2 = TestInitiator::find<CpPayload>(b.last(), PayloadType::kCp);
  REQUIRE(cp2);
  REQUIRE(cp2->attributes.size() == 2);
  CHECK(cp2->attributes[0].type == 8);
  CHECK(cp2->attributes[1].type == 3);
  // Without an IPv4 address, nothing is left of TSi 0.0.0.0/0 narrowed to
  // the IPv6 address: TS_UNACCEPTABLE, the IKE SA stays.
  CHECK(notify(b.last(), NotifyType::kTsUnacceptable));
  CHECK(rig.pool.leases() == 3);

  // A third asks for IPv4 only: nothing left, INTERNAL_ADDRESS_FAILURE.
  InitiatorOptions o4 = o;
  o4.request_address6 = false;
  TestInitiator c(rig.crypto, Endpoint::v4(10, 77, 0, 4, 40000), kServer, o4);
  rig.init(c);
  REQUIRE(c.open(rig.exchange(c.first_auth())));
  CHECK(notify(c.last(), NotifyType::kInternalAddressFailure));
  CHECK_FALSE(TestInitiator::find<SaPayload>(c.last(), PayloadType::kSa));

  // The first client leaves: its addresses return to the pools.
  Datagram del = a.request(ExchangeType::kInformational,
                           {{PayloadType::kDelete, false, DeletePayload{ProtocolId::kIke, 0, 0, {}}}});
  REQUIRE(a.open(rig.exchange(del)));
  CHECK(rig.pool.leases("tiny") == 0);
  CHECK(rig.pool.leases("v6") == 1);
}
