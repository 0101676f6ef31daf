// Which payloads each exchange may carry, how often, and whether inside the
// SK payload (RFC 7296 §1.2-1.5, §2.17, RFC 7383 §2.5, RFC 9242 §2).
#pragma once

#include <cstdint>

#include "absl/types/span.h"
#include "ikecore/wire/ids.h"

namespace ikecore {

struct PayloadRule {
  PayloadType type;
  uint8_t min;  // required count (0: optional)
  uint8_t max;  // kMany: any number
  static constexpr uint8_t kMany = 0xff;
};

struct ExchangeRules {
  // Payloads outside SK. For every exchange but IKE_SA_INIT this is the SK
  // (or SKF, or Cisco fragment) payload alone.
  absl::Span<const PayloadRule> plain;
  // Payloads inside SK, once decrypted (empty for IKE_SA_INIT).
  absl::Span<const PayloadRule> encrypted;
  bool uses_sk;
};

// Rules for one direction of an exchange; nullptr for an exchange ikecore
// does not implement.
const ExchangeRules* rules_for(ExchangeType exchange, bool response);

}  // namespace ikecore
