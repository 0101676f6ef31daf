#include "ikecore/responder/traffic_selectors.h"

#include <algorithm>

#include "absl/strings/str_format.h"

namespace ikecore {

namespace {

constexpr uint16_t kOpaqueStart = 0xffff;  // RFC 4301 §4.4.1.1 OPAQUE: 65535 .. 0
constexpr uint16_t kOpaqueEnd = 0;

bool is_opaque(const Selector& s) { return s.start_port == kOpaqueStart && s.end_port == kOpaqueEnd; }
bool any_port(const Selector& s) { return s.start_port == 0 && s.end_port == 0xffff; }

struct ProtocolName {
  const char* name;
  uint8_t number;
};
// IANA protocol numbers, spelled as /etc/protocols (and so strongSwan) does.
constexpr ProtocolName kProtocols[] = {
    {"icmp", 1}, {"tcp", 6}, {"udp", 17}, {"ipv6-icmp", 58}, {"sctp", 132},
};

// Decimal only, no sign or spaces (strtoul would take " +0x1f").
std::optional<unsigned long> parse_decimal(const std::string& text, unsigned long max) {
  if (text.empty() || text.size() > 5) return std::nullopt;
  unsigned long v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<unsigned long>(c - '0');
  }
  if (v > max) return std::nullopt;
  return v;
}

std::optional<uint8_t> parse_protocol(const std::string& text) {
  if (text == "any" || text == "%any") return uint8_t{0};
  for (const ProtocolName& p : kProtocols)
    if (text == p.name) return p.number;
  auto n = parse_decimal(text, 255);
  if (!n) return std::nullopt;
  return static_cast<uint8_t>(*n);
}

// "443", "500-510", "any" / "%any", "opaque" / "%opaque".
bool parse_ports(const std::string& text, Selector& s) {
  if (text == "any" || text == "%any") return true;
  if (text == "opaque" || text == "%opaque") {
    s.start_port = kOpaqueStart;
    s.end_port = kOpaqueEnd;
    return true;
  }
  size_t dash = text.find('-');
  auto start = parse_decimal(text.substr(0, dash), 0xffff);
  auto end = dash == std::string::npos ? start : parse_decimal(text.substr(dash + 1), 0xffff);
  if (!start || !end || *end < *start) return false;
  s.start_port = static_cast<uint16_t>(*start);
  s.end_port = static_cast<uint16_t>(*end);
  return true;
}

std::string protocol_string(uint8_t protocol) {
  for (const ProtocolName& p : kProtocols)
    if (p.number == protocol) return p.name;
  return protocol == 0 ? "any" : absl::StrFormat("%u", static_cast<unsigned>(protocol));
}

}  // namespace

Selector Selector::any(bool ipv6) {
  Selector s;
  s.addresses = IpRange{IpAddress::lowest(ipv6), IpAddress::highest(ipv6)};
  return s;
}

std::optional<Selector> Selector::parse(const std::string& text) {
  Selector s;
  std::string address = text;
  if (size_t open = text.find('['); open != std::string::npos) {
    if (text.back() != ']') return std::nullopt;
    address = text.substr(0, open);
    std::string inside = text.substr(open + 1, text.size() - open - 2);
    size_t slash = inside.find('/');
    auto protocol = parse_protocol(inside.substr(0, slash));
    if (!protocol) return std::nullopt;
    s.ip_protocol = *protocol;
    if (slash != std::string::npos && !parse_ports(inside.substr(slash + 1), s)) return std::nullopt;
  }
  auto range = IpRange::parse(address);
  if (!range) return std::nullopt;
  s.addresses = *range;
  return s;
}

std::string to_string(const Selector& s) {
  std::string out = to_string(s.addresses);
  if (s.ip_protocol == 0 && any_port(s)) return out;
  out += "[" + protocol_string(s.ip_protocol);
  if (is_opaque(s)) {
    out += "/opaque";
  } else if (!any_port(s)) {
    out += s.start_port == s.end_port ? absl::StrFormat("/%u", s.start_port)
                                      : absl::StrFormat("/%u-%u", s.start_port, s.end_port);
  }
  return out + "]";
}

std::string to_cisco_string(const Selector& s) {
  return absl::StrFormat("%s/%u - %s/%u", to_string(s.addresses.first), s.start_port,
                         to_string(s.addresses.last), s.end_port);
}

std::vector<Selector> from_payload(const TsPayload& ts) {
  std::vector<Selector> out;
  for (const TrafficSelector& t : ts.selectors) {
    if (!t.is_address_range()) continue;
    auto first = IpAddress::from_bytes(t.start_address);
    auto last = IpAddress::from_bytes(t.end_address);
    bool ipv6 = t.type == TsType::kIpv6AddrRange;
    // The parser checks the sizes against the type; a hand-built payload may not.
    if (!first || !last || first->ipv6 != ipv6 || last->ipv6 != ipv6) continue;
    Selector s;
    s.ip_protocol = t.ip_protocol;
    s.start_port = t.start_port;
    s.end_port = t.end_port;
    s.addresses = IpRange{*first, *last};
    out.push_back(s);
  }
  return out;
}

TsPayload to_payload(absl::Span<const Selector> selectors, std::vector<TrafficSelector>& storage) {
  storage.clear();
  storage.reserve(selectors.size());
  for (const Selector& s : selectors) {
    TrafficSelector t;
    t.type = s.addresses.first.ipv6 ? TsType::kIpv6AddrRange : TsType::kIpv4AddrRange;
    t.ip_protocol = s.ip_protocol;
    t.start_port = s.start_port;
    t.end_port = s.end_port;
    t.start_address = s.addresses.first.view();
    t.end_address = s.addresses.last.view();
    storage.push_back(t);
  }
  TsPayload p;
  p.selectors = Seq<TrafficSelector>(storage.data(), storage.size());
  return p;
}

std::optional<Selector> intersect(const Selector& a, const Selector& b) {
  if (a.addresses.first.ipv6 != b.addresses.first.ipv6) return std::nullopt;
  Selector r;
  // §3.13.1: protocol 0 means any.
  if (a.ip_protocol != b.ip_protocol && a.ip_protocol != 0 && b.ip_protocol != 0) return std::nullopt;
  r.ip_protocol = std::max(a.ip_protocol, b.ip_protocol);
  if (is_opaque(a) || is_opaque(b)) {
    if (!(is_opaque(a) && is_opaque(b))) return std::nullopt;
    r.start_port = kOpaqueStart;
    r.end_port = kOpaqueEnd;
  } else {
    r.start_port = std::max(a.start_port, b.start_port);
    r.end_port = std::min(a.end_port, b.end_port);
    if (r.start_port > r.end_port) return std::nullopt;
  }
  r.addresses.first = std::max(a.addresses.first, b.addresses.first);
  r.addresses.last = std::min(a.addresses.last, b.addresses.last);
  if (r.addresses.last < r.addresses.first) return std::nullopt;
  return r;
}

std::vector<Selector> narrow(absl::Span<const Selector> proposed, absl::Span<const Selector> policy) {
  std::vector<Selector> out;
  for (const Selector& p : proposed) {
    for (const Selector& allowed : policy) {
      std::optional<Selector> s = intersect(p, allowed);
      if (s && std::find(out.begin(), out.end(), *s) == out.end()) out.push_back(*s);
    }
  }
  return out;
}

}  // namespace ikecore
