#include "ikecore/wire/rules.h"

namespace ikecore {
namespace {

using P = PayloadType;
constexpr uint8_t kMany = PayloadRule::kMany;

// RFC 7296 §1.2: HDR, SAi1, KEi, Ni  -->  HDR, SAr1, KEr, Nr, [CERTREQ]
// Notify and Vendor ID payloads may appear in any message (§3.10, §3.12).
constexpr PayloadRule kSaInitRequest[] = {
    {P::kSa, 1, 1}, {P::kKe, 1, 1}, {P::kNonce, 1, 1}, {P::kNotify, 0, kMany},
    {P::kVendorId, 0, kMany}, {P::kCertReq, 0, kMany},
};
constexpr PayloadRule kSaInitResponse[] = {
    {P::kSa, 1, 1}, {P::kKe, 1, 1}, {P::kNonce, 1, 1}, {P::kNotify, 0, kMany},
    {P::kVendorId, 0, kMany}, {P::kCertReq, 0, kMany},
};

// After IKE_SA_INIT every message is protected: one SK, or one SKF (RFC 7383),
// or one Cisco fragment (the proprietary scheme carries an encrypted message).
constexpr PayloadRule kProtectedOuter[] = {
    {P::kSk, 0, 1}, {P::kSkf, 0, 1}, {P::kCiscoFragment, 0, 1},
};

// §1.2, §2.16, RFC 4739, RFC 6023: IKE_AUTH rounds (first, EAP, final AUTH)
// share one table; which round needs what is the engine's state, not syntax.
constexpr PayloadRule kAuthRequest[] = {
    {P::kIdi, 0, 1},        {P::kCert, 0, kMany},   {P::kCertReq, 0, kMany}, {P::kIdr, 0, 1},
    {P::kAuth, 0, 1},       {P::kEap, 0, 1},        {P::kCp, 0, 1},          {P::kSa, 0, 1},
    {P::kTsi, 0, 1},        {P::kTsr, 0, 1},        {P::kNotify, 0, kMany},  {P::kVendorId, 0, kMany},
};
constexpr PayloadRule kAuthResponse[] = {
    {P::kIdr, 0, 1},        {P::kCert, 0, kMany},   {P::kAuth, 0, 1},        {P::kEap, 0, 1},
    {P::kCp, 0, 1},         {P::kSa, 0, 1},         {P::kTsi, 0, 1},         {P::kTsr, 0, 1},
    {P::kNotify, 0, kMany}, {P::kVendorId, 0, kMany},
};

// §1.3: HDR, SK {SA, Ni, [KEi], [TSi, TSr]}  -->  HDR, SK {SA, Nr, [KEr], [TSi, TSr]}
// An error response carries only notifies, so its SA and Nr are optional.
constexpr PayloadRule kChildRequest[] = {
    {P::kSa, 1, 1}, {P::kNonce, 1, 1}, {P::kKe, 0, 1}, {P::kTsi, 0, 1}, {P::kTsr, 0, 1},
    {P::kNotify, 0, kMany}, {P::kVendorId, 0, kMany},
};
constexpr PayloadRule kChildResponse[] = {
    {P::kSa, 0, 1}, {P::kNonce, 0, 1}, {P::kKe, 0, 1}, {P::kTsi, 0, 1}, {P::kTsr, 0, 1},
    {P::kNotify, 0, kMany}, {P::kVendorId, 0, kMany},
};

// §1.4: HDR, SK {[N,] [D,] [CP,] ...}
constexpr PayloadRule kInformational[] = {
    {P::kNotify, 0, kMany}, {P::kDelete, 0, kMany}, {P::kCp, 0, 1}, {P::kVendorId, 0, kMany},
};

// RFC 9242 §3 with RFC 9370 §2.2.2: additional key exchanges.
constexpr PayloadRule kIntermediate[] = {
    {P::kKe, 0, 1}, {P::kNotify, 0, kMany}, {P::kVendorId, 0, kMany},
};

constexpr ExchangeRules kRules[] = {
    {kSaInitRequest, {}, false},  {kSaInitResponse, {}, false},
    {kProtectedOuter, kAuthRequest, true},  {kProtectedOuter, kAuthResponse, true},
    {kProtectedOuter, kChildRequest, true}, {kProtectedOuter, kChildResponse, true},
    {kProtectedOuter, kInformational, true}, {kProtectedOuter, kInformational, true},
    {kProtectedOuter, kIntermediate, true}, {kProtectedOuter, kIntermediate, true},
};

}  // namespace

const ExchangeRules* rules_for(ExchangeType exchange, bool response) {
  size_t i;
  switch (exchange) {
    case ExchangeType::kIkeSaInit: i = 0; break;
    case ExchangeType::kIkeAuth: i = 2; break;
    case ExchangeType::kCreateChildSa: i = 4; break;
    case ExchangeType::kInformational: i = 6; break;
    case ExchangeType::kIkeIntermediate: i = 8; break;
    default: return nullptr;
  }
  return &kRules[i + (response ? 1 : 0)];
}

}  // namespace ikecore
