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
#include "handshake_floor.h"

using namespace ikecore;

namespace {

BoringSslProvider& provider() {
  static BoringSslProvider p;
  return p;
}

using ikecore_bench::must;
using ikecore_bench::pki_file;

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
// Handshake floors (handshake_floor.h).

void handshake(benchmark::State& state, ikecore_bench::FloorProfile p) {
  ikecore_bench::HandshakeFloor floor(provider(), p);
  for (auto _ : state) state.SetIterationTime(std::chrono::duration<double>(floor.run_once()).count());
  state.counters["handshakes/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK_CAPTURE(handshake, psk_x25519_aesgcm, ikecore_bench::kFloorPskX25519AesGcm)->UseManualTime()->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(handshake, ecdsa_p256_x25519, ikecore_bench::kFloorEcdsaP256X25519)->UseManualTime()->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(handshake, rsa2048_modp2048, ikecore_bench::kFloorRsa2048Modp2048)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
