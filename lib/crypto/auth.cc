#include "ikecore/crypto/auth.h"

#include <cstring>


namespace ikecore {
namespace {

// RFC 7296 §2.15: the 17 ASCII characters, without a terminating NUL.
constexpr char kKeyPad[] = "Key Pad for IKEv2";

// DER AlgorithmIdentifiers, RFC 7427 Appendix A (and RFC 8017 A.2.3 for the
// RSASSA-PSS parameters: hash, MGF1 with the same hash, salt = hash length).
constexpr uint8_t kRsaSha1[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                0x0d, 0x01, 0x01, 0x05, 0x05, 0x00};
constexpr uint8_t kRsaSha256[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                  0x0d, 0x01, 0x01, 0x0b, 0x05, 0x00};
constexpr uint8_t kRsaSha384[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                  0x0d, 0x01, 0x01, 0x0c, 0x05, 0x00};
constexpr uint8_t kRsaSha512[] = {0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
                                  0x0d, 0x01, 0x01, 0x0d, 0x05, 0x00};
constexpr uint8_t kEcdsaSha1[] = {0x30, 0x09, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01};
constexpr uint8_t kEcdsaSha256[] = {0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02};
constexpr uint8_t kEcdsaSha384[] = {0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03};
constexpr uint8_t kEcdsaSha512[] = {0x30, 0x0a, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04};
// id-RSASSA-PSS with RSASSA-PSS-params { hashAlgorithm shaN, maskGenAlgorithm
// mgf1(shaN), saltLength N/8 } (RFC 7427 A.4.3 shows the SHA-256 form; the
// SHA-384/512 forms differ only in the hash OID's last arc and the salt).
#define IKECORE_PSS(hash_oid_last, salt)                                                                   \
  {0x30, 0x41, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a, 0x30, 0x34, 0xa0, 0x0f,   \
   0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, hash_oid_last, 0x05, 0x00, 0xa1, \
   0x1c, 0x30, 0x1a, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08, 0x30, 0x0d, 0x06,   \
   0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, hash_oid_last, 0x05, 0x00, 0xa2, 0x03, 0x02, 0x01, \
   salt}
constexpr uint8_t kPssSha256[] = IKECORE_PSS(0x01, 0x20);
constexpr uint8_t kPssSha384[] = IKECORE_PSS(0x02, 0x30);
constexpr uint8_t kPssSha512[] = IKECORE_PSS(0x03, 0x40);
#undef IKECORE_PSS

struct SchemeIdentifier {
  SignatureScheme scheme;
  ByteView der;
};
constexpr SchemeIdentifier kIdentifiers[] = {
    {SignatureScheme::kRsaPkcs1Sha1, kRsaSha1},     {SignatureScheme::kRsaPkcs1Sha256, kRsaSha256},
    {SignatureScheme::kRsaPkcs1Sha384, kRsaSha384}, {SignatureScheme::kRsaPkcs1Sha512, kRsaSha512},
    {SignatureScheme::kRsaPssSha256, kPssSha256},   {SignatureScheme::kRsaPssSha384, kPssSha384},
    {SignatureScheme::kRsaPssSha512, kPssSha512},   {SignatureScheme::kEcdsaSha1, kEcdsaSha1},
    {SignatureScheme::kEcdsaSha256, kEcdsaSha256},  {SignatureScheme::kEcdsaSha384, kEcdsaSha384},
    {SignatureScheme::kEcdsaSha512, kEcdsaSha512},
};

}  // namespace

absl::StatusOr<SecretBytes> maced_id(const Prf& prf, ByteView sk_p, const IdPayload& id) {
  const uint8_t head[4] = {static_cast<uint8_t>(id.type), 0, 0, 0};
  const ByteView data[] = {ByteView(head), id.data};
  SecretBytes out(prf.output_size());
  if (absl::Status s = prf.compute(sk_p, data, out.mutable_view()); !s.ok()) return s;
  return out;
}

Bytes signed_octets(ByteView real_message, ByteView peer_nonce, ByteView maced) {
  Bytes out;
  out.reserve(real_message.size() + peer_nonce.size() + maced.size());
  out.insert(out.end(), real_message.begin(), real_message.end());
  out.insert(out.end(), peer_nonce.begin(), peer_nonce.end());
  out.insert(out.end(), maced.begin(), maced.end());
  return out;
}

absl::StatusOr<Bytes> shared_key_auth(const Prf& prf, ByteView shared_secret, ByteView octets) {
  SecretBytes inner(prf.output_size());
  const ByteView pad[] = {ByteView(reinterpret_cast<const uint8_t*>(kKeyPad), sizeof(kKeyPad) - 1)};
  if (absl::Status s = prf.compute(shared_secret, pad, inner.mutable_view()); !s.ok()) return s;
  Bytes out(prf.output_size());
  const ByteView data[] = {octets};
  if (absl::Status s = prf.compute(inner.view(), data, absl::MakeSpan(out)); !s.ok()) return s;
  return out;
}

bool verify_shared_key_auth(const Prf& prf, ByteView shared_secret, ByteView octets, ByteView auth_data) {
  absl::StatusOr<Bytes> expected = shared_key_auth(prf, shared_secret, octets);
  return expected.ok() && constant_time_equal(*expected, auth_data);
}

ByteView algorithm_identifier(SignatureScheme scheme) {
  for (const SchemeIdentifier& s : kIdentifiers)
    if (s.scheme == scheme) return s.der;
  return {};
}

std::optional<SignatureScheme> scheme_for_algorithm_identifier(ByteView der) {
  for (const SchemeIdentifier& s : kIdentifiers)
    if (s.der == der) return s.scheme;
  return std::nullopt;
}

Bytes digital_signature_auth_data(SignatureScheme scheme, ByteView signature) {
  ByteView ai = algorithm_identifier(scheme);
  Bytes out;
  out.reserve(1 + ai.size() + signature.size());
  out.push_back(static_cast<uint8_t>(ai.size()));
  out.insert(out.end(), ai.begin(), ai.end());
  out.insert(out.end(), signature.begin(), signature.end());
  return out;
}

absl::StatusOr<ParsedDigitalSignature> parse_digital_signature_auth_data(ByteView auth_data) {
  if (auth_data.empty()) return absl::InvalidArgumentError("RFC 7427 AUTH data is empty");
  size_t ai_size = auth_data[0];
  if (auth_data.size() < 1 + ai_size) return absl::InvalidArgumentError("AlgorithmIdentifier runs past the AUTH data");
  std::optional<SignatureScheme> scheme = scheme_for_algorithm_identifier(auth_data.subspan(1, ai_size));
  if (!scheme) return absl::InvalidArgumentError("unknown signature AlgorithmIdentifier");
  ByteView signature = auth_data.subspan(1 + ai_size);
  if (signature.empty()) return absl::InvalidArgumentError("RFC 7427 AUTH data without a signature");
  return ParsedDigitalSignature{*scheme, signature};
}

HashAlgorithm hash_of(SignatureScheme scheme) {
  switch (scheme) {
    case SignatureScheme::kRsaPkcs1Sha1:
    case SignatureScheme::kEcdsaSha1: return HashAlgorithm::kSha1;
    case SignatureScheme::kRsaPkcs1Sha256:
    case SignatureScheme::kRsaPssSha256:
    case SignatureScheme::kEcdsaSha256: return HashAlgorithm::kSha256;
    case SignatureScheme::kRsaPkcs1Sha384:
    case SignatureScheme::kRsaPssSha384:
    case SignatureScheme::kEcdsaSha384: return HashAlgorithm::kSha384;
    case SignatureScheme::kRsaPkcs1Sha512:
    case SignatureScheme::kRsaPssSha512:
    case SignatureScheme::kEcdsaSha512: return HashAlgorithm::kSha512;
  }
  return HashAlgorithm::kSha256;
}

std::optional<SignatureHash> signature_hash_of(SignatureScheme scheme) {
  switch (hash_of(scheme)) {
    case HashAlgorithm::kSha1: return SignatureHash::kSha1;
    case HashAlgorithm::kSha256: return SignatureHash::kSha256;
    case HashAlgorithm::kSha384: return SignatureHash::kSha384;
    case HashAlgorithm::kSha512: return SignatureHash::kSha512;
    default: return std::nullopt;  // MD5 / MD4 sign nothing in IKEv2
  }
}

std::optional<HashAlgorithm> hash_of_prf(PrfId prf) {
  switch (prf) {
    case PrfId::kHmacMd5: return HashAlgorithm::kMd5;
    case PrfId::kHmacSha1: return HashAlgorithm::kSha1;
    case PrfId::kHmacSha2_256: return HashAlgorithm::kSha256;
    case PrfId::kHmacSha2_384: return HashAlgorithm::kSha384;
    case PrfId::kHmacSha2_512: return HashAlgorithm::kSha512;
    default: return std::nullopt;
  }
}

std::optional<SignatureScheme> scheme_for_method(AuthMethod method, KeyType key, HashAlgorithm rsa_hash) {
  switch (method) {
    case AuthMethod::kRsaSig:
      if (key != KeyType::kRsa) return std::nullopt;
      switch (rsa_hash) {
        case HashAlgorithm::kSha1: return SignatureScheme::kRsaPkcs1Sha1;
        case HashAlgorithm::kSha256: return SignatureScheme::kRsaPkcs1Sha256;
        case HashAlgorithm::kSha384: return SignatureScheme::kRsaPkcs1Sha384;
        case HashAlgorithm::kSha512: return SignatureScheme::kRsaPkcs1Sha512;
        default: return std::nullopt;
      }
    case AuthMethod::kEcdsaSha256P256:
      return key == KeyType::kEcdsaP256 ? std::optional(SignatureScheme::kEcdsaSha256) : std::nullopt;
    case AuthMethod::kEcdsaSha384P384:
      return key == KeyType::kEcdsaP384 ? std::optional(SignatureScheme::kEcdsaSha384) : std::nullopt;
    case AuthMethod::kEcdsaSha512P521:
      return key == KeyType::kEcdsaP521 ? std::optional(SignatureScheme::kEcdsaSha512) : std::nullopt;
    default:
      return std::nullopt;
  }
}

EcdsaEncoding encoding_for_method(AuthMethod method) {
  return method == AuthMethod::kDigitalSignature ? EcdsaEncoding::kDer : EcdsaEncoding::kRawRS;
}

}  // namespace ikecore
