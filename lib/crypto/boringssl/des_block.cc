// Single-block DES-ECB encryption for MS-CHAPv2 (RFC 2759 §8.6 DesEncrypt,
// RFC 2433 Appendix A), on BoringSSL's openssl/des.h. Nothing else in ikecore
// may use it: DES is broken, and IKEv2's DES-CBC lives in cipher.cc.
#include <openssl/des.h>
#include <openssl/mem.h>

#include <cstring>

#include "symmetric.h"

namespace ikecore::boringssl {

absl::Status des_ecb_encrypt_block(ByteView key8, ByteView block8, absl::Span<uint8_t> out8) {
  if (key8.size() != 8) return absl::InvalidArgumentError("DES-ECB: the key must be 8 octets");
  if (block8.size() != 8) return absl::InvalidArgumentError("DES-ECB: the block must be 8 octets");
  if (out8.size() != 8) return absl::InvalidArgumentError("DES-ECB: the output must be 8 octets");
  DES_cblock key;
  DES_cblock in;
  DES_cblock out;
  std::memcpy(key.bytes, key8.data(), 8);
  std::memcpy(in.bytes, block8.data(), 8);
  DES_key_schedule schedule;
  // The key schedule ignores the parity bits, and checks neither them nor
  // weak keys (in BoringSSL DES_set_key_unchecked is DES_set_key): MS-CHAPv2
  // keys are password-hash bytes, so a weak key must still work.
  DES_set_key_unchecked(&key, &schedule);
  DES_ecb_encrypt(&in, &out, &schedule, DES_ENCRYPT);
  std::memcpy(out8.data(), out.bytes, 8);
  OPENSSL_cleanse(&schedule, sizeof(schedule));
  OPENSSL_cleanse(&key, sizeof(key));
  OPENSSL_cleanse(&out, sizeof(out));
  return absl::OkStatus();
}

}  // namespace ikecore::boringssl
