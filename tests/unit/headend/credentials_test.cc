// Loading what the configuration names into the in-memory providers
// (examples/responder/credentials.h), on the test PKI in
// tests/vectors/crypto/pki/ (root-ca -> inter-ca -> rsa-server / ec256-server,
// valid 2025-2045; see make-pki.sh there).
#include <catch2/catch.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "config_file.h"
#include "credentials.h"
#include "generated_pki.h"
#include "ikecore/crypto/boringssl.h"
#include "temp_dir.h"

using namespace ikecore;
using headend::HeadendConfig;
using headend::HeadendProviders;
using headend::test::pki_path;
using headend::test::read_text;
using headend::test::TempDir;
using headend::test::write_text;

namespace {

constexpr int64_t k2030Jan01 = 1893456000;  // inside every test certificate's validity

size_t line_of(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  INFO("needle: " << needle);
  REQUIRE(at != std::string::npos);
  return 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + static_cast<ptrdiff_t>(at), '\n'));
}

HeadendConfig parse(const std::string& text, const std::string& dir) {
  auto c = headend::parse_config(text, "creds.xml", dir);
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  return *std::move(c);
}

Bytes der_of(CryptoProvider& crypto, const std::string& pki_name) {
  std::string text = read_text(pki_path(pki_name));
  auto c = crypto.parse_certificate(as_bytes(text));
  INFO(pki_name << ": " << c.status().ToString());
  REQUIRE(c.ok());
  ByteView der = (*c)->der();
  return Bytes(der.begin(), der.end());
}

Bytes bytes_of(ByteView v) { return Bytes(v.begin(), v.end()); }

Identity id(const std::string& text) {
  auto i = Identity::parse(text);
  REQUIRE(i);
  return *i;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.compare(0, prefix.size(), prefix) == 0; }

// A configuration with every kind of credential. `%PKI%` is the test PKI's
// directory; relative names are in the temporary directory.
std::string full_config() {
  std::string text = R"(<ikecore-responder>
  <credentials>
    <certificate cert="chain.pem" key="%PKI%/rsa-server.key.pem"/>
    <certificate cert="%PKI%/ec256-server.der" key="%PKI%/ec256-server.ec.pem"/>
    <ca file="%PKI%/root-ca.pem"/>
    <ca file="two-cas.pem"/>
    <psk remote-id="carol@example.com" secret="carol's secret"/>
    <psk remote-id="10.1.2.3" secret-hex="00ff10"/>
    <eap-user name="alice" password="pw-alice"/>
    <eap-user name="bob" password="pw-bob"/>
  </credentials>
  <pool name="clients" range="10.99.0.0/24"/>
  <connection name="c" local-id="vpn.example.com" remote-auth="eap">
    <client pool="clients"/>
    <child name="net"/>
  </connection>
</ikecore-responder>
)";
  const std::string dir = pki_path("");
  for (size_t at; (at = text.find("%PKI%/")) != std::string::npos;) text.replace(at, 6, dir);
  return text;
}

}  // namespace

TEST_CASE("certificates intermediates trust anchors PSKs EAP users and pools reach the providers",
          "[headend][credentials]") {
  TempDir tmp;
  // A leaf followed by its issuer, as the <certificate cert> file holds them.
  write_text(tmp.file("chain.pem"), read_text(pki_path("rsa-server.pem")) + read_text(pki_path("inter-ca.pem")));
  // A file with two CAs: both are trust anchors.
  write_text(tmp.file("two-cas.pem"), read_text(pki_path("inter-ca.pem")) + read_text(pki_path("untrusted-ca.pem")));

  HeadendConfig config = parse(full_config(), tmp.path());
  BoringSslProvider crypto;
  HeadendProviders providers;
  absl::Status s = headend::load_providers(config, std::nullopt, crypto, providers);
  INFO(s.ToString());
  REQUIRE(s.ok());

  // Chains, in configuration order; the leaf, then its issuers (leaf's issuer first).
  auto chains = providers.credentials.chains();
  REQUIRE(chains.size() == 2);
  CHECK(bytes_of(chains[0].leaf->der()) == der_of(crypto, "rsa-server.pem"));
  REQUIRE(chains[0].issuers.size() == 1);
  CHECK(bytes_of(chains[0].issuers[0]->der()) == der_of(crypto, "inter-ca.pem"));
  CHECK(bytes_of(chains[1].leaf->der()) == der_of(crypto, "ec256-server.pem"));  // read from DER
  CHECK(chains[1].issuers.empty());

  // Each leaf has its own private key.
  const PrivateKey* rsa = providers.credentials.private_key(*chains[0].leaf);
  const PrivateKey* ec = providers.credentials.private_key(*chains[1].leaf);
  REQUIRE(rsa);
  REQUIRE(ec);
  CHECK(rsa->type() == KeyType::kRsa);
  CHECK(ec->type() == KeyType::kEcdsaP256);
  // The RSA key is the leaf's: what it signs verifies with the certificate.
  auto signed_ = crypto.sign(*rsa, SignatureScheme::kRsaPkcs1Sha256, as_bytes("AUTH"));
  REQUIRE_FALSE(signed_.pending());
  auto signature = signed_.take();
  REQUIRE(signature.ok());
  CHECK(crypto.verify(*chains[0].leaf, SignatureScheme::kRsaPkcs1Sha256, as_bytes("AUTH"), *signature).ok());

  // Trust anchors: root-ca.pem, then both certificates of two-cas.pem.
  auto anchors = providers.credentials.trust_anchors();
  REQUIRE(anchors.size() == 3);
  CHECK(bytes_of(anchors[0]->der()) == der_of(crypto, "root-ca.pem"));
  CHECK(bytes_of(anchors[1]->der()) == der_of(crypto, "inter-ca.pem"));
  CHECK(bytes_of(anchors[2]->der()) == der_of(crypto, "untrusted-ca.pem"));
  // The chain as loaded validates against the loaded root (RFC 5280 §6).
  std::vector<const Certificate*> root = {anchors[0]};
  auto verified = crypto.verify_chain(*chains[0].leaf, chains[0].issuers, root, {}, k2030Jan01);
  REQUIRE_FALSE(verified.pending());
  auto path = verified.take();
  INFO(path.status().ToString());
  REQUIRE(path.ok());
  CHECK(path->path_length == 3);

  // PSKs by peer identity (for any of our identities).
  const Identity us = id("vpn.example.com");
  const SecretBytes* carol = providers.credentials.shared_key(us, id("carol@example.com"));
  REQUIRE(carol);
  CHECK(bytes_of(carol->view()) == bytes_of(as_bytes("carol's secret")));
  const SecretBytes* host = providers.credentials.shared_key(us, id("10.1.2.3"));
  REQUIRE(host);
  CHECK(bytes_of(host->view()) == Bytes{0x00, 0xff, 0x10});
  CHECK(providers.credentials.shared_key(us, id("dave@example.com")) == nullptr);

  // EAP users: secrets for MD5-Challenge / MSCHAPv2, password checks for GTC.
  auto alice = providers.users.user_secret("alice");
  REQUIRE_FALSE(alice.pending());
  auto alice_secret = alice.take();
  REQUIRE(alice_secret.ok());
  CHECK(bytes_of(alice_secret->password.view()) == bytes_of(as_bytes("pw-alice")));
  auto mallory = providers.users.user_secret("mallory");
  REQUIRE_FALSE(mallory.pending());
  CHECK(mallory.take().status().code() == absl::StatusCode::kNotFound);
  auto bob_ok = providers.users.check_password("bob", SecretBytes(as_bytes("pw-bob")));
  REQUIRE_FALSE(bob_ok.pending());
  CHECK(bob_ok.take()->accepted);
  auto bob_wrong = providers.users.check_password("bob", SecretBytes(as_bytes("pw-alice")));
  REQUIRE_FALSE(bob_wrong.pending());
  CHECK_FALSE(bob_wrong.take()->accepted);

  // The pool hands out addresses of its range.
  auto leased = providers.pools.acquire("clients", id("carol@example.com"), false, std::nullopt);
  REQUIRE(leased);
  CHECK(config.pools[0].range.contains(*leased));
  CHECK_FALSE(providers.pools.acquire("other", id("carol@example.com"), false, std::nullopt));
}

TEST_CASE("a generated PKI is loaded as a chain and a trust anchor", "[headend][credentials]") {
  TempDir tmp;
  const std::string text = R"(<ikecore-responder>
  <credentials>
    <generated-pki server-name="vpn.ikecore.test"/>
    <eap-user name="alice" password="pw"/>
  </credentials>
  <connection name="c" local-id="vpn.ikecore.test"><child name="net"/></connection>
</ikecore-responder>
)";
  HeadendConfig config = parse(text, tmp.path());
  auto pki = headend::ensure_generated_pki(tmp.file("state"), config.generated_pki->dns_names);
  REQUIRE(pki.ok());
  BoringSslProvider crypto;
  HeadendProviders providers;
  absl::Status s = headend::load_providers(config, *pki, crypto, providers);
  INFO(s.ToString());
  REQUIRE(s.ok());
  auto chains = providers.credentials.chains();
  REQUIRE(chains.size() == 1);
  CHECK(chains[0].leaf->dns_names() == std::vector<std::string>{"vpn.ikecore.test"});
  CHECK(chains[0].issuers.empty());
  CHECK(providers.credentials.private_key(*chains[0].leaf) != nullptr);
  REQUIRE(providers.credentials.trust_anchors().size() == 1);
  CHECK(bytes_of(providers.credentials.trust_anchors()[0]->der()) !=
        bytes_of(chains[0].leaf->der()));  // the CA, not the leaf again

  // Its files gone: the error names the <generated-pki> line.
  REQUIRE(std::filesystem::remove(pki->server_cert));
  HeadendProviders again;
  s = headend::load_providers(config, *pki, crypto, again);
  REQUIRE_FALSE(s.ok());
  CHECK(starts_with(std::string(s.message()),
                    "creds.xml:" + std::to_string(line_of(text, "<generated-pki")) + ": <generated-pki>"));
}

TEST_CASE("credential file errors name the configuration line", "[headend][credentials]") {
  TempDir tmp;
  write_text(tmp.file("not-a-cert.pem"), "hello\n");
  struct Case {
    const char* what;
    std::string credentials;  // the <credentials> content, one element per line
    std::string needle;
    std::string attribute;
    absl::StatusCode code;
  };
  const std::string pki = pki_path("");
  const std::vector<Case> cases = {
      {"missing certificate file",
       "    <certificate cert=\"missing.pem\" key=\"" + pki + "rsa-server.key.pem\"/>\n", "<certificate", "cert",
       absl::StatusCode::kNotFound},
      {"missing key file", "    <certificate cert=\"" + pki + "rsa-server.pem\" key=\"missing.key\"/>\n",
       "<certificate", "key", absl::StatusCode::kNotFound},
      {"missing CA file", "    <ca file=\"" + pki + "root-ca.pem\"/>\n    <ca file=\"missing-ca.pem\"/>\n",
       "<ca file=\"missing", "file", absl::StatusCode::kNotFound},
      {"certificate file without a certificate",
       "    <certificate cert=\"not-a-cert.pem\" key=\"" + pki + "rsa-server.key.pem\"/>\n", "<certificate", "cert",
       absl::StatusCode::kInvalidArgument},
      {"key file without a key", "    <certificate cert=\"" + pki + "rsa-server.pem\" key=\"" + pki + "rsa-server.pem\"/>\n",
       "<certificate", "key", absl::StatusCode::kInvalidArgument},
      {"CA file without a certificate", "    <ca file=\"not-a-cert.pem\"/>\n", "<ca", "file",
       absl::StatusCode::kInvalidArgument},
  };
  for (const Case& c : cases) {
    INFO(c.what);
    const std::string text = "<ikecore-responder>\n  <credentials>\n    <eap-user name=\"alice\" password=\"pw\"/>\n" +
                             c.credentials +
                             "  </credentials>\n"
                             "  <connection name=\"c\" local-auth=\"psk\">\n    <child name=\"net\"/>\n"
                             "  </connection>\n</ikecore-responder>\n";
    // local-auth="psk" would need a <psk>; give one so only the files matter.
    std::string with_psk = text;
    with_psk.insert(with_psk.find("  </credentials>"), "    <psk remote-id=\"carol@example.com\" secret=\"x\"/>\n");
    HeadendConfig config = parse(with_psk, tmp.path());
    BoringSslProvider crypto;
    HeadendProviders providers;
    absl::Status s = headend::load_providers(config, std::nullopt, crypto, providers);
    REQUIRE_FALSE(s.ok());
    const std::string element = c.attribute == "file" ? "ca" : "certificate";
    const std::string expected = "creds.xml:" + std::to_string(line_of(with_psk, c.needle)) + ": <" + element +
                                 "> attribute \"" + c.attribute + "\": ";
    INFO("expected: " << expected);
    INFO("got:      " << s.message());
    CHECK(starts_with(std::string(s.message()), expected));
    CHECK(s.code() == c.code);
  }
}

TEST_CASE("a private key that is not the certificate's is refused", "[headend][credentials]") {
  // The key would sign every AUTH payload (RFC 7296 §2.15) with a key the
  // peer cannot verify with our certificate: each IKE_AUTH would fail at the
  // peer with AUTHENTICATION_FAILED, long after the configuration was
  // accepted. The mismatch is known when the files are read.
  TempDir tmp;
  const std::string pki = pki_path("");
  const std::string text = "<ikecore-responder>\n  <credentials>\n    <certificate cert=\"" + pki +
                           "rsa-server.pem\" key=\"" + pki +
                           "ec256-server.key.pem\"/>\n    <eap-user name=\"alice\" password=\"pw\"/>\n"
                           "  </credentials>\n  <connection name=\"c\">\n    <child name=\"net\"/>\n"
                           "  </connection>\n</ikecore-responder>\n";
  HeadendConfig config = parse(text, tmp.path());
  BoringSslProvider crypto;
  HeadendProviders providers;
  absl::Status s = headend::load_providers(config, std::nullopt, crypto, providers);
  INFO(s.ToString());
  CHECK_FALSE(s.ok());
  CHECK(starts_with(std::string(s.message()), "creds.xml:3: <certificate> attribute \""));
}

TEST_CASE("a damaged certificate after the leaf is an error and not a shorter chain", "[headend][credentials]") {
  // The second block of the chain file is not a certificate (its base64 was
  // cut). Dropping it silently would present a chain without the
  // intermediate, which peers then fail to validate (RFC 5280 §6); the file
  // is known to be damaged when it is read.
  TempDir tmp;
  std::string inter = read_text(pki_path("inter-ca.pem"));
  const size_t body = inter.find('\n') + 1;
  inter.erase(body, 40);  // cuts into the base64 of the DER
  write_text(tmp.file("chain.pem"), read_text(pki_path("rsa-server.pem")) + inter);
  const std::string text = "<ikecore-responder>\n  <credentials>\n    <certificate cert=\"chain.pem\" key=\"" +
                           pki_path("rsa-server.key.pem") +
                           "\"/>\n    <eap-user name=\"alice\" password=\"pw\"/>\n"
                           "  </credentials>\n  <connection name=\"c\">\n    <child name=\"net\"/>\n"
                           "  </connection>\n</ikecore-responder>\n";
  HeadendConfig config = parse(text, tmp.path());
  BoringSslProvider crypto;
  HeadendProviders providers;
  absl::Status s = headend::load_providers(config, std::nullopt, crypto, providers);
  INFO(s.ToString());
  CHECK_FALSE(s.ok());
  CHECK(starts_with(std::string(s.message()), "creds.xml:3: <certificate> attribute \"cert\": "));
}
