// AUTH constructions: RFC 7296 §2.15 octets and shared-key MIC (against an
// independent computation), RFC 7427 AlgorithmIdentifiers (against the
// published DER), and each signature method through the BoringSSL provider.
#include "ikecore/crypto/auth.h"

#include <string>

#include <catch2/catch.hpp>

#include "ikecore/crypto/boringssl.h"
#include "vector_file.h"

using namespace ikecore;

namespace {

using test::hex;
Bytes bytes_of(const SecretBytes& s) { return Bytes(s.view().begin(), s.view().end()); }
Bytes file(const std::string& name) { return test::pki_file(name); }

// The §2.15 example inputs; expected values were computed for this test with
// Python's hmac module (an implementation independent of ikecore), following
// RFC 7296 §2.15 literally.
const char kIdData[] = "*$AnyConnectClient$*";

}  // namespace

TEST_CASE("shared-key AUTH follows RFC 7296 §2.15", "[crypto][auth]") {
  BoringSslProvider provider;
  auto prf = provider.prf(PrfId::kHmacSha2_256);
  REQUIRE(prf.ok());
  Bytes sk_pi(32);
  for (size_t i = 0; i < 32; ++i) sk_pi[i] = static_cast<uint8_t>(i);
  IdPayload id{IdType::kKeyId, as_bytes(kIdData)};
  auto maced = maced_id(**prf, sk_pi, id);
  REQUIRE(maced.ok());
  CHECK(bytes_of(*maced) == hex("888801dbd551a664972dc76a7d37a3284948a0e4281d64b8f9717be3828f7990"));

  Bytes message(100);
  for (size_t i = 0; i < 100; ++i) message[i] = static_cast<uint8_t>(i);
  Bytes nonce(32, 0xaa);
  Bytes octets = signed_octets(message, nonce, maced->view());
  CHECK(octets.size() == 100 + 32 + 32);
  auto auth = shared_key_auth(**prf, as_bytes("sharedsecret"), octets);
  REQUIRE(auth.ok());
  CHECK(*auth == hex("6d894c60e9d7a8b6f9f6378ec35616c99a724be697a2c8700857ae122394cf22"));
  CHECK(verify_shared_key_auth(**prf, as_bytes("sharedsecret"), octets, *auth));
  CHECK_FALSE(verify_shared_key_auth(**prf, as_bytes("sharedsecreT"), octets, *auth));
  Bytes wrong = *auth;
  wrong[0] ^= 1;
  CHECK_FALSE(verify_shared_key_auth(**prf, as_bytes("sharedsecret"), octets, wrong));
  CHECK_FALSE(verify_shared_key_auth(**prf, as_bytes("sharedsecret"), octets, ByteView(*auth).first(31)));
}

TEST_CASE("EAP without an MSK keys AUTH with SK_pi (RFC 7296 §2.16), as in the seed", "[crypto][auth]") {
  // The seed's messages 11/12: EAP-AnyConnect makes no MSK, the AUTH is a
  // Shared Key MIC of 20 bytes under PRF-HMAC-SHA1 keyed with SK_pi.
  BoringSslProvider provider;
  auto prf = provider.prf(PrfId::kHmacSha1);
  REQUIRE(prf.ok());
  Bytes sk_pi(20);
  for (size_t i = 0; i < 20; ++i) sk_pi[i] = static_cast<uint8_t>(i);
  IdPayload id{IdType::kKeyId, as_bytes(kIdData)};
  auto maced = maced_id(**prf, sk_pi, id);
  REQUIRE(maced.ok());
  CHECK(bytes_of(*maced) == hex("5000cdd511af3af059f0a2b3d35c55accc143fb2"));
  Bytes message(100);
  for (size_t i = 0; i < 100; ++i) message[i] = static_cast<uint8_t>(i);
  Bytes octets = signed_octets(message, Bytes(32, 0xaa), maced->view());
  auto auth = shared_key_auth(**prf, sk_pi, octets);
  REQUIRE(auth.ok());
  CHECK(auth->size() == 20);
  CHECK(*auth == hex("9c4e519a7f66f5d5004becf05ea9a5a959e5720d"));
}

TEST_CASE("RFC 7427 AlgorithmIdentifiers are the published DER", "[crypto][auth]") {
  // RFC 7427 Appendix A (A.1 RSA PKCS#1, A.3 ECDSA, A.4.3 RSASSA-PSS with
  // SHA-256, MGF1 SHA-256, salt 32; the PSS bytes are also Chromium's
  // verify_signed_data test data). SHA-384/512 PSS: same structure, checked
  // with `openssl asn1parse`.
  CHECK(Bytes(algorithm_identifier(SignatureScheme::kRsaPkcs1Sha1).begin(),
              algorithm_identifier(SignatureScheme::kRsaPkcs1Sha1).end()) == hex("300d06092a864886f70d0101050500"));
  CHECK(Bytes(algorithm_identifier(SignatureScheme::kRsaPkcs1Sha256).begin(),
              algorithm_identifier(SignatureScheme::kRsaPkcs1Sha256).end()) == hex("300d06092a864886f70d01010b0500"));
  CHECK(Bytes(algorithm_identifier(SignatureScheme::kEcdsaSha256).begin(),
              algorithm_identifier(SignatureScheme::kEcdsaSha256).end()) == hex("300a06082a8648ce3d040302"));
  CHECK(Bytes(algorithm_identifier(SignatureScheme::kEcdsaSha1).begin(),
              algorithm_identifier(SignatureScheme::kEcdsaSha1).end()) == hex("300906072a8648ce3d0401"));
  CHECK(Bytes(algorithm_identifier(SignatureScheme::kRsaPssSha256).begin(),
              algorithm_identifier(SignatureScheme::kRsaPssSha256).end()) ==
        hex("304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108300d"
            "06096086480165030402010500a203020120"));
  // Every scheme has a distinct identifier that maps back to it.
  for (int i = 0; i <= static_cast<int>(SignatureScheme::kEcdsaSha512); ++i) {
    auto scheme = static_cast<SignatureScheme>(i);
    ByteView ai = algorithm_identifier(scheme);
    REQUIRE_FALSE(ai.empty());
    CHECK(scheme_for_algorithm_identifier(ai) == scheme);
  }
}

TEST_CASE("RFC 7427 AUTH data framing", "[crypto][auth]") {
  Bytes sig(64, 0x5a);
  Bytes data = digital_signature_auth_data(SignatureScheme::kEcdsaSha256, sig);
  CHECK(data.size() == 1 + 12 + 64);
  CHECK(data[0] == 12);
  auto parsed = parse_digital_signature_auth_data(data);
  REQUIRE(parsed.ok());
  CHECK(parsed->scheme == SignatureScheme::kEcdsaSha256);
  CHECK(Bytes(parsed->signature.begin(), parsed->signature.end()) == sig);

  CHECK(parse_digital_signature_auth_data({}).status().code() == absl::StatusCode::kInvalidArgument);
  Bytes short_ai = {20, 0x30, 0x0a};  // claims 20 bytes of identifier
  CHECK(parse_digital_signature_auth_data(short_ai).status().code() == absl::StatusCode::kInvalidArgument);
  Bytes unknown = {3, 0x30, 0x01, 0x00, 0x01};
  CHECK(parse_digital_signature_auth_data(unknown).status().code() == absl::StatusCode::kInvalidArgument);
  Bytes no_sig = digital_signature_auth_data(SignatureScheme::kRsaPkcs1Sha256, {});
  CHECK(parse_digital_signature_auth_data(no_sig).status().code() == absl::StatusCode::kInvalidArgument);
}

TEST_CASE("AUTH methods map to the schemes RFC 7296 and RFC 4754 define", "[crypto][auth]") {
  CHECK(scheme_for_method(AuthMethod::kRsaSig, KeyType::kRsa) == SignatureScheme::kRsaPkcs1Sha1);
  // Cisco's quirk: the hash follows the negotiated PRF (anyconnect.md).
  CHECK(scheme_for_method(AuthMethod::kRsaSig, KeyType::kRsa, *hash_of_prf(PrfId::kHmacSha2_256)) ==
        SignatureScheme::kRsaPkcs1Sha256);
  CHECK(scheme_for_method(AuthMethod::kEcdsaSha256P256, KeyType::kEcdsaP256) == SignatureScheme::kEcdsaSha256);
  CHECK(scheme_for_method(AuthMethod::kEcdsaSha384P384, KeyType::kEcdsaP384) == SignatureScheme::kEcdsaSha384);
  CHECK(scheme_for_method(AuthMethod::kEcdsaSha512P521, KeyType::kEcdsaP521) == SignatureScheme::kEcdsaSha512);
  CHECK_FALSE(scheme_for_method(AuthMethod::kEcdsaSha256P256, KeyType::kEcdsaP384));
  CHECK_FALSE(scheme_for_method(AuthMethod::kRsaSig, KeyType::kEcdsaP256));
  CHECK_FALSE(scheme_for_method(AuthMethod::kSharedKeyMic, KeyType::kRsa));
  CHECK(signature_hash_of(SignatureScheme::kRsaPssSha384) == SignatureHash::kSha384);
  CHECK(static_cast<uint16_t>(SignatureHash::kSha256) == 2);  // RFC 7427 §7 / IANA
  CHECK(encoding_for_method(AuthMethod::kEcdsaSha256P256) == EcdsaEncoding::kRawRS);
  CHECK(encoding_for_method(AuthMethod::kDigitalSignature) == EcdsaEncoding::kDer);
}

TEST_CASE("signature AUTH methods sign and verify through the provider", "[crypto][auth]") {
  BoringSslProvider provider;
  Bytes octets(300, 0x42);
  struct Case {
    const char* cert;
    const char* key;
    AuthMethod method;
    size_t raw_size;  // RFC 4754 §7: r || s, 0 for DER / RSA
  };
  const Case cases[] = {
      {"ec256-server.pem", "ec256-server.key.pem", AuthMethod::kEcdsaSha256P256, 64},
      {"ec384-leaf.pem", "ec384-leaf.key.pem", AuthMethod::kEcdsaSha384P384, 96},
      {"ec521-leaf.pem", "ec521-leaf.key.pem", AuthMethod::kEcdsaSha512P521, 132},
      {"rsa-server.pem", "rsa-server.key.pem", AuthMethod::kRsaSig, 0},
  };
  for (const Case& c : cases) {
    INFO(c.cert);
    auto cert = provider.parse_certificate(file(c.cert));
    REQUIRE(cert.ok());
    auto key = provider.parse_private_key(file(c.key));
    REQUIRE(key.ok());
    auto scheme = scheme_for_method(c.method, (*key)->type());
    REQUIRE(scheme);
    auto sig = provider.sign(**key, *scheme, octets, encoding_for_method(c.method));
    REQUIRE_FALSE(sig.pending());
    REQUIRE(sig.result().ok());
    if (c.raw_size) CHECK(sig.result()->size() == c.raw_size);
    if (c.method == AuthMethod::kRsaSig) CHECK(sig.result()->size() == 256);  // RSA-2048
    CHECK(provider.verify(**cert, *scheme, octets, *sig.result(), encoding_for_method(c.method)).ok());
    Bytes tampered = octets;
    tampered[7] ^= 1;
    CHECK_FALSE(provider.verify(**cert, *scheme, tampered, *sig.result(), encoding_for_method(c.method)).ok());
  }
  // Method 14 with RSA-PSS and ECDSA (DER) carried in the RFC 7427 framing.
  auto cert = provider.parse_certificate(file("rsa-server.pem"));
  auto key = provider.parse_private_key(file("rsa-server.key.pem"));
  REQUIRE(cert.ok());
  REQUIRE(key.ok());
  auto sig = provider.sign(**key, SignatureScheme::kRsaPssSha256, octets);
  REQUIRE(sig.result().ok());
  Bytes auth_data = digital_signature_auth_data(SignatureScheme::kRsaPssSha256, *sig.result());
  auto parsed = parse_digital_signature_auth_data(auth_data);
  REQUIRE(parsed.ok());
  CHECK(provider.verify(**cert, parsed->scheme, octets, parsed->signature).ok());
}
