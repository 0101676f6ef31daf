// A flood of spoofed IKE_SA_INIT requests (issue 5; RFC 7296 §2.6): 100,000
// requests from random addresses with random SPIs, never answered, with 100
// legitimate clients among them. Past `cookie_threshold` half-open SAs the
// responder answers statelessly with a COOKIE, which only a client that
// receives its answers can return: the legitimate clients all connect, the
// state the flood makes stays bounded, and so does memory.
#include <algorithm>
#include <chrono>

#include "absl/strings/str_format.h"
#include "heap_usage.h"
#include "sim_test_util.h"

using namespace ikecore;
using namespace ikecore::sim;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

constexpr size_t kSpoofed = 100000;
constexpr size_t kLegitimate = 100;
constexpr size_t kThreshold = 50;

// Spoofed sources: 100.64.0.0/10 (shared address space), a random address
// and port each; no client lives there, so their answers go nowhere.
Datagram spoofed(const Datagram& request, SimRandom& random) {
  Datagram d = request;
  uint64_t r = random.next();
  d.remote = Endpoint::v4(100, static_cast<uint8_t>(64 + (r & 63)), static_cast<uint8_t>(r >> 8),
                          static_cast<uint8_t>(r >> 16), static_cast<uint16_t>(1024 + (r >> 24) % 64000));
  uint64_t spi = random.next() | 1;  // never zero (§3.1)
  for (size_t i = 0; i < 8; ++i) d.data[i] = static_cast<uint8_t>(spi >> (56 - 8 * i));
  return d;
}

}  // namespace

TEST_CASE("A flood of 100000 spoofed IKE_SA_INIT requests: 100 legitimate clients connect and state stays bounded",
          "[sim][flood]") {
  const uint64_t seed = seed_from_env(4);
  IKECORE_SIM_SEED_INFO(seed);
  LinkFaults faults;  // the legitimate clients' path: as lossy as in the connect test
  faults.loss = 0.10;
  faults.duplicate = 0.05;
  faults.reorder = 0.10;
  Simulation sim(seed, faults, [](ResponderConfig& c) {
    c.cookie_threshold = kThreshold;
    c.half_open_timeout = seconds(30);
  });

  // One request to copy; each copy gets its own source and SPIi (the same
  // nonce and KE value do not matter: nobody will finish the exchange).
  test::SeededCrypto attacker_crypto(seed ^ 0x6174746b00000003u);
  test::InitiatorOptions o;
  o.psk = "unknown";
  test::TestInitiator attacker(attacker_crypto, Endpoint::v4(100, 64, 0, 1, 500), kResponderEndpoint, o);
  const Datagram request = attacker.sa_init();

  // The flood: one request a millisecond for 100 s; the clients start at
  // random times within its first 90 s.
  const Duration every = milliseconds(1);
  for (size_t i = 0; i < kLegitimate; ++i)
    sim.add_client(kStart + milliseconds(static_cast<int64_t>(sim.random().below(90000))));
  size_t sent = 0;
  std::function<void(TimePoint)> flood = [&](TimePoint now) {
    sim.inject(spoofed(request, sim.random()), now);
    if (++sent < kSpoofed) sim.at(now + every, flood);
  };
  sim.at(kStart, flood);

  // Bounds, checked after every event. SAs: spoofed requests make half-open
  // SAs only while fewer than the threshold are half-open, so at most 50
  // are theirs; each legitimate client holds at most the SA of its current
  // attempt and one of an earlier attempt (replaced through
  // INITIAL_CONTACT, or gone at its half-open timeout).
  const size_t sa_bound = kThreshold + 2 * kLegitimate;
  // Heap: what the flood cannot grow is bounded by those SAs and the
  // clients: 16 KiB for each SA the bound allows and each legitimate client
  // (an established SA with its keys, CHILD SA, lease and retransmission
  // cache, or a half-open SA with its IKE_SA_INIT messages and key
  // exchange, takes a few KiB), and 1 MiB for the simulation's queues and
  // the allocator's slack. Under ASan each allocation also carries its
  // redzones, so the bound is doubled there. Unbounded half-open state
  // would need 100,000 SAs: hundreds of MiB.
  const HeapUsage before = heap_usage();
  size_t heap_bound = (sa_bound + kLegitimate) * 16 * 1024 + 1024 * 1024;
  if (before.sanitizer) heap_bound *= 2;
  size_t max_sas = 0, peak = before.bytes;
  sim.on_each_event([&] {
    max_sas = std::max(max_sas, sim.responder().sa_count());
    if (before.available && sim.steps() % 256 == 0) peak = std::max(peak, heap_usage().bytes);
  });

  const bool all = sim.run_until(kStart + minutes(20), [&] {
    return sent == kSpoofed && sim.established_clients() == kLegitimate;
  });
  const HeapUsage after = heap_usage();
  peak = std::max(peak, after.bytes);
  const std::string line = absl::StrFormat(
      "%s; max SAs %u (bound %u); heap %s: before %u, peak %u, growth %u (bound %u)", sim.summary(), max_sas,
      sa_bound, before.available ? (before.sanitizer ? "by ASan" : "by mallinfo2") : "not measured", before.bytes,
      peak, peak > before.bytes ? peak - before.bytes : 0, heap_bound);
  INFO(line);
  report(line);
  REQUIRE(all);
  CHECK(sent == kSpoofed);
  CHECK(max_sas <= sa_bound);
  if (before.available) {
    CHECK(peak - before.bytes < heap_bound);
  } else {
    WARN("heap growth not measured in this build (no mallinfo2 or sanitizer count)");
  }
  size_t cookies = 0;
  for (const auto& c : sim.clients()) cookies += c->stats().cookies > 0;
  // Nearly every legitimate client went through the cookie round trip; one
  // whose request lands in the moment after a flood SA timed out, before
  // the next spoofed request takes its place, is served without (seed 99).
  CHECK(cookies >= kLegitimate * 9 / 10);
  // The flood's half-open SAs expire; the legitimate SAs stay.
  sim.on_each_event({});
  sim.run_until(sim.now() + seconds(30) + faults.max_delay());
  CHECK(sim.responder().sa_count() == kLegitimate);
  CHECK(sim.pool().leases() == kLegitimate);
  CHECK(sim.installer().installed().size() == kLegitimate);
}
