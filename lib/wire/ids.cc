#include "ikecore/wire/ids.h"

#include <cstddef>

#include "absl/strings/str_format.h"

namespace ikecore {

namespace {

// A value is printed by name when it has one, else as
// "PRIVATE_USE_<registry>(n)" or "UNKNOWN_<registry>(n)".
std::string name_or_number(absl::string_view n, absl::string_view registry,
                           unsigned value, bool private_use) {
  if (!n.empty()) return std::string(n);
  return absl::StrFormat("%s_%s(%u)", private_use ? "PRIVATE_USE" : "UNKNOWN",
                         registry, value);
}

unsigned u(ExchangeType v) { return static_cast<uint8_t>(v); }
unsigned u(PayloadType v) { return static_cast<uint8_t>(v); }
unsigned u(ProtocolId v) { return static_cast<uint8_t>(v); }
unsigned u(TransformType v) { return static_cast<uint8_t>(v); }
unsigned u(EncrId v) { return static_cast<uint16_t>(v); }
unsigned u(PrfId v) { return static_cast<uint16_t>(v); }
unsigned u(IntegId v) { return static_cast<uint16_t>(v); }
unsigned u(KeGroup v) { return static_cast<uint16_t>(v); }
unsigned u(EsnId v) { return static_cast<uint16_t>(v); }
unsigned u(TransformAttrType v) { return static_cast<uint16_t>(v); }
unsigned u(NotifyType v) { return static_cast<uint16_t>(v); }
unsigned u(IdType v) { return static_cast<uint8_t>(v); }
unsigned u(CertEncoding v) { return static_cast<uint8_t>(v); }
unsigned u(AuthMethod v) { return static_cast<uint8_t>(v); }
unsigned u(CfgType v) { return static_cast<uint8_t>(v); }
unsigned u(CfgAttr v) { return static_cast<uint16_t>(v); }
unsigned u(TsType v) { return static_cast<uint8_t>(v); }

// RFC 7296 3.3.2: transform IDs 1024..65535 are for private use in every
// transform type registry.
constexpr unsigned kTransformIdPrivateUse = 1024;

}  // namespace

// ---------------------------------------------------------------------------
// name()

absl::string_view name(ExchangeType v) {
  switch (v) {
    case ExchangeType::kIkeSaInit: return "IKE_SA_INIT";
    case ExchangeType::kIkeAuth: return "IKE_AUTH";
    case ExchangeType::kCreateChildSa: return "CREATE_CHILD_SA";
    case ExchangeType::kInformational: return "INFORMATIONAL";
    case ExchangeType::kIkeSessionResume: return "IKE_SESSION_RESUME";
    case ExchangeType::kGsaAuth: return "GSA_AUTH";
    case ExchangeType::kGsaRegistration: return "GSA_REGISTRATION";
    case ExchangeType::kGsaRekey: return "GSA_REKEY";
    case ExchangeType::kGsaInbandRekey: return "GSA_INBAND_REKEY";
    case ExchangeType::kIkeIntermediate: return "IKE_INTERMEDIATE";
    case ExchangeType::kIkeFollowupKe: return "IKE_FOLLOWUP_KE";
  }
  return {};
}

absl::string_view name(PayloadType v) {
  switch (v) {
    case PayloadType::kNone: return "NONE";
    case PayloadType::kSa: return "SA";
    case PayloadType::kKe: return "KE";
    case PayloadType::kIdi: return "IDI";
    case PayloadType::kIdr: return "IDR";
    case PayloadType::kCert: return "CERT";
    case PayloadType::kCertReq: return "CERTREQ";
    case PayloadType::kAuth: return "AUTH";
    case PayloadType::kNonce: return "NONCE";
    case PayloadType::kNotify: return "NOTIFY";
    case PayloadType::kDelete: return "DELETE";
    case PayloadType::kVendorId: return "VENDOR_ID";
    case PayloadType::kTsi: return "TSI";
    case PayloadType::kTsr: return "TSR";
    case PayloadType::kSk: return "SK";
    case PayloadType::kCp: return "CP";
    case PayloadType::kEap: return "EAP";
    case PayloadType::kGspm: return "GSPM";
    case PayloadType::kIdg: return "IDG";
    case PayloadType::kGsa: return "GSA";
    case PayloadType::kKd: return "KD";
    case PayloadType::kSkf: return "SKF";
    case PayloadType::kPs: return "PS";
    case PayloadType::kCiscoFragment: return "CISCO_FRAGMENT";
  }
  return {};
}

absl::string_view name(ProtocolId v) {
  switch (v) {
    case ProtocolId::kNone: return "NONE";
    case ProtocolId::kIke: return "IKE";
    case ProtocolId::kAh: return "AH";
    case ProtocolId::kEsp: return "ESP";
    case ProtocolId::kFcEspHeader: return "FC_ESP_HEADER";
    case ProtocolId::kFcCtAuthentication: return "FC_CT_AUTHENTICATION";
    case ProtocolId::kGikeUpdate: return "GIKE_UPDATE";
  }
  return {};
}

absl::string_view name(TransformType v) {
  switch (v) {
    case TransformType::kEncr: return "ENCR";
    case TransformType::kPrf: return "PRF";
    case TransformType::kInteg: return "INTEG";
    case TransformType::kKe: return "KE";
    case TransformType::kEsn: return "ESN";
    case TransformType::kAke1: return "ADDKE1";
    case TransformType::kAke2: return "ADDKE2";
    case TransformType::kAke3: return "ADDKE3";
    case TransformType::kAke4: return "ADDKE4";
    case TransformType::kAke5: return "ADDKE5";
    case TransformType::kAke6: return "ADDKE6";
    case TransformType::kAke7: return "ADDKE7";
    case TransformType::kKwa: return "KWA";
    case TransformType::kGcauth: return "GCAUTH";
  }
  return {};
}

absl::string_view name(EncrId v) {
  switch (v) {
    case EncrId::kDesIv64: return "ENCR_DES_IV64";
    case EncrId::kDes: return "ENCR_DES";
    case EncrId::k3des: return "ENCR_3DES";
    case EncrId::kRc5: return "ENCR_RC5";
    case EncrId::kIdea: return "ENCR_IDEA";
    case EncrId::kCast: return "ENCR_CAST";
    case EncrId::kBlowfish: return "ENCR_BLOWFISH";
    case EncrId::k3idea: return "ENCR_3IDEA";
    case EncrId::kDesIv32: return "ENCR_DES_IV32";
    case EncrId::kNull: return "ENCR_NULL";
    case EncrId::kAesCbc: return "ENCR_AES_CBC";
    case EncrId::kAesCtr: return "ENCR_AES_CTR";
    case EncrId::kAesCcm8: return "ENCR_AES_CCM_8";
    case EncrId::kAesCcm12: return "ENCR_AES_CCM_12";
    case EncrId::kAesCcm16: return "ENCR_AES_CCM_16";
    case EncrId::kAesGcm8: return "ENCR_AES_GCM_8";
    case EncrId::kAesGcm12: return "ENCR_AES_GCM_12";
    case EncrId::kAesGcm16: return "ENCR_AES_GCM_16";
    case EncrId::kNullAuthAesGmac: return "ENCR_NULL_AUTH_AES_GMAC";
    case EncrId::kCamelliaCbc: return "ENCR_CAMELLIA_CBC";
    case EncrId::kCamelliaCtr: return "ENCR_CAMELLIA_CTR";
    case EncrId::kCamelliaCcm8: return "ENCR_CAMELLIA_CCM_8";
    case EncrId::kCamelliaCcm12: return "ENCR_CAMELLIA_CCM_12";
    case EncrId::kCamelliaCcm16: return "ENCR_CAMELLIA_CCM_16";
    case EncrId::kChacha20Poly1305: return "ENCR_CHACHA20_POLY1305";
    case EncrId::kAesCcm8Iiv: return "ENCR_AES_CCM_8_IIV";
    case EncrId::kAesGcm16Iiv: return "ENCR_AES_GCM_16_IIV";
    case EncrId::kChacha20Poly1305Iiv: return "ENCR_CHACHA20_POLY1305_IIV";
    case EncrId::kKuznyechikMgmKtree: return "ENCR_KUZNYECHIK_MGM_KTREE";
    case EncrId::kMagmaMgmKtree: return "ENCR_MAGMA_MGM_KTREE";
    case EncrId::kKuznyechikMgmMacKtree: return "ENCR_KUZNYECHIK_MGM_MAC_KTREE";
    case EncrId::kMagmaMgmMacKtree: return "ENCR_MAGMA_MGM_MAC_KTREE";
  }
  return {};
}

absl::string_view name(PrfId v) {
  switch (v) {
    case PrfId::kHmacMd5: return "PRF_HMAC_MD5";
    case PrfId::kHmacSha1: return "PRF_HMAC_SHA1";
    case PrfId::kHmacTiger: return "PRF_HMAC_TIGER";
    case PrfId::kAes128Xcbc: return "PRF_AES128_XCBC";
    case PrfId::kHmacSha2_256: return "PRF_HMAC_SHA2_256";
    case PrfId::kHmacSha2_384: return "PRF_HMAC_SHA2_384";
    case PrfId::kHmacSha2_512: return "PRF_HMAC_SHA2_512";
    case PrfId::kAes128Cmac: return "PRF_AES128_CMAC";
    case PrfId::kHmacStreebog512: return "PRF_HMAC_STREEBOG_512";
  }
  return {};
}

absl::string_view name(IntegId v) {
  switch (v) {
    case IntegId::kNone: return "NONE";
    case IntegId::kHmacMd5_96: return "AUTH_HMAC_MD5_96";
    case IntegId::kHmacSha1_96: return "AUTH_HMAC_SHA1_96";
    case IntegId::kDesMac: return "AUTH_DES_MAC";
    case IntegId::kKpdkMd5: return "AUTH_KPDK_MD5";
    case IntegId::kAesXcbc96: return "AUTH_AES_XCBC_96";
    case IntegId::kHmacMd5_128: return "AUTH_HMAC_MD5_128";
    case IntegId::kHmacSha1_160: return "AUTH_HMAC_SHA1_160";
    case IntegId::kAesCmac96: return "AUTH_AES_CMAC_96";
    case IntegId::kAes128Gmac: return "AUTH_AES_128_GMAC";
    case IntegId::kAes192Gmac: return "AUTH_AES_192_GMAC";
    case IntegId::kAes256Gmac: return "AUTH_AES_256_GMAC";
    case IntegId::kHmacSha2_256_128: return "AUTH_HMAC_SHA2_256_128";
    case IntegId::kHmacSha2_384_192: return "AUTH_HMAC_SHA2_384_192";
    case IntegId::kHmacSha2_512_256: return "AUTH_HMAC_SHA2_512_256";
  }
  return {};
}

absl::string_view name(KeGroup v) {
  switch (v) {
    case KeGroup::kNone: return "NONE";
    case KeGroup::kModp768: return "MODP_768";
    case KeGroup::kModp1024: return "MODP_1024";
    case KeGroup::kModp1536: return "MODP_1536";
    case KeGroup::kModp2048: return "MODP_2048";
    case KeGroup::kModp3072: return "MODP_3072";
    case KeGroup::kModp4096: return "MODP_4096";
    case KeGroup::kModp6144: return "MODP_6144";
    case KeGroup::kModp8192: return "MODP_8192";
    case KeGroup::kEcp256: return "ECP_256";
    case KeGroup::kEcp384: return "ECP_384";
    case KeGroup::kEcp521: return "ECP_521";
    case KeGroup::kModp1024s160: return "MODP_1024_S160";
    case KeGroup::kModp2048s224: return "MODP_2048_S224";
    case KeGroup::kModp2048s256: return "MODP_2048_S256";
    case KeGroup::kEcp192: return "ECP_192";
    case KeGroup::kEcp224: return "ECP_224";
    case KeGroup::kBrainpool224: return "BRAINPOOL_P224R1";
    case KeGroup::kBrainpool256: return "BRAINPOOL_P256R1";
    case KeGroup::kBrainpool384: return "BRAINPOOL_P384R1";
    case KeGroup::kBrainpool512: return "BRAINPOOL_P512R1";
    case KeGroup::kCurve25519: return "CURVE25519";
    case KeGroup::kCurve448: return "CURVE448";
    case KeGroup::kGost256: return "GOST3410_2012_256";
    case KeGroup::kGost512: return "GOST3410_2012_512";
    case KeGroup::kMlKem512: return "ML_KEM_512";
    case KeGroup::kMlKem768: return "ML_KEM_768";
    case KeGroup::kMlKem1024: return "ML_KEM_1024";
  }
  return {};
}

absl::string_view name(EsnId v) {
  switch (v) {
    case EsnId::kNoEsn: return "NO_ESN";
    case EsnId::kEsn: return "ESN";
    case EsnId::kUnspecified32: return "UNSPECIFIED_32BIT_SN";
  }
  return {};
}

absl::string_view name(TransformAttrType v) {
  switch (v) {
    case TransformAttrType::kKeyLength: return "KEY_LENGTH";
  }
  return {};
}

absl::string_view name(NotifyType v) {
  switch (v) {
    case NotifyType::kUnsupportedCriticalPayload: return "UNSUPPORTED_CRITICAL_PAYLOAD";
    case NotifyType::kInvalidIkeSpi: return "INVALID_IKE_SPI";
    case NotifyType::kInvalidMajorVersion: return "INVALID_MAJOR_VERSION";
    case NotifyType::kInvalidSyntax: return "INVALID_SYNTAX";
    case NotifyType::kInvalidMessageId: return "INVALID_MESSAGE_ID";
    case NotifyType::kInvalidSpi: return "INVALID_SPI";
    case NotifyType::kNoProposalChosen: return "NO_PROPOSAL_CHOSEN";
    case NotifyType::kInvalidKePayload: return "INVALID_KE_PAYLOAD";
    case NotifyType::kAuthenticationFailed: return "AUTHENTICATION_FAILED";
    case NotifyType::kSinglePairRequired: return "SINGLE_PAIR_REQUIRED";
    case NotifyType::kNoAdditionalSas: return "NO_ADDITIONAL_SAS";
    case NotifyType::kInternalAddressFailure: return "INTERNAL_ADDRESS_FAILURE";
    case NotifyType::kFailedCpRequired: return "FAILED_CP_REQUIRED";
    case NotifyType::kTsUnacceptable: return "TS_UNACCEPTABLE";
    case NotifyType::kInvalidSelectors: return "INVALID_SELECTORS";
    case NotifyType::kUnacceptableAddresses: return "UNACCEPTABLE_ADDRESSES";
    case NotifyType::kUnexpectedNatDetected: return "UNEXPECTED_NAT_DETECTED";
    case NotifyType::kUseAssignedHoa: return "USE_ASSIGNED_HoA";
    case NotifyType::kTemporaryFailure: return "TEMPORARY_FAILURE";
    case NotifyType::kChildSaNotFound: return "CHILD_SA_NOT_FOUND";
    case NotifyType::kInvalidGroupId: return "INVALID_GROUP_ID";
    case NotifyType::kAuthorizationFailed: return "AUTHORIZATION_FAILED";
    case NotifyType::kStateNotFound: return "STATE_NOT_FOUND";
    case NotifyType::kTsMaxQueue: return "TS_MAX_QUEUE";
    case NotifyType::kRegistrationFailed: return "REGISTRATION_FAILED";

    case NotifyType::kInitialContact: return "INITIAL_CONTACT";
    case NotifyType::kSetWindowSize: return "SET_WINDOW_SIZE";
    case NotifyType::kAdditionalTsPossible: return "ADDITIONAL_TS_POSSIBLE";
    case NotifyType::kIpcompSupported: return "IPCOMP_SUPPORTED";
    case NotifyType::kNatDetectionSourceIp: return "NAT_DETECTION_SOURCE_IP";
    case NotifyType::kNatDetectionDestinationIp: return "NAT_DETECTION_DESTINATION_IP";
    case NotifyType::kCookie: return "COOKIE";
    case NotifyType::kUseTransportMode: return "USE_TRANSPORT_MODE";
    case NotifyType::kHttpCertLookupSupported: return "HTTP_CERT_LOOKUP_SUPPORTED";
    case NotifyType::kRekeySa: return "REKEY_SA";
    case NotifyType::kEspTfcPaddingNotSupported: return "ESP_TFC_PADDING_NOT_SUPPORTED";
    case NotifyType::kNonFirstFragmentsAlso: return "NON_FIRST_FRAGMENTS_ALSO";
    case NotifyType::kMobikeSupported: return "MOBIKE_SUPPORTED";
    case NotifyType::kAdditionalIp4Address: return "ADDITIONAL_IP4_ADDRESS";
    case NotifyType::kAdditionalIp6Address: return "ADDITIONAL_IP6_ADDRESS";
    case NotifyType::kNoAdditionalAddresses: return "NO_ADDITIONAL_ADDRESSES";
    case NotifyType::kUpdateSaAddresses: return "UPDATE_SA_ADDRESSES";
    case NotifyType::kCookie2: return "COOKIE2";
    case NotifyType::kNoNatsAllowed: return "NO_NATS_ALLOWED";
    case NotifyType::kAuthLifetime: return "AUTH_LIFETIME";
    case NotifyType::kMultipleAuthSupported: return "MULTIPLE_AUTH_SUPPORTED";
    case NotifyType::kAnotherAuthFollows: return "ANOTHER_AUTH_FOLLOWS";
    case NotifyType::kRedirectSupported: return "REDIRECT_SUPPORTED";
    case NotifyType::kRedirect: return "REDIRECT";
    case NotifyType::kRedirectedFrom: return "REDIRECTED_FROM";
    case NotifyType::kTicketLtOpaque: return "TICKET_LT_OPAQUE";
    case NotifyType::kTicketRequest: return "TICKET_REQUEST";
    case NotifyType::kTicketAck: return "TICKET_ACK";
    case NotifyType::kTicketNack: return "TICKET_NACK";
    case NotifyType::kTicketOpaque: return "TICKET_OPAQUE";
    case NotifyType::kLinkId: return "LINK_ID";
    case NotifyType::kUseWespMode: return "USE_WESP_MODE";
    case NotifyType::kRohcSupported: return "ROHC_SUPPORTED";
    case NotifyType::kEapOnlyAuthentication: return "EAP_ONLY_AUTHENTICATION";
    case NotifyType::kChildlessIkev2Supported: return "CHILDLESS_IKEV2_SUPPORTED";
    case NotifyType::kQuickCrashDetection: return "QUICK_CRASH_DETECTION";
    case NotifyType::kIkev2MessageIdSyncSupported: return "IKEV2_MESSAGE_ID_SYNC_SUPPORTED";
    case NotifyType::kIpsecReplayCounterSyncSupported:
      return "IPSEC_REPLAY_COUNTER_SYNC_SUPPORTED";
    case NotifyType::kIkev2MessageIdSync: return "IKEV2_MESSAGE_ID_SYNC";
    case NotifyType::kIpsecReplayCounterSync: return "IPSEC_REPLAY_COUNTER_SYNC";
    case NotifyType::kSecurePasswordMethods: return "SECURE_PASSWORD_METHODS";
    case NotifyType::kPskPersist: return "PSK_PERSIST";
    case NotifyType::kPskConfirm: return "PSK_CONFIRM";
    case NotifyType::kErxSupported: return "ERX_SUPPORTED";
    case NotifyType::kIfomCapability: return "IFOM_CAPABILITY";
    case NotifyType::kGroupSender: return "GROUP_SENDER";
    case NotifyType::kIkev2FragmentationSupported: return "IKEV2_FRAGMENTATION_SUPPORTED";
    case NotifyType::kSignatureHashAlgorithms: return "SIGNATURE_HASH_ALGORITHMS";
    case NotifyType::kCloneIkeSaSupported: return "CLONE_IKE_SA_SUPPORTED";
    case NotifyType::kCloneIkeSa: return "CLONE_IKE_SA";
    case NotifyType::kPuzzle: return "PUZZLE";
    case NotifyType::kUsePpk: return "USE_PPK";
    case NotifyType::kPpkIdentity: return "PPK_IDENTITY";
    case NotifyType::kNoPpkAuth: return "NO_PPK_AUTH";
    case NotifyType::kIntermediateExchangeSupported: return "INTERMEDIATE_EXCHANGE_SUPPORTED";
    case NotifyType::kIp4Allowed: return "IP4_ALLOWED";
    case NotifyType::kIp6Allowed: return "IP6_ALLOWED";
    case NotifyType::kAdditionalKeyExchange: return "ADDITIONAL_KEY_EXCHANGE";
    case NotifyType::kUseAggfrag: return "USE_AGGFRAG";
    case NotifyType::kSupportedAuthMethods: return "SUPPORTED_AUTH_METHODS";
    case NotifyType::kSaResourceInfo: return "SA_RESOURCE_INFO";
    case NotifyType::kUsePpkInt: return "USE_PPK_INT";
    case NotifyType::kPpkIdentityKey: return "PPK_IDENTITY_KEY";
    case NotifyType::kIkeSaInitFullTranscriptAuth: return "IKE_SA_INIT_FULL_TRANSCRIPT_AUTH";
  }
  return {};
}

absl::string_view name(IdType v) {
  switch (v) {
    case IdType::kIpv4Addr: return "ID_IPV4_ADDR";
    case IdType::kFqdn: return "ID_FQDN";
    case IdType::kRfc822Addr: return "ID_RFC822_ADDR";
    case IdType::kIpv6Addr: return "ID_IPV6_ADDR";
    case IdType::kDerAsn1Dn: return "ID_DER_ASN1_DN";
    case IdType::kDerAsn1Gn: return "ID_DER_ASN1_GN";
    case IdType::kKeyId: return "ID_KEY_ID";
    case IdType::kFcName: return "ID_FC_NAME";
    case IdType::kNull: return "ID_NULL";
  }
  return {};
}

absl::string_view name(CertEncoding v) {
  switch (v) {
    case CertEncoding::kPkcs7X509: return "PKCS7_X509";
    case CertEncoding::kPgp: return "PGP";
    case CertEncoding::kDnsSignedKey: return "DNS_SIGNED_KEY";
    case CertEncoding::kX509Signature: return "X509_SIGNATURE";
    case CertEncoding::kKerberosToken: return "KERBEROS_TOKEN";
    case CertEncoding::kCrl: return "CRL";
    case CertEncoding::kArl: return "ARL";
    case CertEncoding::kSpki: return "SPKI";
    case CertEncoding::kX509Attribute: return "X509_ATTRIBUTE";
    case CertEncoding::kRawRsaKey: return "RAW_RSA_KEY";
    case CertEncoding::kHashUrlX509Cert: return "HASH_URL_X509_CERT";
    case CertEncoding::kHashUrlX509Bundle: return "HASH_URL_X509_BUNDLE";
    case CertEncoding::kOcspContent: return "OCSP_CONTENT";
    case CertEncoding::kRawPublicKey: return "RAW_PUBLIC_KEY";
  }
  return {};
}

absl::string_view name(AuthMethod v) {
  switch (v) {
    case AuthMethod::kRsaSig: return "RSA_SIG";
    case AuthMethod::kSharedKeyMic: return "SHARED_KEY_MIC";
    case AuthMethod::kDssSig: return "DSS_SIG";
    case AuthMethod::kEcdsaSha256P256: return "ECDSA_SHA256_P256";
    case AuthMethod::kEcdsaSha384P384: return "ECDSA_SHA384_P384";
    case AuthMethod::kEcdsaSha512P521: return "ECDSA_SHA512_P521";
    case AuthMethod::kGenericSecurePassword: return "GENERIC_SECURE_PASSWORD";
    case AuthMethod::kNull: return "NULL_AUTH";
    case AuthMethod::kDigitalSignature: return "DIGITAL_SIGNATURE";
  }
  return {};
}

absl::string_view name(CfgType v) {
  switch (v) {
    case CfgType::kRequest: return "CFG_REQUEST";
    case CfgType::kReply: return "CFG_REPLY";
    case CfgType::kSet: return "CFG_SET";
    case CfgType::kAck: return "CFG_ACK";
  }
  return {};
}

absl::string_view name(CfgAttr v) {
  switch (v) {
    case CfgAttr::kInternalIp4Address: return "INTERNAL_IP4_ADDRESS";
    case CfgAttr::kInternalIp4Netmask: return "INTERNAL_IP4_NETMASK";
    case CfgAttr::kInternalIp4Dns: return "INTERNAL_IP4_DNS";
    case CfgAttr::kInternalIp4Nbns: return "INTERNAL_IP4_NBNS";
    case CfgAttr::kInternalAddressExpiry: return "INTERNAL_ADDRESS_EXPIRY";
    case CfgAttr::kInternalIp4Dhcp: return "INTERNAL_IP4_DHCP";
    case CfgAttr::kApplicationVersion: return "APPLICATION_VERSION";
    case CfgAttr::kInternalIp6Address: return "INTERNAL_IP6_ADDRESS";
    case CfgAttr::kInternalIp6Dns: return "INTERNAL_IP6_DNS";
    case CfgAttr::kInternalIp6Dhcp: return "INTERNAL_IP6_DHCP";
    case CfgAttr::kInternalIp4Subnet: return "INTERNAL_IP4_SUBNET";
    case CfgAttr::kSupportedAttributes: return "SUPPORTED_ATTRIBUTES";
    case CfgAttr::kInternalIp6Subnet: return "INTERNAL_IP6_SUBNET";
    case CfgAttr::kMip6HomePrefix: return "MIP6_HOME_PREFIX";
    case CfgAttr::kInternalIp6Link: return "INTERNAL_IP6_LINK";
    case CfgAttr::kInternalIp6Prefix: return "INTERNAL_IP6_PREFIX";
    case CfgAttr::kHomeAgentAddress: return "HOME_AGENT_ADDRESS";
    case CfgAttr::kP_CscfIp4Address: return "P_CSCF_IP4_ADDRESS";
    case CfgAttr::kP_CscfIp6Address: return "P_CSCF_IP6_ADDRESS";
    case CfgAttr::kFtt_Kat: return "FTT_KAT";
    case CfgAttr::kExternalSourceIp4Nat: return "EXTERNAL_SOURCE_IP4_NAT_INFO";
    case CfgAttr::kTimeoutPeriodForLivenessCheck: return "TIMEOUT_PERIOD_FOR_LIVENESS_CHECK";
    case CfgAttr::kInternalDnsDomain: return "INTERNAL_DNS_DOMAIN";
    case CfgAttr::kInternalDnssecTa: return "INTERNAL_DNSSEC_TA";
    case CfgAttr::kEncdnsIp4: return "ENCDNS_IP4";
    case CfgAttr::kEncdnsIp6: return "ENCDNS_IP6";
    case CfgAttr::kEncdnsDigestInfo: return "ENCDNS_DIGEST_INFO";
    case CfgAttr::kCiscoBanner: return "CISCO_BANNER";
    case CfgAttr::kCiscoSavePasswd: return "CISCO_SAVE_PASSWD";
    case CfgAttr::kCiscoDefDomain: return "CISCO_DEF_DOMAIN";
    case CfgAttr::kCiscoSplitDns: return "CISCO_SPLIT_DNS";
    case CfgAttr::kCiscoSplitInc: return "CISCO_SPLIT_INC";
    case CfgAttr::kCiscoUdpEncapPort: return "CISCO_UDP_ENCAP_PORT";
    case CfgAttr::kCiscoSplitExc: return "CISCO_SPLIT_EXC";
    case CfgAttr::kCiscoDoPfs: return "CISCO_DO_PFS";
    case CfgAttr::kCiscoFwType: return "CISCO_FW_TYPE";
    case CfgAttr::kCiscoBackupServers: return "CISCO_BACKUP_SERVERS";
    case CfgAttr::kCiscoDdnsHostname: return "CISCO_DDNS_HOSTNAME";
    case CfgAttr::kCiscoUnknown28683: return "CISCO_28683";
  }
  return {};
}

absl::string_view name(TsType v) {
  switch (v) {
    case TsType::kIpv4AddrRange: return "TS_IPV4_ADDR_RANGE";
    case TsType::kIpv6AddrRange: return "TS_IPV6_ADDR_RANGE";
    case TsType::kFcAddrRange: return "TS_FC_ADDR_RANGE";
    case TsType::kSecLabel: return "TS_SECLABEL";
  }
  return {};
}

// ---------------------------------------------------------------------------
// to_string(): the private-use ranges are those of RFC 7296 section 3 and the
// IANA registries.

std::string to_string(ExchangeType v) {
  return name_or_number(name(v), "EXCHANGE_TYPE", u(v), u(v) >= 240);
}

std::string to_string(PayloadType v) {
  return name_or_number(name(v), "PAYLOAD_TYPE", u(v), u(v) >= 128);
}

std::string to_string(ProtocolId v) {
  return name_or_number(name(v), "PROTOCOL_ID", u(v), u(v) >= 201);
}

std::string to_string(TransformType v) {
  return name_or_number(name(v), "TRANSFORM_TYPE", u(v), u(v) >= 241);
}

std::string to_string(EncrId v) {
  return name_or_number(name(v), "ENCR", u(v), u(v) >= kTransformIdPrivateUse);
}

std::string to_string(PrfId v) {
  return name_or_number(name(v), "PRF", u(v), u(v) >= kTransformIdPrivateUse);
}

std::string to_string(IntegId v) {
  return name_or_number(name(v), "INTEG", u(v), u(v) >= kTransformIdPrivateUse);
}

std::string to_string(KeGroup v) {
  return name_or_number(name(v), "KE_GROUP", u(v), u(v) >= kTransformIdPrivateUse);
}

std::string to_string(EsnId v) {
  return name_or_number(name(v), "ESN", u(v), false);
}

std::string to_string(TransformAttrType v) {
  return name_or_number(name(v), "TRANSFORM_ATTR", u(v), u(v) >= 16384 && u(v) <= 32767);
}

std::string to_string(NotifyType v) {
  if (is_error(v)) {
    return name_or_number(name(v), "NOTIFY_ERROR", u(v), u(v) >= 8192);
  }
  return name_or_number(name(v), "NOTIFY_STATUS", u(v), u(v) >= 40960);
}

std::string to_string(IdType v) {
  return name_or_number(name(v), "ID_TYPE", u(v), u(v) >= 201);
}

std::string to_string(CertEncoding v) {
  return name_or_number(name(v), "CERT_ENCODING", u(v), u(v) >= 201);
}

std::string to_string(AuthMethod v) {
  return name_or_number(name(v), "AUTH_METHOD", u(v), u(v) >= 201);
}

std::string to_string(CfgType v) {
  return name_or_number(name(v), "CFG_TYPE", u(v), u(v) >= 128);
}

// Cisco AnyConnect attributes 28684..28735 have no public names and print as
// "CISCO_<n>". What a few of them carry, as inferred from captured traffic
// (not documented by Cisco):
//   28705  session timeout
//   28706  session timeout (alert / remaining)
//   28709  DPD interval
//   28710  keepalive interval
//   28711  MTU
//   28727  config-auth XML
std::string to_string(CfgAttr v) {
  absl::string_view n = name(v);
  if (!n.empty()) return std::string(n);
  const unsigned value = u(v);
  if (value >= 28684 && value <= 28735) return absl::StrFormat("CISCO_%u", value);
  if (value >= 16384 && value <= 32767) return absl::StrFormat("PRIVATE_USE_%u", value);
  return absl::StrFormat("UNKNOWN_CFG_ATTR(%u)", value);
}

std::string to_string(TsType v) {
  return name_or_number(name(v), "TS_TYPE", u(v), u(v) >= 241);
}

// ---------------------------------------------------------------------------
// Transform IDs, notify classes, payload notation.

absl::string_view transform_id_name(TransformType type, uint16_t id) {
  switch (type) {
    case TransformType::kEncr: return name(static_cast<EncrId>(id));
    case TransformType::kPrf: return name(static_cast<PrfId>(id));
    case TransformType::kInteg: return name(static_cast<IntegId>(id));
    case TransformType::kKe:
    case TransformType::kAke1:
    case TransformType::kAke2:
    case TransformType::kAke3:
    case TransformType::kAke4:
    case TransformType::kAke5:
    case TransformType::kAke6:
    case TransformType::kAke7: return name(static_cast<KeGroup>(id));
    case TransformType::kEsn: return name(static_cast<EsnId>(id));
    case TransformType::kKwa:
    case TransformType::kGcauth: break;
  }
  return {};
}

std::string transform_id_to_string(TransformType type, uint16_t id) {
  switch (type) {
    case TransformType::kEncr: return to_string(static_cast<EncrId>(id));
    case TransformType::kPrf: return to_string(static_cast<PrfId>(id));
    case TransformType::kInteg: return to_string(static_cast<IntegId>(id));
    case TransformType::kKe:
    case TransformType::kAke1:
    case TransformType::kAke2:
    case TransformType::kAke3:
    case TransformType::kAke4:
    case TransformType::kAke5:
    case TransformType::kAke6:
    case TransformType::kAke7: return to_string(static_cast<KeGroup>(id));
    case TransformType::kEsn: return to_string(static_cast<EsnId>(id));
    case TransformType::kKwa:
    case TransformType::kGcauth: break;
  }
  return absl::StrFormat("UNKNOWN_TRANSFORM_ID(%s,%u)", to_string(type), unsigned{id});
}

bool is_error(NotifyType v) { return u(v) < 16384; }

const char* payload_label(PayloadType v) {
  absl::string_view n = payload_short_name(v);
  return n.empty() ? "payload" : n.data();  // the names are string literals
}

absl::string_view payload_short_name(PayloadType v) {
  switch (v) {
    case PayloadType::kNone: break;
    case PayloadType::kSa: return "SA";
    case PayloadType::kKe: return "KE";
    case PayloadType::kIdi: return "IDi";
    case PayloadType::kIdr: return "IDr";
    case PayloadType::kCert: return "CERT";
    case PayloadType::kCertReq: return "CERTREQ";
    case PayloadType::kAuth: return "AUTH";
    case PayloadType::kNonce: return "No";
    case PayloadType::kNotify: return "N";
    case PayloadType::kDelete: return "D";
    case PayloadType::kVendorId: return "V";
    case PayloadType::kTsi: return "TSi";
    case PayloadType::kTsr: return "TSr";
    case PayloadType::kSk: return "SK";
    case PayloadType::kCp: return "CP";
    case PayloadType::kEap: return "EAP";
    case PayloadType::kGspm: return "GSPM";
    case PayloadType::kIdg: return "IDg";
    case PayloadType::kGsa: return "GSA";
    case PayloadType::kKd: return "KD";
    case PayloadType::kSkf: return "SKF";
    case PayloadType::kPs: return "PS";
    case PayloadType::kCiscoFragment: return "CISCO_FRAG";
  }
  return {};
}

// ---------------------------------------------------------------------------
// Vendor IDs.

namespace {

bool starts_with(ByteView data, absl::string_view prefix) {
  if (data.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (data[i] != static_cast<uint8_t>(prefix[i])) return false;
  }
  return true;
}

bool equals(ByteView data, absl::string_view text) {
  return data.size() == text.size() && starts_with(data, text);
}

bool equals(ByteView data, const uint8_t (&bytes)[16]) {
  if (data.size() != sizeof(bytes)) return false;
  for (size_t i = 0; i < sizeof(bytes); ++i) {
    if (data[i] != bytes[i]) return false;
  }
  return true;
}

}  // namespace

absl::string_view known_vendor_id_name(ByteView vid) {
  if (equals(vid, kCiscoDeleteReasonVid)) return kCiscoDeleteReasonVid;
  if (equals(vid, kCiscoCopyrightVid)) return "CISCO-COPYRIGHT";
  if (equals(vid, kCiscoAnyconnectEapVid)) return kCiscoAnyconnectEapVid;
  if (starts_with(vid, kCiscoGreModeVid)) return kCiscoGreModeVid;
  if (equals(vid, kCiscoAnyconnectStrapVid)) return kCiscoAnyconnectStrapVid;
  if (equals(vid, kCiscoNgeLevelVid)) return kCiscoNgeLevelVid;
  if (equals(vid, kFlexvpnSupportedVid)) return kFlexvpnSupportedVid;
  if (equals(vid, kCiscoFragmentationVid)) return "CISCO-FRAGMENTATION";
  if (equals(vid, kStrongSwanVid)) return "strongSwan";
  return {};
}

}  // namespace ikecore
