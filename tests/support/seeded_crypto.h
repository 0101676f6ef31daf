// The BoringSSL provider with random() drawn from a seeded stream, so SPIs,
// nonces, cookies' secrets, IVs, EAP identifiers and challenges repeat with
// the seed: a simulation run or a fuzz input replays the same path. Key
// exchanges still use BoringSSL's own generator: that changes the keys,
// never the path taken.
#pragma once

#include <cstdint>

#include "absl/types/span.h"
#include "ikecore/crypto/boringssl.h"

namespace ikecore::test {

class SeededCrypto : public BoringSslProvider {
 public:
  explicit SeededCrypto(uint64_t seed = 0x1ce0c0de) : state_(seed) {}

  void random(absl::Span<uint8_t> out) override {
    for (uint8_t& b : out) {
      if (left_ == 0) {
        word_ = next();
        left_ = 8;
      }
      b = static_cast<uint8_t>(word_);
      word_ >>= 8;
      --left_;
    }
  }

 private:
  // SplitMix64: small, and every seed gives a full-period stream.
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
  }

  uint64_t state_;
  uint64_t word_ = 0;
  int left_ = 0;
};

}  // namespace ikecore::test
