#include "credentials.h"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cstring>
#include <fstream>
#include <iterator>

#include "absl/strings/str_cat.h"

namespace headend {
namespace {

using ikecore::Certificate;

absl::StatusOr<std::string> read_file(const FileRef& f) {
  std::ifstream in(f.path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(f.origin, ": cannot read ", f.path));
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every certificate of a PEM file (a leaf and its intermediates, or several
// CAs), in file order; a DER file holds one.
absl::StatusOr<std::vector<std::unique_ptr<Certificate>>> read_certificates(const FileRef& f,
                                                                            ikecore::CryptoProvider& crypto) {
  absl::StatusOr<std::string> text = read_file(f);
  if (!text.ok()) return text.status();
  std::vector<std::unique_ptr<Certificate>> out;
  auto add = [&](ikecore::ByteView der) -> absl::Status {
    auto cert = crypto.parse_certificate(der);
    if (!cert.ok()) return absl::InvalidArgumentError(absl::StrCat(f.origin, ": ", f.path, ": ", cert.status().message()));
    out.push_back(*std::move(cert));
    return absl::OkStatus();
  };
  if (text->find("-----BEGIN") == std::string::npos) {
    // Not PEM: a single DER certificate.
    if (absl::Status s = add(ikecore::as_bytes(*text)); !s.ok()) return s;
    return out;
  }
  // Every PEM block must be a certificate that parses: a damaged one in the
  // middle would otherwise leave a shorter chain that peers cannot verify.
  bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(text->data(), static_cast<int>(text->size())));
  for (;;) {
    char* name = nullptr;
    char* header = nullptr;
    uint8_t* der = nullptr;
    long len = 0;
    if (!PEM_read_bio(bio.get(), &name, &header, &der, &len)) {
      uint32_t e = ERR_peek_last_error();
      ERR_clear_error();
      // The end of the file; anything else is a damaged block.
      if (ERR_GET_LIB(e) == ERR_LIB_PEM && ERR_GET_REASON(e) == PEM_R_NO_START_LINE && !out.empty()) return out;
      return absl::InvalidArgumentError(absl::StrCat(f.origin, ": ", f.path, ": PEM block ", out.size() + 1,
                                                     " is damaged"));
    }
    bssl::UniquePtr<char> owned_name(name), owned_header(header);
    bssl::UniquePtr<uint8_t> owned_der(der);
    if (std::strcmp(name, PEM_STRING_X509) != 0)
      return absl::InvalidArgumentError(
          absl::StrCat(f.origin, ": ", f.path, ": PEM block ", out.size() + 1, " is a ", name, ", not a CERTIFICATE"));
    if (absl::Status s = add(ikecore::ByteView(der, static_cast<size_t>(len))); !s.ok()) return s;
  }
}

absl::Status add_chain(const FileRef& cert, const FileRef& key, ikecore::CryptoProvider& crypto,
                       ikecore::MemoryCredentials& credentials) {
  auto certs = read_certificates(cert, crypto);
  if (!certs.ok()) return certs.status();
  absl::StatusOr<std::string> key_text = read_file(key);
  if (!key_text.ok()) return key_text.status();
  auto private_key = crypto.parse_private_key(ikecore::as_bytes(*key_text));
  if (!private_key.ok())
    return absl::InvalidArgumentError(absl::StrCat(key.origin, ": ", key.path, ": ", private_key.status().message()));
  // The key must be the leaf's: a signature made with it verifies with the
  // certificate (otherwise every IKE_AUTH would fail at the peer).
  ikecore::SignatureScheme scheme = (*certs)[0]->key_type() == ikecore::KeyType::kRsa
                                        ? ikecore::SignatureScheme::kRsaPkcs1Sha256
                                        : ikecore::SignatureScheme::kEcdsaSha256;
  const std::string probe = "ikecore-responder key check";
  auto signature = crypto.sign(**private_key, scheme, ikecore::as_bytes(probe)).take();
  if (!signature.ok() || !crypto.verify(*(*certs)[0], scheme, ikecore::as_bytes(probe), *signature).ok())
    return absl::InvalidArgumentError(
        absl::StrCat(key.origin, ": ", key.path, " is not the private key of ", cert.path));
  std::unique_ptr<Certificate> leaf = std::move(certs->front());
  certs->erase(certs->begin());
  credentials.add_chain(std::move(leaf), *std::move(certs), *std::move(private_key));
  return absl::OkStatus();
}

absl::Status add_anchors(const FileRef& file, ikecore::CryptoProvider& crypto,
                         ikecore::MemoryCredentials& credentials) {
  auto certs = read_certificates(file, crypto);
  if (!certs.ok()) return certs.status();
  for (auto& c : *certs) credentials.add_trust_anchor(std::move(c));
  return absl::OkStatus();
}

}  // namespace

absl::Status load_providers(const HeadendConfig& config, const std::optional<GeneratedPki>& generated,
                            ikecore::CryptoProvider& crypto, HeadendProviders& out) {
  for (const CertificateFiles& c : config.certificates)
    if (absl::Status s = add_chain(c.cert, c.key, crypto, out.credentials); !s.ok()) return s;
  for (const FileRef& f : config.trust_anchors)
    if (absl::Status s = add_anchors(f, crypto, out.credentials); !s.ok()) return s;
  if (generated) {
    std::string origin = config.generated_pki ? config.generated_pki->origin : "generated PKI";
    if (absl::Status s = add_chain(FileRef{generated->server_cert, origin}, FileRef{generated->server_key, origin},
                                   crypto, out.credentials);
        !s.ok())
      return s;
    if (absl::Status s = add_anchors(FileRef{generated->ca_cert, origin}, crypto, out.credentials); !s.ok()) return s;
  }
  for (const SharedKey& k : config.shared_keys) out.credentials.add_shared_key(k.remote, k.key);
  for (const EapUser& u : config.eap_users) out.users.add_user(u.name, u.password);
  for (const PoolRange& p : config.pools) out.pools.add_pool(p.name, p.range);
  return absl::OkStatus();
}

}  // namespace headend
