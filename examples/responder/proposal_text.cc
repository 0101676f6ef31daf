#include "proposal_text.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "ikecore/crypto/legacy.h"
#include "ikecore/wire/ids.h"

namespace headend {
namespace {

using ikecore::EncrChoice;
using ikecore::EncrId;
using ikecore::EsnId;
using ikecore::IntegId;
using ikecore::KeGroup;
using ikecore::PrfId;
using ikecore::TransformType;

// One keyword of strongSwan's proposal_keywords.txt that ikecore knows.
struct Keyword {
  const char* text;
  TransformType type;
  uint16_t id;
  uint16_t key_bits;  // ENCR only
};

constexpr uint16_t id(EncrId v) { return static_cast<uint16_t>(v); }
constexpr uint16_t id(IntegId v) { return static_cast<uint16_t>(v); }
constexpr uint16_t id(PrfId v) { return static_cast<uint16_t>(v); }
constexpr uint16_t id(KeGroup v) { return static_cast<uint16_t>(v); }
constexpr uint16_t id(EsnId v) { return static_cast<uint16_t>(v); }

constexpr TransformType kE = TransformType::kEncr;
constexpr TransformType kI = TransformType::kInteg;
constexpr TransformType kP = TransformType::kPrf;
constexpr TransformType kK = TransformType::kKe;
constexpr TransformType kS = TransformType::kEsn;

// AES in its modes with the key sizes strongSwan spells out.
#define HEADEND_AES(mode, suffix)                                                   \
  {"aes128" suffix, kE, id(EncrId::mode), 128}, {"aes192" suffix, kE, id(EncrId::mode), 192}, \
      {"aes256" suffix, kE, id(EncrId::mode), 256}

const Keyword kKeywords[] = {
    {"null", kE, id(EncrId::kNull), 0},
    {"des", kE, id(EncrId::kDes), 0},
    {"3des", kE, id(EncrId::k3des), 0},
    {"aes", kE, id(EncrId::kAesCbc), 128},
    HEADEND_AES(kAesCbc, ""),
    HEADEND_AES(kAesCtr, "ctr"),
    HEADEND_AES(kAesCcm8, "ccm8"),
    HEADEND_AES(kAesCcm8, "ccm64"),
    HEADEND_AES(kAesCcm12, "ccm12"),
    HEADEND_AES(kAesCcm12, "ccm96"),
    HEADEND_AES(kAesCcm16, "ccm16"),
    HEADEND_AES(kAesCcm16, "ccm128"),
    HEADEND_AES(kAesCcm16, "ccm"),
    HEADEND_AES(kAesGcm8, "gcm8"),
    HEADEND_AES(kAesGcm8, "gcm64"),
    HEADEND_AES(kAesGcm12, "gcm12"),
    HEADEND_AES(kAesGcm12, "gcm96"),
    HEADEND_AES(kAesGcm16, "gcm16"),
    HEADEND_AES(kAesGcm16, "gcm128"),
    HEADEND_AES(kAesGcm16, "gcm"),
    {"chacha20poly1305", kE, id(EncrId::kChacha20Poly1305), 0},

    {"md5", kI, id(IntegId::kHmacMd5_96), 0},
    {"md5_128", kI, id(IntegId::kHmacMd5_128), 0},
    {"sha", kI, id(IntegId::kHmacSha1_96), 0},
    {"sha1", kI, id(IntegId::kHmacSha1_96), 0},
    {"sha1_160", kI, id(IntegId::kHmacSha1_160), 0},
    {"sha256", kI, id(IntegId::kHmacSha2_256_128), 0},
    {"sha2_256", kI, id(IntegId::kHmacSha2_256_128), 0},
    {"sha384", kI, id(IntegId::kHmacSha2_384_192), 0},
    {"sha2_384", kI, id(IntegId::kHmacSha2_384_192), 0},
    {"sha512", kI, id(IntegId::kHmacSha2_512_256), 0},
    {"sha2_512", kI, id(IntegId::kHmacSha2_512_256), 0},
    {"aesxcbc", kI, id(IntegId::kAesXcbc96), 0},
    {"aescmac", kI, id(IntegId::kAesCmac96), 0},

    {"prfmd5", kP, id(PrfId::kHmacMd5), 0},
    {"prfsha1", kP, id(PrfId::kHmacSha1), 0},
    {"prfsha256", kP, id(PrfId::kHmacSha2_256), 0},
    {"prfsha384", kP, id(PrfId::kHmacSha2_384), 0},
    {"prfsha512", kP, id(PrfId::kHmacSha2_512), 0},
    {"prfaesxcbc", kP, id(PrfId::kAes128Xcbc), 0},
    {"prfaescmac", kP, id(PrfId::kAes128Cmac), 0},

    {"modp768", kK, id(KeGroup::kModp768), 0},
    {"modp1024", kK, id(KeGroup::kModp1024), 0},
    {"modp1536", kK, id(KeGroup::kModp1536), 0},
    {"modp2048", kK, id(KeGroup::kModp2048), 0},
    {"modp3072", kK, id(KeGroup::kModp3072), 0},
    {"modp4096", kK, id(KeGroup::kModp4096), 0},
    {"modp6144", kK, id(KeGroup::kModp6144), 0},
    {"modp8192", kK, id(KeGroup::kModp8192), 0},
    {"modp1024s160", kK, id(KeGroup::kModp1024s160), 0},
    {"modp2048s224", kK, id(KeGroup::kModp2048s224), 0},
    {"modp2048s256", kK, id(KeGroup::kModp2048s256), 0},
    {"ecp192", kK, id(KeGroup::kEcp192), 0},
    {"ecp224", kK, id(KeGroup::kEcp224), 0},
    {"ecp256", kK, id(KeGroup::kEcp256), 0},
    {"ecp384", kK, id(KeGroup::kEcp384), 0},
    {"ecp521", kK, id(KeGroup::kEcp521), 0},
    {"ecp224bp", kK, id(KeGroup::kBrainpool224), 0},
    {"ecp256bp", kK, id(KeGroup::kBrainpool256), 0},
    {"ecp384bp", kK, id(KeGroup::kBrainpool384), 0},
    {"ecp512bp", kK, id(KeGroup::kBrainpool512), 0},
    {"curve25519", kK, id(KeGroup::kCurve25519), 0},
    {"x25519", kK, id(KeGroup::kCurve25519), 0},
    {"curve448", kK, id(KeGroup::kCurve448), 0},
    {"x448", kK, id(KeGroup::kCurve448), 0},
    {"mlkem512", kK, id(KeGroup::kMlKem512), 0},
    {"mlkem768", kK, id(KeGroup::kMlKem768), 0},
    {"mlkem1024", kK, id(KeGroup::kMlKem1024), 0},

    {"noesn", kS, id(EsnId::kNoEsn), 0},
    {"esn", kS, id(EsnId::kEsn), 0},
};

#undef HEADEND_AES

const Keyword* find_keyword(absl::string_view text) {
  for (const Keyword& k : kKeywords)
    if (text == k.text) return &k;
  return nullptr;
}

// strongSwan derives an IKE proposal's PRF from its integrity algorithm.
std::optional<PrfId> prf_for(IntegId integ) {
  switch (integ) {
    case IntegId::kHmacMd5_96:
    case IntegId::kHmacMd5_128: return PrfId::kHmacMd5;
    case IntegId::kHmacSha1_96:
    case IntegId::kHmacSha1_160: return PrfId::kHmacSha1;
    case IntegId::kHmacSha2_256_128: return PrfId::kHmacSha2_256;
    case IntegId::kHmacSha2_384_192: return PrfId::kHmacSha2_384;
    case IntegId::kHmacSha2_512_256: return PrfId::kHmacSha2_512;
    case IntegId::kAesXcbc96: return PrfId::kAes128Xcbc;
    case IntegId::kAesCmac96: return PrfId::kAes128Cmac;
    default: return std::nullopt;
  }
}

template <class T>
void add(std::vector<T>& list, const T& v) {
  if (std::find(list.begin(), list.end(), v) == list.end()) list.push_back(v);
}

template <class T>
void add_all(std::vector<T>& list, const std::vector<T>& more) {
  for (const T& v : more) add(list, v);
}

// One proposal's transforms, by type, in the order written.
struct Parsed {
  std::vector<EncrChoice> encr;
  std::vector<IntegId> integ;
  std::vector<PrfId> prf;
  std::vector<KeGroup> groups;
  std::vector<EsnId> esn;
};

absl::StatusOr<Parsed> parse_one(absl::string_view proposal, bool allow_legacy) {
  Parsed p;
  for (absl::string_view token : absl::StrSplit(proposal, '-')) {
    const Keyword* k = find_keyword(token);
    if (!k) return absl::InvalidArgumentError(absl::StrCat("proposal \"", proposal, "\": unknown algorithm \"", token, "\""));
    if (!allow_legacy && ikecore::is_legacy_transform(k->type, k->id))
      return absl::InvalidArgumentError(absl::StrCat("proposal \"", proposal, "\": \"", token,
                                                     "\" is a legacy algorithm (set allow-legacy=\"yes\" to accept it)"));
    switch (k->type) {
      case kE: add(p.encr, EncrChoice{static_cast<EncrId>(k->id), k->key_bits}); break;
      case kI: add(p.integ, static_cast<IntegId>(k->id)); break;
      case kP: add(p.prf, static_cast<PrfId>(k->id)); break;
      case kK: add(p.groups, static_cast<KeGroup>(k->id)); break;
      case kS: add(p.esn, static_cast<EsnId>(k->id)); break;
      default: break;
    }
  }
  if (p.encr.empty()) return absl::InvalidArgumentError(absl::StrCat("proposal \"", proposal, "\": no encryption algorithm"));
  bool needs_integ = std::any_of(p.encr.begin(), p.encr.end(), [](const EncrChoice& e) { return !ikecore::is_aead(e.id); });
  if (needs_integ && p.integ.empty())
    return absl::InvalidArgumentError(
        absl::StrCat("proposal \"", proposal, "\": a non-AEAD cipher needs an integrity algorithm (e.g. sha256)"));
  return p;
}

// Calls `each` for every proposal of a comma separated list; "default" is
// passed as is.
template <class F>
absl::Status for_each_proposal(const std::string& list, F each) {
  bool any = false;
  for (absl::string_view item : absl::StrSplit(list, ',')) {
    item = absl::StripAsciiWhitespace(item);
    if (item.empty()) continue;
    any = true;
    absl::Status s = each(item);
    if (!s.ok()) return s;
  }
  if (!any) return absl::InvalidArgumentError("empty proposal list");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<ikecore::IkeProposalPolicy> parse_ike_proposals(const std::string& list, bool allow_legacy) {
  ikecore::IkeProposalPolicy policy;
  policy.encr.clear();
  policy.prf.clear();
  policy.integ.clear();
  policy.groups.clear();
  policy.allow_legacy = allow_legacy;
  absl::Status s = for_each_proposal(list, [&](absl::string_view item) -> absl::Status {
    if (item == "default") {
      ikecore::IkeProposalPolicy d = ikecore::default_ike_policy();
      add_all(policy.encr, d.encr);
      add_all(policy.prf, d.prf);
      add_all(policy.integ, d.integ);
      add_all(policy.groups, d.groups);
      return absl::OkStatus();
    }
    absl::StatusOr<Parsed> p = parse_one(item, allow_legacy);
    if (!p.ok()) return p.status();
    if (!p->esn.empty())
      return absl::InvalidArgumentError(absl::StrCat("proposal \"", item, "\": esn/noesn are for ESP proposals"));
    if (p->groups.empty())
      return absl::InvalidArgumentError(
          absl::StrCat("proposal \"", item, "\": an IKE proposal needs a key exchange group (e.g. x25519)"));
    if (p->prf.empty()) {
      // The derived PRF is held to allow-legacy as a written one would be.
      bool legacy_skipped = false;
      for (IntegId i : p->integ) {
        auto prf = prf_for(i);
        if (!prf) continue;
        if (!allow_legacy && ikecore::is_legacy_transform(kP, static_cast<uint16_t>(*prf))) {
          legacy_skipped = true;
          continue;
        }
        add(p->prf, *prf);
      }
      if (p->prf.empty())
        return absl::InvalidArgumentError(absl::StrCat(
            "proposal \"", item, "\": needs a PRF (e.g. prfsha256)",
            legacy_skipped ? "; the one its integrity algorithm implies is a legacy algorithm (allow-legacy=\"yes\")" : ""));
    }
    add_all(policy.encr, p->encr);
    add_all(policy.prf, p->prf);
    add_all(policy.integ, p->integ);
    add_all(policy.groups, p->groups);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return policy;
}

absl::StatusOr<ikecore::EspProposalPolicy> parse_esp_proposals(const std::string& list, bool allow_legacy) {
  ikecore::EspProposalPolicy policy;
  policy.encr.clear();
  policy.integ.clear();
  policy.esn.clear();
  policy.groups.clear();
  policy.allow_legacy = allow_legacy;
  absl::Status s = for_each_proposal(list, [&](absl::string_view item) -> absl::Status {
    if (item == "default") {
      ikecore::EspProposalPolicy d = ikecore::default_esp_policy();
      add_all(policy.encr, d.encr);
      add_all(policy.integ, d.integ);
      add_all(policy.esn, d.esn);
      add_all(policy.groups, d.groups);
      return absl::OkStatus();
    }
    absl::StatusOr<Parsed> p = parse_one(item, allow_legacy);
    if (!p.ok()) return p.status();
    if (!p->prf.empty())
      return absl::InvalidArgumentError(absl::StrCat("proposal \"", item, "\": a PRF has no place in an ESP proposal"));
    add_all(policy.encr, p->encr);
    add_all(policy.integ, p->integ);
    add_all(policy.groups, p->groups);
    if (p->esn.empty()) p->esn.push_back(EsnId::kNoEsn);
    add_all(policy.esn, p->esn);
    return absl::OkStatus();
  });
  if (!s.ok()) return s;
  return policy;
}

}  // namespace headend
