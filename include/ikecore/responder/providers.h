// What the host supplies to the engine, besides crypto: credentials, the EAP
// user backend, address pools and the CHILD SA installer. Each is a small
// interface the library never owns, with an in-memory implementation
// (ikecore/responder/memory_providers.h) for tests and examples.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <variant>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ikecore/base/bytes.h"
#include "ikecore/base/endpoint.h"
#include "ikecore/base/ip.h"
#include "ikecore/crypto/identity.h"
#include "ikecore/crypto/provider.h"
#include "ikecore/eap/server.h"
#include "ikecore/responder/child_proposal.h"
#include "ikecore/responder/identity.h"
#include "ikecore/responder/traffic_selectors.h"
#include "ikecore/trace/trace.h"

namespace ikecore {

// PSKs, our certificates and keys, and the CAs we trust. Synchronous: the
// engine asks during IKE_AUTH (signing itself goes through CryptoProvider,
// which may answer later).
class CredentialStore {
 public:
  virtual ~CredentialStore() = default;
  // The pre-shared key between `local` and `remote`, or nullptr.
  virtual const SecretBytes* shared_key(const Identity& local, const Identity& remote) = 0;
  // Our certificate chains (choose_certificate() picks one per CERTREQ).
  virtual absl::Span<const CertificateChain> chains() = 0;
  // The private key of `leaf`, one of chains()'s leaves, or nullptr.
  virtual const PrivateKey* private_key(const Certificate& leaf) = 0;
  virtual absl::Span<const Certificate* const> trust_anchors() = 0;
  // DER CRLs to check peers' chains against (may be empty).
  virtual absl::Span<const ByteView> crls() = 0;
};

// A password verdict (EAP-GTC).
struct PasswordVerdict {
  bool accepted = false;
};

// The EAP user database, or the host's bridge to RADIUS / PAM / LDAP. Either
// call may answer Pending; the host then calls Responder::complete(ticket,
// answer) with an absl::StatusOr<eap::UserSecret> / <PasswordVerdict>.
class EapBackend {
 public:
  virtual ~EapBackend() = default;
  // `user`'s secret for MD5-Challenge / MSCHAPv2; NotFound for no such user
  // (the peer sees the same failure as for a wrong password).
  virtual Async<eap::UserSecret> user_secret(const std::string& user) = 0;
  // Whether `password` is `user`'s (GTC).
  virtual Async<PasswordVerdict> check_password(const std::string& user, const SecretBytes& password) = 0;
};

// Virtual addresses for clients (RFC 7296 §3.15). `pool` names one of the
// host's pools (ConnectionPolicy::pool).
class AddressPool {
 public:
  virtual ~AddressPool() = default;
  // A free address of the family, leased to `peer`, or nullopt when the pool
  // is exhausted or unknown. `requested` is the address the client asked for
  // (may be honoured when free).
  virtual std::optional<IpAddress> acquire(const std::string& pool, const Identity& peer, bool ipv6,
                                           const std::optional<IpAddress>& requested) = 0;
  virtual void release(const std::string& pool, const IpAddress& address) = 0;
};

// One direction's keys of a CHILD SA.
struct EspKeys {
  SecretBytes encr;   // with salt for GCM / CTR / CCM / ChaCha20-Poly1305
  SecretBytes integ;  // empty with AEAD
};

enum class IpsecMode : uint8_t { kTunnel, kTransport };

// Everything an ESP implementation needs to install both SAs of a CHILD SA.
struct ChildSaSpec {
  uint64_t ike_spi_i = 0;
  uint64_t ike_spi_r = 0;
  uint32_t spi_in = 0;   // ours: in the peer's packets to us
  uint32_t spi_out = 0;  // the peer's: in our packets
  Endpoint local;        // outer addresses; port 4500 means UDP encapsulation
  Endpoint remote;
  bool udp_encapsulation = false;  // RFC 3948 (NAT detected, or floated to 4500)
  IpsecMode mode = IpsecMode::kTunnel;
  std::vector<Selector> local_ts;
  std::vector<Selector> remote_ts;
  EspSuite suite;
  EspKeys in;   // initiator -> responder (KEYMAT first half, §2.17)
  EspKeys out;  // responder -> initiator
  bool peer_tfc_padding = true;      // false: the peer sent ESP_TFC_PADDING_NOT_SUPPORTED
  bool non_first_fragments = false;  // NON_FIRST_FRAGMENTS_ALSO agreed (RFC 7296 §3.10.1)
  std::string connection;  // ConnectionPolicy::name
  std::string child;       // ChildPolicy::name
};

// The host's ESP stack. SPIs are the installer's to choose so they never
// collide with SAs installed by others.
class ChildSaInstaller {
 public:
  virtual ~ChildSaInstaller() = default;
  // A fresh inbound SPI (>= 256, RFC 4303 §2.1).
  virtual absl::StatusOr<uint32_t> allocate_spi() = 0;
  // Installs both directions. On failure the CHILD SA is not created (the
  // IKE SA stays).
  virtual absl::Status install(const ChildSaSpec& spec) = 0;
  // Removes both directions (and frees an allocated SPI never installed:
  // spi_out is then 0).
  virtual void remove(uint32_t spi_in, uint32_t spi_out) = 0;
};

// What the host hands to Responder::complete() for a Pending ticket: the
// answer of the provider call that returned it.
using ProviderAnswer =
    std::variant<absl::StatusOr<std::unique_ptr<KeyExchange>>, absl::StatusOr<SecretBytes>, absl::StatusOr<Bytes>,
                 absl::StatusOr<ChainVerified>, absl::StatusOr<eap::UserSecret>, absl::StatusOr<PasswordVerdict>>;

// The providers one Responder uses; none is owned. Only `crypto` is
// required: without credentials, no IKE_AUTH succeeds; without an EAP
// backend, no EAP; without a pool, no virtual address; without an installer,
// no CHILD SA.
struct Providers {
  CryptoProvider& crypto;
  CredentialStore* credentials = nullptr;
  EapBackend* eap = nullptr;
  AddressPool* pool = nullptr;
  ChildSaInstaller* installer = nullptr;
  TraceSink* trace = nullptr;
  // Seconds since the Unix epoch, for certificate validity (the engine reads
  // no clock itself). Without it, certificate authentication of peers fails.
  std::function<int64_t()> unix_time = {};
};

}  // namespace ikecore
