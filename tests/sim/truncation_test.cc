// Truncated datagrams in the mix (issue 5): a datagram cut short, either
// way, is dropped by whoever receives it (a structural parse or ICV
// failure, RFC 7296 §2.21.1 / §3.1) and the client's retransmission
// (§2.1) makes up for it. Nobody is stopped, and nothing is left over.
#include <chrono>
#include <set>

#include "sim_test_util.h"

using namespace ikecore;
using namespace ikecore::sim;
using std::chrono::minutes;
using std::chrono::seconds;

TEST_CASE("Truncated datagrams (5 %) with loss, duplication and reordering: every client still connects",
          "[sim][truncation]") {
  const uint64_t seed = seed_from_env(6);
  IKECORE_SIM_SEED_INFO(seed);
  LinkFaults faults;
  faults.loss = 0.05;
  faults.duplicate = 0.05;
  faults.reorder = 0.10;
  faults.truncate = 0.05;
  Simulation sim(seed, faults, [](ResponderConfig& c) { c.half_open_timeout = seconds(30); });
  constexpr size_t kClients = 300;
  for (size_t i = 0; i < kClients; ++i)
    sim.add_client(kStart + seconds(static_cast<int64_t>(sim.random().below(10))));
  const bool all = sim.run_until(kStart + minutes(15), [&] { return sim.established_clients() == kClients; });
  INFO(sim.summary());
  REQUIRE(all);
  // Late duplicates and half-open stragglers settle within the half-open timeout.
  sim.run_until(sim.now() + seconds(30) + faults.max_delay());
  INFO(sim.summary());
  report(sim.summary());

  std::set<std::pair<uint64_t, uint64_t>> spis = responder_spis(sim);
  size_t missing = 0;
  for (const auto& c : sim.clients()) missing += !spis.contains({c->spi_i(), c->spi_r()});
  CHECK(missing == 0);
  CHECK(sim.responder().sa_count() == kClients);
  CHECK(sim.pool().leases() == kClients);
  CHECK(sim.installer().installed().size() == kClients);
  // The truncation did happen, and the responder saw some of it.
  CHECK(sim.network().stats().truncated > 0);
  CHECK(sim.responder().dropped(DropReason::kMalformed) + sim.responder().dropped(DropReason::kIntegrity) > 0);
}
