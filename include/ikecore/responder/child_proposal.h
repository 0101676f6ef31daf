// CHILD SA (ESP) proposal selection (RFC 7296 §2.7, §3.3; RFC 4303).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "ikecore/responder/proposal.h"
#include "ikecore/wire/payloads.h"

namespace ikecore {

// The chosen ESP suite.
struct EspSuite {
  uint8_t proposal_number = 0;
  uint32_t peer_spi = 0;  // the initiator's inbound SPI: our outbound SPI
  EncrChoice encr;
  IntegId integ = IntegId::kNone;  // kNone with AEAD
  bool esn = false;
  KeGroup group = KeGroup::kNone;  // PFS group (CREATE_CHILD_SA); kNone in IKE_AUTH
  friend bool operator==(const EspSuite&, const EspSuite&) = default;
};

// ESP transforms the responder accepts, each list in order of preference.
struct EspProposalPolicy {
  std::vector<EncrChoice> encr;
  std::vector<IntegId> integ;  // for non-AEAD ciphers
  // ESN preference: {kNoEsn, kEsn} prefers 32-bit sequence numbers but
  // accepts ESN. An initiator that sends no ESN transform means kNoEsn.
  std::vector<EsnId> esn = {EsnId::kNoEsn, EsnId::kEsn};
  // PFS groups for CREATE_CHILD_SA (empty: no PFS required, KE transforms
  // "NONE" or absent accepted; IKE_AUTH ignores groups, §1.2).
  std::vector<KeGroup> groups;
  bool allow_legacy = false;  // DES, 3DES, MD5 (crypto/legacy.h)
};

// AES-GCM-16 (256, 128), ChaCha20-Poly1305, AES-CBC (256, 128) with
// HMAC-SHA2-256/384/512 and, last, HMAC-SHA1-96 (the only ESP integrity the
// Windows built-in client proposes); ESN or not. Covers strongSwan's and
// Windows' defaults.
EspProposalPolicy default_esp_policy();

// From the initiator's SA payload: the first ESP proposal (protocol 3,
// 4-byte non-zero SPI) that has an acceptable transform of every type it
// must have (ENCR; INTEG unless AEAD; ESN, absent meaning "no ESN"), chosen
// within the proposal by our preference. AH proposals, proposals with a
// PRF or an unknown transform type are skipped; a transform with an
// attribute we do not understand is passed over alone (§3.3.6).
// `in_ike_auth`: a KE transform in the proposal is ignored (§1.2, the
// CHILD SA of IKE_AUTH takes its keys from the IKE SA), else the group must
// be one of policy.groups (or, when policy.groups is empty, NONE / absent).
std::optional<EspSuite> select_esp_proposal(const SaPayload& sa, const EspProposalPolicy& policy, bool in_ike_auth);

// The one-proposal SA payload answering with `suite`, SPI `our_spi`
// (network order, what the peer puts in its ESP packets to us). The
// transforms view `storage`, so keep it alive while the payload is used.
struct EspProposalStorage {
  EspProposalStorage() = default;
  EspProposalStorage(const EspProposalStorage&) = delete;
  EspProposalStorage& operator=(const EspProposalStorage&) = delete;
  Transform items[4];
  TransformAttribute key_length;
  uint8_t spi[4] = {};
  Proposal proposal;
};
SaPayload esp_sa_payload(const EspSuite& suite, uint32_t our_spi, EspProposalStorage& storage);

// Key sizes for KEYMAT (§2.17): the cipher's key material (with salt) and
// the integrity key, or nullopt when ikecore does not know the transform.
struct EspKeySizes {
  size_t encr = 0;
  size_t integ = 0;
};
std::optional<EspKeySizes> esp_key_sizes(const EspSuite& suite);

}  // namespace ikecore
