#include "ikecore/crypto/random.h"

#include <openssl/rand.h>

#include <cstdlib>

namespace ikecore::boringssl {

void random_bytes(absl::Span<uint8_t> out) {
  // BoringSSL's RAND_bytes aborts rather than fail; checked all the same,
  // since weak output must never be used.
  if (!out.empty() && RAND_bytes(out.data(), out.size()) != 1) std::abort();
}

}  // namespace ikecore::boringssl
