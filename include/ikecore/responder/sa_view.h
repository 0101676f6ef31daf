// A read-only view of the responder's SAs: what the seed's
// `show crypto ikev2 sa detail` prints for each IKE SA and its CHILD SAs.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ikecore/base/endpoint.h"
#include "ikecore/base/ip.h"
#include "ikecore/base/time.h"
#include "ikecore/responder/child_proposal.h"
#include "ikecore/responder/config.h"
#include "ikecore/responder/identity.h"
#include "ikecore/responder/proposal.h"
#include "ikecore/responder/traffic_selectors.h"

namespace ikecore {

struct ChildSaView {
  std::string name;
  std::vector<Selector> local_ts;
  std::vector<Selector> remote_ts;
  uint32_t spi_in = 0;
  uint32_t spi_out = 0;
  EspSuite suite;
  bool transport = false;
  bool udp_encapsulation = false;
  std::chrono::seconds lifetime{};
};

struct IkeSaView {
  uint64_t tunnel_id = 0;  // a small number per SA, as the ASA numbers them
  uint64_t spi_i = 0;
  uint64_t spi_r = 0;
  Endpoint local;
  Endpoint remote;
  std::string state;        // "READY" once established, else the negotiation state
  std::string description;  // "Negotiation done", "Waiting for EAP", ...
  IkeSuite suite;
  std::string auth_sign;    // how we authenticated: "PSK", "RSA", "ECDSA", "RSA (RFC 7427)"...
  std::string auth_verify;  // how the peer did: "PSK", "RSA", "ECDSA", "EAP-MSCHAPV2"...
  std::chrono::seconds lifetime{};
  std::chrono::seconds active{};  // since the SA was created
  Identity local_id;
  Identity remote_id;
  std::string eap_identity;
  std::string connection;
  // Message IDs (§2.3): the peer's requests we expect next and answered.
  uint32_t remote_next_message_id = 0;
  uint32_t local_next_message_id = 0;
  uint32_t window = 1;
  std::chrono::seconds dpd_interval{};  // 0: no dead peer detection
  uint32_t dpd_retries = 0;
  bool nat_local = false;   // a NAT in front of us
  bool nat_remote = false;  // a NAT in front of the peer
  bool peer_fragmentation = false;
  std::optional<IpAddress> assigned_v4;
  std::optional<IpAddress> assigned_v6;
  std::vector<ChildSaView> children;
};

// The seed's `show crypto ikev2 sa detail` layout for a set of SAs.
std::string render_sa_detail(const std::vector<IkeSaView>& sas);

}  // namespace ikecore
