// strongSwan's proposal notation ("aes256gcm16-prfsha256-x25519",
// "aes128-sha256-modp2048", "aes256gcm16", "aes128-sha256-esn") turned into
// ikecore's proposal policies.
//
// A list is comma separated; "default" stands for ikecore's default policy
// (default_ike_policy() / default_esp_policy()). ikecore's policies are one
// preference list per transform type, not a list of whole proposals, so the
// proposals of a list are merged in order: "aes256gcm16-prfsha256-x25519,
// aes128-sha256-modp2048" also accepts AES-128-CBC with Curve25519.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "ikecore/responder/child_proposal.h"
#include "ikecore/responder/proposal.h"

namespace headend {

// IKE proposals: ENCR, a PRF ("prf..." or derived from the integrity
// algorithm, as strongSwan does; required with AEAD), INTEG unless AEAD and
// at least one key exchange group. A legacy algorithm (DES, 3DES, MD5,
// MODP 768/1024/1536: ikecore/crypto/legacy.h) is an error unless
// `allow_legacy`.
absl::StatusOr<ikecore::IkeProposalPolicy> parse_ike_proposals(const std::string& list, bool allow_legacy);

// ESP proposals: ENCR, INTEG unless AEAD, optional "esn"/"noesn" (neither
// means "noesn", as in strongSwan) and optional PFS groups.
absl::StatusOr<ikecore::EspProposalPolicy> parse_esp_proposals(const std::string& list, bool allow_legacy);

}  // namespace headend
