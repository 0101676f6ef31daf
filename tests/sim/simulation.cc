#include "simulation.h"

#include <algorithm>
#include <stdexcept>

#include "absl/strings/str_format.h"

namespace ikecore::sim {
namespace {

template <class T>
bool later(const T& a, const T& b) { return a.at != b.at ? a.at > b.at : a.seq > b.seq; }

// Client n's address: 198.18.0.0/15 (RFC 2544's benchmarking range), so no
// spoofed or server address collides with it.
Endpoint client_endpoint(size_t n) {
  return Endpoint::v4(198, static_cast<uint8_t>(18 + (n >> 16)), static_cast<uint8_t>(n >> 8),
                      static_cast<uint8_t>(n), 500);
}

}  // namespace

Simulation::Simulation(uint64_t seed, const LinkFaults& faults, const std::function<void(ResponderConfig&)>& tune)
    : random_(seed),
      responder_crypto_(seed ^ 0x7265737030000001u),
      client_crypto_(seed ^ 0x636c69656e740002u),
      network_(random_, faults) {
  pool_.add_pool("vpn", *IpRange::parse("10.3.0.0/16"));
  ResponderConfig config;
  ConnectionPolicy c;
  c.name = "sim";
  c.local_id = *Identity::parse("vpn.sim.test");
  c.local_auth = AuthKind::kPsk;
  c.remote_auth = AuthKind::kPsk;
  c.attributes.pool = "vpn";
  config.connections = {c};
  if (tune) tune(config);
  responder_ = std::make_unique<Responder>(
      config, Providers{.crypto = responder_crypto_, .credentials = &credentials_, .pool = &pool_, .installer = &installer_, .unix_time = {}});
}

SimClient& Simulation::add_client(TimePoint start, const std::function<void(SimClientOptions&)>& tune) {
  const size_t index = clients_.size();
  const Endpoint self = client_endpoint(index + 1);
  SimClientOptions o;
  std::string id = absl::StrFormat("client-%u@sim.test", index + 1);
  o.initiator.id = *Identity::parse(id);
  o.initiator.psk = kSimPsk;
  o.initiator.ike_aead = true;  // one AEAD pass instead of CBC + HMAC
  o.initiator.esp_spi = static_cast<uint32_t>(0x10000000u + index);
  if (tune) tune(o);
  credentials_.add_shared_key(o.initiator.id,
                              SecretBytes(ByteView(reinterpret_cast<const uint8_t*>(o.initiator.psk.data()), o.initiator.psk.size())));
  clients_.push_back(std::make_unique<SimClient>(client_crypto_, self, kResponderEndpoint, std::move(o)));
  client_by_endpoint_[self] = index;
  counted_.push_back(false);
  scheduled_.push_back(std::nullopt);
  network_.attach(self);
  at(start, [this, index](TimePoint now) {
    clients_[index]->start(now);
    flush_client(index);
  });
  return *clients_.back();
}

void Simulation::at(TimePoint when, std::function<void(TimePoint)> action) {
  actions_.push_back(Action{when, next_seq_++, std::move(action)});
  std::push_heap(actions_.begin(), actions_.end(), later<Action>);
}

void Simulation::at_client(size_t index, TimePoint when, std::function<void(SimClient&, TimePoint)> action) {
  at(when, [this, index, action = std::move(action)](TimePoint now) {
    action(*clients_[index], now);
    flush_client(index);
  });
}

void Simulation::inject(const Datagram& d, TimePoint now) {
  responder_->feed(d, now);
  flush_responder();
}

void Simulation::flush_responder() {
  while (std::optional<Datagram> d = responder_->poll_output())
    network_.send(Direction::kToClient, std::move(*d), now_);
  while (std::optional<Event> e = responder_->poll_event()) {
    size_t k = static_cast<size_t>(e->kind);
    if (k < events_.size()) ++events_[k];
    if (e->kind == Event::Kind::kIkeSaDeleted) deleted_.push_back(std::move(e->detail));
  }
}

void Simulation::flush_client(size_t index) {
  SimClient& c = *clients_[index];
  for (Datagram& d : c.take_output()) network_.send(Direction::kToResponder, std::move(d), now_);
  if (c.established() != counted_[index]) {
    counted_[index] = c.established();
    if (c.established())
      ++established_;
    else
      --established_;
  }
  // One timer entry per deadline; entries whose deadline has changed since
  // are skipped when they come up.
  std::optional<TimePoint> deadline = c.deadline();
  if (deadline && deadline != scheduled_[index]) {
    scheduled_[index] = deadline;
    TimePoint when = *deadline;
    at(when, [this, index, when](TimePoint now) {
      SimClient& client = *clients_[index];
      if (client.deadline() != when) return;
      scheduled_[index].reset();
      client.on_timer(now);
      flush_client(index);
    });
  }
}

bool Simulation::step(TimePoint end) {
  // The earliest event; on a tie deliveries first, then actions, then the
  // responder's timers: a fixed order keeps the run deterministic.
  std::optional<TimePoint> delivery = network_.next_delivery();
  std::optional<TimePoint> action;
  if (!actions_.empty()) action = actions_.front().at;
  std::optional<TimePoint> timeout = responder_->next_timeout();
  TimePoint next = end;
  bool any = false;
  for (const auto& t : {delivery, action, timeout})
    if (t && (!any || *t < next)) next = *t, any = true;
  if (!any || next > end) return false;
  now_ = std::max(now_, next);
  ++steps_;
  if (delivery && *delivery == next) {
    if (std::optional<Delivery> d = network_.pop()) {
      if (d->direction == Direction::kToResponder) {
        responder_->feed(d->datagram, now_);
        flush_responder();
      } else if (auto it = client_by_endpoint_.find(d->datagram.remote); it != client_by_endpoint_.end()) {
        clients_[it->second]->receive(d->datagram, now_);
        flush_client(it->second);
      }
    }
  } else if (action && *action == next) {
    std::pop_heap(actions_.begin(), actions_.end(), later<Action>);
    Action a = std::move(actions_.back());
    actions_.pop_back();
    a.run(now_);
  } else {
    responder_->handle_timeout(now_);
    flush_responder();
    // The engine promises an exact next_timeout(): one still due now would
    // spin this loop forever.
    if (std::optional<TimePoint> again = responder_->next_timeout(); again && *again <= now_)
      throw std::logic_error("the responder's next_timeout() did not move past handle_timeout(now)");
  }
  if (check_) check_();
  return true;
}

void Simulation::run_until(TimePoint end) {
  while (step(end)) {
  }
  now_ = std::max(now_, end);
}

bool Simulation::run_until(TimePoint end, const std::function<bool()>& done) {
  while (!done()) {
    if (!step(end)) {
      now_ = std::max(now_, end);
      return done();
    }
  }
  return true;
}

std::string Simulation::summary() const {
  std::string s = absl::StrFormat("t=+%.3fs steps=%u responder SAs=%u dropped:",
                                  std::chrono::duration<double>(now_ - kStart).count(), steps_,
                                  responder_->sa_count());
  for (size_t r = 0; r < static_cast<size_t>(DropReason::kCount); ++r)
    if (uint64_t n = responder_->dropped(static_cast<DropReason>(r)))
      absl::StrAppendFormat(&s, " %s=%u", to_string(static_cast<DropReason>(r)), n);
  const SimNetwork::Stats& n = network_.stats();
  absl::StrAppendFormat(&s,
                        "; network: sent=%u lost=%u duplicated=%u reordered=%u truncated=%u delivered=%u "
                        "unroutable=%u",
                        n.sent, n.lost, n.duplicated, n.reordered, n.truncated, n.delivered, n.unroutable);
  return s;
}

}  // namespace ikecore::sim
