// Messages after IKE_SA_INIT: the message-ID window and retransmissions
// (RFC 7296 §2.1-2.3), SK protection (§3.14), RFC 7383 fragments both ways,
// and the dispatch to each exchange.
#include <algorithm>
#include <string_view>

#include "absl/hash/hash.h"
#include "ikecore/crypto/protect.h"
#include "ikecore/wire/verify.h"
#include "engine.h"

namespace ikecore {
namespace {

uint64_t digest(ByteView ike) {
  return absl::Hash<std::string_view>{}(std::string_view(reinterpret_cast<const char*>(ike.data()), ike.size()));
}

SkContext inbound(Session& s) {
  SkContext c;
  c.cipher = s.cipher.get();
  c.integrity = s.integrity.get();
  c.encr_key = s.keys.ei.view();
  c.integ_key = s.keys.ai.view();
  return c;
}

SkContext outbound(Session& s, CryptoProvider& crypto) {
  SkContext c;
  c.cipher = s.cipher.get();
  c.integrity = s.integrity.get();
  c.encr_key = s.keys.er.view();
  c.integ_key = s.keys.ar.view();
  c.iv_counter = &s.iv_counter_out;
  c.random = &crypto;
  return c;
}

// RFC 7383 §2.5.3 limits: a message is never more than this many fragments
// or bytes, whatever the peer claims.
constexpr uint16_t kMaxFragments = 64;
constexpr size_t kMaxReassembledBytes = 64 * 1024;

}  // namespace

void Responder::Engine::on_protected(const Datagram& in, ByteView ike, const Message& m, TimePoint now) {
  auto it = by_spi_r.find(m.header.spi_r);
  if (it == by_spi_r.end() || it->second->spi_i != m.header.spi_i)
    return drop(DropReason::kUnknownSpi, nullptr, absl::StrFormat("SPIs %016x/%016x", m.header.spi_i, m.header.spi_r));
  Session& s = *it->second;
  if (s.state < Session::State::kInitDone || m.header.exchange == ExchangeType::kIkeSaInit)
    return drop(DropReason::kUnexpected, &s, "protected message before IKE_SA_INIT completed");
  if (m.header.response()) return on_response(s, ike, m, now);

  // §2.2-2.3: window size 1. The last request again gets the cached
  // response; anything but the next message ID is dropped.
  const uint32_t mid = m.header.message_id;
  const uint64_t d = digest(ike);
  if (s.answering) {
    bool same = mid == s.next_request_id && d == s.last_request_digest;
    return drop(same ? DropReason::kBusy : DropReason::kOutsideWindow, &s, absl::StrFormat("message ID %u", mid));
  }
  if (mid + 1 == s.next_request_id && !s.last_response.empty()) {
    // RFC 7383 §2.6.1: a fragmented request's retransmission is answered
    // once, on its first fragment (the digest kept is fragment 1's); its
    // other fragments are ignored.
    const auto* skf = m.payloads.empty() ? nullptr : m.payloads.back().get<SkfPayload>();
    if (s.last_request_fragmented && (!skf || skf->fragment_number != 1)) return;
    if (d != s.last_request_digest)
      return drop(DropReason::kRetransmitChanged, &s, absl::StrFormat("message ID %u", mid));
    trace(TraceKind::kRetransmit, &s, [&] {
      return absl::StrFormat("request %u retransmitted: %zu cached datagram(s) resent", mid, s.last_response.size());
    });
    for (const Bytes& b : s.last_response) send(in.local, in.remote, b);
    return;
  }
  if (mid != s.next_request_id)
    return drop(DropReason::kOutsideWindow, &s, absl::StrFormat("message ID %u, expected %u", mid, s.next_request_id));

  ParseError e = verify_message(m);
  if (!e.ok()) return drop(DropReason::kInvalid, &s, e.detail);
  if (m.payloads.empty()) return drop(DropReason::kInvalid, &s, "no SK payload");
  const Payload& last = m.payloads.back();
  if (last.type == PayloadType::kCiscoFragment)
    return drop(DropReason::kUnexpected, &s, "Cisco fragmentation is not supported");

  // §2.21.1 / RFC 7383 §2.6: the ICV is checked before anything else; a
  // message that fails it is dropped and changes nothing.
  absl::StatusOr<Unprotected> plain = unprotect(ike, m, inbound(s));
  if (!plain.ok()) return drop(DropReason::kIntegrity, &s, std::string(plain.status().message()));
  s.last_heard = now;  // authenticated: the peer is alive (§2.4)
  // An exchange the SA's state does not take is dropped before its content
  // is judged: no answer, nothing changes (CREATE_CHILD_SA before IKE_AUTH
  // completed, IKE_AUTH after it). INFORMATIONAL is read in every state.
  const bool established = s.state == Session::State::kEstablished;
  if ((m.header.exchange == ExchangeType::kCreateChildSa && !established) ||
      (m.header.exchange == ExchangeType::kIkeAuth && established))
    return drop(DropReason::kUnexpected, &s,
                absl::StrFormat("%s request in state %s", name(m.header.exchange), internal::to_string(s.state)));

  PayloadType first = plain->inner_first;
  SecretBytes whole;
  uint64_t request_digest = d;  // fragment 1's for a fragmented request
  bool fragmented = false;
  if (const auto* skf = last.get<SkfPayload>()) {
    auto& r = s.fragments;
    if (skf->fragment_number == 0 || skf->fragment_number > skf->total_fragments || skf->total_fragments > kMaxFragments)
      return drop(DropReason::kInvalid, &s, "fragment number out of range");
    if (!r.active() || r.message_id != mid || skf->total_fragments > r.total) {
      // A new message, or §2.6: a larger total restarts the reassembly.
      r = {};
      r.message_id = mid;
      r.total = skf->total_fragments;
      r.parts.resize(r.total);
      r.received.assign(r.total, false);
    } else if (skf->total_fragments < r.total) {
      return drop(DropReason::kInvalid, &s, "fragment total shrank");
    }
    SecretBytes& slot = r.parts[skf->fragment_number - 1];
    if (r.received[skf->fragment_number - 1]) return drop(DropReason::kRetransmitChanged, &s, "duplicate fragment");
    if (r.bytes + plain->plaintext.size() > kMaxReassembledBytes) {
      r = {};
      return drop(DropReason::kInvalid, &s, "reassembled message too large");
    }
    r.bytes += plain->plaintext.size();
    r.received[skf->fragment_number - 1] = true;
    slot = std::move(plain->plaintext);
    if (skf->fragment_number == 1) {
      r.first = first;
      r.first_digest = d;
    }
    ++r.count;
    if (r.count < r.total) return;
    whole = SecretBytes(r.bytes);
    size_t at = 0;
    for (const SecretBytes& p : r.parts) {
      std::copy(p.view().begin(), p.view().end(), whole.mutable_view().begin() + at);
      at += p.size();
    }
    first = r.first;
    request_digest = r.first_digest;
    fragmented = true;
    r = {};
  } else {
    whole = std::move(plain->plaintext);
  }

  e = parse_payloads(whole.view(), first, inner.arena(), inner.payloads);
  inner.header = m.header;
  if (e.ok()) e = verify_inner(m.header, inner.payloads);
  s.last_request_digest = request_digest;
  s.last_request_fragmented = fragmented;
  s.answering = true;
  if (tracing()) {
    std::string names;
    for (const Payload& p : inner.payloads) absl::StrAppend(&names, names.empty() ? "" : ", ", payload_label(p.type));
    trace(TraceKind::kReceived, &s, [&] {
      return absl::StrFormat("%s request %u from %s: %s", name(m.header.exchange), mid, to_string(in.remote), names);
    });
  }
  if (!e.ok()) {
    // §2.21.1-2.21.2: an authenticated request we cannot accept gets the
    // notify (INVALID_SYNTAX for most); during IKE_AUTH the SA is then gone.
    drop(DropReason::kInvalid, &s, e.detail);
    Reply reply;
    NotifyType type = e.notify == NotifyType{} ? NotifyType::kInvalidSyntax : e.notify;
    // §3.10.1: UNSUPPORTED_CRITICAL_PAYLOAD carries the one-octet type.
    Bytes data;
    if (type == NotifyType::kUnsupportedCriticalPayload) data.push_back(static_cast<uint8_t>(e.notify_data));
    reply.notify(type, reply.keep(std::move(data)));
    if (respond(s, m.header.exchange, reply, now) && s.state != Session::State::kEstablished)
      remove(s.spi_r, std::string("invalid IKE_AUTH request: ") + e.detail);
    return;
  }

  // §2.11: the response goes back the way the request came. §2.23: the
  // peer floats to the NAT-T port and stays there; a NAT that rebinds its
  // port is followed, as this request is authenticated.
  if (in.local.port == config.natt_port || s.local.port != config.natt_port) {
    const bool moved = s.remote != in.remote;
    s.local = in.local;
    s.remote = in.remote;
    // A request of ours in flight went to the old address: send it again to
    // the new one now, or the peer we just heard from would be given up.
    if (moved && s.own.purpose != Session::Purpose::kNone) {
      trace(TraceKind::kRetransmit, &s, [&] {
        return absl::StrFormat("the peer moved to %s: our request %u sent there", to_string(s.remote),
                               s.own.message_id);
      });
      send(s.local, s.remote, s.own.datagram);
    }
  }

  switch (m.header.exchange) {
    case ExchangeType::kIkeAuth:
      if (s.state == Session::State::kInitDone) return on_ike_auth(s, inner, now);
      if (s.state == Session::State::kEap) return on_eap(s, inner, now);
      if (s.state == Session::State::kEapDone) return on_final_auth(s, inner, now);
      break;
    case ExchangeType::kInformational:
      if (s.state == Session::State::kEstablished) return on_informational(s, inner, now);
      // §2.21.2: an initiator that rejects our IKE_AUTH answer (strongSwan
      // does so when an EAP method fails on its side) says so in an
      // INFORMATIONAL exchange: acknowledged, and the SA goes at once.
      if (inner.find_notify(NotifyType::kAuthenticationFailed)) {
        Reply reply;
        if (respond(s, ExchangeType::kInformational, reply, now))
          remove(s.spi_r, "the peer reported AUTHENTICATION_FAILED");
        return;
      }
      break;
    case ExchangeType::kCreateChildSa:
      if (s.state == Session::State::kEstablished) return on_create_child_sa(s, inner, now);
      break;
    default: break;
  }
  s.answering = false;
  drop(DropReason::kUnexpected, &s,
       absl::StrFormat("%s request in state %s", name(m.header.exchange), internal::to_string(s.state)));
}

bool Responder::Engine::respond(Session& s, ExchangeType exchange, Reply& reply, TimePoint now) {
  (void)now;
  Header h;
  h.spi_i = s.spi_i;
  h.spi_r = s.spi_r;
  h.exchange = exchange;
  h.flags = Header::kFlagResponse;
  h.message_id = s.next_request_id;
  Bytes inner_bytes;
  s.last_response.clear();
  if (!serialize_payloads(reply.payloads, inner_bytes).ok()) {
    s.answering = false;
    remove(s.spi_r, "could not encode a response");
    return false;
  }
  PayloadType first = reply.payloads.empty() ? PayloadType::kNone : reply.payloads.front().type;
  SkContext ctx = outbound(s, crypto);

  // RFC 7383 §2.5: split when the datagram would pass the limit and the
  // peer can reassemble. The limit counts the IP datagram.
  size_t ip_overhead = (s.remote.ipv6 ? 40 : 20) + 8 + (s.local.port == config.natt_port ? 4 : 0);
  size_t whole = Header::kSize + protection_overhead(*s.cipher, s.integrity.get(), inner_bytes.size(), false) +
                 inner_bytes.size();
  if (s.peer_fragmentation && config.fragmentation && whole + ip_overhead > config.fragment_size) {
    size_t room = config.fragment_size - ip_overhead - Header::kSize;
    size_t overhead = protection_overhead(*s.cipher, s.integrity.get(), 0, true) + s.cipher->block_size();
    size_t chunk = room > overhead + 64 ? room - overhead : 64;
    size_t total = (inner_bytes.size() + chunk - 1) / chunk;
    for (size_t i = 0; i < total; ++i) {
      ByteView part = ByteView(inner_bytes).subspan(i * chunk, std::min(chunk, inner_bytes.size() - i * chunk));
      Bytes out;
      FragmentPosition pos{static_cast<uint16_t>(i + 1), static_cast<uint16_t>(total)};
      if (!protect(h, i == 0 ? first : PayloadType::kNone, part, ctx, out, pos).ok()) {
        s.answering = false;
        remove(s.spi_r, "could not protect a response");
        return false;
      }
      s.last_response.push_back(std::move(out));
    }
  } else {
    Bytes out;
    if (!protect(h, first, inner_bytes, ctx, out).ok()) {
      s.answering = false;
      remove(s.spi_r, "could not protect a response");
      return false;
    }
    s.last_response.push_back(std::move(out));
  }
  if (tracing()) {
    std::string names;
    for (const Payload& p : reply.payloads) absl::StrAppend(&names, names.empty() ? "" : ", ", payload_label(p.type));
    trace(TraceKind::kSent, &s, [&] {
      return absl::StrFormat("%s response %u to %s in %zu datagram(s): %s", name(exchange), h.message_id,
                             to_string(s.remote), s.last_response.size(), names);
    });
  }
  for (const Bytes& b : s.last_response) send(s.local, s.remote, b);
  ++s.next_request_id;
  s.answering = false;
  return true;
}

bool Responder::Engine::build_request(Session& s, ExchangeType exchange, const Reply& reply, Bytes& out) {
  Header h;
  h.spi_i = s.spi_i;
  h.spi_r = s.spi_r;
  h.exchange = exchange;
  h.flags = 0;  // a request, from the original responder (§3.1: I flag clear)
  h.message_id = s.next_own_request_id++;
  Bytes inner_bytes;
  if (!serialize_payloads(reply.payloads, inner_bytes).ok()) return false;
  PayloadType first = reply.payloads.empty() ? PayloadType::kNone : reply.payloads.front().type;
  return protect(h, first, inner_bytes, outbound(s, crypto), out).ok();
}

}  // namespace ikecore
