#include "errors.h"
#include "mac.h"

#include <algorithm>
#include <cstring>

#include <openssl/aes.h>
#include <openssl/cipher.h>
#include <openssl/cmac.h>
#include <openssl/digest.h>
#include <openssl/hmac.h>
#include <openssl/mem.h>

namespace ikecore::boringssl {
namespace {

// Wipes a stack buffer or key schedule when it goes out of scope.
template <class T>
class Wipe {
 public:
  explicit Wipe(T& object) : object_(object) {}
  ~Wipe() { OPENSSL_cleanse(&object_, sizeof(object_)); }
  Wipe(const Wipe&) = delete;
  Wipe& operator=(const Wipe&) = delete;

 private:
  T& object_;
};

void xor_into(uint8_t* acc, const uint8_t* in) {
  for (size_t i = 0; i < kAesBlock; ++i) acc[i] = static_cast<uint8_t>(acc[i] ^ in[i]);
}

}  // namespace

absl::Status hmac(const EVP_MD* md, ByteView key, absl::Span<const ByteView> data, absl::Span<uint8_t> out) {
  if (md == nullptr || out.size() > EVP_MD_size(md)) {
    return absl::InvalidArgumentError("HMAC output longer than the digest");
  }
  // HMAC_Init_ex reads a null key as "keep the previous key"; an empty key
  // must be a non-null pointer with length 0.
  static const uint8_t kNoKey = 0;
  bssl::ScopedHMAC_CTX ctx;
  if (!HMAC_Init_ex(ctx.get(), key.empty() ? &kNoKey : key.data(), key.size(), md, nullptr)) {
    return library_error("HMAC_Init_ex failed");
  }
  for (ByteView piece : data) {
    if (!piece.empty() && !HMAC_Update(ctx.get(), piece.data(), piece.size())) {
      return library_error("HMAC_Update failed");
    }
  }
  uint8_t full[EVP_MAX_MD_SIZE];
  Wipe wipe_full(full);
  unsigned int full_len = 0;
  if (!HMAC_Final(ctx.get(), full, &full_len) || full_len < out.size()) {
    return library_error("HMAC_Final failed");
  }
  std::copy_n(full, out.size(), out.begin());
  return absl::OkStatus();
}

// RFC 3566 §4: K1 = E(K, 0x01^16), K2 = E(K, 0x02^16), K3 = E(K, 0x03^16);
// CBC-MAC under K1 over the message, the last block XORed with K2 when it is
// complete, or padded with 10* and XORed with K3 when it is not (an empty
// message is one incomplete block).
absl::Status aes_xcbc_mac(ByteView key, absl::Span<const ByteView> data, absl::Span<uint8_t> out) {
  if (key.size() != kAesBlock || out.size() != kAesBlock) {
    return absl::InvalidArgumentError("AES-XCBC-MAC needs a 16-byte key and a 16-byte output");
  }
  AES_KEY k;
  Wipe wipe_k(k);
  if (AES_set_encrypt_key(key.data(), 128, &k) != 0) return library_error("AES_set_encrypt_key failed");

  uint8_t derived[3][kAesBlock];
  Wipe wipe_derived(derived);
  for (uint8_t i = 0; i < 3; ++i) {
    uint8_t constant[kAesBlock];
    std::memset(constant, i + 1, sizeof(constant));
    AES_encrypt(constant, derived[i], &k);
  }
  const uint8_t* k2 = derived[1];
  const uint8_t* k3 = derived[2];
  AES_KEY k1;
  Wipe wipe_k1(k1);
  if (AES_set_encrypt_key(derived[0], 128, &k1) != 0) return library_error("AES_set_encrypt_key failed");

  uint8_t e[kAesBlock] = {};
  uint8_t block[kAesBlock];
  uint8_t tmp[kAesBlock];
  Wipe wipe_e(e);
  Wipe wipe_block(block);
  Wipe wipe_tmp(tmp);
  size_t buffered = 0;
  for (ByteView piece : data) {
    size_t at = 0;
    while (at < piece.size()) {
      // A full buffered block is processed only once more data follows, so
      // the last block always stays buffered for the final step.
      if (buffered == kAesBlock) {
        xor_into(e, block);
        AES_encrypt(e, tmp, &k1);
        std::memcpy(e, tmp, kAesBlock);
        buffered = 0;
      }
      const size_t take = std::min(kAesBlock - buffered, piece.size() - at);
      std::memcpy(block + buffered, piece.data() + at, take);
      buffered += take;
      at += take;
    }
  }
  if (buffered == kAesBlock) {
    xor_into(e, block);
    xor_into(e, k2);
  } else {
    block[buffered] = 0x80;
    std::memset(block + buffered + 1, 0, kAesBlock - buffered - 1);
    xor_into(e, block);
    xor_into(e, k3);
  }
  AES_encrypt(e, tmp, &k1);
  std::copy_n(tmp, kAesBlock, out.begin());
  return absl::OkStatus();
}

absl::Status aes_cmac(ByteView key, absl::Span<const ByteView> data, absl::Span<uint8_t> out) {
  if (key.size() != kAesBlock || out.size() != kAesBlock) {
    return absl::InvalidArgumentError("AES-CMAC needs a 16-byte key and a 16-byte output");
  }
  bssl::UniquePtr<CMAC_CTX> ctx(CMAC_CTX_new());
  if (!ctx || !CMAC_Init(ctx.get(), key.data(), key.size(), EVP_aes_128_cbc(), nullptr)) {
    return library_error("CMAC_Init failed");
  }
  for (ByteView piece : data) {
    if (!piece.empty() && !CMAC_Update(ctx.get(), piece.data(), piece.size())) {
      return library_error("CMAC_Update failed");
    }
  }
  size_t out_len = 0;
  if (!CMAC_Final(ctx.get(), out.data(), &out_len) || out_len != kAesBlock) {
    return library_error("CMAC_Final failed");
  }
  return absl::OkStatus();
}

}  // namespace ikecore::boringssl
