// The registry numbers below are typed from RFC 7296 and the IANA IKEv2
// registries (with the RFC that assigned each value), not from ids.h.
#include "ikecore/wire/ids.h"

#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "ikecore/base/bytes.h"

using namespace ikecore;

namespace {

template <class E>
unsigned num(E v) {
  return static_cast<unsigned>(v);
}

Bytes hex(const char* text) {
  Bytes out;
  REQUIRE(from_hex(text, out));
  return out;
}

// For every value of E's range: a named value prints as its name, names are
// unique, and an unnamed value does not print as one of the names. Problems
// are collected so the loop costs one assertion, not 65536.
template <class E, unsigned kMax>
void check_registry_consistency() {
  std::set<std::string> names;
  std::vector<std::string> problems;
  for (unsigned i = 0; i <= kMax; ++i) {
    const absl::string_view n = name(static_cast<E>(i));
    if (n.empty()) continue;
    if (!names.insert(std::string(n)).second) problems.push_back("duplicate " + std::string(n));
    if (to_string(static_cast<E>(i)) != std::string(n)) problems.push_back("to_string " + std::string(n));
  }
  for (unsigned i = 0; i <= kMax; ++i) {
    if (!name(static_cast<E>(i)).empty()) continue;
    const std::string s = to_string(static_cast<E>(i));
    if (s.empty() || names.count(s) != 0) problems.push_back("unnamed " + std::to_string(i) + " prints as " + s);
  }
  INFO(problems.size() << " problems, first: " << (problems.empty() ? "" : problems.front()));
  CHECK(problems.empty());
}

}  // namespace

TEST_CASE("Exchange types match RFC 7296 and the IANA registry") {
  CHECK(num(ExchangeType::kIkeSaInit) == 34);
  CHECK(num(ExchangeType::kIkeAuth) == 35);
  CHECK(num(ExchangeType::kCreateChildSa) == 36);
  CHECK(num(ExchangeType::kInformational) == 37);
  CHECK(num(ExchangeType::kIkeSessionResume) == 38);  // RFC 5723
  CHECK(num(ExchangeType::kGsaAuth) == 39);           // RFC 9838
  CHECK(num(ExchangeType::kGsaRegistration) == 40);
  CHECK(num(ExchangeType::kGsaRekey) == 41);
  CHECK(num(ExchangeType::kGsaInbandRekey) == 42);
  CHECK(num(ExchangeType::kIkeIntermediate) == 43);  // RFC 9242
  CHECK(num(ExchangeType::kIkeFollowupKe) == 44);    // RFC 9370

  CHECK(name(ExchangeType::kIkeSaInit) == "IKE_SA_INIT");
  CHECK(name(ExchangeType::kCreateChildSa) == "CREATE_CHILD_SA");
  CHECK(name(ExchangeType::kIkeIntermediate) == "IKE_INTERMEDIATE");
  CHECK(to_string(ExchangeType::kInformational) == "INFORMATIONAL");
  CHECK(name(static_cast<ExchangeType>(33)).empty());
  CHECK(to_string(static_cast<ExchangeType>(33)) == "UNKNOWN_EXCHANGE_TYPE(33)");
  CHECK(to_string(static_cast<ExchangeType>(239)) == "UNKNOWN_EXCHANGE_TYPE(239)");
  CHECK(to_string(static_cast<ExchangeType>(240)) == "PRIVATE_USE_EXCHANGE_TYPE(240)");
  check_registry_consistency<ExchangeType, 255>();
}

TEST_CASE("Payload types match RFC 7296 and the IANA registry") {
  CHECK(num(PayloadType::kNone) == 0);
  CHECK(num(PayloadType::kSa) == 33);
  CHECK(num(PayloadType::kKe) == 34);
  CHECK(num(PayloadType::kIdi) == 35);
  CHECK(num(PayloadType::kIdr) == 36);
  CHECK(num(PayloadType::kCert) == 37);
  CHECK(num(PayloadType::kCertReq) == 38);
  CHECK(num(PayloadType::kAuth) == 39);
  CHECK(num(PayloadType::kNonce) == 40);
  CHECK(num(PayloadType::kNotify) == 41);
  CHECK(num(PayloadType::kDelete) == 42);
  CHECK(num(PayloadType::kVendorId) == 43);
  CHECK(num(PayloadType::kTsi) == 44);
  CHECK(num(PayloadType::kTsr) == 45);
  CHECK(num(PayloadType::kSk) == 46);
  CHECK(num(PayloadType::kCp) == 47);
  CHECK(num(PayloadType::kEap) == 48);
  CHECK(num(PayloadType::kGspm) == 49);  // RFC 6467
  CHECK(num(PayloadType::kIdg) == 50);   // RFC 9838
  CHECK(num(PayloadType::kGsa) == 51);
  CHECK(num(PayloadType::kKd) == 52);
  CHECK(num(PayloadType::kSkf) == 53);  // RFC 7383
  CHECK(num(PayloadType::kPs) == 54);   // RFC 8019
  CHECK(num(PayloadType::kCiscoFragment) == 132);

  CHECK(name(PayloadType::kSa) == "SA");
  CHECK(name(PayloadType::kSkf) == "SKF");
  CHECK(name(PayloadType::kVendorId) == "VENDOR_ID");
  CHECK(to_string(PayloadType::kCiscoFragment) == "CISCO_FRAGMENT");
  CHECK(name(static_cast<PayloadType>(77)).empty());
  CHECK(to_string(static_cast<PayloadType>(77)) == "UNKNOWN_PAYLOAD_TYPE(77)");
  CHECK(to_string(static_cast<PayloadType>(1)) == "UNKNOWN_PAYLOAD_TYPE(1)");  // IKEv1 SA
  CHECK(to_string(static_cast<PayloadType>(130)) == "PRIVATE_USE_PAYLOAD_TYPE(130)");
  check_registry_consistency<PayloadType, 255>();
}

TEST_CASE("Payload short names follow the RFC 7296 diagrams") {
  CHECK(payload_short_name(PayloadType::kSa) == "SA");
  CHECK(payload_short_name(PayloadType::kKe) == "KE");
  CHECK(payload_short_name(PayloadType::kIdi) == "IDi");
  CHECK(payload_short_name(PayloadType::kIdr) == "IDr");
  CHECK(payload_short_name(PayloadType::kCert) == "CERT");
  CHECK(payload_short_name(PayloadType::kCertReq) == "CERTREQ");
  CHECK(payload_short_name(PayloadType::kAuth) == "AUTH");
  CHECK(payload_short_name(PayloadType::kNonce) == "No");
  CHECK(payload_short_name(PayloadType::kNotify) == "N");
  CHECK(payload_short_name(PayloadType::kDelete) == "D");
  CHECK(payload_short_name(PayloadType::kVendorId) == "V");
  CHECK(payload_short_name(PayloadType::kTsi) == "TSi");
  CHECK(payload_short_name(PayloadType::kTsr) == "TSr");
  CHECK(payload_short_name(PayloadType::kSk) == "SK");
  CHECK(payload_short_name(PayloadType::kCp) == "CP");
  CHECK(payload_short_name(PayloadType::kEap) == "EAP");
  CHECK(payload_short_name(PayloadType::kGspm) == "GSPM");
  CHECK(payload_short_name(PayloadType::kIdg) == "IDg");
  CHECK(payload_short_name(PayloadType::kGsa) == "GSA");
  CHECK(payload_short_name(PayloadType::kKd) == "KD");
  CHECK(payload_short_name(PayloadType::kSkf) == "SKF");
  CHECK(payload_short_name(PayloadType::kPs) == "PS");
  CHECK(payload_short_name(PayloadType::kCiscoFragment) == "CISCO_FRAG");
  CHECK(payload_short_name(PayloadType::kNone).empty());
  CHECK(payload_short_name(static_cast<PayloadType>(77)).empty());
}

TEST_CASE("Protocol IDs and transform types") {
  CHECK(num(ProtocolId::kNone) == 0);
  CHECK(num(ProtocolId::kIke) == 1);
  CHECK(num(ProtocolId::kAh) == 2);
  CHECK(num(ProtocolId::kEsp) == 3);
  CHECK(num(ProtocolId::kFcEspHeader) == 4);  // RFC 4595
  CHECK(num(ProtocolId::kFcCtAuthentication) == 5);
  CHECK(num(ProtocolId::kGikeUpdate) == 6);  // RFC 9838
  CHECK(name(ProtocolId::kEsp) == "ESP");
  CHECK(to_string(static_cast<ProtocolId>(7)) == "UNKNOWN_PROTOCOL_ID(7)");
  CHECK(to_string(static_cast<ProtocolId>(201)) == "PRIVATE_USE_PROTOCOL_ID(201)");
  check_registry_consistency<ProtocolId, 255>();

  CHECK(num(TransformType::kEncr) == 1);
  CHECK(num(TransformType::kPrf) == 2);
  CHECK(num(TransformType::kInteg) == 3);
  CHECK(num(TransformType::kKe) == 4);
  CHECK(num(TransformType::kEsn) == 5);
  CHECK(num(TransformType::kAke1) == 6);  // RFC 9370
  CHECK(num(TransformType::kAke7) == 12);
  CHECK(num(TransformType::kKwa) == 13);     // RFC 9838
  CHECK(num(TransformType::kGcauth) == 14);  // RFC 9838
  CHECK(name(TransformType::kEncr) == "ENCR");
  CHECK(name(TransformType::kKe) == "KE");
  CHECK(name(TransformType::kAke3) == "ADDKE3");
  CHECK(to_string(static_cast<TransformType>(0)) == "UNKNOWN_TRANSFORM_TYPE(0)");
  CHECK(to_string(static_cast<TransformType>(241)) == "PRIVATE_USE_TRANSFORM_TYPE(241)");
  check_registry_consistency<TransformType, 255>();

  CHECK(num(TransformAttrType::kKeyLength) == 14);
  CHECK(name(TransformAttrType::kKeyLength) == "KEY_LENGTH");
  CHECK(to_string(static_cast<TransformAttrType>(15)) == "UNKNOWN_TRANSFORM_ATTR(15)");
  CHECK(to_string(static_cast<TransformAttrType>(16384)) ==
        "PRIVATE_USE_TRANSFORM_ATTR(16384)");
}

TEST_CASE("Encryption transform IDs") {
  CHECK(num(EncrId::kDesIv64) == 1);
  CHECK(num(EncrId::kDes) == 2);
  CHECK(num(EncrId::k3des) == 3);
  CHECK(num(EncrId::kNull) == 11);
  CHECK(num(EncrId::kAesCbc) == 12);
  CHECK(num(EncrId::kAesCtr) == 13);
  CHECK(num(EncrId::kAesCcm8) == 14);
  CHECK(num(EncrId::kAesCcm16) == 16);
  CHECK(num(EncrId::kAesGcm8) == 18);
  CHECK(num(EncrId::kAesGcm12) == 19);
  CHECK(num(EncrId::kAesGcm16) == 20);
  CHECK(num(EncrId::kNullAuthAesGmac) == 21);
  CHECK(num(EncrId::kCamelliaCbc) == 23);
  CHECK(num(EncrId::kCamelliaCcm16) == 27);
  CHECK(num(EncrId::kChacha20Poly1305) == 28);  // RFC 7634
  CHECK(num(EncrId::kAesCcm8Iiv) == 29);        // RFC 8750
  CHECK(num(EncrId::kChacha20Poly1305Iiv) == 31);
  CHECK(num(EncrId::kMagmaMgmMacKtree) == 35);  // RFC 9227

  CHECK(name(EncrId::kAesCbc) == "ENCR_AES_CBC");
  CHECK(name(EncrId::kAesGcm16) == "ENCR_AES_GCM_16");
  CHECK(name(EncrId::kChacha20Poly1305) == "ENCR_CHACHA20_POLY1305");
  CHECK(name(static_cast<EncrId>(10)).empty());  // reserved
  CHECK(name(static_cast<EncrId>(17)).empty());  // unassigned
  CHECK(name(static_cast<EncrId>(22)).empty());  // reserved for XTS-AES
  CHECK(to_string(static_cast<EncrId>(17)) == "UNKNOWN_ENCR(17)");
  CHECK(to_string(static_cast<EncrId>(1024)) == "PRIVATE_USE_ENCR(1024)");
  check_registry_consistency<EncrId, 65535>();
}

TEST_CASE("PRF and integrity transform IDs") {
  CHECK(num(PrfId::kHmacMd5) == 1);
  CHECK(num(PrfId::kHmacSha1) == 2);
  CHECK(num(PrfId::kAes128Xcbc) == 4);
  CHECK(num(PrfId::kHmacSha2_256) == 5);
  CHECK(num(PrfId::kHmacSha2_512) == 7);
  CHECK(num(PrfId::kAes128Cmac) == 8);
  CHECK(num(PrfId::kHmacStreebog512) == 9);  // RFC 9385
  CHECK(name(PrfId::kHmacSha2_256) == "PRF_HMAC_SHA2_256");
  CHECK(name(PrfId::kAes128Xcbc) == "PRF_AES128_XCBC");
  CHECK(to_string(static_cast<PrfId>(0)) == "UNKNOWN_PRF(0)");
  CHECK(to_string(static_cast<PrfId>(65535)) == "PRIVATE_USE_PRF(65535)");
  check_registry_consistency<PrfId, 65535>();

  CHECK(num(IntegId::kNone) == 0);
  CHECK(num(IntegId::kHmacMd5_96) == 1);
  CHECK(num(IntegId::kHmacSha1_96) == 2);
  CHECK(num(IntegId::kAesXcbc96) == 5);
  CHECK(num(IntegId::kAesCmac96) == 8);
  CHECK(num(IntegId::kAes256Gmac) == 11);
  CHECK(num(IntegId::kHmacSha2_256_128) == 12);  // RFC 4868
  CHECK(num(IntegId::kHmacSha2_384_192) == 13);
  CHECK(num(IntegId::kHmacSha2_512_256) == 14);
  CHECK(name(IntegId::kHmacSha1_96) == "AUTH_HMAC_SHA1_96");
  CHECK(name(IntegId::kHmacSha2_256_128) == "AUTH_HMAC_SHA2_256_128");
  CHECK(to_string(static_cast<IntegId>(15)) == "UNKNOWN_INTEG(15)");
  check_registry_consistency<IntegId, 65535>();
}

TEST_CASE("Key exchange methods") {
  CHECK(num(KeGroup::kNone) == 0);
  CHECK(num(KeGroup::kModp768) == 1);
  CHECK(num(KeGroup::kModp1024) == 2);
  CHECK(num(KeGroup::kModp1536) == 5);
  CHECK(num(KeGroup::kModp2048) == 14);  // RFC 3526
  CHECK(num(KeGroup::kModp8192) == 18);
  CHECK(num(KeGroup::kEcp256) == 19);  // RFC 5903
  CHECK(num(KeGroup::kEcp521) == 21);
  CHECK(num(KeGroup::kModp1024s160) == 22);  // RFC 5114
  CHECK(num(KeGroup::kModp2048s256) == 24);
  CHECK(num(KeGroup::kEcp192) == 25);
  CHECK(num(KeGroup::kEcp224) == 26);
  CHECK(num(KeGroup::kBrainpool224) == 27);  // RFC 6954
  CHECK(num(KeGroup::kBrainpool512) == 30);
  CHECK(num(KeGroup::kCurve25519) == 31);  // RFC 8031
  CHECK(num(KeGroup::kCurve448) == 32);
  CHECK(num(KeGroup::kGost256) == 33);  // RFC 9385
  CHECK(num(KeGroup::kGost512) == 34);
  CHECK(num(KeGroup::kMlKem512) == 35);
  CHECK(num(KeGroup::kMlKem768) == 36);
  CHECK(num(KeGroup::kMlKem1024) == 37);

  CHECK(name(KeGroup::kModp1024) == "MODP_1024");
  CHECK(name(KeGroup::kModp2048) == "MODP_2048");
  CHECK(name(KeGroup::kEcp256) == "ECP_256");
  CHECK(name(KeGroup::kModp2048s256) == "MODP_2048_S256");
  CHECK(name(KeGroup::kBrainpool256) == "BRAINPOOL_P256R1");
  CHECK(name(KeGroup::kCurve25519) == "CURVE25519");
  CHECK(name(KeGroup::kMlKem768) == "ML_KEM_768");
  CHECK(name(static_cast<KeGroup>(3)).empty());  // reserved (IKEv1 EC2N)
  CHECK(to_string(static_cast<KeGroup>(38)) == "UNKNOWN_KE_GROUP(38)");
  CHECK(to_string(static_cast<KeGroup>(1035)) == "PRIVATE_USE_KE_GROUP(1035)");
  check_registry_consistency<KeGroup, 65535>();

  CHECK(num(EsnId::kNoEsn) == 0);
  CHECK(num(EsnId::kEsn) == 1);
  CHECK(name(EsnId::kEsn) == "ESN");
  CHECK(to_string(static_cast<EsnId>(3)) == "UNKNOWN_ESN(3)");
}

TEST_CASE("transform_id_name dispatches on the transform type") {
  CHECK(transform_id_name(TransformType::kEncr, 12) == "ENCR_AES_CBC");
  CHECK(transform_id_name(TransformType::kEncr, 20) == "ENCR_AES_GCM_16");
  CHECK(transform_id_name(TransformType::kPrf, 5) == "PRF_HMAC_SHA2_256");
  CHECK(transform_id_name(TransformType::kInteg, 12) == "AUTH_HMAC_SHA2_256_128");
  CHECK(transform_id_name(TransformType::kKe, 14) == "MODP_2048");
  CHECK(transform_id_name(TransformType::kKe, 31) == "CURVE25519");
  CHECK(transform_id_name(TransformType::kEsn, 1) == "ESN");
  // The same number means different things in different registries.
  CHECK(transform_id_name(TransformType::kEncr, 2) == "ENCR_DES");
  CHECK(transform_id_name(TransformType::kPrf, 2) == "PRF_HMAC_SHA1");
  CHECK(transform_id_name(TransformType::kInteg, 2) == "AUTH_HMAC_SHA1_96");
  CHECK(transform_id_name(TransformType::kKe, 2) == "MODP_1024");
  // RFC 9370: ADDKE1..7 take Key Exchange Method IDs, NONE included.
  CHECK(transform_id_name(TransformType::kAke1, 36) == "ML_KEM_768");
  CHECK(transform_id_name(TransformType::kAke7, 35) == "ML_KEM_512");
  CHECK(transform_id_name(TransformType::kAke2, 0) == "NONE");
  // Unassigned IDs and types without an ID table here.
  CHECK(transform_id_name(TransformType::kEncr, 17).empty());
  CHECK(transform_id_name(TransformType::kKwa, 1).empty());
  CHECK(transform_id_name(static_cast<TransformType>(99), 1).empty());

  CHECK(transform_id_to_string(TransformType::kEncr, 28) == "ENCR_CHACHA20_POLY1305");
  CHECK(transform_id_to_string(TransformType::kAke3, 37) == "ML_KEM_1024");
  CHECK(transform_id_to_string(TransformType::kEncr, 17) == "UNKNOWN_ENCR(17)");
  CHECK(transform_id_to_string(TransformType::kKe, 4096) == "PRIVATE_USE_KE_GROUP(4096)");
  CHECK(transform_id_to_string(TransformType::kKwa, 1) == "UNKNOWN_TRANSFORM_ID(KWA,1)");
  CHECK(transform_id_to_string(static_cast<TransformType>(99), 7) ==
        "UNKNOWN_TRANSFORM_ID(UNKNOWN_TRANSFORM_TYPE(99),7)");
}

TEST_CASE("Notify error types") {
  CHECK(num(NotifyType::kUnsupportedCriticalPayload) == 1);
  CHECK(num(NotifyType::kInvalidIkeSpi) == 4);
  CHECK(num(NotifyType::kInvalidMajorVersion) == 5);
  CHECK(num(NotifyType::kInvalidSyntax) == 7);
  CHECK(num(NotifyType::kInvalidMessageId) == 9);
  CHECK(num(NotifyType::kInvalidSpi) == 11);
  CHECK(num(NotifyType::kNoProposalChosen) == 14);
  CHECK(num(NotifyType::kInvalidKePayload) == 17);
  CHECK(num(NotifyType::kAuthenticationFailed) == 24);
  CHECK(num(NotifyType::kSinglePairRequired) == 34);
  CHECK(num(NotifyType::kNoAdditionalSas) == 35);
  CHECK(num(NotifyType::kInternalAddressFailure) == 36);
  CHECK(num(NotifyType::kFailedCpRequired) == 37);
  CHECK(num(NotifyType::kTsUnacceptable) == 38);
  CHECK(num(NotifyType::kInvalidSelectors) == 39);
  CHECK(num(NotifyType::kUnacceptableAddresses) == 40);  // RFC 4555
  CHECK(num(NotifyType::kUnexpectedNatDetected) == 41);  // RFC 4555
  CHECK(num(NotifyType::kUseAssignedHoa) == 42);         // RFC 5026
  CHECK(num(NotifyType::kTemporaryFailure) == 43);
  CHECK(num(NotifyType::kChildSaNotFound) == 44);
  CHECK(num(NotifyType::kStateNotFound) == 47);  // RFC 9370
  CHECK(num(NotifyType::kTsMaxQueue) == 48);     // RFC 9611

  CHECK(name(NotifyType::kInvalidKePayload) == "INVALID_KE_PAYLOAD");
  CHECK(name(NotifyType::kNoProposalChosen) == "NO_PROPOSAL_CHOSEN");
  CHECK(name(NotifyType::kUseAssignedHoa) == "USE_ASSIGNED_HoA");
  CHECK(to_string(NotifyType::kAuthenticationFailed) == "AUTHENTICATION_FAILED");
  CHECK(to_string(static_cast<NotifyType>(2)) == "UNKNOWN_NOTIFY_ERROR(2)");
  CHECK(to_string(static_cast<NotifyType>(8192)) == "PRIVATE_USE_NOTIFY_ERROR(8192)");
  CHECK(to_string(static_cast<NotifyType>(12345)) == "PRIVATE_USE_NOTIFY_ERROR(12345)");

  CHECK(is_error(NotifyType::kUnsupportedCriticalPayload));
  CHECK(is_error(NotifyType::kChildSaNotFound));
  CHECK(is_error(static_cast<NotifyType>(16383)));
  CHECK_FALSE(is_error(NotifyType::kInitialContact));
  CHECK_FALSE(is_error(static_cast<NotifyType>(65535)));
}

TEST_CASE("Notify status types") {
  CHECK(num(NotifyType::kInitialContact) == 16384);
  CHECK(num(NotifyType::kSetWindowSize) == 16385);
  CHECK(num(NotifyType::kAdditionalTsPossible) == 16386);
  CHECK(num(NotifyType::kIpcompSupported) == 16387);
  CHECK(num(NotifyType::kNatDetectionSourceIp) == 16388);
  CHECK(num(NotifyType::kNatDetectionDestinationIp) == 16389);
  CHECK(num(NotifyType::kCookie) == 16390);
  CHECK(num(NotifyType::kUseTransportMode) == 16391);
  CHECK(num(NotifyType::kHttpCertLookupSupported) == 16392);
  CHECK(num(NotifyType::kRekeySa) == 16393);
  CHECK(num(NotifyType::kEspTfcPaddingNotSupported) == 16394);
  CHECK(num(NotifyType::kNonFirstFragmentsAlso) == 16395);
  CHECK(num(NotifyType::kMobikeSupported) == 16396);  // RFC 4555
  CHECK(num(NotifyType::kAdditionalIp4Address) == 16397);
  CHECK(num(NotifyType::kAdditionalIp6Address) == 16398);
  CHECK(num(NotifyType::kNoAdditionalAddresses) == 16399);
  CHECK(num(NotifyType::kUpdateSaAddresses) == 16400);
  CHECK(num(NotifyType::kCookie2) == 16401);
  CHECK(num(NotifyType::kNoNatsAllowed) == 16402);
  CHECK(num(NotifyType::kMultipleAuthSupported) == 16404);  // RFC 4739
  CHECK(num(NotifyType::kAnotherAuthFollows) == 16405);
  CHECK(num(NotifyType::kRedirectSupported) == 16406);  // RFC 5685
  CHECK(num(NotifyType::kRedirect) == 16407);
  CHECK(num(NotifyType::kRedirectedFrom) == 16408);
  CHECK(num(NotifyType::kEapOnlyAuthentication) == 16417);     // RFC 5998
  CHECK(num(NotifyType::kChildlessIkev2Supported) == 16418);   // RFC 6023
  CHECK(num(NotifyType::kIkev2MessageIdSyncSupported) == 16420);  // RFC 6311
  CHECK(num(NotifyType::kIpsecReplayCounterSyncSupported) == 16421);
  CHECK(num(NotifyType::kIkev2MessageIdSync) == 16422);
  CHECK(num(NotifyType::kIkev2FragmentationSupported) == 16430);  // RFC 7383
  CHECK(num(NotifyType::kSignatureHashAlgorithms) == 16431);      // RFC 7427
  CHECK(num(NotifyType::kUsePpk) == 16435);                       // RFC 8784
  CHECK(num(NotifyType::kPpkIdentity) == 16436);
  CHECK(num(NotifyType::kNoPpkAuth) == 16437);
  CHECK(num(NotifyType::kIntermediateExchangeSupported) == 16438);  // RFC 9242
  CHECK(num(NotifyType::kAdditionalKeyExchange) == 16441);          // RFC 9370

  CHECK(name(NotifyType::kNatDetectionSourceIp) == "NAT_DETECTION_SOURCE_IP");
  CHECK(name(NotifyType::kIkev2FragmentationSupported) == "IKEV2_FRAGMENTATION_SUPPORTED");
  CHECK(name(NotifyType::kSignatureHashAlgorithms) == "SIGNATURE_HASH_ALGORITHMS");
  CHECK(name(NotifyType::kUsePpk) == "USE_PPK");
  CHECK(name(NotifyType::kIntermediateExchangeSupported) ==
        "INTERMEDIATE_EXCHANGE_SUPPORTED");
  CHECK(to_string(NotifyType::kRedirectSupported) == "REDIRECT_SUPPORTED");
  CHECK(to_string(static_cast<NotifyType>(40000)) == "UNKNOWN_NOTIFY_STATUS(40000)");
  CHECK(to_string(static_cast<NotifyType>(40960)) == "PRIVATE_USE_NOTIFY_STATUS(40960)");
  check_registry_consistency<NotifyType, 65535>();
}

TEST_CASE("Identification, certificate and authentication registries") {
  CHECK(num(IdType::kIpv4Addr) == 1);
  CHECK(num(IdType::kFqdn) == 2);
  CHECK(num(IdType::kRfc822Addr) == 3);
  CHECK(num(IdType::kIpv6Addr) == 5);
  CHECK(num(IdType::kDerAsn1Dn) == 9);
  CHECK(num(IdType::kDerAsn1Gn) == 10);
  CHECK(num(IdType::kKeyId) == 11);
  CHECK(num(IdType::kFcName) == 12);
  CHECK(num(IdType::kNull) == 13);  // RFC 7619
  CHECK(name(IdType::kKeyId) == "ID_KEY_ID");
  CHECK(name(IdType::kRfc822Addr) == "ID_RFC822_ADDR");
  CHECK(to_string(static_cast<IdType>(4)) == "UNKNOWN_ID_TYPE(4)");  // IKEv1 subnet
  CHECK(to_string(static_cast<IdType>(200)) == "UNKNOWN_ID_TYPE(200)");
  CHECK(to_string(static_cast<IdType>(201)) == "PRIVATE_USE_ID_TYPE(201)");
  check_registry_consistency<IdType, 255>();

  CHECK(num(CertEncoding::kPkcs7X509) == 1);
  CHECK(num(CertEncoding::kX509Signature) == 4);
  CHECK(num(CertEncoding::kCrl) == 7);
  CHECK(num(CertEncoding::kRawRsaKey) == 11);
  CHECK(num(CertEncoding::kHashUrlX509Cert) == 12);
  CHECK(num(CertEncoding::kHashUrlX509Bundle) == 13);
  CHECK(num(CertEncoding::kOcspContent) == 14);   // RFC 4806
  CHECK(num(CertEncoding::kRawPublicKey) == 15);  // RFC 7670
  CHECK(name(CertEncoding::kX509Signature) == "X509_SIGNATURE");
  CHECK(to_string(static_cast<CertEncoding>(5)) == "UNKNOWN_CERT_ENCODING(5)");
  CHECK(to_string(static_cast<CertEncoding>(255)) == "PRIVATE_USE_CERT_ENCODING(255)");
  check_registry_consistency<CertEncoding, 255>();

  CHECK(num(AuthMethod::kRsaSig) == 1);
  CHECK(num(AuthMethod::kSharedKeyMic) == 2);
  CHECK(num(AuthMethod::kDssSig) == 3);
  CHECK(num(AuthMethod::kEcdsaSha256P256) == 9);  // RFC 4754
  CHECK(num(AuthMethod::kEcdsaSha384P384) == 10);
  CHECK(num(AuthMethod::kEcdsaSha512P521) == 11);
  CHECK(num(AuthMethod::kGenericSecurePassword) == 12);  // RFC 6467
  CHECK(num(AuthMethod::kNull) == 13);                   // RFC 7619
  CHECK(num(AuthMethod::kDigitalSignature) == 14);       // RFC 7427
  CHECK(name(AuthMethod::kSharedKeyMic) == "SHARED_KEY_MIC");
  CHECK(name(AuthMethod::kDigitalSignature) == "DIGITAL_SIGNATURE");
  CHECK(to_string(static_cast<AuthMethod>(4)) == "UNKNOWN_AUTH_METHOD(4)");
  CHECK(to_string(static_cast<AuthMethod>(201)) == "PRIVATE_USE_AUTH_METHOD(201)");
  check_registry_consistency<AuthMethod, 255>();
}

TEST_CASE("Traffic selector types") {
  CHECK(num(TsType::kIpv4AddrRange) == 7);
  CHECK(num(TsType::kIpv6AddrRange) == 8);
  CHECK(num(TsType::kFcAddrRange) == 9);  // RFC 4595
  CHECK(num(TsType::kSecLabel) == 10);    // RFC 9478
  CHECK(name(TsType::kIpv4AddrRange) == "TS_IPV4_ADDR_RANGE");
  CHECK(name(TsType::kSecLabel) == "TS_SECLABEL");
  CHECK(to_string(static_cast<TsType>(11)) == "UNKNOWN_TS_TYPE(11)");
  CHECK(to_string(static_cast<TsType>(241)) == "PRIVATE_USE_TS_TYPE(241)");
  check_registry_consistency<TsType, 255>();
}

TEST_CASE("Configuration payload types and attributes") {
  CHECK(num(CfgType::kRequest) == 1);
  CHECK(num(CfgType::kReply) == 2);
  CHECK(num(CfgType::kSet) == 3);
  CHECK(num(CfgType::kAck) == 4);
  CHECK(name(CfgType::kReply) == "CFG_REPLY");
  CHECK(to_string(static_cast<CfgType>(5)) == "UNKNOWN_CFG_TYPE(5)");
  CHECK(to_string(static_cast<CfgType>(128)) == "PRIVATE_USE_CFG_TYPE(128)");
  check_registry_consistency<CfgType, 255>();

  CHECK(num(CfgAttr::kInternalIp4Address) == 1);
  CHECK(num(CfgAttr::kInternalIp4Netmask) == 2);
  CHECK(num(CfgAttr::kInternalIp4Dns) == 3);
  CHECK(num(CfgAttr::kInternalIp4Nbns) == 4);
  CHECK(num(CfgAttr::kInternalAddressExpiry) == 5);  // RFC 4306
  CHECK(num(CfgAttr::kInternalIp4Dhcp) == 6);
  CHECK(num(CfgAttr::kApplicationVersion) == 7);
  CHECK(num(CfgAttr::kInternalIp6Address) == 8);
  CHECK(num(CfgAttr::kInternalIp6Dns) == 10);
  CHECK(num(CfgAttr::kInternalIp6Dhcp) == 12);
  CHECK(num(CfgAttr::kInternalIp4Subnet) == 13);
  CHECK(num(CfgAttr::kSupportedAttributes) == 14);
  CHECK(num(CfgAttr::kInternalIp6Subnet) == 15);
  CHECK(num(CfgAttr::kInternalIp6Prefix) == 18);   // RFC 5739
  CHECK(num(CfgAttr::kP_CscfIp4Address) == 20);    // RFC 7651
  CHECK(num(CfgAttr::kInternalDnsDomain) == 25);   // RFC 8598
  CHECK(num(CfgAttr::kInternalDnssecTa) == 26);
  CHECK(num(CfgAttr::kEncdnsIp4) == 27);           // RFC 9464
  CHECK(num(CfgAttr::kEncdnsDigestInfo) == 29);
  CHECK(num(CfgAttr::kCiscoBanner) == 28672);
  CHECK(num(CfgAttr::kCiscoSplitInc) == 28676);
  CHECK(num(CfgAttr::kCiscoUnknown28683) == 28683);

  CHECK(name(CfgAttr::kInternalIp4Address) == "INTERNAL_IP4_ADDRESS");
  CHECK(name(CfgAttr::kP_CscfIp6Address) == "P_CSCF_IP6_ADDRESS");
  CHECK(name(CfgAttr::kInternalAddressExpiry) == "INTERNAL_ADDRESS_EXPIRY");
  CHECK(name(CfgAttr::kCiscoSplitInc) == "CISCO_SPLIT_INC");
  CHECK(to_string(CfgAttr::kCiscoBanner) == "CISCO_BANNER");
  CHECK(to_string(CfgAttr::kCiscoUnknown28683) == "CISCO_28683");
  // Unnamed Cisco values, then other private use, then unassigned.
  CHECK(name(static_cast<CfgAttr>(28705)).empty());
  CHECK(to_string(static_cast<CfgAttr>(28684)) == "CISCO_28684");
  CHECK(to_string(static_cast<CfgAttr>(28705)) == "CISCO_28705");
  CHECK(to_string(static_cast<CfgAttr>(28727)) == "CISCO_28727");
  CHECK(to_string(static_cast<CfgAttr>(28735)) == "CISCO_28735");
  CHECK(to_string(static_cast<CfgAttr>(28736)) == "PRIVATE_USE_28736");
  CHECK(to_string(static_cast<CfgAttr>(16384)) == "PRIVATE_USE_16384");
  CHECK(to_string(static_cast<CfgAttr>(32767)) == "PRIVATE_USE_32767");
  CHECK(to_string(static_cast<CfgAttr>(9)) == "UNKNOWN_CFG_ATTR(9)");
  CHECK(to_string(static_cast<CfgAttr>(30)) == "UNKNOWN_CFG_ATTR(30)");
  check_registry_consistency<CfgAttr, 65535>();
}

TEST_CASE("Known vendor IDs are recognised") {
  CHECK(known_vendor_id_name(as_bytes("CISCO-DELETE-REASON")) == "CISCO-DELETE-REASON");
  CHECK(known_vendor_id_name(as_bytes(
            "CISCO(COPYRIGHT)&Copyright (c) 2009 Cisco Systems, Inc.")) ==
        "CISCO-COPYRIGHT");
  CHECK(known_vendor_id_name(as_bytes("CISCO-ANYCONNECT-EAP")) == "CISCO-ANYCONNECT-EAP");
  CHECK(known_vendor_id_name(as_bytes("CISCO-GRE-MODE")) == "CISCO-GRE-MODE");
  CHECK(known_vendor_id_name(as_bytes("CISCO-GRE-MODE-SUFFIX")) == "CISCO-GRE-MODE");
  CHECK(known_vendor_id_name(as_bytes("CISCO-ANYCONNECT-STRAP")) ==
        "CISCO-ANYCONNECT-STRAP");
  CHECK(known_vendor_id_name(as_bytes("CISCO-NGE-LEVEL")) == "CISCO-NGE-LEVEL");
  CHECK(known_vendor_id_name(as_bytes("FLEXVPN-SUPPORTED")) == "FLEXVPN-SUPPORTED");
  // MD5("FRAGMENTATION") and MD5("strongSwan").
  CHECK(known_vendor_id_name(hex("4048b7d56ebce88525e7de7f00d6c2d3")) ==
        "CISCO-FRAGMENTATION");
  CHECK(known_vendor_id_name(hex("882fe56d6fd20dbc2251613b2ebe5beb")) == "strongSwan");
}

TEST_CASE("Vendor IDs that are not known, or only nearly match, are not named") {
  CHECK(known_vendor_id_name(ByteView()).empty());
  CHECK(known_vendor_id_name(as_bytes("CISCO-GRE-MOD")).empty());  // short of the prefix
  CHECK(known_vendor_id_name(as_bytes("cisco-gre-mode")).empty());
  CHECK(known_vendor_id_name(as_bytes("CISCO-DELETE-REASONS")).empty());  // exact only
  CHECK(known_vendor_id_name(as_bytes("CISCO-DELETE-REASO")).empty());
  CHECK(known_vendor_id_name(as_bytes("CISCO-ANYCONNECT-EAP2")).empty());
  CHECK(known_vendor_id_name(as_bytes("FRAGMENTATION")).empty());
  CHECK(known_vendor_id_name(hex("4048b7d56ebce88525e7de7f00d6c2d4")).empty());
  CHECK(known_vendor_id_name(hex("4048b7d56ebce88525e7de7f00d6c2")).empty());
  CHECK(known_vendor_id_name(hex("882fe56d6fd20dbc2251613b2ebe5beb00")).empty());
}

TEST_CASE("Vendor ID constants hold the wire bytes") {
  CHECK(as_bytes(kCiscoDeleteReasonVid).size() == 19);
  CHECK(to_hex(ByteView(kCiscoFragmentationVid)) == "4048b7d56ebce88525e7de7f00d6c2d3");
  CHECK(to_hex(ByteView(kStrongSwanVid)) == "882fe56d6fd20dbc2251613b2ebe5beb");
  CHECK(known_vendor_id_name(as_bytes(kCiscoCopyrightVid)) == "CISCO-COPYRIGHT");
  CHECK(known_vendor_id_name(as_bytes(kCiscoGreModeVid)) == "CISCO-GRE-MODE");
  CHECK(known_vendor_id_name(as_bytes(kFlexvpnSupportedVid)) == "FLEXVPN-SUPPORTED");
}
