// The headend's sockets: a wildcard socket reports the address a datagram
// came to (IP_PKTINFO / IPV6_PKTINFO) and answers from that address, as a
// client expects the answer from the address it talked to.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>

#include "udp_sockets.h"

using ikecore::Datagram;
using ikecore::Endpoint;
using ikecore::IpAddress;

namespace {

// A plain UDP client socket bound to the loopback address of `ipv6`'s family.
struct Client {
  int fd = -1;
  bool ipv6;
  explicit Client(bool v6) : ipv6(v6) {
    fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    REQUIRE(fd >= 0);
  }
  ~Client() { ::close(fd); }
  void send_to(uint16_t port, const std::string& text) {
    sockaddr_storage ss{};
    socklen_t len;
    if (ipv6) {
      auto& s6 = reinterpret_cast<sockaddr_in6&>(ss);
      s6.sin6_family = AF_INET6;
      s6.sin6_addr = in6addr_loopback;
      s6.sin6_port = htons(port);
      len = sizeof s6;
    } else {
      auto& s4 = reinterpret_cast<sockaddr_in&>(ss);
      s4.sin_family = AF_INET;
      s4.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      s4.sin_port = htons(port);
      len = sizeof s4;
    }
    REQUIRE(::sendto(fd, text.data(), text.size(), 0, reinterpret_cast<sockaddr*>(&ss), len) ==
            static_cast<ssize_t>(text.size()));
  }
  // The next datagram and the port it came from.
  std::pair<std::string, uint16_t> receive() {
    pollfd p{fd, POLLIN, 0};
    REQUIRE(::poll(&p, 1, 5000) == 1);
    char buf[256];
    sockaddr_storage from{};
    socklen_t len = sizeof from;
    ssize_t n = ::recvfrom(fd, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &len);
    REQUIRE(n >= 0);
    uint16_t port = ipv6 ? ntohs(reinterpret_cast<sockaddr_in6&>(from).sin6_port)
                         : ntohs(reinterpret_cast<sockaddr_in&>(from).sin_port);
    return {std::string(buf, static_cast<size_t>(n)), port};
  }
};

// Ports above the ephemeral range's usual start, different per process.
uint16_t test_port(int offset) { return static_cast<uint16_t>(20000 + (::getpid() % 10000) * 2 + offset); }

std::optional<Datagram> receive_on_any(headend::UdpSockets& sockets) {
  std::vector<pollfd> fds = sockets.poll_set();
  REQUIRE(::poll(fds.data(), fds.size(), 5000) >= 1);
  for (size_t i = 0; i < fds.size(); ++i)
    if (fds[i].revents & POLLIN) return sockets.receive(i);
  return std::nullopt;
}

void round_trip(bool ipv6) {
  const uint16_t ike = test_port(0), natt = test_port(1);
  headend::UdpSockets sockets;
  absl::Status opened = sockets.open({*IpAddress::parse(ipv6 ? "::" : "0.0.0.0")}, ike, natt);
  if (ipv6 && !opened.ok()) {
    WARN("no IPv6 here: " << opened.message());
    return;
  }
  REQUIRE(opened.ok());
  REQUIRE(sockets.poll_set().size() == 2);

  Client client(ipv6);
  client.send_to(natt, "hello");
  std::optional<Datagram> d = receive_on_any(sockets);
  REQUIRE(d);
  CHECK(std::string(d->data.begin(), d->data.end()) == "hello");
  // The wildcard socket learnt the destination address: the loopback.
  Endpoint expected_local = *Endpoint::parse(ipv6 ? "[::1]:" + std::to_string(natt) : "127.0.0.1:" + std::to_string(natt));
  CHECK(d->local == expected_local);
  CHECK(d->remote.ipv6 == ipv6);

  // The answer leaves from the NAT-T port and reaches the client.
  Datagram answer{d->local, d->remote, ikecore::Bytes{'o', 'k'}};
  REQUIRE(sockets.send(answer).ok());
  auto [text, from_port] = client.receive();
  CHECK(text == "ok");
  CHECK(from_port == natt);
}

}  // namespace

TEST_CASE("UdpSockets: IPv4 wildcard, local address from IP_PKTINFO, answer from the same port", "[headend][udp]") {
  round_trip(false);
}

TEST_CASE("UdpSockets: IPv6 wildcard, local address from IPV6_PKTINFO", "[headend][udp]") { round_trip(true); }

TEST_CASE("UdpSockets: a port already bound is an error naming it, and nothing stays open", "[headend][udp]") {
  const uint16_t ike = test_port(0), natt = test_port(1);
  headend::UdpSockets first, second;
  REQUIRE(first.open({*IpAddress::parse("127.0.0.1")}, ike, natt).ok());
  absl::Status s = second.open({*IpAddress::parse("127.0.0.1")}, ike, natt);
  REQUIRE_FALSE(s.ok());
  CHECK(std::string(s.message()).find(std::to_string(ike)) != std::string::npos);
  CHECK(second.poll_set().empty());
}
