// The Wireshark key-log lines (keylog.h): exact lines in the UAT formats of
// Wireshark 4.0's ikev2_decryption_table and esp_sa, and the errors for what
// Wireshark cannot express. tests/tshark/tshark_decrypt_test.cc feeds such
// lines to tshark itself.
#include "ikecore/crypto/keylog.h"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "absl/strings/str_split.h"

using namespace ikecore;

namespace {

// n bytes counting up from `start`: 00 01 02 ... for start 0.
Bytes counting(size_t n, uint8_t start) {
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(start + i);
  return b;
}

// The eight comma-separated fields of a line (no field here contains a comma).
std::vector<std::string> fields(const std::string& line) { return absl::StrSplit(line, ','); }

constexpr uint64_t kSpiI = 0x58aff71141ba436bULL;
constexpr uint64_t kSpiR = 0xfc696330e6b94d7fULL;

}  // namespace

TEST_CASE("IKEv2 decryption table line: AES-CBC-192 with HMAC-SHA1-96", "[crypto][keylog]") {
  const Bytes ei = counting(24, 0x00), er = counting(24, 0x40), ai = counting(20, 0x80), ar = counting(20, 0xc0);
  auto line = ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesCbc, 192, ei, er, IntegId::kHmacSha1_96, ai, ar);
  REQUIRE(line.ok());
  CHECK(*line ==
        "58aff71141ba436b,fc696330e6b94d7f,"
        "000102030405060708090a0b0c0d0e0f1011121314151617,"
        "404142434445464748494a4b4c4d4e4f5051525354555657,"
        "\"AES-CBC-192 [RFC3602]\","
        "808182838485868788898a8b8c8d8e8f90919293,"
        "c0c1c2c3c4c5c6c7c8c9cacbcccdcecfd0d1d2d3,"
        "\"HMAC_SHA1_96 [RFC2404]\"");
  CHECK(line->find('\n') == std::string::npos);

  // The IkeSaKeys overload writes the same line.
  IkeSaKeys keys;
  keys.ei = SecretBytes(ei);
  keys.er = SecretBytes(er);
  keys.ai = SecretBytes(ai);
  keys.ar = SecretBytes(ar);
  auto same = ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesCbc, 192, IntegId::kHmacSha1_96, keys);
  REQUIRE(same.ok());
  CHECK(*same == *line);
}

TEST_CASE("IKEv2 decryption table line: AEAD ciphers have no integrity keys", "[crypto][keylog]") {
  const Bytes ei = counting(36, 0x00), er = counting(36, 0x40);
  auto line = ikev2_decryption_table_line(0x0000000000000001ULL, 0x00000000000000ffULL, EncrId::kAesGcm16, 256, ei, er,
                                          IntegId::kNone, {}, {});
  REQUIRE(line.ok());
  CHECK(*line ==
        "0000000000000001,00000000000000ff,"
        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20212223,"
        "404142434445464748494a4b4c4d4e4f505152535455565758595a5b5c5d5e5f60616263,"
        "\"AES-GCM-256 with 16 octet ICV [RFC5282]\",,,\"NONE [RFC4306]\"");
}

TEST_CASE("IKEv2 decryption table line: every algorithm name and key size", "[crypto][keylog]") {
  struct Encr {
    EncrId id;
    uint16_t bits;
    size_t key;
    const char* name;
  };
  const Encr encrs[] = {
      {EncrId::kNull, 0, 0, "NULL [RFC2410]"},
      {EncrId::k3des, 0, 24, "3DES [RFC2451]"},
      {EncrId::k3des, 192, 24, "3DES [RFC2451]"},
      {EncrId::kAesCbc, 128, 16, "AES-CBC-128 [RFC3602]"},
      {EncrId::kAesCbc, 192, 24, "AES-CBC-192 [RFC3602]"},
      {EncrId::kAesCbc, 256, 32, "AES-CBC-256 [RFC3602]"},
      {EncrId::kAesCtr, 128, 20, "AES-CTR-128 [RFC5930]"},
      {EncrId::kAesCtr, 192, 28, "AES-CTR-192 [RFC5930]"},
      {EncrId::kAesCtr, 256, 36, "AES-CTR-256 [RFC5930]"},
      {EncrId::kAesGcm8, 128, 20, "AES-GCM-128 with 8 octet ICV [RFC5282]"},
      {EncrId::kAesGcm8, 192, 28, "AES-GCM-192 with 8 octet ICV [RFC5282]"},
      {EncrId::kAesGcm8, 256, 36, "AES-GCM-256 with 8 octet ICV [RFC5282]"},
      {EncrId::kAesGcm12, 128, 20, "AES-GCM-128 with 12 octet ICV [RFC5282]"},
      {EncrId::kAesGcm12, 192, 28, "AES-GCM-192 with 12 octet ICV [RFC5282]"},
      {EncrId::kAesGcm12, 256, 36, "AES-GCM-256 with 12 octet ICV [RFC5282]"},
      {EncrId::kAesGcm16, 128, 20, "AES-GCM-128 with 16 octet ICV [RFC5282]"},
      {EncrId::kAesGcm16, 192, 28, "AES-GCM-192 with 16 octet ICV [RFC5282]"},
      {EncrId::kAesGcm16, 256, 36, "AES-GCM-256 with 16 octet ICV [RFC5282]"},
      {EncrId::kAesCcm8, 128, 19, "AES-CCM-128 with 8 octet ICV [RFC5282]"},
      {EncrId::kAesCcm12, 192, 27, "AES-CCM-192 with 12 octet ICV [RFC5282]"},
      {EncrId::kAesCcm16, 256, 35, "AES-CCM-256 with 16 octet ICV [RFC5282]"},
  };
  for (const Encr& e : encrs) {
    INFO(e.name);
    const bool aead = e.id >= EncrId::kAesCcm8;
    const IntegId integ = aead ? IntegId::kNone : IntegId::kHmacSha2_256_128;
    const Bytes key = counting(e.key, 1), mac = counting(aead ? 0 : 32, 2);
    auto line = ikev2_decryption_table_line(kSpiI, kSpiR, e.id, e.bits, key, key, integ, mac, mac);
    REQUIRE(line.ok());
    const auto f = fields(*line);
    REQUIRE(f.size() == 8);
    CHECK(f[2] == to_hex(key));
    CHECK(f[3] == to_hex(key));
    CHECK(f[4] == std::string("\"") + e.name + "\"");
    CHECK(f[7] == (aead ? "\"NONE [RFC4306]\"" : "\"HMAC_SHA2_256_128 [RFC4868]\""));
  }

  struct Integ {
    IntegId id;
    size_t key;
    const char* name;
  };
  const Integ integs[] = {
      {IntegId::kHmacMd5_96, 16, "HMAC_MD5_96 [RFC2403]"},
      {IntegId::kHmacSha1_96, 20, "HMAC_SHA1_96 [RFC2404]"},
      {IntegId::kHmacMd5_128, 16, "HMAC_MD5_128 [RFC4595]"},
      {IntegId::kHmacSha1_160, 20, "HMAC_SHA1_160 [RFC4595]"},
      {IntegId::kHmacSha2_256_128, 32, "HMAC_SHA2_256_128 [RFC4868]"},
      {IntegId::kHmacSha2_384_192, 48, "HMAC_SHA2_384_192 [RFC4868]"},
      {IntegId::kHmacSha2_512_256, 64, "HMAC_SHA2_512_256 [RFC4868]"},
  };
  for (const Integ& i : integs) {
    INFO(i.name);
    const Bytes key = counting(16, 1), ai = counting(i.key, 0x20), ar = counting(i.key, 0x30);
    auto line = ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesCbc, 128, key, key, i.id, ai, ar);
    REQUIRE(line.ok());
    const auto f = fields(*line);
    REQUIRE(f.size() == 8);
    CHECK(f[5] == to_hex(ai));
    CHECK(f[6] == to_hex(ar));
    CHECK(f[7] == std::string("\"") + i.name + "\"");
  }
}

TEST_CASE("IKEv2 decryption table line: AES-XCBC-96 and AES-CMAC-96 only as unchecked", "[crypto][keylog]") {
  const Bytes key = counting(16, 0), mac = counting(16, 0x80);
  for (IntegId id : {IntegId::kAesXcbc96, IntegId::kAesCmac96}) {
    INFO(to_string(id));
    auto rejected = ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesCbc, 128, key, key, id, mac, mac);
    CHECK(rejected.status().code() == absl::StatusCode::kUnimplemented);
    auto line = ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesCbc, 128, key, key, id, mac, mac,
                                            UncheckedIntegrity::kAllow);
    REQUIRE(line.ok());
    // Wireshark's "ANY" entries have a key length of 0: the keys are left out.
    CHECK(*line ==
          "58aff71141ba436b,fc696330e6b94d7f,000102030405060708090a0b0c0d0e0f,000102030405060708090a0b0c0d0e0f,"
          "\"AES-CBC-128 [RFC3602]\",,,\"ANY 96-bits of Authentication [No Checking]\"");
    // The key is still checked against the transform.
    CHECK(ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesCbc, 128, key, key, id, counting(15, 0), mac,
                                      UncheckedIntegrity::kAllow)
              .status()
              .code() == absl::StatusCode::kInvalidArgument);
  }
}

TEST_CASE("IKEv2 decryption table line: what Wireshark cannot express", "[crypto][keylog]") {
  const Bytes k16 = counting(16, 0), k20 = counting(20, 0), k24 = counting(24, 0), k36 = counting(36, 0);
  auto code = [](const absl::StatusOr<std::string>& r) { return r.status().code(); };
  // Ciphers and integrity transforms Wireshark 4.0's IKEv2 decryption lacks.
  CHECK(code(ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kChacha20Poly1305, 256, k36, k36, IntegId::kNone,
                                         {}, {})) == absl::StatusCode::kUnimplemented);
  CHECK(code(ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kDes, 64, counting(8, 0), counting(8, 0),
                                         IntegId::kHmacSha1_96, k20, k20)) == absl::StatusCode::kUnimplemented);
  CHECK(code(ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kCamelliaCbc, 128, k16, k16, IntegId::kHmacSha1_96,
                                         k20, k20)) == absl::StatusCode::kUnimplemented);
  CHECK(code(ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesCbc, 128, k16, k16, IntegId::kAes128Gmac, k20,
                                         k20)) == absl::StatusCode::kUnimplemented);
  // Key sizes that do not fit the algorithm.
  CHECK(code(ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesCbc, 0, k16, k16, IntegId::kHmacSha1_96, k20,
                                         k20)) == absl::StatusCode::kInvalidArgument);
  CHECK(code(ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesCbc, 192, k16, k24, IntegId::kHmacSha1_96, k20,
                                         k20)) == absl::StatusCode::kInvalidArgument);
  CHECK(code(ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesCbc, 128, k16, k24, IntegId::kHmacSha1_96, k20,
                                         k20)) == absl::StatusCode::kInvalidArgument);
  CHECK(code(ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesCtr, 128, k16, k16, IntegId::kHmacSha1_96, k20,
                                         k20)) == absl::StatusCode::kInvalidArgument);  // without the nonce
  CHECK(code(ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesCbc, 128, k16, k16, IntegId::kHmacSha1_96, k20,
                                         k16)) == absl::StatusCode::kInvalidArgument);
  CHECK(code(ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::k3des, 128, k24, k24, IntegId::kHmacSha1_96, k20,
                                         k20)) == absl::StatusCode::kInvalidArgument);
  // AEAD with an integrity transform, a block cipher without one.
  CHECK(code(ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesGcm16, 256, k36, k36, IntegId::kHmacSha1_96, k20,
                                         k20)) == absl::StatusCode::kInvalidArgument);
  CHECK(code(ikev2_decryption_table_line(kSpiI, kSpiR, EncrId::kAesCbc, 128, k16, k16, IntegId::kNone, {}, {})) ==
        absl::StatusCode::kInvalidArgument);
}

TEST_CASE("ESP SA line: IPv4 AES-CBC with HMAC-SHA1-96", "[crypto][keylog]") {
  const uint8_t client[4] = {192, 168, 1, 1}, asa[4] = {10, 0, 0, 1};
  auto line = esp_sa_line(client, asa, 0x77ee5348, EncrId::kAesCbc, 256, counting(32, 0), IntegId::kHmacSha1_96,
                          counting(20, 0x80));
  REQUIRE(line.ok());
  CHECK(*line ==
        "\"IPv4\",\"192.168.1.1\",\"10.0.0.1\",\"0x77ee5348\",\"AES-CBC [RFC3602]\","
        "\"0x000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\","
        "\"HMAC-SHA-1-96 [RFC2404]\",\"0x808182838485868788898a8b8c8d8e8f90919293\"");
}

TEST_CASE("ESP SA line: IPv6 AES-GCM with full addresses and a leading-zero SPI", "[crypto][keylog]") {
  const uint8_t a[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
  const uint8_t b[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x02, 0x1a, 0x2b, 0xff, 0xfe, 0x3c, 0x4d, 0x5e};
  auto line = esp_sa_line(a, b, 0x0000abcd, EncrId::kAesGcm16, 128, counting(20, 0x10), IntegId::kNone, {});
  REQUIRE(line.ok());
  CHECK(*line ==
        "\"IPv6\",\"2001:0db8:0000:0000:0000:0000:0000:0001\",\"fe80:0000:0000:0000:021a:2bff:fe3c:4d5e\","
        "\"0x0000abcd\",\"AES-GCM with 16 octet ICV [RFC4106]\",\"0x101112131415161718191a1b1c1d1e1f20212223\","
        "\"NULL\",\"0x\"");
}

TEST_CASE("ESP SA line: every algorithm name", "[crypto][keylog]") {
  const uint8_t s[4] = {10, 0, 0, 1}, d[4] = {10, 0, 0, 2};
  struct Encr {
    EncrId id;
    uint16_t bits;
    size_t key;
    const char* name;
  };
  const Encr encrs[] = {
      {EncrId::kNull, 0, 0, "NULL"},
      {EncrId::kDes, 0, 8, "DES-CBC [RFC2405]"},
      {EncrId::k3des, 192, 24, "TripleDES-CBC [RFC2451]"},
      {EncrId::kAesCbc, 128, 16, "AES-CBC [RFC3602]"},
      {EncrId::kAesCbc, 192, 24, "AES-CBC [RFC3602]"},
      {EncrId::kAesCtr, 128, 20, "AES-CTR [RFC3686]"},
      {EncrId::kAesCtr, 256, 36, "AES-CTR [RFC3686]"},
      {EncrId::kAesGcm8, 128, 20, "AES-GCM with 8 octet ICV [RFC4106]"},
      {EncrId::kAesGcm12, 192, 28, "AES-GCM with 12 octet ICV [RFC4106]"},
      {EncrId::kAesGcm16, 256, 36, "AES-GCM with 16 octet ICV [RFC4106]"},
  };
  for (const Encr& e : encrs) {
    INFO(e.name);
    const bool aead = e.id >= EncrId::kAesGcm8;
    const Bytes key = counting(e.key, 3), mac = counting(aead ? 0 : 16, 4);
    auto line = esp_sa_line(s, d, 1, e.id, e.bits, key, aead ? IntegId::kNone : IntegId::kHmacMd5_96, mac);
    REQUIRE(line.ok());
    const auto f = fields(*line);
    REQUIRE(f.size() == 8);
    CHECK(f[3] == "\"0x00000001\"");
    CHECK(f[4] == std::string("\"") + e.name + "\"");
    CHECK(f[5] == "\"0x" + to_hex(key) + "\"");
    CHECK(f[6] == (aead ? "\"NULL\"" : "\"HMAC-MD5-96 [RFC2403]\""));
  }
  struct Integ {
    IntegId id;
    size_t key;
    const char* name;
  };
  const Integ integs[] = {
      {IntegId::kNone, 0, "NULL"},
      {IntegId::kHmacMd5_96, 16, "HMAC-MD5-96 [RFC2403]"},
      {IntegId::kHmacSha1_96, 20, "HMAC-SHA-1-96 [RFC2404]"},
      {IntegId::kHmacSha2_256_128, 32, "HMAC-SHA-256-128 [RFC4868]"},
      {IntegId::kHmacSha2_384_192, 48, "HMAC-SHA-384-192 [RFC4868]"},
      {IntegId::kHmacSha2_512_256, 64, "HMAC-SHA-512-256 [RFC4868]"},
  };
  for (const Integ& i : integs) {
    INFO(i.name);
    const Bytes mac = counting(i.key, 0x55);
    auto line = esp_sa_line(s, d, 0xffffffff, EncrId::kAesCbc, 128, counting(16, 0), i.id, mac);
    REQUIRE(line.ok());
    const auto f = fields(*line);
    REQUIRE(f.size() == 8);
    CHECK(f[3] == "\"0xffffffff\"");
    CHECK(f[6] == std::string("\"") + i.name + "\"");
    CHECK(f[7] == "\"0x" + to_hex(mac) + "\"");
  }
  auto unchecked = esp_sa_line(s, d, 2, EncrId::kAesCbc, 128, counting(16, 0), IntegId::kAesXcbc96,
                               counting(16, 0), UncheckedIntegrity::kAllow);
  REQUIRE(unchecked.ok());
  CHECK(fields(*unchecked)[6] == "\"ANY 96 bit authentication [no checking]\"");
  CHECK(fields(*unchecked)[7] == "\"0x\"");
}

TEST_CASE("ESP SA line: what Wireshark cannot express", "[crypto][keylog]") {
  const uint8_t v4[4] = {10, 0, 0, 1};
  const uint8_t v6[16] = {0xfe, 0x80};
  const Bytes k16 = counting(16, 0), k20 = counting(20, 0), k36 = counting(36, 0);
  auto code = [](const absl::StatusOr<std::string>& r) { return r.status().code(); };
  CHECK(code(esp_sa_line(v4, v6, 1, EncrId::kAesCbc, 128, k16, IntegId::kHmacSha1_96, k20)) ==
        absl::StatusCode::kInvalidArgument);
  CHECK(code(esp_sa_line(ByteView(v4, 3), ByteView(v4, 3), 1, EncrId::kAesCbc, 128, k16, IntegId::kHmacSha1_96,
                         k20)) == absl::StatusCode::kInvalidArgument);
  CHECK(code(esp_sa_line(v4, v4, 1, EncrId::kChacha20Poly1305, 256, k36, IntegId::kNone, {})) ==
        absl::StatusCode::kUnimplemented);
  CHECK(code(esp_sa_line(v4, v4, 1, EncrId::kAesCcm16, 128, counting(19, 0), IntegId::kNone, {})) ==
        absl::StatusCode::kUnimplemented);
  CHECK(code(esp_sa_line(v4, v4, 1, EncrId::kAesCbc, 128, k16, IntegId::kAesCmac96, k16)) ==
        absl::StatusCode::kUnimplemented);
  CHECK(code(esp_sa_line(v4, v4, 1, EncrId::kAesGcm16, 128, k20, IntegId::kHmacSha1_96, k20)) ==
        absl::StatusCode::kInvalidArgument);
  CHECK(code(esp_sa_line(v4, v4, 1, EncrId::kNull, 0, {}, IntegId::kNone, {})) ==
        absl::StatusCode::kInvalidArgument);
  CHECK(code(esp_sa_line(v4, v4, 1, EncrId::kAesCtr, 128, k16, IntegId::kHmacSha1_96, k20)) ==
        absl::StatusCode::kInvalidArgument);
  CHECK(code(esp_sa_line(v4, v4, 1, EncrId::kAesCbc, 128, k16, IntegId::kHmacSha1_96, k16)) ==
        absl::StatusCode::kInvalidArgument);
  CHECK(code(esp_sa_line(v4, v4, 1, EncrId::kAesCbc, 100, k16, IntegId::kHmacSha1_96, k20)) ==
        absl::StatusCode::kInvalidArgument);
}
