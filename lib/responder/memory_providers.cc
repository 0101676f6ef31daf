#include "ikecore/responder/memory_providers.h"

#include "ikecore/base/bytes.h"

namespace ikecore {

// --- MemoryCredentials

void MemoryCredentials::add_shared_key(const Identity& remote, SecretBytes key) {
  keys_.emplace_back(remote, std::move(key));
}

void MemoryCredentials::add_chain(std::unique_ptr<Certificate> leaf, std::vector<std::unique_ptr<Certificate>> issuers,
                                  std::unique_ptr<PrivateKey> key) {
  CertificateChain chain;
  chain.leaf = leaf.get();
  certificates_.push_back(std::move(leaf));
  for (auto& i : issuers) {
    chain.issuers.push_back(i.get());
    certificates_.push_back(std::move(i));
  }
  chains_.push_back(std::move(chain));
  private_keys_.push_back(std::move(key));
}

void MemoryCredentials::add_trust_anchor(std::unique_ptr<Certificate> ca) {
  anchor_views_.push_back(ca.get());
  anchors_.push_back(std::move(ca));
}

void MemoryCredentials::add_crl(Bytes der) {
  crls_.push_back(std::move(der));
  crl_views_.clear();
  for (const Bytes& c : crls_) crl_views_.push_back(c);
}

const SecretBytes* MemoryCredentials::shared_key(const Identity& local, const Identity& remote) {
  (void)local;
  for (const auto& [id, key] : keys_)
    if (id == remote) return &key;
  return nullptr;
}

const PrivateKey* MemoryCredentials::private_key(const Certificate& leaf) {
  for (size_t i = 0; i < chains_.size(); ++i)
    if (chains_[i].leaf == &leaf) return private_keys_[i].get();
  return nullptr;
}

// --- MemoryEapUsers

void MemoryEapUsers::add_user(const std::string& name, const std::string& password) { users_[name] = password; }

absl::StatusOr<eap::UserSecret> MemoryEapUsers::lookup(const std::string& user) const {
  auto it = users_.find(user);
  if (it == users_.end()) return absl::NotFoundError("no such user");
  eap::UserSecret s;
  s.password = SecretBytes(ByteView(reinterpret_cast<const uint8_t*>(it->second.data()), it->second.size()));
  return s;
}

Async<eap::UserSecret> MemoryEapUsers::user_secret(const std::string& user) {
  if (!deferred_) return lookup(user);
  Ticket t{next_ticket_++};
  pending_.push_back(Deferred{t, lookup(user)});
  return Pending{t};
}

Async<PasswordVerdict> MemoryEapUsers::check_password(const std::string& user, const SecretBytes& password) {
  auto secret = lookup(user);
  // The same work for unknown users as for known ones, compared in constant time.
  PasswordVerdict v;
  v.accepted = secret.ok() && constant_time_equal(secret->password.view(), password.view());
  if (!deferred_) return absl::StatusOr<PasswordVerdict>(v);
  Ticket t{next_ticket_++};
  pending_.push_back(Deferred{t, absl::StatusOr<PasswordVerdict>(v)});
  return Pending{t};
}

// --- MemoryAddressPool

void MemoryAddressPool::add_pool(const std::string& name, const IpRange& range) {
  Pool p;
  p.range = range;
  // A network given as a prefix of at least 4 addresses loses its network
  // and broadcast addresses, as strongSwan's pools do.
  auto bits = range.prefix_length();
  if (bits && *bits < (range.first.ipv6 ? 127u : 31u)) {
    p.range.first = next_address(range.first);
    if (!range.first.ipv6) p.range.last = previous_address(range.last);
  }
  p.next = p.range.first;
  pools_[name] = std::move(p);
}

std::optional<IpAddress> MemoryAddressPool::acquire(const std::string& pool, const Identity& peer, bool ipv6,
                                                    const std::optional<IpAddress>& requested) {
  (void)peer;
  auto it = pools_.find(pool);
  if (it == pools_.end()) return std::nullopt;
  Pool& p = it->second;
  if (p.range.first.ipv6 != ipv6) return std::nullopt;
  if (requested && p.range.contains(*requested) && !p.leased.contains(*requested)) {
    p.leased.insert(*requested);
    return requested;
  }
  // One pass over the range from where the last search stopped.
  IpAddress a = p.next;
  for (;;) {
    if (!p.leased.contains(a)) {
      p.leased.insert(a);
      p.next = a == p.range.last ? p.range.first : next_address(a);
      return a;
    }
    a = a == p.range.last ? p.range.first : next_address(a);
    if (a == p.next) return std::nullopt;
  }
}

void MemoryAddressPool::release(const std::string& pool, const IpAddress& address) {
  auto it = pools_.find(pool);
  if (it != pools_.end()) it->second.leased.erase(address);
}

size_t MemoryAddressPool::leases() const {
  size_t n = 0;
  for (const auto& [name, p] : pools_) n += p.leased.size();
  return n;
}

size_t MemoryAddressPool::leases(const std::string& pool) const {
  auto it = pools_.find(pool);
  return it == pools_.end() ? 0 : it->second.leased.size();
}

// --- RecordingInstaller

absl::StatusOr<uint32_t> RecordingInstaller::allocate_spi() { return next_spi_++; }

absl::Status RecordingInstaller::install(const ChildSaSpec& spec) {
  if (fail_next_) {
    fail_next_ = false;
    return absl::UnavailableError("install refused (test)");
  }
  installed_[spec.spi_in] = spec;
  return absl::OkStatus();
}

void RecordingInstaller::remove(uint32_t spi_in, uint32_t spi_out) {
  (void)spi_out;
  if (installed_.erase(spi_in)) ++removed_;
}

}  // namespace ikecore
