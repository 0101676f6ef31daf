#include "ikecore/crypto/random.h"

#include <openssl/rand.h>

namespace ikecore::boringssl {

void random_bytes(absl::Span<uint8_t> out) {
  if (!out.empty()) RAND_bytes(out.data(), out.size());
}

}  // namespace ikecore::boringssl
