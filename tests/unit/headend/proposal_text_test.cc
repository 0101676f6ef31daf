// strongSwan's proposal keywords (proposal_keywords_static.txt) turned into
// IKEv2 transform IDs. Every expected number is the one the IANA "Internet
// Key Exchange Version 2 (IKEv2) Parameters" registry assigns (RFC 7296
// §3.3.2 and the RFCs that added entries), written out as a literal so a
// wrong enum value in ids.h would show up here too.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "ikecore/responder/child_proposal.h"
#include "ikecore/responder/proposal.h"
#include "proposal_text.h"

using namespace ikecore;
using headend::parse_esp_proposals;
using headend::parse_ike_proposals;

namespace {

template <class T>
std::vector<uint16_t> numbers(const std::vector<T>& v) {
  std::vector<uint16_t> out;
  for (const T& x : v) out.push_back(static_cast<uint16_t>(x));
  return out;
}

struct Encr {
  uint16_t id;
  uint16_t key_bits;
  friend bool operator==(const Encr&, const Encr&) = default;
};

std::vector<Encr> encr_numbers(const std::vector<EncrChoice>& v) {
  std::vector<Encr> out;
  for (const EncrChoice& e : v) out.push_back(Encr{static_cast<uint16_t>(e.id), e.key_bits});
  return out;
}

IkeProposalPolicy ike_ok(const std::string& text, bool legacy = false) {
  auto p = parse_ike_proposals(text, legacy);
  INFO(text << ": " << p.status().ToString());
  REQUIRE(p.ok());
  return *p;
}

EspProposalPolicy esp_ok(const std::string& text, bool legacy = false) {
  auto p = parse_esp_proposals(text, legacy);
  INFO(text << ": " << p.status().ToString());
  REQUIRE(p.ok());
  return *p;
}

std::string ike_error(const std::string& text, bool legacy = false) {
  auto p = parse_ike_proposals(text, legacy);
  INFO(text);
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(p.status().message());
}

std::string esp_error(const std::string& text, bool legacy = false) {
  auto p = parse_esp_proposals(text, legacy);
  INFO(text);
  REQUIRE_FALSE(p.ok());
  CHECK(p.status().code() == absl::StatusCode::kInvalidArgument);
  return std::string(p.status().message());
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("encryption keywords name the IANA Transform Type 1 IDs and key sizes", "[headend][proposal]") {
  struct Row {
    const char* keyword;
    uint16_t id;
    uint16_t key_bits;
  };
  // ENCR_AES_CBC 12 (RFC 3602), ENCR_AES_CTR 13 (RFC 5930), ENCR_AES_CCM_8/12/16
  // 14/15/16 and ENCR_AES_GCM_8/12/16 18/19/20 (RFC 5282; strongSwan's
  // "ccm"/"gcm" without ICV size is the 16-octet ICV), ENCR_CHACHA20_POLY1305
  // 28 (RFC 7634 §2: no Key Length attribute), ENCR_NULL 11.
  const Row rows[] = {
      {"aes", 12, 128},         {"aes128", 12, 128},      {"aes192", 12, 192},      {"aes256", 12, 256},
      {"aes128ctr", 13, 128},   {"aes256ctr", 13, 256},   {"aes128ccm8", 14, 128},  {"aes192ccm64", 14, 192},
      {"aes256ccm12", 15, 256}, {"aes128ccm96", 15, 128}, {"aes128ccm16", 16, 128}, {"aes256ccm128", 16, 256},
      {"aes192ccm", 16, 192},   {"aes128gcm8", 18, 128},  {"aes256gcm64", 18, 256}, {"aes192gcm12", 19, 192},
      {"aes128gcm96", 19, 128}, {"aes256gcm16", 20, 256}, {"aes128gcm16", 20, 128}, {"aes192gcm128", 20, 192},
      {"aes256gcm", 20, 256},   {"chacha20poly1305", 28, 0}, {"null", 11, 0},
  };
  for (const Row& r : rows) {
    // ESP proposals take a cipher alone when it is AEAD; give every cipher an
    // integrity algorithm so the table needs no AEAD column.
    std::string text = std::string(r.keyword) + "-sha256";
    INFO(text);
    EspProposalPolicy p = esp_ok(text);
    REQUIRE(p.encr.size() == 1);
    CHECK(encr_numbers(p.encr) == std::vector<Encr>{{r.id, r.key_bits}});
  }
}

TEST_CASE("integrity keywords name the IANA Transform Type 3 IDs", "[headend][proposal]") {
  struct Row {
    const char* keyword;
    uint16_t id;
  };
  // AUTH_HMAC_MD5_96 1, AUTH_HMAC_SHA1_96 2, AUTH_AES_XCBC_96 5,
  // AUTH_HMAC_MD5_128 6, AUTH_HMAC_SHA1_160 7, AUTH_AES_CMAC_96 8,
  // AUTH_HMAC_SHA2_256_128 12, _384_192 13, _512_256 14 (RFC 4868).
  const Row rows[] = {{"sha", 2},       {"sha1", 2},      {"sha1_160", 7}, {"sha256", 12}, {"sha2_256", 12},
                      {"sha384", 13},   {"sha2_384", 13}, {"sha512", 14},  {"sha2_512", 14}, {"aesxcbc", 5},
                      {"aescmac", 8},   {"md5_128", 6}};
  for (const Row& r : rows) {
    std::string text = std::string("aes128-") + r.keyword;
    INFO(text);
    CHECK(numbers(esp_ok(text).integ) == std::vector<uint16_t>{r.id});
  }
  CHECK(numbers(esp_ok("aes128-md5", true).integ) == std::vector<uint16_t>{1});
}

TEST_CASE("PRF keywords name the IANA Transform Type 2 IDs", "[headend][proposal]") {
  struct Row {
    const char* keyword;
    uint16_t id;
  };
  // PRF_HMAC_MD5 1, PRF_HMAC_SHA1 2, PRF_AES128_XCBC 4 (RFC 4434),
  // PRF_HMAC_SHA2_256 5, _384 6, _512 7 (RFC 4868), PRF_AES128_CMAC 8 (RFC 4615).
  const Row rows[] = {{"prfsha1", 2},   {"prfsha256", 5},  {"prfsha384", 6},
                      {"prfsha512", 7}, {"prfaesxcbc", 4}, {"prfaescmac", 8}};
  for (const Row& r : rows) {
    std::string text = std::string("aes256gcm16-") + r.keyword + "-x25519";
    INFO(text);
    IkeProposalPolicy p = ike_ok(text);
    CHECK(numbers(p.prf) == std::vector<uint16_t>{r.id});
    CHECK(p.integ.empty());
  }
  CHECK(numbers(ike_ok("aes256gcm16-prfmd5-x25519", true).prf) == std::vector<uint16_t>{1});
}

TEST_CASE("key exchange keywords name the IANA Transform Type 4 IDs", "[headend][proposal]") {
  struct Row {
    const char* keyword;
    uint16_t id;
  };
  // MODP 1536 5, 2048 14, 3072 15, 4096 16, 6144 17, 8192 18 (RFC 3526);
  // ECP 256/384/521 19/20/21 (RFC 5903); RFC 5114 groups 22-26; Brainpool
  // 27-30 (RFC 6954); Curve25519 31 and Curve448 32 (RFC 8031); ML-KEM
  // 512/768/1024 35/36/37 (IANA, draft-ietf-ipsecme-ikev2-mlkem).
  const Row rows[] = {
      {"modp2048", 14},     {"modp3072", 15},     {"modp4096", 16},     {"modp6144", 17},   {"modp8192", 18},
      {"ecp256", 19},       {"ecp384", 20},       {"ecp521", 21},       {"modp1024s160", 22}, {"modp2048s224", 23},
      {"modp2048s256", 24}, {"ecp192", 25},       {"ecp224", 26},       {"ecp224bp", 27},   {"ecp256bp", 28},
      {"ecp384bp", 29},     {"ecp512bp", 30},     {"curve25519", 31},   {"x25519", 31},     {"curve448", 32},
      {"x448", 32},         {"mlkem512", 35},     {"mlkem768", 36},     {"mlkem1024", 37},
  };
  for (const Row& r : rows) {
    std::string text = std::string("aes256gcm16-prfsha256-") + r.keyword;
    INFO(text);
    CHECK(numbers(ike_ok(text).groups) == std::vector<uint16_t>{r.id});
    // The same keyword in an ESP proposal is a PFS group.
    CHECK(numbers(esp_ok(std::string("aes256gcm16-") + r.keyword).groups) == std::vector<uint16_t>{r.id});
  }
  // MODP 768 is group 1, MODP 1024 group 2 (RFC 7296 Appendix B).
  CHECK(numbers(ike_ok("aes128-sha256-modp768", true).groups) == std::vector<uint16_t>{1});
  CHECK(numbers(ike_ok("aes128-sha256-modp1024", true).groups) == std::vector<uint16_t>{2});
  CHECK(numbers(ike_ok("aes128-sha256-modp1536", true).groups) == std::vector<uint16_t>{5});
}

TEST_CASE("a whole strongSwan IKE proposal", "[headend][proposal]") {
  IkeProposalPolicy p = ike_ok("aes256gcm16-prfsha256-x25519");
  CHECK(encr_numbers(p.encr) == std::vector<Encr>{{20, 256}});
  CHECK(numbers(p.prf) == std::vector<uint16_t>{5});
  CHECK(p.integ.empty());  // AEAD: no INTEG transform (RFC 7296 §3.3)
  CHECK(numbers(p.groups) == std::vector<uint16_t>{31});
  CHECK_FALSE(p.allow_legacy);

  p = ike_ok("aes256-sha256-modp2048");
  CHECK(encr_numbers(p.encr) == std::vector<Encr>{{12, 256}});
  CHECK(numbers(p.integ) == std::vector<uint16_t>{12});
  CHECK(numbers(p.groups) == std::vector<uint16_t>{14});
}

TEST_CASE("without a prf keyword the PRF follows the integrity algorithm as in strongSwan", "[headend][proposal]") {
  // strongSwan's proposal.c integ_prf_map: HMAC-SHA1-96 -> PRF_HMAC_SHA1,
  // HMAC-SHA2-* -> PRF_HMAC_SHA2-*, AES-XCBC-96 -> PRF_AES128_XCBC,
  // AES-CMAC-96 -> PRF_AES128_CMAC.
  struct Row {
    const char* integ;
    uint16_t prf;
  };
  const Row rows[] = {{"sha1", 2}, {"sha256", 5}, {"sha384", 6}, {"sha512", 7}, {"aesxcbc", 4}, {"aescmac", 8}};
  for (const Row& r : rows) {
    std::string text = std::string("aes128-") + r.integ + "-ecp256";
    INFO(text);
    CHECK(numbers(ike_ok(text).prf) == std::vector<uint16_t>{r.prf});
  }
  // Several integrity algorithms: one PRF each, in the same order.
  CHECK(numbers(ike_ok("aes128-sha384-sha256-ecp256").prf) == std::vector<uint16_t>{6, 5});
  // An explicit PRF wins over the derivation.
  IkeProposalPolicy p = ike_ok("aes128-sha256-prfsha512-ecp384");
  CHECK(numbers(p.prf) == std::vector<uint16_t>{7});
  CHECK(numbers(p.groups) == std::vector<uint16_t>{20});
  // HMAC-MD5-96 gives PRF_HMAC_MD5 when legacy algorithms are allowed.
  CHECK(numbers(ike_ok("aes128-md5-modp2048", true).prf) == std::vector<uint16_t>{1});
}

TEST_CASE("legacy algorithms need allow-legacy (RFC 8247)", "[headend][proposal]") {
  // 3DES is ENCR 3, DES ENCR 2 (RFC 7296 §3.3.2).
  CHECK(encr_numbers(ike_ok("3des-sha1-modp2048", true).encr) == std::vector<Encr>{{3, 0}});
  CHECK(encr_numbers(ike_ok("des-sha1-modp2048", true).encr) == std::vector<Encr>{{2, 0}});
  CHECK(ike_ok("3des-sha1-modp1024", true).allow_legacy);
  CHECK(esp_ok("3des-sha1", true).allow_legacy);

  for (const char* text : {"3des-sha256-modp2048", "des-sha256-modp2048", "aes128-md5-modp2048",
                           "aes128-sha256-prfmd5-modp2048", "aes128-sha256-modp1024", "aes128-sha256-modp768",
                           "aes128-sha256-modp1536"}) {
    std::string m = ike_error(text);
    INFO(m);
    CHECK(contains(m, "legacy"));
    CHECK(contains(m, "allow-legacy"));
  }
  std::string m = esp_error("3des-sha1");
  CHECK(contains(m, "\"3des\" is a legacy algorithm"));
  CHECK(contains(esp_error("aes128-md5"), "\"md5\" is a legacy algorithm"));
}

TEST_CASE("a PRF derived from the integrity algorithm is held to allow-legacy too", "[headend][proposal]") {
  // HMAC-MD5-128 is not in legacy.h, but the PRF derived from it is
  // PRF_HMAC_MD5, which is (RFC 8247 §2.2 MUST NOT). Without allow-legacy the
  // policy could never be negotiated (select_ike_proposal refuses the only
  // PRF), so the configuration must be refused where it is written.
  auto p = parse_ike_proposals("aes128-md5_128-x25519", false);
  CHECK_FALSE(p.ok());
  if (!p.ok()) CHECK(contains(std::string(p.status().message()), "legacy"));
}

TEST_CASE("ESP proposals and sequence numbers", "[headend][proposal]") {
  // RFC 7296 §3.3.2 Transform Type 5: 0 = no ESN, 1 = ESN.
  EspProposalPolicy p = esp_ok("aes256gcm16");
  CHECK(encr_numbers(p.encr) == std::vector<Encr>{{20, 256}});
  CHECK(p.integ.empty());
  CHECK(numbers(p.esn) == std::vector<uint16_t>{0});  // no keyword: noesn, as in strongSwan
  CHECK(p.groups.empty());

  CHECK(numbers(esp_ok("aes128-sha256-esn").esn) == std::vector<uint16_t>{1});
  CHECK(numbers(esp_ok("aes128-sha256-noesn").esn) == std::vector<uint16_t>{0});
  CHECK(numbers(esp_ok("aes128-sha256-esn-noesn").esn) == std::vector<uint16_t>{1, 0});

  p = esp_ok("chacha20poly1305-modp2048");
  CHECK(encr_numbers(p.encr) == std::vector<Encr>{{28, 0}});
  CHECK(numbers(p.groups) == std::vector<uint16_t>{14});

  // A list merges per transform type, in order, without duplicates.
  p = esp_ok("aes256gcm16, aes128-sha256-esn ,aes256gcm16");
  CHECK(encr_numbers(p.encr) == std::vector<Encr>{{20, 256}, {12, 128}});
  CHECK(numbers(p.integ) == std::vector<uint16_t>{12});
  CHECK(numbers(p.esn) == std::vector<uint16_t>{0, 1});
}

TEST_CASE("a proposal list is merged per transform type", "[headend][proposal]") {
  IkeProposalPolicy p = ike_ok("aes256gcm16-prfsha256-x25519, aes128-sha256-modp2048");
  CHECK(encr_numbers(p.encr) == std::vector<Encr>{{20, 256}, {12, 128}});
  CHECK(numbers(p.prf) == std::vector<uint16_t>{5});
  CHECK(numbers(p.integ) == std::vector<uint16_t>{12});
  CHECK(numbers(p.groups) == std::vector<uint16_t>{31, 14});
}

TEST_CASE("\"default\" is ikecore's default policy", "[headend][proposal]") {
  IkeProposalPolicy d = default_ike_policy();
  IkeProposalPolicy p = ike_ok("default");
  CHECK(p.encr == d.encr);
  CHECK(p.prf == d.prf);
  CHECK(p.integ == d.integ);
  CHECK(p.groups == d.groups);
  CHECK_FALSE(p.allow_legacy);

  EspProposalPolicy e = default_esp_policy();
  EspProposalPolicy q = esp_ok("default");
  CHECK(q.encr == e.encr);
  CHECK(q.integ == e.integ);
  CHECK(q.esn == e.esn);
  CHECK(q.groups == e.groups);

  // "default" then more: the default's lists, then what is new.
  p = ike_ok("default, aes128ctr-sha256-ecp256bp");
  REQUIRE(p.encr.size() == d.encr.size() + 1);
  CHECK(encr_numbers({p.encr.back()}) == std::vector<Encr>{{13, 128}});
  CHECK(static_cast<uint16_t>(p.groups.back()) == 28);
}

TEST_CASE("proposal errors", "[headend][proposal]") {
  // RFC 7296 §3.3: an IKE SA needs a PRF; AEAD ciphers carry no INTEG, so
  // nothing to derive it from.
  CHECK(contains(ike_error("aes256gcm16-x25519"), "needs a PRF"));
  CHECK(contains(ike_error("chacha20poly1305-ecp256"), "needs a PRF"));
  // A non-AEAD cipher needs INTEG, in IKE and in ESP (§3.3.3).
  CHECK(contains(ike_error("aes256-prfsha256-x25519"), "needs an integrity algorithm"));
  CHECK(contains(esp_error("aes256"), "needs an integrity algorithm"));
  // Every IKE proposal needs a key exchange method (§3.3.3).
  CHECK(contains(ike_error("aes256-sha256"), "key exchange group"));
  CHECK(contains(ike_error("sha256-x25519"), "no encryption algorithm"));
  CHECK(contains(esp_error("sha256"), "no encryption algorithm"));
  // Unknown keywords name the proposal and the keyword.
  std::string m = ike_error("aes256-sha256-modp2048, aes256-sha257-modp2048");
  CHECK(contains(m, "proposal \"aes256-sha257-modp2048\""));
  CHECK(contains(m, "unknown algorithm \"sha257\""));
  CHECK(contains(esp_error("aes256gcm16-bogus"), "unknown algorithm \"bogus\""));
  CHECK(contains(ike_error("aes256--sha256-x25519"), "unknown algorithm \"\""));
  // Transforms of the other protocol.
  CHECK(contains(ike_error("aes256gcm16-prfsha256-x25519-esn"), "esn/noesn are for ESP"));
  CHECK(contains(esp_error("aes256gcm16-prfsha256"), "PRF has no place in an ESP proposal"));
  // Nothing at all.
  CHECK(contains(ike_error(""), "empty proposal list"));
  CHECK(contains(esp_error(" , "), "empty proposal list"));
}
