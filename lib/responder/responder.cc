#include "ikecore/responder/responder.h"

#include <algorithm>

#include "engine.h"

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
    case DropReason::kOutsideWindow: return "message ID outside the window";
    case DropReason::kIntegrity: return "integrity check failed";
    case DropReason::kBusy: return "retransmission while the answer is pending";
    case DropReason::kUnexpected: return "unexpected";
    case DropReason::kKeepalive: return "NAT keepalive";
    case DropReason::kLimit: return "IKE SA limit reached";
    case DropReason::kCount: break;
  }
  return "?";
}

namespace internal {
const char* to_string(Session::State s) {
  switch (s) {
    case Session::State::kWaitKeyPair: return "R_INIT (waiting for the key pair)";
    case Session::State::kWaitSharedSecret: return "R_INIT (waiting for the shared secret)";
    case Session::State::kInitDone: return "WAIT_AUTH";
    case Session::State::kAuthenticating: return "AUTHENTICATING";
    case Session::State::kEap: return "WAIT_EAP";
    case Session::State::kEapDone: return "WAIT_EAP_AUTH";
    case Session::State::kEstablished: return "READY";
  }
  return "?";
}
}  // namespace internal

// --- the public face -------------------------------------------------------

Responder::Responder(ResponderConfig config, Providers providers)
    : engine_(std::make_unique<Engine>(std::move(config), providers)) {}
Responder::~Responder() = default;

void Responder::feed(const Datagram& in, TimePoint now) {
  engine_->feed(in, now);
  engine_->purge_stale_timers();
}

std::optional<Datagram> Responder::poll_output() {
  if (engine_->output.empty()) return std::nullopt;
  Datagram d = std::move(engine_->output.front());
  engine_->output.pop_front();
  return d;
}

std::optional<Event> Responder::poll_event() {
  if (engine_->events.empty()) return std::nullopt;
  Event e = std::move(engine_->events.front());
  engine_->events.pop_front();
  return e;
}

std::optional<TimePoint> Responder::next_timeout() const {
  // Exact: every entry point leaves a live entry at the front.
  if (engine_->timers.empty()) return std::nullopt;
  return engine_->timers.begin()->first;
}

void Responder::handle_timeout(TimePoint now) {
  engine_->handle_timeout(now);
  engine_->purge_stale_timers();
}
void Responder::complete(Ticket ticket, ProviderAnswer answer, TimePoint now) {
  engine_->complete(ticket, std::move(answer), now);
  engine_->purge_stale_timers();
}
std::vector<IkeSaView> Responder::sas(TimePoint now) const { return engine_->sas(now); }
uint64_t Responder::dropped(DropReason r) const { return engine_->drops[static_cast<size_t>(r)]; }
size_t Responder::sa_count() const { return engine_->by_spi_r.size(); }
void Responder::shutdown(TimePoint now) {
  engine_->shutdown(now);
  engine_->purge_stale_timers();
}
bool Responder::delete_ike_sa(uint64_t spi_r, TimePoint now) {
  bool found = engine_->delete_ike_sa(spi_r, now);
  engine_->purge_stale_timers();
  return found;
}
bool Responder::delete_child_sa(uint64_t spi_r, uint32_t spi_in, TimePoint now) {
  bool found = engine_->delete_child_sa(spi_r, spi_in, now);
  engine_->purge_stale_timers();
  return found;
}

// --- routing ---------------------------------------------------------------

void Responder::Engine::feed(const Datagram& in, TimePoint now) {
  clock = now;
  ByteView data = in.data;
  if (in.local.port == config.natt_port) {
    // RFC 3948 §2.2-2.3: a single 0xFF is a NAT keepalive, a non-zero first
    // word is an ESP SPI, four zero bytes precede an IKE message.
    if (data.size() == 1 && data[0] == 0xff) return drop(DropReason::kKeepalive, nullptr, "");
    if (data.size() < kNonEspMarker) return drop(DropReason::kMalformed, nullptr, "short datagram on the NAT-T port");
    if (data[0] | data[1] | data[2] | data[3]) {
      Event e;
      e.kind = Event::Kind::kEspPacket;
      e.esp = in;
      events.push_back(std::move(e));
      return;
    }
    data.remove_prefix(kNonEspMarker);
  }
  Message& m = parsed;
  ParseError e = parse_message(data, m);
  if (!e.ok()) {
    drop(DropReason::kMalformed, nullptr, e.detail);
    // §1.5: a request of another major version gets INVALID_MAJOR_VERSION.
    if (e.notify == NotifyType::kInvalidMajorVersion && !m.header.response() &&
        m.header.exchange == ExchangeType::kIkeSaInit && m.header.spi_i != 0)
      answer_with_notify(in, m.header, NotifyType::kInvalidMajorVersion, {});
    return;
  }
  if (m.header.exchange == ExchangeType::kIkeSaInit && m.header.spi_r == 0) {
    if (m.header.response()) return drop(DropReason::kUnexpected, nullptr, "IKE_SA_INIT response");
    return on_ike_sa_init(in, data, m, now);
  }
  on_protected(in, data, m, now);
}

void Responder::Engine::handle_timeout(TimePoint now) {
  clock = now;
  while (!timers.empty() && timers.begin()->first <= now) {
    auto [deadline, spi_r] = *timers.begin();
    timers.erase(timers.begin());
    auto it = by_spi_r.find(spi_r);
    if (it == by_spi_r.end() || it->second->deadline != deadline) continue;
    Session& s = *it->second;
    if (s.state == Session::State::kEstablished) {
      on_established_timer(s, now);
      continue;
    }
    std::string why = s.state == Session::State::kEap || s.wait == Session::Wait::kEapBackend
                          ? "EAP timeout: no answer from the user"
                          : "half-open timeout: IKE_AUTH not completed";
    trace(TraceKind::kTimer, &s, why);
    remove(spi_r, why);
  }
}

// Timer entries are never searched for: re-arming adds one, and an entry
// whose SA is gone or has another deadline is stale. Dropping the stale ones
// at the front keeps next_timeout() exact.
void Responder::Engine::purge_stale_timers() {
  while (!timers.empty()) {
    auto [deadline, spi_r] = *timers.begin();
    auto it = by_spi_r.find(spi_r);
    if (it != by_spi_r.end() && it->second->deadline == deadline) return;
    timers.erase(timers.begin());
  }
}

void Responder::Engine::arm_timer(Session& s, TimePoint deadline) {
  s.deadline = deadline;
  timers.emplace(deadline, s.spi_r);
}

void Responder::Engine::park(Session& s, Ticket ticket, Session::Wait wait) {
  s.wait = wait;
  pending[static_cast<uint64_t>(ticket)] = s.spi_r;
}

void Responder::Engine::complete(Ticket ticket, ProviderAnswer answer, TimePoint now) {
  clock = now;
  auto p = pending.find(static_cast<uint64_t>(ticket));
  if (p == pending.end()) return;
  uint64_t spi_r = p->second;
  pending.erase(p);
  auto it = by_spi_r.find(spi_r);
  if (it == by_spi_r.end()) return;  // the SA went away meanwhile
  Session& s = *it->second;
  if (s.state == Session::State::kWaitKeyPair) {
    auto* kp = std::get_if<absl::StatusOr<std::unique_ptr<KeyExchange>>>(&answer);
    if (!kp || !kp->ok() || !**kp) return remove(spi_r, "key pair generation failed");
    s.ke = std::move(**kp);
    s.state = Session::State::kWaitSharedSecret;
    return continue_init(s, now);
  }
  if (s.state == Session::State::kWaitSharedSecret) {
    auto* secret = std::get_if<absl::StatusOr<SecretBytes>>(&answer);
    if (!secret || !secret->ok()) return remove(spi_r, "shared secret derivation failed");
    s.shared_secret = std::move(**secret);
    return continue_init(s, now);
  }
  Session::Wait wait = std::exchange(s.wait, Session::Wait::kNone);
  switch (wait) {
    case Session::Wait::kPeerChain: {
      auto* r = std::get_if<absl::StatusOr<ChainVerified>>(&answer);
      if (!r || !r->ok()) return auth_failed(s, now, "peer certificate chain not trusted");
      s.auth_verify += " (chain verified)";
      return advance_auth(s, now);
    }
    case Session::Wait::kSignature: {
      auto* r = std::get_if<absl::StatusOr<Bytes>>(&answer);
      if (!r || !r->ok()) return auth_failed(s, now, "signing failed");
      s.our_auth = std::move(**r);
      return advance_auth(s, now);
    }
    case Session::Wait::kEapBackend: {
      if (auto* secret = std::get_if<absl::StatusOr<eap::UserSecret>>(&answer))
        return eap_step(s, s.eap->on_secret(std::move(*secret)), now);
      if (auto* verdict = std::get_if<absl::StatusOr<PasswordVerdict>>(&answer))
        return eap_step(s, s.eap->on_password_verdict(verdict->ok() && (*verdict)->accepted), now);
      return eap_step(s, s.eap->on_secret(absl::InternalError("unexpected backend answer")), now);
    }
    case Session::Wait::kCreateKeyPair: {
      auto* kp = std::get_if<absl::StatusOr<std::unique_ptr<KeyExchange>>>(&answer);
      if (s.create && kp && kp->ok() && **kp) s.create->ke = std::move(**kp);
      // A failed key pair: continue_create asks again, or answers the error.
      if (!s.create || !s.create->ke) {
        Reply reply;
        reply.notify(NotifyType::kNoProposalChosen);
        s.create.reset();
        (void)respond(s, ExchangeType::kCreateChildSa, reply, now);
        return;
      }
      return continue_create(s, now);
    }
    case Session::Wait::kCreateSecret: {
      auto* secret = std::get_if<absl::StatusOr<SecretBytes>>(&answer);
      if (!s.create || !secret || !secret->ok()) {
        Reply reply;
        reply.notify(NotifyType::kInvalidSyntax);
        s.create.reset();
        (void)respond(s, ExchangeType::kCreateChildSa, reply, now);
        return;
      }
      s.create->shared = std::move(**secret);
      s.create->shared_ready = true;
      return continue_create(s, now);
    }
    case Session::Wait::kNone: return;
  }
}

void Responder::Engine::send(const Endpoint& local, const Endpoint& remote, ByteView ike) {
  Datagram d{local, remote, {}};
  if (local.port == config.natt_port) d.data.assign(kNonEspMarker, 0);
  d.data.insert(d.data.end(), ike.begin(), ike.end());
  output.push_back(std::move(d));
}

void Responder::Engine::child_event(Event::Kind kind, const Session& s, const ChildSa& c) {
  Event e;
  e.kind = kind;
  e.spi_i = s.spi_i;
  e.spi_r = s.spi_r;
  e.child_spi_in = c.spi_in;
  e.child_spi_out = c.spi_out;
  e.detail = c.name;
  events.push_back(std::move(e));
}

void Responder::Engine::event(Event::Kind kind, const Session& s, std::string detail) {
  Event e;
  e.kind = kind;
  e.spi_i = s.spi_i;
  e.spi_r = s.spi_r;
  e.detail = std::move(detail);
  events.push_back(std::move(e));
}

void Responder::Engine::trace(TraceKind kind, const Session* s, std::string text) {
  if (!providers.trace) return;
  TraceEvent e;
  e.when = clock;
  e.kind = kind;
  if (s) {
    e.spi_i = s->spi_i;
    e.spi_r = s->spi_r;
  }
  e.text = std::move(text);
  providers.trace->on_trace(e);
}

void Responder::Engine::drop(DropReason r, const Session* s, const std::string& why) {
  ++drops[static_cast<size_t>(r)];
  if (tracing() && r != DropReason::kKeepalive)
    trace(TraceKind::kDrop, s, [&] { return why.empty() ? to_string(r) : to_string(r) + ": " + why; });
}

void Responder::Engine::remove(uint64_t spi_r, const std::string& reason) {
  auto it = by_spi_r.find(spi_r);
  if (it == by_spi_r.end()) return;
  Session& s = *it->second;
  by_init.erase(InitKey{s.spi_i, s.init_remote});
  count_half_open(s, false);
  delete_children(s);
  release_leases(s);
  trace(TraceKind::kState, &s,
        [&] { return absl::StrFormat("%s -> DELETED: %s", internal::to_string(s.state), reason); });
  event(Event::Kind::kIkeSaDeleted, s, reason);
  by_spi_r.erase(it);
}

uint64_t Responder::Engine::new_spi() {
  for (;;) {
    uint8_t b[8];
    crypto.random(absl::MakeSpan(b));
    uint64_t spi = 0;
    for (uint8_t x : b) spi = spi << 8 | x;
    if (spi != 0 && !by_spi_r.contains(spi)) return spi;
  }
}

}  // namespace ikecore
