// The end of IKE_AUTH: the configuration payload (RFC 7296 §2.19, §3.15)
// and the CHILD SA created with the IKE SA (§1.2, §2.9, §2.17), then the SA
// is established. A CHILD SA that cannot be made leaves the IKE SA up with
// the notify that says why (§1.2: NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE,
// INTERNAL_ADDRESS_FAILURE).
#include "engine.h"

namespace ikecore {
namespace {

// What the initiator asked for in CFG_REQUEST (§3.15.1).
struct CfgWants {
  bool v4 = false, v6 = false, dns4 = false, dns6 = false, nbns = false, netmask = false;
  bool subnet4 = false, subnet6 = false, version = false;
  std::optional<IpAddress> requested_v4, requested_v6;
};

CfgWants read_request(const CpPayload& cp) {
  CfgWants w;
  for (const CpAttribute& a : cp.attributes) {
    switch (static_cast<CfgAttr>(a.type)) {
      case CfgAttr::kInternalIp4Address:
        w.v4 = true;
        if (a.value.size() == 4 && a.value != ByteView(IpAddress{}.view())) w.requested_v4 = IpAddress::from_bytes(a.value);
        break;
      case CfgAttr::kInternalIp6Address:
        w.v6 = true;
        if (a.value.size() == 17) w.requested_v6 = IpAddress::from_bytes(a.value.subspan(0, 16));
        break;
      case CfgAttr::kInternalIp4Dns: w.dns4 = true; break;
      case CfgAttr::kInternalIp6Dns: w.dns6 = true; break;
      case CfgAttr::kInternalIp4Nbns: w.nbns = true; break;
      case CfgAttr::kInternalIp4Netmask: w.netmask = true; break;
      case CfgAttr::kInternalIp4Subnet: w.subnet4 = true; break;
      case CfgAttr::kInternalIp6Subnet: w.subnet6 = true; break;
      case CfgAttr::kApplicationVersion: w.version = true; break;
      default: break;  // §3.15.1: unknown or unsupported attributes are ignored
    }
  }
  return w;
}

}  // namespace

void Responder::Engine::establish(Session& s, Reply& reply, TimePoint now) {
  const ConnectionPolicy& c = *s.connection;
  Message req;
  if (!parse_payloads(s.auth_request.view(), s.auth_request_first, req.arena(), req.payloads).ok())
    return auth_failed(s, now, "stored request unreadable");

  // --- configuration payload
  std::vector<CpAttribute> attrs;
  bool address_failure = false;
  const auto* cp = body<CpPayload>(req, PayloadType::kCp);
  if (cp && cp->type == CfgType::kRequest) {
    CfgWants w = read_request(*cp);
    const ClientAttributes& ca = c.attributes;
    auto add = [&](CfgAttr type, Bytes value) {
      attrs.push_back(CpAttribute{static_cast<uint16_t>(type), reply.keep(std::move(value))});
    };
    auto bytes_of = [](const IpAddress& a) { return Bytes(a.view().begin(), a.view().end()); };
    std::string peer = s.eap ? s.eap->identity() : to_string(s.peer_id);
    Identity lease_owner = s.peer_id;
    if (providers.pool) {
      if (w.v4 && !ca.pool.empty()) s.lease_v4 = providers.pool->acquire(ca.pool, lease_owner, false, w.requested_v4);
      if (w.v6 && !ca.pool6.empty()) s.lease_v6 = providers.pool->acquire(ca.pool6, lease_owner, true, w.requested_v6);
    }
    // §3.15.4: INTERNAL_ADDRESS_FAILURE when an address was asked for and
    // none of the families asked for could be given.
    address_failure = (w.v4 || w.v6) && !s.lease_v4 && !s.lease_v6;
    if (s.lease_v4) {
      add(CfgAttr::kInternalIp4Address, bytes_of(*s.lease_v4));
      if (ca.netmask) add(CfgAttr::kInternalIp4Netmask, bytes_of(*ca.netmask));
    }
    if (s.lease_v6) {
      Bytes v = bytes_of(*s.lease_v6);
      v.push_back(128);  // §3.15.1: address and prefix length
      add(CfgAttr::kInternalIp6Address, std::move(v));
    }
    for (const IpAddress& d : ca.dns)
      if ((!d.ipv6 && (w.dns4 || s.lease_v4)) || (d.ipv6 && (w.dns6 || s.lease_v6)))
        add(d.ipv6 ? CfgAttr::kInternalIp6Dns : CfgAttr::kInternalIp4Dns, bytes_of(d));
    for (const IpAddress& n : ca.nbns)
      if (!n.ipv6 && (w.nbns || s.lease_v4)) add(CfgAttr::kInternalIp4Nbns, bytes_of(n));
    for (const IpRange& r : ca.subnets) {
      auto bits = r.prefix_length();
      if (!bits) continue;
      Bytes v = bytes_of(r.first);
      if (!r.first.ipv6) {
        // §3.15.1: address and netmask.
        uint32_t mask = *bits == 0 ? 0 : ~uint32_t{0} << (32 - *bits);
        for (int shift = 24; shift >= 0; shift -= 8) v.push_back(static_cast<uint8_t>(mask >> shift));
        add(CfgAttr::kInternalIp4Subnet, std::move(v));
      } else {
        v.push_back(static_cast<uint8_t>(*bits));
        add(CfgAttr::kInternalIp6Subnet, std::move(v));
      }
    }
    if (w.version && !ca.application_version.empty())
      add(CfgAttr::kApplicationVersion, Bytes(ca.application_version.begin(), ca.application_version.end()));
    if (!attrs.empty())
      reply.payloads.push_back({PayloadType::kCp, false, CpPayload{CfgType::kReply, attrs}});
    if (tracing())
      trace(TraceKind::kConfig, &s, [&] {
        return absl::StrFormat("CFG_REQUEST from %s: %s%s%s", peer,
                               s.lease_v4 ? "assigned " + to_string(*s.lease_v4) : std::string("no IPv4 address"),
                               s.lease_v6 ? ", " + to_string(*s.lease_v6) : std::string(),
                               address_failure ? " (INTERNAL_ADDRESS_FAILURE)" : "");
      });
  }

  // --- the CHILD SA
  ChildRequest child_request = read_child_request(req);
  if (child_request.sa && child_request.tsi && child_request.tsr) {
    NotifyType failure{};
    if (address_failure) {
      failure = NotifyType::kInternalAddressFailure;
    } else {
      ChildChoice choice = choose_child(s, child_request, /*in_ike_auth=*/true, nullptr);
      failure = choice.failure;
      // §2.17: the first CHILD SA's keys come from the IKE SA's nonces.
      if (failure == NotifyType{}) failure = make_child(s, choice, child_request, s.ni, s.nr, {}, reply);
    }
    if (failure != NotifyType{}) reply.notify(failure);
  }

  s.state = Session::State::kEstablished;
  s.established = now;
  // A late copy of the IKE_SA_INIT request no longer finds this SA (its
  // answer is gone); until now it got the cached answer (§2.1).
  by_init.erase(InitKey{s.spi_i, s.init_remote});
  count_half_open(s, false);
  s.last_heard = now;
  rearm(s);  // dead peer detection, if configured
  if (!respond(s, ExchangeType::kIkeAuth, reply, now)) return;
  trace(TraceKind::kState, &s,
        [&] { return absl::StrFormat("-> READY: IKE SA established with %s", to_string(s.peer_id)); });
  event(Event::Kind::kIkeSaEstablished, s, s.eap ? s.eap->identity() : to_string(s.peer_id));
  // What only IKE_SA_INIT / IKE_AUTH needed goes: the established SA keeps
  // its keys, identities, leases and CHILD SAs.
  if (s.eap) s.eap_identity = s.eap->identity();
  s.eap.reset();
  // §2.4 INITIAL_CONTACT: the peer holds no other SA with us (it restarted),
  // so older SAs between the same identities are stale: removed, no DELETE.
  if (c.initial_contact_replaces && req.find_notify(NotifyType::kInitialContact)) {
    std::vector<uint64_t> stale;
    for (const auto& [spi, other] : by_spi_r)
      if (other.get() != &s && other->state == Session::State::kEstablished && other->peer_id == s.peer_id &&
          other->eap_identity == s.eap_identity && other->our_id == s.our_id)
        stale.push_back(spi);
    for (uint64_t spi : stale) remove(spi, "replaced: the peer sent INITIAL_CONTACT");
  }
  s.auth_request.clear();
  s.request = Bytes();
  s.response = Bytes();
  s.ni = Bytes();
  s.nr = Bytes();
  s.our_auth = Bytes();
  s.peer_auth_data = Bytes();
  s.our_chain = nullptr;
  s.peer_cert.reset();
  s.peer_intermediates.clear();
  s.peer_intermediates.shrink_to_fit();
  s.fragments = {};
  // SK_pi / SK_pr only key the AUTH payloads (§2.15).
  s.keys.pi = SecretBytes();
  s.keys.pr = SecretBytes();
}

void Responder::Engine::retire_child(Session& s, const ChildSa& c) {
  if (providers.installer) providers.installer->remove(c.spi_in, c.spi_out);
  child_event(Event::Kind::kChildSaDeleted, s, c);
}

void Responder::Engine::delete_children(Session& s) {
  for (const ChildSa& c : s.children) retire_child(s, c);
  s.children.clear();
}

void Responder::Engine::release_leases(Session& s) {
  if (!s.connection || !providers.pool) return;
  if (s.lease_v4) providers.pool->release(s.connection->attributes.pool, *s.lease_v4);
  if (s.lease_v6) providers.pool->release(s.connection->attributes.pool6, *s.lease_v6);
  s.lease_v4.reset();
  s.lease_v6.reset();
}

}  // namespace ikecore
