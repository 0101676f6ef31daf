#include "ikecore/responder/config.h"

namespace ikecore {

IkeProposalPolicy default_ike_policy() {
  IkeProposalPolicy p;
  p.encr = {{EncrId::kAesGcm16, 256}, {EncrId::kAesGcm16, 128}, {EncrId::kChacha20Poly1305, 0},
            {EncrId::kAesCbc, 256},   {EncrId::kAesCbc, 128}};
  p.prf = {PrfId::kHmacSha2_256, PrfId::kHmacSha2_384, PrfId::kHmacSha2_512};
  p.integ = {IntegId::kHmacSha2_256_128, IntegId::kHmacSha2_384_192, IntegId::kHmacSha2_512_256};
  p.groups = {KeGroup::kCurve25519, KeGroup::kEcp256, KeGroup::kEcp384, KeGroup::kEcp521,
              KeGroup::kModp2048,   KeGroup::kModp3072, KeGroup::kModp4096};
  return p;
}

}  // namespace ikecore
