// ikecore-responder: an IKEv2 headend built on ikecore.
//
//   ikecore-responder [--config FILE] [--listen ADDR]... [--port N]
//                     [--natt-port N] [--state-dir DIR] [--keylog DIR]
//                     [--debug] [--quiet]
//   ikecore-responder --print-default-config
//   ikecore-responder --check-config [--config FILE]
//
// With no --config it runs the embedded default (default_config.h).
// SIGUSR1 prints the SA table (`show crypto ikev2 sa detail`); SIGTERM or
// SIGINT deletes every SA and exits 0.
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

#include "absl/strings/numbers.h"
#include "config_file.h"
#include "default_config.h"
#include "generated_pki.h"
#include "headend.h"

namespace {

constexpr char kUsage[] =
    "usage: ikecore-responder [--config FILE] [--listen ADDR]... [--port N] [--natt-port N]\n"
    "                         [--state-dir DIR] [--keylog DIR] [--debug] [--quiet]\n"
    "       ikecore-responder --print-default-config\n"
    "       ikecore-responder --check-config [--config FILE]\n"
    "\n"
    "  --config FILE      XML configuration (default: the embedded one, see --print-default-config)\n"
    "  --listen ADDR      address to bind, repeatable (default: 0.0.0.0 and ::)\n"
    "  --port N           IKE port (default 500)\n"
    "  --natt-port N      NAT-T port (default 4500)\n"
    "  --state-dir DIR    where a <generated-pki> lives (default ./ikecore-state); clients trust DIR/ca.crt\n"
    "  --keylog DIR       append IKE and ESP keys to DIR/ikev2_decryption_table and DIR/esp_sa\n"
    "                     (Wireshark's tables: WIRESHARK_CONFIG_DIR=DIR tshark ...)\n"
    "  --debug            print the engine's trace\n"
    "  --quiet            no line per SA event\n"
    "\n"
    "SIGUSR1 prints the SA table; SIGTERM deletes every SA and exits.\n";

int usage_error(const std::string& message) {
  std::cerr << "ikecore-responder: " << message << "\n" << kUsage;
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  headend::Options options;
  std::string config_path;
  std::string state_dir = "ikecore-state";
  bool check_only = false;

  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= argc) return std::nullopt;
      return std::string(argv[++i]);
    };
    auto port = [&](uint16_t& out) {
      std::optional<std::string> v = value();
      uint32_t n = 0;
      if (!v || !absl::SimpleAtoi(*v, &n) || n == 0 || n > 65535) return false;
      out = static_cast<uint16_t>(n);
      return true;
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (arg == "--print-default-config") {
      std::cout << headend::kDefaultConfig;
      return 0;
    } else if (arg == "--check-config") {
      check_only = true;
    } else if (arg == "--debug") {
      options.debug = true;
    } else if (arg == "--quiet") {
      options.quiet = true;
    } else if (arg == "--config" || arg == "--state-dir" || arg == "--keylog" || arg == "--listen") {
      std::optional<std::string> v = value();
      if (!v || v->empty()) return usage_error(arg + " needs a value");
      if (arg == "--config") config_path = *v;
      if (arg == "--state-dir") state_dir = *v;
      if (arg == "--keylog") options.keylog_dir = *v;
      if (arg == "--listen") {
        std::optional<ikecore::IpAddress> a = ikecore::IpAddress::parse(*v);
        if (!a) return usage_error("--listen " + *v + ": not an IP address");
        options.listen.push_back(*a);
      }
    } else if (arg == "--port") {
      if (!port(options.ike_port)) return usage_error("--port needs a port number");
    } else if (arg == "--natt-port") {
      if (!port(options.natt_port)) return usage_error("--natt-port needs a port number");
    } else {
      return usage_error("unknown argument " + arg);
    }
  }
  if (options.ike_port == options.natt_port) return usage_error("--port and --natt-port must differ");

  absl::StatusOr<headend::HeadendConfig> config =
      config_path.empty() ? headend::parse_config(headend::kDefaultConfig, "<default configuration>", state_dir)
                          : headend::load_config_file(config_path);
  if (!config.ok()) {
    std::cerr << "ikecore-responder: " << config.status().message() << "\n";
    return 1;
  }
  if (check_only) {
    std::cout << (config_path.empty() ? "<default configuration>" : config_path) << ": OK, "
              << config->responder.connections.size() << " connection(s)\n";
    return 0;
  }

  std::optional<headend::GeneratedPki> pki;
  if (config->generated_pki) {
    auto made = headend::ensure_generated_pki(state_dir, config->generated_pki->dns_names);
    if (!made.ok()) {
      std::cerr << "ikecore-responder: " << made.status().message() << "\n";
      return 1;
    }
    pki = *made;
    std::cout << "ikecore-responder: " << (made->created ? "generated" : "using") << " CA " << made->ca_cert
              << " (clients trust it) and server certificate " << made->server_cert << std::endl;
  }

  auto headend = headend::Headend::create(*std::move(config), pki, options);
  if (!headend.ok()) {
    std::cerr << "ikecore-responder: " << headend.status().message() << "\n";
    return 1;
  }
  absl::Status s = (*headend)->run();
  if (!s.ok()) {
    std::cerr << "ikecore-responder: " << s.message() << "\n";
    return 1;
  }
  return 0;
}
