// In-memory implementations of the host interfaces (providers.h), for tests,
// examples and hosts that keep everything in one process.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include <variant>
#include "ikecore/responder/providers.h"

namespace ikecore {

class MemoryCredentials : public CredentialStore {
 public:
  // A PSK for a peer identity (any of our identities).
  void add_shared_key(const Identity& remote, SecretBytes key);
  // A chain we present: the leaf, its issuers (leaf's issuer first) and the
  // leaf's private key. Takes ownership.
  void add_chain(std::unique_ptr<Certificate> leaf, std::vector<std::unique_ptr<Certificate>> issuers,
                 std::unique_ptr<PrivateKey> key);
  void add_trust_anchor(std::unique_ptr<Certificate> ca);
  void add_crl(Bytes der);

  const SecretBytes* shared_key(const Identity& local, const Identity& remote) override;
  absl::Span<const CertificateChain> chains() override { return chains_; }
  const PrivateKey* private_key(const Certificate& leaf) override;
  absl::Span<const Certificate* const> trust_anchors() override { return anchor_views_; }
  absl::Span<const ByteView> crls() override { return crl_views_; }

 private:
  std::vector<std::pair<Identity, SecretBytes>> keys_;
  std::vector<std::unique_ptr<Certificate>> certificates_;  // owns leaves and issuers
  std::vector<std::unique_ptr<PrivateKey>> private_keys_;  // parallel to chains_
  std::vector<CertificateChain> chains_;
  std::vector<std::unique_ptr<Certificate>> anchors_;
  std::vector<const Certificate*> anchor_views_;
  std::vector<Bytes> crls_;
  std::vector<ByteView> crl_views_;
};

// Users with cleartext passwords. With deferred(true) every answer is
// Pending: the host (or test) collects them with take_pending() and hands
// them to Responder::complete(), as a RADIUS bridge would.
class MemoryEapUsers : public EapBackend {
 public:
  void add_user(const std::string& name, const std::string& password);
  void set_deferred(bool deferred) { deferred_ = deferred; }

  Async<eap::UserSecret> user_secret(const std::string& user) override;
  Async<PasswordVerdict> check_password(const std::string& user, const SecretBytes& password) override;

  struct Deferred {
    Ticket ticket;
    std::variant<absl::StatusOr<eap::UserSecret>, absl::StatusOr<PasswordVerdict>> answer;
  };
  std::vector<Deferred> take_pending() { return std::exchange(pending_, {}); }

 private:
  absl::StatusOr<eap::UserSecret> lookup(const std::string& user) const;
  std::map<std::string, std::string> users_;
  bool deferred_ = false;
  uint64_t next_ticket_ = uint64_t{1} << 40;  // apart from other providers' tickets
  std::vector<Deferred> pending_;
};

// Named pools of address ranges; leases kept per pool. The first address of
// a range that is a network (e.g. 10.3.0.0/24 gives 10.3.0.1..10.3.0.254)
// keeps strongSwan's habit of skipping the network and broadcast addresses.
class MemoryAddressPool : public AddressPool {
 public:
  void add_pool(const std::string& name, const IpRange& range);
  std::optional<IpAddress> acquire(const std::string& pool, const Identity& peer, bool ipv6,
                                   const std::optional<IpAddress>& requested) override;
  void release(const std::string& pool, const IpAddress& address) override;
  size_t leases() const;
  size_t leases(const std::string& pool) const;

 private:
  struct Pool {
    IpRange range;
    absl::flat_hash_set<IpAddress> leased;
    IpAddress next;  // where the next search starts
  };
  std::map<std::string, Pool> pools_;
};

// Records what it is told; SPIs counted up from 0xc0000001. Hosts without an
// ESP stack (and tests) use it; `log` lines describe each call.
class RecordingInstaller : public ChildSaInstaller {
 public:
  absl::StatusOr<uint32_t> allocate_spi() override;
  absl::Status install(const ChildSaSpec& spec) override;
  void remove(uint32_t spi_in, uint32_t spi_out) override;

  // Installed and not yet removed, by inbound SPI.
  const std::map<uint32_t, ChildSaSpec>& installed() const { return installed_; }
  size_t removed() const { return removed_; }
  // Makes the next install() fail (to test the CHILD SA failure path).
  void fail_next_install() { fail_next_ = true; }

 private:
  uint32_t next_spi_ = 0xc0000001;
  std::map<uint32_t, ChildSaSpec> installed_;
  size_t removed_ = 0;
  bool fail_next_ = false;
};

}  // namespace ikecore
