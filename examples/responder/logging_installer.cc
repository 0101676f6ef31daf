#include "logging_installer.h"

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace headend {
namespace {

std::string selectors(const std::vector<ikecore::Selector>& list) {
  return absl::StrJoin(list, " ", [](std::string* out, const ikecore::Selector& s) { out->append(to_string(s)); });
}

std::string suite(const ikecore::EspSuite& s) {
  std::string text = to_string(s.encr.id);
  if (s.encr.key_bits) absl::StrAppend(&text, "/", s.encr.key_bits);
  if (s.integ != ikecore::IntegId::kNone) absl::StrAppend(&text, " ", to_string(s.integ));
  absl::StrAppend(&text, s.esn ? " ESN" : "");
  return text;
}

}  // namespace

absl::Status LoggingInstaller::install(const ikecore::ChildSaSpec& spec) {
  absl::Status s = record_.install(spec);
  if (!out_) return s;
  *out_ << absl::StreamFormat(
              "installer: CHILD SA %s/%s %s: in SPI 0x%08x, out SPI 0x%08x, %s %s, %s <-> %s%s, local %s, remote %s",
              spec.connection, spec.child, s.ok() ? "installed" : "refused", spec.spi_in, spec.spi_out,
              spec.mode == ikecore::IpsecMode::kTunnel ? "tunnel" : "transport", suite(spec.suite),
              to_string(spec.local), to_string(spec.remote), spec.udp_encapsulation ? " (UDP-encapsulated)" : "",
              selectors(spec.local_ts), selectors(spec.remote_ts))
       << std::endl;
  return s;
}

void LoggingInstaller::remove(uint32_t spi_in, uint32_t spi_out) {
  record_.remove(spi_in, spi_out);
  if (!out_) return;
  *out_ << absl::StreamFormat("installer: CHILD SA removed: in SPI 0x%08x, out SPI 0x%08x", spi_in, spi_out) << std::endl;
}

}  // namespace headend
