// Opt-in key log in Wireshark's formats: one line of Wireshark's "IKEv2
// Decryption Table" and of its "ESP SAs" table, so that a capture of the
// traffic can be decrypted for debugging.
//
// Sans-IO: these functions only format. ikecore never opens a file and never
// logs keys on its own; a host that wants a key log calls them (for example
// when an IKE SA or CHILD SA is established) and appends each line, followed
// by '\n', to the file named below in a Wireshark configuration directory
// (its personal configuration or a profile directory; tshark also takes a
// whole directory through the WIRESHARK_CONFIG_DIR environment variable).
// The lines contain the SA's secret keys in clear: whoever can read the file
// can decrypt the traffic.
//
// The formats are Wireshark's user access table (UAT) files, as Wireshark
// 4.0 reads them (epan/uat_load.l, and the uat_field_t tables of
// epan/dissectors/packet-isakmp.c and packet-ipsec.c): one record per line,
// fields separated by commas, in the order of the UAT's fields; byte-buffer
// fields (UAT_FLD_BUFFER) are bare hex, string fields (UAT_FLD_CSTRING) and
// value-string fields (UAT_FLD_VS) are in double quotes, and a value-string
// field stores the *name* of the value, exactly as the dissector's
// value_string array spells it (a name it does not know makes Wireshark
// reject the line: "invalid value"). The same format is what strongSwan's
// save-keys plugin writes.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "ikecore/base/bytes.h"
#include "ikecore/crypto/keys.h"
#include "ikecore/wire/ids.h"

namespace ikecore {

// File names of the two tables in a Wireshark configuration directory.
inline constexpr char kWiresharkIkev2TableFile[] = "ikev2_decryption_table";
inline constexpr char kWiresharkEspTableFile[] = "esp_sa";

// What to do with an integrity transform Wireshark cannot verify
// (AES-XCBC-96, AES-CMAC-96): reject it, or log the ICV length only
// ("ANY 96-bits of Authentication [No Checking]"), which lets Wireshark
// decrypt while it shows the ICV as not validated. The integrity keys are then
// left out of the line (Wireshark's "ANY" entries take no key).
enum class UncheckedIntegrity : uint8_t { kReject, kAllow };

// One line of Wireshark's `ikev2_decryption_table` (packet-isakmp.c,
// ikev2_uat_flds), without the trailing newline:
//
//   SPIi,SPIr,SK_ei,SK_er,"<encryption algorithm>",SK_ai,SK_ar,"<integrity algorithm>"
//
// e.g. for AES-CBC-192 with HMAC-SHA1-96:
//   58aff71141ba436b,fc696330e6b94d7f,<48 hex>,<48 hex>,"AES-CBC-192 [RFC3602]",<40 hex>,<40 hex>,"HMAC_SHA1_96 [RFC2404]"
//
// SPIs are 16 hex digits, keys lower-case hex without separators. With an
// AEAD cipher SK_ai and SK_ar are empty and the integrity algorithm is
// "NONE [RFC4306]". SK_ei / SK_er include the salt (AES-CTR, AES-GCM: 4
// bytes; AES-CCM: 3), as the key schedule yields them.
//
// Wireshark 4.0 can decrypt IKEv2 with: ENCR_NULL, 3DES, AES-CBC, AES-CTR,
// AES-GCM with 8, 12, 16-byte ICVs and AES-CCM with 8, 12, 16-byte ICVs
// (key_bits 128, 192, 256); integrity HMAC-MD5-96, HMAC-SHA1-96,
// HMAC-MD5-128, HMAC-SHA1-160, HMAC-SHA2-256-128, -384-192, -512-256.
// Anything else (ChaCha20-Poly1305, DES, Camellia, ...) is kUnimplemented,
// as are AES-XCBC-96 / AES-CMAC-96 unless `unchecked` allows them. A key of
// the wrong size for the algorithm, a key_bits the cipher does not have, an
// AEAD cipher with an integrity transform or a non-AEAD one without is
// kInvalidArgument.
absl::StatusOr<std::string> ikev2_decryption_table_line(
    uint64_t spi_i, uint64_t spi_r, EncrId encr, uint16_t key_bits, ByteView sk_ei, ByteView sk_er,
    IntegId integ, ByteView sk_ai, ByteView sk_ar, UncheckedIntegrity unchecked = UncheckedIntegrity::kReject);

// The same, from the keys of derive_ike_sa_keys().
absl::StatusOr<std::string> ikev2_decryption_table_line(
    uint64_t spi_i, uint64_t spi_r, EncrId encr, uint16_t key_bits, IntegId integ, const IkeSaKeys& keys,
    UncheckedIntegrity unchecked = UncheckedIntegrity::kReject);

// One line of Wireshark's `esp_sa` (packet-ipsec.c, esp_uat_flds), for the
// packets of one direction of a CHILD SA, without the trailing newline:
//
//   "<IPv4|IPv6>","<src>","<dst>","0x<SPI, 8 hex digits>","<encryption algorithm>","0x<key>","<authentication algorithm>","0x<key>"
//
// e.g. "IPv4","192.168.1.1","10.0.0.1","0x77ee5348","AES-CBC [RFC3602]","0x<64 hex>","HMAC-SHA-1-96 [RFC2404]","0x<40 hex>"
//
// `src` and `dst` are the outer addresses of the ESP packets (4 bytes each
// for IPv4, 16 for IPv6; an IPv6 address is written in full, 8 groups of 4
// hex digits, which is the form packet-ipsec.c's address matcher expands
// everything to). `spi` is the SPI in those packets' ESP header (the one the
// receiver, `dst`, chose). Keys as derive_child_sa_keys() yields them (AES-CTR
// and AES-GCM include the 4-byte salt). An AEAD cipher takes IntegId::kNone
// and an empty integrity key, logged as "NULL" / "0x" (Wireshark 4.0 takes the
// ICV length from "AES-GCM with N octet ICV [RFC4106]").
//
// Wireshark 4.0 can decrypt ESP with: ENCR_NULL, DES, 3DES, AES-CBC, AES-CTR,
// AES-GCM with 8, 12, 16-byte ICVs; and check HMAC-MD5-96, HMAC-SHA1-96,
// HMAC-SHA2-256-128, -384-192, -512-256 ICVs. Other transforms are
// kUnimplemented (AES-XCBC-96 / AES-CMAC-96: see UncheckedIntegrity; their
// key is then logged as "0x"); bad sizes are kInvalidArgument as above.
absl::StatusOr<std::string> esp_sa_line(ByteView src, ByteView dst, uint32_t spi, EncrId encr, uint16_t key_bits,
                                        ByteView encr_key, IntegId integ, ByteView integ_key,
                                        UncheckedIntegrity unchecked = UncheckedIntegrity::kReject);

}  // namespace ikecore
