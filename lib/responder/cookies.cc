#include "cookies.h"

namespace ikecore::internal {

Bytes CookieJar::compute(CryptoProvider& crypto, const Secret& s, ByteView ni, const Endpoint& from,
                         uint64_t spi_i) const {
  uint8_t spi[8];
  for (int i = 0; i < 8; ++i) spi[i] = static_cast<uint8_t>(spi_i >> (56 - 8 * i));
  const ByteView parts[] = {ni, from.address_bytes(), ByteView(spi, 8), ByteView(s.bytes.data(), s.bytes.size())};
  absl::StatusOr<Bytes> h = crypto.hash(HashAlgorithm::kSha256, parts);
  Bytes out{s.version};
  if (h.ok()) out.insert(out.end(), h->begin(), h->end());
  return out;
}

Bytes CookieJar::make(CryptoProvider& crypto, ByteView ni, const Endpoint& from, uint64_t spi_i, TimePoint now,
                      Duration rotation) {
  if (!current_.set || now - rotated_ >= rotation) {
    previous_ = current_;
    current_.version = static_cast<uint8_t>(previous_.version + 1);
    crypto.random(absl::MakeSpan(current_.bytes));
    current_.set = true;
    rotated_ = now;
  }
  return compute(crypto, current_, ni, from, spi_i);
}

bool CookieJar::valid(CryptoProvider& crypto, ByteView cookie, ByteView ni, const Endpoint& from,
                      uint64_t spi_i) const {
  if (cookie.size() != kSize) return false;
  for (const Secret* s : {&current_, &previous_}) {
    if (!s->set || s->version != cookie[0]) continue;
    Bytes expected = compute(crypto, *s, ni, from, spi_i);
    return expected.size() == kSize && constant_time_equal(expected, cookie);
  }
  return false;
}

}  // namespace ikecore::internal
