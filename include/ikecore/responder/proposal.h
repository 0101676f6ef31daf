// IKE SA proposal selection (RFC 7296 §2.7, §3.3.6).
#pragma once

#include <optional>
#include <vector>

#include "ikecore/wire/ids.h"
#include "ikecore/wire/payloads.h"

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

// One transform of each type: the chosen IKE SA suite.
struct IkeSuite {
  uint8_t proposal_number = 0;
  EncrChoice encr;
  PrfId prf{};
  IntegId integ = IntegId::kNone;  // kNone with an AEAD cipher
  KeGroup group{};
  friend bool operator==(const IkeSuite&, const IkeSuite&) = default;
};

bool is_aead(EncrId id);

// Picks, from the initiator's IKE proposals, the first proposal that has an
// acceptable transform of every type, choosing within it by our preference.
// For the group, the one of the initiator's KE payload (`ke_group`) wins when
// the proposal offers it and policy accepts it, so no INVALID_KE_PAYLOAD round
// trip is needed (§1.2). Proposals with an unknown transform type or an
// attribute we do not understand are skipped (§3.3.6).
std::optional<IkeSuite> select_ike_proposal(const SaPayload& sa, const IkeProposalPolicy& policy, KeGroup ke_group);

// The Transform list of a one-proposal SA payload that states `suite`.
// Its transforms view `key_length`, so it is neither copied nor moved.
struct SuiteTransforms {
  SuiteTransforms() = default;
  SuiteTransforms(const SuiteTransforms&) = delete;
  SuiteTransforms& operator=(const SuiteTransforms&) = delete;
  Transform items[4];
  TransformAttribute key_length;
  size_t count = 0;
};
void fill_transforms(const IkeSuite& suite, SuiteTransforms& out);

}  // namespace ikecore
