#include "ikecore/responder/responder.h"

#include <algorithm>

#include "session.h"

namespace ikecore {

namespace {
constexpr size_t kNonEspMarker = 4;  // RFC 3948 §2.2
}  // namespace

std::string to_string(DropReason r) {
  switch (r) {
    case DropReason::kMalformed: return "malformed";
    case DropReason::kInvalid: return "invalid";
    case DropReason::kUnknownSpi: return "unknown SPI";
    case DropReason::kRetransmitChanged: return "same message ID, different content";
    case DropReason::kNotImplemented: return "exchange not implemented";
    case DropReason::kUnexpected: return "unexpected";
    case DropReason::kKeepalive: return "NAT keepalive";
    case DropReason::kCount: break;
  }
  return "?";
}

const char* to_string(Responder::Session::State s) {
  switch (s) {
    case Responder::Session::State::kWaitKeyPair: return "R_INIT (waiting for the key pair)";
    case Responder::Session::State::kWaitSharedSecret: return "R_INIT (waiting for the shared secret)";
    case Responder::Session::State::kInitDone: return "WAIT_AUTH";
  }
  return "?";
}

Responder::Responder(ResponderConfig config, CryptoProvider& crypto) : config_(std::move(config)), crypto_(crypto) {}
Responder::~Responder() = default;

void Responder::feed(const Datagram& in, TimePoint now) {
  ByteView data = in.data;
  if (in.local.port == 4500) {
    // RFC 3948 §2.2-2.3: a single 0xFF is a NAT keepalive, a non-zero first
    // word is an ESP SPI, four zero bytes precede an IKE message.
    if (data.size() == 1 && data[0] == 0xff) return drop(DropReason::kKeepalive);
    if (data.size() < kNonEspMarker) return drop(DropReason::kMalformed);
    if (data[0] | data[1] | data[2] | data[3]) {
      Event e;
      e.kind = Event::Kind::kEspPacket;
      e.esp = in;
      events_.push_back(std::move(e));
      return;
    }
    data.remove_prefix(kNonEspMarker);
  }
  Message& m = parsed_;
  ParseError e = parse_message(data, m);
  if (!e.ok()) {
    drop(DropReason::kMalformed);
    // §1.5: a request of another major version gets INVALID_MAJOR_VERSION.
    if (e.notify == NotifyType::kInvalidMajorVersion && !m.header.response() &&
        m.header.exchange == ExchangeType::kIkeSaInit && m.header.spi_i != 0)
      answer_with_notify(in, m.header, NotifyType::kInvalidMajorVersion, {});
    return;
  }
  if (m.header.exchange == ExchangeType::kIkeSaInit) {
    if (m.header.response()) return drop(DropReason::kUnexpected);  // we never initiate
    return on_ike_sa_init(in, data, m, now);
  }
  if (!by_spi_r_.contains(m.header.spi_r)) return drop(DropReason::kUnknownSpi);
  drop(DropReason::kNotImplemented);
}

std::optional<Datagram> Responder::poll_output() {
  if (output_.empty()) return std::nullopt;
  Datagram d = std::move(output_.front());
  output_.pop_front();
  return d;
}

std::optional<Event> Responder::poll_event() {
  if (events_.empty()) return std::nullopt;
  Event e = std::move(events_.front());
  events_.pop_front();
  return e;
}

std::optional<TimePoint> Responder::next_timeout() const {
  // Stale entries (SAs gone or re-armed) may sit at the front; they only make
  // the host call handle_timeout() early, which then discards them.
  if (timers_.empty()) return std::nullopt;
  return timers_.begin()->first;
}

void Responder::handle_timeout(TimePoint now) {
  while (!timers_.empty() && timers_.begin()->first <= now) {
    auto [deadline, spi_r] = *timers_.begin();
    timers_.erase(timers_.begin());
    auto it = by_spi_r_.find(spi_r);
    if (it == by_spi_r_.end() || it->second->deadline != deadline) continue;
    remove(spi_r, "half-open timeout: no IKE_AUTH");
  }
}

void Responder::arm_timer(Session& s, TimePoint deadline) {
  s.deadline = deadline;
  timers_.emplace(deadline, s.spi_r);
}

void Responder::complete(Ticket ticket, ProviderAnswer answer, TimePoint now) {
  auto p = pending_.find(static_cast<uint64_t>(ticket));
  if (p == pending_.end()) return;
  uint64_t spi_r = p->second;
  pending_.erase(p);
  auto it = by_spi_r_.find(spi_r);
  if (it == by_spi_r_.end()) return;  // the SA went away meanwhile
  Session& s = *it->second;
  if (s.state == Session::State::kWaitKeyPair) {
    auto* kp = std::get_if<absl::StatusOr<std::unique_ptr<KeyExchange>>>(&answer);
    if (!kp || !kp->ok() || !**kp) return remove(spi_r, "key pair generation failed");
    s.ke = std::move(**kp);
    s.state = Session::State::kWaitSharedSecret;
  } else if (s.state == Session::State::kWaitSharedSecret) {
    auto* secret = std::get_if<absl::StatusOr<SecretBytes>>(&answer);
    if (!secret || !secret->ok()) return remove(spi_r, "shared secret derivation failed");
    s.shared_secret = std::move(**secret);
  } else {
    return;
  }
  continue_init(s, now);
}

std::vector<IkeSaView> Responder::sas() const {
  std::vector<IkeSaView> out;
  out.reserve(by_spi_r_.size());
  for (const auto& [spi, s] : by_spi_r_) {
    IkeSaView v;
    v.spi_i = s->spi_i;
    v.spi_r = s->spi_r;
    v.local = s->local;
    v.remote = s->remote;
    v.state = to_string(s->state);
    v.suite = s->suite;
    v.nat_local = s->nat_local;
    v.nat_remote = s->nat_remote;
    v.peer_fragmentation = s->peer_fragmentation;
    out.push_back(std::move(v));
  }
  std::sort(out.begin(), out.end(), [](const IkeSaView& a, const IkeSaView& b) { return a.spi_r < b.spi_r; });
  return out;
}

void Responder::send(const Endpoint& local, const Endpoint& remote, ByteView ike) {
  Datagram d{local, remote, {}};
  if (local.port == 4500) d.data.assign(kNonEspMarker, 0);
  d.data.insert(d.data.end(), ike.begin(), ike.end());
  output_.push_back(std::move(d));
}

void Responder::remove(uint64_t spi_r, const std::string& reason) {
  auto it = by_spi_r_.find(spi_r);
  if (it == by_spi_r_.end()) return;
  by_init_.erase(InitKey{it->second->spi_i, it->second->remote});
  Event e;
  e.kind = Event::Kind::kIkeSaDeleted;
  e.spi_i = it->second->spi_i;
  e.spi_r = spi_r;
  e.detail = reason;
  events_.push_back(std::move(e));
  by_spi_r_.erase(it);
}

uint64_t Responder::new_spi() {
  for (;;) {
    uint8_t b[8];
    crypto_.random(absl::MakeSpan(b));
    uint64_t spi = 0;
    for (uint8_t x : b) spi = spi << 8 | x;
    if (spi != 0 && !by_spi_r_.contains(spi)) return spi;
  }
}

}  // namespace ikecore
