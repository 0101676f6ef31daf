#include "ikecore/responder/identity.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "ikecore/base/ip.h"

namespace ikecore {
namespace {

Identity text_id(IdType type, const std::string& text) { return Identity{type, Bytes(text.begin(), text.end())}; }

bool printable(ByteView b) {
  return !b.empty() && std::all_of(b.begin(), b.end(), [](uint8_t c) { return c >= 0x20 && c < 0x7f; });
}

}  // namespace

std::optional<Identity> Identity::parse(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto after = [&](const char* prefix) { return text.substr(std::string(prefix).size()); };
  if (absl::StartsWith(text, "fqdn:")) return text_id(IdType::kFqdn, after("fqdn:"));
  if (absl::StartsWith(text, "email:")) return text_id(IdType::kRfc822Addr, after("email:"));
  if (absl::StartsWith(text, "keyid:#")) {
    Bytes b;
    if (!from_hex(after("keyid:#"), b)) return std::nullopt;
    return Identity{IdType::kKeyId, b};
  }
  if (absl::StartsWith(text, "keyid:")) return text_id(IdType::kKeyId, after("keyid:"));
  if (absl::StartsWith(text, "ipv4:") || absl::StartsWith(text, "ipv6:")) {
    auto a = IpAddress::parse(text.substr(5));
    if (!a || a->ipv6 != absl::StartsWith(text, "ipv6:")) return std::nullopt;
    return Identity{a->ipv6 ? IdType::kIpv6Addr : IdType::kIpv4Addr, Bytes(a->view().begin(), a->view().end())};
  }
  if (auto a = IpAddress::parse(text))
    return Identity{a->ipv6 ? IdType::kIpv6Addr : IdType::kIpv4Addr, Bytes(a->view().begin(), a->view().end())};
  if (text[0] == '@') return text.size() > 1 ? std::optional(text_id(IdType::kFqdn, text.substr(1))) : std::nullopt;
  if (text.find('@') != std::string::npos) return text_id(IdType::kRfc822Addr, text);
  return text_id(IdType::kFqdn, text);
}

std::string to_string(const Identity& id) {
  switch (id.type) {
    case IdType::kFqdn:
    case IdType::kRfc822Addr:
      return std::string(id.data.begin(), id.data.end());
    case IdType::kIpv4Addr:
    case IdType::kIpv6Addr:
      if (auto a = IpAddress::from_bytes(id.data)) return to_string(*a);
      break;
    case IdType::kKeyId:
      if (printable(id.data)) return "keyid:" + std::string(id.data.begin(), id.data.end());
      return "keyid:#" + to_hex(id.data);
    default: break;
  }
  if (printable(id.data)) return std::string(id.data.begin(), id.data.end());
  return absl::StrCat(name(id.type), ":#", to_hex(id.data));
}

std::optional<IdentityPattern> IdentityPattern::parse(const std::string& text) {
  IdentityPattern p;
  if (text == "%any" || text.empty()) return p;
  if (absl::StartsWith(text, "*@") || absl::StartsWith(text, "*.")) {
    if (text.size() < 3) return std::nullopt;
    p.suffix_ = absl::AsciiStrToLower(text.substr(1));
    return p;
  }
  auto id = Identity::parse(text);
  if (!id) return std::nullopt;
  p.exact_ = std::move(id);
  return p;
}

bool IdentityPattern::matches(const Identity& id) const {
  if (exact_) {
    if (exact_->type != id.type) return false;
    // FQDN and RFC822 names compare case-insensitively (RFC 4945 §3.1).
    if (id.type == IdType::kFqdn || id.type == IdType::kRfc822Addr)
      return absl::EqualsIgnoreCase(to_string(*exact_), to_string(id));
    return exact_->data == id.data;
  }
  if (suffix_.empty()) return true;
  bool email = suffix_[0] == '@';
  if (id.type != (email ? IdType::kRfc822Addr : IdType::kFqdn)) return false;
  std::string text = absl::AsciiStrToLower(to_string(id));
  return text.size() > suffix_.size() && absl::EndsWith(text, suffix_);
}

}  // namespace ikecore
