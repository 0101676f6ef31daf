// CHILD SA (ESP) proposal selection (RFC 7296 §2.7, §3.3) on the proposals
// real initiators send: the seed's AnyConnect, strongSwan's default, the
// Windows built-in client.
#include <catch2/catch.hpp>

#include <deque>

#include "ikecore/responder/child_proposal.h"
#include "ikecore/wire/message.h"

using namespace ikecore;

namespace {

// Builds an SA payload whose substructures stay put while it is used.
class SaBuilder {
 public:
  SaBuilder& proposal(ProtocolId protocol = ProtocolId::kEsp, Bytes spi = {0x77, 0xee, 0x53, 0x48}) {
    spis_.push_back(std::move(spi));
    transforms_.emplace_back();
    Proposal p;
    p.number = static_cast<uint8_t>(proposals_.size() + 1);
    p.protocol = protocol;
    proposals_.push_back(p);
    return *this;
  }
  SaBuilder& number(uint8_t n) {
    proposals_.back().number = n;
    return *this;
  }
  SaBuilder& transform(TransformType type, uint16_t id, std::vector<TransformAttribute> attributes = {}) {
    attributes_.push_back(std::move(attributes));
    transforms_.back().push_back(Transform{type, id, attributes_.back()});
    return *this;
  }
  SaBuilder& encr(EncrId id, uint16_t key_bits = 0) {
    std::vector<TransformAttribute> a;
    if (key_bits)
      a.push_back(TransformAttribute{static_cast<uint16_t>(TransformAttrType::kKeyLength), true, key_bits, {}});
    return transform(TransformType::kEncr, static_cast<uint16_t>(id), std::move(a));
  }
  SaBuilder& integ(IntegId id) { return transform(TransformType::kInteg, static_cast<uint16_t>(id)); }
  SaBuilder& ke(KeGroup id) { return transform(TransformType::kKe, static_cast<uint16_t>(id)); }
  SaBuilder& esn(EsnId id) { return transform(TransformType::kEsn, static_cast<uint16_t>(id)); }

  SaPayload sa() {
    for (size_t i = 0; i < proposals_.size(); ++i) {
      proposals_[i].spi = spis_[i];
      proposals_[i].transforms = transforms_[i];
    }
    SaPayload sa;
    sa.proposals = proposals_;
    return sa;
  }

 private:
  std::deque<std::vector<TransformAttribute>> attributes_;
  std::deque<std::vector<Transform>> transforms_;
  std::deque<Bytes> spis_;
  std::vector<Proposal> proposals_;
};

// The value, or a failed test (never the UB of -> on an empty optional).
template <class T>
T must(const std::optional<T>& v) {
  REQUIRE(v);
  return *v;
}

size_t sa_payload_length(const SaPayload& sa) {
  Payload p{PayloadType::kSa, false, sa};
  Bytes out;
  REQUIRE(serialize_payloads(Seq<Payload>(&p, 1), out).ok());
  return out.size();
}

// The seed's IKE_AUTH request (message 3): one ESP proposal, SPI 0x77ee5348
// (the ASA's outbound SPI), AES-CBC 256/192/128, 3DES, DES, NULL, INTEG
// SHA-512/384/256, SHA1-96, MD5-96, ESN.
SaBuilder seed_proposal() {
  SaBuilder b;
  b.proposal()
      .encr(EncrId::kAesCbc, 256)
      .encr(EncrId::kAesCbc, 192)
      .encr(EncrId::kAesCbc, 128)
      .encr(EncrId::k3des)
      .encr(EncrId::kDes)
      .encr(EncrId::kNull)
      .integ(IntegId::kHmacSha2_512_256)
      .integ(IntegId::kHmacSha2_384_192)
      .integ(IntegId::kHmacSha2_256_128)
      .integ(IntegId::kHmacSha1_96)
      .integ(IntegId::kHmacMd5_96)
      .esn(EsnId::kNoEsn);
  return b;
}

// strongSwan 5.9 / 6.0 "esp_proposals = default": the AEAD proposal first
// (AES-GCM-16 128/192/256), then AES-CBC 128/192/256 with HMAC-SHA2-256/384/512,
// HMAC-SHA1-96 and AES-XCBC; no ESN.
SaBuilder strongswan_default() {
  SaBuilder b;
  b.proposal(ProtocolId::kEsp, {0xc1, 0x2b, 0x3a, 0x4d})
      .encr(EncrId::kAesGcm16, 128)
      .encr(EncrId::kAesGcm16, 192)
      .encr(EncrId::kAesGcm16, 256)
      .esn(EsnId::kNoEsn)
      .proposal(ProtocolId::kEsp, {0xc1, 0x2b, 0x3a, 0x4d})
      .encr(EncrId::kAesCbc, 128)
      .encr(EncrId::kAesCbc, 192)
      .encr(EncrId::kAesCbc, 256)
      .integ(IntegId::kHmacSha2_256_128)
      .integ(IntegId::kHmacSha2_384_192)
      .integ(IntegId::kHmacSha2_512_256)
      .integ(IntegId::kHmacSha1_96)
      .integ(IntegId::kAesXcbc96)
      .esn(EsnId::kNoEsn);
  return b;
}

// The Windows built-in client (IKEv2 "Agile VPN"): one cipher per proposal,
// "esp = aes256-aes128-3des-des-null-sha1" (strongSwan's Windows interop
// notes); Windows 10 with Set-VpnConnectionIPsecConfiguration may offer
// SHA2-256 too.
SaBuilder windows_default() {
  SaBuilder b;
  const Bytes spi = {0x9a, 0x1c, 0x0e, 0x02};
  b.proposal(ProtocolId::kEsp, spi).encr(EncrId::kAesCbc, 256).integ(IntegId::kHmacSha1_96).esn(EsnId::kNoEsn);
  b.proposal(ProtocolId::kEsp, spi).encr(EncrId::kAesCbc, 128).integ(IntegId::kHmacSha1_96).esn(EsnId::kNoEsn);
  b.proposal(ProtocolId::kEsp, spi).encr(EncrId::k3des).integ(IntegId::kHmacSha1_96).esn(EsnId::kNoEsn);
  b.proposal(ProtocolId::kEsp, spi).encr(EncrId::kDes).integ(IntegId::kHmacSha1_96).esn(EsnId::kNoEsn);
  b.proposal(ProtocolId::kEsp, spi).encr(EncrId::kNull).integ(IntegId::kHmacSha1_96).esn(EsnId::kNoEsn);
  return b;
}

}  // namespace

TEST_CASE("Seed: the ASA's answer to AnyConnect's ESP proposal", "[child_proposal]") {
  SaBuilder b = seed_proposal();
  SaPayload sa = b.sa();
  // The seed's arithmetic: ESP SA 124 = 4 + (8 + 4-byte SPI + 3x12 + 9x8).
  CHECK(sa_payload_length(sa) == 124);

  // The ASA's "crypto ipsec ikev2 ipsec-proposal": aes-256, sha-1.
  EspProposalPolicy asa;
  asa.encr = {{EncrId::kAesCbc, 256}};
  asa.integ = {IntegId::kHmacSha1_96};
  std::optional<EspSuite> s = select_esp_proposal(sa, asa, /*in_ike_auth=*/true);
  REQUIRE(s);
  CHECK(s->proposal_number == 1);
  CHECK(s->peer_spi == 0x77ee5348);
  CHECK(s->encr == EncrChoice{EncrId::kAesCbc, 256});
  CHECK(s->integ == IntegId::kHmacSha1_96);
  CHECK_FALSE(s->esn);
  CHECK(s->group == KeGroup::kNone);

  // Message 12: SA 44 (ESP proposal 40: AES-CBC 256, SHA1-96, ESN), the
  // ASA's inbound SPI 0x30b848a4.
  EspProposalStorage storage;
  SaPayload answer = esp_sa_payload(*s, 0x30b848a4, storage);
  CHECK(sa_payload_length(answer) == 44);
  REQUIRE(answer.proposals.size() == 1);
  const Proposal& p = answer.proposals[0];
  CHECK(p.number == 1);
  CHECK(p.protocol == ProtocolId::kEsp);
  CHECK(p.spi == ByteView(std::array<uint8_t, 4>{0x30, 0xb8, 0x48, 0xa4}));
  REQUIRE(p.transforms.size() == 3);
  CHECK(p.transforms[0].type == TransformType::kEncr);
  CHECK(p.transforms[0].id == static_cast<uint16_t>(EncrId::kAesCbc));
  CHECK(p.transforms[0].key_length() == uint16_t{256});
  CHECK(p.transforms[1].type == TransformType::kInteg);
  CHECK(p.transforms[1].id == static_cast<uint16_t>(IntegId::kHmacSha1_96));
  CHECK(p.transforms[2].type == TransformType::kEsn);
  CHECK(p.transforms[2].id == static_cast<uint16_t>(EsnId::kNoEsn));

  // The installed SA: AES-CBC-256 / SHA1-96 keys.
  std::optional<EspKeySizes> keys = esp_key_sizes(*s);
  REQUIRE(keys);
  CHECK(keys->encr == 32);
  CHECK(keys->integ == 20);

  // Our default policy picks from the same proposal by our preference.
  s = select_esp_proposal(sa, default_esp_policy(), true);
  REQUIRE(s);
  CHECK(s->encr == EncrChoice{EncrId::kAesCbc, 256});
  CHECK(s->integ == IntegId::kHmacSha2_256_128);
}

TEST_CASE("The seed proposal survives the wire", "[child_proposal]") {
  SaBuilder b = seed_proposal();
  SaPayload sa = b.sa();
  Payload p{PayloadType::kSa, false, sa};
  Bytes wire;
  REQUIRE(serialize_payloads(Seq<Payload>(&p, 1), wire).ok());
  Arena arena;
  Seq<Payload> parsed;
  REQUIRE(parse_payloads(wire, PayloadType::kSa, arena, parsed).ok());
  const SaPayload* back = parsed[0].get<SaPayload>();
  REQUIRE(back);
  EspProposalPolicy asa;
  asa.encr = {{EncrId::kAesCbc, 256}};
  asa.integ = {IntegId::kHmacSha1_96};
  std::optional<EspSuite> s = select_esp_proposal(*back, asa, true);
  REQUIRE(s);
  CHECK(s->peer_spi == 0x77ee5348);
}

TEST_CASE("strongSwan's default ESP proposals", "[child_proposal]") {
  SaBuilder b = strongswan_default();
  SaPayload sa = b.sa();
  std::optional<EspSuite> s = select_esp_proposal(sa, default_esp_policy(), true);
  REQUIRE(s);
  // The initiator's first proposal wins; within it, our preference (256 bits).
  CHECK(s->proposal_number == 1);
  CHECK(s->peer_spi == 0xc12b3a4d);
  CHECK(s->encr == EncrChoice{EncrId::kAesGcm16, 256});
  CHECK(s->integ == IntegId::kNone);
  CHECK_FALSE(s->esn);

  EspProposalStorage storage;
  SaPayload answer = esp_sa_payload(*s, 0xcafe0001, storage);
  // 4 + (8 + 4 + ENCR 12 + ESN 8): no INTEG with AEAD, no KE in IKE_AUTH.
  CHECK(sa_payload_length(answer) == 36);
  REQUIRE(answer.proposals[0].transforms.size() == 2);
  CHECK(answer.proposals[0].transforms[0].key_length() == uint16_t{256});
  CHECK(answer.proposals[0].transforms[1].type == TransformType::kEsn);

  std::optional<EspKeySizes> keys = esp_key_sizes(*s);
  REQUIRE(keys);
  CHECK(keys->encr == 36);  // 32-byte key + 4-byte salt (RFC 4106 §8.1)
  CHECK(keys->integ == 0);

  // A policy without AES-GCM falls to the second proposal.
  EspProposalPolicy cbc_only;
  cbc_only.encr = {{EncrId::kAesCbc, 128}};
  cbc_only.integ = {IntegId::kHmacSha2_512_256, IntegId::kHmacSha2_256_128};
  s = select_esp_proposal(sa, cbc_only, true);
  REQUIRE(s);
  CHECK(s->proposal_number == 2);
  CHECK(s->encr == EncrChoice{EncrId::kAesCbc, 128});
  CHECK(s->integ == IntegId::kHmacSha2_512_256);
  keys = esp_key_sizes(*s);
  REQUIRE(keys);
  CHECK(keys->encr == 16);
  CHECK(keys->integ == 64);
}

TEST_CASE("ESN: both offered, our preference decides", "[child_proposal]") {
  // strongSwan "esp_proposals = aes256gcm16-esn-noesn".
  SaBuilder b;
  b.proposal().encr(EncrId::kAesGcm16, 256).esn(EsnId::kEsn).esn(EsnId::kNoEsn);
  SaPayload sa = b.sa();
  std::optional<EspSuite> s = select_esp_proposal(sa, default_esp_policy(), true);
  REQUIRE(s);
  CHECK_FALSE(s->esn);  // default prefers 32-bit sequence numbers

  EspProposalPolicy esn_first = default_esp_policy();
  esn_first.esn = {EsnId::kEsn, EsnId::kNoEsn};
  s = select_esp_proposal(sa, esn_first, true);
  REQUIRE(s);
  CHECK(s->esn);
  EspProposalStorage storage;
  SaPayload answer = esp_sa_payload(*s, 1000, storage);
  CHECK(answer.proposals[0].transforms[1].id == static_cast<uint16_t>(EsnId::kEsn));

  // ESN only, and a policy that refuses it.
  SaBuilder only;
  only.proposal().encr(EncrId::kAesGcm16, 256).esn(EsnId::kEsn);
  SaPayload esn_only = only.sa();
  CHECK(must(select_esp_proposal(esn_only, default_esp_policy(), true)).esn);
  EspProposalPolicy no_esn = default_esp_policy();
  no_esn.esn = {EsnId::kNoEsn};
  CHECK_FALSE(select_esp_proposal(esn_only, no_esn, true));
}

TEST_CASE("ESN transform absent means no ESN", "[child_proposal]") {
  SaBuilder b;
  b.proposal().encr(EncrId::kAesCbc, 128).integ(IntegId::kHmacSha2_256_128);
  SaPayload sa = b.sa();
  std::optional<EspSuite> s = select_esp_proposal(sa, default_esp_policy(), true);
  REQUIRE(s);
  CHECK_FALSE(s->esn);
  // ...which a policy that insists on ESN refuses.
  EspProposalPolicy esn_only = default_esp_policy();
  esn_only.esn = {EsnId::kEsn};
  CHECK_FALSE(select_esp_proposal(sa, esn_only, true));
  // The answer states "no ESN" anyway: the type is mandatory for ESP (§3.3.3).
  EspProposalStorage storage;
  SaPayload answer = esp_sa_payload(*s, 1, storage);
  REQUIRE(answer.proposals[0].transforms.size() == 3);
  CHECK(answer.proposals[0].transforms[2].type == TransformType::kEsn);
  CHECK(answer.proposals[0].transforms[2].id == static_cast<uint16_t>(EsnId::kNoEsn));
}

TEST_CASE("The Windows built-in client's proposals", "[child_proposal]") {
  SaBuilder b = windows_default();
  SaPayload sa = b.sa();
  std::optional<EspSuite> s = select_esp_proposal(sa, default_esp_policy(), true);
  REQUIRE(s);
  CHECK(s->proposal_number == 1);
  CHECK(s->peer_spi == 0x9a1c0e02);
  CHECK(s->encr == EncrChoice{EncrId::kAesCbc, 256});
  CHECK(s->integ == IntegId::kHmacSha1_96);
  std::optional<EspKeySizes> keys = esp_key_sizes(*s);
  REQUIRE(keys);
  CHECK(keys->encr == 32);
  CHECK(keys->integ == 20);

  // Windows 10 set to AES-CBC-256 / SHA2-256: our first choice of integrity.
  SaBuilder w10;
  w10.proposal()
      .encr(EncrId::kAesCbc, 256)
      .integ(IntegId::kHmacSha1_96)
      .integ(IntegId::kHmacSha2_256_128)
      .esn(EsnId::kNoEsn);
  SaPayload sa10 = w10.sa();
  s = select_esp_proposal(sa10, default_esp_policy(), true);
  REQUIRE(s);
  CHECK(s->integ == IntegId::kHmacSha2_256_128);

  // A policy that leaves AES-CBC-256 out takes Windows' second proposal;
  // 3DES and DES stay refused while legacy is off, even when listed.
  EspProposalPolicy p;
  p.encr = {{EncrId::k3des, 0}, {EncrId::kDes, 0}, {EncrId::kAesCbc, 128}};
  p.integ = {IntegId::kHmacSha1_96};
  s = select_esp_proposal(sa, p, true);
  REQUIRE(s);
  CHECK(s->proposal_number == 2);
  p.encr = {{EncrId::k3des, 0}};
  CHECK_FALSE(select_esp_proposal(sa, p, true));
  p.allow_legacy = true;
  s = select_esp_proposal(sa, p, true);
  REQUIRE(s);
  CHECK(s->proposal_number == 3);
  CHECK(must(esp_key_sizes(*s)).encr == 24);
}

TEST_CASE("The initiator's proposal order wins over our preference", "[child_proposal]") {
  // Proposal 1 has only our least preferred suite, proposal 2 our best.
  SaBuilder b;
  b.proposal().encr(EncrId::kAesCbc, 128).integ(IntegId::kHmacSha1_96).esn(EsnId::kNoEsn);
  b.proposal().encr(EncrId::kAesGcm16, 256).esn(EsnId::kNoEsn);
  SaPayload sa = b.sa();
  std::optional<EspSuite> s = select_esp_proposal(sa, default_esp_policy(), true);
  REQUIRE(s);
  CHECK(s->proposal_number == 1);
  CHECK(s->encr == EncrChoice{EncrId::kAesCbc, 128});
}

TEST_CASE("Proposals ikecore cannot take are skipped", "[child_proposal]") {
  EspProposalPolicy policy = default_esp_policy();

  SECTION("only AH") {
    SaBuilder b;
    b.proposal(ProtocolId::kAh).integ(IntegId::kHmacSha2_256_128).esn(EsnId::kNoEsn);
    SaPayload sa = b.sa();
    CHECK_FALSE(select_esp_proposal(sa, policy, true));
    // ... but an ESP proposal after it is taken.
    b.proposal().encr(EncrId::kAesGcm16, 128).esn(EsnId::kNoEsn);
    sa = b.sa();
    std::optional<EspSuite> s = select_esp_proposal(sa, policy, true);
    REQUIRE(s);
    CHECK(s->proposal_number == 2);
  }
  SECTION("an IKE proposal in a CHILD SA offer") {
    SaBuilder b;
    b.proposal(ProtocolId::kIke, {}).encr(EncrId::kAesGcm16, 128).esn(EsnId::kNoEsn);
    SaPayload sa = b.sa();
    CHECK_FALSE(select_esp_proposal(sa, policy, true));
  }
  SECTION("an SPI that is not 4 bytes, or is 0") {
    for (const Bytes& spi : {Bytes{}, Bytes{1, 2, 3}, Bytes{1, 2, 3, 4, 5, 6, 7, 8}, Bytes{0, 0, 0, 0}}) {
      SaBuilder b;
      b.proposal(ProtocolId::kEsp, spi).encr(EncrId::kAesGcm16, 128).esn(EsnId::kNoEsn);
      b.proposal(ProtocolId::kEsp, {0, 0, 1, 0}).encr(EncrId::kAesGcm16, 256).esn(EsnId::kNoEsn);
      SaPayload sa = b.sa();
      std::optional<EspSuite> s = select_esp_proposal(sa, policy, true);
      REQUIRE(s);
      CHECK(s->proposal_number == 2);
      CHECK(s->peer_spi == 256);
    }
  }
  SECTION("an unknown transform type rejects its proposal (§3.3.6)") {
    SaBuilder b;
    b.proposal().encr(EncrId::kAesGcm16, 256).esn(EsnId::kNoEsn).transform(static_cast<TransformType>(200), 1);
    b.proposal().encr(EncrId::kAesGcm16, 128).esn(EsnId::kNoEsn);
    SaPayload sa = b.sa();
    std::optional<EspSuite> s = select_esp_proposal(sa, policy, true);
    REQUIRE(s);
    CHECK(s->proposal_number == 2);
    CHECK(s->encr.key_bits == 128);
  }
  SECTION("RFC 9370 additional key exchanges are not implemented") {
    SaBuilder b;
    b.proposal().encr(EncrId::kAesGcm16, 256).esn(EsnId::kNoEsn).ke(KeGroup::kCurve25519)
        .transform(TransformType::kAke1, static_cast<uint16_t>(KeGroup::kMlKem768));
    SaPayload sa = b.sa();
    CHECK_FALSE(select_esp_proposal(sa, policy, false));
  }
  SECTION("a PRF has no place in ESP") {
    SaBuilder b;
    b.proposal().encr(EncrId::kAesGcm16, 256).transform(TransformType::kPrf, 5).esn(EsnId::kNoEsn);
    SaPayload sa = b.sa();
    CHECK_FALSE(select_esp_proposal(sa, policy, true));
  }
  SECTION("an unknown attribute rejects only its transform") {
    const TransformAttribute odd{15, true, 1, {}};
    SaBuilder b;
    b.proposal()
        .transform(TransformType::kEncr, static_cast<uint16_t>(EncrId::kAesGcm16),
                   {TransformAttribute{14, true, 256, {}}, odd})
        .encr(EncrId::kAesGcm16, 128)
        .esn(EsnId::kNoEsn);
    SaPayload sa = b.sa();
    std::optional<EspSuite> s = select_esp_proposal(sa, policy, true);
    REQUIRE(s);
    CHECK(s->encr == EncrChoice{EncrId::kAesGcm16, 128});
  }
  SECTION("a non-AEAD cipher without an acceptable integrity algorithm") {
    SaBuilder b;
    b.proposal().encr(EncrId::kAesCbc, 256).integ(IntegId::kHmacMd5_96).esn(EsnId::kNoEsn);
    SaPayload sa = b.sa();
    CHECK_FALSE(select_esp_proposal(sa, policy, true));
    b.proposal().encr(EncrId::kAesCbc, 256).esn(EsnId::kNoEsn);
    sa = b.sa();
    CHECK_FALSE(select_esp_proposal(sa, policy, true));
  }
  SECTION("a wrong key length") {
    SaBuilder b;
    b.proposal().encr(EncrId::kAesCbc).integ(IntegId::kHmacSha2_256_128).esn(EsnId::kNoEsn);
    b.proposal().encr(EncrId::kAesCbc, 512).integ(IntegId::kHmacSha2_256_128).esn(EsnId::kNoEsn);
    SaPayload sa = b.sa();
    CHECK_FALSE(select_esp_proposal(sa, policy, true));
  }
  SECTION("nothing at all") {
    CHECK_FALSE(select_esp_proposal(SaPayload{}, policy, true));
  }
}

TEST_CASE("A proposal mixing AEAD and non-AEAD ciphers", "[child_proposal]") {
  // One proposal: AES-CBC-256 with an integrity we refuse, and AES-GCM-128.
  SaBuilder b;
  b.proposal()
      .encr(EncrId::kAesCbc, 256)
      .encr(EncrId::kAesGcm16, 128)
      .integ(IntegId::kHmacMd5_96)
      .esn(EsnId::kNoEsn);
  SaPayload sa = b.sa();
  EspProposalPolicy policy;
  policy.encr = {{EncrId::kAesCbc, 256}, {EncrId::kAesGcm16, 128}};
  policy.integ = {IntegId::kHmacSha2_256_128};
  std::optional<EspSuite> s = select_esp_proposal(sa, policy, true);
  REQUIRE(s);
  CHECK(s->encr == EncrChoice{EncrId::kAesGcm16, 128});
  CHECK(s->integ == IntegId::kNone);
}

TEST_CASE("Key exchange in CHILD SA proposals", "[child_proposal]") {
  SaBuilder b;
  b.proposal().encr(EncrId::kAesGcm16, 256).ke(KeGroup::kCurve25519).ke(KeGroup::kEcp256).esn(EsnId::kNoEsn);
  SaPayload pfs = b.sa();
  SaBuilder n;
  n.proposal().encr(EncrId::kAesGcm16, 256).esn(EsnId::kNoEsn);
  SaPayload no_ke = n.sa();
  SaBuilder none;
  none.proposal().encr(EncrId::kAesGcm16, 256).ke(KeGroup::kNone).esn(EsnId::kNoEsn);
  SaPayload ke_none = none.sa();

  EspProposalPolicy no_pfs = default_esp_policy();
  EspProposalPolicy with_pfs = default_esp_policy();
  with_pfs.groups = {KeGroup::kEcp256, KeGroup::kCurve25519};

  SECTION("IKE_AUTH ignores KE transforms (§1.2)") {
    std::optional<EspSuite> s = select_esp_proposal(pfs, no_pfs, true);
    REQUIRE(s);
    CHECK(s->group == KeGroup::kNone);
    s = select_esp_proposal(pfs, with_pfs, true);
    REQUIRE(s);
    CHECK(s->group == KeGroup::kNone);
    // ...and leaves them out of the answer.
    EspProposalStorage storage;
    SaPayload answer = esp_sa_payload(*s, 7, storage);
    for (const Transform& t : answer.proposals[0].transforms) CHECK(t.type != TransformType::kKe);
  }
  SECTION("CREATE_CHILD_SA without PFS: KE absent or NONE") {
    CHECK(select_esp_proposal(no_ke, no_pfs, false));
    CHECK(select_esp_proposal(ke_none, no_pfs, false));
    CHECK_FALSE(select_esp_proposal(pfs, no_pfs, false));
  }
  SECTION("CREATE_CHILD_SA with PFS: our group preference") {
    std::optional<EspSuite> s = select_esp_proposal(pfs, with_pfs, false);
    REQUIRE(s);
    CHECK(s->group == KeGroup::kEcp256);
    CHECK_FALSE(select_esp_proposal(no_ke, with_pfs, false));
    CHECK_FALSE(select_esp_proposal(ke_none, with_pfs, false));
    EspProposalStorage storage;
    SaPayload answer = esp_sa_payload(*s, 7, storage);
    // 4 + (8 + 4 + ENCR 12 + KE 8 + ESN 8)
    CHECK(sa_payload_length(answer) == 44);
    REQUIRE(answer.proposals[0].transforms.size() == 3);
    CHECK(answer.proposals[0].transforms[1].type == TransformType::kKe);
    CHECK(answer.proposals[0].transforms[1].id == static_cast<uint16_t>(KeGroup::kEcp256));
  }
  SECTION("PFS optional: NONE listed in the policy") {
    EspProposalPolicy optional_pfs = default_esp_policy();
    optional_pfs.groups = {KeGroup::kCurve25519, KeGroup::kNone};
    CHECK(must(select_esp_proposal(pfs, optional_pfs, false)).group == KeGroup::kCurve25519);
    CHECK(must(select_esp_proposal(no_ke, optional_pfs, false)).group == KeGroup::kNone);
  }
  SECTION("legacy groups only when allowed") {
    SaBuilder old;
    old.proposal().encr(EncrId::kAesCbc, 256).integ(IntegId::kHmacSha1_96).ke(KeGroup::kModp1024).esn(EsnId::kNoEsn);
    SaPayload sa = old.sa();
    EspProposalPolicy p = default_esp_policy();
    p.groups = {KeGroup::kModp1024};
    CHECK_FALSE(select_esp_proposal(sa, p, false));
    p.allow_legacy = true;
    CHECK(must(select_esp_proposal(sa, p, false)).group == KeGroup::kModp1024);
  }
}

TEST_CASE("esp_sa_payload keeps the proposal number", "[child_proposal]") {
  SaBuilder b;
  b.proposal().number(7).encr(EncrId::kChacha20Poly1305).esn(EsnId::kNoEsn);
  SaPayload sa = b.sa();
  std::optional<EspSuite> s = select_esp_proposal(sa, default_esp_policy(), true);
  REQUIRE(s);
  CHECK(s->proposal_number == 7);
  EspProposalStorage storage;
  SaPayload answer = esp_sa_payload(*s, 0x01020304, storage);
  CHECK(answer.proposals[0].number == 7);
  // ChaCha20-Poly1305 carries no Key Length attribute (RFC 7634 §2).
  CHECK(answer.proposals[0].transforms[0].attributes.empty());
  CHECK(answer.proposals[0].spi == ByteView(std::array<uint8_t, 4>{1, 2, 3, 4}));
}

TEST_CASE("ESP key sizes (§2.17)", "[child_proposal]") {
  auto sizes = [](EncrId e, uint16_t bits, IntegId i) {
    EspSuite s;
    s.encr = {e, bits};
    s.integ = i;
    return esp_key_sizes(s);
  };
  auto check = [&](EncrId e, uint16_t bits, IntegId i, size_t encr, size_t integ) {
    std::optional<EspKeySizes> k = sizes(e, bits, i);
    INFO(static_cast<int>(e) << "/" << bits << " " << static_cast<int>(i));
    REQUIRE(k);
    CHECK(k->encr == encr);
    CHECK(k->integ == integ);
  };
  check(EncrId::kAesCbc, 128, IntegId::kHmacSha2_256_128, 16, 32);
  check(EncrId::kAesCbc, 192, IntegId::kHmacSha2_384_192, 24, 48);
  check(EncrId::kAesCbc, 256, IntegId::kHmacSha2_512_256, 32, 64);
  check(EncrId::kAesCbc, 256, IntegId::kHmacSha1_96, 32, 20);
  check(EncrId::kAesCbc, 128, IntegId::kAesXcbc96, 16, 16);
  check(EncrId::kAesCbc, 128, IntegId::kAesCmac96, 16, 16);
  check(EncrId::kAesCbc, 128, IntegId::kHmacMd5_96, 16, 16);
  check(EncrId::kAesCtr, 128, IntegId::kHmacSha2_256_128, 20, 32);  // RFC 3686: + 4-byte nonce
  check(EncrId::kAesCtr, 256, IntegId::kHmacSha2_256_128, 36, 32);
  check(EncrId::kAesGcm16, 128, IntegId::kNone, 20, 0);  // RFC 4106: + 4-byte salt
  check(EncrId::kAesGcm8, 192, IntegId::kNone, 28, 0);
  check(EncrId::kAesGcm12, 256, IntegId::kNone, 36, 0);
  check(EncrId::kAesCcm16, 128, IntegId::kNone, 19, 0);  // RFC 4309: + 3-byte salt
  check(EncrId::kAesCcm8, 256, IntegId::kNone, 35, 0);
  check(EncrId::kChacha20Poly1305, 0, IntegId::kNone, 36, 0);  // RFC 7634: 32 + 4
  check(EncrId::k3des, 0, IntegId::kHmacSha1_96, 24, 20);
  check(EncrId::kNull, 0, IntegId::kHmacSha2_256_128, 0, 32);

  // Unknown to ikecore, or inconsistent.
  CHECK_FALSE(sizes(EncrId::kCamelliaCbc, 128, IntegId::kHmacSha2_256_128));
  CHECK_FALSE(sizes(EncrId::kAesCbc, 0, IntegId::kHmacSha2_256_128));
  CHECK_FALSE(sizes(EncrId::kAesCbc, 512, IntegId::kHmacSha2_256_128));
  CHECK_FALSE(sizes(EncrId::kChacha20Poly1305, 256, IntegId::kNone));
  CHECK_FALSE(sizes(EncrId::kAesCbc, 128, IntegId::kNone));
  CHECK_FALSE(sizes(EncrId::kAesGcm16, 128, IntegId::kHmacSha2_256_128));
  CHECK_FALSE(sizes(EncrId::kAesCbc, 128, IntegId::kAes128Gmac));
}
