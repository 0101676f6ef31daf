#include "ikecore/crypto/legacy.h"

#include <catch2/catch.hpp>

using namespace ikecore;

TEST_CASE("legacy algorithms are the ones RFC 8247 retires", "[crypto][legacy]") {
  // Proposed by the seed's AnyConnect 3.0 client: DES, 3DES, groups 5, 2, 1.
  CHECK(is_legacy_transform(TransformType::kEncr, 2));   // ENCR_DES
  CHECK(is_legacy_transform(TransformType::kEncr, 3));   // ENCR_3DES
  CHECK(is_legacy_transform(TransformType::kKe, 1));     // 768-bit MODP
  CHECK(is_legacy_transform(TransformType::kKe, 2));     // 1024-bit MODP
  CHECK(is_legacy_transform(TransformType::kKe, 5));     // 1536-bit MODP
  CHECK_FALSE(is_legacy_transform(TransformType::kKe, 14));    // 2048-bit MODP
  CHECK_FALSE(is_legacy_transform(TransformType::kKe, 31));    // Curve25519
  CHECK_FALSE(is_legacy_transform(TransformType::kEncr, 12));  // AES-CBC
  CHECK_FALSE(is_legacy_transform(TransformType::kEncr, 20));  // AES-GCM-16
  CHECK(is_legacy_transform(TransformType::kPrf, 1));          // PRF_HMAC_MD5 (RFC 8247 §2.2)
  CHECK(is_legacy_transform(TransformType::kInteg, 1));        // AUTH_HMAC_MD5_96 (§2.3)
  CHECK_FALSE(is_legacy_transform(TransformType::kPrf, 2));    // PRF_HMAC_SHA1
  CHECK_FALSE(is_legacy_transform(TransformType::kInteg, 12)); // AUTH_HMAC_SHA2_256_128
}
