// The BoringSSL provider's symmetric primitives against published test
// vectors (tests/vectors/crypto/*.txt; each file names its source document),
// through the Prf / Integrity / Cipher interfaces exactly as IKEv2 and ESP
// call them, plus the error cases of those interfaces.
//
// Vector file format: records separated by blank lines, one
// "field = value" per line. A value is hex (white space allowed), "ASCII text"
// in double quotes, or "<hex> x <count>" for a byte pattern repeated <count>
// times (the RFCs' "0xaa repeated 80 times"). An indented line continues the
// previous field's value; '#' starts a comment.
#include "crypto/boringssl/symmetric.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "ikecore/base/bytes.h"
#include "vector_file.h"

using namespace ikecore;
namespace bs = ikecore::boringssl;
using test::read_vectors;
using test::Vector;

namespace {

Bytes concat(ByteView a, ByteView b) {
  Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

ByteView prefix(ByteView v, size_t n) { return v.subspan(0, n); }

// Ways to hand the same message over in pieces: whole, split at interesting
// points (block boundaries of AES / SHA), and surrounded by empty pieces.
std::vector<std::vector<ByteView>> splits(ByteView data) {
  std::vector<std::vector<ByteView>> out;
  out.push_back({data});
  out.push_back({ByteView(), data, ByteView()});
  const size_t points[] = {0, 1, 15, 16, 17, 31, 32, 33, 64, data.size() / 2, data.size() - 1};
  for (size_t at : points) {
    if (at >= data.size()) continue;
    out.push_back({data.subspan(0, at), data.subspan(at)});
  }
  if (data.size() > 20) out.push_back({data.subspan(0, 3), data.subspan(3, 14), data.subspan(17)});
  return out;
}

void check_prf(const Prf& prf, ByteView key, ByteView data, ByteView expected) {
  for (const auto& pieces : splits(data)) {
    INFO("data in " << pieces.size() << " pieces, first " << pieces[0].size() << " bytes");
    Bytes out(prf.output_size(), 0xee);
    REQUIRE(prf.compute(key, pieces, absl::MakeSpan(out)).ok());
    CHECK(to_hex(prefix(out, expected.size())) == to_hex(expected));
  }
}

void check_integrity(const Integrity& integ, ByteView key, ByteView data, ByteView expected) {
  REQUIRE(expected.size() == integ.icv_size());
  for (const auto& pieces : splits(data)) {
    INFO("data in " << pieces.size() << " pieces, first " << pieces[0].size() << " bytes");
    Bytes icv(integ.icv_size(), 0xee);
    REQUIRE(integ.compute(key, pieces, absl::MakeSpan(icv)).ok());
    CHECK(to_hex(icv) == to_hex(expected));
  }
}

std::unique_ptr<Prf> prf_of(PrfId id) {
  auto prf = bs::make_prf(id);
  INFO(prf.status().ToString());
  REQUIRE(prf.ok());
  REQUIRE((*prf)->id() == id);
  return std::move(*prf);
}

std::unique_ptr<Integrity> integrity_of(IntegId id) {
  auto integ = bs::make_integrity(id);
  INFO(integ.status().ToString());
  REQUIRE(integ.ok());
  REQUIRE((*integ)->id() == id);
  return std::move(*integ);
}

std::unique_ptr<Cipher> cipher_of(EncrId id, uint16_t key_bits) {
  auto cipher = bs::make_cipher(id, key_bits);
  INFO(cipher.status().ToString());
  REQUIRE(cipher.ok());
  REQUIRE((*cipher)->id() == id);
  return std::move(*cipher);
}

// Encrypts `plaintext` and expects `expected` (ciphertext || ICV), decrypts
// that back, and does both once more in place.
void check_cipher(const Cipher& cipher, ByteView key_material, ByteView iv, ByteView aad, ByteView plaintext,
                  ByteView expected) {
  REQUIRE(key_material.size() == cipher.key_material_size());
  REQUIRE(iv.size() == cipher.iv_size());
  REQUIRE(expected.size() == plaintext.size() + cipher.icv_size());

  Bytes sealed(expected.size(), 0xee);
  absl::Status s = cipher.encrypt(key_material, iv, aad, plaintext, absl::MakeSpan(sealed));
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(to_hex(sealed) == to_hex(expected));

  Bytes opened(plaintext.size(), 0xee);
  s = cipher.decrypt(key_material, iv, aad, expected, absl::MakeSpan(opened));
  INFO(s.ToString());
  REQUIRE(s.ok());
  CHECK(to_hex(opened) == to_hex(plaintext));

  // In place: the output is the input's own memory.
  Bytes buffer(expected.size(), 0);
  std::copy(plaintext.begin(), plaintext.end(), buffer.begin());
  s = cipher.encrypt(key_material, iv, aad, ByteView(buffer.data(), plaintext.size()), absl::MakeSpan(buffer));
  REQUIRE(s.ok());
  CHECK(to_hex(buffer) == to_hex(expected));
  s = cipher.decrypt(key_material, iv, aad, buffer, absl::MakeSpan(buffer.data(), plaintext.size()));
  REQUIRE(s.ok());
  CHECK(to_hex(prefix(buffer, plaintext.size())) == to_hex(plaintext));
}

bool all_bytes(ByteView v, uint8_t value) {
  return std::all_of(v.begin(), v.end(), [value](uint8_t b) { return b == value; });
}

}  // namespace

// ---------------------------------------------------------------------------
// PRF and INTEG.

TEST_CASE("HMAC-MD5 and HMAC-SHA1 match RFC 2202", "[crypto][vectors]") {
  auto vectors = read_vectors("rfc2202-hmac-md5-sha1.txt");
  REQUIRE(vectors.size() == 14);
  size_t truncated = 0;
  for (const Vector& v : vectors) {
    INFO(v.where());
    const bool md5 = v.text("hash") == "md5";
    auto prf = prf_of(md5 ? PrfId::kHmacMd5 : PrfId::kHmacSha1);
    CHECK(prf->output_size() == (md5 ? 16u : 20u));
    CHECK(prf->key_size() == prf->output_size());
    const Bytes digest = v.bytes("digest");
    REQUIRE(digest.size() == prf->output_size());
    check_prf(*prf, v.bytes("key"), v.bytes("data"), digest);
    if (v.has("digest-96")) {
      // Test case 5: HMAC-MD5-96 (RFC 2403) / HMAC-SHA1-96 (RFC 2404), whose
      // keys are exactly the 16 / 20 bytes of the integrity transforms.
      auto integ = integrity_of(md5 ? IntegId::kHmacMd5_96 : IntegId::kHmacSha1_96);
      check_integrity(*integ, v.bytes("key"), v.bytes("data"), v.bytes("digest-96"));
      ++truncated;
    }
  }
  CHECK(truncated == 2);
}

TEST_CASE("PRF-HMAC-SHA2-256/384/512 match RFC 4231", "[crypto][vectors]") {
  auto vectors = read_vectors("rfc4231-hmac-sha2.txt");
  REQUIRE(vectors.size() == 7);
  const struct {
    const char* field;
    PrfId id;
    size_t size;
  } hashes[] = {{"sha256", PrfId::kHmacSha2_256, 32},
                {"sha384", PrfId::kHmacSha2_384, 48},
                {"sha512", PrfId::kHmacSha2_512, 64}};
  for (const Vector& v : vectors) {
    for (const auto& h : hashes) {
      INFO(v.where() << " " << h.field);
      auto prf = prf_of(h.id);
      CHECK(prf->output_size() == h.size);
      CHECK(prf->key_size() == h.size);  // RFC 4868 section 2.1.2
      const Bytes expected = v.bytes(h.field);
      // Test case 5 publishes only the first 128 bits.
      CHECK(expected.size() == (v.has("truncated") ? 16u : h.size));
      check_prf(*prf, v.bytes("key"), v.bytes("data"), expected);
    }
  }
}

TEST_CASE("HMAC-SHA2-256-128/384-192/512-256 match RFC 4868", "[crypto][vectors]") {
  auto vectors = read_vectors("rfc4868-hmac-sha2-integrity.txt");
  REQUIRE(vectors.size() == 9);
  const std::map<std::string, std::pair<IntegId, size_t>> ids = {
      {"hmac-sha2-256-128", {IntegId::kHmacSha2_256_128, 32}},
      {"hmac-sha2-384-192", {IntegId::kHmacSha2_384_192, 48}},
      {"hmac-sha2-512-256", {IntegId::kHmacSha2_512_256, 64}},
  };
  for (const Vector& v : vectors) {
    INFO(v.where());
    auto it = ids.find(v.text("integ"));
    REQUIRE(it != ids.end());
    auto integ = integrity_of(it->second.first);
    CHECK(integ->key_size() == it->second.second);
    CHECK(integ->icv_size() == it->second.second / 2);
    check_integrity(*integ, v.bytes("key"), v.bytes("data"), v.bytes("icv"));
  }
}

TEST_CASE("AES-XCBC-MAC-96 and the full AES-XCBC-MAC match RFC 3566", "[crypto][vectors]") {
  auto vectors = read_vectors("rfc3566-aes-xcbc-mac-96.txt");
  REQUIRE(vectors.size() == 7);
  auto integ = integrity_of(IntegId::kAesXcbc96);
  CHECK(integ->key_size() == 16);
  CHECK(integ->icv_size() == 12);
  // With a 16-byte key AES-XCBC-PRF-128 is the full AES-XCBC-MAC-128
  // (RFC 4434 section 2).
  auto prf = prf_of(PrfId::kAes128Xcbc);
  for (const Vector& v : vectors) {
    INFO(v.where());
    check_integrity(*integ, v.bytes("key"), v.bytes("data"), v.bytes("mac96"));
    check_prf(*prf, v.bytes("key"), v.bytes("data"), v.bytes("mac"));
  }
}

TEST_CASE("AES-XCBC-PRF-128 matches RFC 4434", "[crypto][vectors]") {
  auto vectors = read_vectors("rfc4434-aes-xcbc-prf-128.txt");
  REQUIRE(vectors.size() == 3);
  auto prf = prf_of(PrfId::kAes128Xcbc);
  CHECK(prf->output_size() == 16);
  CHECK(prf->key_size() == 16);
  for (const Vector& v : vectors) {
    INFO(v.where());
    check_prf(*prf, v.bytes("key"), v.bytes("data"), v.bytes("prf"));
  }
}

TEST_CASE("AES-CMAC matches RFC 4493 and AES-CMAC-96 RFC 4494", "[crypto][vectors]") {
  // AES-CMAC-PRF-128 with a 16-byte key is AES-CMAC itself (RFC 4615
  // section 3), so the RFC 4493 examples run through the PRF.
  auto prf = prf_of(PrfId::kAes128Cmac);
  CHECK(prf->output_size() == 16);
  CHECK(prf->key_size() == 16);
  auto cmac = read_vectors("rfc4493-aes-cmac.txt");
  REQUIRE(cmac.size() == 4);
  for (const Vector& v : cmac) {
    INFO(v.where());
    check_prf(*prf, v.bytes("key"), v.bytes("data"), v.bytes("mac"));
  }

  auto integ = integrity_of(IntegId::kAesCmac96);
  CHECK(integ->key_size() == 16);
  CHECK(integ->icv_size() == 12);
  auto cmac96 = read_vectors("rfc4494-aes-cmac-96.txt");
  REQUIRE(cmac96.size() == 4);
  for (const Vector& v : cmac96) {
    INFO(v.where());
    check_integrity(*integ, v.bytes("key"), v.bytes("data"), v.bytes("mac96"));
  }
}

TEST_CASE("AES-CMAC-PRF-128 matches RFC 4615", "[crypto][vectors]") {
  auto vectors = read_vectors("rfc4615-aes-cmac-prf-128.txt");
  REQUIRE(vectors.size() == 3);
  auto prf = prf_of(PrfId::kAes128Cmac);
  for (const Vector& v : vectors) {
    INFO(v.where());
    check_prf(*prf, v.bytes("key"), v.bytes("data"), v.bytes("prf"));
  }
}

// ---------------------------------------------------------------------------
// ENCR.

TEST_CASE("ChaCha20-Poly1305 matches RFC 8439", "[crypto][vectors]") {
  auto vectors = read_vectors("rfc8439-chacha20-poly1305.txt");
  REQUIRE(vectors.size() == 2);
  for (uint16_t bits : {uint16_t{0}, uint16_t{256}}) {
    auto cipher = cipher_of(EncrId::kChacha20Poly1305, bits);
    CHECK(cipher->key_bits() == 256);
    for (const Vector& v : vectors) {
      INFO(v.where() << " key_bits " << bits);
      const Bytes nonce = v.bytes("nonce");
      REQUIRE(nonce.size() == 12);
      // RFC 7634 section 2: nonce = salt (last 4 bytes of key material) || IV.
      const Bytes key_material = concat(v.bytes("key"), prefix(nonce, 4));
      check_cipher(*cipher, key_material, ByteView(nonce).subspan(4), v.bytes("aad"), v.bytes("plaintext"),
                   concat(v.bytes("ciphertext"), v.bytes("tag")));
    }
  }
}

TEST_CASE("ChaCha20-Poly1305 matches the RFC 7634 ESP and IKEv2 examples", "[crypto][vectors]") {
  auto vectors = read_vectors("rfc7634-chacha20-poly1305-ike-esp.txt");
  REQUIRE(vectors.size() == 2);
  auto cipher = cipher_of(EncrId::kChacha20Poly1305, 0);
  CHECK(cipher->key_material_size() == 36);
  CHECK(cipher->iv_size() == 8);
  CHECK(cipher->block_size() == 1);
  CHECK(cipher->icv_size() == 16);
  CHECK(cipher->aead());
  for (const Vector& v : vectors) {
    INFO(v.where());
    REQUIRE(v.bytes("key").size() == 32);
    REQUIRE(v.bytes("salt").size() == 4);
    check_cipher(*cipher, concat(v.bytes("key"), v.bytes("salt")), v.bytes("iv"), v.bytes("aad"),
                 v.bytes("plaintext"), concat(v.bytes("ciphertext"), v.bytes("tag")));
  }
}

TEST_CASE("AES-GCM with 16, 12 and 8 byte ICVs matches the GCM spec", "[crypto][vectors]") {
  auto vectors = read_vectors("gcm-spec-aes-gcm.txt");
  REQUIRE(vectors.size() == 12);
  const std::pair<EncrId, size_t> icvs[] = {
      {EncrId::kAesGcm16, 16}, {EncrId::kAesGcm12, 12}, {EncrId::kAesGcm8, 8}};
  for (const Vector& v : vectors) {
    const Bytes key = v.bytes("key");
    const Bytes iv = v.bytes("iv");
    REQUIRE(iv.size() == 12);
    const Bytes tag = v.bytes("tag");
    REQUIRE(tag.size() == 16);
    for (const auto& [id, icv] : icvs) {
      INFO(v.where() << " " << to_string(id));
      auto cipher = cipher_of(id, static_cast<uint16_t>(key.size() * 8));
      CHECK(cipher->key_bits() == key.size() * 8);
      CHECK(cipher->key_material_size() == key.size() + 4);
      CHECK(cipher->iv_size() == 8);
      CHECK(cipher->block_size() == 1);
      CHECK(cipher->icv_size() == icv);
      // RFC 4106 section 4: the 96-bit GCM IV is salt || wire IV; a truncated
      // ICV is the leading bytes of the tag.
      check_cipher(*cipher, concat(key, prefix(iv, 4)), ByteView(iv).subspan(4), v.bytes("aad"),
                   v.bytes("plaintext"), concat(v.bytes("ciphertext"), prefix(tag, icv)));
    }
  }
}

TEST_CASE("AES-CBC matches NIST SP 800-38A F.2", "[crypto][vectors]") {
  auto vectors = read_vectors("sp800-38a-aes-cbc.txt");
  REQUIRE(vectors.size() == 3);
  for (const Vector& v : vectors) {
    INFO(v.where());
    const Bytes key = v.bytes("key");
    auto cipher = cipher_of(EncrId::kAesCbc, static_cast<uint16_t>(key.size() * 8));
    CHECK(cipher->key_material_size() == key.size());
    CHECK(cipher->iv_size() == 16);
    CHECK(cipher->block_size() == 16);
    CHECK(cipher->icv_size() == 0);
    CHECK_FALSE(cipher->aead());
    check_cipher(*cipher, key, v.bytes("iv"), ByteView(), v.bytes("plaintext"), v.bytes("ciphertext"));
  }
}

TEST_CASE("AES-CTR matches RFC 3686 test vectors 1-9", "[crypto][vectors]") {
  auto vectors = read_vectors("rfc3686-aes-ctr.txt");
  REQUIRE(vectors.size() == 9);
  for (const Vector& v : vectors) {
    INFO(v.where());
    const Bytes key = v.bytes("key");
    auto cipher = cipher_of(EncrId::kAesCtr, static_cast<uint16_t>(key.size() * 8));
    CHECK(cipher->key_material_size() == key.size() + 4);
    CHECK(cipher->iv_size() == 8);
    CHECK(cipher->block_size() == 1);
    CHECK(cipher->icv_size() == 0);
    check_cipher(*cipher, concat(key, v.bytes("nonce")), v.bytes("iv"), ByteView(), v.bytes("plaintext"),
                 v.bytes("ciphertext"));
  }
}

TEST_CASE("3DES-CBC matches the NIST CAVP TCBC MMT samples", "[crypto][vectors]") {
  auto vectors = read_vectors("cavp-tdes-cbc-mmt.txt");
  REQUIRE(vectors.size() == 2);
  for (uint16_t bits : {uint16_t{0}, uint16_t{192}}) {
    auto cipher = cipher_of(EncrId::k3des, bits);
    CHECK(cipher->key_bits() == 192);
    CHECK(cipher->key_material_size() == 24);
    CHECK(cipher->iv_size() == 8);
    CHECK(cipher->block_size() == 8);
    for (const Vector& v : vectors) {
      INFO(v.where());
      check_cipher(*cipher, v.bytes("key"), v.bytes("iv"), ByteView(), v.bytes("plaintext"), v.bytes("ciphertext"));
    }
  }
}

TEST_CASE("DES-CBC matches the FIPS 81 CBC example", "[crypto][vectors]") {
  auto vectors = read_vectors("fips81-des-cbc.txt");
  REQUIRE(vectors.size() == 1);
  auto cipher = cipher_of(EncrId::kDes, 0);
  CHECK(cipher->key_bits() == 64);
  CHECK(cipher->key_material_size() == 8);
  CHECK(cipher->iv_size() == 8);
  CHECK(cipher->block_size() == 8);
  for (const Vector& v : vectors) {
    INFO(v.where());
    check_cipher(*cipher, v.bytes("key"), v.bytes("iv"), ByteView(), v.bytes("plaintext"), v.bytes("ciphertext"));
  }
}

TEST_CASE("ENCR_NULL copies", "[crypto]") {
  auto cipher = cipher_of(EncrId::kNull, 0);
  CHECK(cipher->key_material_size() == 0);
  CHECK(cipher->iv_size() == 0);
  CHECK(cipher->block_size() == 1);
  CHECK(cipher->icv_size() == 0);
  const Bytes data = {1, 2, 3, 4, 5};
  check_cipher(*cipher, ByteView(), ByteView(), ByteView(), data, data);
  CHECK(bs::make_cipher(EncrId::kNull, 128).status().code() == absl::StatusCode::kInvalidArgument);
}

// ---------------------------------------------------------------------------
// Hashes.

TEST_CASE("hashes match FIPS 180-2 and RFC 1321", "[crypto][vectors]") {
  const std::map<std::string, HashAlgorithm> algorithms = {{"sha1", HashAlgorithm::kSha1},
                                                           {"sha256", HashAlgorithm::kSha256},
                                                           {"sha384", HashAlgorithm::kSha384},
                                                           {"sha512", HashAlgorithm::kSha512},
                                                           {"md5", HashAlgorithm::kMd5}};
  auto sha = read_vectors("fips180-2-sha.txt");
  REQUIRE(sha.size() == 8);
  auto md5 = read_vectors("rfc1321-md5.txt");
  REQUIRE(md5.size() == 5);
  sha.insert(sha.end(), md5.begin(), md5.end());
  for (const Vector& v : sha) {
    INFO(v.where());
    auto it = algorithms.find(v.text("hash"));
    REQUIRE(it != algorithms.end());
    const Bytes message = v.bytes("message");
    for (const auto& pieces : splits(message)) {
      auto digest = bs::hash(it->second, pieces);
      REQUIRE(digest.ok());
      CHECK(to_hex(*digest) == to_hex(v.bytes("digest")));
    }
  }
}

// ---------------------------------------------------------------------------
// Errors.

TEST_CASE("AEAD decryption rejects a bad ICV and leaves nothing in out", "[crypto][vectors][errors]") {
  auto vectors = read_vectors("rfc7634-chacha20-poly1305-ike-esp.txt");
  auto gcm_vectors = read_vectors("gcm-spec-aes-gcm.txt");
  struct Case {
    std::unique_ptr<Cipher> cipher;
    Bytes key_material, iv, aad, plaintext, sealed;
  };
  std::vector<Case> cases;
  {
    const Vector& v = vectors.at(0);  // RFC 7634 ESP example
    cases.push_back({cipher_of(EncrId::kChacha20Poly1305, 0), concat(v.bytes("key"), v.bytes("salt")),
                     v.bytes("iv"), v.bytes("aad"), v.bytes("plaintext"),
                     concat(v.bytes("ciphertext"), v.bytes("tag"))});
  }
  for (const Vector& v : gcm_vectors) {
    if (v.text("name") != "GCM spec test case 4") continue;
    for (auto [id, icv] : {std::pair{EncrId::kAesGcm16, 16}, std::pair{EncrId::kAesGcm8, 8}}) {
      const Bytes iv = v.bytes("iv");
      cases.push_back({cipher_of(id, 128), concat(v.bytes("key"), prefix(iv, 4)), Bytes(iv.begin() + 4, iv.end()),
                       v.bytes("aad"), v.bytes("plaintext"),
                       concat(v.bytes("ciphertext"), prefix(v.bytes("tag"), static_cast<size_t>(icv)))});
    }
  }
  REQUIRE(cases.size() == 3);

  for (Case& c : cases) {
    INFO(to_string(c.cipher->id()) << " ICV " << c.cipher->icv_size());
    const size_t n = c.plaintext.size();
    // Sanity: the untouched message opens.
    Bytes out(n, 0xa5);
    REQUIRE(c.cipher->decrypt(c.key_material, c.iv, c.aad, c.sealed, absl::MakeSpan(out)).ok());
    REQUIRE(out == c.plaintext);

    auto expect_data_loss = [&](ByteView key_material, ByteView iv, ByteView aad, ByteView input) {
      Bytes sink(input.size() - c.cipher->icv_size(), 0xa5);
      absl::Status s = c.cipher->decrypt(key_material, iv, aad, input, absl::MakeSpan(sink));
      CHECK(s.code() == absl::StatusCode::kDataLoss);
      CHECK(all_bytes(sink, 0));  // zeroed, not partial plaintext
    };
    {
      INFO("flipped ICV bit");
      Bytes bad = c.sealed;
      bad.back() ^= 0x01;
      expect_data_loss(c.key_material, c.iv, c.aad, bad);
    }
    {
      INFO("flipped ciphertext bit");
      Bytes bad = c.sealed;
      bad[0] ^= 0x80;
      expect_data_loss(c.key_material, c.iv, c.aad, bad);
    }
    {
      INFO("flipped AAD bit");
      Bytes aad = c.aad;
      aad[0] ^= 0x01;
      expect_data_loss(c.key_material, c.iv, aad, c.sealed);
    }
    {
      INFO("other IV");
      Bytes iv = c.iv;
      iv[7] ^= 0x01;
      expect_data_loss(c.key_material, iv, c.aad, c.sealed);
    }
    {
      INFO("other salt");
      Bytes km = c.key_material;
      km.back() ^= 0x01;
      expect_data_loss(km, c.iv, c.aad, c.sealed);
    }
    {
      INFO("ciphertext cut by one byte");
      expect_data_loss(c.key_material, c.iv, c.aad, ByteView(c.sealed).subspan(1));
    }
    {
      INFO("input shorter than the ICV");
      Bytes sink(1, 0xa5);
      const ByteView short_input = prefix(c.sealed, c.cipher->icv_size() - 1);
      absl::Status s = c.cipher->decrypt(c.key_material, c.iv, c.aad, short_input, absl::Span<uint8_t>());
      CHECK(s.code() == absl::StatusCode::kInvalidArgument);
      s = c.cipher->decrypt(c.key_material, c.iv, c.aad, ByteView(), absl::MakeSpan(sink));
      CHECK(s.code() == absl::StatusCode::kInvalidArgument);
      CHECK(sink[0] == 0xa5);
    }
  }
}

TEST_CASE("ciphers reject wrong sizes before touching a buffer", "[crypto][vectors][errors]") {
  auto cbc_vectors = read_vectors("sp800-38a-aes-cbc.txt");
  const Vector& v = cbc_vectors.at(0);
  const Bytes key = v.bytes("key"), iv = v.bytes("iv"), pt = v.bytes("plaintext"), ct = v.bytes("ciphertext");
  auto cbc = cipher_of(EncrId::kAesCbc, 128);
  auto gcm = cipher_of(EncrId::kAesGcm16, 128);
  auto ctr = cipher_of(EncrId::kAesCtr, 128);
  const Bytes gcm_km(20, 0x11), gcm_iv(8, 0x22), ctr_km(20, 0x33), ctr_iv(8, 0x44);

  auto invalid = [](absl::Status s) { return s.code() == absl::StatusCode::kInvalidArgument; };
  Bytes out(ct.size() + 32, 0xa5);
  auto out_of = [&](size_t n) { return absl::MakeSpan(out.data(), n); };
  auto untouched = [&] { return all_bytes(out, 0xa5); };

  SECTION("CBC input not a multiple of the block") {
    CHECK(invalid(cbc->decrypt(key, iv, ByteView(), prefix(ct, 31), out_of(31))));
    CHECK(invalid(cbc->encrypt(key, iv, ByteView(), prefix(pt, 17), out_of(17))));
    CHECK(invalid(cipher_of(EncrId::k3des, 0)->decrypt(Bytes(24, 1), Bytes(8, 2), ByteView(), Bytes(12, 3),
                                                       out_of(12))));
  }
  SECTION("wrong key material length") {
    CHECK(invalid(cbc->encrypt(prefix(key, 15), iv, ByteView(), pt, out_of(pt.size()))));
    CHECK(invalid(cbc->encrypt(concat(key, Bytes(4, 0)), iv, ByteView(), pt, out_of(pt.size()))));
    CHECK(invalid(gcm->encrypt(prefix(gcm_km, 16), gcm_iv, ByteView(), pt, out_of(pt.size() + 16))));  // no salt
    CHECK(invalid(ctr->encrypt(prefix(ctr_km, 16), ctr_iv, ByteView(), pt, out_of(pt.size()))));      // no nonce
    CHECK(invalid(cipher_of(EncrId::kChacha20Poly1305, 0)
                      ->encrypt(Bytes(32, 1), gcm_iv, ByteView(), pt, out_of(pt.size() + 16))));
  }
  SECTION("wrong IV length") {
    CHECK(invalid(cbc->encrypt(key, prefix(iv, 8), ByteView(), pt, out_of(pt.size()))));
    CHECK(invalid(gcm->encrypt(gcm_km, Bytes(12, 0), ByteView(), pt, out_of(pt.size() + 16))));
    CHECK(invalid(ctr->decrypt(ctr_km, Bytes(16, 0), ByteView(), pt, out_of(pt.size()))));
  }
  SECTION("wrong output span") {
    CHECK(invalid(cbc->encrypt(key, iv, ByteView(), pt, out_of(pt.size() - 16))));
    CHECK(invalid(cbc->encrypt(key, iv, ByteView(), pt, out_of(pt.size() + 16))));
    CHECK(invalid(cbc->decrypt(key, iv, ByteView(), ct, out_of(ct.size() - 1))));
    CHECK(invalid(gcm->encrypt(gcm_km, gcm_iv, ByteView(), pt, out_of(pt.size()))));  // no room for the ICV
    CHECK(invalid(gcm->decrypt(gcm_km, gcm_iv, ByteView(), ct, out_of(ct.size()))));  // out must drop the ICV
    CHECK(invalid(ctr->encrypt(ctr_km, ctr_iv, ByteView(), pt, absl::Span<uint8_t>())));
  }
  SECTION("associated data for a cipher without integrity") {
    CHECK(invalid(cbc->encrypt(key, iv, iv, pt, out_of(pt.size()))));
  }
  SECTION("output partially overlapping the input") {
    Bytes buffer(pt.size() + 16, 0);
    std::copy(pt.begin(), pt.end(), buffer.begin());
    CHECK(invalid(cbc->encrypt(key, iv, ByteView(), prefix(buffer, pt.size()),
                               absl::MakeSpan(buffer.data() + 16, pt.size()))));
    CHECK(std::equal(pt.begin(), pt.end(), buffer.begin()));
  }
  CHECK(untouched());
}

TEST_CASE("PRF and integrity reject wrong sizes", "[crypto][vectors][errors]") {
  auto invalid = [](absl::Status s) { return s.code() == absl::StatusCode::kInvalidArgument; };
  const Bytes data = {1, 2, 3};
  const ByteView pieces[] = {data};
  Bytes out(80, 0xa5);
  for (PrfId id : {PrfId::kHmacSha2_256, PrfId::kAes128Xcbc, PrfId::kAes128Cmac}) {
    INFO(to_string(id));
    auto prf = prf_of(id);
    CHECK(invalid(prf->compute(Bytes(16, 1), pieces, absl::MakeSpan(out.data(), prf->output_size() - 1))));
    CHECK(invalid(prf->compute(Bytes(16, 1), pieces, absl::MakeSpan(out.data(), prf->output_size() + 1))));
    // Any key length is fine for a PRF, including none at all.
    CHECK(prf->compute(ByteView(), pieces, absl::MakeSpan(out.data(), prf->output_size())).ok());
  }
  for (IntegId id : {IntegId::kHmacSha1_96, IntegId::kHmacSha2_512_256, IntegId::kAesXcbc96, IntegId::kAesCmac96}) {
    INFO(to_string(id));
    auto integ = integrity_of(id);
    std::fill(out.begin(), out.end(), 0xa5);
    CHECK(invalid(integ->compute(Bytes(integ->key_size() - 1, 1), pieces, absl::MakeSpan(out.data(), integ->icv_size()))));
    CHECK(invalid(integ->compute(Bytes(integ->key_size() + 1, 1), pieces, absl::MakeSpan(out.data(), integ->icv_size()))));
    CHECK(invalid(integ->compute(Bytes(integ->key_size(), 1), pieces, absl::MakeSpan(out.data(), integ->icv_size() + 4))));
    CHECK(all_bytes(out, 0xa5));
  }
}

TEST_CASE("unsupported transforms and key sizes", "[crypto][vectors][errors]") {
  auto unimplemented = [](const absl::Status& s, const std::string& name) {
    INFO(s.ToString());
    return s.code() == absl::StatusCode::kUnimplemented && s.message().find(name) != absl::string_view::npos;
  };
  CHECK(unimplemented(bs::make_cipher(EncrId::kCamelliaCbc, 128).status(), "ENCR_CAMELLIA_CBC"));
  CHECK(unimplemented(bs::make_cipher(EncrId::kAesCcm16, 128).status(), "ENCR_AES_CCM_16"));
  CHECK(unimplemented(bs::make_cipher(EncrId::kAesCcm8, 256).status(), "ENCR_AES_CCM_8"));
  CHECK(unimplemented(bs::make_cipher(EncrId::kBlowfish, 128).status(), "ENCR_BLOWFISH"));
  CHECK(unimplemented(bs::make_prf(PrfId::kHmacTiger).status(), "PRF_HMAC_TIGER"));
  CHECK(unimplemented(bs::make_integrity(IntegId::kAes128Gmac).status(), "AUTH_AES_128_GMAC"));

  auto invalid = [](const absl::Status& s) {
    INFO(s.ToString());
    return s.code() == absl::StatusCode::kInvalidArgument;
  };
  for (EncrId id : {EncrId::kAesCbc, EncrId::kAesCtr, EncrId::kAesGcm8, EncrId::kAesGcm12, EncrId::kAesGcm16}) {
    INFO(to_string(id));
    CHECK(invalid(bs::make_cipher(id, 0).status()));  // the Key Length attribute is mandatory
    CHECK(invalid(bs::make_cipher(id, 100).status()));
    CHECK(invalid(bs::make_cipher(id, 64).status()));
    CHECK(invalid(bs::make_cipher(id, 512).status()));
  }
  CHECK(invalid(bs::make_cipher(EncrId::kChacha20Poly1305, 128).status()));
  CHECK(invalid(bs::make_cipher(EncrId::k3des, 128).status()));
  CHECK(invalid(bs::make_cipher(EncrId::kDes, 56).status()));
}
