// The provider's cost per primitive, and the crypto floor of one responder
// handshake for three profiles: every provider operation the responder side
// of IKE_SA_INIT + IKE_AUTH (+ one CHILD SA) performs, run for real, and
// nothing else. The responder's handshake rate is later measured against
// these floors.
//
//   cmake --preset bench && cmake --build --preset bench && build/bench/bin/crypto_bench
#include <cstdio>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>

#include <benchmark/benchmark.h>

#include "ikecore/crypto/auth.h"
#include "ikecore/crypto/boringssl.h"
#include "ikecore/crypto/keys.h"
#include "ikecore/crypto/protect.h"

using namespace ikecore;

namespace {

BoringSslProvider& provider() {
  static BoringSslProvider p;
  return p;
}

Bytes pki_file(const std::string& name) {
  std::ifstream in(std::string(IKECORE_SOURCE_DIR) + "/tests/vectors/crypto/pki/" + name, std::ios::binary);
  Bytes out((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (out.empty()) {
    std::fprintf(stderr, "missing %s\n", name.c_str());
    std::exit(1);
  }
  return out;
}

template <class T>
T must(absl::StatusOr<T> v) {
  if (!v.ok()) {
    std::fprintf(stderr, "bench setup: %s\n", std::string(v.status().message()).c_str());
    std::exit(1);
  }
  return std::move(*v);
}

// ---------------------------------------------------------------------------
// Primitives.

void BM_prf_hmac_sha256_64B(benchmark::State& state) {
  auto prf = must(provider().prf(PrfId::kHmacSha2_256));
  Bytes key(32, 1), data(64, 2), out(32);
  const ByteView pieces[] = {ByteView(data)};
  for (auto _ : state) {
    (void)prf->compute(key, pieces, absl::MakeSpan(out));
    benchmark::DoNotOptimize(out.data());
  }
}
BENCHMARK(BM_prf_hmac_sha256_64B);

void cipher_bench(benchmark::State& state, EncrId id, uint16_t bits) {
  auto cipher = must(provider().cipher(id, bits));
  Bytes key(cipher->key_material_size(), 3), iv(cipher->iv_size(), 4);
  Bytes plain(static_cast<size_t>(state.range(0)), 5), out(plain.size() + cipher->icv_size());
  Bytes aad(cipher->aead() ? 32 : 0, 6);
  for (auto _ : state) {
    (void)cipher->encrypt(key, iv, aad, plain, absl::MakeSpan(out));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK_CAPTURE(cipher_bench, aes_gcm_256, EncrId::kAesGcm16, 256)->Arg(512)->Arg(4096);
BENCHMARK_CAPTURE(cipher_bench, aes_cbc_256, EncrId::kAesCbc, 256)->Arg(512)->Arg(4096);
BENCHMARK_CAPTURE(cipher_bench, chacha20_poly1305, EncrId::kChacha20Poly1305, 256)->Arg(512)->Arg(4096);

void kex_bench(benchmark::State& state, KeGroup group) {
  auto peer = must(provider().key_exchange(group).take());
  Bytes peer_value(peer->public_value().begin(), peer->public_value().end());
  for (auto _ : state) {
    auto ours = provider().key_exchange(group).take();
    auto secret = (*ours)->derive(peer_value).take();
    benchmark::DoNotOptimize(secret);
  }
}
BENCHMARK_CAPTURE(kex_bench, x25519_keygen_and_derive, KeGroup::kCurve25519);
BENCHMARK_CAPTURE(kex_bench, ecp256_keygen_and_derive, KeGroup::kEcp256);
BENCHMARK_CAPTURE(kex_bench, modp2048_keygen_and_derive, KeGroup::kModp2048);

struct Identity {
  std::unique_ptr<Certificate> cert;
  std::unique_ptr<PrivateKey> key;
  SignatureScheme scheme;
};

Identity identity(const char* cert, const char* key, SignatureScheme scheme) {
  return Identity{must(provider().parse_certificate(pki_file(cert))), must(provider().parse_private_key(pki_file(key))),
                  scheme};
}

void sign_bench(benchmark::State& state, const char* cert, const char* key, SignatureScheme scheme) {
  Identity id = identity(cert, key, scheme);
  Bytes octets(600, 7);
  for (auto _ : state) benchmark::DoNotOptimize(provider().sign(*id.key, scheme, octets).take());
}
void verify_bench(benchmark::State& state, const char* cert, const char* key, SignatureScheme scheme) {
  Identity id = identity(cert, key, scheme);
  Bytes octets(600, 7);
  Bytes sig = must(provider().sign(*id.key, scheme, octets).take());
  for (auto _ : state) benchmark::DoNotOptimize(provider().verify(*id.cert, scheme, octets, sig));
}
BENCHMARK_CAPTURE(sign_bench, ecdsa_p256, "ec256-server.pem", "ec256-server.key.pem", SignatureScheme::kEcdsaSha256);
BENCHMARK_CAPTURE(verify_bench, ecdsa_p256, "ec256-server.pem", "ec256-server.key.pem", SignatureScheme::kEcdsaSha256);
BENCHMARK_CAPTURE(sign_bench, rsa2048_pkcs1, "rsa-server.pem", "rsa-server.key.pem", SignatureScheme::kRsaPkcs1Sha256);
BENCHMARK_CAPTURE(verify_bench, rsa2048_pkcs1, "rsa-server.pem", "rsa-server.key.pem", SignatureScheme::kRsaPkcs1Sha256);

void BM_chain_verify_ecdsa_leaf(benchmark::State& state) {
  auto leaf = must(provider().parse_certificate(pki_file("ec256-server.pem")));
  auto inter = must(provider().parse_certificate(pki_file("inter-ca.pem")));
  auto root = must(provider().parse_certificate(pki_file("root-ca.pem")));
  const Certificate* intermediates[] = {inter.get()};
  const Certificate* anchors[] = {root.get()};
  for (auto _ : state)
    benchmark::DoNotOptimize(provider().verify_chain(*leaf, intermediates, anchors, {}, 1893456000).take());
}
BENCHMARK(BM_chain_verify_ecdsa_leaf);

// ---------------------------------------------------------------------------
// Handshake floors.

enum class Auth { kPsk, kEcdsa, kRsa };

struct Profile {
  KeGroup group;
  EncrId encr;
  uint16_t key_bits;
  IntegId integ;  // kNone with AEAD
  PrfId prf;
  Auth auth;
};

// One responder handshake's crypto: key pair and shared secret, nonce,
// SKEYSEED and the seven keys, NAT detection hashes (2 computed, 2 checked),
// IKE_AUTH request decrypted and response encrypted (about 600 and 400 bytes
// of plaintext), the peer's AUTH checked and ours made, and one CHILD SA's
// KEYMAT.
void handshake(benchmark::State& state, Profile p) {
  auto prf = must(provider().prf(p.prf));
  auto cipher = must(provider().cipher(p.encr, p.key_bits));
  std::unique_ptr<Integrity> integ;
  if (p.integ != IntegId::kNone) integ = must(provider().integrity(p.integ));
  auto initiator = must(provider().key_exchange(p.group).take());
  Bytes ki(initiator->public_value().begin(), initiator->public_value().end());
  Bytes ni(32, 0x11);

  std::unique_ptr<Identity> ours, peer;
  std::unique_ptr<Certificate> inter, root;
  if (p.auth == Auth::kEcdsa) {
    ours = std::make_unique<Identity>(identity("ec256-server.pem", "ec256-server.key.pem", SignatureScheme::kEcdsaSha256));
    peer = std::make_unique<Identity>(identity("ec256-server.pem", "ec256-server.key.pem", SignatureScheme::kEcdsaSha256));
  } else if (p.auth == Auth::kRsa) {
    ours = std::make_unique<Identity>(identity("rsa-server.pem", "rsa-server.key.pem", SignatureScheme::kRsaPkcs1Sha256));
    peer = std::make_unique<Identity>(identity("rsa-server.pem", "rsa-server.key.pem", SignatureScheme::kRsaPkcs1Sha256));
  }
  inter = must(provider().parse_certificate(pki_file("inter-ca.pem")));
  root = must(provider().parse_certificate(pki_file("root-ca.pem")));
  Bytes request_plain(600, 0x21), response_plain(400, 0x22);
  Bytes octets(700, 0x33);
  Bytes peer_signature;
  if (peer) peer_signature = must(provider().sign(*peer->key, peer->scheme, octets).take());

  // The initiator's IKE_AUTH request, protected once with the keys the
  // responder will derive (same secret each iteration: fixed initiator).
  uint64_t counter = 0;
  Header h;
  h.spi_i = 1;
  h.spi_r = 2;
  h.exchange = ExchangeType::kIkeAuth;
  h.flags = Header::kFlagInitiator;
  h.message_id = 1;

  for (auto _ : state) {
    auto ke = provider().key_exchange(p.group).take();
    auto secret = (*ke)->derive(ki).take();
    Bytes nr(32);
    provider().random(absl::MakeSpan(nr));
    auto seed = must(skeyseed(*prf, ni, nr, secret->view()));
    IkeKeySizes sizes{prf->key_size(), integ ? integ->key_size() : 0, cipher->key_material_size()};
    auto keys = must(derive_ike_sa_keys(*prf, seed.view(), ni, nr, h.spi_i, h.spi_r, sizes));
    for (int i = 0; i < 4; ++i) {
      const ByteView natd[] = {ByteView(ni).first(8), ByteView(nr).first(8), ByteView(ki).first(6)};
      benchmark::DoNotOptimize(provider().hash(HashAlgorithm::kSha1, natd));
    }
    SkContext in{cipher.get(), integ.get(), keys.ei.view(), keys.ai.view(), &counter, &provider()};
    SkContext out{cipher.get(), integ.get(), keys.er.view(), keys.ar.view(), &counter, &provider()};
    Bytes request_wire, response_wire;
    // The initiator's work (protecting its request) and the codec are not
    // part of the floor.
    state.PauseTiming();
    (void)protect(h, PayloadType::kIdi, request_plain, in, request_wire);
    Message m;
    (void)parse_message(request_wire, m);
    state.ResumeTiming();
    benchmark::DoNotOptimize(unprotect(request_wire, m, in));
    IdPayload idi{IdType::kFqdn, as_bytes("client.example")}, idr{IdType::kFqdn, as_bytes("vpn.example")};
    auto maced_i = must(maced_id(*prf, keys.pi.view(), idi));
    auto maced_r = must(maced_id(*prf, keys.pr.view(), idr));
    if (p.auth == Auth::kPsk) {
      benchmark::DoNotOptimize(verify_shared_key_auth(*prf, as_bytes("psk"), octets, octets));
      benchmark::DoNotOptimize(shared_key_auth(*prf, as_bytes("psk"), octets));
    } else {
      const Certificate* intermediates[] = {inter.get()};
      const Certificate* anchors[] = {root.get()};
      benchmark::DoNotOptimize(provider().verify_chain(*peer->cert, intermediates, anchors, {}, 1893456000).take());
      benchmark::DoNotOptimize(provider().verify(*peer->cert, peer->scheme, octets, peer_signature));
      benchmark::DoNotOptimize(provider().sign(*ours->key, ours->scheme, octets).take());
    }
    (void)protect(h, PayloadType::kIdr, response_plain, out, response_wire);
    benchmark::DoNotOptimize(derive_child_sa_keys(*prf, keys.d.view(), {}, ni, nr, 36, 0));
    benchmark::DoNotOptimize(maced_i);
    benchmark::DoNotOptimize(maced_r);
  }
  state.counters["handshakes/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(handshake, psk_x25519_aesgcm,
                  Profile{KeGroup::kCurve25519, EncrId::kAesGcm16, 256, IntegId::kNone, PrfId::kHmacSha2_256, Auth::kPsk})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(handshake, ecdsa_p256_x25519,
                  Profile{KeGroup::kCurve25519, EncrId::kAesGcm16, 256, IntegId::kNone, PrfId::kHmacSha2_256, Auth::kEcdsa})
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(handshake, rsa2048_modp2048,
                  Profile{KeGroup::kModp2048, EncrId::kAesCbc, 256, IntegId::kHmacSha2_256_128, PrfId::kHmacSha2_256,
                          Auth::kRsa})
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
