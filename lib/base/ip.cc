#include "ikecore/base/ip.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdlib>

#include "absl/strings/str_format.h"

namespace ikecore {

std::optional<IpAddress> IpAddress::from_bytes(ByteView b) {
  if (b.size() != 4 && b.size() != 16) return std::nullopt;
  IpAddress a;
  a.ipv6 = b.size() == 16;
  std::copy(b.begin(), b.end(), a.bytes.begin());
  return a;
}

std::optional<IpAddress> IpAddress::parse(const std::string& text) {
  if (text.find('\0') != std::string::npos) return std::nullopt;
  IpAddress a;
  a.ipv6 = text.find(':') != std::string::npos;
  // inet_pton takes only the strict forms: dotted quad (no octal, no
  // shortened "10.1"), and RFC 4291 §2.2 text for IPv6.
  if (inet_pton(a.ipv6 ? AF_INET6 : AF_INET, text.c_str(), a.bytes.data()) != 1) return std::nullopt;
  return a;
}

IpAddress IpAddress::lowest(bool ipv6) {
  IpAddress a;
  a.ipv6 = ipv6;
  return a;
}

IpAddress IpAddress::highest(bool ipv6) {
  IpAddress a;
  a.ipv6 = ipv6;
  std::fill_n(a.bytes.begin(), a.size(), uint8_t{0xff});
  return a;
}

std::string to_string(const IpAddress& a) {
  // glibc's inet_ntop writes RFC 5952 text: lower case, the longest run of
  // zero groups (two or more) shortened to "::".
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(a.ipv6 ? AF_INET6 : AF_INET, a.bytes.data(), buf, sizeof(buf));
  return buf;
}

IpAddress next_address(const IpAddress& a) {
  IpAddress r = a;
  for (size_t i = r.size(); i-- > 0;) {
    if (++r.bytes[i] != 0) break;
  }
  return r;
}

IpAddress previous_address(const IpAddress& a) {
  IpAddress r = a;
  for (size_t i = r.size(); i-- > 0;) {
    if (r.bytes[i]-- != 0) break;
  }
  return r;
}

std::optional<IpRange> IpRange::prefix(const IpAddress& base, unsigned prefix_bits) {
  if (prefix_bits > base.size() * 8) return std::nullopt;
  IpRange r{base, base};
  for (size_t i = 0; i < base.size(); ++i) {
    unsigned kept = prefix_bits > i * 8 ? std::min(8u, prefix_bits - static_cast<unsigned>(i * 8)) : 0u;
    uint8_t host_mask = static_cast<uint8_t>(0xff >> kept);
    r.first.bytes[i] = static_cast<uint8_t>(base.bytes[i] & ~host_mask);
    r.last.bytes[i] = static_cast<uint8_t>(base.bytes[i] | host_mask);
  }
  return r;
}

std::optional<unsigned> IpRange::prefix_length() const {
  if (first.ipv6 != last.ipv6 || last < first) return std::nullopt;
  // The prefix is the common leading bits; the range is that prefix's block
  // when every later bit is 0 in `first` and 1 in `last`.
  unsigned common = 0;
  const unsigned bits = static_cast<unsigned>(first.size() * 8);
  auto bit = [](const IpAddress& a, unsigned i) { return (a.bytes[i / 8] >> (7 - i % 8)) & 1; };
  while (common < bits && bit(first, common) == bit(last, common)) ++common;
  std::optional<IpRange> block = prefix(first, common);
  if (!block || *block != *this) return std::nullopt;
  return common;
}

namespace {

// A decimal number of at most 3 digits (a prefix length): no sign, no
// spaces, no hex, which strtoul would accept.
std::optional<unsigned> parse_prefix_bits(const std::string& text) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  unsigned v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  return v;
}

}  // namespace

std::optional<IpRange> IpRange::parse(const std::string& text) {
  if (size_t slash = text.find('/'); slash != std::string::npos) {
    auto base = IpAddress::parse(text.substr(0, slash));
    auto bits = parse_prefix_bits(text.substr(slash + 1));
    if (!base || !bits) return std::nullopt;
    // Host bits set in the base are cleared, as strongSwan does with
    // "10.1.0.5/16".
    return prefix(*base, *bits);
  }
  if (size_t dash = text.find('-'); dash != std::string::npos) {
    auto first = IpAddress::parse(text.substr(0, dash));
    auto last = IpAddress::parse(text.substr(dash + 1));
    if (!first || !last || first->ipv6 != last->ipv6 || *last < *first) return std::nullopt;
    return IpRange{*first, *last};
  }
  auto one = IpAddress::parse(text);
  if (!one) return std::nullopt;
  return IpRange{*one, *one};
}

std::string to_string(const IpRange& r) {
  if (auto bits = r.prefix_length()) return absl::StrFormat("%s/%u", to_string(r.first), *bits);
  return absl::StrFormat("%s-%s", to_string(r.first), to_string(r.last));
}

}  // namespace ikecore
