// IKE SA proposal selection (RFC 7296 §2.7, §3.3.6).
#pragma once

#include <optional>

#include "ikecore/responder/config.h"
#include "ikecore/wire/payloads.h"

namespace ikecore {

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
