// INTEG transforms: HMAC-MD5-96 (RFC 2403), HMAC-SHA1-96 (RFC 2404),
// HMAC-SHA2-256-128/384-192/512-256 (RFC 4868), AES-XCBC-96 (RFC 3566) and
// AES-CMAC-96 (RFC 4494). Each ICV is the leading bytes of the full MAC.
#include <algorithm>

#include <openssl/digest.h>
#include <openssl/mem.h>

#include "absl/strings/str_cat.h"
#include "mac.h"
#include "symmetric.h"

namespace ikecore::boringssl {
namespace {

absl::Status check_sizes(IntegId id, size_t key_size, size_t icv_size, ByteView key, absl::Span<uint8_t> icv) {
  if (key.size() != key_size) {
    return absl::InvalidArgumentError(
        absl::StrCat(to_string(id), ": key is ", key.size(), " bytes, not ", key_size));
  }
  if (icv.size() != icv_size) {
    return absl::InvalidArgumentError(
        absl::StrCat(to_string(id), ": ICV buffer is ", icv.size(), " bytes, not ", icv_size));
  }
  return absl::OkStatus();
}

class HmacIntegrity final : public Integrity {
 public:
  HmacIntegrity(IntegId id, const EVP_MD* md, size_t key_size, size_t icv_size)
      : id_(id), md_(md), key_size_(key_size), icv_size_(icv_size) {}

  IntegId id() const override { return id_; }
  size_t key_size() const override { return key_size_; }
  size_t icv_size() const override { return icv_size_; }

  absl::Status compute(ByteView key, absl::Span<const ByteView> data, absl::Span<uint8_t> icv) const override {
    if (absl::Status s = check_sizes(id_, key_size_, icv_size_, key, icv); !s.ok()) return s;
    return hmac(md_, key, data, icv);  // writes the truncated MAC
  }

 private:
  IntegId id_;
  const EVP_MD* md_;
  size_t key_size_;
  size_t icv_size_;
};

// AES-XCBC-MAC-96 and AES-CMAC-96: the first 96 bits of the AES-128 MAC.
class AesMac96 final : public Integrity {
 public:
  using MacFn = absl::Status (*)(ByteView, absl::Span<const ByteView>, absl::Span<uint8_t>);
  AesMac96(IntegId id, MacFn mac) : id_(id), mac_(mac) {}

  IntegId id() const override { return id_; }
  size_t key_size() const override { return kAesBlock; }
  size_t icv_size() const override { return 12; }

  absl::Status compute(ByteView key, absl::Span<const ByteView> data, absl::Span<uint8_t> icv) const override {
    if (absl::Status s = check_sizes(id_, key_size(), icv_size(), key, icv); !s.ok()) return s;
    uint8_t full[kAesBlock];
    absl::Status s = mac_(key, data, absl::MakeSpan(full));
    if (s.ok()) std::copy_n(full, icv.size(), icv.begin());
    OPENSSL_cleanse(full, sizeof(full));
    return s;
  }

 private:
  IntegId id_;
  MacFn mac_;
};

}  // namespace

absl::StatusOr<std::unique_ptr<Integrity>> make_integrity(IntegId id) {
  switch (id) {
    case IntegId::kHmacMd5_96:
      return std::make_unique<HmacIntegrity>(id, EVP_md5(), 16, 12);
    case IntegId::kHmacSha1_96:
      return std::make_unique<HmacIntegrity>(id, EVP_sha1(), 20, 12);
    case IntegId::kHmacSha2_256_128:
      return std::make_unique<HmacIntegrity>(id, EVP_sha256(), 32, 16);
    case IntegId::kHmacSha2_384_192:
      return std::make_unique<HmacIntegrity>(id, EVP_sha384(), 48, 24);
    case IntegId::kHmacSha2_512_256:
      return std::make_unique<HmacIntegrity>(id, EVP_sha512(), 64, 32);
    case IntegId::kAesXcbc96:
      return std::make_unique<AesMac96>(id, &aes_xcbc_mac);
    case IntegId::kAesCmac96:
      return std::make_unique<AesMac96>(id, &aes_cmac);
    default:
      break;
  }
  return absl::UnimplementedError(absl::StrCat(to_string(id), " is not supported by the BoringSSL provider"));
}

}  // namespace ikecore::boringssl
