// MS-CHAPv2 (RFC 2759) and its key derivation (RFC 3079), as EAP-MSCHAPv2
// needs them inside IKEv2 (RFC 7296 §2.16): the NT-Response check, the
// authenticator response the server returns, and the 64-octet MSK that keys
// the AUTH payloads after EAP.
//
// Every function is the RFC pseudocode of the same name, computed with the
// CryptoProvider's primitives: MD4 (HashAlgorithm::kMd4), SHA-1 and
// single-block DES (CryptoProvider::des_ecb_encrypt_block). Nothing here
// implements a primitive itself.
//
// Text
//   Passwords are UTF-8 and are hashed as UTF-16LE without a terminating
//   zero (RFC 2759 §8.3); characters outside the BMP become surrogate pairs,
//   as Windows encodes them. Invalid UTF-8 (overlong forms, encoded
//   surrogates, code points above U+10FFFF, truncated or stray sequences) and
//   passwords of more than 256 UTF-16 code units ("0-to-256-unicode-char")
//   are kInvalidArgument.
//   User names are octets, hashed as given (RFC 2759 §8.2 "0-to-256-char");
//   more than 256 octets is kInvalidArgument. The RFC hashes the name
//   without a Windows domain: strip it first with user_name_without_domain().
//
// Errors
//   kInvalidArgument, naming the field, for an input of the wrong size
//   (challenges 16 octets, Challenge 8, PasswordHash 16, NT-Response 24,
//   MasterKey 16, a 7-octet DES key part, ...) before anything is computed;
//   whatever the provider answers (kUnimplemented without MD4 or DES).
//   CheckAuthenticatorResponse: kUnauthenticated when the response does not
//   match, kInvalidArgument when it is not "S=" and 40 hex digits.
//
// Secrets (password hashes, keys, the MSK) come back as SecretBytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "ikecore/base/bytes.h"
#include "ikecore/crypto/provider.h"

namespace ikecore::mschapv2 {

inline constexpr size_t kChallengeSize = 16;              // AuthenticatorChallenge, PeerChallenge
inline constexpr size_t kChallengeHashSize = 8;           // Challenge (§8.2)
inline constexpr size_t kPasswordHashSize = 16;           // PasswordHash, PasswordHashHash
inline constexpr size_t kNtResponseSize = 24;             // NT-Response (§8.1)
inline constexpr size_t kAuthenticatorResponseSize = 42;  // "S=" + 40 hex digits (§8.7)
inline constexpr size_t kMasterKeySize = 16;              // RFC 3079 §3.4 MasterKey
inline constexpr size_t kMskSize = 64;                    // EAP-MSCHAPv2 MSK
inline constexpr size_t kMaxPasswordUnits = 256;          // UTF-16 code units
inline constexpr size_t kMaxUserNameSize = 256;           // octets

// ---------------------------------------------------------------------------
// Text helpers.

// The password as RFC 2759 hashes it: UTF-8 to UTF-16LE, no terminator.
absl::StatusOr<SecretBytes> password_to_utf16le(absl::string_view password_utf8);

// RFC 2759 §8.2: only the user name, without a "DOMAIN\" prefix, enters
// ChallengeHash. Returns what follows the first backslash, or the whole name.
absl::string_view user_name_without_domain(absl::string_view name);

// ---------------------------------------------------------------------------
// RFC 2759 §8.

// §8.3: MD4 of the UTF-16LE password (16 octets).
absl::StatusOr<SecretBytes> NtPasswordHash(CryptoProvider& provider, absl::string_view password_utf8);

// §8.4: MD4 of the 16-octet PasswordHash (16 octets).
absl::StatusOr<SecretBytes> HashNtPasswordHash(CryptoProvider& provider, ByteView password_hash);

// §8.2: the first 8 octets of SHA-1(PeerChallenge | AuthenticatorChallenge |
// UserName).
absl::StatusOr<Bytes> ChallengeHash(CryptoProvider& provider, ByteView peer_challenge,
                                    ByteView authenticator_challenge, absl::string_view user_name);

// §8.6 / RFC 2433 Appendix B.3: a 7-octet (56-bit) key spread over 8 octets,
// 7 key bits in the high bits of each, the low bit set for odd parity.
absl::StatusOr<SecretBytes> ExpandDesKey(ByteView key7);

// §8.6: DES-ECB of the 8-octet Clear under the expanded 7-octet Key.
absl::StatusOr<Bytes> DesEncrypt(CryptoProvider& provider, ByteView clear, ByteView key7);

// §8.5: PasswordHash zero-padded to 21 octets, cut into three 7-octet DES
// keys, each encrypting the 8-octet Challenge (24 octets).
absl::StatusOr<Bytes> ChallengeResponse(CryptoProvider& provider, ByteView challenge, ByteView password_hash);

// §8.1: ChallengeResponse(ChallengeHash(...), NtPasswordHash(Password)).
absl::StatusOr<Bytes> GenerateNTResponse(CryptoProvider& provider, ByteView authenticator_challenge,
                                         ByteView peer_challenge, absl::string_view user_name,
                                         absl::string_view password_utf8);
// The same from a stored PasswordHash (an NT hash kept instead of the
// password, as RADIUS servers do).
absl::StatusOr<Bytes> GenerateNTResponseFromHash(CryptoProvider& provider, ByteView authenticator_challenge,
                                                 ByteView peer_challenge, absl::string_view user_name,
                                                 ByteView password_hash);

// §8.7: "S=" and 40 upper-case hex digits of
//   SHA-1(SHA-1(PasswordHashHash | NT-Response | Magic1) | Challenge | Magic2).
absl::StatusOr<std::string> GenerateAuthenticatorResponse(CryptoProvider& provider, absl::string_view password_utf8,
                                                          ByteView nt_response, ByteView peer_challenge,
                                                          ByteView authenticator_challenge,
                                                          absl::string_view user_name);
absl::StatusOr<std::string> GenerateAuthenticatorResponseFromHash(CryptoProvider& provider, ByteView password_hash,
                                                                  ByteView nt_response, ByteView peer_challenge,
                                                                  ByteView authenticator_challenge,
                                                                  absl::string_view user_name);

// §8.8: OkStatus when `received_response` is the authenticator response for
// these inputs (compared in constant time; hex digits of either case),
// kUnauthenticated when it is not, kInvalidArgument when it is not "S=" and
// 40 hex digits.
absl::Status CheckAuthenticatorResponse(CryptoProvider& provider, absl::string_view password_utf8,
                                        ByteView nt_response, ByteView peer_challenge,
                                        ByteView authenticator_challenge, absl::string_view user_name,
                                        absl::string_view received_response);

// ---------------------------------------------------------------------------
// RFC 3079 §3.3-3.4: MPPE keys from MS-CHAPv2 credentials.

// §3.4 GetMasterKey: the first 16 octets of
//   SHA-1(PasswordHashHash | NTResponse | Magic1).
absl::StatusOr<SecretBytes> GetMasterKey(CryptoProvider& provider, ByteView password_hash_hash,
                                         ByteView nt_response);

// §3.4 GetAsymmetricStartKey's IsSend / IsServer.
enum class KeyDirection : uint8_t { kSend, kReceive };
enum class Side : uint8_t { kClient, kServer };

// §3.4 GetAsymmetricStartKey: the first `key_length` (8 to 16) octets of
//   SHA-1(MasterKey | SHSpad1 | Magic | SHSpad2),
// Magic2 for the client's send / the server's receive key, Magic3 for the
// client's receive / the server's send key. The server's receive key is
// RFC 3079's MasterReceiveKey as the authenticator holds it (MS-MPPE-Recv-Key,
// RFC 2548), its send key MasterSendKey (MS-MPPE-Send-Key).
absl::StatusOr<SecretBytes> GetAsymmetricStartKey(CryptoProvider& provider, ByteView master_key,
                                                  size_t key_length, KeyDirection direction, Side side);

// The EAP-MSCHAPv2 MSK (64 octets) from the PasswordHash and the peer's
// NT-Response:
//   MSK = MasterReceiveKey | MasterSendKey | 32 zero octets,
// the 16-octet keys of GetAsymmetricStartKey on the server side. Both ends
// derive the same MSK (the peer's send key is the server's receive key).
absl::StatusOr<SecretBytes> msk(CryptoProvider& provider, ByteView password_hash, ByteView nt_response);

}  // namespace ikecore::mschapv2
