// MAC building blocks shared by the PRF and integrity transforms: HMAC over
// BoringSSL's HMAC_* calls, AES-XCBC-MAC (RFC 3566) composed from AES_encrypt,
// and AES-CMAC (RFC 4493) over BoringSSL's CMAC_* calls. Private to
// ikecore_boringssl.
#pragma once

#include <cstddef>
#include <cstdint>

#include <openssl/base.h>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "ikecore/base/bytes.h"

namespace ikecore::boringssl {

inline constexpr size_t kAesBlock = 16;

// HMAC with `md` over the pieces of `data`, in order. Writes the first
// out.size() bytes of the MAC (the RFC 2104 §5 truncation); out.size() must be
// at most the digest size. Any key length.
absl::Status hmac(const EVP_MD* md, ByteView key, absl::Span<const ByteView> data, absl::Span<uint8_t> out);

// AES-XCBC-MAC-128 (RFC 3566 §4): the full 16-byte MAC. key.size() must be 16
// and out.size() 16.
absl::Status aes_xcbc_mac(ByteView key, absl::Span<const ByteView> data, absl::Span<uint8_t> out);

// AES-CMAC with AES-128 (RFC 4493 §2.4): the full 16-byte MAC. key.size()
// must be 16 and out.size() 16.
absl::Status aes_cmac(ByteView key, absl::Span<const ByteView> data, absl::Span<uint8_t> out);

}  // namespace ikecore::boringssl
