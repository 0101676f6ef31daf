#include "key_exchange.h"

#include "absl/strings/str_format.h"

namespace ikecore::boringssl {
namespace {

// Why the groups BoringSSL cannot do are missing, for the error text.
const char* missing_reason(KeGroup group) {
  switch (group) {
    case KeGroup::kModp1024s160:
    case KeGroup::kModp2048s224:
    case KeGroup::kModp2048s256:
      // Possible from the RFC 5114 §2.1-2.3 constants with DH_set0_pqg(p, q,
      // g) (DH_check_pub_key then does the full y^q = 1 check), but left out:
      // RFC 8247 §2.4 recommends against them, and nothing needs them.
      return "RFC 5114 MODP groups are not offered";
    case KeGroup::kEcp192:
      return "BoringSSL has no P-192";
    case KeGroup::kEcp224:
      // BoringSSL has P-224 (NID_secp224r1); not offered for lack of a need
      // and of published IKE vectors.
      return "P-224 (RFC 5114) is not offered";
    case KeGroup::kBrainpool224:
    case KeGroup::kBrainpool256:
    case KeGroup::kBrainpool384:
    case KeGroup::kBrainpool512:
      return "BoringSSL has no brainpool curves";
    case KeGroup::kCurve448:
      return "BoringSSL has no X448";
    case KeGroup::kGost256:
    case KeGroup::kGost512:
      return "BoringSSL has no GOST R 34.10-2012";
    case KeGroup::kMlKem512:
    case KeGroup::kMlKem768:
    case KeGroup::kMlKem1024:
      return "this BoringSSL has no ML-KEM";
    default:
      return "not a key exchange method this provider knows";
  }
}

absl::StatusOr<std::unique_ptr<KeyExchange>> make(KeGroup group, std::optional<ByteView> private_key) {
  if (kex_internal::is_modp(group)) return kex_internal::make_modp(group, private_key);
  if (kex_internal::is_ecp(group)) return kex_internal::make_ecp(group, private_key);
  if (group == KeGroup::kCurve25519) return kex_internal::make_x25519(private_key);
  return absl::UnimplementedError(
      absl::StrFormat("key exchange method %s: %s", to_string(group), missing_reason(group)));
}

}  // namespace

bool is_supported(KeGroup group) {
  return kex_internal::is_modp(group) || kex_internal::is_ecp(group) || group == KeGroup::kCurve25519;
}

absl::StatusOr<std::unique_ptr<KeyExchange>> make_key_exchange(KeGroup group) { return make(group, std::nullopt); }

absl::StatusOr<std::unique_ptr<KeyExchange>> make_key_exchange_with_private(KeGroup group, ByteView private_key) {
  return make(group, private_key);
}

}  // namespace ikecore::boringssl
