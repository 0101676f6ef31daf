// The AUTH payload's constructions (RFC 7296 §2.15-2.16, RFC 4754,
// RFC 7427): the octets each side signs, the shared-key MIC, and the
// signature methods with their algorithm identifiers.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "ikecore/base/bytes.h"
#include "ikecore/crypto/provider.h"
#include "ikecore/wire/payloads.h"

namespace ikecore {

// §2.15: MACedIDForX = prf(SK_px, RestOfXIDPayload), where the rest of the ID
// payload is ID Type | RESERVED (3 zero octets) | Identification Data.
absl::StatusOr<SecretBytes> maced_id(const Prf& prf, ByteView sk_p, const IdPayload& id);

// §2.15: SignedOctets = RealMessage | peer's Nonce Data | MACedID.
Bytes signed_octets(ByteView real_message, ByteView peer_nonce, ByteView maced_id);

// §2.15: AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), SignedOctets).
// For EAP (§2.16) the shared secret is the MSK, or SK_pi / SK_pr when the
// method made no MSK.
absl::StatusOr<Bytes> shared_key_auth(const Prf& prf, ByteView shared_secret, ByteView signed_octets);

// Recomputes the MIC and compares it in constant time.
bool verify_shared_key_auth(const Prf& prf, ByteView shared_secret, ByteView signed_octets, ByteView auth_data);

// RFC 7427 §3: the DER AlgorithmIdentifier of a scheme (empty if none).
ByteView algorithm_identifier(SignatureScheme scheme);
// The scheme an AlgorithmIdentifier names, if ikecore knows it.
std::optional<SignatureScheme> scheme_for_algorithm_identifier(ByteView der);

// RFC 7427 §3 AUTH data for method 14 (Digital Signature):
// ASN.1 length (1 octet) | AlgorithmIdentifier | Signature Value.
Bytes digital_signature_auth_data(SignatureScheme scheme, ByteView signature);
struct ParsedDigitalSignature {
  SignatureScheme scheme;
  ByteView signature;
};
// Fails with kInvalidArgument on a malformed or unknown AlgorithmIdentifier.
absl::StatusOr<ParsedDigitalSignature> parse_digital_signature_auth_data(ByteView auth_data);

// RFC 7427 §4 / IANA "IKEv2 Hash Algorithms": SIGNATURE_HASH_ALGORITHMS values.
enum class SignatureHash : uint16_t { kSha1 = 1, kSha256 = 2, kSha384 = 3, kSha512 = 4, kIdentity = 5 };
HashAlgorithm hash_of(SignatureScheme scheme);
std::optional<SignatureHash> signature_hash_of(SignatureScheme scheme);

// The scheme a signature AUTH method implies for a key:
//  1 RSA Digital Signature: PKCS#1 v1.5 with SHA-1 (§3.8), or `rsa_hash`
//    when a Cisco peer signs with the negotiated PRF's hash (anyconnect.md);
//  9/10/11 (RFC 4754): ECDSA P-256/SHA-256, P-384/SHA-384, P-521/SHA-512.
// Method 14 carries its scheme in the AUTH data instead.
std::optional<SignatureScheme> scheme_for_method(AuthMethod method, KeyType key,
                                                 HashAlgorithm rsa_hash = HashAlgorithm::kSha1);
// The hash of a PRF (for the Cisco RSA quirk): HMAC-SHA2-256 -> SHA-256...
std::optional<HashAlgorithm> hash_of_prf(PrfId prf);
// ECDSA AUTH methods of RFC 4754 carry r || s; method 14 carries DER.
EcdsaEncoding encoding_for_method(AuthMethod method);

}  // namespace ikecore
