#include "ikecore/crypto/random.h"

#include <array>

#include <catch2/catch.hpp>

TEST_CASE("random_bytes fills the buffer and differs between calls") {
  std::array<uint8_t, 32> a{}, b{};
  ikecore::boringssl::random_bytes(absl::MakeSpan(a));
  ikecore::boringssl::random_bytes(absl::MakeSpan(b));
  // 2^-256 chance of a false failure.
  CHECK(a != b);
  CHECK(a != std::array<uint8_t, 32>{});
}
