// An IP address and UDP port. Plain value type, no sockets.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "ikecore/base/bytes.h"

namespace ikecore {

struct Endpoint {
  std::array<uint8_t, 16> address{};  // IPv4 uses the first 4 bytes
  bool ipv6 = false;
  uint16_t port = 0;

  ByteView address_bytes() const { return ByteView(address.data(), ipv6 ? 16 : 4); }

  static Endpoint v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port);
  // "10.0.0.1:500" or "[2001:db8::1]:500".
  static std::optional<Endpoint> parse(const std::string& text);

  friend bool operator==(const Endpoint&, const Endpoint&) = default;
  template <class H>
  friend H AbslHashValue(H h, const Endpoint& e) {
    return H::combine(std::move(h), e.address, e.ipv6, e.port);
  }
};

// "10.0.0.1:500" / "[2001:db8::1]:500"
std::string to_string(const Endpoint& e);

}  // namespace ikecore
