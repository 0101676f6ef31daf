// Clients that vanish (issue 5): dead peer detection (RFC 7296 §2.4) must
// remove every one of their IKE SAs, CHILD SAs and leases, while clients
// that answer the liveness checks keep theirs.
#include <chrono>
#include <set>

#include "sim_test_util.h"

using namespace ikecore;
using namespace ikecore::sim;
using std::chrono::minutes;
using std::chrono::seconds;

TEST_CASE("200 clients connect and 100 vanish: after the DPD period exactly the 100 live SAs and leases remain",
          "[sim][dpd]") {
  const uint64_t seed = seed_from_env(3);
  IKECORE_SIM_SEED_INFO(seed);
  // Duplication and reordering but no loss: a live client must not be
  // declared dead because three liveness checks in a row were lost (with
  // 10 % loss each way that happens to 0.7 % of checks), which would make
  // the exact counts below depend on the seed.
  LinkFaults faults;
  faults.duplicate = 0.05;
  faults.reorder = 0.10;
  Simulation sim(seed, faults, [](ResponderConfig& c) {
    c.dpd_interval = seconds(10);
    c.dpd_retries = 2;
    c.retransmit_timeout = seconds(2);
  });
  for (size_t i = 0; i < 200; ++i) sim.add_client(kStart + seconds(static_cast<int64_t>(sim.random().below(5))));
  REQUIRE(sim.run_until(kStart + minutes(5), [&] { return sim.established_clients() == 200; }));
  // A duplicate of an IKE_SA_INIT request delivered after the client's
  // IKE_AUTH makes the responder start a second, orphan half-open SA (see
  // the report of this test's seed 3); it is gone after the 30 s half-open
  // timeout. Meanwhile everyone answers the first liveness checks.
  sim.run_until(sim.now() + seconds(30) + sim.network().faults().max_delay());
  REQUIRE(sim.responder().sa_count() == 200);
  REQUIRE(sim.pool().leases() == 200);

  // Every second client vanishes now: it sends and answers nothing more.
  const TimePoint vanished_at = sim.now();
  const uint64_t deleted_before = sim.events(Event::Kind::kIkeSaDeleted);
  for (size_t i = 0; i < 200; i += 2) sim.clients()[i]->vanish();

  // The responder checks a peer heard from last at T at T + 10 s, resends
  // the check after 2 s and then 4 s, and gives up 8 s after that:
  // T + 10 + 2 + 4 + 8 = T + 24 s. A vanished client was last heard at most
  // one network delay after it vanished, so by then all of them are gone.
  const Duration dpd_period = seconds(10) + seconds(2) * (1 + 2 + 4);
  REQUIRE(dpd_period == seconds(24));
  sim.run_until(vanished_at + sim.network().faults().max_delay() + dpd_period);
  INFO(sim.summary());
  report(sim.summary());

  std::set<std::pair<uint64_t, uint64_t>> spis = responder_spis(sim);
  size_t live_kept = 0, dead_kept = 0, live_answered = 0;
  for (size_t i = 0; i < 200; ++i) {
    const SimClient& c = *sim.clients()[i];
    bool kept = spis.contains({c.spi_i(), c.spi_r()});
    if (i % 2 == 0) {
      dead_kept += kept;
    } else {
      live_kept += kept;
      live_answered += c.stats().requests_answered > 0;
    }
  }
  CHECK(dead_kept == 0);
  CHECK(live_kept == 100);
  CHECK(live_answered == 100);  // each live client was checked and answered
  CHECK(sim.responder().sa_count() == 100);
  CHECK(sim.pool().leases() == 100);
  CHECK(sim.installer().installed().size() == 100);
  CHECK(sim.events(Event::Kind::kIkeSaDeleted) - deleted_before == 100);

  // And it stays so: the live ones keep answering, checks every 10 s.
  sim.run_until(sim.now() + minutes(2));
  CHECK(sim.responder().sa_count() == 100);
  CHECK(sim.pool().leases() == 100);
  CHECK(sim.installer().installed().size() == 100);
  size_t established = 0;
  for (size_t i = 1; i < 200; i += 2) established += sim.clients()[i]->established();
  CHECK(established == 100);
}
