// IKEv2 identities (RFC 7296 §3.5) as values, their text form, and the
// patterns a connection uses to accept a peer.
#pragma once

#include <optional>
#include <string>

#include "ikecore/base/bytes.h"
#include "ikecore/wire/ids.h"
#include "ikecore/wire/payloads.h"

namespace ikecore {

struct Identity {
  IdType type = IdType::kFqdn;
  Bytes data;

  static Identity from_payload(const IdPayload& id) { return Identity{id.type, Bytes(id.data.begin(), id.data.end())}; }
  IdPayload payload() const { return IdPayload{type, data}; }
  // strongSwan's notation: "10.0.0.1" / "2001:db8::1" (IP), "user@example.com"
  // (RFC822), "@host.example" or "host.example" (FQDN), "keyid:<text>" or
  // "keyid:#<hex>" (KEY_ID), and an explicit "fqdn:", "email:", "ipv4:",
  // "ipv6:" prefix. DNs are not parsed from text (give them as DER).
  static std::optional<Identity> parse(const std::string& text);
  friend bool operator==(const Identity&, const Identity&) = default;
};

// "host.example", "user@example.com", "10.0.0.1", "keyid:...", a DN's hex.
std::string to_string(const Identity& id);

// What a connection accepts as the peer's identity: "%any", an exact
// identity, or "*@example.com" / "*.example.com" (a suffix of an FQDN or
// RFC822 identity).
class IdentityPattern {
 public:
  IdentityPattern() = default;  // %any
  static std::optional<IdentityPattern> parse(const std::string& text);
  bool matches(const Identity& id) const;
  bool any() const { return !exact_ && suffix_.empty(); }
  // Specificity for choosing among matching connections: exact > suffix > any.
  int rank() const { return exact_ ? 2 : suffix_.empty() ? 0 : 1; }

 private:
  std::optional<Identity> exact_;
  std::string suffix_;  // "@example.com" or ".example.com"
};

}  // namespace ikecore
