// Traffic selectors as values, and the responder's narrowing of the
// initiator's proposal to its policy (RFC 7296 §2.9).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "ikecore/base/ip.h"
#include "ikecore/wire/payloads.h"

namespace ikecore {

// One TS_IPV4_ADDR_RANGE / TS_IPV6_ADDR_RANGE selector (§3.13.1).
// ip_protocol 0 is "any"; ports 0..65535 is "any". (RFC 4301's OPAQUE,
// start 65535 / end 0, is kept as it comes and matches nothing but itself.)
struct Selector {
  uint8_t ip_protocol = 0;
  uint16_t start_port = 0;
  uint16_t end_port = 0xffff;
  IpRange addresses;

  // Every address of one family, any protocol and port.
  static Selector any(bool ipv6);
  // "10.1.0.0/16", "10.1.0.0/16[tcp/443]", "10.1.0.0/16[17/500-510]",
  // "0.0.0.0/0", "::/0" (strongSwan's notation; protocol by name or number).
  static std::optional<Selector> parse(const std::string& text);
  friend bool operator==(const Selector&, const Selector&) = default;
};

// "10.1.0.0/16", "10.2.2.1/32[udp/500]" (ports and protocol only when not "any").
std::string to_string(const Selector& s);
// The seed's form: "10.2.2.1/0 - 10.2.2.1/65535" (start/start-port - end/end-port).
std::string to_cisco_string(const Selector& s);

// Payload <-> values. A selector of another type (FC, security label) is
// not an address range: from_payload() skips it (the caller decides whether
// that leaves nothing).
std::vector<Selector> from_payload(const TsPayload& ts);
// Serialisable view: `storage` keeps the TrafficSelector structs (which view
// the Selectors' address bytes, so `selectors` must outlive the payload).
TsPayload to_payload(absl::Span<const Selector> selectors, std::vector<TrafficSelector>& storage);

// The intersection of two selectors, if any (same family, overlapping
// addresses and ports, compatible protocols: 0 matches any protocol).
std::optional<Selector> intersect(const Selector& a, const Selector& b);

// §2.9: narrows one side's proposed selectors to what policy allows: every
// non-empty intersection of a proposed selector with a policy selector, in
// the proposal's order (so the first, "the packet that triggered the
// request" selector, leads), duplicates removed. Empty: nothing acceptable
// (TS_UNACCEPTABLE when the other side's narrowing is empty too, or either).
std::vector<Selector> narrow(absl::Span<const Selector> proposed, absl::Span<const Selector> policy);

}  // namespace ikecore
