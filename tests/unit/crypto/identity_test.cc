// ID payload vs certificate matching (RFC 7296 §3.5, RFC 4945 §3.1) and the
// choice of our certificate from CERTREQ hashes (RFC 7296 §3.7), with the
// test PKI in tests/vectors/crypto/pki/. CA hashes come from the expected
// files openssl wrote, not from ikecore.
#include "ikecore/crypto/identity.h"

#include <fstream>
#include <iterator>
#include <string>

#include <catch2/catch.hpp>

#include "vector_file.h"

#include "crypto/boringssl/x509.h"

using namespace ikecore;

namespace {

using test::pki_file;
std::string pki(const std::string& name) { return test::pki_path(name); }
Bytes file(const std::string& name) { return pki_file(name); }

Bytes ca_hash(const std::string& cert_name) {
  Bytes out;
  REQUIRE(read_hex_file(pki("expected/" + cert_name + ".spki-sha1.hex"), out));
  REQUIRE(out.size() == 20);
  return out;
}

std::unique_ptr<Certificate> cert(const std::string& name) {
  auto c = boringssl::parse_certificate(file(name + ".pem"));
  REQUIRE(c.ok());
  return std::move(*c);
}

bool matches(const Certificate& c, IdType type, const std::string& id) {
  return certificate_matches_id(c, type, as_bytes(id));
}
bool matches(const Certificate& c, IdType type, const Bytes& id) { return certificate_matches_id(c, type, id); }

}  // namespace

TEST_CASE("ID_FQDN matches a dNSName, ignoring ASCII case", "[crypto][x509][identity]") {
  auto rsa = cert("rsa-server");
  auto ec = cert("ec256-server");
  CHECK(matches(*rsa, IdType::kFqdn, "vpn.example.com"));
  CHECK(matches(*rsa, IdType::kFqdn, "VPN.Example.COM"));
  CHECK(matches(*ec, IdType::kFqdn, "gw.example.com"));
  CHECK(matches(*ec, IdType::kFqdn, "gw2.example.net"));  // the SAN is "GW2.Example.Net"
  CHECK(matches(*ec, IdType::kFqdn, "GW2.EXAMPLE.NET"));

  CHECK_FALSE(matches(*rsa, IdType::kFqdn, "vpn.example.co"));
  CHECK_FALSE(matches(*rsa, IdType::kFqdn, "vpn.example.com."));
  CHECK_FALSE(matches(*rsa, IdType::kFqdn, "xvpn.example.com"));
  CHECK_FALSE(matches(*rsa, IdType::kFqdn, "gw.example.com"));
  CHECK_FALSE(matches(*rsa, IdType::kFqdn, "*.example.com"));
  CHECK_FALSE(matches(*rsa, IdType::kFqdn, std::string("vpn.example.com\0", 16)));
  CHECK_FALSE(matches(*rsa, IdType::kFqdn, ""));
  // The subject CN is not a dNSName: client.pem has CN=Alice and no dNSName.
  CHECK_FALSE(matches(*cert("client"), IdType::kFqdn, "Alice"));
  // The dNSName is not an email address nor a DN.
  CHECK_FALSE(matches(*rsa, IdType::kRfc822Addr, "vpn.example.com"));
  CHECK_FALSE(matches(*rsa, IdType::kDerAsn1Dn, "vpn.example.com"));
}

TEST_CASE("ID_RFC822_ADDR matches an rfc822Name, ignoring ASCII case", "[crypto][x509][identity]") {
  auto client = cert("client");
  CHECK(matches(*client, IdType::kRfc822Addr, "Alice@example.com"));
  CHECK(matches(*client, IdType::kRfc822Addr, "alice@example.com"));
  CHECK(matches(*client, IdType::kRfc822Addr, "ALICE@EXAMPLE.COM"));
  CHECK_FALSE(matches(*client, IdType::kRfc822Addr, "bob@example.com"));
  CHECK_FALSE(matches(*client, IdType::kRfc822Addr, "alice@example.org"));
  CHECK_FALSE(matches(*client, IdType::kRfc822Addr, "example.com"));
  CHECK_FALSE(matches(*client, IdType::kFqdn, "example.com"));
  CHECK_FALSE(matches(*client, IdType::kFqdn, "Alice@example.com"));
  CHECK_FALSE(matches(*cert("rsa-server"), IdType::kRfc822Addr, "Alice@example.com"));
}

TEST_CASE("ID_IPV4_ADDR and ID_IPV6_ADDR match an iPAddress byte for byte", "[crypto][x509][identity]") {
  auto rsa = cert("rsa-server");  // IP:10.77.0.1
  auto p384 = cert("ec384-leaf");  // IP:2001:db8::1
  Bytes v4{10, 77, 0, 1};
  Bytes v6{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  CHECK(matches(*rsa, IdType::kIpv4Addr, v4));
  CHECK(matches(*p384, IdType::kIpv6Addr, v6));

  CHECK_FALSE(matches(*rsa, IdType::kIpv4Addr, Bytes{10, 77, 0, 2}));
  CHECK_FALSE(matches(*rsa, IdType::kIpv4Addr, Bytes{10, 77, 0}));
  CHECK_FALSE(matches(*rsa, IdType::kIpv4Addr, Bytes{10, 77, 0, 1, 0}));
  CHECK_FALSE(matches(*rsa, IdType::kIpv6Addr, v4));  // a 4-byte ID_IPV6_ADDR is not an address
  CHECK_FALSE(matches(*p384, IdType::kIpv4Addr, v6));
  CHECK_FALSE(matches(*rsa, IdType::kIpv6Addr, v6));
  Bytes v6_other = v6;
  v6_other[15] = 2;
  CHECK_FALSE(matches(*p384, IdType::kIpv6Addr, v6_other));
  // The textual form is not an ID_IPV4_ADDR.
  CHECK_FALSE(matches(*rsa, IdType::kIpv4Addr, "10.77.0.1"));
  CHECK_FALSE(matches(*rsa, IdType::kFqdn, "10.77.0.1"));
  // No iPAddress at all.
  CHECK_FALSE(matches(*cert("ec256-server"), IdType::kIpv4Addr, v4));
}

TEST_CASE("ID_DER_ASN1_DN matches the subject Name, byte-equal DER", "[crypto][x509][identity]") {
  auto rsa = cert("rsa-server");
  Bytes subject = file("expected/rsa-server.subject.der");
  Bytes issuer = file("expected/rsa-server.issuer.der");
  CHECK(matches(*rsa, IdType::kDerAsn1Dn, subject));
  CHECK_FALSE(matches(*rsa, IdType::kDerAsn1Dn, issuer));
  CHECK_FALSE(matches(*cert("untrusted-leaf"), IdType::kDerAsn1Dn, subject));  // same CN, other O
  Bytes longer = subject;
  longer.push_back(0);
  CHECK_FALSE(matches(*rsa, IdType::kDerAsn1Dn, longer));
  CHECK_FALSE(matches(*rsa, IdType::kDerAsn1Dn, Bytes(subject.begin(), subject.end() - 1)));
  CHECK_FALSE(matches(*rsa, IdType::kDerAsn1Dn, Bytes()));
  Bytes other_case = subject;
  other_case.back() = 'M';  // "...example.coM"
  CHECK_FALSE(matches(*rsa, IdType::kDerAsn1Dn, other_case));
  CHECK(matches(*cert("root-ca"), IdType::kDerAsn1Dn, file("expected/root-ca.subject.der")));
}

TEST_CASE("other ID types never match", "[crypto][x509][identity]") {
  auto rsa = cert("rsa-server");
  Bytes subject = file("expected/rsa-server.subject.der");
  for (IdType t : {IdType::kDerAsn1Gn, IdType::kKeyId, IdType::kFcName, IdType::kNull, static_cast<IdType>(201)}) {
    INFO(static_cast<int>(t));
    CHECK_FALSE(matches(*rsa, t, "vpn.example.com"));
    CHECK_FALSE(matches(*rsa, t, subject));
    CHECK_FALSE(matches(*rsa, t, Bytes{10, 77, 0, 1}));
    CHECK_FALSE(matches(*rsa, t, rsa->spki_sha1()));
  }
}

TEST_CASE("choose_certificate picks the chain whose CA the peer asked for", "[crypto][x509][identity]") {
  auto root = cert("root-ca");
  auto inter = cert("inter-ca");
  auto untrusted_ca = cert("untrusted-ca");
  auto rsa = cert("rsa-server");
  auto ec = cert("ec256-server");
  auto untrusted_leaf = cert("untrusted-leaf");

  CertificateChain a{rsa.get(), {inter.get(), root.get()}};
  CertificateChain b{untrusted_leaf.get(), {untrusted_ca.get()}};
  CertificateChain c{ec.get(), {inter.get()}};
  std::vector<CertificateChain> ours = {a, b, c};

  Bytes h_root = ca_hash("root-ca");
  Bytes h_inter = ca_hash("inter-ca");
  Bytes h_untrusted = ca_hash("untrusted-ca");
  Bytes h_unknown(20, 0x5a);

  auto pick = [&](std::vector<CertificateChain>& chains, std::vector<ByteView> hashes) {
    return choose_certificate(chains, hashes);
  };

  SECTION("no CERTREQ: the first chain") {
    CHECK(pick(ours, {}) == &ours[0]);
  }
  SECTION("by the issuing CA's hash") {
    CHECK(pick(ours, {h_untrusted}) == &ours[1]);
    CHECK(pick(ours, {h_inter}) == &ours[0]);
    CHECK(pick(ours, {h_unknown, h_untrusted}) == &ours[1]);
  }
  SECTION("by an anchor further up the chain") {
    std::vector<CertificateChain> two = {b, a};
    CHECK(pick(two, {h_root}) == &two[1]);
    CHECK(pick(two, {h_inter}) == &two[1]);
  }
  SECTION("the first of several matching chains") {
    std::vector<CertificateChain> three = {b, c, a};
    CHECK(pick(three, {h_inter}) == &three[1]);
    CHECK(pick(three, {h_root}) == &three[2]);  // c does not list the root
    CHECK(pick(three, {h_root, h_untrusted}) == &three[0]);
  }
  SECTION("a whole CERTREQ field: hashes back to back") {
    Bytes field = h_unknown;
    field.insert(field.end(), h_untrusted.begin(), h_untrusted.end());
    CHECK(pick(ours, {field}) == &ours[1]);
    // A trailing partial hash is ignored.
    Bytes partial = h_unknown;
    partial.insert(partial.end(), h_untrusted.begin(), h_untrusted.begin() + 19);
    CHECK(pick(ours, {partial}) == &ours[0]);
  }
  SECTION("no match: the first chain") {
    CHECK(pick(ours, {h_unknown}) == &ours[0]);
    // The leaf's own key is not a CA key.
    CHECK(pick(ours, {ca_hash("ec256-server")}) == &ours[0]);
    CHECK(pick(ours, {Bytes()}) == &ours[0]);
  }
  SECTION("a self-issued leaf is its own CA") {
    std::vector<CertificateChain> self = {b, CertificateChain{root.get(), {}}};
    CHECK(pick(self, {h_root}) == &self[1]);
  }
  SECTION("nothing to choose from") {
    std::vector<CertificateChain> none;
    CHECK(pick(none, {h_root}) == nullptr);
    CHECK(pick(none, {}) == nullptr);
  }
}
