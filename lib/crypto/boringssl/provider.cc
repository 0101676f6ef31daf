#include "ikecore/crypto/boringssl.h"

#include "ikecore/crypto/random.h"
#include "key_exchange.h"
#include "symmetric.h"
#include "x509.h"

namespace ikecore {

void BoringSslProvider::random(absl::Span<uint8_t> out) { boringssl::random_bytes(out); }

absl::StatusOr<std::unique_ptr<Prf>> BoringSslProvider::prf(PrfId id) { return boringssl::make_prf(id); }

absl::StatusOr<std::unique_ptr<Integrity>> BoringSslProvider::integrity(IntegId id) {
  return boringssl::make_integrity(id);
}

absl::StatusOr<std::unique_ptr<Cipher>> BoringSslProvider::cipher(EncrId id, uint16_t key_bits) {
  return boringssl::make_cipher(id, key_bits);
}

absl::StatusOr<Bytes> BoringSslProvider::hash(HashAlgorithm algorithm, absl::Span<const ByteView> data) {
  return boringssl::hash(algorithm, data);
}

absl::Status BoringSslProvider::des_ecb_encrypt_block(ByteView key8, ByteView block8, absl::Span<uint8_t> out8) {
  return boringssl::des_ecb_encrypt_block(key8, block8, out8);
}

Async<std::unique_ptr<KeyExchange>> BoringSslProvider::key_exchange(KeGroup group) {
  return boringssl::make_key_exchange(group);
}

absl::StatusOr<std::unique_ptr<Certificate>> BoringSslProvider::parse_certificate(ByteView der) {
  return boringssl::parse_certificate(der);
}

absl::StatusOr<std::unique_ptr<PrivateKey>> BoringSslProvider::parse_private_key(ByteView data) {
  return boringssl::parse_private_key(data);
}

namespace {
bool raw_ecdsa(KeyType type, EcdsaEncoding encoding) {
  return encoding == EcdsaEncoding::kRawRS && type != KeyType::kRsa && type != KeyType::kOther;
}
}  // namespace

Async<Bytes> BoringSslProvider::sign(const PrivateKey& key, SignatureScheme scheme, ByteView data,
                                     EcdsaEncoding encoding) {
  absl::StatusOr<Bytes> der = boringssl::sign(key, scheme, data);
  if (!der.ok() || !raw_ecdsa(key.type(), encoding)) return der;
  return boringssl::ecdsa_der_to_raw(*der, key.type());
}

absl::Status BoringSslProvider::verify(const Certificate& signer, SignatureScheme scheme, ByteView data,
                                       ByteView signature, EcdsaEncoding encoding) {
  if (!raw_ecdsa(signer.key_type(), encoding)) return boringssl::verify(signer, scheme, data, signature);
  absl::StatusOr<Bytes> der = boringssl::ecdsa_raw_to_der(signature);
  if (!der.ok()) return der.status();
  return boringssl::verify(signer, scheme, data, *der);
}

Async<ChainVerified> BoringSslProvider::verify_chain(const Certificate& leaf,
                                                     absl::Span<const Certificate* const> intermediates,
                                                     absl::Span<const Certificate* const> anchors,
                                                     absl::Span<const ByteView> crls, int64_t unix_time) {
  return boringssl::verify_chain(leaf, intermediates, anchors, crls, unix_time);
}

}  // namespace ikecore
