// The default CryptoProvider, on BoringSSL (library ikecore_boringssl).
//
// BoringSSL exports OpenSSL's function names without symbol versions: a
// process that uses this provider must not also load OpenSSL's libcrypto.
#pragma once

#include "ikecore/crypto/provider.h"

namespace ikecore {

// Answers every call immediately (never Pending); a host may derive from it
// to move some operations elsewhere and answer Pending. Stateless and cheap to
// construct; one instance may serve any number of IKE SAs on one thread.
class BoringSslProvider : public CryptoProvider {
 public:
  void random(absl::Span<uint8_t> out) override;
  absl::StatusOr<std::unique_ptr<Prf>> prf(PrfId id) override;
  absl::StatusOr<std::unique_ptr<Integrity>> integrity(IntegId id) override;
  absl::StatusOr<std::unique_ptr<Cipher>> cipher(EncrId id, uint16_t key_bits) override;
  absl::StatusOr<Bytes> hash(HashAlgorithm algorithm, absl::Span<const ByteView> data) override;
  absl::Status des_ecb_encrypt_block(ByteView key8, ByteView block8, absl::Span<uint8_t> out8) override;
  Async<std::unique_ptr<KeyExchange>> key_exchange(KeGroup group) override;
  absl::StatusOr<std::unique_ptr<Certificate>> parse_certificate(ByteView der) override;
  absl::StatusOr<std::unique_ptr<PrivateKey>> parse_private_key(ByteView data) override;
  Async<Bytes> sign(const PrivateKey& key, SignatureScheme scheme, ByteView data,
                    EcdsaEncoding encoding = EcdsaEncoding::kDer) override;
  absl::Status verify(const Certificate& signer, SignatureScheme scheme, ByteView data, ByteView signature,
                      EcdsaEncoding encoding = EcdsaEncoding::kDer) override;
  Async<ChainVerified> verify_chain(const Certificate& leaf, absl::Span<const Certificate* const> intermediates,
                                    absl::Span<const Certificate* const> anchors, absl::Span<const ByteView> crls,
                                    int64_t unix_time) override;
};

}  // namespace ikecore
