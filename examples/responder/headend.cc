#include "headend.h"

#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "ikecore/crypto/keylog.h"

namespace headend {
namespace {

using ikecore::Clock;
using ikecore::Event;
using ikecore::TimePoint;

std::string spis(const Event& e) { return absl::StrFormat("%016x/%016x", e.spi_i, e.spi_r); }

// SIGTERM / SIGINT end the loop, SIGUSR1 prints the SA table: all read from
// a signalfd, so no handler runs in the middle of the engine.
absl::StatusOr<int> open_signalfd() {
  sigset_t mask;
  sigemptyset(&mask);
  for (int sig : {SIGTERM, SIGINT, SIGUSR1}) sigaddset(&mask, sig);
  if (sigprocmask(SIG_BLOCK, &mask, nullptr) != 0) return absl::InternalError("sigprocmask");
  int fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  if (fd < 0) return absl::InternalError(absl::StrCat("signalfd: ", std::strerror(errno)));
  return fd;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Headend>> Headend::create(HeadendConfig config, const std::optional<GeneratedPki>& pki,
                                                         const Options& options) {
  std::unique_ptr<Headend> h(new Headend(options));
  if (absl::Status s = load_providers(config, pki, h->crypto_, h->providers_); !s.ok()) return s;

  if (!options.keylog_dir.empty()) {
    h->ike_keylog_.open(options.keylog_dir + "/" + ikecore::kWiresharkIkev2TableFile, std::ios::app);
    h->esp_keylog_.open(options.keylog_dir + "/" + ikecore::kWiresharkEspTableFile, std::ios::app);
    if (!h->ike_keylog_ || !h->esp_keylog_)
      return absl::InvalidArgumentError(absl::StrCat("--keylog ", options.keylog_dir, ": cannot write the key tables"));
    config.responder.keylog = true;
  }
  if (options.debug) h->trace_ = std::make_unique<ikecore::TextTraceSink>(std::cout);
  config.responder.natt_port = options.natt_port;

  ikecore::Providers providers{
      .crypto = h->crypto_,
      .credentials = &h->providers_.credentials,
      .eap = &h->providers_.users,
      .pool = &h->providers_.pools,
      .installer = &h->installer_,
      .trace = h->trace_.get(),
      .unix_time = [] { return static_cast<int64_t>(std::time(nullptr)); },
  };
  h->responder_ = std::make_unique<ikecore::Responder>(std::move(config.responder), providers);

  std::vector<ikecore::IpAddress> listen = options.listen;
  bool defaults = listen.empty();
  if (defaults) listen = {*ikecore::IpAddress::parse("0.0.0.0")};
  if (absl::Status s = h->sockets_.open(listen, options.ike_port, options.natt_port); !s.ok()) return s;
  // IPv6 as well where the host has it.
  if (defaults && !h->sockets_.open({*ikecore::IpAddress::parse("::")}, options.ike_port, options.natt_port).ok())
    std::cout << "ikecore-responder: no IPv6 on this host; listening on IPv4 only" << std::endl;
  return h;
}

void Headend::on_event(const Event& e) {
  switch (e.kind) {
    case Event::Kind::kKeyLog:
      (std::strcmp(e.table, ikecore::kWiresharkEspTableFile) == 0 ? esp_keylog_ : ike_keylog_)
          << e.detail << std::endl;
      return;
    case Event::Kind::kEspPacket:
      // No ESP stack here: counted, shown in the SIGUSR1 summary.
      ++esp_packets_;
      return;
    default: break;
  }
  if (options_.quiet) return;
  std::string what;
  switch (e.kind) {
    case Event::Kind::kIkeSaHalfOpen: what = "IKE SA half-open"; break;
    case Event::Kind::kIkeSaEstablished: what = absl::StrCat("IKE SA established, peer ", e.detail); break;
    case Event::Kind::kChildSaInstalled:
      what = absl::StrFormat("CHILD SA installed, SPIs in 0x%08x out 0x%08x", e.child_spi_in, e.child_spi_out);
      break;
    case Event::Kind::kChildSaDeleted:
      what = absl::StrFormat("CHILD SA deleted, SPIs in 0x%08x out 0x%08x", e.child_spi_in, e.child_spi_out);
      break;
    case Event::Kind::kIkeSaDeleted: what = absl::StrCat("IKE SA deleted: ", e.detail); break;
    default: return;
  }
  std::cout << "ikecore-responder: " << spis(e) << " " << what << std::endl;
}

void Headend::drain(TimePoint now) {
  (void)now;
  while (auto d = responder_->poll_output()) {
    if (absl::Status s = sockets_.send(*d); !s.ok()) std::cout << "ikecore-responder: " << s.message() << std::endl;
  }
  while (auto e = responder_->poll_event()) on_event(*e);
}

void Headend::print_table(TimePoint now) {
  std::cout << render_sa_detail(responder_->sas(now));
  std::cout << absl::StrFormat("IKE SAs: %d, CHILD SAs installed: %d, address leases: %d, ESP packets received: %d\n",
                               responder_->sa_count(), installer_.installed(), providers_.pools.leases(), esp_packets_);
  std::cout << "Dropped:";
  for (int r = 0; r < static_cast<int>(ikecore::DropReason::kCount); ++r) {
    auto reason = static_cast<ikecore::DropReason>(r);
    std::cout << (r ? ", " : " ") << to_string(reason) << ": " << responder_->dropped(reason);
  }
  std::cout << std::endl;
}

absl::Status Headend::run() {
  absl::StatusOr<int> sigfd = open_signalfd();
  if (!sigfd.ok()) return sigfd.status();
  std::vector<pollfd> fds = sockets_.poll_set();
  fds.push_back(pollfd{*sigfd, POLLIN, 0});
  const size_t sockets = fds.size() - 1;
  std::cout << "ikecore-responder: ready" << std::endl;

  for (;;) {
    int timeout_ms = -1;
    if (auto deadline = responder_->next_timeout()) {
      auto wait = std::chrono::ceil<std::chrono::milliseconds>(*deadline - Clock::now()).count();
      timeout_ms = static_cast<int>(std::clamp<int64_t>(wait, 0, 60'000));
    }
    if (::poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR)
      return absl::InternalError(absl::StrCat("poll: ", std::strerror(errno)));

    TimePoint now = Clock::now();
    for (size_t i = 0; i < sockets; ++i) {
      if (!(fds[i].revents & POLLIN)) continue;
      // Bounded per wake-up so one busy socket cannot starve the others.
      for (int n = 0; n < 64; ++n) {
        std::optional<ikecore::Datagram> d = sockets_.receive(i);
        if (!d) break;
        responder_->feed(*d, now);
        drain(now);
      }
    }
    if (auto deadline = responder_->next_timeout(); deadline && *deadline <= now) {
      responder_->handle_timeout(now);
      drain(now);
    }
    if (fds.back().revents & POLLIN) {
      signalfd_siginfo info;
      while (::read(*sigfd, &info, sizeof info) == static_cast<ssize_t>(sizeof info)) {
        if (info.ssi_signo == SIGUSR1) {
          print_table(now);
          continue;
        }
        std::cout << "ikecore-responder: " << strsignal(static_cast<int>(info.ssi_signo))
                  << ": deleting " << responder_->sa_count() << " IKE SA(s)" << std::endl;
        responder_->shutdown(now);
        drain(now);
        ::close(*sigfd);
        return absl::OkStatus();
      }
    }
  }
}

}  // namespace headend
