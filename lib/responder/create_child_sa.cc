// CREATE_CHILD_SA (RFC 7296 §1.3): an additional CHILD SA, the rekey of a
// CHILD SA (N(REKEY_SA), §1.3.3, with or without PFS) and the rekey of the
// IKE SA itself (§1.3.2, §2.18). The key exchange may be answered later by
// the provider: the request is kept and the work resumes on complete().
// Nothing that fails here harms the IKE SA: the answer carries the notify
// and the SA goes on.
#include <algorithm>

#include "engine.h"

namespace ikecore {
namespace {

Bytes group_bytes(KeGroup g) {
  return Bytes{static_cast<uint8_t>(static_cast<uint16_t>(g) >> 8), static_cast<uint8_t>(g)};
}

// We sent (or queued) a DELETE for this IKE SA.
bool being_deleted(const Session& s) {
  return s.own.purpose == Session::Purpose::kDeleteIke ||
         std::any_of(s.queued.begin(), s.queued.end(),
                     [](const auto& q) { return q.first == Session::Purpose::kDeleteIke; });
}

uint64_t spi_value(ByteView b) {
  uint64_t v = 0;
  for (uint8_t x : b) v = v << 8 | x;
  return v;
}

}  // namespace

void Responder::Engine::wait_for_provider(Session& s, Ticket ticket, Session::Wait wait, TimePoint now) {
  park(s, ticket, wait);
  s.create->give_up = now + config.half_open_timeout;
  rearm(s);
}

void Responder::Engine::on_create_child_sa(Session& s, const Message& in, TimePoint now) {
  // §2.25.2: an IKE SA already rekeyed, or that we are deleting, takes no
  // new CHILD SA and no rekey (the peer retries in the current SA, if any).
  if (s.rekeyed || being_deleted(s)) {
    trace(TraceKind::kChildSa, &s, s.rekeyed ? "CREATE_CHILD_SA on a rekeyed IKE SA: TEMPORARY_FAILURE"
                                             : "CREATE_CHILD_SA while we delete the IKE SA: TEMPORARY_FAILURE");
    Reply reply;
    reply.notify(NotifyType::kTemporaryFailure);
    (void)respond(s, ExchangeType::kCreateChildSa, reply, now);
    return;
  }
  // Kept for the resumption after a provider that answers later.
  Bytes saved;
  if (in.payloads.empty() || !serialize_payloads(in.payloads, saved).ok()) {
    Reply reply;
    reply.notify(NotifyType::kInvalidSyntax);
    (void)respond(s, ExchangeType::kCreateChildSa, reply, now);
    return;
  }
  s.create = std::make_unique<Session::PendingCreate>();
  s.create->request = SecretBytes(saved);
  s.create->first = in.payloads.front().type;
  continue_create(s, now);
}

void Responder::Engine::continue_create(Session& s, TimePoint now) {
  Message req;
  auto answer = [&](Reply& reply) {
    s.create.reset();
    respond(s, ExchangeType::kCreateChildSa, reply, now);
  };
  // The notify may name a CHILD SA (`protocol`, `spi`: CHILD_SA_NOT_FOUND).
  auto fail = [&](NotifyType type, Bytes data, const std::string& why, ProtocolId protocol = ProtocolId::kNone,
                  Bytes spi = {}) {
    trace(TraceKind::kChildSa, &s, [&] { return absl::StrFormat("CREATE_CHILD_SA refused: %s (%s)", why, name(type)); });
    Reply reply;
    reply.payloads.push_back({PayloadType::kNotify, false,
                              NotifyPayload{protocol, reply.keep(std::move(spi)), type, reply.keep(std::move(data))}});
    answer(reply);
  };
  // The host may have deleted the IKE SA while a provider was working.
  if (being_deleted(s)) return fail(NotifyType::kTemporaryFailure, {}, "the IKE SA is being deleted");
  if (!parse_payloads(s.create->request.view(), s.create->first, req.arena(), req.payloads).ok())
    return fail(NotifyType::kInvalidSyntax, {}, "stored request unreadable");
  const auto* sa = body<SaPayload>(req, PayloadType::kSa);
  const auto* ni = body<NoncePayload>(req, PayloadType::kNonce);
  const auto* ke = body<KePayload>(req, PayloadType::kKe);
  if (!sa || !ni || sa->proposals.empty()) return fail(NotifyType::kInvalidSyntax, {}, "no SA or nonce");
  const bool ike_rekey = sa->proposals[0].protocol == ProtocolId::kIke;

  // --- what is asked for, and the key exchange group it needs
  KeGroup group = KeGroup::kNone;
  std::optional<IkeSuite> ike_suite;
  ByteView new_spi_i;
  ChildRequest child_request;
  ChildChoice choice;
  // The CHILD SA being rekeyed, by value: s.children grows below.
  std::optional<ChildSa> rekeyed;
  if (ike_rekey) {
    // §1.3.2: SA, Ni and KEi; no traffic selectors.
    if (!ke) return fail(NotifyType::kInvalidSyntax, {}, "IKE SA rekey without KE");
    ike_suite = select_ike_proposal(*sa, config.ike, ke->group);
    if (!ike_suite) return fail(NotifyType::kNoProposalChosen, {}, "no acceptable IKE proposal");
    for (const Proposal& p : sa->proposals)
      if (p.number == ike_suite->proposal_number) new_spi_i = p.spi;
    if (new_spi_i.size() != 8 || spi_value(new_spi_i) == 0)
      return fail(NotifyType::kNoProposalChosen, {}, "the new IKE SA needs an 8-byte SPI");
    group = ike_suite->group;
  } else {
    child_request = read_child_request(req);
    if (!child_request.tsi || !child_request.tsr) return fail(NotifyType::kInvalidSyntax, {}, "no TSi / TSr");
    const std::string* only = nullptr;
    if (const NotifyPayload* rekey = req.find_notify(NotifyType::kRekeySa)) {
      // §1.3.3: the SPI the peer has for the SA, i.e. our outbound SPI.
      // An SA we do not have, or of another protocol: CHILD_SA_NOT_FOUND
      // (§3.10.1), and the IKE SA carries on.
      if (rekey->protocol == ProtocolId::kEsp && rekey->spi.size() == 4) {
        uint32_t spi = static_cast<uint32_t>(spi_value(rekey->spi));
        for (const ChildSa& c : s.children)
          if (c.spi_out == spi) rekeyed = c;
      }
      // §3.10.1: CHILD_SA_NOT_FOUND names the SA as the request did.
      if (!rekeyed)
        return fail(NotifyType::kChildSaNotFound, {}, "REKEY_SA names no CHILD SA of ours", rekey->protocol,
                    Bytes(rekey->spi.begin(), rekey->spi.end()));
      only = &rekeyed->name;
    }
    choice = choose_child(s, child_request, /*in_ike_auth=*/false, only);
    if (choice.failure != NotifyType{}) return fail(choice.failure, {}, "no acceptable CHILD SA");
    group = choice.suite.group;
  }
  // §1.3: a KE of another group than the one chosen (or none when one is
  // needed): INVALID_KE_PAYLOAD naming ours.
  if (group != KeGroup::kNone && (!ke || ke->group != group))
    return fail(NotifyType::kInvalidKePayload, group_bytes(group), "KE group");

  // --- the key exchange; a provider may answer later (complete())
  if (group != KeGroup::kNone) {
    if (!s.create->ke) {
      Async<std::unique_ptr<KeyExchange>> pair = crypto.key_exchange(group);
      if (pair.pending()) return wait_for_provider(s, pair.ticket(), Session::Wait::kCreateKeyPair, now);
      auto result = pair.take();
      if (!result.ok() || !*result) return fail(NotifyType::kNoProposalChosen, {}, "no key pair for the group");
      s.create->ke = *std::move(result);
    }
    if (!s.create->shared_ready) {
      Async<SecretBytes> secret = s.create->ke->derive(ke->data);
      if (secret.pending()) return wait_for_provider(s, secret.ticket(), Session::Wait::kCreateSecret, now);
      auto result = secret.take();
      if (!result.ok()) return fail(NotifyType::kInvalidSyntax, {}, "unusable KE value");
      s.create->shared = *std::move(result);
      s.create->shared_ready = true;
    }
  }

  if (ike_rekey) return finish_ike_rekey(s, req, *ike_suite, new_spi_i, ni->data, now);

  Bytes nr(config.nonce_size);
  crypto.random(absl::MakeSpan(nr));
  Reply reply;
  NotifyType failure = make_child(s, choice, child_request, ni->data, nr, s.create->shared.view(), reply);
  if (failure != NotifyType{}) return fail(failure, {}, "not installed");
  // §1.3.1: SA, Nr, [KEr], TSi, TSr: make_child put SA first.
  std::vector<Payload> middle;
  middle.push_back({PayloadType::kNonce, false, NoncePayload{reply.keep(std::move(nr))}});
  if (group != KeGroup::kNone) {
    Bytes public_value(s.create->ke->public_value().begin(), s.create->ke->public_value().end());
    middle.push_back({PayloadType::kKe, false, KePayload{group, reply.keep(std::move(public_value))}});
  }
  reply.payloads.insert(reply.payloads.begin() + 1, middle.begin(), middle.end());
  if (rekeyed)
    trace(TraceKind::kChildSa, &s, [&] {
      return absl::StrFormat("CHILD SA '%s' (in %08x) rekeyed; the old one stays until the peer deletes it",
                             rekeyed->name, rekeyed->spi_in);
    });
  answer(reply);
}

void Responder::Engine::finish_ike_rekey(Session& s, const Message& req, const IkeSuite& suite, ByteView new_spi_i,
                                         ByteView ni, TimePoint now) {
  (void)req;
  auto owned = std::make_unique<Session>();
  Session& n = *owned;
  n.spi_i = spi_value(new_spi_i);
  n.spi_r = new_spi();
  n.local = s.local;
  n.remote = s.remote;
  n.suite = suite;
  n.tunnel_id = next_tunnel_id++;
  n.created = now;
  n.established = now;
  n.next_request_id = 0;  // §2.18: the new IKE SA's message IDs start at 0
  n.last_heard = now;
  auto prf = crypto.prf(suite.prf);
  auto cipher = crypto.cipher(suite.encr.id, suite.encr.key_bits);
  absl::StatusOr<std::unique_ptr<Integrity>> integ = std::unique_ptr<Integrity>();
  if (suite.integ != IntegId::kNone) integ = crypto.integrity(suite.integ);
  Bytes nr(config.nonce_size);
  crypto.random(absl::MakeSpan(nr));
  absl::StatusOr<IkeSaKeys> keys = absl::InternalError("provider lacks the suite");
  if (prf.ok() && cipher.ok() && integ.ok()) {
    n.prf = *std::move(prf);
    n.cipher = *std::move(cipher);
    n.integrity = *std::move(integ);
    // §2.18: SKEYSEED from the old SA's SK_d with the old SA's PRF (the
    // exchange belongs to it); the keys from the new PRF and the new SPIs.
    auto seed = rekey_skeyseed(*s.prf, s.keys.d.view(), s.create->shared.view(), ni, nr);
    IkeKeySizes sizes{n.prf->key_size(), n.integrity ? n.integrity->key_size() : 0, n.cipher->key_material_size()};
    if (seed.ok()) keys = derive_ike_sa_keys(*n.prf, seed->view(), ni, nr, n.spi_i, n.spi_r, sizes);
  }
  if (!keys.ok()) {
    Reply reply;
    reply.notify(NotifyType::kNoProposalChosen);
    s.create.reset();
    (void)respond(s, ExchangeType::kCreateChildSa, reply, now);
    return;
  }
  n.keys = *std::move(keys);
  n.keys.pi = SecretBytes();  // no AUTH in the new SA
  n.keys.pr = SecretBytes();

  // The new SA takes over the old one's identity, leases and CHILD SAs
  // (§2.18: "the CHILD SAs are inherited").
  n.state = Session::State::kEstablished;
  n.connection = s.connection;
  n.peer_id = s.peer_id;
  n.our_id = s.our_id;
  n.eap_identity = s.eap_identity;
  n.auth_sign = s.auth_sign;
  n.auth_verify = s.auth_verify;
  n.nat_local = s.nat_local;
  n.nat_remote = s.nat_remote;
  n.peer_fragmentation = s.peer_fragmentation;

  // §1.3.2: SA (our new SPI), Nr, KEr; protected with the old SA's keys.
  Reply reply;
  SuiteTransforms transforms;
  fill_transforms(suite, transforms);
  Bytes our_spi(8);
  for (size_t i = 0; i < 8; ++i) our_spi[i] = static_cast<uint8_t>(n.spi_r >> (56 - 8 * i));
  Proposal proposal{suite.proposal_number, ProtocolId::kIke, reply.keep(std::move(our_spi)),
                    Seq<Transform>(transforms.items, transforms.count)};
  reply.payloads.push_back({PayloadType::kSa, false, SaPayload{Seq<Proposal>(&proposal, 1)}});
  reply.payloads.push_back({PayloadType::kNonce, false, NoncePayload{reply.keep(std::move(nr))}});
  Bytes public_value(s.create->ke->public_value().begin(), s.create->ke->public_value().end());
  reply.payloads.push_back({PayloadType::kKe, false, KePayload{suite.group, reply.keep(std::move(public_value))}});
  s.create.reset();
  if (!respond(s, ExchangeType::kCreateChildSa, reply, now)) return;  // `s` is gone; nothing moved
  s.rekeyed = true;
  n.lease_v4 = std::exchange(s.lease_v4, std::nullopt);
  n.lease_v6 = std::exchange(s.lease_v6, std::nullopt);
  n.children = std::exchange(s.children, {});
  // Our CHILD SA deletes still to be sent go with them (in the new SA).
  for (const auto& q : s.queued)
    if (q.first == Session::Purpose::kDeleteChild) n.queued.push_back(q);
  if (s.own.purpose == Session::Purpose::kDeleteChild) n.queued.emplace_back(s.own.purpose, s.own.child_spi);
  s.queued.clear();

  trace(TraceKind::kState, &s, [&] {
    return absl::StrFormat("IKE SA rekeyed: new SPIs %016x/%016x, %u CHILD SA(s) moved; waiting for the peer's DELETE",
                           n.spi_i, n.spi_r, n.children.size());
  });
  log_ike_keys(n);
  event(Event::Kind::kIkeSaEstablished, n, absl::StrFormat("rekey of %016x/%016x", s.spi_i, s.spi_r));
  Session& installed = *owned;
  by_spi_r[installed.spi_r] = std::move(owned);
  if (!installed.queued.empty()) {
    auto [purpose, child_spi] = installed.queued.front();
    installed.queued.erase(installed.queued.begin());
    start_request(installed, purpose, child_spi, now);
  } else {
    rearm(installed);
  }
  // The old SA: gone when the peer deletes it, or after the half-open
  // timeout if it never does.
  arm_timer(s, now + config.half_open_timeout);
}

}  // namespace ikecore
