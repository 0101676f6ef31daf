// PRF transforms (RFC 7296 §2.13): HMAC (RFC 2104, 4868), AES-XCBC-PRF-128
// (RFC 4434) and AES-CMAC-PRF-128 (RFC 4615).
#include <algorithm>

#include <openssl/digest.h>
#include <openssl/mem.h>

#include "absl/strings/str_cat.h"
#include "mac.h"
#include "symmetric.h"

namespace ikecore::boringssl {
namespace {

absl::Status check_out(PrfId id, size_t want, absl::Span<uint8_t> out) {
  if (out.size() == want) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(to_string(id), ": output buffer is ", out.size(), " bytes, not ", want));
}

class HmacPrf final : public Prf {
 public:
  HmacPrf(PrfId id, const EVP_MD* md) : id_(id), md_(md), size_(EVP_MD_size(md)) {}

  PrfId id() const override { return id_; }
  size_t output_size() const override { return size_; }
  size_t key_size() const override { return size_; }  // RFC 7296 §2.13, RFC 4868 §2.1.2

  absl::Status compute(ByteView key, absl::Span<const ByteView> data, absl::Span<uint8_t> out) const override {
    if (absl::Status s = check_out(id_, size_, out); !s.ok()) return s;
    return hmac(md_, key, data, out);
  }

 private:
  PrfId id_;
  const EVP_MD* md_;
  size_t size_;
};

// AES-XCBC-PRF-128, RFC 4434 §2: a key of 16 bytes is used as is, a shorter
// one is padded with zeros on the right, a longer one is first reduced to
// AES-XCBC-MAC-128(0^128, key).
class XcbcPrf final : public Prf {
 public:
  PrfId id() const override { return PrfId::kAes128Xcbc; }
  size_t output_size() const override { return kAesBlock; }
  size_t key_size() const override { return kAesBlock; }

  absl::Status compute(ByteView key, absl::Span<const ByteView> data, absl::Span<uint8_t> out) const override {
    if (absl::Status s = check_out(id(), kAesBlock, out); !s.ok()) return s;
    uint8_t k[kAesBlock] = {};
    if (key.size() <= kAesBlock) {
      std::copy(key.begin(), key.end(), k);
    } else {
      static constexpr uint8_t kZeroKey[kAesBlock] = {};
      const ByteView pieces[] = {key};
      if (absl::Status s = aes_xcbc_mac(kZeroKey, pieces, absl::MakeSpan(k)); !s.ok()) return s;
    }
    absl::Status s = aes_xcbc_mac(absl::MakeConstSpan(k), data, out);
    OPENSSL_cleanse(k, sizeof(k));
    return s;
  }
};

// AES-CMAC-PRF-128, RFC 4615 §3: a key of 16 bytes is used as is, any other
// length is first reduced to AES-CMAC(0^128, key).
class CmacPrf final : public Prf {
 public:
  PrfId id() const override { return PrfId::kAes128Cmac; }
  size_t output_size() const override { return kAesBlock; }
  size_t key_size() const override { return kAesBlock; }

  absl::Status compute(ByteView key, absl::Span<const ByteView> data, absl::Span<uint8_t> out) const override {
    if (absl::Status s = check_out(id(), kAesBlock, out); !s.ok()) return s;
    if (key.size() == kAesBlock) return aes_cmac(key, data, out);
    static constexpr uint8_t kZeroKey[kAesBlock] = {};
    uint8_t k[kAesBlock];
    const ByteView pieces[] = {key};
    absl::Status s = aes_cmac(kZeroKey, pieces, absl::MakeSpan(k));
    if (s.ok()) s = aes_cmac(absl::MakeConstSpan(k), data, out);
    OPENSSL_cleanse(k, sizeof(k));
    return s;
  }
};

}  // namespace

absl::StatusOr<std::unique_ptr<Prf>> make_prf(PrfId id) {
  switch (id) {
    case PrfId::kHmacMd5:
      return std::make_unique<HmacPrf>(id, EVP_md5());
    case PrfId::kHmacSha1:
      return std::make_unique<HmacPrf>(id, EVP_sha1());
    case PrfId::kHmacSha2_256:
      return std::make_unique<HmacPrf>(id, EVP_sha256());
    case PrfId::kHmacSha2_384:
      return std::make_unique<HmacPrf>(id, EVP_sha384());
    case PrfId::kHmacSha2_512:
      return std::make_unique<HmacPrf>(id, EVP_sha512());
    case PrfId::kAes128Xcbc:
      return std::make_unique<XcbcPrf>();
    case PrfId::kAes128Cmac:
      return std::make_unique<CmacPrf>();
    default:
      break;
  }
  return absl::UnimplementedError(absl::StrCat(to_string(id), " is not supported by the BoringSSL provider"));
}

}  // namespace ikecore::boringssl
