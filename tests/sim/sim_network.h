// A simulated network between clients and one responder, on a virtual
// clock: each datagram sent is scheduled for delivery after a delay, or
// lost, duplicated, held back (so later ones overtake it) or truncated, as
// the fault model draws. A NAT in front of a client can change its public
// port at a chosen time (rebinding).
//
// A Datagram names the responder's end `local` and the client's end
// `remote` in both directions (as the engine does), so each scheduled
// datagram also carries its direction.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "ikecore/base/endpoint.h"
#include "ikecore/base/time.h"
#include "ikecore/responder/responder.h"
#include "sim_random.h"

namespace ikecore::sim {

enum class Direction : uint8_t { kToResponder, kToClient };

// Probabilities are per datagram and drawn independently.
struct LinkFaults {
  double loss = 0;
  double duplicate = 0;  // a second copy, with a delay of its own
  double reorder = 0;    // an extra delay of up to `reorder_delay`
  double truncate = 0;   // cut to a random shorter length (at least 1 byte lost)
  Duration delay = std::chrono::milliseconds(10);  // one way
  Duration jitter = std::chrono::milliseconds(5);  // uniform 0..jitter on top
  Duration reorder_delay = std::chrono::milliseconds(300);

  // The longest a datagram can be in flight; a host that sent nothing for
  // this long has nothing left in the network.
  Duration max_delay() const { return delay + jitter + reorder_delay; }
};

struct Delivery {
  TimePoint at;
  uint64_t seq = 0;  // ties broken by sending order: the run stays deterministic
  Direction direction{};
  Datagram datagram;
};

class SimNetwork {
 public:
  SimNetwork(SimRandom& random, LinkFaults faults) : random_(random), faults_(faults) {}

  void set_faults(const LinkFaults& faults) { faults_ = faults; }
  const LinkFaults& faults() const { return faults_; }

  // A client at `inside` can receive; datagrams to anything else (spoofed
  // sources) are discarded when sent, so they cost no memory here.
  void attach(const Endpoint& inside) { hosts_.insert(inside); }

  // From `at` on, the NAT in front of `inside` maps it to public port
  // `port`: the client's datagrams leave with that source port, and
  // datagrams still addressed to the old public port find no mapping and
  // are lost (a NAT that rebinds after an idle timeout).
  void rebind(const Endpoint& inside, uint16_t port, TimePoint at);
  // The public endpoint of `inside` at `now`.
  Endpoint outside(const Endpoint& inside, TimePoint now) const;

  // Schedules `d` (or drops it) as the fault model draws. To the responder,
  // the source is translated by the client's NAT as it is sent.
  void send(Direction direction, Datagram d, TimePoint now);

  std::optional<TimePoint> next_delivery() const;
  // The earliest scheduled delivery; for one to a client, its address is
  // translated back to the inside one, or nullopt when the NAT has no
  // mapping for it any more (the delivery is consumed either way).
  std::optional<Delivery> pop();
  size_t in_flight() const { return queue_.size(); }

  struct Stats {
    uint64_t sent = 0, lost = 0, duplicated = 0, reordered = 0, truncated = 0, delivered = 0;
    uint64_t unroutable = 0;  // to no attached host, or to a stale NAT mapping
  };
  const Stats& stats() const { return stats_; }

 private:
  struct Nat {
    Endpoint inside;
    uint16_t port;
    TimePoint at;
  };
  void schedule(Direction direction, Datagram d, TimePoint now);
  std::optional<Endpoint> inside(const Endpoint& outside, TimePoint now) const;

  SimRandom& random_;
  LinkFaults faults_;
  absl::flat_hash_set<Endpoint> hosts_;
  std::vector<Nat> nats_;          // a few rebindings per test
  std::vector<Delivery> queue_;    // a min-heap on (at, seq)
  uint64_t next_seq_ = 0;
  Stats stats_;
};

}  // namespace ikecore::sim
