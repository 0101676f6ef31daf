// CREATE_CHILD_SA (RFC 7296 §1.3): additional CHILD SAs, CHILD SA rekeying
// with and without PFS, IKE SA rekeying (§2.18), and the exact answers to
// requests that cannot be served, none of which harms the IKE SA. Keys are
// checked against the initiator's own KEYMAT / key schedule.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <iostream>
#include <sstream>

#include "ikecore/responder/memory_providers.h"
#include "test_initiator.h"

using namespace ikecore;
using test::InitiatorOptions;
using test::TestInitiator;

namespace {

const Endpoint kServer = Endpoint::v4(10, 77, 0, 1, 500);
const Endpoint kClient = Endpoint::v4(10, 77, 0, 2, 500);
const TimePoint kT0 = TimePoint(std::chrono::seconds(1000));
const char kPsk[] = "a shared secret";
ByteView psk_bytes() { return ByteView(reinterpret_cast<const uint8_t*>(kPsk), sizeof kPsk - 1); }

struct Rig {
  BoringSslProvider crypto;
  MemoryCredentials credentials;
  MemoryAddressPool pool;
  RecordingInstaller installer;
  std::ostringstream trace_text;
  TextTraceSink trace{trace_text};
  std::unique_ptr<Responder> r;

  explicit Rig(std::vector<KeGroup> pfs = {}) {
    credentials.add_shared_key(*Identity::parse("alice@example.com"), SecretBytes(psk_bytes()));
    pool.add_pool("vpn", *IpRange::parse("10.3.0.0/24"));
    ResponderConfig config;
    ConnectionPolicy c;
    c.name = "psk";
    c.local_id = *Identity::parse("vpn.example.com");
    c.local_auth = AuthKind::kPsk;
    c.remote_auth = AuthKind::kPsk;
    c.attributes.pool = "vpn";
    c.children[0].local_ts = {*Selector::parse("10.3.1.0/24")};
    c.children[0].esp.groups = pfs;
    config.connections = {c};
    // The trace is always on (its text is built from the SA's state, which
    // must still be valid); IKECORE_TEST_TRACE=1 prints it.
    static TextTraceSink to_stderr(std::cerr);
    r = std::make_unique<Responder>(config, Providers{.crypto = crypto,
                                                      .credentials = &credentials,
                                                      .pool = &pool,
                                                      .installer = &installer,
                                                      .trace = std::getenv("IKECORE_TEST_TRACE") ? &to_stderr : &trace});
  }
  Datagram exchange(const Datagram& d) {
    r->feed(d, kT0);
    std::optional<Datagram> out = r->poll_output();
    REQUIRE(out);
    REQUIRE_FALSE(r->poll_output());
    return *out;
  }
  TestInitiator connect() {
    InitiatorOptions o;
    o.psk = kPsk;
    TestInitiator i(crypto, kClient, kServer, o);
    REQUIRE(i.on_sa_init_response(exchange(i.sa_init())));
    REQUIRE(i.open(exchange(i.first_auth())));
    REQUIRE(i.responder_auth_ok(psk_bytes()));
    return i;
  }
  const ChildSaSpec& installed_for_peer_spi(uint32_t peer_spi) {
    for (const auto& [spi, spec] : installer.installed())
      if (spec.spi_out == peer_spi) return spec;
    FAIL("no CHILD SA with outbound SPI " << peer_spi);
    return installer.installed().begin()->second;
  }
};

// The responder's keys for a CHILD SA equal the initiator's KEYMAT.
void check_keys(TestInitiator& i, const ChildSaSpec& spec) {
  auto mine = i.created_child_keys(spec.in.encr.size(), spec.in.integ.size());
  REQUIRE(mine);
  CHECK(mine->encr_i.view() == spec.in.encr.view());
  CHECK(mine->encr_r.view() == spec.out.encr.view());
  CHECK(mine->integ_i.view() == spec.in.integ.view());
}

const NotifyPayload* only_notify(const Message& m) {
  REQUIRE(m.payloads.size() == 1);
  return m.payloads[0].get<NotifyPayload>();
}

}  // namespace

TEST_CASE("CREATE_CHILD_SA: an additional CHILD SA with the exchange's nonces", "[responder][create]") {
  Rig rig;
  TestInitiator i = rig.connect();
  REQUIRE(i.open(rig.exchange(i.create_child(0x22220001))));
  // §1.3.1: SA, Nr, TSi, TSr (no KE without PFS).
  REQUIRE(i.last().payloads.size() == 4);
  CHECK(i.last().payloads[0].type == PayloadType::kSa);
  CHECK(i.last().payloads[1].type == PayloadType::kNonce);
  CHECK(i.last().payloads[2].type == PayloadType::kTsi);
  CHECK(i.last().payloads[3].type == PayloadType::kTsr);
  CHECK(rig.installer.installed().size() == 2);
  const ChildSaSpec& spec = rig.installed_for_peer_spi(0x22220001);
  check_keys(i, spec);
  // TSi narrowed to the virtual address, as in IKE_AUTH.
  CHECK(to_string(spec.remote_ts[0]) == "10.3.0.1/32");
  CHECK(rig.r->sas(kT0)[0].children.size() == 2);
}

TEST_CASE("CREATE_CHILD_SA: rekeying a CHILD SA, without and with PFS", "[responder][create][rekey]") {
  SECTION("without PFS") {
    Rig rig;
    TestInitiator i = rig.connect();
    // §1.3.3: REKEY_SA names the SA by the initiator's inbound SPI.
    const uint32_t old = rig.installer.installed().begin()->second.spi_out;
    REQUIRE(i.open(rig.exchange(i.create_child(0x33330001, KeGroup::kNone, old))));
    const ChildSaSpec& spec = rig.installed_for_peer_spi(0x33330001);
    check_keys(i, spec);
    // The old SA stays until the initiator deletes it (§2.8).
    CHECK(rig.installer.installed().size() == 2);
    Datagram del = i.request(ExchangeType::kInformational, {{PayloadType::kDelete, false,
        DeletePayload{ProtocolId::kEsp, 4, 1, ByteView(std::vector<uint8_t>{0x11, 0x22, 0x33, 0x44}.data(), 4)}}});
    REQUIRE(i.open(rig.exchange(del)));
    CHECK(rig.installer.installed().size() == 1);
    CHECK(rig.installer.installed().begin()->second.spi_out == 0x33330001);
    CHECK(rig.installer.removed() == 1);
  }
  SECTION("with PFS (Curve25519): KEr in the answer, the new g^ir in the KEYMAT") {
    Rig rig({KeGroup::kCurve25519});
    TestInitiator i = rig.connect();
    const uint32_t old = rig.installer.installed().begin()->second.spi_out;
    REQUIRE(i.open(rig.exchange(i.create_child(0x44440001, KeGroup::kCurve25519, old))));
    REQUIRE(i.last().payloads.size() == 5);
    CHECK(i.last().payloads[2].type == PayloadType::kKe);
    check_keys(i, rig.installed_for_peer_spi(0x44440001));
  }
}

TEST_CASE("CREATE_CHILD_SA: refusals name the reason and leave the IKE SA working", "[responder][create]") {
  SECTION("REKEY_SA for a CHILD SA we do not have: CHILD_SA_NOT_FOUND") {
    Rig rig;
    TestInitiator i = rig.connect();
    REQUIRE(i.open(rig.exchange(i.create_child(0x55550001, KeGroup::kNone, 0xdeadbeef))));
    const NotifyPayload* n = only_notify(i.last());
    REQUIRE(n);
    CHECK(n->type == NotifyType::kChildSaNotFound);
    CHECK(n->protocol == ProtocolId::kEsp);  // §3.10.1: names the SA as asked
    CHECK(to_hex(n->spi) == "deadbeef");
    CHECK(rig.installer.installed().size() == 1);
    REQUIRE(i.open(rig.exchange(i.create_child(0x55550002))));  // the SA goes on
    CHECK(rig.installer.installed().size() == 2);
  }
  SECTION("PFS required, KE of another group: INVALID_KE_PAYLOAD naming ours") {
    Rig rig({KeGroup::kCurve25519});
    TestInitiator i = rig.connect();
    REQUIRE(i.open(rig.exchange(i.create_child(0x55550003, KeGroup::kCurve25519, std::nullopt, KeGroup::kEcp256))));
    const NotifyPayload* n = only_notify(i.last());
    REQUIRE(n);
    CHECK(n->type == NotifyType::kInvalidKePayload);
    CHECK(to_hex(n->data) == "001f");
  }
  SECTION("PFS required, no KE transform proposed: NO_PROPOSAL_CHOSEN") {
    Rig rig({KeGroup::kCurve25519});
    TestInitiator i = rig.connect();
    REQUIRE(i.open(rig.exchange(i.create_child(0x55550004))));
    CHECK(only_notify(i.last())->type == NotifyType::kNoProposalChosen);
  }
  SECTION("the answer is cached: a retransmission gets it again and makes no second SA") {
    Rig rig;
    TestInitiator i = rig.connect();
    Datagram req = i.create_child(0x55550005);
    Datagram first = rig.exchange(req);
    CHECK(rig.exchange(req).data == first.data);
    CHECK(rig.installer.installed().size() == 2);
  }
}

TEST_CASE("CREATE_CHILD_SA: rekeying the IKE SA moves everything to the new SA", "[responder][create][rekey]") {
  Rig rig;
  TestInitiator i = rig.connect();
  const uint64_t old_spi_i = i.spi_i(), old_spi_r = i.spi_r();
  REQUIRE(rig.pool.leases() == 1);
  REQUIRE(i.open(rig.exchange(i.rekey_ike())));
  // §1.3.2: SA (with our new SPI), Nr, KEr.
  REQUIRE(i.last().payloads.size() == 3);
  CHECK(i.last().payloads[0].type == PayloadType::kSa);
  CHECK(i.last().payloads[1].type == PayloadType::kNonce);
  CHECK(i.last().payloads[2].type == PayloadType::kKe);
  CHECK(rig.r->sa_count() == 2);
  // The initiator deletes the old IKE SA (still with the old keys).
  Datagram del = i.request(ExchangeType::kInformational,
                           {{PayloadType::kDelete, false, DeletePayload{ProtocolId::kIke, 0, 0, {}}}});
  REQUIRE(i.switch_to_rekeyed_sa());
  Datagram answer = rig.exchange(del);
  CHECK(rig.r->sa_count() == 1);
  // The CHILD SA and the lease moved: nothing was removed.
  CHECK(rig.installer.installed().size() == 1);
  CHECK(rig.installer.removed() == 0);
  CHECK(rig.pool.leases() == 1);
  std::vector<IkeSaView> v = rig.r->sas(kT0);
  REQUIRE(v.size() == 1);
  CHECK(v[0].spi_i == i.spi_i());
  CHECK(v[0].spi_i != old_spi_i);
  CHECK(v[0].spi_r != old_spi_r);
  CHECK(v[0].children.size() == 1);
  // The new SA's keys are the ones §2.18 gives: the initiator's next
  // request (message ID 0) is understood and answered.
  REQUIRE(i.open(rig.exchange(i.request(ExchangeType::kInformational, {}))));
  CHECK(i.last().header.message_id == 0);
  (void)answer;
}

TEST_CASE("CREATE_CHILD_SA: TEMPORARY_FAILURE on an IKE SA already rekeyed or being deleted", "[responder][create]") {
  // RFC 7296 §2.25.2.
  SECTION("the old SA after an IKE rekey") {
    Rig rig;
    TestInitiator i = rig.connect();
    REQUIRE(i.open(rig.exchange(i.rekey_ike())));
    REQUIRE(i.open(rig.exchange(i.create_child(0x66660001))));  // still in the old SA
    const NotifyPayload* n = only_notify(i.last());
    REQUIRE(n);
    CHECK(n->type == NotifyType::kTemporaryFailure);
    CHECK(rig.installer.installed().size() == 1);  // the moved CHILD SA only
    CHECK(rig.pool.leases() == 1);
  }
  SECTION("an IKE rekey crossing our DELETE") {
    Rig rig;
    TestInitiator i = rig.connect();
    REQUIRE(rig.r->delete_ike_sa(i.spi_r(), kT0));
    REQUIRE(rig.r->poll_output());  // our DELETE, not yet answered
    REQUIRE(i.open(rig.exchange(i.rekey_ike())));
    const NotifyPayload* n = only_notify(i.last());
    REQUIRE(n);
    CHECK(n->type == NotifyType::kTemporaryFailure);
    CHECK(rig.r->sa_count() == 1);
  }
}
