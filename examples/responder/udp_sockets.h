// The headend's UDP sockets: the IKE port and the NAT-T port on each listen
// address. Wildcard sockets learn each datagram's local address from
// IP_PKTINFO / IPV6_PKTINFO and answer from the same address, so a host with
// several addresses answers from the one the client used.
#pragma once

#include <poll.h>

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "ikecore/base/ip.h"
#include "ikecore/responder/responder.h"

namespace headend {

class UdpSockets {
 public:
  UdpSockets() = default;
  ~UdpSockets();
  UdpSockets(const UdpSockets&) = delete;
  UdpSockets& operator=(const UdpSockets&) = delete;

  // Binds both ports on every address ("0.0.0.0" and "::" are wildcards).
  // On failure no socket of this call stays open.
  absl::Status open(const std::vector<ikecore::IpAddress>& addresses, uint16_t ike_port, uint16_t natt_port);

  // One pollfd per socket, POLLIN requested, in socket order.
  std::vector<pollfd> poll_set() const;
  // The next datagram queued on socket `index`, or nullopt when none is
  // (truncated datagrams are discarded: no IKE message is that large).
  std::optional<ikecore::Datagram> receive(size_t index);
  // Sends from `d.local` (the socket bound to its port and family).
  absl::Status send(const ikecore::Datagram& d);

 private:
  absl::Status open_all(const std::vector<ikecore::IpAddress>& addresses, uint16_t ike_port, uint16_t natt_port);

  struct Socket {
    int fd = -1;
    bool ipv6 = false;
    bool wildcard = false;
    ikecore::Endpoint bound;
  };
  std::vector<Socket> sockets_;
  std::vector<uint8_t> buffer_ = std::vector<uint8_t>(65536);
};

}  // namespace headend
