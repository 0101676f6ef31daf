// SK and SKF payload protection (RFC 7296 §3.14, RFC 5282 §5, RFC 7634 §3,
// RFC 7383 §2.5): encrypt an inner payload chain into a message, and check
// and decrypt one. Keys are one direction's SK_e / SK_a.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "ikecore/base/bytes.h"
#include "ikecore/crypto/provider.h"
#include "ikecore/wire/message.h"

namespace ikecore {

// One direction of a protected IKE SA.
struct SkContext {
  const Cipher* cipher = nullptr;
  const Integrity* integrity = nullptr;  // nullptr with an AEAD cipher
  ByteView encr_key;                      // SK_e (with salt for AEAD / CTR)
  ByteView integ_key;                     // SK_a (empty with AEAD)
  // For counter-based IVs (CTR, GCM, ChaCha20-Poly1305) the IV is this
  // counter, incremented on every encryption, so it never repeats for a key
  // (RFC 5282 §3.1, RFC 7634 §2). CBC IVs come from `random`.
  uint64_t* iv_counter = nullptr;
  CryptoProvider* random = nullptr;
};

// Optional RFC 7383 fragment position, for SKF.
struct FragmentPosition {
  uint16_t number = 0;  // 1-based; 0 = not a fragment (SK)
  uint16_t total = 0;
};

// Builds a whole protected message: `header`, then an SK payload (or SKF
// when `fragment.number` != 0) whose Next Payload is `inner_first` and whose
// body protects `inner` (serialized inner payloads). The header's Length and
// Next Payload are set. Padding is the minimum the cipher's block needs.
absl::Status protect(const Header& header, PayloadType inner_first, ByteView inner, const SkContext& ctx,
                     Bytes& out, FragmentPosition fragment = {});

// The checked, decrypted content of an SK or SKF payload.
struct Unprotected {
  PayloadType inner_first{};
  SecretBytes plaintext;  // inner payloads (padding removed)
};

// Checks the ICV (in constant time) and decrypts the SK / SKF payload that
// ends `datagram`, a message parsed into `message` (its last payload must be
// SK or SKF and view `datagram`). A bad ICV, a length that does not fit the
// cipher, or a bad Pad Length is kDataLoss / kInvalidArgument, and nothing is
// returned.
absl::StatusOr<Unprotected> unprotect(ByteView datagram, const Message& message, const SkContext& ctx);

// Bytes a protected payload adds around `inner_size` bytes of plaintext
// (generic header, IV, padding, pad length, ICV): for sizing fragments.
size_t protection_overhead(const Cipher& cipher, const Integrity* integrity, size_t inner_size, bool fragment);

}  // namespace ikecore
