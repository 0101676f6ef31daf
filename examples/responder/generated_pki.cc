#include "generated_pki.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace headend {
namespace {

absl::Status ssl_error(const std::string& what) {
  return absl::InternalError(absl::StrCat("generated PKI: ", what, " failed"));
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

absl::StatusOr<bssl::UniquePtr<EVP_PKEY>> rsa_key(unsigned bits) {
  bssl::UniquePtr<RSA> rsa(RSA_new());
  bssl::UniquePtr<BIGNUM> e(BN_new());
  if (!rsa || !e || !BN_set_word(e.get(), RSA_F4) || !RSA_generate_key_ex(rsa.get(), static_cast<int>(bits), e.get(), nullptr))
    return ssl_error("RSA key generation");
  bssl::UniquePtr<EVP_PKEY> key(EVP_PKEY_new());
  if (!key || !EVP_PKEY_assign_RSA(key.get(), rsa.release())) return ssl_error("EVP_PKEY_assign_RSA");
  return key;
}

// A certificate for `subject_key` named CN=`common_name`, signed by
// `issuer_key` (whose certificate is `issuer`, or none: self-signed).
// `extensions` are (NID, value in OpenSSL's configuration syntax).
absl::StatusOr<bssl::UniquePtr<X509>> make_certificate(const std::string& common_name, EVP_PKEY* subject_key,
                                                       X509* issuer, EVP_PKEY* issuer_key,
                                                       const std::vector<std::pair<int, std::string>>& extensions) {
  bssl::UniquePtr<X509> cert(X509_new());
  if (!cert || !X509_set_version(cert.get(), X509_VERSION_3)) return ssl_error("X509_new");

  // A random positive 127-bit serial (RFC 5280 §4.1.2.2: at most 20 octets).
  bssl::UniquePtr<BIGNUM> serial(BN_new());
  if (!serial || !BN_rand(serial.get(), 127, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) ||
      !BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(cert.get())))
    return ssl_error("serial number");

  constexpr long kDay = 24 * 3600;
  if (!X509_gmtime_adj(X509_getm_notBefore(cert.get()), -kDay) ||
      !X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3650 * kDay))
    return ssl_error("validity");

  X509_NAME* name = X509_get_subject_name(cert.get());
  if (!X509_NAME_add_entry_by_txt(name, "O", MBSTRING_UTF8, reinterpret_cast<const uint8_t*>("ikecore demo"), -1, -1, 0) ||
      !X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8,
                                  reinterpret_cast<const uint8_t*>(common_name.c_str()), -1, -1, 0))
    return ssl_error("subject name");
  if (!X509_set_issuer_name(cert.get(), issuer ? X509_get_subject_name(issuer) : name) ||
      !X509_set_pubkey(cert.get(), subject_key))
    return ssl_error("issuer name / public key");

  X509V3_CTX ctx;
  X509V3_set_ctx(&ctx, issuer ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);
  for (const auto& [nid, value] : extensions) {
    bssl::UniquePtr<X509_EXTENSION> ext(X509V3_EXT_nconf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext || !X509_add_ext(cert.get(), ext.get(), -1)) return ssl_error(absl::StrCat("extension ", OBJ_nid2sn(nid)));
  }
  if (!X509_sign(cert.get(), issuer_key, EVP_sha256())) return ssl_error("X509_sign");
  return cert;
}

// Writes `pem` to `path` through a temporary file, so a crash never leaves a
// half-written credential behind.
absl::Status write_file(const std::string& path, const std::string& pem, mode_t mode) {
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return absl::InternalError(absl::StrCat(tmp, ": ", std::strerror(errno)));
  size_t done = 0;
  while (done < pem.size()) {
    ssize_t n = ::write(fd, pem.data() + done, pem.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      return absl::InternalError(absl::StrCat(tmp, ": ", std::strerror(errno)));
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0 || ::rename(tmp.c_str(), path.c_str()) != 0)
    return absl::InternalError(absl::StrCat(path, ": ", std::strerror(errno)));
  return absl::OkStatus();
}

template <class Write>
absl::StatusOr<std::string> to_pem(Write write) {
  bssl::UniquePtr<BIO> bio(BIO_new(BIO_s_mem()));
  if (!bio || !write(bio.get())) return ssl_error("PEM encoding");
  const uint8_t* data = nullptr;
  size_t len = 0;
  if (!BIO_mem_contents(bio.get(), &data, &len)) return ssl_error("PEM encoding");
  return std::string(reinterpret_cast<const char*>(data), len);
}

}  // namespace

absl::StatusOr<GeneratedPki> ensure_generated_pki(const std::string& dir, const std::vector<std::string>& dns_names) {
  GeneratedPki out{dir + "/ca.crt", dir + "/server.crt", dir + "/server.key", false};
  if (exists(out.ca_cert) && exists(out.server_cert) && exists(out.server_key)) return out;
  if (dns_names.empty()) return absl::InvalidArgumentError("generated PKI: no server name");
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST)
    return absl::InternalError(absl::StrCat(dir, ": ", std::strerror(errno)));

  auto ca_key = rsa_key(3072);
  if (!ca_key.ok()) return ca_key.status();
  auto ca = make_certificate("ikecore demo CA", ca_key->get(), nullptr, ca_key->get(),
                             {{NID_basic_constraints, "critical,CA:TRUE"},
                              {NID_key_usage, "critical,keyCertSign,cRLSign"},
                              {NID_subject_key_identifier, "hash"}});
  if (!ca.ok()) return ca.status();

  auto server_key = rsa_key(2048);
  if (!server_key.ok()) return server_key.status();
  std::vector<std::string> san;
  for (const std::string& n : dns_names) san.push_back("DNS:" + n);
  // serverAuth and ikeIntermediate (RFC 4945 §5.1.3.12): what Windows and
  // macOS clients look for; strongSwan accepts either.
  auto server = make_certificate(dns_names.front(), server_key->get(), ca->get(), ca_key->get(),
                                 {{NID_basic_constraints, "critical,CA:FALSE"},
                                  {NID_key_usage, "critical,digitalSignature,keyEncipherment"},
                                  {NID_ext_key_usage, "serverAuth,1.3.6.1.5.5.8.2.2"},
                                  {NID_subject_alt_name, absl::StrJoin(san, ",")},
                                  {NID_subject_key_identifier, "hash"},
                                  {NID_authority_key_identifier, "keyid:always"}});
  if (!server.ok()) return server.status();

  auto ca_pem = to_pem([&](BIO* b) { return PEM_write_bio_X509(b, ca->get()); });
  auto server_pem = to_pem([&](BIO* b) { return PEM_write_bio_X509(b, server->get()); });
  auto key_pem = to_pem([&](BIO* b) {
    return PEM_write_bio_PKCS8PrivateKey(b, server_key->get(), nullptr, nullptr, 0, nullptr, nullptr);
  });
  for (const auto* s : {&ca_pem, &server_pem, &key_pem})
    if (!s->ok()) return s->status();
  // The key first: a directory with certificates but no key is never "complete".
  if (absl::Status s = write_file(out.server_key, *key_pem, 0600); !s.ok()) return s;
  if (absl::Status s = write_file(out.server_cert, *server_pem, 0644); !s.ok()) return s;
  if (absl::Status s = write_file(out.ca_cert, *ca_pem, 0644); !s.ok()) return s;
  out.created = true;
  return out;
}

}  // namespace headend
