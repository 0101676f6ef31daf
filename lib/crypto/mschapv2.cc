// MS-CHAPv2 (RFC 2759 §8) and MPPE key derivation (RFC 3079 §3.3-3.4) over
// the CryptoProvider. See ikecore/crypto/mschapv2.h.
#include "ikecore/crypto/mschapv2.h"

#include <string.h>  // explicit_bzero

#include <algorithm>
#include <cstring>
#include <initializer_list>

#include "absl/strings/str_cat.h"

namespace ikecore::mschapv2 {
namespace {

// The RFCs give these constants as hex; they spell ASCII sentences, written
// here as text (the sizes are the RFCs' array sizes).

// RFC 2759 §8.7 GenerateAuthenticatorResponse: Magic1[39], Magic2[41].
constexpr char kResponseMagic1[] = "Magic server to client signing constant";
constexpr char kResponseMagic2[] = "Pad to make it do more than one iteration";
static_assert(sizeof(kResponseMagic1) - 1 == 39);
static_assert(sizeof(kResponseMagic2) - 1 == 41);

// RFC 3079 §3.4 GetMasterKey: Magic1[27]; GetAsymmetricStartKey: Magic2[84],
// Magic3[84], SHSpad1[40] (0x00), SHSpad2[40] (0xf2). The same octets appear
// in hostapd (src/crypto/ms_funcs.c get_master_key, get_asymetric_start_key)
// and strongSwan (src/libcharon/plugins/eap_mschapv2/eap_mschapv2.c
// GenerateMSK).
constexpr char kMasterKeyMagic1[] = "This is the MPPE Master Key";
constexpr char kStartKeyMagic2[] = "On the client side, this is the send key; on the server side, it is the receive key.";
constexpr char kStartKeyMagic3[] = "On the client side, this is the receive key; on the server side, it is the send key.";
static_assert(sizeof(kMasterKeyMagic1) - 1 == 27);
static_assert(sizeof(kStartKeyMagic2) - 1 == 84);
static_assert(sizeof(kStartKeyMagic3) - 1 == 84);
constexpr size_t kShsPadSize = 40;
constexpr uint8_t kShsPad1Octet = 0x00;
constexpr uint8_t kShsPad2Octet = 0xf2;

constexpr size_t kSha1Size = 20;
constexpr size_t kDesKeyPartSize = 7;
constexpr size_t kDesBlockSize = 8;

template <size_t N>
ByteView literal(const char (&text)[N]) {
  return ByteView(reinterpret_cast<const uint8_t*>(text), N - 1);
}

ByteView text_bytes(absl::string_view text) {
  return ByteView(reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

absl::Status need_size(ByteView value, size_t size, absl::string_view what) {
  if (value.size() == size) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("MS-CHAPv2: ", what, " must be ", size, " octets, not ", value.size()));
}

absl::Status check_user_name(absl::string_view user_name) {
  if (user_name.size() <= kMaxUserNameSize) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat("MS-CHAPv2: the user name has ", user_name.size(),
                                                 " octets; RFC 2759 allows at most ", kMaxUserNameSize));
}

// The inputs of ChallengeHash (§8.2), checked before a password is hashed.
absl::Status check_challenges(ByteView peer_challenge, ByteView authenticator_challenge,
                              absl::string_view user_name) {
  if (absl::Status s = need_size(peer_challenge, kChallengeSize, "PeerChallenge"); !s.ok()) return s;
  if (absl::Status s = need_size(authenticator_challenge, kChallengeSize, "AuthenticatorChallenge"); !s.ok()) {
    return s;
  }
  return check_user_name(user_name);
}

// A provider hash, checked for the digest size the RFCs assume.
absl::StatusOr<Bytes> digest(CryptoProvider& provider, HashAlgorithm algorithm, std::initializer_list<ByteView> data,
                             size_t size) {
  absl::StatusOr<Bytes> out = provider.hash(algorithm, absl::MakeConstSpan(data.begin(), data.size()));
  if (!out.ok()) return out.status();
  if (out->size() != size) {
    return absl::InternalError(
        absl::StrCat("MS-CHAPv2: the provider's hash gave ", out->size(), " octets, not ", size));
  }
  return out;
}

absl::StatusOr<SecretBytes> secret_digest(CryptoProvider& provider, HashAlgorithm algorithm,
                                          std::initializer_list<ByteView> data, size_t size, size_t keep) {
  absl::StatusOr<Bytes> out = digest(provider, algorithm, data, size);
  if (!out.ok()) return out.status();
  SecretBytes kept(ByteView(*out).first(keep));
  explicit_bzero(out->data(), out->size());
  return kept;
}

// Appends one code unit, little-endian.
void put_unit(uint8_t*& at, uint32_t unit) {
  *at++ = static_cast<uint8_t>(unit & 0xff);
  *at++ = static_cast<uint8_t>(unit >> 8);
}

// RFC 2759 §8.7's 20-octet digest, before its "S=" hex encoding.
absl::StatusOr<Bytes> authenticator_digest(CryptoProvider& provider, ByteView password_hash, ByteView nt_response,
                                           ByteView peer_challenge, ByteView authenticator_challenge,
                                           absl::string_view user_name) {
  if (absl::Status s = need_size(password_hash, kPasswordHashSize, "PasswordHash"); !s.ok()) return s;
  if (absl::Status s = need_size(nt_response, kNtResponseSize, "NT-Response"); !s.ok()) return s;
  if (absl::Status s = check_challenges(peer_challenge, authenticator_challenge, user_name); !s.ok()) return s;
  absl::StatusOr<SecretBytes> hash_hash = HashNtPasswordHash(provider, password_hash);
  if (!hash_hash.ok()) return hash_hash.status();
  absl::StatusOr<Bytes> challenge = ChallengeHash(provider, peer_challenge, authenticator_challenge, user_name);
  if (!challenge.ok()) return challenge.status();
  absl::StatusOr<Bytes> first =
      digest(provider, HashAlgorithm::kSha1, {hash_hash->view(), nt_response, literal(kResponseMagic1)}, kSha1Size);
  if (!first.ok()) return first.status();
  return digest(provider, HashAlgorithm::kSha1, {*first, *challenge, literal(kResponseMagic2)}, kSha1Size);
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

// ---------------------------------------------------------------------------
// Text.

absl::StatusOr<SecretBytes> password_to_utf16le(absl::string_view password_utf8) {
  // 256 code units take at most 4 UTF-8 octets per unit pair or 3 per BMP
  // unit, so anything longer than 4 * 256 octets is too long already.
  if (password_utf8.size() > 4 * kMaxPasswordUnits) {
    return absl::InvalidArgumentError(absl::StrCat("MS-CHAPv2: the password has more than ", kMaxPasswordUnits,
                                                   " UTF-16 code units"));
  }
  const auto invalid = [](size_t at) {
    return absl::InvalidArgumentError(absl::StrCat("MS-CHAPv2: the password is not valid UTF-8 (octet ", at, ")"));
  };
  // Every UTF-8 octet yields at most 2 UTF-16LE octets (1 -> 2, 2 -> 2,
  // 3 -> 2, 4 -> 4).
  SecretBytes buffer(2 * password_utf8.size());
  uint8_t* at = buffer.mutable_view().data();
  const auto* in = reinterpret_cast<const uint8_t*>(password_utf8.data());
  const size_t n = password_utf8.size();
  size_t i = 0;
  while (i < n) {
    const uint8_t lead = in[i];
    uint32_t code = 0;
    size_t length = 0;
    if (lead < 0x80) {
      code = lead;
      length = 1;
    } else if (lead >= 0xc2 && lead <= 0xdf) {  // 0xc0, 0xc1 only start overlong forms
      code = lead & 0x1fu;
      length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      code = lead & 0x0fu;
      length = 3;
    } else if (lead >= 0xf0 && lead <= 0xf4) {  // above 0xf4 is beyond U+10FFFF
      code = lead & 0x07u;
      length = 4;
    } else {
      return invalid(i);  // a continuation octet without a lead, or 0xf5..0xff
    }
    if (length > n - i) return invalid(i);  // truncated
    for (size_t k = 1; k < length; ++k) {
      const uint8_t next = in[i + k];
      if ((next & 0xc0u) != 0x80u) return invalid(i + k);
      code = (code << 6) | (next & 0x3fu);
    }
    if (length == 3 && (code < 0x800 || (code >= 0xd800 && code <= 0xdfff))) return invalid(i);  // overlong, surrogate
    if (length == 4 && (code < 0x10000 || code > 0x10ffff)) return invalid(i);                 // overlong, too big
    if (code >= 0x10000) {
      const uint32_t v = code - 0x10000;
      put_unit(at, 0xd800 | (v >> 10));
      put_unit(at, 0xdc00 | (v & 0x3ff));
    } else {
      put_unit(at, code);
    }
    i += length;
  }
  const size_t used = static_cast<size_t>(at - buffer.mutable_view().data());
  if (used / 2 > kMaxPasswordUnits) {
    return absl::InvalidArgumentError(absl::StrCat("MS-CHAPv2: the password has ", used / 2,
                                                   " UTF-16 code units; RFC 2759 allows at most ",
                                                   kMaxPasswordUnits));
  }
  return SecretBytes(buffer.view().first(used));
}

absl::string_view user_name_without_domain(absl::string_view name) {
  const size_t slash = name.find('\\');
  return slash == absl::string_view::npos ? name : name.substr(slash + 1);
}

// ---------------------------------------------------------------------------
// RFC 2759 §8.

absl::StatusOr<SecretBytes> NtPasswordHash(CryptoProvider& provider, absl::string_view password_utf8) {
  absl::StatusOr<SecretBytes> unicode = password_to_utf16le(password_utf8);
  if (!unicode.ok()) return unicode.status();
  return secret_digest(provider, HashAlgorithm::kMd4, {unicode->view()}, kPasswordHashSize, kPasswordHashSize);
}

absl::StatusOr<SecretBytes> HashNtPasswordHash(CryptoProvider& provider, ByteView password_hash) {
  if (absl::Status s = need_size(password_hash, kPasswordHashSize, "PasswordHash"); !s.ok()) return s;
  return secret_digest(provider, HashAlgorithm::kMd4, {password_hash}, kPasswordHashSize, kPasswordHashSize);
}

absl::StatusOr<Bytes> ChallengeHash(CryptoProvider& provider, ByteView peer_challenge,
                                    ByteView authenticator_challenge, absl::string_view user_name) {
  if (absl::Status s = check_challenges(peer_challenge, authenticator_challenge, user_name); !s.ok()) return s;
  absl::StatusOr<Bytes> sha = digest(provider, HashAlgorithm::kSha1,
                                     {peer_challenge, authenticator_challenge, text_bytes(user_name)}, kSha1Size);
  if (!sha.ok()) return sha.status();
  sha->resize(kChallengeHashSize);
  return sha;
}

absl::StatusOr<SecretBytes> ExpandDesKey(ByteView key7) {
  if (absl::Status s = need_size(key7, kDesKeyPartSize, "a DES key part"); !s.ok()) return s;
  uint64_t bits = 0;  // the 56 key bits, big-endian
  for (uint8_t octet : key7) bits = (bits << 8) | octet;
  SecretBytes key(kDesBlockSize);
  absl::Span<uint8_t> out = key.mutable_view();
  for (size_t i = 0; i < kDesBlockSize; ++i) {
    // Seven key bits in the high bits of each octet...
    const auto high = static_cast<uint8_t>(((bits >> (49 - 7 * i)) & 0x7fu) << 1);
    // ...and the low bit making the count of ones odd (branch-free).
    auto parity = static_cast<uint8_t>(high ^ (high >> 4));
    parity = static_cast<uint8_t>(parity ^ (parity >> 2));
    parity = static_cast<uint8_t>(parity ^ (parity >> 1));
    out[i] = static_cast<uint8_t>(high | ((parity & 1u) ^ 1u));
  }
  return key;
}

absl::StatusOr<Bytes> DesEncrypt(CryptoProvider& provider, ByteView clear, ByteView key7) {
  if (absl::Status s = need_size(clear, kDesBlockSize, "the DES Clear block"); !s.ok()) return s;
  absl::StatusOr<SecretBytes> key = ExpandDesKey(key7);
  if (!key.ok()) return key.status();
  Bytes cypher(kDesBlockSize);
  if (absl::Status s = provider.des_ecb_encrypt_block(key->view(), clear, absl::MakeSpan(cypher)); !s.ok()) return s;
  return cypher;
}

absl::StatusOr<Bytes> ChallengeResponse(CryptoProvider& provider, ByteView challenge, ByteView password_hash) {
  if (absl::Status s = need_size(challenge, kChallengeHashSize, "Challenge"); !s.ok()) return s;
  if (absl::Status s = need_size(password_hash, kPasswordHashSize, "PasswordHash"); !s.ok()) return s;
  SecretBytes z_password_hash(3 * kDesKeyPartSize);  // zero-padded to 21 octets
  std::copy(password_hash.begin(), password_hash.end(), z_password_hash.mutable_view().begin());
  Bytes response;
  response.reserve(kNtResponseSize);
  for (size_t part = 0; part < 3; ++part) {
    absl::StatusOr<Bytes> cypher =
        DesEncrypt(provider, challenge, z_password_hash.view().subspan(part * kDesKeyPartSize, kDesKeyPartSize));
    if (!cypher.ok()) return cypher.status();
    response.insert(response.end(), cypher->begin(), cypher->end());
  }
  return response;
}

absl::StatusOr<Bytes> GenerateNTResponseFromHash(CryptoProvider& provider, ByteView authenticator_challenge,
                                                 ByteView peer_challenge, absl::string_view user_name,
                                                 ByteView password_hash) {
  if (absl::Status s = need_size(password_hash, kPasswordHashSize, "PasswordHash"); !s.ok()) return s;
  absl::StatusOr<Bytes> challenge = ChallengeHash(provider, peer_challenge, authenticator_challenge, user_name);
  if (!challenge.ok()) return challenge.status();
  return ChallengeResponse(provider, *challenge, password_hash);
}

absl::StatusOr<Bytes> GenerateNTResponse(CryptoProvider& provider, ByteView authenticator_challenge,
                                         ByteView peer_challenge, absl::string_view user_name,
                                         absl::string_view password_utf8) {
  // Sizes first, so a malformed call does not hash the password.
  if (absl::Status s = check_challenges(peer_challenge, authenticator_challenge, user_name); !s.ok()) return s;
  absl::StatusOr<SecretBytes> password_hash = NtPasswordHash(provider, password_utf8);
  if (!password_hash.ok()) return password_hash.status();
  return GenerateNTResponseFromHash(provider, authenticator_challenge, peer_challenge, user_name,
                                    password_hash->view());
}

absl::StatusOr<std::string> GenerateAuthenticatorResponseFromHash(CryptoProvider& provider, ByteView password_hash,
                                                                  ByteView nt_response, ByteView peer_challenge,
                                                                  ByteView authenticator_challenge,
                                                                  absl::string_view user_name) {
  absl::StatusOr<Bytes> sha = authenticator_digest(provider, password_hash, nt_response, peer_challenge,
                                                   authenticator_challenge, user_name);
  if (!sha.ok()) return sha.status();
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out = "S=";
  out.reserve(kAuthenticatorResponseSize);
  for (uint8_t octet : *sha) {
    out.push_back(kHex[octet >> 4]);
    out.push_back(kHex[octet & 0x0f]);
  }
  return out;
}

absl::StatusOr<std::string> GenerateAuthenticatorResponse(CryptoProvider& provider, absl::string_view password_utf8,
                                                          ByteView nt_response, ByteView peer_challenge,
                                                          ByteView authenticator_challenge,
                                                          absl::string_view user_name) {
  if (absl::Status s = need_size(nt_response, kNtResponseSize, "NT-Response"); !s.ok()) return s;
  if (absl::Status s = check_challenges(peer_challenge, authenticator_challenge, user_name); !s.ok()) return s;
  absl::StatusOr<SecretBytes> password_hash = NtPasswordHash(provider, password_utf8);
  if (!password_hash.ok()) return password_hash.status();
  return GenerateAuthenticatorResponseFromHash(provider, password_hash->view(), nt_response, peer_challenge,
                                               authenticator_challenge, user_name);
}

absl::Status CheckAuthenticatorResponse(CryptoProvider& provider, absl::string_view password_utf8,
                                        ByteView nt_response, ByteView peer_challenge,
                                        ByteView authenticator_challenge, absl::string_view user_name,
                                        absl::string_view received_response) {
  // "S=" followed by 40 hex digits (RFC 2759 §8.7), decoded before anything
  // is computed.
  const auto malformed = absl::InvalidArgumentError(
      "MS-CHAPv2: an authenticator response is \"S=\" followed by 40 hexadecimal digits");
  if (received_response.size() != kAuthenticatorResponseSize || received_response.substr(0, 2) != "S=") {
    return malformed;
  }
  Bytes received(kSha1Size);
  for (size_t i = 0; i < kSha1Size; ++i) {
    const int high = hex_value(received_response[2 + 2 * i]);
    const int low = hex_value(received_response[3 + 2 * i]);
    if (high < 0 || low < 0) return malformed;
    received[i] = static_cast<uint8_t>((high << 4) | low);
  }
  if (absl::Status s = need_size(nt_response, kNtResponseSize, "NT-Response"); !s.ok()) return s;
  if (absl::Status s = check_challenges(peer_challenge, authenticator_challenge, user_name); !s.ok()) return s;
  absl::StatusOr<SecretBytes> password_hash = NtPasswordHash(provider, password_utf8);
  if (!password_hash.ok()) return password_hash.status();
  absl::StatusOr<Bytes> expected = authenticator_digest(provider, password_hash->view(), nt_response,
                                                        peer_challenge, authenticator_challenge, user_name);
  if (!expected.ok()) return expected.status();
  if (!constant_time_equal(*expected, received)) {
    return absl::UnauthenticatedError("MS-CHAPv2: the authenticator response does not match");
  }
  return absl::OkStatus();
}

// ---------------------------------------------------------------------------
// RFC 3079 §3.4.

absl::StatusOr<SecretBytes> GetMasterKey(CryptoProvider& provider, ByteView password_hash_hash,
                                         ByteView nt_response) {
  if (absl::Status s = need_size(password_hash_hash, kPasswordHashSize, "PasswordHashHash"); !s.ok()) return s;
  if (absl::Status s = need_size(nt_response, kNtResponseSize, "NT-Response"); !s.ok()) return s;
  return secret_digest(provider, HashAlgorithm::kSha1, {password_hash_hash, nt_response, literal(kMasterKeyMagic1)},
                       kSha1Size, kMasterKeySize);
}

absl::StatusOr<SecretBytes> GetAsymmetricStartKey(CryptoProvider& provider, ByteView master_key,
                                                  size_t key_length, KeyDirection direction, Side side) {
  if (absl::Status s = need_size(master_key, kMasterKeySize, "MasterKey"); !s.ok()) return s;
  if (key_length < 8 || key_length > 16) {
    return absl::InvalidArgumentError(
        absl::StrCat("MS-CHAPv2: an MPPE start key has 8 to 16 octets (RFC 3079 §3.4), not ", key_length));
  }
  // §3.4: IsSend ? (IsServer ? Magic3 : Magic2) : (IsServer ? Magic2 : Magic3).
  const bool send = direction == KeyDirection::kSend;
  const bool server = side == Side::kServer;
  const ByteView magic = send != server ? literal(kStartKeyMagic2) : literal(kStartKeyMagic3);
  uint8_t pad1[kShsPadSize];
  uint8_t pad2[kShsPadSize];
  std::memset(pad1, kShsPad1Octet, sizeof(pad1));
  std::memset(pad2, kShsPad2Octet, sizeof(pad2));
  return secret_digest(provider, HashAlgorithm::kSha1, {master_key, ByteView(pad1, sizeof(pad1)), magic, ByteView(pad2, sizeof(pad2))},
                       kSha1Size, key_length);
}

// The EAP-MSCHAPv2 MSK. RFC 2759 and RFC 3079 predate EAP keying and say
// nothing about an MSK; the layout every implementation uses is Microsoft's:
//  - [MS-CHAP] §3.1.5.1 "Master Session Key (MSK) Derivation"
//    (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-chap/
//    5a860bf5-2aeb-485b-82ee-fac1e8e6b76f): on an authenticator
//    MS-MPPE-Recv-Key = MasterReceiveKey, MS-MPPE-Send-Key = MasterSendKey,
//    and "MSK = MasterReceiveKey + MasterSendKey + 32 bytes zeroes (padding)".
//  - strongSwan, src/libcharon/plugins/eap_mschapv2/eap_mschapv2.c
//    GenerateMSK: master_receive_key (Magic2) | master_send_key (Magic3) |
//    16 zero octets | 16 zero octets, 64 octets, for IKEv2 EAP.
//  - hostapd, src/eap_server/eap_server_mschapv2.c eap_mschapv2_getKey:
//    "MSK = server MS-MPPE-Recv-Key | MS-MPPE-Send-Key", i.e.
//    get_asymetric_start_key(master_key, .., IsSend 0, IsServer 1) then
//    (IsSend 1, IsServer 1); hostapd stops after those 32 octets (no
//    padding), which agree with the first 32 here.
//  - FreeRADIUS rlm_mschap (mppe_chap2_get_keys128) sends MS-MPPE-Send-Key =
//    Magic3 key and MS-MPPE-Recv-Key = Magic2 key, from which a NAS builds
//    the MSK Recv-Key | Send-Key (RFC 5216 §2.3's order: MSK(0,31) is the
//    peer-to-authenticator key, MS-MPPE-Recv-Key).
absl::StatusOr<SecretBytes> msk(CryptoProvider& provider, ByteView password_hash, ByteView nt_response) {
  if (absl::Status s = need_size(password_hash, kPasswordHashSize, "PasswordHash"); !s.ok()) return s;
  if (absl::Status s = need_size(nt_response, kNtResponseSize, "NT-Response"); !s.ok()) return s;
  absl::StatusOr<SecretBytes> hash_hash = HashNtPasswordHash(provider, password_hash);
  if (!hash_hash.ok()) return hash_hash.status();
  absl::StatusOr<SecretBytes> master = GetMasterKey(provider, hash_hash->view(), nt_response);
  if (!master.ok()) return master.status();
  absl::StatusOr<SecretBytes> receive =
      GetAsymmetricStartKey(provider, master->view(), 16, KeyDirection::kReceive, Side::kServer);
  if (!receive.ok()) return receive.status();
  absl::StatusOr<SecretBytes> send =
      GetAsymmetricStartKey(provider, master->view(), 16, KeyDirection::kSend, Side::kServer);
  if (!send.ok()) return send.status();
  SecretBytes out(kMskSize);  // the last 32 octets stay zero
  absl::Span<uint8_t> to = out.mutable_view();
  std::copy(receive->view().begin(), receive->view().end(), to.begin());
  std::copy(send->view().begin(), send->view().end(), to.begin() + 16);
  return out;
}

}  // namespace ikecore::mschapv2
