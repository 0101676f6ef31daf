// Reading one proposal's transforms (RFC 7296 §3.3), shared by the IKE SA
// (proposal.cc) and CHILD SA (child_proposal.cc) selections.
#pragma once

#include <algorithm>
#include <optional>
#include <vector>

#include "ikecore/crypto/legacy.h"
#include "ikecore/wire/payloads.h"

namespace ikecore::internal {

// §3.3.6: a transform with an attribute other than a Key Length we can read
// cannot be accepted.
inline bool understood(const Transform& t) {
  for (const TransformAttribute& a : t.attributes)
    if (a.type != static_cast<uint16_t>(TransformAttrType::kKeyLength) || !a.tv) return false;
  return true;
}

// §3.3.6: a transform type other than RFC 7296's five makes the whole
// proposal unacceptable (RFC 9370's ADDKE types included: not implemented).
inline bool known_type(const Transform& t) {
  return t.type >= TransformType::kEncr && t.type <= TransformType::kEsn;
}

inline bool has_type(const Proposal& p, TransformType type) {
  return std::any_of(p.transforms.begin(), p.transforms.end(), [&](const Transform& t) { return t.type == type; });
}

// The first entry of `preference` that the proposal offers.
template <class T, class Match>
std::optional<T> first_offered(const std::vector<T>& preference, const Proposal& p, Match match) {
  for (const T& want : preference)
    for (const Transform& t : p.transforms)
      if (understood(t) && match(want, t)) return want;
  return std::nullopt;
}

inline bool offers(const Proposal& p, TransformType type, uint16_t id) {
  return std::any_of(p.transforms.begin(), p.transforms.end(),
                     [&](const Transform& t) { return t.type == type && t.id == id && understood(t); });
}

// DES, 3DES, MD5 and the small MODP groups only when the policy opts in.
inline bool allowed(bool allow_legacy, TransformType type, uint16_t id) {
  return allow_legacy || !is_legacy_transform(type, id);
}

}  // namespace ikecore::internal
