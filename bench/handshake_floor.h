// The crypto floor of one responder handshake: every provider operation the
// responder side of IKE_SA_INIT + IKE_AUTH (+ one CHILD SA) performs, run
// for real, and nothing else: key pair and shared secret, nonce, SKEYSEED
// and the seven keys, NAT detection hashes (2 computed, 2 checked), the
// IKE_AUTH request decrypted and the response encrypted (about 600 and 400
// bytes of plaintext), the peer's AUTH checked and ours made, and the CHILD
// SA's KEYMAT. crypto_bench prints it; responder_bench measures the engine
// against it.
#pragma once

#include <time.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include "ikecore/crypto/auth.h"
#include "ikecore/crypto/boringssl.h"
#include "ikecore/crypto/keys.h"
#include "ikecore/crypto/protect.h"
#include "ikecore/wire/message.h"

namespace ikecore_bench {

using namespace ikecore;

enum class FloorAuth { kPsk, kEcdsa, kRsa };

struct FloorProfile {
  KeGroup group;
  EncrId encr;
  uint16_t key_bits;
  IntegId integ;  // kNone with AEAD
  PrfId prf;
  FloorAuth auth;
  bool child_sa = true;
};

inline constexpr FloorProfile kFloorPskX25519AesGcm{KeGroup::kCurve25519, EncrId::kAesGcm16, 256, IntegId::kNone,
                                                    PrfId::kHmacSha2_256, FloorAuth::kPsk};
inline constexpr FloorProfile kFloorEcdsaP256X25519{KeGroup::kCurve25519, EncrId::kAesGcm16, 256, IntegId::kNone,
                                                    PrfId::kHmacSha2_256, FloorAuth::kEcdsa};
inline constexpr FloorProfile kFloorRsa2048Modp2048{KeGroup::kModp2048, EncrId::kAesCbc, 256,
                                                    IntegId::kHmacSha2_256_128, PrfId::kHmacSha2_256, FloorAuth::kRsa};

// CPU time of the calling thread.
inline std::chrono::nanoseconds thread_cpu() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
}

template <class T>
T must(absl::StatusOr<T> v) {
  if (!v.ok()) {
    std::fprintf(stderr, "bench setup: %s\n", std::string(v.status().message()).c_str());
    std::exit(1);
  }
  return std::move(*v);
}

inline Bytes pki_file(const std::string& name) {
  std::ifstream in(std::string(IKECORE_SOURCE_DIR) + "/tests/vectors/crypto/pki/" + name, std::ios::binary);
  Bytes out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (out.empty()) {
    std::fprintf(stderr, "missing %s\n", name.c_str());
    std::exit(1);
  }
  return out;
}

class HandshakeFloor {
 public:
  HandshakeFloor(CryptoProvider& crypto, FloorProfile p) : c_(crypto), p_(p) {
    prf_ = must(c_.prf(p.prf));
    cipher_ = must(c_.cipher(p.encr, p.key_bits));
    if (p.integ != IntegId::kNone) integ_ = must(c_.integrity(p.integ));
    auto initiator = must(c_.key_exchange(p.group).take());
    ki_.assign(initiator->public_value().begin(), initiator->public_value().end());
    if (p.auth != FloorAuth::kPsk) {
      const char* cert = p.auth == FloorAuth::kEcdsa ? "ec256-server.pem" : "rsa-server.pem";
      const char* key = p.auth == FloorAuth::kEcdsa ? "ec256-server.key.pem" : "rsa-server.key.pem";
      scheme_ = p.auth == FloorAuth::kEcdsa ? SignatureScheme::kEcdsaSha256 : SignatureScheme::kRsaPkcs1Sha256;
      cert_ = must(c_.parse_certificate(pki_file(cert)));
      key_ = must(c_.parse_private_key(pki_file(key)));
      peer_signature_ = must(c_.sign(*key_, scheme_, octets_).take());
    }
    inter_ = must(c_.parse_certificate(pki_file("inter-ca.pem")));
    root_ = must(c_.parse_certificate(pki_file("root-ca.pem")));
    h_.spi_i = 1;
    h_.spi_r = 2;
    h_.exchange = ExchangeType::kIkeAuth;
    h_.flags = Header::kFlagInitiator;
    h_.message_id = 1;
  }

  // One handshake's crypto; returns the CPU time it took, without the
  // initiator's part (protecting its request) and the codec.
  std::chrono::nanoseconds run_once() {
    auto start = thread_cpu();
    auto ke = c_.key_exchange(p_.group).take();
    auto secret = (*ke)->derive(ki_).take();
    Bytes nr(32);
    c_.random(absl::MakeSpan(nr));
    auto seed = must(skeyseed(*prf_, ni_, nr, secret->view()));
    IkeKeySizes sizes{prf_->key_size(), integ_ ? integ_->key_size() : 0, cipher_->key_material_size()};
    auto keys = must(derive_ike_sa_keys(*prf_, seed.view(), ni_, nr, h_.spi_i, h_.spi_r, sizes));
    for (int i = 0; i < 4; ++i) {
      const ByteView natd[] = {ByteView(ni_).first(8), ByteView(nr).first(8), ByteView(ki_).first(6)};
      keep(c_.hash(HashAlgorithm::kSha1, natd));
    }
    SkContext in{cipher_.get(), integ_.get(), keys.ei.view(), keys.ai.view(), &counter_, &c_};
    SkContext out{cipher_.get(), integ_.get(), keys.er.view(), keys.ar.view(), &counter_, &c_};
    Bytes request_wire, response_wire;
    auto paused = thread_cpu();
    (void)protect(h_, PayloadType::kIdi, request_plain_, in, request_wire);
    Message m;
    (void)parse_message(request_wire, m);
    start += thread_cpu() - paused;
    keep(unprotect(request_wire, m, in));
    IdPayload idi{IdType::kFqdn, as_bytes("client.example")}, idr{IdType::kFqdn, as_bytes("vpn.example")};
    keep(maced_id(*prf_, keys.pi.view(), idi));
    keep(maced_id(*prf_, keys.pr.view(), idr));
    if (p_.auth == FloorAuth::kPsk) {
      keep(verify_shared_key_auth(*prf_, as_bytes("psk"), octets_, octets_));
      keep(shared_key_auth(*prf_, as_bytes("psk"), octets_));
    } else {
      const Certificate* intermediates[] = {inter_.get()};
      const Certificate* anchors[] = {root_.get()};
      keep(c_.verify_chain(*cert_, intermediates, anchors, {}, 1893456000).take());
      keep(c_.verify(*cert_, scheme_, octets_, peer_signature_));
      keep(c_.sign(*key_, scheme_, octets_).take());
    }
    (void)protect(h_, PayloadType::kIdr, response_plain_, out, response_wire);
    if (p_.child_sa) keep(derive_child_sa_keys(*prf_, keys.d.view(), {}, ni_, nr, 36, 0));
    return thread_cpu() - start;
  }

 private:
  // Results deliberately unused. The provider calls are virtual calls into
  // BoringSSL, which the compiler cannot elide.
  template <class T>
  static void keep(const T&) {}

  CryptoProvider& c_;
  FloorProfile p_;
  std::unique_ptr<Prf> prf_;
  std::unique_ptr<Cipher> cipher_;
  std::unique_ptr<Integrity> integ_;
  Bytes ki_;
  Bytes ni_ = Bytes(32, 0x11);
  std::unique_ptr<Certificate> cert_, inter_, root_;
  std::unique_ptr<PrivateKey> key_;
  SignatureScheme scheme_{};
  Bytes request_plain_ = Bytes(600, 0x21), response_plain_ = Bytes(400, 0x22), octets_ = Bytes(700, 0x33);
  Bytes peer_signature_;
  uint64_t counter_ = 0;
  Header h_;
};

}  // namespace ikecore_bench
