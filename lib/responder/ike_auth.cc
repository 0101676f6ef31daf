// The IKE_AUTH exchange, responder side (RFC 7296 §1.2, §2.15, §2.16;
// RFC 4754; RFC 7427): the connection chosen by identity, the peer's AUTH
// checked (PSK or certificate), ours computed, then either the EAP
// conversation (eap_exchange.cc) or the CHILD SA (child_sa.cc).
#include <algorithm>

#include "ikecore/crypto/auth.h"
#include "ikecore/crypto/identity.h"
#include "engine.h"

namespace ikecore {
namespace {

// Exact identities beat suffixes beat %any; the IDr an initiator names must
// be the connection's own (when the connection states one).
const ConnectionPolicy* choose_connection(const ResponderConfig& config, const Identity& peer,
                                          const IdPayload* idr) {
  const ConnectionPolicy* best = nullptr;
  for (const ConnectionPolicy& c : config.connections) {
    if (!c.remote_id.matches(peer)) continue;
    if (idr && !c.local_id.data.empty() && !(Identity::from_payload(*idr) == c.local_id)) continue;
    if (!best || c.remote_id.rank() > best->remote_id.rank()) best = &c;
  }
  return best;
}

bool is_signature_method(AuthMethod m) {
  switch (m) {
    case AuthMethod::kRsaSig:
    case AuthMethod::kEcdsaSha256P256:
    case AuthMethod::kEcdsaSha384P384:
    case AuthMethod::kEcdsaSha512P521:
    case AuthMethod::kDigitalSignature: return true;
    default: return false;
  }
}

const char* key_name(KeyType k) {
  switch (k) {
    case KeyType::kRsa: return "RSA";
    case KeyType::kEcdsaP256:
    case KeyType::kEcdsaP384:
    case KeyType::kEcdsaP521: return "ECDSA";
    case KeyType::kOther: break;
  }
  return "?";
}

// The scheme we sign with under RFC 7427: SHA-256 for RSA (PKCS#1 v1.5, what
// every peer verifies), the curve's own hash for ECDSA (RFC 4754 pairing).
std::optional<SignatureScheme> rfc7427_scheme(KeyType k) {
  switch (k) {
    case KeyType::kRsa: return SignatureScheme::kRsaPkcs1Sha256;
    case KeyType::kEcdsaP256: return SignatureScheme::kEcdsaSha256;
    case KeyType::kEcdsaP384: return SignatureScheme::kEcdsaSha384;
    case KeyType::kEcdsaP521: return SignatureScheme::kEcdsaSha512;
    case KeyType::kOther: break;
  }
  return std::nullopt;
}

AuthMethod rfc4754_method(KeyType k) {
  switch (k) {
    case KeyType::kEcdsaP256: return AuthMethod::kEcdsaSha256P256;
    case KeyType::kEcdsaP384: return AuthMethod::kEcdsaSha384P384;
    case KeyType::kEcdsaP521: return AuthMethod::kEcdsaSha512P521;
    default: return AuthMethod::kRsaSig;
  }
}

}  // namespace

void Responder::Engine::auth_failed(Session& s, TimePoint now, const std::string& why) {
  // §2.21.2: AUTHENTICATION_FAILED, and nothing that says which check failed.
  trace(TraceKind::kAuth, &s, "authentication failed: " + why);
  if (s.answering) {
    Reply reply;
    reply.notify(NotifyType::kAuthenticationFailed);
    if (!respond(s, ExchangeType::kIkeAuth, reply, now)) return;  // already removed
  }
  remove(s.spi_r, "authentication failed");
}

void Responder::Engine::on_ike_auth(Session& s, const Message& in, TimePoint now) {
  const auto* idi = body<IdPayload>(in, PayloadType::kIdi);
  if (!idi) return auth_failed(s, now, "first IKE_AUTH request without IDi");
  s.peer_id = Identity::from_payload(*idi);
  const auto* idr = body<IdPayload>(in, PayloadType::kIdr);
  s.connection = choose_connection(config, s.peer_id, idr);
  if (!s.connection) return auth_failed(s, now, "no connection accepts identity " + to_string(s.peer_id));
  const ConnectionPolicy& c = *s.connection;
  trace(TraceKind::kAuth, &s, [&] {
    return absl::StrFormat("peer %s (%s) matched connection '%s'", to_string(s.peer_id), name(s.peer_id.type), c.name);
  });

  // Keep the request's payloads: the CHILD SA is made when authentication
  // ends, possibly several round trips later (EAP).
  Bytes saved;
  if (!serialize_payloads(in.payloads, saved).ok() || in.payloads.empty())
    return auth_failed(s, now, "could not keep the request");
  s.auth_request = SecretBytes(saved);
  s.auth_request_first = in.payloads.front().type;

  const auto* auth = body<AuthPayload>(in, PayloadType::kAuth);
  if (!auth) {
    if (c.remote_auth != AuthKind::kEap) return auth_failed(s, now, "no AUTH payload and the connection wants none of EAP");
    if (!providers.eap) return auth_failed(s, now, "EAP requested but the host has no EAP backend");
  } else {
    if (c.remote_auth == AuthKind::kEap) return auth_failed(s, now, "AUTH payload but the connection wants EAP");
    bool psk = auth->method == AuthMethod::kSharedKeyMic;
    if (psk != (c.remote_auth == AuthKind::kPsk) || (!psk && !is_signature_method(auth->method)))
      return auth_failed(s, now, absl::StrFormat("AUTH method %s not allowed by the connection", name(auth->method)));
    s.peer_auth_method = auth->method;
    s.peer_auth_data.assign(auth->data.begin(), auth->data.end());
  }
  if (c.remote_auth == AuthKind::kPubkey) {
    // §3.6: the first certificate holds the key that signed AUTH.
    for (const Payload& p : in.payloads) {
      const auto* cert = p.get<CertPayload>();
      if (!cert || cert->encoding != CertEncoding::kX509Signature) continue;
      auto certificate = crypto.parse_certificate(cert->data);
      if (!certificate.ok()) return auth_failed(s, now, "unparsable peer certificate");
      if (!s.peer_cert)
        s.peer_cert = std::move(*certificate);
      else
        s.peer_intermediates.push_back(std::move(*certificate));
    }
    if (!s.peer_cert) return auth_failed(s, now, "no certificate from the peer");
    if (!certificate_matches_id(*s.peer_cert, s.peer_id.type, s.peer_id.data))
      return auth_failed(s, now, "the peer's certificate does not name its identity");
  }

  // Our identity and, for signatures, the chain to present (§3.7: as the
  // peer's CERTREQ asks).
  if (c.local_auth == AuthKind::kPubkey) {
    if (!providers.credentials) return auth_failed(s, now, "no credentials to sign with");
    std::vector<ByteView> requested;
    for (const Payload& p : in.payloads)
      if (const auto* req = p.get<CertReqPayload>(); req && req->encoding == CertEncoding::kX509Signature)
        requested.push_back(req->authorities);
    s.our_chain = choose_certificate(providers.credentials->chains(), requested);
    if (!s.our_chain) return auth_failed(s, now, "no certificate of ours");
  }
  s.our_id = c.local_id;
  if (s.our_id.data.empty()) {
    if (s.our_chain) {
      ByteView dn = s.our_chain->leaf->subject_der();
      s.our_id = Identity{IdType::kDerAsn1Dn, Bytes(dn.begin(), dn.end())};
    } else {
      ByteView a = s.local.address_bytes();
      s.our_id = Identity{s.local.ipv6 ? IdType::kIpv6Addr : IdType::kIpv4Addr, Bytes(a.begin(), a.end())};
    }
  }
  s.state = Session::State::kAuthenticating;
  s.auth_step = Session::AuthStep::kVerifyChain;
  advance_auth(s, now);
}

void Responder::Engine::advance_auth(Session& s, TimePoint now) {
  const ConnectionPolicy& c = *s.connection;
  for (;;) {
    switch (s.auth_step) {
      case Session::AuthStep::kVerifyChain: {
        s.auth_step = Session::AuthStep::kVerifyPeer;
        if (c.remote_auth != AuthKind::kPubkey) break;
        if (!providers.credentials) return auth_failed(s, now, "no trust anchors");
        std::vector<const Certificate*> inter;
        for (const auto& i : s.peer_intermediates) inter.push_back(i.get());
        int64_t unix_time = providers.unix_time ? providers.unix_time() : 0;
        Async<ChainVerified> r = crypto.verify_chain(*s.peer_cert, inter, providers.credentials->trust_anchors(),
                                                     providers.credentials->crls(), unix_time);
        if (r.pending()) return park(s, r.ticket(), Session::Wait::kPeerChain);
        if (!r.result().ok())
          return auth_failed(s, now, "peer certificate chain: " + std::string(r.result().status().message()));
        break;
      }
      case Session::AuthStep::kVerifyPeer: {
        s.auth_step = Session::AuthStep::kSignOurs;
        if (c.remote_auth == AuthKind::kEap) break;
        // §2.15: the initiator signs RealMessage1 | Nr | prf(SK_pi, IDi').
        auto maced = maced_id(*s.prf, s.keys.pi.view(), s.peer_id.payload());
        if (!maced.ok()) return auth_failed(s, now, "MACedIDForI");
        Bytes octets = signed_octets(s.request, s.nr, maced->view());
        if (c.remote_auth == AuthKind::kPsk) {
          const SecretBytes* key =
              providers.credentials ? providers.credentials->shared_key(s.our_id, s.peer_id) : nullptr;
          if (!key) return auth_failed(s, now, "no pre-shared key for " + to_string(s.peer_id));
          if (!verify_shared_key_auth(*s.prf, key->view(), octets, s.peer_auth_data))
            return auth_failed(s, now, "pre-shared key AUTH does not verify");
          s.auth_verify = "PSK";
          break;
        }
        SignatureScheme scheme{};
        ByteView signature = s.peer_auth_data;
        EcdsaEncoding encoding = encoding_for_method(s.peer_auth_method);
        if (s.peer_auth_method == AuthMethod::kDigitalSignature) {
          auto decoded = parse_digital_signature_auth_data(s.peer_auth_data);
          if (!decoded.ok()) return auth_failed(s, now, "RFC 7427 AUTH data");
          scheme = decoded->scheme;
          signature = decoded->signature;
        } else {
          auto sch = scheme_for_method(s.peer_auth_method, s.peer_cert->key_type());
          if (!sch) return auth_failed(s, now, "AUTH method does not fit the certificate's key");
          scheme = *sch;
        }
        if (!crypto.verify(*s.peer_cert, scheme, octets, signature, encoding).ok())
          return auth_failed(s, now, "signature AUTH does not verify");
        s.auth_verify = std::string(key_name(s.peer_cert->key_type())) +
                        (s.peer_auth_method == AuthMethod::kDigitalSignature ? " (RFC 7427)" : "");
        s.peer_cert.reset();
        s.peer_intermediates.clear();
        break;
      }
      case Session::AuthStep::kSignOurs: {
        s.auth_step = Session::AuthStep::kRespond;
        // §2.15: we sign RealMessage2 | Ni | prf(SK_pr, IDr').
        auto maced = maced_id(*s.prf, s.keys.pr.view(), s.our_id.payload());
        if (!maced.ok()) return auth_failed(s, now, "MACedIDForR");
        Bytes octets = signed_octets(s.response, s.ni, maced->view());
        if (c.local_auth == AuthKind::kPsk) {
          const SecretBytes* key =
              providers.credentials ? providers.credentials->shared_key(s.our_id, s.peer_id) : nullptr;
          if (!key) return auth_failed(s, now, "no pre-shared key for " + to_string(s.peer_id));
          auto mic = shared_key_auth(*s.prf, key->view(), octets);
          if (!mic.ok()) return auth_failed(s, now, "PSK MIC");
          s.our_auth = std::move(*mic);
          s.our_auth_method = AuthMethod::kSharedKeyMic;
          s.auth_sign = "PSK";
          break;
        }
        const Certificate& leaf = *s.our_chain->leaf;
        const PrivateKey* key = providers.credentials->private_key(leaf);
        if (!key) return auth_failed(s, now, "no private key for our certificate");
        SignatureScheme scheme{};
        EcdsaEncoding encoding = EcdsaEncoding::kRawRS;
        if (s.peer_signature_hashes) {
          // RFC 7427 §4: the peer announced SIGNATURE_HASH_ALGORITHMS.
          auto sch = rfc7427_scheme(leaf.key_type());
          if (!sch) return auth_failed(s, now, "unsupported key type");
          scheme = *sch;
          encoding = EcdsaEncoding::kDer;
          s.our_auth_method = AuthMethod::kDigitalSignature;
        } else {
          s.our_auth_method = rfc4754_method(leaf.key_type());
          auto sch = scheme_for_method(s.our_auth_method, leaf.key_type());
          if (!sch) return auth_failed(s, now, "unsupported key type");
          scheme = *sch;
        }
        s.our_auth_scheme = scheme;
        s.auth_sign = std::string(key_name(leaf.key_type())) +
                      (s.our_auth_method == AuthMethod::kDigitalSignature ? " (RFC 7427)" : "");
        Async<Bytes> sig = crypto.sign(*key, scheme, octets, encoding);
        if (sig.pending()) return park(s, sig.ticket(), Session::Wait::kSignature);
        if (!sig.result().ok()) return auth_failed(s, now, "signing failed");
        s.our_auth = std::move(*sig.result());
        break;
      }
      case Session::AuthStep::kRespond: {
        if (s.our_auth_method == AuthMethod::kDigitalSignature)
          s.our_auth = digital_signature_auth_data(s.our_auth_scheme, s.our_auth);
        Reply reply;
        reply.payloads.push_back({PayloadType::kIdr, false, s.our_id.payload()});
        if (s.our_chain && c.send_certificate) {
          reply.payloads.push_back(
              {PayloadType::kCert, false, CertPayload{CertEncoding::kX509Signature, s.our_chain->leaf->der()}});
          for (const Certificate* issuer : s.our_chain->issuers) {
            // A self-signed root is the peer's trust anchor, never sent.
            if (std::equal(issuer->subject_der().begin(), issuer->subject_der().end(), issuer->issuer_der().begin(),
                           issuer->issuer_der().end()))
              continue;
            reply.payloads.push_back({PayloadType::kCert, false, CertPayload{CertEncoding::kX509Signature, issuer->der()}});
          }
        }
        reply.payloads.push_back({PayloadType::kAuth, false, AuthPayload{s.our_auth_method, s.our_auth}});
        if (c.remote_auth == AuthKind::kEap) return start_eap(s, reply, now);
        trace(TraceKind::kAuth, &s, [&] {
          return absl::StrFormat("peer authenticated with %s; we authenticate with %s", s.auth_verify, s.auth_sign);
        });
        return establish(s, reply, now);
      }
    }
  }
}

void Responder::Engine::on_final_auth(Session& s, const Message& in, TimePoint now) {
  // §2.16: after EAP the initiator's AUTH is a MIC keyed with the MSK, or
  // with SK_pi when the method made none; ours with the MSK or SK_pr.
  const auto* auth = body<AuthPayload>(in, PayloadType::kAuth);
  if (!auth || auth->method != AuthMethod::kSharedKeyMic) return auth_failed(s, now, "final AUTH missing or not a MIC");
  const SecretBytes& msk = s.eap->msk();
  ByteView key_i = msk.empty() ? s.keys.pi.view() : msk.view();
  ByteView key_r = msk.empty() ? s.keys.pr.view() : msk.view();
  auto maced_i = maced_id(*s.prf, s.keys.pi.view(), s.peer_id.payload());
  auto maced_r = maced_id(*s.prf, s.keys.pr.view(), s.our_id.payload());
  if (!maced_i.ok() || !maced_r.ok()) return auth_failed(s, now, "MACedID");
  if (!verify_shared_key_auth(*s.prf, key_i, signed_octets(s.request, s.nr, maced_i->view()), auth->data))
    return auth_failed(s, now, "AUTH after EAP does not verify");
  auto mic = shared_key_auth(*s.prf, key_r, signed_octets(s.response, s.ni, maced_r->view()));
  if (!mic.ok()) return auth_failed(s, now, "AUTH after EAP");
  s.auth_verify = "EAP-" + std::string(name(s.eap->method()));
  trace(TraceKind::kAuth, &s, [&] {
    return absl::StrFormat("EAP identity '%s' authenticated with %s (AUTH keyed with %s)", s.eap->identity(),
                           s.auth_verify, msk.empty() ? "SK_pi/SK_pr" : "the MSK");
  });
  Reply reply;
  reply.payloads.push_back({PayloadType::kAuth, false, AuthPayload{AuthMethod::kSharedKeyMic, reply.keep(std::move(*mic))}});
  establish(s, reply, now);
}

}  // namespace ikecore
