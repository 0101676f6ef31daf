// The responder's own requests: dead peer detection (RFC 7296 §2.4), DELETE
// of IKE and CHILD SAs we start (§1.4.1), their retransmission with backoff
// and giving up (§2.1), and INITIAL_CONTACT (§2.4).
#include <catch2/catch.hpp>

#include "ikecore/responder/memory_providers.h"
#include "test_initiator.h"

using namespace ikecore;
using test::InitiatorOptions;
using test::TestInitiator;
using std::chrono::seconds;

namespace {

const Endpoint kServer = Endpoint::v4(10, 77, 0, 1, 500);
const TimePoint kT0 = TimePoint(seconds(1000));
const char kPsk[] = "a shared secret";
ByteView psk_bytes() { return ByteView(reinterpret_cast<const uint8_t*>(kPsk), sizeof kPsk - 1); }

struct Rig {
  BoringSslProvider crypto;
  MemoryCredentials credentials;
  MemoryAddressPool pool;
  RecordingInstaller installer;
  std::unique_ptr<Responder> r;

  explicit Rig(Duration dpd = seconds(10), bool initial_contact_replaces = true) {
    credentials.add_shared_key(*Identity::parse("alice@example.com"), SecretBytes(psk_bytes()));
    pool.add_pool("vpn", *IpRange::parse("10.3.0.0/24"));
    ResponderConfig config;
    ConnectionPolicy c;
    c.name = "psk";
    c.local_id = *Identity::parse("vpn.example.com");
    c.local_auth = AuthKind::kPsk;
    c.remote_auth = AuthKind::kPsk;
    c.attributes.pool = "vpn";
    c.initial_contact_replaces = initial_contact_replaces;
    config.connections = {c};
    config.dpd_interval = dpd;
    config.dpd_retries = 2;
    config.retransmit_timeout = seconds(2);
    config.retransmit_tries = 3;
    r = std::make_unique<Responder>(config,
                                    Providers{.crypto = crypto, .credentials = &credentials, .pool = &pool, .installer = &installer});
  }
  Datagram exchange(const Datagram& d, TimePoint now = kT0) {
    r->feed(d, now);
    std::optional<Datagram> out = r->poll_output();
    REQUIRE(out);
    REQUIRE_FALSE(r->poll_output());
    return *out;
  }
  // A client with an established IKE SA and CHILD SA.
  TestInitiator connect(uint8_t host = 2, bool initial_contact = false) {
    InitiatorOptions o;
    o.psk = kPsk;
    TestInitiator i(crypto, Endpoint::v4(10, 77, 0, host, 500), kServer, o);
    REQUIRE(i.on_sa_init_response(exchange(i.sa_init())));
    Datagram auth = initial_contact ? first_auth_with_initial_contact(i) : i.first_auth();
    REQUIRE(i.open(exchange(auth)));
    REQUIRE(i.responder_auth_ok(psk_bytes()));
    return i;
  }
  static Datagram first_auth_with_initial_contact(TestInitiator& i) {
    // The same IKE_AUTH request with N(INITIAL_CONTACT) first, as strongSwan sends it.
    TestInitiator::ExtraPayloads extra{TestInitiator::notify(NotifyType::kInitialContact)};
    return i.first_auth(extra);
  }
  // Runs the timers at `now`; returns what was sent.
  std::vector<Datagram> tick(TimePoint now) {
    r->handle_timeout(now);
    std::vector<Datagram> out;
    while (auto d = r->poll_output()) out.push_back(*d);
    return out;
  }
};

}  // namespace

TEST_CASE("DPD: a quiet peer gets a liveness check; its answer keeps the SA", "[responder][dpd]") {
  Rig rig;
  TestInitiator i = rig.connect();
  REQUIRE(rig.r->next_timeout() == kT0 + seconds(10));
  CHECK(rig.tick(kT0 + seconds(9)).empty());

  std::vector<Datagram> sent = rig.tick(kT0 + seconds(10));
  REQUIRE(sent.size() == 1);
  REQUIRE(i.open_request(sent[0]));
  CHECK(i.last().header.exchange == ExchangeType::kInformational);
  CHECK(i.last().header.message_id == 0);  // our first request (§2.2)
  CHECK(i.last().payloads.empty());        // §2.4: an empty INFORMATIONAL

  rig.r->feed(i.response(ExchangeType::kInformational, 0), kT0 + seconds(11));
  CHECK_FALSE(rig.r->poll_output());
  CHECK(rig.r->sa_count() == 1);
  // The next check comes an interval after the peer was last heard.
  CHECK(rig.r->next_timeout() == kT0 + seconds(21));
  std::vector<IkeSaView> v = rig.r->sas(kT0 + seconds(11));
  CHECK(v[0].local_next_message_id == 1);
  CHECK(render_sa_detail(v).find("DPD configured: 10/2") != std::string::npos);
}

TEST_CASE("DPD: traffic from the peer postpones the check", "[responder][dpd]") {
  Rig rig;
  TestInitiator i = rig.connect();
  // The peer's own liveness check at +8 s counts as hearing from it.
  REQUIRE(i.open(rig.exchange(i.request(ExchangeType::kInformational, {}), kT0 + seconds(8))));
  CHECK(rig.tick(kT0 + seconds(10)).empty());
  CHECK(rig.r->next_timeout() == kT0 + seconds(18));
}

TEST_CASE("DPD: a dead peer's SA, CHILD SA and lease are removed after the retries", "[responder][dpd]") {
  Rig rig;
  TestInitiator i = rig.connect();
  REQUIRE(rig.pool.leases() == 1);
  REQUIRE(rig.installer.installed().size() == 1);
  while (rig.r->poll_event()) {
  }
  // Sent at +10 s, retransmitted at +12 s and +16 s (backoff 2 s, 4 s), given
  // up 8 s after the last one.
  REQUIRE(rig.tick(kT0 + seconds(10)).size() == 1);
  std::vector<Datagram> again = rig.tick(kT0 + seconds(12));
  REQUIRE(again.size() == 1);
  REQUIRE(i.open_request(again[0]));
  CHECK(i.last().header.message_id == 0);  // the same request
  REQUIRE(rig.r->next_timeout() == kT0 + seconds(16));
  REQUIRE(rig.tick(kT0 + seconds(16)).size() == 1);
  REQUIRE(rig.r->next_timeout() == kT0 + seconds(24));
  CHECK(rig.tick(kT0 + seconds(23)).empty());
  CHECK(rig.r->sa_count() == 1);
  CHECK(rig.tick(kT0 + seconds(24)).empty());
  CHECK(rig.r->sa_count() == 0);
  CHECK(rig.pool.leases() == 0);
  CHECK(rig.installer.installed().empty());
  bool child_deleted = false, ike_deleted = false;
  while (auto e = rig.r->poll_event()) {
    child_deleted |= e->kind == Event::Kind::kChildSaDeleted;
    if (e->kind == Event::Kind::kIkeSaDeleted) {
      ike_deleted = true;
      CHECK(e->detail.find("dead peer") != std::string::npos);
    }
  }
  CHECK(child_deleted);
  CHECK(ike_deleted);
}

TEST_CASE("A response we did not ask for, or that fails its ICV, changes nothing", "[responder][dpd]") {
  Rig rig;
  TestInitiator i = rig.connect();
  rig.r->feed(i.response(ExchangeType::kInformational, 0), kT0 + seconds(1));
  CHECK(rig.r->dropped(DropReason::kUnexpected) == 1);
  REQUIRE(rig.tick(kT0 + seconds(10)).size() == 1);
  Datagram answer = i.response(ExchangeType::kInformational, 0);
  answer.data[answer.data.size() - 1] ^= 1;
  rig.r->feed(answer, kT0 + seconds(11));
  CHECK(rig.r->dropped(DropReason::kIntegrity) == 1);
  CHECK(rig.r->next_timeout() == kT0 + seconds(12));  // still waiting: retransmission due
}

TEST_CASE("We delete an IKE SA: CHILD SAs at once, the IKE SA when the peer answers", "[responder][delete]") {
  Rig rig(Duration::zero());
  TestInitiator i = rig.connect();
  const uint64_t spi_r = i.spi_r();
  CHECK_FALSE(rig.r->delete_ike_sa(spi_r + 1, kT0));
  REQUIRE(rig.r->delete_ike_sa(spi_r, kT0));
  std::optional<Datagram> del = rig.r->poll_output();
  REQUIRE(del);
  REQUIRE(i.open_request(*del));
  const auto* d = i.last().payloads.empty() ? nullptr : i.last().payloads[0].get<DeletePayload>();
  REQUIRE(d);
  CHECK(d->protocol == ProtocolId::kIke);
  CHECK(rig.installer.installed().empty());
  CHECK(rig.r->sa_count() == 1);
  rig.r->feed(i.response(ExchangeType::kInformational, i.last().header.message_id), kT0 + seconds(1));
  CHECK(rig.r->sa_count() == 0);
  CHECK(rig.pool.leases() == 0);
}

TEST_CASE("We delete a CHILD SA: the peer is told our inbound SPI; the IKE SA stays", "[responder][delete]") {
  Rig rig(Duration::zero());
  TestInitiator i = rig.connect();
  const uint32_t spi_in = rig.installer.installed().begin()->first;
  CHECK_FALSE(rig.r->delete_child_sa(i.spi_r(), spi_in + 1, kT0));
  REQUIRE(rig.r->delete_child_sa(i.spi_r(), spi_in, kT0));
  std::optional<Datagram> del = rig.r->poll_output();
  REQUIRE(del);
  REQUIRE(i.open_request(*del));
  const auto* d = i.last().payloads.empty() ? nullptr : i.last().payloads[0].get<DeletePayload>();
  REQUIRE(d);
  CHECK(d->protocol == ProtocolId::kEsp);
  REQUIRE(d->num_spis == 1);
  ByteView b = d->spi(0);
  CHECK((uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3]) == spi_in);  // §3.11
  CHECK(rig.installer.installed().empty());
  rig.r->feed(i.response(ExchangeType::kInformational, i.last().header.message_id), kT0 + seconds(1));
  CHECK(rig.r->sa_count() == 1);
  CHECK_FALSE(rig.r->next_timeout());  // no DPD configured, nothing outstanding
}

TEST_CASE("An unanswered DELETE is retransmitted, then the SA is given up", "[responder][delete]") {
  Rig rig(Duration::zero());
  TestInitiator i = rig.connect();
  REQUIRE(rig.r->delete_ike_sa(i.spi_r(), kT0));
  REQUIRE(rig.r->poll_output());
  // retransmit_tries 3: at +2 s, +6 s, +14 s; given up at +30 s.
  for (int at : {2, 6, 14}) {
    REQUIRE(rig.r->next_timeout() == kT0 + seconds(at));
    CHECK(rig.tick(kT0 + seconds(at)).size() == 1);
  }
  REQUIRE(rig.r->next_timeout() == kT0 + seconds(30));
  CHECK(rig.tick(kT0 + seconds(30)).empty());
  CHECK(rig.r->sa_count() == 0);
}

TEST_CASE("INITIAL_CONTACT removes the older SAs of the same identities", "[responder][initial-contact]") {
  Rig rig(Duration::zero());
  TestInitiator first = rig.connect(2);
  TestInitiator second = rig.connect(3);
  REQUIRE(rig.r->sa_count() == 2);
  REQUIRE(rig.pool.leases() == 2);
  // The client restarts and says so: both older SAs (same IDi, same IDr) go.
  TestInitiator again = rig.connect(2, true);
  CHECK(rig.r->sa_count() == 1);
  CHECK(rig.pool.leases() == 1);
  CHECK(rig.r->sas(kT0)[0].spi_i == again.spi_i());
  CHECK_FALSE(rig.r->poll_output());  // no DELETE to a peer that forgot them
}

TEST_CASE("INITIAL_CONTACT is ignored where SAs of one identity may coexist (unique = never)",
          "[responder][initial-contact]") {
  Rig rig(Duration::zero(), /*initial_contact_replaces=*/false);
  TestInitiator first = rig.connect(2);
  TestInitiator again = rig.connect(3, true);
  CHECK(rig.r->sa_count() == 2);
  CHECK(rig.pool.leases() == 2);
}

TEST_CASE("Shutdown with a liveness check unanswered: the check again, then DELETE with the next message ID",
          "[responder][delete]") {
  // §2.3: with a window of one, the peer takes the DELETE only after the
  // request it may not have seen yet.
  Rig rig;
  TestInitiator i = rig.connect();
  REQUIRE(rig.tick(kT0 + seconds(10)).size() == 1);  // the liveness check, message ID 0
  rig.r->shutdown(kT0 + seconds(11));
  std::vector<Datagram> sent;
  while (auto d = rig.r->poll_output()) sent.push_back(*d);
  REQUIRE(sent.size() == 2);
  REQUIRE(i.open_request(sent[0]));
  CHECK(i.last().header.message_id == 0);
  CHECK(i.last().payloads.empty());
  REQUIRE(i.open_request(sent[1]));
  CHECK(i.last().header.message_id == 1);
  REQUIRE(i.last().payloads.size() == 1);
  CHECK(i.last().payloads[0].type == PayloadType::kDelete);
  CHECK(rig.r->sa_count() == 0);
}
