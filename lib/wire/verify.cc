#include "ikecore/wire/verify.h"

#include <algorithm>
#include <cstring>

#include "ikecore/wire/rules.h"

namespace ikecore {
namespace {

ParseError error(ParseErrorCode code, const char* context, const char* detail,
                 NotifyType notify = NotifyType::kInvalidSyntax, uint16_t data = 0) {
  ParseError e;
  e.code = code;
  e.notify = notify;
  e.notify_data = data;
  e.context = context;
  e.detail = detail;
  return e;
}

// Big-endian comparison of two equal-size addresses.
bool address_above(ByteView a, ByteView b) {
  return std::lexicographical_compare(b.begin(), b.end(), a.begin(), a.end());
}

ParseError verify_sa(const SaPayload& sa, const Header& h) {
  if (sa.proposals.empty()) return error(ParseErrorCode::kCountMismatch, "SA", "SA payload without proposals");
  for (size_t i = 0; i < sa.proposals.size(); ++i) {
    const Proposal& p = sa.proposals[i];
    // §3.3.1: the first proposal is number 1, each next one more.
    if (p.number != i + 1)
      return error(ParseErrorCode::kBadProposalNumber, "SA proposal", "proposal numbers must count up from 1");
    switch (p.protocol) {
      case ProtocolId::kIke:
        // §3.3.1: empty in IKE_SA_INIT; the new SPI (8 bytes) when rekeying the IKE SA.
        if (p.spi.size() != (h.exchange == ExchangeType::kCreateChildSa ? 8u : 0u))
          return error(ParseErrorCode::kBadSpiSize, "SA proposal", "IKE SPI size must be 0, or 8 when rekeying");
        break;
      case ProtocolId::kEsp:
      case ProtocolId::kAh:
        if (p.spi.size() != 4)
          return error(ParseErrorCode::kBadSpiSize, "SA proposal", "ESP/AH SPI size must be 4");
        break;
      default:
        // §3.3.1 leaves unknown protocols to proposal selection; not syntax.
        break;
    }
    if (p.transforms.empty())
      return error(ParseErrorCode::kBadTransform, "SA transform", "proposal without transforms");
    for (const Transform& t : p.transforms) {
      for (const TransformAttribute& a : t.attributes) {
        // §3.3.5: Key Length is TV, and only for encryption transforms.
        if (a.type == static_cast<uint16_t>(TransformAttrType::kKeyLength) &&
            (!a.tv || t.type != TransformType::kEncr))
          return error(ParseErrorCode::kBadTransform, "transform attribute",
                       "Key Length attribute must be TV on an ENCR transform");
      }
    }
  }
  return {};
}

ParseError verify_ts(const TsPayload& ts, const char* context) {
  if (ts.selectors.empty()) return error(ParseErrorCode::kCountMismatch, context, "no traffic selectors");
  for (const TrafficSelector& s : ts.selectors) {
    if (!s.is_address_range()) continue;
    // §3.13.1: start 65535 / end 0 means OPAQUE ports; otherwise start <= end.
    bool opaque = s.start_port == 0xffff && s.end_port == 0;
    if (s.start_port > s.end_port && !opaque)
      return error(ParseErrorCode::kBadTrafficSelector, context, "start port above end port");
    if (address_above(s.start_address, s.end_address))
      return error(ParseErrorCode::kBadTrafficSelector, context, "start address above end address");
  }
  return {};
}

ParseError verify_notify(const NotifyPayload& n) {
  // §3.10: an SPI, when present, names a Child SA: 4 bytes with AH or ESP.
  bool child = n.protocol == ProtocolId::kEsp || n.protocol == ProtocolId::kAh;
  if (!n.spi.empty() && !(child && n.spi.size() == 4) && !(n.protocol == ProtocolId::kIke && n.spi.size() == 8))
    return error(ParseErrorCode::kBadSpiSize, "N", "notify SPI size does not fit its protocol");
  switch (n.type) {
    case NotifyType::kInvalidSelectors:
    case NotifyType::kRekeySa:
    case NotifyType::kChildSaNotFound:
      if (!(child && n.spi.size() == 4))
        return error(ParseErrorCode::kBadSpiSize, "N", "this notify needs an ESP/AH SPI");
      break;
    case NotifyType::kCookie:
      // §2.6: a cookie is 1 to 64 octets.
      if (n.data.empty() || n.data.size() > 64)
        return error(ParseErrorCode::kBadCookieLength, "N(COOKIE)", "cookie must be 1..64 bytes");
      break;
    case NotifyType::kNatDetectionSourceIp:
    case NotifyType::kNatDetectionDestinationIp:
      // §2.23: SHA-1 digest.
      if (n.data.size() != 20)
        return error(ParseErrorCode::kBadNotify, "N(NAT_DETECTION)", "NAT detection data must be 20 bytes");
      break;
    case NotifyType::kInvalidKePayload:
      if (n.data.size() != 2)
        return error(ParseErrorCode::kBadNotify, "N(INVALID_KE_PAYLOAD)", "must carry a 2-byte group");
      break;
    case NotifyType::kSignatureHashAlgorithms:
      // RFC 7427 §4: a list of 16-bit hash algorithm identifiers.
      if (n.data.size() % 2 != 0)
        return error(ParseErrorCode::kBadNotify, "N(SIGNATURE_HASH_ALGORITHMS)", "odd data length");
      break;
    default:
      break;
  }
  return {};
}

ParseError verify_delete(const DeletePayload& d) {
  // §3.11: IKE SA: SPI size 0 and no SPIs; ESP / AH: 4-byte SPIs.
  if (d.protocol == ProtocolId::kIke) {
    if (d.spi_size != 0 || d.num_spis != 0)
      return error(ParseErrorCode::kBadDelete, "D", "IKE SA delete carries no SPIs");
  } else if (d.protocol == ProtocolId::kEsp || d.protocol == ProtocolId::kAh) {
    if (d.spi_size != 4) return error(ParseErrorCode::kBadSpiSize, "D", "ESP/AH SPI size must be 4");
  } else {
    return error(ParseErrorCode::kBadDelete, "D", "unknown protocol");
  }
  return {};
}

ParseError verify_id(const IdPayload& id, const char* context) {
  switch (id.type) {
    case IdType::kIpv4Addr:
      if (id.data.size() != 4) return error(ParseErrorCode::kBadIdentity, context, "ID_IPV4_ADDR must be 4 bytes");
      break;
    case IdType::kIpv6Addr:
      if (id.data.size() != 16) return error(ParseErrorCode::kBadIdentity, context, "ID_IPV6_ADDR must be 16 bytes");
      break;
    case IdType::kNull:
      // RFC 7619 §3: ID_NULL has empty data.
      if (!id.data.empty()) return error(ParseErrorCode::kBadIdentity, context, "ID_NULL must be empty");
      break;
    default:
      if (id.data.empty()) return error(ParseErrorCode::kBadIdentity, context, "empty identification data");
      break;
  }
  return {};
}

// RFC 7296 §3.15.1 value sizes (0 in a request meaning "give me one").
ParseError verify_cp(const CpPayload& cp) {
  for (const CpAttribute& a : cp.attributes) {
    size_t n = a.value.size();
    bool ok = true;
    switch (static_cast<CfgAttr>(a.type)) {
      case CfgAttr::kInternalIp4Address:
      case CfgAttr::kInternalIp4Netmask:
      case CfgAttr::kInternalIp4Dns:
      case CfgAttr::kInternalIp4Nbns:
      case CfgAttr::kInternalAddressExpiry:
      case CfgAttr::kInternalIp4Dhcp:
        ok = n == 0 || n == 4;
        break;
      case CfgAttr::kInternalIp6Address:
      case CfgAttr::kInternalIp6Subnet:
        ok = n == 0 || n == 17;
        break;
      case CfgAttr::kInternalIp6Dns:
      case CfgAttr::kInternalIp6Dhcp:
        ok = n == 0 || n == 16;
        break;
      case CfgAttr::kInternalIp4Subnet:
        ok = n == 0 || n == 8;
        break;
      case CfgAttr::kSupportedAttributes:
        ok = n % 2 == 0;
        break;
      default:
        break;  // text, private and unknown attributes are opaque here
    }
    if (!ok) return error(ParseErrorCode::kBadAttribute, "CP", "attribute value size does not fit its type");
  }
  return {};
}

}  // namespace

std::optional<size_t> key_exchange_length(KeGroup group, bool from_initiator) {
  switch (group) {
    case KeGroup::kModp768: return 96;
    case KeGroup::kModp1024: return 128;
    case KeGroup::kModp1536: return 192;
    case KeGroup::kModp2048: return 256;
    case KeGroup::kModp3072: return 384;
    case KeGroup::kModp4096: return 512;
    case KeGroup::kModp6144: return 768;
    case KeGroup::kModp8192: return 1024;
    case KeGroup::kModp1024s160: return 128;
    case KeGroup::kModp2048s224:
    case KeGroup::kModp2048s256: return 256;
    case KeGroup::kEcp192: return 48;
    case KeGroup::kEcp224: return 56;
    case KeGroup::kEcp256: return 64;
    case KeGroup::kEcp384: return 96;
    case KeGroup::kEcp521: return 132;
    case KeGroup::kBrainpool224: return 56;
    case KeGroup::kBrainpool256: return 64;
    case KeGroup::kBrainpool384: return 96;
    case KeGroup::kBrainpool512: return 128;
    case KeGroup::kCurve25519: return 32;
    case KeGroup::kCurve448: return 56;
    // ML-KEM: the initiator sends the encapsulation key, the responder the ciphertext.
    case KeGroup::kMlKem512: return from_initiator ? 800 : 768;
    case KeGroup::kMlKem768: return from_initiator ? 1184 : 1088;
    case KeGroup::kMlKem1024: return 1568;
    default: return std::nullopt;
  }
}

ParseError verify_payload(const Payload& p, const Header& h) {
  const char* ctx = payload_label(p.type);
  if (const auto* sa = p.get<SaPayload>()) return verify_sa(*sa, h);
  if (const auto* ke = p.get<KePayload>()) {
    // The request's sender offers (ML-KEM: encapsulation key), the response answers.
    std::optional<size_t> len = key_exchange_length(ke->group, !h.response());
    // §3.4 / §2.7: the value has exactly the group's length.
    if (len && ke->data.size() != *len)
      return error(ParseErrorCode::kBadKeLength, ctx, "key exchange data length wrong for the group");
    if (ke->data.empty()) return error(ParseErrorCode::kBadKeLength, ctx, "empty key exchange data");
    return {};
  }
  if (const auto* n = p.get<NoncePayload>()) {
    // §3.9: 16..256 octets.
    if (n->data.size() < NoncePayload::kMinSize || n->data.size() > NoncePayload::kMaxSize)
      return error(ParseErrorCode::kBadNonceLength, ctx, "nonce must be 16..256 bytes");
    return {};
  }
  if (const auto* id = p.get<IdPayload>()) return verify_id(*id, ctx);
  if (const auto* ts = p.get<TsPayload>()) return verify_ts(*ts, ctx);
  if (const auto* n = p.get<NotifyPayload>()) return verify_notify(*n);
  if (const auto* d = p.get<DeletePayload>()) return verify_delete(*d);
  if (const auto* cp = p.get<CpPayload>()) return verify_cp(*cp);
  if (const auto* cr = p.get<CertReqPayload>()) {
    if (cr->encoding == CertEncoding::kX509Signature &&
        cr->authorities.size() % CertReqPayload::kCaHashSize != 0)
      return error(ParseErrorCode::kBadLength, ctx, "CA list is not a whole number of 20-byte hashes");
    return {};
  }
  if (const auto* a = p.get<AuthPayload>()) {
    if (a->data.empty()) return error(ParseErrorCode::kBadLength, ctx, "empty authentication data");
    return {};
  }
  if (const auto* f = p.get<SkfPayload>()) {
    // RFC 7383 §2.5: 1 <= Fragment Number <= Total Fragments; §2.6: a
    // fragment that breaks this is discarded, not answered.
    if (f->fragment_number == 0 || f->total_fragments == 0 || f->fragment_number > f->total_fragments)
      return error(ParseErrorCode::kBadFragmentNumber, ctx, "fragment number outside 1..total", NotifyType{});
    return {};
  }
  if (const auto* f = p.get<CiscoFragmentPayload>()) {
    // Unauthenticated like SKF: discarded silently (as RFC 7383 §2.6).
    if (f->fragment_number == 0)
      return error(ParseErrorCode::kBadFragmentNumber, ctx, "fragment numbers start at 1", NotifyType{});
    return {};
  }
  return {};
}

namespace {

bool is_error_response(const Header& h, Seq<Payload> payloads) {
  if (!h.response()) return false;
  for (const Payload& p : payloads) {
    const auto* n = p.get<NotifyPayload>();
    // §2.6: a COOKIE response stands in for the whole IKE_SA_INIT answer.
    if (n && (is_error(n->type) || n->type == NotifyType::kCookie)) return true;
  }
  return false;
}

ParseError check_chain(const Header& h, Seq<Payload> payloads, absl::Span<const PayloadRule> rules) {
  // §2.5: an unknown payload with the critical bit rejects the whole message.
  for (size_t i = 0; i < payloads.size(); ++i) {
    const Payload& p = payloads[i];
    if (!is_known_payload_type(p.type) && p.critical) {
      ParseError e = error(ParseErrorCode::kUnsupportedCriticalPayload, "payload chain",
                           "unknown payload with the critical bit set",
                           NotifyType::kUnsupportedCriticalPayload, static_cast<uint16_t>(p.type));
      e.payload_index = static_cast<int>(i);
      return e;
    }
  }
  uint8_t seen[256] = {};
  for (size_t i = 0; i < payloads.size(); ++i) {
    const Payload& p = payloads[i];
    if (!is_known_payload_type(p.type)) continue;  // non-critical unknown: skipped
    const PayloadRule* rule = nullptr;
    for (const PayloadRule& r : rules)
      if (r.type == p.type) rule = &r;
    ParseError e;
    if (!rule) {
      e = error(ParseErrorCode::kUnexpectedPayload, payload_label(p.type), "payload not allowed in this message");
    } else if (++seen[static_cast<uint8_t>(p.type)] > rule->max) {
      e = error(ParseErrorCode::kDuplicatePayload, payload_label(p.type), "payload appears more often than allowed");
    } else {
      e = verify_payload(p, h);
    }
    if (!e.ok()) {
      e.payload_index = static_cast<int>(i);
      return e;
    }
  }
  if (!is_error_response(h, payloads)) {
    for (const PayloadRule& r : rules)
      if (seen[static_cast<uint8_t>(r.type)] < r.min)
        return error(ParseErrorCode::kMissingPayload, payload_label(r.type), "required payload missing");
  }
  return {};
}

// §2.21: an error in a response is never answered.
ParseError no_answer_to_responses(const Header& h, ParseError e) {
  if (h.response()) e.notify = NotifyType{};
  return e;
}

ParseError verify_message_rules(const Message& m) {
  const Header& h = m.header;
  const ExchangeRules* rules = rules_for(h.exchange, h.response());
  if (!rules) return error(ParseErrorCode::kUnknownExchange, "header", "exchange type not implemented", NotifyType{});
  if (h.exchange == ExchangeType::kIkeSaInit) {
    // §3.1 / §2.2: the initial exchange has message ID 0, a non-zero SPIi,
    // and SPIr zero in the request. No answer to such a message (§2.21.1).
    if (h.message_id != 0 || h.spi_i == 0 || (!h.response() && h.spi_r != 0))
      return error(ParseErrorCode::kBadHeader, "header", "SPIs or message ID impossible for IKE_SA_INIT",
                   NotifyType{});
  } else if (h.spi_i == 0 || h.spi_r == 0) {
    return error(ParseErrorCode::kBadHeader, "header", "SPIs must both be non-zero after IKE_SA_INIT", NotifyType{});
  }
  ParseError e = check_chain(h, m.payloads, rules->plain);
  if (!e.ok()) return e;
  if (rules->uses_sk) {
    size_t protected_count = m.count(PayloadType::kSk) + m.count(PayloadType::kSkf) +
                             m.count(PayloadType::kCiscoFragment);
    if (protected_count != 1)
      return error(ParseErrorCode::kMissingPayload, "SK", "exactly one SK, SKF or fragment payload expected");
  }
  return {};
}

}  // namespace

ParseError verify_message(const Message& m) { return no_answer_to_responses(m.header, verify_message_rules(m)); }

ParseError verify_inner(const Header& h, Seq<Payload> inner) {
  const ExchangeRules* rules = rules_for(h.exchange, h.response());
  if (!rules || !rules->uses_sk)
    return error(ParseErrorCode::kUnknownExchange, "header", "exchange has no encrypted payloads", NotifyType{});
  return no_answer_to_responses(h, check_chain(h, inner, rules->encrypted));
}

}  // namespace ikecore
