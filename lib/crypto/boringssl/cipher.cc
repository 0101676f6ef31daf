// ENCR transforms as IKEv2's SK payload and ESP use them. Block modes go
// through EVP_CIPHER, AEADs through EVP_AEAD; see symmetric.h for the key
// material and IV layouts.
#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstring>
#include <string>

#include <openssl/aead.h>
#include <openssl/cipher.h>
#include <openssl/err.h>
#include <openssl/mem.h>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "symmetric.h"

namespace ikecore::boringssl {
namespace {

constexpr size_t kSaltSize = 4;   // RFC 3686 nonce, RFC 4106 / 7634 salt
constexpr size_t kWireIv = 8;     // CTR, GCM and ChaCha20-Poly1305 IV on the wire
constexpr size_t kAeadNonce = 12;

struct Layout {
  EncrId id;
  uint16_t key_bits;
  size_t key_size;  // the cipher key alone
  size_t salt_size;
  size_t iv_size;
  size_t block_size;
  size_t icv_size;
};

bool partially_overlap(ByteView in, absl::Span<uint8_t> out) {
  if (in.empty() || out.empty()) return false;
  const auto in_begin = reinterpret_cast<uintptr_t>(in.data());
  const auto out_begin = reinterpret_cast<uintptr_t>(out.data());
  if (in_begin == out_begin) return false;  // exactly in place is fine
  return in_begin < out_begin + out.size() && out_begin < in_begin + in.size();
}

// The shape of every ENCR transform, and the checks every call makes before it
// touches a buffer.
class CipherBase : public Cipher {
 public:
  explicit CipherBase(const Layout& layout) : l_(layout) {}

  EncrId id() const override { return l_.id; }
  uint16_t key_bits() const override { return l_.key_bits; }
  size_t key_material_size() const override { return l_.key_size + l_.salt_size; }
  size_t iv_size() const override { return l_.iv_size; }
  size_t block_size() const override { return l_.block_size; }
  size_t icv_size() const override { return l_.icv_size; }

 protected:
  const Layout& layout() const { return l_; }

  std::string name() const {
    return l_.key_bits == 0 ? to_string(l_.id) : absl::StrCat(to_string(l_.id), "-", l_.key_bits);
  }

  absl::Status invalid(absl::string_view what) const {
    return absl::InvalidArgumentError(absl::StrCat(name(), ": ", what));
  }

  absl::Status check(bool encrypt, ByteView key_material, ByteView iv, ByteView aad, ByteView in,
                     absl::Span<uint8_t> out) const {
    if (key_material.size() != key_material_size()) {
      return invalid(absl::StrCat("key material is ", key_material.size(), " bytes, not ", key_material_size()));
    }
    if (iv.size() != l_.iv_size) return invalid(absl::StrCat("IV is ", iv.size(), " bytes, not ", l_.iv_size));
    if (l_.icv_size == 0 && !aad.empty()) return invalid("associated data given to a cipher without integrity");
    if (in.size() > static_cast<size_t>(INT_MAX)) return invalid("input too long");
    size_t text_size = in.size();
    if (encrypt) {
      if (out.size() != in.size() + l_.icv_size) {
        return invalid(absl::StrCat("output buffer is ", out.size(), " bytes, not ", in.size() + l_.icv_size));
      }
    } else {
      if (in.size() < l_.icv_size) {
        return invalid(absl::StrCat("input of ", in.size(), " bytes is shorter than the ", l_.icv_size, "-byte ICV"));
      }
      text_size = in.size() - l_.icv_size;
      if (out.size() != text_size) {
        return invalid(absl::StrCat("output buffer is ", out.size(), " bytes, not ", text_size));
      }
    }
    if (text_size % l_.block_size != 0) {
      return invalid(absl::StrCat(text_size, " bytes is not a multiple of the ", l_.block_size, "-byte block"));
    }
    if (partially_overlap(in, out)) return invalid("output partially overlaps the input");
    return absl::OkStatus();
  }

 private:
  Layout l_;
};

// AES-CBC, AES-CTR, 3DES-CBC and DES-CBC through EVP_CIPHER, without padding
// (IKE and ESP pad themselves).
class EvpCipher final : public CipherBase {
 public:
  EvpCipher(const Layout& layout, const EVP_CIPHER* cipher, bool ctr)
      : CipherBase(layout), cipher_(cipher), ctr_(ctr) {}

  absl::Status encrypt(ByteView key_material, ByteView iv, ByteView aad, ByteView plaintext,
                       absl::Span<uint8_t> out) const override {
    if (absl::Status s = check(true, key_material, iv, aad, plaintext, out); !s.ok()) return s;
    return run(true, key_material, iv, plaintext, out);
  }

  absl::Status decrypt(ByteView key_material, ByteView iv, ByteView aad, ByteView input,
                       absl::Span<uint8_t> out) const override {
    if (absl::Status s = check(false, key_material, iv, aad, input, out); !s.ok()) return s;
    return run(false, key_material, iv, input, out);
  }

 private:
  absl::Status run(bool encrypt, ByteView key_material, ByteView iv, ByteView in, absl::Span<uint8_t> out) const {
    if (in.empty()) return absl::OkStatus();
    const size_t key_size = layout().key_size;
    // CBC takes the wire IV; CTR the RFC 3686 §4 counter block
    // nonce || IV || 00000001.
    uint8_t counter[16];  // holds the salt: key material
    auto wipe_counter = absl::MakeCleanup([&counter] { OPENSSL_cleanse(counter, sizeof(counter)); });
    const uint8_t* evp_iv = iv.data();
    if (ctr_) {
      std::memcpy(counter, key_material.data() + key_size, kSaltSize);
      std::memcpy(counter + kSaltSize, iv.data(), kWireIv);
      const uint8_t one[4] = {0, 0, 0, 1};
      std::memcpy(counter + kSaltSize + kWireIv, one, sizeof(one));
      evp_iv = counter;
    }
    bssl::ScopedEVP_CIPHER_CTX ctx;
    if (!EVP_CipherInit_ex(ctx.get(), cipher_, nullptr, key_material.data(), evp_iv, encrypt ? 1 : 0) ||
        !EVP_CIPHER_CTX_set_padding(ctx.get(), 0)) {
      return absl::InternalError(absl::StrCat(name(), ": EVP_CipherInit_ex failed"));
    }
    int written = 0;
    int final_written = 0;
    if (!EVP_CipherUpdate(ctx.get(), out.data(), &written, in.data(), static_cast<int>(in.size())) ||
        !EVP_CipherFinal_ex(ctx.get(), out.data() + written, &final_written) ||
        static_cast<size_t>(written) + static_cast<size_t>(final_written) != in.size()) {
      ERR_clear_error();
      OPENSSL_cleanse(out.data(), out.size());
      return absl::InternalError(absl::StrCat(name(), ": EVP_CipherUpdate failed"));
    }
    return absl::OkStatus();
  }

  const EVP_CIPHER* cipher_;
  bool ctr_;
};

// AES-GCM (RFC 4106 / 5282) and ChaCha20-Poly1305 (RFC 7634) through
// EVP_AEAD: key material = key || salt, nonce = salt || IV.
class AeadCipher final : public CipherBase {
 public:
  AeadCipher(const Layout& layout, const EVP_AEAD* aead) : CipherBase(layout), aead_(aead) {}

  absl::Status encrypt(ByteView key_material, ByteView iv, ByteView aad, ByteView plaintext,
                       absl::Span<uint8_t> out) const override {
    if (absl::Status s = check(true, key_material, iv, aad, plaintext, out); !s.ok()) return s;
    bssl::ScopedEVP_AEAD_CTX ctx;
    if (absl::Status s = init(ctx.get(), key_material); !s.ok()) return s;
    uint8_t nonce[kAeadNonce];  // salt || IV: key material
    auto wipe_nonce = absl::MakeCleanup([&nonce] { OPENSSL_cleanse(nonce, sizeof(nonce)); });
    make_nonce(key_material, iv, nonce);
    size_t written = 0;
    if (!EVP_AEAD_CTX_seal(ctx.get(), out.data(), &written, out.size(), nonce, sizeof(nonce), data_or_dummy(plaintext),
                           plaintext.size(), data_or_dummy(aad), aad.size()) ||
        written != out.size()) {
      ERR_clear_error();
      OPENSSL_cleanse(out.data(), out.size());
      return absl::InternalError(absl::StrCat(name(), ": EVP_AEAD_CTX_seal failed"));
    }
    return absl::OkStatus();
  }

  absl::Status decrypt(ByteView key_material, ByteView iv, ByteView aad, ByteView input,
                       absl::Span<uint8_t> out) const override {
    if (absl::Status s = check(false, key_material, iv, aad, input, out); !s.ok()) return s;
    bssl::ScopedEVP_AEAD_CTX ctx;
    if (absl::Status s = init(ctx.get(), key_material); !s.ok()) return s;
    uint8_t nonce[kAeadNonce];  // salt || IV: key material
    auto wipe_nonce = absl::MakeCleanup([&nonce] { OPENSSL_cleanse(nonce, sizeof(nonce)); });
    make_nonce(key_material, iv, nonce);
    uint8_t dummy = 0;
    uint8_t* out_ptr = out.empty() ? &dummy : out.data();
    size_t written = 0;
    if (!EVP_AEAD_CTX_open(ctx.get(), out_ptr, &written, out.size(), nonce, sizeof(nonce), input.data(), input.size(),
                           data_or_dummy(aad), aad.size()) ||
        written != out.size()) {
      const uint32_t err = ERR_get_error();
      ERR_clear_error();
      // Nothing of a message that failed authentication may be used.
      if (!out.empty()) OPENSSL_cleanse(out.data(), out.size());
      if (ERR_GET_LIB(err) == ERR_LIB_CIPHER && ERR_GET_REASON(err) == CIPHER_R_BAD_DECRYPT) {
        return absl::DataLossError(absl::StrCat(name(), ": ICV does not verify"));
      }
      return absl::InternalError(absl::StrCat(name(), ": EVP_AEAD_CTX_open failed"));
    }
    return absl::OkStatus();
  }

 private:
  static const uint8_t* data_or_dummy(ByteView v) {
    static const uint8_t kDummy = 0;
    return v.empty() ? &kDummy : v.data();
  }

  absl::Status init(EVP_AEAD_CTX* ctx, ByteView key_material) const {
    if (!EVP_AEAD_CTX_init(ctx, aead_, key_material.data(), layout().key_size, layout().icv_size, nullptr)) {
      ERR_clear_error();
      return absl::InternalError(absl::StrCat(name(), ": EVP_AEAD_CTX_init failed"));
    }
    return absl::OkStatus();
  }

  void make_nonce(ByteView key_material, ByteView iv, uint8_t (&nonce)[kAeadNonce]) const {
    std::memcpy(nonce, key_material.data() + layout().key_size, kSaltSize);
    std::memcpy(nonce + kSaltSize, iv.data(), kWireIv);
  }

  const EVP_AEAD* aead_;
};

// ENCR_NULL (RFC 2410): ESP only; the "ciphertext" is the plaintext.
class NullCipher final : public CipherBase {
 public:
  NullCipher() : CipherBase(Layout{EncrId::kNull, 0, 0, 0, 0, 1, 0}) {}

  absl::Status encrypt(ByteView key_material, ByteView iv, ByteView aad, ByteView plaintext,
                       absl::Span<uint8_t> out) const override {
    if (absl::Status s = check(true, key_material, iv, aad, plaintext, out); !s.ok()) return s;
    copy(plaintext, out);
    return absl::OkStatus();
  }

  absl::Status decrypt(ByteView key_material, ByteView iv, ByteView aad, ByteView input,
                       absl::Span<uint8_t> out) const override {
    if (absl::Status s = check(false, key_material, iv, aad, input, out); !s.ok()) return s;
    copy(input, out);
    return absl::OkStatus();
  }

 private:
  static void copy(ByteView in, absl::Span<uint8_t> out) {
    if (!in.empty() && in.data() != out.data()) std::memcpy(out.data(), in.data(), in.size());
  }
};

absl::Status no_such_key(EncrId id, uint16_t key_bits) {
  if (key_bits == 0) {
    return absl::InvalidArgumentError(absl::StrCat(to_string(id), " needs a Key Length attribute (128, 192 or 256)"));
  }
  return absl::InvalidArgumentError(absl::StrCat(to_string(id), " has no ", key_bits, "-bit key"));
}

const EVP_CIPHER* aes_cbc(uint16_t bits) {
  return bits == 128 ? EVP_aes_128_cbc() : bits == 192 ? EVP_aes_192_cbc() : EVP_aes_256_cbc();
}
const EVP_CIPHER* aes_ctr(uint16_t bits) {
  return bits == 128 ? EVP_aes_128_ctr() : bits == 192 ? EVP_aes_192_ctr() : EVP_aes_256_ctr();
}
const EVP_AEAD* aes_gcm(uint16_t bits) {
  return bits == 128 ? EVP_aead_aes_128_gcm() : bits == 192 ? EVP_aead_aes_192_gcm() : EVP_aead_aes_256_gcm();
}

}  // namespace

absl::StatusOr<std::unique_ptr<Cipher>> make_cipher(EncrId id, uint16_t key_bits) {
  const bool aes_key = key_bits == 128 || key_bits == 192 || key_bits == 256;
  const size_t aes_bytes = key_bits / 8u;
  switch (id) {
    case EncrId::kAesCbc:
      if (!aes_key) return no_such_key(id, key_bits);
      return std::make_unique<EvpCipher>(Layout{id, key_bits, aes_bytes, 0, 16, 16, 0}, aes_cbc(key_bits), false);
    case EncrId::kAesCtr:
      if (!aes_key) return no_such_key(id, key_bits);
      return std::make_unique<EvpCipher>(Layout{id, key_bits, aes_bytes, kSaltSize, kWireIv, 1, 0}, aes_ctr(key_bits),
                                         true);
    case EncrId::kAesGcm8:
    case EncrId::kAesGcm12:
    case EncrId::kAesGcm16: {
      if (!aes_key) return no_such_key(id, key_bits);
      const size_t icv = id == EncrId::kAesGcm8 ? 8 : id == EncrId::kAesGcm12 ? 12 : 16;
      return std::make_unique<AeadCipher>(Layout{id, key_bits, aes_bytes, kSaltSize, kWireIv, 1, icv},
                                          aes_gcm(key_bits));
    }
    case EncrId::kChacha20Poly1305:
      // RFC 7634 §3: a fixed 256-bit key; the Key Length attribute is not sent.
      if (key_bits != 0 && key_bits != 256) {
        return absl::InvalidArgumentError(absl::StrCat(to_string(id), " has only a 256-bit key, not ", key_bits));
      }
      return std::make_unique<AeadCipher>(Layout{id, 256, 32, kSaltSize, kWireIv, 1, 16},
                                          EVP_aead_chacha20_poly1305());
    case EncrId::k3des:
      if (key_bits != 0 && key_bits != 192) {
        return absl::InvalidArgumentError(absl::StrCat(to_string(id), " has only a 192-bit key, not ", key_bits));
      }
      return std::make_unique<EvpCipher>(Layout{id, 192, 24, 0, 8, 8, 0}, EVP_des_ede3_cbc(), false);
    case EncrId::kDes:
      if (key_bits != 0 && key_bits != 64) {
        return absl::InvalidArgumentError(absl::StrCat(to_string(id), " has only a 64-bit key, not ", key_bits));
      }
      return std::make_unique<EvpCipher>(Layout{id, 64, 8, 0, 8, 8, 0}, EVP_des_cbc(), false);
    case EncrId::kNull:
      if (key_bits != 0) {
        return absl::InvalidArgumentError(absl::StrCat(to_string(id), " has no key, not ", key_bits, " bits"));
      }
      return std::make_unique<NullCipher>();
    case EncrId::kAesCcm8:
    case EncrId::kAesCcm12:
    case EncrId::kAesCcm16:
      return absl::UnimplementedError(absl::StrCat(
          to_string(id), " is not supported by the BoringSSL provider (BoringSSL has no CCM with an 11-byte nonce)"));
    default:
      break;
  }
  return absl::UnimplementedError(absl::StrCat(to_string(id), " is not supported by the BoringSSL provider"));
}

}  // namespace ikecore::boringssl
