#include "ikecore/crypto/legacy.h"

namespace ikecore {

bool is_legacy_transform(TransformType type, uint16_t id) {
  switch (type) {
    case TransformType::kEncr:
      return id == static_cast<uint16_t>(EncrId::kDes) || id == static_cast<uint16_t>(EncrId::k3des) ||
             id == static_cast<uint16_t>(EncrId::kDesIv64) || id == static_cast<uint16_t>(EncrId::kDesIv32);
    case TransformType::kPrf:
      return id == static_cast<uint16_t>(PrfId::kHmacMd5);
    case TransformType::kInteg:
      return id == static_cast<uint16_t>(IntegId::kHmacMd5_96);
    case TransformType::kKe:
      return id == static_cast<uint16_t>(KeGroup::kModp768) || id == static_cast<uint16_t>(KeGroup::kModp1024) ||
             id == static_cast<uint16_t>(KeGroup::kModp1536);
    default:
      return false;
  }
}

}  // namespace ikecore
