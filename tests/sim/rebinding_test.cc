// NAT rebinding after establishment (RFC 7296 §2.23): the NAT in front of a
// client gives it a new public port, and the responder's datagrams to the
// old one are lost. The client's next request, authenticated, arrives from
// the new port: it is answered there, the SA view shows the new port, and
// the responder's later liveness checks follow it.
#include <chrono>
#include <map>

#include "sim_test_util.h"

using namespace ikecore;
using namespace ikecore::sim;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

std::map<uint64_t, Endpoint> remote_by_spi_r(Simulation& sim) {
  std::map<uint64_t, Endpoint> m;
  for (const IkeSaView& v : sim.responder().sas(sim.now())) m[v.spi_r] = v.remote;
  return m;
}

}  // namespace

TEST_CASE("A client whose NAT changes its port mid-SA is answered and checked at the new port", "[sim][nat]") {
  const uint64_t seed = seed_from_env(5);
  IKECORE_SIM_SEED_INFO(seed);
  // No loss (so that no liveness check fails for want of luck), but
  // duplication and reordering.
  LinkFaults faults;
  faults.duplicate = 0.05;
  faults.reorder = 0.10;
  Simulation sim(seed, faults, [](ResponderConfig& c) {
    c.dpd_interval = seconds(10);
    c.dpd_retries = 2;
    c.retransmit_timeout = seconds(2);
  });
  constexpr size_t kClients = 20, kRebound = 10;  // the even ones are rebound
  for (size_t i = 0; i < kClients; ++i) sim.add_client(kStart + milliseconds(static_cast<int64_t>(sim.random().below(2000))));
  REQUIRE(sim.run_until(kStart + minutes(5), [&] { return sim.established_clients() == kClients; }));

  // Rebinding at R (spread over 1 s); each rebound client speaks 5 s later,
  // before the responder's first liveness check (10 s after it last heard
  // from the client; the case of a check outstanding to the old port is the
  // next test).
  const TimePoint r = sim.now() + seconds(1);
  for (size_t i = 0; i < kRebound; ++i) {
    SimClient& c = *sim.clients()[2 * i];
    const TimePoint at = r + milliseconds(static_cast<int64_t>(100 * i));
    sim.network().rebind(c.self(), static_cast<uint16_t>(40000 + i), at);
    sim.at_client(2 * i, at + seconds(5), [](SimClient& client, TimePoint now) { client.send_liveness_check(now); });
  }
  // Just before anyone speaks: the responder still has the old ports (it
  // follows only authenticated requests, §2.23).
  sim.run_until(r + seconds(4));
  std::map<uint64_t, Endpoint> before = remote_by_spi_r(sim);
  for (size_t i = 0; i < kClients; ++i) {
    const SimClient& c = *sim.clients()[i];
    REQUIRE(before.contains(c.spi_r()));
    CHECK(before[c.spi_r()].port == 500);
  }
  // Once each has spoken, plus the time for the answer to arrive.
  sim.run_until(r + seconds(7));
  INFO(sim.summary());
  report(sim.summary());
  std::map<uint64_t, Endpoint> after = remote_by_spi_r(sim);
  for (size_t i = 0; i < kClients; ++i) {
    const SimClient& c = *sim.clients()[i];
    INFO("client " << i);
    REQUIRE(after.contains(c.spi_r()));
    if (i % 2 == 0) {
      CHECK(after[c.spi_r()].port == 40000 + i / 2);
      CHECK(after[c.spi_r()].address == c.self().address);
      CHECK(c.stats().liveness_answered == 1);  // the answer reached the new port
    } else {
      CHECK(after[c.spi_r()] == c.self());
    }
  }

  // A minute on, several liveness checks later: every SA is still there,
  // each at its client's current public endpoint, and all were answered.
  std::vector<uint32_t> answered;
  for (const auto& c : sim.clients()) answered.push_back(c->stats().requests_answered);
  sim.run_until(sim.now() + minutes(1));
  CHECK(sim.responder().sa_count() == kClients);
  CHECK(sim.pool().leases() == kClients);
  std::map<uint64_t, Endpoint> later = remote_by_spi_r(sim);
  for (size_t i = 0; i < kClients; ++i) {
    const SimClient& c = *sim.clients()[i];
    INFO("client " << i);
    CHECK(c.established());
    CHECK(later[c.spi_r()] == sim.network().outside(c.self(), sim.now()));
    CHECK(c.stats().requests_answered > answered[i]);  // DPD reached it, at its new port too
  }
}

// The responder's liveness check goes to the old port and is lost, as are
// its retransmissions; the client's authenticated request then arrives from
// the new port (so the peer is alive, §2.4: "receipt of a fresh
// cryptographically protected message ... ensures liveness"). The SA
// follows the peer (§2.23) and the outstanding check is sent again to the
// new endpoint, where it is answered: the SA must stay.
TEST_CASE("A liveness check lost to a client's old NAT port does not kill an SA the client has since used",
          "[sim][nat]") {
  const uint64_t seed = seed_from_env(7);
  IKECORE_SIM_SEED_INFO(seed);
  LinkFaults exact;  // fixed delays, no faults: the timeline below is exact
  exact.jitter = Duration::zero();
  Simulation sim(seed, exact, [](ResponderConfig& c) {
    c.dpd_interval = seconds(10);
    c.dpd_retries = 2;
    c.retransmit_timeout = seconds(2);
  });
  sim.add_client(kStart);
  REQUIRE(sim.run_until(kStart + seconds(5), [&] { return sim.established_clients() == 1; }));
  const TimePoint e = sim.now();  // last heard by the responder about 10 ms before
  SimClient& c = *sim.clients()[0];
  // The NAT rebinds at E + 5 s. The responder checks at about E + 10 s and
  // resends at E + 12 s and E + 16 s: all to the old port, all lost. The
  // client speaks at E + 17 s, from the new port, and is answered; the
  // responder would give up the check at about E + 24 s.
  sim.network().rebind(c.self(), 40000, e + seconds(5));
  sim.at_client(0, e + seconds(17), [](SimClient& client, TimePoint now) { client.send_liveness_check(now); });
  sim.run_until(e + seconds(18));
  INFO(sim.summary());
  REQUIRE(c.stats().liveness_answered == 1);
  REQUIRE(sim.network().stats().unroutable == 3);  // the check and its two retransmissions
  sim.run_until(e + seconds(40));
  INFO(sim.summary());
  report(sim.summary());
  for (const std::string& why : sim.deleted()) report("IKE SA deleted: " + why);
  CHECK(sim.responder().sa_count() == 1);
  CHECK(sim.pool().leases() == 1);
}
