#include "ikecore/wire/describe.h"

#include <algorithm>
#include <cstring>
#include <string_view>
#include <variant>
#include <vector>

#include <pugixml.hpp>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ikecore/wire/eap_packet.h"
#include "ikecore/wire/field_io.h"

namespace ikecore {
namespace {

// Opaque data is cut after this many bytes, text after this many characters.
constexpr size_t kHexCap = 256;
constexpr size_t kTextCap = 2000;
// Single-line text up to this size is shown inline, in quotes.
constexpr size_t kInlineTextMax = 100;
// Longer lines of text are wrapped.
constexpr size_t kTextWidth = 100;
// Delete payloads list at most this many SPIs.
constexpr size_t kSpiCap = 32;
constexpr size_t kNatHashSize = 20;  // RFC 7296 §2.23: SHA-1

// ---------------------------------------------------------------------------
// Output primitives

void indent_to(std::string& out, int indent) { out.append(static_cast<size_t>(std::max(indent, 0)), ' '); }

template <typename... Args>
void line(std::string& out, int indent, const absl::FormatSpec<Args...>& format, const Args&... args) {
  indent_to(out, indent);
  absl::StrAppendFormat(&out, format, args...);
  out.push_back('\n');
}

void more_bytes(std::string& out, int indent, size_t more) {
  if (more > 0) line(out, indent, "... (%d more bytes)", more);
}

// Space-separated hex, 16 bytes a line, cut after `cap` bytes.
void hex_lines(std::string& out, ByteView data, int indent, size_t cap = kHexCap) {
  size_t shown = std::min(data.size(), cap);
  for (size_t at = 0; at < shown; at += 16) {
    indent_to(out, indent);
    for (size_t i = at; i < std::min(at + 16, shown); ++i) {
      if (i != at) out.push_back(' ');
      absl::StrAppendFormat(&out, "%02x", data[i]);
    }
    out.push_back('\n');
  }
  more_bytes(out, indent, data.size() - shown);
}

uint32_t be(ByteView d) {
  uint32_t v = 0;
  for (uint8_t b : d) v = v << 8 | b;
  return v;
}

// ---------------------------------------------------------------------------
// Text

size_t trailing_nuls(ByteView d) {
  size_t n = 0;
  while (n < d.size() && d[d.size() - 1 - n] == 0) ++n;
  return n;
}

// Printable ASCII, tab, CR and LF, optionally NUL-terminated; not empty.
bool is_text(ByteView d) {
  ByteView body = d.first(d.size() - trailing_nuls(d));
  if (body.empty()) return false;
  return std::all_of(body.begin(), body.end(), [](uint8_t c) {
    return (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r';
  });
}

bool is_inline_text(ByteView d) {
  return is_text(d) && d.size() <= kInlineTextMax &&
         std::none_of(d.begin(), d.end(), [](uint8_t c) { return c == '\n' || c == '\r'; });
}

// "text" with \" \\ \t escaped and trailing NULs as \0.
std::string quoted(ByteView d) {
  std::string s = "\"";
  for (uint8_t c : d) {
    if (c == '"' || c == '\\') s.push_back('\\');
    if (c == '\t') s += "\\t";
    else if (c == 0) s += "\\0";
    else s.push_back(static_cast<char>(c));
  }
  s.push_back('"');
  return s;
}

// One line of text after "| ", wrapped after kTextWidth characters onto
// lines that start "+ ".
void text_line(std::string& out, ByteView text, int indent) {
  auto chars = [&text](size_t at, size_t n) {
    return absl::string_view(reinterpret_cast<const char*>(text.data() + at), n);
  };
  size_t at = 0;
  do {
    size_t n = std::min(text.size() - at, kTextWidth);
    line(out, indent, "%c %s", at == 0 ? '|' : '+', chars(at, n));
    at += n;
  } while (at < text.size());
}

// Multi-line text, line by line; CR before LF dropped.
void text_lines(std::string& out, ByteView d, int indent) {
  size_t end = d.size() - trailing_nuls(d);
  size_t shown = std::min(end, kTextCap);
  size_t at = 0;
  while (at < shown) {
    size_t stop = at;
    while (stop < shown && d[stop] != '\n') ++stop;
    size_t len = stop - at;
    if (len > 0 && d[at + len - 1] == '\r') --len;
    text_line(out, d.subspan(at, len), indent);
    at = stop + 1;
  }
  if (shown < end) more_bytes(out, indent, d.size() - shown);
}

// "<head>: "text"" inline, "<head>, text:" above the text's lines, or
// "<head>:" above hex lines; just "<head>" when `d` is empty.
void value_as_text(std::string& out, const std::string& head, ByteView d, int indent) {
  if (d.empty()) {
    line(out, indent, "%s", head);
  } else if (is_inline_text(d)) {
    line(out, indent, "%s: %s", head, quoted(d));
  } else if (is_text(d)) {
    line(out, indent, "%s, text%s:", head, trailing_nuls(d) ? " (NUL-terminated)" : "");
    text_lines(out, d, indent + 2);
  } else {
    line(out, indent, "%s:", head);
    hex_lines(out, d, indent + 2);
  }
}

void value_as_hex(std::string& out, const std::string& head, ByteView d, int indent) {
  if (d.empty()) {
    line(out, indent, "%s", head);
    return;
  }
  line(out, indent, "%s:", head);
  hex_lines(out, d, indent + 2);
}

// ---------------------------------------------------------------------------
// Addresses

std::string ipv4(ByteView a) { return absl::StrFormat("%d.%d.%d.%d", a[0], a[1], a[2], a[3]); }

// RFC 5952: lower case, the longest run of two or more zero groups as "::".
std::string ipv6(ByteView a) {
  uint16_t g[8];
  for (size_t i = 0; i < 8; ++i) g[i] = static_cast<uint16_t>(a[2 * i] << 8 | a[2 * i + 1]);
  size_t best = 8, best_len = 1;
  for (size_t i = 0; i < 8;) {
    size_t j = i;
    while (j < 8 && g[j] == 0) ++j;
    if (j - i > best_len) {
      best = i;
      best_len = j - i;
    }
    i = j == i ? i + 1 : j;
  }
  std::string s;
  for (size_t i = 0; i < 8;) {
    if (i == best) {
      s += "::";
      i += best_len;
      continue;
    }
    if (!s.empty() && s.back() != ':') s.push_back(':');
    absl::StrAppendFormat(&s, "%x", g[i]);
    ++i;
  }
  return s;
}

std::string address(ByteView a) {
  if (a.size() == 4) return ipv4(a);
  if (a.size() == 16) return ipv6(a);
  return to_hex(a);
}

std::string pname(PayloadType t) {
  absl::string_view n = payload_short_name(t);
  return n.empty() ? to_string(t) : std::string(n);
}

// ---------------------------------------------------------------------------
// Lengths: from the wire description (field_io.h), never by hand

// The serialized size of one substructure (transform, proposal, selector...),
// written by T::io inside its own frame, as the sequence that holds it would
// write it; nullopt when it cannot be serialized.
template <class T>
std::optional<size_t> serialized_size(const T& v) {
  Bytes scratch;
  ParseError error;
  internal::WireWriter w(scratch, error);
  w.begin_element(true);
  if (!T::io(w, v) || !w.end_element()) return std::nullopt;
  return scratch.size();
}

std::string length_text(std::optional<size_t> n) { return n ? absl::StrFormat("%d", *n) : "?"; }

// The lengths of `count` payloads serialized back to back from `wire[at]`,
// read from their generic headers (RFC 7296 §3.2).
std::vector<std::optional<size_t>> chain_lengths(ByteView wire, size_t at, size_t count) {
  std::vector<std::optional<size_t>> lengths(count);
  for (size_t i = 0; i < count && at + 4 <= wire.size(); ++i) {
    size_t n = be(wire.subspan(at + 2, 2));
    lengths[i] = n;
    at += n;
  }
  return lengths;
}

// Each payload serialized on its own: for a chain that cannot be serialized
// whole (a payload that cannot be, SK not last).
std::vector<std::optional<size_t>> each_length(Seq<Payload> payloads) {
  std::vector<std::optional<size_t>> lengths;
  lengths.reserve(payloads.size());
  for (const Payload& p : payloads) lengths.push_back(payload_length(p));
  return lengths;
}

// ---------------------------------------------------------------------------
// SA

void describe_transform(std::string& out, const Transform& t, int indent) {
  std::optional<uint16_t> key_length = t.key_length();
  line(out, indent, "transform %s: %s%s, length %s", to_string(t.type), transform_id_to_string(t.type, t.id),
       key_length ? absl::StrFormat(", key length %d", *key_length) : "", length_text(serialized_size(t)));
  for (const TransformAttribute& a : t.attributes) {
    if (a.tv && a.type == static_cast<uint16_t>(TransformAttrType::kKeyLength)) continue;
    std::string type = to_string(static_cast<TransformAttrType>(a.type));
    if (a.tv)
      line(out, indent + 2, "attribute %s (TV): %d", type, a.tv_value);
    else
      value_as_hex(out, absl::StrFormat("attribute %s (TLV), %d bytes", type, a.tlv_value.size()), a.tlv_value,
                   indent + 2);
  }
}

void describe_sa(std::string& out, const SaPayload& sa, int indent) {
  for (const Proposal& p : sa.proposals) {
    line(out, indent, "proposal %d: protocol %s, SPI size %d%s, #transforms %d, length %s", p.number,
         to_string(p.protocol), p.spi.size(), p.spi.empty() ? "" : absl::StrFormat(", SPI %s", to_hex(p.spi)),
         p.transforms.size(), length_text(serialized_size(p)));
    for (const Transform& t : p.transforms) describe_transform(out, t, indent + 2);
  }
}

// ---------------------------------------------------------------------------
// KE, ID, CERT, CERTREQ, AUTH, nonce

void describe_ke(std::string& out, const KePayload& ke, int indent) {
  value_as_hex(out, absl::StrFormat("group %s, data %d bytes", to_string(ke.group), ke.data.size()), ke.data, indent);
}

void describe_id(std::string& out, const IdPayload& id, int indent) {
  std::string head = absl::StrFormat("%s, %d bytes", to_string(id.type), id.data.size());
  auto type = static_cast<uint8_t>(id.type);
  if (id.type == IdType::kIpv4Addr && id.data.size() == 4) {
    line(out, indent, "%s: %s", head, ipv4(id.data));
  } else if (id.type == IdType::kIpv6Addr && id.data.size() == 16) {
    line(out, indent, "%s: %s", head, ipv6(id.data));
  } else if (id.type == IdType::kFqdn || id.type == IdType::kRfc822Addr || id.type == IdType::kKeyId ||
             type >= 201) {
    value_as_text(out, head, id.data, indent);
  } else {
    value_as_hex(out, head, id.data, indent);
  }
}

void describe_cert(std::string& out, const CertPayload& c, int indent) {
  value_as_hex(out, absl::StrFormat("encoding %s, data %d bytes", to_string(c.encoding), c.data.size()), c.data,
               indent);
}

void describe_certreq(std::string& out, const CertReqPayload& c, int indent) {
  constexpr size_t kHash = CertReqPayload::kCaHashSize;
  ByteView a = c.authorities;
  if (a.empty() || a.size() % kHash != 0) {
    value_as_hex(out, absl::StrFormat("encoding %s, data %d bytes", to_string(c.encoding), a.size()), a, indent);
    return;
  }
  size_t n = a.size() / kHash;
  line(out, indent, "encoding %s, %d CA hash%s", to_string(c.encoding), n, n == 1 ? "" : "es");
  for (size_t i = 0; i < n; ++i) line(out, indent + 2, "CA hash %s", to_hex(a.subspan(i * kHash, kHash)));
}

void describe_auth(std::string& out, const AuthPayload& a, int indent) {
  value_as_hex(out, absl::StrFormat("method %s, data %d bytes", to_string(a.method), a.data.size()), a.data,
               indent);
}

void describe_nonce(std::string& out, const NoncePayload& n, int indent) {
  value_as_hex(out, absl::StrFormat("nonce %d bytes", n.data.size()), n.data, indent);
}

// ---------------------------------------------------------------------------
// Notify, delete, vendor ID

// RFC 7427 §7 / IANA "IKEv2 Hash Algorithms".
absl::string_view hash_algorithm_name(uint16_t v) {
  switch (v) {
    case 1: return "SHA1";
    case 2: return "SHA2_256";
    case 3: return "SHA2_384";
    case 4: return "SHA2_512";
    case 5: return "IDENTITY";
    case 6: return "STREEBOG_256";
    case 7: return "STREEBOG_512";
    default: return "UNKNOWN";
  }
}

void describe_notify_data(std::string& out, const NotifyPayload& n, int indent) {
  ByteView d = n.data;
  switch (n.type) {
    case NotifyType::kInvalidKePayload:
      if (d.size() == 2) return line(out, indent, "accepted group %s", to_string(static_cast<KeGroup>(be(d))));
      break;
    case NotifyType::kNatDetectionSourceIp:
    case NotifyType::kNatDetectionDestinationIp:
      if (d.size() == kNatHashSize) return line(out, indent, "SHA-1 hash %s", to_hex(d));
      break;
    case NotifyType::kSignatureHashAlgorithms:
      if (d.size() % 2 == 0) {
        std::string list;
        for (size_t i = 0; i < d.size(); i += 2) {
          auto v = static_cast<uint16_t>(be(d.subspan(i, 2)));
          absl::StrAppendFormat(&list, "%s%d %s", i ? ", " : "", v, hash_algorithm_name(v));
        }
        return line(out, indent, "hash algorithms: %s", list);
      }
      break;
    case NotifyType::kSetWindowSize:
    case NotifyType::kAuthLifetime:
      if (d.size() == 4) return line(out, indent, "value %d", be(d));
      break;
    default: break;
  }
  hex_lines(out, d, indent);
}

void describe_notify(std::string& out, const NotifyPayload& n, int indent) {
  line(out, indent, "%s, protocol %s, SPI size %d%s, data %d bytes", to_string(n.type), to_string(n.protocol),
       n.spi.size(), n.spi.empty() ? "" : absl::StrFormat(", SPI %s", to_hex(n.spi)), n.data.size());
  describe_notify_data(out, n, indent + 2);
}

void describe_delete(std::string& out, const DeletePayload& d, int indent) {
  line(out, indent, "protocol %s, SPI size %d, %d SPI%s", to_string(d.protocol), d.spi_size, d.num_spis,
       d.num_spis == 1 ? "" : "s");
  if (d.spi_size == 0 || d.spis.size() != static_cast<size_t>(d.spi_size) * d.num_spis) {
    hex_lines(out, d.spis, indent + 2);
    return;
  }
  size_t shown = std::min<size_t>(d.num_spis, kSpiCap);
  for (size_t i = 0; i < shown; ++i) line(out, indent + 2, "SPI %s", to_hex(d.spi(i)));
  if (shown < d.num_spis) line(out, indent + 2, "... (%d more SPIs)", d.num_spis - shown);
}

void describe_vendor(std::string& out, const VendorIdPayload& v, int indent) {
  absl::string_view known = known_vendor_id_name(v.data);
  std::string head =
      absl::StrFormat("%s, %d bytes", known.empty() ? absl::string_view("unknown vendor") : known, v.data.size());
  value_as_text(out, head, v.data, indent);
}

// ---------------------------------------------------------------------------
// TS, CP

void describe_ts(std::string& out, const TsPayload& ts, int indent) {
  line(out, indent, "%d selector%s", ts.selectors.size(), ts.selectors.size() == 1 ? "" : "s");
  for (const TrafficSelector& s : ts.selectors) {
    if (!s.is_address_range()) {
      value_as_hex(out, absl::StrFormat("%s, protocol %d, length %s", to_string(s.type), s.ip_protocol,
                                        length_text(serialized_size(s))),
                   s.other, indent + 2);
      continue;
    }
    line(out, indent + 2, "%s, protocol %d, ports %d-%d, %s-%s, length %s", to_string(s.type), s.ip_protocol,
         s.start_port, s.end_port, address(s.start_address), address(s.end_address),
         length_text(serialized_size(s)));
  }
}

bool is_ipv4_attribute(uint16_t type) {
  switch (static_cast<CfgAttr>(type)) {
    case CfgAttr::kInternalIp4Address:
    case CfgAttr::kInternalIp4Netmask:
    case CfgAttr::kInternalIp4Dns:
    case CfgAttr::kInternalIp4Nbns:
    case CfgAttr::kInternalIp4Dhcp:
    case CfgAttr::kP_CscfIp4Address: return true;
    default: return false;
  }
}

bool is_ipv6_attribute(uint16_t type) {
  switch (static_cast<CfgAttr>(type)) {
    case CfgAttr::kInternalIp6Dns:
    case CfgAttr::kInternalIp6Dhcp:
    case CfgAttr::kP_CscfIp6Address: return true;
    default: return false;
  }
}

bool is_text_attribute(uint16_t type) {
  switch (type) {
    case static_cast<uint16_t>(CfgAttr::kApplicationVersion):
    case static_cast<uint16_t>(CfgAttr::kInternalDnsDomain):
    case static_cast<uint16_t>(CfgAttr::kCiscoBanner):
    case static_cast<uint16_t>(CfgAttr::kCiscoDefDomain):
    case static_cast<uint16_t>(CfgAttr::kCiscoSplitDns):
    case static_cast<uint16_t>(CfgAttr::kCiscoDdnsHostname):
    case 28727:  // Cisco: the config-auth XML (anyconnect.md)
      return true;
    default: return false;
  }
}

bool is_cisco_attribute(uint16_t type) { return type >= 28672 && type <= 28735; }

void describe_cp_attribute(std::string& out, const CpAttribute& a, int indent) {
  std::string head = absl::StrFormat("%s, length %d", to_string(static_cast<CfgAttr>(a.type)), a.value.size());
  ByteView v = a.value;
  size_t n = v.size();
  if (is_ipv4_attribute(a.type) && n == 4) {
    line(out, indent, "%s: %s", head, ipv4(v));
  } else if (is_ipv6_attribute(a.type) && n == 16) {
    line(out, indent, "%s: %s", head, ipv6(v));
  } else if (a.type == static_cast<uint16_t>(CfgAttr::kInternalIp4Subnet) && n == 8) {
    line(out, indent, "%s: %s/%s", head, ipv4(v.first(4)), ipv4(v.subspan(4)));
  } else if ((a.type == static_cast<uint16_t>(CfgAttr::kInternalIp6Address) ||
              a.type == static_cast<uint16_t>(CfgAttr::kInternalIp6Subnet)) &&
             n == 17) {
    line(out, indent, "%s: %s/%d", head, ipv6(v.first(16)), v[16]);
  } else if (a.type == static_cast<uint16_t>(CfgAttr::kInternalAddressExpiry) && n == 4) {
    line(out, indent, "%s: %d", head, be(v));
  } else if (is_text_attribute(a.type)) {
    value_as_text(out, head, v, indent);
  } else if (is_cisco_attribute(a.type) && (n == 1 || n == 2 || n == 4)) {
    line(out, indent, "%s: %d", head, be(v));
  } else {
    value_as_hex(out, head, v, indent);
  }
}

void describe_cp(std::string& out, const CpPayload& cp, int indent) {
  line(out, indent, "%s, %d attribute%s", to_string(cp.type), cp.attributes.size(),
       cp.attributes.size() == 1 ? "" : "s");
  for (const CpAttribute& a : cp.attributes) describe_cp_attribute(out, a, indent + 2);
}

// ---------------------------------------------------------------------------
// Secrets (DescribeOptions)

std::string redaction(size_t n) { return absl::StrFormat("[redacted %d bytes]", n); }

// "<head>:" above "[redacted N bytes]"; just "<head>" when `d` is empty.
void value_redacted(std::string& out, const std::string& head, ByteView d, int indent) {
  if (d.empty()) {
    line(out, indent, "%s", head);
    return;
  }
  line(out, indent, "%s:", head);
  line(out, indent + 2, "%s", redaction(d.size()));
}

// AnyConnect config-auth elements whose content is a credential wherever
// they are (anyconnect.md).
bool is_secret_element_name(std::string_view name) {
  // session-token is a bearer credential (AnyConnect "complete").
  return name == "password" || name == "new_password" || name == "verify_pin" || name == "answer" ||
         name == "passcode" || name == "session-token";
}

// A form field of an auth-reply: an element inside <auth> but <username>.
bool is_auth_reply_field(pugi::xml_node n, pugi::xml_node root, bool auth_reply) {
  pugi::xml_node parent = n.parent();
  return auth_reply && parent.parent() == root && std::string_view(parent.name()) == "auth" &&
         std::string_view(n.name()) != "username";
}

// The bytes of text (PCDATA and CDATA) below a node.
struct TextLength : pugi::xml_tree_walker {
  size_t n = 0;
  bool for_each(pugi::xml_node& node) override {
    if (node.type() == pugi::node_pcdata || node.type() == pugi::node_cdata) n += std::strlen(node.value());
    return true;
  }
};

struct StringWriter : pugi::xml_writer {
  std::string& s;
  explicit StringWriter(std::string& out) : s(out) {}
  void write(const void* data, size_t size) override { s.append(static_cast<const char*>(data), size); }
};

// The XML document with the content of its secret elements replaced by
// "[redacted N bytes]", re-serialized (top-level nodes one a line, the rest
// as it was laid out); false with `error` set when it does not parse.
bool redact_xml(ByteView xml, std::string& redacted, std::string& error) {
  size_t nuls = trailing_nuls(xml);
  ByteView body = xml.first(xml.size() - nuls);
  pugi::xml_document doc;
  constexpr unsigned kParse = pugi::parse_default | pugi::parse_declaration | pugi::parse_doctype |
                              pugi::parse_pi | pugi::parse_comments | pugi::parse_ws_pcdata;
  pugi::xml_parse_result result = doc.load_buffer(body.data(), body.size(), kParse, pugi::encoding_utf8);
  if (!result) {
    error = result.description();
    return false;
  }
  pugi::xml_node root = doc.document_element();
  bool auth_reply = std::string_view(root.attribute("type").value()) == "auth-reply";

  // Pre-order, iteratively (a hostile document may nest deeply), not
  // descending into the secrets found.
  std::vector<pugi::xml_node> secrets;
  for (pugi::xml_node n = doc.first_child(); n;) {
    bool secret = n.type() == pugi::node_element &&
                  (is_secret_element_name(n.name()) || is_auth_reply_field(n, root, auth_reply));
    if (secret) secrets.push_back(n);
    if (!secret && n.first_child()) {
      n = n.first_child();
      continue;
    }
    while (n && !n.next_sibling()) n = n.parent();
    if (n) n = n.next_sibling();
  }
  for (pugi::xml_node n : secrets) {
    if (!n.first_child()) continue;  // empty: nothing to hide
    TextLength length;
    n.traverse(length);
    n.remove_children();
    n.append_child(pugi::node_pcdata).set_value(redaction(length.n).c_str());
  }

  redacted.clear();
  StringWriter writer(redacted);
  for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
    if (n != doc.first_child()) redacted.push_back('\n');
    n.print(writer, "", pugi::format_raw, pugi::encoding_utf8);
  }
  redacted.append(nuls, '\0');
  return true;
}

void describe_xml(std::string& out, const std::string& head, ByteView xml, int indent,
                  const DescribeOptions& options) {
  if (options.show_secrets || xml.empty()) return value_as_text(out, head, xml, indent);
  std::string redacted, error;
  if (!redact_xml(xml, redacted, error)) {
    line(out, indent, "%s, not parsed as XML (%s), content not shown", head, error);
    return;
  }
  value_as_text(out, head, as_bytes(redacted), indent);
}

// EAP methods whose Response data is a credential: the GTC cleartext
// password, the MD5-Challenge hash (RFC 3748 §5.4, §5.6), the MS-CHAPv2
// NT-Response (crackable offline).
bool is_secret_response(EapCode code, EapType type) {
  return code == EapCode::kResponse &&
         (type == EapType::kGtc || type == EapType::kOtp || type == EapType::kMd5Challenge ||
          type == EapType::kMschapv2);
}

// ---------------------------------------------------------------------------
// EAP, encrypted payloads, fragments, unknown payloads

void describe_anyconnect_tlvs(std::string& out, ByteView data, int indent, const DescribeOptions& options) {
  Arena arena(1024);
  Seq<AnyConnectTlv> tlvs;
  if (ParseError e = parse_anyconnect_tlvs(data, arena, tlvs, EapPacket::kExpandedHeaderSize); !e.ok()) {
    // The XML of an auth-reply may be among the bytes.
    std::string head = absl::StrFormat("AnyConnect TLVs unparsed (%s), %d bytes", to_string(e), data.size());
    if (options.show_secrets)
      value_as_hex(out, head, data, indent);
    else
      line(out, indent, "%s, content not shown", head);
    return;
  }
  for (const AnyConnectTlv& t : tlvs) {
    absl::string_view kind = t.type == AnyConnectTlv::kXml              ? " (XML)"
                             : t.type == AnyConnectTlv::kSignature      ? " (signature)"
                             : t.type == AnyConnectTlv::kPkcs7CertChain ? " (PKCS#7 certificate chain)"
                                                                        : "";
    std::string head = absl::StrFormat("TLV %d%s, length %d", t.type, kind, t.value.size());
    if (t.type == AnyConnectTlv::kXml)
      describe_xml(out, head, t.value, indent, options);
    else
      value_as_hex(out, head, t.value, indent);
  }
}

void describe_eap(std::string& out, const EapPayload& e, int indent, const DescribeOptions& options) {
  EapPacket packet;
  if (ParseError err = parse_eap(e.packet, packet); !err.ok()) {
    std::string head = absl::StrFormat("EAP packet unparsed (%s), %d bytes", to_string(err), e.packet.size());
    ByteView p = e.packet;
    if (!options.show_secrets && p.size() > 4 &&
        is_secret_response(static_cast<EapCode>(p[0]), static_cast<EapType>(p[4])))
      value_redacted(out, head, p, indent);
    else
      value_as_hex(out, head, p, indent);
    return;
  }
  std::string head =
      absl::StrFormat("%s, id %d, length %d", to_string(packet.code), packet.identifier, e.packet.size());
  if (!packet.has_type()) {
    value_as_hex(out, head, packet.data, indent);
    return;
  }
  absl::StrAppendFormat(&head, ", type %s", to_string(packet.type));
  if (packet.expanded()) {
    absl::StrAppendFormat(&head, ", vendor-id %d, vendor-type 0x%08x%s", packet.vendor_id, packet.vendor_type,
                          is_anyconnect(packet) ? " (AnyConnect)" : "");
    if (is_anyconnect(packet)) {
      line(out, indent, "%s", head);
      describe_anyconnect_tlvs(out, packet.data, indent + 2, options);
      return;
    }
  }
  absl::StrAppendFormat(&head, ", data %d bytes", packet.data.size());
  if (!options.show_secrets && is_secret_response(packet.code, packet.type))
    value_redacted(out, head, packet.data, indent);
  else if (packet.type == EapType::kIdentity || packet.type == EapType::kNotification)
    value_as_text(out, head, packet.data, indent);
  else
    value_as_hex(out, head, packet.data, indent);
}

void describe_sk(std::string& out, const SkPayload& sk, int indent) {
  line(out, indent, "inner first %s, body %d bytes (IV, ciphertext, ICV)", pname(sk.inner_first), sk.body.size());
}

void describe_skf(std::string& out, const SkfPayload& f, int indent) {
  line(out, indent, "fragment %d/%d, inner first %s, body %d bytes (IV, ciphertext, ICV)", f.fragment_number,
       f.total_fragments, pname(f.inner_first), f.body.size());
}

void describe_cisco_fragment(std::string& out, const CiscoFragmentPayload& f, int indent) {
  line(out, indent, "fragment id %d, number %d, %s, data %d bytes", f.fragment_id, f.fragment_number,
       f.last() ? "last" : "more follow", f.data.size());
}

struct BodyWriter {
  std::string& out;
  const Payload& p;
  int indent;
  const DescribeOptions& options;

  void operator()(const UnknownPayload& u) const {
    value_as_hex(out,
                 absl::StrFormat("type %d, %s, body %d bytes", static_cast<int>(p.type),
                                 p.critical ? "critical" : "not critical", u.body.size()),
                 u.body, indent);
  }
  void operator()(const SaPayload& b) const { describe_sa(out, b, indent); }
  void operator()(const KePayload& b) const { describe_ke(out, b, indent); }
  void operator()(const IdPayload& b) const { describe_id(out, b, indent); }
  void operator()(const CertPayload& b) const { describe_cert(out, b, indent); }
  void operator()(const CertReqPayload& b) const { describe_certreq(out, b, indent); }
  void operator()(const AuthPayload& b) const { describe_auth(out, b, indent); }
  void operator()(const NoncePayload& b) const { describe_nonce(out, b, indent); }
  void operator()(const NotifyPayload& b) const { describe_notify(out, b, indent); }
  void operator()(const DeletePayload& b) const { describe_delete(out, b, indent); }
  void operator()(const VendorIdPayload& b) const { describe_vendor(out, b, indent); }
  void operator()(const TsPayload& b) const { describe_ts(out, b, indent); }
  void operator()(const SkPayload& b) const { describe_sk(out, b, indent); }
  void operator()(const CpPayload& b) const { describe_cp(out, b, indent); }
  void operator()(const EapPayload& b) const { describe_eap(out, b, indent, options); }
  void operator()(const SkfPayload& b) const { describe_skf(out, b, indent); }
  void operator()(const CiscoFragmentPayload& b) const { describe_cisco_fragment(out, b, indent); }
};

std::string flag_names(uint8_t flags) {
  std::string s;
  auto add = [&s](absl::string_view n) { absl::StrAppend(&s, s.empty() ? "" : " ", n); };
  if (flags & Header::kFlagInitiator) add("INITIATOR");
  if (flags & Header::kFlagVersion) add("VERSION");
  if (flags & Header::kFlagResponse) add("RESPONSE");
  auto other = static_cast<uint8_t>(flags & ~(Header::kFlagInitiator | Header::kFlagVersion | Header::kFlagResponse));
  if (other) add(absl::StrFormat("0x%02x", other));
  return s.empty() ? "none" : s;
}

}  // namespace

std::optional<size_t> payload_length(const Payload& payload) {
  Bytes wire;
  if (!serialize_payloads(Seq<Payload>(&payload, 1), wire).ok()) return std::nullopt;
  return wire.size();
}

namespace {

// `lengths[i]` is the serialized length of `payloads[i]`.
void payload_tree(std::string& out, Seq<Payload> payloads, const std::vector<std::optional<size_t>>& lengths,
                  int indent, const DescribeOptions& options) {
  for (size_t i = 0; i < payloads.size(); ++i) {
    const Payload& p = payloads[i];
    line(out, indent, "%s, length %s%s", pname(p.type), length_text(lengths[i]), p.critical ? ", critical" : "");
    std::visit(BodyWriter{out, p, indent + 2, options}, p.body);
  }
}

}  // namespace

std::string describe_payloads(Seq<Payload> payloads, int indent, const DescribeOptions& options) {
  Bytes wire;
  std::vector<std::optional<size_t>> lengths = serialize_payloads(payloads, wire).ok()
                                                   ? chain_lengths(wire, 0, payloads.size())
                                                   : each_length(payloads);
  std::string out;
  payload_tree(out, payloads, lengths, indent, options);
  return out;
}

std::string describe(const Message& m, const DescribeOptions& options) {
  const Header& h = m.header;
  Bytes wire;
  absl::Status s = serialize_message(m, wire);
  std::string out;
  line(out, 0, "IKEv2 header: SPIi %016x, SPIr %016x, version %d.%d, exchange %s, flags %s, message id %d, length %s",
       h.spi_i, h.spi_r, h.major_version, h.minor_version, to_string(h.exchange), flag_names(h.flags),
       h.message_id, s.ok() ? absl::StrFormat("%d", wire.size()) : absl::StrFormat("? (%s)", s.message()));
  // One serialization gives every payload's length.
  std::vector<std::optional<size_t>> lengths =
      s.ok() ? chain_lengths(wire, Header::kSize, m.payloads.size()) : each_length(m.payloads);
  payload_tree(out, m.payloads, lengths, 2, options);
  return out;
}

}  // namespace ikecore
