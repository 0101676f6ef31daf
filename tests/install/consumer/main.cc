// Uses one function from the core library and one from the BoringSSL provider,
// so that linking proves both installed libraries (and libcrypto) are usable.
#include <array>
#include <cstdint>
#include <cstdio>
#include <string>

#include "ikecore/base/bytes.h"
#include "ikecore/crypto/random.h"

int main() {
  const uint8_t dead[] = {0xde, 0xad};
  const std::string hex = ikecore::to_hex(ikecore::ByteView(dead));

  std::array<uint8_t, 8> nonce{};
  ikecore::boringssl::random_bytes(absl::MakeSpan(nonce));

  std::printf("to_hex({0xde, 0xad}) = %s; random_bytes(8) = %s\n", hex.c_str(),
              ikecore::to_hex(ikecore::ByteView(nonce)).c_str());
  return hex == "dead" ? 0 : 1;
}
