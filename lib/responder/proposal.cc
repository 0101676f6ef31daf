#include "ikecore/responder/proposal.h"

#include <algorithm>

#include "transform_match.h"

namespace ikecore {

bool is_aead(EncrId id) {
  switch (id) {
    case EncrId::kAesGcm8:
    case EncrId::kAesGcm12:
    case EncrId::kAesGcm16:
    case EncrId::kAesCcm8:
    case EncrId::kAesCcm12:
    case EncrId::kAesCcm16:
    case EncrId::kChacha20Poly1305: return true;
    default: return false;
  }
}

namespace {

using internal::first_offered;
using internal::offers;

bool allowed(const IkeProposalPolicy& policy, TransformType type, uint16_t id) {
  return internal::allowed(policy.allow_legacy, type, id);
}

std::optional<IkeSuite> select_from(const Proposal& p, const IkeProposalPolicy& policy, KeGroup ke_group) {
  if (!std::all_of(p.transforms.begin(), p.transforms.end(), internal::known_type)) return std::nullopt;
  IkeSuite s;
  s.proposal_number = p.number;
  auto encr = first_offered(policy.encr, p, [&](const EncrChoice& want, const Transform& t) {
    if (t.type != TransformType::kEncr || t.id != static_cast<uint16_t>(want.id)) return false;
    if (!allowed(policy, t.type, t.id)) return false;
    return t.key_length().value_or(0) == want.key_bits;
  });
  if (!encr) return std::nullopt;
  s.encr = *encr;
  auto prf = first_offered(policy.prf, p, [&](PrfId want, const Transform& t) {
    return t.type == TransformType::kPrf && t.id == static_cast<uint16_t>(want);
  });
  if (!prf) return std::nullopt;
  s.prf = *prf;
  if (!is_aead(s.encr.id)) {
    auto integ = first_offered(policy.integ, p, [&](IntegId want, const Transform& t) {
      return t.type == TransformType::kInteg && t.id == static_cast<uint16_t>(want);
    });
    if (!integ) return std::nullopt;
    s.integ = *integ;
  }
  auto group_ok = [&](KeGroup g) {
    uint16_t id = static_cast<uint16_t>(g);
    return allowed(policy, TransformType::kKe, id) && offers(p, TransformType::kKe, id) &&
           std::find(policy.groups.begin(), policy.groups.end(), g) != policy.groups.end();
  };
  if (group_ok(ke_group)) {
    s.group = ke_group;
  } else {
    auto group = first_offered(policy.groups, p, [&](KeGroup want, const Transform& t) {
      return t.type == TransformType::kKe && t.id == static_cast<uint16_t>(want) &&
             allowed(policy, t.type, t.id);
    });
    if (!group) return std::nullopt;
    s.group = *group;
  }
  return s;
}

}  // namespace

std::optional<IkeSuite> select_ike_proposal(const SaPayload& sa, const IkeProposalPolicy& policy, KeGroup ke_group) {
  for (const Proposal& p : sa.proposals) {
    if (p.protocol != ProtocolId::kIke) continue;
    if (auto s = select_from(p, policy, ke_group)) return s;
  }
  return std::nullopt;
}

void fill_transforms(const IkeSuite& suite, SuiteTransforms& out) {
  out.count = 0;
  out.key_length = TransformAttribute{static_cast<uint16_t>(TransformAttrType::kKeyLength), true,
                                      suite.encr.key_bits, {}};
  Transform encr{TransformType::kEncr, static_cast<uint16_t>(suite.encr.id), {}};
  if (suite.encr.key_bits) encr.attributes = Seq<TransformAttribute>(&out.key_length, 1);
  out.items[out.count++] = encr;
  out.items[out.count++] = Transform{TransformType::kPrf, static_cast<uint16_t>(suite.prf), {}};
  if (suite.integ != IntegId::kNone)
    out.items[out.count++] = Transform{TransformType::kInteg, static_cast<uint16_t>(suite.integ), {}};
  out.items[out.count++] = Transform{TransformType::kKe, static_cast<uint16_t>(suite.group), {}};
}

}  // namespace ikecore
