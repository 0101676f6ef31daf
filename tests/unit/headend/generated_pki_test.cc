// The demonstration PKI (examples/responder/generated_pki.h): files, modes,
// reuse, and that what it makes is a working CA + server certificate as
// ikecore's own BoringSSL provider sees it (path validation, the FQDN
// subjectAltName an IKEv2 peer matches IDr against, signatures).
#include <openssl/evp.h>
#include <openssl/nid.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <ctime>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "generated_pki.h"
#include "ikecore/crypto/boringssl.h"
#include "ikecore/crypto/identity.h"
#include "temp_dir.h"

using namespace ikecore;
using headend::ensure_generated_pki;
using headend::GeneratedPki;
using headend::test::read_text;
using headend::test::TempDir;

namespace {

constexpr int64_t kDay = 86400;

unsigned mode_of(const std::string& path) {
  struct stat st {};
  INFO(path);
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return static_cast<unsigned>(st.st_mode) & 07777u;
}

std::unique_ptr<Certificate> load_cert(CryptoProvider& crypto, const std::string& path) {
  std::string pem = read_text(path);
  auto c = crypto.parse_certificate(as_bytes(pem));
  INFO(path << ": " << c.status().ToString());
  REQUIRE(c.ok());
  return *std::move(c);
}

std::unique_ptr<PrivateKey> load_key(CryptoProvider& crypto, const std::string& path) {
  std::string pem = read_text(path);
  auto k = crypto.parse_private_key(as_bytes(pem));
  INFO(path << ": " << k.status().ToString());
  REQUIRE(k.ok());
  return *std::move(k);
}

absl::Status verify_at(CryptoProvider& crypto, const Certificate& leaf, const Certificate& anchor, int64_t when) {
  std::vector<const Certificate*> anchors = {&anchor};
  auto v = crypto.verify_chain(leaf, {}, anchors, {}, when);
  REQUIRE_FALSE(v.pending());
  absl::StatusOr<ChainVerified> r = v.take();
  if (r.ok()) CHECK(r->path_length == 2);
  return r.status();
}

bool matches_fqdn(const Certificate& cert, const std::string& name) {
  return certificate_matches_id(cert, IdType::kFqdn, as_bytes(name));
}

// The certificate as BoringSSL's X509, to read fields the provider does not expose.
bssl::UniquePtr<X509> x509_of(const Certificate& cert) {
  const uint8_t* p = cert.der().data();
  bssl::UniquePtr<X509> x(d2i_X509(nullptr, &p, static_cast<long>(cert.der().size())));
  REQUIRE(x);
  return x;
}

std::string common_name(X509* x) {
  char buf[256] = {};
  int n = X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, buf, sizeof buf);
  REQUIRE(n > 0);
  return std::string(buf, static_cast<size_t>(n));
}

int public_key_bits(X509* x) {
  bssl::UniquePtr<EVP_PKEY> key(X509_get_pubkey(x));
  REQUIRE(key);
  return EVP_PKEY_bits(key.get());
}

}  // namespace

TEST_CASE("a fresh state directory gets a CA and a server certificate and its key", "[headend][pki]") {
  TempDir tmp;
  const std::string dir = tmp.file("state");  // does not exist yet
  auto made = ensure_generated_pki(dir, {"vpn.ikecore.test", "alt.ikecore.test"});
  INFO(made.status().ToString());
  REQUIRE(made.ok());
  CHECK(made->created);
  CHECK(made->ca_cert == dir + "/ca.crt");
  CHECK(made->server_cert == dir + "/server.crt");
  CHECK(made->server_key == dir + "/server.key");

  // The directory holds the state of a VPN gateway: only its owner may look;
  // the private key is readable by its owner alone.
  CHECK(mode_of(dir) == 0700u);
  CHECK(mode_of(made->server_key) == 0600u);
  // Nothing else is left behind (no temporary files).
  std::set<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.insert(entry.path().filename().string());
  CHECK(names == std::set<std::string>{"ca.crt", "server.crt", "server.key"});

  // PEM: certificates, and the key as PKCS#8 ("PRIVATE KEY", RFC 7468 §10).
  CHECK(read_text(made->ca_cert).rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
  CHECK(read_text(made->server_cert).rfind("-----BEGIN CERTIFICATE-----", 0) == 0);
  CHECK(read_text(made->server_key).rfind("-----BEGIN PRIVATE KEY-----", 0) == 0);
}

TEST_CASE("the generated server certificate is valid for its names under the generated CA", "[headend][pki]") {
  TempDir tmp;
  auto made = ensure_generated_pki(tmp.file("state"), {"vpn.ikecore.test", "alt.ikecore.test"});
  REQUIRE(made.ok());
  BoringSslProvider crypto;
  auto ca = load_cert(crypto, made->ca_cert);
  auto server = load_cert(crypto, made->server_cert);
  const int64_t now = static_cast<int64_t>(std::time(nullptr));

  // RFC 5280 path validation, now and within the stated validity (from one
  // day ago, for ten years).
  CHECK(verify_at(crypto, *server, *ca, now).ok());
  CHECK(verify_at(crypto, *server, *ca, now - kDay + 3600).ok());
  CHECK(verify_at(crypto, *server, *ca, now + 3640 * kDay).ok());
  CHECK_FALSE(verify_at(crypto, *server, *ca, now - 2 * kDay).ok());
  CHECK_FALSE(verify_at(crypto, *server, *ca, now + 3660 * kDay).ok());
  // Not under another CA.
  auto other_ca = load_cert(crypto, headend::test::pki_path("root-ca.pem"));
  CHECK_FALSE(verify_at(crypto, *server, *other_ca, now).ok());
  // The CA is self-signed: its subject is the server certificate's issuer.
  CHECK(std::equal(ca->subject_der().begin(), ca->subject_der().end(), ca->issuer_der().begin(),
                   ca->issuer_der().end()));
  CHECK(std::equal(server->issuer_der().begin(), server->issuer_der().end(), ca->subject_der().begin(),
                   ca->subject_der().end()));

  // RFC 4945 §3.1 / RFC 7296 §3.5: an ID_FQDN IDr matches a dNSName.
  CHECK(server->dns_names() == std::vector<std::string>{"vpn.ikecore.test", "alt.ikecore.test"});
  CHECK(matches_fqdn(*server, "vpn.ikecore.test"));
  CHECK(matches_fqdn(*server, "alt.ikecore.test"));
  CHECK(matches_fqdn(*server, "VPN.ikecore.TEST"));
  CHECK_FALSE(matches_fqdn(*server, "other.ikecore.test"));
  CHECK_FALSE(matches_fqdn(*ca, "vpn.ikecore.test"));

  // What the header promises: the first name is the CN, RSA 2048 under an RSA
  // 3072 CA, signed with SHA-256, the CA marked as a CA and the server not.
  auto server_x = x509_of(*server);
  auto ca_x = x509_of(*ca);
  CHECK(common_name(server_x.get()) == "vpn.ikecore.test");
  CHECK(server->key_type() == KeyType::kRsa);
  CHECK(ca->key_type() == KeyType::kRsa);
  CHECK(public_key_bits(server_x.get()) == 2048);
  CHECK(public_key_bits(ca_x.get()) == 3072);
  CHECK(X509_get_signature_nid(server_x.get()) == NID_sha256WithRSAEncryption);
  CHECK(X509_get_signature_nid(ca_x.get()) == NID_sha256WithRSAEncryption);
  CHECK(X509_check_ca(ca_x.get()) != 0);
  CHECK(X509_check_ca(server_x.get()) == 0);
  // RFC 5280 §4.1.2.2: a positive serial number.
  bssl::UniquePtr<BIGNUM> serial(ASN1_INTEGER_to_BN(X509_get0_serialNumber(server_x.get()), nullptr));
  REQUIRE(serial);
  CHECK_FALSE(BN_is_negative(serial.get()));
  CHECK_FALSE(BN_is_zero(serial.get()));
}

TEST_CASE("the generated key signs for the generated certificate", "[headend][pki]") {
  TempDir tmp;
  auto made = ensure_generated_pki(tmp.file("state"), {"vpn.ikecore.test"});
  REQUIRE(made.ok());
  BoringSslProvider crypto;
  auto ca = load_cert(crypto, made->ca_cert);
  auto server = load_cert(crypto, made->server_cert);
  auto key = load_key(crypto, made->server_key);
  CHECK(key->type() == KeyType::kRsa);
  CHECK(key->bits() == 2048);

  const std::string data = "IKE_AUTH octets: RealMessage1 | Nr | prf(SK_pr, IDr')";
  for (SignatureScheme scheme : {SignatureScheme::kRsaPkcs1Sha256, SignatureScheme::kRsaPssSha256,
                                 SignatureScheme::kRsaPkcs1Sha384}) {
    INFO(static_cast<int>(scheme));
    auto signed_ = crypto.sign(*key, scheme, as_bytes(data));
    REQUIRE_FALSE(signed_.pending());
    absl::StatusOr<Bytes> signature = signed_.take();
    REQUIRE(signature.ok());
    CHECK(crypto.verify(*server, scheme, as_bytes(data), *signature).ok());
    CHECK_FALSE(crypto.verify(*ca, scheme, as_bytes(data), *signature).ok());
    CHECK_FALSE(crypto.verify(*server, scheme, as_bytes(data + "."), *signature).ok());
  }
}

TEST_CASE("a second start reuses the files", "[headend][pki]") {
  TempDir tmp;
  const std::string dir = tmp.file("state");
  auto first = ensure_generated_pki(dir, {"vpn.ikecore.test"});
  REQUIRE(first.ok());
  REQUIRE(first->created);
  const std::string ca = read_text(first->ca_cert);
  const std::string cert = read_text(first->server_cert);
  const std::string key = read_text(first->server_key);

  auto second = ensure_generated_pki(dir, {"vpn.ikecore.test"});
  REQUIRE(second.ok());
  CHECK_FALSE(second->created);
  CHECK(second->ca_cert == first->ca_cert);
  CHECK(second->server_cert == first->server_cert);
  CHECK(second->server_key == first->server_key);
  CHECK(read_text(second->ca_cert) == ca);
  CHECK(read_text(second->server_cert) == cert);
  CHECK(read_text(second->server_key) == key);
  CHECK(mode_of(second->server_key) == 0600u);

  // Files that are all there are reused even with no name to give.
  auto third = ensure_generated_pki(dir, {});
  REQUIRE(third.ok());
  CHECK_FALSE(third->created);
  CHECK(read_text(third->server_cert) == cert);
}

TEST_CASE("an incomplete state directory is made again", "[headend][pki]") {
  TempDir tmp;
  const std::string dir = tmp.file("state");
  auto first = ensure_generated_pki(dir, {"vpn.ikecore.test"});
  REQUIRE(first.ok());
  const std::string ca = read_text(first->ca_cert);
  REQUIRE(std::filesystem::remove(first->server_key));

  auto again = ensure_generated_pki(dir, {"vpn.ikecore.test"});
  REQUIRE(again.ok());
  CHECK(again->created);
  CHECK(read_text(again->ca_cert) != ca);  // a new CA: the old one's key is gone
  BoringSslProvider crypto;
  auto new_ca = load_cert(crypto, again->ca_cert);
  auto server = load_cert(crypto, again->server_cert);
  CHECK(verify_at(crypto, *server, *new_ca, static_cast<int64_t>(std::time(nullptr))).ok());
}

TEST_CASE("generated PKI errors", "[headend][pki]") {
  TempDir tmp;
  // Nothing there and no name to put in the certificate.
  auto none = ensure_generated_pki(tmp.file("state"), {});
  REQUIRE_FALSE(none.ok());
  CHECK(none.status().code() == absl::StatusCode::kInvalidArgument);
  CHECK_FALSE(std::filesystem::exists(tmp.file("state")));

  // A directory that cannot be made (its parent does not exist).
  auto orphan = ensure_generated_pki(tmp.file("missing/state"), {"vpn.ikecore.test"});
  REQUIRE_FALSE(orphan.ok());
  CHECK(std::string(orphan.status().message()).find(tmp.file("missing/state")) != std::string::npos);
}
