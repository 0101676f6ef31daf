// Bad input after IKE_SA_INIT gets the exact reaction RFC 7296 prescribes (a
// notify, or silence and a count) and harms nothing: the SA carries on, other
// SAs are untouched (issue list: robustness).
#include <catch2/catch.hpp>

#include "ikecore/responder/memory_providers.h"
#include "test_initiator.h"

using namespace ikecore;
using test::InitiatorOptions;
using test::TestInitiator;

namespace {

const Endpoint kServer = Endpoint::v4(10, 77, 0, 1, 500);
const TimePoint kT0 = TimePoint(std::chrono::seconds(1000));
const char kPsk[] = "a shared secret";
ByteView psk_bytes() { return ByteView(reinterpret_cast<const uint8_t*>(kPsk), sizeof kPsk - 1); }

// A PSK connection for *@example.com and an EAP connection (MD5; we sign
// with the PSK, so no certificate is needed) for everyone else.
struct Rig {
  BoringSslProvider crypto;
  MemoryCredentials credentials;
  MemoryEapUsers users;
  MemoryAddressPool pool;
  RecordingInstaller installer;
  std::unique_ptr<Responder> r;

  Rig() {
    credentials.add_shared_key(*Identity::parse("alice@example.com"), SecretBytes(psk_bytes()));
    credentials.add_shared_key(*Identity::parse("eve.example.net"), SecretBytes(psk_bytes()));
    users.add_user("eve", "eve's password");
    pool.add_pool("vpn", *IpRange::parse("10.3.0.0/24"));
    ResponderConfig config;
    ConnectionPolicy psk;
    psk.name = "psk";
    psk.local_id = *Identity::parse("vpn.example.com");
    psk.remote_id = *IdentityPattern::parse("*@example.com");
    psk.local_auth = AuthKind::kPsk;
    psk.remote_auth = AuthKind::kPsk;
    psk.attributes.pool = "vpn";
    ConnectionPolicy eap = psk;
    eap.name = "eap";
    eap.remote_id = *IdentityPattern::parse("%any");
    eap.remote_auth = AuthKind::kEap;
    eap.eap_methods = {EapType::kMd5Challenge};
    config.connections = {psk, eap};
    r = std::make_unique<Responder>(config, Providers{.crypto = crypto,
                                                      .credentials = &credentials,
                                                      .eap = &users,
                                                      .pool = &pool,
                                                      .installer = &installer});
  }
  Datagram exchange(const Datagram& d) {
    r->feed(d, kT0);
    std::optional<Datagram> out = r->poll_output();
    REQUIRE(out);
    REQUIRE_FALSE(r->poll_output());
    return *out;
  }
  // Feeds `d` and expects silence.
  void silent(const Datagram& d) {
    r->feed(d, kT0);
    CHECK_FALSE(r->poll_output());
  }
  TestInitiator half_open(uint8_t host = 2) {
    InitiatorOptions o;
    o.psk = kPsk;
    TestInitiator i(crypto, Endpoint::v4(10, 77, 0, host, 500), kServer, o);
    REQUIRE(i.on_sa_init_response(exchange(i.sa_init())));
    return i;
  }
  TestInitiator established(uint8_t host = 2) {
    TestInitiator i = half_open(host);
    REQUIRE(i.open(exchange(i.first_auth())));
    REQUIRE(i.responder_auth_ok(psk_bytes()));
    return i;
  }
};

Payload unknown_critical(uint8_t type) {
  static const uint8_t body[] = {1, 2, 3};
  return Payload{static_cast<PayloadType>(type), true, UnknownPayload{ByteView(body)}};
}

}  // namespace

TEST_CASE("Robustness: an unknown critical payload inside SK", "[responder][robust]") {
  Rig rig;
  TestInitiator bystander = rig.established(9);
  SECTION("in IKE_AUTH: UNSUPPORTED_CRITICAL_PAYLOAD naming it, and the half-open SA is gone (§2.5, §2.21.2)") {
    TestInitiator i = rig.half_open();
    Datagram d = i.request(ExchangeType::kIkeAuth, {{PayloadType::kIdi, false, Identity::parse("alice@example.com")->payload()},
                                                    unknown_critical(200)});
    REQUIRE(i.open(rig.exchange(d)));
    const NotifyPayload* n = i.last().find_notify(NotifyType::kUnsupportedCriticalPayload);
    REQUIRE(n);
    CHECK(to_hex(n->data) == "c8");
    CHECK(rig.r->sa_count() == 1);  // the bystander only
  }
  SECTION("in INFORMATIONAL of an established SA: the notify, and the SA stays") {
    TestInitiator i = rig.established();
    REQUIRE(i.open(rig.exchange(i.request(ExchangeType::kInformational, {unknown_critical(201)}))));
    const NotifyPayload* n = i.last().find_notify(NotifyType::kUnsupportedCriticalPayload);
    REQUIRE(n);
    CHECK(to_hex(n->data) == "c9");
    CHECK(rig.r->sa_count() == 2);
    // The next request is served normally.
    REQUIRE(i.open(rig.exchange(i.request(ExchangeType::kInformational, {}))));
    CHECK(i.last().payloads.empty());
  }
  REQUIRE(bystander.open(rig.exchange(bystander.request(ExchangeType::kInformational, {}))));
}

TEST_CASE("Robustness: exchanges other than IKE_AUTH before authentication are dropped", "[responder][robust]") {
  Rig rig;
  TestInitiator i = rig.half_open();
  SECTION("INFORMATIONAL DELETE") {
    rig.silent(i.request(ExchangeType::kInformational,
                         {{PayloadType::kDelete, false, DeletePayload{ProtocolId::kIke, 0, 0, {}}}}));
  }
  SECTION("CREATE_CHILD_SA") {
    rig.silent(i.request(ExchangeType::kCreateChildSa, {{PayloadType::kNonce, false, NoncePayload{psk_bytes()}}}));
  }
  CHECK(rig.r->dropped(DropReason::kUnexpected) == 1);
  CHECK(rig.r->sa_count() == 1);
  // The same message ID then carries the real IKE_AUTH, which succeeds.
  i.reuse_message_id();
  REQUIRE(i.open(rig.exchange(i.first_auth())));
  CHECK(i.responder_auth_ok(psk_bytes()));
  CHECK(rig.installer.installed().size() == 1);
}

TEST_CASE("Robustness: garbage, truncated and oversized datagrams on both ports", "[responder][robust]") {
  Rig rig;
  TestInitiator i = rig.established();
  const Endpoint from = Endpoint::v4(192, 0, 2, 7, 4500);
  Endpoint natt = kServer;
  natt.port = 4500;
  std::vector<uint8_t> big(65535, 0x5a);
  struct Case {
    const char* what;
    Datagram d;
    DropReason reason;
  };
  Datagram auth_again = i.request(ExchangeType::kInformational, {});
  Datagram truncated = auth_again;
  truncated.data.resize(truncated.data.size() - 20);  // the SK payload claims more than there is
  std::vector<Case> cases = {
      {"empty on 500", Datagram{kServer, from, {}}, DropReason::kMalformed},
      {"3 bytes on 4500", Datagram{natt, from, {0, 0, 0}}, DropReason::kMalformed},
      {"non-ESP marker, then garbage", Datagram{natt, from, {0, 0, 0, 0, 1, 2, 3, 4, 5}}, DropReason::kMalformed},
      {"65535 bytes of garbage on 500", Datagram{kServer, from, big}, DropReason::kMalformed},
      {"an SK message cut short", truncated, DropReason::kMalformed},
      {"NAT keepalive", Datagram{natt, from, {0xff}}, DropReason::kKeepalive},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    uint64_t before = rig.r->dropped(c.reason);
    rig.silent(c.d);
    CHECK(rig.r->dropped(c.reason) == before + 1);
  }
  // ESP on 4500 (a non-zero SPI) is not IKE: handed to the host untouched.
  Datagram esp{natt, from, {0xc0, 0, 0, 1, 0, 0, 0, 1, 9, 9}};
  rig.silent(esp);
  bool handed = false;
  while (auto e = rig.r->poll_event())
    if (e->kind == Event::Kind::kEspPacket) handed = e->esp.data == esp.data;
  CHECK(handed);
  // Nothing of that harmed the SA.
  CHECK(rig.r->sa_count() == 1);
  REQUIRE(i.open(rig.exchange(auth_again)));
}

TEST_CASE("Robustness: an EAP Response with the wrong Identifier is discarded, the right one still works",
          "[responder][robust][eap]") {
  Rig rig;
  InitiatorOptions o;
  o.id = *Identity::parse("eve.example.net");
  o.eap = true;
  o.eap_identity = "eve";
  o.password = "eve's password";
  o.accept_eap = {EapType::kMd5Challenge};
  TestInitiator i(rig.crypto, Endpoint::v4(10, 77, 0, 5, 500), kServer, o);
  REQUIRE(i.on_sa_init_response(rig.exchange(i.sa_init())));
  REQUIRE(i.open(rig.exchange(i.first_auth())));   // EAP-Identity request
  REQUIRE(i.responder_auth_ok(psk_bytes()));       // our first AUTH, with the PSK
  REQUIRE(i.open(rig.exchange(*i.eap_answer())));  // MD5-Challenge
  // RFC 3748 §4.1: a Response whose Identifier does not match is silently
  // discarded; the IKE request gets no answer (the peer retransmits).
  rig.silent(*i.eap_answer(1));
  CHECK(rig.r->dropped(DropReason::kInvalid) == 1);
  i.reuse_message_id();
  REQUIRE(i.open(rig.exchange(*i.eap_answer())));
  CHECK(i.last_eap_code() == EapCode::kSuccess);
  REQUIRE(i.open(rig.exchange(i.final_auth())));
  CHECK(i.responder_auth_ok(i.keys().pr.view()));
}

TEST_CASE("Robustness: a retransmitted fragmented request gets the cached answer once, on fragment 1",
          "[responder][robust][fragments]") {
  // RFC 7383 §2.6.1.
  Rig rig;
  TestInitiator i = rig.half_open();
  std::vector<Datagram> fragments = i.request_fragments(ExchangeType::kIkeAuth, i.first_auth_payloads(), 3);
  rig.silent(fragments[0]);
  rig.silent(fragments[1]);
  Datagram answer = rig.exchange(fragments[2]);
  REQUIRE(i.open(answer));
  REQUIRE(i.responder_auth_ok(psk_bytes()));
  // The answer was lost: the initiator sends all three fragments again.
  CHECK(rig.exchange(fragments[0]).data == answer.data);
  rig.silent(fragments[1]);
  rig.silent(fragments[2]);
  CHECK(rig.r->dropped(DropReason::kRetransmitChanged) == 0);
  CHECK(rig.installer.installed().size() == 1);
}
