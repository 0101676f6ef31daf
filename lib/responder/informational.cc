// INFORMATIONAL requests (RFC 7296 §1.4, §3.11) on an established IKE SA:
// liveness checks, DELETE of the IKE SA or of CHILD SAs; and the DELETE
// sent to every peer at shutdown.
#include "engine.h"

namespace ikecore {

void Responder::Engine::on_informational(Session& s, const Message& in, TimePoint now) {
  Reply reply;
  std::vector<uint8_t> our_spis;  // CHILD SAs we delete in answer (§1.4.1)
  bool delete_ike = false;
  for (const Payload& p : in.payloads) {
    const auto* d = p.get<DeletePayload>();
    if (!d) continue;
    if (d->protocol == ProtocolId::kIke) {
      delete_ike = true;
      continue;
    }
    if (d->protocol != ProtocolId::kEsp || d->spi_size != 4) continue;
    for (size_t i = 0; i < d->num_spis; ++i) {
      ByteView b = d->spi(i);
      uint32_t spi = uint32_t{b[0]} << 24 | uint32_t{b[1]} << 16 | uint32_t{b[2]} << 8 | b[3];
      // The peer names its inbound SPI, our outbound one; unknown SPIs are
      // ignored (§1.4.1).
      for (auto it = s.children.begin(); it != s.children.end(); ++it) {
        if (it->spi_out != spi) continue;
        for (int shift = 24; shift >= 0; shift -= 8) our_spis.push_back(static_cast<uint8_t>(it->spi_in >> shift));
        trace(TraceKind::kChildSa, &s, [&] {
          return absl::StrFormat("CHILD SA '%s' (in %08x / out %08x) deleted by the peer", it->name, it->spi_in,
                                 it->spi_out);
        });
        retire_child(s, *it);
        s.children.erase(it);
        break;
      }
    }
  }
  if (delete_ike) {
    // §1.4.1: the answer to an IKE SA DELETE is empty; then the SA and all
    // its CHILD SAs are gone.
    if (respond(s, ExchangeType::kInformational, reply, now)) remove(s.spi_r, "deleted by the peer");
    return;
  }
  if (!our_spis.empty())
    reply.payloads.push_back({PayloadType::kDelete, false,
                              DeletePayload{ProtocolId::kEsp, 4, static_cast<uint16_t>(our_spis.size() / 4),
                                            reply.keep(std::move(our_spis))}});
  respond(s, ExchangeType::kInformational, reply, now);
}

void Responder::Engine::shutdown(TimePoint now) {
  clock = now;
  std::vector<uint64_t> spis;
  for (const auto& [spi, s] : by_spi_r) spis.push_back(spi);
  for (uint64_t spi : spis) {
    Session& s = *by_spi_r.at(spi);
    if (s.state == Session::State::kEstablished) {
      // Sent once: the host is going away and will not retransmit. A request
      // of ours still unanswered goes first, again, so the DELETE's message
      // ID is the one the peer expects next (§2.3, window size 1).
      if (s.own.purpose != Session::Purpose::kNone) send(s.local, s.remote, s.own.datagram);
      Reply reply;
      reply.payloads.push_back({PayloadType::kDelete, false, DeletePayload{ProtocolId::kIke, 0, 0, {}}});
      if (Bytes out; build_request(s, ExchangeType::kInformational, reply, out)) send(s.local, s.remote, out);
    }
    remove(spi, "shutdown");
  }
}

}  // namespace ikecore
