// What the responder accepts and announces.
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

#include "ikecore/base/bytes.h"
#include "ikecore/base/time.h"
#include "ikecore/crypto/auth.h"
#include "ikecore/wire/ids.h"

namespace ikecore {

struct EncrChoice {
  EncrId id{};
  uint16_t key_bits = 0;  // 0 for ciphers without a Key Length attribute
  friend bool operator==(const EncrChoice&, const EncrChoice&) = default;
};

// IKE SA transforms the responder accepts, each list in order of preference.
struct IkeProposalPolicy {
  std::vector<EncrChoice> encr;
  std::vector<PrfId> prf;
  std::vector<IntegId> integ;  // not used with AEAD ciphers
  std::vector<KeGroup> groups;
  // DES, 3DES and MODP 1/2/5 (crypto/legacy.h) are refused unless this is set,
  // even when listed.
  bool allow_legacy = false;
};

// AES-GCM-16 and AES-CBC (256, 128), ChaCha20-Poly1305; PRF and INTEG
// HMAC-SHA2-256/384/512; Curve25519, ECP 256/384/521, MODP 2048/3072/4096.
// It covers strongSwan's default proposal and the Windows built-in client's.
IkeProposalPolicy default_ike_policy();

struct ResponderConfig {
  IkeProposalPolicy ike = default_ike_policy();
  // SHA-1 hashes of trusted CAs' SubjectPublicKeyInfo, sent in CERTREQ
  // (RFC 7296 §3.7); none: no CERTREQ.
  std::vector<Bytes> certreq_ca_hashes;
  // RFC 7383 IKEV2_FRAGMENTATION_SUPPORTED in the IKE_SA_INIT response (sent
  // only when the initiator announced it too, §2.3).
  bool fragmentation = true;
  // RFC 7427 SIGNATURE_HASH_ALGORITHMS we announce (empty: none).
  std::vector<SignatureHash> signature_hashes = {SignatureHash::kSha256, SignatureHash::kSha384,
                                                 SignatureHash::kSha512};
  size_t nonce_size = 32;
  // Opt-in key log: each IKE SA's keys as a line of Wireshark's
  // ikev2_decryption_table (a kKeyLog event). Never on by default.
  bool keylog = false;
  // An IKE SA that has not completed IKE_AUTH by then is removed (the seed's
  // ASA uses 30 s).
  Duration half_open_timeout = std::chrono::seconds(30);
};

}  // namespace ikecore
