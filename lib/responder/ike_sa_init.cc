// The IKE_SA_INIT exchange, responder side (RFC 7296 §1.2, §2.6-2.10, §2.23).
#include <algorithm>

#include "absl/strings/str_cat.h"

#include "ikecore/crypto/keylog.h"
#include "ikecore/wire/verify.h"
#include "engine.h"

namespace ikecore {
namespace {

void put_u64(uint64_t v, uint8_t (&out)[8]) {
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(v >> (56 - 8 * i));
}

// §2.23: SHA-1(SPIi | SPIr | IP address | port).
Bytes nat_hash(CryptoProvider& crypto, uint64_t spi_i, uint64_t spi_r, const Endpoint& e) {
  uint8_t spis[2][8];
  put_u64(spi_i, spis[0]);
  put_u64(spi_r, spis[1]);
  const uint8_t port[2] = {static_cast<uint8_t>(e.port >> 8), static_cast<uint8_t>(e.port)};
  const ByteView data[] = {ByteView(spis[0]), ByteView(spis[1]), e.address_bytes(), ByteView(port)};
  absl::StatusOr<Bytes> h = crypto.hash(HashAlgorithm::kSha1, data);
  return h.ok() ? *std::move(h) : Bytes();
}

bool any_notify_equals(const Message& m, NotifyType type, ByteView data) {
  for (const Payload& p : m.payloads)
    if (const auto* n = p.get<NotifyPayload>(); n && n->type == type && n->data == data) return true;
  return false;
}

}  // namespace

void Responder::Engine::answer_with_notify(const Datagram& in, const Header& request, NotifyType type, ByteView data) {
  // An unprotected answer with SPIr zero: no state is kept (§1.2, §2.6).
  Message m;
  m.header.spi_i = request.spi_i;
  m.header.exchange = request.exchange;
  m.header.flags = Header::kFlagResponse;
  m.header.message_id = request.message_id;
  Payload n{PayloadType::kNotify, false, NotifyPayload{ProtocolId::kNone, {}, type, data}};
  m.payloads = Seq<Payload>(&n, 1);
  Bytes out;
  if (serialize_message(m, out).ok()) send(in.local, in.remote, out);
}

bool Responder::Engine::admit_ike_sa_init(const Datagram& in, const Message& m, TimePoint now) {
  auto refuse = [&](const char* why) {
    drop(DropReason::kLimit, nullptr, absl::StrFormat("IKE_SA_INIT from %s: %s", to_string(in.remote), why));
    return false;
  };
  if (config.max_ike_sas != 0 && by_spi_r.size() >= config.max_ike_sas) return refuse("IKE SA limit");

  // §2.6: past the threshold, only a request that returns our cookie is
  // served; the cookie is checked before anything is kept or computed.
  if (half_open >= config.cookie_threshold) {
    const auto* ni = body<NoncePayload>(m, PayloadType::kNonce);
    const NotifyPayload* cookie = m.find_notify(NotifyType::kCookie);
    if (!cookie || !cookies.valid(crypto, cookie->data, ni->data, in.remote, m.header.spi_i)) {
      Bytes fresh = cookies.make(crypto, ni->data, in.remote, m.header.spi_i, now, config.cookie_secret_lifetime);
      trace(TraceKind::kProposal, nullptr, [&] {
        return absl::StrFormat("IKE_SA_INIT from %s: %s; COOKIE sent (%u half-open)", to_string(in.remote),
                               cookie ? "invalid cookie" : "no cookie", half_open);
      });
      answer_with_notify(in, m.header, NotifyType::kCookie, fresh);
      return false;
    }
  }
  if (config.max_half_open != 0 && half_open >= config.max_half_open) return refuse("half-open limit");
  if (config.max_half_open_per_source != 0) {
    auto it = half_open_by_source.find(IpAddress{in.remote.address, in.remote.ipv6});
    if (it != half_open_by_source.end() && it->second >= config.max_half_open_per_source)
      return refuse("half-open limit for this address");
  }
  return true;
}

void Responder::Engine::count_half_open(Session& s, bool on) {
  if (on == s.half_open) return;
  s.half_open = on;
  if (on) {
    s.half_open_source = IpAddress{s.remote.address, s.remote.ipv6};
    ++half_open;
    ++half_open_by_source[s.half_open_source];
    return;
  }
  --half_open;
  auto it = half_open_by_source.find(s.half_open_source);
  if (it != half_open_by_source.end() && --it->second == 0) half_open_by_source.erase(it);
}

void Responder::Engine::log_ike_keys(const Session& s) {
  if (!config.keylog) return;
  absl::StatusOr<std::string> line = ikev2_decryption_table_line(
      s.spi_i, s.spi_r, s.suite.encr.id, s.suite.encr.key_bits, s.suite.integ, s.keys, UncheckedIntegrity::kAllow);
  if (!line.ok()) return;
  Event log;
  log.kind = Event::Kind::kKeyLog;
  log.spi_i = s.spi_i;
  log.spi_r = s.spi_r;
  log.detail = *std::move(line);
  log.table = kWiresharkIkev2TableFile;
  events.push_back(std::move(log));
}

void Responder::Engine::on_ike_sa_init(const Datagram& in, ByteView ike, const Message& m, TimePoint now) {
  // §2.1: a retransmitted request gets the same answer and makes no new SA.
  if (auto it = by_init.find(InitKey{m.header.spi_i, in.remote}); it != by_init.end()) {
    Session& s = *by_spi_r.at(it->second);
    if (!std::equal(s.request.begin(), s.request.end(), ike.begin(), ike.end()))
      return drop(DropReason::kRetransmitChanged, &s, "IKE_SA_INIT");
    if (!s.response.empty()) {
      trace(TraceKind::kRetransmit, &s, "IKE_SA_INIT request retransmitted: response resent");
      send(in.local, in.remote, s.response);  // §2.11: back the way it came
    }
    return;
  }

  ParseError e = verify_message(m);
  if (!e.ok()) {
    drop(DropReason::kInvalid, nullptr, std::string("IKE_SA_INIT: ") + e.detail);
    if (e.notify != NotifyType{}) {
      // §3.10.1: UNSUPPORTED_CRITICAL_PAYLOAD carries the one-octet type.
      const uint8_t type[1] = {static_cast<uint8_t>(e.notify_data)};
      bool with_data = e.notify == NotifyType::kUnsupportedCriticalPayload;
      answer_with_notify(in, m.header, e.notify, with_data ? ByteView(type) : ByteView());
    }
    return;
  }
  if (!admit_ike_sa_init(in, m, now)) return;
  const auto* sa = body<SaPayload>(m, PayloadType::kSa);
  const auto* ke = body<KePayload>(m, PayloadType::kKe);
  const auto* ni = body<NoncePayload>(m, PayloadType::kNonce);

  std::optional<IkeSuite> suite = select_ike_proposal(*sa, config.ike, ke->group);
  if (!suite) {
    trace(TraceKind::kProposal, nullptr,
          [&] { return absl::StrFormat("IKE_SA_INIT from %s: no acceptable proposal", to_string(in.remote)); });
    return answer_with_notify(in, m.header, NotifyType::kNoProposalChosen, {});
  }
  if (suite->group != ke->group) {
    // §1.2 / §3.10.1: name the group we want; keep no state.
    trace(TraceKind::kProposal, nullptr, [&] {
      return absl::StrFormat("IKE_SA_INIT from %s: KE group %s not chosen, INVALID_KE_PAYLOAD asks for %s",
                             to_string(in.remote), name(ke->group), name(suite->group));
    });
    const uint8_t group[2] = {static_cast<uint8_t>(static_cast<uint16_t>(suite->group) >> 8),
                              static_cast<uint8_t>(suite->group)};
    return answer_with_notify(in, m.header, NotifyType::kInvalidKePayload, group);
  }

  auto owned = std::make_unique<Session>();
  Session& s = *owned;
  s.spi_i = m.header.spi_i;
  s.spi_r = new_spi();
  s.local = in.local;
  s.remote = in.remote;
  s.suite = *suite;
  s.tunnel_id = next_tunnel_id++;
  s.created = now;
  s.request.assign(ike.begin(), ike.end());
  s.ni.assign(ni->data.begin(), ni->data.end());
  s.peer_ke.assign(ke->data.begin(), ke->data.end());
  // §2.23: the hashes in the request use SPIr = 0.
  s.nat_detection = m.find_notify(NotifyType::kNatDetectionSourceIp) != nullptr;
  if (s.nat_detection) {
    s.nat_remote = !any_notify_equals(m, NotifyType::kNatDetectionSourceIp, nat_hash(crypto, s.spi_i, 0, s.remote));
    s.nat_local =
        !any_notify_equals(m, NotifyType::kNatDetectionDestinationIp, nat_hash(crypto, s.spi_i, 0, s.local));
  }
  s.peer_fragmentation = m.find_notify(NotifyType::kIkev2FragmentationSupported) != nullptr;
  s.peer_signature_hashes = m.find_notify(NotifyType::kSignatureHashAlgorithms) != nullptr;
  s.peer_childless = m.find_notify(NotifyType::kChildlessIkev2Supported) != nullptr;
  s.init_remote = s.remote;
  by_init[InitKey{s.spi_i, s.init_remote}] = s.spi_r;
  by_spi_r[s.spi_r] = std::move(owned);
  count_half_open(s, true);
  trace(TraceKind::kProposal, &s, [&] {
    return absl::StrFormat(
        "IKE_SA_INIT from %s: chose proposal %u: %s%s, %s%s, %s", to_string(s.remote), s.suite.proposal_number,
        name(s.suite.encr.id), s.suite.encr.key_bits ? absl::StrFormat("-%u", s.suite.encr.key_bits) : std::string(),
        name(s.suite.prf), s.suite.integ == IntegId::kNone ? "" : absl::StrCat(", ", name(s.suite.integ)),
        name(s.suite.group));
  });
  // A provider that never answers must not keep the SA forever.
  arm_timer(s, now + config.half_open_timeout);
  continue_init(s, now);
}

void Responder::Engine::continue_init(Session& s, TimePoint now) {
  if (s.state == Session::State::kWaitKeyPair && !s.ke) {
    Async<std::unique_ptr<KeyExchange>> kp = crypto.key_exchange(s.suite.group);
    if (kp.pending()) {
      pending[static_cast<uint64_t>(kp.ticket())] = s.spi_r;
      return;
    }
    if (!kp.result().ok() || !*kp.result()) return remove(s.spi_r, "key pair generation failed");
    s.ke = std::move(*kp.result());
    s.state = Session::State::kWaitSharedSecret;
  }
  if (s.state == Session::State::kWaitSharedSecret && s.shared_secret.empty()) {
    Async<SecretBytes> secret = s.ke->derive(s.peer_ke);
    if (secret.pending()) {
      pending[static_cast<uint64_t>(secret.ticket())] = s.spi_r;
      return;
    }
    // A KE value the group rejects (§2.7 / RFC 5903 / RFC 8031 checks).
    if (!secret.result().ok()) return remove(s.spi_r, "invalid key exchange value");
    s.shared_secret = std::move(*secret.result());
  }

  auto prf = crypto.prf(s.suite.prf);
  auto cipher = crypto.cipher(s.suite.encr.id, s.suite.encr.key_bits);
  absl::StatusOr<std::unique_ptr<Integrity>> integ = std::unique_ptr<Integrity>();
  if (s.suite.integ != IntegId::kNone) integ = crypto.integrity(s.suite.integ);
  if (!prf.ok() || !cipher.ok() || !integ.ok()) return remove(s.spi_r, "provider lacks the chosen suite");
  s.prf = std::move(*prf);
  s.cipher = std::move(*cipher);
  s.integrity = std::move(*integ);

  s.nr.resize(config.nonce_size);
  crypto.random(absl::MakeSpan(s.nr));

  // HDR, SAr1, KEr, Nr, [N(NAT_DETECTION_*)], [CERTREQ], [N(FRAGMENTATION)], [N(SIGNATURE_HASH)]
  Message r;
  r.header.spi_i = s.spi_i;
  r.header.spi_r = s.spi_r;
  r.header.exchange = ExchangeType::kIkeSaInit;
  r.header.flags = Header::kFlagResponse;
  SuiteTransforms transforms;
  fill_transforms(s.suite, transforms);
  Proposal proposal{s.suite.proposal_number, ProtocolId::kIke, {}, Seq<Transform>(transforms.items, transforms.count)};
  std::vector<Payload> payloads;
  payloads.push_back({PayloadType::kSa, false, SaPayload{Seq<Proposal>(&proposal, 1)}});
  payloads.push_back({PayloadType::kKe, false, KePayload{s.suite.group, s.ke->public_value()}});
  payloads.push_back({PayloadType::kNonce, false, NoncePayload{s.nr}});
  Bytes nat_source, nat_destination, ca_hashes, hashes;
  if (s.nat_detection) {
    nat_source = nat_hash(crypto, s.spi_i, s.spi_r, s.local);
    nat_destination = nat_hash(crypto, s.spi_i, s.spi_r, s.remote);
    payloads.push_back({PayloadType::kNotify, false,
                        NotifyPayload{ProtocolId::kNone, {}, NotifyType::kNatDetectionSourceIp, nat_source}});
    payloads.push_back({PayloadType::kNotify, false,
                        NotifyPayload{ProtocolId::kNone, {}, NotifyType::kNatDetectionDestinationIp, nat_destination}});
  }
  for (const Bytes& h : config.certreq_ca_hashes) ca_hashes.insert(ca_hashes.end(), h.begin(), h.end());
  if (config.certreq_ca_hashes.empty() && providers.credentials) {
    // §3.7: by default, request certificates from the CAs we trust.
    for (const Certificate* ca : providers.credentials->trust_anchors()) {
      Bytes h = ca->spki_sha1();
      ca_hashes.insert(ca_hashes.end(), h.begin(), h.end());
    }
  }
  if (!ca_hashes.empty()) {
    payloads.push_back({PayloadType::kCertReq, false, CertReqPayload{CertEncoding::kX509Signature, ca_hashes}});
  }
  // RFC 7383 §2.3 / RFC 7427 §4: answered only when the initiator announced.
  if (config.fragmentation && s.peer_fragmentation)
    payloads.push_back({PayloadType::kNotify, false,
                        NotifyPayload{ProtocolId::kNone, {}, NotifyType::kIkev2FragmentationSupported, {}}});
  if (!config.signature_hashes.empty() && s.peer_signature_hashes) {
    for (SignatureHash h : config.signature_hashes) {
      hashes.push_back(static_cast<uint8_t>(static_cast<uint16_t>(h) >> 8));
      hashes.push_back(static_cast<uint8_t>(h));
    }
    payloads.push_back({PayloadType::kNotify, false,
                        NotifyPayload{ProtocolId::kNone, {}, NotifyType::kSignatureHashAlgorithms, hashes}});
  }
  // RFC 6023 §3: an IKE_AUTH without a CHILD SA is accepted (as from any
  // initiator); the support is announced to one that asked.
  if (s.peer_childless)
    payloads.push_back({PayloadType::kNotify, false,
                        NotifyPayload{ProtocolId::kNone, {}, NotifyType::kChildlessIkev2Supported, {}}});
  r.payloads = payloads;
  if (!serialize_message(r, s.response).ok()) return remove(s.spi_r, "could not encode the response");

  // §2.14: SKEYSEED and the seven keys.
  auto seed = skeyseed(*s.prf, s.ni, s.nr, s.shared_secret.view());
  IkeKeySizes sizes{s.prf->key_size(), s.integrity ? s.integrity->key_size() : 0, s.cipher->key_material_size()};
  absl::StatusOr<IkeSaKeys> keys =
      seed.ok() ? derive_ike_sa_keys(*s.prf, seed->view(), s.ni, s.nr, s.spi_i, s.spi_r, sizes)
                : absl::StatusOr<IkeSaKeys>(seed.status());
  if (!keys.ok()) return remove(s.spi_r, "key derivation failed");
  s.keys = std::move(*keys);
  s.shared_secret.clear();
  s.ke.reset();
  s.peer_ke = Bytes();
  s.state = Session::State::kInitDone;
  trace(TraceKind::kState, &s, "R_INIT -> WAIT_AUTH: IKE_SA_INIT answered, keys derived");

  send(s.local, s.remote, s.response);
  log_ike_keys(s);
  event(Event::Kind::kIkeSaHalfOpen, s);
  arm_timer(s, now + config.half_open_timeout);
}

}  // namespace ikecore
