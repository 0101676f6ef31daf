// Certificates, private keys and signatures on BoringSSL: the behaviour of
// CryptoProvider::parse_certificate / parse_private_key / sign / verify /
// verify_chain as free functions the BoringSSL provider forwards to.
//
// Private to ikecore_boringssl (and its tests).
//
// Status codes:
//   kInvalidArgument  malformed input (DER, PEM, CRL, signature encoding),
//                     a scheme that does not fit the key type, a key or
//                     certificate object this provider did not make where it
//                     needs its own (sign), an RSA key too small for PSS
//   kUnimplemented    a private key of a type it cannot sign with
//   kUnauthenticated  a signature that does not verify, a chain that does not
//                     validate (the message names X509_verify_cert_error_string
//                     and the depth)
//   kInternal         BoringSSL failed where it should not
#pragma once

#include <openssl/base.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ikecore/base/bytes.h"
#include "ikecore/crypto/provider.h"

namespace ikecore::boringssl {

// An X.509 certificate parsed by BoringSSL. der(), subject_der(),
// issuer_der() and the SPKI that spki_sha1() hashes are the exact bytes of
// the certificate as given (not a re-encoding).
class X509Certificate final : public Certificate {
 public:
  // `der` must be exactly one DER Certificate, nothing after it. A
  // subjectAltName extension that does not decode is an error; a public key
  // BoringSSL cannot use is not (key_type() is then kOther, and verify()
  // fails).
  static absl::StatusOr<std::unique_ptr<X509Certificate>> from_der(ByteView der);
  ~X509Certificate() override;

  ByteView der() const override { return der_; }
  ByteView subject_der() const override { return ByteView(der_).subspan(subject_.first, subject_.second); }
  ByteView issuer_der() const override { return ByteView(der_).subspan(issuer_.first, issuer_.second); }
  KeyType key_type() const override { return key_type_; }
  Bytes spki_sha1() const override { return spki_sha1_; }
  std::vector<std::string> dns_names() const override { return dns_names_; }
  std::vector<std::string> emails() const override { return emails_; }
  std::vector<Bytes> ip_addresses() const override { return ip_addresses_; }

  X509* x509() const { return x509_.get(); }
  // Null when key_type() is kOther.
  EVP_PKEY* public_key() const { return public_key_.get(); }

 private:
  X509Certificate() = default;

  Bytes der_;
  bssl::UniquePtr<X509> x509_;
  bssl::UniquePtr<EVP_PKEY> public_key_;
  std::pair<size_t, size_t> subject_{0, 0};  // offset, length in der_
  std::pair<size_t, size_t> issuer_{0, 0};
  KeyType key_type_ = KeyType::kOther;
  Bytes spki_sha1_;
  std::vector<std::string> dns_names_;
  std::vector<std::string> emails_;
  std::vector<Bytes> ip_addresses_;
};

// A private key held by BoringSSL: RSA, or ECDSA on P-256, P-384, P-521.
class EvpPrivateKey final : public PrivateKey {
 public:
  // Fails (kUnimplemented) for any other key type.
  static absl::StatusOr<std::unique_ptr<EvpPrivateKey>> from_evp(bssl::UniquePtr<EVP_PKEY> key);
  ~EvpPrivateKey() override;

  KeyType type() const override { return type_; }
  size_t bits() const override;

  EVP_PKEY* pkey() const { return key_.get(); }

 private:
  EvpPrivateKey(bssl::UniquePtr<EVP_PKEY> key, KeyType type);

  bssl::UniquePtr<EVP_PKEY> key_;
  KeyType type_;
};

// The KeyType of a BoringSSL key (kOther for anything but RSA and ECDSA on
// P-256/384/521).
KeyType key_type_of(const EVP_PKEY* key);

// True when `scheme` can be used with a key of type `type`: the RSA schemes
// with kRsa, the ECDSA schemes (any of the four hashes) with the three curves.
bool scheme_fits(SignatureScheme scheme, KeyType type);

// One certificate, DER, or PEM ("CERTIFICATE" / "X509 CERTIFICATE"; the first
// such block; text before it is skipped). Input starting with 0x30 is taken
// as DER, anything else as PEM.
absl::StatusOr<std::unique_ptr<Certificate>> parse_certificate(ByteView der_or_pem);

// A private key: PKCS#8 PrivateKeyInfo, traditional RSAPrivateKey (PKCS#1)
// or ECPrivateKey (SEC1), as DER or PEM ("PRIVATE KEY", "RSA PRIVATE KEY",
// "EC PRIVATE KEY"; a preceding "EC PARAMETERS" block is skipped). Encrypted
// keys are refused (there is no passphrase to give).
absl::StatusOr<std::unique_ptr<PrivateKey>> parse_private_key(ByteView der_or_pem);

// Signs the message `data` (the scheme's hash is applied here) with
// EVP_DigestSign. `key` must come from parse_private_key(). RSA-PSS uses
// MGF1 with the same hash and a salt as long as the hash (RFC 8247 §3.2).
// ECDSA signatures are DER ECDSA-Sig-Value (see ecdsa_der_to_raw()).
absl::StatusOr<Bytes> sign(const PrivateKey& key, SignatureScheme scheme, ByteView data);

// OkStatus when `signature` is a valid `scheme` signature over the message
// `data` by the key in `signer` (EVP_DigestVerify). `signer` may be any
// Certificate implementation (it is re-parsed from der() if it is not an
// X509Certificate). PSS signatures must use a salt as long as the hash.
absl::Status verify(const Certificate& signer, SignatureScheme scheme, ByteView data, ByteView signature);

// Builds and checks a path from `leaf` through any of `intermediates` to one
// of `anchors` at `unix_time`, with X509_verify_cert. Anchors are trusted as
// given: one need not be self-signed (X509_V_FLAG_PARTIAL_CHAIN), so an
// intermediate CA can be an anchor. With `crls` (DER or PEM) non-empty, the
// leaf's revocation is checked (X509_V_FLAG_CRL_CHECK): a CRL from the leaf's
// issuer must then be among them, valid at `unix_time`. No purpose or EKU is
// required.
absl::StatusOr<ChainVerified> verify_chain(const Certificate& leaf,
                                           absl::Span<const Certificate* const> intermediates,
                                           absl::Span<const Certificate* const> anchors,
                                           absl::Span<const ByteView> crls, int64_t unix_time);

// The size of one of r and s in raw ECDSA signatures (RFC 4754): 32, 48, 66;
// 0 for a key type that is not ECDSA.
size_t ecdsa_coordinate_size(KeyType type);

// DER ECDSA-Sig-Value -> r || s, each left-padded to the curve's size
// (RFC 4754: 64, 96 or 132 bytes for IKEv2 AUTH methods 9, 10, 11).
absl::StatusOr<Bytes> ecdsa_der_to_raw(ByteView der, KeyType type);
// r || s (64, 96 or 132 bytes) -> DER ECDSA-Sig-Value.
absl::StatusOr<Bytes> ecdsa_raw_to_der(ByteView raw);

}  // namespace ikecore::boringssl
