// Negotiating a CHILD SA, shared by IKE_AUTH (§1.2) and CREATE_CHILD_SA
// (§1.3.1, §2.8): the child policy, ESP proposal and narrowed traffic
// selectors (§2.9), our SPI from the installer, KEYMAT (§2.17), installation
// and the SA / TSi / TSr of the answer.
#include "engine.h"
#include "ikecore/crypto/keylog.h"

namespace ikecore {
namespace {

Selector host_selector(const IpAddress& a) {
  Selector s;
  s.addresses = IpRange{a, a};
  return s;
}

}  // namespace

Responder::Engine::ChildRequest Responder::Engine::read_child_request(const Message& req) {
  ChildRequest r;
  r.sa = body<SaPayload>(req, PayloadType::kSa);
  r.tsi = body<TsPayload>(req, PayloadType::kTsi);
  r.tsr = body<TsPayload>(req, PayloadType::kTsr);
  r.transport = req.find_notify(NotifyType::kUseTransportMode) != nullptr;
  r.tfc_padding = req.find_notify(NotifyType::kEspTfcPaddingNotSupported) == nullptr;
  r.non_first_fragments = req.find_notify(NotifyType::kNonFirstFragmentsAlso) != nullptr;
  return r;
}

Responder::Engine::ChildChoice Responder::Engine::choose_child(const Session& s, const ChildRequest& r,
                                                               bool in_ike_auth, const std::string* only) {
  ChildChoice out;
  if (!providers.installer) {
    trace(TraceKind::kChildSa, &s, "no CHILD SA installer: CHILD SA refused");
    out.failure = NotifyType::kNoProposalChosen;
    return out;
  }
  std::vector<Selector> proposed_i = from_payload(*r.tsi), proposed_r = from_payload(*r.tsr);
  bool any_proposal = false;
  for (const ChildPolicy& child : s.connection->children) {
    if (only && child.name != *only) continue;
    auto suite = select_esp_proposal(*r.sa, child.esp, in_ike_auth);
    if (!suite) continue;
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
    out.policy = &child;
    out.suite = *suite;
    out.tsi = std::move(ni);
    out.tsr = std::move(nr);
    return out;
  }
  out.failure = any_proposal ? NotifyType::kTsUnacceptable : NotifyType::kNoProposalChosen;
  trace(TraceKind::kChildSa, &s, any_proposal ? "traffic selectors unacceptable" : "no acceptable ESP proposal");
  return out;
}

NotifyType Responder::Engine::make_child(Session& s, const ChildChoice& choice, const ChildRequest& r, ByteView ni,
                                         ByteView nr, ByteView shared_secret, Reply& reply) {
  ChildSa child;
  child.name = choice.policy->name;
  child.suite = choice.suite;
  child.spi_out = choice.suite.peer_spi;
  child.local_ts = choice.tsr;
  child.remote_ts = choice.tsi;
  child.transport = choice.policy->allow_transport && r.transport;
  child.udp_encapsulation = s.local.port == config.natt_port || s.nat_local || s.nat_remote;
  auto spi = providers.installer->allocate_spi();
  auto sizes = esp_key_sizes(choice.suite);
  absl::StatusOr<ChildSaKeys> keys = absl::InternalError("no SPI");
  if (spi.ok() && sizes) {
    child.spi_in = *spi;
    keys = derive_child_sa_keys(*s.prf, s.keys.d.view(), shared_secret, ni, nr, sizes->encr, sizes->integ);
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
    spec.connection = s.connection->name;
    spec.child = child.name;
    spec.peer_tfc_padding = r.tfc_padding;
    spec.non_first_fragments = r.non_first_fragments;
    installed = providers.installer->install(spec);
  }
  if (!installed.ok()) {
    if (spi.ok()) providers.installer->remove(*spi, 0);
    trace(TraceKind::kChildSa, &s, "CHILD SA not installed: " + std::string(installed.message()));
    return NotifyType::kNoProposalChosen;
  }
  reply.payloads.push_back(
      {PayloadType::kSa, false, esp_sa_payload(child.suite, child.spi_in, reply.proposals.emplace_back())});
  reply.payloads.push_back({PayloadType::kTsi, false, to_payload(child.remote_ts, reply.selectors.emplace_back())});
  reply.payloads.push_back({PayloadType::kTsr, false, to_payload(child.local_ts, reply.selectors.emplace_back())});
  if (child.transport) reply.notify(NotifyType::kUseTransportMode);
  if (spec.non_first_fragments) reply.notify(NotifyType::kNonFirstFragmentsAlso);
  trace(TraceKind::kChildSa, &s, [&] {
    std::string li, ri;
    for (const Selector& x : child.local_ts) absl::StrAppend(&li, li.empty() ? "" : " ", to_string(x));
    for (const Selector& x : child.remote_ts) absl::StrAppend(&ri, ri.empty() ? "" : " ", to_string(x));
    return absl::StrFormat("CHILD SA '%s' installed: SPI in %08x out %08x, %s%s, %s%s, local %s remote %s", child.name,
                           child.spi_in, child.spi_out, name(child.suite.encr.id),
                           child.suite.encr.key_bits ? absl::StrFormat("-%u", child.suite.encr.key_bits) : "",
                           child.suite.integ == IntegId::kNone ? "AEAD" : name(child.suite.integ),
                           shared_secret.empty() ? "" : absl::StrCat(", PFS ", name(child.suite.group)), li, ri);
  });
  if (config.keylog) {
    // Wireshark's esp_sa table: one line per direction.
    auto in_line = esp_sa_line(s.remote.address_bytes(), s.local.address_bytes(), child.spi_in, child.suite.encr.id,
                               child.suite.encr.key_bits, spec.in.encr.view(), child.suite.integ,
                               spec.in.integ.view(), UncheckedIntegrity::kAllow);
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
  child_event(Event::Kind::kChildSaInstalled, s, child);
  s.children.push_back(std::move(child));
  return NotifyType{};
}

}  // namespace ikecore
