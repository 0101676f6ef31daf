// IKEv2 key derivation (RFC 7296 §2.13, §2.14, §2.17, §2.18), on top of the
// provider's Prf. Every result is SecretBytes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "absl/status/statusor.h"
#include "ikecore/base/bytes.h"
#include "ikecore/crypto/provider.h"

namespace ikecore {

// §2.13: prf+ (K,S) = T1 | T2 | T3 | ..., T1 = prf (K, S | 0x01),
// Tn = prf (K, Tn-1 | S | n). `seed` pieces are concatenated. More than 255
// blocks is an error (the counter is one octet).
absl::StatusOr<SecretBytes> prf_plus(const Prf& prf, ByteView key, absl::Span<const ByteView> seed,
                                     size_t length);

// §2.14: SKEYSEED = prf(Ni | Nr, g^ir). For PRFs with a fixed 16-byte key
// (AES-XCBC-PRF-128, AES-CMAC-PRF-128) the key is the first 8 bytes of Ni
// followed by the first 8 of Nr.
absl::StatusOr<SecretBytes> skeyseed(const Prf& prf, ByteView ni, ByteView nr, ByteView shared_secret);

// §2.18: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr) for a rekeyed IKE SA.
absl::StatusOr<SecretBytes> rekey_skeyseed(const Prf& prf, ByteView old_sk_d, ByteView shared_secret,
                                           ByteView ni, ByteView nr);

// Key lengths of one IKE SA suite, in bytes. `encr` includes any salt.
struct IkeKeySizes {
  size_t prf = 0;    // SK_d, SK_pi, SK_pr: the PRF's key size
  size_t integ = 0;  // SK_ai, SK_ar: 0 with an AEAD cipher
  size_t encr = 0;   // SK_ei, SK_er
};

struct IkeSaKeys {
  SecretBytes d, ai, ar, ei, er, pi, pr;
};

// §2.14: {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr}
//          = prf+ (SKEYSEED, Ni | Nr | SPIi | SPIr)
absl::StatusOr<IkeSaKeys> derive_ike_sa_keys(const Prf& prf, ByteView skeyseed, ByteView ni, ByteView nr,
                                             uint64_t spi_i, uint64_t spi_r, const IkeKeySizes& sizes);

// §2.17: KEYMAT = prf+(SK_d, Ni | Nr), or prf+(SK_d, g^ir (new) | Ni | Nr)
// with PFS (`shared_secret` non-empty).
absl::StatusOr<SecretBytes> child_keymat(const Prf& prf, ByteView sk_d, ByteView shared_secret, ByteView ni,
                                         ByteView nr, size_t length);

struct ChildSaKeys {
  // Initiator-to-responder SA first, as KEYMAT is taken (§2.17).
  SecretBytes encr_i, integ_i, encr_r, integ_r;
};

// §2.17: encryption key first, then integrity key, for each direction.
absl::StatusOr<ChildSaKeys> derive_child_sa_keys(const Prf& prf, ByteView sk_d, ByteView shared_secret,
                                                 ByteView ni, ByteView nr, size_t encr_size, size_t integ_size);

}  // namespace ikecore
