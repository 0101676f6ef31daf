#include "udp_sockets.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace headend {
namespace {

using ikecore::Endpoint;

absl::Status os_error(const std::string& what) {
  return absl::UnavailableError(absl::StrCat(what, ": ", std::strerror(errno)));
}

Endpoint from_sockaddr(const sockaddr_storage& ss) {
  Endpoint e;
  if (ss.ss_family == AF_INET6) {
    const auto& s6 = reinterpret_cast<const sockaddr_in6&>(ss);
    e.ipv6 = true;
    std::memcpy(e.address.data(), &s6.sin6_addr, 16);
    e.port = ntohs(s6.sin6_port);
  } else {
    const auto& s4 = reinterpret_cast<const sockaddr_in&>(ss);
    std::memcpy(e.address.data(), &s4.sin_addr, 4);
    e.port = ntohs(s4.sin_port);
  }
  return e;
}

socklen_t to_sockaddr(const Endpoint& e, sockaddr_storage& ss) {
  std::memset(&ss, 0, sizeof ss);
  if (e.ipv6) {
    auto& s6 = reinterpret_cast<sockaddr_in6&>(ss);
    s6.sin6_family = AF_INET6;
    std::memcpy(&s6.sin6_addr, e.address.data(), 16);
    s6.sin6_port = htons(e.port);
    return sizeof s6;
  }
  auto& s4 = reinterpret_cast<sockaddr_in&>(ss);
  s4.sin_family = AF_INET;
  std::memcpy(&s4.sin_addr, e.address.data(), 4);
  s4.sin_port = htons(e.port);
  return sizeof s4;
}

bool all_zero(const Endpoint& e) {
  for (uint8_t b : e.address_bytes())
    if (b) return false;
  return true;
}

}  // namespace

UdpSockets::~UdpSockets() {
  for (Socket& s : sockets_) ::close(s.fd);
}

absl::Status UdpSockets::open(const std::vector<ikecore::IpAddress>& addresses, uint16_t ike_port,
                              uint16_t natt_port) {
  size_t before = sockets_.size();
  absl::Status s = open_all(addresses, ike_port, natt_port);
  if (!s.ok()) {
    for (size_t i = before; i < sockets_.size(); ++i) ::close(sockets_[i].fd);
    sockets_.resize(before);
  }
  return s;
}

absl::Status UdpSockets::open_all(const std::vector<ikecore::IpAddress>& addresses, uint16_t ike_port,
                                  uint16_t natt_port) {
  for (const ikecore::IpAddress& a : addresses) {
    for (uint16_t port : {ike_port, natt_port}) {
      Socket s;
      s.ipv6 = a.ipv6;
      s.bound.ipv6 = a.ipv6;
      s.bound.address = a.bytes;
      s.bound.port = port;
      s.wildcard = all_zero(s.bound);
      std::string name = to_string(s.bound);
      s.fd = ::socket(a.ipv6 ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (s.fd < 0) return os_error(absl::StrCat("socket for ", name));
      sockets_.push_back(s);
      int on = 1;
      // v6 sockets take only v6: the v4 wildcard has its own socket.
      if (a.ipv6 && (::setsockopt(s.fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof on) != 0 ||
                     ::setsockopt(s.fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof on) != 0))
        return os_error(absl::StrCat("IPv6 socket options for ", name));
      if (!a.ipv6 && ::setsockopt(s.fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof on) != 0)
        return os_error(absl::StrCat("IP_PKTINFO for ", name));
      sockaddr_storage ss;
      socklen_t len = to_sockaddr(s.bound, ss);
      if (::bind(s.fd, reinterpret_cast<sockaddr*>(&ss), len) != 0) return os_error(absl::StrCat("bind ", name));
    }
  }
  return absl::OkStatus();
}

std::vector<pollfd> UdpSockets::poll_set() const {
  std::vector<pollfd> out;
  for (const Socket& s : sockets_) out.push_back(pollfd{s.fd, POLLIN, 0});
  return out;
}

std::optional<ikecore::Datagram> UdpSockets::receive(size_t index) {
  const Socket& s = sockets_.at(index);
  for (;;) {
    sockaddr_storage from{};
    iovec iov{buffer_.data(), buffer_.size()};
    alignas(cmsghdr) char control[256];
    msghdr msg{};
    msg.msg_name = &from;
    msg.msg_namelen = sizeof from;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control;
    msg.msg_controllen = sizeof control;
    ssize_t n = ::recvmsg(s.fd, &msg, 0);
    if (n < 0) return std::nullopt;  // EAGAIN, or an ICMP error queued on the socket
    if (msg.msg_flags & MSG_TRUNC) continue;

    ikecore::Datagram d;
    d.local = s.bound;
    d.remote = from_sockaddr(from);
    for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
      if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
        in_pktinfo info;
        std::memcpy(&info, CMSG_DATA(c), sizeof info);
        std::memcpy(d.local.address.data(), &info.ipi_addr, 4);
      } else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
        in6_pktinfo info;
        std::memcpy(&info, CMSG_DATA(c), sizeof info);
        std::memcpy(d.local.address.data(), &info.ipi6_addr, 16);
      }
    }
    d.data.assign(buffer_.begin(), buffer_.begin() + n);
    return d;
  }
}

absl::Status UdpSockets::send(const ikecore::Datagram& d) {
  const Socket* chosen = nullptr;
  for (const Socket& s : sockets_) {
    if (s.ipv6 != d.local.ipv6 || s.bound.port != d.local.port) continue;
    if (!s.wildcard && s.bound.address != d.local.address) continue;
    if (!chosen || !s.wildcard) chosen = &s;  // a specific address beats the wildcard
  }
  if (!chosen) return absl::NotFoundError(absl::StrCat("no socket for ", to_string(d.local)));

  sockaddr_storage to;
  socklen_t to_len = to_sockaddr(d.remote, to);
  iovec iov{const_cast<uint8_t*>(d.data.data()), d.data.size()};
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(in6_pktinfo))] = {};
  msghdr msg{};
  msg.msg_name = &to;
  msg.msg_namelen = to_len;
  msg.msg_iov = &iov;
  msg.msg_iovlen = 1;
  if (chosen->wildcard) {
    // Answer from the address the request came to.
    msg.msg_control = control;
    cmsghdr* c = reinterpret_cast<cmsghdr*>(control);
    if (d.local.ipv6) {
      msg.msg_controllen = CMSG_SPACE(sizeof(in6_pktinfo));
      c->cmsg_level = IPPROTO_IPV6;
      c->cmsg_type = IPV6_PKTINFO;
      c->cmsg_len = CMSG_LEN(sizeof(in6_pktinfo));
      in6_pktinfo info{};
      std::memcpy(&info.ipi6_addr, d.local.address.data(), 16);
      std::memcpy(CMSG_DATA(c), &info, sizeof info);
    } else {
      msg.msg_controllen = CMSG_SPACE(sizeof(in_pktinfo));
      c->cmsg_level = IPPROTO_IP;
      c->cmsg_type = IP_PKTINFO;
      c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
      in_pktinfo info{};
      std::memcpy(&info.ipi_spec_dst, d.local.address.data(), 4);
      std::memcpy(CMSG_DATA(c), &info, sizeof info);
    }
  }
  for (;;) {
    if (::sendmsg(chosen->fd, &msg, 0) >= 0) return absl::OkStatus();
    if (errno != EINTR) return os_error(absl::StrCat("send to ", to_string(d.remote)));
  }
}

}  // namespace headend
