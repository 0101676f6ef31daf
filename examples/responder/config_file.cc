#include "config_file.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <set>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "ikecore/responder/traffic_selectors.h"
#include "proposal_text.h"
#include "pugixml.hpp"

namespace headend {
namespace {

using ikecore::AuthKind;

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  for (absl::string_view item : absl::StrSplit(text, ',')) {
    item = absl::StripAsciiWhitespace(item);
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

// Reads one configuration document, keeping what error messages need.
class Reader {
 public:
  Reader(const std::string& text, std::string name, std::string base_dir)
      : text_(text), name_(std::move(name)), base_dir_(std::move(base_dir)) {}

  absl::StatusOr<HeadendConfig> read();

 private:
  // "FILE:LINE: <element>"
  std::string where(const pugi::xml_node& n) const {
    ptrdiff_t offset = n.offset_debug();
    size_t line = 1;
    if (offset > 0) {
      size_t end = std::min(static_cast<size_t>(offset), text_.size());
      line += static_cast<size_t>(std::count(text_.begin(), text_.begin() + static_cast<ptrdiff_t>(end), '\n'));
    }
    return absl::StrCat(name_, ":", line, ": <", n.name(), ">");
  }
  std::string where(const pugi::xml_node& n, const char* attribute) const {
    return absl::StrCat(where(n), " attribute \"", attribute, "\"");
  }
  absl::Status error(const pugi::xml_node& n, const std::string& message) const {
    return absl::InvalidArgumentError(absl::StrCat(where(n), ": ", message));
  }
  absl::Status error(const pugi::xml_node& n, const char* attribute, const std::string& message) const {
    return absl::InvalidArgumentError(absl::StrCat(where(n, attribute), ": ", message));
  }

  // Only these attributes, no text, and only these child elements.
  absl::Status check_shape(const pugi::xml_node& n, std::initializer_list<const char*> attributes,
                           std::initializer_list<const char*> children) const {
    for (const pugi::xml_attribute& a : n.attributes()) {
      // XML 1.0 §3.1: an attribute may appear once (pugixml does not check).
      for (pugi::xml_attribute b = a.next_attribute(); b; b = b.next_attribute())
        if (std::strcmp(a.name(), b.name()) == 0) return error(n, a.name(), "is given twice");
      bool known = std::any_of(attributes.begin(), attributes.end(),
                               [&](const char* k) { return std::strcmp(k, a.name()) == 0; });
      if (!known) {
        std::string allowed = attributes.size() ? absl::StrCat(" (allowed: ", absl::StrJoin(attributes, ", "), ")") : "";
        return error(n, absl::StrCat("unknown attribute \"", a.name(), "\"", allowed));
      }
    }
    for (const pugi::xml_node& c : n.children()) {
      if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) {
        if (!absl::StripAsciiWhitespace(c.value()).empty()) return error(n, "unexpected text inside the element");
        continue;
      }
      if (c.type() != pugi::node_element) continue;
      bool known = std::any_of(children.begin(), children.end(),
                               [&](const char* k) { return std::strcmp(k, c.name()) == 0; });
      if (!known) {
        std::string allowed = children.size() ? absl::StrCat(" (allowed here: ", absl::StrJoin(children, ", "), ")")
                                              : " (this element takes no children)";
        return error(c, absl::StrCat("unknown element", allowed));
      }
    }
    return absl::OkStatus();
  }

  absl::StatusOr<std::string> required(const pugi::xml_node& n, const char* attribute) const {
    pugi::xml_attribute a = n.attribute(attribute);
    if (!a || absl::StripAsciiWhitespace(a.value()).empty()) return error(n, attribute, "is required");
    return std::string(absl::StripAsciiWhitespace(a.value()));
  }

  std::string optional(const pugi::xml_node& n, const char* attribute, const char* fallback = "") const {
    pugi::xml_attribute a = n.attribute(attribute);
    return a ? std::string(absl::StripAsciiWhitespace(a.value())) : std::string(fallback);
  }

  absl::StatusOr<bool> yes_no(const pugi::xml_node& n, const char* attribute, bool fallback) const {
    pugi::xml_attribute a = n.attribute(attribute);
    if (!a) return fallback;
    std::string v = absl::AsciiStrToLower(absl::StripAsciiWhitespace(a.value()));
    if (v == "yes" || v == "true") return true;
    if (v == "no" || v == "false") return false;
    return error(n, attribute, absl::StrCat("\"", a.value(), "\" is neither yes nor no"));
  }

  absl::StatusOr<std::chrono::seconds> duration(const pugi::xml_node& n, const char* attribute,
                                                std::chrono::seconds fallback) const {
    pugi::xml_attribute a = n.attribute(attribute);
    if (!a) return fallback;
    std::string v(absl::StripAsciiWhitespace(a.value()));
    int64_t unit = 1;
    if (!v.empty() && !absl::ascii_isdigit(static_cast<unsigned char>(v.back()))) {
      switch (v.back()) {
        case 's': unit = 1; break;
        case 'm': unit = 60; break;
        case 'h': unit = 3600; break;
        case 'd': unit = 86400; break;
        default: unit = 0; break;
      }
      v.pop_back();
    }
    int64_t count = 0;
    if (unit == 0 || !absl::SimpleAtoi(v, &count) || count <= 0 || count > 365 * 86400 / unit)
      return error(n, attribute, absl::StrCat("\"", a.value(), "\" is not a duration (e.g. 30s, 5m, 24h, 1d)"));
    return std::chrono::seconds(count * unit);
  }

  std::string resolve(const std::string& file) const {
    if (file.empty() || file[0] == '/' || base_dir_.empty()) return file;
    return absl::StrCat(base_dir_, "/", file);
  }

  absl::StatusOr<FileRef> file(const pugi::xml_node& n, const char* attribute) const {
    absl::StatusOr<std::string> f = required(n, attribute);
    if (!f.ok()) return f.status();
    return FileRef{resolve(*f), where(n, attribute)};
  }

  absl::Status read_ike(const pugi::xml_node& n, HeadendConfig& out) const;
  absl::Status read_timeouts(const pugi::xml_node& n, HeadendConfig& out) const;
  absl::Status read_fragmentation(const pugi::xml_node& n, HeadendConfig& out) const;
  absl::Status read_dos(const pugi::xml_node& n, HeadendConfig& out) const;
  absl::Status read_credentials(const pugi::xml_node& n, HeadendConfig& out) const;
  absl::Status read_pool(const pugi::xml_node& n, HeadendConfig& out) const;
  absl::Status read_connection(const pugi::xml_node& n, HeadendConfig& out) const;
  absl::Status read_client(const pugi::xml_node& n, const HeadendConfig& config,
                           ikecore::ClientAttributes& out) const;
  absl::StatusOr<ikecore::ChildPolicy> read_child(const pugi::xml_node& n) const;
  absl::StatusOr<AuthKind> auth_kind(const pugi::xml_node& n, const char* attribute, const char* fallback,
                                     bool eap_allowed) const;
  template <class T, class Parse>
  absl::Status list(const pugi::xml_node& n, const char* attribute, std::vector<T>& out, Parse parse,
                    const char* what) const;

  const std::string& text_;
  std::string name_;
  std::string base_dir_;
};

template <class T, class Parse>
absl::Status Reader::list(const pugi::xml_node& n, const char* attribute, std::vector<T>& out, Parse parse,
                          const char* what) const {
  for (const std::string& item : split_list(optional(n, attribute))) {
    std::optional<T> v = parse(item);
    if (!v) return error(n, attribute, absl::StrCat("\"", item, "\" is not ", what));
    out.push_back(*v);
  }
  return absl::OkStatus();
}

absl::Status Reader::read_ike(const pugi::xml_node& n, HeadendConfig& out) const {
  if (absl::Status s = check_shape(n, {"proposals", "allow-legacy"}, {}); !s.ok()) return s;
  absl::StatusOr<bool> legacy = yes_no(n, "allow-legacy", false);
  if (!legacy.ok()) return legacy.status();
  auto policy = parse_ike_proposals(optional(n, "proposals", "default"), *legacy);
  if (!policy.ok()) return error(n, "proposals", std::string(policy.status().message()));
  out.responder.ike = *std::move(policy);
  return absl::OkStatus();
}

absl::Status Reader::read_timeouts(const pugi::xml_node& n, HeadendConfig& out) const {
  if (absl::Status s = check_shape(n,
                                   {"half-open", "eap", "ike-lifetime", "child-lifetime", "dpd", "dpd-retries",
                                    "retransmit", "retransmit-tries"},
                                   {});
      !s.ok())
    return s;
  ikecore::ResponderConfig& r = out.responder;
  auto half_open = duration(n, "half-open", std::chrono::duration_cast<std::chrono::seconds>(r.half_open_timeout));
  if (!half_open.ok()) return half_open.status();
  auto eap = duration(n, "eap", std::chrono::duration_cast<std::chrono::seconds>(r.eap_timeout));
  if (!eap.ok()) return eap.status();
  auto ike = duration(n, "ike-lifetime", r.ike_lifetime);
  if (!ike.ok()) return ike.status();
  auto child = duration(n, "child-lifetime", r.child_lifetime);
  if (!child.ok()) return child.status();
  r.half_open_timeout = *half_open;
  r.eap_timeout = *eap;
  r.ike_lifetime = *ike;
  r.child_lifetime = *child;
  // dpd="0" (or absent) turns dead peer detection off.
  if (n.attribute("dpd") && optional(n, "dpd") != "0") {
    auto dpd = duration(n, "dpd", std::chrono::seconds(0));
    if (!dpd.ok()) return dpd.status();
    r.dpd_interval = *dpd;
  }
  auto retransmit = duration(n, "retransmit", std::chrono::duration_cast<std::chrono::seconds>(r.retransmit_timeout));
  if (!retransmit.ok()) return retransmit.status();
  r.retransmit_timeout = *retransmit;
  for (auto [attribute, field] : {std::pair{"dpd-retries", &r.dpd_retries}, std::pair{"retransmit-tries", &r.retransmit_tries}}) {
    if (!n.attribute(attribute)) continue;
    uint32_t count = 0;
    if (!absl::SimpleAtoi(optional(n, attribute), &count) || count > 20)
      return error(n, attribute, absl::StrCat("\"", optional(n, attribute), "\" is not a count from 0 to 20"));
    *field = count;
  }
  return absl::OkStatus();
}

absl::Status Reader::read_fragmentation(const pugi::xml_node& n, HeadendConfig& out) const {
  if (absl::Status s = check_shape(n, {"enabled", "size"}, {}); !s.ok()) return s;
  absl::StatusOr<bool> enabled = yes_no(n, "enabled", true);
  if (!enabled.ok()) return enabled.status();
  out.responder.fragmentation = *enabled;
  if (n.attribute("size")) {
    size_t size = 0;
    // Room for the IP, UDP and IKE headers, a fragment header and some data.
    if (!absl::SimpleAtoi(optional(n, "size"), &size) || size < 512 || size > 65535)
      return error(n, "size", absl::StrCat("\"", optional(n, "size"), "\" is not a size from 512 to 65535"));
    out.responder.fragment_size = size;
  }
  return absl::OkStatus();
}

absl::Status Reader::read_dos(const pugi::xml_node& n, HeadendConfig& out) const {
  if (absl::Status s = check_shape(n, {"cookie-threshold", "max-half-open", "max-half-open-per-source", "max-ike-sas"}, {});
      !s.ok())
    return s;
  ikecore::ResponderConfig& r = out.responder;
  for (auto [attribute, field] : {std::pair{"cookie-threshold", &r.cookie_threshold},
                                  std::pair{"max-half-open", &r.max_half_open},
                                  std::pair{"max-half-open-per-source", &r.max_half_open_per_source},
                                  std::pair{"max-ike-sas", &r.max_ike_sas}}) {
    if (!n.attribute(attribute)) continue;
    size_t count = 0;
    if (!absl::SimpleAtoi(optional(n, attribute), &count) || count > 100'000'000)
      return error(n, attribute, absl::StrCat("\"", optional(n, attribute), "\" is not a count"));
    *field = count;
  }
  return absl::OkStatus();
}

absl::Status Reader::read_credentials(const pugi::xml_node& n, HeadendConfig& out) const {
  if (absl::Status s = check_shape(n, {}, {"certificate", "generated-pki", "ca", "psk", "eap-user"}); !s.ok())
    return s;
  for (const pugi::xml_node& c : n.children()) {
    if (c.type() != pugi::node_element) continue;
    std::string kind = c.name();
    if (kind == "certificate") {
      if (absl::Status s = check_shape(c, {"cert", "key"}, {}); !s.ok()) return s;
      auto cert = file(c, "cert");
      if (!cert.ok()) return cert.status();
      auto key = file(c, "key");
      if (!key.ok()) return key.status();
      out.certificates.push_back(CertificateFiles{*cert, *key});
    } else if (kind == "generated-pki") {
      if (absl::Status s = check_shape(c, {"server-name"}, {}); !s.ok()) return s;
      if (out.generated_pki) return error(c, "only one <generated-pki> is allowed");
      GeneratedPkiRequest g;
      g.dns_names = split_list(optional(c, "server-name"));
      g.origin = where(c);
      out.generated_pki = std::move(g);
    } else if (kind == "ca") {
      if (absl::Status s = check_shape(c, {"file"}, {}); !s.ok()) return s;
      auto f = file(c, "file");
      if (!f.ok()) return f.status();
      out.trust_anchors.push_back(*f);
    } else if (kind == "psk") {
      if (absl::Status s = check_shape(c, {"remote-id", "secret", "secret-hex"}, {}); !s.ok()) return s;
      auto id_text = required(c, "remote-id");
      if (!id_text.ok()) return id_text.status();
      auto id = ikecore::Identity::parse(*id_text);
      if (!id) return error(c, "remote-id", absl::StrCat("\"", *id_text, "\" is not an identity"));
      bool text = static_cast<bool>(c.attribute("secret"));
      bool hex = static_cast<bool>(c.attribute("secret-hex"));
      if (text == hex) return error(c, "needs exactly one of secret=\"...\" and secret-hex=\"...\"");
      SharedKey k;
      k.remote = *id;
      if (text) {
        std::string v = c.attribute("secret").value();
        if (v.empty()) return error(c, "secret", "is empty");
        k.key = ikecore::SecretBytes(ikecore::as_bytes(v));
      } else {
        ikecore::Bytes b;
        if (!ikecore::from_hex(c.attribute("secret-hex").value(), b) || b.empty())
          return error(c, "secret-hex", "is not hex");
        k.key = ikecore::SecretBytes(b);
        std::fill(b.begin(), b.end(), 0);
      }
      out.shared_keys.push_back(std::move(k));
    } else if (kind == "eap-user") {
      if (absl::Status s = check_shape(c, {"name", "password"}, {}); !s.ok()) return s;
      auto name = required(c, "name");
      if (!name.ok()) return name.status();
      if (!c.attribute("password") || std::string(c.attribute("password").value()).empty())
        return error(c, "password", "is required");
      for (const EapUser& u : out.eap_users)
        if (u.name == *name) return error(c, "name", absl::StrCat("user \"", *name, "\" is defined twice"));
      out.eap_users.push_back(EapUser{*name, c.attribute("password").value()});
    }
  }
  return absl::OkStatus();
}

absl::Status Reader::read_pool(const pugi::xml_node& n, HeadendConfig& out) const {
  if (absl::Status s = check_shape(n, {"name", "range"}, {}); !s.ok()) return s;
  auto name = required(n, "name");
  if (!name.ok()) return name.status();
  auto text = required(n, "range");
  if (!text.ok()) return text.status();
  auto range = ikecore::IpRange::parse(*text);
  if (!range) return error(n, "range", absl::StrCat("\"", *text, "\" is not a range (10.99.0.0/24, a-b, or one address)"));
  for (const PoolRange& p : out.pools)
    if (p.name == *name) return error(n, "name", absl::StrCat("pool \"", *name, "\" is defined twice"));
  out.pools.push_back(PoolRange{*name, *range});
  return absl::OkStatus();
}

absl::StatusOr<AuthKind> Reader::auth_kind(const pugi::xml_node& n, const char* attribute, const char* fallback,
                                           bool eap_allowed) const {
  std::string v = absl::AsciiStrToLower(optional(n, attribute, fallback));
  if (v == "pubkey") return AuthKind::kPubkey;
  if (v == "psk") return AuthKind::kPsk;
  if (v == "eap" && eap_allowed) return AuthKind::kEap;
  return error(n, attribute,
               absl::StrCat("\"", v, "\" is not one of ", eap_allowed ? "eap, psk, pubkey" : "pubkey, psk"));
}

absl::Status Reader::read_client(const pugi::xml_node& n, const HeadendConfig& config,
                                 ikecore::ClientAttributes& out) const {
  if (absl::Status s =
          check_shape(n, {"pool", "dns", "nbns", "subnets", "netmask", "application-version"}, {});
      !s.ok())
    return s;
  out.pool = optional(n, "pool");
  if (!out.pool.empty() &&
      std::none_of(config.pools.begin(), config.pools.end(), [&](const PoolRange& p) { return p.name == out.pool; }))
    return error(n, "pool", absl::StrCat("no <pool name=\"", out.pool, "\"> (pools must come before connections)"));
  auto address = [](const std::string& t) { return ikecore::IpAddress::parse(t); };
  if (absl::Status s = list(n, "dns", out.dns, address, "an IP address"); !s.ok()) return s;
  if (absl::Status s = list(n, "nbns", out.nbns, address, "an IP address"); !s.ok()) return s;
  auto range = [](const std::string& t) { return ikecore::IpRange::parse(t); };
  if (absl::Status s = list(n, "subnets", out.subnets, range, "a subnet"); !s.ok()) return s;
  if (n.attribute("netmask")) {
    auto mask = ikecore::IpAddress::parse(optional(n, "netmask"));
    if (!mask || mask->ipv6) return error(n, "netmask", "is not an IPv4 netmask");
    out.netmask = *mask;
  }
  out.application_version = optional(n, "application-version");
  return absl::OkStatus();
}

absl::StatusOr<ikecore::ChildPolicy> Reader::read_child(const pugi::xml_node& n) const {
  if (absl::Status s = check_shape(n, {"name", "local-ts", "remote-ts", "transport"}, {"esp"}); !s.ok()) return s;
  ikecore::ChildPolicy child;
  auto name = required(n, "name");
  if (!name.ok()) return name.status();
  child.name = *name;
  auto selector = [](const std::string& t) { return ikecore::Selector::parse(t); };
  if (n.attribute("local-ts")) {
    child.local_ts.clear();
    if (absl::Status s = list(n, "local-ts", child.local_ts, selector, "a traffic selector"); !s.ok()) return s;
    if (child.local_ts.empty()) return error(n, "local-ts", "is empty");
  }
  if (n.attribute("remote-ts")) {
    child.remote_ts.clear();
    if (absl::Status s = list(n, "remote-ts", child.remote_ts, selector, "a traffic selector"); !s.ok()) return s;
    if (child.remote_ts.empty()) return error(n, "remote-ts", "is empty");
  }
  auto transport = yes_no(n, "transport", false);
  if (!transport.ok()) return transport.status();
  child.allow_transport = *transport;
  bool seen_esp = false;
  for (const pugi::xml_node& esp : n.children("esp")) {
    if (seen_esp) return error(esp, "only one <esp> per <child>");
    seen_esp = true;
    if (absl::Status s = check_shape(esp, {"proposals", "allow-legacy"}, {}); !s.ok()) return s;
    auto legacy = yes_no(esp, "allow-legacy", false);
    if (!legacy.ok()) return legacy.status();
    auto policy = parse_esp_proposals(optional(esp, "proposals", "default"), *legacy);
    if (!policy.ok()) return error(esp, "proposals", std::string(policy.status().message()));
    child.esp = *std::move(policy);
  }
  return child;
}

absl::Status Reader::read_connection(const pugi::xml_node& n, HeadendConfig& out) const {
  if (absl::Status s = check_shape(n,
                                   {"name", "local-id", "remote-id", "local-auth", "remote-auth", "eap-methods",
                                    "eap-identity", "send-certificate", "unique"},
                                   {"client", "child"});
      !s.ok())
    return s;
  ikecore::ConnectionPolicy c;
  auto name = required(n, "name");
  if (!name.ok()) return name.status();
  c.name = *name;
  for (const ikecore::ConnectionPolicy& other : out.responder.connections)
    if (other.name == c.name) return error(n, "name", absl::StrCat("connection \"", c.name, "\" is defined twice"));
  if (n.attribute("local-id")) {
    auto id = ikecore::Identity::parse(optional(n, "local-id"));
    if (!id) return error(n, "local-id", absl::StrCat("\"", optional(n, "local-id"), "\" is not an identity"));
    c.local_id = *id;
  }
  auto pattern = ikecore::IdentityPattern::parse(optional(n, "remote-id", "%any"));
  if (!pattern)
    return error(n, "remote-id",
                 absl::StrCat("\"", optional(n, "remote-id"), "\" is not %any, an identity or *@domain / *.domain"));
  c.remote_id = *pattern;
  auto local_auth = auth_kind(n, "local-auth", "pubkey", false);
  if (!local_auth.ok()) return local_auth.status();
  c.local_auth = *local_auth;
  auto remote_auth = auth_kind(n, "remote-auth", "eap", true);
  if (!remote_auth.ok()) return remote_auth.status();
  c.remote_auth = *remote_auth;

  if (n.attribute("eap-methods")) {
    c.eap_methods.clear();
    for (const std::string& m : split_list(optional(n, "eap-methods"))) {
      std::string v = absl::AsciiStrToLower(m);
      ikecore::EapType t;
      if (v == "mschapv2") t = ikecore::EapType::kMschapv2;
      else if (v == "md5") t = ikecore::EapType::kMd5Challenge;
      else if (v == "gtc") t = ikecore::EapType::kGtc;
      else return error(n, "eap-methods", absl::StrCat("\"", m, "\" is not one of mschapv2, md5, gtc"));
      if (std::find(c.eap_methods.begin(), c.eap_methods.end(), t) == c.eap_methods.end()) c.eap_methods.push_back(t);
    }
    if (c.eap_methods.empty()) return error(n, "eap-methods", "is empty");
  }
  auto eap_identity = yes_no(n, "eap-identity", true);
  if (!eap_identity.ok()) return eap_identity.status();
  c.eap_identity = *eap_identity;
  auto send_certificate = yes_no(n, "send-certificate", true);
  if (!send_certificate.ok()) return send_certificate.status();
  c.send_certificate = *send_certificate;
  std::string unique = absl::AsciiStrToLower(optional(n, "unique", "replace"));
  if (unique != "replace" && unique != "never")
    return error(n, "unique", absl::StrCat("\"", unique, "\" is not one of replace, never"));
  c.initial_contact_replaces = unique == "replace";

  // What the connection's authentication needs must be configured.
  if (c.local_auth == AuthKind::kPubkey && out.certificates.empty() && !out.generated_pki)
    return error(n, "local-auth",
                 "pubkey needs a <certificate> or <generated-pki> in <credentials> (credentials must come first)");
  if ((c.local_auth == AuthKind::kPsk || c.remote_auth == AuthKind::kPsk) && out.shared_keys.empty())
    return error(n, "psk authentication needs a <psk> in <credentials> (credentials must come first)");
  if (c.remote_auth == AuthKind::kEap && out.eap_users.empty())
    return error(n, "remote-auth", "eap needs an <eap-user> in <credentials> (credentials must come first)");
  if (c.remote_auth == AuthKind::kPubkey && out.trust_anchors.empty() && !out.generated_pki)
    return error(n, "remote-auth", "pubkey needs a <ca> (or <generated-pki>) in <credentials> to verify peers");

  bool seen_client = false;
  c.children.clear();
  for (const pugi::xml_node& child : n.children()) {
    if (child.type() != pugi::node_element) continue;
    if (std::string(child.name()) == "client") {
      if (seen_client) return error(child, "only one <client> per <connection>");
      seen_client = true;
      if (absl::Status s = read_client(child, out, c.attributes); !s.ok()) return s;
      continue;
    }
    auto policy = read_child(child);
    if (!policy.ok()) return policy.status();
    for (const ikecore::ChildPolicy& other : c.children)
      if (other.name == policy->name)
        return error(child, "name", absl::StrCat("child \"", policy->name, "\" is defined twice"));
    c.children.push_back(*std::move(policy));
  }
  if (c.children.empty()) return error(n, "needs at least one <child>");
  out.responder.connections.push_back(std::move(c));
  return absl::OkStatus();
}

absl::StatusOr<HeadendConfig> Reader::read() {
  pugi::xml_document doc;
  pugi::xml_parse_result parsed = doc.load_buffer(text_.data(), text_.size());
  if (!parsed) {
    size_t end = std::min(static_cast<size_t>(std::max<ptrdiff_t>(parsed.offset, 0)), text_.size());
    size_t line = 1 + static_cast<size_t>(std::count(text_.begin(), text_.begin() + static_cast<ptrdiff_t>(end), '\n'));
    return absl::InvalidArgumentError(absl::StrCat(name_, ":", line, ": not well-formed XML: ", parsed.description()));
  }
  pugi::xml_node root = doc.document_element();
  if (std::string(root.name()) != "ikecore-responder")
    return error(root, "the document element must be <ikecore-responder>");
  if (absl::Status s = check_shape(root, {},
                                   {"ike", "timeouts", "fragmentation", "dos", "credentials", "pool", "connection"});
      !s.ok())
    return s;

  HeadendConfig out;
  out.responder.connections.clear();
  std::set<std::string> seen;
  for (const pugi::xml_node& n : root.children()) {
    if (n.type() != pugi::node_element) continue;
    std::string kind = n.name();
    if (kind != "pool" && kind != "connection" && !seen.insert(kind).second)
      return error(n, absl::StrCat("only one <", kind, "> is allowed"));
    absl::Status s;
    if (kind == "ike") s = read_ike(n, out);
    else if (kind == "timeouts") s = read_timeouts(n, out);
    else if (kind == "fragmentation") s = read_fragmentation(n, out);
    else if (kind == "dos") s = read_dos(n, out);
    else if (kind == "credentials") s = read_credentials(n, out);
    else if (kind == "pool") s = read_pool(n, out);
    else if (kind == "connection") s = read_connection(n, out);
    if (!s.ok()) return s;
  }
  if (out.responder.connections.empty()) return error(root, "needs at least one <connection>");

  // <generated-pki> without names: the FQDN identities we authenticate with
  // a certificate.
  if (out.generated_pki && out.generated_pki->dns_names.empty()) {
    for (const ikecore::ConnectionPolicy& c : out.responder.connections)
      if (c.local_auth == AuthKind::kPubkey && c.local_id.type == ikecore::IdType::kFqdn && !c.local_id.data.empty())
        out.generated_pki->dns_names.emplace_back(c.local_id.data.begin(), c.local_id.data.end());
    if (out.generated_pki->dns_names.empty())
      return absl::InvalidArgumentError(absl::StrCat(
          out.generated_pki->origin,
          ": needs server-name=\"...\" (no connection has an FQDN local-id and local-auth=\"pubkey\")"));
  }
  return out;
}

}  // namespace

absl::StatusOr<HeadendConfig> parse_config(const std::string& text, const std::string& name,
                                           const std::string& base_dir) {
  return Reader(text, name, base_dir).read();
}

absl::StatusOr<HeadendConfig> load_config_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot open: ", std::strerror(errno)));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return absl::InvalidArgumentError(absl::StrCat(path, ": cannot read: ", std::strerror(errno)));
  std::string dir = ".";
  if (size_t slash = path.rfind('/'); slash != std::string::npos) dir = slash == 0 ? "/" : path.substr(0, slash);
  return parse_config(buffer.str(), path, dir);
}

}  // namespace headend
