// Algorithms ikecore supports but refuses unless a connection enables them:
// MODP groups 1, 2 and 5 (under 2048 bits, RFC 8247 §2.4), single and triple
// DES (§2.1), PRF_HMAC_MD5 (§2.2) and AUTH_HMAC_MD5_96 (§2.3). The default proposal
// policy leaves them out; a connection that must talk to an old peer (the
// seed's AnyConnect 3.0 proposes DES, 3DES and groups 1, 2, 5) opts in.
#pragma once

#include <cstdint>

#include "ikecore/wire/ids.h"

namespace ikecore {

bool is_legacy_transform(TransformType type, uint16_t id);

}  // namespace ikecore
