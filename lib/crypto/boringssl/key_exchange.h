// IKEv2 key exchange on BoringSSL (private header of ikecore_boringssl).
//
// Groups (IANA "Transform Type 4" numbers):
//   MODP   1, 2 (RFC 2409 §6.1, §6.2), 5, 14-18 (RFC 3526): DH with generator 2
//          over the RFC primes. Key Exchange Data is g^x mod p left-padded to
//          the prime's length (RFC 7296 §3.4); the shared secret g^xy likewise.
//   ECP    19, 20, 21 (RFC 5903): P-256, P-384, P-521. Key Exchange Data is
//          x || y, each the field size, no 0x04 prefix; the shared secret is
//          the x coordinate of g^ir alone (RFC 5903 §7).
//   X25519 31 (RFC 8031, RFC 7748 §6.1).
// Everything else (RFC 5114 groups 22-26, brainpool 27-30, Curve448 32, GOST
// 33/34, ML-KEM 35-37, unknown numbers) is kUnimplemented.
//
// Peer values are validated before use, and every failure is
// kInvalidArgument: the exact length for the group (key_exchange_length() of
// ikecore/wire/verify.h), then 1 < y < p-1 for MODP (RFC 7296 §2.12, the
// partial validation of SP 800-56A; the RFC 2409/3526 primes are safe primes,
// so this excludes every element of small order), a point on the curve for
// ECP, and a non-zero shared secret for X25519 (RFC 7748 §6.1).
//
// derive() never returns Pending here, and may be called more than once.
#pragma once

#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "ikecore/base/bytes.h"
#include "ikecore/crypto/provider.h"
#include "ikecore/wire/ids.h"

namespace ikecore::boringssl {

// True for the groups listed above.
bool is_supported(KeGroup group);

// A fresh key pair from BoringSSL's RNG. kUnimplemented (naming the group) for
// groups this provider does not support.
absl::StatusOr<std::unique_ptr<KeyExchange>> make_key_exchange(KeGroup group);

// For tests and published vectors only: the key pair of a given private key,
// big-endian. MODP: the exponent x, at most the prime's length, 1 < x < p-1.
// ECP: the scalar, at most the order's length, 0 < d < n. X25519: exactly 32
// octets, used as RFC 7748 §5 decodes a scalar. kInvalidArgument otherwise.
absl::StatusOr<std::unique_ptr<KeyExchange>> make_key_exchange_with_private(KeGroup group, ByteView private_key);

// ---------------------------------------------------------------------------
// Internal: the per-family factories behind the two functions above
// (modp.cc, ecp.cc, x25519.cc). No `private_key` means "generate one".

namespace kex_internal {

bool is_modp(KeGroup group);
bool is_ecp(KeGroup group);

absl::StatusOr<std::unique_ptr<KeyExchange>> make_modp(KeGroup group, std::optional<ByteView> private_key);
absl::StatusOr<std::unique_ptr<KeyExchange>> make_ecp(KeGroup group, std::optional<ByteView> private_key);
absl::StatusOr<std::unique_ptr<KeyExchange>> make_x25519(std::optional<ByteView> private_key);

}  // namespace kex_internal

}  // namespace ikecore::boringssl
