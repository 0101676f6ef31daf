// One simulated run: a Responder with in-memory providers, the simulated
// network, the clients, and the loop that advances virtual time to the next
// event: a delivery, a scheduled action (a client's start or timer, a test's
// own step) or the responder's next_timeout(). Nothing reads a real clock;
// all randomness comes from the seed.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "ikecore/responder/memory_providers.h"
#include "ikecore/responder/responder.h"
#include "seeded_crypto.h"
#include "sim_client.h"
#include "sim_network.h"
#include "sim_random.h"

namespace ikecore::sim {

// Virtual time starts here (any fixed point would do).
inline const TimePoint kStart = TimePoint(std::chrono::hours(1));
inline const Endpoint kResponderEndpoint = Endpoint::v4(192, 0, 2, 1, 500);
inline const char kSimPsk[] = "simulated shared secret";

class Simulation {
 public:
  // `tune` adjusts the responder's configuration (a PSK connection with an
  // IPv4 pool large enough for every client) before it is built.
  Simulation(uint64_t seed, const LinkFaults& faults, const std::function<void(ResponderConfig&)>& tune);

  // A client with an address and identity of its own ("client-N@sim.test",
  // PSK), asking for an address and a CHILD SA, AES-GCM for IKE; it starts
  // at `start`.
  SimClient& add_client(TimePoint start, const std::function<void(SimClientOptions&)>& tune = {});
  std::vector<std::unique_ptr<SimClient>>& clients() { return clients_; }

  // Runs `action` at `at` (ordered with every other event).
  void at(TimePoint at, std::function<void(TimePoint)> action);
  // Runs `action` on client `index` at `at`, then sends what it queued.
  void at_client(size_t index, TimePoint at, std::function<void(SimClient&, TimePoint)> action);
  // A datagram that reaches the responder directly, past the network's
  // faults (a spoofing attacker next to it).
  void inject(const Datagram& d, TimePoint now);
  // Called after every event, e.g. to check a bound all along the run.
  void on_each_event(std::function<void()> check) { check_ = std::move(check); }

  // Processes every event up to `end` (inclusive); virtual time is then `end`.
  void run_until(TimePoint end);
  // ... or until `done()` holds after an event; false if `end` came first.
  bool run_until(TimePoint end, const std::function<bool()>& done);

  TimePoint now() const { return now_; }
  Responder& responder() { return *responder_; }
  SimNetwork& network() { return network_; }
  SimRandom& random() { return random_; }
  MemoryAddressPool& pool() { return pool_; }
  RecordingInstaller& installer() { return installer_; }
  uint64_t events(Event::Kind kind) const { return events_[static_cast<size_t>(kind)]; }
  uint64_t steps() const { return steps_; }
  // The reasons given by kIkeSaDeleted events, in order.
  const std::vector<std::string>& deleted() const { return deleted_; }
  // Clients established now (kept as they change, so checking is cheap).
  size_t established_clients() const { return established_; }
  // The responder's drop counters and the network's, one line (for INFO).
  std::string summary() const;

 private:
  struct Action {
    TimePoint at;
    uint64_t seq;
    std::function<void(TimePoint)> run;
  };
  bool step(TimePoint end);
  void flush_responder();
  void flush_client(size_t index);

  SimRandom random_;
  // Separate streams, so the clients' draws do not shift the responder's.
  test::SeededCrypto responder_crypto_;
  test::SeededCrypto client_crypto_;
  MemoryCredentials credentials_;
  MemoryAddressPool pool_;
  RecordingInstaller installer_;
  std::unique_ptr<Responder> responder_;
  SimNetwork network_;
  std::vector<std::unique_ptr<SimClient>> clients_;
  absl::flat_hash_map<Endpoint, size_t> client_by_endpoint_;
  std::vector<bool> counted_;                         // established, as last counted
  std::vector<std::optional<TimePoint>> scheduled_;   // each client's timer entry
  size_t established_ = 0;
  std::vector<Action> actions_;  // a min-heap on (at, seq)
  uint64_t next_seq_ = 0;
  TimePoint now_ = kStart;
  std::function<void()> check_;
  std::array<uint64_t, 8> events_{};
  uint64_t steps_ = 0;
  std::vector<std::string> deleted_;
};

}  // namespace ikecore::sim
