// Certificates, keys, signatures and path validation on BoringSSL, against
// the test PKI in tests/vectors/crypto/pki/ (made once by make-pki.sh with
// the openssl CLI; every expected value here comes from openssl, not from
// ikecore).
#include "crypto/boringssl/x509.h"

#include <openssl/err.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "vector_file.h"

using namespace ikecore;
namespace bs = ikecore::boringssl;

namespace {

// Fixed verification times (UTC).
constexpr int64_t k2024Jun01 = 1717200000;  // before every notBefore
constexpr int64_t k2025Jun01 = 1748736000;  // expired.pem still valid
constexpr int64_t k2030Jan01 = 1893456000;  // all valid but expired.pem
constexpr int64_t k2046Jan01 = 2398377600;  // after every notAfter

using test::pki_file;
std::string pki(const std::string& name) { return test::pki_path(name); }
Bytes file(const std::string& name) { return pki_file(name); }

Bytes hex_file(const std::string& name) {
  Bytes out;
  INFO(name);
  REQUIRE(read_hex_file(pki(name), out));
  return out;
}

std::unique_ptr<Certificate> cert(const std::string& name) {
  auto c = bs::parse_certificate(file(name));
  INFO(name << ": " << c.status().ToString());
  REQUIRE(c.ok());
  return std::move(*c);
}

std::unique_ptr<PrivateKey> key(const std::string& name) {
  auto k = bs::parse_private_key(file(name));
  INFO(name << ": " << k.status().ToString());
  REQUIRE(k.ok());
  return std::move(*k);
}

bool same(ByteView a, ByteView b) { return std::equal(a.begin(), a.end(), b.begin(), b.end()); }

// A Certificate that is not the provider's own class: only its DER is
// usable by the BoringSSL code, which must re-parse it.
class ForeignCertificate final : public Certificate {
 public:
  explicit ForeignCertificate(const Certificate& inner) : inner_(inner) {}
  ByteView der() const override { return inner_.der(); }
  ByteView subject_der() const override { return inner_.subject_der(); }
  ByteView issuer_der() const override { return inner_.issuer_der(); }
  KeyType key_type() const override { return inner_.key_type(); }
  Bytes spki_sha1() const override { return inner_.spki_sha1(); }
  std::vector<std::string> dns_names() const override { return inner_.dns_names(); }
  std::vector<std::string> emails() const override { return inner_.emails(); }
  std::vector<Bytes> ip_addresses() const override { return inner_.ip_addresses(); }

 private:
  const Certificate& inner_;
};

const std::vector<std::string> kAllCerts = {"root-ca",    "inter-ca", "rsa-server", "ec256-server",
                                            "ec384-leaf", "ec521-leaf", "client",   "expired",
                                            "revoked",    "untrusted-ca", "untrusted-leaf"};

const std::vector<SignatureScheme> kAllSchemes = {
    SignatureScheme::kRsaPkcs1Sha1,   SignatureScheme::kRsaPkcs1Sha256, SignatureScheme::kRsaPkcs1Sha384,
    SignatureScheme::kRsaPkcs1Sha512, SignatureScheme::kRsaPssSha256,   SignatureScheme::kRsaPssSha384,
    SignatureScheme::kRsaPssSha512,   SignatureScheme::kEcdsaSha1,      SignatureScheme::kEcdsaSha256,
    SignatureScheme::kEcdsaSha384,    SignatureScheme::kEcdsaSha512};

bool is_ecdsa(SignatureScheme s) {
  return s == SignatureScheme::kEcdsaSha1 || s == SignatureScheme::kEcdsaSha256 ||
         s == SignatureScheme::kEcdsaSha384 || s == SignatureScheme::kEcdsaSha512;
}

}  // namespace

TEST_CASE("certificates parse from DER and PEM", "[crypto][x509]") {
  for (const char* name : {"rsa-server", "ec256-server"}) {
    INFO(name);
    Bytes der = file(std::string(name) + ".der");
    auto from_der = cert(std::string(name) + ".der");
    auto from_pem = cert(std::string(name) + ".pem");
    CHECK(same(from_der->der(), der));
    CHECK(same(from_pem->der(), der));
    CHECK(same(from_pem->subject_der(), from_der->subject_der()));
    CHECK(from_pem->spki_sha1() == from_der->spki_sha1());
  }
  CHECK(cert("root-ca.pem")->key_type() == KeyType::kRsa);
  CHECK(cert("inter-ca.pem")->key_type() == KeyType::kEcdsaP256);
  CHECK(cert("rsa-server.pem")->key_type() == KeyType::kRsa);
  CHECK(cert("ec256-server.pem")->key_type() == KeyType::kEcdsaP256);
  CHECK(cert("ec384-leaf.pem")->key_type() == KeyType::kEcdsaP384);
  CHECK(cert("ec521-leaf.pem")->key_type() == KeyType::kEcdsaP521);
  CHECK(cert("client.pem")->key_type() == KeyType::kEcdsaP256);

  // A PEM file with text before the block (openssl x509 -text style).
  std::string text = "Subject: C=US, O=ikecore test, CN=vpn.example.com\n";
  Bytes pem = file("rsa-server.pem");
  Bytes with_text(text.begin(), text.end());
  with_text.insert(with_text.end(), pem.begin(), pem.end());
  auto c = bs::parse_certificate(with_text);
  REQUIRE(c.ok());
  CHECK(same((*c)->der(), file("rsa-server.der")));
}

TEST_CASE("subject and issuer DER are the Names openssl cut out of the certificate", "[crypto][x509]") {
  for (const std::string& name : kAllCerts) {
    INFO(name);
    auto c = cert(name + ".pem");
    CHECK(same(c->subject_der(), file("expected/" + name + ".subject.der")));
    CHECK(same(c->issuer_der(), file("expected/" + name + ".issuer.der")));
  }
  // The chain as the names say: leaves under the intermediate, the
  // intermediate under the root, the root self-issued.
  CHECK(same(cert("rsa-server.pem")->issuer_der(), cert("inter-ca.pem")->subject_der()));
  CHECK(same(cert("inter-ca.pem")->issuer_der(), cert("root-ca.pem")->subject_der()));
  CHECK(same(cert("root-ca.pem")->issuer_der(), cert("root-ca.pem")->subject_der()));
}

TEST_CASE("spki_sha1 is SHA-1 of the DER SubjectPublicKeyInfo, as openssl computes it", "[crypto][x509]") {
  for (const std::string& name : kAllCerts) {
    INFO(name);
    Bytes expected = hex_file("expected/" + name + ".spki-sha1.hex");
    REQUIRE(expected.size() == 20);
    CHECK(to_hex(cert(name + ".pem")->spki_sha1()) == to_hex(expected));
  }
}

TEST_CASE("subjectAltName dNSName, rfc822Name and iPAddress", "[crypto][x509]") {
  auto rsa = cert("rsa-server.pem");
  CHECK(rsa->dns_names() == std::vector<std::string>{"vpn.example.com"});
  CHECK(rsa->emails().empty());
  CHECK(rsa->ip_addresses() == std::vector<Bytes>{Bytes{10, 77, 0, 1}});

  auto ec = cert("ec256-server.pem");
  CHECK(ec->dns_names() == std::vector<std::string>{"gw.example.com", "GW2.Example.Net"});
  CHECK(ec->ip_addresses().empty());

  auto p384 = cert("ec384-leaf.pem");
  CHECK(p384->dns_names() == std::vector<std::string>{"p384.example.com"});
  CHECK(p384->ip_addresses() ==
        std::vector<Bytes>{Bytes{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}});

  auto client = cert("client.pem");
  CHECK(client->emails() == std::vector<std::string>{"Alice@example.com"});
  CHECK(client->dns_names().empty());

  auto root = cert("root-ca.pem");
  CHECK(root->dns_names().empty());
  CHECK(root->emails().empty());
  CHECK(root->ip_addresses().empty());
}

TEST_CASE("malformed certificates give a clean error", "[crypto][x509]") {
  Bytes der = file("rsa-server.der");
  std::vector<std::pair<std::string, Bytes>> bad = {
      {"empty", Bytes()},
      {"truncated by one byte", Bytes(der.begin(), der.end() - 1)},
      {"first half", Bytes(der.begin(), der.begin() + static_cast<long>(der.size() / 2))},
      {"just a SEQUENCE header", Bytes{0x30, 0x82}},
      {"trailing byte", [&] {
         Bytes b = der;
         b.push_back(0);
         return b;
       }()},
      {"garbage PEM", [] {
         std::string s = "-----BEGIN CERTIFICATE-----\n!!!! not base64 ????\n-----END CERTIFICATE-----\n";
         return Bytes(s.begin(), s.end());
       }()},
      {"PEM of valid base64 that is not a certificate", [] {
         std::string s = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
         return Bytes(s.begin(), s.end());
       }()},
      {"plain text", [] {
         std::string s = "hello";
         return Bytes(s.begin(), s.end());
       }()},
      {"a private key", file("ec256-server.key.pem")},
      {"a CRL", file("inter-ca.crl")},
  };
  // A corrupted length inside the certificate.
  Bytes corrupted = der;
  corrupted[5] ^= 0x40;
  bad.emplace_back("corrupted inner length", corrupted);

  for (const auto& [what, input] : bad) {
    INFO(what);
    auto c = bs::parse_certificate(input);
    REQUIRE_FALSE(c.ok());
    CHECK(c.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(c.status().message().find("certificate") != absl::string_view::npos);
    CHECK(ERR_peek_error() == 0);  // nothing left on BoringSSL's error queue
  }
}

TEST_CASE("private keys: PKCS#8 and traditional, DER and PEM", "[crypto][x509]") {
  struct Case {
    const char* file;
    KeyType type;
    size_t bits;
  };
  for (const Case& c : {Case{"rsa-server.key.pem", KeyType::kRsa, 2048},
                        Case{"rsa-server.key.der", KeyType::kRsa, 2048},
                        Case{"rsa-server.rsa.pem", KeyType::kRsa, 2048},
                        Case{"rsa-server.rsa.der", KeyType::kRsa, 2048},
                        Case{"ec256-server.key.pem", KeyType::kEcdsaP256, 256},
                        Case{"ec256-server.ec.pem", KeyType::kEcdsaP256, 256},
                        Case{"ec256-server.ec.der", KeyType::kEcdsaP256, 256},
                        Case{"ec384-leaf.key.pem", KeyType::kEcdsaP384, 384},
                        Case{"ec521-leaf.key.pem", KeyType::kEcdsaP521, 521},
                        Case{"client.key.pem", KeyType::kEcdsaP256, 256}}) {
    INFO(c.file);
    auto k = key(c.file);
    CHECK(k->type() == c.type);
    CHECK(k->bits() == c.bits);
  }
  // Every format holds the key of its certificate.
  Bytes msg = file("message.txt");
  for (const char* f : {"rsa-server.key.pem", "rsa-server.key.der", "rsa-server.rsa.pem", "rsa-server.rsa.der"}) {
    INFO(f);
    auto sig = bs::sign(*key(f), SignatureScheme::kRsaPkcs1Sha256, msg);
    REQUIRE(sig.ok());
    CHECK(bs::verify(*cert("rsa-server.pem"), SignatureScheme::kRsaPkcs1Sha256, msg, *sig).ok());
  }
  for (const char* f : {"ec256-server.key.pem", "ec256-server.ec.pem", "ec256-server.ec.der"}) {
    INFO(f);
    auto sig = bs::sign(*key(f), SignatureScheme::kEcdsaSha256, msg);
    REQUIRE(sig.ok());
    CHECK(bs::verify(*cert("ec256-server.pem"), SignatureScheme::kEcdsaSha256, msg, *sig).ok());
  }
}

TEST_CASE("malformed private keys give a clean error", "[crypto][x509]") {
  Bytes der = file("rsa-server.key.der");
  Bytes ec_der = file("ec256-server.ec.der");
  std::string garbage_pem = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
  std::string encrypted_pem =
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAMCAQE=\n-----END ENCRYPTED PRIVATE KEY-----\n";
  std::vector<std::pair<std::string, Bytes>> bad = {
      {"empty", Bytes()},
      {"truncated PKCS#8", Bytes(der.begin(), der.end() - 1)},
      {"truncated SEC1", Bytes(ec_der.begin(), ec_der.begin() + 20)},
      {"trailing byte", [&] {
         Bytes b = der;
         b.push_back(0);
         return b;
       }()},
      {"garbage PEM", Bytes(garbage_pem.begin(), garbage_pem.end())},
      {"encrypted PEM", Bytes(encrypted_pem.begin(), encrypted_pem.end())},
      {"a certificate", file("rsa-server.pem")},
      {"a DER certificate", file("rsa-server.der")},
  };
  for (const auto& [what, input] : bad) {
    INFO(what);
    auto k = bs::parse_private_key(input);
    REQUIRE_FALSE(k.ok());
    CHECK(k.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(ERR_peek_error() == 0);
  }
}

TEST_CASE("path validation with X509_STORE", "[crypto][x509]") {
  auto root = cert("root-ca.pem");
  auto inter = cert("inter-ca.pem");
  auto untrusted_ca = cert("untrusted-ca.pem");
  const Certificate* roots[] = {root.get()};
  const Certificate* inters[] = {inter.get()};
  Bytes crl_der = file("inter-ca.crl");
  Bytes crl_pem = file("inter-ca.crl.pem");
  ByteView crl[] = {crl_der};
  ByteView crl_as_pem[] = {crl_pem};

  SECTION("good chains: leaf + intermediate up to the root") {
    for (const char* name : {"rsa-server.pem", "ec256-server.pem", "ec384-leaf.pem", "ec521-leaf.pem", "client.pem",
                             "revoked.pem", "rsa-server.der"}) {
      INFO(name);
      auto leaf = cert(name);
      auto v = bs::verify_chain(*leaf, inters, roots, {}, k2030Jan01);
      INFO(v.status().ToString());
      REQUIRE(v.ok());
      CHECK(v->path_length == 3);
    }
  }
  SECTION("extra and foreign certificates") {
    auto leaf = cert("ec256-server.pem");
    // An unrelated extra intermediate and anchor change nothing.
    const Certificate* more_inters[] = {untrusted_ca.get(), inter.get()};
    const Certificate* more_roots[] = {untrusted_ca.get(), root.get()};
    auto v = bs::verify_chain(*leaf, more_inters, more_roots, {}, k2030Jan01);
    REQUIRE(v.ok());
    CHECK(v->path_length == 3);
    // Certificates of another Certificate implementation are re-parsed.
    ForeignCertificate f_leaf(*leaf), f_inter(*inter), f_root(*root);
    const Certificate* f_inters[] = {&f_inter};
    const Certificate* f_roots[] = {&f_root};
    v = bs::verify_chain(f_leaf, f_inters, f_roots, {}, k2030Jan01);
    REQUIRE(v.ok());
    CHECK(v->path_length == 3);
  }
  SECTION("an intermediate can be the trust anchor") {
    auto leaf = cert("rsa-server.pem");
    auto v = bs::verify_chain(*leaf, {}, inters, {}, k2030Jan01);
    REQUIRE(v.ok());
    CHECK(v->path_length == 2);
  }
  SECTION("a missing intermediate fails") {
    auto leaf = cert("rsa-server.pem");
    auto v = bs::verify_chain(*leaf, {}, roots, {}, k2030Jan01);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().code() == absl::StatusCode::kUnauthenticated);
    CHECK(v.status().message().find("unable to get local issuer certificate") != absl::string_view::npos);
  }
  SECTION("no anchors fails") {
    auto leaf = cert("rsa-server.pem");
    auto v = bs::verify_chain(*leaf, inters, {}, {}, k2030Jan01);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().code() == absl::StatusCode::kUnauthenticated);
  }
  SECTION("an untrusted root fails") {
    auto leaf = cert("untrusted-leaf.pem");
    const Certificate* its_ca[] = {untrusted_ca.get()};
    auto v = bs::verify_chain(*leaf, its_ca, roots, {}, k2030Jan01);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().code() == absl::StatusCode::kUnauthenticated);
    CHECK(v.status().message().find("self signed certificate in certificate chain") != absl::string_view::npos);
    v = bs::verify_chain(*leaf, {}, roots, {}, k2030Jan01);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().message().find("unable to get local issuer certificate") != absl::string_view::npos);
    // ... and passes when that root is trusted.
    v = bs::verify_chain(*leaf, {}, its_ca, {}, k2030Jan01);
    REQUIRE(v.ok());
    CHECK(v->path_length == 2);
  }
  SECTION("expiry and not-yet-valid, at fixed times") {
    auto expired = cert("expired.pem");
    auto v = bs::verify_chain(*expired, inters, roots, {}, k2025Jun01);
    INFO(v.status().ToString());
    REQUIRE(v.ok());
    CHECK(v->path_length == 3);
    v = bs::verify_chain(*expired, inters, roots, {}, k2030Jan01);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().code() == absl::StatusCode::kUnauthenticated);
    CHECK(v.status().message().find("certificate has expired") != absl::string_view::npos);
    CHECK(v.status().message().find("depth 0") != absl::string_view::npos);

    auto leaf = cert("rsa-server.pem");
    v = bs::verify_chain(*leaf, inters, roots, {}, k2024Jun01);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().message().find("certificate is not yet valid") != absl::string_view::npos);
    v = bs::verify_chain(*leaf, inters, roots, {}, k2046Jan01);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().message().find("certificate has expired") != absl::string_view::npos);
  }
  SECTION("a revoked leaf fails only when the CRL is given") {
    auto revoked = cert("revoked.pem");
    CHECK(bs::verify_chain(*revoked, inters, roots, {}, k2030Jan01).ok());
    auto v = bs::verify_chain(*revoked, inters, roots, crl, k2030Jan01);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().code() == absl::StatusCode::kUnauthenticated);
    CHECK(v.status().message().find("certificate revoked") != absl::string_view::npos);
    v = bs::verify_chain(*revoked, inters, roots, crl_as_pem, k2030Jan01);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().message().find("certificate revoked") != absl::string_view::npos);

    // Leaves the CRL does not list pass with it.
    for (const char* name : {"rsa-server.pem", "ec256-server.pem", "client.pem"}) {
      INFO(name);
      auto ok = bs::verify_chain(*cert(name), inters, roots, crl, k2030Jan01);
      INFO(ok.status().ToString());
      REQUIRE(ok.ok());
      CHECK(ok->path_length == 3);
    }
  }
  SECTION("a malformed CRL is an argument error") {
    auto leaf = cert("rsa-server.pem");
    Bytes truncated(crl_der.begin(), crl_der.end() - 3);
    Bytes empty;
    ByteView bad1[] = {truncated};
    ByteView bad2[] = {empty};
    Bytes a_certificate = file("rsa-server.der");
    ByteView bad3[] = {crl_der, a_certificate};
    auto v = bs::verify_chain(*leaf, inters, roots, bad1, k2030Jan01);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().code() == absl::StatusCode::kInvalidArgument);
    v = bs::verify_chain(*leaf, inters, roots, bad2, k2030Jan01);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().code() == absl::StatusCode::kInvalidArgument);
    v = bs::verify_chain(*leaf, inters, roots, bad3, k2030Jan01);
    REQUIRE_FALSE(v.ok());
    CHECK(v.status().code() == absl::StatusCode::kInvalidArgument);
    CHECK(v.status().message().find("CRL 1") != absl::string_view::npos);
  }
  CHECK(ERR_peek_error() == 0);
}

TEST_CASE("sign and verify round trip for every scheme and key type", "[crypto][x509]") {
  Bytes msg = file("message.txt");
  Bytes other = msg;
  other.back() ^= 1;
  struct Pair {
    const char* key;
    const char* cert;
    KeyType type;
  };
  for (const Pair& p : {Pair{"rsa-server.key.pem", "rsa-server.pem", KeyType::kRsa},
                        Pair{"ec256-server.key.pem", "ec256-server.pem", KeyType::kEcdsaP256},
                        Pair{"ec384-leaf.key.pem", "ec384-leaf.pem", KeyType::kEcdsaP384},
                        Pair{"ec521-leaf.key.pem", "ec521-leaf.pem", KeyType::kEcdsaP521}}) {
    auto k = key(p.key);
    auto c = cert(p.cert);
    for (SignatureScheme scheme : kAllSchemes) {
      INFO(p.key << " scheme " << static_cast<int>(scheme));
      bool fits = is_ecdsa(scheme) ? p.type != KeyType::kRsa : p.type == KeyType::kRsa;
      CHECK(bs::scheme_fits(scheme, p.type) == fits);
      auto sig = bs::sign(*k, scheme, msg);
      if (!fits) {
        REQUIRE_FALSE(sig.ok());
        CHECK(sig.status().code() == absl::StatusCode::kInvalidArgument);
        CHECK(bs::verify(*c, scheme, msg, Bytes(64, 1)).code() == absl::StatusCode::kInvalidArgument);
        continue;
      }
      INFO(sig.status().ToString());
      REQUIRE(sig.ok());
      if (p.type == KeyType::kRsa) CHECK(sig->size() == 256);
      CHECK(bs::verify(*c, scheme, msg, *sig).ok());
      // The certificate need not be the provider's own object.
      CHECK(bs::verify(ForeignCertificate(*c), scheme, msg, *sig).ok());

      // Wrong data, a damaged signature, an empty or truncated one.
      CHECK(bs::verify(*c, scheme, other, *sig).code() == absl::StatusCode::kUnauthenticated);
      Bytes damaged = *sig;
      damaged[damaged.size() / 2] ^= 0x01;
      CHECK(bs::verify(*c, scheme, msg, damaged).code() == absl::StatusCode::kUnauthenticated);
      CHECK(bs::verify(*c, scheme, msg, {}).code() == absl::StatusCode::kUnauthenticated);
      CHECK(bs::verify(*c, scheme, msg, ByteView(*sig).first(sig->size() - 1)).code() ==
            absl::StatusCode::kUnauthenticated);
      // Another scheme of the same key type does not accept it.
      for (SignatureScheme wrong : kAllSchemes) {
        if (wrong == scheme || !bs::scheme_fits(wrong, p.type)) continue;
        INFO("verified as " << static_cast<int>(wrong));
        CHECK(bs::verify(*c, wrong, msg, *sig).code() == absl::StatusCode::kUnauthenticated);
      }
      // Another key does not accept it.
      auto stranger = cert(p.type == KeyType::kRsa ? "root-ca.pem" : "client.pem");
      CHECK(bs::verify(*stranger, scheme, msg, *sig).code() == absl::StatusCode::kUnauthenticated);

      if (is_ecdsa(scheme)) {
        // r || s is not what verify() takes (RFC 7427 carries DER).
        auto raw = bs::ecdsa_der_to_raw(*sig, p.type);
        REQUIRE(raw.ok());
        CHECK(bs::verify(*c, scheme, msg, *raw).code() == absl::StatusCode::kUnauthenticated);
      }
    }
  }
  CHECK(ERR_peek_error() == 0);
}

TEST_CASE("RSA-PSS and ECDSA signatures are randomized; PKCS#1 v1.5 is not", "[crypto][x509]") {
  Bytes msg = file("message.txt");
  auto rsa = key("rsa-server.key.pem");
  auto ec = key("ec256-server.key.pem");
  CHECK(*bs::sign(*rsa, SignatureScheme::kRsaPkcs1Sha256, msg) == *bs::sign(*rsa, SignatureScheme::kRsaPkcs1Sha256, msg));
  CHECK(*bs::sign(*rsa, SignatureScheme::kRsaPssSha256, msg) != *bs::sign(*rsa, SignatureScheme::kRsaPssSha256, msg));
  CHECK(*bs::sign(*ec, SignatureScheme::kEcdsaSha256, msg) != *bs::sign(*ec, SignatureScheme::kEcdsaSha256, msg));
}

TEST_CASE("signatures made by the openssl CLI verify", "[crypto][x509]") {
  Bytes msg = file("message.txt");
  auto rsa = cert("rsa-server.pem");
  auto ec256 = cert("ec256-server.pem");
  auto ec384 = cert("ec384-leaf.pem");
  Bytes pkcs1 = file("message.rsa-pkcs1-sha256.sig");
  Bytes pss256 = file("message.rsa-pss-sha256.sig");
  Bytes pss384 = file("message.rsa-pss-sha384.sig");
  Bytes ecdsa256 = file("message.ecdsa-p256-sha256.sig");
  Bytes ecdsa384 = file("message.ecdsa-p384-sha384.sig");

  CHECK(bs::verify(*rsa, SignatureScheme::kRsaPkcs1Sha256, msg, pkcs1).ok());
  CHECK(bs::verify(*rsa, SignatureScheme::kRsaPssSha256, msg, pss256).ok());
  CHECK(bs::verify(*rsa, SignatureScheme::kRsaPssSha384, msg, pss384).ok());
  CHECK(bs::verify(*ec256, SignatureScheme::kEcdsaSha256, msg, ecdsa256).ok());
  CHECK(bs::verify(*ec384, SignatureScheme::kEcdsaSha384, msg, ecdsa384).ok());

  // PKCS#1 v1.5 is deterministic: our signature is openssl's, byte for byte.
  auto ours = bs::sign(*key("rsa-server.key.pem"), SignatureScheme::kRsaPkcs1Sha256, msg);
  REQUIRE(ours.ok());
  CHECK(to_hex(*ours) == to_hex(pkcs1));

  // Wrong scheme, wrong data, wrong key.
  Bytes other = msg;
  other[0] ^= 0x20;
  CHECK(bs::verify(*rsa, SignatureScheme::kRsaPssSha256, msg, pkcs1).code() == absl::StatusCode::kUnauthenticated);
  CHECK(bs::verify(*rsa, SignatureScheme::kRsaPkcs1Sha256, msg, pss256).code() ==
        absl::StatusCode::kUnauthenticated);
  CHECK(bs::verify(*rsa, SignatureScheme::kRsaPssSha384, msg, pss256).code() == absl::StatusCode::kUnauthenticated);
  CHECK(bs::verify(*rsa, SignatureScheme::kRsaPkcs1Sha384, msg, pkcs1).code() ==
        absl::StatusCode::kUnauthenticated);
  CHECK(bs::verify(*rsa, SignatureScheme::kRsaPkcs1Sha256, other, pkcs1).code() ==
        absl::StatusCode::kUnauthenticated);
  CHECK(bs::verify(*ec256, SignatureScheme::kEcdsaSha384, msg, ecdsa256).code() ==
        absl::StatusCode::kUnauthenticated);
  CHECK(bs::verify(*ec256, SignatureScheme::kEcdsaSha256, other, ecdsa256).code() ==
        absl::StatusCode::kUnauthenticated);
  CHECK(bs::verify(*cert("client.pem"), SignatureScheme::kEcdsaSha256, msg, ecdsa256).code() ==
        absl::StatusCode::kUnauthenticated);
  // A scheme that does not fit the certificate's key.
  CHECK(bs::verify(*ec256, SignatureScheme::kRsaPkcs1Sha256, msg, pkcs1).code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(bs::verify(*rsa, SignatureScheme::kEcdsaSha256, msg, ecdsa256).code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("ECDSA DER <-> r||s conversion", "[crypto][x509]") {
  Bytes msg = file("message.txt");
  struct Case {
    const char* key;
    KeyType type;
    size_t raw_size;
  };
  for (const Case& c : {Case{"ec256-server.key.pem", KeyType::kEcdsaP256, 64},
                        Case{"ec384-leaf.key.pem", KeyType::kEcdsaP384, 96},
                        Case{"ec521-leaf.key.pem", KeyType::kEcdsaP521, 132}}) {
    INFO(c.key);
    CHECK(bs::ecdsa_coordinate_size(c.type) * 2 == c.raw_size);
    auto k = key(c.key);
    for (int i = 0; i < 8; ++i) {  // several, to meet r or s with leading zeros now and then
      auto der = bs::sign(*k, SignatureScheme::kEcdsaSha512, msg);
      REQUIRE(der.ok());
      auto raw = bs::ecdsa_der_to_raw(*der, c.type);
      REQUIRE(raw.ok());
      CHECK(raw->size() == c.raw_size);
      auto back = bs::ecdsa_raw_to_der(*raw);
      REQUIRE(back.ok());
      CHECK(to_hex(*back) == to_hex(*der));
    }
  }
  // openssl's DER signatures convert and come back unchanged.
  Bytes ecdsa256 = file("message.ecdsa-p256-sha256.sig");
  auto raw = bs::ecdsa_der_to_raw(ecdsa256, KeyType::kEcdsaP256);
  REQUIRE(raw.ok());
  CHECK(raw->size() == 64);
  CHECK(to_hex(*bs::ecdsa_raw_to_der(*raw)) == to_hex(ecdsa256));
  Bytes ecdsa384 = file("message.ecdsa-p384-sha384.sig");
  raw = bs::ecdsa_der_to_raw(ecdsa384, KeyType::kEcdsaP384);
  REQUIRE(raw.ok());
  CHECK(raw->size() == 96);
  CHECK(to_hex(*bs::ecdsa_raw_to_der(*raw)) == to_hex(ecdsa384));

  // Hand-made values: small integers are left-padded; a high bit gets DER's 00.
  Bytes small(64, 0);
  small[31] = 1;
  small[63] = 2;
  CHECK(to_hex(*bs::ecdsa_raw_to_der(small)) == "3006020101020102");
  CHECK(to_hex(*bs::ecdsa_der_to_raw(*bs::ecdsa_raw_to_der(small), KeyType::kEcdsaP256)) == to_hex(small));
  Bytes high(64, 0xff);
  auto high_der = bs::ecdsa_raw_to_der(high);
  REQUIRE(high_der.ok());
  CHECK(high_der->size() == 2 + 2 * (2 + 33));
  CHECK(to_hex(*bs::ecdsa_der_to_raw(*high_der, KeyType::kEcdsaP256)) == to_hex(high));
  // The same DER fits a larger curve, left-padded.
  auto as_p384 = bs::ecdsa_der_to_raw(*bs::ecdsa_raw_to_der(small), KeyType::kEcdsaP384);
  REQUIRE(as_p384.ok());
  CHECK(as_p384->size() == 96);
  CHECK((*as_p384)[47] == 1);
  CHECK((*as_p384)[95] == 2);

  // Errors.
  Bytes big(96, 0);
  big[0] = 1;  // r needs 48 bytes
  auto big_der = bs::ecdsa_raw_to_der(big);
  REQUIRE(big_der.ok());
  CHECK(bs::ecdsa_der_to_raw(*big_der, KeyType::kEcdsaP256).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(bs::ecdsa_der_to_raw(ecdsa256, KeyType::kRsa).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(bs::ecdsa_der_to_raw(ecdsa256, KeyType::kOther).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(bs::ecdsa_der_to_raw({}, KeyType::kEcdsaP256).status().code() == absl::StatusCode::kInvalidArgument);
  CHECK(bs::ecdsa_der_to_raw(ByteView(ecdsa256).first(ecdsa256.size() - 1), KeyType::kEcdsaP256).status().code() ==
        absl::StatusCode::kInvalidArgument);
  CHECK(bs::ecdsa_der_to_raw(*raw, KeyType::kEcdsaP384).status().code() == absl::StatusCode::kInvalidArgument);
  for (size_t n : {size_t{0}, size_t{1}, size_t{63}, size_t{65}, size_t{66}, size_t{128}, size_t{131}, size_t{133}}) {
    INFO(n);
    CHECK(bs::ecdsa_raw_to_der(Bytes(n, 1)).status().code() == absl::StatusCode::kInvalidArgument);
  }
  CHECK(ERR_peek_error() == 0);
}

TEST_CASE("sign refuses keys it cannot use", "[crypto][x509]") {
  class HsmKey final : public PrivateKey {
   public:
    KeyType type() const override { return KeyType::kRsa; }
    size_t bits() const override { return 2048; }
  };
  auto s = bs::sign(HsmKey(), SignatureScheme::kRsaPkcs1Sha256, as_bytes("x"));
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == absl::StatusCode::kInvalidArgument);
}
