// Wireshark key-log lines. The algorithm names below are copied from the
// value_string arrays of Wireshark 4.0's dissectors, which is what the UAT
// files store (see keylog.h):
//   packet-isakmp.c  vs_ikev2_encr_algs, vs_ikev2_auth_algs (key lengths from
//                    ikev2_encr_algs / ikev2_auth_algs, checked by
//                    ikev2_uat_data_update_cb)
//   packet-ipsec.c   esp_encryption_type_vals, esp_authentication_type_vals,
//                    esp_proto_type_vals
#include "ikecore/crypto/keylog.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace ikecore {
namespace {

struct EncrSpec {
  std::string name;   // Wireshark's value_string name
  size_t key_size;    // key material (with salt) in bytes
  bool aead;
};

struct IntegSpec {
  std::string name;
  size_t key_size;     // the key the caller must pass
  bool logs_key;       // false for the unchecked "ANY" entries, which take none
};

bool aes_bits(uint16_t key_bits) { return key_bits == 128 || key_bits == 192 || key_bits == 256; }

absl::Status bad_key_bits(EncrId encr, uint16_t key_bits) {
  return absl::InvalidArgumentError(absl::StrCat(to_string(encr), " has no ", key_bits, "-bit key"));
}

absl::Status not_in_wireshark(absl::string_view table, absl::string_view what) {
  return absl::UnimplementedError(absl::StrCat("Wireshark 4.0 cannot decrypt ", table, " with ", what));
}

absl::Status check_size(absl::string_view key_name, ByteView key, size_t expected, absl::string_view algorithm) {
  if (key.size() == expected) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(key_name, " is ", key.size(), " bytes; ", algorithm, " takes ", expected));
}

// IKEv2: vs_ikev2_encr_algs / ikev2_encr_algs.
absl::StatusOr<EncrSpec> ike_encr(EncrId encr, uint16_t key_bits) {
  const size_t aes = key_bits / 8u;
  switch (encr) {
    case EncrId::kNull:
      if (key_bits != 0) return bad_key_bits(encr, key_bits);
      return EncrSpec{"NULL [RFC2410]", 0, false};
    case EncrId::k3des:
      if (key_bits != 0 && key_bits != 192) return bad_key_bits(encr, key_bits);
      return EncrSpec{"3DES [RFC2451]", 24, false};
    case EncrId::kAesCbc:
      if (!aes_bits(key_bits)) return bad_key_bits(encr, key_bits);
      return EncrSpec{absl::StrFormat("AES-CBC-%d [RFC3602]", key_bits), aes, false};
    case EncrId::kAesCtr:  // key || 4-byte nonce (RFC 5930 §2)
      if (!aes_bits(key_bits)) return bad_key_bits(encr, key_bits);
      return EncrSpec{absl::StrFormat("AES-CTR-%d [RFC5930]", key_bits), aes + 4, false};
    case EncrId::kAesGcm8:
    case EncrId::kAesGcm12:
    case EncrId::kAesGcm16: {  // key || 4-byte salt (RFC 5282 §7.1)
      if (!aes_bits(key_bits)) return bad_key_bits(encr, key_bits);
      const int icv = encr == EncrId::kAesGcm8 ? 8 : encr == EncrId::kAesGcm12 ? 12 : 16;
      return EncrSpec{absl::StrFormat("AES-GCM-%d with %d octet ICV [RFC5282]", key_bits, icv), aes + 4, true};
    }
    case EncrId::kAesCcm8:
    case EncrId::kAesCcm12:
    case EncrId::kAesCcm16: {  // key || 3-byte salt (RFC 5282 §7.1)
      if (!aes_bits(key_bits)) return bad_key_bits(encr, key_bits);
      const int icv = encr == EncrId::kAesCcm8 ? 8 : encr == EncrId::kAesCcm12 ? 12 : 16;
      return EncrSpec{absl::StrFormat("AES-CCM-%d with %d octet ICV [RFC5282]", key_bits, icv), aes + 3, true};
    }
    default:
      return not_in_wireshark("IKEv2", to_string(encr));
  }
}

// IKEv2: vs_ikev2_auth_algs / ikev2_auth_algs.
absl::StatusOr<IntegSpec> ike_integ(IntegId integ, UncheckedIntegrity unchecked) {
  switch (integ) {
    case IntegId::kNone: return IntegSpec{"NONE [RFC4306]", 0, true};
    case IntegId::kHmacMd5_96: return IntegSpec{"HMAC_MD5_96 [RFC2403]", 16, true};
    case IntegId::kHmacSha1_96: return IntegSpec{"HMAC_SHA1_96 [RFC2404]", 20, true};
    case IntegId::kHmacMd5_128: return IntegSpec{"HMAC_MD5_128 [RFC4595]", 16, true};
    case IntegId::kHmacSha1_160: return IntegSpec{"HMAC_SHA1_160 [RFC4595]", 20, true};
    case IntegId::kHmacSha2_256_128: return IntegSpec{"HMAC_SHA2_256_128 [RFC4868]", 32, true};
    case IntegId::kHmacSha2_384_192: return IntegSpec{"HMAC_SHA2_384_192 [RFC4868]", 48, true};
    case IntegId::kHmacSha2_512_256: return IntegSpec{"HMAC_SHA2_512_256 [RFC4868]", 64, true};
    case IntegId::kAesXcbc96:  // 128-bit keys (RFC 3566 §4, RFC 4494 §2)
    case IntegId::kAesCmac96:
      if (unchecked == UncheckedIntegrity::kAllow)
        return IntegSpec{"ANY 96-bits of Authentication [No Checking]", 16, false};
      return not_in_wireshark("IKEv2", absl::StrCat(to_string(integ), " (it cannot check its ICV)"));
    default:
      return not_in_wireshark("IKEv2", to_string(integ));
  }
}

// ESP: esp_encryption_type_vals (keys: dissect_esp's key-length checks).
absl::StatusOr<EncrSpec> esp_encr(EncrId encr, uint16_t key_bits) {
  const size_t aes = key_bits / 8u;
  switch (encr) {
    case EncrId::kNull:
      if (key_bits != 0) return bad_key_bits(encr, key_bits);
      return EncrSpec{"NULL", 0, false};
    case EncrId::kDes:
      if (key_bits != 0 && key_bits != 64) return bad_key_bits(encr, key_bits);
      return EncrSpec{"DES-CBC [RFC2405]", 8, false};
    case EncrId::k3des:
      if (key_bits != 0 && key_bits != 192) return bad_key_bits(encr, key_bits);
      return EncrSpec{"TripleDES-CBC [RFC2451]", 24, false};
    case EncrId::kAesCbc:
      if (!aes_bits(key_bits)) return bad_key_bits(encr, key_bits);
      return EncrSpec{"AES-CBC [RFC3602]", aes, false};
    case EncrId::kAesCtr:  // key || 4-byte nonce (RFC 3686 §5.1)
      if (!aes_bits(key_bits)) return bad_key_bits(encr, key_bits);
      return EncrSpec{"AES-CTR [RFC3686]", aes + 4, false};
    case EncrId::kAesGcm8:
    case EncrId::kAesGcm12:
    case EncrId::kAesGcm16: {  // key || 4-byte salt (RFC 4106 §8.1)
      if (!aes_bits(key_bits)) return bad_key_bits(encr, key_bits);
      const int icv = encr == EncrId::kAesGcm8 ? 8 : encr == EncrId::kAesGcm12 ? 12 : 16;
      return EncrSpec{absl::StrFormat("AES-GCM with %d octet ICV [RFC4106]", icv), aes + 4, true};
    }
    default:
      return not_in_wireshark("ESP", to_string(encr));
  }
}

// ESP: esp_authentication_type_vals. Wireshark's ESP HMACs take a key of any
// length; the sizes here are the transforms' own (RFC 2403, 2404, 4868).
absl::StatusOr<IntegSpec> esp_integ(IntegId integ, UncheckedIntegrity unchecked) {
  switch (integ) {
    case IntegId::kNone: return IntegSpec{"NULL", 0, true};
    case IntegId::kHmacMd5_96: return IntegSpec{"HMAC-MD5-96 [RFC2403]", 16, true};
    case IntegId::kHmacSha1_96: return IntegSpec{"HMAC-SHA-1-96 [RFC2404]", 20, true};
    case IntegId::kHmacSha2_256_128: return IntegSpec{"HMAC-SHA-256-128 [RFC4868]", 32, true};
    case IntegId::kHmacSha2_384_192: return IntegSpec{"HMAC-SHA-384-192 [RFC4868]", 48, true};
    case IntegId::kHmacSha2_512_256: return IntegSpec{"HMAC-SHA-512-256 [RFC4868]", 64, true};
    case IntegId::kAesXcbc96:
    case IntegId::kAesCmac96:
      if (unchecked == UncheckedIntegrity::kAllow)
        return IntegSpec{"ANY 96 bit authentication [no checking]", 16, false};
      return not_in_wireshark("ESP", absl::StrCat(to_string(integ), " (it cannot check its ICV)"));
    default:
      return not_in_wireshark("ESP", to_string(integ));
  }
}

absl::Status check_pairing(const EncrSpec& e, IntegId integ, EncrId encr) {
  if (e.aead && integ != IntegId::kNone)
    return absl::InvalidArgumentError(
        absl::StrCat(to_string(encr), " is an AEAD cipher: its integrity transform must be none, not ",
                     to_string(integ)));
  return absl::OkStatus();
}

// packet-ipsec.c's get_full_ipv4_addr / get_full_ipv6_addr parse these.
std::string address(ByteView a) {
  if (a.size() == 4) return absl::StrFormat("%d.%d.%d.%d", a[0], a[1], a[2], a[3]);
  std::string out;
  for (size_t i = 0; i < 16; i += 2) absl::StrAppendFormat(&out, "%s%02x%02x", i ? ":" : "", a[i], a[i + 1]);
  return out;
}

}  // namespace

absl::StatusOr<std::string> ikev2_decryption_table_line(uint64_t spi_i, uint64_t spi_r, EncrId encr,
                                                        uint16_t key_bits, ByteView sk_ei, ByteView sk_er,
                                                        IntegId integ, ByteView sk_ai, ByteView sk_ar,
                                                        UncheckedIntegrity unchecked) {
  absl::StatusOr<EncrSpec> e = ike_encr(encr, key_bits);
  if (!e.ok()) return e.status();
  absl::StatusOr<IntegSpec> i = ike_integ(integ, unchecked);
  if (!i.ok()) return i.status();
  if (absl::Status s = check_pairing(*e, integ, encr); !s.ok()) return s;
  // RFC 7296 §3.3.3: a non-AEAD cipher needs an integrity transform (and
  // Wireshark would look for no ICV without one).
  if (!e->aead && integ == IntegId::kNone)
    return absl::InvalidArgumentError(absl::StrCat(to_string(encr), " needs an integrity transform in IKEv2"));
  for (auto [key_name, key] : {std::pair{"SK_ei", sk_ei}, std::pair{"SK_er", sk_er}})
    if (absl::Status s = check_size(key_name, key, e->key_size, e->name); !s.ok()) return s;
  for (auto [key_name, key] : {std::pair{"SK_ai", sk_ai}, std::pair{"SK_ar", sk_ar}})
    if (absl::Status s = check_size(key_name, key, i->key_size, i->name); !s.ok()) return s;
  const ByteView ai = i->logs_key ? sk_ai : ByteView();
  const ByteView ar = i->logs_key ? sk_ar : ByteView();
  return absl::StrFormat("%016x,%016x,%s,%s,\"%s\",%s,%s,\"%s\"", spi_i, spi_r, to_hex(sk_ei), to_hex(sk_er),
                         e->name, to_hex(ai), to_hex(ar), i->name);
}

absl::StatusOr<std::string> ikev2_decryption_table_line(uint64_t spi_i, uint64_t spi_r, EncrId encr,
                                                        uint16_t key_bits, IntegId integ, const IkeSaKeys& keys,
                                                        UncheckedIntegrity unchecked) {
  return ikev2_decryption_table_line(spi_i, spi_r, encr, key_bits, keys.ei.view(), keys.er.view(), integ,
                                     keys.ai.view(), keys.ar.view(), unchecked);
}

absl::StatusOr<std::string> esp_sa_line(ByteView src, ByteView dst, uint32_t spi, EncrId encr, uint16_t key_bits,
                                        ByteView encr_key, IntegId integ, ByteView integ_key,
                                        UncheckedIntegrity unchecked) {
  if (src.size() != dst.size() || (src.size() != 4 && src.size() != 16))
    return absl::InvalidArgumentError("ESP SA: addresses must be both IPv4 (4 bytes) or both IPv6 (16 bytes)");
  absl::StatusOr<EncrSpec> e = esp_encr(encr, key_bits);
  if (!e.ok()) return e.status();
  absl::StatusOr<IntegSpec> i = esp_integ(integ, unchecked);
  if (!i.ok()) return i.status();
  if (absl::Status s = check_pairing(*e, integ, encr); !s.ok()) return s;
  // RFC 4303 §3.2: encryption and integrity must not both be NULL.
  if (encr == EncrId::kNull && integ == IntegId::kNone)
    return absl::InvalidArgumentError("ESP SA: NULL encryption without integrity");
  if (absl::Status s = check_size("encryption key", encr_key, e->key_size, e->name); !s.ok()) return s;
  if (absl::Status s = check_size("integrity key", integ_key, i->key_size, i->name); !s.ok()) return s;
  const ByteView logged_integ_key = i->logs_key ? integ_key : ByteView();
  // packet-ipsec.c compute_ascii_key(): a key is hex only after "0x" (else it
  // is taken as ASCII); "0x" alone is the empty key. filter_spi_match() reads
  // the SPI with strtoul(..., 0).
  return absl::StrFormat("\"%s\",\"%s\",\"%s\",\"0x%08x\",\"%s\",\"0x%s\",\"%s\",\"0x%s\"",
                         src.size() == 4 ? "IPv4" : "IPv6", address(src), address(dst), spi, e->name,
                         to_hex(encr_key), i->name, to_hex(logged_integ_key));
}

}  // namespace ikecore
