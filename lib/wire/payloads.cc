#include "ikecore/wire/payloads.h"

namespace ikecore {

std::optional<uint16_t> Transform::key_length() const {
  for (const TransformAttribute& a : attributes)
    if (a.type == static_cast<uint16_t>(TransformAttrType::kKeyLength) && a.tv) return a.tv_value;
  return std::nullopt;
}

PayloadBody empty_body_for(PayloadType type) {
  switch (type) {
    case PayloadType::kSa: return SaPayload{};
    case PayloadType::kKe: return KePayload{};
    case PayloadType::kIdi:
    case PayloadType::kIdr: return IdPayload{};
    case PayloadType::kCert: return CertPayload{};
    case PayloadType::kCertReq: return CertReqPayload{};
    case PayloadType::kAuth: return AuthPayload{};
    case PayloadType::kNonce: return NoncePayload{};
    case PayloadType::kNotify: return NotifyPayload{};
    case PayloadType::kDelete: return DeletePayload{};
    case PayloadType::kVendorId: return VendorIdPayload{};
    case PayloadType::kTsi:
    case PayloadType::kTsr: return TsPayload{};
    case PayloadType::kSk: return SkPayload{};
    case PayloadType::kCp: return CpPayload{};
    case PayloadType::kEap: return EapPayload{};
    case PayloadType::kSkf: return SkfPayload{};
    case PayloadType::kCiscoFragment: return CiscoFragmentPayload{};
    default: return UnknownPayload{};
  }
}

bool is_known_payload_type(PayloadType type) {
  return !std::holds_alternative<UnknownPayload>(empty_body_for(type));
}

}  // namespace ikecore
