// Protocol errors as values. Each names the notify RFC 7296 prescribes for
// the answer (or none, when the message is to be dropped silently), the
// byte offset where parsing stopped, and a short fixed reason for traces.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ikecore/wire/ids.h"

namespace ikecore {

enum class ParseErrorCode : uint8_t {
  kOk = 0,
  // Structure (codec).
  kTruncated,              // a field runs past the end of its container
  kBadLength,              // a length field below its header size or beyond the container
  kLengthMismatch,         // IKE header length differs from the datagram
  kBadLastSubstructure,    // "last substructure" value disagrees with the position
  kCountMismatch,          // a count field disagrees with the substructures present
  kTrailingData,           // bytes left over after a structure ended
  kTooManyPayloads,        // more payloads or substructures than the limits allow
  kBadVersion,             // IKE major version other than 2
  kSkNotLast,              // SK / SKF followed by more payloads
  kValueTooLarge,          // (serialize) a field cannot hold the value given
  // Meaning (verify).
  kBadHeader,              // SPIs or message ID impossible for the exchange
  kUnknownExchange,
  kUnsupportedCriticalPayload,
  kUnexpectedPayload,      // payload not allowed in this exchange / position
  kMissingPayload,         // a payload the exchange requires is absent
  kDuplicatePayload,       // more instances than the exchange allows
  kBadSpiSize,
  kBadProposalNumber,
  kBadTransform,           // transform type or attribute not valid there
  kBadNonceLength,
  kBadKeLength,
  kBadTrafficSelector,
  kBadNotify,
  kBadDelete,
  kBadFragmentNumber,
  kBadCookieLength,
  kBadEapLength,
  kBadEap,
  kBadIdentity,
  kBadAttribute,
};

std::string to_string(ParseErrorCode code);

struct ParseError {
  ParseErrorCode code = ParseErrorCode::kOk;
  // The notify to answer with; kNone (0) means drop without answering.
  NotifyType notify = static_cast<NotifyType>(0);
  // Notification data for notify types that carry one: the payload type for
  // UNSUPPORTED_CRITICAL_PAYLOAD, the wanted group for INVALID_KE_PAYLOAD.
  uint16_t notify_data = 0;
  size_t offset = 0;
  int payload_index = -1;    // verify errors: which payload of the chain
  const char* context = "";  // the structure being read: "SA proposal", "KE"...
  const char* detail = "";

  bool ok() const { return code == ParseErrorCode::kOk; }
  friend bool operator==(const ParseError& a, const ParseError& b) {
    return a.code == b.code && a.notify == b.notify && a.notify_data == b.notify_data;
  }
};

// "offset 40: SA proposal: length beyond its container (INVALID_SYNTAX)"
std::string to_string(const ParseError& e);

}  // namespace ikecore
