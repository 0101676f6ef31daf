// ikecore-responder's event loop: one Responder driven by UDP sockets, a
// signalfd and the engine's own deadline. Single-threaded; no per-SA timers.
#pragma once

#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "credentials.h"
#include "ikecore/crypto/boringssl.h"
#include "ikecore/responder/responder.h"
#include "ikecore/trace/trace.h"
#include "logging_installer.h"
#include "udp_sockets.h"

namespace headend {

struct Options {
  std::vector<ikecore::IpAddress> listen;  // empty: 0.0.0.0 and ::
  uint16_t ike_port = 500;
  uint16_t natt_port = 4500;
  std::string keylog_dir;  // empty: no key log
  bool debug = false;      // the engine's trace on stdout
  bool quiet = false;      // no event lines (SA table on SIGUSR1 still printed)
};

class Headend {
 public:
  // `config` is loaded and its PKI generated; providers are filled from it.
  static absl::StatusOr<std::unique_ptr<Headend>> create(HeadendConfig config,
                                                         const std::optional<GeneratedPki>& pki,
                                                         const Options& options);
  // Serves until SIGTERM or SIGINT, then deletes every SA and returns.
  absl::Status run();

 private:
  explicit Headend(const Options& options)
      : options_(options), installer_(options.quiet ? nullptr : &std::cout) {}
  void drain(ikecore::TimePoint now);
  void on_event(const ikecore::Event& e);
  void print_table(ikecore::TimePoint now);

  Options options_;
  ikecore::BoringSslProvider crypto_;
  HeadendProviders providers_;
  LoggingInstaller installer_;
  std::unique_ptr<ikecore::TextTraceSink> trace_;
  std::unique_ptr<ikecore::Responder> responder_;
  UdpSockets sockets_;
  std::ofstream ike_keylog_;
  std::ofstream esp_keylog_;
  uint64_t esp_packets_ = 0;
};

}  // namespace headend
