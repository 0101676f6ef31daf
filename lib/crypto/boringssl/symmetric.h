// The symmetric half of the BoringSSL crypto provider: PRFs, integrity
// transforms, ciphers and hashes, as IKEv2 (RFC 7296) and ESP use them.
//
// Private to ikecore_boringssl (and its tests). Every object is stateless:
// keys are passed on each call, so one object may serve any number of SAs and
// threads at once.
//
// Errors
//   make_*: kUnimplemented (naming the transform) for what this provider
//   cannot do; kInvalidArgument for a key size the algorithm does not have
//   (AES without a key length, AES-CBC with 100 bits, ...).
//   compute / encrypt / decrypt: kInvalidArgument for a span of the wrong
//   size, before any buffer is touched; kDataLoss for an AEAD tag that does
//   not verify (`out` is then zeroed); kInternal if BoringSSL itself fails.
//
// Supported
//   PRF    HMAC-MD5, HMAC-SHA1, HMAC-SHA2-256/384/512 (RFC 2104, 4868),
//          AES128-XCBC (RFC 4434), AES128-CMAC (RFC 4615).
//   INTEG  HMAC-MD5-96, HMAC-SHA1-96 (RFC 2403/2404), HMAC-SHA2-256-128,
//          -384-192, -512-256 (RFC 4868), AES-XCBC-96 (RFC 3566),
//          AES-CMAC-96 (RFC 4494).
//   ENCR   AES-CBC (RFC 3602), AES-CTR (RFC 3686/5930), AES-GCM with 8, 12
//          and 16 byte ICVs (RFC 4106/5282), ChaCha20-Poly1305 (RFC 7634),
//          3DES-CBC, DES-CBC, NULL (ESP only).
//   hash   SHA-1, SHA-256, SHA-384, SHA-512, MD5, and MD4 (RFC 1320; for
//          MS-CHAPv2 only, RFC 2759 §8.3).
//   DES    single-block DES-ECB encryption (for MS-CHAPv2 only, RFC 2759
//          §8.6), des_ecb_encrypt_block below.
//
// Cipher layouts (key material is what the key schedule yields for the SA):
//   transform           key_bits     key material         wire IV  block  ICV
//   AES-CBC             128/192/256  key                  16       16     0
//   AES-CTR             128/192/256  key || nonce(4)      8        1      0
//     counter block = nonce || IV || 00000001 (RFC 3686 §4)
//   AES-GCM-8/12/16     128/192/256  key || salt(4)       8        1      8/12/16
//     GCM nonce = salt || IV (RFC 4106 §4), AAD from the caller
//   ChaCha20-Poly1305   256 (or 0)   key(32) || salt(4)   8        1      16
//     nonce = salt || IV (RFC 7634 §2)
//   3DES-CBC            192 (or 0)   key(24)              8        8      0
//   DES-CBC             64 (or 0)    key(8)               8        8      0
//   NULL                0            (none)               0        1      0
// AES has no default: key_bits 0 is kInvalidArgument (RFC 7296 §3.3.5 makes
// the Key Length attribute mandatory for it).
//
// Cipher::encrypt/decrypt take `aad` only for AEAD transforms; a non-empty
// `aad` for a non-AEAD cipher is kInvalidArgument (it would not be
// authenticated). Non-AEAD input must be a multiple of block_size(). `out` may
// be the very same memory as the input (in-place), but must not otherwise
// overlap it. AEAD input shorter than the ICV is kInvalidArgument.
//
// Not available in BoringSSL, hence kUnimplemented: AES-CCM (BoringSSL has
// only the Bluetooth/Matter CCM variants with a 13-byte nonce, not RFC 4309's
// 11-byte one), Camellia, CAST, Blowfish, IDEA, RC5, the GOST transforms,
// HMAC-Tiger and HMAC-Streebog. Not implemented here although BoringSSL could
// (nothing in ikecore negotiates them): ENCR_NULL_AUTH_AES_GMAC, the AES-GMAC
// integrity transforms, HMAC-MD5-128/HMAC-SHA1-160 and the RFC 8750 implicit-IV
// ciphers.
#pragma once

#include <cstdint>
#include <memory>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "ikecore/base/bytes.h"
#include "ikecore/crypto/provider.h"
#include "ikecore/wire/ids.h"

namespace ikecore::boringssl {

absl::StatusOr<std::unique_ptr<Prf>> make_prf(PrfId id);
absl::StatusOr<std::unique_ptr<Integrity>> make_integrity(IntegId id);
absl::StatusOr<std::unique_ptr<Cipher>> make_cipher(EncrId id, uint16_t key_bits);
absl::StatusOr<Bytes> hash(HashAlgorithm algorithm, absl::Span<const ByteView> data);
// CryptoProvider::des_ecb_encrypt_block: one 8-octet block, 8-octet key
// (parity bits ignored), every span exactly 8 octets or kInvalidArgument.
absl::Status des_ecb_encrypt_block(ByteView key8, ByteView block8, absl::Span<uint8_t> out8);

}  // namespace ikecore::boringssl
