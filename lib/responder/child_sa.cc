// The end of IKE_AUTH: the configuration payload (RFC 7296 §2.19, §3.15)
// and the CHILD SA created with the IKE SA (§1.2, §2.9, §2.17), then the SA
// is established. A CHILD SA that cannot be made leaves the IKE SA up with
// the notify that says why (§1.2: NO_PROPOSAL_CHOSEN, TS_UNACCEPTABLE,
// INTERNAL_ADDRESS_FAILURE).
#include "ikecore/crypto/keylog.h"
#include "engine.h"

namespace ikecore {
namespace {

template <class T>
const T* body(const Message& m, PayloadType type) {
  const Payload* p = m.find(type);
  return p ? p->get<T>() : nullptr;
}

bool has_notify(const Message& m, NotifyType type) { return m.find_notify(type) != nullptr; }

Selector host_selector(const IpAddress& a) {
  Selector s;
  s.addresses = IpRange{a, a};
  return s;
}

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
  EspProposalStorage proposal_storage;
  std::vector<TrafficSelector> tsi_storage, tsr_storage;
  std::vector<Selector> tsi_n, tsr_n;
  const auto* sa = body<SaPayload>(req, PayloadType::kSa);
  const auto* tsi = body<TsPayload>(req, PayloadType::kTsi);
  const auto* tsr = body<TsPayload>(req, PayloadType::kTsr);
  if (sa && tsi && tsr) {
    NotifyType failure{};
    if (address_failure) {
      failure = NotifyType::kInternalAddressFailure;
    } else if (!providers.installer) {
      failure = NotifyType::kNoProposalChosen;
      trace(TraceKind::kChildSa, &s, "no CHILD SA installer: CHILD SA refused");
    } else {
      std::vector<Selector> proposed_i = from_payload(*tsi), proposed_r = from_payload(*tsr);
      const ChildPolicy* chosen = nullptr;
      std::optional<EspSuite> suite;
      bool any_proposal = false;
      for (const ChildPolicy& child : c.children) {
        auto sel = select_esp_proposal(*sa, child.esp, true);
        if (!sel) continue;
        any_proposal = true;
        // The seed's ASA narrows TSi to the virtual address it assigned.
        std::vector<Selector> remote = child.remote_ts;
        if (s.lease_v4 || s.lease_v6) {
          remote.clear();
          if (s.lease_v4) remote.push_back(host_selector(*s.lease_v4));
          if (s.lease_v6) remote.push_back(host_selector(*s.lease_v6));
        }
        auto ni = narrow(proposed_i, remote);
        auto nr = narrow(proposed_r, child.local_ts);
        if (ni.empty() || nr.empty()) continue;
        chosen = &child;
        suite = sel;
        tsi_n = std::move(ni);
        tsr_n = std::move(nr);
        break;
      }
      if (!chosen) {
        failure = any_proposal ? NotifyType::kTsUnacceptable : NotifyType::kNoProposalChosen;
        trace(TraceKind::kChildSa, &s,
              any_proposal ? "traffic selectors unacceptable" : "no acceptable ESP proposal");
      } else {
        ChildSa child;
        child.name = chosen->name;
        child.suite = *suite;
        child.spi_out = suite->peer_spi;
        child.local_ts = tsr_n;
        child.remote_ts = tsi_n;
        child.transport = chosen->allow_transport && has_notify(req, NotifyType::kUseTransportMode);
        child.udp_encapsulation = s.local.port == config.natt_port || s.nat_local || s.nat_remote;
        auto spi = providers.installer->allocate_spi();
        auto sizes = esp_key_sizes(*suite);
        absl::StatusOr<ChildSaKeys> keys = absl::InternalError("no SPI");
        if (spi.ok() && sizes) {
          child.spi_in = *spi;
          keys = derive_child_sa_keys(*s.prf, s.keys.d.view(), {}, s.ni, s.nr, sizes->encr, sizes->integ);
        }
        absl::Status installed = keys.status();
        ChildSaSpec spec;
        if (keys.ok()) {
          spec.ike_spi_i = s.spi_i;
          spec.ike_spi_r = s.spi_r;
          spec.spi_in = child.spi_in;
          spec.spi_out = child.spi_out;
          spec.local = s.local;
          spec.remote = s.remote;
          spec.udp_encapsulation = child.udp_encapsulation;
          spec.mode = child.transport ? IpsecMode::kTransport : IpsecMode::kTunnel;
          spec.local_ts = child.local_ts;
          spec.remote_ts = child.remote_ts;
          spec.suite = child.suite;
          spec.in = EspKeys{std::move(keys->encr_i), std::move(keys->integ_i)};
          spec.out = EspKeys{std::move(keys->encr_r), std::move(keys->integ_r)};
          spec.connection = c.name;
          spec.child = child.name;
          spec.peer_tfc_padding = !has_notify(req, NotifyType::kEspTfcPaddingNotSupported);
          spec.non_first_fragments = has_notify(req, NotifyType::kNonFirstFragmentsAlso);
          installed = providers.installer->install(spec);
        }
        if (!installed.ok()) {
          if (spi.ok()) providers.installer->remove(*spi, 0);
          failure = NotifyType::kNoProposalChosen;
          trace(TraceKind::kChildSa, &s, "CHILD SA not installed: " + std::string(installed.message()));
        } else {
          reply.payloads.push_back({PayloadType::kSa, false, esp_sa_payload(child.suite, child.spi_in, proposal_storage)});
          reply.payloads.push_back({PayloadType::kTsi, false, to_payload(child.remote_ts, tsi_storage)});
          reply.payloads.push_back({PayloadType::kTsr, false, to_payload(child.local_ts, tsr_storage)});
          if (child.transport) reply.notify(NotifyType::kUseTransportMode);
          if (spec.non_first_fragments) reply.notify(NotifyType::kNonFirstFragmentsAlso);
          if (tracing()) {
            std::string li, ri;
            for (const Selector& x : child.local_ts) absl::StrAppend(&li, li.empty() ? "" : " ", to_string(x));
            for (const Selector& x : child.remote_ts) absl::StrAppend(&ri, ri.empty() ? "" : " ", to_string(x));
            trace(TraceKind::kChildSa, &s, [&] {
              return absl::StrFormat("CHILD SA '%s' installed: SPI in %08x out %08x, %s%s, %s, local %s remote %s",
                                     child.name, child.spi_in, child.spi_out, name(child.suite.encr.id),
                                     child.suite.encr.key_bits ? absl::StrFormat("-%u", child.suite.encr.key_bits) : "",
                                     child.suite.integ == IntegId::kNone ? "AEAD" : name(child.suite.integ), li, ri);
            });
          }
          if (config.keylog) {
            // Wireshark's esp_sa table: one line per direction.
            auto in_line = esp_sa_line(s.remote.address_bytes(), s.local.address_bytes(), child.spi_in,
                                       child.suite.encr.id, child.suite.encr.key_bits, spec.in.encr.view(),
                                       child.suite.integ, spec.in.integ.view(), UncheckedIntegrity::kAllow);
            auto out_line = esp_sa_line(s.local.address_bytes(), s.remote.address_bytes(), child.spi_out,
                                        child.suite.encr.id, child.suite.encr.key_bits, spec.out.encr.view(),
                                        child.suite.integ, spec.out.integ.view(), UncheckedIntegrity::kAllow);
            for (auto* line : {&in_line, &out_line}) {
              if (!line->ok()) continue;
              Event e;
              e.kind = Event::Kind::kKeyLog;
              e.spi_i = s.spi_i;
              e.spi_r = s.spi_r;
              e.table = kWiresharkEspTableFile;
              e.detail = **line;
              events.push_back(std::move(e));
            }
          }
          Event e;
          e.kind = Event::Kind::kChildSaInstalled;
          e.spi_i = s.spi_i;
          e.spi_r = s.spi_r;
          e.child_spi_in = child.spi_in;
          e.child_spi_out = child.spi_out;
          e.detail = child.name;
          events.push_back(std::move(e));
          s.children.push_back(std::move(child));
        }
      }
    }
    if (failure != NotifyType{}) reply.notify(failure);
  }

  s.state = Session::State::kEstablished;
  s.established = now;
  count_half_open(s, false);
  s.last_heard = now;
  rearm(s);  // dead peer detection, if configured
  respond(s, ExchangeType::kIkeAuth, reply, now);
  trace(TraceKind::kState, &s,
        [&] { return absl::StrFormat("-> READY: IKE SA established with %s", to_string(s.peer_id)); });
  event(Event::Kind::kIkeSaEstablished, s, s.eap ? s.eap->identity() : to_string(s.peer_id));
  // What only IKE_SA_INIT / IKE_AUTH needed goes: the established SA keeps
  // its keys, identities, leases and CHILD SAs.
  if (s.eap) s.eap_identity = s.eap->identity();
  s.eap.reset();
  // §2.4 INITIAL_CONTACT: the peer holds no other SA with us (it restarted),
  // so older SAs between the same identities are stale: removed, no DELETE.
  if (req.find_notify(NotifyType::kInitialContact)) {
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
  Event e;
  e.kind = Event::Kind::kChildSaDeleted;
  e.spi_i = s.spi_i;
  e.spi_r = s.spi_r;
  e.child_spi_in = c.spi_in;
  e.child_spi_out = c.spi_out;
  e.detail = c.name;
  events.push_back(std::move(e));
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
