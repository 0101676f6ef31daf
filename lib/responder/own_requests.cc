// Requests the responder sends on its own (RFC 7296 §2.1-2.4, §1.4.1): the
// liveness check of dead peer detection and DELETE of an IKE or CHILD SA.
// One at a time (window size 1), retransmitted after retransmit_timeout,
// doubling, and given up after the limit: a peer that answers nothing is
// dead and everything of its SA goes. Others wait in Session::queued.
#include <algorithm>

#include "engine.h"
#include "ikecore/crypto/protect.h"
#include "ikecore/wire/verify.h"

namespace ikecore {
namespace {

using Purpose = Session::Purpose;

const char* label(Purpose p) {
  switch (p) {
    case Purpose::kLiveness:
      return "liveness check";
    case Purpose::kDeleteIke:
      return "DELETE of the IKE SA";
    case Purpose::kDeleteChild:
      return "DELETE of a CHILD SA";
    case Purpose::kNone:
      break;
  }
  return "request";
}

Bytes spi_bytes(uint32_t spi) {
  return Bytes{static_cast<uint8_t>(spi >> 24), static_cast<uint8_t>(spi >> 16), static_cast<uint8_t>(spi >> 8),
               static_cast<uint8_t>(spi)};
}

}  // namespace

void Responder::Engine::start_request(Session& s, Purpose purpose, uint32_t child_spi, TimePoint now) {
  if (s.own.purpose != Purpose::kNone) {
    s.queued.emplace_back(purpose, child_spi);
    return;
  }
  Reply reply;
  if (purpose == Purpose::kDeleteIke) {
    reply.payloads.push_back({PayloadType::kDelete, false, DeletePayload{ProtocolId::kIke, 0, 0, {}}});
  } else if (purpose == Purpose::kDeleteChild) {
    // §3.11: the SPI the sender expects in inbound packets.
    reply.payloads.push_back(
        {PayloadType::kDelete, false, DeletePayload{ProtocolId::kEsp, 4, 1, reply.keep(spi_bytes(child_spi))}});
  }
  Bytes out;
  const uint32_t mid = s.next_own_request_id;
  if (!build_request(s, ExchangeType::kInformational, reply, out)) return remove(s.spi_r, "could not encode a request");
  s.own = Session::OwnRequest{purpose, mid, std::move(out), 0, now + config.retransmit_timeout, child_spi};
  trace(TraceKind::kSent, &s, [&] {
    return absl::StrFormat("INFORMATIONAL request %u (%s) to %s", mid, label(purpose), to_string(s.remote));
  });
  send(s.local, s.remote, s.own.datagram);
  rearm(s);
}

void Responder::Engine::on_response(Session& s, ByteView ike, const Message& m, TimePoint now) {
  if (s.own.purpose == Purpose::kNone || m.header.message_id != s.own.message_id ||
      m.header.exchange != ExchangeType::kInformational)
    return drop(DropReason::kUnexpected, &s,
                absl::StrFormat("%s response %u to no request of ours", name(m.header.exchange), m.header.message_id));
  ParseError e = verify_message(m);
  if (!e.ok()) return drop(DropReason::kInvalid, &s, e.detail);
  if (m.payloads.empty() || m.payloads.back().type != PayloadType::kSk)
    return drop(DropReason::kInvalid, &s, "a response to our request must be one SK payload");
  SkContext c;
  c.cipher = s.cipher.get();
  c.integrity = s.integrity.get();
  c.encr_key = s.keys.ei.view();  // §2.14: the original initiator's keys, both ways
  c.integ_key = s.keys.ai.view();
  absl::StatusOr<Unprotected> plain = unprotect(ike, m, c);
  if (!plain.ok()) return drop(DropReason::kIntegrity, &s, std::string(plain.status().message()));

  s.last_heard = now;
  Purpose done = s.own.purpose;
  s.own = {};
  trace(TraceKind::kReceived, &s,
        [&] { return absl::StrFormat("INFORMATIONAL response %u: %s answered", m.header.message_id, label(done)); });
  if (done == Purpose::kDeleteIke) return remove(s.spi_r, "deleted by us");
  if (!s.queued.empty()) {
    auto [purpose, child_spi] = s.queued.front();
    s.queued.erase(s.queued.begin());
    return start_request(s, purpose, child_spi, now);
  }
  rearm(s);
}

void Responder::Engine::rearm(Session& s) {
  if (s.rekeyed) return;  // its one timer is the wait for the peer's DELETE
  std::optional<TimePoint> next;
  auto sooner = [&](TimePoint t) { next = next ? std::min(*next, t) : t; };
  if (s.create && s.wait != Session::Wait::kNone) sooner(s.create->give_up);
  if (s.own.purpose != Purpose::kNone) sooner(s.own.next_send);
  else if (config.dpd_interval > Duration::zero()) sooner(s.last_heard + config.dpd_interval);
  if (next) return arm_timer(s, *next);
  s.deadline = {};
}

void Responder::Engine::on_established_timer(Session& s, TimePoint now) {
  if (s.rekeyed) return remove(s.spi_r, "rekeyed, and the peer never deleted the old IKE SA");
  if (s.create && s.wait != Session::Wait::kNone && now >= s.create->give_up) {
    // The provider never answered the CREATE_CHILD_SA's key exchange: the
    // request is refused, and a late answer finds nothing waiting.
    trace(TraceKind::kTimer, &s, "CREATE_CHILD_SA: no answer from the provider; refused");
    s.wait = Session::Wait::kNone;
    s.create.reset();
    Reply reply;
    reply.notify(NotifyType::kNoProposalChosen);
    if (!respond(s, ExchangeType::kCreateChildSa, reply, now)) return;
    return rearm(s);
  }
  if (s.own.purpose != Purpose::kNone) {
    if (now < s.own.next_send) return rearm(s);  // another deadline fired
    const uint32_t limit = s.own.purpose == Purpose::kLiveness ? config.dpd_retries : config.retransmit_tries;
    if (s.own.retransmits >= limit) {
      std::string why = s.own.purpose == Purpose::kLiveness
                            ? "dead peer: no answer to the liveness check"
                            : absl::StrFormat("no answer to our %s", label(s.own.purpose));
      trace(TraceKind::kTimer, &s, why);
      return remove(s.spi_r, why);
    }
    ++s.own.retransmits;
    // Exponential backoff (§2.1): T, 2T, 4T... after each send.
    s.own.next_send = now + config.retransmit_timeout * (1u << std::min<uint32_t>(s.own.retransmits, 16));
    trace(TraceKind::kRetransmit, &s, [&] {
      return absl::StrFormat("INFORMATIONAL request %u (%s) retransmitted (%u)", s.own.message_id, label(s.own.purpose),
                             s.own.retransmits);
    });
    send(s.local, s.remote, s.own.datagram);
    return rearm(s);
  }
  if (config.dpd_interval > Duration::zero() && now >= s.last_heard + config.dpd_interval)
    return start_request(s, Purpose::kLiveness, 0, now);
  rearm(s);  // the peer was heard from meanwhile
}

bool Responder::Engine::delete_ike_sa(uint64_t spi_r, TimePoint now) {
  clock = now;
  auto it = by_spi_r.find(spi_r);
  if (it == by_spi_r.end()) return false;
  Session& s = *it->second;
  // Before IKE_AUTH completes there is nothing the peer could authenticate.
  if (s.state != Session::State::kEstablished) {
    remove(spi_r, "deleted by us");
    return true;
  }
  // The CHILD SAs stop at once; the IKE SA goes when the peer answers.
  delete_children(s);
  start_request(s, Purpose::kDeleteIke, 0, now);
  return true;
}

bool Responder::Engine::delete_child_sa(uint64_t spi_r, uint32_t spi_in, TimePoint now) {
  clock = now;
  auto it = by_spi_r.find(spi_r);
  if (it == by_spi_r.end()) return false;
  Session& s = *it->second;
  auto child = std::find_if(s.children.begin(), s.children.end(), [&](const ChildSa& c) { return c.spi_in == spi_in; });
  if (child == s.children.end()) return false;
  retire_child(s, *child);
  trace(TraceKind::kChildSa, &s, [&] {
    return absl::StrFormat("CHILD SA '%s' (in %08x / out %08x) deleted by us", child->name, child->spi_in,
                           child->spi_out);
  });
  s.children.erase(child);
  start_request(s, Purpose::kDeleteChild, spi_in, now);
  return true;
}

}  // namespace ikecore
