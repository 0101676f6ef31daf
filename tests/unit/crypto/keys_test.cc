// The IKEv2 key schedule against NIST CAVP SP 800-135 IKEv2 vectors
// (tests/vectors/crypto/ikev2_kdf.txt), with the BoringSSL PRFs.
#include "ikecore/crypto/keys.h"

#include <map>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "crypto/boringssl/symmetric.h"
#include "vector_file.h"

using namespace ikecore;

namespace {

using Block = std::map<std::string, std::string>;

std::vector<Block> read_blocks(const std::string& file) {
  std::vector<Block> out;
  for (const test::Vector& v : test::read_vectors(file)) out.push_back(v.fields);
  return out;
}

using test::hex;

uint64_t spi(const std::string& s) {
  Bytes b = hex(s);
  REQUIRE(b.size() == 8);
  uint64_t v = 0;
  for (uint8_t x : b) v = v << 8 | x;
  return v;
}

Bytes bytes_of(const SecretBytes& s) { return Bytes(s.view().begin(), s.view().end()); }

}  // namespace

TEST_CASE("key schedule matches the NIST CAVP IKEv2 KDF vectors", "[crypto][vectors][keys]") {
  auto blocks = read_blocks("ikev2_kdf.txt");
  REQUIRE(blocks.size() == 2);
  for (Block& b : blocks) {
    INFO(b["PRF"]);
    PrfId id = b["PRF"] == "HMAC_SHA1" ? PrfId::kHmacSha1 : PrfId::kHmacSha2_256;
    auto prf = boringssl::make_prf(id);
    REQUIRE(prf.ok());
    Bytes ni = hex(b["Ni"]), nr = hex(b["Nr"]), gir = hex(b["g^ir"]), gir_new = hex(b["g^ir (new)"]);

    auto seed = skeyseed(**prf, ni, nr, gir);
    REQUIRE(seed.ok());
    CHECK(bytes_of(*seed) == hex(b["SKEYSEED"]));

    Bytes dkm_expected = hex(b["DKM"]);
    uint8_t spis[16];
    uint64_t si = spi(b["SPIi"]), sr = spi(b["SPIr"]);
    for (int i = 0; i < 8; ++i) {
      spis[i] = static_cast<uint8_t>(si >> (56 - 8 * i));
      spis[8 + i] = static_cast<uint8_t>(sr >> (56 - 8 * i));
    }
    const ByteView dkm_seed[] = {ni, nr, ByteView(spis, 8), ByteView(spis + 8, 8)};
    auto dkm = prf_plus(**prf, seed->view(), dkm_seed, dkm_expected.size());
    REQUIRE(dkm.ok());
    CHECK(bytes_of(*dkm) == dkm_expected);

    // The same bytes through the IKE SA split: SK_d is the first prf-size
    // bytes of DKM, and the split consumes DKM in order (§2.14).
    const size_t n = (*prf)->output_size();
    IkeKeySizes sizes{n, 8, 8};  // small enough for both 132-byte DKMs
    auto keys = derive_ike_sa_keys(**prf, seed->view(), ni, nr, si, sr, sizes);
    REQUIRE(keys.ok());
    size_t total = 3 * sizes.prf + 2 * sizes.integ + 2 * sizes.encr;
    REQUIRE(total <= dkm_expected.size());
    Bytes split;
    for (const SecretBytes* k : {&keys->d, &keys->ai, &keys->ar, &keys->ei, &keys->er, &keys->pi, &keys->pr})
      split.insert(split.end(), k->view().begin(), k->view().end());
    CHECK(split == Bytes(dkm_expected.begin(), dkm_expected.begin() + static_cast<long>(total)));

    ByteView sk_d = ByteView(dkm_expected).first(n);
    if (b.count("DKM(Child SA)")) {
      Bytes expected = hex(b["DKM(Child SA)"]);
      auto child = child_keymat(**prf, sk_d, {}, ni, nr, expected.size());
      REQUIRE(child.ok());
      CHECK(bytes_of(*child) == expected);
    }
    if (b.count("DKM(Child SA D-H)")) {
      Bytes expected = hex(b["DKM(Child SA D-H)"]);
      auto child = child_keymat(**prf, sk_d, gir_new, ni, nr, expected.size());
      REQUIRE(child.ok());
      CHECK(bytes_of(*child) == expected);
      // The split takes encr then integ, initiator's direction first (§2.17).
      auto keys2 = derive_child_sa_keys(**prf, sk_d, gir_new, ni, nr, 32, 20);
      REQUIRE(keys2.ok());
      CHECK(bytes_of(keys2->encr_i) == Bytes(expected.begin(), expected.begin() + 32));
      CHECK(bytes_of(keys2->integ_i) == Bytes(expected.begin() + 32, expected.begin() + 52));
      CHECK(bytes_of(keys2->encr_r) == Bytes(expected.begin() + 52, expected.begin() + 84));
      CHECK(bytes_of(keys2->integ_r) == Bytes(expected.begin() + 84, expected.begin() + 104));
    }
    auto rekey = rekey_skeyseed(**prf, sk_d, gir_new, ni, nr);
    REQUIRE(rekey.ok());
    CHECK(bytes_of(*rekey) == hex(b["SKEYSEED(Rekey)"]));
  }
}

TEST_CASE("prf+ stops at 255 blocks", "[crypto][keys]") {
  auto prf = boringssl::make_prf(PrfId::kHmacSha1);
  REQUIRE(prf.ok());
  const uint8_t key[20] = {};
  const ByteView seed[] = {ByteView(key)};
  CHECK(prf_plus(**prf, key, seed, 255 * 20).ok());
  auto too_long = prf_plus(**prf, key, seed, 255 * 20 + 1);
  CHECK(too_long.status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("SKEYSEED with a fixed-key PRF takes 8 bytes of each nonce", "[crypto][keys]") {
  // RFC 7296 §2.14: prf(first 64 bits of Ni | first 64 bits of Nr, g^ir) for
  // AES-XCBC-PRF-128 and AES-CMAC-PRF-128: the result equals the PRF keyed
  // directly with that 16-byte key.
  for (PrfId id : {PrfId::kAes128Xcbc, PrfId::kAes128Cmac}) {
    auto prf = boringssl::make_prf(id);
    REQUIRE(prf.ok());
    Bytes ni(32), nr(32), gir(64, 0x42);
    for (size_t i = 0; i < 32; ++i) ni[i] = static_cast<uint8_t>(i), nr[i] = static_cast<uint8_t>(0x80 + i);
    auto seed = skeyseed(**prf, ni, nr, gir);
    REQUIRE(seed.ok());
    Bytes key(ni.begin(), ni.begin() + 8);
    key.insert(key.end(), nr.begin(), nr.begin() + 8);
    SecretBytes direct(16);
    const ByteView data[] = {ByteView(gir)};
    REQUIRE((*prf)->compute(key, data, direct.mutable_view()).ok());
    CHECK(bytes_of(*seed) == bytes_of(direct));
  }
}
