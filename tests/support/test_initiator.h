// A test-support IKEv2 initiator built on ikecore's own codec and crypto
// (and on nothing of the responder engine): IKE_SA_INIT, IKE_AUTH with PSK,
// a certificate or EAP (Identity, MD5-Challenge, MSCHAPv2, GTC, client side),
// the configuration request and the CHILD SA proposal, and INFORMATIONAL.
// The engine's tests drive the Responder with it; every answer of the
// responder is decrypted and checked here as a real peer would.
//
// Header-only, used from several test files.
#pragma once

#include <algorithm>
#include <deque>
#include <stdexcept>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_format.h"
#include "ikecore/crypto/auth.h"
#include "ikecore/crypto/boringssl.h"
#include "ikecore/crypto/keys.h"
#include "ikecore/crypto/mschapv2.h"
#include "ikecore/crypto/protect.h"
#include "ikecore/responder/identity.h"
#include "ikecore/responder/responder.h"
#include "ikecore/wire/eap_packet.h"
#include "ikecore/wire/message.h"
#include "ikecore/wire/verify.h"

namespace ikecore::test {

// What the initiator proposes and how it authenticates.
struct InitiatorOptions {
  Identity id = *Identity::parse("alice@example.com");
  std::optional<Identity> idr;          // IDr to ask for
  std::string psk;                      // AUTH method 2 when set (and no EAP)
  bool eap = false;                     // omit AUTH: EAP
  std::string eap_identity = "alice";
  std::string password = "secret";
  std::vector<EapType> accept_eap = {EapType::kMschapv2, EapType::kMd5Challenge, EapType::kGtc};
  const Certificate* cert = nullptr;    // certificate authentication when set
  const PrivateKey* key = nullptr;
  std::vector<const Certificate*> intermediates;  // sent after the leaf
  bool signature_hashes = false;        // announce RFC 7427 (and sign with method 14)
  bool request_address = true;          // CP(CFG_REQUEST) INTERNAL_IP4_ADDRESS + DNS
  bool request_address6 = false;        // ... and INTERNAL_IP6_ADDRESS
  KeGroup group = KeGroup::kCurve25519;
  uint32_t esp_spi = 0x11223344;
  bool child_sa = true;                 // SA, TSi, TSr in IKE_AUTH
  bool ike_aead = false;                // IKE SA with AES-GCM-16-256 instead of AES-CBC-256 + HMAC-SHA2-256
};

class TestInitiator {
 public:
  TestInitiator(BoringSslProvider& crypto, Endpoint self, Endpoint responder, InitiatorOptions o)
      : crypto_(crypto), self_(self), responder_(responder), o_(std::move(o)) {
    uint8_t b[8];
    crypto_.random(absl::MakeSpan(b));
    for (uint8_t x : b) spi_i_ = spi_i_ << 8 | x;
    spi_i_ |= 1;
    ni_.resize(32);
    crypto_.random(absl::MakeSpan(ni_));
    prf_ = std::move(crypto_.prf(PrfId::kHmacSha2_256).value());
    cipher_ = std::move(crypto_.cipher(ike_encr(), 256).value());
    if (!o_.ike_aead) integ_ = std::move(crypto_.integrity(IntegId::kHmacSha2_256_128).value());
  }

  uint64_t spi_i() const { return spi_i_; }
  uint64_t spi_r() const { return spi_r_; }
  const IkeSaKeys& keys() const { return keys_; }
  const Bytes& ni() const { return ni_; }
  const Bytes& nr() const { return nr_; }
  Endpoint& self() { return self_; }
  Endpoint& responder() { return responder_; }
  const SecretBytes& msk() const { return msk_; }

  // --- IKE_SA_INIT: AES-CBC-256 with HMAC-SHA2-256 (or AES-GCM-16-256),
  // PRF HMAC-SHA2-256, the group.
  Datagram sa_init() {
    ke_ = std::move(crypto_.key_exchange(o_.group).take().value());
    Message m;
    m.header = header(ExchangeType::kIkeSaInit, 0);
    m.header.spi_r = 0;
    auto& a = m.arena();
    TransformAttribute* kl = a.make<TransformAttribute>(1).data();
    *kl = TransformAttribute{static_cast<uint16_t>(TransformAttrType::kKeyLength), true, 256, {}};
    auto ts = a.make<Transform>(o_.ike_aead ? 3 : 4);
    ts[0] = {TransformType::kEncr, static_cast<uint16_t>(ike_encr()), Seq<TransformAttribute>(kl, 1)};
    ts[1] = {TransformType::kPrf, static_cast<uint16_t>(PrfId::kHmacSha2_256), {}};
    ts[2] = {TransformType::kKe, static_cast<uint16_t>(o_.group), {}};
    if (!o_.ike_aead) ts[3] = {TransformType::kInteg, static_cast<uint16_t>(IntegId::kHmacSha2_256_128), {}};
    auto props = a.make<Proposal>(1);
    props[0] = Proposal{1, ProtocolId::kIke, {}, ts};
    std::vector<Payload> p;
    // §2.6: a cookie the responder asked for comes back first.
    if (!cookie_.empty()) p.push_back(notify(NotifyType::kCookie, a.copy(cookie_)));
    p.push_back({PayloadType::kSa, false, SaPayload{props}});
    p.push_back({PayloadType::kKe, false, KePayload{o_.group, a.copy(ke_->public_value())}});
    p.push_back({PayloadType::kNonce, false, NoncePayload{a.copy(ni_)}});
    if (o_.signature_hashes) {
      static const uint8_t hashes[] = {0, 2, 0, 3, 0, 4};
      p.push_back(notify(NotifyType::kSignatureHashAlgorithms, hashes));
    }
    auto seq = a.make<Payload>(p.size());
    std::copy(p.begin(), p.end(), seq.begin());
    m.payloads = seq;
    init_request_ = *serialize_message(m);
    return Datagram{responder_, self_, init_request_};
  }

  // An IKE_SA_INIT response that is only N(COOKIE): keeps the cookie for the
  // next sa_init() and returns true (§2.6).
  bool take_cookie(const Datagram& d) {
    Message m;
    if (!parse_message(d.data, m).ok() || !m.header.response() || m.payloads.size() != 1) return false;
    const NotifyPayload* n = m.find_notify(NotifyType::kCookie);
    if (!n) return false;
    cookie_.assign(n->data.begin(), n->data.end());
    return true;
  }
  Bytes& cookie() { return cookie_; }

  // Takes the IKE_SA_INIT response: SPIr, KEr, Nr, keys (§2.14).
  bool on_sa_init_response(const Datagram& d) {
    Message m;
    if (!parse_message(d.data, m).ok() || !m.header.response()) return false;
    const auto* ke = find<KePayload>(m, PayloadType::kKe);
    const auto* nr = find<NoncePayload>(m, PayloadType::kNonce);
    if (!ke || !nr) return false;
    spi_r_ = m.header.spi_r;
    nr_.assign(nr->data.begin(), nr->data.end());
    init_response_ = d.data;
    auto secret = ke_->derive(ke->data).take();
    if (!secret.ok()) return false;
    auto seed = skeyseed(*prf_, ni_, nr_, secret->view());
    if (!seed.ok()) return false;
    IkeKeySizes sizes{prf_->key_size(), integ_ ? integ_->key_size() : 0, cipher_->key_material_size()};
    auto keys = derive_ike_sa_keys(*prf_, seed->view(), ni_, nr_, spi_i_, spi_r_, sizes);
    if (!keys.ok()) return false;
    keys_ = std::move(*keys);
    return true;
  }

  // --- IKE_AUTH, first request.
  // Payloads put first in a request (e.g. N(INITIAL_CONTACT)).
  using ExtraPayloads = std::vector<Payload>;

  Datagram first_auth(const ExtraPayloads& extra = {}) {
    std::vector<Payload> p;
    p.push_back({PayloadType::kIdi, false, o_.id.payload()});
    p.insert(p.end(), extra.begin(), extra.end());
    if (o_.cert) p.push_back({PayloadType::kCert, false, CertPayload{CertEncoding::kX509Signature, o_.cert->der()}});
    for (const Certificate* c : o_.intermediates)
      p.push_back({PayloadType::kCert, false, CertPayload{CertEncoding::kX509Signature, c->der()}});
    if (o_.idr) p.push_back({PayloadType::kIdr, false, o_.idr->payload()});
    if (!o_.eap) p.push_back({PayloadType::kAuth, false, our_auth()});
    if (o_.request_address) {
      auto attrs = fresh().make<CpAttribute>(o_.request_address6 ? 3 : 2);
      attrs[0] = CpAttribute{static_cast<uint16_t>(CfgAttr::kInternalIp4Address), {}};
      attrs[1] = CpAttribute{static_cast<uint16_t>(CfgAttr::kInternalIp4Dns), {}};
      if (o_.request_address6) attrs[2] = CpAttribute{static_cast<uint16_t>(CfgAttr::kInternalIp6Address), {}};
      p.push_back({PayloadType::kCp, false, CpPayload{CfgType::kRequest, attrs}});
    }
    if (o_.child_sa) {
      p.push_back({PayloadType::kSa, false, esp_proposals()});
      p.push_back({PayloadType::kTsi, false, any_ts()});
      p.push_back({PayloadType::kTsr, false, any_ts()});
    }
    return request(ExchangeType::kIkeAuth, p);
  }

  // The same request as RFC 7383 fragments (SKF), `pieces` of them.
  std::vector<Datagram> request_fragments(ExchangeType exchange, const std::vector<Payload>& payloads,
                                          uint16_t pieces) {
    Header h = header(exchange, next_mid_++);
    Bytes inner;
    REQUIRE_OK(serialize_payloads(payloads, inner));
    SkContext c{cipher_.get(), integ_.get(), keys_.ei.view(), keys_.ai.view(), &iv_counter_, &crypto_};
    std::vector<Datagram> out;
    const size_t chunk = (inner.size() + pieces - 1) / pieces;
    for (uint16_t i = 0; i < pieces; ++i) {
      ByteView part = ByteView(inner).subspan(std::min(inner.size(), i * chunk),
                                              std::min(chunk, inner.size() - std::min(inner.size(), i * chunk)));
      Bytes d;
      REQUIRE_OK(protect(h, i == 0 && !payloads.empty() ? payloads.front().type : PayloadType::kNone, part, c, d,
                         FragmentPosition{static_cast<uint16_t>(i + 1), pieces}));
      out.push_back(Datagram{responder_, self_, with_marker(d)});
    }
    return out;
  }
  // The payloads of the first IKE_AUTH request (for request_fragments()).
  std::vector<Payload> first_auth_payloads() {
    std::vector<Payload> p;
    p.push_back({PayloadType::kIdi, false, o_.id.payload()});
    p.push_back({PayloadType::kAuth, false, our_auth()});
    if (o_.child_sa) {
      p.push_back({PayloadType::kSa, false, esp_proposals()});
      p.push_back({PayloadType::kTsi, false, any_ts()});
      p.push_back({PayloadType::kTsr, false, any_ts()});
    }
    return p;
  }

  // The next request takes the message ID of the last one again (a request
  // the responder dropped, sent anew with other content).
  void reuse_message_id() { --next_mid_; }

  // Protects `payloads` as our next request.
  Datagram request(ExchangeType exchange, const std::vector<Payload>& payloads, uint32_t* mid_out = nullptr) {
    Header h = header(exchange, next_mid_);
    if (mid_out) *mid_out = next_mid_;
    ++next_mid_;
    Bytes inner;
    REQUIRE_OK(serialize_payloads(payloads, inner));
    SkContext c{cipher_.get(), integ_.get(), keys_.ei.view(), keys_.ai.view(), &iv_counter_, &crypto_};
    Bytes out;
    REQUIRE_OK(protect(h, payloads.empty() ? PayloadType::kNone : payloads.front().type, inner, c, out));
    return Datagram{responder_, self_, with_marker(out)};
  }

  // Protects `payloads` as our response to the responder's request `mid`.
  Datagram response(ExchangeType exchange, uint32_t mid, const std::vector<Payload>& payloads = {}) {
    Header h = header(exchange, mid);
    h.flags |= Header::kFlagResponse;
    Bytes inner;
    REQUIRE_OK(serialize_payloads(payloads, inner));
    SkContext c{cipher_.get(), integ_.get(), keys_.ei.view(), keys_.ai.view(), &iv_counter_, &crypto_};
    Bytes out;
    REQUIRE_OK(protect(h, payloads.empty() ? PayloadType::kNone : payloads.front().type, inner, c, out));
    return Datagram{responder_, self_, with_marker(out)};
  }

  // Decrypts a response of the responder into `last()`; false if it does
  // not verify or is not a response. open_request() takes a request of the
  // responder's instead.
  bool open(const Datagram& d) { return open_as(d, true); }
  bool open_request(const Datagram& d) { return open_as(d, false); }
  bool open_as(const Datagram& d, bool response) {
    ByteView ike = d.data;
    if (d.local.port == 4500 || d.remote.port == 4500) ike.remove_prefix(4);
    outer_ = Message();
    if (!parse_message(ike, outer_).ok()) return false;
    if (outer_.header.response() != response || outer_.header.spi_r != spi_r_) return false;
    // §3.1: the responder never sets the Initiator flag.
    if (outer_.header.flags & Header::kFlagInitiator) return false;
    SkContext c{cipher_.get(), integ_.get(), keys_.er.view(), keys_.ar.view(), nullptr, &crypto_};
    auto plain = unprotect(ike, outer_, c);
    if (!plain.ok()) return false;
    plain_ = std::move(plain->plaintext);
    last_ = Message();
    last_.header = outer_.header;
    if (!parse_payloads(plain_.view(), plain->inner_first, last_.arena(), last_.payloads).ok()) return false;
    return verify_inner(outer_.header, last_.payloads).ok();
  }
  const Message& last() const { return last_; }
  uint32_t last_message_id() const { return outer_.header.message_id; }

  // The responder's AUTH in last() (§2.15), with `key` for a MIC, or the CERT
  // payload's key for a signature. The MIC key is the PSK, or after EAP the
  // MSK / SK_pr.
  bool responder_auth_ok(ByteView mic_key = {}) {
    const auto* idr = find<IdPayload>(last_, PayloadType::kIdr);
    if (idr) responder_id_ = Identity::from_payload(*idr);
    const auto* auth = find<AuthPayload>(last_, PayloadType::kAuth);
    if (!auth || !responder_id_) return false;
    auto maced = maced_id(*prf_, keys_.pr.view(), responder_id_->payload());
    Bytes octets = signed_octets(init_response_, ni_, maced->view());
    if (auth->method == AuthMethod::kSharedKeyMic) return verify_shared_key_auth(*prf_, mic_key, octets, auth->data);
    const auto* cert = find<CertPayload>(last_, PayloadType::kCert);
    if (!cert) return false;
    auto c = crypto_.parse_certificate(cert->data);
    if (!c.ok()) return false;
    responder_cert_ = std::move(*c);
    if (auth->method == AuthMethod::kDigitalSignature) {
      auto parsed = parse_digital_signature_auth_data(auth->data);
      return parsed.ok() && crypto_.verify(*responder_cert_, parsed->scheme, octets, parsed->signature).ok();
    }
    auto scheme = scheme_for_method(auth->method, responder_cert_->key_type());
    return scheme &&
           crypto_.verify(*responder_cert_, *scheme, octets, auth->data, encoding_for_method(auth->method)).ok();
  }
  const Certificate* responder_certificate() const { return responder_cert_.get(); }

  // --- EAP, client side: answers the EAP Request in last(); nullopt when
  // there is none (or it is Success / Failure, see eap_code()).
  // `identifier_offset` != 0 answers with a wrong EAP Identifier.
  std::optional<Datagram> eap_answer(uint8_t identifier_offset = 0) {
    const auto* e = find<EapPayload>(last_, PayloadType::kEap);
    if (!e) return std::nullopt;
    EapPacket req;
    if (!parse_eap(e->packet, req).ok()) return std::nullopt;
    if (req.code != EapCode::kRequest) return std::nullopt;
    Bytes data;
    EapType type = req.type;
    if (req.type == EapType::kIdentity) {
      data.assign(o_.eap_identity.begin(), o_.eap_identity.end());
    } else if (std::find(o_.accept_eap.begin(), o_.accept_eap.end(), req.type) == o_.accept_eap.end()) {
      type = EapType::kNak;  // RFC 3748 §5.3.1: the types we want
      for (EapType t : o_.accept_eap) data.push_back(static_cast<uint8_t>(t));
    } else if (req.type == EapType::kMd5Challenge) {
      // RFC 1994 §4.1: MD5(Identifier | secret | Challenge).
      if (req.data.empty() || req.data[0] + 1u > req.data.size()) return std::nullopt;
      ByteView challenge = req.data.subspan(1, req.data[0]);
      const uint8_t id[1] = {req.identifier};
      const ByteView parts[] = {ByteView(id), text(o_.password), challenge};
      Bytes h = *crypto_.hash(HashAlgorithm::kMd5, parts);
      data.push_back(16);
      data.insert(data.end(), h.begin(), h.end());
    } else if (req.type == EapType::kGtc) {
      data.assign(o_.password.begin(), o_.password.end());
    } else if (req.type == EapType::kMschapv2) {
      if (!mschapv2_answer(req, data)) return std::nullopt;
    }
    EapPacket resp;
    resp.code = EapCode::kResponse;
    resp.identifier = static_cast<uint8_t>(req.identifier + identifier_offset);
    resp.type = type;
    resp.data = data;
    Bytes packet;
    REQUIRE_OK(serialize_eap(resp, packet));
    return request(ExchangeType::kIkeAuth, {{PayloadType::kEap, false, EapPayload{fresh().copy(packet)}}});
  }
  // The code of the EAP packet in last(), if any.
  std::optional<EapCode> last_eap_code() const {
    const auto* e = find<EapPayload>(last_, PayloadType::kEap);
    EapPacket p;
    if (!e || !parse_eap(e->packet, p).ok()) return std::nullopt;
    return p.code;
  }

  // The AUTH after EAP (§2.16): keyed with the MSK, or SK_pi without one.
  Datagram final_auth() {
    ByteView key = msk_.empty() ? keys_.pi.view() : msk_.view();
    auto maced = maced_id(*prf_, keys_.pi.view(), o_.id.payload());
    Bytes mic = *shared_key_auth(*prf_, key, signed_octets(init_request_, nr_, maced->view()));
    return request(ExchangeType::kIkeAuth,
                   {{PayloadType::kAuth, false, AuthPayload{AuthMethod::kSharedKeyMic, fresh().copy(mic)}}});
  }

  // The CHILD SA keys as this initiator derives them (§2.17), for an ESP
  // suite with these key sizes.
  ChildSaKeys child_keys(size_t encr, size_t integ) {
    return *derive_child_sa_keys(*prf_, keys_.d.view(), {}, ni_, nr_, encr, integ);
  }

  // --- CREATE_CHILD_SA (§1.3): a new CHILD SA (our inbound SPI `spi`), or
  // the rekey of the one the responder knows by `rekey_spi` (our inbound
  // SPI of it, §1.3.3); with PFS when `pfs` is a group; `ke_group` sends a KE
  // of another group than proposed (to provoke INVALID_KE_PAYLOAD).
  Datagram create_child(uint32_t spi, KeGroup pfs = KeGroup::kNone, std::optional<uint32_t> rekey_spi = std::nullopt,
                        std::optional<KeGroup> ke_group = std::nullopt) {
    child_ni_.resize(32);
    crypto_.random(absl::MakeSpan(child_ni_));
    std::vector<Payload> p;
    Arena& a = fresh();
    if (rekey_spi) {
      uint8_t b[4] = {static_cast<uint8_t>(*rekey_spi >> 24), static_cast<uint8_t>(*rekey_spi >> 16),
                      static_cast<uint8_t>(*rekey_spi >> 8), static_cast<uint8_t>(*rekey_spi)};
      p.push_back({PayloadType::kNotify, false,
                   NotifyPayload{ProtocolId::kEsp, a.copy(ByteView(b)), NotifyType::kRekeySa, {}}});
    }
    p.push_back({PayloadType::kSa, false, esp_proposals(spi, pfs)});
    p.push_back({PayloadType::kNonce, false, NoncePayload{a.copy(child_ni_)}});
    child_ke_.reset();
    KeGroup sent = ke_group.value_or(pfs);
    if (sent != KeGroup::kNone) {
      child_ke_ = std::move(crypto_.key_exchange(sent).take().value());
      p.push_back({PayloadType::kKe, false, KePayload{sent, a.copy(child_ke_->public_value())}});
    }
    p.push_back({PayloadType::kTsi, false, any_ts()});
    p.push_back({PayloadType::kTsr, false, any_ts()});
    return request(ExchangeType::kCreateChildSa, p);
  }
  // The KEYMAT of the CHILD SA the last response created (§2.17), with the
  // new g^ir when the response has a KE payload.
  std::optional<ChildSaKeys> created_child_keys(size_t encr, size_t integ) {
    const auto* nr = find<NoncePayload>(last_, PayloadType::kNonce);
    if (!nr) return std::nullopt;
    SecretBytes shared;
    if (const auto* ke = find<KePayload>(last_, PayloadType::kKe)) {
      if (!child_ke_) return std::nullopt;
      auto s = child_ke_->derive(ke->data).take();
      if (!s.ok()) return std::nullopt;
      shared = std::move(*s);
    }
    auto keys = derive_child_sa_keys(*prf_, keys_.d.view(), shared.view(), child_ni_, nr->data, encr, integ);
    if (!keys.ok()) return std::nullopt;
    return std::move(*keys);
  }

  // IKE SA rekey (§1.3.2, §2.18): our proposal with a new SPIi, Ni, KEi.
  Datagram rekey_ike() {
    rekey_ni_.resize(32);
    crypto_.random(absl::MakeSpan(rekey_ni_));
    uint8_t b[8];
    crypto_.random(absl::MakeSpan(b));
    b[7] |= 1;
    rekey_spi_i_ = 0;
    for (uint8_t x : b) rekey_spi_i_ = rekey_spi_i_ << 8 | x;
    rekey_ke_ = std::move(crypto_.key_exchange(o_.group).take().value());
    Arena& a = fresh();
    TransformAttribute* kl = a.make<TransformAttribute>(1).data();
    *kl = TransformAttribute{static_cast<uint16_t>(TransformAttrType::kKeyLength), true, 256, {}};
    auto ts = a.make<Transform>(o_.ike_aead ? 3 : 4);
    ts[0] = {TransformType::kEncr, static_cast<uint16_t>(ike_encr()), Seq<TransformAttribute>(kl, 1)};
    ts[1] = {TransformType::kPrf, static_cast<uint16_t>(PrfId::kHmacSha2_256), {}};
    ts[2] = {TransformType::kKe, static_cast<uint16_t>(o_.group), {}};
    if (!o_.ike_aead) ts[3] = {TransformType::kInteg, static_cast<uint16_t>(IntegId::kHmacSha2_256_128), {}};
    auto props = a.make<Proposal>(1);
    props[0] = Proposal{1, ProtocolId::kIke, a.copy(ByteView(b, 8)), ts};
    return request(ExchangeType::kCreateChildSa,
                   {{PayloadType::kSa, false, SaPayload{props}},
                    {PayloadType::kNonce, false, NoncePayload{a.copy(rekey_ni_)}},
                    {PayloadType::kKe, false, KePayload{o_.group, a.copy(rekey_ke_->public_value())}}});
  }
  // Takes the rekey response in last(): from now on requests go in the new
  // IKE SA (message IDs from 0, §2.18). false if it does not fit.
  bool switch_to_rekeyed_sa() {
    const auto* sa = find<SaPayload>(last_, PayloadType::kSa);
    const auto* nr = find<NoncePayload>(last_, PayloadType::kNonce);
    const auto* ke = find<KePayload>(last_, PayloadType::kKe);
    if (!sa || !nr || !ke || sa->proposals.size() != 1 || sa->proposals[0].spi.size() != 8) return false;
    uint64_t spi_r = 0;
    for (uint8_t x : sa->proposals[0].spi) spi_r = spi_r << 8 | x;
    auto shared = rekey_ke_->derive(ke->data).take();
    if (!shared.ok()) return false;
    auto seed = rekey_skeyseed(*prf_, keys_.d.view(), shared->view(), rekey_ni_, nr->data);
    if (!seed.ok()) return false;
    IkeKeySizes sizes{prf_->key_size(), integ_ ? integ_->key_size() : 0, cipher_->key_material_size()};
    auto keys = derive_ike_sa_keys(*prf_, seed->view(), rekey_ni_, nr->data, rekey_spi_i_, spi_r, sizes);
    if (!keys.ok()) return false;
    keys_ = std::move(*keys);
    spi_i_ = rekey_spi_i_;
    spi_r_ = spi_r;
    next_mid_ = 0;
    iv_counter_ = 0;
    return true;
  }

  static Payload notify(NotifyType type, ByteView data = {}) {
    return {PayloadType::kNotify, false, NotifyPayload{ProtocolId::kNone, {}, type, data}};
  }
  template <class T>
  static const T* find(const Message& m, PayloadType type) {
    const Payload* p = m.find(type);
    return p ? p->get<T>() : nullptr;
  }

 private:
  // An arena that lives as long as this initiator, for what payloads view.
  Arena& fresh() {
    arenas_.push_back(std::make_unique<Arena>());
    return *arenas_.back();
  }
  static void REQUIRE_OK(const absl::Status& s) {
    if (!s.ok()) throw std::runtime_error(std::string(s.message()));
  }
  static ByteView text(const std::string& s) { return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }

  Header header(ExchangeType exchange, uint32_t mid) const {
    Header h;
    h.spi_i = spi_i_;
    h.spi_r = spi_r_;
    h.exchange = exchange;
    h.flags = Header::kFlagInitiator;
    h.message_id = mid;
    return h;
  }
  Bytes with_marker(const Bytes& ike) const {
    if (responder_.port != 4500) return ike;
    Bytes d(4, 0);
    d.insert(d.end(), ike.begin(), ike.end());
    return d;
  }

  AuthPayload our_auth() {
    auto maced = maced_id(*prf_, keys_.pi.view(), o_.id.payload());
    Bytes octets = signed_octets(init_request_, nr_, maced->view());
    if (o_.cert) {
      if (o_.signature_hashes) {
        SignatureScheme scheme = o_.cert->key_type() == KeyType::kRsa ? SignatureScheme::kRsaPkcs1Sha256
                                                                      : SignatureScheme::kEcdsaSha256;
        Bytes sig = std::move(crypto_.sign(*o_.key, scheme, octets, EcdsaEncoding::kDer).take().value());
        return AuthPayload{AuthMethod::kDigitalSignature,
                           fresh().copy(digital_signature_auth_data(scheme, sig))};
      }
      AuthMethod m = o_.cert->key_type() == KeyType::kRsa ? AuthMethod::kRsaSig : AuthMethod::kEcdsaSha256P256;
      auto scheme = scheme_for_method(m, o_.cert->key_type());
      Bytes sig = std::move(crypto_.sign(*o_.key, *scheme, octets, encoding_for_method(m)).take().value());
      return AuthPayload{m, fresh().copy(sig)};
    }
    Bytes mic = *shared_key_auth(*prf_, text(o_.psk), octets);
    return AuthPayload{AuthMethod::kSharedKeyMic, fresh().copy(mic)};
  }

  // AES-GCM-16-256 and AES-CBC-128 / HMAC-SHA2-256, no ESN (strongSwan-like).
  EncrId ike_encr() const { return o_.ike_aead ? EncrId::kAesGcm16 : EncrId::kAesCbc; }

  // `pfs`: a KE transform in each proposal (CREATE_CHILD_SA with PFS).
  SaPayload esp_proposals(std::optional<uint32_t> spi_value = std::nullopt, KeGroup pfs = KeGroup::kNone) {
    Arena& a = fresh();
    const uint32_t v = spi_value.value_or(o_.esp_spi);
    uint8_t spi[4] = {static_cast<uint8_t>(v >> 24), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 8),
                      static_cast<uint8_t>(v)};
    ByteView spi_view = a.copy(ByteView(spi));
    auto kl = a.make<TransformAttribute>(2);
    kl[0] = TransformAttribute{static_cast<uint16_t>(TransformAttrType::kKeyLength), true, 256, {}};
    kl[1] = TransformAttribute{static_cast<uint16_t>(TransformAttrType::kKeyLength), true, 128, {}};
    const bool ke = pfs != KeGroup::kNone;
    auto t1 = a.make<Transform>(ke ? 3 : 2);
    t1[0] = {TransformType::kEncr, static_cast<uint16_t>(EncrId::kAesGcm16), kl.subspan(0, 1)};
    t1[1] = {TransformType::kEsn, static_cast<uint16_t>(EsnId::kNoEsn), {}};
    if (ke) t1[2] = {TransformType::kKe, static_cast<uint16_t>(pfs), {}};
    auto t2 = a.make<Transform>(ke ? 4 : 3);
    t2[0] = {TransformType::kEncr, static_cast<uint16_t>(EncrId::kAesCbc), kl.subspan(1, 1)};
    t2[1] = {TransformType::kInteg, static_cast<uint16_t>(IntegId::kHmacSha2_256_128), {}};
    t2[2] = {TransformType::kEsn, static_cast<uint16_t>(EsnId::kNoEsn), {}};
    if (ke) t2[3] = {TransformType::kKe, static_cast<uint16_t>(pfs), {}};
    auto props = a.make<Proposal>(2);
    props[0] = Proposal{1, ProtocolId::kEsp, spi_view, t1};
    props[1] = Proposal{2, ProtocolId::kEsp, spi_view, t2};
    return SaPayload{props};
  }

  TsPayload any_ts() {
    Arena& a = fresh();
    static const uint8_t lo[4] = {0, 0, 0, 0}, hi[4] = {255, 255, 255, 255};
    auto ts = a.make<TrafficSelector>(1);
    ts[0] = TrafficSelector{TsType::kIpv4AddrRange, 0, 0, 0xffff, a.copy(ByteView(lo)), a.copy(ByteView(hi)), {}};
    return TsPayload{ts};
  }

  // draft-kamath-pppext-eap-mschapv2 §2 with RFC 2759: answer a Challenge
  // (OpCode 1) or a Success-Request (OpCode 3).
  bool mschapv2_answer(const EapPacket& req, Bytes& data) {
    if (req.data.empty()) return false;
    uint8_t op = req.data[0];
    if (op == 1) {
      if (req.data.size() < 5 + 16 || req.data[4] != 16) return false;
      challenge_.assign(req.data.begin() + 5, req.data.begin() + 21);
      peer_challenge_.resize(16);
      crypto_.random(absl::MakeSpan(peer_challenge_));
      auto nt = mschapv2::GenerateNTResponse(crypto_, challenge_, peer_challenge_, o_.eap_identity, o_.password);
      if (!nt.ok()) return false;
      nt_response_ = *nt;
      size_t ms_length = 4 + 1 + 49 + o_.eap_identity.size();
      data = {2, req.data[1], static_cast<uint8_t>(ms_length >> 8), static_cast<uint8_t>(ms_length), 49};
      data.insert(data.end(), peer_challenge_.begin(), peer_challenge_.end());
      data.insert(data.end(), 8, 0);
      data.insert(data.end(), nt_response_.begin(), nt_response_.end());
      data.push_back(0);  // flags
      data.insert(data.end(), o_.eap_identity.begin(), o_.eap_identity.end());
      return true;
    }
    if (op == 3) {
      // "S=<40 hex> M=..." must prove the server knows the password.
      std::string msg(req.data.begin() + 4, req.data.end());
      std::string s = msg.substr(0, 42);
      if (!mschapv2::CheckAuthenticatorResponse(crypto_, o_.password, nt_response_, peer_challenge_, challenge_,
                                                o_.eap_identity, s)
               .ok())
        return false;
      auto hash = mschapv2::NtPasswordHash(crypto_, o_.password);
      auto k = mschapv2::msk(crypto_, hash->view(), nt_response_);
      if (!k.ok()) return false;
      msk_ = std::move(*k);
      data = {3};
      return true;
    }
    if (op == 4) {  // Failure-Request: acknowledge it
      data = {4};
      return true;
    }
    return false;
  }

  BoringSslProvider& crypto_;
  Endpoint self_;
  Endpoint responder_;
  InitiatorOptions o_;
  uint64_t spi_i_ = 0;
  uint64_t spi_r_ = 0;
  Bytes ni_, nr_, init_request_, init_response_;
  std::unique_ptr<KeyExchange> ke_;
  std::unique_ptr<Prf> prf_;
  std::unique_ptr<Cipher> cipher_;
  std::unique_ptr<Integrity> integ_;
  uint64_t iv_counter_ = 0;  // counter-mode IVs (AES-GCM)
  Bytes cookie_;
  Bytes child_ni_, rekey_ni_;
  std::unique_ptr<KeyExchange> child_ke_, rekey_ke_;
  uint64_t rekey_spi_i_ = 0;
  IkeSaKeys keys_;
  uint32_t next_mid_ = 1;
  Message outer_, last_;
  SecretBytes plain_;
  std::optional<Identity> responder_id_;
  std::unique_ptr<Certificate> responder_cert_;
  std::deque<std::unique_ptr<Arena>> arenas_;
  Bytes challenge_, peer_challenge_, nt_response_;
  SecretBytes msk_;
};

}  // namespace ikecore::test
