// Cryptographically secure random bytes from the BoringSSL provider.
#pragma once

#include "absl/types/span.h"

#include <cstdint>

namespace ikecore::boringssl {

// Fills `out` from BoringSSL's CSPRNG (RAND_bytes, which aborts rather than
// return weak output).
void random_bytes(absl::Span<uint8_t> out);

}  // namespace ikecore::boringssl
