// The MODP groups of RFC 2409 §6 and RFC 3526: primes, private exponent
// sizes (private header of ikecore_boringssl).
#pragma once

#include <openssl/bn.h>

#include "absl/types/span.h"
#include "ikecore/wire/ids.h"

namespace ikecore::boringssl {

struct ModpGroup {
  KeGroup group;
  unsigned bits;  // of the prime; the Key Exchange Data is bits / 8 octets
  // Length in bits of the random private exponents we generate: twice the
  // larger ("Estimate 2") strength of RFC 3526 §8 for groups 5 and 14-18, and
  // never under 256 (which covers groups 1 and 2, far weaker than 128 bits).
  // RFC 3526 §1: the exponent "should have double the entropy of the
  // strength of the entire system".
  unsigned exponent_bits;
  // The prime in hexadecimal exactly as the RFC prints it, line by line,
  // without the spaces.
  const char* prime_hex;
  const char* source;  // "RFC 3526 §3"
};

// The eight groups, in IANA number order.
absl::Span<const ModpGroup> modp_groups();

// nullptr when `group` is not one of them.
const ModpGroup* find_modp_group(KeGroup group);

// The prime as a new BIGNUM (nullptr on allocation failure): BoringSSL's own
// constant where it has one (BN_get_rfc3526_prime_1536, group 5; this version
// has no other RFC 2409/3526 prime), the RFC text above otherwise.
BIGNUM* modp_prime(const ModpGroup& group);

// The prime parsed from `prime_hex`, for every group (the tests compare it
// with BoringSSL's constant).
BIGNUM* modp_prime_from_text(const ModpGroup& group);

}  // namespace ikecore::boringssl
