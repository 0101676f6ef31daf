#include "ikecore/responder/child_proposal.h"

#include <algorithm>

#include "transform_match.h"

namespace ikecore {

EspProposalPolicy default_esp_policy() {
  EspProposalPolicy p;
  p.encr = {{EncrId::kAesGcm16, 256}, {EncrId::kAesGcm16, 128}, {EncrId::kChacha20Poly1305, 0},
            {EncrId::kAesCbc, 256},   {EncrId::kAesCbc, 128}};
  // HMAC-SHA1-96 last: the Windows built-in client proposes no other ESP
  // integrity (RFC 8221 §6 still has it as MUST-).
  p.integ = {IntegId::kHmacSha2_256_128, IntegId::kHmacSha2_384_192, IntegId::kHmacSha2_512_256,
             IntegId::kHmacSha1_96};
  return p;
}

namespace {

using internal::first_offered;
using internal::has_type;
using internal::offers;

constexpr size_t kEspSpiSize = 4;  // RFC 4303 §2.1

bool offers_encr(const Proposal& p, const EncrChoice& want) {
  return std::any_of(p.transforms.begin(), p.transforms.end(), [&](const Transform& t) {
    return t.type == TransformType::kEncr && t.id == static_cast<uint16_t>(want.id) && internal::understood(t) &&
           t.key_length().value_or(0) == want.key_bits;
  });
}

std::optional<EsnId> choose_esn(const Proposal& p, const EspProposalPolicy& policy) {
  // §3.3.3 makes ESN mandatory for ESP, but an initiator that leaves it out
  // can only mean 32-bit sequence numbers.
  bool listed = has_type(p, TransformType::kEsn);
  for (EsnId want : policy.esn) {
    if (want != EsnId::kNoEsn && want != EsnId::kEsn) continue;  // EspSuite::esn is a bool
    if (listed ? offers(p, TransformType::kEsn, static_cast<uint16_t>(want)) : want == EsnId::kNoEsn) return want;
  }
  return std::nullopt;
}

std::optional<KeGroup> choose_group(const Proposal& p, const EspProposalPolicy& policy) {
  bool listed = has_type(p, TransformType::kKe);
  auto offered = [&](KeGroup g) {
    // NONE is offered explicitly or by leaving the type out (§3.3.2).
    if (g == KeGroup::kNone) return !listed || offers(p, TransformType::kKe, 0);
    return internal::allowed(policy.allow_legacy, TransformType::kKe, static_cast<uint16_t>(g)) &&
           offers(p, TransformType::kKe, static_cast<uint16_t>(g));
  };
  if (policy.groups.empty()) return offered(KeGroup::kNone) ? std::optional<KeGroup>(KeGroup::kNone) : std::nullopt;
  for (KeGroup g : policy.groups)
    if (offered(g)) return g;
  return std::nullopt;
}

std::optional<EspSuite> select_from(const Proposal& p, const EspProposalPolicy& policy, bool in_ike_auth) {
  if (p.spi.size() != kEspSpiSize) return std::nullopt;
  // RFC 4303 §2.1: SPI 0 is never sent on the wire; no ESP SA can use it.
  if (std::all_of(p.spi.begin(), p.spi.end(), [](uint8_t b) { return b == 0; })) return std::nullopt;
  if (!std::all_of(p.transforms.begin(), p.transforms.end(), internal::known_type)) return std::nullopt;
  // §3.3.3: ESP has no PRF; such a proposal is malformed.
  if (has_type(p, TransformType::kPrf)) return std::nullopt;
  EspSuite s;
  s.proposal_number = p.number;
  s.peer_spi = static_cast<uint32_t>(p.spi[0]) << 24 | static_cast<uint32_t>(p.spi[1]) << 16 |
               static_cast<uint32_t>(p.spi[2]) << 8 | static_cast<uint32_t>(p.spi[3]);

  auto esn = choose_esn(p, policy);
  if (!esn) return std::nullopt;
  s.esn = *esn == EsnId::kEsn;

  // §1.2: the CHILD SA of IKE_AUTH takes its keys from the IKE SA, so a KE
  // transform there is ignored (and left out of the answer).
  if (!in_ike_auth) {
    auto group = choose_group(p, policy);
    if (!group) return std::nullopt;
    s.group = *group;
  }

  // Our preference across ciphers, but a non-AEAD cipher only with an
  // integrity algorithm we accept, so a proposal mixing both kinds still
  // finds its acceptable pair.
  for (const EncrChoice& want : policy.encr) {
    if (!internal::allowed(policy.allow_legacy, TransformType::kEncr, static_cast<uint16_t>(want.id))) continue;
    if (!offers_encr(p, want)) continue;
    if (is_aead(want.id)) {
      s.encr = want;
      s.integ = IntegId::kNone;
      return s;
    }
    auto integ = first_offered(policy.integ, p, [&](IntegId w, const Transform& t) {
      return w != IntegId::kNone && t.type == TransformType::kInteg && t.id == static_cast<uint16_t>(w) &&
             internal::allowed(policy.allow_legacy, t.type, t.id);
    });
    if (integ) {
      s.encr = want;
      s.integ = *integ;
      return s;
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<EspSuite> select_esp_proposal(const SaPayload& sa, const EspProposalPolicy& policy, bool in_ike_auth) {
  for (const Proposal& p : sa.proposals) {
    if (p.protocol != ProtocolId::kEsp) continue;  // AH is not implemented
    if (auto s = select_from(p, policy, in_ike_auth)) return s;
  }
  return std::nullopt;
}

SaPayload esp_sa_payload(const EspSuite& suite, uint32_t our_spi, EspProposalStorage& storage) {
  size_t n = 0;
  storage.key_length = TransformAttribute{static_cast<uint16_t>(TransformAttrType::kKeyLength), true,
                                          suite.encr.key_bits, {}};
  Transform encr{TransformType::kEncr, static_cast<uint16_t>(suite.encr.id), {}};
  if (suite.encr.key_bits) encr.attributes = Seq<TransformAttribute>(&storage.key_length, 1);
  storage.items[n++] = encr;
  if (suite.integ != IntegId::kNone)
    storage.items[n++] = Transform{TransformType::kInteg, static_cast<uint16_t>(suite.integ), {}};
  // §1.2: no KE transform with NONE; it is omitted instead.
  if (suite.group != KeGroup::kNone)
    storage.items[n++] = Transform{TransformType::kKe, static_cast<uint16_t>(suite.group), {}};
  // ESN is mandatory for ESP (§3.3.3), so the answer states it even when the
  // initiator left it out.
  storage.items[n++] = Transform{TransformType::kEsn,
                                 static_cast<uint16_t>(suite.esn ? EsnId::kEsn : EsnId::kNoEsn), {}};
  for (int i = 0; i < 4; ++i) storage.spi[i] = static_cast<uint8_t>(our_spi >> (24 - 8 * i));
  storage.proposal.number = suite.proposal_number;
  storage.proposal.protocol = ProtocolId::kEsp;
  storage.proposal.spi = ByteView(storage.spi, sizeof(storage.spi));
  storage.proposal.transforms = Seq<Transform>(storage.items, n);
  SaPayload sa;
  sa.proposals = Seq<Proposal>(&storage.proposal, 1);
  return sa;
}

std::optional<EspKeySizes> esp_key_sizes(const EspSuite& suite) {
  EspKeySizes k;
  const uint16_t bits = suite.encr.key_bits;
  const bool aes_bits = bits == 128 || bits == 192 || bits == 256;
  switch (suite.encr.id) {
    case EncrId::kAesCbc:  // RFC 3602
      if (!aes_bits) return std::nullopt;
      k.encr = bits / 8;
      break;
    case EncrId::kAesCtr:  // RFC 3686 §5.1: key and a 4-byte nonce
    case EncrId::kAesGcm8:  // RFC 4106 §8.1: key and a 4-byte salt
    case EncrId::kAesGcm12:
    case EncrId::kAesGcm16:
      if (!aes_bits) return std::nullopt;
      k.encr = bits / 8 + 4;
      break;
    case EncrId::kAesCcm8:  // RFC 4309 §7.1: key and a 3-byte salt
    case EncrId::kAesCcm12:
    case EncrId::kAesCcm16:
      if (!aes_bits) return std::nullopt;
      k.encr = bits / 8 + 3;
      break;
    case EncrId::kChacha20Poly1305:  // RFC 7634 §4: 32-byte key and a 4-byte salt
      if (bits != 0) return std::nullopt;
      k.encr = 36;
      break;
    case EncrId::k3des:  // RFC 2451
      if (bits != 0) return std::nullopt;
      k.encr = 24;
      break;
    case EncrId::kDes:  // RFC 2405
      if (bits != 0) return std::nullopt;
      k.encr = 8;
      break;
    case EncrId::kNull:  // RFC 2410
      if (bits != 0) return std::nullopt;
      k.encr = 0;
      break;
    default: return std::nullopt;
  }
  switch (suite.integ) {
    case IntegId::kNone: k.integ = 0; break;
    case IntegId::kHmacMd5_96: k.integ = 16; break;  // RFC 2403
    case IntegId::kHmacSha1_96: k.integ = 20; break;  // RFC 2404
    case IntegId::kAesXcbc96: k.integ = 16; break;  // RFC 3566
    case IntegId::kAesCmac96: k.integ = 16; break;  // RFC 4494
    case IntegId::kHmacSha2_256_128: k.integ = 32; break;  // RFC 4868 §2.1.1
    case IntegId::kHmacSha2_384_192: k.integ = 48; break;
    case IntegId::kHmacSha2_512_256: k.integ = 64; break;
    default: return std::nullopt;
  }
  // An AEAD cipher carries its own integrity; a non-AEAD one needs an INTEG
  // key (NULL encryption included, RFC 4303 §3.2).
  if (is_aead(suite.encr.id) != (suite.integ == IntegId::kNone)) return std::nullopt;
  return k;
}

}  // namespace ikecore
