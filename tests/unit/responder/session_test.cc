// One IKE SA on its own (ikecore/responder/session.h), and the IKE SA limit
// it is built on (ResponderConfig::max_ike_sas).
#include <catch2/catch.hpp>

#include "ikecore/responder/memory_providers.h"
#include "ikecore/responder/session.h"
#include "test_initiator.h"

using namespace ikecore;
using test::InitiatorOptions;
using test::TestInitiator;

namespace {

const Endpoint kServer = Endpoint::v4(10, 77, 0, 1, 500);
const TimePoint kT0 = TimePoint(std::chrono::seconds(1000));
const char kPsk[] = "a shared secret";

ByteView psk_bytes() { return ByteView(reinterpret_cast<const uint8_t*>(kPsk), sizeof kPsk - 1); }

struct Providers1 {
  BoringSslProvider crypto;
  MemoryCredentials credentials;
  MemoryAddressPool pool;
  RecordingInstaller installer;
  Providers1() {
    credentials.add_shared_key(*Identity::parse("alice@example.com"), SecretBytes(psk_bytes()));
    pool.add_pool("vpn", *IpRange::parse("10.3.0.0/24"));
  }
  Providers get() { return Providers{.crypto = crypto, .credentials = &credentials, .pool = &pool, .installer = &installer}; }
};

ResponderConfig psk_config() {
  ResponderConfig config;
  ConnectionPolicy c;
  c.name = "psk";
  c.local_id = *Identity::parse("vpn.example.com");
  c.local_auth = AuthKind::kPsk;
  c.remote_auth = AuthKind::kPsk;
  c.attributes.pool = "vpn";
  config.connections = {c};
  return config;
}

TestInitiator client(BoringSslProvider& crypto, uint8_t host) {
  InitiatorOptions o;
  o.psk = kPsk;
  return TestInitiator(crypto, Endpoint::v4(10, 77, 0, host, 500), kServer, o);
}

}  // namespace

TEST_CASE("A Session serves the first IKE SA and nothing else", "[responder][session]") {
  Providers1 p;
  Session session(psk_config(), p.get());
  TestInitiator first = client(p.crypto, 2), second = client(p.crypto, 3);

  session.feed(first.sa_init(), kT0);
  std::optional<Datagram> answer = session.poll_output();
  REQUIRE(answer);
  REQUIRE(first.on_sa_init_response(*answer));
  std::optional<IkeSaView> v = session.view(kT0);
  REQUIRE(v);
  CHECK(v->spi_i == first.spi_i());
  CHECK(v->spi_r == first.spi_r());

  // Another initiator's IKE_SA_INIT: not this Session's (dropped, no answer).
  session.feed(second.sa_init(), kT0);
  CHECK_FALSE(session.poll_output());
  CHECK(session.dropped(DropReason::kLimit) == 1);

  session.feed(first.first_auth(), kT0);
  answer = session.poll_output();
  REQUIRE(answer);
  REQUIRE(first.open(*answer));
  REQUIRE(first.responder_auth_ok(psk_bytes()));
  REQUIRE(session.view(kT0)->state == "READY");
  CHECK(p.installer.installed().size() == 1);
  CHECK_FALSE(session.finished());

  // The peer deletes the SA: the Session is finished and takes no new SA.
  session.feed(first.request(ExchangeType::kInformational,
                             {{PayloadType::kDelete, false, DeletePayload{ProtocolId::kIke, 0, 0, {}}}}),
               kT0);
  REQUIRE(session.poll_output());
  CHECK(session.finished());
  CHECK_FALSE(session.view(kT0));
  CHECK(p.pool.leases() == 0);
  TestInitiator third = client(p.crypto, 4);
  session.feed(third.sa_init(), kT0);
  CHECK_FALSE(session.poll_output());
}

TEST_CASE("max_ike_sas: IKE_SA_INIT beyond the limit is dropped before any work", "[responder][limit]") {
  Providers1 p;
  ResponderConfig config = psk_config();
  config.max_ike_sas = 2;
  Responder r(config, p.get());
  for (uint8_t host = 2; host <= 4; ++host) {
    TestInitiator i = client(p.crypto, host);
    r.feed(i.sa_init(), kT0);
    CHECK(r.poll_output().has_value() == (host < 4));
  }
  CHECK(r.sa_count() == 2);
  CHECK(r.dropped(DropReason::kLimit) == 1);
}
