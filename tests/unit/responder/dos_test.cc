// Denial-of-service defences (RFC 7296 §2.6): stateless cookies past a
// threshold of half-open SAs, their secret's rotation, limits on half-open
// SAs in all and per source address, and a flood that must not keep a
// legitimate client out.
#include <catch2/catch.hpp>

#include "ikecore/responder/memory_providers.h"
#include "test_initiator.h"

using namespace ikecore;
using test::InitiatorOptions;
using test::TestInitiator;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

const Endpoint kServer = Endpoint::v4(10, 77, 0, 1, 500);
const TimePoint kT0 = TimePoint(seconds(1000));
const char kPsk[] = "a shared secret";
ByteView psk_bytes() { return ByteView(reinterpret_cast<const uint8_t*>(kPsk), sizeof kPsk - 1); }

struct Rig {
  BoringSslProvider crypto;
  MemoryCredentials credentials;
  std::unique_ptr<Responder> r;

  explicit Rig(std::function<void(ResponderConfig&)> tune) {
    credentials.add_shared_key(*Identity::parse("alice@example.com"), SecretBytes(psk_bytes()));
    ResponderConfig config;
    ConnectionPolicy c;
    c.name = "psk";
    c.local_id = *Identity::parse("vpn.example.com");
    c.local_auth = AuthKind::kPsk;
    c.remote_auth = AuthKind::kPsk;
    config.connections = {c};
    tune(config);
    r = std::make_unique<Responder>(config, Providers{.crypto = crypto, .credentials = &credentials});
  }
  std::optional<Datagram> feed(const Datagram& d, TimePoint now = kT0) {
    r->feed(d, now);
    std::optional<Datagram> out = r->poll_output();
    REQUIRE_FALSE(r->poll_output());
    return out;
  }
  TestInitiator client(Endpoint from) {
    InitiatorOptions o;
    o.psk = kPsk;
    o.child_sa = false;
    o.request_address = false;
    return TestInitiator(crypto, from, kServer, o);
  }
};

Endpoint host(uint32_t n, uint16_t port = 500) {
  return Endpoint::v4(10, static_cast<uint8_t>(n >> 16), static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n), port);
}

}  // namespace

TEST_CASE("COOKIE: with threshold 0 every IKE_SA_INIT returns a cookie first, statelessly", "[responder][dos]") {
  Rig rig([](ResponderConfig& c) { c.cookie_threshold = 0; });
  TestInitiator i = rig.client(host(2));
  std::optional<Datagram> first = rig.feed(i.sa_init());
  REQUIRE(first);
  REQUIRE(i.take_cookie(*first));
  CHECK(i.cookie().size() == 33);  // version byte + SHA-256
  CHECK(rig.r->sa_count() == 0);

  SECTION("the request with the cookie gets the real answer and an SA") {
    std::optional<Datagram> answer = rig.feed(i.sa_init());
    REQUIRE(answer);
    REQUIRE(i.on_sa_init_response(*answer));
    CHECK(rig.r->sa_count() == 1);
    REQUIRE(i.open(*rig.feed(i.first_auth())));
    CHECK(i.responder_auth_ok(psk_bytes()));
  }
  SECTION("a tampered cookie gets a new cookie, and no SA") {
    i.cookie()[5] ^= 1;
    std::optional<Datagram> again = rig.feed(i.sa_init());
    REQUIRE(again);
    REQUIRE(i.take_cookie(*again));
    CHECK(rig.r->sa_count() == 0);
    REQUIRE(i.on_sa_init_response(*rig.feed(i.sa_init())));
  }
  SECTION("a cookie is bound to the address: another source must get its own") {
    Bytes stolen = i.cookie();
    TestInitiator other = rig.client(host(3));
    other.cookie() = stolen;
    CHECK(other.take_cookie(*rig.feed(other.sa_init())));
    CHECK(rig.r->sa_count() == 0);
  }
}

TEST_CASE("COOKIE: the secret rotates; a cookie outlives one rotation, not two", "[responder][dos]") {
  Rig rig([](ResponderConfig& c) {
    c.cookie_threshold = 0;
    c.cookie_secret_lifetime = minutes(5);
  });
  TestInitiator i = rig.client(host(2));
  REQUIRE(i.take_cookie(*rig.feed(i.sa_init())));
  Bytes cookie = i.cookie();
  // Another client makes the secret rotate after 5 minutes.
  TestInitiator later = rig.client(host(9));
  REQUIRE(later.take_cookie(*rig.feed(later.sa_init(), kT0 + minutes(5))));
  CHECK(later.cookie()[0] != cookie[0]);  // a new secret version

  SECTION("after one rotation the old cookie still works") {
    REQUIRE(i.on_sa_init_response(*rig.feed(i.sa_init(), kT0 + minutes(6))));
  }
  SECTION("after two it is refused with a new one") {
    TestInitiator third = rig.client(host(10));
    REQUIRE(third.take_cookie(*rig.feed(third.sa_init(), kT0 + minutes(10))));
    REQUIRE(i.take_cookie(*rig.feed(i.sa_init(), kT0 + minutes(11))));
    CHECK(i.cookie() != cookie);
  }
}

TEST_CASE("COOKIE: demanded only while the half-open SAs reach the threshold", "[responder][dos]") {
  Rig rig([](ResponderConfig& c) { c.cookie_threshold = 2; });
  TestInitiator a = rig.client(host(2)), b = rig.client(host(3)), c = rig.client(host(4));
  REQUIRE(a.on_sa_init_response(*rig.feed(a.sa_init())));
  REQUIRE(b.on_sa_init_response(*rig.feed(b.sa_init())));
  CHECK(c.take_cookie(*rig.feed(c.sa_init())));  // two half-open: cookies now
  // a completes IKE_AUTH: one half-open left, so no cookie is needed.
  REQUIRE(a.open(*rig.feed(a.first_auth())));
  TestInitiator d = rig.client(host(5));
  CHECK(d.on_sa_init_response(*rig.feed(d.sa_init())));
}

TEST_CASE("Half-open limits: in all and per source address", "[responder][dos]") {
  SECTION("per source") {
    Rig rig([](ResponderConfig& c) { c.max_half_open_per_source = 2; });
    for (uint16_t port : {uint16_t{500}, uint16_t{501}}) {
      TestInitiator i = rig.client(host(2, port));
      REQUIRE(i.on_sa_init_response(*rig.feed(i.sa_init())));
    }
    TestInitiator third = rig.client(host(2, 502));
    CHECK_FALSE(rig.feed(third.sa_init()));
    CHECK(rig.r->dropped(DropReason::kLimit) == 1);
    TestInitiator elsewhere = rig.client(host(3));
    CHECK(elsewhere.on_sa_init_response(*rig.feed(elsewhere.sa_init())));
  }
  SECTION("in all; a half-open SA that times out frees its place") {
    Rig rig([](ResponderConfig& c) { c.max_half_open = 1; });
    TestInitiator i = rig.client(host(2));
    REQUIRE(i.on_sa_init_response(*rig.feed(i.sa_init())));
    TestInitiator j = rig.client(host(3));
    CHECK_FALSE(rig.feed(j.sa_init()));
    rig.r->handle_timeout(kT0 + seconds(30));  // the half-open timeout
    CHECK(rig.r->sa_count() == 0);
    CHECK(j.on_sa_init_response(*rig.feed(j.sa_init(), kT0 + seconds(31))));
  }
}

TEST_CASE("A flood of spoofed IKE_SA_INIT requests does not keep a legitimate client out", "[responder][dos]") {
  Rig rig([](ResponderConfig& c) { c.cookie_threshold = 10; });
  // 2,000 requests from as many spoofed addresses: the first 10 make
  // half-open SAs, all others get a cookie they never return.
  TestInitiator spoofer = rig.client(host(1));
  Datagram request = spoofer.sa_init();
  size_t cookies = 0;
  for (uint32_t n = 0; n < 2000; ++n) {
    Datagram d = request;
    d.remote = host(100000 + n);
    d.data[7] = static_cast<uint8_t>(n);  // another SPIi: a request of its own
    d.data[6] = static_cast<uint8_t>(n >> 8);
    std::optional<Datagram> out = rig.feed(d);
    REQUIRE(out);
    cookies += spoofer.take_cookie(*out);
  }
  CHECK(rig.r->sa_count() == 10);  // the state a flood can make is bounded
  CHECK(cookies == 1990);
  // The legitimate client returns its cookie and gets through.
  TestInitiator alice = rig.client(host(7));
  REQUIRE(alice.take_cookie(*rig.feed(alice.sa_init())));
  REQUIRE(alice.on_sa_init_response(*rig.feed(alice.sa_init())));
  REQUIRE(alice.open(*rig.feed(alice.first_auth())));
  CHECK(alice.responder_auth_ok(psk_bytes()));
}
