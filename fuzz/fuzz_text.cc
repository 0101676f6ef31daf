// The text parsers of configuration values. The first byte picks the parser,
// the rest is the text. Whatever parses is printed and parsed again; where
// the headers promise that the printed form names the same value, the second
// parse must give an equal one.
#include <cstdint>
#include <string>

#include "absl/strings/match.h"
#include "ikecore/base/endpoint.h"
#include "ikecore/base/ip.h"
#include "ikecore/responder/identity.h"
#include "ikecore/responder/traffic_selectors.h"

namespace {

using namespace ikecore;

template <class T>
void expect_round_trip(const T& value) {
  auto again = T::parse(to_string(value));
  if (!again || !(*again == value)) __builtin_trap();
}

void identity(const std::string& text) {
  auto id = Identity::parse(text);
  if (!id) return;
  std::string printed = to_string(*id);
  // Only addresses print in a form that parses back to the same type: an
  // FQDN or KEY_ID may print as text that reads as another type ("fqdn:10.0.0.1"
  // prints "10.0.0.1"), which identity.h does not rule out.
  if (id->type == IdType::kIpv4Addr || id->type == IdType::kIpv6Addr) {
    auto again = Identity::parse(printed);
    if (!again || !(*again == *id)) __builtin_trap();
  }
}

void identity_pattern(const std::string& text) {
  auto pattern = IdentityPattern::parse(text);
  if (!pattern) return;
  (void)pattern->rank();
  auto id = Identity::parse(text);
  if (!id) return;
  // An exact pattern (and %any) accepts the identity written the same way.
  const bool wildcard = absl::StartsWith(text, "*@") || absl::StartsWith(text, "*.");
  if (!wildcard && !pattern->matches(*id)) __builtin_trap();
}

void selector(const std::string& text) {
  auto s = Selector::parse(text);
  if (!s) return;
  expect_round_trip(*s);
  (void)to_cisco_string(*s);
}

void address(const std::string& text) {
  if (auto a = IpAddress::parse(text)) expect_round_trip(*a);
}

void range(const std::string& text) {
  auto r = IpRange::parse(text);
  if (!r) return;
  expect_round_trip(*r);
  // The range is never empty: its first address is in it.
  if (!r->contains(r->first)) __builtin_trap();
}

void endpoint(const std::string& text) {
  if (auto e = Endpoint::parse(text)) expect_round_trip(*e);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  switch (data[0] % 6) {
    case 0: identity(text); break;
    case 1: identity_pattern(text); break;
    case 2: selector(text); break;
    case 3: address(text); break;
    case 4: range(text); break;
    case 5: endpoint(text); break;
  }
  return 0;
}
