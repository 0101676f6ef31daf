#include "ikecore/wire/parse_error.h"

#include "absl/strings/str_format.h"

namespace ikecore {

std::string to_string(ParseErrorCode code) {
  switch (code) {
    case ParseErrorCode::kOk: return "ok";
    case ParseErrorCode::kTruncated: return "truncated";
    case ParseErrorCode::kBadLength: return "bad length";
    case ParseErrorCode::kLengthMismatch: return "length mismatch";
    case ParseErrorCode::kBadLastSubstructure: return "bad last-substructure";
    case ParseErrorCode::kCountMismatch: return "count mismatch";
    case ParseErrorCode::kTrailingData: return "trailing data";
    case ParseErrorCode::kTooManyPayloads: return "too many payloads";
    case ParseErrorCode::kBadVersion: return "bad version";
    case ParseErrorCode::kSkNotLast: return "encrypted payload not last";
    case ParseErrorCode::kValueTooLarge: return "value too large";
    case ParseErrorCode::kBadHeader: return "bad header";
    case ParseErrorCode::kUnknownExchange: return "unknown exchange";
    case ParseErrorCode::kUnsupportedCriticalPayload: return "unsupported critical payload";
    case ParseErrorCode::kUnexpectedPayload: return "unexpected payload";
    case ParseErrorCode::kMissingPayload: return "missing payload";
    case ParseErrorCode::kDuplicatePayload: return "duplicate payload";
    case ParseErrorCode::kBadSpiSize: return "bad SPI size";
    case ParseErrorCode::kBadProposalNumber: return "bad proposal number";
    case ParseErrorCode::kBadTransform: return "bad transform";
    case ParseErrorCode::kBadNonceLength: return "bad nonce length";
    case ParseErrorCode::kBadKeLength: return "bad KE length";
    case ParseErrorCode::kBadTrafficSelector: return "bad traffic selector";
    case ParseErrorCode::kBadNotify: return "bad notify";
    case ParseErrorCode::kBadDelete: return "bad delete";
    case ParseErrorCode::kBadFragmentNumber: return "bad fragment number";
    case ParseErrorCode::kBadCookieLength: return "bad cookie length";
    case ParseErrorCode::kBadEapLength: return "bad EAP length";
    case ParseErrorCode::kBadEap: return "bad EAP packet";
    case ParseErrorCode::kBadIdentity: return "bad identity";
    case ParseErrorCode::kBadAttribute: return "bad attribute";
  }
  return absl::StrFormat("error %d", static_cast<int>(code));
}

std::string to_string(const ParseError& e) {
  if (e.ok()) return "ok";
  std::string notify = e.notify == NotifyType{} ? "drop" : to_string(e.notify);
  if (e.notify == NotifyType::kUnsupportedCriticalPayload || e.notify == NotifyType::kInvalidKePayload)
    notify = absl::StrFormat("%s %u", notify, e.notify_data);
  return absl::StrFormat("offset %u: %s: %s (%s)", e.offset, e.context, e.detail, notify);
}

}  // namespace ikecore
