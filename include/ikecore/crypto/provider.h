// The crypto provider: every primitive ikecore uses, behind small interfaces
// a host can implement on its own library, HSM or offload engine. ikecore's
// default implementation is on BoringSSL (ikecore/crypto/boringssl.h).
//
// Cheap primitives (PRF, integrity, ciphers, hashes) are synchronous and
// stateless: keys are passed on every call, so an IKE SA stores only raw key
// bytes. Expensive or remote operations (key-exchange generation and
// derivation, signing, certificate-chain validation) return Async<T>: either
// the answer, or Pending with a ticket that the host later completes through
// the engine's complete(ticket, ...) with a ProviderAnswer.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ikecore/base/bytes.h"
#include "ikecore/wire/ids.h"

namespace ikecore {

// ---------------------------------------------------------------------------
// Answers that may come later.

enum class Ticket : uint64_t {};

struct Pending {
  Ticket ticket{};
};

template <class T>
class Async {
 public:
  Async(absl::StatusOr<T> value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Async(T value) : v_(absl::StatusOr<T>(std::move(value))) {}  // NOLINT
  Async(absl::Status error) : v_(absl::StatusOr<T>(std::move(error))) {}  // NOLINT
  Async(Pending p) : v_(p) {}  // NOLINT

  bool pending() const { return std::holds_alternative<Pending>(v_); }
  // Only when pending().
  Ticket ticket() const {
    assert(pending());
    return std::get_if<Pending>(&v_)->ticket;
  }
  // Only when !pending().
  absl::StatusOr<T>& result() {
    assert(!pending());
    return *std::get_if<absl::StatusOr<T>>(&v_);
  }
  absl::StatusOr<T> take() { return std::move(result()); }

 private:
  std::variant<absl::StatusOr<T>, Pending> v_;
};

// ---------------------------------------------------------------------------
// Symmetric primitives. Sizes are in bytes.

// RFC 7296 §2.13 prf: HMAC, AES-XCBC-PRF-128 (RFC 4434), AES-CMAC-PRF-128
// (RFC 4615). Keys of any length are accepted (the XCBC/CMAC PRFs shorten or
// pad them as their RFCs say).
class Prf {
 public:
  virtual ~Prf() = default;
  virtual PrfId id() const = 0;
  virtual size_t output_size() const = 0;
  // §2.13/§2.14: the key length of SK_d, SK_pi, SK_pr (HMAC: the output size).
  virtual size_t key_size() const = 0;
  // out.size() must be output_size(). `data` pieces are processed in order.
  virtual absl::Status compute(ByteView key, absl::Span<const ByteView> data, absl::Span<uint8_t> out) const = 0;
};

// INTEG transforms: HMAC-*-96/128/192/256, AES-XCBC-96, AES-CMAC-96.
class Integrity {
 public:
  virtual ~Integrity() = default;
  virtual IntegId id() const = 0;
  virtual size_t key_size() const = 0;
  virtual size_t icv_size() const = 0;
  // icv.size() must be icv_size() (the truncated MAC).
  virtual absl::Status compute(ByteView key, absl::Span<const ByteView> data, absl::Span<uint8_t> icv) const = 0;
};

// ENCR transforms, as IKEv2's SK payload and ESP use them.
class Cipher {
 public:
  virtual ~Cipher() = default;
  virtual EncrId id() const = 0;
  virtual uint16_t key_bits() const = 0;
  // Key material taken from the key schedule: the key, plus the salt of
  // CTR / GCM / CCM / ChaCha20-Poly1305 (RFC 5930, 5282, 7634).
  virtual size_t key_material_size() const = 0;
  virtual size_t iv_size() const = 0;     // the IV carried on the wire
  virtual size_t block_size() const = 0;  // what padding aligns to (1 for stream and AEAD modes)
  virtual size_t icv_size() const = 0;    // AEAD tag size; 0 for non-AEAD ciphers
  bool aead() const { return icv_size() != 0; }

  // out.size() must be plaintext.size() + icv_size(); `aad` only for AEAD.
  // Non-AEAD ciphers need plaintext to be a multiple of block_size().
  virtual absl::Status encrypt(ByteView key_material, ByteView iv, ByteView aad, ByteView plaintext,
                               absl::Span<uint8_t> out) const = 0;
  // out.size() must be input.size() - icv_size(). An AEAD tag mismatch is
  // kDataLoss, and `out` then holds nothing usable.
  virtual absl::Status decrypt(ByteView key_material, ByteView iv, ByteView aad, ByteView input,
                               absl::Span<uint8_t> out) const = 0;
};

// kMd4 (RFC 1320) exists only for MS-CHAPv2 (RFC 2759 §8.3-8.4:
// NtPasswordHash, HashNtPasswordHash; see ikecore/crypto/mschapv2.h). MD4 is
// broken; nothing else in ikecore may use it, and a provider that cannot do
// it answers kUnimplemented (which disables only EAP-MSCHAPv2).
enum class HashAlgorithm : uint8_t { kSha1, kSha256, kSha384, kSha512, kMd5, kMd4 };

// ---------------------------------------------------------------------------
// Key exchange (RFC 7296 §2.7, RFC 5903, RFC 8031).

class KeyExchange {
 public:
  virtual ~KeyExchange() = default;
  virtual KeGroup group() const = 0;
  // Our public value as the KE payload carries it.
  virtual ByteView public_value() const = 0;
  // Validates the peer's value (exact length for the group, 1 < y < p-1 for
  // MODP, on the curve for ECP, a non-zero result for X25519) and computes
  // the shared secret g^ir.
  virtual Async<SecretBytes> derive(ByteView peer_value) = 0;
};

// ---------------------------------------------------------------------------
// Signatures and certificates.

enum class SignatureScheme : uint8_t {
  kRsaPkcs1Sha1,
  kRsaPkcs1Sha256,
  kRsaPkcs1Sha384,
  kRsaPkcs1Sha512,
  kRsaPssSha256,
  kRsaPssSha384,
  kRsaPssSha512,
  kEcdsaSha1,
  kEcdsaSha256,
  kEcdsaSha384,
  kEcdsaSha512,
};

enum class KeyType : uint8_t { kRsa, kEcdsaP256, kEcdsaP384, kEcdsaP521, kOther };

// How an ECDSA signature is encoded: the DER ECDSA-Sig-Value (X9.62, used by
// RFC 7427 method 14), or r || s with fixed-size integers (IEEE P1363, used
// by RFC 4754 methods 9-11). Ignored for RSA.
enum class EcdsaEncoding : uint8_t { kDer, kRawRS };

// A private key the provider can sign with (it may live in an HSM).
class PrivateKey {
 public:
  virtual ~PrivateKey() = default;
  virtual KeyType type() const = 0;
  virtual size_t bits() const = 0;
};

// A parsed X.509 certificate.
class Certificate {
 public:
  virtual ~Certificate() = default;
  virtual ByteView der() const = 0;
  virtual ByteView subject_der() const = 0;  // the Name, DER (ID_DER_ASN1_DN)
  virtual ByteView issuer_der() const = 0;
  virtual KeyType key_type() const = 0;
  // RFC 7296 §3.7: SHA-1 of the DER SubjectPublicKeyInfo (CERTREQ entries).
  virtual Bytes spki_sha1() const = 0;
  virtual std::vector<std::string> dns_names() const = 0;    // subjectAltName dNSName
  virtual std::vector<std::string> emails() const = 0;       // rfc822Name
  virtual std::vector<Bytes> ip_addresses() const = 0;       // iPAddress, 4 or 16 bytes
};

// A successful path validation.
struct ChainVerified {
  size_t path_length = 0;  // certificates from the leaf to the anchor, both included
};

// ---------------------------------------------------------------------------
// The provider.

class CryptoProvider {
 public:
  virtual ~CryptoProvider() = default;

  // Fills `out` from a cryptographically secure generator.
  virtual void random(absl::Span<uint8_t> out) = 0;

  // The algorithm objects; kUnimplemented for what the provider cannot do.
  virtual absl::StatusOr<std::unique_ptr<Prf>> prf(PrfId id) = 0;
  virtual absl::StatusOr<std::unique_ptr<Integrity>> integrity(IntegId id) = 0;
  virtual absl::StatusOr<std::unique_ptr<Cipher>> cipher(EncrId id, uint16_t key_bits) = 0;
  virtual absl::StatusOr<Bytes> hash(HashAlgorithm algorithm, absl::Span<const ByteView> data) = 0;
  // One DES block in ECB mode (FIPS 46-3): out8 = DES_encrypt(key8, block8).
  // For MS-CHAPv2 only (RFC 2759 §8.5-8.6 DesEncrypt; see
  // ikecore/crypto/mschapv2.h): DES is broken and nothing else may use it.
  // key8 is a 64-bit DES key whose parity bits (the low bit of each octet)
  // are ignored; the caller expands MS-CHAPv2's 7-octet keys. Every span must
  // be exactly 8 octets, else kInvalidArgument before `out8` is touched;
  // kUnimplemented for a provider without DES.
  virtual absl::Status des_ecb_encrypt_block(ByteView key8, ByteView block8, absl::Span<uint8_t> out8) = 0;

  // A fresh ephemeral key pair for `group`.
  virtual Async<std::unique_ptr<KeyExchange>> key_exchange(KeGroup group) = 0;

  virtual absl::StatusOr<std::unique_ptr<Certificate>> parse_certificate(ByteView der) = 0;
  // PKCS#8 or traditional DER/PEM private key.
  virtual absl::StatusOr<std::unique_ptr<PrivateKey>> parse_private_key(ByteView data) = 0;
  virtual Async<Bytes> sign(const PrivateKey& key, SignatureScheme scheme, ByteView data,
                            EcdsaEncoding encoding = EcdsaEncoding::kDer) = 0;
  // OkStatus when `signature` over `data` verifies with the certificate's key.
  virtual absl::Status verify(const Certificate& signer, SignatureScheme scheme, ByteView data,
                              ByteView signature, EcdsaEncoding encoding = EcdsaEncoding::kDer) = 0;
  // Builds and checks a path from `leaf` through `intermediates` to one of
  // `anchors`, at `unix_time`, checking revocation against `crls` (DER) when
  // any are given.
  virtual Async<ChainVerified> verify_chain(const Certificate& leaf,
                                           absl::Span<const Certificate* const> intermediates,
                                           absl::Span<const Certificate* const> anchors,
                                           absl::Span<const ByteView> crls, int64_t unix_time) = 0;
};

}  // namespace ikecore
