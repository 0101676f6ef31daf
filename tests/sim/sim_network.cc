#include "sim_network.h"

#include <algorithm>
#include <utility>

namespace ikecore::sim {
namespace {

// std::push_heap keeps the largest first: "later" is "less".
bool later(const Delivery& a, const Delivery& b) { return a.at != b.at ? a.at > b.at : a.seq > b.seq; }

}  // namespace

void SimNetwork::rebind(const Endpoint& inside, uint16_t port, TimePoint at) { nats_.push_back(Nat{inside, port, at}); }

Endpoint SimNetwork::outside(const Endpoint& inside, TimePoint now) const {
  Endpoint e = inside;
  for (const Nat& n : nats_)
    if (n.inside == inside && n.at <= now) e.port = n.port;  // the latest rebinding in force
  return e;
}

std::optional<Endpoint> SimNetwork::inside(const Endpoint& outside_endpoint, TimePoint now) const {
  // A rebound client is reached only at its current public endpoint.
  for (const Nat& n : nats_) {
    Endpoint in = n.inside;
    if (outside(in, now) == outside_endpoint) return in;
  }
  bool rebound = std::any_of(nats_.begin(), nats_.end(),
                             [&](const Nat& n) { return n.inside == outside_endpoint && n.at <= now; });
  if (rebound || !hosts_.contains(outside_endpoint)) return std::nullopt;
  return outside_endpoint;
}

void SimNetwork::send(Direction direction, Datagram d, TimePoint now) {
  ++stats_.sent;
  if (direction == Direction::kToResponder) {
    d.remote = outside(d.remote, now);
  } else if (!inside(d.remote, now)) {
    // Nobody there (a spoofed source): the datagram vanishes at once.
    ++stats_.unroutable;
    return;
  }
  if (random_.chance(faults_.loss)) {
    ++stats_.lost;
    return;
  }
  if (random_.chance(faults_.duplicate)) {
    ++stats_.duplicated;
    schedule(direction, d, now);
  }
  schedule(direction, std::move(d), now);
}

void SimNetwork::schedule(Direction direction, Datagram d, TimePoint now) {
  Duration delay = faults_.delay;
  if (faults_.jitter.count() > 0) delay += Duration(random_.below(static_cast<uint64_t>(faults_.jitter.count()) + 1));
  if (random_.chance(faults_.reorder) && faults_.reorder_delay.count() > 0) {
    ++stats_.reordered;
    delay += Duration(random_.below(static_cast<uint64_t>(faults_.reorder_delay.count()) + 1));
  }
  if (!d.data.empty() && random_.chance(faults_.truncate)) {
    ++stats_.truncated;
    d.data.resize(random_.below(d.data.size()));
  }
  queue_.push_back(Delivery{now + delay, next_seq_++, direction, std::move(d)});
  std::push_heap(queue_.begin(), queue_.end(), later);
}

std::optional<TimePoint> SimNetwork::next_delivery() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.front().at;
}

std::optional<Delivery> SimNetwork::pop() {
  if (queue_.empty()) return std::nullopt;
  std::pop_heap(queue_.begin(), queue_.end(), later);
  Delivery d = std::move(queue_.back());
  queue_.pop_back();
  if (d.direction == Direction::kToClient) {
    std::optional<Endpoint> in = inside(d.datagram.remote, d.at);
    if (!in) {
      ++stats_.unroutable;
      return std::nullopt;
    }
    d.datagram.remote = *in;
  }
  ++stats_.delivered;
  return d;
}

}  // namespace ikecore::sim
