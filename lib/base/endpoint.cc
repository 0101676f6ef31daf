#include "ikecore/base/endpoint.h"

#include <arpa/inet.h>

#include <cstdlib>

#include "absl/strings/str_format.h"

namespace ikecore {

Endpoint Endpoint::v4(uint8_t a, uint8_t b, uint8_t c, uint8_t d, uint16_t port) {
  Endpoint e;
  e.address[0] = a;
  e.address[1] = b;
  e.address[2] = c;
  e.address[3] = d;
  e.port = port;
  return e;
}

std::optional<Endpoint> Endpoint::parse(const std::string& text) {
  Endpoint e;
  std::string host;
  std::string port;
  if (!text.empty() && text[0] == '[') {
    size_t close = text.find(']');
    if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
    e.ipv6 = true;
  } else {
    size_t colon = text.rfind(':');
    if (colon == std::string::npos) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (inet_pton(e.ipv6 ? AF_INET6 : AF_INET, host.c_str(), e.address.data()) != 1) return std::nullopt;
  char* end = nullptr;
  unsigned long p = std::strtoul(port.c_str(), &end, 10);
  if (port.empty() || *end != '\0' || p > 65535) return std::nullopt;
  e.port = static_cast<uint16_t>(p);
  return e;
}

std::string to_string(const Endpoint& e) {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(e.ipv6 ? AF_INET6 : AF_INET, e.address.data(), buf, sizeof(buf));
  return e.ipv6 ? absl::StrFormat("[%s]:%u", buf, e.port) : absl::StrFormat("%s:%u", buf, e.port);
}

}  // namespace ikecore
