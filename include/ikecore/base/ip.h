// IP addresses and address ranges as plain values (no sockets): what
// traffic selectors, address pools and configuration attributes carry.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>

#include "ikecore/base/bytes.h"

namespace ikecore {

struct IpAddress {
  std::array<uint8_t, 16> bytes{};  // IPv4 uses the first 4
  bool ipv6 = false;

  size_t size() const { return ipv6 ? 16 : 4; }
  ByteView view() const { return ByteView(bytes.data(), size()); }

  // 4 or 16 bytes; anything else is nullopt.
  static std::optional<IpAddress> from_bytes(ByteView b);
  // "10.0.0.1" or "2001:db8::1".
  static std::optional<IpAddress> parse(const std::string& text);
  // 0.0.0.0 / :: and 255.255.255.255 / ffff:...:ffff.
  static IpAddress lowest(bool ipv6);
  static IpAddress highest(bool ipv6);

  // Numeric order within one family; IPv4 sorts before IPv6.
  friend std::strong_ordering operator<=>(const IpAddress& a, const IpAddress& b) {
    if (a.ipv6 != b.ipv6) return a.ipv6 <=> b.ipv6;
    return a.bytes <=> b.bytes;
  }
  friend bool operator==(const IpAddress&, const IpAddress&) = default;
  template <class H>
  friend H AbslHashValue(H h, const IpAddress& a) {
    return H::combine(std::move(h), a.bytes, a.ipv6);
  }
};

// "10.0.0.1" / "2001:db8::1" (RFC 5952 form).
std::string to_string(const IpAddress& a);

// The next / previous address (wrapping is the caller's concern: check
// against highest() / lowest() first).
IpAddress next_address(const IpAddress& a);
IpAddress previous_address(const IpAddress& a);

// An inclusive range of addresses of one family.
struct IpRange {
  IpAddress first;
  IpAddress last;

  bool contains(const IpAddress& a) const { return a.ipv6 == first.ipv6 && first <= a && a <= last; }
  // "10.1.0.0/16", "10.1.0.5-10.1.0.9", "10.1.0.5" (one address), "::/0".
  static std::optional<IpRange> parse(const std::string& text);
  // A CIDR prefix: `prefix_bits` of `base` kept, the rest 0 .. 1.
  static std::optional<IpRange> prefix(const IpAddress& base, unsigned prefix_bits);
  // The prefix length when the range is exactly one CIDR block.
  std::optional<unsigned> prefix_length() const;
  friend bool operator==(const IpRange&, const IpRange&) = default;
};

// "10.1.0.0/16" when the range is one prefix, else "10.1.0.5-10.1.0.9".
std::string to_string(const IpRange& r);

}  // namespace ikecore
