#include "x509.h"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/bytestring.h>
#include <openssl/digest.h>
#include <openssl/ec.h>
#include <openssl/ec_key.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/mem.h>
#include <openssl/nid.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <climits>
#include <ctime>

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace ikecore::boringssl {
namespace {

// The most recent BoringSSL error as "library: REASON", and an empty error
// queue (errors are thread-local; leaving them would confuse later calls).
std::string take_openssl_error() {
  uint32_t e = ERR_peek_last_error();
  std::string out = "no detail";
  if (e != 0) {
    const char* lib = ERR_lib_error_string(e);
    const char* reason = ERR_reason_error_string(e);
    out = absl::StrFormat("%s: %s", lib != nullptr ? lib : "?", reason != nullptr ? reason : "?");
  }
  ERR_clear_error();
  return out;
}

absl::Status invalid(absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrFormat("%s (%s)", what, take_openssl_error()));
}

absl::Status internal(absl::string_view what) {
  return absl::InternalError(absl::StrFormat("%s (%s)", what, take_openssl_error()));
}

// DER structures here all start with a SEQUENCE tag; PEM never does.
bool looks_like_der(ByteView in) { return !in.empty() && in[0] == 0x30; }

// The DER content of the first PEM block of type `name` in `in` (other blocks
// and text around them are skipped).
absl::StatusOr<Bytes> pem_block(ByteView in, const char* name, absl::string_view what) {
  if (in.size() > static_cast<size_t>(INT_MAX)) return absl::InvalidArgumentError(absl::StrFormat("%s: too large", what));
  bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(in.data(), static_cast<int>(in.size())));
  if (!bio) return internal(absl::StrFormat("%s: BIO_new_mem_buf", what));
  uint8_t* data = nullptr;
  long len = 0;
  if (!PEM_bytes_read_bio(&data, &len, nullptr, name, bio.get(), nullptr, nullptr)) {
    return invalid(absl::StrFormat("%s: neither DER nor PEM with a %s block", what, name));
  }
  Bytes out(data, data + len);
  OPENSSL_free(data);
  return out;
}

// `der` as one DER object of type T (d2i_X509, d2i_X509_CRL,
// d2i_AutoPrivateKey) with nothing after it.
template <class T>
absl::StatusOr<bssl::UniquePtr<T>> d2i_exact(T* (*d2i)(T**, const uint8_t**, long), ByteView der,
                                             absl::string_view what) {
  if (der.empty()) return absl::InvalidArgumentError(absl::StrFormat("%s: empty input", what));
  if (der.size() > static_cast<size_t>(LONG_MAX)) return absl::InvalidArgumentError(absl::StrFormat("%s: too large", what));
  const uint8_t* p = der.data();
  bssl::UniquePtr<T> out(d2i(nullptr, &p, static_cast<long>(der.size())));
  if (!out) return invalid(what);
  if (p != der.data() + der.size()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: %d bytes after the DER structure", what, der.data() + der.size() - p));
  }
  return out;
}

struct SchemeInfo {
  const EVP_MD* md = nullptr;
  bool rsa = false;
  bool pss = false;
};

bool scheme_info(SignatureScheme scheme, SchemeInfo& out) {
  switch (scheme) {
    case SignatureScheme::kRsaPkcs1Sha1: out = {EVP_sha1(), true, false}; return true;
    case SignatureScheme::kRsaPkcs1Sha256: out = {EVP_sha256(), true, false}; return true;
    case SignatureScheme::kRsaPkcs1Sha384: out = {EVP_sha384(), true, false}; return true;
    case SignatureScheme::kRsaPkcs1Sha512: out = {EVP_sha512(), true, false}; return true;
    case SignatureScheme::kRsaPssSha256: out = {EVP_sha256(), true, true}; return true;
    case SignatureScheme::kRsaPssSha384: out = {EVP_sha384(), true, true}; return true;
    case SignatureScheme::kRsaPssSha512: out = {EVP_sha512(), true, true}; return true;
    case SignatureScheme::kEcdsaSha1: out = {EVP_sha1(), false, false}; return true;
    case SignatureScheme::kEcdsaSha256: out = {EVP_sha256(), false, false}; return true;
    case SignatureScheme::kEcdsaSha384: out = {EVP_sha384(), false, false}; return true;
    case SignatureScheme::kEcdsaSha512: out = {EVP_sha512(), false, false}; return true;
  }
  return false;
}

const char* scheme_name(SignatureScheme scheme) {
  switch (scheme) {
    case SignatureScheme::kRsaPkcs1Sha1: return "RSA-PKCS1-SHA1";
    case SignatureScheme::kRsaPkcs1Sha256: return "RSA-PKCS1-SHA256";
    case SignatureScheme::kRsaPkcs1Sha384: return "RSA-PKCS1-SHA384";
    case SignatureScheme::kRsaPkcs1Sha512: return "RSA-PKCS1-SHA512";
    case SignatureScheme::kRsaPssSha256: return "RSA-PSS-SHA256";
    case SignatureScheme::kRsaPssSha384: return "RSA-PSS-SHA384";
    case SignatureScheme::kRsaPssSha512: return "RSA-PSS-SHA512";
    case SignatureScheme::kEcdsaSha1: return "ECDSA-SHA1";
    case SignatureScheme::kEcdsaSha256: return "ECDSA-SHA256";
    case SignatureScheme::kEcdsaSha384: return "ECDSA-SHA384";
    case SignatureScheme::kEcdsaSha512: return "ECDSA-SHA512";
  }
  return "unknown scheme";
}

const char* key_type_name(KeyType type) {
  switch (type) {
    case KeyType::kRsa: return "RSA";
    case KeyType::kEcdsaP256: return "ECDSA P-256";
    case KeyType::kEcdsaP384: return "ECDSA P-384";
    case KeyType::kEcdsaP521: return "ECDSA P-521";
    case KeyType::kOther: return "unsupported";
  }
  return "unsupported";
}

// Checks `scheme` against `type` and fills `info`.
absl::Status check_scheme(absl::string_view op, SignatureScheme scheme, KeyType type, SchemeInfo& info) {
  if (!scheme_info(scheme, info)) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: unknown signature scheme %d", op, static_cast<int>(scheme)));
  }
  if (!scheme_fits(scheme, type)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: %s does not fit the key type (%s)", op, scheme_name(scheme), key_type_name(type)));
  }
  return absl::OkStatus();
}

// RSA-PSS with salt length = hash length and MGF1 with the same hash.
bool configure_padding(EVP_PKEY_CTX* pctx, const SchemeInfo& info) {
  if (!info.pss) return true;
  return EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) &&
         EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, -1) &&  // -1: the digest length
         EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, info.md);
}

// The BoringSSL certificate behind `cert`: itself when it is an
// X509Certificate, else a copy parsed from its DER and kept in `keep`.
absl::StatusOr<const X509Certificate*> as_x509(const Certificate& cert,
                                               std::vector<std::unique_ptr<X509Certificate>>& keep) {
  if (const auto* own = dynamic_cast<const X509Certificate*>(&cert)) return own;
  auto parsed = X509Certificate::from_der(cert.der());
  if (!parsed.ok()) return parsed.status();
  keep.push_back(std::move(*parsed));
  return keep.back().get();
}

std::string asn1_string(const ASN1_STRING* s) {
  const unsigned char* data = ASN1_STRING_get0_data(s);
  int len = ASN1_STRING_length(s);
  if (data == nullptr || len <= 0) return std::string();
  return std::string(reinterpret_cast<const char*>(data), static_cast<size_t>(len));
}

}  // namespace

// ---------------------------------------------------------------------------
// Keys

KeyType key_type_of(const EVP_PKEY* key) {
  if (key == nullptr) return KeyType::kOther;
  switch (EVP_PKEY_id(key)) {
    case EVP_PKEY_RSA:
      return KeyType::kRsa;
    case EVP_PKEY_EC: {
      const EC_KEY* ec = EVP_PKEY_get0_EC_KEY(key);
      const EC_GROUP* group = ec != nullptr ? EC_KEY_get0_group(ec) : nullptr;
      if (group == nullptr) return KeyType::kOther;
      switch (EC_GROUP_get_curve_name(group)) {
        case NID_X9_62_prime256v1: return KeyType::kEcdsaP256;
        case NID_secp384r1: return KeyType::kEcdsaP384;
        case NID_secp521r1: return KeyType::kEcdsaP521;
        default: return KeyType::kOther;
      }
    }
    default:
      return KeyType::kOther;
  }
}

bool scheme_fits(SignatureScheme scheme, KeyType type) {
  SchemeInfo info;
  if (!scheme_info(scheme, info)) return false;
  if (info.rsa) return type == KeyType::kRsa;
  return type == KeyType::kEcdsaP256 || type == KeyType::kEcdsaP384 || type == KeyType::kEcdsaP521;
}

EvpPrivateKey::EvpPrivateKey(bssl::UniquePtr<EVP_PKEY> key, KeyType type) : key_(std::move(key)), type_(type) {}
EvpPrivateKey::~EvpPrivateKey() = default;

absl::StatusOr<std::unique_ptr<EvpPrivateKey>> EvpPrivateKey::from_evp(bssl::UniquePtr<EVP_PKEY> key) {
  if (!key) return absl::InvalidArgumentError("private key: null");
  KeyType type = key_type_of(key.get());
  if (type == KeyType::kOther) {
    return absl::UnimplementedError("private key: only RSA and ECDSA P-256/P-384/P-521 keys are supported");
  }
  return std::unique_ptr<EvpPrivateKey>(new EvpPrivateKey(std::move(key), type));
}

size_t EvpPrivateKey::bits() const {
  int bits = EVP_PKEY_bits(key_.get());
  return bits > 0 ? static_cast<size_t>(bits) : 0;
}

absl::StatusOr<std::unique_ptr<PrivateKey>> parse_private_key(ByteView in) {
  if (in.empty()) return absl::InvalidArgumentError("private key: empty input");
  bssl::UniquePtr<EVP_PKEY> key;
  if (looks_like_der(in)) {
    // PKCS#8 PrivateKeyInfo, RSAPrivateKey or ECPrivateKey, told apart by
    // their structure.
    auto parsed = d2i_exact<EVP_PKEY>(d2i_AutoPrivateKey, in,
                                      "private key: not a DER PKCS#8, RSAPrivateKey or ECPrivateKey");
    if (!parsed.ok()) return parsed.status();
    key = std::move(*parsed);
  } else {
    if (in.size() > static_cast<size_t>(INT_MAX)) return absl::InvalidArgumentError("private key: too large");
    bssl::UniquePtr<BIO> bio(BIO_new_mem_buf(in.data(), static_cast<int>(in.size())));
    if (!bio) return internal("private key: BIO_new_mem_buf");
    // No passphrase: encrypted keys fail here.
    pem_password_cb* no_passphrase = [](char*, int, int, void*) { return 0; };
    key.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, no_passphrase, nullptr));
    if (!key) return invalid("private key: neither DER nor a PEM private key (encrypted keys are not supported)");
  }
  auto made = EvpPrivateKey::from_evp(std::move(key));
  if (!made.ok()) return made.status();
  return std::unique_ptr<PrivateKey>(std::move(*made));
}

// ---------------------------------------------------------------------------
// Certificates

X509Certificate::~X509Certificate() = default;

absl::StatusOr<std::unique_ptr<X509Certificate>> X509Certificate::from_der(ByteView der) {
  if (der.empty()) return absl::InvalidArgumentError("certificate: empty input");
  auto parsed = d2i_exact<X509>(d2i_X509, der, "certificate: not a DER X.509 certificate");
  if (!parsed.ok()) return parsed.status();
  bssl::UniquePtr<X509> x509 = std::move(*parsed);

  std::unique_ptr<X509Certificate> cert(new X509Certificate());
  cert->der_.assign(der.begin(), der.end());

  // The exact bytes of issuer, subject and subjectPublicKeyInfo
  // (RFC 5280 §4.1: version [0] EXPLICIT OPTIONAL, serialNumber, signature,
  // issuer, validity, subject, subjectPublicKeyInfo, ...).
  CBS in, certificate, tbs, skip, issuer, subject, spki;
  CBS_init(&in, cert->der_.data(), cert->der_.size());
  if (!CBS_get_asn1(&in, &certificate, CBS_ASN1_SEQUENCE) || CBS_len(&in) != 0 ||
      !CBS_get_asn1(&certificate, &tbs, CBS_ASN1_SEQUENCE) ||
      !CBS_get_optional_asn1(&tbs, &skip, nullptr, CBS_ASN1_CONTEXT_SPECIFIC | CBS_ASN1_CONSTRUCTED | 0) ||
      !CBS_get_asn1(&tbs, &skip, CBS_ASN1_INTEGER) || !CBS_get_asn1(&tbs, &skip, CBS_ASN1_SEQUENCE) ||
      !CBS_get_asn1_element(&tbs, &issuer, CBS_ASN1_SEQUENCE) || !CBS_get_asn1(&tbs, &skip, CBS_ASN1_SEQUENCE) ||
      !CBS_get_asn1_element(&tbs, &subject, CBS_ASN1_SEQUENCE) ||
      !CBS_get_asn1_element(&tbs, &spki, CBS_ASN1_SEQUENCE)) {
    return invalid("certificate: TBSCertificate is not DER");
  }
  const uint8_t* base = cert->der_.data();
  cert->issuer_ = {static_cast<size_t>(CBS_data(&issuer) - base), CBS_len(&issuer)};
  cert->subject_ = {static_cast<size_t>(CBS_data(&subject) - base), CBS_len(&subject)};
  cert->spki_sha1_.resize(SHA_DIGEST_LENGTH);
  SHA1(CBS_data(&spki), CBS_len(&spki), cert->spki_sha1_.data());

  // A key BoringSSL cannot decode (or an algorithm it lacks) leaves kOther.
  cert->public_key_.reset(X509_get_pubkey(x509.get()));
  if (!cert->public_key_) ERR_clear_error();
  cert->key_type_ = key_type_of(cert->public_key_.get());
  if (cert->key_type_ == KeyType::kOther) cert->public_key_.reset();

  int critical = -1;
  bssl::UniquePtr<GENERAL_NAMES> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(x509.get(), NID_subject_alt_name, &critical, nullptr)));
  if (!names && critical != -1) {
    // -2: the extension appears more than once; 0/1: it does not decode.
    return invalid("certificate: malformed or repeated subjectAltName");
  }
  if (names) {
    for (size_t i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
      const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
      switch (name->type) {
        case GEN_DNS:
          cert->dns_names_.push_back(asn1_string(name->d.dNSName));
          break;
        case GEN_EMAIL:
          cert->emails_.push_back(asn1_string(name->d.rfc822Name));
          break;
        case GEN_IPADD: {
          std::string ip = asn1_string(name->d.iPAddress);
          if (ip.size() == 4 || ip.size() == 16) cert->ip_addresses_.emplace_back(ip.begin(), ip.end());
          break;
        }
        default:
          break;
      }
    }
  }
  ERR_clear_error();
  cert->x509_ = std::move(x509);
  return cert;
}

absl::StatusOr<std::unique_ptr<Certificate>> parse_certificate(ByteView in) {
  if (in.empty()) return absl::InvalidArgumentError("certificate: empty input");
  absl::StatusOr<std::unique_ptr<X509Certificate>> cert;
  if (looks_like_der(in)) {
    cert = X509Certificate::from_der(in);
  } else {
    auto der = pem_block(in, PEM_STRING_X509, "certificate");
    if (!der.ok()) return der.status();
    cert = X509Certificate::from_der(*der);
  }
  if (!cert.ok()) return cert.status();
  return std::unique_ptr<Certificate>(std::move(*cert));
}

// ---------------------------------------------------------------------------
// Signatures

absl::StatusOr<Bytes> sign(const PrivateKey& key, SignatureScheme scheme, ByteView data) {
  const auto* evp = dynamic_cast<const EvpPrivateKey*>(&key);
  if (evp == nullptr) return absl::InvalidArgumentError("sign: the key does not belong to the BoringSSL provider");
  SchemeInfo info;
  if (absl::Status s = check_scheme("sign", scheme, evp->type(), info); !s.ok()) return s;
  if (info.pss) {
    // RFC 8017 §9.1.1: emLen >= hLen + sLen + 2, with sLen = hLen.
    size_t em_len = (evp->bits() + 6) / 8;
    if (em_len < 2 * EVP_MD_size(info.md) + 2) {
      return absl::InvalidArgumentError(
          absl::StrFormat("sign: a %d-bit RSA key is too small for %s", evp->bits(), scheme_name(scheme)));
    }
  }
  bssl::ScopedEVP_MD_CTX ctx;
  EVP_PKEY_CTX* pctx = nullptr;
  if (!EVP_DigestSignInit(ctx.get(), &pctx, info.md, nullptr, evp->pkey()) || !configure_padding(pctx, info)) {
    return internal("sign: EVP_DigestSignInit");
  }
  size_t len = 0;
  if (!EVP_DigestSign(ctx.get(), nullptr, &len, data.data(), data.size())) return internal("sign: EVP_DigestSign");
  Bytes sig(len);
  if (!EVP_DigestSign(ctx.get(), sig.data(), &len, data.data(), data.size())) {
    return internal("sign: EVP_DigestSign");
  }
  sig.resize(len);
  return sig;
}

absl::Status verify(const Certificate& signer, SignatureScheme scheme, ByteView data, ByteView signature) {
  std::vector<std::unique_ptr<X509Certificate>> keep;
  auto cert = as_x509(signer, keep);
  if (!cert.ok()) return cert.status();
  SchemeInfo info;
  if (absl::Status s = check_scheme("verify", scheme, (*cert)->key_type(), info); !s.ok()) return s;
  bssl::ScopedEVP_MD_CTX ctx;
  EVP_PKEY_CTX* pctx = nullptr;
  if (!EVP_DigestVerifyInit(ctx.get(), &pctx, info.md, nullptr, (*cert)->public_key()) ||
      !configure_padding(pctx, info)) {
    return internal("verify: EVP_DigestVerifyInit");
  }
  if (EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), data.data(), data.size()) != 1) {
    ERR_clear_error();
    return absl::UnauthenticatedError(
        absl::StrFormat("verify: the %s signature does not verify", scheme_name(scheme)));
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// Path validation

absl::StatusOr<ChainVerified> verify_chain(const Certificate& leaf,
                                           absl::Span<const Certificate* const> intermediates,
                                           absl::Span<const Certificate* const> anchors,
                                           absl::Span<const ByteView> crls, int64_t unix_time) {
  std::vector<std::unique_ptr<X509Certificate>> keep;
  auto leaf_cert = as_x509(leaf, keep);
  if (!leaf_cert.ok()) return leaf_cert.status();

  bssl::UniquePtr<X509_STORE> store(X509_STORE_new());
  bssl::UniquePtr<STACK_OF(X509)> untrusted(sk_X509_new_null());
  bssl::UniquePtr<X509_STORE_CTX> ctx(X509_STORE_CTX_new());
  if (!store || !untrusted || !ctx) return internal("verify_chain: out of memory");

  for (const Certificate* anchor : anchors) {
    if (anchor == nullptr) return absl::InvalidArgumentError("verify_chain: null anchor");
    auto c = as_x509(*anchor, keep);
    if (!c.ok()) return c.status();
    // Fails only for a certificate already in the store, which is harmless.
    if (!X509_STORE_add_cert(store.get(), (*c)->x509())) ERR_clear_error();
  }
  for (const Certificate* intermediate : intermediates) {
    if (intermediate == nullptr) return absl::InvalidArgumentError("verify_chain: null intermediate");
    auto c = as_x509(*intermediate, keep);
    if (!c.ok()) return c.status();
    // The stack owns a reference of its own (it is freed with sk_X509_pop_free).
    X509_up_ref((*c)->x509());
    if (!sk_X509_push(untrusted.get(), (*c)->x509())) {
      X509_free((*c)->x509());
      return internal("verify_chain: out of memory");
    }
  }
  for (size_t i = 0; i < crls.size(); ++i) {
    std::string what = absl::StrFormat("verify_chain: CRL %d", i);
    absl::StatusOr<bssl::UniquePtr<X509_CRL>> crl;
    if (looks_like_der(crls[i])) {
      crl = d2i_exact<X509_CRL>(d2i_X509_CRL, crls[i], what + ": not a DER CRL");
    } else {
      auto der = pem_block(crls[i], PEM_STRING_X509_CRL, what);
      if (!der.ok()) return der.status();
      crl = d2i_exact<X509_CRL>(d2i_X509_CRL, *der, what + ": not a DER CRL");
    }
    if (!crl.ok()) return crl.status();
    if (!X509_STORE_add_crl(store.get(), crl->get())) ERR_clear_error();  // a duplicate
  }

  if (!X509_STORE_CTX_init(ctx.get(), store.get(), (*leaf_cert)->x509(), untrusted.get())) {
    return internal("verify_chain: X509_STORE_CTX_init");
  }
  unsigned long flags = X509_V_FLAG_PARTIAL_CHAIN;
  if (!crls.empty()) flags |= X509_V_FLAG_CRL_CHECK;
  X509_STORE_CTX_set_flags(ctx.get(), flags);
  X509_STORE_CTX_set_time(ctx.get(), 0, static_cast<time_t>(unix_time));

  if (X509_verify_cert(ctx.get()) != 1) {
    int error = X509_STORE_CTX_get_error(ctx.get());
    int depth = X509_STORE_CTX_get_error_depth(ctx.get());
    ERR_clear_error();
    return absl::UnauthenticatedError(absl::StrFormat("certificate chain: %s (error %d at depth %d)",
                                                      X509_verify_cert_error_string(error), error, depth));
  }
  ChainVerified verified;
  verified.path_length = sk_X509_num(X509_STORE_CTX_get0_chain(ctx.get()));
  return verified;
}

// ---------------------------------------------------------------------------
// ECDSA signature encodings

size_t ecdsa_coordinate_size(KeyType type) {
  switch (type) {
    case KeyType::kEcdsaP256: return 32;
    case KeyType::kEcdsaP384: return 48;
    case KeyType::kEcdsaP521: return 66;
    default: return 0;
  }
}

absl::StatusOr<Bytes> ecdsa_der_to_raw(ByteView der, KeyType type) {
  size_t n = ecdsa_coordinate_size(type);
  if (n == 0) {
    return absl::InvalidArgumentError(absl::StrFormat("ecdsa_der_to_raw: %s is not an ECDSA key type", key_type_name(type)));
  }
  bssl::UniquePtr<ECDSA_SIG> sig(ECDSA_SIG_from_bytes(der.data(), der.size()));
  if (!sig) return invalid("ecdsa_der_to_raw: not a DER ECDSA-Sig-Value");
  const BIGNUM* r = nullptr;
  const BIGNUM* s = nullptr;
  ECDSA_SIG_get0(sig.get(), &r, &s);
  Bytes raw(2 * n);
  if (!BN_bn2bin_padded(raw.data(), n, r) || !BN_bn2bin_padded(raw.data() + n, n, s)) {
    ERR_clear_error();
    return absl::InvalidArgumentError(
        absl::StrFormat("ecdsa_der_to_raw: r or s is longer than %d bytes (%s)", n, key_type_name(type)));
  }
  return raw;
}

absl::StatusOr<Bytes> ecdsa_raw_to_der(ByteView raw) {
  if (raw.size() != 64 && raw.size() != 96 && raw.size() != 132) {
    return absl::InvalidArgumentError(
        absl::StrFormat("ecdsa_raw_to_der: %d bytes; r || s is 64, 96 or 132", raw.size()));
  }
  size_t n = raw.size() / 2;
  bssl::UniquePtr<ECDSA_SIG> sig(ECDSA_SIG_new());
  bssl::UniquePtr<BIGNUM> r(BN_bin2bn(raw.data(), n, nullptr));
  bssl::UniquePtr<BIGNUM> s(BN_bin2bn(raw.data() + n, n, nullptr));
  if (!sig || !r || !s || !ECDSA_SIG_set0(sig.get(), r.get(), s.get())) return internal("ecdsa_raw_to_der");
  r.release();  // now owned by sig
  s.release();
  uint8_t* out = nullptr;
  size_t len = 0;
  if (!ECDSA_SIG_to_bytes(&out, &len, sig.get())) return internal("ecdsa_raw_to_der: ECDSA_SIG_to_bytes");
  Bytes der(out, out + len);
  OPENSSL_free(out);
  return der;
}

}  // namespace ikecore::boringssl
