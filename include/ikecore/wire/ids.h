// The IKEv2 number registry: every protocol number the codec reads or writes,
// with the values assigned in RFC 7296 and the IANA "Internet Key Exchange
// Version 2 (IKEv2) Parameters" registries, plus the few private-use values
// that Cisco AnyConnect and IOS peers put on the wire.
//
// Naming
//   name(v) returns the registry name in upper case with underscores, or an
//   empty view when the value is not assigned. Where IANA gives a symbolic
//   name (exchange types, ENCR_/PRF_/AUTH_ transform IDs, ID_ types, notify
//   types, CFG_ types, configuration attributes, TS_ types) it is used as is,
//   including IANA's one mixed-case name, USE_ASSIGNED_HoA. Where the
//   registry only has a description, a short symbolic form is used instead:
//     - payloads:        "SA", "KE", "IDI", "NONCE", "NOTIFY", "VENDOR_ID" ...
//                        (payload_short_name() gives the RFC 7296 notation)
//     - transform types: "ENCR", "PRF", "INTEG", "KE", "ESN", "ADDKE1".."ADDKE7"
//     - key exchange:    "<FAMILY>_<SIZE>" -- "MODP_2048", "ECP_256",
//                        "MODP_2048_S256" (RFC 5114 prime-order subgroup
//                        groups: modulus, then subgroup size), "BRAINPOOL_P256R1",
//                        "CURVE25519", "GOST3410_2012_256", "ML_KEM_768"
//     - certificates:    "X509_SIGNATURE", "HASH_URL_X509_CERT", ...
//     - auth methods:    "RSA_SIG", "SHARED_KEY_MIC", "ECDSA_SHA256_P256", ...
//
//   to_string(v) returns name(v), or for a value without a name
//   "PRIVATE_USE_<REGISTRY>(n)" when n lies in the registry's private-use
//   range and "UNKNOWN_<REGISTRY>(n)" otherwise, e.g. "UNKNOWN_PAYLOAD_TYPE(77)",
//   "PRIVATE_USE_ID_TYPE(201)". Configuration attributes are the exception:
//   unnamed Cisco values 28684..28735 print as "CISCO_28705" and any other
//   unnamed value in 16384..32767 as "PRIVATE_USE_<n>".
//
// All values are host-order numbers; the codec converts to and from the wire.
#pragma once

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "ikecore/base/bytes.h"

namespace ikecore {

// RFC 7296 3.1; IANA "IKEv2 Exchange Types". 240..255 private use.
enum class ExchangeType : uint8_t {
  kIkeSaInit = 34,
  kIkeAuth = 35,
  kCreateChildSa = 36,
  kInformational = 37,
  kIkeSessionResume = 38,  // RFC 5723
  kGsaAuth = 39,           // RFC 9838 (G-IKEv2)
  kGsaRegistration = 40,   // RFC 9838
  kGsaRekey = 41,          // RFC 9838
  kGsaInbandRekey = 42,    // RFC 9838
  kIkeIntermediate = 43,   // RFC 9242
  kIkeFollowupKe = 44,     // RFC 9370
};

// RFC 7296 3.2; IANA "IKEv2 Payload Types". 1..32 are IKEv1's, 128..255
// private use.
enum class PayloadType : uint8_t {
  kNone = 0,  // "No Next Payload"
  kSa = 33,
  kKe = 34,
  kIdi = 35,
  kIdr = 36,
  kCert = 37,
  kCertReq = 38,
  kAuth = 39,
  kNonce = 40,
  kNotify = 41,
  kDelete = 42,
  kVendorId = 43,
  kTsi = 44,
  kTsr = 45,
  kSk = 46,    // Encrypted and Authenticated
  kCp = 47,
  kEap = 48,
  kGspm = 49,  // RFC 6467 Generic Secure Password Methods
  kIdg = 50,   // RFC 9838 Group Identification
  kGsa = 51,   // RFC 9838 Group Security Association
  kKd = 52,    // RFC 9838 Key Download
  kSkf = 53,   // RFC 7383 Encrypted and Authenticated Fragment
  kPs = 54,    // RFC 8019 Puzzle Solution
  // Private use: the Cisco / Microsoft proprietary fragment payload.
  kCiscoFragment = 132,
};

// RFC 7296 3.3.1; IANA "IKEv2 Security Protocol Identifiers". 201..255
// private use. 0 is reserved; notify and delete payloads use it for "none".
enum class ProtocolId : uint8_t {
  kNone = 0,
  kIke = 1,
  kAh = 2,
  kEsp = 3,
  kFcEspHeader = 4,         // RFC 4595
  kFcCtAuthentication = 5,  // RFC 4595
  kGikeUpdate = 6,          // RFC 9838
};

// RFC 7296 3.3.2; IANA "Transform Type Values". 241..255 private use.
enum class TransformType : uint8_t {
  kEncr = 1,
  kPrf = 2,
  kInteg = 3,
  kKe = 4,  // "D-H" in RFC 7296, "Key Exchange Method" in RFC 9370
  kEsn = 5,  // "Sequence Numbers" since RFC 9827
  kAke1 = 6,  // RFC 9370 Additional Key Exchange 1..7
  kAke2 = 7,
  kAke3 = 8,
  kAke4 = 9,
  kAke5 = 10,
  kAke6 = 11,
  kAke7 = 12,
  kKwa = 13,     // RFC 9838 Key Wrap Algorithm
  kGcauth = 14,  // RFC 9838 Group Controller Authentication Method
};

// Transform type 1. 1024..65535 private use.
enum class EncrId : uint16_t {
  kDesIv64 = 1,
  kDes = 2,
  k3des = 3,
  kRc5 = 4,
  kIdea = 5,
  kCast = 6,
  kBlowfish = 7,
  k3idea = 8,
  kDesIv32 = 9,
  // 10 reserved
  kNull = 11,
  kAesCbc = 12,
  kAesCtr = 13,
  kAesCcm8 = 14,  // RFC 5282
  kAesCcm12 = 15,
  kAesCcm16 = 16,
  // 17 unassigned
  kAesGcm8 = 18,  // RFC 5282
  kAesGcm12 = 19,
  kAesGcm16 = 20,
  kNullAuthAesGmac = 21,  // RFC 4543
  // 22 reserved for IEEE P1619 XTS-AES
  kCamelliaCbc = 23,  // RFC 5529
  kCamelliaCtr = 24,
  kCamelliaCcm8 = 25,
  kCamelliaCcm12 = 26,
  kCamelliaCcm16 = 27,
  kChacha20Poly1305 = 28,     // RFC 7634
  kAesCcm8Iiv = 29,           // RFC 8750
  kAesGcm16Iiv = 30,          // RFC 8750
  kChacha20Poly1305Iiv = 31,  // RFC 8750
  kKuznyechikMgmKtree = 32,     // RFC 9227
  kMagmaMgmKtree = 33,          // RFC 9227
  kKuznyechikMgmMacKtree = 34,  // RFC 9227
  kMagmaMgmMacKtree = 35,       // RFC 9227
};

// Transform type 2. 1024..65535 private use.
enum class PrfId : uint16_t {
  kHmacMd5 = 1,
  kHmacSha1 = 2,
  kHmacTiger = 3,
  kAes128Xcbc = 4,
  kHmacSha2_256 = 5,
  kHmacSha2_384 = 6,
  kHmacSha2_512 = 7,
  kAes128Cmac = 8,
  kHmacStreebog512 = 9,  // RFC 9385
};

// Transform type 3. 1024..65535 private use.
enum class IntegId : uint16_t {
  kNone = 0,
  kHmacMd5_96 = 1,
  kHmacSha1_96 = 2,
  kDesMac = 3,
  kKpdkMd5 = 4,
  kAesXcbc96 = 5,
  kHmacMd5_128 = 6,
  kHmacSha1_160 = 7,
  kAesCmac96 = 8,
  kAes128Gmac = 9,
  kAes192Gmac = 10,
  kAes256Gmac = 11,
  kHmacSha2_256_128 = 12,
  kHmacSha2_384_192 = 13,
  kHmacSha2_512_256 = 14,
};

// Transform type 4 (and the ADDKE types 6..12). 1024..65535 private use.
enum class KeGroup : uint16_t {
  kNone = 0,
  kModp768 = 1,
  kModp1024 = 2,
  kModp1536 = 5,
  kModp2048 = 14,
  kModp3072 = 15,
  kModp4096 = 16,
  kModp6144 = 17,
  kModp8192 = 18,
  kEcp256 = 19,  // RFC 5903
  kEcp384 = 20,
  kEcp521 = 21,
  kModp1024s160 = 22,  // RFC 5114
  kModp2048s224 = 23,
  kModp2048s256 = 24,
  kEcp192 = 25,  // RFC 5114
  kEcp224 = 26,
  kBrainpool224 = 27,  // RFC 6954 brainpoolP224r1
  kBrainpool256 = 28,
  kBrainpool384 = 29,
  kBrainpool512 = 30,
  kCurve25519 = 31,  // RFC 8031
  kCurve448 = 32,
  kGost256 = 33,  // RFC 9385 GOST3410_2012_256
  kGost512 = 34,
  kMlKem512 = 35,  // draft-ietf-ipsecme-ikev2-mlkem (used via RFC 9370)
  kMlKem768 = 36,
  kMlKem1024 = 37,
};

// Transform type 5 (renamed "Sequence Numbers" by RFC 9827; the IANA
// descriptions are given after each value).
enum class EsnId : uint16_t {
  kNoEsn = 0,          // "32-bit Sequential Numbers"
  kEsn = 1,            // "Partially Transmitted 64-bit Sequential Numbers"
  kUnspecified32 = 2,  // "32-bit Unspecified Numbers"
};

// RFC 7296 3.3.5; IANA "IKEv2 Transform Attribute Types" (the 15 bits after
// the AF bit). 16384..32767 private use.
enum class TransformAttrType : uint16_t {
  kKeyLength = 14,
};

// RFC 7296 3.10.1; IANA "IKEv2 Notify Message Error Types" (0..16383,
// 8192..16383 private use) and "Status Types" (16384..65535, 40960..65535
// private use).
enum class NotifyType : uint16_t {
  // Error types.
  kUnsupportedCriticalPayload = 1,
  kInvalidIkeSpi = 4,
  kInvalidMajorVersion = 5,
  kInvalidSyntax = 7,
  kInvalidMessageId = 9,
  kInvalidSpi = 11,
  kNoProposalChosen = 14,
  kInvalidKePayload = 17,
  kAuthenticationFailed = 24,
  kSinglePairRequired = 34,
  kNoAdditionalSas = 35,
  kInternalAddressFailure = 36,
  kFailedCpRequired = 37,
  kTsUnacceptable = 38,
  kInvalidSelectors = 39,
  kUnacceptableAddresses = 40,  // RFC 4555
  kUnexpectedNatDetected = 41,  // RFC 4555
  kUseAssignedHoa = 42,         // RFC 5026
  kTemporaryFailure = 43,
  kChildSaNotFound = 44,
  kInvalidGroupId = 45,       // RFC 9838
  kAuthorizationFailed = 46,  // RFC 9838
  kStateNotFound = 47,        // RFC 9370
  kTsMaxQueue = 48,           // RFC 9611
  kRegistrationFailed = 49,   // RFC 9838

  // Status types.
  kInitialContact = 16384,
  kSetWindowSize = 16385,
  kAdditionalTsPossible = 16386,
  kIpcompSupported = 16387,
  kNatDetectionSourceIp = 16388,
  kNatDetectionDestinationIp = 16389,
  kCookie = 16390,
  kUseTransportMode = 16391,
  kHttpCertLookupSupported = 16392,
  kRekeySa = 16393,
  kEspTfcPaddingNotSupported = 16394,
  kNonFirstFragmentsAlso = 16395,
  kMobikeSupported = 16396,  // RFC 4555
  kAdditionalIp4Address = 16397,
  kAdditionalIp6Address = 16398,
  kNoAdditionalAddresses = 16399,
  kUpdateSaAddresses = 16400,
  kCookie2 = 16401,
  kNoNatsAllowed = 16402,
  kAuthLifetime = 16403,          // RFC 4478
  kMultipleAuthSupported = 16404,  // RFC 4739
  kAnotherAuthFollows = 16405,     // RFC 4739
  kRedirectSupported = 16406,      // RFC 5685
  kRedirect = 16407,
  kRedirectedFrom = 16408,
  kTicketLtOpaque = 16409,  // RFC 5723
  kTicketRequest = 16410,
  kTicketAck = 16411,
  kTicketNack = 16412,
  kTicketOpaque = 16413,
  kLinkId = 16414,                // RFC 5739
  kUseWespMode = 16415,           // RFC 5840
  kRohcSupported = 16416,         // RFC 5857
  kEapOnlyAuthentication = 16417,  // RFC 5998
  kChildlessIkev2Supported = 16418,  // RFC 6023
  kQuickCrashDetection = 16419,      // RFC 6290
  kIkev2MessageIdSyncSupported = 16420,      // RFC 6311
  kIpsecReplayCounterSyncSupported = 16421,  // RFC 6311
  kIkev2MessageIdSync = 16422,               // RFC 6311
  kIpsecReplayCounterSync = 16423,           // RFC 6311
  kSecurePasswordMethods = 16424,  // RFC 6467
  kPskPersist = 16425,             // RFC 6631
  kPskConfirm = 16426,             // RFC 6631
  kErxSupported = 16427,           // RFC 6867
  kIfomCapability = 16428,         // 3GPP TS 24.303
  kGroupSender = 16429,            // RFC 9838 (was SENDER_REQUEST_ID)
  kIkev2FragmentationSupported = 16430,  // RFC 7383
  kSignatureHashAlgorithms = 16431,      // RFC 7427
  kCloneIkeSaSupported = 16432,  // RFC 7791
  kCloneIkeSa = 16433,           // RFC 7791
  kPuzzle = 16434,               // RFC 8019
  kUsePpk = 16435,               // RFC 8784
  kPpkIdentity = 16436,          // RFC 8784
  kNoPpkAuth = 16437,            // RFC 8784
  kIntermediateExchangeSupported = 16438,  // RFC 9242
  kIp4Allowed = 16439,                     // RFC 8983
  kIp6Allowed = 16440,                     // RFC 8983
  kAdditionalKeyExchange = 16441,          // RFC 9370
  kUseAggfrag = 16442,                     // RFC 9347
  kSupportedAuthMethods = 16443,           // RFC 9593
  kSaResourceInfo = 16444,                 // RFC 9611
  kUsePpkInt = 16445,                      // RFC 9867
  kPpkIdentityKey = 16446,                 // RFC 9867
  kIkeSaInitFullTranscriptAuth = 16447,    // draft-ietf-ipsecme-ikev2-downgrade-prevention
};

// RFC 7296 3.5; IANA "IKEv2 Identification Payload ID Types". 201..255
// private use.
enum class IdType : uint8_t {
  kIpv4Addr = 1,
  kFqdn = 2,
  kRfc822Addr = 3,
  kIpv6Addr = 5,
  kDerAsn1Dn = 9,
  kDerAsn1Gn = 10,
  kKeyId = 11,
  kFcName = 12,  // RFC 4595
  kNull = 13,    // RFC 7619
};

// RFC 7296 3.6; IANA "IKEv2 Certificate Encodings". 201..255 private use.
enum class CertEncoding : uint8_t {
  kPkcs7X509 = 1,  // PKCS #7 wrapped X.509 certificate
  kPgp = 2,
  kDnsSignedKey = 3,
  kX509Signature = 4,
  // 5 reserved
  kKerberosToken = 6,
  kCrl = 7,
  kArl = 8,
  kSpki = 9,
  kX509Attribute = 10,
  kRawRsaKey = 11,  // deprecated (RFC 7296)
  kHashUrlX509Cert = 12,
  kHashUrlX509Bundle = 13,
  kOcspContent = 14,   // RFC 4806
  kRawPublicKey = 15,  // RFC 7670
};

// RFC 7296 3.8; IANA "IKEv2 Authentication Method". 201..255 private use.
enum class AuthMethod : uint8_t {
  kRsaSig = 1,
  kSharedKeyMic = 2,
  kDssSig = 3,
  kEcdsaSha256P256 = 9,  // RFC 4754
  kEcdsaSha384P384 = 10,
  kEcdsaSha512P521 = 11,
  kGenericSecurePassword = 12,  // RFC 6467
  kNull = 13,                   // RFC 7619
  kDigitalSignature = 14,       // RFC 7427
};

// RFC 7296 3.15; IANA "IKEv2 Configuration Payload CFG Types". 128..255
// private use.
enum class CfgType : uint8_t {
  kRequest = 1,
  kReply = 2,
  kSet = 3,
  kAck = 4,
};

// RFC 7296 3.15.1; IANA "IKEv2 Configuration Payload Attribute Types" (the 15
// bits after the R bit). 16384..32767 private use.
enum class CfgAttr : uint16_t {
  kInternalIp4Address = 1,
  kInternalIp4Netmask = 2,
  kInternalIp4Dns = 3,
  kInternalIp4Nbns = 4,
  kInternalAddressExpiry = 5,  // RFC 4306; reserved since RFC 5996, but AnyConnect sends it
  kInternalIp4Dhcp = 6,
  kApplicationVersion = 7,
  kInternalIp6Address = 8,
  // 9 reserved (was INTERNAL_IP6_NETMASK in RFC 4306)
  kInternalIp6Dns = 10,
  // 11 reserved (was INTERNAL_IP6_NBNS in RFC 4306)
  kInternalIp6Dhcp = 12,
  kInternalIp4Subnet = 13,
  kSupportedAttributes = 14,
  kInternalIp6Subnet = 15,
  kMip6HomePrefix = 16,    // RFC 5026
  kInternalIp6Link = 17,   // RFC 5739
  kInternalIp6Prefix = 18,  // RFC 5739
  kHomeAgentAddress = 19,  // 3GPP TS 24.302
  kP_CscfIp4Address = 20,  // RFC 7651
  kP_CscfIp6Address = 21,  // RFC 7651
  kFtt_Kat = 22,           // 3GPP TS 24.302
  kExternalSourceIp4Nat = 23,  // 3GPP; IANA name EXTERNAL_SOURCE_IP4_NAT_INFO
  kTimeoutPeriodForLivenessCheck = 24,  // 3GPP TS 24.302
  kInternalDnsDomain = 25,  // RFC 8598
  kInternalDnssecTa = 26,   // RFC 8598
  kEncdnsIp4 = 27,          // RFC 9464
  kEncdnsIp6 = 28,          // RFC 9464
  kEncdnsDigestInfo = 29,   // RFC 9464
  // Private use: Cisco (Unity / AnyConnect) attributes.
  kCiscoBanner = 28672,
  kCiscoSavePasswd = 28673,
  kCiscoDefDomain = 28674,
  kCiscoSplitDns = 28675,
  kCiscoSplitInc = 28676,
  kCiscoUdpEncapPort = 28677,
  kCiscoSplitExc = 28678,
  kCiscoDoPfs = 28679,
  kCiscoFwType = 28680,
  kCiscoBackupServers = 28681,
  kCiscoDdnsHostname = 28682,
  kCiscoUnknown28683 = 28683,
};

// RFC 7296 3.13.1; IANA "IKEv2 Traffic Selector Types". 241..255 private use.
enum class TsType : uint8_t {
  kIpv4AddrRange = 7,
  kIpv6AddrRange = 8,
  kFcAddrRange = 9,  // RFC 4595
  kSecLabel = 10,    // RFC 9478
};

absl::string_view name(ExchangeType v);
absl::string_view name(PayloadType v);
absl::string_view name(ProtocolId v);
absl::string_view name(TransformType v);
absl::string_view name(EncrId v);
absl::string_view name(PrfId v);
absl::string_view name(IntegId v);
absl::string_view name(KeGroup v);
absl::string_view name(EsnId v);
absl::string_view name(TransformAttrType v);
absl::string_view name(NotifyType v);
absl::string_view name(IdType v);
absl::string_view name(CertEncoding v);
absl::string_view name(AuthMethod v);
absl::string_view name(CfgType v);
absl::string_view name(CfgAttr v);
absl::string_view name(TsType v);

std::string to_string(ExchangeType v);
std::string to_string(PayloadType v);
std::string to_string(ProtocolId v);
std::string to_string(TransformType v);
std::string to_string(EncrId v);
std::string to_string(PrfId v);
std::string to_string(IntegId v);
std::string to_string(KeGroup v);
std::string to_string(EsnId v);
std::string to_string(TransformAttrType v);
std::string to_string(NotifyType v);
std::string to_string(IdType v);
std::string to_string(CertEncoding v);
std::string to_string(AuthMethod v);
std::string to_string(CfgType v);
std::string to_string(CfgAttr v);
std::string to_string(TsType v);

// The name of transform ID `id` of transform type `type`: ENCR, PRF, INTEG and
// ESN IDs by their own registries, KE and ADDKE1..7 IDs as KeGroup. Empty for
// an unassigned ID or a type without an ID registry here (KWA, GCAUTH,
// unknown types).
absl::string_view transform_id_name(TransformType type, uint16_t id);
// As to_string() of the matching enum; for a type without an ID registry here,
// "UNKNOWN_TRANSFORM_ID(<type>,<id>)", e.g. "UNKNOWN_TRANSFORM_ID(KWA,1)".
std::string transform_id_to_string(TransformType type, uint16_t id);

// RFC 7296 3.10.1: types 0..16383 report errors, 16384..65535 status.
bool is_error(NotifyType v);

// The notation RFC 7296 uses in its message diagrams: "SA", "KE", "IDi",
// "IDr", "CERT", "CERTREQ", "AUTH", "No" (nonce; RFC 7296 writes Ni/Nr),
// "N" (notify), "D", "V", "TSi", "TSr", "SK", "CP", "EAP", and for later
// payloads "GSPM", "IDg", "GSA", "KD", "SKF", "PS", "CISCO_FRAG". Empty for
// kNone and for unknown types.
absl::string_view payload_short_name(PayloadType v);
// payload_short_name(), or "payload" for unknown types; NUL-terminated (for
// ParseError's context).
const char* payload_label(PayloadType v);

// Vendor ID payload contents seen from Cisco AnyConnect / IOS and strongSwan
// peers. The char arrays are ASCII and go on the wire without their
// terminating NUL (as_bytes(kCiscoDeleteReasonVid) gives the wire bytes).
inline constexpr char kCiscoDeleteReasonVid[] = "CISCO-DELETE-REASON";
inline constexpr char kCiscoCopyrightVid[] =
    "CISCO(COPYRIGHT)&Copyright (c) 2009 Cisco Systems, Inc.";
inline constexpr char kCiscoAnyconnectEapVid[] = "CISCO-ANYCONNECT-EAP";
// Matched as a prefix: peers append a mode suffix.
inline constexpr char kCiscoGreModeVid[] = "CISCO-GRE-MODE";
inline constexpr char kCiscoAnyconnectStrapVid[] = "CISCO-ANYCONNECT-STRAP";
inline constexpr char kCiscoNgeLevelVid[] = "CISCO-NGE-LEVEL";
inline constexpr char kFlexvpnSupportedVid[] = "FLEXVPN-SUPPORTED";
// MD5("FRAGMENTATION"): Cisco's proprietary IKE fragmentation.
inline constexpr uint8_t kCiscoFragmentationVid[16] = {
    0x40, 0x48, 0xb7, 0xd5, 0x6e, 0xbc, 0xe8, 0x85,
    0x25, 0xe7, 0xde, 0x7f, 0x00, 0xd6, 0xc2, 0xd3};
// MD5("strongSwan").
inline constexpr uint8_t kStrongSwanVid[16] = {
    0x88, 0x2f, 0xe5, 0x6d, 0x6f, 0xd2, 0x0d, 0xbc,
    0x22, 0x51, 0x61, 0x3b, 0x2e, 0xbe, 0x5b, 0xeb};

// The name of a known Vendor ID payload content: "CISCO-DELETE-REASON",
// "CISCO-COPYRIGHT", "CISCO-ANYCONNECT-EAP", "CISCO-GRE-MODE",
// "CISCO-ANYCONNECT-STRAP", "CISCO-NGE-LEVEL", "FLEXVPN-SUPPORTED",
// "CISCO-FRAGMENTATION" or "strongSwan". Every match is exact except
// CISCO-GRE-MODE, which is a prefix match. Empty when unknown.
absl::string_view known_vendor_id_name(ByteView vid);

}  // namespace ikecore
