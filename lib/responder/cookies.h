// Stateless cookies (RFC 7296 §2.6): when too many SAs are half-open, an
// IKE_SA_INIT request is answered with N(COOKIE) only, and an SA is made for
// a request that returns a valid one. Nothing is stored per request.
//
//   Cookie = <VersionIDofSecret> | SHA-256(Ni | IPi | SPIi | <secret>)
//
// The secret is 32 random bytes, replaced every `rotation`; cookies made
// with the previous secret stay valid until the next replacement, so a
// client never loses its cookie to a rotation in mid-exchange.
#pragma once

#include <array>
#include <cstdint>

#include "ikecore/base/bytes.h"
#include "ikecore/base/endpoint.h"
#include "ikecore/base/time.h"
#include "ikecore/crypto/provider.h"

namespace ikecore::internal {

class CookieJar {
 public:
  // The cookie for this request (secret rotated first if it is due).
  Bytes make(CryptoProvider& crypto, ByteView ni, const Endpoint& from, uint64_t spi_i, TimePoint now,
             Duration rotation);
  // Whether `cookie` is one we made for this request, with the current or
  // the previous secret.
  bool valid(CryptoProvider& crypto, ByteView cookie, ByteView ni, const Endpoint& from, uint64_t spi_i) const;

  static constexpr size_t kSize = 1 + 32;

 private:
  struct Secret {
    uint8_t version = 0;
    std::array<uint8_t, 32> bytes{};
    bool set = false;
  };
  Bytes compute(CryptoProvider& crypto, const Secret& s, ByteView ni, const Endpoint& from, uint64_t spi_i) const;

  Secret current_;
  Secret previous_;
  TimePoint rotated_{};
};

}  // namespace ikecore::internal
