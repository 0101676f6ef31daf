// What the responder accepts and announces.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "ikecore/base/bytes.h"
#include "ikecore/base/time.h"
#include "ikecore/crypto/auth.h"
#include "ikecore/base/ip.h"
#include "ikecore/responder/child_proposal.h"
#include "ikecore/responder/identity.h"
#include "ikecore/responder/proposal.h"
#include "ikecore/responder/traffic_selectors.h"
#include "ikecore/wire/eap_packet.h"
#include "ikecore/wire/ids.h"

namespace ikecore {

// How one side authenticates (RFC 7296 §2.15-2.16).
enum class AuthKind : uint8_t {
  kPsk,     // AUTH method 2, shared key MIC
  kPubkey,  // a certificate signature: RSA (1), ECDSA (9-11), RFC 7427 (14)
  kEap,     // the peer only: EAP, then a MIC keyed with the MSK or SK_p*
};

// A CHILD SA the connection offers (a strongSwan "children" entry).
struct ChildPolicy {
  std::string name = "child";
  EspProposalPolicy esp = default_esp_policy();
  // Our side and the peer's side. The peer's side is replaced by its virtual
  // address when one was assigned (the seed's ASA narrows TSi so).
  std::vector<Selector> local_ts = {Selector::any(false)};
  std::vector<Selector> remote_ts = {Selector::any(false)};
  bool allow_transport = false;  // USE_TRANSPORT_MODE honoured
};

// Configuration attributes handed out in CFG_REPLY (RFC 7296 §3.15.1).
struct ClientAttributes {
  std::string pool;                 // AddressPool name for IPv4; empty: no virtual IPv4
  std::string pool6;                // ... for IPv6 (INTERNAL_IP6_ADDRESS); empty: none
  std::optional<IpAddress> netmask; // INTERNAL_IP4_NETMASK (when set)
  std::vector<IpAddress> dns;       // INTERNAL_IP4_DNS / INTERNAL_IP6_DNS
  std::vector<IpAddress> nbns;      // INTERNAL_IP4_NBNS
  std::vector<IpRange> subnets;     // INTERNAL_IP4_SUBNET / INTERNAL_IP6_SUBNET (protected networks)
  std::string application_version;  // APPLICATION_VERSION, answered when asked
};

// One connection: who may connect, how each side authenticates, what it gets.
struct ConnectionPolicy {
  std::string name = "default";
  // Our identity (IDr); empty data: our certificate's subject DN when
  // authenticating with a certificate, else our IP address.
  Identity local_id;
  // Accepted peer identities (IDi); an IDr the initiator names must be ours.
  IdentityPattern remote_id;
  AuthKind local_auth = AuthKind::kPubkey;
  AuthKind remote_auth = AuthKind::kEap;
  // kEap: the methods, in order of preference, and whether to ask the EAP
  // identity (else IDi is the EAP identity).
  std::vector<EapType> eap_methods = {EapType::kMschapv2};
  bool eap_identity = true;
  // Send our certificate chain (else only AUTH; a peer with our cert needs none).
  bool send_certificate = true;
  // §2.4 INITIAL_CONTACT from this connection's peers removes their older
  // SAs between the same identities. false (strongSwan's unique = never):
  // it is ignored, and SAs of one identity coexist.
  bool initial_contact_replaces = true;
  ClientAttributes attributes;
  std::vector<ChildPolicy> children = {ChildPolicy{}};
};

struct ResponderConfig {
  // Connections, tried in order: the first whose remote_id matches IDi best
  // (exact before suffix before %any) and whose local_id matches the IDr the
  // initiator asked for (if any).
  std::vector<ConnectionPolicy> connections = {ConnectionPolicy{}};
  IkeProposalPolicy ike = default_ike_policy();
  // SHA-1 hashes of trusted CAs' SubjectPublicKeyInfo, sent in CERTREQ
  // (RFC 7296 §3.7); none: no CERTREQ.
  std::vector<Bytes> certreq_ca_hashes;
  // RFC 7383 IKEV2_FRAGMENTATION_SUPPORTED in the IKE_SA_INIT response (sent
  // only when the initiator announced it too, §2.3).
  bool fragmentation = true;
  // RFC 7383 §2.5.1: responses whose IP datagram would exceed this are sent
  // as fragments (when the peer announced support). Counts the IP and UDP
  // headers (and the non-ESP marker), as strongSwan's fragment_size does.
  size_t fragment_size = 1280;
  // The NAT-T port (RFC 3948): datagrams to it carry the non-ESP marker and
  // ESP; a request arriving on it floats the IKE SA (§2.23).
  uint16_t natt_port = 4500;
  // RFC 7427 SIGNATURE_HASH_ALGORITHMS we announce (empty: none).
  std::vector<SignatureHash> signature_hashes = {SignatureHash::kSha256, SignatureHash::kSha384,
                                                 SignatureHash::kSha512};
  size_t nonce_size = 32;
  // Opt-in key log: each IKE SA's keys as a line of Wireshark's
  // ikev2_decryption_table (a kKeyLog event). Never on by default.
  bool keylog = false;
  // At most this many IKE SAs (0: no limit). At the limit a new IKE_SA_INIT
  // is dropped (DropReason::kLimit) before any key exchange work.
  size_t max_ike_sas = 0;
  // Denial of service (§2.6, §2.4): with this many half-open SAs (not yet
  // through IKE_AUTH), IKE_SA_INIT must return a stateless COOKIE first (0:
  // always). Beyond `max_half_open` in total, or `max_half_open_per_source`
  // from one address, new requests are dropped (DropReason::kLimit); 0: no
  // limit. The cookie secret is replaced every `cookie_secret_lifetime`.
  size_t cookie_threshold = 128;
  size_t max_half_open = 0;
  size_t max_half_open_per_source = 0;
  Duration cookie_secret_lifetime = std::chrono::minutes(5);
  // An IKE SA that has not completed IKE_AUTH by then is removed (the seed's
  // ASA uses 30 s).
  Duration half_open_timeout = std::chrono::seconds(30);
  // An EAP conversation waiting for the user (or the backend) longer than this
  // fails (the seed's ASA: 120 s).
  Duration eap_timeout = std::chrono::seconds(120);
  // Dead peer detection (§2.4): an established SA whose peer has sent
  // nothing authenticated for `dpd_interval` gets an empty INFORMATIONAL
  // request; unanswered after `dpd_retries` retransmissions, the peer is
  // dead and its SA, CHILD SAs and leases are removed. 0: off (the seed's
  // ASA: 10 s and 2 retries).
  Duration dpd_interval{};
  uint32_t dpd_retries = 2;
  // Our own requests (DPD, DELETE) are retransmitted after
  // `retransmit_timeout`, doubling each time, `retransmit_tries` times, then
  // the SA is given up (§2.1).
  Duration retransmit_timeout = std::chrono::seconds(2);
  uint32_t retransmit_tries = 5;
  // Lifetimes shown in the SA view. The responder does not start rekeys: the
  // initiator rekeys (strongSwan, Windows and AnyConnect clients all do).
  std::chrono::seconds ike_lifetime{86400};
  std::chrono::seconds child_lifetime{28800};
};

}  // namespace ikecore
