#include "ikecore/crypto/identity.h"

#include <algorithm>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace ikecore {
namespace {

constexpr size_t kSha1Size = 20;

absl::string_view as_text(ByteView data) {
  return absl::string_view(reinterpret_cast<const char*>(data.data()), data.size());
}

bool any_equal_ignore_case(const std::vector<std::string>& names, absl::string_view id) {
  return std::any_of(names.begin(), names.end(),
                     [id](const std::string& name) { return absl::EqualsIgnoreCase(name, id); });
}

bool any_ip_equal(const std::vector<Bytes>& addresses, ByteView id) {
  return std::any_of(addresses.begin(), addresses.end(), [id](const Bytes& address) {
    return std::equal(address.begin(), address.end(), id.begin(), id.end());
  });
}

// Whether `hash` is one of the 20-byte hashes in `requested`.
bool requested(absl::Span<const ByteView> requested_hashes, const Bytes& hash) {
  if (hash.size() != kSha1Size) return false;
  for (ByteView field : requested_hashes) {
    for (size_t at = 0; at + kSha1Size <= field.size(); at += kSha1Size) {
      ByteView one = field.subspan(at, kSha1Size);
      if (std::equal(one.begin(), one.end(), hash.begin(), hash.end())) return true;
    }
  }
  return false;
}

bool self_issued(const Certificate& cert) {
  ByteView subject = cert.subject_der();
  ByteView issuer = cert.issuer_der();
  return std::equal(subject.begin(), subject.end(), issuer.begin(), issuer.end());
}

}  // namespace

bool certificate_matches_id(const Certificate& cert, IdType type, ByteView id_data) {
  if (id_data.empty()) return false;
  switch (type) {
    case IdType::kFqdn:
      return any_equal_ignore_case(cert.dns_names(), as_text(id_data));
    case IdType::kRfc822Addr:
      return any_equal_ignore_case(cert.emails(), as_text(id_data));
    case IdType::kIpv4Addr:
      return id_data.size() == 4 && any_ip_equal(cert.ip_addresses(), id_data);
    case IdType::kIpv6Addr:
      return id_data.size() == 16 && any_ip_equal(cert.ip_addresses(), id_data);
    case IdType::kDerAsn1Dn: {
      ByteView subject = cert.subject_der();
      return std::equal(subject.begin(), subject.end(), id_data.begin(), id_data.end());
    }
    default:
      return false;
  }
}

const CertificateChain* choose_certificate(absl::Span<const CertificateChain> ours,
                                           absl::Span<const ByteView> requested_ca_hashes) {
  if (ours.empty()) return nullptr;
  if (!requested_ca_hashes.empty()) {
    for (const CertificateChain& chain : ours) {
      if (chain.leaf != nullptr && self_issued(*chain.leaf) &&
          requested(requested_ca_hashes, chain.leaf->spki_sha1())) {
        return &chain;
      }
      for (const Certificate* issuer : chain.issuers) {
        if (issuer != nullptr && requested(requested_ca_hashes, issuer->spki_sha1())) return &chain;
      }
    }
  }
  return &ours.front();
}

}  // namespace ikecore
